"""Scores for referat's evaluation: exact-span P/R/F1 per label, decision accuracy and macro-F1.

Kept apart from the evaluation driver so the same definitions serve cross-validation,
the dev split and the tests.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

Span = tuple[int, int, str]


def span_prf(gold: Iterable[Iterable[Span]], pred: Iterable[Iterable[Span]]) -> dict[str, dict[str, float]]:
    """Exact-match precision, recall and F1 per label and micro-averaged ("ALL").

    `gold` and `pred` are parallel sequences (one entry per text) of (start, end, label).
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g_spans, p_spans in zip(gold, pred):
        g, p = set(g_spans), set(p_spans)
        for s in g & p:
            tp[s[2]] += 1
        for s in p - g:
            fp[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    out = {label: _prf(tp[label], fp[label], fn[label]) for label in labels}
    out["ALL"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def decision_scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 over the labels present in gold or prediction, per-label F1, confusion."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    if not gold:
        return {"n": 0, "accuracy": None, "macro_f1": None, "per_label": {}, "confusion": []}
    present = [label for label in labels if label in set(gold) | set(pred)]
    per_label = f1_score(gold, pred, labels=present, average=None, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(f1_score(gold, pred, labels=present, average="macro", zero_division=0)), 4),
        "per_label": {label: round(float(f), 4) for label, f in zip(present, per_label)},
        "support": dict(Counter(gold)),
        "labels": list(labels),
        "confusion": confusion_matrix(gold, pred, labels=list(labels)).tolist(),
    }
