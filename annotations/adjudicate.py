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

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence

from referat.annotations.agreement import (
    AgreementResult, Disagreement, PassSet, SpanKey, compare_passes, load_pass_dir, render_report,
)
from referat.annotations.gold import (
    ANNOTATIONS_DIR, DECISION_TYPES, DECISIONS_FILE, ENTITIES_FILE, ENTITY_LABELS, GOLD_DIR, RAW_DIR,
    build_records, check_gold, ingest_document, manifest, map_spans, renumber, segments_for, write_jsonl,
)

PASSES_DIR = ANNOTATIONS_DIR / "passes"
ADJUDICATION_FILE = ANNOTATIONS_DIR / "adjudication.tsv"
AGREEMENT_FILE = ANNOTATIONS_DIR / "AGREEMENT.md"
COLUMNS = ("doc", "start", "end", "text", "label_a", "label_b", "kind", "spans_a", "spans_b",
           "context", "rule", "decision", "note")


# --------------------------------------------------------------------------- guideline rules

#: rule name -> the passage of the annotation scheme (v1) it applies
RULES: dict[str, str] = {
    "outside-quotes-brackets": "Surrounding quotes, brackets and trailing punctuation are outside the span.",
    "outside-trailing-punctuation": "Surrounding quotes, brackets and trailing punctuation are outside the span.",
    "date-starts-at-day": "DATE: `d. 1. august 2023` -> the span starts at `1.`.",
    "date-without-preposition": "DATE: a year used as a time reference (`i 2023` -> `2023`).",
    "amount-without-ca": "AMOUNT: `4,2 mio. kr.` (not the `ca.` before it).",
    "project-without-generic-word": "PROJECT: without a generic `projektet` before it; generic mentions "
                                    "(`projektet`, `indsatsen`, `puljen`) are out.",
    "party-generic-reference": "PARTY out: generic references (`udvalget`, `forvaltningen`, `kommunen`, "
                               "`jobcentret`, `a-kasserne`, `regeringen`), the council's bare title in any "
                               "case (`byrådet`, `Byrådet`, `kommunalbestyrelsen`).",
    "party-no-party": "PARTY out: `UFP`/`uden for parti` (no party).",
    "amount-percentage": "AMOUNT out: percentages (`66 %`, `20 pct.`).",
    "date-clock-time": "DATE out: clock times (`kl. 16:30`).",
    "date-weekday": "DATE out: weekdays alone.",
    "date-duration-or-age": "DATE out: durations (`26 uger`, `3-årigt`), ages (`18-24 år`).",
    "project-generic": "PROJECT out: generic mentions (`projektet`, `indsatsen`, `puljen`).",
}

_QUOTES_BRACKETS = set("\"'«»“”„‘’‚()[]{}<>")
_TRAILING = set(".,;:!?")
_GENERIC_PARTY = {
    "udvalget", "forvaltningen", "kommunen", "jobcentret", "jobcenteret", "a-kasserne", "regeringen",
    "byrådet", "kommunalbestyrelsen",
}
_GENERIC_PARTY |= {w + "s" for w in _GENERIC_PARTY}
_WEEKDAYS = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"}
_DURATION = re.compile(r"\d+(?:[,.]\d+)?(?:\s*[-–]\s*\d+)?\s+(?:år|uger|uge|dage|dag|måneder|måned|timer|time)")
_GENERIC_PROJECT = {"projektet", "projekt", "indsatsen", "puljen"}


def guideline_fix(doc: Any, span: SpanKey) -> tuple[Optional[SpanKey], list[str]]:
    """The span corrected by the scheme's clear rules: (span or None if it is out, rules applied).

    ``doc`` is the spaCy Doc of the whole document text; a span not on token
    boundaries is returned unchanged (it is reported elsewhere).
    """
    start, end, label = span
    sp = doc.char_span(start, end)
    if sp is None:
        return span, []
    toks = list(sp)
    rules: list[str] = []
    while toks and toks[0].text in _QUOTES_BRACKETS:
        toks, rules = toks[1:], rules + ["outside-quotes-brackets"]
    while toks and (toks[-1].text in _QUOTES_BRACKETS or toks[-1].text in _TRAILING):
        name = "outside-quotes-brackets" if toks[-1].text in _QUOTES_BRACKETS else "outside-trailing-punctuation"
        toks, rules = toks[:-1], rules + [name]
    if len(toks) > 1:
        first = toks[0].text
        if label == "DATE" and first.lower() == "d.":
            toks, rules = toks[1:], rules + ["date-starts-at-day"]
        elif label == "DATE" and first.lower() == "i":
            toks, rules = toks[1:], rules + ["date-without-preposition"]
        elif label == "AMOUNT" and first.lower() in ("ca.", "ca", "cirka"):
            toks, rules = toks[1:], rules + ["amount-without-ca"]
        elif label == "PROJECT" and first in ("projektet", "indsatsen", "puljen"):
            toks, rules = toks[1:], rules + ["project-without-generic-word"]
    if not toks:
        return None, rules or ["outside-quotes-brackets"]
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = doc.text[s:e]
    low = text.lower()
    out_rule = None
    if label == "PARTY" and low in _GENERIC_PARTY:
        out_rule = "party-generic-reference"
    elif label == "PARTY" and (text == "UFP" or low == "uden for parti"):
        out_rule = "party-no-party"
    elif label == "AMOUNT" and ("%" in text or re.search(r"\b(pct|procent)\b", low)):
        out_rule = "amount-percentage"
    elif label == "DATE" and (low.startswith("kl.") or re.fullmatch(r"\d{1,2}[:.]\d{2}", text)):
        out_rule = "date-clock-time"
    elif label == "DATE" and low in _WEEKDAYS:
        out_rule = "date-weekday"
    elif label == "DATE" and (_DURATION.fullmatch(low) or re.search(r"\d+-årig", low)):
        out_rule = "date-duration-or-age"
    elif label == "PROJECT" and low in _GENERIC_PROJECT:
        out_rule = "project-generic"
    if out_rule:
        return None, rules + [out_rule]
    return (s, e, label), rules


