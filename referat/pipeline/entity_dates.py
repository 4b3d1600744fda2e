"""The DATE rules of `referat_entity_rules`: dates and periods, from `corpus/lexicons/dates.json`.

Dates are matched on `doc.text` by the patterns the date data compile to (ISO and numeric dates,
day and month, month and year, quarters, halves, seasons, weeks); a compact range such as
`16.-17. maj 2022` or `februar/marts 2023` is one DATE, as the scheme has `2019-2024`. A bare year
or range of years is a DATE only where something makes it one: a word before it (`i 2023`, `og`
after a year that was a date), parentheses, a place as a table's row or column label, or the start
of a step of a timeline (`2027 Udbud og byggeri`); never a count (`i 2000 borgere`). The rarer
patterns carry the words every match holds (`needles`), and a text without any is not scanned.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from referat.corpus.letters import UPPER
from referat.pipeline.entity_common import count_noun_after, count_nouns
from referat.pipeline.resources import Resources

#: a year as the first cell of a table row (`2025\t51\t53`, `| 2025 | 51 |`)
YEAR_CELL = re.compile(r"[ |\u00a0]*(?:19|20)\d\d[ \u00a0]*[\t|]")
#: a line that starts with a year and goes on in words: a step of a timeline (`2027 Udbud og byggeri`)
YEAR_STEP = re.compile(rf"(?:19|20)\d\d:?[ \u00a0]+[{UPPER}\w]")
YEAR_STEP_LINE = re.compile(rf"(?m)^{YEAR_STEP.pattern}")


class DateFinder:
    """DATE spans (see the module doc), compiled once from the date data."""

    label = "DATE"

    def __init__(self, nlp: Language, resources: Resources):
        self.dates = resources.dates
        self.count_nouns = count_nouns(resources)


    def find(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        """The dates of `text`, then the bare years and ranges of years something makes a date."""
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

    def _year_licensed(self, text: str, start: int, end: int, ends: set[int], timeline: bool = False) -> bool:
        """Whether a bare year is a DATE: a year alone is as often a count or a number (module doc)."""
        lex = self.dates
        if count_noun_after(text, end, self.count_nouns):
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


def _valid_numeric(m: re.Match) -> bool:
    """`12.13` is no date: day and month must be in range."""
    return 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12


def _ordered_range(t: str) -> bool:
    """`2019-2024` and `2023/24` are ranges; `2024-2019` is no period (a case number, a count)."""
    a, b = re.split(r"\s*[-–/]\s*", t)
    if len(b) == 2:
        b = a[:2] + b
    return int(a) < int(b)
