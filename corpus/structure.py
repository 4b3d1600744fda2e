"""Agenda items and their sections, found line by line in the cleaned text.

One pass over the lines classifies each one (item line, known heading, case number,
table-of-contents entry, heading-like line); items are then the confirmed item lines,
and sections the headings inside them. What a layout looks like is data
(`lexicons/items.json`, `headings.json`, `case_numbers.json`), so an unseen
municipality usually needs a lexicon entry, not code. Everything is linear in the
number of lines: a fixed look-ahead per line, no regex over the whole text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

from referat.corpus import contents, lexicon
from referat.corpus.checks import meeting_titles
from referat.corpus.dates import parse_date
from referat.corpus.document import ParsedItem, ParsedSection
from referat.corpus.lexicon import HeadingInfo

_BULLET = re.compile(r"^(?:[-•*–·▪◦]\s|\d{1,2}[.)]\s|[A-ZÆØÅa-zæøå][.)]\s|\(\w{1,3}\)\s|[ivx]{1,4}\)\s)")
_LIST_NUMBER = re.compile(r"^(\d{1,4})\s*[.)]\s+\S")
_PARTY = re.compile(r"\([A-ZÆØÅ]{1,3}\)")
_SENTENCE_END = (".", ",", ";", ":", "!")
# A label column's cell and its text on one line: `Økonomiudvalgets       Anbefales.` (pdftotext -layout)
_LABEL_CELL = re.compile(r"^(?P<indent> *)(?P<label>[^\s:]+(?: [^\s:]+){0,3}) {2,}\S")
_GAP = re.compile(r"\S {2,}\S")
_LABEL_WRAP_LINES = 3  # lines a label may wrap onto inside its column


@dataclass
class Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        """Empty, or a rule: `=====` under a title, `-----` between items."""
        return not self.text.strip() or bool(_RULE.fullmatch(self.text))


@dataclass
class _Candidate:
    line: int  # index of the line where the item starts
    title_line: int  # index of the line holding the title
    number: Optional[int]
    title: str
    marker: Optional[str]
    strong: bool
    confirmed: bool
    head_end_line: int  # last line index of the title (continuations included)
    closed: bool = False  # the item line itself says so: "3 (Lukket) Køb af ejendom"
    listed: bool = False  # a line of a numbered list: the line before or after is numbered one less or more
    list_above: Optional[int] = None  # that line before, numbered one less (see `numbering`)


def split_lines(text: str) -> list[Line]:
    """Lines with their offsets (the newline itself belongs to no line)."""
    lines: list[Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl == -1:
            nl = n
        lines.append(Line(pos, nl, text[pos:nl]))
        pos = nl + 1
    return lines


class StructureParser:
    """Finds items and sections in one text; create one per document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lex = lexicon.get()
        self.lines = split_lines(text)
        self._starts = [line.start for line in self.lines]
        self.nonblank = [i for i, line in enumerate(self.lines) if not line.blank]
        self._rank = {i: k for k, i in enumerate(self.nonblank)}
        self._heading_cache: dict[int, Optional[tuple[HeadingInfo, int]]] = {}
        self._decision_headed: Optional[bool] = None  # see `_other_decision_heading`
        self._wrap_cache: dict[int, Optional[tuple[HeadingInfo, int, int]]] = {}
        self.label_column = self._has_label_column()
        self.meeting_titles = meeting_titles(text)  # offsets; numbering restarts at each, and ingest warns of them
        self.warnings: list[str] = []  # notes for the user (a contents list the body disagrees with)

    # -- line classification -------------------------------------------------------------
    def heading(self, i: int) -> Optional[tuple[HeadingInfo, int]]:
        """(HeadingInfo, heading length) when line i is a known heading, else None. A fallback
        decision heading (`Konklusion:`) is an ordinary section where another heads the decisions."""
        found = self._known_heading(i)
        if found is not None and found[0].fallback is not None and self._other_decision_heading():
            return found[0].demoted(), found[1]
        if found is not None and found[0].role == "decision" and _LEAD_IN.search(self.lines[i].text):
            j = self.prev_nonblank(i)  # `Udvalget besluttede` under `Beslutning`: the decision's first words
            if j is not None and (above := self.heading(j)) is not None and above[0].role == "decision":
                return None
        return found

    def _known_heading(self, i: int) -> Optional[tuple[HeadingInfo, int]]:
        if i not in self._heading_cache:
            found = self.lex.headings.match(self.lines[i].text)
            if found is None and self.label_column:
                found = self.lex.headings.label(self.lines[i].text)
            if found is None:
                wrapped = self._wrapped_label(i)
                found = wrapped[:2] if wrapped is not None else None
            elif self._label_tail(i):
                found = None  # `beslutning:`, the end of `Økonomiudvalgets beslutning:` wrapped in its column
            self._heading_cache[i] = found
        return self._heading_cache[i]

    def _wrapped_label(self, i: int) -> Optional[tuple[HeadingInfo, int, int]]:
        """(heading, its length on line i, its last line) where line i opens a label column's cell
        whose label wraps onto the next lines inside the column, its text beside the first:
        `Økonomiudvalgets   Anbefales.` / `beslutning:`. The label's last line ends with a colon."""
        if i in self._wrap_cache:
            return self._wrap_cache[i]
        self._wrap_cache[i] = None
        m = _LABEL_CELL.match(self.lines[i].text)
        if m is None or not m.group("label")[:1].isupper():
            return None
        indent, width = len(m.group("indent")), m.end() - 1  # the text column starts at the last match char
        parts = [m.group("label")]
        for j in range(i + 1, min(i + 1 + _LABEL_WRAP_LINES, len(self.lines))):
            text = self.lines[j].text.rstrip()
            if not text.strip() or len(text) >= width or len(text) - len(text.lstrip(" ")) != indent or \
                    _GAP.search(text):
                return None
            part = text.strip()
            parts.append(part)
            if part.endswith(":"):
                found = self.lex.headings.match(" ".join(parts))
                if found is None or found[1] < len(" ".join(parts)) - 1:
                    return None
                self._wrap_cache[i] = (found[0], m.end("label"), j)
                return self._wrap_cache[i]
        return None

    def _wrapped_text(self, i: int) -> Optional[str]:
        """The whole label where line i opens one wrapped in its column (`Økonomiudvalgets beslutning`)."""
        wrapped = self._wrap_cache.get(i)
        if wrapped is None:
            return None
        label = _LABEL_CELL.match(self.lines[i].text).group("label")  # type: ignore[union-attr]
        return " ".join([label] + [self.lines[j].stripped for j in range(i + 1, wrapped[2] + 1)])

    def _label_tail(self, i: int) -> bool:
        """Whether line i ends a label wrapped in its column (see `_wrapped_label`)."""
        text = self.lines[i].text.rstrip()
        if not text.endswith(":") or _GAP.search(text):
            return False
        for k in range(i - 1, max(i - 1 - _LABEL_WRAP_LINES, -1), -1):
            if self.lines[k].blank:
                return False
            wrapped = self._wrapped_label(k)
            if wrapped is not None:
                return wrapped[2] == i
        return False

    def _other_decision_heading(self) -> bool:
        """Whether a decision heading other than a fallback one (`Beslutning`) stands in the document;
        one pass, on the first fallback heading met."""
        if self._decision_headed is None:
            self._decision_headed = any(
                found is not None and found[0].role == "decision" and found[0].fallback is None
                for found in map(self._known_heading, self.nonblank))
        return self._decision_headed

    def _has_label_column(self) -> bool:
        """Whether headings stand in a column beside their text (`Beslutning Godkendt.` on one line) in
        enough lines, a decision among them, to read every such line so."""
        headings = self.lex.headings
        found = []
        for i in self.nonblank:  # `label` first: it looks at the first word only, `match` at the whole line
            text = self.lines[i].text
            label = headings.label(text) if len(text) > 12 else None
            if label is not None and headings.match(text) is None:
                found.append(label)
        return len(found) >= self.lex.headings.label_column_min_lines and \
            any(info.role == "decision" for info, _ in found)

    def is_case(self, i: int) -> bool:
        return bool(self.lex.case_line.match(self.lines[i].stripped))

    def is_meta(self, i: int) -> bool:
        s = self.lines[i].stripped
        return self.is_case(i) or bool(self.lex.meta_line.match(s))

    def is_toc(self, i: int) -> bool:
        return bool(self.lex.toc_line.search(self.lines[i].text))

    def next_nonblank(self, i: int, step: int = 1) -> Optional[int]:
        """Index of the step-th non-blank line after line i (i itself non-blank)."""
        k = self._rank.get(i)
        if k is None:
            # i is blank: find the first non-blank after it
            j = i + 1
            while j < len(self.lines) and self.lines[j].blank:
                j += 1
            return j if j < len(self.lines) and step == 1 else None
        k += step
        return self.nonblank[k] if 0 <= k < len(self.nonblank) else None

    def prev_nonblank(self, i: int) -> Optional[int]:
        k = self._rank.get(i)
        if k is None or k == 0:
            return None
        return self.nonblank[k - 1]

    # -- items ----------------------------------------------------------------------------
    def _match_item_line(self, i: int) -> Optional[_Candidate]:
        s = lexicon.strip_markup(self.lines[i].text)
        if len(s) > 300 or self.is_toc(i):
            return None
        for pattern in self.lex.item_patterns:
            m = pattern.regex.match(s)
            if not m:
                continue
            number = int(m.group("number"))
            marker = m.groupdict().get("marker")
            title_line = i
            if pattern.title_below:
                j = self.next_nonblank(i)
                if j is None or self.heading(j) or self.is_case(j) or self.is_toc(j):
                    return None
                title = lexicon.strip_markup(self.lines[j].text)
                if len(title) > 300 or self._looks_like_item(j):
                    return None
                title_line = j
            else:
                title = lexicon.strip_markup(m.group("title"))
            if not pattern.strong:
                first = title[:1]
                if not first or first.islower() or not (first.isalpha() or first in "\"'“«„"):
                    return None
                if self.heading(title_line):
                    return None
            strong = pattern.strong or (marker is not None and marker in self.lex.markers and not _person_like(title))
            if title[:1].islower():  # "Punkt 2. i indstillingen ændres ..." is prose, not a title
                return None
            if marker is not None and marker not in self.lex.markers:
                # "(A)" and the like: a party letter, part of the title
                title, marker = f"{title} ({marker})", None
            head_end = self._title_continuation(title_line)
            if head_end > title_line:
                title = " ".join([title] + [self.lines[k].stripped for k in range(title_line + 1, head_end + 1)])
            status = (m.groupdict().get("status") or "").casefold()
            return _Candidate(i, title_line, number, title, marker, strong, False, head_end,
                              status in self.lex.closed_status)
        return None

    def _looks_like_item(self, i: int) -> bool:
        s = lexicon.strip_markup(self.lines[i].text)
        return any(p.regex.match(s) for p in self.lex.item_patterns)

    def _title_continuation(self, title_line: int) -> int:
        """Last line of a title wrapped over more lines (no blank line between). A line whose first
        word would have fit on the line above, as wide as the line itself shows the column to be,
        starts a paragraph: text wrapped at a fixed width puts title and text on adjacent lines."""
        end = title_line
        for j in range(title_line + 1, min(title_line + 3, len(self.lines))):
            line = self.lines[j]
            if line.blank or self.heading(j) or self.is_meta(j) or self.is_toc(j) or self._looks_like_item(j):
                break
            s = line.stripped
            if len(s) > 150 or _BULLET.match(s) or s.endswith((".", ":")):  # a sentence, not a title's end
                break
            if _fits_above(self.lines[end].text, line.text):
                break
            end = j
        return end

    def _confirmed(self, cand: _Candidate) -> bool:
        """A weak item line counts when a case number or a known heading follows closely."""
        j = cand.head_end_line
        meta = 0
        while True:
            j = self.next_nonblank(j)
            if j is None:
                return False
            if self.heading(j):
                return True
            if self.is_case(j):
                return True
            s = self.lines[j].stripped
            if self.is_meta(j) or (len(s) <= 60 and not s.endswith(".") and not self._looks_like_item(j)):
                meta += 1
                if meta > self.lex.max_meta_lines:
                    return False
                continue
            return False

    def find_items(self) -> list[_Candidate]:
        """Item lines in document order that read as one numbering (see `numbering`)."""
        cands: list[_Candidate] = []
        for i in self.nonblank:
            cand = self._match_item_line(i)
            if cand is None:
                continue
            cand.confirmed = self._confirmed(cand)
            cand.listed = self._in_list(cand)
            if cand.listed:
                j = self.prev_nonblank(cand.line)
                m = _LIST_NUMBER.match(self.lines[j].stripped) if j is not None else None
                if m and int(m.group(1)) == cand.number - 1:  # type: ignore[operator]
                    cand.list_above = j
            cands.append(cand)  # weak and unconfirmed: only as the next number of a chain (`numbering`)
        self._confirm_by_decisions(cands)
        for cand in cands:  # a status line just above the opener opens the item
            j = self.prev_nonblank(cand.line)
            if j is not None and self.lex.status_line.match(self.lines[j].stripped):
                cand.line = j
        # numbering starts again with each meeting where several stand in one file
        out: list[_Candidate] = []
        starts = [self._line_index_at(offset) for offset in self.meeting_titles]
        for lo, hi in zip([0] + starts[1:], starts[1:] + [len(self.lines)]):
            out.extend(numbering([c for c in cands if lo <= c.line < hi]))
        return out

    def _confirm_by_decisions(self, cands: list[_Candidate]) -> None:
        """The item cycle, where no item line is strong: a weak one with a decision heading before the next is an item
        (`12) Title`, a paragraph, `Beslutning den 3. maj 2019:`); and so is one just before such an item,
        numbered one less (the first item of the meeting, decided without a heading)."""
        decisions = [i for i in self.nonblank if (h := self.heading(i)) is not None and h[0].role == "decision"]
        if not decisions or any(c.strong for c in cands):
            return  # only where no opener is strong: `Punkt 9` over `1. Baggrund ... 4. Økonomi` in its case text
        by_heading = []
        for k, cand in enumerate(cands):
            end = cands[k + 1].line if k + 1 < len(cands) else len(self.lines)
            at = bisect_right(decisions, cand.head_end_line)
            by_heading.append(not cand.listed and at < len(decisions) and decisions[at] < end)
        for k, cand in enumerate(cands):
            after = cands[k + 1] if k + 1 < len(cands) else None
            before = (after is not None and by_heading[k + 1] and cand.number is not None
                      and after.number == cand.number + 1 and not cand.listed)
            if by_heading[k] or before:
                cand.confirmed = True

    def _in_list(self, cand: _Candidate) -> bool:
        """`3. Overgangen ...` after `2. Styrket læsning ...`: a numbered list in a case text (or a
        contents list), which an item opener is not: the lines around an item are the items' text."""
        if cand.number is None or cand.strong:
            return False
        for j, step in ((self.prev_nonblank(cand.line), -1), (self.next_nonblank(cand.head_end_line), 1)):
            if j is None:
                continue
            m = _LIST_NUMBER.match(self.lines[j].stripped)
            if m and int(m.group(1)) == cand.number + step:
                return True
        return False

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

    def _from_contents(self, cands: list[_Candidate]) -> list[_Candidate]:
        """The items of the contents list, found by title in the body, where the item-line patterns
        found fewer items than the list names; otherwise `cands` unchanged."""
        texts = [line.text for line in self.lines]
        listed = contents.find_contents(texts, self.lex.toc_line, cands[0].line if cands else None)
        if listed is None or len(listed.entries) <= len(cands):
            return cands
        found, missing = contents.locate(texts, listed)
        if len(found) <= len(cands):
            return cands
        note = contents.disagreement(listed, missing)
        if note:
            self.warnings.append(note)
        return [_Candidate(f.line, f.line, f.number, f.title, None, True, True, f.end_line) for f in found]

    def _numbering_gaps(self, cands: list[_Candidate]) -> None:
        """Say where the numbering jumps (an item may be missing), never merge silently."""
        numbers = [c.number for c in cands if c.number is not None]
        gaps = [(a, b) for a, b in zip(numbers, numbers[1:]) if b - a > 1]
        if gaps:
            shown = ", ".join(f"{a} to {b}" for a, b in gaps[:5])
            self.warnings.append(f"the item numbering jumps from {shown}: an item may be missing, "
                                 "or numbers are skipped on purpose (closed items left out)")

    def _from_cycles(self) -> list[_Candidate]:
        """Items without numbered openers (a page per item, items listed by title alone): an item
        starts where the sequence of sections starts again, at the title line above that heading.
        The cycle's first heading is the first known heading of the document (the decision heading
        alone in an excerpt of one item); only in minutes (a decision heading somewhere), and only
        where a title-like line stands above each start."""
        cases = [i for i in self.nonblank if self.is_case(i)]
        if len(cases) >= 2 and self._other_decision_heading():
            cands = [c for c in (self._title_above(i) for i in cases) if c is not None]
            # the case line recurs once per item, the title just above it (a page of items without numbers)
            if len(cands) == len(cases):
                return cands
        known = [i for i in self.nonblank if self.heading(i) and not self.lex.attendance_line.match(
            self.lines[i].stripped)]
        kinds = {self.heading(i)[0].canonical for i in known}  # type: ignore[index]
        if not any(self.heading(i)[0].role == "decision" for i in known):  # type: ignore[index]
            return []
        if len(kinds) < 2 and not any(_DECISION_WORD.search(self.lines[i].text) for i in known):
            return []  # one kind of heading alone cycles only where it says it is a decision
        first = self.heading(known[0])[0].canonical  # type: ignore[index]
        cands: list[_Candidate] = []
        for i in known:
            if self.heading(i)[0].canonical != first:  # type: ignore[index]
                continue
            cand = self._title_above(i)
            if cand is not None and not (cands and cand.line <= cands[-1].line):
                cands.append(cand)
        return cands

    def _paragraph_items(self) -> list[_Candidate]:
        """Items of minutes written without headings (`3. Title`, paragraphs, the decision as the last one),
        where nothing else found any: weak numbered lines that stand alone as a paragraph, number on from
        each other without a gap, are no numbered list (paragraphs of text between them) and are at
        least two."""
        chain: list[_Candidate] = []
        for i in self.nonblank:
            cand = self._match_item_line(i)
            if cand is None or cand.number is None or self._in_list(cand):
                continue
            below = cand.head_end_line + 1
            if below < len(self.lines) and not self.lines[below].blank:
                continue  # a title stands alone: a blank line below it
            if chain and (cand.number != chain[-1].number + 1 or
                          len([k for k in self.nonblank if chain[-1].head_end_line < k < cand.line]) < 2):
                if len(chain) >= 2:
                    break
                chain = []
            chain.append(cand)
        return chain if len(chain) >= 2 else []

    def _title_above(self, i: int) -> Optional[_Candidate]:
        """The item that line i (its first heading or its case line) opens: the title-like line above it,
        past the case facts between (`Sagsnr.: ...`, and a label alone with its value on the next line:
        `Ansvarlig` / `Kultur og Borgerservice`)."""
        j = self.prev_nonblank(i)
        meta = 0
        number: Optional[int] = None
        while j is not None and meta < 2 * self.lex.max_meta_lines:
            above = self.prev_nonblank(j)
            numbered = _NUMBER_LINE.match(self.lines[j].stripped)  # `Punkt 17 · Åben sag`, `Dagsordenspunkt nr.: 3`
            if numbered:
                number = int(numbered.group(1))
            if numbered or self.is_meta(j) or _FACT_LINE.fullmatch(self.lines[j].stripped):
                j, meta = above, meta + 1
            elif above is not None and self.is_meta(above) and _LABEL_ALONE.fullmatch(self.lines[above].stripped):
                j, meta = self.prev_nonblank(above), meta + 2  # a label's value, then the label
            else:
                break
        if j is None:
            return None
        title = lexicon.strip_markup(self.lines[j].text)
        if not title or len(title) > 200 or title.endswith((".", ":")) or self.heading(j) or \
                title[:1].islower() or self.is_meta(j) or self.lex.trailer.match(title):
            return None
        after = _NUMBER_AFTER.search(title)  # `Title (punkt 4)`
        if after:
            title, number = title[:after.start()].rstrip(), int(after.group(1))
        return _Candidate(j, j, number, title, None, True, True, j)

    def _line_index_at(self, offset: int) -> int:
        """Index of the line holding `offset` (binary search: items x lines would be quadratic)."""
        return max(bisect_right(self._starts, offset) - 1, 0)

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

    def _closing_item(self, last: _Candidate) -> Optional[_Candidate]:
        """`Eventuelt` without a number after the last numbered item, a known heading on the next line
        (lexicons/items.json `closing_items`): the meeting's closing item. Not past the trailer."""
        if last.number is None:
            return None
        for k in range(bisect_right(self.nonblank, last.head_end_line), len(self.nonblank) - 1):
            i = self.nonblank[k]
            s = lexicon.strip_markup(self.lines[i].text).rstrip(":").strip()
            if self.lex.trailer.match(s):
                return None
            if len(s) <= 40 and self.lex.closing_item.fullmatch(s) and self.heading(self.nonblank[k + 1]):
                return _Candidate(i, i, None, s, None, True, True, i)
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


