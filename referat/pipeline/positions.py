"""`referat_positions`: who voted how on an agenda item (annotation scheme v1.1, "Positions").

One Doc is one agenda item (or the chunk of a long item that holds its decision). The
component reads only this meeting's decision text: the span `doc.spans["decision"]`
that `referat.pipeline.decision.item_doc` sets, cut at a case-history heading inside
it; a Doc that carries only its text is parsed as `decision.context_of` parses it. A
case history (`Sagens forløb`, `Sagsforløb`) quoting earlier meetings is never read.

In the decision text it finds, by the wording in `patterns/positions.json` (loaded
through the shared `Resources`):

- positions: the actor (`Mehmet Zeki Dogru (Ø)`, `(V)` -> the span `V`, `V`,
  `Venstre`, a person's name) labelled FOR, AGAINST, ABSTAINED, RESERVATION, ABSENT or
  CONFLICT_OF_INTEREST; one span per actor of a list (`For stemte: (V), (A), (C)`).
  Text in quotes and remarks (`med bemærkning om, at ...`, `, da ...`) sets nothing.
- each actor normalised: the person's name, the list letter (`SF` -> `F`; `UP`,
  `UP-1`, `UFP`: outside any party, null) and the canonical party name (the party
  gazetteer). A person named without a letter takes the letter of the meeting's
  participant list (`Doc._.participants`, matched by name, spelling variants allowed).
- the recommendation point a vote concerns (`2. Anbefales. (Ø) stemmer imod` -> `2`;
  `(Ø) stemte imod indstillingspunkt 3.b` -> `3.b`; vote lists under counted decisions
  that name points take those points; a vote written between two numbered points takes
  the point above it), else null for the whole item;
- amendments (`C stillede ændringsforslag ...`, `(Ø) fremsatte følgende forslag til
  beslutning`; not a motion such as `stillede forslag om at udsætte sagen`) with their
  proposers, the point they amend and their outcome as written; the votes after a
  proposal carry it, and its point;
- the counts as written (`Med stemmerne 19 for og 1 imod`).

The result is `doc._.votes` (the contract's `votes` object, offsets relative to the
Doc; the extractor adds the chunk's offset) and the spans `doc.spans[span_key]`
labelled with the positions. `score()` reports span P/R/F per label against the
reference's `doc.spans[span_key]`, and where a reference carries
`doc.user_data["vote_counts"]` (the counts dict, or None where none is written),
how often the counts are exact. `score_positions` scores contract-shaped votes (the
evaluation against gold positions).

    [components.positions]
    factory = "referat_positions"
    span_key = "positions"

    [components.positions.resources]
    @misc = "referat.resources.v1"
    path = ${paths.resources}
"""
from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

from spacy.language import Language
from spacy.scorer import PRFScore
from spacy.tokens import Doc
from spacy.training import Example

from referat.corpus import ingest_text
from referat.errors import ReferatError
from referat.pipeline import extensions  # noqa: F401  (Doc._.votes, Doc._.participants)
from referat.pipeline.extensions import doc_text
from referat.pipeline.position_lexicon import POSITION_LABELS, PositionLexicon, normalise_point
from referat.pipeline.resources import Resources, default_resources, load_shared, save_shared

__all__ = ["POSITION_LABELS", "VOTE_LABELS", "PositionFinder", "decision_region", "empty_votes", "find_votes",
           "make_positions", "meeting_participants", "score_positions"]

#: Positions about a vote: only these carry a point or an amendment.
VOTE_LABELS = ("FOR", "AGAINST", "ABSTAINED", "RESERVATION")
COUNT_KEYS = ("for", "against", "abstained")
#: Key of `doc.user_data` where a reference Doc keeps its written counts (a dict, or None).
COUNTS_KEY = "vote_counts"
#: Where a match of a participant's name by spelling must reach (difflib ratio).
NAME_MATCH_CUTOFF = 0.85

_INLINE = "[ \u00a0\t]"
_SENTENCE_END = re.compile(r"[.!?](?=\s+[(\"“”A-ZÆØÅ]|\s*$)|\n")
_OPENS = re.compile(r"(?:^|[.!?;]\s+)[-•*–\s]*$")
_BULLET = re.compile(rf"{_INLINE}*[-•*–]?{_INLINE}*")
_VERTICAL_REST = re.compile(r"^(?:[,.;:]|med\b|$)", re.IGNORECASE)


def empty_votes() -> dict[str, Any]:
    """The votes of an item without any written position."""
    return {"counts": None, "positions": [], "amendments": []}


# ------------------------------------------------------------------ the component


