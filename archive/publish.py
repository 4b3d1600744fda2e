"""`referat publish`: `referat extract` output (JSON lines) into a SQLite archive built with sqlite-utils.

Tables (keys are text, derived from the document's `source`, so a document published again
replaces its rows and publishing the same output twice gives the same tables):

- `meetings`  one row per document: municipality, body, date, year, place, participants, ...
- `items`     one per agenda item: title, case number, decision type, score and text, counts
- `entities`  one per entity, with the normalised value spread into columns (amount, currency,
              iso, name, kind) and `norm`, the value as one text to filter on
- `amendments`, `positions`  who proposed what, and who voted how (contract v1.1)
- `items_fts` FTS5 over item titles and decision texts (kept in step by triggers)

`items`, `entities` and `positions` repeat the meeting's municipality, body, date and year, so
that Datasette can facet on them without a join. Municipality comes from `--municipality`, or
from a `manifest.json` beside the source (the seeds', the Greve archive's and `referat fetch`'s
all carry one), or stays empty.
"""
from __future__ import annotations

import hashlib
import time
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

from pydantic import ValidationError

from referat.errors import ReferatError
from referat.schema import Minutes

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 1


class PublishError(ReferatError):
    """The input or the database cannot be used (exit 2)."""

    type = "PublishError"


@dataclass
class PublishSummary:
    """What a run did."""

    documents: int = 0
    items: int = 0
    entities: int = 0
    positions: int = 0
    skipped_errors: int = 0
    bad_lines: list[str] = field(default_factory=list)
    seconds: float = 0.0


TABLES: dict[str, dict[str, Any]] = {
    "meetings": {
        "columns": {
            "id": str, "source": str, "sha256": str, "label": str, "municipality": str, "body": str,
            "date": str, "year": int, "start_time": str, "location": str, "participants": str, "absent": str,
            "items": int, "warnings": str, "pipeline": str, "portal": str, "portal_meeting_id": str,
            "api_url": str,
        },
        "pk": "id", "fks": [],
        "indexes": [["municipality", "body", "date"], ["year"], ["source"]],
    },
    "items": {
        "columns": {
            "id": str, "meeting_id": str, "position": int, "number": int, "title": str, "case_number": str,
            "closed": int, "decision_type": str, "decision_score": float, "decision_text": str,
            "votes_for": int, "votes_against": int, "votes_abstained": int,
            "municipality": str, "body": str, "date": str, "year": int, "start": int, "end": int,
        },
        "pk": "id", "fks": [("meeting_id", "meetings", "id")],
        "indexes": [["meeting_id"], ["decision_type"], ["body", "year", "decision_type"], ["case_number"],
                    ["municipality", "year"]],
    },
    "amendments": {
        "columns": {
            "id": str, "item_id": str, "meeting_id": str, "position": int, "proposers": str, "proposed_by": str,
            "outcome": str, "point": str, "votes_for": int, "votes_against": int, "votes_abstained": int,
            "start": int, "end": int,
        },
        "pk": "id", "fks": [("item_id", "items", "id"), ("meeting_id", "meetings", "id")],
        "indexes": [["item_id"], ["meeting_id"]],
    },
    "entities": {
        "columns": {
            "id": str, "item_id": str, "meeting_id": str, "label": str, "text": str, "norm": str,
            "amount": float, "currency": str, "iso": str, "name": str, "kind": str, "section": str,
            "value": str, "score": float, "start": int, "end": int, "municipality": str, "body": str, "date": str,
            "year": int,
        },
        "pk": "id", "fks": [("item_id", "items", "id"), ("meeting_id", "meetings", "id")],
        "indexes": [["item_id"], ["meeting_id"], ["label", "norm"], ["label", "name"]],
    },
    "positions": {
        "columns": {
            "id": str, "item_id": str, "meeting_id": str, "amendment_id": str, "position": str, "name": str,
            "party": str, "party_name": str, "point": str, "text": str, "start": int, "end": int,
            "municipality": str, "body": str, "date": str, "year": int,
        },
        "pk": "id",
        "fks": [("item_id", "items", "id"), ("meeting_id", "meetings", "id"), ("amendment_id", "amendments", "id")],
        "indexes": [["item_id"], ["meeting_id"], ["name", "date"], ["party", "date"], ["party_name", "year"]],
    },
}
#: children first: the order rows of a document are deleted in
DELETE_ORDER = ("positions", "entities", "amendments", "items", "meetings")
FTS_COLUMNS = ["title", "decision_text"]


def document_key(source: str) -> str:
    """The meeting's key: stable for a source, so its rows are replaced when it is published again."""
    return "m" + hashlib.sha1(os.path.normpath(source).encode("utf-8", "surrogatepass")).hexdigest()[:15]


