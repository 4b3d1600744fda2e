"""The counts of a vote as written in a decision text (`20 for og 5 imod`, `For: 22`), for the
reading of positions (`position_finders`): every count with its side, grouped one per vote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from referat.pipeline.position_reader import _Reader

COUNT_KEYS = ("for", "against", "abstained")


@dataclass
class _Mention:
    start: int
    end: int
    side: str  # "for", "against" or "abstained"
    number: int
    inner: Optional[tuple[int, int]] = None  # `4 stemmer (Ø og F) mod 23`: the bracket of the first side


def _mentions(reader: _Reader) -> list[_Mention]:
    """Every count as written, in order: a number with its side; `20 mod 5` gives two."""
    lx, masked = reader.lx, reader.masked
    out: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for form, regex in enumerate(lx.count_mentions):
        for m in regex.finditer(masked):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if lx.count_not_before.search(masked, max(0, m.start() - 12), m.start()):
                continue  # `punkt 3 for`, `kl. 10 for`
            taken.append((m.start(), m.end()))
            if "m" in m.groupdict() and m.group("m"):
                inner = (m.start("inner"), m.end("inner")) if m.group("inner") else None
                n, k = lx.number(m.group("n")), lx.number(m.group("m"))
                if n is None or k is None:
                    continue
                first, second = _sides(lx, masked, m.start(), n, k)
                out.append(_Mention(m.start(), m.start("m"), first, n, inner))
                out.append(_Mention(m.start("m"), m.end(), second, k))
                continue
            side = lx.count_side(m.group("side"))
            number = lx.number(m.group("n"))
            if side is not None and number is not None:
                out.append(_Mention(m.start(), m.end(), side, number))
    return sorted(out, key=lambda c: c.start)


def _sides(lx, masked: str, start: int, first: int, second: int) -> tuple[str, str]:
    """The sides of `N mod M`: for and against as written, unless the outcome just before says otherwise
    (`forkastet med 18 stemmer mod 7`: a rejected proposal had fewer votes for than against)."""
    before = masked[max(0, start - 60):start]
    outcome = None
    for m in lx.count_outcome.finditer(before):
        outcome = m
    if outcome is not None and re.search(r"[.!?\n]", before[outcome.end():]) is None and first != second:
        if outcome.group("rejected") and first > second or outcome.group("adopted") and first < second:
            return "against", "for"
    return "for", "against"


#: Mentions further apart than this belong to different votes.
_COUNT_REACH = 160


def _counts(reader: _Reader) -> list[tuple[int, int, dict[str, Optional[int]]]]:
    """Counts as written, one per vote, in order: (start, end, {"for", "against", "abstained"}).
    Mentions close together make one vote until a side comes again (`3 for og 18 imod. ... 18 for`)."""
    out: list[tuple[int, int, dict[str, Optional[int]]]] = []
    for mention in reader.mentions:
        if out:
            start, end, value = out[-1]
            if value[mention.side] is None and mention.start - end <= _COUNT_REACH:
                value[mention.side] = mention.number
                out[-1] = (start, mention.end, value)
                continue
        value = {key: None for key in COUNT_KEYS}
        value[mention.side] = mention.number
        out.append((mention.start, mention.end, value))
    return out
