"""The slot fillers of the synthetic entity text: each slot of a template (annotations/synthetic/
templates.json) filled from referat's own data files and the made-up vocabulary, as pieces of text
with the label each piece gives (``FILLERS``: slot -> filler)."""
from __future__ import annotations

import calendar
import random
from typing import Any, Callable, Optional

from referat.annotations.gold import ANNOTATIONS_DIR
from referat.pipeline import resources

SYNTHETIC_DIR = ANNOTATIONS_DIR / "synthetic"
VOCABULARY_FILE = SYNTHETIC_DIR / "vocabulary.json"

Piece = tuple[str, Optional[str]]  # (text, label or None)


class SynthesisError(ValueError):
    """The template or vocabulary data is inconsistent (unknown slot, word not in the pipeline's data)."""


class Fillers:
    """Slot fillers over the project's data files; one instance per generation run."""

    def __init__(self, rng: random.Random, vocab: dict) -> None:
        self.rng = rng
        self.v = vocab
        self.parties = resources.load("parties")
        self.orgs = resources.load("organisations")["entries"]
        self.places = resources.load("places")
        self.names = resources.load("names")
        self.amounts = resources.load("amounts")
        self.dates = resources.load("dates")
        self._check_amount_words()
        self.months = list(self.dates["months"])
        self.fields = sorted(set(vocab["committee_fields"]) | {
            w for w in self.names["field_words"] if w[0].isupper() and not w.isupper()})
        self.letters = [p["letter"] for p in self.parties["parties"] if p.get("letter")]
        guarded = set(self.parties.get("guarded_forms", {}))
        self.party_names = [form for p in self.parties["parties"] for form in p["variants"] + p["short"]
                            if len(form) >= 2 and form not in guarded]
        self.unaffiliated = [f for f in self.parties["not_a_party"] if f.isupper()]
        self.authorities = self._org_forms({"public_authority"})
        self.organisations = self._org_forms({"organisation", "company"})
        self.with_abbr = [e for e in self.orgs if e.get("abbreviations")]
        self.municipalities = self.places["municipality_entries"]
        self.regions = self.places["region_entries"]
        self.doc: dict[str, Any] = {}
        self.used_letters: set[str] = set()

    def _check_amount_words(self) -> None:
        known = {"amount_currency_words": self.amounts["currencies"],
                 "amount_prefix_currencies": self.amounts["prefix_currencies"],
                 "amount_scale_words": self.amounts["scales"], "amount_fused_words": self.amounts["fused"]}
        for key, table in known.items():
            missing = [w for w in self.v[key] if w not in table]
            if missing:
                raise SynthesisError(f"{VOCABULARY_FILE}: {key} {missing} are not in patterns/amounts.json; "
                                     "use its words so the synthetic text matches what the pipeline reads")

    def _org_forms(self, kinds: set[str]) -> list[str]:
        forms = []
        for e in self.orgs:
            if e["kind"] in kinds:
                forms += [f for f in [e["name"], *e.get("variants", [])] if f[:1].isupper()]
                forms += [a for a in e.get("abbreviations", []) if len(a) >= 3]
        return sorted(set(forms))

    def pick(self, items: list) -> Any:
        return self.rng.choice(items)

    # ---- document context: one committee and one municipality per document
    def new_document(self) -> None:
        committee, abbr = self.committee()
        self.doc = {"committee": committee, "abbr": abbr, "municipality": self.pick(self.municipalities)}

    def new_sentence(self) -> None:
        self.used_letters = set()

    # ---- names
    def person(self) -> str:
        last = self.pick(self.v["last_names"])
        if self.rng.random() < 0.15:
            last = f"{self.pick(self.v['last_names'])}-{last}"
        middle = f" {self.pick(self.v['first_names'])}" if self.rng.random() < 0.1 else ""
        return f"{self.pick(self.v['first_names'])}{middle} {last}"

    def committee(self, compound_only: bool = False) -> tuple[str, str]:
        """A committee name and its abbreviation from the initials (`Teknik- og Miljøudvalget`, `TMU`)."""
        r = self.rng.random()
        if r < 0.2:
            name = self.pick(self.v["single_committees"])
            return name, name[0] + "U"
        if r < 0.45 and not compound_only:
            fields = self.rng.sample(self.fields, self.rng.choice([2, 2, 3]))
            name = "Udvalget for " + (", ".join(fields[:-1]) + " og " + fields[-1])
            if self.rng.random() < 0.1:
                name = name.replace(" og ", " & ")
            return name, "".join(f[0] for f in fields) + "U"
        stems = self.rng.sample(self.v["committee_stems"], self.rng.choice([2, 2, 2, 3]))
        name = "".join(s + "-, " for s in stems[:-2]) + f"{stems[-2]}- og {stems[-1]}udvalget"
        return name, "".join(s[0] for s in stems) + "U"

    def committee_gen(self) -> str:
        name = self.doc["committee"]
        if name.startswith("Udvalget for"):
            name = self.committee(compound_only=True)[0]
        return name + "s"

    def other_committee(self) -> tuple[str, str]:
        while True:
            name, abbr = self.committee()
            if name != self.doc["committee"]:
                return name, abbr

    def municipality(self, entry: Optional[dict] = None, genitive: bool = False) -> str:
        name = (entry or self.doc["municipality"])["name"]
        if self.rng.random() < 0.08 and name.endswith(" Kommune"):
            name = name[: -len("Kommune")] + "kommune"  # informal casing is still the authority (E-P16)
        return name + ("s" if genitive else "")

    def other_municipality(self) -> str:
        while True:
            entry = self.pick(self.municipalities)
            if entry is not self.doc["municipality"]:
                return self.municipality(entry)

    def council(self) -> str:
        entry = self.doc["municipality"]
        name, place = entry["name"], entry["place"]
        return self.pick([f"{place} Byråd", f"Byrådet i {name}", f"{name}s Byråd",
                          f"Kommunalbestyrelsen i {name}", f"{name}s Kommunalbestyrelse"])

    def region(self) -> str:
        entry = self.pick(self.regions)
        return entry["name"] if self.rng.random() < 0.8 else "Region " + self.pick(entry["written"] or [entry["place"]])

    def fields_list(self, n: int, amp: bool = False) -> str:
        fields = self.rng.sample(self.fields, n)
        return ", ".join(fields[:-1]) + (" & " if amp else " og ") + fields[-1] if n > 1 else fields[0]

    def department(self) -> tuple[str, str]:
        """A department and its abbreviation (`Center for Job og Social`, `CJS`)."""
        fields = self.rng.sample(self.fields, self.rng.choice([1, 2, 2]))
        body = fields[0] if len(fields) == 1 else f"{fields[0]} og {fields[1]}"
        prefix = self.pick(self.v["unit_prefixes"] + self.v["team_prefixes"])
        if prefix in self.v["team_prefixes"]:
            return f"{prefix} {body}", "T" + "".join(f[0] for f in fields)
        return f"{prefix} {body}", prefix[0] + "".join(f[0] for f in fields)

    def company(self) -> str:
        if self.rng.random() < 0.35:
            return self.pick([f for f in self.organisations if " " in f or f.isupper()])
        return f"{self.pick(self.v['company_words'])} {self.pick(self.v['company_suffixes'])}"

    def association(self) -> str:
        return self.pick(self.v["association_patterns"]).replace("{W}", self.pick(self.v["name_words"]))

    def institution(self) -> str:
        pattern = self.pick(self.v["institution_patterns"])
        word = self.pick(self.v["name_words"] + self.v["institution_words"])
        if pattern.startswith("{W}skolen"):
            word = self.pick(self.v["name_words"])
        return pattern.replace("{W}", word)

    def letter(self) -> str:
        choices = [x for x in self.letters if x not in self.used_letters] or self.letters
        chosen = self.pick(choices)
        self.used_letters.add(chosen)
        return chosen

    # ---- dates
    def year(self) -> int:
        return self.rng.randint(2019, 2030)

    def day_month(self) -> str:
        month = self.rng.randint(1, 12)
        day = self.rng.randint(1, calendar.monthrange(2023, month)[1])
        return f"{day}. {self.months[month - 1]}"

    def date_numeric(self) -> str:
        month, year = self.rng.randint(1, 12), self.year()
        day = self.rng.randint(1, calendar.monthrange(year, month)[1])
        return self.pick([f"{day:02d}-{month:02d}-{year}", f"{day}/{month}-{year}", f"{day}.{month}.{year}",
                          f"{day:02d}.{month:02d}.{year}"])

    def date_full(self) -> str:
        return self.date_numeric() if self.rng.random() < 0.25 else f"{self.day_month()} {self.year()}"

    def date_month(self) -> str:
        return f"{self.pick(self.months)} {self.year()}"

    def date_season(self) -> str:
        return f"{self.pick(['foråret', 'sommeren', 'efteråret', 'vinteren'])} {self.year()}"

    def date_period(self) -> str:
        quarters = [q for q in self.dates["quarters"] if q not in ("sidste", "anden")]
        halves = [h for h in self.dates["halves"] if h not in ("sidste", "anden")]
        r = self.rng.random()
        if r < 0.45:
            return f"{self.pick(quarters)} kvartal {'af ' if self.rng.random() < 0.15 else ''}{self.year()}"
        if r < 0.75:
            return f"{self.pick(halves)} halvår {'af ' if self.rng.random() < 0.15 else ''}{self.year()}"
        return self.date_season()

    def date_part(self) -> str:
        part = self.pick(self.dates["part_words_in_span"])
        return f"{part} {self.date_month() if self.rng.random() < 0.6 else self.year()}"

    def year_range(self) -> str:
        start = self.year()
        return self.pick([f"{start}-{start + self.rng.randint(1, 4)}", f"{start}/{start + 1}"])

    # ---- amounts
    def number(self, low: int, high: int) -> str:
        return f"{self.rng.randint(low, high):,}".replace(",", ".")

    def decimal(self, high: int) -> str:
        whole = self.rng.randint(0 if high < 10 else 1, high)
        return f"{max(whole, 1) if self.rng.random() < 0.4 else whole},{self.rng.randint(1, 9)}" \
            if self.rng.random() < 0.7 else str(max(whole, 1))

    def amount(self, form: Optional[str] = None) -> str:
        v = self.v
        form = form or self.rng.choices(["scale", "fused", "full", "prefix", "range", "zero"],
                                        [30, 12, 35, 10, 5, 2])[0]
        if form == "scale":
            scale = self.pick(v["amount_scale_words"])
            big = self.amounts["scales"][scale] >= 10 ** 9
            cur = self.pick(["kr.", "kr.", "kroner"] if scale not in ("millioner", "milliarder") else ["kr.", "kroner"])
            return f"{self.decimal(9 if big else 900)} {scale} {cur}"
        if form == "fused":
            fused = self.pick(v["amount_fused_words"])
            small = self.amounts["fused"][fused][0] <= 1000
            return f"{self.number(5, 9500) if small else self.decimal(400)} {fused}"
        if form == "full":
            cur = self.rng.choices(v["amount_currency_words"], [70, 15, 8, 7])[0]
            return f"{self.number(1000, 60_000_000)} {cur}"
        if form == "prefix":
            cur = self.pick(v["amount_prefix_currencies"])
            return f"{cur} {self.number(500, 5_000_000)}{',-' if self.rng.random() < 0.3 else ''}"
        if form == "range":
            low = self.rng.randint(1, 8)
            return f"{low}-{low + self.rng.randint(1, 4)} mio. kr."
        if form == "neg":
            return f"-{self.number(1000, 3_000_000)} kr."
        if form == "small":
            return self.pick([f"{self.number(100, 9000)} kr.", f"{self.number(5, 900)} t.kr."])
        if form == "eur":
            return self.pick([f"{self.number(10_000, 900_000)} euro", f"{self.decimal(20)} mio. euro"])
        return "0 kr."

    # ---- projects
    def capital_project(self) -> str:
        return self.pick(self.v["capital_projects"]).replace("{Y}", str(self.year()))

    def fused_project(self) -> str:
        return f"{self.pick(self.v['project_acronyms'])}-{self.pick(self.v['project_fused_heads'])}"

    def pool(self) -> str:
        if self.rng.random() < 0.4:
            return self.pick(self.v["pool_compounds"])
        return self.pick(self.v["pool_patterns"]).replace("{T}", self.pick(self.v["pool_topics"]))

    # ---- not entities
    def plan(self) -> str:
        noun = self.pick(self.v["plan_nouns"])
        return f"{noun} {self.year_range() if noun.startswith('budgetforlig') else self.year()}"

    def count(self) -> str:
        return f"{self.rng.randint(2, 4000)} {self.pick(self.v['count_nouns'])}"

    def percent(self) -> str:
        return self.pick([f"{self.rng.randint(1, 100)} %", f"{self.rng.randint(1, 100)} pct.",
                          f"{self.rng.randint(1, 99)},{self.rng.randint(1, 9)} pct.", f"{self.rng.randint(1, 100)}%"])

    def fig(self) -> str:
        return self.pick([str(self.rng.randint(0, 999)), f"{self.rng.randint(0, 99)},{self.rng.randint(0, 9)}",
                          f"-{self.rng.randint(1, 500)}", self.number(1000, 9999)])

    def case_no(self) -> str:
        return f"{self.rng.randint(0, 99):02d}.{self.rng.randint(0, 99):02d}.{self.rng.randint(0, 99):02d}" \
               f"-A{self.rng.randint(0, 99):02d}-{self.rng.randint(1, 30)}-{self.rng.randint(19, 25)}"


