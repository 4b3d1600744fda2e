"""The meeting's facts: body, date, start time, location, who took part and who was absent.

They are read from the header (labels from `lexicons/header.json`), from absence notes
anywhere in the text (`X (Æ) deltog ikke i mødet`, repeated under every item in
Albertslund) and, when the header lists nobody, from a signature list of `Name (P)` lines.
"""
from __future__ import annotations

import re
from typing import Optional

from referat.corpus import lexicon
from referat.corpus.dates import date_words, parse_date
from referat.corpus.letters import UPPER
from referat.corpus.regexes import alternation
from referat.schema import Meeting, Person

#: the meeting date is read and printed by referat.corpus.dates; the readers take it from here with the meeting
__all__ = ["date_words", "parse_date", "parse_meeting", "parse_people", "parse_person", "parse_time"]

_PERSON = re.compile(
    rf"^(?P<name>[{UPPER}][\w.'’\-]*(?:\s+(?:[{UPPER}][\w.'’\-]*|von|van|de|la|af|du)){{0,5}})"
    r"(?:\s*\((?P<party>[A-ZÆØÅ]{1,3})\))?(?:\s*,?\s*(?:formand|næstformand|borgmester))?\s*$"
)
#: Bounds on what the header is read from: a run-on text (one line of megabytes) still gives a small header.
MAX_HEADER_CHARS = 20_000
MAX_LINE_CHARS = 500
MAX_BODY_CHARS = 150
_TIME = re.compile(r"\b(?:kl\.?\s*|klokken\s*)(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)\b|\b(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)\b")


def parse_time(text: str) -> Optional[str]:
    """Start time `HH:MM` from `kl. 16:30`, `kl. 16.30` or `16:30`."""
    m = _TIME.search(text)
    if not m:
        return None
    h, mnt = (m.group("h"), m.group("m")) if m.group("h") else (m.group("h2"), m.group("m2"))
    return f"{int(h):02d}:{mnt}"


def parse_person(text: str) -> Optional[Person]:
    """`Formand Lars Gravgaard Hansen (C)` -> Person(name, party); None if it is not a name."""
    lex = lexicon.get()
    s = text.strip().strip(".;")
    for role in lex.role_prefixes:
        if s.startswith(role + " ") and len(s) > len(role) + 3:
            s = s[len(role) + 1 :].strip()
            break
    s = re.sub(r"^\(\w+\)\s*", "", s)
    m = _PERSON.match(s)
    if not m:
        return None
    name = m.group("name").strip()
    if len(name.split()) < 2 and not m.group("party"):
        return None
    return Person(name=name, party=m.group("party"))


def parse_people(text: str) -> list[Person]:
    """People in a list `A (A), B (F) og C`, one per comma, semicolon, `og` or line."""
    parts = re.split(r"\s*(?:[,;\n]|\s+og\s+|\s+samt\s+)\s*", text)
    people = [parse_person(p) for p in parts if p.strip()]
    return [p for p in people if p is not None]


def _label_value(lines: list[str], labels: list[str]) -> Optional[tuple[int, str]]:
    """(line index, value) of the first line `Label: value`, or `Label` with the value below."""
    alternatives = alternation(labels)
    regex = re.compile(rf"^\s*{alternatives}\b\s*(?:[:.\-–]\s*|\t+|\s+)(?P<value>\S.*)$", re.IGNORECASE)
    alone = re.compile(rf"^\s*{alternatives}\s*:?\s*$", re.IGNORECASE)
    for i, line in enumerate(lines):
        m = regex.match(line)
        if m:
            return i, m.group("value").strip()
        if alone.match(line):
            for j in range(i + 1, min(i + 4, len(lines))):
                if lines[j].strip():
                    return j, lines[j].strip()
    return None


def _signature_people(text: str) -> list[Person]:
    """People from the longest run of `Name (P)` lines (a signature list, as in Albertslund)."""
    absent = lexicon.get().absent_sentences
    best: list[Person] = []
    run: list[Person] = []
    for line in text.split("\n"):
        s = line.strip()
        if not s or (run and any(p.match(s) for p in absent)):
            continue
        person = parse_person(s) if "(" in s and len(s) < 80 else None
        if person is not None and person.party:
            run.append(person)
            continue
        if len(run) > len(best):
            best = run
        run = []
    if len(run) > len(best):
        best = run
    return best if len(best) >= 2 else []


