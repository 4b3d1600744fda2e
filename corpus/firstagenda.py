"""FirstAgenda meetings (the JSON of `dagsordener.<kommune>.dk/api/agenda/dagsorden/{id}`) read into an
IngestedDocument.

Most Danish municipalities publish with FirstAgenda; its portal serves a meeting as
JSON: the body (`Udvalg.Navn`), the meeting record (`Moede`: date, place, finished,
participants with `Absent`/`ParticipationCancelled`) and the agenda items
(`Dagsordenpunkter`: number, caption, case number, the item's text as HTML with
`<h3>`/`<h4>` headings). Everything the text parser would have to guess is given
here, so the reader takes it from the JSON: items from the list, sections from the
headings the HTML marks (canonical names from `lexicons/headings.json`, unknown
headings kept as sections of their own), meeting facts from the record. The text
is built from those parts (header, then each item: title line, case number line,
blocks), so offsets tile it as for every other reader.
"""
from __future__ import annotations

import datetime
import json
import re
from typing import Any, Optional

from referat.corpus import lexicon
from referat.corpus.clean import strip_invisible
from referat.corpus.document import IngestedDocument, ParsedItem, ParsedSection
from referat.corpus.formats import READS
from referat.corpus.htmlblocks import Block, html_blocks
from referat.corpus.dates import date_words, long_date
from referat.corpus.meeting import parse_person
from referat.corpus.structure import choose_decision, unheaded_decision
from referat.errors import InputError
from referat.schema import Meeting, Person

FORMATS = f"{READS[0].upper()}{READS[1:]}."
NO_DECISIONS = "no item has a decision"
_ISO = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<h>\d{2}):(?P<m>\d{2}))?")
_TERM = re.compile(r"\s*[-–]?\s*\b(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}\s*$")


def is_firstagenda(obj: Any) -> bool:
    """True for one FirstAgenda meeting: an object with `Dagsordenpunkter` and `Moede` or `Udvalg`."""
    return (isinstance(obj, dict) and isinstance(obj.get("Dagsordenpunkter"), list)
            and (isinstance(obj.get("Moede"), dict) or isinstance(obj.get("Udvalg"), dict)))


def looks_like_json(data: bytes) -> bool:
    """A cheap test before parsing: the data starts with `{` or `[` (after a BOM and whitespace)."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def load_json(data: bytes, name: str) -> Any:
    """The parsed JSON, or an InputError naming the file."""
    try:
        return without_lone_surrogates(json.loads(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        raise InputError(name, "the .json file is not UTF-8 text.", FORMATS) from None
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise InputError(name, f"the file is not valid JSON{where}.",
                         "Check that the download finished. " + FORMATS) from None


def without_lone_surrogates(obj: Any) -> Any:
    """`obj` with every lone surrogate (JSON's `"\\ud800"`, which is no character and cannot be written
    as UTF-8) replaced by U+FFFD; pairs were already joined by the JSON parser."""
    text = json.dumps(obj, ensure_ascii=False)
    if not _SURROGATE.search(text):
        return obj
    return json.loads(_SURROGATE.sub("\ufffd", text))


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_firstagenda_bytes(data: bytes, name: str) -> IngestedDocument:
    """Parse `data` as JSON and read it as a FirstAgenda meeting; InputError for any other JSON."""
    obj = load_json(data, name)
    if not is_firstagenda(obj):
        raise InputError(name, f"this JSON is not a FirstAgenda meeting ({_describe(obj)}).",
                         "Give the meeting's JSON (GET /api/agenda/dagsorden/{id}, with `Dagsordenpunkter` and "
                         "`Moede`). " + FORMATS)
    return read_firstagenda(obj, name)


def _describe(obj: Any) -> str:
    if isinstance(obj, dict):
        keys = ", ".join(list(map(str, obj))[:5])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(obj, list):
        return f"a list of {len(obj)} entries"
    return f"a {type(obj).__name__}"


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else ""


def _first(record: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


_TRUE = {"true", "1", "ja", "yes"}
_FALSE = {"false", "0", "nej", "no", ""}
#: Item numbers above this are no agenda numbers (and would not fit the output's 64-bit columns).
MAX_ITEM_NUMBER = 999_999


def _flag(value: Any, field: str, warnings: list[str]) -> bool:
    """A JSON true/false field; "false", 0 or "nej" as text is false (not true, as bool("false") would be).
    A value of another kind is read as false with a warning."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    warnings.append(f"the field {field} is {str(value)[:40]!r}, not true or false: read as false")
    return False


def _date(text: str, warnings: list[str]) -> Optional[re.Match]:
    """The ISO date-time match of a meeting date, None (with a warning) for one that is no date (2022-13-45)."""
    m = _ISO.match(text)
    if not m:
        if text:
            warnings.append(f"the meeting date {text[:40]!r} is not a date: left out")
        return None
    try:
        datetime.date.fromisoformat(m.group("date"))
    except ValueError:
        warnings.append(f"the meeting date {m.group('date')} is not a date in the calendar: left out")
        return None
    return m


