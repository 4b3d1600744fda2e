"""`referat fetch` against a FirstAgenda portal replayed on 127.0.0.1 from the Greve archive.

A full fetch, an incremental fetch that downloads nothing new, a republished meeting fetched
again, a fetch killed and resumed, and the portal misbehaving: 429 and 5xx answers, slow and
cut-off answers, 4xx, answers of the wrong shape, no server at all. No test reaches the internet.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from referat.archive.fetch import MANIFEST, fetch_portal, read_manifest
from referat.archive.portal import FetchError, PortalClient, municipality_of, normalise_portal
from referat.cli import app

REPO = Path(__file__).resolve().parents[2]
BODY = "Beskæftigelses- og Erhvervsudvalget"
FAST = ["--delay", "0", "--backoff", "0", "--no-progress", "--municipality", "Greve Kommune"]


def fetch(portal_url: str, out: Path, *args: str) -> "CliRunner.invoke":
    result = CliRunner().invoke(app, ["fetch", "--portal", portal_url, "--output", str(out), *FAST, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def manifest(out: Path) -> dict[str, dict]:
    return read_manifest(out)


def test_full_fetch_of_one_body_and_year(replay_portal, tmp_path: Path) -> None:
    wanted = replay_portal.meeting_ids(BODY, "2024")
    result = fetch(replay_portal.url, tmp_path / "m", "--body", "beskæftigelses", "--since", "2024-01-01",
                   "--until", "2024-12-31")
    assert result.exit_code == 0, result.output
    records = manifest(tmp_path / "m")
    assert sorted(records) == sorted(wanted) and len(wanted) == 9
    for mid, record in records.items():
        greve = replay_portal.records[mid]
        path = tmp_path / "m" / record["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record["sha256"] == greve["sha256"]  # bytes as served
        assert record["body"] == BODY and record["date"] == greve["date"] and record["municipality"] == "Greve Kommune"
        assert record["released"] == replay_portal.released[mid] and record["fetched_at"].endswith("+00:00")
        assert record["file"].startswith("beskaeftigelses-og-erhvervsudvalget/2024-")
    assert f"9 fetched, 0 unchanged, of 9 chosen ({len(replay_portal.records)} listed)" in result.output
    assert not list((tmp_path / "m").rglob(".*.part")) and not (tmp_path / "m" / ".referat-fetch-lock").exists()


@pytest.mark.slow
def test_full_fetch_of_the_whole_archive_then_nothing_new(replay_portal, tmp_path: Path) -> None:
    started = time.monotonic()
    first = fetch(replay_portal.url, tmp_path / "all")
    took = time.monotonic() - started
    assert first.exit_code == 0, first.output
    records = manifest(tmp_path / "all")
    assert len(records) == len(replay_portal.records) == 369
    assert all(r["sha256"] == replay_portal.records[mid]["sha256"] for mid, r in records.items())
    assert took < 60, took
    before = dict(replay_portal.hits)
    again = fetch(replay_portal.url, tmp_path / "all")
    assert again.exit_code == 0 and "0 fetched, 369 unchanged" in again.output
    assert {k: v - before.get(k, 0) for k, v in replay_portal.hits.items() if v != before.get(k, 0)} == {"list": 1}


def test_incremental_fetch_downloads_only_new_or_republished(replay_portal, tmp_path: Path) -> None:
    out = tmp_path / "m"
    args = ("--body", BODY, "--since", "2023-01-01", "--until", "2023-12-31")
    assert fetch(replay_portal.url, out, *args).exit_code == 0
    first = manifest(out)
    meeting_hits = sum(v for k, v in replay_portal.hits.items() if k != "list")
    assert meeting_hits == len(first)

    again = fetch(replay_portal.url, out, *args)
    assert again.exit_code == 0 and f"0 fetched, {len(first)} unchanged" in again.output
    assert sum(v for k, v in replay_portal.hits.items() if k != "list") == meeting_hits  # nothing downloaded
    assert manifest(out) == first  # not even fetched_at moved

    changed = sorted(first)[0]
    replay_portal.released[changed] = "2026-01-05T09:00:00+01:00"  # republished
    (out / first[sorted(first)[1]]["file"]).write_bytes(b"{}")  # a file damaged on disk is fetched again too
    third = fetch(replay_portal.url, out, *args)
    assert third.exit_code == 0 and "2 fetched" in third.output
    assert manifest(out)[changed]["released"] == "2026-01-05T09:00:00+01:00"
    assert replay_portal.hits[changed] == 2

    wider = fetch(replay_portal.url, out, "--body", BODY, "--since", "2023-01-01", "--until", "2024-03-31")
    new = [m for m in replay_portal.meeting_ids(BODY) if "2024-01-01" <= replay_portal.records[m]["date"] <= "2024-03-31"]
    assert wider.exit_code == 0 and f"{len(new)} fetched, {len(first)} unchanged" in wider.output


@pytest.mark.slow
def test_resumed_after_a_kill(replay_portal, tmp_path: Path) -> None:
    out = tmp_path / "m"
    ids = replay_portal.meeting_ids(BODY, "2022")
    replay_portal.every_meeting_delay = 0.15
    cmd = [sys.executable, "-m", "referat.cli", "fetch", "--portal", replay_portal.url, "--output", str(out),
           "--body", BODY, "--until", "2022-12-31", *FAST]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if len(json.loads((out / MANIFEST).read_text(encoding="utf-8"))) >= 3:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    done = manifest(out)  # whole, never half-written
    assert 3 <= len(done) < len(ids)
    for record in done.values():
        assert hashlib.sha256((out / record["file"]).read_bytes()).hexdigest() == record["sha256"]
    assert (out / ".referat-fetch-lock").exists()  # left by the killed run, taken over below

    replay_portal.every_meeting_delay = 0
    hits_before = {m: replay_portal.hits[m] for m in ids}
    resumed = fetch(replay_portal.url, out, "--body", BODY, "--until", "2022-12-31")
    assert resumed.exit_code == 0, resumed.output
    assert f"{len(ids) - len(done)} fetched, {len(done)} unchanged" in resumed.output
    assert sorted(manifest(out)) == sorted(ids)
    assert all(replay_portal.hits[m] == hits_before[m] for m in done)  # what was done is not fetched again
    assert not list(out.rglob(".*.part"))


def test_retries_429_5xx_slow_and_cut_answers(replay_portal, tmp_path: Path) -> None:
    ids = replay_portal.meeting_ids(BODY, "2025")[:4]
    replay_portal.script("list", 503)
    replay_portal.script(ids[0], 429, 500)
    replay_portal.script(ids[1], "slow")
    replay_portal.script(ids[2], "cut", 502)
    replay_portal.slow_seconds = 1.5
    result = fetch(replay_portal.url, tmp_path / "m", "--body", BODY, "--since", "2025-01-01",
                   "--until", replay_portal.records[ids[3]]["date"], "--timeout", "0.5")
    assert result.exit_code == 0, result.output
    assert sorted(manifest(tmp_path / "m")) == sorted(ids)
    assert "6 retried" in result.output
    assert [replay_portal.hits[i] for i in ids] == [3, 2, 3, 1]


def test_a_meeting_that_keeps_failing_is_reported_and_the_rest_fetched(replay_portal, tmp_path: Path) -> None:
    ids = replay_portal.meeting_ids(BODY, "2025")[:3]
    replay_portal.script(ids[0], "cut", "cut", "cut")
    replay_portal.script(ids[1], 404)
    replay_portal.script(ids[2], "notmeeting")
    args = ("--body", BODY, "--since", "2025-01-01", "--until", replay_portal.records[ids[2]]["date"], "--retries", "2")
    result = fetch(replay_portal.url, tmp_path / "m", *args)
    assert result.exit_code == 1
    assert f"meeting {ids[0]}:" in result.output and "not JSON (cut off or an HTML page), 3 tries" in result.output
    assert f"meeting {ids[1]}:" in result.output and "answered 404" in result.output
    assert f"meeting {ids[2]}:" in result.output and "not a FirstAgenda meeting" in result.output
    assert "0 fetched, 0 unchanged, 3 failed (run again to retry them)" in result.output
    again = fetch(replay_portal.url, tmp_path / "m", *args)  # the portal has recovered
    assert again.exit_code == 0 and "3 fetched" in again.output


@pytest.mark.parametrize("action, code, words", [
    (404, 2, "answered 404"),
    (403, 2, "refuses this client"),
    ("html", 1, "not JSON"),
    ("notmeeting", 2, "not a FirstAgenda committee list"),
])
def test_a_portal_that_is_not_one(replay_portal, tmp_path: Path, action, code: int, words: str) -> None:
    replay_portal.script("list", *([action] * 3))
    result = fetch(replay_portal.url, tmp_path / "m", "--retries", "2")
    assert result.exit_code == code, result.output
    assert words in result.output and result.output.startswith("referat: http://127.0.0.1:")


def test_wrong_path_no_server_and_bad_options(replay_portal, tmp_path: Path) -> None:
    wrong = fetch(replay_portal.url + "/not-firstagenda", tmp_path / "a")
    assert wrong.exit_code == 2 and "Check --portal" in wrong.output
    closed = fetch("http://127.0.0.1:9", tmp_path / "b", "--retries", "1", "--timeout", "2")
    assert closed.exit_code == 1 and "the connection failed" in closed.output and "2 tries" in closed.output
    assert fetch(replay_portal.url, tmp_path / "c", "--since", "01-02-2024").exit_code == 2
    assert fetch(replay_portal.url, tmp_path / "c", "--since", "2024-02-01", "--until", "2024-01-01").exit_code == 2
    nobody = fetch(replay_portal.url, tmp_path / "c", "--body", "Folketinget")
    assert nobody.exit_code == 2 and "no committee matches --body Folketinget" in nobody.output
    assert "Økonomiudvalget" in nobody.output
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / MANIFEST).write_text("{not json", encoding="utf-8")
    broken = fetch(replay_portal.url, tmp_path / "d")
    assert broken.exit_code == 2 and "manifest.json: is not a manifest" in broken.output and "Move it aside" in broken.output
    missing = CliRunner().invoke(app, ["fetch", "--output", str(tmp_path / "e")])
    assert missing.exit_code == 2 and "--portal is missing" in missing.output


def test_a_second_run_on_the_same_folder_is_refused(replay_portal, tmp_path: Path) -> None:
    out = tmp_path / "m"
    out.mkdir()
    (out / ".referat-fetch-lock").write_text(str(os.getppid()), encoding="utf-8")  # a live process holds it
    result = fetch(replay_portal.url, out)
    assert result.exit_code == 2 and "another referat fetch is writing this folder" in result.output


def test_help_shows_every_option() -> None:
    result = CliRunner().invoke(app, ["fetch", "--help"], env={"COLUMNS": "200"})
    for option in ("--portal", "--output", "--body", "--since", "--until", "--municipality", "--finished-only",
                   "--delay", "--retries", "--backoff", "--timeout", "--progress"):
        assert option in result.output, option


def test_client_waits_between_requests_and_backs_off(replay_portal) -> None:
    waits: list[float] = []
    client = PortalClient(replay_portal.url, delay=0.3, retries=3, backoff=0.5, sleep=waits.append)
    mid = replay_portal.meeting_ids(BODY)[0]
    replay_portal.script(mid, 503, 503)
    client.committees()
    client.meeting(mid)
    retries = [w for w in waits if w in (0.5, 1.0)]
    assert retries == [0.5, 1.0]  # exponential backoff
    assert len([w for w in waits if 0 < w <= 0.3]) >= 1  # the polite delay between requests
    with pytest.raises(FetchError, match="not a meeting id"):
        client.meeting("../../etc/passwd")


def test_portal_names() -> None:
    assert normalise_portal("dagsordener.greve.dk/") == "https://dagsordener.greve.dk"
    assert municipality_of("https://dagsordener.greve.dk") == "Greve Kommune"
    assert municipality_of("https://dagsordener-referater.hoeje-taastrup.dk") == "Hoeje-Taastrup Kommune"
    assert municipality_of("http://127.0.0.1:8000") is None
    with pytest.raises(FetchError):
        normalise_portal("ftp://x")
