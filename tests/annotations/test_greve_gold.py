"""The archive's gold is stand-off: references, offsets and labels, its text read from ../shared."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import spacy

from referat.annotations import greve
from referat.annotations.greve_passes import read_spans
from referat.annotations.gold import GOLD_DIR
from referat.annotations.greve_report import report

ROOT = Path(__file__).resolve().parents[2]


def test_no_archive_text_is_committed() -> None:
    for path in (ROOT / "annotations" / "greve").rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert "text" not in record and "decision_text" not in record, path


@pytest.mark.slow
def test_every_gold_item_matches_the_ingested_archive(shared_dir) -> None:
    """Recompute the sha256 of each document's ingested text; offsets must be an item's."""
    corpus = shared_dir("corpus")
    labels = greve.read_decision_gold()
    assert len(labels) >= 800
    for label in labels:
        doc = greve.ingested(label.file, corpus)
        assert greve.text_sha256(doc.text) == label.sha256, f"{label.file}: the ingested text drifted"
        assert any(i.start == label.start and i.end == label.end for i in doc.items), label
    counts = Counter(label.label for label in labels)
    assert set(counts) == {"APPROVED", "RECOMMENDED", "NOTED", "REJECTED", "POSTPONED", "REFERRED", "DISCUSSED", "NONE"}


@pytest.mark.slow
def test_records_fill_in_the_text_from_shared(shared_dir) -> None:
    corpus = shared_dir("corpus")
    labels = greve.read_decision_gold()[:20]
    records = greve.decision_records(labels, corpus)
    assert [r["label"][0] for r in records] == [label.label for label in labels]
    for record, label in zip(records, labels):
        assert len(record["text"]) == label.end - label.start and record["municipality"] == "Greve Kommune"


def test_a_drifted_text_is_an_error(shared_dir) -> None:
    corpus = shared_dir("corpus")
    label = greve.read_decision_gold()[0].model_copy(update={"sha256": "0" * 64})
    with pytest.raises(ValueError, match="sha256"):
        greve.decision_records([label], corpus)


def test_without_shared_the_seeds_alone_with_one_note(tmp_path, capsys) -> None:
    greve._said.clear()
    seeds = greve.load_all_gold(GOLD_DIR, None)
    first = greve.load_all_gold(GOLD_DIR, greve.GREVE_DIR, shared=tmp_path)
    second = greve.load_all_gold(GOLD_DIR, greve.GREVE_DIR, shared=tmp_path)
    assert first == second == seeds
    assert capsys.readouterr().err.count("working on the seed gold alone") == 1


@pytest.mark.slow
def test_entity_and_position_gold_sit_on_tokens_of_the_ingested_text(shared_dir) -> None:
    corpus = shared_dir("corpus")
    nlp = spacy.blank("da")
    entities = read_spans(greve.GREVE_DIR / "entities.jsonl")
    positions = read_spans(greve.GREVE_DIR / "positions.jsonl")
    assert len(entities) >= 5000 and len({s.file for s in entities}) >= 25
    assert {s.file for s in positions} and len(positions) >= 100
    docs = {}
    for span in entities + positions:
        if span.file not in docs:
            doc = greve.ingested(span.file, corpus)
            assert greve.text_sha256(doc.text) == span.sha256, f"{span.file}: the ingested text drifted"
            docs[span.file] = nlp.make_doc(doc.text)
        assert docs[span.file].char_span(span.start, span.end) is not None, span


def test_the_archive_report_counts_what_the_issue_asks() -> None:
    text = report()
    assert "Decision types: 854 items" in text and "Entities: 7074 spans in 26 meetings" in text
    assert "Cohen's kappa" in text and "A (pre-annotated) vs B (blind)" in text
