"""Amendments in a decision text, for the reading of positions (`position_finders`): who proposed
each, the point it amends, the lines it covers (so the votes on them belong to it), its counts
and its written outcome.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from referat.pipeline.position_lexicon import normalise_point
from referat.pipeline.position_reader import VOTE_LABELS, _Actor, _Found, _Reader


@dataclass
class _Amendment:
    start: int
    end: int
    proposed_by: list[_Actor]
    outcome: Optional[str] = None
    counts: Optional[dict[str, Optional[int]]] = None
    point: Optional[str] = None  # the recommendation point it amends (`... vedr. indstillingspunkt 1:`)
    voted: bool = False


def _amendments(reader: _Reader, found: dict[tuple[int, int], _Found]
                ) -> tuple[list[_Amendment], dict[int, Optional[int]]]:
    """Amendments and the line -> amendment index of the lines each one covers.

    A proposal opens an amendment; the lines after it belong to it until a line that records
    the item's own decision (`1.-2. Godkendt.`, `Byrådet godkendte ...`, a count with such
    wording), the next proposal, or the written outcome (which ends it)."""
    lx, masked = reader.lx, reader.masked
    vote_lines = {f.line for f in found.values() if f.label in VOTE_LABELS}
    count_lines = {reader.line_of(s) for s, _, _ in reader.counts}
    counts_at = {reader.line_of(s): c for s, _, c in reader.counts}
    amendments: list[_Amendment] = []
    line_amendment: dict[int, Optional[int]] = {}
    current: Optional[_Amendment] = None
    for k, (start, end) in enumerate(zip(reader.line_starts, reader.line_ends)):
        line = masked[start:end]
        if not line.strip():
            continue
        proposal = _proposal(reader, start, end)
        if proposal is not None:
            current = _Amendment(start + len(line) - len(line.lstrip()), end, proposal)
            ref = lx.reference.search(line)
            current.point = normalise_point(ref.group("pt")) if ref else None
            amendments.append(current)
            line_amendment[k] = len(amendments) - 1
            continue
        if current is None:
            continue
        outcome = next(((label, m) for label, regex in lx.outcomes if (m := regex.search(line))), None)
        if outcome is not None:
            current.outcome = outcome[0]
            current.end = end
            line_amendment[k] = len(amendments) - 1
            if k in counts_at and current.counts is None:
                current.counts = counts_at[k]
            current = None
            continue
        if lx.decision_line.match(line) or (k in count_lines and re.search(lx.decision_wording, line, re.I)):
            current = None
            continue
        line_amendment[k] = len(amendments) - 1
        if k in counts_at and current.counts is None:
            current.counts = counts_at[k]
        if k in vote_lines:
            current.voted = True
            current.end = end
        elif not current.voted:
            current.end = end  # the proposal's own text
    return amendments, line_amendment


def _proposal(reader: _Reader, start: int, end: int) -> Optional[list[_Actor]]:
    """The proposers where the line proposes an amendment, else None ([] for an unnamed proposer)."""
    for regex, where in reader.lx.proposals:
        m = regex.search(reader.masked, start, end)
        if not m:
            continue
        chain = None
        if where == "before":
            chain = reader.before(m.start())
        elif where == "after":
            chain = reader.after(m.end())
        if chain:
            return list(chain)
        if where == "none" or "ændringsforslag" in m.group(0).casefold():
            return []
    return None
