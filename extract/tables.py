"""The tables of `--format csv|parquet`: their columns and the rows of one output dict.

  items      a row per item (a document without items, or one that failed, has one row with the item
             columns empty); `sha256` is the input's, as on the jsonl line, so that --resume keys
             documents by content;
  entities   a row per entity, keyed by source and item;
  positions  a row per position, keyed like the entities.

Cells are written so that a spreadsheet shows them as text (`csv_cell`).
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from referat.extract.workers import is_error

#: The tables of --format csv|parquet, in the order output_paths gives them.
TABLES = ("items", "entities", "positions")
ITEM_COLUMNS = [
    "source", "n_items", "item_index", "number", "title", "case_number", "closed",
    "decision_type", "decision_score", "decision_text", "start", "end", "n_entities", "sections",
    "votes_for", "votes_against", "votes_abstained", "n_positions", "n_amendments",
    "meeting_body", "meeting_date", "meeting_start_time", "meeting_location", "n_participants", "n_absent",
    "pipeline", "warnings", "error_type", "error_message", "sha256",
]
#: The items columns of outputs written before the table carried the input's sha256 (still resumed).
ITEM_COLUMNS_WITHOUT_SHA256 = ITEM_COLUMNS[:-1]
ENTITY_COLUMNS = ["source", "item_index", "item_number", "label", "text", "start", "end", "section", "value", "score"]
POSITION_COLUMNS = ["source", "item_index", "item_number", "position", "name", "party", "party_name", "point",
                    "amendment", "amendment_proposed_by", "amendment_outcome", "text", "start", "end"]


def table_rows(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of the items, entities and positions tables for one output dict."""
    empty = {c: None for c in ITEM_COLUMNS}
    source = record["source"]
    if is_error(record):
        row = dict(empty, source=source, error_type=record["error"]["type"], error_message=record["error"]["message"])
        return [row], [], []
    meeting = record.get("meeting") or {}
    pipeline = record.get("pipeline") or {}
    doc = dict(
        empty,
        source=source,
        meeting_body=meeting.get("body"),
        meeting_date=meeting.get("date"),
        meeting_start_time=meeting.get("start_time"),
        meeting_location=meeting.get("location"),
        n_participants=len(meeting.get("participants") or []),
        n_absent=len(meeting.get("absent") or []),
        n_items=len(record.get("items") or []),
        pipeline=f"{pipeline.get('name')} {pipeline.get('version')}",
        warnings=json.dumps(record.get("warnings") or [], ensure_ascii=False),
        sha256=record.get("sha256"),
    )
    items, entities, positions = [], [], []
    for index, item in enumerate(record.get("items") or []):
        decision = item.get("decision") or {}
        votes = item.get("votes") or {}
        counts = votes.get("counts") or {}
        amendments = votes.get("amendments") or []
        items.append(dict(
            doc,
            item_index=index,
            number=item.get("number"),
            title=item.get("title"),
            case_number=item.get("case_number"),
            closed=item.get("closed"),
            decision_type=decision.get("type"),
            decision_score=decision.get("score"),
            decision_text=decision.get("text"),
            start=item.get("start"),
            end=item.get("end"),
            n_entities=len(item.get("entities") or []),
            sections=json.dumps([s["heading"] for s in item.get("sections") or []], ensure_ascii=False),
            votes_for=counts.get("for"),
            votes_against=counts.get("against"),
            votes_abstained=counts.get("abstained"),
            n_positions=len(votes.get("positions") or []),
            n_amendments=len(amendments),
        ))
        for pos in votes.get("positions") or []:
            k = pos.get("amendment")
            amendment = amendments[k] if isinstance(k, int) and 0 <= k < len(amendments) else None
            positions.append({
                "source": source,
                "item_index": index,
                "item_number": item.get("number"),
                "position": pos["position"],
                "name": pos.get("name"),
                "party": pos.get("party"),
                "party_name": pos.get("party_name"),
                "point": pos.get("point"),
                "amendment": k,
                "amendment_proposed_by": None if amendment is None else json.dumps(
                    amendment.get("proposed_by") or [], ensure_ascii=False),
                "amendment_outcome": None if amendment is None else amendment.get("outcome"),
                "text": pos["text"],
                "start": pos["start"],
                "end": pos["end"],
            })
        for ent in item.get("entities") or []:
            entities.append({
                "source": source,
                "item_index": index,
                "item_number": item.get("number"),
                "label": ent["label"],
                "text": ent["text"],
                "start": ent["start"],
                "end": ent["end"],
                "section": ent.get("section"),
                "value": None if ent.get("value") is None else json.dumps(ent["value"], ensure_ascii=False),
                "score": ent.get("score"),
            })
    if not items:
        items.append(doc)
    return items, entities, positions


#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a leading ' before = + - @ tab or CR (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """`rows` as CSV lines (no header), each cell through `csv_cell`."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return buf.getvalue()


def arrow_schemas() -> tuple[Any, Any, Any]:
    """The pyarrow schemas of the items, entities and positions tables."""
    import pyarrow as pa

    types = {
        "item_index": pa.int64(), "number": pa.int64(), "closed": pa.bool_(), "decision_score": pa.float64(),
        "start": pa.int64(), "end": pa.int64(), "n_items": pa.int64(), "n_entities": pa.int64(), "n_participants": pa.int64(),
        "n_absent": pa.int64(), "item_number": pa.int64(), "votes_for": pa.int64(), "votes_against": pa.int64(),
        "votes_abstained": pa.int64(), "n_positions": pa.int64(), "n_amendments": pa.int64(), "amendment": pa.int64(),
    }
    items = pa.schema([(c, types.get(c, pa.string())) for c in ITEM_COLUMNS])
    entities = pa.schema([(c, types.get(c, pa.string())) for c in ENTITY_COLUMNS])
    positions = pa.schema([(c, types.get(c, pa.string())) for c in POSITION_COLUMNS])
    return items, entities, positions
