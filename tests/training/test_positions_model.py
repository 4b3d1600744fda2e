"""The trained positions model (training/positions_model.py): it learns labelled actor spans, and
its spans are read as the rules read actors."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from referat.pipeline.position_lexicon import POSITION_LABELS
from referat.pipeline.resources import default_resources
from referat.training.positions_families import FAMILIES_DIR, read_families
from referat.training.positions_model import (
    family_docs, load_model, model_votes, scored_spans, select, train, union_votes,
)


def test_select_keeps_the_best_of_overlapping_spans_and_both_labels_of_one_span() -> None:
    spans = [(0, 9, "FOR", 0.6), (5, 9, "FOR", 0.9), (5, 9, "AGAINST", 0.7), (12, 13, "ABSENT", 0.4)]
    assert select(spans, 0.5) == [(5, 9, "AGAINST", 0.7), (5, 9, "FOR", 0.9)]
    assert select(spans, 0.3)[-1] == (12, 13, "ABSENT", 0.4)


def test_model_spans_are_normalised_like_the_rules_and_added_only_where_no_rule_span_is() -> None:
    text = "Imod stemte Anne Holm (A) og V."
    item = {"text": text, "members": [{"name": "Anne Holm", "party": "A"}]}
    start = text.index("Anne")
    votes = model_votes(item, [(start, start + len("Anne Holm"), "AGAINST", 0.9),
                               (text.index(" V.") + 1, len(text), "AGAINST", 0.8)], default_resources().positions)
    people = [(p["name"], p["party"]) for p in votes["positions"]]
    assert people == [("Anne Holm", "A"), (None, "V")]
    rules = {"counts": None, "positions": [{"position": "AGAINST", "start": start, "end": start + 13}], "amendments": []}
    both = union_votes(rules, votes)
    assert [p["start"] for p in both["positions"]] == [start, text.index(" V.") + 1]


@pytest.mark.slow
def test_a_model_trained_on_a_few_items_predicts_labelled_actor_spans(tmp_path: Path) -> None:
    dev = read_families(FAMILIES_DIR / "dev")
    items = dev["roll_call_lists"][:6] + dev["absence_conflict"][:6]
    docs = family_docs(spacy.blank("da"), items)
    model = load_model(train(docs, tmp_path, max_steps=200))
    predicted = scored_spans(model, [item["text"] for item in items])
    kept = [select(spans, 0.5) for spans in predicted]
    assert any(kept), "the model predicts no span at 0.5 on the items it was trained on"
    assert all(label in POSITION_LABELS for spans in kept for _, _, label, _ in spans)
    # it learnt the gold: most gold actors found where gold has them, with the label gold gives,
    # and not one label for all (FOR and AGAINST told apart)
    gold = {(n, p["label"], p["start"]) for n, item in enumerate(items) for p in item["positions"]}
    found = {(n, label, start) for n, spans in enumerate(kept) for start, _, label, _ in spans}
    assert len(gold & found) >= 0.5 * len(gold)
    assert {"FOR", "AGAINST"} <= {label for _, label, _ in gold & found}