# How much a candidate weighs in the numbering, and what a gap in it costs (see `numbering`).
_WEIGHT_STRONG, _WEIGHT_WEAK, _CONFIRMED_BONUS = 3.0, 2.5, 1.0
_GAP_COST, _GAP_COST_PER_NUMBER, _GAP_COST_MAX = 1.0, 0.1, 8.0
_WEIGHT_SUCCESSOR = 0.5  # a weak line with nothing to confirm it: `7. Lukket punkt: ...` right after item 6
_LISTED_COST = 1.5  # a line of a numbered list may still be an item (an agenda that is only its list)
_LIST_BREAK_COST = 2.0  # ... but only with the line above it, numbered one less, as the item before
_LOOK_BACK = 64  # candidates a number may follow: keeps the choice linear in the document


_ATTACHMENT = re.compile(r"^[ \t]*(?:[-•*][ \t]*)?[^\n]{1,150}\.(?:pdf|docx?|xlsx?|pptx?|odt|txt)[ \t]*"
                         r"(?:\([^)\n]{1,20}\))?[ \t]*$", re.MULTILINE | re.IGNORECASE)
_NUMBER_LINE = re.compile(r"(?:Punkt|Pkt\.?|Dagsordenspunkt|Sag)(?:\s+nr\.?)?\s*:?\s*(\d{1,4})(?!\d)(?:\s*(?:[·|,\t]|$).{0,160})?$",
                          re.IGNORECASE)
