"""`referat serve`: Datasette over the archive answers the canned queries, facets, CSV and Atom feeds.

Through Datasette's own test client (in process), and once as a real server on 127.0.0.1.
"""
from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from referat.archive.publish import publish
from referat.archive.serve import make_datasette
from referat.cli import app

REPO = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def archive_db(seeds_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("archive") / "archive.db"
    publish(seeds_output, db)
    return db


def get(db: Path, *paths: str) -> list[Any]:
    ds = make_datasette(db)

    async def fetch() -> list[Any]:
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(fetch())


def rows(response: Any) -> list[dict]:
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_canned_queries_answer(archive_db: Path) -> None:
    grants, project, party, member, by_type, search = get(
        archive_db,
        "/archive/grants_to_organisation.json?organisation=Kapitalfond&_shape=array",
        "/archive/project_decisions.json?project=IPS&_shape=array",
        "/archive/positions_over_time.json?party=Æ&_shape=array",
        "/archive/positions_over_time.json?member=Bodholdt&_shape=array",
        "/archive/decisions_by_type.json?_shape=array",
        "/archive/search_decisions.json?q=efterretning&_shape=array",
    )
    assert [(r["amount"], r["date"], r["item_title"]) for r in rows(grants)] == [
        (4200000.0, "2024-03-18", "EBU - Projekt med sygemeldte dagpengemodtagere")]
    assert [(r["title"], r["decision_type"]) for r in rows(project)] == [("Status på IPS-projekt", "NOTED")]
    party_rows = rows(party)
    assert party_rows and {r["party_name"] for r in party_rows} == {"Danmarksdemokraterne"}
    assert [r["date"] for r in party_rows] == sorted(r["date"] for r in party_rows)
    assert {r["name"] for r in rows(member)} == {"Tina Bodholdt-Nielsen"}
    counts = rows(by_type)
    assert sum(r["items"] for r in counts) == 38
    assert {"municipality", "body", "year", "decision_type", "items"} <= set(counts[0])
    hits = rows(search)
    assert hits and all("[efterretning]" in r["decision_snippet"].lower() for r in hits)


def test_a_search_is_an_atom_feed(archive_db: Path) -> None:
    feed, empty, odd = get(archive_db, "/archive/search_feed.atom?q=efterretning",
                           "/archive/search_feed.atom?q=ingenting+matcher+zzzz",
                           "/archive/search_feed.atom?q=IPS-projekt%20%22")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(feed.content)
    entries = root.findall(f"{ATOM}entry")
    assert root.find(f"{ATOM}title").text == "referat: new decisions matching a search"
    assert entries and all(e.find(f"{ATOM}id").text for e in entries)
    assert any("Status på IPS-projekt" in e.find(f"{ATOM}title").text for e in entries)
    assert all(e.find(f"{ATOM}link").get("href").startswith("/archive/items/") for e in entries)
    assert empty.status_code == 200 and ET.fromstring(empty.content).findall(f"{ATOM}entry") == []
    assert odd.status_code == 200  # FTS syntax in a user's words is escaped, not an error


def test_tables_have_facets_labels_csv_and_search(archive_db: Path) -> None:
    items, items_csv, meta, search, positions = get(
        archive_db, "/archive/items.json?_size=1", "/archive/grants_to_organisation.csv?organisation=STAR",
        "/-/metadata.json", "/archive/items.json?_search=vedlægges&_shape=array",
        "/archive/positions.json?_size=1&_labels=on")
    facets = items.json()["facet_results"]
    assert {"municipality", "body", "year", "decision_type"} <= set(facets)
    assert {f["value"] for f in facets["decision_type"]["results"]} >= {"NOTED", "APPROVED", "RECOMMENDED"}
    table = list(csv.DictReader(io.StringIO(items_csv.text)))
    assert table and {"amount", "date", "item_title", "organisation"} <= set(table[0])
    assert meta.json()["databases"]["archive"]["tables"]["items"]["label_column"] == "title"
    assert any("vedlægges" in (r["decision_text"] or "") for r in search.json())
    row = positions.json()["rows"][0]
    assert isinstance(row["item_id"], dict) and row["item_id"]["label"]  # foreign key shown by its label


def test_serve_refuses_what_is_not_an_archive(tmp_path: Path, seeds_output: Path) -> None:
    for path, words in ((tmp_path / "none.db", "is not a file"), (seeds_output, "is not a SQLite database")):
        result = CliRunner().invoke(app, ["serve", str(path)])
        assert result.exit_code == 2 and words in result.output and "referat publish" in result.output


@pytest.mark.slow
def test_a_real_server_on_loopback(archive_db: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "referat.cli", "serve", str(archive_db), "--port", str(port)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, body = time.monotonic() + 60, None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/archive/decisions_by_type.json?_shape=array",
                                            timeout=5) as answer:
                    body = json.loads(answer.read())
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.2)
        assert body and sum(r["items"] for r in body) == 38
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/archive/search_feed.atom?q=efterretning") as answer:
            assert ET.fromstring(answer.read()).findall(f"{ATOM}entry")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.slow
