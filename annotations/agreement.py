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

from collections import defaultdict
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from referat.annotations.gold import DECISION_TYPES, RAW_DIR, document_texts, is_span_record, read_jsonl
from referat.annotations.agreement_passes import (  # noqa: F401  (the passes: agreement_passes.py)
    PassSet, compare_passes, load_pass_dir, read_decision_pass,
)
from referat.annotations.agreement_scores import (  # noqa: F401  (the scores: agreement_scores.py)
    PRF, AgreementResult, Disagreement, SpanKey, compare, compare_annotators, compare_records, kappa,
    record_decisions, span_disagreements, span_prf, split_by_annotator,
)


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
