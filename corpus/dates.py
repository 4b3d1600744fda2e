"""Dates: the one table of month names and the one way to write a date in ISO 8601.

The words (month names and abbreviations, quarters, halves, seasons, the words that
make a bare year a date) are data in `lexicons/dates.json`. Ingestion reads the
meeting's date with them (`parse_date`, `date_words`, `long_date`); the pipeline
builds its DATE patterns and normalises DATE values with the same `DateLexicon`
(through `referat.pipeline.resources`, which may point it at a saved pipeline's copy
of the file, in the same format).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

from referat.corpus.regexes import alternation

#: The packaged data file (the `dates` kind of `referat.pipeline.resources`).
DATES_FILE = Path(__file__).with_name("lexicons") / "dates.json"


# ------------------------------------------------------------------ ISO 8601


def iso(year: Optional[int], month: Optional[int] = None, day: Optional[int] = None) -> Optional[str]:
    """`2024`, `2024-03`, `2024-03-18`; without a year the truncated form `--03`, `--03-18`
    (the value of a date written without its year when the meeting's year is unknown)."""
    if year is None:
        if month is None:
            return None
        return f"--{month:02d}" + (f"-{day:02d}" if day else "")
    s = f"{year:04d}"
    if month:
        s += f"-{month:02d}"
        if day:
            s += f"-{day:02d}"
    return s


def valid(year: Optional[int], month: int, day: Optional[int]) -> bool:
    """Whether the date exists (a missing year is checked as a leap year: `29. februar` stays)."""
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------ lexicon


@dataclass
class DateLexicon:
    """The compiled `dates.json`: month forms, the DATE patterns of the entity finder and
    the month forms of the meeting header."""

    data: dict
    months: dict = field(init=False)
    year: str = field(init=False)
    month: str = field(init=False)
    patterns: dict = field(init=False)
    licensors: set = field(init=False)
    multi_licensors: list = field(init=False)
    coordinators: set = field(init=False)
    count_nouns: set = field(init=False)
    header_months: dict = field(init=False)
    header_date: re.Pattern = field(init=False)
    needles: dict = field(init=False)  # pattern -> words one of which every match holds (a finder skips the scan without)

    def __post_init__(self) -> None:
        d = self.data
        self.months = {}
        full_names = []
        for name, num in d["months"].items():
            for form in (name, name.capitalize(), name.upper()):
                self.months[form] = num
                full_names.append(form)
        abbr = d["month_abbreviations"]
        dotted = [a for a in abbr if a.endswith(".")]
        dotted += [a.capitalize() for a in dotted]
        bare = [a for a in abbr if not a.endswith(".")]
        for a in dotted + bare:
            self.months[a] = abbr[a.lower()]
        # `dec` without a dot must not run into a word or swallow a dot
        self.month = (
            rf"(?:{alternation(full_names)}(?!\w)|{alternation(dotted)}|{alternation(bare)}(?![\w.]))"
        )
        lo, hi = d["year_min"], d["year_max"]
        self.year = _year_regex(lo, hi)
        Y = self.year
        M = self.month
        quarter = alternation(list(d["quarters"]) + [k.capitalize() for k in d["quarters"]])
        qword = alternation(d["quarter_words"])
        half = alternation(list(d["halves"]) + [k.capitalize() for k in d["halves"]])
        hword = alternation(d["half_words"])
        season = alternation(list(d["seasons"]) + [k.capitalize() for k in d["seasons"]])
        part = alternation(d["part_words_in_span"] + [p.capitalize() for p in d["part_words_in_span"]])
        week = alternation(d["week_words"])
        self.needles = {
            "quarter": (*d["quarter_words"], "Q"),
            "half": tuple(d["half_words"]),
            "season": (*d["seasons"], *(k.capitalize() for k in d["seasons"])),
            "week": tuple(d["week_words"]),
            "part_year": (*d["part_words_in_span"], *(w.capitalize() for w in d["part_words_in_span"])),
        }
        yend = r"(?![\w-]|[.,]\d|\s*%)"
        start = r"(?<![\w.,/–-])"
        self.patterns = {
            # order is priority for equal-length overlaps (filter_spans keeps the longest)
            "iso": re.compile(rf"{start}(?P<y>{Y})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?![\w-])"),
            "numeric": re.compile(rf"{start}(?P<d>\d{{1,2}})[-./](?P<m>\d{{1,2}})[-./](?P<y>{Y}){yend}"),
            "day_month": re.compile(
                rf"(?:(?<![\w.,/-])|(?<=\bd\.)|(?<=\d\.[-–]))(?P<d>\d{{1,2}})\.?[ \u00a0]?(?P<m>{M})(?:,?[ \u00a0](?P<y>{Y}){yend})?"
            ),
            # compact ranges, one span each (the scheme: `2019-2024`): `februar/marts 2023`, `16.-17. maj 2022`;
            # the finder looks for a range's head (`februar/`, `16.-`) only just before a date it found
            "month_range": re.compile(rf"(?<![\w-])(?P<m1>{M})[ \u00a0]?[-–/][ \u00a0]?(?P<m>{M})\s(?P<y>{Y}){yend}"),
            "day_range": re.compile(
                rf"(?:(?<![\w.,/-])|(?<=\bd\.))(?P<d1>\d{{1,2}})\.[ \u00a0]?[-–][ \u00a0]?(?P<d>\d{{1,2}})\.[ \u00a0]?(?P<m>{M})"
                rf"(?:,?[ \u00a0](?P<y>{Y}){yend})?"
            ),
            "month_range_head": re.compile(rf"(?<![\w-])(?P<m1>{M})[ \u00a0]?[-–/][ \u00a0]?$"),
            "day_range_head": re.compile(r"(?:(?<![\w.,/-])|(?<=\bd\.))(?P<d1>\d{1,2})\.[ \u00a0]?[-–][ \u00a0]?$"),
            "days_head": re.compile(
                r"(?:(?<![\w.,/-])|(?<=\bd\.))(?P<d1>\d{1,2})\.[ \u00a0]?[-–][ \u00a0]?(?P<d>\d{1,2})\.[ \u00a0]?$"),
            "month_year": re.compile(rf"(?<![\w-])(?:(?P<part>{part})\s+)?(?P<m>{M})\s(?P<y>{Y}){yend}"),
            "part_year": re.compile(rf"(?<![\w-])(?P<part>{part})\s+(?P<y>{Y}){yend}"),
            "quarter": re.compile(
                rf"(?<![\w-])(?:(?P<q>{quarter})\s+{qword}(?:\s+(?:af|i))?\s+(?P<y>{Y})|Q(?P<q2>[1-4])\s+(?P<y2>{Y})){yend}"
            ),
            "half": re.compile(rf"(?<![\w-])(?P<h>{half})\s+{hword}(?:\s+(?:af|i))?\s+(?P<y>{Y}){yend}"),
            "season": re.compile(rf"(?<![\w-])(?P<s>{season})\s+(?P<y>{Y}){yend}"),
            "week": re.compile(rf"(?<![\w-]){week}\s+(?P<w>\d{{1,2}})(?:,?\s+(?P<y>{Y}))?(?![\w-]|[.,]\d)"),
            "year_range": re.compile(rf"{start}(?P<y>{Y})\s*(?P<sep>[-–/])\s*(?P<y2>{Y}|\d{{2}}){yend}"),
            "year": re.compile(rf"{start}(?P<y>{Y}){yend}"),
        }
        self.licensors = {w.lower() for w in d["year_licensors"] if " " not in w}
        self.multi_licensors = sorted((w.lower() for w in d["year_licensors"] if " " in w), key=len, reverse=True)
        self.coordinators = set(d["year_coordinators"])
        self.count_nouns = {w.lower() for w in d["count_nouns"]}
        # the meeting header: every month name and abbreviation, its dot optional, between a day and a year
        self.header_months = {name.lower(): num for name, num in d["months"].items()}
        for a, num in abbr.items():
            self.header_months.setdefault(a.lower().rstrip("."), num)
        names = "|".join(sorted(self.header_months, key=len, reverse=True))
        self.header_date = re.compile(rf"\b(\d{{1,2}})\.?\s*({names})\.?\s+(\d{{4}})\b", re.IGNORECASE)

    def month_number(self, word: str) -> int | None:
        """1-12 for a month name or abbreviation in any of its written forms, else None."""
        w = word.strip()
        if w in self.months:
            return self.months[w]
        lw = w.lower()
        if lw in self.months:
            return self.months[lw]
        if lw.rstrip(".") in self.months:
            return self.months[lw.rstrip(".")]
        if lw + "." in self.months:
            return self.months[lw + "."]
        return None


def _year_regex(lo: int, hi: int) -> str:
    years = [str(y) for y in range(lo, hi + 1)]
    # group by century-decade prefix: compact enough and exact
    by3: dict[str, list[str]] = {}
    for y in years:
        by3.setdefault(y[:3], []).append(y[3])
    parts = []
    for p, ds in by3.items():
        parts.append(p + ("\\d" if len(ds) == 10 else "[" + "".join(ds) + "]"))
    return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=64)
