"""Warnings for documents whose shape the structure parser cannot trust: a run-on text without
line breaks, several meetings in one file, one item that swallows most of the document.

Each check is linear in the text and gives a sentence for `IngestedDocument.warnings`,
so that a result that is probably wrong never passes silently.
"""
from __future__ import annotations

from typing import Optional, Sequence

from referat.corpus import lexicon
from referat.corpus.document import ParsedItem
from referat.corpus.dates import parse_date

#: A line longer than this is a run-on text (no line breaks), not a paragraph.
RUN_ON_CHARS = 20_000
#: An item longer than this share of the document (of at least ITEM_CHECK_CHARS) gets a warning.
ITEM_SHARE = 0.5
ITEM_CHECK_CHARS = 100_000
#: Longest line looked at as a possible meeting title.
TITLE_LINE_CHARS = 200
_TITLE_WORDS = ("referat", "dagsorden", "beslutningsprotokol")


def run_on_warning(text: str) -> Optional[str]:
    """A warning when the text has a line too long to be a paragraph (the header is cut to a few KB)."""
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest <= RUN_ON_CHARS:
        return None
    return (f"the text has a line of {longest:,} characters (no line breaks): items and sections are found line by "
            "line, so the structure is probably incomplete and the meeting header was read from its start only; "
            "check the conversion to text")


def meeting_titles(text: str) -> list[int]:
    """Offsets of lines that read as a meeting's title with a date (`REFERAT Byrådet d. 6-9-2023`)."""
    patterns = lexicon.get().title_patterns
    found: list[int] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if len(line) > TITLE_LINE_CHARS:
            continue
        lowered = line.casefold()
        if not any(word in lowered for word in _TITLE_WORDS):
            continue
        s = lexicon.strip_markup(line)
        if any(p.match(s) for p in patterns) and parse_date(s):
            found.append(start)
    return found


def concatenation_warning(text: str, items: Sequence[ParsedItem],
                          titles: Optional[list[int]] = None) -> Optional[str]:
    """A warning when meeting titles stand after the first item: several meetings in one file.
    `titles`: the offsets `meeting_titles(text)` gives, where the caller has them already."""
    titles = meeting_titles(text) if titles is None else titles
    first_item = items[0].start if items else len(text)
    later = [t for t in titles if t >= first_item]
    if not later or len(titles) < 2:
        return None
    return (f"the text looks like {len(titles)} meetings one after the other (a meeting title with a date stands at "
            f"{len(titles)} places, {len(later)} of them after the first item): it is read as one meeting, so items "
            "and decisions of the later ones are merged or lost. Split it into one file per meeting")


def long_item_warning(text: str, items: Sequence[ParsedItem]) -> Optional[str]:
    """A warning for an item that covers more than ITEM_SHARE of a long document."""
    n = len(text)
    if n < ITEM_CHECK_CHARS or len(items) < 2:
        return None
    for item in items:
        share = (item.end - item.start) / n
        if share > ITEM_SHARE:
            label = f"item {item.number}" if item.number is not None else f"the item '{item.title[:60]}'"
            return (f"{label} covers {share:.0%} of the document ({item.end - item.start:,} characters): its end was "
                    "probably not found (an item numbering the parser does not know, or several meetings in one "
                    "file); check the items")
    return None


def shape_warnings(text: str, items: Sequence[ParsedItem], titles: Optional[list[int]] = None) -> list[str]:
    """Every warning of this module that applies to the document (`titles` as for `concatenation_warning`)."""
    notes = [run_on_warning(text), concatenation_warning(text, items, titles), long_item_warning(text, items)]
    return [note for note in notes if note]
