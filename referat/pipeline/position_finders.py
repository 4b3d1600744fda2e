"""Finding positions in an item's decision text: the reading behind `referat_positions`.

The component (`positions.py`) decides where to read and turns what is found here into spans
and the contract's `votes`; this module holds the reading itself: actors and their cues
(`patterns/positions.json`, through `PositionLexicon`), the point a vote concerns, amendments
and their outcome, the counts as written, and the meeting's participants whose letters fill in
a person named without one. Pure text in, plain dicts out, so it can be tested and reused
without a pipeline.
"""
from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Mapping, Optional, Sequence

from referat.corpus.regexes import SENTENCE_END
from referat.pipeline.position_lexicon import SIDE_LABELS, PositionLexicon, normalise_point
from referat.pipeline.position_tables import table_votes
from referat.pipeline.resources import default_resources

__all__ = ["COUNT_KEYS", "NAME_MATCH_CUTOFF", "VOTE_LABELS", "find_votes", "meeting_participants"]

#: Positions about a vote: only these carry a point or an amendment.
VOTE_LABELS = ("FOR", "AGAINST", "ABSTAINED", "RESERVATION")
COUNT_KEYS = ("for", "against", "abstained")
#: Where a match of a participant's name by spelling must reach (difflib ratio).
NAME_MATCH_CUTOFF = 0.85

_INLINE = "[ \u00a0\t]"
_OPENS = re.compile(r"(?:^|[.!?;]\s+)[-•*–\s]*$")
_BULLET = re.compile(rf"{_INLINE}*[-•*–]?{_INLINE}*")
_VERTICAL_REST = re.compile(r"^(?:[,.;:]|med\b|$)", re.IGNORECASE)


# ------------------------------------------------------------------ finding positions


@dataclass
class _Actor:
    start: int  # the span, as the scheme says (the letter alone for `(V)`)
    end: int
    m_start: int  # the written extent, brackets included
    m_end: int
    name: Optional[str]
    party: Optional[str]
    party_name: Optional[str]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "party": self.party, "party_name": self.party_name}


@dataclass
class _Found:
    actor: _Actor
    label: str
    weak: bool
    cue_start: int
    cue_end: int
    line: int


@dataclass
class _Amendment:
    start: int
    end: int
    proposed_by: list[_Actor]
    outcome: Optional[str] = None
    counts: Optional[dict[str, Optional[int]]] = None
    point: Optional[str] = None  # the recommendation point it amends (`... vedr. indstillingspunkt 1:`)
    voted: bool = False


_COUNT_BEFORE = re.compile(r"[ \t]*\(\d{1,3}\)[ \t]*$")