def open_archive(path: Path) -> "sqlite_utils.Database":
    """The database with referat's tables, indexes and full-text search (created where missing)."""
    # sqlite-utils is imported here, not at the top: it imports pandas where installed (~0.5 s), which
    # every `referat` command (this module is registered with the CLI) would otherwise pay.
    import sqlite_utils

    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        existing = set(db.table_names())
    except Exception as exc:  # sqlite3.DatabaseError: not a database, locked, unreadable
        raise PublishError(str(path), f"cannot be opened as a SQLite database ({exc}).",
                           "Give a new file name for --db, or the archive.db referat publish wrote.") from None
    foreign = existing - set(TABLES) - {t for t in existing if t.startswith("items_fts")} - {"sqlite_sequence"}
    if existing and not (existing & set(TABLES)) and foreign:
        raise PublishError(str(path), "is a SQLite database, but not a referat archive "
                           f"(it holds {', '.join(sorted(foreign)[:5])}).", "Give a new file name for --db.")
    for name, spec in TABLES.items():
        table = db[name]
        if name not in existing:
            table.create(spec["columns"], pk=spec["pk"], foreign_keys=spec["fks"])
        for columns in spec["indexes"]:
            table.create_index(columns, if_not_exists=True)
    if "items_fts" not in existing:
        db["items"].enable_fts(FTS_COLUMNS, fts_version="FTS5", create_triggers=True)
    return db


class SourceInfo:
    """Municipality and portal meeting id of a source, from a manifest.json beside it (cached per folder)."""

    def __init__(self, base: Path, municipality: Optional[str] = None) -> None:
        self.bases = [Path.cwd(), base]
        self.municipality = municipality
        self._manifests: dict[Path, dict[str, dict[str, Any]]] = {}

    def lookup(self, source: str) -> dict[str, Any]:
        """The manifest record naming this source, or {}; `--municipality` wins over it."""
        record: dict[str, Any] = {}
        for base in self.bases:
            path = (base / source)
            if path.is_file():
                record = self._record(path.resolve())
                break
        if self.municipality:
            record = {**record, "municipality": self.municipality}
        return record

    def _record(self, path: Path) -> dict[str, Any]:
        for folder in (path.parent, path.parent.parent):
            index = self._manifest(folder)
            rel = path.relative_to(folder).as_posix()
            if rel in index:
                return index[rel]
            if path.name in index:
                return index[path.name]
        return {}

    def _manifest(self, folder: Path) -> dict[str, dict[str, Any]]:
        if folder not in self._manifests:
            index: dict[str, dict[str, Any]] = {}
            try:
                records = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                records = []
            for record in records if isinstance(records, list) else []:
                if isinstance(record, dict) and isinstance(record.get("file"), str):
                    index[record["file"]] = record
                    index.setdefault(Path(record["file"]).name, record)
            self._manifests[folder] = index
        return self._manifests[folder]


