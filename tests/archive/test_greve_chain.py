"""From nothing to a searchable archive, on Greve meetings replayed on 127.0.0.1: fetch, extract, publish, serve."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from referat.archive.serve import make_datasette
from referat.cli import app

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_fetch_extract_publish_serve(replay_portal, tmp_path: Path) -> None:
    meetings, out, db = tmp_path / "greve", tmp_path / "greve.jsonl", tmp_path / "greve.db"
    fetched = CliRunner().invoke(app, ["fetch", "--portal", replay_portal.url, "--output", str(meetings),
                                       "--body", "Byråd", "--since", "2024-01-01", "--until", "2024-04-30",
                                       "--delay", "0", "--no-progress", "--municipality", "Greve Kommune"])
    assert fetched.exit_code == 0, fetched.output
    proc = subprocess.run([sys.executable, "-m", "referat.cli", "extract", str(meetings), "--output", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    published = CliRunner().invoke(app, ["publish", str(out), "--db", str(db)])
    assert published.exit_code == 0, published.output
    ds = make_datasette(db)

    async def ask(path: str) -> list[dict]:
        answer = await ds.client.get(path)
        assert answer.status_code == 200, answer.text[:300]
        return answer.json()

    meetings_rows = asyncio.run(ask("/greve/meetings.json?_shape=array"))
    assert meetings_rows and {m["municipality"] for m in meetings_rows} == {"Greve Kommune"}
    assert all(m["portal_meeting_id"] in replay_portal.records and m["api_url"].startswith(replay_portal.url)
               for m in meetings_rows)
    by_type = asyncio.run(ask("/greve/decisions_by_type.json?body=Byråd&_shape=array"))
    assert {r["year"] for r in by_type} == {2024} and sum(r["items"] for r in by_type) > 20
    absent = asyncio.run(ask("/greve/positions.json?position=ABSENT&_shape=array"))
    assert absent and all(p["municipality"] == "Greve Kommune" for p in absent)
