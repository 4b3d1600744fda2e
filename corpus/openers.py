"""Where agenda items open: item lines, and the ways to items where no line is numbered.

`ItemFinder.find_items` matches the non-blank lines against the item-line patterns
(`lexicons/items.json`), confirms a weak one by a case number or known heading close below (or, where
no opener is strong, by a decision heading before the next), and keeps those that read as one numbering
per meeting (`numbering.py`). Where a contents list names more items, they are found by title in the
body (`_from_contents`); where none is numbered, an item starts where the cycle of sections starts again
(`_from_cycles`), or at the numbered paragraphs of minutes without headings (`_paragraph_items`).
`_closing_item` is an unnumbered `Eventuelt` after the last item.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Optional

from referat.corpus import contents, lexicon
from referat.corpus.checks import meeting_titles
from referat.corpus.lines import _BULLET, LineClassifier
from referat.corpus.numbering import _Candidate, numbering

_LIST_NUMBER = re.compile(r"^(\d{1,4})\s*[.)]\s+\S")
_NUMBER_LINE = re.compile(r"(?:Punkt|Pkt\.?|Dagsordenspunkt|Sag)(?:\s+nr\.?)?\s*:?\s*(\d{1,4})(?!\d)(?:\s*(?:[·|,\t]|$).{0,160})?$",
                          re.IGNORECASE)
_NUMBER_AFTER = re.compile(r"\s*\((?:punkt|pkt\.?|dagsordenspunkt)\s*(\d{1,4})\)$", re.IGNORECASE)
_FACT_LINE = re.compile(r"[A-ZÆØÅ][\w./ -]{1,30}(?::[ \t]*|\t)\S.{0,150}")  # `Mødedato:\t15.03.2010`: a case fact
_LABEL_ALONE = re.compile(r"[A-ZÆØÅ][\w.\- ]{1,25}:?")  # `Sagsnummer`, `Ansvarlig`: a case fact's label
_DECISION_WORD = re.compile(r"\b(?:beslutning|afgørelse)", re.IGNORECASE)


class ItemFinder(LineClassifier):
    """The item openers of one text, read on the lines' classification (`LineClassifier`); the base of
    `StructureParser`."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.meeting_titles = meeting_titles(text)  # offsets; numbering restarts at each, and ingest warns of them
        self.warnings: list[str] = []  # notes for the user (a contents list the body disagrees with)

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

    # -- items found otherwise: a contents list, the cycle of sections, numbered paragraphs --
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
