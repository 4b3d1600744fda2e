"""The wording of positions (patterns/positions.json) compiled, with the party gazetteer.

Kept apart from resources.py, which builds it (`Resources.positions`), so that this
module needs nothing but `re`: the words come from the data files, this module holds
only the grammar that glues them together:

- an actor: `Name Surname (V)`, `(V)`, a known list letter `V`, a party's name
  (`Enhedslisten`), or a person's name without a letter;
- a list of actors joined by `,`, `og`, `samt`;
- a recommendation point: `2.`, `2.b`, `2. a.`, `1.-4.`, `1. og 2.` at the start of
  a line, or `indstillingspunkt 3.b` after a cue;
- counts: `Med stemmerne 19 for og 1 imod`, `For: 5, imod: 3`, `med 20 mod 5 stemmer`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from referat.pipeline.position_tables import TableWords
from referat.schema import POSITION_LABELS
from referat.corpus.letters import LOWER, UPPER
from referat.corpus.regexes import alternation

SPACE = "[ \u00a0\t]"  # a space inside one line
LETTER_ANY = rf"[{UPPER}]{{1,3}}(?:-?\d{{1,2}})?"
#: The sides a count is written for, and the position each side's named actors take.
COUNT_SIDES = ("for", "against", "abstained")
SIDE_LABELS = {"for": "FOR", "against": "AGAINST", "abstained": "ABSTAINED"}
#: Shorter heads of names.json's `head_kinds` are compared as whole words only (`Brohus` is a surname).
HEAD_SUFFIX_MIN = 5


@dataclass(frozen=True)
class Cue:
    label: str
    regex: re.Pattern
    actors: str  # "before", "after" or "both"
    start: bool = False  # must open a statement
    colon: bool = False  # a colon must follow
    then: Optional[re.Pattern] = None  # must follow the actors
    weak: bool = False  # yields to any other cue on the same actor


@dataclass(frozen=True)
class PartyForm:
    """What a written letter, short name or party name stands for."""

    letter: Optional[str]  # the list letter; None outside any party or for a party without one
    name: Optional[str]  # the canonical party name; None where unknown or outside any party


class PositionLexicon:
    """Everything the positions component matches, compiled once per set of data files."""

    def __init__(self, data: dict, gazetteer: Any, months: Iterable[str] = ()) -> None:
        self.data = data
        flags = re.IGNORECASE
        self.cues = [
            Cue(
                label=c["label"],
                regex=re.compile(rf"(?<!\w)(?:{c['pattern']})(?!\w)", flags),
                actors=c.get("actors", "before"),
                start=bool(c.get("start")),
                colon=bool(c.get("colon")),
                then=re.compile(rf"{SPACE}*(?:{c['then']})(?!\w)", flags) if c.get("then") else None,
                weak=bool(c.get("weak")),
            )
            for c in data["cues"]
        ]
        bad = {c.label for c in self.cues} - set(POSITION_LABELS)
        if bad:
            raise ValueError(f"positions.json: unknown position label(s) {sorted(bad)}")
        self.remarks = re.compile(rf"(?<!\w)(?:{'|'.join(data['remarks'])})", flags)
        self.quotes = data.get("quotes", "\"“”„«»")
        self.history = re.compile("|".join(data.get("history_headings", [])) or r"(?!x)x", flags | re.MULTILINE)
        self.history_inline = re.compile("|".join(data.get("history_inline", [])) or r"(?!x)x", flags | re.MULTILINE)
        self.treatment_leads = re.compile("|".join(data.get("treatment_leads", [])) or r"(?!x)x", flags | re.MULTILINE)
        joiners = alternation(data.get("list_joiners", ["og"]))
        titles = alternation(data["titles"], False) if data.get("titles") else r"(?!x)x"
        self.title = re.compile(rf"{SPACE}*(?:{titles}){SPACE}+", re.IGNORECASE)  # `rådmand Niels Bak`
        self.separator = re.compile(rf"{SPACE}*(?:[,;]{SPACE}*(?:{joiners}{SPACE}+)?|{joiners}{SPACE}+|{SPACE}+)?{SPACE}*"
                                    rf"(?:(?:{titles}){SPACE}+)?", re.IGNORECASE)
        self._parties(gazetteer)
        # a title is never part of the name (`Udvalgsmedlem Line Sørensen` at the start of a sentence)
        self._names(gazetteer, [*data.get("not_name_words", []), *(t for t in data.get("titles", []) if " " not in t)])
        self._counts(data["counts"])
        self._amendments(data["amendments"])
        self.tables = TableWords(data["tables"], self.count_side)
        self._points(data["points"], months)

    # ------------------------------------------------------------------ actors

    def _parties(self, gazetteer: Any) -> None:
        forms: dict[str, PartyForm] = {}
        names: dict[str, PartyForm] = {}
        for party in gazetteer.parties["parties"]:
            letter = party.get("letter")
            form = PartyForm(letter, party["name"])
            if letter:
                forms[letter] = form
            for short in party.get("short", []):
                forms.setdefault(short, form)
            # a party written by name is that party: its local letter too (`Slesvigsk Parti` -> S), where a
            # letter alone would be ambiguous (`S` stays Socialdemokratiet)
            named = PartyForm(letter or party.get("local_letter"), party["name"])
            for variant in [party["name"], *party.get("variants", [])]:
                names.setdefault(variant, named)
            for short in party.get("short", []):
                if len(short) >= 2:
                    names.setdefault(short, form)
        self.forms = forms  # letters and short names
        self.party_names = names
        self.outside = list(self.data.get("outside_party", []))
        outside = rf"(?:{alternation(self.outside)})(?:-?\d{{1,2}})?"
        self.outside_re = re.compile(rf"{outside}$")
        known = alternation(forms)
        groups = alternation(self.data.get("party_groups", ["gruppen"]), False)
        particles = alternation(gazetteer.parties.get("name_particles", []))
        word = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)*"
        initial = rf"[{UPPER}]\."
        name = rf"{word}(?:{SPACE}+(?:{particles}{SPACE}+)?(?:{word}|{initial})){{0,4}}"
        nouns = alternation(self.data.get("group_nouns", []), False) if self.data.get("group_nouns") else r"(?!x)x"
        self.group_adjectives = {k.casefold(): v for k, v in self.data.get("group_adjectives", {}).items()}
        adjectives = alternation(self.group_adjectives) if self.group_adjectives else r"(?!x)x"
        roles = alternation(self.data.get("role_actors", []), False) if self.data.get("role_actors") else r"(?!x)x"
        party_name = alternation(names)
        self.actor = re.compile(
            rf"(?<![\w-])(?P<pname>{name}){SPACE}*\({SPACE}*(?P<pl>{LETTER_ANY}){SPACE}*\)"
            rf"|\({SPACE}*(?P<bl>{known}|{outside}){SPACE}*\)"
            rf"|(?<![\w-])(?P<grp>{known})-?(?:{groups})(?![\w-])"
            rf"|(?<![\w-])(?P<adj>[Dd]en{SPACE}+(?P<adjw>{adjectives}){SPACE}+(?:{nouns}))(?![\w-])"
            # `Dansk Folkepartis Leo Kragh`, `Enhedslistens medlem Eva Holm`: the person, with the party's letter
            rf"|(?<![\w-])(?P<gp>{party_name})(?:'|’)?s{SPACE}+(?:(?:{nouns}){SPACE}*,?{SPACE}*)?"
            rf"(?!(?:{party_name})(?![\w-]))(?P<gperson>{word}(?:{SPACE}+{word}){{1,3}})(?![\w-])"
            # `Hans Lund, Venstre, stemte imod`: a person of two or more words, the party after a comma
            rf"|(?<![\w-])(?!(?:{party_name})(?![\w-]))(?P<cperson>{word}(?:{SPACE}+{word}){{1,3}}),{SPACE}*(?P<cparty>{party_name})(?![\w-])"
            # `Venstres medlemmer`, `Venstres 5 medlemmer`; `Dansk Folkepartis og Venstres medlemmer`
            rf"|(?<![\w-])(?P<pn>{party_name})(?:(?P<poss>(?:'|’)?s)?(?P<gn>{SPACE}+(?:\d{{1,2}}{SPACE}+)?(?:{nouns}))"
            rf"|(?P<poss2>(?:'|’)?s)(?={SPACE}+(?:og|samt|,){SPACE}))?(?![\w-])"
            rf"|(?<![\w-])(?P<bare>{known})(?![\w'’-])"
            rf"|(?<![\w-])(?P<role>{roles})(?![\w-])(?!,?{SPACE}*[{UPPER}])"  # `Borgmesteren stemte imod`, not `Formanden, Lene Toft`
            rf"|(?<![\w-])(?P<fname>{name}){SPACE}+fra{SPACE}+(?P<fparty>{party_name})(?![\w-])"  # `Bo Friis fra Venstre`
            rf"|(?<![\w-])(?P<local>[{UPPER}])(?![\w'’-])"  # a local list's letter, where the meeting's members have it
            rf"|(?<![\w-])(?P<llist>[{UPPER}][{LOWER}]+listen)(?![\w-])"  # `Lokallisten`: a local list by its name
            rf"|(?<![\w-])(?P<name>{name})(?![\w-])"
        )

    def _names(self, gazetteer: Any, extra: Iterable[str]) -> None:
        n = gazetteer.names
        words = [*extra, *n.get("generic_heads", []), *n.get("stop_words_before_head", []),
                 *n.get("legislative_heads", []), *n.get("institution_heads", {})]
        self.not_name = {w.casefold() for w in words}
        heads = [h.casefold() for h in n.get("head_kinds", {})]
        self.not_name |= set(heads)
        self.head_suffixes = tuple(h for h in heads if len(h) >= HEAD_SUFFIX_MIN)

    def name_word_ok(self, word: str) -> bool:
        w = word.casefold().rstrip(".")
        return w not in self.not_name and not w.endswith(self.head_suffixes)

    def party_of(self, written: str) -> PartyForm:
        """The list letter and party name of a letter or short name as written (`SF` -> F)."""
        written = written.strip()
        if written in self.forms:
            return self.forms[written]
        if self.outside_re.match(written):
            return PartyForm(None, None)
        return PartyForm(written, None)  # a local list's letter: kept, no party name

    def is_outside(self, written: str) -> bool:
        return bool(self.outside_re.match(written.strip()))

    # ------------------------------------------------------------------ counts

    def _counts(self, c: dict) -> None:
        """Count mentions: a number next to a side (`19 for`, `For: 5`, `For stemte 16:`) and one
        number of votes against another (`med 20 mod 5 stemmer`); `count_gap` is such a count
        between a cue and its list (`For stemte (5):`, `Imod stemte 3 medlemmer:`)."""
        self.number_words = {k.casefold(): int(v) for k, v in c.get("number_words", {}).items()}
        number = rf"(?:\d{{1,3}}|{alternation(self.number_words)})" if self.number_words else r"\d{1,3}"
        units = alternation(c.get("units", ["stemmer"]), False)
        self.count_sides = [(key, re.compile(rf"(?:{alternation(c[key], False)})$", re.IGNORECASE)) for key in COUNT_SIDES]
        sides = alternation([w for key in COUNT_SIDES for w in c[key]], False)
        not_for = alternation([w for key in COUNT_SIDES[1:] for w in c[key]], False)  # `ingen imod`, not `en for`
        voted = alternation(c.get("voted", ["stemte", "stemmer"]), False)
        not_after = alternation(c.get("not_after", []), False) if c.get("not_after") else r"(?!x)x"
        free = rf"(?![\w.,]\d|\w)"  # a whole number: not `2.000`, not `3,5`
        words = alternation(self.number_words) if self.number_words else r"(?!x)x"  # `to stemmer imod`, never `en for stor`
        not_before = alternation(c["not_before"], False) if c.get("not_before") else r"(?!x)x"
        self.count_not_before = re.compile(rf"(?<!\w){not_before}{SPACE}*$", re.IGNORECASE)  # `punkt 3 for`
        self.count_mentions = [
            # `med 20 mod 5 stemmer`, `med 4 stemmer (Ø og F) mod 23`: for against against
            re.compile(rf"(?<![\w.,§-])(?P<n>\d{{1,3}}{free}|{words}(?={SPACE}+(?:{units}{SPACE}+)?mod(?!\w)))"
                       rf"(?:{SPACE}+{units})?(?P<inner>{SPACE}*\([^()\n]{{1,120}}\))?"
                       rf"{SPACE}+mod{SPACE}+(?P<m>\d{{1,3}}{free}|{words}(?!\w))(?:{SPACE}+{units}(?!\w))?", re.IGNORECASE),
            # `19 for`, `8 imod`, `5 stemte for`, `2 medlemmer undlod at stemme`
            re.compile(rf"(?<![\w.,§-])(?P<n>\d{{1,3}}{free}|{words}(?={SPACE}+(?:{units}|{voted}|{not_for})(?!\w)))"
                       rf"{SPACE}+(?:{units}{SPACE}+)?(?:{voted}{SPACE}+)?"
                       rf"(?P<side>{sides})(?!\w)(?!{SPACE}+(?:{not_after})(?!\w))", re.IGNORECASE),
            # `For: 5`, `For stemte 16`, `Imod stemte 3 medlemmer`: the side first, then a colon or `stemte`
            re.compile(rf"(?<![\w-])(?P<side>{sides})(?:{SPACE}+(?:ændrings)?forslaget|{SPACE}+indstillingen)?"
                       rf"{SPACE}*(?::|{SPACE}(?:{voted})){SPACE}*(?P<n>{number}){free}"
                       rf"(?:{SPACE}+{units}(?!\w))?", re.IGNORECASE),
        ]
        # the outcome before `med 18 stemmer mod 7`: rejected, the larger number voted against; adopted, for
        self.count_outcome = re.compile(rf"(?P<rejected>{alternation(c.get('rejected_words', ['forkastet']), False)})"
                                        rf"|(?P<adopted>{alternation(c.get('adopted_words', ['vedtaget']), False)})",
                                        re.IGNORECASE)
        self.count_gap = re.compile(
            rf"{SPACE}*(?P<c1>:)?{SPACE}*(?:\({SPACE}*{number}{SPACE}*\)|{number}{free}(?:{SPACE}+{units}(?!\w))?)?"
            rf"{SPACE}*(?P<c2>:)?", re.IGNORECASE)

    def count_side(self, written: str) -> Optional[str]:
        """`for`, `against` or `abstained` for a side word as written."""
        w = " ".join(written.split())
        return next((key for key, regex in self.count_sides if regex.match(w)), None)

    def number(self, text: Optional[str]) -> Optional[int]:
        if text is None:
            return None
        text = text.strip()
        return int(text) if text.isdigit() else self.number_words.get(text.casefold())

    # ------------------------------------------------------------------ amendments

    def _amendments(self, a: dict) -> None:
        flags = re.IGNORECASE
        self.proposals = [(re.compile(rf"(?<!\w)(?:{p['pattern']})(?!\w)", flags), p.get("actors", "before"))
                          for p in a["proposals"]]
        self.outcomes = [(label, re.compile(rf"(?<!\w)(?:{p})(?!\w)", flags))
                         for label, patterns in a["outcomes"].items() for p in patterns]
        d = a["decision_lines"]
        self.decision_wording = rf"(?:{'|'.join(d['wording'])})"
        self.decision_subjects = rf"(?:{'|'.join(d['subjects'])})"

    # ------------------------------------------------------------------ points

    def _points(self, p: dict, months: Iterable[str]) -> None:
        atom_sub = rf"\d{{1,2}}{SPACE}?\.?{SPACE}?[a-h](?![^\W\d_])\.?"
        atom_num = rf"\d{{1,2}}(?:[.)]|(?={SPACE}*[-–]{SPACE}*\d))"  # `2.`, `1)`, the `5` of `5-9.`
        atom = rf"(?:{atom_sub}|{atom_num})"
        joiner = rf"{SPACE}*(?:-|–|til|og|,){SPACE}*"
        ref_atom = rf"\d{{1,2}}(?:{SPACE}?\.?{SPACE}?[a-h](?![^\W\d_]))?(?![\d.,]\d)"
        ref_list = rf"{ref_atom}(?:{SPACE}*(?:-|–|,|og|samt){SPACE}*{ref_atom})*"
        prefixes = alternation(p.get("line_prefixes", []), False) if p.get("line_prefixes") else r"(?!x)x"
        self.marker = re.compile(
            rf"^{SPACE}*(?:(?:{prefixes}){SPACE}+(?P<ad>{ref_list}){SPACE}*[,.:]?|(?P<pt>{atom}(?:{joiner}{atom})*))"
            rf"(?={SPACE}+\S|{SPACE}*$)", re.IGNORECASE)
        self.reference = re.compile(
            rf"(?<!\w){alternation(p['words'], False)}{SPACE}+(?P<pt>{ref_list})", re.IGNORECASE)
        self.months = {m.casefold().rstrip(".") for m in months}
        self.decision_line = re.compile(
            rf"^\s*(?:(?P<pt>{atom}(?:{joiner}{atom})*){SPACE}*)?"
            rf"(?:(?:[\w-]+{SPACE}+){{0,2}}?{self.decision_subjects}{SPACE}+)?{self.decision_wording}(?!\w)",
            re.IGNORECASE)

    def point_at_line_start(self, line: str) -> Optional[tuple[str, int, bool]]:
        """(normalised point, end offset in the line, whether the line holds nothing else) of a
        point marker opening the line (`2. Anbefales`, `1.-4.`, `Ad 3,`)."""
        m = self.marker.match(line)
        if not m:
            return None
        after = line[m.end():].split(None, 1)
        if after and after[0].casefold().rstrip(".,:;") in self.months:  # `22. januar`: a date
            return None
        return normalise_point(m.group("ad") or m.group("pt")), m.end(), not after


_ATOM = re.compile(r"(\d{1,2})\s?\.?\s?([a-h])?(?![^\W\d_])")
_RANGE = re.compile(r"^\s*\.?\s*(?:-|–|til)")


def normalise_point(written: str) -> str:
    """`2. a.` -> `2.a`; `1.-4.` -> `1-4`; `1, 4 og 6` -> `1,4,6`; `3.b` -> `3.b`."""
    out = ""
    last = 0
    for k, m in enumerate(_ATOM.finditer(written)):
        atom = m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
        if k:
            out += "-" if _RANGE.match(written[last:m.start()]) else ","
        out += atom
        last = m.end()
    return out
