"""Annotation passes written line by line, turned into character spans.

A pass file (`annotations/passes/<pass>/<doc>.tsv`) has one mention per row:

    LINE<TAB>SPAN TEXT<TAB>LABEL[<TAB>N]

LINE is the 1-based line number in the document (as `show` prints it), SPAN TEXT
the exact characters of the mention, N which occurrence in that line (default 1).
Rows starting with `#` are comments. This keeps annotators away from counting
character offsets while every span stays exact and checkable.

    referat annotate show-lines corpus/raw/DOC.txt          # or a FirstAgenda .json, a .pdf ...
    referat annotate check-pass annotations/passes/a/DOC.tsv corpus/raw/DOC.txt
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import spacy

from referat.schema import ENTITY_LABELS
from referat.corpus import ingest

LABELS = ENTITY_LABELS


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


class PassError(ValueError):
    """A row of a pass file that does not resolve to a span."""


def line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def read_pass(tsv_text: str, doc_text: str, name: str = "pass") -> list[Span]:
    """Resolve every row to a span; raise PassError listing every bad row."""
    starts = line_starts(doc_text)
    lines = doc_text.split("\n")
    spans: list[Span] = []
    errors: list[str] = []
    for row_no, row in enumerate(tsv_text.splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        parts = row.split("\t")
        try:
            line_no, surface, label = int(parts[0]), parts[1], parts[2].strip()
            nth = int(parts[3]) if len(parts) > 3 and parts[3].strip() else 1
        except (IndexError, ValueError):
            errors.append(f"{name}:{row_no}: malformed row {row!r}")
            continue
        if label not in LABELS:
            errors.append(f"{name}:{row_no}: unknown label {label!r}")
            continue
        if not 1 <= line_no <= len(lines):
            errors.append(f"{name}:{row_no}: line {line_no} out of range")
            continue
        line = lines[line_no - 1]
        pos = -1
        for _ in range(nth):
            pos = line.find(surface, pos + 1)
            if pos < 0:
                break
        if pos < 0 or not surface:
            errors.append(f"{name}:{row_no}: {surface!r} (occurrence {nth}) not in line {line_no}: {line[:120]!r}")
            continue
        start = starts[line_no - 1] + pos
        spans.append(Span(start, start + len(surface), label))
    if errors:
        raise PassError("\n".join(errors))
    return sorted(set(spans), key=lambda s: (s.start, s.end))


def token_boundary_problems(doc_text: str, spans: list[Span]) -> list[str]:
    """Spans that start or end inside a spaCy Danish token."""
    doc = spacy.blank("da").make_doc(doc_text)
    problems = []
    for s in spans:
        if doc.char_span(s.start, s.end) is None:
            problems.append(f"{s.label} {s.start}-{s.end} {doc_text[s.start:s.end]!r} is not on token boundaries")
    return problems


def overlaps(spans: list[Span]) -> list[str]:
    out = []
    for a, b in zip(spans, spans[1:]):
        if b.start < a.end:
            out.append(f"overlap: {a} and {b}")
    return out


def document_text(doc_path: Path) -> str:
    """The text pass files refer to: a .txt as it is (the seeds), any other format as referat ingests it."""
    if doc_path.suffix.lower() == ".txt":
        return doc_path.read_text(encoding="utf-8")
    return ingest(doc_path).text


def show(doc_path: Path) -> None:
    for i, line in enumerate(document_text(doc_path).split("\n"), 1):
        if line.strip():
            print(f"{i}\t{line}")


def check(tsv_path: Path, doc_path: Path) -> int:
    doc_text = document_text(doc_path)
    try:
        spans = read_pass(tsv_path.read_text(encoding="utf-8"), doc_text, tsv_path.name)
    except PassError as err:
        print(err)
        return 1
    problems = token_boundary_problems(doc_text, spans) + overlaps(spans)
    for p in problems:
        print(p)
    counts: dict[str, int] = {}
    for s in spans:
        counts[s.label] = counts.get(s.label, 0) + 1
    print(f"{tsv_path.name}: {len(spans)} spans {counts}; {len(problems)} problems")
    return 1 if problems else 0
