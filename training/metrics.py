"""Scores for referat's evaluation: exact-span P/R/F1 per label, decision accuracy and macro-F1.

Kept apart from the evaluation driver so the same definitions serve cross-validation,
the dev split and the tests.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Optional, Sequence
from referat.annotations.agreement import PRF
from referat.annotations.agreement import span_prf as agreement_prf

Span = tuple[int, int, str]


def span_prf(gold: Iterable[Iterable[Span]], pred: Iterable[Iterable[Span]]) -> dict[str, dict[str, float]]:
    """Exact-match precision, recall and F1 per label and micro-averaged ("ALL").

    `gold` and `pred` are parallel sequences (one entry per text) of (start, end, label).
    The counting is the annotators' agreement (`referat.annotations.agreement.span_prf`)
    with the prediction as A and the gold as B; only labels that occur are listed.
    """

    totals: dict[str, PRF] = {}
    for g_spans, p_spans in zip(gold, pred):
        for label, prf in agreement_prf(p_spans, g_spans, labels=()).items():
            totals.setdefault(label, PRF()).add(prf)
    micro = totals.pop("micro", PRF())
    out = {label: _scores(prf) for label, prf in sorted(totals.items()) if prf.n_a or prf.n_b}
    out["ALL"] = _scores(micro)
    return out


def _scores(prf: Any) -> dict[str, float]:
    tp, fp, fn = prf.matched, prf.n_a - prf.matched, prf.n_b - prf.matched
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


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
