"""Agreement between two annotators: span F1 per label, micro F1, Cohen's kappa, disagreements.

Spans match only exactly (same document, start, end and label). Precision is
A's spans measured against B (matched / |A|), recall B's against A
(matched / |B|); F1 is symmetric, so which annotator is A does not change it.
Decision types are compared item by item with Cohen's kappa
(``sklearn.metrics.cohen_kappa_score``) over the items both annotators labelled.

Inputs are plain mappings, so the same code serves the two line-based passes
(``annotations/passes/{a,b}``) and doccano annotators (records from ``pull``
carry ``"annotator"``: :func:`split_by_annotator`).

    python -m referat.annotations.agreement annotations/passes/a annotations/passes/b
    python -m referat.annotations.agreement pulled-spans.jsonl --decisions pulled-decisions.jsonl
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from spacy.scorer import PRFScore

from referat.annotations.gold import (
    DECISION_TYPES, ENTITY_LABELS, RAW_DIR, document_spans, document_texts, is_span_record, read_jsonl,
)
from referat.annotations.passes import read_pass

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


# --------------------------------------------------------------------------- passes


_ITEM_CELL = re.compile(r"(?:punkt|pkt\.?|item|sag)?\s*(\d+)\s*[.:]?", re.I)  # "3", "Punkt 3", "3."


def read_decision_pass(tsv_text: str, name: str = "decisions") -> dict[int, tuple[str, str]]:
    """ITEM_NUMBER<TAB>TYPE<TAB>reason rows -> {item: (type, reason)}; bad rows raise ValueError.

    The item cell may also be written ``Punkt 3`` or ``3.``.
    """
    out: dict[int, tuple[str, str]] = {}
    errors = []
    for n, row in enumerate(tsv_text.splitlines(), 1):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        parts = row.split("\t")
        m = _ITEM_CELL.fullmatch(parts[0].strip())
        try:
            item, label = int(m.group(1)) if m else int(parts[0].strip()), parts[1].strip()
        except (IndexError, ValueError):
            if n == 1 and parts[0].strip().lower() in ("item", "item_number", "punkt"):
                continue  # a header row
            errors.append(f"{name}:{n}: malformed row {row!r}")
            continue
        if label not in DECISION_TYPES:
            errors.append(f"{name}:{n}: unknown decision type {label!r}")
            continue
        if item in out:
            errors.append(f"{name}:{n}: item {item} given twice")
            continue
        out[item] = (label, "\t".join(parts[2:]).strip())
    if errors:
        raise ValueError("\n".join(errors))
    return out


@dataclass
class PassSet:
    """One annotator's passes over the documents: spans and decision types."""

    name: str
    spans: dict[str, list[SpanKey]]
    decisions: dict[str, dict[int, str]]
    reasons: dict[str, dict[int, str]]


def load_pass_dir(pass_dir: Path | str, raw_dir: Path | str | None = None,
                  doc_texts: Mapping[str, str] | None = None) -> PassSet:
    """Read annotations/passes/<name>/<doc>.tsv and <doc>.decisions.tsv against the document texts.

    Documents are read from ``raw_dir`` (corpus/raw) unless ``doc_texts`` gives
    them. A row that does not resolve raises (referat.annotations.passes.PassError).
    """

    pass_dir = Path(pass_dir)
    raw_dir = Path(raw_dir) if raw_dir else RAW_DIR
    spans: dict[str, list[SpanKey]] = {}
    decisions: dict[str, dict[int, str]] = {}
    reasons: dict[str, dict[int, str]] = {}
    for path in sorted(pass_dir.glob("*.tsv")):
        if path.name.endswith(".decisions.tsv"):
            doc = path.name[: -len(".decisions.tsv")]
            rows = read_decision_pass(path.read_text(encoding="utf-8"), str(path))
            decisions[doc] = {k: v[0] for k, v in rows.items()}
            reasons[doc] = {k: v[1] for k, v in rows.items()}
            continue
        doc = path.stem
        text = doc_texts[doc] if doc_texts and doc in doc_texts else (raw_dir / f"{doc}.txt").read_text(encoding="utf-8")
        spans[doc] = [(s.start, s.end, s.label) for s in read_pass(path.read_text(encoding="utf-8"), text, str(path))]
    return PassSet(pass_dir.name, spans, decisions, reasons)