def _one(label: Optional[str], make: Callable[[Fillers], str]) -> Callable[[Fillers], list[Piece]]:
    def fill(f: Fillers) -> list[Piece]:
        return [(make(f), label)]
    fill.label = label  # type: ignore[attr-defined]  # checked against templates.json's "slots"
    return fill


def _member(f: Fillers) -> list[Piece]:
    return [(f.person() + " (", None), (f.letter(), "PARTY"), (")", None)]


def _with_abbr(name: str, abbr: str) -> list[Piece]:
    return [(name, "PARTY"), (" (", None), (abbr, "PARTY"), (")", None)]


def _org_abbr(f: Fillers) -> list[Piece]:
    entry = f.pick(f.with_abbr)
    return _with_abbr(entry["name"], f.pick(entry["abbreviations"]))


def _quoted(label: str, make: Callable[[Fillers], str]) -> Callable[[Fillers], list[Piece]]:
    def fill(f: Fillers) -> list[Piece]:
        left, right = f.pick([('"', '"'), ("”", "”"), ("“", "”"), ("»", "«")])
        return [(left, None), (make(f), label), (right, None)]
    return fill


def _years_row(f: Fillers) -> list[Piece]:
    start = f.year()
    pieces: list[Piece] = []
    for i in range(3):
        pieces += ([("\t", None)] if i else []) + [(str(start + i), "DATE")]
    return pieces