def meeting_of(obj: dict[str, Any], warnings: Optional[list[str]] = None) -> tuple[Meeting, bool]:
    """(Meeting, finished) from `Udvalg` and the meeting record `Moede`; what is of the wrong type is a warning."""
    warnings = [] if warnings is None else warnings
    record = obj.get("Moede") if isinstance(obj.get("Moede"), dict) else {}
    committee = obj.get("Udvalg") if isinstance(obj.get("Udvalg"), dict) else {}
    # "Byråd 2022-2025": the term of office is not part of the body's name (as for the other readers)
    body = _TERM.sub("", _text(committee.get("Navn"))) or None
    date = start = None
    m = _date(_text(_first(record, "Dato", "MeetingBeginUtc")) or "", warnings)
    if m:
        date = m.group("date")
        if m.group("h") and (m.group("h"), m.group("m")) != ("00", "00"):
            start = f"{m.group('h')}:{m.group('m')}"
    location = _text(record.get("Sted")) or None
    present: list[Person] = []
    absent: list[Person] = []
    people = record.get("Moededeltagere") or []
    if not isinstance(people, list):
        warnings.append(f"the field Moededeltagere is {type(people).__name__}, not a list: no participants read")
        people = []
    for entry in people:
        if not isinstance(entry, dict):
            continue
        name = _text(entry.get("Name") or entry.get("Navn"))
        if not name:
            continue
        person = parse_person(name) or Person(name=name)
        gone = (_flag(entry.get("Absent"), "Absent", warnings)
                or _flag(entry.get("ParticipationCancelled"), "ParticipationCancelled", warnings))
        (absent if gone else present).append(person)
    finished = _flag(record.get("Afsluttet"), "Afsluttet", warnings)
    return Meeting(body=body, date=date, start_time=start, location=location, participants=present,
                   absent=absent), finished