@Language.factory(
    "referat_positions",
    default_config={"span_key": "positions", "resources": {"@misc": "referat.resources.v1", "path": None}},
    default_score_weights={"positions_f": None, "positions_p": None, "positions_r": None,
                           "positions_per_label": None, "positions_counts_exact": None},
)
def make_positions(nlp: Language, name: str, span_key: str, resources: Resources) -> "PositionFinder":
    return PositionFinder(nlp, name, span_key=span_key, resources=resources)


class PositionFinder:
    """Positions, counts and amendments in the item's decision text (see the module doc)."""

    def __init__(self, nlp: Optional[Language] = None, name: str = "referat_positions", *,
                 span_key: str = "positions", resources: Optional[Resources] = None) -> None:
        self.nlp = nlp
        self.name = name
        self.span_key = span_key
        self.resources = resources or default_resources()

    @property
    def lexicon(self) -> PositionLexicon:
        return self.resources.positions

    def __call__(self, doc: Doc) -> Doc:
        region = decision_region(doc, self.lexicon)
        votes = empty_votes() if region is None else find_votes(doc_text(doc), region, self.lexicon, doc._.participants)
        spans = []
        for position in votes["positions"]:
            span = doc.char_span(position["start"], position["end"], label=position["position"], alignment_mode="expand")
            if span is None:
                continue
            position.update(start=span.start_char, end=span.end_char, text=span.text)
            spans.append(span)
        doc.spans[self.span_key] = spans
        doc._.votes = votes
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        """Nothing to learn: the wording comes from the data files."""

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Span P/R/F per position label against the reference's `doc.spans[span_key]`, and the
        share of items whose counts are exact where the reference has `user_data["vote_counts"]`."""
        per_label = {label: PRFScore() for label in POSITION_LABELS}
        seen = False
        counts_right = counts_total = 0
        for eg in examples:
            reference = eg.reference
            if self.span_key in reference.spans:
                seen = True
                gold = {(s.start_char, s.end_char, s.label_) for s in reference.spans[self.span_key]}
                pred_spans = eg.predicted.spans[self.span_key] if self.span_key in eg.predicted.spans else []
                pred = {(s.start_char, s.end_char, s.label_) for s in pred_spans}
                _count_prf(per_label, gold, pred)
            if COUNTS_KEY in reference.user_data:
                counts_total += 1
                predicted = (eg.predicted._.votes or {}).get("counts")
                counts_right += _same_counts(reference.user_data[COUNTS_KEY], predicted)
        out: dict[str, Any] = {"positions_p": None, "positions_r": None, "positions_f": None,
                               "positions_per_label": None,
                               "positions_counts_exact": counts_right / counts_total if counts_total else None}
        if seen:
            out.update(_prf_scores(per_label))
        return out

    # ---------------------------------------------------------- serialisation
    # Settings live in the config; what is serialised is the shared data files (once per pipeline).

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        save_shared(self, path, self.nlp.pipeline if self.nlp is not None else [])

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "PositionFinder":
        self.resources = load_shared(self, Path(path), self.nlp)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return self.resources.to_bytes()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "PositionFinder":
        self.resources = Resources.from_bytes(data)
        return self


# ------------------------------------------------------------------ where to read


def decision_region(doc: Doc, lexicon: Optional[PositionLexicon] = None) -> Optional[tuple[int, int]]:
    """(start, end) of this meeting's decision text in the Doc, or None: the `decision` span that
    `item_doc` sets; none for an item Doc without one; for a Doc of bare text, its first item's
    decision section as the ingestion parses it. Cut at a case-history heading inside it."""
    if "decision" in doc.spans:
        spans = doc.spans["decision"]
        region = (spans[0].start_char, spans[0].end_char) if len(spans) else None
    elif any(key in doc.spans for key in ("recommendation", "competence")) or doc._.title is not None:
        region = None
    else:
        region = _parsed_region(doc_text(doc))
    if region is None:
        return None
    lexicon = lexicon or default_resources().positions
    history = lexicon.history.search(doc_text(doc), region[0], region[1])
    return (region[0], history.start()) if history else region


@lru_cache(maxsize=256)
def _parsed_region(text: str) -> Optional[tuple[int, int]]:
    try:
        parsed = ingest_text(text, source="<doc>")
    except ReferatError:
        return None
    section = parsed.items[0].decision_section if parsed.items else None
    if section is None:
        return None
    if parsed.text == text:
        return section.body_start, section.end
    body = parsed.text[section.body_start:section.end].strip()  # the ingestion normalised line ends
    at = text.find(body) if body else -1
    return (at, at + len(body)) if at >= 0 else None


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

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    # -------------------------------------------------------------- actors

    def _actor(self, m: re.Match) -> Optional[_Actor]:
        lx = self.lx
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
        if m.group("pn"):
            form = lx.party_names[m.group("pn")]
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, form.letter, form.name)
        if m.group("bare"):
            form = lx.party_of(m.group("bare"))
            return _Actor(m.start(), m.end(), m.start(), m.end(), None, form.letter, form.name)
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
        while p not in self.by_end:
            if p == 0 or self.masked[p - 1] not in " \t\u00a0),:":
                return None
            p -= 1
        return self.by_end[p]

    def after(self, pos: int) -> Optional[list[_Actor]]:
        """The list of actors that starts right after `pos` (spaces, a colon, an opening bracket between)."""
        q = pos
        while q not in self.by_start:
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
        end = _SENTENCE_END.search(text, m.end())
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
    for start, _, value in _counts(reader):
        if line_amendment.get(reader.line_of(start)) is None:
            counts = value
            break
    count_lines = {reader.line_of(start): start for start, _, _ in _counts(reader)}
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
    return found


def _actors_of(reader: _Reader, cue: Any, start: int, end: int) -> list[_Actor]:
    masked = reader.masked
    if cue.start and not reader.opens_statement(start):
        return []
    colon = re.compile(rf"{_INLINE}*:").match(masked, end)
    if cue.colon and not colon:
        return []
    chain: Optional[list[_Actor]] = None
    if cue.actors in ("before", "both"):
        chain = reader.before(start)
    if chain is None and cue.actors in ("after", "both"):
        chain = reader.after(colon.end() if colon else end)
        if chain is None and cue.actors in ("after", "both"):
            line = reader.line_of(start)
            rest = masked[(colon.end() if colon else end):reader.line_ends[line]]
            if not rest.strip():
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
    stop = _SENTENCE_END.search(masked, f.cue_end)
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


def _counts(reader: _Reader) -> list[tuple[int, int, dict[str, Optional[int]]]]:
    """Counts as written, in order: (start, end, {"for", "against", "abstained"})."""
    lx = reader.lx
    out: list[tuple[int, int, dict[str, Optional[int]]]] = []
    for regex in lx.counts:
        for m in regex.finditer(reader.masked):
            if any(s < m.end() and m.start() < e for s, e, _ in out):
                continue
            out.append((m.start(), m.end(), {key: lx.number(m.group(key)) for key in COUNT_KEYS}))
    return sorted(out, key=lambda c: c[0])


def _amendments(reader: _Reader, found: dict[tuple[int, int], _Found]
                ) -> tuple[list[_Amendment], dict[int, Optional[int]]]:
    """Amendments and the line -> amendment index of the lines each one covers.

    A proposal opens an amendment; the lines after it belong to it until a line that records
    the item's own decision (`1.-2. Godkendt.`, `Byrådet godkendte ...`, a count with such
    wording), the next proposal, or the written outcome (which ends it)."""
    lx, masked = reader.lx, reader.masked
    vote_lines = {f.line for f in found.values() if f.label in VOTE_LABELS}
    count_lines = {reader.line_of(s) for s, _, _ in _counts(reader)}
    counts_at = {reader.line_of(s): c for s, _, c in _counts(reader)}
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


# ------------------------------------------------------------------ scores


def _count_prf(per_label: dict[str, PRFScore], gold: set, pred: set) -> None:
    for label, prf in per_label.items():
        g = {s for s in gold if s[2] == label}
        p = {s for s in pred if s[2] == label}
        prf.tp += len(g & p)
        prf.fp += len(p - g)
        prf.fn += len(g - p)


def _prf_scores(per_label: dict[str, PRFScore]) -> dict[str, Any]:
    total = PRFScore()
    for prf in per_label.values():
        total.tp += prf.tp
        total.fp += prf.fp
        total.fn += prf.fn
    return {
        "positions_p": total.precision, "positions_r": total.recall, "positions_f": total.fscore,
        "positions_per_label": {label: prf.to_dict() for label, prf in per_label.items() if prf.tp + prf.fp + prf.fn},
    }


def _same_counts(gold: Any, predicted: Any) -> bool:
    def norm(c: Any) -> Optional[tuple]:
        if not c:
            return None
        c = dict(c)
        if "for_" in c and "for" not in c:
            c["for"] = c["for_"]
        values = tuple(c.get(k) for k in COUNT_KEYS)
        return None if all(v is None for v in values) else values

    return norm(gold) == norm(predicted)


def _name_key(value: Any) -> Optional[str]:
    return " ".join(str(value).casefold().split()) if value else None


def score_positions(gold: Union[Sequence[Any], Mapping[Any, Any]],
                    predicted: Union[Sequence[Any], Mapping[Any, Any]], *,
                    gold_amendment_base: int = 0) -> dict[str, Any]:
    """Scores of predicted against gold `votes` (the output contract's shape), item by item.

    `gold`, `predicted`: sequences of votes dicts in the same item order, or mappings from an
    item key (e.g. (source, number)) to votes; a key missing from `predicted` counts as an item
    without positions. Offsets must be into the same text. A span may appear several times in
    gold, once per point (`point: 1`, `point: 2`): its points are the union. Returns:
    - positions_p/r/f and positions_per_label: exact spans (start, end, label);
    - actor_acc: among exact matches, the share whose name, party and party_name are all right
      (names compared without case and extra spaces; only where gold gives an actor: a gold
      position with none of name, party, party_name is not counted); party_acc: the letter alone;
    - point_acc: among exact matches, the share with the same set of points, compared by their
      numbers (`1,2,3`, `1-3` and 1, 2, 3 are the same; `2.b` is point 2);
    - amendment_acc: among exact matches, the share with the right amendment (gold indices count
      from `gold_amendment_base`: 1 where gold numbers amendments from 1);
    - counts_exact: among items with counts written in gold, the share predicted exactly;
      counts_spurious: items with counts predicted where gold has none.
    """
    if isinstance(gold, Mapping):
        keys = list(gold)
        pairs = [(gold[k], (predicted or {}).get(k) if isinstance(predicted, Mapping) else None) for k in keys]
    else:
        predicted = list(predicted)
        if len(predicted) != len(gold):
            raise ValueError(f"score_positions: {len(gold)} gold items but {len(predicted)} predicted")
        pairs = list(zip(gold, predicted))
    per_label = {label: PRFScore() for label in POSITION_LABELS}
    matched = actor_total = actor_right = party_right = point_right = amendment_right = 0
    counts_total = counts_right = counts_spurious = 0
    for g, p in pairs:
        g, p = _votes_dict(g), _votes_dict(p)
        gold_pos: dict[tuple, list[dict]] = {}
        pred_pos: dict[tuple, list[dict]] = {}
        for table, positions in ((gold_pos, g["positions"]), (pred_pos, p["positions"])):
            for x in positions:
                table.setdefault((x["start"], x["end"], x.get("position") or x.get("label")), []).append(x)
        _count_prf(per_label, set(gold_pos), set(pred_pos))
        for key in set(gold_pos) & set(pred_pos):
            a, b = gold_pos[key][0], pred_pos[key][0]
            matched += 1
            if any(a.get(k) is not None for k in ("name", "party", "party_name")):
                actor_total += 1
                party_right += a.get("party") == b.get("party")
                actor_right += (_name_key(a.get("name")) == _name_key(b.get("name"))
                                and a.get("party") == b.get("party") and a.get("party_name") == b.get("party_name"))
            point_right += (set().union(*(_point_set(x.get("point")) for x in gold_pos[key]))
                            == set().union(*(_point_set(x.get("point")) for x in pred_pos[key])))
            ga, pa = a.get("amendment"), b.get("amendment")
            amendment_right += (ga is None and pa is None) or (
                ga is not None and pa is not None and int(ga) - gold_amendment_base == int(pa))
        if g.get("counts"):
            counts_total += 1
            counts_right += _same_counts(g["counts"], p.get("counts"))
        elif _same_counts(p.get("counts"), None) is False:
            counts_spurious += 1
    out = _prf_scores(per_label)
    out.update({
        "actor_acc": actor_right / actor_total if actor_total else None,
        "party_acc": party_right / actor_total if actor_total else None,
        "point_acc": point_right / matched if matched else None,
        "amendment_acc": amendment_right / matched if matched else None,
        "matched": matched,
        "counts_exact": counts_right / counts_total if counts_total else None,
        "counts_items": counts_total,
        "counts_spurious": counts_spurious,
    })
    return out


def _votes_dict(votes: Any) -> dict[str, Any]:
    if votes is None:
        return empty_votes()
    if hasattr(votes, "model_dump"):
        votes = votes.model_dump(mode="json", by_alias=True)
    return {"counts": votes.get("counts"), "positions": list(votes.get("positions") or []),
            "amendments": list(votes.get("amendments") or [])}


def _point_set(point: Any) -> set[int]:
    """The point numbers of a point as written or normalised: `1,4,6`, `1-3`, `2.b` (-> 2), 2."""
    if point is None:
        return set()
    if isinstance(point, int):
        return {point}
    out: set[int] = set()
    for part in str(point).split(","):
        m = re.match(r"\s*(\d+)[^\d-]*(?:-\s*(\d+))?", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            out |= set(range(a, b + 1)) if 0 <= b - a < 100 else {a}
    return out