def settle_by_rules(doc: Any, spans_a: Sequence[SpanKey], spans_b: Sequence[SpanKey]
                    ) -> Optional[tuple[list[SpanKey], list[str]]]:
    """(spans, rules) when the rules make both sides the same; else None."""
    fixed_a, fixed_b, rules = set(), set(), []
    for spans, fixed in ((spans_a, fixed_a), (spans_b, fixed_b)):
        for s in spans:
            new, applied = guideline_fix(doc, tuple(s))
            rules += applied
            if new is not None:
                fixed.add(new)
    if fixed_a == fixed_b and rules:
        return sorted(fixed_a), list(dict.fromkeys(rules))
    return None


# --------------------------------------------------------------------------- the adjudication file


def fmt_spans(spans: Sequence[SpanKey]) -> str:
    return ";".join(f"{s}-{e}:{label}" for s, e, label in spans)


def parse_spans(value: str) -> list[SpanKey]:
    out = []
    for part in re.split(r"[;,]", value.strip()):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)-(\d+):([A-Z_]+)", part)
        if not m:
            raise ValueError(f"cannot read span {part!r} (write START-END:LABEL)")
        out.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return out


@dataclass
class Row:
    doc: str
    start: int
    end: int
    text: str
    label_a: str
    label_b: str
    kind: str
    spans_a: str
    spans_b: str
    context: str
    rule: str = ""
    decision: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        if self.kind == "decision":
            return (self.doc, "decision", str(self.start), self.label_a, self.label_b)
        return (self.doc, "spans", self.spans_a, self.spans_b)


def _clean(value: Any) -> str:
    return str(value).replace("\t", " ").replace("\r", "").replace("\n", " ⏎ ")


