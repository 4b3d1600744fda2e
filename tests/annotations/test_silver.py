"""Silver data: rules-labelled archive meetings outside the gold, for the ner's training only."""
from __future__ import annotations

import spacy

from referat.annotations import silver
from referat.annotations.greve import GREVE_DIR
from referat.training.evaluate import folds_for


def test_tokens_outside_the_rules_entities_are_missing_not_o():
    text = "Greve Kommune bevilger 2,5 mio. kr. til Idrætspuljen i 2025."
    record = {"text": text, "label": [[0, 13, "PARTY"], [23, 35, "AMOUNT"]], "document": "d", "item": 1,
              "segment": "item", "municipality": "Greve Kommune"}
    (doc,) = silver.silver_docs([record], spacy.blank("da"))
    assert [(e.text, e.label_) for e in doc.ents] == [("Greve Kommune", "PARTY"), ("2,5 mio. kr.", "AMOUNT")]
    outside = [t for t in doc if not t.ent_type_]
    assert outside and all(t.ent_iob_ == "" for t in outside)  # missing: the ner learns nothing from them
    assert doc.user_data["silver"] is True


def test_silver_joins_a_fold_only_where_it_trains_on_greve_text_of_that_year():
    gold = [{"municipality": "Greve Kommune", "source": "greve", "document": "g", "year": "2023"},
            {"municipality": "Albertslund Kommune", "document": "a"}]
    folds = {f.name: f for f in folds_for(gold)}
    silver_2023 = {"municipality": "Greve Kommune", "source": "silver", "year": "2023"}
    silver_2025 = {**silver_2023, "year": "2025"}

    def takes(fold, r):
        return fold.train(r) and not fold.test(r)

    assert not takes(folds["Greve Kommune"], silver_2023)  # trained without Greve: no Greve text at all
    assert takes(folds["Greve 2025"], silver_2023) and not takes(folds["Greve 2025"], silver_2025)
    assert takes(folds["Albertslund Kommune"], silver_2025)
    assert takes(folds["seeds, trained on FirstAgenda only"], silver_2023)


def test_silver_meetings_hold_no_gold(shared_dir):
    corpus = shared_dir("corpus")
    files = silver.silver_files(1000, GREVE_DIR, corpus)
    assert files and not set(files) & silver.gold_files(GREVE_DIR)
    assert silver.silver_files(5, GREVE_DIR, corpus) == files[:5]  # the same meetings run after run
