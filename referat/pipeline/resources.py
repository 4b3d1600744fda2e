"""The data behind the rules and normalisers: loads the JSON files under
`patterns/` and `gazetteers/` and compiles the regular expressions built from
them (the `dates` file is ingestion's `corpus/lexicons/dates.json`, read by
`referat.corpus.dates`: the meeting date and the DATE entities share one month
table). Everything that varies (month names, scale words, currencies, parties,
authorities, head words) lives in those files; this module holds only the
grammar that glues the data together.

`Resources` is what the components share: one set of data files (a folder, or
the packaged files), loaded and compiled once per process through the registered
function `referat.resources.v1`, so the config names them once:

    [paths]
    resources = null            # null: the files packaged with referat.pipeline

    [components.entity_rules.resources]
    @misc = "referat.resources.v1"
    path = ${paths.resources}

A saved pipeline stores them once: the first component that holds them writes the
files; a later component of the same pipeline holding the same `Resources` writes
only where to find them (see `save_shared`/`load_shared`).
"""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from spacy.util import registry

from referat.corpus.dates import DATES_FILE, DateLexicon, date_lexicon
from referat.corpus.letters import UPPER
from referat.corpus.regexes import alternation
from referat.pipeline.position_lexicon import PositionLexicon

DATA_DIR = Path(__file__).resolve().parent

DEFAULT_FILES = {
    "amounts": DATA_DIR / "patterns" / "amounts.json",
    "dates": DATES_FILE,  # shared with ingestion (the meeting date): one table of month names
    "projects": DATA_DIR / "patterns" / "projects.json",
    "parties": DATA_DIR / "gazetteers" / "parties.json",
    "organisations": DATA_DIR / "gazetteers" / "organisations.json",
    "places": DATA_DIR / "gazetteers" / "places.json",
    "names": DATA_DIR / "gazetteers" / "names.json",
    "positions": DATA_DIR / "patterns" / "positions.json",
    "decision_wording": DATA_DIR / "patterns" / "decision_wording.json",
    "competence": DATA_DIR / "patterns" / "competence.json",
}


KINDS = (
    "political_party",
    "municipality",
    "public_authority",
    "council_or_committee",
    "company",
    "organisation",
)

QUOTES = "\"“”„«»‘’'"


def resolve(kind: str, path: str | Path | None) -> Path:
    return Path(path) if path else DEFAULT_FILES[kind]


@lru_cache(maxsize=64)
def _load(path: str) -> dict:
    with open(path, encoding="utf8") as f:
        return json.load(f)


def load(kind: str, path: str | Path | None = None) -> dict:
    """The parsed JSON of one data file (`kind` is a key of DEFAULT_FILES)."""
    return _load(str(resolve(kind, path)))


# --------------------------------------------------------------------- amounts

NUMBER = (
    r"(?:\d{1,3}(?:(?:\.|[ \u00a0\u202f])\d{3})+|\d+)"  # 1.071.288 / 1 071 288 / 566
    r"(?:,\d+|\.\d{1,2}(?!\d))?"  # decimals: 566,2 (or 1.5)
    r"(?:,-{1,2}|,[–—])?"  # 1.500,-
)


@dataclass
class AmountLexicon:
    currencies: dict
    prefix_currencies: list
    scales: dict
    fused: dict
    range_separators: list
    money_words: list = field(default_factory=list)
    finder: re.Pattern = field(init=False)
    parser: re.Pattern = field(init=False)
    money: re.Pattern = field(init=False)

    def __post_init__(self):
        cur = alternation(self.currencies)
        pcur = alternation(self.prefix_currencies)
        scale = alternation(self.scales)
        fused = alternation(self.fused)
        sep = alternation(self.range_separators)
        body = (
            rf"(?:(?P<pcur>{pcur})[ \u00a0]?)?"
            rf"(?P<sign>[-−–](?=\d))?(?P<n1>{NUMBER})"
            rf"(?:[ \u00a0]?(?P<sep>{sep})[ \u00a0]?(?P<n2>{NUMBER}))?"
            rf"(?:(?:[ \u00a0]?(?P<fused>{fused}))|(?:[ \u00a0]?(?P<scale>{scale}))?(?:[ \u00a0]?(?P<cur>{cur}))?)"
        )
        # `kr.`/`mio.` end in a dot, so the right edge is checked by a
        # look-ahead on a word character only
        self.finder = re.compile(rf"(?<![\w.,/])(?:{body})(?![^\W_])")
        self.parser = re.compile(rf"^\s*(?:{body})\s*$")
        # a sentence about money (`afsat`, `bevilling`, a currency): a sum in millions may leave out its currency
        words = rf"(?<!\w){alternation(self.money_words)}" if self.money_words else r"(?!)"
        self.money = re.compile(rf"{words}|(?<![\w.]){cur}(?!\w)|{fused}", re.IGNORECASE)