def write_rows(path: Path, rows: Sequence[Row]) -> None:
    """Plain TSV (no quoting): tabs and line breaks in text cells are replaced, so every row is one line."""
    lines = ["\t".join(COLUMNS)] + ["\t".join(_clean(getattr(r, c)) for c in COLUMNS) for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_rows(path: Path) -> list[Row]:
    """Rows of an adjudication file (tolerates columns in any order and extra columns)."""
    if not path.exists():
        return []
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    missing = [c for c in ("doc", "start", "end", "kind", "spans_a", "spans_b", "decision") if c not in header]
    if missing:
        raise ValueError(f"{path}: header lacks columns {missing}")
    rows = []
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        data = dict(zip(header, cells))
        try:
            rows.append(Row(**{c: (int(data[c]) if c in ("start", "end") else data.get(c, "").strip())
                               for c in COLUMNS}))
        except ValueError as err:
            raise ValueError(f"{path}:{n}: {err}") from err
    return rows


# --------------------------------------------------------------------------- adjudication


@dataclass
class DocSummary:
    doc: str
    spans_agreed: int = 0
    clusters: int = 0
    decisions_items: int = 0
    decisions_agreed: int = 0
    decisions_disagreed: int = 0
    settled: Counter = field(default_factory=Counter)  # how span clusters were settled
    settled_decisions: Counter = field(default_factory=Counter)
    gold_spans: int = 0
    gold_decisions: int = 0


@dataclass
class AdjudicationResult:
    result: Optional[AgreementResult]
    rows: list[Row]
    entity_records: list[dict]
    decision_records: list[dict]
    summaries: dict[str, DocSummary]
    waiting: dict[str, str]  # doc -> what is missing
    errors: list[str]
    problems: list[str]
    flags: list[str]  # agreed spans a rule would change (kept as agreed)
    stale: list[Row]

    @property
    def pending(self) -> int:
        return sum(s.settled["pending"] + s.settled_decisions["pending"] for s in self.summaries.values())


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


# --------------------------------------------------------------------------- report


def render_agreement(adj: AdjudicationResult, texts: Mapping[str, str]) -> str:
    """annotations/AGREEMENT.md: agreement per label per document and overall, kappa, settlement."""
    lines = [
        "# Agreement and adjudication of the gold corpus", "",
        "Generated by `referat annotate adjudicate` from the two "
        "independent passes in `annotations/passes/a` and `annotations/passes/b`; do not edit by hand. "
        "Disagreements are listed in `annotations/adjudication.tsv`; its `decision` column is filled by the "
        "adjudicator and applied on the next run. Rules of the annotation scheme settle a disagreement by "
        "themselves only where they make the two passes identical (column `rule`).", "",
        "## Status", "",
    ]
    total = DocSummary("all")
    lines += ["| document | spans agreed | span disagreements | settled by rule | settled by adjudicator "
              "| pending | gold spans | items | decision types agreed | decision disagreements | settled | pending "
              "| gold decisions |", "|---|" + "---:|" * 12]

    def row(name: str, s: DocSummary) -> str:
        by_person = sum(v for k, v in s.settled.items() if k not in ("rule", "pending"))
        dec_person = sum(v for k, v in s.settled_decisions.items() if k != "pending")
        return (f"| {name} | {s.spans_agreed} | {s.clusters} | {s.settled['rule']} | "
                f"{by_person} | {s.settled['pending']} | {s.gold_spans} | {s.decisions_items} | "
                f"{s.decisions_agreed} | {s.decisions_disagreed} | {dec_person} | "
                f"{s.settled_decisions['pending']} | {s.gold_decisions} |")

    for doc, s in adj.summaries.items():
        lines.append(row(doc, s))
        total.spans_agreed += s.spans_agreed
        total.clusters += s.clusters
        total.settled.update(s.settled)
        total.settled_decisions.update(s.settled_decisions)
        total.gold_spans += s.gold_spans
        total.decisions_items += s.decisions_items
        total.decisions_agreed += s.decisions_agreed
        total.decisions_disagreed += s.decisions_disagreed
        total.gold_decisions += s.gold_decisions
    if adj.summaries:
        lines.append(row("**all**", total))
    lines.append("")
    how = Counter(total.settled) + Counter({f"decision {k}": v for k, v in total.settled_decisions.items()})
    if how:
        lines.append("How disagreements were settled: " + ", ".join(f"{k} {v}" for k, v in sorted(how.items())) + ".")
        lines.append("")
    if adj.waiting:
        lines += ["Waiting for passes (not in the gold yet):", ""]
        lines += [f"- {doc}: {what}" for doc, what in adj.waiting.items()]
        lines.append("")
    if adj.errors or adj.problems:
        lines += ["## Problems", ""] + [f"- {_md(e)}" for e in adj.errors + adj.problems] + [""]
    identical = [d for d, prf in (adj.result.per_doc.items() if adj.result else [])
                 if prf["micro"].n_a >= 20 and prf["micro"].matched == prf["micro"].n_a == prf["micro"].n_b]
    if identical:
        lines += ["Independence check: the two passes are identical on every span of "
                  + ", ".join(f"`{d}`" for d in identical)
                  + ". Agreement is only meaningful for independent passes; confirm that neither annotator "
                  "saw the other's files before reading these numbers as inter-annotator agreement.", ""]
    lines += ["Who annotated: both passes were made by AI annotators, two separate instances of the same "
              "language model, each given the annotation scheme and told not to open the other's folder; "
              "neither could be watched. Two instances of one model share its reading of the scheme, so "
              "this agreement is an upper bound and is no measure of agreement between human annotators. "
              "The adjudication (`adjudication.tsv`) was done by the project lead against the scheme.", ""]
    if adj.result is not None:
        report = render_report(adj.result, title="Agreement between the passes", doc_texts=texts, max_listed=0)
        body = report.split("\n## Disagreements")[0]
        lines += [("#" + l if l.startswith("#") else l) for l in body.rstrip().split("\n")] + [""]
    if adj.rows:
        lines += ["## Disagreements and how they were settled", "",
                  "| document | where | kind | A | B | settled |", "|---|---|---|---|---|---|"]
        for r in adj.rows:
            if r.kind == "decision":
                a = f"{r.label_a} ({r.spans_a})" if r.spans_a else r.label_a
                b = f"{r.label_b} ({r.spans_b})" if r.spans_b else r.label_b
                where = r.note.split(";")[0] if r.note.startswith("item") else f"{r.start}-{r.end}"
            else:
                a = _show(r.spans_a, texts.get(r.doc, ""))
                b = _show(r.spans_b, texts.get(r.doc, ""))
                where = f"{r.start}-{r.end}"
            settled = r.decision or (f"rule: {r.rule}" if r.rule else "**pending**")
            lines.append(f"| {r.doc} | {where} | {r.kind} | {_md(a)} | {_md(b)} | {_md(settled)} |")
        lines.append("")
    if adj.flags:
        lines += ["## Agreed spans a rule would change (kept as agreed; check the guideline)", ""]
        lines += [f"- {_md(f)}" for f in adj.flags] + [""]
    lines += ["## Rules applied by themselves", ""] + [f"- `{k}`: {_md(v)}" for k, v in RULES.items()] + [""]
    return "\n".join(lines)


def _show(spans: str, text: str) -> str:
    if not spans:
        return "–"
    out = []
    for s, e, label in parse_spans(spans):
        out.append(f"{label} `{text[s:e]}`" if text else f"{label} {s}-{e}")
    return "; ".join(out)


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


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
