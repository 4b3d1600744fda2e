"""Gold from the Greve archive, kept stand-off: the project holds references, offsets and labels,
never the archive's text, which is read from ``../shared/corpus`` when it is needed.

``annotations/greve/decisions.jsonl``: one line per annotated agenda item::

    {"file": "greve/byraad/2022-11-07-45ce09b9.json", "sha256": "<of the ingested text>",
     "item_id": "<FirstAgenda item Id>", "number": 7, "start": 10233, "end": 14520,
     "label": "APPROVED", "why": "meeting", "source": "adjudicated"}

``start``/``end`` are the item's offsets in the ingested text, whose sha256 a test
recomputes from ``../shared`` (drift fails). ``decision_records()`` turns the lines
into the gold decision records the seeds have (item text, decision context, label),
reading the text from ``../shared``; without it the archive's gold is left out and
the caller says so once.
"""
from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict

from referat.schema import DecisionType
from referat.annotations.gold import ANNOTATIONS_DIR, REPO_ROOT, build_records, load_gold, read_jsonl, write_jsonl
from referat.corpus import IngestedDocument, ingest
from referat.pipeline.decisions import DecisionContext

GREVE_DIR = ANNOTATIONS_DIR / "greve"
SHARED_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
MUNICIPALITY = "Greve Kommune"
Label = DecisionType


class ItemRef(BaseModel):
    """An agenda item of the archive: its file under ../shared/corpus and where it lies in the ingested text."""

    model_config = ConfigDict(extra="forbid")
    file: str
    sha256: str
    item_id: str
    number: Optional[int]
    start: int
    end: int


class DecisionLabel(ItemRef):
    """`source`: two passes agreed, a third reader adjudicated, or (active learning,
    annotations/active.py) a single annotator labelled the item."""

    label: Label
    why: str = "meeting"
    source: Literal["adjudicated", "agreed", "single"] = "agreed"


def shared_available(shared: Path = SHARED_CORPUS) -> bool:
    return (shared / "greve" / "manifest.json").exists()


def archive_files(shared: Path = SHARED_CORPUS) -> list[str]:
    """Every archive meeting (relative to ../shared/corpus), sorted; none without ../shared."""
    if not shared_available(shared):
        return []
    return sorted(p.relative_to(shared).as_posix() for p in (shared / "greve").glob("*/*.json"))


@lru_cache(maxsize=512)
def ingested(file: str, shared: Path = SHARED_CORPUS) -> IngestedDocument:
    """The archive document `file` (relative to ../shared/corpus) as referat ingests it."""
    return ingest(shared / file)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(file: str) -> str:
    """`greve/byraad/2022-11-07-45ce09b9.json` -> `greve__byraad__2022-11-07-45ce09b9`: the gold records' document."""
    return Path(file).with_suffix("").as_posix().replace("/", "__")


def body_year(file: str) -> tuple[str, str]:
    """(body slug, year) from the path alone (`greve/<body>/<date>-<id>.json`), so counts need no ../shared."""
    parts = Path(file).parts
    return parts[-2], parts[-1][:4]


def item_refs(file: str, shared: Path = SHARED_CORPUS) -> dict[str, ItemRef]:
    """Item Id -> reference, for every item of one meeting (items of the JSON and of the
    ingested document correspond one to one, in order)."""
    doc = ingested(file, shared)
    raw = json.loads((shared / file).read_text(encoding="utf-8"))
    ids = [item["Id"] for item in raw.get("Dagsordenpunkter") or []]
    if len(ids) != len(doc.items):
        raise ValueError(f"{file}: {len(ids)} items in the JSON, {len(doc.items)} ingested")
    digest = text_sha256(doc.text)
    return {i: ItemRef(file=file, sha256=digest, item_id=i, number=item.number, start=item.start, end=item.end)
            for i, item in zip(ids, doc.items)}


def build_decision_gold(sample: list[dict], pass_a: dict[int, str], pass_b: dict[int, str],
                        adjudicated: dict[int, str], shared: Path = SHARED_CORPUS) -> list[DecisionLabel]:
    """The gold decision labels of the sample: where the passes agree, their label; else the adjudicated one."""
    out = []
    for index, row in enumerate(sample):
        a, b = pass_a[index], pass_b[index]
        if a != b and index not in adjudicated:
            raise ValueError(f"sample row {index} ({row['file']}): passes disagree ({a}/{b}) and no adjudication")
        ref = item_refs(row["file"], shared)[row["item_id"]]
        out.append(DecisionLabel(**ref.model_dump(), label=a if a == b else adjudicated[index], why=row["why"],
                                 source="agreed" if a == b else "adjudicated"))
    return out