_NUMBER_AFTER = re.compile(r"\s*\((?:punkt|pkt\.?|dagsordenspunkt)\s*(\d{1,4})\)$", re.IGNORECASE)
_FACT_LINE = re.compile(r"[A-ZÆØÅ][\w./ -]{1,30}(?::[ \t]*|\t)\S.{0,150}")  # `Mødedato:\t15.03.2010`: a case fact
_LABEL_ALONE = re.compile(r"[A-ZÆØÅ][\w.\- ]{1,25}:?")  # `Sagsnummer`, `Ansvarlig`: a case fact's label
_RULE = re.compile(r"\s*(?:[=_~]{3,}|-{3,}|\*{3,})\s*")
_LEAD_IN = re.compile(r"\bbesluttede\s*:?\s*$", re.IGNORECASE)
_DECISION_WORD = re.compile(r"\b(?:beslutning|afgørelse)", re.IGNORECASE)


def _weight(cand: _Candidate) -> float:
    if not _alone(cand):
        weight = _WEIGHT_SUCCESSOR
    else:
        weight = (_WEIGHT_STRONG if cand.strong else _WEIGHT_WEAK) + (_CONFIRMED_BONUS if cand.confirmed else 0.0)
    return weight - (_LISTED_COST if cand.listed else 0.0)


