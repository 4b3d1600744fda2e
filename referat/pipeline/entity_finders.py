"""The rules of `referat_entity_rules`: where AMOUNT, DATE, PARTY and PROJECT are written.

AMOUNT and DATE come from regular expressions built from
`patterns/amounts.json` and `corpus/lexicons/dates.json`, matched on `doc.text`
(plus the figures of a table column headed `... i kr.`, never a table's unit
`(1.000 kr.)`; a sum in millions without its currency where its sentence is about money; a compact range such as `16.-17. maj 2022` is one DATE; a bare
year is a DATE after a word that makes it one, or where it labels a table's row or column
or starts a step of a timeline);
PARTY from the gazetteers (a PhraseMatcher on every written name, also in
capitals; forms that are also ordinary words are guarded: `Alternativet til ...`)
plus name patterns (`X Kommune`, `Region X`, `Jobcenter X`, `...udvalget`, a list
letter in parentheses after a person's name) and organisation-shaped names
without a cue word, all from head words in names.json: a legal form
(`Nyby Vand A/S`), an authority or association head (`Planklagenævnet`,
`Handicaprådet` inside a sentence, `Nordea-fonden`), capitalised words before a
head (`Karlslunde Idrætsforening`, `Novo Nordisk Fond`), a head before a name
(`Grundejerforeningen Strandbo`), `Center for ...`-style prefixes, and a
department named by its field (`Teknik og Miljø`); a name followed by a
municipality's place name is its local branch (`DN Roskilde`); a coordinated committee
name is one name as typed too (`Skole-, Børne - og Ungeudvalget`, `Kultur og
Fritidsudvalget`); a name found once is a name at every other mention in the document,
a sentence's head included (`Idrætsrådet anbefaler`). Names never cross a line
break or a tab. PROJECT only where a pattern is safe (`IPS-projektet`, a quoted
name after `projektet`/`puljen`, `Projekt 180 grader`, a known programme such
as `EU Socialfond Plus`).

Character matches are snapped to tokens with `alignment_mode="strict"`; where
that fails because a match ends inside a token (`3F` in `3F's`,
`d.19. november`), the span is expanded to whole tokens, as the annotation
scheme asks. Overlaps are resolved with `spacy.util.filter_spans` (the longest
wins).

Each PARTY pattern and the rarer DATE patterns carry the words every match of theirs
holds, and a text without any of them is not scanned: the same spans, found faster.

What varies by municipality or system is data (`patterns/*.json`, `gazetteers/*.json`,
`corpus/lexicons/dates.json`, through `referat.pipeline.resources`); this module holds
only how those data are matched.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from referat.schema import ENTITY_LABELS
from referat.corpus.letters import UPPER
from referat.corpus.regexes import SENTENCE_END
from referat.pipeline import resources as lx
from referat.pipeline.extensions import doc_text
from referat.pipeline.resources import Resources

LABELS = ENTITY_LABELS

U = UPPER
CAP = rf"[{U}][\w]*(?:-[{U}\w][\w]*)*"  # a capitalised word, hyphenated parts allowed
ABBREVIATION = re.compile(rf"[ \u00a0]*\((?P<a>[{U}][{U}0-9]{{1,6}})\)")
TITLE_PREFIX = re.compile(rf"(?m)^[ \t]*(?:Punkt\s+\d+\s*:\s*)?(?P<x>[{U}]{{2,6}}(?:/[{U}]{{2,6}})*)[ \t]+[-–][ \t]+\S")
UNIT_NUMBER = re.compile(r"1(?:\.?000)*")  # a table's unit: 1.000 kr., 1 mio. kr.
UNIT_BEFORE = re.compile(r"(?:\(|(?<!\w)i[ \u00a0]+)[ \u00a0]*$")
UNIT_AFTER = re.compile(r"[ \u00a0]*(?:\)|\(|\t|\n|$)")
SP = r"[ \u00a0]+"  # the space between the words of a name: names cross no line break and no tab
# a word of a list, or a coordinated compound written apart (`Miljø- og Teknik`, `Job- & Socialservice`)
NAME_ITEM = rf"(?:[{U}][\w]*-{SP}(?:og|&){SP}[{U}\w][\w]*|{CAP})"
NAME_LIST = rf"{NAME_ITEM}(?:(?:,\s*{NAME_ITEM})*\s+(?:og|&)\s+{NAME_ITEM})?"  # Job, Arbejdsmarked og Integration
#: the word after a number, to tell a count (`2000 borgere`)
COUNT_WORD = re.compile(r"[ \t\u00a0]*([\w.%]+)")
#: a year as the first cell of a table row (`2025\t51\t53`, `| 2025 | 51 |`)
YEAR_CELL = re.compile(r"[ |\u00a0]*(?:19|20)\d\d[ \u00a0]*[\t|]")
#: a line that starts with a year and goes on in words: a step of a timeline (`2027 Udbud og byggeri`)
YEAR_STEP = re.compile(rf"(?:19|20)\d\d:?[ \u00a0]+[{U}\w]")
YEAR_STEP_LINE = re.compile(rf"(?m)^{YEAR_STEP.pattern}")
#: what joins the stems of a coordinated compound: `Børne-`, `Skole-,`, as typed also `Børne -` and `Plan,-`
COMPOUND_LINK = r"(?:[ \u00a0]?-[ \u00a0]?,?|,[ \u00a0]?-)"
NAME_WORD = rf"(?:{CAP}|[{U}]\.(?:[{U}]\.)*)"  # a word of a name, initials included (`A.P. Møller`)
# name patterns whose spans `_org_name` decides (leading sentence words dropped, generic heads out)
ORG_KINDS = ("company", "authority_word", "association_word", "hyphen_head", "tail", "head_first", "field_unit")


class EntityFinder:
    """The rule entities of a Doc (see the module doc), compiled once from the data files."""

    def __init__(self, nlp: Language, resources: Resources, labels: Iterable[str] = LABELS):
        self.nlp = nlp
        self.resources = resources
        self.labels = list(labels)
        self._build()

    # ------------------------------------------------------------------ setup

    def _build(self) -> None:
        self.amounts = self.resources.amounts
        self.dates = self.resources.dates
        self.count_nouns = {c.rstrip(".") for c in self.dates.count_nouns}
        self.projects = self.resources.projects
        ends = self.projects.data.get("name_end_words", [])
        # a project name ends before a verb of the decision or a reference (`... godkendes`, `jf.`)
        self.name_end_words = re.compile(rf"\s+{lx.alternation(ends)}(?![\w-])", re.IGNORECASE) if ends else None
        self.gaz = self.resources.gazetteer
        names = self.gaz.names
        self.stop = set(names["stop_words_before_head"])
        self.unit_blockers = {"Kommune", "Kommunes", "Kommuner", *names["name_prefixes"], *names["legislative_heads"]}
        self.inside_names = [re.compile(r, re.IGNORECASE) for r in names.get("inside_names_before", [])]
        self.school_generic = {w.casefold() for w in names["school_generic_words"]}
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        forms = sorted(self.gaz.phrases)
        self.matcher.add("PARTY", [self.nlp.make_doc(f) for f in forms])
        self.project_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        known_projects = self.projects.data.get("known_names", [])
        if known_projects:
            self.project_matcher.add("PROJECT", [self.nlp.make_doc(f) for f in known_projects])
        prefixes = names["name_prefixes"]
        listed = set(names.get("list_name_prefixes", []))
        list_prefixes = [p for p in prefixes if p.endswith(" for") or p in listed]
        word_prefixes = [p for p in prefixes if p not in list_prefixes]
        legis = lx.alternation(names["legislative_heads"])
        compound = lx.alternation(names["compound_heads"])
        parties = self.gaz.parties
        particles = lx.alternation(parties.get("name_particles", []))
        self.vote_words = [w.lower() for w in parties.get("vote_words", [])]
        self.vote_window = parties.get("vote_window", 80)
        letter = rf"[{U}]"
        self.letter_list = re.compile(
            rf"(?<![\w.])(?P<x>{letter}(?:\s*,\s*{letter})*\s+(?:og|&)\s+{letter}|{letter}(?:\s*,\s*{letter})+)(?!\w|\.\w)"
        )
        # the last item of a list after `Center for ...` may be a field word in lower case
        # (`Center for Børn og familier`); any other lower-case word ends the name
        fields = lx.alternation(w for w in names.get("field_words", []) if not w.isupper())
        fields_lower = lx.alternation(w.lower() for w in names.get("field_words", []) if not w.isupper())
        name_list = (rf"{NAME_ITEM}(?:(?:,\s*{NAME_ITEM})*\s+(?:og|&)\s+(?:{NAME_ITEM}|{fields_lower}(?![\w-])))?"
                     if fields_lower != "(?:)" else NAME_LIST)
        self.branch_place = re.compile(
            rf"[ \u00a0]+(?P<place>[{U}]\w+(?:-[{U}]\w+)?)(?![\w-]|[ \u00a0]+(?:[Kk]ommun|KOMMUN|Byråd|{CAP}))")
        currencies = lx.alternation(self.amounts.currencies)
        self.currency_header = re.compile(rf"(?:^|\s)i[ \u00a0]+{currencies}[ \u00a0]*$")  # `... i kr.`, as E-A9 says
        self.column_figure = re.compile(rf"[-−–]?{lx.NUMBER}")
        inst = lx.alternation(names["institution_heads"])
        places = self.gaz.municipality_phrases
        multi_place = f"{lx.alternation(places)}(?![\\w-])|" if places else ""
        # names in capitals: `REGION SJÆLLAND`, `JOBCENTER GREVE`
        word_prefixes = word_prefixes + [p.upper() for p in word_prefixes if p.upper() != p]
        suffixes = lx.alternation(names["company_suffixes"])
        self.party_patterns = [
            # Herlev Kommune(s) [Byråd]
            (
                "municipality",
                re.compile(
                    rf"(?<![\w-])(?P<x>{multi_place}{CAP})\s+(?P<h>[Kk]ommunes?|KOMMUNES?)(?:\s+(?P<c>{legis}|Økonomiudvalg)(?:et|s)?)?(?![\w-])"
                ),
                ("ommune", "OMMUNE"),
            ),
            ("legislature", re.compile(rf"(?<![\w-])(?P<x>{CAP}){SP}{legis}s?(?![\w-])"), names["legislative_heads"]),
            ("prefix", re.compile(rf"(?<![\w-])(?P<p>{lx.alternation(word_prefixes)}){SP}(?P<x>{CAP})(?![\w-])"), word_prefixes),
            ("prefix", re.compile(rf"(?<![\w-])(?P<p>{lx.alternation(list_prefixes)}){SP}(?P<x>{name_list})(?![\w-])"),
             list_prefixes),
            # Arbejdsmarkedsudvalget, Erhvervs-, Beskæftigelses- og Uddannelsesudvalget,
            # Beskæftigelses- og Integrationsforvaltningen, Skole, Børne- og Ungeudvalget; as typed
            # in a hurry: Skole-, Børne - og Ungeudvalget, Klima-, Teknik og Miljø-udvalget,
            # and a field word without its hyphen, Kultur og Fritidsudvalget
            (
                "compound",
                re.compile(
                    rf"(?<![\w-])(?=[{U}])(?P<x>(?:(?P<lead>(?:[{U}]\w*,\s+)+)?[{U}]\w*{COMPOUND_LINK}\s+(?:og\s+(?=\w+{COMPOUND_LINK}))?"
                    rf"(?:\w+{COMPOUND_LINK}\s+)*(?:{fields}\s+)?og\s+\w*-?|{fields}\s+og\s+[{U}]\w*|[{U}]\w*)"
                    rf"{compound})(?![\w-])"
                ),
                names["compound_heads"],
            ),
            ("committee2", re.compile(rf"(?<![\w-])(?P<x>[{U}]\w+){SP}Udvalg(?:et|ets)?(?![\w-])"), ("Udvalg",)),
            ("midsentence", re.compile(rf"(?<![\w-])(?P<x>[{U}]\w+{lx.alternation(names.get('midsentence_heads', {}))})(?![\w-])"),
             list(names.get("midsentence_heads", {}))),
            # Arbejdsmarked og Borgerservice: a pair whose last word is a unit head
            ("unit2", re.compile(rf"(?<![\w-])(?P<x>{CAP}{SP}(?:og|&){SP}[{U}]\w+{lx.alternation(names.get('midsentence_heads', {}))})(?![\w-])"),
             list(names.get("midsentence_heads", {}))),
            ("akasse", re.compile(r"(?<![\w-])(?P<x>[\w]+(?:'s|’s)?)\s+a-kassen?(?![\w-])"), ("a-kasse",)),
            ("school", re.compile(rf"(?<![\w-])(?P<x>[{U}]\w*skolen?s?)(?![\w-])"), ("skole",)),
            ("institution", re.compile(rf"(?<![\w-])(?P<x>{CAP}(?:{SP}{CAP}){{0,2}}){SP}{inst}(?:en|et|s|ens|ets)?(?![\w-])"),
             list(names["institution_heads"])),
            ("company", re.compile(rf"(?<![\w-])(?P<x>{NAME_WORD}(?:{SP}(?:{NAME_WORD}|&))*?){SP}{suffixes}(?![\w/])"),
             names["company_suffixes"]),
            # administrations: Uddannelse & Job; By, Kultur, Miljø & Beskæftigelse; Arbejdsmarked, Rådgivning og Integration
            ("unit", re.compile(rf"(?<![\w-])(?P<x>{CAP}(?:,{SP}{CAP})*{SP}&{SP}{CAP}|{CAP}(?:,{SP}{CAP})+{SP}og{SP}{CAP})(?![\w-])"),
             ("&", ",")),
            *self._org_patterns(names),
            # Tina Bodholdt-Nielsen (Æ)
            (
                "letter",
                re.compile(
                    rf"(?P<x>{CAP}(?:\s+(?:{CAP}|[{U}]\.|{particles}(?=\s+[{U}])))+)[ \u00a0]*\((?P<l>[{U}])\)"
                ),
                ("(",),
            ),
        ]

    def _org_patterns(self, names: dict) -> list[tuple[str, re.Pattern, Sequence[str]]]:
        """Names without a cue word, from the head words of names.json (see its `_doc`):
        `Planklagenævnet`, `Landsbyggefonden`, `Nordea-fonden`, `Karlslunde Idrætsforening`,
        `Grundejerforeningen Strandbo`, `Teknik og Miljø`."""
        self.not_head_endings = tuple(w.casefold() for w in names.get("not_head_endings", []))
        self.tail_blocked = set(names.get("tail_blocked_words", []))
        self.determiners = set(names.get("determiners_in_names", []))
        self.tail_heads = {h.casefold() for h in names.get("tail_heads", {})}
        self.name_heads = tuple({h.casefold() for h in [*names.get("compound_heads", []), *names.get("authority_heads", {}),
                                                         *names.get("association_heads", {})]})
        patterns: list[tuple[str, re.Pattern, Sequence[str]]] = []
        authority = list(names.get("authority_heads", {}))
        association = list(names.get("association_heads", {}))
        lead = rf"(?P<lead>[{U}]\w*-{SP}(?:og|&){SP})?"  # a coordinated compound: `Natur- og Miljørådet`
        if authority:
            patterns.append(("authority_word", re.compile(rf"(?<![\w-])(?P<x>{lead}[{U}]\w*{lx.alternation(authority)})(?![\w-])"),
                             authority))
        if association:
            patterns.append(("association_word", re.compile(rf"(?<![\w-])(?P<x>{lead}[{U}]\w*{lx.alternation(association)})(?![\w-])"),
                             association))
        if authority or association:
            fused = lx.alternation(authority + association)
            patterns.append(("hyphen_head", re.compile(rf"(?<![\w-])(?P<x>[{U}0-9][\w]*-{fused})(?![\w-])"),
                             authority + association))
        tail = list(names.get("tail_heads", {}))
        if tail:
            head = rf"(?:[{U}]\w*{lx.alternation(tail)}|{lx.alternation(h.capitalize() for h in tail)})"
            lead = rf"(?:[{U}]\w*-{SP}(?:og|&){SP})?"  # `Børne- og Ungdomsorganisationernes Samråd`
            patterns.append(("tail", re.compile(
                rf"(?<![\w-])(?P<x>{lead}{NAME_WORD}(?:{SP}{NAME_WORD}){{0,3}}){SP}(?P<h>{head})(?:s|'s|’s)?(?![\w-])"),
                tail + [h.capitalize() for h in tail]))
        first = names.get("head_first", [])
        if first:
            lower = [h for h in first if h[:1].islower()]
            upper = [h for h in first if h[:1].isupper()]
            alts = ([rf"[{U}]\w*{lx.alternation(lower)}"] if lower else []) + ([lx.alternation(upper)] if upper else [])
            patterns.append(("head_first", re.compile(
                rf"(?<![\w-])(?P<h>{'|'.join(alts)}){SP}(?P<x>{NAME_WORD}(?:{SP}{NAME_WORD}){{0,2}})(?![\w-])"), first))
        fields = names.get("field_words", [])
        if fields:
            f = rf"{lx.alternation(fields)}(?![\w-])"
            patterns.append(("field_unit", re.compile(rf"(?<![\w-])(?P<x>{f}(?:,{SP}{f})*{SP}(?:og|&){SP}{f})"), fields))
        return patterns

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

    def find(self, doc: Doc) -> list[Span]:
        """The rule entities of `doc` (not yet set), overlaps resolved."""
        spans: list[Span] = []
        finders = {
            "AMOUNT": self.find_amounts,
            "DATE": self.find_dates,
            "PARTY": self.find_parties,
            "PROJECT": self.find_projects,
        }
        text = doc_text(doc)  # Doc.text joins every token: build it once per Doc, not per finder or match
        for label in self.labels:
            for start, end in finders[label](doc, text):
                span = snap(doc, start, end, label, text)
                if span is not None:
                    spans.append(span)
        return filter_spans(spans)

    # ---------------------------------------------------------------- AMOUNT

    def find_amounts(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        for m in self.amounts.finder.finditer(text):
            if not (m["cur"] or m["pcur"] or m["fused"]):
                if m["scale"] and self._money_sentence(text, m):
                    yield m.start(), m.end()
                continue
            if self._unit_header(text, m):
                continue
            yield m.start(), m.end()
        yield from self._currency_columns(text)

    def _money_sentence(self, text: str, m: re.Match) -> bool:
        """A sum in millions or more without its currency, in a sentence about money (scheme E-A1:
        `Til indsatsen er der afsat 2 mio.`), and not a count (`2 mio. borgere`)."""
        if self.amounts.scales.get(m["scale"], 0) < 1_000_000:
            return False
        if self._count_noun_after(text, m.end()):
            return False
        window = max(0, m.start() - 300)
        start = max((b.end() for b in SENTENCE_END.finditer(text, window, m.start())), default=window)
        after = SENTENCE_END.search(text, m.end())
        end = after.start() if after else len(text)
        return bool(self.amounts.money.search(text, start, m.start()) or self.amounts.money.search(text, m.end(), end))

    def _unit_header(self, text: str, m: re.Match) -> bool:
        """`Beløb i 1.000 kr.`, `(1.000 kr.)`, `1.000 kr.` heading a table's first column: the unit of
        a table's figures, not a sum (scheme E-A9)."""
        if m["n2"] or m["sign"] or not UNIT_NUMBER.fullmatch(m["n1"]):
            return False
        before = text[max(0, m.start() - 3) : m.start()]
        if UNIT_BEFORE.search(before) and UNIT_AFTER.match(text, m.end()):
            return True
        # the first cell of a table's header row: `1.000 kr.\tBudget\tForbrug`
        return (m.start() == 0 or text[m.start() - 1] == "\n") and text.startswith("\t", m.end())

    def _currency_columns(self, text: str) -> Iterable[tuple[int, int]]:
        """The figures of a table column whose header gives the currency (`Ansøgt beløb i kr.`), row by
        row while the table keeps its shape: each is an AMOUNT, `0` too (scheme E-A9)."""
        columns: set[int] = set()
        width = 0
        pos = 0
        for line in text.split("\n"):
            cells = line.split("\t")
            if len(cells) < 2:
                columns = set()
            elif columns and len(cells) == width:
                offset = pos
                for i, cell in enumerate(cells):
                    value = cell.strip()
                    if i in columns and value and self.column_figure.fullmatch(value):
                        start = offset + cell.index(value)
                        yield start, start + len(value)
                    offset += len(cell) + 1
            else:
                columns = {i for i, cell in enumerate(cells) if self.currency_header.search(cell)}
                width = len(cells)
            pos += len(line) + 1

    # ------------------------------------------------------------------ DATE

    def find_dates(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        p = self.dates.patterns
        found: list[tuple[int, int]] = []
        for name in ("iso", "numeric", "day_month", "month_year", "part_year", "quarter", "half", "season", "week"):
            needles = self.dates.needles.get(name)
            if needles is not None and not any(n in text for n in needles):
                continue
            for m in p[name].finditer(text):
                if name == "numeric" and not _valid_numeric(m):
                    continue
                if name == "day_month" and not (1 <= int(m["d"]) <= 31):
                    continue
                if name == "week" and not (1 <= int(m["w"]) <= 53):
                    continue
                start = self._range_start(text, name, m) if name in ("day_month", "month_year") else m.start()
                found.append((start, m.end()))
        ends = {e for _, e in found}
        bare = [(m.start(), m.end(), "range") for m in p["year_range"].finditer(text)]
        bare += [(m.start(), m.end(), "year") for m in p["year"].finditer(text)]
        bare.sort()
        timeline = bool(bare) and len(YEAR_STEP_LINE.findall(text, 0)) >= 2  # lines that start with a year
        for s, e, kind in bare:
            if any(fs <= s and e <= fe for fs, fe in found):
                continue
            if kind == "range" and not _ordered_range(text[s:e]):
                continue
            if self._year_licensed(text, s, e, ends, timeline):
                found.append((s, e))
                ends.add(e)
        return found

    def _range_start(self, text: str, name: str, m: re.Match) -> int:
        """Where a compact range ending in this date starts (`16.-` before `17. maj 2022`, `februar/` before
        `marts 2023`): one span, as the scheme has `2019-2024`; else the date's own start."""
        p = self.dates.patterns
        if name == "month_year" and m["part"]:
            return m.start()
        window = max(0, m.start() - 24)
        if name == "day_month":
            head = p["day_range_head"].search(text, window, m.start())
            ordered = head is not None and int(head["d1"]) < int(m["d"]) <= 31
        elif (head := p["days_head"].search(text, window, m.start())) is not None:  # `16.-17. maj 2022`
            ordered = 1 <= int(head["d1"]) < int(head["d"]) <= 31
        else:
            head = p["month_range_head"].search(text, window, m.start())
            ordered = head is not None and ((self.dates.month_number(head["m1"]) or 13)
                                            < (self.dates.month_number(m["m"]) or 0))
        return head.start() if ordered else m.start()

    def _count_noun_after(self, text: str, end: int) -> bool:
        """Whether a count noun follows (`i 2000 borgere`, `2 mio. borgere`): a count, not a date or a sum."""
        nxt = COUNT_WORD.match(text, end, end + 30)
        return bool(nxt) and nxt.group(1).lower().rstrip(".") in self.count_nouns

    def _year_licensed(self, text: str, start: int, end: int, ends: set[int], timeline: bool = False) -> bool:
        lex = self.dates
        if self._count_noun_after(text, end):
            return False
        after = text[end : end + 30]
        before = text[max(0, start - 60) : start]
        if before.endswith("(") and after.startswith(")"):
            return True
        if self._year_row(text, start, end, timeline):
            return True
        tail = before.rstrip()
        lowered = tail.lower()
        for multi in lex.multi_licensors:
            if lowered.endswith(multi) and (len(lowered) == len(multi) or not lowered[-len(multi) - 1].isalnum()):
                return True
        words = re.findall(r"[\w.]+|[-–,/]", tail)
        if not words:
            return False
        last = words[-1].lower()
        if last in lex.licensors:
            return True
        if words[-1] in lex.coordinators:
            # i 2023 og 2024: the year before the coordinator was a date
            coord_at = len(tail) - len(words[-1]) + (start - len(before))
            prev_end = coord_at
            while prev_end > 0 and text[prev_end - 1] in " \u00a0":
                prev_end -= 1
            return prev_end in ends
        return False

    def _year_row(self, text: str, start: int, end: int, timeline: bool = False) -> bool:
        """A year that labels a table's row or column, or a step of a timeline: a row of years,
        after a label cell or not (`Udgifter (1.000 kr.)\t2022\t2023`); the first cell of a row
        whose neighbour row starts with a year too (`2025\t51\t53`); a line that starts with a
        year, as another line of the text does (`timeline`: `2026 Projektering` ... `2027 Udbud`)."""
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        line = text[ls : le if le >= 0 else len(text)]
        year = self.dates.patterns["year"]
        if timeline and start == ls and YEAR_STEP.match(line):
            return True
        if "\t" not in line and "|" not in line:
            return False
        cells = [c.strip() for c in re.split(r"[\t|]+", line) if c.strip()]
        if len(cells) >= 2 and all(year.fullmatch(c) for c in cells[1:]) and (
                year.fullmatch(cells[0]) or (len(cells) >= 3 and not re.search(r"\d", cells[0][:1]))):
            return True
        if text[ls:start].strip(" |\u00a0") or len(cells) < 2:
            return False  # not the first cell of a row
        above = text.rfind("\n", 0, ls - 1) + 1 if ls else -1  # the starts of the rows around it
        below = le + 1 if le >= 0 else -1
        return any(YEAR_CELL.match(text, i) for i in (above, below) if i >= 0)

    # ----------------------------------------------------------------- PARTY

    def find_parties(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
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
        for kind, rx, needles in self.party_patterns:
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
        m = self.branch_place.match(text, end)
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
        for m in self.letter_list.finditer(text):
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

    # --------------------------------------------------------------- PROJECT

    def find_projects(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        lex = self.projects
        d = lex.data
        out: list[tuple[int, int]] = []
        names: set[str] = set()  # names found inside a span with a kept head (`Projekt Klar parat job`)
        for _, s, e in self.project_matcher(doc):  # known programmes: `EU Socialfond Plus`
            out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
        for m in lex.fused.finditer(text):
            name = m["name"]
            if name in lex.not_names or name in self.gaz.exact or len(name) < 2:
                continue
            out.append((m.start(), m.end()))
        for m in lex.quoted.finditer(text):
            name = m["name"].strip()
            if name and name[0].isupper() or name[:1].isdigit():
                s = m.start("name") + (len(m["name"]) - len(m["name"].lstrip()))
                out.append((s, s + len(name)))
        for m in lex.quoted_compound.finditer(text):
            out.append((m.start("name"), m.end("name")))
        stop = self.name_end_words
        for m in lex.trigger.finditer(text):
            start, rest = project_number(m.start("name"), m["name"])
            if rest is None:  # `(projekt 251)`: a number alone is no name
                continue
            n = take_name(rest, d["max_name_tokens"], stop=stop)
            if n and n not in self.gaz.exact:
                out.append((start, start + len(n)))
        for m in lex.named.finditer(text):
            numbered, rest = project_number(m.start("rest"), m["rest"])
            n = take_name(rest, d["max_name_tokens"], allow_til=True, stop=stop) if rest else None
            if n:
                at_line_start = not text[: m.start()].rstrip(" \t\u00a0").strip(" ") or text[: m.start()].rstrip(" \t\u00a0").endswith("\n")
                keep = m["head"] in d["keep_named_heads"] and not at_line_start and numbered == m.start("rest")
                keep = keep or rest.startswith("til")  # `Pulje til ...` is a name only with its head
                start = m.start() if keep else numbered
                out.append((start, numbered + len(n)))
                names.add(n)
        for m in lex.quoted_named.finditer(text):  # "Pulje til klimaprojekter vedr. oversvømmelse"
            out.append(m.span("name"))
        if lex.quoted_cue is not None:  # som en del af "..."
            for m in lex.quoted_cue.finditer(text):
                name = m["name"].rstrip()
                out.append((m.start("name"), m.start("name") + len(name)))
        for m in lex.numbered_row.finditer(text):  # 541<tab>Udskiftning af netværksudstyr<tab>...
            if not 1900 <= int(m["nr"]) <= 2099:  # a year in a table's first column is no project number
                out.append(m.span("name"))
        out += self._table_titles(text)
        out += self._code_names(text)
        compounds = self._compound_names(text)
        out += compounds
        if d.get("propagate"):
            out += self._propagate(text, names | {text[s:e] for s, e in out})
            out += self._propagate_compounds(text, [text[s:e] for s, e in compounds])
        return out

    def _propagate_compounds(self, text: str, found: list[str]) -> list[tuple[int, int]]:
        """A pool named by a fused word is the same pool in lower case and in another form of its
        head (`sundhedsfremmepuljen`, `næste års idrætspulje` after `Idrætspuljen`)."""
        heads = self.projects.compound_heads_longest_first
        stems: set[str] = set()
        for name in found:
            name = re.sub(r"[ \u00a0]+20\d\d$", "", name)
            if "-" in name or " og " in name or " & " in name:
                continue
            low = name.casefold()
            head = next((h for h in heads if low.endswith(h)), None)
            if head:
                stems.add(name[: len(name) - len(head)])
        if not stems:
            return []
        rx = re.compile(rf"(?<![\w-]){lx.alternation(stems)}{lx.alternation(heads)}(?![\w-])", re.IGNORECASE)
        return [(m.start(), m.end()) for m in rx.finditer(text)]

    def _compound_names(self, text: str) -> list[tuple[int, int]]:
        """Names fused with a project head (`Idrætspuljen`, `Velfærdskommuneforsøget`,
        `Vandrefestival`), coordinated (`Idræts- og Fritidspuljerne`), with an owner word and the
        year of a pool's round (`Statens Kystpulje 2024`); heads that also end ordinary compounds
        (`Targetpris`) count only after a determiner and capitalised adjectives
        (`Den Grønne Fællesskabspris`) or an owner word."""
        lex = self.projects
        if lex.compound_name is None:
            return []
        lead_only, year_heads, heads = lex.lead_only_heads, lex.year_heads, lex.compound_heads
        not_stems = lex.not_compound_stems
        out: list[tuple[int, int]] = []
        for m in lex.compound_name.finditer(text):
            word = m["word"]
            if word.casefold().startswith(not_stems) or word in self.gaz.exact:  # `Lånepuljen`: a kind of pool
                continue
            s = m.start("x")
            e = m.end("x") if not m["year"] or m["head"] in year_heads else m.end("word")
            if m["head"] in lead_only and not (m["det"] or m["owner"]):
                continue
            lead = text[s : m.start("word")].split()
            if len(lead) == 2 and lead[1] in ("og", "&") and lead[0].casefold().endswith(heads):
                # two names joined by `og` (`Fritidspuljen og Idrætspuljen`), not one coordinated name
                out.append((s, s + len(lead[0])))
                s = m.start("word")
            out.append((s, e))
        return out

    def _code_names(self, text: str) -> list[tuple[int, int]]:
        """A programme named by a code fused with its year (`DK2020`), also with a head written on
        (`DK2020-partnerskab`); not where it names a plan (`Klimahandlingsplan DK2020`)."""
        lex = self.projects
        if lex.code_name is None:
            return []
        allowed, plan_words = lex.code_suffix_heads, lex.code_not_after
        out: list[tuple[int, int]] = []
        for m in lex.code_name.finditer(text):
            if m["suffix"] and m["suffix"].casefold() not in allowed:
                continue
            before = re.search(r"(\w+)[ \u00a0]*$", text[max(0, m.start() - 60) : m.start()])
            if before and plan_words and before.group(1).casefold().endswith(plan_words):
                continue
            out.append(m.span("x"))
        return out

    def _table_titles(self, text: str) -> list[tuple[int, int]]:
        """The cells of a table column whose header names titles of projects
        (`Titel på partnerskab`, `Projekttitel`): each cell is a PROJECT."""
        headers = self.projects.title_column_headers
        if not headers or "\t" not in text:
            return []
        out: list[tuple[int, int]] = []
        column: int | None = None
        pos = 0
        for line in text.split("\n"):
            cells = line.split("\t")
            if len(cells) < 2:
                column = None
            elif column is None:
                column = next((i for i, c in enumerate(cells) if c.strip().casefold() in headers), None)
            elif column < len(cells):
                at = pos + sum(len(c) + 1 for c in cells[:column])
                cell = cells[column]
                name = cell.strip(" \u00a0")
                if re.search(r"[^\W\d_]", name) and (name[:1].isupper() or name[:1].isdigit()):
                    s = at + cell.index(name)
                    out.append((s, s + len(name)))
            pos += len(line) + 1
        return out

    def _propagate(self, text: str, names: set[str]) -> list[tuple[int, int]]:
        """Other mentions in the document of project names of 2+ words."""
        names = {n for n in names if len(n.split()) >= 2 and n[:1].isupper() or n[:1].isdigit() and len(n.split()) >= 2}
        if not names:
            return []
        rx = re.compile(rf"(?<![\w-]){lx.alternation(names)}(?![\w-])", re.IGNORECASE)
        return [(m.start(), m.end()) for m in rx.finditer(text) if m.group(0)[0].isupper() or m.group(0)[0].isdigit()]

    # ---------------------------------------------------------- serialisation


def project_number(start: int, s: str) -> tuple[int, str | None]:
    """A capital project's number before its name (`541 Udskiftning af netværksudstyr`,
    `Projekt 8 – Ekspropriation`): where
    the name starts and the text from there; None for a number with no name after it
    (`projekt 251)`). A number followed by a lower-case word is part of the name (`180 grader`)."""
    m = re.match(rf"(?:\d{{1,4}}[ \u00a0\t]+[-–][ \u00a0\t]*|\d{{3,4}}[ \u00a0\t]+)(?=[{U}])", s)
    if m:
        return start + m.end(), s[m.end() :]
    # a number alone (`251)`, `251.`), a range or a series of numbers (`3-4 måneder`, `2086 2019`)
    if re.match(r"\d+(?:[.,;:)](?!\d)|[ \u00a0]*(?:[-–]|$)|[-–][ \u00a0]*\d|[ \u00a0]+\d)", s):
        return start, None
    return start, s


def take_name(s: str, max_tokens: int, allow_til: bool = False, stop: re.Pattern | None = None) -> str | None:
    """The name at the start of `s`: up to the next punctuation (or a word of `stop`, a verb of
    the decision such as `godkendes`) if that is at most `max_tokens` words, else only its leading
    capitalised words."""
    m = re.match(r"[^.,;:!?()\[\]\n\"“”„«»]+", s)
    if not m:
        return None
    stretch = re.split(r"\s+[-–—]\s+|\s{2,}|\t", m.group(0))[0].rstrip()
    if stop is not None:
        stretch = stop.split(stretch, maxsplit=1)[0].rstrip()
    words = stretch.split()
    if not words:
        return None
    if len(words) <= max_tokens:
        return stretch
    run = []
    for i, w in enumerate(words):
        if w[0].isupper() or w[0].isdigit() or (allow_til and i == 0 and w == "til"):
            run.append(w)
        else:
            break
    if len(run) < 2 and not (run and run[0].isupper() and len(run[0]) > 1):
        return None
    return " ".join(run)


def snap(doc: Doc, start: int, end: int, label: str, text: str | None = None) -> Span | None:
    """The span of whole tokens for a character match: strict where the match
    is on token edges, expanded to whole tokens where it ends inside one.
    `text` is `doc.text`, passed in by callers that snap many matches."""
    text = doc_text(doc) if text is None else text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None or not span.text.strip():
        return None
    return span


def acronym_candidates(name: str, compound_heads: Iterable[str]) -> set[str]:
    """Abbreviations a committee or unit name may go by: the initials of its
    capitalised words after `for` (`Udvalget for Job, Arbejdsmarked og
    Integration` -> JAI, UJAI), of a list (`Arbejdsmarked, Rådgivning og
    Integration` -> ARI), of the parts of a coordinated compound
    (`Erhvervs-, Beskæftigelses- og Uddannelsesudvalget` -> EBU, EBUU) and of a
    compound split after its linking s (`Arbejdsmarkedsudvalget` -> AMU, AU)."""
    name = re.sub(r"(?:'s|’s)$", "", name.strip())
    # as typed in a hurry (`Børne - og`, `Plan,- Trygheds-`, `Miljø-udvalget`, `Kultur og`): the usual form
    name = re.sub(r"-(?=\w)", "", re.sub(r"[ \u00a0]+-", "-", name).replace(",-", "-,"))
    name = re.sub(rf"^([{U}]\w*) og (?=\S+$)", r"\1- og ", name)  # `Kultur og Fritidsudvalget`
    out: set[str] = set()
    words = name.split()
    caps = [w for w in words if w[:1].isupper()]
    if "for" in words:
        after = [w for w in words[words.index("for") + 1 :] if w[:1].isupper()]
        if after:
            out.add("".join(w[0] for w in after).upper())
            out.add((words[0][0] + "".join(w[0] for w in after)).upper())
    elif len(caps) >= 2 and ("og" in words or "&" in words):
        out.add("".join(w[0] for w in caps).upper())
    heads = sorted(compound_heads, key=len, reverse=True)
    last = words[-1] if words else ""
    head = next((h for h in heads if last.lower().endswith(h) and len(last) > len(h)), None)
    if head:
        stem = last[: -len(head)]
        parts = [w.rstrip("-,") for w in words[:-1] if w.endswith(("-", "-,"))]
        if parts:
            initials = "".join(p[0] for p in parts) + stem[0]
            out |= {initials.upper(), (initials + head[0]).upper()}
        else:
            # split the modifier after each linking s: Arbejds|markeds
            cuts = [i + 1 for i, ch in enumerate(stem[:-1]) if ch == "s" and i >= 2]
            for k in range(len(cuts) + 1):
                for combo in _combinations(cuts, k):
                    segs, prev = [], 0
                    for c in combo:
                        segs.append(stem[prev:c])
                        prev = c
                    segs.append(stem[prev:])
                    if all(len(x) >= 3 for x in segs):
                        out.add(("".join(x[0] for x in segs) + head[0]).upper())
    return {a for a in out if len(a) >= 2}


def _combinations(items, k):
    from itertools import combinations

    return combinations(items, k)


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


def _valid_numeric(m: re.Match) -> bool:
    return 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12


def _ordered_range(t: str) -> bool:
    a, b = re.split(r"\s*[-–/]\s*", t)
    if len(b) == 2:
        b = a[:2] + b
    return int(a) < int(b)


def _base(x: str) -> str:
    return x[:-1] if x.endswith("s") else x


def _has_org_head(word: str, names: dict) -> bool:
    w = word.lower()
    return any(w.endswith(h) for h in names["head_kinds"] if len(h) > 3)
