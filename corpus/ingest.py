"""`ingest()`: one source in, one IngestedDocument out (text, meeting, items, sections).

This is the single entry point the other stages use, so every reader ends in the
same structure parser and the same checks (empty result, language, no items).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from referat.corpus.checks import shape_warnings
from referat.corpus.clean import normalize_newlines
from referat.corpus.document import IngestedDocument, Kind
from referat.corpus.language import language_warning
from referat.corpus.meeting import date_words, parse_meeting
from referat.corpus.readers import ReadResult, read_bytes, read_source
from referat.corpus.structure import StructureParser, choose_decision
from referat.errors import InputError
from referat.corpus import lexicon

NO_ITEMS = "no agenda items found"


def ingest(source: Union[str, Path]) -> IngestedDocument:
    """Read and parse a .txt, .pdf, .html/.htm or FirstAgenda .json file, or standard input for "-".

    A str that holds a newline is taken as the text itself, not a path. Raises
    referat.errors.InputError (naming the file and what to do) for input that cannot be read.
    """
    if isinstance(source, str) and "\n" in source:
        return ingest_text(source)
    result = read_source(source)
    return _from_result(result, "<stdin>" if str(source) == "-" else str(source))


def ingest_bytes(data: bytes, source: str = "<bytes>", suffix: Optional[str] = None) -> IngestedDocument:
    """Read and parse a document held in memory; `suffix` (".pdf", ".html", ...) or, when None, its content
    says what it is."""
    return _from_result(read_bytes(data, source, suffix), source)


def _from_result(result: ReadResult, name: str) -> IngestedDocument:
    if result.document is not None:  # the reader gave the structure itself (FirstAgenda JSON)
        doc = result.document
        doc.source = name
        note = language_warning(doc.text)
        if note:
            doc.warnings.append(note)
        return doc
    return _build(result.text, name, result.kind, result.warnings, result.encoding, result.pages)  # type: ignore[arg-type]


def ingest_text(text: str, source: str = "<text>") -> IngestedDocument:
    """Parse text already in memory (only BOM and line ends are normalised)."""
    if not isinstance(text, str):
        raise InputError(source, f"expected text (str), got {type(text).__name__}.", "Decode the bytes first or use ingest(path).")
    text = normalize_newlines(text)
    if not text.strip():
        raise InputError(source, "the text is empty.", "Nothing to ingest.")
    return _build(text, source, "text", [], None, None)


def _build(text: str, source: str, kind: Kind, warnings: list[str], encoding: Optional[str],
           pages: Optional[int]) -> IngestedDocument:
    if not text.strip():
        raise InputError(source, "no text could be read from the file.", "Check that it holds the minutes.")
    parser = StructureParser(text)
    items, header, trailer = parser.parse()
    meeting = parse_meeting(text, header)
    words = date_words(meeting.date)
    for item in items:
        choose_decision(item, text, meeting.body, words)
    warnings = list(warnings) + parser.warnings + shape_warnings(text, items, parser.meeting_titles)  # run-on text, meetings run together, a huge item
    note = language_warning(text)
    if note:
        warnings.append(note)
    if not items:
        if kind == "html" and not _looks_like_minutes(text):
            raise InputError(source, "the HTML page holds no meeting minutes (no agenda items, no decisions).",
                             "Open the meeting's own page (or its PDF) and ingest that instead.")
        warnings.append(f"{NO_ITEMS}: the text is returned whole as the header; "
                        "if these are minutes, their item layout may need an entry in corpus/lexicons/items.json")
    return IngestedDocument(source=source, text=text, kind=kind, meeting=meeting, items=items,
                            header=header, trailer=trailer, warnings=warnings, encoding=encoding, pages=pages)


def _looks_like_minutes(text: str) -> bool:

    headings = lexicon.get().headings
    lines = text.split("\n")
    hits = sum(1 for line in lines if headings.match(line))
    lowered = text[:20000].casefold()
    # a portal page that lists meetings says "Referat" and "Dagsorden" in every link, but has no prose
    prose = sum(1 for line in lines if len(line) >= 80) >= 3
    return hits >= 2 or (prose and any(w in lowered for w in ("referat", "dagsorden", "beslutningsprotokol")))
