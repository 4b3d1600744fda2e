"""The gold corpus: doccano's own JSONL export format, read, written and turned into spaCy Docs.

Two files in ``annotations/gold/``:

``entities.jsonl``, one line per segment of a document (header, each agenda item,
trailer; together they tile the document, every character in exactly one)::

    {"id": 0, "text": "<segment text>", "document": "herlev-amu-2025-02-26",
     "municipality": "Herlev Kommune", "segment": "item", "item": 11, "offset": 5120,
     "example_id": "herlev-amu-2025-02-26#item-11",
     "label": [[12, 26, "PARTY"], ...], "Comments": []}

``label`` offsets are relative to the segment text; ``offset`` is where the segment
starts in the ingested document text, so ``document offset = offset + start``.

``decisions.jsonl``, one line per agenda item::

    {"id": 0, "text": "<item text>", "document": ..., "municipality": ..., "item": 11,
     "example_id": "...#item-11", "decision_text": ..., "recommendation_text": ...,
     "label": ["NOTED"], "Comments": []}

Records pulled from doccano have the same shape (plus ``"annotator"``), so the
gold and doccano exports are one format.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence
from referat.schema import DECISION_TYPES, ENTITY_LABELS
from referat.pipeline.decisions import DecisionContext
from referat.corpus import ingest  # type: ignore[attr-defined]
from referat.annotations.gold_spans import (  # noqa: F401  (spans as spaCy Docs: gold_spans.py, importable from here)
    GoldAlignmentError, SpanProblem, blank_nlp, is_span_record, span_problems, to_spacy_docs,
)


ANNOTATIONS_DIR = Path(__file__).resolve().parent
REPO_ROOT = ANNOTATIONS_DIR.parent
GOLD_DIR = ANNOTATIONS_DIR / "gold"
RAW_DIR = REPO_ROOT / "corpus" / "raw"
ENTITIES_FILE = "entities.jsonl"
DECISIONS_FILE = "decisions.jsonl"


# --------------------------------------------------------------------------- JSONL


def read_jsonl(path: Path | str) -> list[dict]:
    """Every record of a JSONL file; a line that is not JSON raises ValueError naming file and line."""
    path = Path(path)
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{n}: not JSON ({err.msg})") from err
    return records


def write_jsonl(path: Path | str, records: Iterable[dict]) -> int:
    """Write one JSON object per line (UTF-8, non-ASCII kept); return the number of records."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def load_gold(gold_dir: Path | str = GOLD_DIR) -> tuple[list[dict], list[dict]]:
    """(entity records, decision records) of a gold folder; a missing file gives []."""
    gold_dir = Path(gold_dir)
    ents = gold_dir / ENTITIES_FILE
    decs = gold_dir / DECISIONS_FILE
    return (read_jsonl(ents) if ents.exists() else [], read_jsonl(decs) if decs.exists() else [])


