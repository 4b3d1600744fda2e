"""Finding positions in an item's decision text: the reading behind `referat_positions`.

The component (`positions.py`) decides where to read and turns what is found here into spans
and the contract's `votes`; this module (with `position_reader`, `position_counts`,
`position_amendments` and `position_people`) holds the reading itself: actors and their cues
(`patterns/positions.json`, through `PositionLexicon`), the point a vote concerns, amendments
and their outcome, the counts as written, and the meeting's participants whose letters fill in
a person named without one. Pure text in, plain dicts out, so it can be tested and reused
without a pipeline.
"""
from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from referat.corpus.regexes import SENTENCE_END
from referat.pipeline.position_amendments import _amendments
from referat.pipeline.position_counts import COUNT_KEYS
from referat.pipeline.position_lexicon import SIDE_LABELS, PositionLexicon, normalise_point
from referat.pipeline.position_people import NAME_MATCH_CUTOFF, meeting_participants
from referat.pipeline.position_reader import _INLINE, VOTE_LABELS, _Actor, _Found, _Reader
from referat.pipeline.position_tables import table_votes
from referat.pipeline.resources import default_resources

# The text read once (`_Reader`, the actors) lives in position_reader.py, the counts as written in
# position_counts.py, the amendments in position_amendments.py, the meeting's members in
# position_people.py; the names above keep them importable from here.
__all__ = ["COUNT_KEYS", "NAME_MATCH_CUTOFF", "VOTE_LABELS", "find_votes", "meeting_participants"]


# ------------------------------------------------------------------ finding positions


def find_votes(text: str, region: tuple[int, int], lexicon: Optional[PositionLexicon] = None,
               participants: Optional[Sequence[Any]] = None) -> dict[str, Any]:
    """The contract's `votes` for the decision text `text[region[0]:region[1]]`, offsets into `text`.

    `participants`: the meeting's members ({"name", "party"} dicts or objects with those
    attributes); a person named without a letter takes the letter listed there."""
    lx = lexicon or default_resources().positions
    offset, end = region
    reader = _Reader(text[offset:end], lx, participants or [])
    found = _find(reader)
    amendments, line_amendment = _amendments(reader, found)
    counts = None
    for start, _, value in reader.counts:
        if line_amendment.get(reader.line_of(start)) is None:
            counts = value
            break
    count_lines = {reader.line_of(start): start for start, _, _ in reader.counts}
    vote_lines = {f.line for f in found.values() if f.label in VOTE_LABELS}
    positions = []
    for f in sorted(found.values(), key=lambda f: f.actor.start):
        amendment = line_amendment.get(f.line) if f.label in VOTE_LABELS else None
        point = None
        if f.label in VOTE_LABELS:
            point = (amendments[amendment].point if amendment is not None
                     else _point(reader, f, line_amendment, vote_lines, count_lines))
        a = f.actor
        positions.append({"position": f.label, **a.as_dict(), "point": point, "amendment": amendment,
                          "text": text[offset + a.start:offset + a.end], "start": offset + a.start,
                          "end": offset + a.end})
    return {
        "counts": counts,
        "positions": positions,
        "amendments": [
            {"proposed_by": [p.as_dict() for p in a.proposed_by], "outcome": a.outcome,
             "start": offset + a.start, "end": offset + a.end, "counts": a.counts, "point": a.point}
            for a in amendments
        ],
    }


