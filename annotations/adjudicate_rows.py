"""The adjudication file (``annotations/adjudication.tsv``): one row per disagreement, read and written,
and what an adjudication run returns (per-document summaries, the gold records, what is pending)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from referat.annotations.agreement import AgreementResult, SpanKey

COLUMNS = ("doc", "start", "end", "text", "label_a", "label_b", "kind", "spans_a", "spans_b",
           "context", "rule", "decision", "note")


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
