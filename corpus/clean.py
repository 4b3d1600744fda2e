"""Decoding and the text clean-up shared by all readers.

For .txt the gold annotations point into the file's own characters, so a text file is
only decoded, stripped of its BOM and given `\\n` line ends: nothing else may change, except
in a PDF's text export or a saved web page, whose page furniture goes (`drop_furniture`).
PDF and HTML text is built by their readers and may be normalised further (`fix_glyphs`).
"""
from __future__ import annotations

import codecs
import re
from typing import Optional

from referat.corpus import lexicon
from referat.corpus.lines import _RULE

# Candidate 8-bit encodings of Danish text that is not UTF-8, in order of likelihood.
_LEGACY = ("cp1252", "latin-1", "iso8859-15", "cp850", "mac_roman")
_DANISH_LETTERS = set("æøåÆØÅéÉ")
# Characters that appear when a legacy file is decoded with the wrong table.
_SUSPECT = set("†‡‰›‹ˆ˜™¤¦¨¬¯´¸¹²³¼½¾×÷ÃÂƒ") | {chr(c) for c in range(0x80, 0xA0)}


#: Zero-width and bidirectional control characters and the BOM: invisible, yet they split a name into
#: two words for every matcher (a zero-width space inside `Marie` makes no member's name). The soft
#: hyphen stays: portals publish it inside words, and the archive's offsets count it.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_invisible(text: str) -> str:
    """The text without invisible format characters (`_INVISIBLE`)."""
    return _INVISIBLE.sub("", text)


def normalize_newlines(text: str) -> str:
    """`\\r\\n` and lone `\\r` become `\\n`; a BOM and the other invisible format characters go."""
    return strip_invisible(text).replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> tuple[str, str, Optional[str]]:
    """(text, encoding, note) of a text file: UTF-8 (with or without BOM), UTF-16 with BOM,
    else the legacy Danish encoding that gives the most Danish letters and no mojibake.

    `note` is None for UTF-8 and says which encoding was assumed otherwise.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16", "decoded as UTF-16 (byte order mark)"
    wide = utf16_without_bom(data)
    if wide:
        return (data.decode(wide, errors="replace"), wide,
                f"decoded as {wide.upper()} (no byte order mark); save the file as UTF-8 to be sure of the characters")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    mostly = mostly_utf8(data)
    if mostly is not None:
        return mostly
    best: tuple[float, str, str] | None = None
    for encoding in _LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(ch in _DANISH_LETTERS for ch in text) - 3 * sum(ch in _SUSPECT for ch in text)
        if best is None or score > best[0]:
            best = (score, encoding, text)
    assert best is not None  # latin-1 decodes every byte string
    _, encoding, text = best
    return text, encoding, f"not UTF-8: decoded as {encoding}; save the file as UTF-8 to be sure of the characters"


def mostly_utf8(data: bytes) -> Optional[tuple[str, str, str]]:
    """(text, "utf-8", note) for UTF-8 with a few bad bytes (more valid multi-byte characters than bad
    sequences): read as UTF-8, each bad sequence a U+FFFD, the note naming how many and where the first
    is. None for text in another encoding (a legacy file has bad sequences and hardly a valid one)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if bad <= 0 or wide < bad:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    line = data.count(b"\n", 0, first) + 1
    return text, "utf-8", (f"not valid UTF-8 in {bad} place(s) (the first at byte {first}, line {line}): read as "
                           "UTF-8 with U+FFFD for the bad bytes; check the file")


def looks_binary(data: bytes) -> bool:
    """True for data that is not text (NUL bytes or many control characters in the first 4 KB)."""
    head = data[:4096]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(data):
        return False
    if b"\x00" in head:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    return controls > len(head) * 0.05


def utf16_without_bom(data: bytes) -> Optional[str]:
    """"utf-16-le"/"utf-16-be" for text saved as UTF-16 without a byte order mark (Latin text has a
    NUL byte in every other position), else None."""
    head = data[:4096]
    if len(head) < 8 or len(data) % 2:
        return None
    pairs = len(head) // 2
    odd = sum(1 for k in range(1, 2 * pairs, 2) if head[k] == 0)
    even = sum(1 for k in range(0, 2 * pairs, 2) if head[k] == 0)
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= 0.6 * pairs and others <= 0.02 * pairs:
            try:
                codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def mojibake_note(text: str) -> Optional[str]:
    """A note when UTF-8 text still carries double-encoded letters (`Ã¦` for `æ`)."""
    hits = len(re.findall(r"Ã[¦¸¥†˜…]", text[:200_000]))
    if hits >= 3:
        return (f"the text contains {hits} double-encoded letters such as 'Ã¦' (for 'æ'); "
                "it was probably converted to UTF-8 twice: fix the file's encoding at the source")
    return None


def fix_glyphs(text: str) -> str:
    """Ligatures and invisible characters of PDF/HTML text replaced by plain letters."""
    glyphs = lexicon.get().glyphs
    if not any(ch in text for ch in glyphs):
        return text
    return text.translate(str.maketrans(glyphs))


