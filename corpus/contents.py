"""Items found through the document's own contents list, where no item-line pattern fits.

Minutes from a publishing system that prints its items without `Punkt 3:` or `3.` still
list them in a contents list at the top (titles with dotted leaders and page numbers,
or a numbered list of titles). Each listed title is then looked up in the body, in
order, as a line of its own: case, spacing and markup do not matter, a number in front
is allowed, and a title may be wrapped over lines with page numbers between. The
structure parser uses this only where the item-line patterns found fewer items than the
list holds, so minutes that the patterns read are segmented exactly as before. The words
(contents headings, page-number forms) are data in `lexicons/contents.json`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Pattern, Sequence

from referat.corpus import lexicon

_SENTENCE_END = (".", "!", "?", ";", ":")
_MAX_WRAP = 3  # lines a title may be wrapped over in the body
_MAX_FURNITURE = 3  # page-furniture lines allowed inside a wrapped title


@dataclass(frozen=True)
class Entry:
    """One title of the contents list, with its number where the list numbers them."""

    title: str
    number: Optional[int]
    line: int


@dataclass(frozen=True)
class Contents:
    entries: list[Entry]
    end_line: int  # first line after the list: the body is searched from here


@dataclass(frozen=True)
class Located:
    """A listed title found in the body: the lines it spans and the title as printed there."""

    entry: Entry
    line: int
    end_line: int
    title: str
    number: Optional[int]


@dataclass(frozen=True)
class _Words:
    headings: frozenset[str]
    tail: Pattern[str]
    number: Pattern[str]
    furniture: Pattern[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = lexicon.load("contents")
    return _Words(frozenset(key(h) for h in data["headings"]), re.compile(data["tail"], re.IGNORECASE),
                  re.compile(data["number"], re.IGNORECASE), re.compile(data["furniture"], re.IGNORECASE))


def key(text: str) -> str:
    """Comparison key of a title: case, spacing, markup, soft hyphens and a final colon do not matter."""
    text = lexicon.strip_markup(text).replace("\xad", "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def _split_number(text: str) -> tuple[Optional[int], str]:
    m = _words().number.match(text.strip())
    if m:
        return int(m.group("number")), text.strip()[m.end():]
    return None, text.strip()


def _toc_title(text: str, toc_line: Pattern[str]) -> Optional[str]:
    """The title of a contents line (leaders, page number and table bars removed), or None."""
    if not toc_line.search(text):
        return None
    title = _words().tail.sub("", lexicon.strip_markup(text)).strip().strip("|").strip()
    title = re.sub(r"(?:\s*[.…·_]){2,}\s*$", "", title).strip()
    return title if any(ch.isalpha() for ch in title) else None


def find_contents(lines: Sequence[str], toc_line: Pattern[str], stop: Optional[int] = None) -> Optional[Contents]:
    """The first contents list starting before line `stop` (all lines when None): at least two entries."""
    stop = len(lines) if stop is None else stop
    for i in range(min(stop, len(lines))):
        found = _toc_block(lines, i, toc_line) or _numbered_block(lines, i)
        if found is not None:
            return found
    return None


def _prev_nonblank(lines: Sequence[str], i: int) -> Optional[int]:
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j if j >= 0 else None


def _next_nonblank(lines: Sequence[str], i: int, max_blank: int = 1) -> Optional[int]:
    j, blank = i + 1, 0
    while j < len(lines) and not lines[j].strip():
        j, blank = j + 1, blank + 1
    return j if j < len(lines) and blank <= max_blank else None


def _wrap_start(lines: Sequence[str], i: int, started: bool) -> bool:
    """Line i is the first part of a contents entry wrapped onto the next line."""
    s = lines[i].strip()
    if not s or len(s) > 200 or s.endswith(_SENTENCE_END) or key(s) in _words().headings:
        return False
    if lexicon.get().headings.match(s):
        return False
    if started:
        return True
    prev = _prev_nonblank(lines, i)
    return prev is not None and key(lines[prev]) in _words().headings


def _toc_block(lines: Sequence[str], i: int, toc_line: Pattern[str]) -> Optional[Contents]:
    """Entries with leaders or page numbers from line i on (a wrapped entry joined)."""
    entries: list[Entry] = []
    j: Optional[int] = i
    last = i
    while j is not None:
        title = _toc_title(lines[j], toc_line)
        if title is not None:
            entry_line = j
        else:
            nxt = _next_nonblank(lines, j)
            second = _toc_title(lines[nxt], toc_line) if nxt is not None else None
            if second is None or not _wrap_start(lines, j, bool(entries)):
                break
            title, entry_line, j = f"{lines[j].strip()} {second}", j, nxt
        number, title = _split_number(title)
        entries.append(Entry(title, number, entry_line))
        last = j
        j = _next_nonblank(lines, j)
    if len(entries) < 2:
        return None
    return Contents(entries, last + 1)


def _numbered_block(lines: Sequence[str], i: int) -> Optional[Contents]:
    """A numbered list of titles (`1. Title`, numbers running up by one), a title per line."""
    number, title = _split_number(lines[i])
    if number is None or not title:
        return None
    entries: list[Entry] = []
    j: Optional[int] = i
    last = i
    while j is not None:
        number, title = _split_number(lines[j])
        if number is None or not title[:1].isupper() or len(title) > 200:
            break
        if entries and number != entries[-1].number + 1:  # type: ignore[operator]
            break
        entries.append(Entry(title.strip(), number, j))
        last = j
        j = _next_nonblank(lines, j)
    if len(entries) < 2:
        return None
    return Contents(entries, last + 1)


def locate(lines: Sequence[str], contents: Contents) -> tuple[list[Located], list[Entry]]:
    """Each listed title found in the body, in the list's order; and the entries not found."""
    found: list[Located] = []
    missing: list[Entry] = []
    keys: list[Optional[tuple[Optional[int], str, str]]] = [None] * len(lines)
    for i in range(contents.end_line, len(lines)):  # once per line: a scan per entry compares strings only
        if lines[i].strip():
            number, first = _split_number(lexicon.strip_markup(lines[i]))
            keys[i] = (number, first, key(first))
    pos = contents.end_line
    for entry in contents.entries:
        hit = _find_title(lines, keys, entry, pos)
        if hit is None:
            missing.append(entry)
            continue
        found.append(hit)
        pos = hit.end_line + 1
    return found, missing