def _alone(cand: _Candidate) -> bool:
    """Whether the candidate may start a chain or follow a gap (a weak line without a heading below may not)."""
    return cand.strong or cand.confirmed


def _gap_cost(gap: int) -> float:
    return 0.0 if gap == 0 else min(_GAP_COST + _GAP_COST_PER_NUMBER * gap, _GAP_COST_MAX)


def numbering(cands: list[_Candidate]) -> list[_Candidate]:
    """The candidates that make the best numbering: numbers rising through the document.

    Item numbers form a sequence (per meeting from 1, or running through the year from any
    number), so an item line is judged with its neighbours, not alone: the chosen chain
    rises strictly, weighs its lines (a strong opener or a heading close below counts more)
    and pays for every gap, so a year at a line start (`2013 ...` inside a wrapped title)
    or a list number inside a case text cannot cut the sequence. Of a number printed twice
    (a contents list, then the item) the confirmed line wins (`_prefer`). A line of a numbered
    list is an item only after the line above it, numbered one less (`_list_break`): the last
    line of a list in a case text, a heading below it, is no item of its own.
    Unnumbered candidates keep their place. Dynamic programming over a bounded look-back.
    """
    numbered = [c for c in cands if c.number is not None]
    if not numbered:
        return cands
    best: list[float] = []
    back: list[int] = []
    for j, cand in enumerate(numbered):
        alone = _alone(cand)
        score, prev = (_weight(cand) - _list_break(None, cand) if alone else float("-inf")), -1
        for i in range(max(0, j - _LOOK_BACK), j):
            other = numbered[i]
            gap = cand.number - other.number - 1  # type: ignore[operator]
            if gap < 0 or (gap > 0 and not alone) or best[i] == float("-inf"):
                continue
            total = best[i] + _weight(cand) - _gap_cost(gap) - _list_break(other, cand)
            if total > score or (total == score and prev >= 0 and _prefer(other, numbered[prev])):
                score, prev = total, i
        best.append(score)
        back.append(prev)
    top = max(best)
    if top <= 0:
        return [c for c in cands if c.number is None]
    ends = [k for k, value in enumerate(best) if value >= top - 1e-9]
    j = ends[-1]
    for k in ends:  # ties between lines of one number: as `_prefer` says
        if numbered[k].number == numbered[j].number and _prefer(numbered[k], numbered[j]):
            j = k
    chosen: set[int] = set()
    while j >= 0:
        chosen.add(id(numbered[j]))
        j = back[j]
    first = min(c.line for c in numbered if id(c) in chosen)
    last = max(c.line for c in numbered if id(c) in chosen)
    return [c for c in cands if id(c) in chosen or (c.number is None and first < c.line < last)]


