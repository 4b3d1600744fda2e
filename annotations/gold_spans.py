"""Gold span records as spaCy Docs: exact token alignment, every problem span reported, never moved.

A span record (``entities.jsonl``, or a doccano span export) holds ``label`` =
[[start, end, LABEL], ...] in segment offsets; ``to_spacy_docs`` sets ``doc.ents``
from it, ``span_problems`` lists every span that is out of range, overlapping or not
on spaCy Danish token boundaries (one implementation for gold and doccano records).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional


def is_span_record(record: Mapping[str, Any]) -> bool:
    """A span (entity) record has [[start, end, LABEL], ...] labels or a segment key."""
    labels = record.get("label") or []
    if labels:
        return isinstance(labels[0], (list, tuple))
    return "segment" in record or "offset" in record


@dataclass(frozen=True)
class SpanProblem:
    """A gold span that cannot become a spaCy span as it is: reported, never moved or dropped."""

    document: str
    example_id: str
    start: int  # offset in the segment text
    end: int
    label: str
    surface: str
    reason: str
    offset: int = 0  # segment offset in the document
    annotator: Optional[str] = None

    @property
    def doc_start(self) -> int:
        return self.offset + self.start

    @property
    def doc_end(self) -> int:
        return self.offset + self.end

    def describe(self) -> str:
        who = f" by {self.annotator}" if self.annotator else ""
        return (
            f"{self.document} [{self.doc_start}:{self.doc_end}] (example {self.example_id} "
            f"[{self.start}:{self.end}]){who}: {self.label} {self.surface!r}: {self.reason}"
        )


class GoldAlignmentError(ValueError):
    """Raised listing every span that is not on spaCy token boundaries; ``.problems`` holds them."""

    def __init__(self, problems: list[SpanProblem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} gold span(s) cannot be aligned to spaCy tokens:\n  "
            + "\n  ".join(p.describe() for p in problems)
        )


def blank_nlp() -> Any:
    import spacy

    return spacy.blank("da")


def _record_doc(record: dict, nlp: Any) -> tuple[Any, list[SpanProblem]]:
    from spacy.tokens import Span as SpacySpan

    text = record["text"]
    doc = nlp.make_doc(text)
    problems: list[SpanProblem] = []
    kept: list[SpacySpan] = []

    def problem(start: int, end: int, label: str, reason: str) -> SpanProblem:
        return SpanProblem(
            document=str(record.get("document", "")), example_id=str(record.get("example_id", "")),
            start=start, end=end, label=label, surface=text[max(0, start):max(0, end)], reason=reason,
            offset=int(record.get("offset") or 0), annotator=record.get("annotator"),
        )

    for start, end, label in sorted((int(s), int(e), str(l)) for s, e, l in record.get("label") or []):
        if not 0 <= start < end <= len(text):
            problems.append(problem(start, end, label, f"offsets out of range (text length {len(text)})"))
            continue
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            outer = doc.char_span(start, end, alignment_mode="expand")
            hint = f"; the tokens there cover [{outer.start_char}:{outer.end_char}] {outer.text!r}" if outer else ""
            problems.append(problem(start, end, label, f"not on spaCy token boundaries{hint}"))
            continue
        if kept and span.start < kept[-1].end:
            prev = kept[-1]
            problems.append(problem(start, end, label,
                                    f"overlaps {prev.label_} [{prev.start_char}:{prev.end_char}] {prev.text!r}"))
            continue
        kept.append(span)
    if not problems:
        doc.ents = kept
    for key in ("document", "example_id", "municipality", "segment", "item", "offset", "annotator"):
        if key in record:
            doc.user_data[key] = record[key]
    return doc, problems


def span_problems(records: Iterable[dict], nlp: Any = None) -> list[SpanProblem]:
    """Every span of the records that is out of range, overlapping or not on token boundaries."""
    nlp = nlp or blank_nlp()
    out: list[SpanProblem] = []
    for record in records:
        if is_span_record(record):
            out.extend(_record_doc(record, nlp)[1])
    return out


def to_spacy_docs(records: Iterable[dict], nlp: Any = None, *, strict: bool = True) -> Any:
    """spaCy Docs with ``doc.ents`` set exactly from span records (strict token alignment).

    Tokens outside every span are O (``doc.ents`` is set, not left missing).
    With ``strict`` (the default) any span that is not on token boundaries,
    out of range or overlapping another raises GoldAlignmentError naming the
    document, the example id and the offsets (segment and document) of every
    such span. With ``strict=False`` it returns ``(docs, problems)``; a record
    with a problem then has no ents set at all, so no span is silently
    dropped or moved. ``doc.user_data`` keeps document, example_id, etc.
    """
    nlp = nlp or blank_nlp()
    docs, problems = [], []
    for record in records:
        doc, probs = _record_doc(record, nlp)
        docs.append(doc)
        problems.extend(probs)
    if strict:
        if problems:
            raise GoldAlignmentError(problems)
        return docs
    return docs, problems
