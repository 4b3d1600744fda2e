"""`referat evaluate-layouts`: the layout set is read and scored, and the layouts the rules were
written with stay read (a regression guard: a rule change that loses one fails here)."""
from __future__ import annotations

from pathlib import Path

from referat.corpus import ingest_text
from referat.training.layouts import GoldItem, evaluate_layouts, report, score_document

REPO = Path(__file__).resolve().parents[2]


def test_every_layout_folder_has_gold_that_is_scored() -> None:
    scores = evaluate_layouts(REPO / "annotations" / "layouts", real=False)
    assert len(scores) >= 17
    assert all(s.items.gold > 0 for s in scores)


def test_dev_layouts_are_read_whole() -> None:
    for score in evaluate_layouts(REPO / "annotations" / "layouts" / "dev", real=False):
        assert score.items.f1 >= 0.95, (score.layout.name, score.errors)
        assert score.decisions.f1 >= 0.95, (score.layout.name, score.errors)


def test_scoring_counts_a_missed_item_and_a_wrong_decision() -> None:
    doc = ingest_text("Referat\n\n1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n\n"
                      "2. Budget\n\nBeslutning\n\nUdsat.\n")
    gold = [GoldItem(1, "Godkendelse af dagsorden", "Godkendt."), GoldItem(2, "Budget", "Godkendt."),
            GoldItem(3, "Eventuelt", None)]
    items, decisions, errors = score_document(doc, gold)
    assert (items.gold, items.predicted, items.correct) == (3, 2, 2)
    assert (decisions.gold, decisions.predicted, decisions.correct) == (2, 2, 1)
    assert any("missed item 3" in e for e in errors) and any("item 2 decision" in e for e in errors)


def test_the_report_keeps_blind_and_in_view_apart() -> None:
    scores = evaluate_layouts(REPO / "annotations" / "layouts" / "dev", real=False)
    table = report(scores)
    assert "**in view**" in table and "**blind**" not in table