def date_lexicon(path: Optional[str] = None) -> DateLexicon:
    """The lexicon of the data file at `path` (None: the packaged `lexicons/dates.json`), compiled once
    (and looked up without resolving the path again: the normaliser asks for it per date)."""
    return _date_lexicon(str(Path(path or DATES_FILE).resolve()))


@lru_cache(maxsize=16)
def _date_lexicon(path: str) -> DateLexicon:
    with open(path, encoding="utf8") as f:
        return DateLexicon(json.load(f))


# ------------------------------------------------------------ meeting dates

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})\b")
_SLASH_SPACE_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})[ -](\d{4})\b")  # "6/9 2023"


def _plausible(year: int, month: int, day: int) -> Optional[str]:
    """The ISO date of a meeting-header date, or None when it cannot be one."""
    if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
        return iso(year, month, day)
    return None


def parse_date(text: str) -> Optional[str]:
    """First date in `text` as ISO (`18. marts 2024`, `18-03-2024`, `2024-03-18`, `18.03.24`, `6/9 2023`):
    the meeting's date in a header line."""
    lex = date_lexicon()
    candidates: list[tuple[int, str]] = []
    m = _ISO_DATE.search(text)
    if m:
        candidates.append((m.start(), _plausible(int(m.group(1)), int(m.group(2)), int(m.group(3))) or ""))
    m = _NUMERIC_DATE.search(text)
    if m:
        year = int(m.group(3))
        year = year + 2000 if year < 100 else year
        candidates.append((m.start(), _plausible(year, int(m.group(2)), int(m.group(1))) or ""))
    m = _SLASH_SPACE_DATE.search(text)
    if m:
        candidates.append((m.start(), _plausible(int(m.group(3)), int(m.group(2)), int(m.group(1))) or ""))
    m = lex.header_date.search(text)
    if m:
        month = lex.header_months[m.group(2).lower()]
        candidates.append((m.start(), _plausible(int(m.group(3)), month, int(m.group(1))) or ""))
    found = [value for _, value in sorted(candidates) if value]
    return found[0] if found else None


def _month_names(month: int) -> list[str]:
    return [name for name, num in date_lexicon().data["months"].items() if num == month]


def long_date(value: Optional[str]) -> str:
    """`2024-03-18` -> `18. marts 2024` (how minutes print their date); "" for no date."""
    if not value:
        return ""
    year, month, day = (int(x) for x in value.split("-"))
    return f"{day}. {_month_names(month)[0]} {year}"


def date_words(value: Optional[str]) -> tuple[str, ...]:
    """Ways the meeting date may be printed in a heading (`18. marts 2024`, `18-03-2024`)."""
    if not value:
        return ()
    year, month, day = (int(x) for x in value.split("-"))
    words = [f"{day}. {n} {year}" for n in _month_names(month)]
    return tuple(words + [f"{day:02d}-{month:02d}-{year}", f"{day}-{month}-{year}", f"{day:02d}.{month:02d}.{year}", value])