def _list_break(before: Optional[_Candidate], cand: _Candidate) -> float:
    """What it costs that `cand`, a list line, follows another item than the list line above it."""
    if cand.list_above is None or (before is not None and before.line <= cand.list_above <= before.head_end_line):
        return 0.0
    return _LIST_BREAK_COST


def _prefer(a: _Candidate, b: _Candidate) -> bool:
    """Between two equal chains: the confirmed line, and of two confirmed the earlier (a list
    number further down the item is confirmed by the item's next heading); of two unconfirmed the
    later (a contents list's entries come before the items)."""
    if a.confirmed != b.confirmed:
        return a.confirmed
    return a.line < b.line if a.confirmed else a.line > b.line


def _fits_above(above: str, line: str) -> bool:
    """Whether the first word of `line` would have fit at the end of `above` in a column at least as
    wide as `line`: then `above` did not wrap there. Counted in characters, a tab as one, as a
    text export wraps them (`5.<TAB>Title` of a Word numbering)."""
    above, line = above.rstrip(), line.rstrip()
    word = line.split(None, 1)[0] if line.strip() else ""
    return bool(word) and len(above) + 1 + len(word) <= len(line)


def _person_like(title: str) -> bool:
    """`Anna Hansen` (before a party letter such as `(B)`) is a name, not an item title."""
    words = title.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words)