def manifest(raw_dir: Path | str = RAW_DIR) -> dict[str, dict]:
    """doc id -> manifest entry (municipality, body, date, ...) of corpus/raw/manifest.json."""
    path = Path(raw_dir) / "manifest.json"
    if not path.exists():
        return {}
    return {entry["id"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class Segment:
    """A stretch of the document text: the header, one agenda item or the trailer."""

    kind: str  # "header" | "item" | "trailer"
    start: int
    end: int
    item: Optional[int] = None
    key: Optional[str] = None  # example id suffix; defaults from kind and item

    def example_id(self, doc_id: str) -> str:
        return f"{doc_id}#{self.suffix}"

    @property
    def suffix(self) -> str:
        if self.key:
            return self.key
        if self.kind == "item":
            return f"item-{self.item}"
        return self.kind


def _pair(value: Any) -> Optional[tuple[int, int]]:
    """(start, end) from a tuple, a list or an object with start/end attributes."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    if isinstance(value, Mapping):
        return int(value["start"]), int(value["end"])
    return int(getattr(value, "start")), int(getattr(value, "end"))


def segments_for(ingested_doc: Any) -> list[Segment]:
    """Header, items and trailer of an ingested document, tiling its text exactly.

    Boundaries are the starts the ingestion reports: the header runs from 0 to
    the first item's start, each item to the next item's start (the last one
    to the trailer's start or the end of the text), the trailer to the end. So
    any text between an item's reported end and the next start (blank lines)
    belongs to the item before it, and no character is left out. A document
    without items is one header segment. Item numbers that are missing or
    repeated get a distinct key (``item-3-2``, ``item-at-<offset>``).
    """
    text: str = ingested_doc.text
    n = len(text)
    items = sorted(getattr(ingested_doc, "items", None) or [], key=lambda it: int(it.start))
    trailer = _pair(getattr(ingested_doc, "trailer", None))
    trailer_start = min(trailer[0], n) if trailer else n
    if items and trailer and trailer_start < int(items[-1].start):
        raise ValueError(
            f"trailer starts at {trailer_start}, before the last item ({int(items[-1].start)}): "
            "the ingestion's structure does not tile the text"
        )
    segments: list[Segment] = []
    first = int(items[0].start) if items else trailer_start
    if first > 0:
        segments.append(Segment("header", 0, first))
    seen: dict[str, int] = {}
    for i, it in enumerate(items):
        start = int(it.start)
        end = int(items[i + 1].start) if i + 1 < len(items) else trailer_start
        number = getattr(it, "number", None)
        key = f"item-{number}" if number is not None else f"item-at-{start}"
        if key in seen:
            seen[key] += 1
            key = f"{key}-{seen[key]}"
        else:
            seen[key] = 1
        segments.append(Segment("item", start, end, number, key))
    if trailer and trailer_start < n:
        segments.append(Segment("trailer", trailer_start, n))
    if not segments:  # empty text
        segments.append(Segment("header", 0, n))
    check_tiling(segments, n)
    return segments


def check_tiling(segments: Sequence[Segment] | Sequence[Mapping], length: int) -> None:
    """Raise ValueError unless the segments cover 0..length without gap or overlap."""
    pos = 0
    for seg in segments:
        start = seg.start if isinstance(seg, Segment) else int(seg["offset"])
        end = seg.end if isinstance(seg, Segment) else start + len(seg["text"])
        if start != pos:
            raise ValueError(f"segments do not tile the text: a segment starts at {start}, expected {pos}")
        pos = end
    if pos != length:
        raise ValueError(f"segments end at {pos}, the text at {length}")


def _item_fields(ingested_doc: Any) -> dict[int, Any]:
    """item start -> ingested item, to find decision and recommendation texts."""
    return {int(it.start): it for it in (getattr(ingested_doc, "items", None) or [])}


# --------------------------------------------------------------------------- records


def build_records(
    doc_id: str,
    doc_text: str,
    spans: Iterable[Any],
    decisions: Mapping[Any, str] | None = None,
    *,
    ingested: Any = None,
    segments: Sequence[Segment] | None = None,
    municipality: Optional[str] = None,
    first_id: int = 0,
) -> tuple[list[dict], list[dict]]:
    """Gold records of one document: (entity records, decision records).

    ``spans`` are (start, end, label) in document offsets (tuples, lists or
    objects with .start/.end/.label). ``decisions`` maps an item number (or an
    example id, or an item key such as ``item-3``) to its decision type; items
    without an entry get no decision record. ``ingested`` is the document as
    ``referat.corpus.ingest`` returns it (text, items, header, trailer); its
    text must equal ``doc_text``. Instead of it, ``segments`` may be given.

    A span that crosses a segment boundary raises ValueError (segments are
    the examples: a span must lie inside one). Nothing is moved or dropped.
    """
    if ingested is not None:
        if ingested.text != doc_text:
            raise ValueError(f"{doc_id}: the ingested text differs from the text the spans refer to")
        segments = segments_for(ingested)
    if segments is None:
        segments = [Segment("header", 0, len(doc_text))]
    check_tiling(segments, len(doc_text))
    if municipality is None:
        municipality = manifest().get(doc_id, {}).get("municipality")
    norm = sorted({_span_tuple(s) for s in spans})
    per_seg: dict[int, list[list]] = defaultdict(list)
    errors = []
    for start, end, label in norm:
        idx = _segment_index(segments, start, end)
        if idx is None:
            errors.append(f"{doc_id} [{start}:{end}] {label} {doc_text[start:end]!r} crosses a segment boundary")
            continue
        seg = segments[idx]
        per_seg[idx].append([start - seg.start, end - seg.start, label])
    if errors:
        raise ValueError("\n".join(errors))
    entity_records = []
    for idx, seg in enumerate(segments):
        entity_records.append({
            "id": first_id + idx,
            "text": doc_text[seg.start:seg.end],
            "document": doc_id,
            "municipality": municipality,
            "segment": seg.kind,
            "item": seg.item,
            "offset": seg.start,
            "example_id": seg.example_id(doc_id),
            "label": per_seg.get(idx, []),
            "Comments": [],
        })
    decision_records = []
    items = _item_fields(ingested) if ingested is not None else {}
    decisions = dict(decisions or {})
    for seg in segments:
        if seg.kind != "item":
            continue
        eid = seg.example_id(doc_id)
        label = decisions.get(eid, decisions.get(seg.suffix, decisions.get(seg.item)))
        if label is None:
            continue
        if label not in DECISION_TYPES:
            raise ValueError(f"{eid}: unknown decision type {label!r}")
        it = items.get(seg.start)
        decision_records.append({
            "id": first_id + len(decision_records),
            "text": doc_text[seg.start:seg.end],
            "document": doc_id,
            "municipality": municipality,
            "item": seg.item,
            "example_id": eid,
            **_decision_context(it, doc_text, getattr(getattr(ingested, "meeting", None), "body", None)),
            "label": [label],
            "Comments": [],
        })
    return entity_records, decision_records


def _decision_context(item: Any, doc_text: str, body: Optional[str]) -> dict[str, Any]:
    """What the decision type is read from, stored with the gold so evaluation sees what extraction sees."""
    keys = ("decision_text", "recommendation_text", "title", "competence_text", "body")
    if item is None:
        return dict.fromkeys(keys)

    ctx = DecisionContext.from_item(item, doc_text, body)
    return {key: getattr(ctx, key) for key in keys}


def renumber(records: list[dict]) -> list[dict]:
    """Give the records consecutive ids 0..n-1 (in place) and return them."""
    for i, record in enumerate(records):
        record["id"] = i
    return records


def _span_tuple(span: Any) -> tuple[int, int, str]:
    if isinstance(span, (tuple, list)):
        return int(span[0]), int(span[1]), str(span[2])
    if isinstance(span, Mapping):
        return int(span["start"]), int(span["end"]), str(span["label"])
    return int(span.start), int(span.end), str(span.label)


def _segment_index(segments: Sequence[Segment], start: int, end: int) -> Optional[int]:
    for i, seg in enumerate(segments):
        if seg.start <= start < seg.end:
            return i if end <= seg.end else None
    return None


def document_spans(records: Iterable[dict]) -> dict[str, list[tuple[int, int, str]]]:
    """doc id -> sorted (start, end, label) in full-document offsets (segment offset added)."""
    out: dict[str, set] = defaultdict(set)
    for record in records:
        if not is_span_record(record):
            continue
        offset = int(record.get("offset") or 0)
        doc = str(record.get("document") or record.get("example_id", ""))
        out[doc]  # a document without spans still appears
        for start, end, label in record.get("label") or []:
            out[doc].add((offset + int(start), offset + int(end), str(label)))
    return {doc: sorted(spans) for doc, spans in out.items()}


def document_texts(records: Iterable[dict]) -> dict[str, str]:
    """doc id -> the document text put back together from its segments (which must tile it)."""
    parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for record in records:
        if is_span_record(record) and "offset" in record:
            parts[record["document"]].append((int(record["offset"]), record["text"]))
    out = {}
    for doc, segs in parts.items():
        segs.sort()
        pos, chunks = 0, []
        for offset, text in segs:
            if offset != pos:
                raise ValueError(f"{doc}: segments do not tile the document (gap or overlap at {pos}/{offset})")
            chunks.append(text)
            pos += len(text)
        out[doc] = "".join(chunks)
    return out


# --------------------------------------------------------------------------- checks
# (span records as spaCy Docs: gold_spans.py)


def check_gold(
    entity_records: Sequence[dict],
    decision_records: Sequence[dict] = (),
    doc_texts: Mapping[str, str] | None = None,
    nlp: Any = None,
) -> list[str]:
    """Everything wrong with a gold corpus, as readable lines (empty when all is well).

    Checks: segments tile each document (and, when ``doc_texts`` is given,
    reproduce its text exactly), example ids are unique, labels are known,
    spans sit on spaCy token boundaries without overlap, decision records name
    an item segment of the entity file and carry one known decision type.
    """
    out: list[str] = []
    ids = [r.get("example_id") for r in entity_records]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    out += [f"example id {d} appears more than once in entities" for d in dupes]
    try:
        texts = document_texts(entity_records)
    except ValueError as err:
        out.append(str(err))
        texts = {}
    for doc, text in texts.items():
        if doc_texts is not None and doc in doc_texts and doc_texts[doc] != text:
            out.append(f"{doc}: the segments do not reproduce the document text")
    for r in entity_records:
        for s, e, label in r.get("label") or []:
            if label not in ENTITY_LABELS:
                out.append(f"{r.get('example_id')}: unknown label {label!r} at [{s}:{e}]")
    out += [p.describe() for p in span_problems(entity_records, nlp)]
    items = {r["example_id"]: r for r in entity_records if r.get("segment") == "item"}
    seen = set()
    for r in decision_records:
        eid = r.get("example_id")
        if eid in seen:
            out.append(f"decision {eid} appears more than once")
        seen.add(eid)
        labels = r.get("label") or []
        if len(labels) != 1 or labels[0] not in DECISION_TYPES:
            out.append(f"decision {eid}: label {labels!r} is not one known decision type")
        if items and eid not in items:
            out.append(f"decision {eid}: no item segment with that id in entities")
        elif eid in items and items[eid]["text"] != r.get("text"):
            out.append(f"decision {eid}: text differs from the item segment's text")
    return out


# --------------------------------------------------------------------------- documents


def ingest_document(path: Path | str) -> Any:
    """The document as the project ingests it (``referat.corpus.ingest``): ``.text``, ``.items``
    (number, start, end, decision_text, recommendation_text), ``.header`` and ``.trailer``."""
    return ingest(Path(path))


def map_spans(src: str, dst: str, spans: Iterable[Any]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Carry (start, end, label) spans from text ``src`` to text ``dst`` (e.g. raw -> ingested).

    A span is mapped only where its characters lie, unchanged, in one block the
    two texts share; any other span is reported (never moved to a guess).
    """
    norm = [_span_tuple(s) for s in spans]
    if src == dst:
        return norm, []
    import difflib

    blocks = difflib.SequenceMatcher(None, src, dst, autojunk=False).get_matching_blocks()
    mapped, problems = [], []
    for start, end, label in norm:
        for a, b, size in blocks:
            if a <= start and end <= a + size:
                mapped.append((start - a + b, end - a + b, label))
                break
        else:
            problems.append(f"{label} [{start}:{end}] {src[start:end]!r}: its text is changed by ingestion")
    return mapped, problems
