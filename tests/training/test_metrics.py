"""The evaluation's scores on small cases with known values."""
import spacy
from spacy.scorer import Scorer
from spacy.tokens import Span
from spacy.training import Example

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


def test_span_prf_agrees_with_spacys_scorer() -> None:
    """One scorer: `referat evaluate` and `spacy train` count entities the same way."""
    nlp = spacy.blank("da")
    text = "Udvalget bevilger 2,5 mio. kr. til Greve Kommune og Danske Regioner den 1. marts 2024."
    gold_doc, pred_doc = nlp(text), nlp(text)
    gold_doc.ents = [Span(gold_doc, 2, 5, "AMOUNT"), Span(gold_doc, 6, 8, "PARTY"),
                     Span(gold_doc, 9, 11, "PARTY"), Span(gold_doc, 12, 15, "DATE")]
    pred_doc.ents = [Span(pred_doc, 2, 5, "AMOUNT"), Span(pred_doc, 6, 8, "PARTY"),
                     Span(pred_doc, 10, 11, "PARTY"), Span(pred_doc, 13, 15, "DATE"), Span(pred_doc, 0, 1, "PROJECT")]
    spacy_scores = Scorer.score_spans([Example(pred_doc, gold_doc)], "ents")
    ours = span_prf([[(e.start_char, e.end_char, e.label_) for e in gold_doc.ents]],
                    [[(e.start_char, e.end_char, e.label_) for e in pred_doc.ents]])
    assert ours["ALL"]["p"] == round(spacy_scores["ents_p"], 4) == 0.4
    assert ours["ALL"]["r"] == round(spacy_scores["ents_r"], 4) == 0.5
    assert ours["ALL"]["f"] == round(spacy_scores["ents_f"], 4)
    for label in ("AMOUNT", "PARTY", "DATE"):
        assert ours[label]["f"] == round(spacy_scores["ents_per_type"][label]["f"], 4)


def test_decision_scores_accuracy_macro_and_confusion() -> None:
    labels = ("APPROVED", "NOTED", "NONE")
    s = decision_scores(["APPROVED", "NOTED", "NOTED", "NONE"], ["APPROVED", "NOTED", "NONE", "NONE"], labels)
    assert s["accuracy"] == 0.75
    assert s["per_label"] == {"APPROVED": 1.0, "NOTED": 0.6667, "NONE": 0.6667}
    assert s["confusion"] == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert decision_scores([], [], labels)["accuracy"] is None