def choose_decision(item: ParsedItem, text: str, body: Optional[str] = None,
                    date_words: tuple[str, ...] = ()) -> None:
    """Set the item's decision section and text: this meeting's decision, never a Sagsforløb entry.

    Sections inside a history are already absorbed by the parser; among several decision
    headings, one naming this meeting's body or date wins, else one naming no body where the
    others name one, else the latest (`_latest_decision`).
    """
    keys = [k.casefold() for k in ((body,) if body else ()) + date_words if k]
    decisions = [s for s in item.sections if s.role == "decision"]
    if not decisions:
        # only a Sagsforløb: its entry that names this meeting's body or date, if any, is this meeting's
        named = [s for s in item.earlier_decisions if any(k in s.heading.casefold() for k in keys)]
        if not named:
            return
        decisions = named[-1:]
    chosen = decisions[0]
    if len(decisions) > 1:
        # the meeting's date names one meeting; the body's name may head an earlier one of its own
        dates = [k.casefold() for k in date_words if k]
        by_date = [s for s in decisions if any(k in s.heading.casefold() for k in dates)]
        named = by_date or [s for s in decisions if any(k in s.heading.casefold() for k in keys)]
        if named:
            chosen = named[0]
        else:
            chosen = _latest_decision(decisions)
    item.decision_section = chosen
    item.decision_text = decision_text_of(chosen.body(text)) or None


