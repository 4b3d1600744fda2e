"""A decision text read once for its positions (`position_finders`): a copy with quotations and
remarks blanked, its lines and the points opening them, the actors named in it (parties,
people, offices) and the lists they stand in, with the lists next to a cue; and what the
reading finds (an actor with its label next to a cue).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Optional, Sequence

from referat.corpus.regexes import SENTENCE_END
from referat.pipeline.position_counts import _Mention, _counts, _mentions
from referat.pipeline.position_lexicon import PositionLexicon
from referat.pipeline.position_people import _People

#: Positions about a vote: only these carry a point or an amendment.
VOTE_LABELS = ("FOR", "AGAINST", "ABSTAINED", "RESERVATION")

_INLINE = "[ \u00a0\t]"
_OPENS = re.compile(r"(?:^|[.!?;]\s+)[-•*–\s]*$")
_BULLET = re.compile(rf"{_INLINE}*[-•*–]?{_INLINE}*")
_VERTICAL_REST = re.compile(r"^(?:[,.;:]|med\b|$)", re.IGNORECASE)


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
        for person_group, party_group in (("gperson", "gp"), ("cperson", "cparty"), ("fname", "fparty")):
            # `Dansk Folkepartis Leo Kragh`, `Hans Lund, Venstre`, `Kasper Wulff fra Liberal Alliance`: the person
            if m.group(person_group):
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
