"""`referat publish`: extraction output into SQLite, idempotent, with FTS, and the Parquet partitions."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from typer.testing import CliRunner

from referat.archive.publish import TABLES, document_key, publish
from referat.cli import app

REPO = Path(__file__).resolve().parents[2]


def run(*args: str):
    result = CliRunner().invoke(app, list(map(str, args)))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows in key order, FTS index included: what 'identical tables' means."""
    with sqlite3.connect(db) as conn:
        out = {t: conn.execute(f"select * from [{t}] order by id").fetchall() for t in TABLES}
        out["items_fts"] = sorted(conn.execute(
            "select i.id, f.title, f.decision_text from items_fts f join items i on i.rowid = f.rowid").fetchall())
        out["schema"] = conn.execute("select type, name, sql from sqlite_master order by name").fetchall()
    return out


def test_publishing_twice_gives_identical_tables(seeds_output: Path, tmp_path: Path) -> None:
    once, twice = tmp_path / "once.db", tmp_path / "twice.db"
    assert run("publish", seeds_output, "--db", once).exit_code == 0
    for _ in range(2):
        result = run("publish", seeds_output, "--db", twice)
        assert result.exit_code == 0 and "5 documents, 38 items" in result.output
    first, second = dump(once), dump(twice)
    assert first == second
    assert len(first["meetings"]) == 5 and len(first["items"]) == 38 and len(first["items_fts"]) == 38
    with sqlite3.connect(twice) as conn:
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        municipalities = {r[0] for r in conn.execute("select municipality from meetings")}
        assert municipalities == {"Albertslund Kommune", "Herlev Kommune", "Lejre Kommune", "Slagelse Kommune"}
        indexes = {r[0] for r in conn.execute("select name from sqlite_master where type = 'index'")}
        assert {"idx_items_meeting_id", "idx_entities_item_id", "idx_positions_party_date"} <= indexes


def test_a_republished_document_replaces_its_rows(seeds_output: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    publish(seeds_output, db)
    lines = seeds_output.read_text(encoding="utf-8").splitlines()
    doc = json.loads(lines[0])
    doc["items"] = doc["items"][:2]  # the same document, extracted again with fewer items
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    publish(changed, db)
    key = document_key(doc["source"])
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from items where meeting_id = ?", [key]).fetchone()[0] == 2
        entities = sum(len(i["entities"]) for i in doc["items"])
        assert conn.execute("select count(*) from entities where meeting_id = ?", [key]).fetchone()[0] == entities
        assert conn.execute("select count(*) from meetings").fetchone()[0] == 5
        assert conn.execute("select count(*) from items_fts").fetchone()[0] == \
            conn.execute("select count(*) from items").fetchone()[0]


def test_grants_of_an_organisation_come_with_meeting_and_item(seeds_output: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    publish(seeds_output, db)
    sql = json.loads((REPO / "archive" / "metadata.json").read_text())["databases"]["archive"]["queries"][
        "grants_to_organisation"]["sql"]
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute(sql, {"organisation": "Sociale Kapitalfond"})]
    assert [(r["amount"], r["currency"], r["date"], r["item_number"], r["organisation"]) for r in rows] == [
        (4200000.0, "DKK", "2024-03-18", 3, "Den Sociale Kapitalfond")]
    assert rows[0]["item_title"] == "EBU - Projekt med sygemeldte dagpengemodtagere"
    assert rows[0]["municipality"] == "Albertslund Kommune"


def test_full_text_search_finds_an_item_by_words_of_its_decision(seeds_output: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    publish(seeds_output, db)
    with sqlite3.connect(db) as conn:
        decision, title = conn.execute(
            "select decision_text, title from items where decision_text like '%vedlægges referatet%'").fetchone()
        found = conn.execute("select i.title from items_fts join items i on i.rowid = items_fts.rowid "
                             "where items_fts match ?", ["oplægget vedlægges"]).fetchall()
    assert (title,) in found and "Oplægget" in decision


def test_entities_carry_normalised_values(seeds_output: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    publish(seeds_output, db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select norm, amount from entities where text = '566,2 mio. kr.'").fetchone() == \
            ("566200000 DKK", 566200000.0)
        assert conn.execute("select norm from entities where label = 'PARTY' and text = 'STAR'").fetchone() == \
            ("Styrelsen for Arbejdsmarked og Rekruttering",)
        assert conn.execute("select count(*) from positions where party_name = 'Danmarksdemokraterne'").fetchone()[0] > 0


def test_bad_input_is_a_clear_message(seeds_output: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    missing = run("publish", tmp_path / "nope.jsonl", "--db", db)
    assert missing.exit_code == 2 and "nope.jsonl: is not a file" in missing.output
    text = tmp_path / "minutes.jsonl"
    text.write_text("Referat af mødet\n", encoding="utf-8")
    wrong = run("publish", text, "--db", db)
    assert wrong.exit_code == 2 and "line 1 is not JSON" in wrong.output and "no `referat extract` output line" in wrong.output
    mixed = tmp_path / "mixed.jsonl"
    good = seeds_output.read_text(encoding="utf-8").splitlines()[0]
    mixed.write_text("\n".join([good, '{"source": "x.txt", "error": {"type": "InputError", "message": "empty"}}',
                                '{"source": "y.txt", "items": "many"}', "\xff"]) + "\n", encoding="utf-8")
    partly = run("publish", mixed, "--db", db)
    assert partly.exit_code == 1
    assert "line 3 is not a `referat extract` output line" in partly.output and "line 4 is not JSON" in partly.output
    assert "1 documents" in partly.output and "1 error lines skipped" in partly.output
    not_db = tmp_path / "x.db"
    not_db.write_text("hello", encoding="utf-8")
    refused = run("publish", seeds_output, "--db", not_db)
    assert refused.exit_code == 2 and "cannot be opened as a SQLite database" in refused.output
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table customers (id)")
    foreign = run("publish", seeds_output, "--db", other)
    assert foreign.exit_code == 2 and "not a referat archive" in foreign.output


def test_parquet_partitions_by_municipality_and_year(seeds_output: Path, tmp_path: Path) -> None:
    db, folder = tmp_path / "a.db", tmp_path / "parquet"
    for _ in range(2):  # rewritten, not added to
        result = run("publish", seeds_output, "--db", db, "--parquet", folder)
        assert result.exit_code == 0, result.output
    items = pads.dataset(folder / "items", partitioning="hive").to_table()
    assert items.num_rows == 38
    assert (folder / "items" / "municipality=Herlev%20Kommune" / "year=2025" / "part-0.parquet").is_file()
    assert pads.dataset(folder / "entities", partitioning="hive").to_table().num_rows == 457
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    refused = run("publish", seeds_output, "--db", db, "--parquet", tmp_path / "mine")
    assert refused.exit_code == 2 and "was not written by referat" in refused.output
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep"