def _latest_decision(decisions: list[ParsedSection]) -> ParsedSection:
    """This meeting's decision among stacked ones that name neither its body nor its date. Minutes stack
    the treatments in order, so it is the last; where the headings' dates fall down the page (newest
    first), the one with the latest date; where one names no body and the others do (`Beslutning` under
    `Økonomiudvalgets beslutning`: the committees before this meeting are named, the meeting not), that one."""
    dated = [(d, k) for k, s in enumerate(decisions) if (d := parse_date(s.heading))]
    if len({d for d, _ in dated}) > 1 and dated[0][0] > dated[-1][0]:
        return decisions[max(dated)[1]]
    bodies = lexicon.get().body_name
    bare = [s for s in decisions if not bodies.search(s.heading)]
    if bare and len(bare) < len(decisions):
        return bare[0]
    return decisions[-1]


def headless_decision(item: ParsedItem, text: str) -> None:
    """In minutes, a decision printed without its heading: cut from the recommendation's last paragraph,
    or, where the item has no sections and no case history, the item's whole text."""
    decision_after_recommendation(item, text)
    if not item.earlier_decisions:
        unheaded_decision(item, text)


def unheaded_decision(item: ParsedItem, text: str) -> None:
    """In minutes, an item published without a heading (closed items, the signature sheet,
    `Henvendelser til formanden`) is its decision: its text, after the case number and other
    meta lines, becomes one decision section, the notes of who was away (`Afbud: X`) inside it.
    Call it only in a document known to be minutes; an item with other sections is left alone,
    and so is one that says it holds nothing (`Intet.`, lexicons/items.json `empty_bodies`)."""
    lex = lexicon.get()
    if lex.closing_item.fullmatch(item.title.strip().rstrip(":.").strip()):
        return  # what was raised under `Eventuelt` is an account, not a decision, where no heading says so
    notes = [s for s in item.sections if lex.attendance_line.match(s.heading + ":")]
    if len(notes) != len(item.sections):
        return
    end = notes[0].start if notes else item.end
    start = item.title_end
    for line in split_lines(text[start:end]):
        s = line.text.strip()
        if s and not (lex.case_line.match(s) or lex.meta_line.match(s) or lex.closed_line.match(s)):
            start += line.start + (len(line.text) - len(line.text.lstrip()))
            break
    else:
        return
    body = text[start:end].strip()
    if not body or lex.empty_body.fullmatch(body):
        return
    # the notes of who was away belong to the decision, as where a portal prints them in it
    item.sections[:] = [ParsedSection("Beslutning", "Beslutning", start, item.end, start, "decision", False, None)]