def squeeze_blank_lines(text: str) -> str:
    """At most one blank line in a row, no trailing spaces, no blank lines at the ends (PDF/HTML only)."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    blank = False
    for line in lines:
        if not line.strip():
            if out and not blank:
                out.append("")
            blank = True
            continue
        out.append(line)
        blank = False
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def drop_furniture(text: str) -> str:
    """A PDF's text export without its page furniture: `Side 3 af 12` lines and form feeds, and the
    running head printed beside them (a line found at most page breaks, two at least); and a web
    page saved as text without its repeated controls. Text without either is returned as it is."""
    text = _drop_repeated_controls(text)
    page_line = lexicon.get().page_number_line
    lines = text.split("\n")
    pages = [i for i, line in enumerate(lines) if page_line.match(line.strip()) or "\f" in line]
    if len(pages) < 2:
        return text
    breaks: list[list[int]] = []  # a page break's lines: the form feed and the page number beside it
    for i in pages:
        if breaks and i - breaks[-1][-1] <= 4:
            breaks[-1].append(i)
        else:
            breaks.append([i])
    near: dict[str, int] = {}
    numbered: dict[int, list[int]] = {}  # page number less the break's index: the bare number lines
    for k, group in enumerate(breaks):
        beside = {j for i in group for j in _neighbours(lines, i)}
        # the running head may share the form feed's own line (`\f   Byrådet, den 14. marts 2011`)
        keys = {lines[j].strip() for j in beside} | {lines[i].replace("\f", "").strip() for i in group}
        for key in keys - {""}:
            near[key] = near.get(key, 0) + 1
        for j in beside:
            if _BARE_NUMBER.match(lines[j]):
                numbered.setdefault(int(lines[j]) - k, []).append(j)
    # a running head stands at most page breaks; `Godkendt.` may fall beside two of them by chance
    # (and a running head is no sentence: `Godkendt.` before every page break is the minutes' text)
    heads = {key for key, count in near.items() if count >= max(2, (len(breaks) + 1) // 2)
             and not page_line.match(key) and not key.endswith((".", "!", "?"))}
    doomed = {i for i in pages if "\f" not in lines[i] or not lines[i].replace("\f", "").strip()
              or lines[i].replace("\f", "").strip() in heads}
    for i in pages:
        doomed.update(j for j in _neighbours(lines, i) if lines[j].strip() in heads)
    # a bare page number beside the breaks: numbers that rise by one from break to break (`142` ... `145`);
    # an item number alone on its line beside a break does not keep that pace with the others
    paced = max(numbered.values(), key=len, default=[])
    if len(paced) >= max(2, (len(breaks) + 1) // 2):
        doomed.update(paced)
    kept = [line if k not in doomed else "" for k, line in enumerate(lines)]
    return squeeze_blank_lines("\n".join(kept)) + ("\n" if text.endswith("\n") else "")


_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


_TOOLBAR_SPLIT = re.compile(r"\s{2,}|\t|\s*[|·•]\s*")
_ARROWS = " «»‹›<>←→↑^[]"


def _drop_repeated_controls(text: str) -> str:
    """A web page saved as text without its controls (lexicons/html.json). It shows itself by a control alone
    on its line at least twice (`Tilbage til toppen` after every item), a line of controls side by side (a
    toolbar) or three different controls on lines of their own (`Udskriv`, `Del`, `Tilbage til mødet`); then
    every line that is a control goes, and the title a `Næste punkt` link names below it (`8. Ansøgning ...`)."""
    lex = lexicon.get()
    controls = lex.page_controls
    lines = text.split("\n")
    keys = [" ".join(line.casefold().strip(_ARROWS).split()) for line in lines]
    repeated = {k for k in set(keys) if k in controls and keys.count(k) >= 2}

    def toolbar(line: str) -> bool:  # `Forrige sag  |  Næste sag  |  Til toppen`: two or more controls in a row
        parts = [p for p in _TOOLBAR_SPLIT.split(line) if p.strip(_ARROWS)]
        return len(parts) >= 2 and all(lexicon.is_page_control(p) for p in parts)

    bars = [len(line) < 200 and toolbar(line) for line in lines]
    if not repeated and not any(bars) and len({k for k in keys if k in controls}) < 3:
        return text
    # every control alone on its line goes too (`Til toppen` once, at the end), except one that ends the
    # minutes (`Tilbage til oversigten`: the trailer starts there)
    keep = [(bool(lex.trailer.match(line.strip())) and k not in repeated) or (not bar and k not in controls)
            for line, k, bar in zip(lines, keys, bars)]
    for i, k in enumerate(keys):  # `Næste punkt` / `8. Ansøgning om ...`: the link's title is no item
        if k in lex.item_links:
            j = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
            if j is not None and len(lines[j]) <= 200 and keys[j] not in controls:
                keep[j] = False
    return "\n".join(line for line, kept in zip(lines, keep) if kept)


def _neighbours(lines: list[str], i: int) -> list[int]:
    """The nearest non-blank line before and the nearest after line i (a rule `-----` between is passed over)."""
    out: list[int] = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and (not lines[j].strip() or _RULE.fullmatch(lines[j])):
            j += step
        if 0 <= j < len(lines):
            out.append(j)
    return out