class _Reader:
    """One decision text read once: masked copy, lines, actors and their lists."""

    def __init__(self, body: str, lexicon: PositionLexicon, participants: Sequence[Any]) -> None:
        self.body = body
        self.lx = lexicon
        self.masked = _mask(body, lexicon)
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", body)]
        self.line_ends = [m.start() for m in re.finditer(r"\n", body)] + [len(body)]
        self.markers = [lexicon.point_at_line_start(self.masked[s:e]) for s, e in zip(self.line_starts, self.line_ends)]
        self.people = _People(participants, lexicon)
        self.actors = [a for m in lexicon.actor.finditer(self.masked) if (a := self._actor(m)) is not None]
        self.by_start: dict[int, list[_Actor]] = {}
        self.by_end: dict[int, list[_Actor]] = {}
        self.extent: dict[int, int] = {}  # id of a list -> where it ends as written
        chain: list[_Actor] = []
        for actor in self.actors:
            if chain and lexicon.separator.fullmatch(self.masked, chain[-1].m_end, actor.m_start):
                chain.append(actor)
                continue
            self._keep(chain)
            chain = [actor]
        self._keep(chain)

    def _keep(self, chain: list[_Actor]) -> None:
        """Index a list by where it starts and ends; an actor named twice in it (`Imod: Ø og F, F med
        bemærkning ...`) counts once."""
        if not chain:
            return
        seen: set[tuple] = set()
        unique = []
        for actor in chain:
            key = (actor.name, actor.party, actor.party_name)
            if key not in seen:
                unique.append(actor)
            seen.add(key)
        self.by_start[chain[0].m_start] = unique
        self.by_end[chain[-1].m_end] = unique
        self.extent[id(unique)] = chain[-1].m_end

    @cached_property
    def mentions(self) -> list["_Mention"]:
        """The counts as written (`_mentions`), read once."""
        return _mentions(self)

    @cached_property
    def counts(self) -> list[tuple[int, int, dict[str, Optional[int]]]]:
        """The counts as written, one per vote (`_counts`), grouped once."""
        return _counts(self)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    # -------------------------------------------------------------- actors

    def _actor(self, m: re.Match) -> Optional[_Actor]:
        lx = self.lx
        if m.group("pl") and m.group("pname") in lx.party_names:  # `Socialdemokratiet (A)`: the party, as written
            form = lx.party_names[m.group("pname")]
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, form.letter, form.name)
        if m.group("pl"):
            start, name = self._name(m.start("pname"), m.group("pname"))
            if name is None:  # `For (V)`: the letter alone
                start, end, written = m.start("pl"), m.end("pl"), m.group("pl")
                form = lx.party_of(written)
                return None if lx.is_outside(written) else _Actor(start, end, m.start(), m.end(), None, form.letter, form.name)
            form = lx.party_of(m.group("pl"))
            person = self.people.match(name)
            return _Actor(start, m.end(), start, m.end(), person["name"] if person else name, form.letter, form.name)
        if m.group("bl"):
            written = m.group("bl")
            if lx.is_outside(written):
                return None
            form = lx.party_of(written)
            return _Actor(m.start("bl"), m.end("bl"), m.start(), m.end(), None, form.letter, form.name)
        if m.group("grp"):  # `A-gruppen`: the party by its group, the span the whole word
            form = lx.party_of(m.group("grp"))
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, form.letter, form.name)
        if m.group("adj"):  # `Den konservative gruppe`: the whole phrase
            form = lx.party_of(lx.group_adjectives[m.group("adjw").casefold()])
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, form.letter, form.name)
        for person_group, party_group in (("gperson", "gp"), ("cperson", "cparty")):
            if m.group(person_group):  # `Dansk Folkepartis Leo Kragh`, `Hans Lund, Venstre`: the person
                start, name = self._name(m.start(person_group), m.group(person_group))
                if name is None:
                    return None
                form = lx.party_names[m.group(party_group)]
                person = self.people.match(name)
                return _Actor(start, m.end(person_group), m.start(), m.end(), person["name"] if person else name,
                              form.letter, form.name)
        if m.group("pn"):  # `Venstre`; `Venstres medlemmer`, `SF's gruppe`: the name with its possessive
            form = lx.party_names[m.group("pn")]
            end = m.end("poss") if m.group("poss") else m.end("poss2") if m.group("poss2") else m.end("pn")
            return _Actor(m.start(), end, m.start(), m.end(), None, form.letter, form.name)
        if m.group("bare"):
            form = lx.party_of(m.group("bare"))
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, form.letter, form.name)
        if m.group("role"):  # `Borgmesteren`: the office as written, no name or letter
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, None, None)
        if m.group("fname"):  # `Kasper Wulff fra Liberal Alliance`: the person with the party's letter
            start, name = self._name(m.start("fname"), m.group("fname"))
            if name is not None:
                form = lx.party_names[m.group("fparty")]
                person = self.people.match(name)
                return _Actor(start, m.end("fname"), start, m.end(), person["name"] if person else name,
                              form.letter, form.name)
            return None
        if m.group("llist"):  # `Lokallisten`: the letter of the meeting's one local list, if one
            local = sorted(self.people.letters - set(self.lx.forms))
            letter = local[0] if len(local) == 1 else None
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, letter, m.group("llist") if letter else None)
        if m.group("local"):  # `L` of a local list: a party only where one of the meeting's members has it
            letter = m.group("local")
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, letter, None) \
                if letter in self.people.letters else None
        start, name = self._name(m.start("name"), m.group("name"))
        if name is None or not all(lx.name_word_ok(w) for w in name.split()):
            return None
        person = self.people.match(name)
        if person is None and len(name.split()) < 2:
            return None  # one capitalised word is a name only where the meeting's list has it
        letter = person["party"] if person else None
        form = lx.party_of(letter) if letter else None
        return _Actor(start, m.end(), start, m.end(), person["name"] if person else name,
                      form.letter if form else None, form.name if form else None)

    def _name(self, start: int, written: str) -> tuple[int, Optional[str]]:
        """The name without the capitalised words before it that are no part of a name (`Også`)."""
        words = list(re.finditer(r"\S+", written))
        k = 0
        while k < len(words) and not self.lx.name_word_ok(words[k].group()):
            k += 1
        if k == len(words):
            return start, None
        return start + words[k].start(), " ".join(w.group() for w in words[k:])

    # -------------------------------------------------------------- lists next to a cue

    def before(self, pos: int) -> Optional[list[_Actor]]:
        """The list of actors that ends right before `pos` (spaces, a closing bracket, a comma or
        a colon between: `Bjarke Abel (A), stemte imod`, `Liselott Blixt: Undlod`)."""
        p = pos
        count = _COUNT_BEFORE.search(self.masked, max(0, pos - 12), pos)
        if count is not None:  # `O (2) undlod at stemme`: the count in brackets between actor and cue
            p = count.start()
        while p not in self.by_end:
            if p == 0 or self.masked[p - 1] not in " \t\u00a0),:":
                return None
            p -= 1
        return self.by_end[p]

    def after(self, pos: int) -> Optional[list[_Actor]]:
        """The list of actors that starts right after `pos` (spaces, a colon, an opening bracket between)."""
        q = pos
        while q not in self.by_start:
            title = self.lx.title.match(self.masked, q)
            if title and title.end() > q:  # `Afbud fra rådmand Niels Bak`
                q = title.end()
                continue
            if q >= len(self.masked) or self.masked[q] not in " \t\u00a0:(":
                return None
            q += 1
        return self.by_start[q]

    def opens_statement(self, pos: int) -> bool:
        line = self.line_of(pos)
        start = self.line_starts[line]
        marker = self.markers[line]
        if marker is not None:
            start += marker[1]
        return bool(_OPENS.search(self.masked[start:pos]))

    def vertical(self, line: int) -> list[_Actor]:
        """Actors listed one per line under a cue that ends its line (`For stemte:` / names)."""
        out: list[_Actor] = []
        for k in range(line + 1, len(self.line_starts)):
            start, end = self.line_starts[k], self.line_ends[k]
            if not self.masked[start:end].strip():
                continue
            q = _BULLET.match(self.masked, start).end()
            chain = self.by_start.get(q)
            if chain is None or self.extent[id(chain)] > end:
                break
            if not _VERTICAL_REST.match(self.masked[self.extent[id(chain)]:end].strip()):
                break
            out.extend(chain)
        return out