@lru_cache(maxsize=16)
def amount_lexicon(path: str | None = None) -> AmountLexicon:
    d = load("amounts", path)
    return AmountLexicon(
        currencies=d["currencies"],
        prefix_currencies=d["prefix_currencies"],
        scales=d["scales"],
        fused=d["fused"],
        range_separators=d["range_separators"],
        money_words=d.get("money_words", []),
    )


# --------------------------------------------------------------------- projects


@dataclass
class ProjectLexicon:
    data: dict
    fused: re.Pattern = field(init=False)
    quoted: re.Pattern = field(init=False)
    trigger: re.Pattern = field(init=False)
    named: re.Pattern = field(init=False)
    quoted_compound: re.Pattern = field(init=False)
    compound_name: Optional[re.Pattern] = field(init=False)  # `Idrætspuljen`, `Idræts- og Fritidspuljerne`
    code_name: Optional[re.Pattern] = field(init=False)  # `DK2020`, `DK2020-partnerskab`
    quoted_named: re.Pattern = field(init=False)  # "Pulje til ..." in quotes, whatever stands before
    quoted_cue: Optional[re.Pattern] = field(init=False)  # `som en del af "..."`
    numbered_row: re.Pattern = field(init=False)  # a table row `541<tab>Name<tab>...`
    # the word lists the finders test against, derived once here, not per Doc
    not_names: frozenset = field(init=False)  # no project name before a fused head (`EU-projektet`)
    compound_heads: tuple = field(init=False)  # every head of `compound_name`
    compound_heads_longest_first: tuple = field(init=False)  # `name_compound_heads`, for suffix tests
    lead_only_heads: frozenset = field(init=False)  # heads that need a determiner or owner before them
    year_heads: frozenset = field(init=False)  # heads whose round year stays in the name
    not_compound_stems: tuple = field(init=False)  # casefolded: `Lånepuljen` is a kind of pool
    code_suffix_heads: frozenset = field(init=False)  # casefolded heads allowed after `DK2020-`
    code_not_after: tuple = field(init=False)  # casefolded plan words before a code (`Klimahandlingsplan`)
    title_column_headers: frozenset = field(init=False)  # casefolded headers of a title column

    def __post_init__(self):
        d = self.data
        self.not_names = frozenset(d.get("not_names", []))
        self.lead_only_heads = frozenset(d.get("name_compound_heads_after_lead", []))
        self.compound_heads = tuple(d.get("name_compound_heads", [])) + tuple(d.get("name_compound_heads_after_lead", []))
        self.compound_heads_longest_first = tuple(sorted(d.get("name_compound_heads", []), key=len, reverse=True))
        self.year_heads = frozenset(d.get("year_heads", []))
        self.not_compound_stems = tuple(w.casefold() for w in d.get("not_compound_stems", []))
        self.code_suffix_heads = frozenset(h.casefold() for h in d.get("code_name_suffix_heads", []))
        self.code_not_after = tuple(w.casefold() for w in d.get("code_name_not_after", []))
        self.title_column_headers = frozenset(h.casefold() for h in d.get("title_column_headers", []))
        heads = alternation(d["fused_heads"])
        q = re.escape(d.get("quotes", QUOTES))
        trig_words = [t for t in d["triggers"] if not t.startswith("-")]
        trig_fused = [t for t in d["triggers"] if t.startswith("-")]
        trig = alternation(trig_words)
        compound_trig = d.get("compound_trigger_heads", [])
        trig_alt = (
            rf"(?:(?<![\w-]){trig}"
            + (rf"|\w{alternation(trig_fused)}" if trig_fused else "")
            # a compound ending in a trigger head: `anlægsprojektet`, `forskningsprojekt`
            + (rf"|(?<![\w-])\w{{2,}}{alternation(compound_trig)}(?![\w-])" if compound_trig else "")
            + ")"
        )
        # capitalised compounds with a project head (`Idrætspuljen`), coordinated forms
        # (`Vej og Landskabspuljen`, `Idræts-, Fritids- og Handicappuljerne`), an owner word before
        # (`Statens Kystpulje 2024`) and the year of a pool's round after
        name_heads = d.get("name_compound_heads", []) + d.get("name_compound_heads_after_lead", [])
        self.compound_name = None
        if name_heads:
            owners = d.get("name_owner_words", [])
            lead_words = d.get("name_lead_words", [])
            year_heads = d.get("year_heads", [])
            parts = []
            if owners:
                parts.append(rf"(?P<owner>{alternation(owners)})[ \u00a0]+")
            if lead_words:
                # `Den Grønne Fællesskabspris`: a determiner and capitalised adjectives
                parts.append(rf"(?P<det>{alternation(lead_words)})[ \u00a0]+(?:[{UPPER}]\w*[ \u00a0]+){{1,3}}")
            first = rf"(?:{'|'.join(parts)})?" if parts else ""
            coord = rf"(?:[{UPPER}]\w*-,?[ \u00a0]+(?:\w+-,?[ \u00a0]+)*(?:og|&)[ \u00a0]+|[{UPPER}]\w+[ \u00a0]+(?:og|&)[ \u00a0]+)?"
            year = r"(?:[ \u00a0]+(?P<year>20\d\d)(?![\w-]))?" if year_heads else ""
            self.compound_name = re.compile(
                rf"(?<![\w-])(?P<x>{first}{coord}(?P<word>[{UPPER}]\w{{2,}}?(?P<head>{alternation(name_heads)})){year})(?![\w-])"
            )
        code = d.get("code_name_suffix_heads")
        self.code_name = None
        if code is not None:
            self.code_name = re.compile(
                rf"(?<![\w-])(?P<x>[{UPPER}]{{2,}}20\d\d(?:-(?P<suffix>\w+))?)(?![\w-])"
            )
        self.quoted_named = re.compile(
            rf"[{q}](?P<name>{alternation(d.get('quoted_name_heads', []) or ['Pulje'])}[ \u00a0]+(?:til[ \u00a0]|[{UPPER}0-9])[^{q}\n]{{1,120}}?)[{q}]"
        )
        cues = d.get("quote_cues", [])
        self.quoted_cue = (
            re.compile(rf"(?<![\w-])(?i:{alternation(cues)})[ \u00a0]+[{q}](?P<name>[{UPPER}0-9][^{q}\n]{{1,120}}?)[{q}]")
            if cues else None
        )
        self.numbered_row = re.compile(rf"(?m)^(?P<nr>\d{{3,4}})\t(?P<name>[{UPPER}][^\t\n]*?\w)[ \u00a0]*(?=\t)")
        self.fused = re.compile(rf"(?<![\w-])(?P<name>[{UPPER}0-9][\w]*(?:-[\w]+)*?)-(?P<head>{heads})(?![\w-])")
        self.quoted = re.compile(rf"{trig_alt}\s+[{q}](?P<name>[^{q}\n]{{2,120}}?)[{q}]")
        self.trigger = re.compile(rf"{trig_alt}[ \u00a0]+(?P<name>[{UPPER}0-9][^\n]*)")
        self.quoted_compound = re.compile(rf"[{q}](?P<name>\w+{alternation(d.get('quoted_compound_heads', []) or ['projekt'])})[{q}]")
        named = alternation(d["named_heads"])
        # `Pulje til nye klimatiltag`: after `til` the name may go on in lower case
        self.named = re.compile(rf"(?<![\w-])(?P<head>{named})[ \u00a0]+(?P<rest>til[ \u00a0]+\w[^\n]*|[{UPPER}0-9][^\n]*)")


