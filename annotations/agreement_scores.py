"""Agreement scores between two annotators: span P/R/F1 per label, Cohen's kappa, the disagreements,
and the comparison of two annotators' spans and decision types (plain mappings, or gold/doccano records).

The module doc of ``referat.annotations.agreement`` says how spans match and how kappa is read.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

from spacy.scorer import PRFScore

from referat.annotations.gold import ENTITY_LABELS, document_spans, is_span_record

SpanKey = tuple[int, int, str]  # (start, end, label) in document offsets


# --------------------------------------------------------------------------- scores


class PRF(PRFScore):
    """spaCy's PRFScore read as agreement of A with B: A is the candidate, B the reference.

    tp are the spans both marked, fp A's alone, fn B's alone; so precision is
    matched / |A| and recall matched / |B|. Added for agreement tables: nothing on
    either side scores 1.0 (spaCy's own score is 0.0 there), and the counts are named.
    """

    @property
    def matched(self) -> int:
        return self.tp

    @property
    def n_a(self) -> int:
        return self.tp + self.fp

    @property
    def n_b(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return super().precision if self.n_a else (1.0 if not self.n_b else 0.0)

    @property
    def recall(self) -> float:
        return super().recall if self.n_b else (1.0 if not self.n_a else 0.0)

    @property
    def f1(self) -> float:
        if not self.n_a and not self.n_b:
            return 1.0  # nothing to find, nothing found: perfect agreement, by convention
        return 2 * self.matched / (self.n_a + self.n_b)

    def add(self, other: PRFScore) -> None:
        self += other

    def as_dict(self) -> dict[str, float | int]:
        return {"matched": self.matched, "n_a": self.n_a, "n_b": self.n_b,
                "p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4)}


def span_prf(spans_a: Iterable[SpanKey], spans_b: Iterable[SpanKey],
             labels: Sequence[str] = ENTITY_LABELS) -> dict[str, PRF]:
    """label -> PRF, plus "micro" over all labels, for two span sets of one unit (document)."""
    a, b = set(map(tuple, spans_a)), set(map(tuple, spans_b))
    out = {label: PRF() for label in [*labels, *sorted({s[2] for s in a | b} - set(labels))]}
    for label, prf in out.items():
        prf.score_set({s for s in a if s[2] == label}, {s for s in b if s[2] == label})
    micro = PRF()
    micro.score_set(a, b)
    out["micro"] = micro
    return out


def kappa(labels_a: Sequence[str], labels_b: Sequence[str]) -> Optional[float]:
    """Cohen's kappa of two label sequences; None when undefined (no items, or one label only).

    sklearn gives NaN when chance agreement is 1 (both used a single, same label
    everywhere); that is reported as None, never as a number.
    """
    if not labels_a:
        return None
    from sklearn.metrics import cohen_kappa_score

    if len(set(labels_a) | set(labels_b)) < 2:
        return None
    value = float(cohen_kappa_score(list(labels_a), list(labels_b)))
    return None if math.isnan(value) else value


# --------------------------------------------------------------------------- disagreements


@dataclass
class Disagreement:
    """One cluster of overlapping spans where A and B differ, or one item's decision type."""

    doc: str
    start: int  # extent of the cluster in document offsets (item extent for a decision)
    end: int
    kind: str  # label | boundary | only_a | only_b | mixed | decision
    a: list[SpanKey] = field(default_factory=list)
    b: list[SpanKey] = field(default_factory=list)
    item: Optional[Any] = None  # decision disagreements: the item key
    label_a: str = "-"  # decisions: the types; spans: derived from a/b
    label_b: str = "-"
    reason_a: str = ""
    reason_b: str = ""

    def labels(self, side: str) -> str:
        spans = self.a if side == "a" else self.b
        if self.kind == "decision":
            return self.label_a if side == "a" else self.label_b
        return "+".join(s[2] for s in spans) if spans else "-"


def span_disagreements(doc: str, spans_a: Iterable[SpanKey], spans_b: Iterable[SpanKey]) -> list[Disagreement]:
    """Clusters of overlapping spans (A and B together) that are not identical on both sides."""
    a, b = set(map(tuple, spans_a)), set(map(tuple, spans_b))
    diff_a, diff_b = a - b, b - a
    # cluster over every span of the two passes that overlaps a differing one
    pool = sorted([(s, "a") for s in a] + [(s, "b") for s in b])
    clusters: list[list[tuple[SpanKey, str]]] = []
    end = -1
    for span, side in pool:
        if clusters and span[0] < end:
            clusters[-1].append((span, side))
            end = max(end, span[1])
        else:
            clusters.append([(span, side)])
            end = span[1]
    out = []
    for cluster in clusters:
        ca = sorted({s for s, side in cluster if side == "a"})
        cb = sorted({s for s, side in cluster if side == "b"})
        if not any(s in diff_a for s in ca) and not any(s in diff_b for s in cb):
            continue
        start = min(s[0] for s, _ in cluster)
        stop = max(s[1] for s, _ in cluster)
        if not cb:
            kind = "only_a"
        elif not ca:
            kind = "only_b"
        elif len(ca) == len(cb) == 1 and ca[0][:2] == cb[0][:2]:
            kind = "label"
        elif len(ca) == len(cb) == 1:
            kind = "boundary" if ca[0][2] == cb[0][2] else "boundary+label"
        else:
            kind = "mixed"
        out.append(Disagreement(doc, start, stop, kind, ca, cb))
    return out


# --------------------------------------------------------------------------- result


@dataclass
class AgreementResult:
    names: tuple[str, str]
    per_doc: dict[str, dict[str, PRF]]
    overall: dict[str, PRF]
    disagreements: list[Disagreement]
    decisions_a: dict[tuple[str, Any], str]
    decisions_b: dict[tuple[str, Any], str]
    kappa_overall: Optional[float]
    kappa_per_doc: dict[str, Optional[float]]
    decision_items: dict[str, int]  # doc -> items labelled by both
    decision_agreed: dict[str, int]
    labels: tuple[str, ...] = ENTITY_LABELS

    @property
    def span_disagreements(self) -> list[Disagreement]:
        return [d for d in self.disagreements if d.kind != "decision"]

    @property
    def decision_disagreements(self) -> list[Disagreement]:
        return [d for d in self.disagreements if d.kind == "decision"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "annotators": list(self.names),
            "spans": {
                "overall": {k: v.as_dict() for k, v in self.overall.items()},
                "per_doc": {d: {k: v.as_dict() for k, v in prf.items()} for d, prf in self.per_doc.items()},
                "disagreements": len(self.span_disagreements),
            },
            "decisions": {
                "kappa": self.kappa_overall,
                "kappa_per_doc": self.kappa_per_doc,
                "items": sum(self.decision_items.values()),
                "agreed": sum(self.decision_agreed.values()),
                "disagreements": len(self.decision_disagreements),
            },
        }


def compare(
    spans_a: Mapping[str, Iterable[SpanKey]],
    spans_b: Mapping[str, Iterable[SpanKey]],
    decisions_a: Mapping[str, Mapping[Any, str]] | None = None,
    decisions_b: Mapping[str, Mapping[Any, str]] | None = None,
    names: tuple[str, str] = ("A", "B"),
    labels: Sequence[str] = ENTITY_LABELS,
    docs: Optional[Iterable[str]] = None,
) -> AgreementResult:
    """Agreement of two annotators.

    ``spans_*``: doc id -> (start, end, label) in document offsets.
    ``decisions_*``: doc id -> {item key: decision type}. Only documents both
    annotators have (or those in ``docs``) are compared; an item one annotator
    left without a type is a disagreement but not part of kappa.
    """
    decisions_a = decisions_a or {}
    decisions_b = decisions_b or {}
    if docs is None:
        span_docs = set(spans_a) & set(spans_b)
        dec_docs = set(decisions_a) & set(decisions_b)
        docs = sorted(span_docs | dec_docs)
    docs = list(docs)
    per_doc: dict[str, dict[str, PRF]] = {}
    overall = {label: PRF() for label in labels}
    overall["micro"] = PRF()
    disagreements: list[Disagreement] = []
    flat_a: dict[tuple[str, Any], str] = {}
    flat_b: dict[tuple[str, Any], str] = {}
    kappa_doc: dict[str, Optional[float]] = {}
    n_items: dict[str, int] = {}
    n_agreed: dict[str, int] = {}
    for doc in docs:
        if doc in spans_a and doc in spans_b:
            prf = span_prf(spans_a[doc], spans_b[doc], labels)
            per_doc[doc] = prf
            for k, v in prf.items():
                overall.setdefault(k, PRF()).add(v)
            disagreements.extend(span_disagreements(doc, spans_a[doc], spans_b[doc]))
        da, db = dict(decisions_a.get(doc, {})), dict(decisions_b.get(doc, {}))
        if doc not in decisions_a or doc not in decisions_b:
            continue
        both = [k for k in _ordered_keys(da, db) if k in da and k in db]
        n_items[doc] = len(both)
        n_agreed[doc] = sum(da[k] == db[k] for k in both)
        kappa_doc[doc] = kappa([da[k] for k in both], [db[k] for k in both])
        for k in both:
            flat_a[(doc, k)], flat_b[(doc, k)] = da[k], db[k]
        for k in _ordered_keys(da, db):
            la, lb = da.get(k, "-"), db.get(k, "-")
            if la != lb:
                disagreements.append(Disagreement(doc, -1, -1, "decision", item=k, label_a=la, label_b=lb))
    keys = list(flat_a)
    kappa_all = kappa([flat_a[k] for k in keys], [flat_b[k] for k in keys])
    return AgreementResult(names, per_doc, overall, disagreements, flat_a, flat_b, kappa_all, kappa_doc,
                           n_items, n_agreed, tuple(labels))


def _ordered_keys(da: Mapping, db: Mapping) -> list:
    keys = list(dict.fromkeys(list(da) + list(db)))
    try:
        return sorted(keys)
    except TypeError:
        return sorted(keys, key=str)


# --------------------------------------------------------------------------- records (doccano / gold)


def split_by_annotator(records: Iterable[dict]) -> dict[str, list[dict]]:
    """annotator -> their records (``pull`` output has an "annotator" key per record)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        out[str(r.get("annotator") or "")].append(r)
    return dict(out)


def record_decisions(records: Iterable[dict]) -> dict[str, dict[Any, str]]:
    """doc id -> {item key: decision type} from decision records (one label each; none: left out)."""
    out: dict[str, dict[Any, str]] = defaultdict(dict)
    for r in records:
        if is_span_record(r):
            continue
        labels = r.get("label") or []
        if isinstance(labels, str):
            labels = [labels]
        if not labels:
            continue
        doc = str(r.get("document") or str(r.get("example_id", "")).split("#")[0])
        key = r.get("item") if r.get("item") is not None else r.get("example_id")
        out[doc][key] = labels[0] if len(labels) == 1 else "+".join(sorted(labels))
    return dict(out)


def compare_records(records_a: Sequence[dict], records_b: Sequence[dict],
                    names: tuple[str, str] = ("A", "B")) -> AgreementResult:
    """Agreement of two annotators' gold-format records (span and/or decision records mixed).

    Span records are compared in document offsets (their ``offset`` added), so
    annotators who worked on differently cut segments still compare.
    Only documents that both annotators touched are compared.
    """
    sa = document_spans([r for r in records_a if is_span_record(r)])
    sb = document_spans([r for r in records_b if is_span_record(r)])
    return compare(sa, sb, record_decisions(records_a), record_decisions(records_b), names)


def compare_annotators(records: Sequence[dict], a: Optional[str] = None, b: Optional[str] = None) -> AgreementResult:
    """Agreement of two annotators in one pulled file (the only two, unless named)."""
    groups = split_by_annotator(records)
    if a is None or b is None:
        names = sorted(n for n in groups if n)
        if len(names) != 2:
            raise ValueError(f"name the two annotators to compare: the records have {names}")
        a, b = names
    for n in (a, b):
        if n not in groups:
            raise ValueError(f"no records by annotator {n!r}; annotators: {sorted(groups)}")
    return compare_records(groups[a], groups[b], (a, b))
