"""The lines of a cleaned text, and what each line is.

`split_lines` cuts a text into `Line`s with their offsets. `LineClassifier` reads the lines of one
text for what the structure parser asks of each: a known heading (`lexicons/headings.json`; also in
a label column beside its text, or wrapped inside that column), a case number, a meta line, a
table-of-contents entry, and the non-blank lines around it. Item openers are found on top of this
(`openers.py`), sections and the whole document in `structure.py`.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

from referat.corpus import lexicon
from referat.corpus.lexicon import HeadingInfo

_BULLET = re.compile(r"^(?:[-•*–·▪◦]\s|\d{1,2}[.)]\s|[A-ZÆØÅa-zæøå][.)]\s|\(\w{1,3}\)\s|[ivx]{1,4}\)\s)")
# A label column's cell and its text on one line: `Økonomiudvalgets       Anbefales.` (pdftotext -layout)
_LABEL_CELL = re.compile(r"^(?P<indent> *)(?P<label>[^\s:]+(?: [^\s:]+){0,3}) {2,}\S")
_GAP = re.compile(r"\S {2,}\S")
_LABEL_WRAP_LINES = 3  # lines a label may wrap onto inside its column
_RULE = re.compile(r"\s*(?:[=_~]{3,}|-{3,}|\*{3,})\s*")
_LEAD_IN = re.compile(r"\bbesluttede\s*:?\s*$", re.IGNORECASE)


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


class LineClassifier:
    """The lines of one text, each classified once and on demand (the base of `StructureParser`)."""

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

    def _line_index_at(self, offset: int) -> int:
        """Index of the line holding `offset` (binary search: items x lines would be quadratic)."""
        return max(bisect_right(self._starts, offset) - 1, 0)
