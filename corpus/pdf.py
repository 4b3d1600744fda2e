"""PDF minutes to text: the text layer, with page furniture removed and paragraphs rejoined.

Library choice, measured with `benchmarks/read_scaling.py --libraries` on 43 pages
made from the seeds and the 8 real pages in /work/shared/fixtures (ms per page,
seeds / fixtures): pypdfium2 1.2 / 3.4, pypdf 6.5 / 42, pdfminer.six 34 / 75. All
three read the same words (0.99 word accuracy before clean-up, the rest being page
headers/footers); pypdf and pdfminer leave ligature glyphs (ﬁ, ﬂ, `(cid:431)`) where
pypdfium2 leaves one U+01AF, which `fix_glyphs` maps. pypdfium2 (Apache-2.0/BSD-3)
is chosen: fastest, and it exposes each character's box, which the clean-up needs
to tell paragraph breaks from line wraps and page headers from body text. PyMuPDF
is AGPL and not used; pypdf is used only by the tests (to encrypt a PDF).

The lines, with their boxes and fonts, are read by `pdflines` in reading order, also on a page turned
by `/Rotate` or with its text drawn turned.

Clean-up, page by page and then across pages:
- lines in the top or bottom tenth of a page that repeat on many pages (digits
  ignored) are running headers/footers; `Side 3 af 14`, `- 3 -` and bare numbers
  there are page numbers; both go; so does any of the first or last three lines of
  a page that stands, digits ignored, at the same height on most pages, whatever
  words it holds (a running head lower down, or one that reads like a heading);
- a vertical gap larger than the document's usual line gap ends a paragraph;
  otherwise lines are joined with a space, a word hyphenated at the line end is
  rejoined (`beskæftigelses-` + `området`), but real hyphens stay
  (`Bodholdt-Nielsen`, `A-kasser`, `Erhvervs-, Beskæftigelses- og ...`);
- known headings, item lines and case numbers always stand on their own line; a
  title wrapped under its item line is joined to it.
Paragraphs are separated by a blank line, like the .txt minutes.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from statistics import median
from typing import Any, Optional

from referat.corpus import lexicon
from referat.corpus.clean import squeeze_blank_lines
from referat.corpus.limits import max_pdf_content_bytes, pdf_content_error
from referat.corpus.pdflines import PdfLine, read_lines
from referat.errors import InputError

_PAGE_NUMBER = re.compile(
    r"^(?:(?:side|page|s\.)\s*)?\d{1,4}(?:\s*(?:af|/|of|ud af)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$", re.IGNORECASE
)
_BULLET = re.compile(r"^(?:[-•*–·▪◦]\s|\d{1,2}[.)]\s|[a-zæøå][.)]\s|\(\w{1,3}\)\s)")
_EDGE = 0.1  # top and bottom tenth of a page: where running headers and footers stand


@dataclass
class PdfText:
    """Cleaned text of a PDF, its page count and notes for the user."""

    text: str
    pages: int
    warnings: list[str]


def read_pdf(data: bytes, source: str) -> PdfText:
    """The cleaned text layer of a PDF given as bytes; InputError when there is none to read."""
    import pypdfium2 as pdfium

    _check_signature(data, source)
    check_content_size(data, source)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if b"/Encrypt" in data[-200_000:] or b"/Encrypt" in data[:200_000] or "password" in str(exc).lower():
            raise InputError(source, "the PDF is encrypted (password protected), so its text cannot be read.",
                             "Remove the password first, e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, "
                             "and ingest the decrypted file.") from None
        if _NO_PAGES.search(data[-200_000:]) or _NO_PAGES.search(data[:200_000]):  # PDFium says "Success" here
            raise InputError(source, "the PDF has no pages.", "Download or export it again.") from None
        raise InputError(source, f"the PDF is damaged and cannot be opened ({exc}).",
                         "Download or export it again; if it opens in a viewer, print it to a new PDF.") from None
    warnings: list[str] = []
    try:
        pages, empty = read_lines(document)
        n_pages = len(document)
        blank = [i for i in empty if not _draws_anything(document[i])]
    finally:
        document.close()
    if n_pages == 0:
        raise InputError(source, "the PDF has no pages.", "Download or export it again.")
    if len(blank) == n_pages:
        what = "its only page is blank" if n_pages == 1 else f"all {n_pages} pages are blank"
        raise InputError(source, f"the PDF holds no text and no images or drawings: {what}.",
                         "Check that the export or download finished; export the minutes again.")
    if len(empty) == n_pages:
        raise InputError(source, f"the PDF has no text layer (all {n_pages} pages are images, probably scanned).",
                         "Run OCR on it first, e.g. `ocrmypdf --language dan in.pdf out.pdf`, and ingest the result.")
    if empty:
        shown = ", ".join(str(p + 1) for p in empty[:10]) + (" ..." if len(empty) > 10 else "")
        warnings.append(f"{len(empty)} of {n_pages} pages have no text layer (page {shown}; scanned?): their text "
                        "is missing. Run OCR (e.g. `ocrmypdf --language dan in.pdf out.pdf`) to include it.")
    lines = _drop_furniture(pages, n_pages)
    text = squeeze_blank_lines(_assemble(lines))
    return PdfText(text, n_pages, warnings)


_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def _draws_anything(page: Any) -> bool:
    """True when a page without text draws something (an image: a scan), False for a blank page."""
    try:
        return next(iter(page.get_objects(max_depth=1)), None) is not None
    finally:
        page.close()


def check_content_size(data: bytes, source: str) -> None:
    """InputError when the PDF's Flate-compressed content (images excepted) inflates past the limit
    (REFERAT_MAX_PDF_CONTENT_MB): PDFium would hold all of it in memory. Streams are inflated in
    1 MB steps and thrown away, so this check itself needs little memory."""
    limit = max_pdf_content_bytes()
    if not limit:
        return
    total = 0
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 2048): m.start()]
        head = head[head.rfind(b"obj") + 1:]
        if b"/Fl" not in head or b"/Image" in head:  # FlateDecode (or /Fl); images are not read for text
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            end = len(data)
        inflate = zlib.decompressobj()
        chunk: Any = view[m.end(): end]
        try:
            while chunk:
                total += len(inflate.decompress(chunk, 1 << 20))
                if total > limit:
                    raise pdf_content_error(source, limit)
                chunk = inflate.unconsumed_tail
                if inflate.eof:
                    break
        except zlib.error:
            continue  # damaged stream: PDFium decides what to make of it


def _check_signature(data: bytes, source: str) -> None:
    if b"%PDF-" in data[:1024]:
        return
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        what = "an HTML page"
        hint = "Save it with the .html extension (or download the PDF itself) and ingest that."
    elif head.startswith(b"pk\x03\x04"):
        what = "a ZIP archive (perhaps a Word .docx file)"
        hint = "Export it to PDF or plain text first."
    elif not data.strip():
        what = "nothing but whitespace"
        hint = "Download the file again."
    else:
        what = "binary data without a PDF signature (%PDF-)"
        hint = "Check that the download finished and that the file really is a PDF."
    raise InputError(source, f"not a PDF: the file is named .pdf but contains {what}.", hint)


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().casefold()))


def _drop_furniture(pages: list[list[PdfLine]], n_pages: int) -> list[PdfLine]:
    """All lines in reading order without running headers, footers and page numbers."""
    lex = lexicon.get()
    counts: dict[str, int] = {}
    rims: dict[tuple[str, int], int] = {}
    for lines in pages:
        seen = {_norm(l.text) for l in lines if _at_edge(l)}
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
        for rim_key in {_rim_key(l) for l in _rim(lines)}:
            rims[rim_key] = rims.get(rim_key, 0) + 1
    text_pages = sum(1 for lines in pages if lines)
    need = max(2, int(0.4 * text_pages + 0.5))
    most = max(2, text_pages // 2 + 1)
    exact: dict[str, int] = {}
    for lines in pages:
        for text in {l.text.strip() for l in _rim(lines)}:
            exact[text] = exact.get(text, 0) + 1
    out: list[PdfLine] = []
    for lines in pages:
        rim = {id(l) for l in _rim(lines)}
        # `Punkt 3` atop its page, its number changing page by page: an item opener (one item per page), not a
        # running head; it and the lines below it in the top rim (its title, a heading) are the page's text
        opener = next((k for k, l in enumerate(lines[:_RIM]) if exact.get(l.text.strip(), 0) < need
                       and any(p.regex.match(l.text.strip()) for p in lex.item_patterns)), None)
        keep = {id(l) for l in lines[opener:_RIM]} if opener is not None else set()
        for line in lines:
            if id(line) in keep:
                out.append(line)
                continue
            if _at_edge(line):
                if _PAGE_NUMBER.match(line.text.strip()):
                    continue
                if text_pages >= 2 and counts.get(_norm(line.text), 0) >= need and not lex.headings.match(line.text):
                    continue
            if text_pages >= 2 and id(line) in rim and rims.get(_rim_key(line), 0) >= most:
                continue  # a running head or foot, whatever its words: same text, same place, most pages
            out.append(line)
    return out


_RIM = 3  # lines at the top and at the bottom of a page where a running head or foot may stand


def _rim(lines: list[PdfLine]) -> list[PdfLine]:
    """The first and last few lines of a page (the whole page when it is short)."""
    return lines[:_RIM] + lines[max(_RIM, len(lines) - _RIM):]


def _rim_key(line: PdfLine) -> tuple[str, int]:
    """Text with digits ignored (page numbers, dates) and the height on the page, to 3 points."""
    return _norm(line.text), round(line.top / 3)


def _at_edge(line: PdfLine) -> bool:
    return line.center > line.page_height * (1 - _EDGE) or line.center < line.page_height * _EDGE


def _kind(text: str) -> Optional[str]:
    """'heading', 'item', 'case' or 'toc' for lines that must stand on their own; else None."""
    lex = lexicon.get()
    s = text.strip()
    if lex.toc_line.search(s):
        return "toc"
    if lex.headings.match(s):
        return "heading"
    if lex.case_line.match(s):
        return "case"
    for pattern in lex.item_patterns:
        if pattern.regex.match(s) and not pattern.title_below:
            return "item"
    return None


def _assemble(lines: list[PdfLine]) -> str:
    """Join lines into paragraphs; see the module docstring for the rules."""
    if not lines:
        return ""
    heights = [l.height for l in lines]
    h_med = median(heights)
    ratios = []
    for prev, cur in zip(lines, lines[1:]):
        if prev.page == cur.page and cur.top <= prev.bottom + 0.5 * h_med:
            ratios.append(max(prev.bottom - cur.top, 0.0) / h_med)
    ratios.sort()
    base = ratios[len(ratios) // 10] if ratios else 0.3
    threshold = max(0.6, base + 0.4)
    right_edge: dict[int, float] = {}
    for l in lines:
        right_edge[l.page] = max(right_edge.get(l.page, 0.0), l.right)
    parts: list[str] = [lines[0].text]
    kinds = [_kind(l.text) for l in lines]
    display = _display_lines(lines)
    for k in range(1, len(lines)):
        prev, cur = lines[k - 1], lines[k]
        pk, ck = kinds[k - 1], kinds[k]
        prev_full = _is_wrapped(prev, cur, right_edge[prev.page])
        if prev.page != cur.page:
            gap_break = not (prev_full and cur.text[:1].islower())
        else:
            gap = prev.bottom - cur.top
            gap_break = gap / h_med > threshold or cur.top > prev.top + 0.5 * h_med
        if ck in ("heading", "item", "case", "toc") or pk in ("heading", "case", "toc"):
            parts.append("\n" if (ck == pk == "toc" and not gap_break) else "\n\n")
            parts.append(cur.text)
            continue
        if display[k - 1] or display[k]:
            # a line set larger or bolder than the body is a heading: its own paragraph, joined only to a line
            # in the same font (a title wrapped over two lines stays one title)
            if display[k - 1] and display[k] and _same_font(prev, cur) and not gap_break \
                    and not _BULLET.match(cur.text):
                _join(parts, cur.text)
                if pk == "item":
                    kinds[k] = "item"
                continue
            parts.append("\n\n")
            parts.append(cur.text)
            continue
        if pk == "item" and not gap_break and not _BULLET.match(cur.text):
            _join(parts, cur.text)  # a title wrapped under its item line
            kinds[k] = "item"
            continue
        if gap_break:
            parts.append("\n\n")
        elif _BULLET.match(cur.text) or not prev_full or abs(prev.height - cur.height) > 0.3 * h_med:
            parts.append("\n")
        else:
            _join(parts, cur.text)
            continue
        parts.append(cur.text)
    return "".join(parts)


_LARGER = 1.12  # a line set this much larger than the body text is display type (a heading, a title)
_MIN_BODY_CHARS = 300  # a page with less text than this is judged by the document's body font


def _display_lines(lines: list[PdfLine]) -> list[bool]:
    """For each line: set in a larger or bolder font than the body text of its page (a heading)?

    The body font is the size and weight that most characters of the page are set in (of the document
    where the page holds little text). Bold counts only where the body is not bold itself."""
    def body(chars: dict[tuple[float, bool], int]) -> Optional[tuple[float, bool]]:
        return max(chars.items(), key=lambda kv: kv[1])[0] if chars else None

    per_page: dict[int, dict[tuple[float, bool], int]] = {}
    whole: dict[tuple[float, bool], int] = {}
    for l in lines:
        if l.size <= 0:
            continue
        key = (round(l.size * 2) / 2, l.bold)
        n = len(l.text)
        page = per_page.setdefault(l.page, {})
        page[key] = page.get(key, 0) + n
        whole[key] = whole.get(key, 0) + n
    doc_body = body(whole)
    if doc_body is None:
        return [False] * len(lines)
    bodies: dict[int, tuple[float, bool]] = {}
    for page_no, chars in per_page.items():
        page_body = body(chars)
        bodies[page_no] = page_body if page_body and sum(chars.values()) >= _MIN_BODY_CHARS else doc_body
    out: list[bool] = []
    for l in lines:
        b = bodies.get(l.page, doc_body)
        if l.size <= 0:
            out.append(False)
        elif l.size >= b[0] * _LARGER:
            out.append(True)
        else:
            out.append(l.bold and not b[1] and l.size >= b[0] * 0.95)
    return out


def _same_font(a: PdfLine, b: PdfLine) -> bool:
    return abs(a.size - b.size) <= 0.05 * max(a.size, b.size, 1.0) and a.bold == b.bold


def _is_wrapped(prev: PdfLine, cur: PdfLine, right_edge: float) -> bool:
    """True when `cur`'s first word would not have fitted at the end of `prev`: a line wrap."""
    char_w = (cur.right - cur.left) / max(len(cur.text), 1)
    first_word = cur.text.split(" ", 1)[0]
    needed = (len(first_word) + 1) * char_w
    return prev.right + needed >= right_edge - 2 * char_w


def _join(parts: list[str], cur: str) -> None:
    """Append `cur` to the paragraph in `parts`, rejoining a word hyphenated at the line end."""
    prev = parts[-1]
    if not prev.endswith("-") or prev.endswith(" -") or len(prev) < 2:
        parts.append(" ")
        parts.append(cur)
        return
    keep = lexicon.get().keep_hyphen_before
    word = cur.split(" ", 1)[0]
    m = re.search(r"(\S+)-$", prev)
    before = m.group(1) if m else ""
    if word.lower().rstrip(",.;") in keep or word[:1] in ",;/&":
        parts.append(" ")  # "Beskæftigelses- og"
        parts.append(cur)
        return
    tail = before.split("-")[-1]
    if (tail[-1:].isalpha() and tail[-1:].islower() and sum(c.isalpha() for c in tail) >= 2
            and word[:1].isalpha() and word[:1].islower()):
        parts[-1] = prev[:-1]  # "beskæftigelses-" + "området"
        parts.append(cur)
        return
    parts.append(cur)  # "Bodholdt-" + "Nielsen", "A-" + "kasser": the hyphen is real
