"""Silver entity data: the entity rules' reading of archive items nobody annotated, for the ner.

Why: the gold holds some 230,000 annotated tokens of one municipality; the ner learns names
from far more text when the rules (gazetteers, patterns) label archive meetings outside the
gold for it. Silver is training data only and is never evaluated on:

- only meetings with no gold of any kind (entities, decisions, positions) are used;
- tokens outside the rules' entities are left *missing*, not O, so the ner is not taught
  that what the rules miss (recall about 0.8 on Greve) is no entity;
- every Doc says `silver` in its user_data, and a fold takes silver only where its training
  side takes Greve text of that year (`training.evaluate`).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable, Optional

import spacy

from referat.annotations.convert import chunk_record, mark_doc, stable_hash
from referat.annotations.greve import (
    GREVE_DIR, MUNICIPALITY, SHARED_CORPUS, archive_files, document_id, ingested, shared_available,
)
from referat.pipeline.components import rules_only_pipeline


def gold_files(archive: Path = GREVE_DIR) -> set[str]:
    """Archive files (relative to ../shared/corpus) that hold gold of any kind."""
    files: set[str] = set()
    for name in ("entities.jsonl", "decisions.jsonl", "positions.jsonl", "counts.jsonl"):
        path = Path(archive) / name
        if path.exists():
            files |= {json.loads(line)["file"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    return files


def silver_files(meetings: int, archive: Path = GREVE_DIR, shared: Path = SHARED_CORPUS, seed: int = 0) -> list[str]:
    """`meetings` archive files without gold, chosen by a stable hash (the same files run after run)."""
    taken = gold_files(archive)
    files = [f for f in archive_files(shared) if f not in taken]
    return sorted(files, key=lambda f: (stable_hash(f, seed), f))[:meetings]


def silver_records(meetings: int, archive: Optional[Path] = GREVE_DIR, shared: Path = SHARED_CORPUS,
                   seed: int = 0) -> list[dict]:
    """Span records of the rules' entities in each item of `meetings` unannotated archive meetings.

    Without ../shared (or with `meetings` 0), none, with a note on stderr."""
    if not meetings or archive is None:
        return []
    if not shared_available(shared):
        print(f"note: {shared} is not here, so no silver data from the archive.", file=sys.stderr)
        return []
    nlp = rules_only_pipeline()
    records: list[dict] = []
    for file in silver_files(meetings, Path(archive), shared, seed):
        doc = ingested(file, shared)
        year = (doc.meeting.date or "")[:4]
        texts = [doc.text[item.start:item.end] for item in doc.items]
        for item, text, parsed in zip(doc.items, texts, nlp.pipe(texts)):
            spans = [[e.start_char, e.end_char, e.label_] for e in parsed.ents]
            records.append({"text": text, "label": spans, "document": document_id(file), "municipality": MUNICIPALITY,
                            "item": item.number, "segment": "item", "year": year, "source": "silver",
                            "example_id": f"{document_id(file)}#item-{item.number}"})
    return records


def silver_docs(records: Iterable[dict], nlp: Any = None) -> list[Any]:
    """Training Docs: the rules' entities set, every other token missing (not O)."""
    nlp = nlp or spacy.blank("da")
    docs = []
    for record in records:
        for piece in chunk_record(record):
            doc = nlp.make_doc(piece["text"])
            spans = [doc.char_span(s, e, label=label) for s, e, label in piece["label"]]
            doc.set_ents([s for s in spans if s is not None], default="missing")
            mark_doc(doc, piece, "ner", synthetic=False)
            doc.user_data["silver"] = True
            docs.append(doc)
    return docs
