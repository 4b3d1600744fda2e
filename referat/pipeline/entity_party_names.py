"""The shapes of PARTY names for `referat_entity_rules` (the rules in `entity_parties`): the
regular expressions compiled from the gazetteers' head words (names.json) and the abbreviations a
committee or unit name goes by.

Each pattern is (kind, regex, needles): `kind` tells `PartyFinder` how to judge a match, and
`needles` are the words every match holds, so a text without any of them is not scanned (the same
spans, found faster). Names never cross a line break or a tab (`SP`). What varies by municipality
is data; this module holds only how the data are glued into patterns.
"""
from __future__ import annotations

import re
from itertools import combinations
from typing import Iterable, Sequence

from referat.corpus.letters import UPPER
from referat.pipeline import resources as lx
from referat.pipeline.resources import Gazetteer

U = UPPER
CAP = rf"[{U}][\w]*(?:-[{U}\w][\w]*)*"  # a capitalised word, hyphenated parts allowed
SP = r"[ \u00a0]+"  # the space between the words of a name: names cross no line break and no tab
# a word of a list, or a coordinated compound written apart (`Miljø- og Teknik`, `Job- & Socialservice`)
NAME_ITEM = rf"(?:[{U}][\w]*-{SP}(?:og|&){SP}[{U}\w][\w]*|{CAP})"
NAME_LIST = rf"{NAME_ITEM}(?:(?:,\s*{NAME_ITEM})*\s+(?:og|&)\s+{NAME_ITEM})?"  # Job, Arbejdsmarked og Integration
#: what joins the stems of a coordinated compound: `Børne-`, `Skole-,`, as typed also `Børne -` and `Plan,-`
COMPOUND_LINK = r"(?:[ \u00a0]?-[ \u00a0]?,?|,[ \u00a0]?-)"
NAME_WORD = rf"(?:{CAP}|[{U}]\.(?:[{U}]\.)*)"  # a word of a name, initials included (`A.P. Møller`)
# name patterns whose spans `PartyFinder._org_name` decides (leading sentence words dropped, generic heads out)
ORG_KINDS = ("company", "authority_word", "association_word", "hyphen_head", "tail", "head_first", "field_unit")
#: a list of party letters: `A, F og Ø`, `A, F, Ø`
LETTER = rf"[{U}]"
LETTER_LIST = re.compile(
    rf"(?<![\w.])(?P<x>{LETTER}(?:\s*,\s*{LETTER})*\s+(?:og|&)\s+{LETTER}|{LETTER}(?:\s*,\s*{LETTER})+)(?!\w|\.\w)"
)
#: a place name after a name: the local branch (`DN Greve`), unless it starts a name of its own (`Greve Kommune`)
BRANCH_PLACE = re.compile(
    rf"[ \u00a0]+(?P<place>[{U}]\w+(?:-[{U}]\w+)?)(?![\w-]|[ \u00a0]+(?:[Kk]ommun|KOMMUN|Byråd|{CAP}))")

PartyPattern = tuple[str, re.Pattern, Sequence[str]]


def party_patterns(gaz: Gazetteer) -> list[PartyPattern]:
    """The name patterns of the gazetteer's head words, in the order `PartyFinder` tries them:
    `X Kommune`, `Region X`, `...udvalget`, institutions, companies, units, names without a cue
    word (`org_patterns`) and a party letter after a person's name."""
    names = gaz.names
    prefixes = names["name_prefixes"]
    listed = set(names.get("list_name_prefixes", []))
    list_prefixes = [p for p in prefixes if p.endswith(" for") or p in listed]
    word_prefixes = [p for p in prefixes if p not in list_prefixes]
    legis = lx.alternation(names["legislative_heads"])
    compound = lx.alternation(names["compound_heads"])
    parties = gaz.parties
    particles = lx.alternation(parties.get("name_particles", []))
    # the last item of a list after `Center for ...` may be a field word in lower case
    # (`Center for Børn og familier`); any other lower-case word ends the name
    fields = lx.alternation(w for w in names.get("field_words", []) if not w.isupper())
    fields_lower = lx.alternation(w.lower() for w in names.get("field_words", []) if not w.isupper())
    name_list = (rf"{NAME_ITEM}(?:(?:,\s*{NAME_ITEM})*\s+(?:og|&)\s+(?:{NAME_ITEM}|{fields_lower}(?![\w-])))?"
                 if fields_lower != "(?:)" else NAME_LIST)
    inst = lx.alternation(names["institution_heads"])
    places = gaz.municipality_phrases
    multi_place = f"{lx.alternation(places)}(?![\\w-])|" if places else ""
    # names in capitals: `REGION SJÆLLAND`, `JOBCENTER GREVE`
    word_prefixes = word_prefixes + [p.upper() for p in word_prefixes if p.upper() != p]
    suffixes = lx.alternation(names["company_suffixes"])
    return [
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
        *org_patterns(names),
        # Tina Bodholdt-Nielsen (Æ)
        (
            "letter",
            re.compile(
                rf"(?P<x>{CAP}(?:\s+(?:{CAP}|[{U}]\.|{particles}(?=\s+[{U}])))+)[ \u00a0]*\((?P<l>[{U}])\)"
            ),
            ("(",),
        ),
    ]


def org_patterns(names: dict) -> list[PartyPattern]:
    """Names without a cue word, from the head words of names.json (see its `_doc`):
    `Planklagenævnet`, `Landsbyggefonden`, `Nordea-fonden`, `Karlslunde Idrætsforening`,
    `Grundejerforeningen Strandbo`, `Teknik og Miljø`."""
    patterns: list[PartyPattern] = []
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
                for combo in combinations(cuts, k):
                    segs, prev = [], 0
                    for c in combo:
                        segs.append(stem[prev:c])
                        prev = c
                    segs.append(stem[prev:])
                    if all(len(x) >= 3 for x in segs):
                        out.add(("".join(x[0] for x in segs) + head[0]).upper())
    return {a for a in out if len(a) >= 2}