@lru_cache(maxsize=16)
def project_lexicon(path: str | None = None) -> ProjectLexicon:
    return ProjectLexicon(load("projects", path))


# ---------------------------------------------------------------------- parties


@dataclass
class PartyEntry:
    name: str
    kind: str


@dataclass
class Gazetteer:
    """Every written form of every known name, mapped to its canonical entry."""

    exact: dict  # written form -> PartyEntry (case-sensitive)
    folded: dict  # casefolded written form -> PartyEntry (names of 4+ letters only)
    letters: dict  # list letter -> PartyEntry
    phrases: dict  # written form -> PartyEntry, the forms matched anywhere in text
    municipalities: set
    municipality_canonical: dict
    regions: set
    region_kind: str
    names: dict  # names.json
    parties: dict  # parties.json
    not_a_party: set  # casefolded
    unknown_letter_kind: str
    guards: dict = field(default_factory=dict)  # casefolded form -> regex: what after it makes it no PARTY
    municipality_phrases: list = field(default_factory=list)  # place forms of several words (`Høje Taastrup`)
    municipality_folded: dict = field(default_factory=dict)  # casefolded place form -> canonical name
    region_canonical: dict = field(default_factory=dict)  # casefolded form after `Region` -> canonical name


def _possessives(form: str) -> list[str]:
    out = [form]
    if form[-1:].isupper() or form[-1:].isdigit():
        out += [form + "'s", form + "’s", form + "s"]
    elif not form.endswith("s"):
        out.append(form + "s")
    return out