def _project_named(f: Fillers) -> str:
    return f"Projekt {f.pick(f.v['project_titles'])}"


def _project(f: Fillers) -> str:
    return f.pick(f.v["project_names"] + f.v["project_titles"])


#: slot -> filler. The label each slot gives is declared in templates.json ("slots") and checked against this.
FILLERS: dict[str, Callable[[Fillers], list[Piece]]] = {
    # PARTY
    "COMMITTEE": _one("PARTY", lambda f: f.doc["committee"]),
    "COMMITTEE_ABBR": _one("PARTY", lambda f: f.doc["abbr"]),
    "COMMITTEE_GEN": _one("PARTY", Fillers.committee_gen),
    "OTHER_COMMITTEE": _one("PARTY", lambda f: f.other_committee()[0]),
    "OTHER_ABBR": _one("PARTY", lambda f: f.other_committee()[1]),
    "MUNICIPALITY": _one("PARTY", lambda f: f.municipality()),
    "MUNICIPALITY_GEN": _one("PARTY", lambda f: f.municipality(genitive=True)),
    "OTHER_MUNICIPALITY": _one("PARTY", Fillers.other_municipality),
    "COUNCIL": _one("PARTY", Fillers.council),
    "REGION": _one("PARTY", Fillers.region),
    "AUTHORITY": _one("PARTY", lambda f: f.pick(f.authorities)),
    "ORG": _one("PARTY", lambda f: f.pick(f.organisations)),
    "ORG_ABBR": _org_abbr,
    "COMPANY": _one("PARTY", Fillers.company),
    "ASSOCIATION": _one("PARTY", Fillers.association),
    "INSTITUTION": _one("PARTY", Fillers.institution),
    "LOCAL_COUNCIL": _one("PARTY", lambda f: f.pick(f.v["local_councils"])),
    "DEPARTMENT": _one("PARTY", lambda f: f.department()[0]),
    "DEPARTMENT_ABBR": lambda f: _with_abbr(*f.department()),
    "ADMIN": _one("PARTY", lambda f: f.fields_list(f.rng.choice([2, 3, 4]), amp=f.rng.random() < 0.4)),
    "ADMIN_UNIT": _one("PARTY", lambda f: f.fields_list(2, amp=True)),
    "JOBCENTER": _one("PARTY", lambda f: f"Jobcenter {f.doc['municipality']['place']}"),
    "POLITICAL_PARTY": _one("PARTY", lambda f: f.pick(f.party_names)),
    "LETTER": _one("PARTY", Fillers.letter),
    "MEMBER": _member,
    # DATE
    "DATE_FULL": _one("DATE", Fillers.date_full),
    "DATE_DAY": _one("DATE", Fillers.day_month),
    "DATE_MONTH": _one("DATE", Fillers.date_month),
    "DATE_PERIOD": _one("DATE", Fillers.date_period),
    "DATE_SEASON": _one("DATE", Fillers.date_season),
    "DATE_PART": _one("DATE", Fillers.date_part),
    "DATE_NUMERIC": _one("DATE", Fillers.date_numeric),
    "DATE_WEEK": _one("DATE", lambda f: f"uge {f.rng.randint(1, 52)}"),
    "YEAR": _one("DATE", lambda f: str(f.year())),
    "YEAR_RANGE": _one("DATE", Fillers.year_range),
    "YEARS_ROW": _years_row,
    # AMOUNT
    "AMOUNT": _one("AMOUNT", lambda f: f.amount()),
    "AMOUNT_RANGE": _one("AMOUNT", lambda f: f.amount("range")),
    "AMOUNT_PREFIX": _one("AMOUNT", lambda f: f.amount("prefix")),
    "AMOUNT_NEG": _one("AMOUNT", lambda f: f.amount("neg")),
    "AMOUNT_SMALL": _one("AMOUNT", lambda f: f.amount("small")),
    "AMOUNT_EUR": _one("AMOUNT", lambda f: f.amount("eur")),
    "BARE_AMOUNT": _one("AMOUNT", lambda f: f.number(0, 250_000) if f.rng.random() < 0.9 else "0"),
    # PROJECT
    "PROJECT": _one("PROJECT", _project),
    "PROJECT_QUOTED": _quoted("PROJECT", _project),
    "PROJECT_FUSED": _one("PROJECT", Fillers.fused_project),
    "PROJECT_NAMED": _one("PROJECT", _project_named),
    "POOL": _one("PROJECT", Fillers.pool),
    "POOL_COMPOUND": _one("PROJECT", lambda f: f.pick(f.v["pool_compounds"])),
    "PROGRAMME": _one("PROJECT", lambda f: f.pick(f.v["programmes"])),
    "EVENT": _one("PROJECT", lambda f: f.pick(f.v["events"])),
    "CAPITAL_PROJECT": _one("PROJECT", Fillers.capital_project),
    "CAPITAL_QUOTED": _quoted("PROJECT", Fillers.capital_project),
    # not entities
    "PERSON": _one(None, Fillers.person),
    "MEMBER_NP": lambda f: [(f"{f.person()} ({f.pick(f.unaffiliated)})", None)],
    "UNAFFILIATED": _one(None, lambda f: f.pick(f.unaffiliated)),
    "TITLE": _one(None, lambda f: f.pick(f.v["titles"])),
    "TITLE_CAP": _one(None, lambda f: f.pick(f.v["titles_capitalised"])),
    "WEEKDAY": _one(None, lambda f: f.pick(f.v["weekdays"])),
    "WEEKDAY_LC": _one(None, lambda f: f.pick(f.v["weekdays"]).lower()),
    "TIME": _one(None, lambda f: f.pick(f.v["time_words"])),
    "BUILDING": _one(None, lambda f: f.pick(f.v["buildings"])),
    "PLACE_BUILDING": _one(None, lambda f: f.pick(f.v["place_buildings"]).replace("{W}", f.pick(f.v["name_words"]))),
    "PLACE": _one(None, lambda f: f.pick(f.municipalities)["place"]),
    "MUNICIPALITY_IN_TITLE": _one(None, lambda f: f.doc["municipality"]["name"]),
    "PLAN": _one(None, Fillers.plan),
    "POLICY": _one(None, lambda f: f.pick(f.v["policy_nouns"])),
    "LAW": _one(None, lambda f: f.pick(f.v["laws"])),
    "PARAGRAPH": _one(None, lambda f: f.pick(f.v["paragraphs"])),
    "IT_SYSTEM": _one(None, lambda f: f.pick(f.v["it_systems"])),
    "METHOD_FUSED": _one(None, lambda f: f"{f.pick(f.v['methods'])}-metoden"),
    "DURATION": _one(None, lambda f: f.pick(f.v["durations"])),
    "DURATION_NUM": _one(None, lambda f: str(f.rng.randint(2, 24))),
    "AGE": _one(None, lambda f: f.pick(f.v["ages"])),
    "MONTH_ONLY_PHRASE": _one(None, lambda f: f.pick(f.v["months_without_year_phrases"])),
    "YEAR_OUT": _one(None, lambda f: str(f.year())),
    "YEAR_RANGE_OUT": _one(None, Fillers.year_range),
    "NUMBER_SMALL": _one(None, lambda f: str(f.rng.randint(1, 20))),
    "COUNT": _one(None, Fillers.count),
    "PERCENT": _one(None, Fillers.percent),
    "FIG": _one(None, Fillers.fig),
    "CASE_NO": _one(None, Fillers.case_no),
    "ACCOUNT": _one(None, lambda f: f"konto {f.rng.randint(0, 9)}, funktion "
                                    f"{f.rng.randint(0, 9):02d}.{f.rng.randint(10, 99)}.{f.rng.randint(10, 99)}"),
    "PURPOSE": _one(None, lambda f: f.pick(f.v["purposes"])),
    "PURPOSE_LC": _one(None, lambda f: f.pick(f.v["purposes"]).lower()),
    "PROJECT_NO": _one(None, lambda f: str(f.rng.randint(100, 999))),
}
