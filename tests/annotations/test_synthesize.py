"""The synthetic entity text (annotations/synthesize.py): deterministic, marked, on token boundaries,
reproducible from its seed, loaded by convert as train-only span records, balanced over the labels."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy

from referat.annotations.convert import SYNTHETIC_DIR, load_synthetic, ner_docs
from referat.annotations.synthesize import (
    ENTITIES_FILE, LABELS, SOURCE, Fillers, aligned, label_counts, load_data, render, synthetic_entity_records,
    write_synthetic_entities,
)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return synthetic_entity_records(400, 0)


def test_same_seed_same_records_other_seed_other_records() -> None:
    assert synthetic_entity_records(30, 3) == synthetic_entity_records(30, 3)
    assert synthetic_entity_records(30, 3) != synthetic_entity_records(30, 4)


def test_every_record_is_marked_synthetic(records: list[dict]) -> None:
    assert len(records) == 400
    for r in records:
        assert r["synthetic"] is True and r["meta"]["synthetic"] is True
        assert r["meta"]["source"] == SOURCE and r["meta"]["templates"]


def test_spans_on_token_boundaries_not_overlapping_known_labels(records: list[dict]) -> None:
    nlp = spacy.blank("da")
    for r in records:
        doc = nlp.make_doc(r["text"])
        spans = sorted(r["label"])
        for start, end, label in spans:
            assert label in LABELS
            assert doc.char_span(start, end) is not None, (r["text"][start:end], r["text"])
            assert r["text"][start:end] == r["text"][start:end].strip() and end > start
        for (_, end, _), (start, _, _) in zip(spans, spans[1:]):
            assert end <= start, r["text"]


def test_every_template_fills_and_aligns() -> None:
    """Each template, filled many times, keeps its spans on token boundaries (a broken one would be
    dropped silently by the generator)."""
    data, vocab = load_data()
    assert len(data["templates"]) >= 120
    fillers, nlp = Fillers(random.Random(7), vocab), spacy.blank("da")
    for template in data["templates"]:
        ok = 0
        for _ in range(10):
            fillers.new_document()
            ok += aligned(nlp, *render(template["text"], fillers))
        assert ok >= 8, template["id"]


def test_committed_file_is_the_generator_output(records: list[dict]) -> None:
    lines = ENTITIES_FILE.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records, \
        "regenerate: referat annotate synthesize --docs 400 --seed 0 --output annotations/synthetic/entities.jsonl"


def test_write_then_load_synthetic_gives_span_records(tmp_path: Path) -> None:
    assert write_synthetic_entities(tmp_path / "entities.jsonl", n_docs=12, seed=1) == 12
    spans, decisions = load_synthetic(tmp_path)
    assert len(spans) == 12 and decisions == []
    assert all(r["synthetic"] and r["document"] == "synthetic:entities" for r in spans)


def test_load_synthetic_reads_the_committed_file_into_ner_docs(records: list[dict]) -> None:
    spans, _ = load_synthetic(SYNTHETIC_DIR)
    ours = [r for r in spans if r["document"] == "synthetic:entities"]
    assert len(ours) == len(records)
    docs = ner_docs(ours, spacy.blank("da"), synthetic=True)
    assert sum(len(d.ents) for d in docs) == sum(len(r["label"]) for r in records)
    assert all(d.user_data["synthetic"] for d in docs)


def test_labels_are_balanced(records: list[dict]) -> None:
    counts = label_counts(records)
    total = sum(counts.values())
    assert set(counts) == set(LABELS)
    for label in LABELS:
        assert counts[label] / total >= 0.10, counts


def test_guideline_out_forms_are_not_spans(records: list[dict]) -> None:
    """What the guidelines put out never ends up inside a span: bare council titles, clock times,
    percentages, `ca.`/`d.`/`den` before a value, and the year after `budget`."""
    for r in records:
        for start, end, label in r["label"]:
            text = r["text"][start:end]
            assert text not in ("Byrådet", "Kommunalbestyrelsen", "Forvaltningen", "Udvalget", "KB")
            assert not text.startswith(("ca. ", "d. ", "den ", "kl. ")) and "%" not in text and "pct." not in text
            before = r["text"][max(0, start - 7):start]
            if label == "DATE":
                assert not before.lower().endswith("budget "), r["text"]