def decision_after_recommendation(item: ParsedItem, text: str) -> None:
    """A decision printed without its heading as the recommendation's last paragraph
    (`Byrådet godkendte indstillingen.`): cut it off the recommendation as a decision section.
    Only where the item has no decision section; the paragraph must open with decision wording
    (lexicons/items.json `decision_sentences`) and not be the recommendation's first."""
    if any(s.role == "decision" for s in item.sections):
        return
    lex = lexicon.get()
    for k, section in enumerate(item.sections):
        if section.role != "recommendation":
            continue
        body = text[section.body_start:section.end]
        paragraphs = [m for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", body)]
        for m in paragraphs[1:]:
            if lex.decision_sentence.match(m.group(0)):
                start = section.body_start + m.start()
                item.sections.insert(k + 1, ParsedSection("Beslutning", "Beslutning", start, section.end, start,
                                                          "decision", False, None))
                section.end = start
                if item.recommendation_text is not None:
                    item.recommendation_text = section.body(text)
                return


def closing_decision(item: ParsedItem, text: str) -> None:
    """An item without any section whose last paragraph opens in decision wording (`Udvalget godkendte
    ...`, `Taget til efterretning.`; lexicons/items.json `decision_sentences`): that paragraph is its
    decision, as minutes written without headings put it."""
    if item.sections:
        return
    body = text[item.title_end:item.end]
    paragraphs = list(re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", body))
    if len(paragraphs) < 2 or not lexicon.get().decision_sentence.match(paragraphs[-1].group(0)):
        return
    start = item.title_end + paragraphs[-1].start()
    item.sections.append(ParsedSection("Beslutning", "Beslutning", start, item.end, start, "decision", False, None))


def decision_text_of(body: str) -> str:
    """The decision without attendance notes such as `X (Æ) deltog ikke i mødet`."""
    lex = lexicon.get()
    body = "\n".join(line for line in body.split("\n") if not _RULE.fullmatch(line))  # `-----` under its heading
    attachment = _ATTACHMENT.search(body)  # `- Notat.pdf (146 KB)`: the attachments listed after it
    if attachment:
        body = body[:attachment.start()]
    text = _without_attendance(body)
    if not text and any(lex.attendance_line.match(line.strip()) for line in body.split("\n")):
        return body.strip()  # a decision that only notes who was away (a signature sheet) is still that note
    return text


def attendance_only(body: str) -> bool:
    """Whether a decision text holds nothing but notes of who was away (`Afbud: X`)."""
    return bool(body.strip()) and not _without_attendance(body)


def _without_attendance(body: str) -> str:
    lex = lexicon.get()
    kept = []
    skip_name = False
    for line in body.split("\n"):
        s = line.strip()
        if skip_name and s:
            skip_name = False
            if len(s) < 120:  # the names under a label alone on its line ("Ikke til stede:")
                continue
        if s and any(p.fullmatch(s) or (p.match(s) and len(s) < 120) for p in lex.absent_sentences):
            continue
        if s and lex.attendance_line.match(s):  # "Afbud: X" under a decision
            skip_name = not s.split(":", 1)[1].strip()
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def segment_items(text: str) -> list[tuple[int, int]]:
    """(number, start offset) of each numbered item: the quick view the annotation tools use."""
    items, _, _ = StructureParser(text).parse()
    return [(item.number, item.start) for item in items if item.number is not None]
