"""Synthetic entity training text for the ner: short committee-minutes paragraphs with exact spans.

Why: a fold that trains the ner on a handful of seed documents sees too few examples of what
AMOUNT, DATE, PARTY and PROJECT look like in Danish minutes. This module writes many varied
examples from templates (annotations/synthetic/templates.json) filled from referat's own data
files: the gazetteers (referat/pipeline/gazetteers), the money words (patterns/amounts.json),
the month names (corpus/lexicons/dates.json) and a vocabulary of made-up names
(annotations/synthetic/vocabulary.json). The code is small; the wording is data.

The templates were written from the annotation guidelines (annotations/GUIDELINES.md,
sections 2-6 and 9) and general knowledge of Danish municipal minutes, without the evaluation
text in view: no sentence of the seed gold or of the Greve archive was read or copied. They
include negative material the guidelines put out (bare council titles, persons, bare place
names, plan names with their year, clock times, percentages, unit headers), since every token
outside a span is taught as "no entity".

Every record is marked ``"synthetic": true`` and goes into the train split only
(`referat.annotations.convert.load_synthetic`); it is never evaluated on. Generation is
deterministic for a seed, and every span is checked to sit on spaCy token boundaries of
``spacy.blank("da")``: a filled sentence that breaks this is drawn again.
"""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import spacy

from referat.schema import ENTITY_LABELS
from referat.annotations.gold import write_jsonl
from referat.annotations.synthesize_fillers import (  # noqa: F401  (the fillers: synthesize_fillers.py)
    FILLERS, SYNTHETIC_DIR, VOCABULARY_FILE, Fillers, Piece, SynthesisError,
)

TEMPLATES_FILE = SYNTHETIC_DIR / "templates.json"
ENTITIES_FILE = SYNTHETIC_DIR / "entities.jsonl"
SOURCE = "referat annotate synthesize"
LABELS = ENTITY_LABELS
SLOT = re.compile(r"\{([A-Z_]+)(?:\|([a-z]+))?\}")
#: How often a filled sentence whose spans miss the token boundaries is drawn again.
MAX_TRIES = 20


def load_data(templates: Path = TEMPLATES_FILE, vocabulary: Path = VOCABULARY_FILE) -> tuple[dict, dict]:
    """(templates.json, vocabulary.json), parsed."""
    return (json.loads(Path(templates).read_text(encoding="utf-8")),
            json.loads(Path(vocabulary).read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- rendering


def check_templates(data: dict) -> None:
    """Every slot a template uses is declared with its label and has a filler."""
    declared = data["slots"]
    for name, fill in FILLERS.items():
        label = getattr(fill, "label", "mixed")
        if name not in declared or declared[name] != label:
            raise SynthesisError(f"{TEMPLATES_FILE}: slot {name} gives {label}, but 'slots' declares "
                                 f"{declared.get(name, 'nothing')}")
    for t in data["templates"]:
        for name, mod in SLOT.findall(t["text"]):
            if name not in declared or name not in FILLERS:
                raise SynthesisError(f"{TEMPLATES_FILE}: template {t['id']} uses unknown slot {{{name}}}")
            if mod and mod != "upper":
                raise SynthesisError(f"{TEMPLATES_FILE}: template {t['id']}: unknown modifier |{mod}")


def render(template: str, fillers: Fillers) -> tuple[str, list[list]]:
    """The filled text and its [start, end, LABEL] spans."""
    fillers.new_sentence()
    text, spans, pos = [], [], 0
    for m in SLOT.finditer(template):
        literal = template[pos:m.start()]
        if literal.startswith(".") and text and text[-1].endswith("."):
            literal = literal[1:]  # one full stop ends both an abbreviation (`kr.`) and the sentence
        text.append(literal)
        pos = m.end()
        offset = sum(map(len, text))
        for piece, label in FILLERS[m.group(1)](fillers):
            piece = piece.upper() if m.group(2) == "upper" else piece
            if label:
                spans.append([offset, offset + len(piece), label])
            text.append(piece)
            offset += len(piece)
    literal = template[pos:]
    text.append(literal[1:] if literal.startswith(".") and text and text[-1].endswith(".") else literal)
    return "".join(text), spans


def aligned(nlp: Any, text: str, spans: list[list]) -> bool:
    """Every span starts and ends on a token boundary of the Danish tokenizer."""
    doc = nlp.make_doc(text)
    return all(doc.char_span(s, e) is not None for s, e, _ in spans)


def synthetic_entity_records(n_docs: int = 400, seed: int = 0,
                             templates: Path = TEMPLATES_FILE, vocabulary: Path = VOCABULARY_FILE) -> list[dict]:
    """`n_docs` synthetic span records ("documents" of 3-8 sentences), the same for the same seed."""
    data, vocab = load_data(templates, vocabulary)
    check_templates(data)
    rng = random.Random(seed)
    fillers = Fillers(rng, vocab)
    nlp = spacy.blank("da")
    by_kind: dict[str, list[dict]] = {}
    for t in data["templates"]:
        by_kind.setdefault(t["kind"], []).append(t)
    body_kinds = [k for k in data["kind_weights"] if k != "heading"]
    weights = [data["kind_weights"][k] for k in body_kinds]
    records = []
    for _ in range(n_docs):
        fillers.new_document()
        n = rng.randint(3, 8)
        heading = rng.random() < data["heading_share"]
        kinds = ["heading"] * heading + rng.choices(body_kinds, weights, k=n - heading)
        text, spans, used, prev_kind = "", [], [], ""
        for kind in kinds:
            fresh = [t for t in by_kind[kind] if t["id"] not in used] or by_kind[kind]
            for _try in range(MAX_TRIES):
                template = rng.choice(fresh)
                piece, piece_spans = render(template["text"], fillers)
                if aligned(nlp, piece, piece_spans):
                    break
            else:
                continue  # a template that never aligns is left out here; the tests catch it
            own_line = "heading" in (kind, prev_kind) or "table" in (kind, prev_kind) or "\n" in piece \
                or piece[:1].islower()
            sep = "" if not text else ("\n" if own_line else rng.choice([" ", " ", " ", "\n", "\n\n"]))
            offset = len(text) + len(sep)
            text += sep + piece
            spans += [[s + offset, e + offset, label] for s, e, label in piece_spans]
            used.append(template["id"])
            prev_kind = kind
        if not aligned(nlp, text, spans):  # sentences are joined at whitespace, so this cannot happen
            raise SynthesisError(f"synthetic document {len(records)} breaks token boundaries")
        # "offset" makes a document without spans a span record too (gold.is_span_record), not a decision
        records.append({"text": text, "label": spans, "offset": 0, "synthetic": True,
                        "meta": {"synthetic": True, "source": SOURCE, "seed": seed, "templates": used}})
    return records


def write_synthetic_entities(path: Path = ENTITIES_FILE, n_docs: int = 400, seed: int = 0) -> int:
    """Write the records as JSONL (one record a line, stable key order); returns the number of records."""
    return write_jsonl(path, synthetic_entity_records(n_docs, seed))


def label_counts(records: list[dict]) -> Counter:
    """Spans per label over the records."""
    return Counter(label for r in records for _, _, label in r["label"])
