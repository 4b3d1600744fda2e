"""The ingested view of one set of minutes: cleaned text, meeting, items, sections.

All offsets are character offsets into `IngestedDocument.text`, so that annotation,
training and extraction can point into the same string.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from referat.schema import Meeting

Kind = Literal["txt", "pdf", "html", "stdin", "text", "firstagenda"]


@dataclass
class ParsedSection:
    """A section of an item: its heading as printed and where it runs (heading included)."""

    heading: str
    canonical: str
    start: int
    end: int
    body_start: int
    role: Optional[str] = None  # "decision", "recommendation", "history" or None
    known: bool = True  # False: a heading-like line that is not in the lexicon
    parent: Optional[str] = None  # for an unknown heading: the canonical of the known section it sits in

    def body(self, text: str) -> str:
        """The section's text without its heading, stripped."""
        return text[self.body_start : self.end].strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading, "canonical": self.canonical, "start": self.start, "end": self.end,
            "body_start": self.body_start, "role": self.role, "known": self.known, "parent": self.parent,
        }


@dataclass
class ParsedItem:
    """An agenda item: number and title as printed, case number, closed flag, sections."""

    number: Optional[int]
    title: str
    case_number: Optional[str]
    closed: bool
    start: int
    end: int
    sections: list[ParsedSection] = field(default_factory=list)
    decision_text: Optional[str] = None
    decision_section: Optional[ParsedSection] = None
    recommendation_text: Optional[str] = None
    marker: Optional[str] = None  # e.g. "B" (beslutning) or "O" (orientering) after a Slagelse title
    title_start: int = 0
    title_end: int = 0
    # decisions of earlier meetings inside a Sagsforløb (not in `sections`, which tile the item)
    earlier_decisions: list[ParsedSection] = field(default_factory=list)

    def section_at(self, offset: int) -> Optional[str]:
        """Heading (as printed) of the section holding `offset`, None in the item's head or outside."""
        section = self.section_obj_at(offset)
        return section.heading if section is not None else None

    def section_obj_at(self, offset: int) -> Optional[ParsedSection]:
        """The section holding `offset` (None in the item's head or outside the item).

        A binary search over the section starts (sections follow each other in order): called
        once per entity, a scan would make one huge item with many sections quadratic.
        """
        cache = self.__dict__.get("_section_starts")
        if cache is None or cache[0] is not self.sections or cache[1] != len(self.sections):
            starts = [s.start for s in self.sections]
            ordered = all(a <= b for a, b in zip(starts, starts[1:]))
            cache = (self.sections, len(self.sections), starts if ordered else None)
            self.__dict__["_section_starts"] = cache
        starts = cache[2]
        if starts is None:  # sections out of order (hand-made): scan
            return next((s for s in self.sections if s.start <= offset < s.end), None)
        k = bisect_right(starts, offset) - 1
        for j in range(k, max(k - 4, -1), -1):  # a section ending early: the one before may hold offset
            section = self.sections[j]
            if section.start <= offset < section.end:
                return section
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number, "title": self.title, "case_number": self.case_number, "closed": self.closed,
            "marker": self.marker, "start": self.start, "end": self.end,
            "decision_text": self.decision_text, "recommendation_text": self.recommendation_text,
            "sections": [s.to_dict() for s in self.sections],
        }


@dataclass
class IngestedDocument:
    """One document after reading, clean-up and structure parsing."""

    source: str
    text: str
    kind: Kind
    meeting: Meeting
    items: list[ParsedItem]
    header: tuple[int, int]
    trailer: Optional[tuple[int, int]]
    warnings: list[str] = field(default_factory=list)
    encoding: Optional[str] = None  # the encoding a .txt/stdin file was decoded with
    pages: Optional[int] = None  # number of pages of a PDF

    def segments(self) -> list[tuple[str, Optional[int], int, int]]:
        """(kind, item number, start, end) for header, each item and trailer: a partition of `text`."""
        out: list[tuple[str, Optional[int], int, int]] = [("header", None, *self.header)]
        out += [("item", item.number, item.start, item.end) for item in self.items]
        if self.trailer is not None:
            out.append(("trailer", None, *self.trailer))
        return out

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source, "kind": self.kind, "encoding": self.encoding, "pages": self.pages,
            "meeting": self.meeting.model_dump(mode="json"),
            "header": list(self.header), "trailer": list(self.trailer) if self.trailer else None,
            "items": [item.to_dict() for item in self.items], "warnings": list(self.warnings),
        }
        if include_text:
            data["text"] = self.text
        return data