def read_lines(path: Path, summary: PublishSummary) -> Iterator[dict[str, Any]]:
    """Documents of a `referat extract` output; error lines counted, malformed lines reported by number."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise PublishError(str(path), f"cannot be read ({exc.strerror or exc}).",
                           "Give the JSON lines `referat extract ... --output OUT.jsonl` wrote.") from None
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                summary.bad_lines.append(f"line {number} is not JSON")
                continue
            if isinstance(obj, dict) and "error" in obj and "items" not in obj:
                summary.skipped_errors += 1
                continue
            try:
                Minutes.model_validate(obj)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first.get("loc", ())) or "the line"
                summary.bad_lines.append(f"line {number} is not a `referat extract` output line ({where}: {first.get('msg')})")
                continue
            yield obj


def document_rows(doc: dict[str, Any], info: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of one document in every table, with keys derived from its source."""
    mid = document_key(doc["source"])
    meeting = doc.get("meeting") or {}
    date = meeting.get("date")
    year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None
    where = {"municipality": info.get("municipality"), "body": meeting.get("body"), "date": date, "year": year}
    portal_id = info.get("meeting_id") or (info.get("id") if info.get("portal") else None)
    portal = info.get("portal")
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["meetings"].append({
        "id": mid, "source": doc["source"], "sha256": doc.get("sha256"),
        "label": " ".join(str(x) for x in (meeting.get("body") or Path(doc["source"]).name, date) if x),
        **{k: where[k] for k in ("municipality", "body", "date", "year")},
        "start_time": meeting.get("start_time"), "location": meeting.get("location"),
        "participants": _json(meeting.get("participants") or []), "absent": _json(meeting.get("absent") or []),
        "items": len(doc.get("items") or []), "warnings": _json(doc.get("warnings") or []),
        "pipeline": "{name} {version}".format(**doc["pipeline"]) if doc.get("pipeline") else None,
        "portal": portal, "portal_meeting_id": portal_id,
        "api_url": f"{portal}/api/agenda/dagsorden/{portal_id}" if portal and portal_id else None,
    })
    for index, item in enumerate(doc.get("items") or []):
        iid = f"{mid}-{index:04d}"
        decision = item.get("decision") or {}
        votes = item.get("votes") or {}
        counts = votes.get("counts") or {}
        rows["items"].append({
            "id": iid, "meeting_id": mid, "position": index, "number": item.get("number"), "title": item.get("title"),
            "case_number": item.get("case_number"), "closed": int(bool(item.get("closed"))),
            "decision_type": decision.get("type"), "decision_score": decision.get("score"),
            "decision_text": decision.get("text"), "votes_for": counts.get("for"),
            "votes_against": counts.get("against"), "votes_abstained": counts.get("abstained"),
            **where, "start": item.get("start"), "end": item.get("end"),
        })
        amendment_ids = []
        for k, amendment in enumerate(votes.get("amendments") or []):
            aid = f"{iid}-a{k:02d}"
            amendment_ids.append(aid)
            acounts = amendment.get("counts") or {}
            rows["amendments"].append({
                "id": aid, "item_id": iid, "meeting_id": mid, "position": k,
                "proposers": "; ".join(_actor(a) for a in amendment.get("proposed_by") or []),
                "proposed_by": _json(amendment.get("proposed_by") or []), "outcome": amendment.get("outcome"),
                "point": amendment.get("point"), "votes_for": acounts.get("for"),
                "votes_against": acounts.get("against"), "votes_abstained": acounts.get("abstained"),
                "start": amendment.get("start"), "end": amendment.get("end"),
            })
        for k, entity in enumerate(item.get("entities") or []):
            value = entity.get("value") or {}
            rows["entities"].append({
                "id": f"{iid}-e{k:04d}", "item_id": iid, "meeting_id": mid, "label": entity.get("label"),
                "text": entity.get("text"), "norm": normalised(entity.get("label"), value),
                "amount": value.get("amount") if isinstance(value.get("amount"), (int, float)) else None,
                "currency": value.get("currency"), "iso": value.get("iso"), "name": value.get("name"),
                "kind": value.get("kind"), "section": entity.get("section"), "value": _json(value) if value else None,
                "score": entity.get("score"), "start": entity.get("start"), "end": entity.get("end"), **where,
            })
        for k, pos in enumerate(votes.get("positions") or []):
            amendment = pos.get("amendment")
            rows["positions"].append({
                "id": f"{iid}-p{k:03d}", "item_id": iid, "meeting_id": mid,
                "amendment_id": amendment_ids[amendment] if isinstance(amendment, int) and 0 <= amendment < len(amendment_ids) else None,
                "position": pos.get("position"), "name": pos.get("name"), "party": pos.get("party"),
                "party_name": pos.get("party_name"), "point": pos.get("point"), "text": pos.get("text"),
                "start": pos.get("start"), "end": pos.get("end"), **where,
            })
    return rows


def normalised(label: Optional[str], value: dict[str, Any]) -> Optional[str]:
    """One text for an entity's normalised value: the amount, the ISO date, the canonical name."""
    if label == "AMOUNT" and isinstance(value.get("amount"), (int, float)):
        amount = value["amount"]
        number = f"{amount:.0f}" if float(amount).is_integer() else f"{amount}"
        return f"{number} {value.get('currency') or ''}".strip()
    if label == "DATE":
        return value.get("iso")
    return value.get("name")


def publish(source: Path, db_path: Path, municipality: Optional[str] = None) -> PublishSummary:
    """Publish one output file; each document in one transaction that first drops its old rows."""
    started = time.monotonic()
    summary = PublishSummary()
    if not Path(source).is_file():
        raise PublishError(str(source), "is not a file.", "Give the output of `referat extract ... --output OUT.jsonl`.")
    db = open_archive(Path(db_path))
    info = SourceInfo(Path(source).resolve().parent, municipality)
    try:
        for doc in read_lines(Path(source), summary):
            rows = document_rows(doc, info.lookup(doc["source"]))
            mid = rows["meetings"][0]["id"]
            with db.atomic():
                for name in DELETE_ORDER:
                    db.execute(f"DELETE FROM [{name}] WHERE {'id' if name == 'meetings' else 'meeting_id'} = ?", [mid])
                for name in TABLES:
                    if rows[name]:
                        db[name].insert_all(rows[name], batch_size=500)
            summary.documents += 1
            summary.items += len(rows["items"])
            summary.entities += len(rows["entities"])
            summary.positions += len(rows["positions"])
    finally:
        db.close()
    summary.seconds = time.monotonic() - started
    return summary


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _actor(actor: dict[str, Any]) -> str:
    name, party = actor.get("name"), actor.get("party")
    return f"{name} ({party})" if name and party else (name or party or actor.get("party_name") or "?")