def test_canned_queries_stay_fast_at_the_size_of_an_archive(seeds_output: Path, tmp_path: Path) -> None:
    """60 copies of the seeds (300 documents, 27,000 entities): each query well under
    Datasette's time limit (on Greve's 369 meetings a correlated EXISTS over entities took over 5 s)."""
    lines = seeds_output.read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as handle:
        for n in range(60):
            for line in lines:
                doc = json.loads(line)
                doc["source"] = f"copy{n:03d}/{doc['source']}"
                handle.write(json.dumps(doc, ensure_ascii=False) + "\n")
    db = tmp_path / "archive.db"
    publish(big, db)
    paths = ["/archive/grants_to_organisation.json?organisation=Kapitalfond&_shape=array",
             "/archive/project_decisions.json?project=IPS&_shape=array",
             "/archive/positions_over_time.json?party=Æ&_shape=array",
             "/archive/decisions_by_type.json?_shape=array", "/archive/search_feed.atom?q=efterretning"]
    for path in paths:
        started = time.monotonic()
        (answer,) = get(db, path)
        assert answer.status_code == 200, (path, answer.text[:300])
        assert time.monotonic() - started < 4, path


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.slow
def test_a_search_and_a_facet_in_a_real_browser(archive_db: Path, tmp_path: Path) -> None:
    """Headless Chromium opens the items page, searches, narrows by a facet and reads the results,
    as a user of `referat serve` would."""
    if CHROMIUM is None:
        message = "chromium is not installed (make chromium, or apt-get install chromium)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "referat.cli", "serve", str(archive_db), "--port", str(port)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def dom(url: str) -> str:
        browser = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
             "--disable-background-networking", "--disable-component-update", f"--user-data-dir={tmp_path / 'profile'}",
             "--dump-dom", url], capture_output=True, text=True, timeout=120)
        assert browser.returncode == 0, browser.stderr[-2000:]
        return browser.stdout

    try:
        base = f"http://127.0.0.1:{port}/archive/items"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + ".json?_size=1", timeout=5).read()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read().decode()
                time.sleep(0.2)
        page = dom(base)
        assert 'name="_search"' in page  # the search box a user types into
        searched = dom(base + "?_search=efterretning")
        hits = int(re.search(r"([\d,]+) rows? where search matches", searched).group(1).replace(",", ""))
        assert 0 < hits < 38 and "efterretning" in searched.lower()
        narrowed = dom(base + "?_search=efterretning&decision_type=NOTED")
        rows = int(re.search(r"([\d,]+) rows? where search matches", narrowed).group(1).replace(",", ""))
        assert 0 < rows <= hits and 'class="facet-info' in narrowed and "decision_type" in narrowed
    finally:
        proc.terminate()
        proc.wait(timeout=20)