def _find_title(lines: Sequence[str], keys: Sequence[Optional[tuple[Optional[int], str, str]]], entry: Entry,
                start: int) -> Optional[Located]:
    want = key(entry.title)
    if not want:
        return None
    for i in range(start, len(lines)):
        line_key = keys[i]
        if line_key is None:
            continue
        number, first, have = line_key
        if not have or not want.startswith(have):
            continue
        if number is None:
            number = entry.number
        if have == want:
            return Located(entry, i, i, first.strip(), number)
        hit = _wrapped(lines, i, first, want)
        if hit is not None:
            return Located(entry, i, hit[0], hit[1], number)
    return None


def _wrapped(lines: Sequence[str], i: int, first: str, want: str) -> Optional[tuple[int, str]]:
    """(last line, title) when the title starting on line i runs on over the next lines."""
    text = first.strip()
    skipped = wraps = 0
    j = i + 1
    while j < len(lines) and wraps < _MAX_WRAP:
        s = lexicon.strip_markup(lines[j])
        if not s or _words().furniture.match(s):
            skipped += 1
            if skipped > 2 * _MAX_FURNITURE:
                return None
            j += 1
            continue
        options = [f"{text} {s}"] + ([text[:-1] + s] if text.endswith("-") else [])  # "idræts-" + "hallen"
        for option in options:
            if key(option) == want:
                return j, re.sub(r"\s+", " ", option)
        text = next((o for o in options if want.startswith(key(o) + " ")), "")
        if not text:
            return None
        wraps += 1
        j += 1
    return None


def disagreement(contents: Contents, missing: list[Entry]) -> Optional[str]:
    """A warning naming the listed titles that the body does not hold (None when all are there)."""
    if not missing:
        return None
    names = "; ".join(f"'{e.title}'" for e in missing[:10]) + (" ..." if len(missing) > 10 else "")
    return (f"the contents list names {len(contents.entries)} items but {len(missing)} of them were not found "
            f"as a title in the body: {names}; the text there is counted into the item before it")
