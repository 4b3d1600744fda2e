"""The PARTY rules of `referat_entity_rules`: parties, municipalities, authorities, committees,
companies and organisations, from the gazetteers (`gazetteers/*.json`).

A PhraseMatcher finds every written name of the gazetteers, also in capitals; forms that are also
ordinary words are guarded (`Alternativet til ...`). Name patterns (`entity_party_names`) find
`X Kommune`, `Region X`, `Jobcenter X`, `...udvalget`, a list letter in parentheses after a
person's name, and organisation-shaped names without a cue word: a legal form (`Nyby Vand A/S`),
an authority or association head (`Planklagenævnet`, `Handicaprådet` inside a sentence,
`Nordea-fonden`), capitalised words before a head (`Karlslunde Idrætsforening`), a head before a
name (`Grundejerforeningen Strandbo`), `Center for ...`-style prefixes, and a department named by
its field (`Teknik og Miljø`). A name followed by a municipality's place name is its local branch
(`DN Roskilde`); a coordinated committee name is one name as typed too (`Skole-, Børne - og
Ungeudvalget`). A name found once is a name at every other mention in the document, a
sentence's head included (`Idrætsrådet anbefaler`), and so are its abbreviations (`(CJS)`, `EBU`).
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from referat.pipeline import resources as lx
from referat.pipeline.entity_party_names import BRANCH_PLACE, LETTER_LIST, ORG_KINDS, U, acronym_candidates, party_patterns
from referat.pipeline.resources import Resources

ABBREVIATION = re.compile(rf"[ \u00a0]*\((?P<a>[{U}][{U}0-9]{{1,6}})\)")
TITLE_PREFIX = re.compile(rf"(?m)^[ \t]*(?:Punkt\s+\d+\s*:\s*)?(?P<x>[{U}]{{2,6}}(?:/[{U}]{{2,6}})*)[ \t]+[-–][ \t]+\S")


class PartyFinder:
    """PARTY spans (see the module doc), compiled once from the gazetteers."""

    label = "PARTY"

    def __init__(self, nlp: Language, resources: Resources):
        self.gaz = resources.gazetteer
        names = self.gaz.names
        self.stop = set(names["stop_words_before_head"])
        self.unit_blockers = {"Kommune", "Kommunes", "Kommuner", *names["name_prefixes"], *names["legislative_heads"]}
        self.inside_names = [re.compile(r, re.IGNORECASE) for r in names.get("inside_names_before", [])]
        self.school_generic = {w.casefold() for w in names["school_generic_words"]}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        forms = sorted(self.gaz.phrases)
        self.matcher.add("PARTY", [nlp.make_doc(f) for f in forms])
        parties = self.gaz.parties
        self.vote_words = [w.lower() for w in parties.get("vote_words", [])]
        self.vote_window = parties.get("vote_window", 80)
        self.not_head_endings = tuple(w.casefold() for w in names.get("not_head_endings", []))
        self.tail_blocked = set(names.get("tail_blocked_words", []))
        self.determiners = set(names.get("determiners_in_names", []))
        self.tail_heads = {h.casefold() for h in names.get("tail_heads", {})}
        self.name_heads = tuple({h.casefold() for h in [*names.get("compound_heads", []), *names.get("authority_heads", {}),
                                                         *names.get("association_heads", {})]})
        self.patterns = party_patterns(self.gaz)

    def find(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        """The names of `text`: the gazetteers' forms, the name patterns, list letters, then the other
        mentions, aliases and abbreviations of what was found (module doc)."""
        out: list[tuple[int, int]] = []
        guards = self.gaz.guards
        for _, s, e in self.matcher(doc):
            start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
            if guards:
                written = text[start:end]
                guard = guards.get(written.casefold()) or guards.get(re.sub(r"(?:'s|’s|s)$", "", written).casefold())
                if guard is not None and guard.match(text, end):
                    continue  # `Alternativet til ...`, `Venstre side`: a word, not the party
            out.append((start, end))
        muni = self.gaz.municipalities
        for kind, rx, needles in self.patterns:
            if not any(n in text for n in needles):
                continue  # no word every match of this pattern holds: skip the scan
            for m in rx.finditer(text):
                gd = m.groupdict()
                x = gd.get("x")
                first = x.split()[0] if x else None
                if kind in ORG_KINDS:
                    span = self._org_name(text, kind, m)
                    if span:
                        out.append(span)
                    continue
                if first in self.stop and kind != "letter":  # `Formand Lars Holm (C)`: the letter stands
                    # `I Herlev Kommune`: drop a leading stop word if a name is left
                    if kind in ("municipality", "institution", "unit") and x and " " in x:
                        rest = x.split(None, 1)[1]
                        if rest.split()[0] not in self.stop:
                            out.append((m.start("x") + len(x) - len(rest), m.end()))
                    continue
                if kind == "municipality":
                    if gd["h"][0] == "k" and _base(x) not in muni and x not in muni:
                        continue
                    folded = self.gaz.municipality_folded
                    if gd["h"].isupper() and x.casefold() not in folded and _base(x).casefold() not in folded:
                        continue  # `GREVE KOMMUNE`: known municipalities only
                    out.append((m.start(), m.end()))
                elif kind == "compound":
                    if any(w in x for w in self.gaz.names.get("single_word_not", [])):
                        continue
                    lead = gd.get("lead") or ""
                    items = [i.strip() for i in lead.split(",") if i.strip()]
                    if any(i in self.stop or self._is_name_item(i) for i in items):
                        out.append((m.start() + len(lead), m.end()))  # `Byrådet, Børne- og Ungeudvalget`: two names
                        continue
                    out.append((m.start(), m.end()))
                elif kind == "midsentence":
                    if not _midsentence(text, m.start()) or x.casefold() in self.gaz.not_a_party:
                        continue
                    out.append((m.start(), m.end()))
                elif kind == "unit2":
                    if not _midsentence(text, m.start()) or x.split()[0] in muni:
                        continue
                    out.append((m.start(), m.end()))
                elif kind == "akasse":
                    if re.sub(r"(?:'s|’s)$", "", x) not in self.gaz.exact:
                        continue
                    out.append((m.start(), m.end()))
                elif kind == "legislature":
                    out.append((m.start(), m.end()))
                elif kind == "school":
                    if x.casefold() in self.school_generic or x.rstrip("s").casefold() in self.school_generic:
                        continue
                    out.append((m.start(), m.end()))
                elif kind == "unit":
                    items = re.split(r",\s*|\s+&\s+|\s+og\s+", x)
                    if any(len(i) < 2 or i in muni or i in self.stop or i in self.unit_blockers for i in items):
                        continue
                    if any(self._is_name_item(i) for i in items[:-1]) or items[-1].casefold() in self.gaz.not_a_party:
                        continue  # `Tryghedsudvalget, Økonomiudvalget og Byrådet`: each name on its own
                    if re.match(r"\s*[Kk]ommuner", text[m.end() :]):
                        continue
                    out.append((m.start(), m.end()))
                elif kind == "letter":
                    words = x.split()
                    if any(w in self.gaz.names["prefix_kinds"] or _has_org_head(w, self.gaz.names) for w in words):
                        continue
                    out.append((m.start("l"), m.end("l")))
                else:
                    out.append((m.start(), m.end()))
        out += self._letter_lists(text)
        not_party = self.gaz.not_a_party
        out = [(s, e) for s, e in out if text[s:e].casefold() not in not_party and not self._inside_name(text, s)]
        out = [self._with_branch(text, s, e) for s, e in out]
        out += self._mentions(text, out)
        out += self._aliases(doc, text, out)
        out += self._acronyms(doc, text, out)
        return out

    def _mentions(self, text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The other mentions of a name found in the document, as written (with a possessive s):
        a name found inside a sentence is a name at the head of one too (`Idrætsrådet anbefaler`),
        where the sentence's capital keeps the patterns from telling; not a heading made of the name
        alone, which names the activity (scheme E-P10). Plain string search, as most names are
        written once."""
        out: list[tuple[int, int]] = []
        seen = set(found)
        for name in {re.sub(r"(?:'s|’s)$", "", text[s:e]) for s, e in found}:
            if not name[:1].isupper() or len(name) < 4 or text.count(name) < 2:
                continue
            at = text.find(name)
            while at >= 0:
                end = None if _in_word(text, at - 1) else _word_end(text, at + len(name))
                if (end is not None and (at, end) not in seen and not self._inside_name(text, at)
                        and not _whole_line(text, at, end)):
                    out.append((at, end))  # overlaps are settled with the rest (the longest wins)
                at = text.find(name, at + 1)
        return out

    def _with_branch(self, text: str, start: int, end: int) -> tuple[int, int]:
        """A name followed by a municipality's place name is the local branch, one name
        (`DN Greve`, `Ældre Sagen Roskilde`), unless the place starts a name of its own
        (`Greve Kommune`) or the name already ends in a place."""
        m = BRANCH_PLACE.match(text, end)
        if m is None or m["place"] not in self.gaz.municipalities:
            return start, end
        if text[start:end].split()[-1] in self.gaz.municipalities:
            return start, end
        return start, m.end()

    def _org_name(self, text: str, kind: str, m: re.Match) -> tuple[int, int] | None:
        """The span of a name found by one of `_org_patterns` or a company suffix, or None."""
        x = m["x"]
        if kind in ("authority_word", "association_word", "hyphen_head"):
            if x.casefold().endswith(self.not_head_endings) or x.casefold() in self.gaz.not_a_party:
                return None
            if kind == "association_word" and not m["lead"] and not _midsentence(text, m.start()):
                return None  # `Grundejerforeningen har ...`: the capital may be the sentence's
            return m.start(), m.end()
        if kind == "field_unit":
            if self._inside_name(text, m.start()):
                return None
            return m.start(), m.end()
        if kind == "tail":
            h = m["h"].casefold()
            generic = (h in self.gaz.not_a_party or _base(h) in self.gaz.not_a_party) and h not in self.tail_heads
            if h.endswith(self.not_head_endings) or generic:
                return None  # `Skoleområdet`; `Økonomiudvalget Byrådet` (not `Holm Fonden`): a generic head makes no name
        if kind == "head_first":
            if m["h"].casefold().endswith(self.not_head_endings):
                return None
            last = None
            for w in re.finditer(r"\S+", x):  # the name after the head stops at a sentence word (`... Strandbo Og`)
                if w.group(0) in self.stop or w.group(0) in self.tail_blocked:
                    break
                last = w
            return (m.start(), m.start("x") + last.end()) if last else None
        start = self._name_start(x, m.start("x"))
        if start is None:
            return None
        name = text[start : m.end("x")]
        if any(w in self.tail_blocked for w in name.split()):
            return None
        return start, m.end()

    def _inside_name(self, text: str, start: int) -> bool:
        """The name is part of a plan or law name (`Beskæftigelsespolitik for Lejre Kommune`)."""
        before = text[max(0, start - 60) : start]
        return any(rx.search(before) for rx in self.inside_names)

    def _acronyms(self, doc: Doc, text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Abbreviations of the committees and units found (`EBU` for
        `Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner`,
        `AMU` for `Arbejdsmarkedsudvalget`) and abbreviations that start
        several agenda titles (`EBU - Godkendelse af dagsorden`): a PARTY
        wherever they stand alone."""
        names = self.gaz.names
        min_len = names.get("acronym_min_length", 3)
        full: dict[str, str] = {}
        for s, e in found:
            name = text[s:e]
            for a in acronym_candidates(name, names["compound_heads"]):
                if len(a) >= min_len:
                    full.setdefault(a, re.sub(r"(?:'s|’s|s)$", "", name) if name.endswith("udvalgets") else name)
        counts: dict[str, int] = {}
        for m in TITLE_PREFIX.finditer(text):
            for a in m["x"].split("/"):
                counts[a] = counts.get(a, 0) + 1
        learned = {a for a, c in counts.items() if c >= names.get("title_prefix_min_count", 2)}
        learned = {a for a in learned if a.casefold() not in self.gaz.not_a_party and a not in self.gaz.exact}
        wanted = {a for a in full if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text)} | learned
        wanted -= set(self.gaz.exact)
        if not wanted:
            return []
        aliases = doc.user_data.setdefault("referat_aliases", {})
        kinds = doc.user_data.setdefault("referat_alias_kinds", {})
        for a in wanted:
            if a in full:
                aliases.setdefault(a, full[a])
            else:
                kinds.setdefault(a, names.get("unit_kind", "council_or_committee"))
        rx = re.compile(rf"(?<![\w-]){lx.alternation(wanted)}(?:'s|’s)?(?![\w-])")
        return [(m.start(), m.end()) for m in rx.finditer(text)]

    def _letter_lists(self, text: str) -> list[tuple[int, int]]:
        """`(A, F og Ø)`, or `A, F og Ø` after a vote word (`stemte`,
        `flertal`): each known list letter is a PARTY."""
        out = []
        known = self.gaz.letters
        for m in LETTER_LIST.finditer(text):
            single = list(re.finditer(rf"(?<!\w)[{U}](?!\w)", m["x"]))
            letters = [lm.group(0) for lm in single]
            if len(letters) < 2 or any(l not in known for l in letters):
                continue
            s, e = m.start(), m.end()
            in_parens = text[:s].rstrip().endswith("(") and text[e:].lstrip().startswith(")")
            before = text[max(0, s - self.vote_window) : s].lower()
            before = re.split(r"[.!?]\s|\n", before)[-1]  # the same sentence only
            if not in_parens and not any(w in before for w in self.vote_words):
                continue
            for lm in single:
                out.append((s + lm.start(), s + lm.end()))
        return out

    def _aliases(self, doc: Doc, text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A name followed by its abbreviation in parentheses, `Center for Job
        og Social (CJS)`: the abbreviation is a PARTY wherever it stands in the
        document. The map is kept in `doc.user_data["referat_aliases"]` for the
        normaliser."""
        aliases: dict[str, str] = {}
        for s, e in found:
            m = ABBREVIATION.match(text, e)
            if m and m["a"] not in self.gaz.exact:
                aliases.setdefault(m["a"], text[s:e])
        if not aliases:
            return []
        doc.user_data.setdefault("referat_aliases", {}).update(aliases)
        rx = re.compile(rf"(?<![\w-]){lx.alternation(aliases)}(?:'s|’s|s)?(?![\w-])")
        return [(m.start(), m.end()) for m in rx.finditer(text)]

    def _name_start(self, x: str, start: int) -> int | None:
        """Where a name found with leading words starts once sentence words before it are dropped
        (`Såfremt Greve Spildevand A/S`, `Fra Karlslunde Idrætsforening`); a determiner before an
        adjective in -e stays (`Det Centrale Handicapråd`). None where no name word is left."""
        words = list(re.finditer(r"\S+", x))
        for i, w in enumerate(words):
            word = w.group(0)
            nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
            if word in self.determiners and nxt[:1].isupper() and nxt.endswith("e"):
                return start + w.start()
            if word not in self.stop:
                return start + w.start()
        return None

    def _is_name_item(self, item: str) -> bool:
        """A list item that is a name of its own (`Økonomiudvalget`, `Handicaprådet`) or a generic
        reference (`Byrådet`): a list of such items is no administration's name."""
        w = item.strip().casefold()
        return w in self.gaz.not_a_party or (w.endswith(self.name_heads) and not w.endswith(self.not_head_endings))


def _in_word(text: str, i: int) -> bool:
    """Whether the character at `i` belongs to a word (a letter, digit, `_` or `-`), as regex `[\\w-]`."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "_-")


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether the span is all its line holds (a heading such as `Virksomhedsservice`)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end : line_end if line_end >= 0 else len(text)].strip()


def _word_end(text: str, end: int) -> int | None:
    """Where a name that ends at `end` ends with its possessive s (`Idrætsrådets`, `KL's`), or
    without it; None where the name runs on into a word."""
    for suffix in ("'s", "’s", "s", ""):
        if text.startswith(suffix, end) and not _in_word(text, end + len(suffix)):
            return end + len(suffix)
    return None


def _midsentence(text: str, start: int) -> bool:
    """Whether `start` is inside a sentence (not after a full stop, colon, line break or at the start)."""
    i = start - 1
    while i >= 0 and text[i] in " \u00a0\t":
        i -= 1
    if i < 0:
        return False
    if text[i] == ".":
        # an abbreviation (bl.a., f.eks., jf., ca.) does not end a sentence
        word = re.search(r"(\S+)$", text[: i + 1]).group(1)
        return bool(re.fullmatch(r"(?:\w{1,4}\.){2,}|(?:jf|ca|evt|inkl|ekskl|pga|mv|mfl|bl|nr|pkt|vedr|iht|dvs)\.", word.lower()))
    return text[i] not in "!?:\n•-–*"


def _base(x: str) -> str:
    """`Greves` -> `Greve`: a name's possessive or plural s, dropped to look the name up."""
    return x[:-1] if x.endswith("s") else x


def _has_org_head(word: str, names: dict) -> bool:
    """Whether a word ends in an organisation's head (`...udvalget`): then `X (A)` is no person's letter."""
    w = word.lower()
    return any(w.endswith(h) for h in names["head_kinds"] if len(h) > 3)
