"""Agenda items and their sections, found line by line in the cleaned text.

One pass over the lines classifies each one (item line, known heading, case number,
table-of-contents entry, heading-like line); items are then the confirmed item lines,
and sections the headings inside them. What a layout looks like is data
(`lexicons/items.json`, `headings.json`, `case_numbers.json`), so an unseen
municipality usually needs a lexicon entry, not code. Everything is linear in the
number of lines: a fixed look-ahead per line, no regex over the whole text.

The code is in layers, each module named for what it holds: the lines and their classification
(`lines.py`), the item openers (`openers.py`) and the numbering that chooses among them
(`numbering.py`), the sections and the whole document (here), and the choosing and cutting of
decision sections (`decision_sections.py`). Every name that stood here is still importable from here.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Optional

from referat.corpus import lexicon
from referat.corpus.decision_sections import (  # noqa: F401 (names kept importable from here)
    _ATTACHMENT, _latest_decision, _without_attendance, attendance_only, choose_decision, closing_decision,
    decision_after_recommendation, decision_text_of, headless_decision, unheaded_decision,
)
from referat.corpus.document import ParsedItem, ParsedSection
from referat.corpus.lines import (  # noqa: F401
    _BULLET, _GAP, _LABEL_CELL, _LABEL_WRAP_LINES, _LEAD_IN, _RULE, Line, split_lines,
)
from referat.corpus.numbering import (  # noqa: F401
    _CONFIRMED_BONUS, _GAP_COST, _GAP_COST_MAX, _GAP_COST_PER_NUMBER, _LIST_BREAK_COST, _LISTED_COST,
    _LOOK_BACK, _WEIGHT_STRONG, _WEIGHT_SUCCESSOR, _WEIGHT_WEAK, _Candidate, _alone, _gap_cost, _list_break,
    _prefer, _weight, numbering,
)
from referat.corpus.openers import (  # noqa: F401
    _DECISION_WORD, _FACT_LINE, _LABEL_ALONE, _LIST_NUMBER, _NUMBER_AFTER, _NUMBER_LINE, ItemFinder, _fits_above,
    _person_like,
)

_PARTY = re.compile(r"\([A-ZÆØÅ]{1,3}\)")
_SENTENCE_END = (".", ",", ";", ":", "!")


class StructureParser(ItemFinder):
    """Finds items and sections in one text; create one per document. The item openers and the lines'
    classification are its bases (`ItemFinder` in openers.py, `LineClassifier` in lines.py)."""

    # -- sections -------------------------------------------------------------------------
    def _unknown_heading(self, i: int, lo: int) -> bool:
        """A short line standing alone between paragraphs, like `Samtaler` or `Målgruppe`."""
        line = self.lines[i]
        s = line.stripped
        if not (2 <= len(s) <= 70) or len(s.split()) > 9:
            return False
        if not s[0].isupper() or s.endswith(_SENTENCE_END):
            return False
        if "\t" in line.text or "|" in s or _PARTY.search(s) or _BULLET.match(s):
            return False
        if i > lo and not self.lines[i - 1].blank:
            return False
        if i + 1 < len(self.lines) and not self.lines[i + 1].blank:
            return False
        if self.is_meta(i) or self.is_toc(i) or not any(ch.isalpha() for ch in s):
            return False
        if sum(ch.isdigit() for ch in s) > len(s) // 3:
            return False
        prev = self.prev_nonblank(i)
        if prev is None or prev < lo:
            return False
        if not self.heading(prev):
            p = self.lines[prev].stripped
            if len(p) < 60 and not p.endswith((".", ":", "!", "?")):
                return False
        nxt = self.next_nonblank(i)
        if nxt is None or self.heading(nxt) or self._looks_like_item(nxt):
            return False
        n = self.lines[nxt].stripped
        return len(n) >= 60 or (bool(_BULLET.match(n)) and len(n) >= 30)

    def parse_sections(self, first_line: int, end_line: int,
                       item_end: int) -> tuple[list[ParsedSection], list[ParsedSection]]:
        """Sections between lines first_line..end_line (exclusive), and the earlier meetings'
        decisions found inside a Sagsforløb (kept apart: they are not this meeting's)."""
        sections: list[ParsedSection] = []
        earlier: list[ParsedSection] = []
        boundaries: list[int] = []
        current: Optional[ParsedSection] = None
        last_known: Optional[str] = None
        in_history = False
        for i in range(first_line, end_line):
            line = self.lines[i]
            if line.blank:
                continue
            found = self.heading(i)
            if found and current is not None and current.role == "decision" and \
                    self.lex.attendance_line.match(line.stripped):
                found = None  # "Afbud: X" under a decision is a note of that decision, not a section
            if found:
                info, hlen = found
                if in_history and info.role in ("decision", "recommendation", "history"):
                    boundaries.append(line.start)
                    if info.role == "decision":
                        self._open(earlier, line, hlen, info.canonical, "history-decision", True, "Sagsforløb",
                                   self._wrapped_text(i))
                    continue
                in_history = info.role == "history"
                current = self._open(sections, line, hlen, info.canonical, info.role, True, None, self._wrapped_text(i))
                last_known = info.canonical
                continue
            if in_history or current is None or current.role in ("decision", "recommendation"):
                continue
            if self._unknown_heading(i, first_line):
                current = self._open(sections, line, len(line.text.rstrip()), line.stripped, None, False, last_known)
        for k, section in enumerate(sections):
            section.end = sections[k + 1].start if k + 1 < len(sections) else item_end
        if earlier:
            stops = sorted(set(boundaries + [sec.start for sec in sections] + [item_end]))
            for section in earlier:
                k = bisect_right(stops, section.start)
                section.end = stops[k] if k < len(stops) else item_end
        return sections, earlier

    def _open(self, sections: list[ParsedSection], line: Line, hlen: int, canonical: str,
              role: Optional[str], known: bool, parent: Optional[str], wrapped: Optional[str] = None) -> ParsedSection:
        heading_text = lexicon.strip_markup(wrapped or line.text[:hlen]).rstrip(":").strip().strip("*_").strip()
        start = line.start + (len(line.text) - len(line.text.lstrip()))
        body_start = line.start + hlen
        # inline text after "Beslutning:" starts after the colon and its spaces
        while body_start < line.end and self.text[body_start] in " \t":
            body_start += 1
        section = ParsedSection(heading_text, canonical, start, start, body_start, role, known, parent)
        sections.append(section)
        return section

    # -- the whole document ---------------------------------------------------------------
    def parse(self) -> tuple[list[ParsedItem], tuple[int, int], Optional[tuple[int, int]]]:
        """Items with sections, the header span and the trailer span (None if there is none)."""
        n = len(self.text)
        cands = self._from_contents(self.find_items()) or self._from_cycles() or self._paragraph_items()
        if not cands:
            return [], (0, n), None
        self._numbering_gaps(cands)
        closing = self._closing_item(cands[-1])
        if closing is not None:
            cands = cands + [closing]
        starts = [self.lines[c.line].start for c in cands]
        trailer_start = self._trailer_start(cands[-1])
        ends = starts[1:] + [trailer_start if trailer_start is not None else n]
        line_of = [c.line for c in cands] + [len(self.lines)]
        if trailer_start is not None:
            line_of[-1] = self._line_index_at(trailer_start)
        items: list[ParsedItem] = []
        for k, cand in enumerate(cands):
            items.append(self._item(cand, starts[k], ends[k], line_of[k + 1]))
        if any(s.role == "decision" for item in items for s in item.sections):  # minutes, not an agenda
            for item in items:
                headless_decision(item, self.text)
        else:  # no decision heading anywhere: a paragraph in decision wording after the recommendation, or
            for item in items:  # closing an item without headings, is the decision
                decision_after_recommendation(item, self.text)
                closing_decision(item, self.text)
        trailer = (trailer_start, n) if trailer_start is not None else None
        return items, (0, starts[0]), trailer

    def parse_item(self, minutes: bool = True) -> Optional[ParsedItem]:
        """The text as one agenda item (what `nlp(text)` is given): its opener on the first line
        (a status line may stand above it), its sections to the end; None where no item opens
        there. `minutes`: a decision written without a heading is read as the decision, as in
        minutes (one item's text has no other item's headings to tell minutes by)."""
        head = self.nonblank[:2]
        if head and self.lex.status_line.match(self.lines[head[0]].stripped):
            head = head[1:]
        cand = self._match_item_line(head[0]) if head else None
        if cand is None:
            return None
        item = self._item(cand, 0, len(self.text), len(self.lines))
        if minutes:
            headless_decision(item, self.text)
        return item

    def _numbering_gaps(self, cands: list[_Candidate]) -> None:
        """Say where the numbering jumps (an item may be missing), never merge silently."""
        numbers = [c.number for c in cands if c.number is not None]
        gaps = [(a, b) for a, b in zip(numbers, numbers[1:]) if b - a > 1]
        if gaps:
            shown = ", ".join(f"{a} to {b}" for a, b in gaps[:5])
            self.warnings.append(f"the item numbering jumps from {shown}: an item may be missing, "
                                 "or numbers are skipped on purpose (closed items left out)")

    def _trailer_start(self, last: _Candidate) -> Optional[int]:
        after = self.nonblank[bisect_right(self.nonblank, last.head_end_line):]
        parts = [self._address_parts(i) for i in after[:2]]
        for k, i in enumerate(after):
            parts.append(self._address_parts(after[k + 2]) if k + 2 < len(after) else 0)
            if self.lex.trailer.match(self.lines[i].stripped):
                return self.lines[i].start
            # the municipality's address footer: two parts on the line, or one here and one just below
            if parts[k] >= 2 or (parts[k] and (parts[k + 1] or parts[k + 2])):
                return self.lines[i].start
        return None

    def _address_parts(self, i: int) -> int:
        """How many kinds of address part (lexicons/items.json `address_parts`) line i holds."""
        s = self.lines[i].stripped
        if len(s) > self.lex.address_max_chars:
            return 0
        return sum(1 for part in self.lex.address_parts if part.search(s))

    def _item(self, cand: _Candidate, start: int, end: int, end_line: int) -> ParsedItem:
        title = cand.title
        closed = cand.closed
        m = self.lex.closed_prefix.match(title)
        if m:
            closed, title = True, title[m.end():].strip()
        m = self.lex.closed_suffix.search(title)
        if m:
            closed, title = True, title[: m.start()].strip()
        m = self.lex.open_suffix.search(title)
        if m:
            title = title[: m.start()].strip()
        if cand.line != cand.title_line and self.lex.closed_line.match(self.lines[cand.line].stripped):
            closed = True  # the status line above the opener: `Lukket`
        first_body = cand.head_end_line + 1
        sections, earlier = self.parse_sections(first_body, end_line, end)
        head_limit = self._line_index_at(sections[0].start) if sections else end_line
        case = None
        seen = 0
        for i in range(first_body, head_limit):
            if self.lines[i].blank:
                continue
            s = self.lines[i].stripped
            if self.lex.closed_line.match(s):  # "Lukket punkt" under the title
                closed = True
            m = self.lex.case_line.match(s)
            if m and case is None:
                case = m.group("case").strip()
            seen += 1
            if seen > self.lex.max_meta_lines + 1:
                break
        # "1. Title (2024-0012345)": a case number in parentheses at the end of the title
        m = self.lex.case_in_title.search(title)
        if m:
            case = case or m.group("case") or m.group("case2")
            title = title[: m.start()].rstrip()
        elif case is None:
            m = self.lex.case_anywhere.search(title)
            if m:
                case = m.group("case")
        tl = self.lines[cand.title_line]
        title_start = tl.start + tl.text.find(cand.title.split(" ")[0]) if cand.title else tl.start
        title_end = self.lines[cand.head_end_line].end
        item = ParsedItem(cand.number, title, case, closed, start, end, sections,
                          marker=cand.marker, title_start=max(title_start, tl.start), title_end=title_end,
                          earlier_decisions=earlier)
        recommendation = next((s for s in sections if s.role == "recommendation" and s.body(self.text)), None)
        if recommendation is not None:
            item.recommendation_text = recommendation.body(self.text)
        return item


def segment_items(text: str) -> list[tuple[int, int]]:
    """(number, start offset) of each numbered item: the quick view the annotation tools use."""
    items, _, _ = StructureParser(text).parse()
    return [(item.number, item.start) for item in items if item.number is not None]
