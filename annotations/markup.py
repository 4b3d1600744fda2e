"""Inline markup `[[span text|LABEL]]` <-> character spans.

Annotation passes are written as a copy of the document with each mention wrapped
in `[[...|LABEL]]`; this module strips the markup, checks that what remains is the
document character for character, and returns (start, end, label) spans.
"""
from __future__ import annotations

import re
from pathlib import Path

MARK = re.compile(r"\[\[(.+?)\|(AMOUNT|DATE|PARTY|PROJECT)\]\]", re.S)


class MarkupMismatch(ValueError):
    """The marked-up text does not reproduce the original document."""


def parse_markup(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Return the plain text and the spans that the markup encodes."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos:m.start()]
        out.append(before)
        length += len(before)
        text, label = m.group(1), m.group(2)
        spans.append((length, length + len(text), label))
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def check_against(plain: str, original: str, name: str = "document") -> None:
    """Raise MarkupMismatch naming the first offset where the texts differ."""
    if plain == original:
        return
    i = next((k for k, (a, b) in enumerate(zip(plain, original)) if a != b), min(len(plain), len(original)))
    raise MarkupMismatch(
        f"{name}: markup text differs from the original at offset {i}: "
        f"marked={plain[max(0, i - 40):i + 40]!r} original={original[max(0, i - 40):i + 40]!r}"
    )


def to_markup(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Write spans back as inline markup (for review of gold or model output)."""
    out, pos = [], 0
    for start, end, label in sorted(spans):
        out.append(text[pos:start])
        out.append(f"[[{text[start:end]}|{label}]]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def load_marked_file(marked_path: Path, original_path: Path) -> list[tuple[int, int, str]]:
    """Parse a marked-up pass file and verify it against the raw document."""
    plain, spans = parse_markup(marked_path.read_text(encoding="utf-8"))
    check_against(plain, original_path.read_text(encoding="utf-8"), marked_path.name)
    return spans


if __name__ == "__main__":  # python annotations/markup.py MARKED ORIGINAL
    import sys

    spans = load_marked_file(Path(sys.argv[1]), Path(sys.argv[2]))
    counts: dict[str, int] = {}
    for _, _, label in spans:
        counts[label] = counts.get(label, 0) + 1
    print(f"OK: {len(spans)} spans {counts}")