@lru_cache(maxsize=16)
def gazetteer(
    parties_path: str | None = None,
    organisations_path: str | None = None,
    places_path: str | None = None,
    names_path: str | None = None,
) -> Gazetteer:
    parties = load("parties", parties_path)
    orgs = load("organisations", organisations_path)
    places = load("places", places_path)
    names = load("names", names_path)
    exact: dict = {}
    phrases: dict = {}
    letters: dict = {}
    for p in parties["parties"]:
        e = PartyEntry(p["name"], "political_party")
        if p.get("letter"):
            letters[p["letter"]] = e
        for s in p.get("short", []):
            if len(s) == 1:
                letters.setdefault(s, e)
            else:
                for f in _possessives(s):
                    phrases.setdefault(f, e)
        for v in [p["name"], *p.get("variants", [])]:
            for f in _possessives(v):
                phrases.setdefault(f, e)
    for o in orgs["entries"]:
        e = PartyEntry(o["name"], o["kind"])
        for v in [o["name"], *o.get("abbreviations", []), *o.get("variants", [])]:
            for f in _possessives(v):
                phrases.setdefault(f, e)
    for form, e in list(phrases.items()):  # names in capitals: `ANKESTYRELSEN`, `SOCIALDEMOKRATIETS`
        if sum(c.isalpha() for c in form) >= 4 and form.upper() != form:
            phrases.setdefault(form.upper(), e)
    exact.update(phrases)
    exact.update({k: v for k, v in letters.items()})
    folded = {k.casefold(): v for k, v in phrases.items() if len(k) >= 4}
    municipalities, canonical = _municipalities(places)
    regions, region_canonical = _regions(places)
    guards = {form.casefold(): re.compile(rf"[ \t\u00a0]*(?:{'|'.join(snippets)})", re.IGNORECASE)
              for form, snippets in parties.get("guarded_forms", {}).items()}
    return Gazetteer(
        exact=exact,
        folded=folded,
        letters=letters,
        phrases=phrases,
        municipalities=municipalities,
        municipality_canonical=canonical,
        regions=regions,
        region_kind=places.get("region_kind", "public_authority"),
        names=names,
        parties=parties,
        not_a_party={x.casefold() for x in [*parties.get("not_a_party", []), *names.get("generic_heads", [])]},
        unknown_letter_kind=parties.get("unknown_letter_kind", "political_party"),
        guards=guards,
        municipality_phrases=sorted((m for m in municipalities if " " in m), key=len, reverse=True),
        municipality_folded={m.casefold(): canonical.get(m, f"{m} Kommune") for m in municipalities},
        region_canonical=region_canonical,
    )


def _municipalities(places: dict) -> tuple[set, dict]:
    """Every place form written before `Kommune`, and the canonical name of each form whose
    canonical name is not `<form> Kommune` (`Københavns` -> `Københavns Kommune`, `Høje Taastrup`
    -> `Høje-Taastrup Kommune`): `municipalities`/`municipality_canonical` plus `municipality_entries`."""
    forms = set(places["municipalities"])
    canonical = dict(places.get("municipality_canonical", {}))
    for m in places.get("municipality_entries", []):
        for form in [m["place"], *m.get("written", [])]:
            forms.add(form)
            if m["name"] != f"{form} Kommune":
                canonical.setdefault(form, m["name"])
    return forms, canonical


def _regions(places: dict) -> tuple[set, dict]:
    """The region names (`regions` plus `region_entries`) and, casefolded, every form written
    after `Region` with its canonical name (`midt` -> `Region Midtjylland`)."""
    regions = set(places["regions"])
    canonical = {r.casefold(): f"Region {r}" for r in regions}
    for r in places.get("region_entries", []):
        regions.add(r["place"])
        for form in [r["place"], *r.get("written", [])]:
            canonical[form.casefold()] = r["name"]
    return regions, canonical


# -------------------------------------------------------------------- positions


