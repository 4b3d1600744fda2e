"""Adjudication: the gold corpus from two independent passes.

    python -m referat.annotations.adjudicate          # or: referat annotate adjudicate

reads ``annotations/passes/a`` and ``annotations/passes/b`` (spans: ``<doc>.tsv``,
decision types: ``<doc>.decisions.tsv``), compares them and

* keeps every span both passes have and every decision type both gave;
* lists every disagreement in ``annotations/adjudication.tsv``, one row per
  cluster of overlapping spans (or per item for decision types), with a
  ``decision`` column for the adjudicator;
* settles a disagreement by itself only where a clear rule of the annotation
  scheme decides it (column ``rule``, see :data:`RULES`): each side's spans are
  corrected by the rules (quotes, brackets and trailing punctuation outside;
  ``d.``/``i`` before a date, ``ca.`` before an amount, a generic ``projektet``
  before a project name left out; generic references, the council's bare title,
  percentages, clock times, weekdays, durations removed) and if the two sides
  are then the same, that is the answer. Anything else waits for a person;
* writes ``annotations/gold/entities.jsonl`` and ``decisions.jsonl`` (doccano
  JSONL, see :mod:`referat.annotations.gold`) for every document that both
  passes cover, and ``annotations/AGREEMENT.md``.

The ``decision`` column (filled by a person; re-running keeps it, keyed by
document and the two sides' spans):

=================  ===========================================================
(empty)            the rule's answer when ``rule`` has one, else pending
``rule``           the rule's answer (explicitly)
``keep_a``         A's spans / A's decision type
``keep_b``         B's spans / B's decision type
``both``           A's and B's spans (spans only; they must not overlap)
``neither``        no span here (spans only)
``relabel:X``      A's spans (B's when A has none) with label X; for an item,
                   decision type X
``span:S-E:L;...`` exactly these spans (document offsets S-E, label L)
=================  ===========================================================

A pending disagreement keeps only the spans both passes share inside it and no
decision type for the item: the gold is written, and AGREEMENT.md says how
many are pending. ``--strict`` makes pending or invalid rows an error.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from referat.annotations.agreement import Disagreement, PassSet, SpanKey, compare_passes, load_pass_dir
from referat.annotations.gold import (
    ANNOTATIONS_DIR, DECISION_TYPES, DECISIONS_FILE, ENTITIES_FILE, ENTITY_LABELS, GOLD_DIR, RAW_DIR,
    build_records, check_gold, ingest_document, manifest, map_spans, renumber, segments_for, write_jsonl,
)
from referat.annotations.adjudicate_report import render_agreement  # noqa: F401  (adjudicate_report.py)
from referat.annotations.adjudicate_rows import (  # noqa: F401  (the adjudication file: adjudicate_rows.py)
    COLUMNS, AdjudicationResult, DocSummary, Row, fmt_spans, parse_spans, read_rows, write_rows,
)
from referat.annotations.adjudicate_rules import RULES, guideline_fix, settle_by_rules  # noqa: F401

PASSES_DIR = ANNOTATIONS_DIR / "passes"
ADJUDICATION_FILE = ANNOTATIONS_DIR / "adjudication.tsv"
AGREEMENT_FILE = ANNOTATIONS_DIR / "AGREEMENT.md"


# --------------------------------------------------------------------------- adjudication


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    line = text.count("\n", 0, start) + 1
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return f"L{line}: …{left}[[{text[start:end]}]]{right}…"


def _resolve_row(row: Row, a: list[SpanKey], b: list[SpanKey], rule_spans: Optional[list[SpanKey]]
                 ) -> tuple[Optional[list[SpanKey]], str]:
    """(spans or None if pending, how) for a span row."""
    value = row.decision.strip()
    if not value:
        return (rule_spans, "rule") if rule_spans is not None else (None, "pending")
    if value == "rule":
        if rule_spans is None:
            raise ValueError("decision 'rule' but no guideline rule settles this row")
        return rule_spans, "rule"
    if value == "keep_a":
        return list(a), "keep_a"
    if value == "keep_b":
        return list(b), "keep_b"
    if value == "both":
        return sorted(set(a) | set(b)), "both"
    if value == "neither":
        return [], "neither"
    if value.startswith("relabel:"):
        label = value.split(":", 1)[1].strip()
        if label not in ENTITY_LABELS:
            raise ValueError(f"relabel to unknown label {label!r}")
        base = a or b
        return sorted({(s, e, label) for s, e, _ in base}), "relabel"
    if value.startswith("span:"):
        spans = parse_spans(value.split(":", 1)[1])
        for s in spans:
            if s[2] not in ENTITY_LABELS:
                raise ValueError(f"unknown label {s[2]!r}")
        return spans, "span"
    raise ValueError(f"unknown decision {value!r} (keep_a, keep_b, both, neither, relabel:X, span:S-E:L, rule)")


def _resolve_decision_row(row: Row) -> tuple[Optional[str], str]:
    value = row.decision.strip()
    if not value:
        return None, "pending"
    if value == "keep_a":
        label, how = row.label_a, "keep_a"
    elif value == "keep_b":
        label, how = row.label_b, "keep_b"
    elif value.startswith("relabel:"):
        label, how = value.split(":", 1)[1].strip(), "relabel"
    else:
        raise ValueError(f"unknown decision {value!r} for a decision type (keep_a, keep_b, relabel:X)")
    if label not in DECISION_TYPES:
        raise ValueError(f"{label!r} is not a decision type")
    return label, how


def adjudicate(
    pass_a: Path = PASSES_DIR / "a",
    pass_b: Path = PASSES_DIR / "b",
    raw_dir: Path = RAW_DIR,
    gold_dir: Optional[Path] = GOLD_DIR,
    adjudication_file: Optional[Path] = ADJUDICATION_FILE,
    report_file: Optional[Path] = AGREEMENT_FILE,
    ingest: Callable[[Path], Any] = ingest_document,
    docs: Optional[Sequence[str]] = None,
) -> AdjudicationResult:
    """Compare the passes, (re)write the adjudication file, apply it, write gold and report.

    Paths set to None are not written. Returns everything it computed.
    """
    import spacy

    nlp = spacy.blank("da")
    info = manifest(raw_dir)
    order = list(docs) if docs is not None else (list(info) or sorted(p.stem for p in raw_dir.glob("*.txt")))
    order += sorted(p.stem for p in raw_dir.glob("*.txt") if p.stem not in order) if docs is None else []
    texts = {d: (raw_dir / f"{d}.txt").read_text(encoding="utf-8") for d in order if (raw_dir / f"{d}.txt").exists()}
    pa = load_pass_dir(pass_a, raw_dir, texts) if pass_a.exists() else PassSet(pass_a.name, {}, {}, {})
    pb = load_pass_dir(pass_b, raw_dir, texts) if pass_b.exists() else PassSet(pass_b.name, {}, {}, {})
    ready = [d for d in order if d in pa.spans and d in pb.spans and d in texts]
    waiting = {}
    for d in order:
        missing = [f"{p.name}/{d}{ext}" for p in (pa, pb)
                   for ext, have in ((".tsv", d in p.spans), (".decisions.tsv", d in p.decisions)) if not have]
        if missing:
            waiting[d] = ", ".join(missing)
    only = lambda p: PassSet(p.name, {d: p.spans[d] for d in ready},  # noqa: E731
                             {d: v for d, v in p.decisions.items() if d in ready},
                             {d: v for d, v in p.reasons.items() if d in ready})
    result = compare_passes(only(pa), only(pb)) if ready else None
    old = {r.key: r for r in read_rows(adjudication_file)} if adjudication_file else {}
    rows: list[Row] = []
    errors: list[str] = []
    problems: list[str] = []
    flags: list[str] = []
    summaries: dict[str, DocSummary] = {}
    entity_records: list[dict] = []
    decision_records: list[dict] = []
    by_doc: dict[str, list[Disagreement]] = defaultdict(list)
    for d in (result.disagreements if result else []):
        by_doc[d.doc].append(d)

    for doc_id in ready:
        text = texts[doc_id]
        tokdoc = nlp.make_doc(text)
        ingested = ingest(raw_dir / f"{doc_id}.txt")
        segments = segments_for(ingested)
        item_seg = {s.item: s for s in segments if s.kind == "item"}
        items = {getattr(it, "number", None): it for it in (getattr(ingested, "items", None) or [])}
        summ = summaries[doc_id] = DocSummary(doc_id)
        a_set, b_set = set(pa.spans[doc_id]), set(pb.spans[doc_id])
        in_cluster: set[SpanKey] = set()
        gold: set[SpanKey] = set()
        for dis in by_doc[doc_id]:
            if dis.kind == "decision":
                continue
            summ.clusters += 1
            in_cluster |= set(dis.a) | set(dis.b)
            settled = settle_by_rules(tokdoc, dis.a, dis.b)
            rule_spans, rule_text = (settled[0], "; ".join(settled[1]) + " → " + (fmt_spans(settled[0]) or "no span")) \
                if settled else (None, "")
            row = Row(doc_id, dis.start, dis.end, text[dis.start:dis.end], dis.labels("a"), dis.labels("b"),
                      dis.kind, fmt_spans(dis.a), fmt_spans(dis.b), _context(text, dis.start, dis.end), rule_text)
            prev = old.pop(row.key, None)
            if prev is not None:
                row.decision, row.note = prev.decision, prev.note
            rows.append(row)
            try:
                spans, how = _resolve_row(row, dis.a, dis.b, rule_spans)
            except ValueError as err:
                errors.append(f"{doc_id} {row.start}-{row.end} ({row.spans_a} | {row.spans_b}): {err}")
                spans, how = None, "pending"
            summ.settled[how] += 1
            if spans is None:  # pending: keep what both share
                spans = sorted(set(dis.a) & set(dis.b))
            gold |= set(spans)
        for s in sorted(a_set & b_set):
            if s in in_cluster:
                continue
            gold.add(s)
            summ.spans_agreed += 1
            fixed, applied = guideline_fix(tokdoc, s)
            if applied:
                flags.append(f"{doc_id} {s[0]}-{s[1]} {s[2]} {text[s[0]:s[1]]!r}: both passes agree; "
                             f"rule {', '.join(applied)} would make it {fmt_spans([fixed]) if fixed else 'no span'}")
        # decisions
        da, db = pa.decisions.get(doc_id, {}), pb.decisions.get(doc_id, {})
        ra, rb = pa.reasons.get(doc_id, {}), pb.reasons.get(doc_id, {})
        decisions: dict[Any, str] = {}
        if doc_id in pa.decisions and doc_id in pb.decisions:
            for number in sorted(set(da) | set(db) | {n for n in item_seg if n is not None}, key=lambda x: (x is None, x)):
                if number not in item_seg:
                    errors.append(f"{doc_id}: the passes give a decision type for item {number}, "
                                  f"which the ingestion does not find")
                    continue
                summ.decisions_items += 1
                la, lb = da.get(number, "-"), db.get(number, "-")
                if la == lb and la != "-":
                    decisions[number] = la
                    summ.decisions_agreed += 1
                    continue
                summ.decisions_disagreed += 1
                seg = item_seg[number]
                it = items.get(number)
                row = Row(doc_id, seg.start, seg.end, text[seg.start:seg.end].strip().split("\n")[0], la, lb,
                          "decision", ra.get(number, ""), rb.get(number, ""),
                          _decision_context(it, text, seg), "", "", f"item {number}")
                row.start = seg.start
                prev = old.pop(row.key, None)
                if prev is not None:
                    row.decision, row.note = prev.decision, prev.note or row.note
                rows.append(row)
                try:
                    label, how = _resolve_decision_row(row)
                except ValueError as err:
                    errors.append(f"{doc_id} item {number}: {err}")
                    label, how = None, "pending"
                summ.settled_decisions[how] += 1
                if label is not None:
                    decisions[number] = label
        raw_spans = sorted(gold)
        spans, mproblems = map_spans(text, ingested.text, raw_spans)
        problems += [f"{doc_id}: {p}" for p in mproblems]
        try:
            ents, decs = build_records(doc_id, ingested.text, spans, decisions, ingested=ingested,
                                       municipality=info.get(doc_id, {}).get("municipality"))
        except ValueError as err:
            errors.append(f"{doc_id}: {err}")
            continue
        summ.gold_spans = sum(len(r["label"]) for r in ents)
        summ.gold_decisions = len(decs)
        entity_records += ents
        decision_records += decs

    renumber(entity_records)
    renumber(decision_records)
    problems += check_gold(entity_records, decision_records, nlp=nlp)
    adj = AdjudicationResult(result, rows, entity_records, decision_records, summaries, waiting, errors,
                             problems, flags, list(old.values()))
    if adjudication_file is not None:
        write_rows(adjudication_file, rows)
    if gold_dir is not None and ready:
        write_jsonl(Path(gold_dir) / ENTITIES_FILE, entity_records)
        write_jsonl(Path(gold_dir) / DECISIONS_FILE, decision_records)
    if report_file is not None:
        Path(report_file).write_text(render_agreement(adj, texts), encoding="utf-8")
    return adj


def _decision_context(item: Any, text: str, seg: Any) -> str:
    dec = getattr(item, "decision_text", None) if item is not None else None
    rec = getattr(item, "recommendation_text", None) if item is not None else None
    if dec is None and rec is None:
        chunk = text[seg.start:seg.end]
        i = chunk.find("Beslutning")
        return ("…" + chunk[i:i + 300] + "…") if i >= 0 else chunk[:300] + "…"
    return f"Beslutning: {(dec or '')[:300]} || Indstilling: {(rec or '')[:300]}"


# --------------------------------------------------------------------------- command


def summary_lines(adj: AdjudicationResult) -> list[str]:
    out = []
    for doc, s in adj.summaries.items():
        out.append(f"{doc}: {s.spans_agreed} spans agreed, {s.clusters} span disagreements "
                   f"({dict(s.settled)}), decisions {s.decisions_agreed}/{s.decisions_items} agreed "
                   f"({dict(s.settled_decisions)}); gold {s.gold_spans} spans, {s.gold_decisions} decisions")
    for doc, what in adj.waiting.items():
        out.append(f"{doc}: waiting for {what}")
    if adj.result is not None:
        micro = adj.result.overall["micro"]
        k = adj.result.kappa_overall
        out.append(f"span micro F1 {micro.f1:.3f} (A {micro.n_a}, B {micro.n_b}, matched {micro.matched}); "
                   f"decision kappa {'n/a' if k is None else f'{k:.3f}'}")
    out.append(f"{adj.pending} disagreement(s) pending in {ADJUDICATION_FILE.name}")
    for row in adj.stale:
        out.append(f"note: a decision in the old adjudication file no longer matches the passes: "
                   f"{row.doc} {row.spans_a or row.label_a} | {row.spans_b or row.label_b} -> {row.decision}")
    out += [f"error: {e}" for e in adj.errors]
    out += [f"problem: {p}" for p in adj.problems]
    return out
