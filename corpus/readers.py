"""Reading a source into text: by extension, with the content checked against it.

Each reader returns the cleaned text, the kind of source and notes for the user;
every way a file can be unreadable ends in an InputError that names the file and
says what to do, never in a traceback.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import re

from referat.corpus.clean import decode, drop_furniture, looks_binary, mojibake_note, mostly_utf8, normalize_newlines
from referat.corpus.document import IngestedDocument
from referat.corpus.firstagenda import read_firstagenda, read_firstagenda_bytes, sniff_firstagenda
from referat.corpus.formats import refusal, unsupported
from referat.corpus.limits import read_file
from referat.errors import InputError
from referat.corpus.pdf import read_pdf
from referat.corpus.html import html_to_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}


@dataclass
class ReadResult:
    text: str
    kind: str
    warnings: list[str] = field(default_factory=list)
    encoding: Optional[str] = None
    pages: Optional[int] = None
    document: Optional[IngestedDocument] = None  # a reader that knows the structure (FirstAgenda JSON) gives it whole


def read_source(source: Union[str, Path]) -> ReadResult:
    """Read a .txt/.pdf/.html/.htm path, or standard input for "-"."""
    if str(source) == "-":
        return read_stdin()
    path = Path(source)
    name = str(source)
    if not path.exists():
        raise InputError(name, "file not found.", "Check the path.")
    if path.is_dir():
        raise InputError(name, "is a folder, not a file.", "Give one file, or use `referat extract FOLDER`.")
    data = read_file(str(path), name)  # regular files only (a FIFO would block), at most the size limit
    return read_bytes(data, name, path.suffix.lower())


def read_stdin() -> ReadResult:
    """Text (or a PDF/HTML document) piped to standard input."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    result = read_bytes(data, "<stdin>", None)
    if result.kind == "txt":
        result.kind = "stdin"
    return result


def read_bytes(data: bytes, name: str, suffix: Optional[str]) -> ReadResult:
    """Dispatch on the suffix (None: sniff the content), after checking the data is not empty."""
    if not data.strip():
        raise InputError(name, "the file is empty." if data == b"" else "the file holds only whitespace.",
                         "Nothing to ingest: check that the download or export finished.")
    if suffix is None:
        suffix = _sniff(data)
    if suffix in PDF_SUFFIXES:

        pdf = read_pdf(data, name)
        return ReadResult(pdf.text, "pdf", pdf.warnings, None, pdf.pages)
    if suffix in HTML_SUFFIXES:
        return _read_html(data, name)
    if suffix == ".json":
        return _from_document(read_firstagenda_bytes(data, name))
    if data.startswith(b"%PDF-"):
        result = read_bytes(data, name, ".pdf")
        result.warnings.insert(0, f"the file is named {suffix or 'without extension'} but is a PDF: read as PDF")
        return result
    what = unsupported(data, suffix)
    if what is not None:
        raise InputError(name, *refusal(suffix, what))
    meeting = sniff_firstagenda(data)  # FirstAgenda JSON by content, whatever the name
    if meeting is not None:
        return _from_document(read_firstagenda(meeting, name))
    if suffix not in TEXT_SUFFIXES and not suffix[1:].isdigit():  # "referat.12.3" has no real extension
        if _sniff(data) == ".html":
            result = _read_html(data, name)
            result.warnings.insert(0, f"the file is named {suffix} but is an HTML page: read as HTML")
            return result
        raise InputError(name, *refusal(suffix, "format referat does not know"))
    return _read_text(data, name, [])


def _from_document(doc: IngestedDocument) -> ReadResult:
    return ReadResult(doc.text, doc.kind, list(doc.warnings), doc.encoding, doc.pages, doc)


def _sniff(data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return ".pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:512] or b"<body" in head:
        return ".html"
    return ".txt"


def _read_text(data: bytes, name: str, warnings: list[str]) -> ReadResult:
    if looks_binary(data):
        raise InputError(name, "the file is binary data, not text.",
                         "Give the minutes as .txt (UTF-8), .pdf or .html; check the file's real format.")
    text, encoding, note = decode(data)
    if note:
        warnings.append(note)
    else:
        note = mojibake_note(text)
        if note:
            warnings.append(note)
    text = drop_furniture(normalize_newlines(text))  # a PDF text export's page numbers, a saved page's controls
    return ReadResult(text, "txt", warnings, encoding)


def _read_html(data: bytes, name: str) -> ReadResult:

    if looks_binary(data):
        raise InputError(name, "the file is named .html but holds binary data.", "Check the file's real format.")
    markup, warnings = _html_markup(data)
    text = html_to_text(markup)
    if not text.strip():
        raise InputError(name, "the HTML page holds no text (only markup, scripts or navigation).",
                         "Save the page that shows the minutes themselves, or download the minutes as PDF.")
    return ReadResult(text, "html", warnings)


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _html_markup(data: bytes) -> tuple[bytes | str, list[str]]:
    """The page to parse and warnings. Bytes that are UTF-8 (a few bad bytes allowed) are decoded as UTF-8
    whatever a <meta charset> says, since a page that declares another code page but is UTF-8 would
    otherwise be misread whole; other bytes are left to the parser and the page's declaration."""
    declared = _CHARSET.search(data[:4096])
    name = declared.group(1).decode("ascii", "replace").lower() if declared else None
    try:
        text, note = data.decode("utf-8"), None
    except UnicodeDecodeError:
        mostly = mostly_utf8(data)
        if mostly is None and name in ("utf-8", "utf8"):  # declared UTF-8, but it is not: the code page Danish fits
            text, encoding, _ = decode(data)
            return text, [f"the page declares charset {name} but is not UTF-8: decoded as {encoding}"]
        if mostly is None:
            return data, []
        text, _, note = mostly
    warnings = [note] if note else []
    if name and name.replace("_", "-") not in ("utf-8", "utf8") and any(ord(ch) > 0x7F for ch in text[:1 << 20]):
        warnings.append(f"the page declares charset {name} but is UTF-8: read as UTF-8")
    return text, warnings
