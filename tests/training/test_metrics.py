"""The evaluation's scores on small cases with known values."""
from referat.training.metrics import decision_scores, span_prf


def test_span_prf_counts_exact_matches_over_texts() -> None:
    gold = [[(0, 5, "AMOUNT"), (10, 14, "DATE")], [(3, 7, "PARTY")]]
    pred = [[(0, 5, "AMOUNT"), (10, 13, "DATE")], [(3, 7, "PARTY"), (20, 25, "PROJECT")]]
    scores = span_prf(gold, pred)
    assert scores["AMOUNT"]["f"] == 1.0
    assert scores["DATE"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 1}
    assert scores["PROJECT"]["fp"] == 1 and scores["PROJECT"]["p"] == 0.0
    assert scores["ALL"]["tp"] == 2 and scores["ALL"]["fp"] == 2 and scores["ALL"]["fn"] == 1
    assert scores["ALL"]["p"] == 0.5 and scores["ALL"]["r"] == 0.6667


def test_decision_scores_accuracy_macro_and_confusion() -> None:
    labels = ("APPROVED", "NOTED", "NONE")
    s = decision_scores(["APPROVED", "NOTED", "NOTED", "NONE"], ["APPROVED", "NOTED", "NONE", "NONE"], labels)
    assert s["accuracy"] == 0.75
    assert s["per_label"] == {"APPROVED": 1.0, "NOTED": 0.6667, "NONE": 0.6667}
    assert s["confusion"] == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert decision_scores([], [], labels)["accuracy"] is None
