"""Votes laid out as a table: a header line of sides (`For   Imod   Undlod`, `| Parti | For | Imod |`,
`Navn  Ja  Nej`, `Medlem  Parti  Stemme`) and rows under it, as minutes copied from a PDF or a web
table keep them. Two layouts, told apart by the header:

- the sides are the columns and the actors stand in them (`For  Imod` / `A    V` / `F    C`):
  each actor takes the side of the column it stands under;
- the actors are the rows (the header starts with another word: `Parti`, `Navn`, `Afstemning`):
  a mark under a side (`x`, a number that is not 0) gives the row's actor that side; under a
  column of votes (`Stemme`), the side word written there does.

Columns are found by position: a cell is a run of text between `|`, tabs or two spaces. The
words (sides, marks, vote columns) are data (`patterns/positions.json`, `tables`). Pure text in:
`table_votes` takes the lines and the actors already read and gives (actor, label) pairs.
"""
from __future__ import annotations

import re
from typing import Any, Optional, Sequence

_CELL = re.compile(r"[^|\t ]+(?: [^|\t ]+)*")  # a run of text; one space joins words, two end the cell
_RULE = re.compile(r"^[\s|:+=_-]*$")  # `|------|----|`, a line of dashes


def _cells(line: str) -> list[tuple[int, str]]:
    """(position, text) of each cell. Tab-separated lines do not align by character, so there a
    cell's position is its index (every tab opens a cell, empty ones too); elsewhere its column."""
    if "\t" in line:
        return [(k, cell.strip()) for k, cell in enumerate(line.split("\t")) if cell.strip()]
    return [(m.start(), m.group()) for m in _CELL.finditer(line)]


class TableWords:
    """The words a vote table is read by, compiled once (from `positions.json` `tables` and `counts`)."""

    def __init__(self, data: dict, side_of: Any) -> None:
        self.side_of = side_of  # written side -> "for" / "against" / "abstained" / None
        self.absent = re.compile(rf"^(?:{'|'.join(data['absent'])})$", re.IGNORECASE)
        self.vote_column = re.compile(rf"^(?:{'|'.join(data['vote_columns'])})$", re.IGNORECASE)
        self.marks = re.compile(rf"^(?:{'|'.join(data['marks'])})$")
        self.count = re.compile(r"^\(?\s*(\d{1,3})\s*\)?$")
        self.side_head = re.compile(r"^(?P<side>.+?)\s*(?:\(\s*\d{1,3}\s*\))?\s*:?$")

    def label(self, written: str) -> Optional[str]:
        """The position a side written in a header or a cell names (`For (15)`, `Imod:`, `Fraværende`)."""
        m = self.side_head.match(written.strip())
        side = m.group("side") if m else written.strip()
        if self.absent.match(side):
            return "ABSENT"
        return {"for": "FOR", "against": "AGAINST", "abstained": "ABSTAINED"}.get(self.side_of(side) or "")


def table_votes(lines: Sequence[tuple[int, int, str]], actors: Sequence[Any], words: TableWords) -> list[tuple[Any, str]]:
    """(actor, label) for every actor a vote table places; `lines` are (start, end, text) of the text,
    `actors` have `m_start` and `m_end` offsets into the same text."""
    out: list[tuple[Any, str]] = []
    k = 0
    while k < len(lines):
        header = _header(lines[k][2], words)
        if header is None:
            k += 1
            continue
        columns, by_rows = header
        k += 1
        while k < len(lines) and lines[k][2].strip() and not _header(lines[k][2], words):
            start, end, text = lines[k]
            if not _RULE.match(text):
                row = [a for a in actors if start <= a.m_start < end]
                out += (_by_row if by_rows else _by_column)(text, start, row, columns, words)
            k += 1
    return out


def _header(line: str, words: TableWords) -> Optional[tuple[list[tuple[int, Optional[str], bool]], bool]]:
    """[(column start, its label, whether it holds side words)], and whether the actors are the rows;
    None where the line is no header of a vote table (fewer than two sides, or a side-less cell after one)."""
    cells = _cells(line)
    columns = [(pos, words.label(text), bool(words.vote_column.match(text.strip(" :")))) for pos, text in cells]
    sides = sum(1 for _, label, _ in columns if label)
    votes = any(vote for _, _, vote in columns)
    if not (sides >= 2 or votes) or len(columns) < 2:
        return None
    first_is_side = columns[0][1] is not None
    if first_is_side and any(label is None for _, label, _ in columns):
        return None  # `For: A, F` is a statement, not a header
    return columns, not first_is_side


def _column_at(columns: list[tuple[int, Optional[str], bool]], pos: int,
               slack: int = 2) -> Optional[tuple[int, Optional[str], bool]]:
    """The column a cell starting at `pos` stands under: the last one starting at or before it (`slack`
    characters of it; none on a tab line, where positions are cell indices)."""
    before = [c for c in columns if c[0] <= pos + slack]
    return before[-1] if before else None


def _position(text: str, offset: int) -> int:
    """A character offset in the line as `_cells` counts positions (the cell index on tab lines)."""
    return text.count("\t", 0, offset) if "\t" in text else offset


def _by_column(text: str, start: int, row: list[Any], columns: list, words: TableWords) -> list[tuple[Any, str]]:
    out = []
    for actor in row:
        column = _column_at(columns, _position(text, actor.m_start - start), 0 if "\t" in text else 2)
        if column is not None and column[1] is not None:
            out.append((actor, column[1]))
    return out


def _by_row(text: str, start: int, row: list[Any], columns: list, words: TableWords) -> list[tuple[Any, str]]:
    if not row:
        return []
    actor = row[0]
    labels = []
    for pos, cell in _cells(text):
        if pos < _position(text, actor.m_end - start) or (pos == 0 and "\t" in text):
            continue
        column = _column_at(columns, pos, 0 if "\t" in text else 2)
        if column is None:
            continue
        _, label, vote = column
        if vote:
            labels.append(words.label(cell))
        elif label is not None and (words.marks.match(cell) or (words.count.match(cell) and int(words.count.match(cell).group(1)) > 0)):
            labels.append(label)
    labels = [label for label in labels if label]
    return [(actor, labels[0])] if len(set(labels)) == 1 else []