def _mask(body: str, lx: PositionLexicon) -> str:
    """The text with quotations and remarks blanked (same length, line breaks kept)."""
    chars = list(body)

    def blank(a: int, b: int) -> None:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "

    quotes = [i for i, c in enumerate(body) if c in lx.quotes]
    for k in range(0, len(quotes) - 1, 2):
        blank(quotes[k], quotes[k + 1] + 1)
    if len(quotes) % 2:
        end = body.find("\n", quotes[-1])
        blank(quotes[-1], end if end >= 0 else len(body))
    text = "".join(chars)
    for m in lx.remarks.finditer(text):
        end = SENTENCE_END.search(text, m.end())
        blank(m.start(), end.start() if end else len(body))
    return "".join(chars)


class _People:
    """The meeting's participants, matched by name (exact, then by first and last name, then by spelling)."""

    def __init__(self, participants: Sequence[Any], lx: PositionLexicon) -> None:
        self.people: list[dict[str, Optional[str]]] = []
        for p in participants or ():
            name = p.get("name") if isinstance(p, Mapping) else getattr(p, "name", None)
            party = p.get("party") if isinstance(p, Mapping) else getattr(p, "party", None)
            if name:
                clean = _fold(name)
                if clean:
                    self.people.append({"name": re.sub(r"\s*\(.*$", "", " ".join(str(name).split())),
                                        "party": party, "key": clean})
        self.by_key = {p["key"]: p for p in self.people}
        #: the list letters of the meeting's members (a local list's `L` is a party only where a member has it)
        self.letters = {str(p.get("party") if isinstance(p, Mapping) else getattr(p, "party", None))
                        for p in participants or ()} - {"None", ""}

    def match(self, name: str) -> Optional[dict[str, Optional[str]]]:
        if not self.people:
            return None
        key = _fold(name)
        if key in self.by_key:
            return self.by_key[key]
        words = key.split()
        if len(words) == 1:
            found = [p for p in self.people if words[0] in p["key"].split()]
        else:
            found = [p for p in self.people if p["key"].split()[0] == words[0] and p["key"].split()[-1] == words[-1]]
        if len(found) == 1:
            return found[0]
        close = difflib.get_close_matches(key, list(self.by_key), n=2, cutoff=NAME_MATCH_CUTOFF)
        if len(close) == 1 or (len(close) == 2 and difflib.SequenceMatcher(None, key, close[0]).ratio() >
                               difflib.SequenceMatcher(None, key, close[1]).ratio() + 0.05):
            return self.by_key[close[0]]
        return None