def compare_passes(pass_a: PassSet, pass_b: PassSet) -> AgreementResult:
    result = compare(pass_a.spans, pass_b.spans, pass_a.decisions, pass_b.decisions, (pass_a.name, pass_b.name))
    for d in result.decision_disagreements:
        d.reason_a = pass_a.reasons.get(d.doc, {}).get(d.item, "")
        d.reason_b = pass_b.reasons.get(d.doc, {}).get(d.item, "")
    return result


# --------------------------------------------------------------------------- report


def _fmt(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _prf_cells(prf: PRF) -> str:
    if not prf.n_a and not prf.n_b:
        return "– | – | – | 0 | 0"
    return f"{prf.precision:.3f} | {prf.recall:.3f} | {prf.f1:.3f} | {prf.n_a} | {prf.n_b}"


def render_report(result: AgreementResult, title: str = "Inter-annotator agreement",
                  doc_texts: Mapping[str, str] | None = None, max_listed: int = 200) -> str:
    """Markdown: span P/R/F1 per label (overall and per document), kappa, the disagreements."""
    a, b = result.names
    lines = [f"# {title}", "",
             f"Annotators: **{a}** (A) and **{b}** (B). Spans match only exactly (document, start, end, label). "
             f"Precision = A's spans found by B / A's spans; recall = B's spans found by A / B's spans; "
             "F1 is symmetric. Decision types: Cohen's kappa (scikit-learn) over the items both labelled.", "",
             "## Spans, overall", "",
             "| label | P | R | F1 | spans A | spans B |", "|---|---:|---:|---:|---:|---:|"]
    for label in list(result.labels) + [k for k in result.overall if k not in result.labels and k != "micro"]:
        lines.append(f"| {label} | {_prf_cells(result.overall.get(label, PRF()))} |")
    lines.append(f"| **micro** | {_prf_cells(result.overall['micro'])} |")
    lines += ["", "## Spans, per document (F1; spans A/B)", "",
              "| document | " + " | ".join(result.labels) + " | micro F1 |",
              "|---" + "|---:" * (len(result.labels) + 1) + "|"]
    for doc, prf in result.per_doc.items():
        cells = []
        for label in result.labels:
            p = prf.get(label, PRF())
            cells.append("–" if not p.n_a and not p.n_b else f"{p.f1:.3f} ({p.n_a}/{p.n_b})")
        lines.append(f"| {doc} | " + " | ".join(cells) + f" | {prf['micro'].f1:.3f} |")
    lines += ["", "## Decision types", "",
              f"Cohen's kappa overall: **{_fmt(result.kappa_overall)}** over "
              f"{sum(result.decision_items.values())} items "
              f"({sum(result.decision_agreed.values())} agreed).", "",
              "| document | items | agreed | kappa |", "|---|---:|---:|---:|"]
    for doc in result.decision_items:
        lines.append(f"| {doc} | {result.decision_items[doc]} | {result.decision_agreed[doc]} | "
                     f"{_fmt(result.kappa_per_doc.get(doc))} |")
    if result.decisions_a:
        lines += ["", "Confusion (rows A, columns B):", ""] + _confusion(result)
    lines += ["", f"## Disagreements ({len(result.span_disagreements)} span clusters, "
                  f"{len(result.decision_disagreements)} decisions)", ""]
    kinds: dict[str, int] = defaultdict(int)
    for d in result.disagreements:
        kinds[d.kind] += 1
    if kinds:
        lines.append("By kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ".")
        lines.append("")
        lines += ["| document | offsets | kind | A | B |", "|---|---|---|---|---|"]
        for d in result.disagreements[:max_listed]:
            lines.append(f"| {d.doc} | {_where(d)} | {d.kind} | {_side(d, 'a', doc_texts)} | {_side(d, 'b', doc_texts)} |")
        if len(result.disagreements) > max_listed:
            lines.append(f"| … | {len(result.disagreements) - max_listed} more | | | |")
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _where(d: Disagreement) -> str:
    return f"item {d.item}" if d.kind == "decision" else f"{d.start}-{d.end}"


def _side(d: Disagreement, side: str, doc_texts: Mapping[str, str] | None) -> str:
    if d.kind == "decision":
        label = d.label_a if side == "a" else d.label_b
        reason = d.reason_a if side == "a" else d.reason_b
        return _md(f"{label}" + (f" ({reason})" if reason else ""))
    spans = d.a if side == "a" else d.b
    if not spans:
        return "–"
    text = (doc_texts or {}).get(d.doc)
    return "; ".join(_md(f"{s[2]} `{text[s[0]:s[1]]}`" if text else f"{s[2]} {s[0]}-{s[1]}") for s in spans)


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _confusion(result: AgreementResult) -> list[str]:
    used = [t for t in DECISION_TYPES if t in set(result.decisions_a.values()) | set(result.decisions_b.values())]
    used += sorted((set(result.decisions_a.values()) | set(result.decisions_b.values())) - set(used))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for k, la in result.decisions_a.items():
        counts[(la, result.decisions_b[k])] += 1
    out = ["| A \\ B | " + " | ".join(used) + " |", "|---" + "|---:" * len(used) + "|"]
    for la in used:
        out.append(f"| {la} | " + " | ".join(str(counts[(la, lb)] or "") for lb in used) + " |")
    return out


def write_report(result: AgreementResult, path: Path | str | None = None, **kwargs: Any) -> str:
    """Render the markdown report; write it to ``path`` when given; return it."""
    text = render_report(result, **kwargs)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text, encoding="utf-8")
    return text


def agreement_from_paths(
    a: Path, b: Optional[Path] = None, decisions: Optional[Path] = None,
    annotator_a: Optional[str] = None, annotator_b: Optional[str] = None, raw_dir: Optional[Path] = None,
) -> tuple[AgreementResult, dict[str, str]]:
    """Agreement from two pass folders, two JSONL files, or one pulled JSONL (plus pulled decisions)."""

    raw_dir = raw_dir or RAW_DIR
    if a.is_dir():
        if b is None or not b.is_dir():
            raise ValueError("give two pass folders (annotations/passes/a annotations/passes/b)")
        pa, pb = load_pass_dir(a, raw_dir), load_pass_dir(b, raw_dir)
        texts = {d: (raw_dir / f"{d}.txt").read_text(encoding="utf-8")
                 for d in set(pa.spans) | set(pb.spans) if (raw_dir / f"{d}.txt").exists()}
        return compare_passes(pa, pb), texts
    records = read_jsonl(a)
    extra = read_jsonl(decisions) if decisions else []
    if b is not None:
        records_b = read_jsonl(b)
        result = compare_records(records, records_b, (a.stem, b.stem))
        texts = _texts(records + records_b)
    else:
        result = compare_annotators(records + extra, annotator_a, annotator_b)
        texts = _texts(records)
    return result, texts


def _texts(records: Sequence[dict]) -> dict[str, str]:
    """Document texts rebuilt from segments (for showing span text in the report), where they tile."""

    out: dict[str, str] = {}
    groups = split_by_annotator([r for r in records if is_span_record(r) and "offset" in r])
    for recs in groups.values():
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for r in recs:
            by_doc[str(r.get("document"))].append(r)
        for doc, doc_recs in by_doc.items():
            if doc in out:
                continue
            try:
                out.update(document_texts(doc_recs))
            except ValueError:
                continue
    return out
