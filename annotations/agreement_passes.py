"""The two line-based passes (``annotations/passes/{a,b}``) read and compared: span files and decision tables."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from referat.annotations.agreement_scores import AgreementResult, SpanKey, compare
from referat.annotations.gold import DECISION_TYPES, RAW_DIR
from referat.annotations.passes import read_pass

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