def _dedupe(people: list[Person]) -> list[Person]:
    seen: set[str] = set()
    out = []
    for person in people:
        if person.name not in seen:
            seen.add(person.name)
            out.append(person)
    return out


def parse_meeting(text: str, header: tuple[int, int]) -> Meeting:
    """The meeting's facts from the header span of `text` and absence notes in the whole text."""
    lex = lexicon.get()
    head = text[header[0] : min(header[1], header[0] + MAX_HEADER_CHARS)]
    if "\n" not in head[:MAX_LINE_CHARS]:  # a run-on text: its top
        head = text[:3000]
    # items with (almost) no header above them, an excerpt: a date inside the items is an earlier
    # committee's or a case's, not the meeting's, so none is guessed from them
    lines = [line[:MAX_LINE_CHARS] for line in head.split("\n", 200)][:200]
    labels = lex.header_labels

    body = date = None
    all_labels = sum(labels.values(), [])
    for line in lines[:40]:
        s = lexicon.strip_markup(line)
        if not s:
            continue
        for regex in lex.title_patterns:
            m = regex.match(s)
            if m:
                body = _clean_body(m.group("body"))
                if m.groupdict().get("date"):
                    date = parse_date(m.group("date"))
                break
        if body:
            break
        m = lex.body_line.match(s)  # the body's name alone on a line ("Byrådet") above the title
        if m and not _label_value([line], all_labels):
            body = _clean_body(m.group("body"))
            break

    start_time = None
    found = _label_value(lines, labels["date_labels"])
    if found:
        date = parse_date(found[1]) or date
        start_time = parse_time(found[1])
    if date is None:
        date = parse_date(head[:2000])
    if start_time is None:
        found = _label_value(lines, labels["time_labels"])
        if found:
            start_time = parse_time(found[1])
    if start_time is None:
        m = re.search(r"\bkl\.?\s*\d{1,2}[:.]\d{2}", head[:2000])
        if m:
            start_time = parse_time(m.group(0))

    location = None
    found = _label_value(lines, labels["location_labels"])
    if found:
        location = found[1].strip().rstrip(".") or None

    participants: list[Person] = []
    found = _label_value(lines, labels["participant_labels"])
    if found:
        participants = parse_people(found[1])
    absent: list[Person] = []
    found = _label_value(lines, labels["absent_labels"])
    if found:
        value = re.sub(r"^(?:fra|af)\s*:?\s+", "", found[1])
        absent = parse_people(value)
    for regex in lex.absent_sentences:
        for m in regex.finditer(text):
            person = parse_person(m.group("person"))
            if person is not None:
                absent.append(person)
        if absent:
            break
    absent = _dedupe(absent)
    if not participants:
        participants = _signature_people(text)
    absent_names = {p.name for p in absent}
    participants = [p for p in _dedupe(participants) if p.name not in absent_names]
    return Meeting(body=body, date=date, start_time=start_time, location=location,
                   participants=participants, absent=absent)


def _clean_body(body: str) -> Optional[str]:
    if len(body) > MAX_BODY_CHARS:  # a sentence or a run-on line, not the name of a committee
        return None
    body = re.sub(r"\s*[-–]?\s*\d{4}\s*[-–]\s*\d{4}\s*$", "", body.strip())  # "- 2022-2025" term of office
    body = body.strip(" -–,:")
    if re.match(r"^(?:d\.|den|fra|af|mødet|møde)?\s*\d", body, re.IGNORECASE):  # "Referat d. 6/9 2023": no body
        return None
    m = re.match(r"^(\w[\w\- ]*?)s\s+(?:ordinære\s+|ekstraordinære\s+)?møde\b", body)
    if m:  # "byrådets møde onsdag" -> "Byrådet"
        body = m.group(1)
        body = body[0].upper() + body[1:]
    return body or None