@lru_cache(maxsize=16)
def position_lexicon(
    positions_path: str | None = None,
    parties_path: str | None = None,
    organisations_path: str | None = None,
    places_path: str | None = None,
    names_path: str | None = None,
    dates_path: str | None = None,
) -> PositionLexicon:
    """The wording of positions with the party gazetteer it names actors by (see position_lexicon.py)."""
    return PositionLexicon(
        load("positions", positions_path),
        gazetteer(parties_path, organisations_path, places_path, names_path),
        date_lexicon(dates_path).months,
    )


# ------------------------------------------------------------------- resources


class Resources:
    """The data files of one pipeline: `folder/<kind>.json` where present, else the packaged file."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder).resolve() if folder else None
        self._paths: dict[str, Optional[str]] = {}

    def path(self, kind: str) -> str | None:
        """The file of `kind`, or None for the packaged one (the loaders' default); looked up once."""
        if kind not in self._paths:
            found = self.folder is not None and (self.folder / f"{kind}.json").exists()
            self._paths[kind] = str(self.folder / f"{kind}.json") if found else None
        return self._paths[kind]

    def data(self, kind: str) -> dict:
        return load(kind, self.path(kind))

    @property
    def amounts(self) -> "AmountLexicon":
        return amount_lexicon(self.path("amounts"))

    @property
    def dates(self) -> "DateLexicon":
        return date_lexicon(self.path("dates"))

    @property
    def projects(self) -> "ProjectLexicon":
        return project_lexicon(self.path("projects"))

    @property
    def gazetteer(self) -> "Gazetteer":
        return gazetteer(self.path("parties"), self.path("organisations"), self.path("places"), self.path("names"))

    @property
    def positions(self) -> "PositionLexicon":
        return position_lexicon(self.path("positions"), self.path("parties"), self.path("organisations"),
                                self.path("places"), self.path("names"), self.path("dates"))

    def to_disk(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in DEFAULT_FILES:
            with open(folder / f"{kind}.json", "w", encoding="utf8") as f:
                json.dump(self.data(kind), f, ensure_ascii=False, indent=1)

    def to_bytes(self) -> bytes:
        return json.dumps({kind: self.data(kind) for kind in DEFAULT_FILES}, ensure_ascii=False, sort_keys=True).encode("utf8")

    def digest(self) -> str:
        """sha256 of every data file's content: what a saved pipeline's meta.json records."""
        return hashlib.sha256(self.to_bytes()).hexdigest()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Resources":
        """Resources from `to_bytes` output, kept in a folder named by the content's hash (loaded once)."""
        folder = Path(tempfile.gettempdir()) / "referat-resources" / hashlib.sha256(data).hexdigest()[:16]
        if not folder.exists():
            tables = json.loads(data.decode("utf8"))
            tmp = folder.with_suffix(".tmp")
            tmp.mkdir(parents=True, exist_ok=True)
            for kind, table in tables.items():
                (tmp / f"{kind}.json").write_text(json.dumps(table, ensure_ascii=False), encoding="utf8")
            tmp.replace(folder)
        return load_resources(str(folder))


@registry.misc("referat.resources.v1")
def load_resources(path: Optional[str] = None) -> Resources:
    """The shared data files: `path` a folder of `<kind>.json` files (null: the packaged files). Cached per folder."""
    return _resources(str(Path(path).resolve()) if path else None)


@lru_cache(maxsize=16)
def _resources(folder: Optional[str]) -> Resources:
    return Resources(folder)


def default_resources() -> Resources:
    return load_resources(None)


SHARED_CFG = "resources.json"


def save_shared(component: Any, path: Path, pipeline: Iterable[tuple[str, Any]]) -> None:
    """Write `component.resources` under `path`, or, where an earlier component of the
    same pipeline holds the same object, a note naming that component (stored once)."""
    for name, other in pipeline:
        if other is component:
            break
        if getattr(other, "resources", None) is component.resources:
            (path / SHARED_CFG).write_text(json.dumps({"stored_by": name}), encoding="utf8")
            return
    component.resources.to_disk(path / "resources")


def load_shared(component: Any, path: Path, nlp: Any) -> Resources:
    """The inverse of `save_shared`."""
    note = path / SHARED_CFG
    if note.exists():
        owner = json.loads(note.read_text(encoding="utf8"))["stored_by"]
        return nlp.get_pipe(owner).resources
    if (path / "resources").is_dir():
        return load_resources(str(path / "resources"))
    return component.resources
