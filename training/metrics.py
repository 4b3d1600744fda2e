"""Scores for referat's evaluation: exact-span P/R/F1 per label, decision accuracy and macro-F1.

Kept apart from the evaluation driver so the same definitions serve cross-validation,
the dev split and the tests.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional, Sequence

from spacy.scorer import PRFScore

from referat.annotations.agreement import span_prf as agreement_prf

Span = tuple[int, int, str]


def span_prf(gold: Iterable[Iterable[Span]], pred: Iterable[Iterable[Span]]) -> dict[str, dict[str, float]]:
    """Exact-match precision, recall and F1 per label and micro-averaged ("ALL").

    `gold` and `pred` are parallel sequences (one entry per text) of (start, end, label),
    counted with spaCy's PRFScore as `spacy train` and the components' `score` count them;
    only labels that occur are listed.
    """
    totals: dict[str, PRFScore] = {}
    for g_spans, p_spans in zip(gold, pred):
        # per text, the annotators' counting with the prediction as A (candidate) and the gold as B
        for label, prf in agreement_prf(p_spans, g_spans, labels=()).items():
            totals[label] = totals.get(label, PRFScore()) + prf
    micro = totals.pop("micro", PRFScore())
    out = {label: _scores(prf) for label, prf in sorted(totals.items()) if len(prf)}
    out["ALL"] = _scores(micro)
    return out


def _scores(prf: PRFScore) -> dict[str, float]:
    return {"p": round(prf.precision, 4), "r": round(prf.recall, 4), "f": round(prf.fscore, 4),
            "tp": prf.tp, "fp": prf.fp, "fn": prf.fn}


#: A decision type with fewer real gold items than this is named as rare in reports; macro-F1 is also
#: given over the types with at least this many.
RARE_ITEMS = 25


def decision_scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 over the labels present in gold or prediction (and over those with at least
    RARE_ITEMS gold items), per-label F1, confusion."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    if not gold:
        return {"n": 0, "accuracy": None, "macro_f1": None, "per_label": {}, "confusion": []}
    present = [label for label in labels if label in set(gold) | set(pred)]
    per_label = f1_score(gold, pred, labels=present, average=None, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(f1_score(gold, pred, labels=present, average="macro", zero_division=0)), 4),
        "macro_f1_common": _macro_common(gold, pred, labels),
        "per_label": {label: round(float(f), 4) for label, f in zip(present, per_label)},
        "support": dict(Counter(gold)),
        "labels": list(labels),
        "confusion": confusion_matrix(gold, pred, labels=list(labels)).tolist(),
    }


def _macro_common(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> Optional[float]:
    from sklearn.metrics import f1_score

    common = [label for label in labels if Counter(gold)[label] >= RARE_ITEMS]
    if not common:
        return None
    return round(float(f1_score(gold, pred, labels=common, average="macro", zero_division=0)), 4)