class _Builder:
    """Appends parts to the text and remembers their offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, text: str) -> int:
        """Append `text` as a new paragraph (blank line before it unless first); its start offset."""
        text = strip_invisible(text)
        if self.parts:
            self.parts.append("\n\n")
            self.pos += 2
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start

    def add_line(self, text: str) -> int:
        """Append `text` on the next line of the current paragraph; its start offset."""
        text = strip_invisible(text)
        if self.parts:
            self.parts.append("\n")
            self.pos += 1
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start

    def text(self) -> str:
        return "".join(self.parts)


def _header_lines(meeting: Meeting, minutes: bool) -> list[str]:
    kind = "Referat" if minutes else "Dagsorden"
    title = f"{kind} fra {meeting.body}" if meeting.body else kind
    if meeting.date:
        title += f" den {long_date(meeting.date)}"
    lines = [title]
    if meeting.date:
        lines.append(f"Mødedato: {long_date(meeting.date)}" + (f", kl. {meeting.start_time}" if meeting.start_time else ""))
    if meeting.location:
        lines.append(f"Mødested: {meeting.location}")
    if meeting.participants:
        lines.append("Deltagere: " + ", ".join(_person(p) for p in meeting.participants))
    if meeting.absent:
        lines.append("Afbud: " + ", ".join(_person(p) for p in meeting.absent))
    return lines


def _person(person: Person) -> str:
    return f"{person.name} ({person.party})" if person.party else person.name


def _number(entry: dict[str, Any], warnings: Optional[list[str]] = None) -> Optional[int]:
    raw = _first(entry, "Number", "Punktnummer")
    try:
        number = int(str(raw).strip().rstrip("."))
    except (TypeError, ValueError):
        return None
    if not 0 <= number <= MAX_ITEM_NUMBER:
        if warnings is not None:
            warnings.append(f"the item number {str(raw)[:30]} is no agenda number (0 to {MAX_ITEM_NUMBER}): "
                            "the item is read without a number")
        return None
    return number


def _item_html(entry: dict[str, Any]) -> str:
    fields = entry.get("Felter") or []
    parts = []
    for field in fields if isinstance(fields, list) else []:
        if isinstance(field, dict):
            parts.append(field.get("Html") or field.get("Tekst") or "")
    return "\n".join(p for p in parts if isinstance(p, str))


def heading_info(text: str) -> Optional[lexicon.HeadingInfo]:
    """The known heading `text` names as a whole (`Kommunikation.` and `Indstilling:` too), else None."""
    found = lexicon.get().headings.match(text.rstrip(".").strip())
    if found is None:
        return None
    info, length = found
    return info if length >= len(text.rstrip(".").strip()) else None


def heading_like(text: str) -> bool:
    """A short line that can be a section heading, not a sentence, number or table row."""
    s = text.strip().rstrip(":").strip()
    if not (2 <= len(s) <= 80) or len(s.split()) > 10 or "\t" in s:
        return False
    if s.endswith((".", ",", ";", "!", "?")) or not (s[0].isupper() or s[0].isdigit()):
        return False
    return any(ch.isalpha() for ch in s) and sum(ch.isdigit() for ch in s) <= len(s) // 3


def add_blocks(builder: _Builder, blocks: list[Block]) -> list[ParsedSection]:
    """Append the item's blocks; sections from its heading blocks (ends filled in by the caller).

    A known heading starts a section; an unknown heading-like one starts a section of its
    own unless it sits deeper than an open decision or recommendation heading (it is then
    part of that text). Inside a history (`Sagens forløb`) decision headings are earlier
    meetings' and stay in the history.
    """
    sections: list[ParsedSection] = []
    current: Optional[ParsedSection] = None
    current_level = 0
    last_known: Optional[str] = None
    for block in blocks:
        info = heading_info(block.text) if block.heading else None
        opens = False
        if block.heading and (info is not None or heading_like(block.text)):
            deeper = block.level > current_level
            if current is not None and current.role == "history":
                opens = not deeper and (info is None or info.role not in ("decision", "recommendation", "history"))
            elif current is not None and current.role in ("decision", "recommendation"):
                opens = info is not None or not deeper
            else:
                opens = True
        start = builder.add(block.text)
        if not opens:
            continue
        heading = block.text.rstrip(":").strip()
        if info is not None:
            section = ParsedSection(heading, info.canonical, start, start, start + len(block.text), info.role,
                                    True, None)
            last_known = info.canonical
        else:
            section = ParsedSection(heading, heading, start, start, start + len(block.text), None, False, last_known)
        sections.append(section)
        current, current_level = section, block.level
    return sections


def _shift(item: ParsedItem, by: int) -> None:
    """Move an item built before the header was known behind the header."""
    item.start += by
    item.end += by
    item.title_start += by
    item.title_end += by
    for section in item.sections:
        section.start += by
        section.end += by
        section.body_start += by


def read_firstagenda(obj: dict[str, Any], source: str) -> IngestedDocument:
    """One FirstAgenda meeting (parsed JSON) as an IngestedDocument."""
    lex = lexicon.get()
    warnings: list[str] = []
    meeting, finished = meeting_of(obj, warnings)
    entries = [e for e in obj.get("Dagsordenpunkter") or [] if isinstance(e, dict)]
    entries.sort(key=lambda e: (e.get("Sorting") if isinstance(e.get("Sorting"), int) else 0))
    item_blocks = [html_blocks(_item_html(e)) for e in entries]
    builder = _Builder()

    items: list[ParsedItem] = []
    for entry, blocks in zip(entries, item_blocks):
        number = _number(entry, warnings)
        caption = _text(_first(entry, "Caption", "Navn")) or "(uden titel)"
        case = _text(_first(entry, "CaseNumber", "SagsNummer")) or None
        title_line = f"Punkt {number}: {caption}" if number is not None else caption
        start = builder.add(title_line)
        title_start = start + len(title_line) - len(caption)
        if case:
            builder.add_line(f"Sagsnr.: {case}")
        title, closed = caption, False
        m = lex.closed_prefix.match(title)
        if m:
            closed, title = True, title[m.end():].strip()
        m = lex.closed_suffix.search(title)
        if m:
            closed, title = True, title[: m.start()].strip()
        sections = add_blocks(builder, blocks)
        item = ParsedItem(number, title, case, closed, start, builder.pos, sections,
                          title_start=title_start, title_end=start + len(title_line))
        items.append(item)
    head = _Builder()
    has_decision = any(s.role == "decision" for item in items for s in item.sections)
    minutes = finished and has_decision
    for k, line in enumerate(_header_lines(meeting, minutes)):
        (head.add if k == 0 else head.add_line)(line)
    shift = head.pos + 2 if items else head.pos
    body = builder.text()
    text = head.text() + ("\n\n" + body if items else "")
    for item in items:
        _shift(item, shift)
    for k, item in enumerate(items):
        item.end = items[k + 1].start if k + 1 < len(items) else len(text)
        for j, section in enumerate(item.sections):
            section.end = item.sections[j + 1].start if j + 1 < len(item.sections) else item.end
    header = (0, items[0].start if items else len(text))
    words = date_words(meeting.date)
    for item in items:
        if minutes and not item.sections:
            unheaded_decision(item, text)
        choose_decision(item, text, meeting.body, words)
        recommendation = next((s for s in item.sections if s.role == "recommendation" and s.body(text)), None)
        if recommendation is not None:
            item.recommendation_text = recommendation.body(text)
    if not items:
        warnings.append("the FirstAgenda meeting has no agenda items (`Dagsordenpunkter` is empty)")
    elif not minutes:
        state = "the meeting is marked finished (Afsluttet) but" if finished else "the meeting is not finished (an agenda):"
        warnings.append(f"{state} {NO_DECISIONS} yet")
    return IngestedDocument(source=source, text=text, kind="firstagenda", meeting=meeting, items=items,
                            header=header, trailer=None, warnings=warnings, encoding="utf-8")


def sniff_firstagenda(data: bytes) -> Optional[dict[str, Any]]:
    """The parsed meeting when `data` (of any name) is FirstAgenda JSON, else None (no error)."""
    if not looks_like_json(data) or b"Dagsordenpunkter" not in data:
        return None
    try:
        obj = without_lone_surrogates(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return obj if is_firstagenda(obj) else None