def read_decision_gold(path: Path = GREVE_DIR / "decisions.jsonl") -> list[DecisionLabel]:
    return [DecisionLabel.model_validate(r) for r in read_jsonl(path)]


def write_decision_gold(labels: Iterable[DecisionLabel], path: Path = GREVE_DIR / "decisions.jsonl") -> int:
    return write_jsonl(path, [label.model_dump() for label in labels])


def decision_records(labels: Iterable[DecisionLabel], shared: Path = SHARED_CORPUS) -> list[dict]:
    """Gold decision records in the seeds' format, their text read from ../shared at this moment."""
    records = []
    for label in labels:
        doc = ingested(label.file, shared)
        if text_sha256(doc.text) != label.sha256:
            raise ValueError(f"{label.file}: the ingested text changed since it was annotated (sha256 differs); "
                             "re-anchor the gold (annotations/greve) before using it")
        item = next(i for i in doc.items if i.start == label.start and i.end == label.end)
        context = DecisionContext.from_item(item, doc.text, doc.meeting.body)
        document = document_id(label.file)
        records.append({
            "text": doc.text[label.start:label.end], "document": document, "municipality": MUNICIPALITY,
            "item": label.number, "example_id": f"{document}#{label.item_id}", "year": (doc.meeting.date or "")[:4],
            "body": doc.meeting.body, "decision_text": context.decision_text,
            "recommendation_text": context.recommendation_text, "title": context.title,
            "competence_text": context.competence_text, "label": [label.label], "source": "greve", "Comments": [],
        })
    return records


_said: set[str] = set()


def archive_gold(archive: Optional[Path] = GREVE_DIR, shared: Path = SHARED_CORPUS) -> tuple[list[dict], list[dict]]:
    """(entity records, decision records) of the archive's stand-off gold, text filled in from ../shared.

    Without ../shared, ([], []) and a note on stderr, once per process."""
    if archive is None or not (Path(archive) / "decisions.jsonl").exists():
        return [], []
    if not shared_available(shared):
        if str(shared) not in _said:
            _said.add(str(shared))
            print(f"note: {shared} is not here, so the archive's gold ({archive}) is left out: "
                  "working on the seed gold alone.", file=sys.stderr)
        return [], []
    entities_file = Path(archive) / "entities.jsonl"
    entities = entity_records(read_jsonl(entities_file), shared) if entities_file.exists() else []
    return entities, decision_records(read_decision_gold(Path(archive) / "decisions.jsonl"), shared)


def entity_records(spans: Iterable[dict], shared: Path = SHARED_CORPUS) -> list[dict]:
    """Gold entity records in the seeds' format (one per header, item and trailer segment of each
    annotated meeting), from stand-off spans {file, sha256, start, end, label}; text from ../shared."""
    per_file: dict[str, list[tuple[int, int, str]]] = {}
    digests: dict[str, str] = {}
    for span in spans:
        per_file.setdefault(span["file"], []).append((span["start"], span["end"], span["label"]))
        digests[span["file"]] = span["sha256"]
    records: list[dict] = []
    for file in sorted(per_file):
        doc = ingested(file, shared)
        if text_sha256(doc.text) != digests[file]:
            raise ValueError(f"{file}: the ingested text changed since it was annotated (sha256 differs); "
                             "re-anchor the gold (annotations/greve) before using it")
        document = document_id(file)
        ents, _ = build_records(document, doc.text, per_file[file], {}, ingested=doc, municipality=MUNICIPALITY)
        for record in ents:
            record["source"] = "greve"
            record["year"] = (doc.meeting.date or "")[:4]
            record["body"] = doc.meeting.body
        records += ents
    return records


def load_all_gold(gold_dir: Path, archive: Optional[Path] = None,
                  shared: Path = SHARED_CORPUS) -> tuple[list[dict], list[dict]]:
    """The seed gold of `gold_dir` plus, with `archive`, the archive's gold."""
    entities, decisions = load_gold(gold_dir)
    more_entities, more_decisions = archive_gold(archive, shared)
    return list(entities) + more_entities, list(decisions) + more_decisions
