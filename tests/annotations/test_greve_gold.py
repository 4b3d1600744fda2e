"""The archive's gold is stand-off: references, offsets and labels, its text read from ../shared."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from referat.annotations import greve
from referat.annotations.gold import GOLD_DIR

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