def _fold(name: str) -> str:
    name = re.sub(r"\(.*?\)|\(.*$", " ", str(name))
    return " ".join(name.casefold().replace("-", " ").split())


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
                out.append(_Mention(m.start(), m.start("m"), "for", int(m.group("n")), inner))
                out.append(_Mention(m.start("m"), m.end(), "against", int(m.group("m"))))
                continue
            side = lx.count_side(m.group("side"))
            number = lx.number(m.group("n"))
            if side is not None and number is not None:
                out.append(_Mention(m.start(), m.end(), side, number))
    return sorted(out, key=lambda c: c.start)


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


# ------------------------------------------------------------------ the meeting's members


def meeting_participants(meeting: Any, text: str = "", lexicon: Optional[PositionLexicon] = None
                         ) -> list[dict[str, Optional[str]]]:
    """The meeting's members (present, then absent) as [{"name", "party"}], for `Doc._.participants`.

    A member listed without a letter takes the letter written most often right after their
    name in the document (`Charlotte Levin (A)`), so a later `Afbud: Charlotte Levin` is A's."""
    lx = lexicon or default_resources().positions
    people = [*getattr(meeting, "participants", []), *getattr(meeting, "absent", [])]
    out = []
    for person in people:
        name = person.get("name") if isinstance(person, Mapping) else getattr(person, "name", None)
        party = person.get("party") if isinstance(person, Mapping) else getattr(person, "party", None)
        if name:
            out.append({"name": str(name), "party": party})
    missing = {_fold(p["name"]): p for p in out if not p["party"]}
    if missing and text:
        seen: dict[str, Counter] = {}
        for m in lx.actor.finditer(text):
            if m.group("pl"):
                seen.setdefault(_fold(m.group("pname")), Counter())[m.group("pl")] += 1
        for key, person in missing.items():
            letters = seen.get(key)
            if not letters:  # `Også Tina Rottbøll (A)`: the name at the end of what was matched
                letters = sum((c for k, c in seen.items() if k.endswith(" " + key)), Counter())
            if letters:
                person["party"] = letters.most_common(1)[0][0]
    return out
