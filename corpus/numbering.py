"""Item-line candidates, and the numbering that chooses the items among them.

A `_Candidate` is a line that an item-line pattern matched (or a title found another way: a contents
list, a cycle of sections); `numbering` keeps those that read as one numbering rising through the
document, a dynamic program over a bounded look-back that weighs each line and pays for each gap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


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


# How much a candidate weighs in the numbering, and what a gap in it costs (see `numbering`).
_WEIGHT_STRONG, _WEIGHT_WEAK, _CONFIRMED_BONUS = 3.0, 2.5, 1.0
_GAP_COST, _GAP_COST_PER_NUMBER, _GAP_COST_MAX = 1.0, 0.1, 8.0
_WEIGHT_SUCCESSOR = 0.5  # a weak line with nothing to confirm it: `7. Lukket punkt: ...` right after item 6
_LISTED_COST = 1.5  # a line of a numbered list may still be an item (an agenda that is only its list)
_LIST_BREAK_COST = 2.0  # ... but only with the line above it, numbered one less, as the item before
_LOOK_BACK = 64  # candidates a number may follow: keeps the choice linear in the document


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