def _find(reader: _Reader) -> dict[tuple[int, int], _Found]:
    """Every actor next to a cue, one label per actor span (a weak cue yields to any other)."""
    lx, masked = reader.lx, reader.masked
    matches: dict[tuple[int, int], list[Any]] = {}
    for cue in lx.cues:
        for m in cue.regex.finditer(masked):
            matches.setdefault((m.start(), m.end()), []).append(cue)
    spans = sorted(matches, key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue  # inside a longer cue
        kept.append(span)
    found: dict[tuple[int, int], _Found] = {}
    for start, end in kept:
        for cue in matches[(start, end)]:
            actors = _actors_of(reader, cue, start, end)
            if not actors:
                continue
            line = reader.line_of(start)
            for actor in actors:
                key = (actor.start, actor.end)
                old = found.get(key)
                if old is None or (old.weak and not cue.weak):
                    found[key] = _Found(actor, cue.label, cue.weak, start, end, line)
            break
    for actor, label, start, end in _counted_actors(reader):
        found.setdefault((actor.start, actor.end), _Found(actor, label, False, start, end, reader.line_of(start)))
    lines = [(s, e, masked[s:e]) for s, e in zip(reader.line_starts, reader.line_ends)]
    for actor, label in table_votes(lines, reader.actors, lx.tables):  # a table says more than a cue in it
        found[(actor.start, actor.end)] = _Found(actor, label, False, actor.m_start, actor.m_end,
                                                 reader.line_of(actor.m_start))
    return found


def _actors_of(reader: _Reader, cue: Any, start: int, end: int) -> list[_Actor]:
    masked = reader.masked
    if cue.start and not reader.opens_statement(start):
        return []
    gap = reader.lx.count_gap.match(masked, end)  # `For stemte (5):`, `Imod stemte 3 medlemmer:`
    colon = gap.group("c1") or gap.group("c2")
    if cue.colon and not colon:
        return []
    chain: Optional[list[_Actor]] = None
    if cue.actors in ("before", "both"):
        chain = reader.before(start)
    if chain is None and cue.actors in ("after", "both"):
        chain = reader.after(gap.end())
        if chain is None:
            line = reader.line_of(start)
            if not masked[gap.end():reader.line_ends[line]].strip():
                return reader.vertical(line)
    if not chain:
        return []
    if cue.then is not None:
        pos = reader.extent[id(chain)]
        while pos < len(masked) and masked[pos] == ")":
            pos += 1
        if not cue.then.match(masked, pos):
            return []
    return chain


def _point(reader: _Reader, f: _Found, line_amendment: dict[int, Optional[int]], vote_lines: set[int],
           count_lines: dict[int, int]) -> Optional[str]:
    """The recommendation point a vote concerns: named after the cue in its sentence; else the
    point opening its line; else the points named in the counted decisions right above its vote
    lists (`Med stemmerne 19 for ... indstillingspunkt 1.` / `Yderligere ... indstillingspunkt 2
    og 3.` / `For stemte: ...`); else the point above it where the vote stands between numbered
    points, or under a line that holds only a point (`Ad 1 og 2`)."""
    lx, masked = reader.lx, reader.masked
    stop = SENTENCE_END.search(masked, f.cue_end)
    ref = lx.reference.search(masked, f.cue_end, stop.start() if stop else len(masked))
    if ref:
        return normalise_point(ref.group("pt"))
    marker = reader.markers[f.line]
    if marker is not None:
        return marker[0]
    counted = _counted_points(reader, f.line, vote_lines, count_lines)
    if counted:
        return counted
    above = [k for k in range(f.line) if reader.markers[k] is not None and line_amendment.get(k) is None]
    if not above:
        return None
    heading = reader.markers[above[-1]]
    if heading[2]:  # a line holding only the point (`Ad 1 og 2`) heads what follows it
        return heading[0]
    below = any(reader.markers[k] is not None and line_amendment.get(k) is None
                for k in range(f.line + 1, len(reader.markers)))
    return heading[0] if below else None


def _counted_points(reader: _Reader, line: int, vote_lines: set[int], count_lines: dict[int, int]) -> Optional[str]:
    """The points named by the counted decisions just above a block of vote lists, joined."""
    found: list[str] = []
    for k in range(line - 1, -1, -1):
        text = reader.masked[reader.line_starts[k]:reader.line_ends[k]]
        if not text.strip() or (k in vote_lines and k not in count_lines):
            continue
        if k not in count_lines:
            break
        refs = [normalise_point(m.group("pt")) for m in reader.lx.reference.finditer(text)]
        if not refs:
            break
        found = refs + found
    return ",".join(found) if found else None


def _counted_actors(reader: _Reader) -> list[tuple[_Actor, str, int, int]]:
    """Actors named in brackets with a count (`8 imod (A, Ø)`, `4 stemmer (Ø og F) mod 23`,
    `For: 22 (A, V)`): (actor, label of the side, start and end of the mention)."""
    out: list[tuple[_Actor, str, int, int]] = []
    for mention in reader.mentions:
        places = [(mention.inner[0], "for")] if mention.inner else []
        places.append((mention.end, mention.side))
        for pos, side in places:
            bracket = re.compile(rf"{_INLINE}*(?::{_INLINE}*)?(?=\()").match(reader.masked, pos)
            chain = reader.after(bracket.end()) if bracket else None
            for actor in chain or []:
                out.append((actor, SIDE_LABELS[side], mention.start, mention.end))
    return out
