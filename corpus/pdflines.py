"""A PDF's text lines with their boxes, fonts and page, in reading order (read with pypdfium2).

Each line's box is given in the page's reading frame: the page turned so that its text runs left to
right, top to bottom. A page can be turned two ways, and both are read as if it were not:
- a page turned for display (`/Rotate 90`, 180 or 270) over text that runs horizontally in the page's
  own coordinates: PDFium orders the lines of such a page by how they show on screen, so the rotation
  is set aside while the page is read;
- text drawn turned on the page (a landscape page laid on portrait paper, shown upright by `/Rotate`
  or not): the page is read turned by the direction most of its characters run in, and the boxes are
  turned with it, so that `top` is the distance down the text and `left` along it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from referat.corpus.clean import fix_glyphs


@dataclass
class PdfLine:
    text: str
    page: int
    left: float
    right: float
    top: float
    bottom: float
    page_height: float
    size: float = 0.0  # font size in points, sampled at the line's first and last character (0: unknown)
    bold: bool = False  # both are set in a bold font

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2


Box = tuple[float, float, float, float]  # left, bottom, right, top


def read_lines(document: Any) -> tuple[list[list[PdfLine]], list[int]]:
    """Lines with their boxes, per page; and the indices of pages without text."""
    pages: list[list[PdfLine]] = []
    empty: list[int] = []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            if not raw.strip():
                empty.append(index)
                pages.append([])
                continue
            angle = _text_angle(textpage)
            if angle != page.get_rotation():  # read the page turned so that its text stands upright
                textpage.close()
                page.set_rotation(angle)
                textpage = page.get_textpage()
                raw = textpage.get_text_range()
            width, height = page.get_width(), page.get_height()  # of the page as turned: its reading frame
            pages.append(_page_lines(raw, textpage, index, height, _frame(angle, width, height)))
        finally:
            textpage.close()
            page.close()
    return pages, empty


_SAMPLES = 64  # characters whose direction is read per page


def _text_angle(textpage: Any) -> int:
    """The direction most of a page's characters run in, in degrees counter-clockwise (0, 90, 180 or 270).

    Read from up to `_SAMPLES` characters spread over the page (whitespace skipped); PDFium gives each
    character's angle clockwise, in radians."""
    import pypdfium2.raw as pdfium_c

    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    votes = [0, 0, 0, 0]
    for i in range(0, count, max(1, count // _SAMPLES)):
        code = pdfium_c.FPDFText_GetUnicode(handle, i)
        if code <= 32 or code in (0xA0, 0xFFFE):
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(handle, i)
        if angle < 0:  # PDFium could not tell
            continue
        votes[round((360 - math.degrees(angle)) / 90) % 4] += 1
    return 90 * max(range(4), key=lambda k: (votes[k], k == 0))


def _frame(angle: int, width: float, height: float) -> Optional[Callable[[Box], Box]]:
    """The map from a box in the page's coordinates to its reading frame (`width` x `height`, the page as
    turned by `angle` degrees); None when the text is not turned."""
    if angle == 0:
        return None
    if angle == 90:  # text runs up the page; its lines follow to the right
        return lambda b: (b[1], height - b[2], b[3], height - b[0])
    if angle == 180:
        return lambda b: (width - b[2], height - b[3], width - b[0], height - b[1])
    return lambda b: (width - b[3], b[0], width - b[1], b[2])  # 270: text runs down; its lines follow to the left


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 units in PDFium's char count
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold|extrabold|ultra", re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # the PDF font descriptor's ForceBold flag


class _FontProbe:
    """Font size and boldness of single characters of one text page, through PDFium's C API.

    Called for two characters a line (its first and last), not per character, so that reading stays
    about as fast as without fonts; the font name is read only where PDFium gives no weight."""

    def __init__(self, textpage: Any) -> None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        self.c = pdfium_c
        self.size = pdfium_c.FPDFText_GetFontSize
        self.handle = textpage.raw
        self.buffer = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.flags_ref = ctypes.byref(self.flags)

    def bold(self, i: int) -> bool:
        """Is char i set in a bold font (by PDFium's weight, else by the font's name or ForceBold flag)?"""
        c = self.c
        if c.FPDFText_GetFontWeight(self.handle, i) >= 600:
            return True
        self.flags.value = 0
        if not c.FPDFText_GetFontInfo(self.handle, i, self.buffer, 128, self.flags_ref):
            return False
        return bool(self.flags.value & _FORCE_BOLD) or bool(_BOLD_NAME.search(self.buffer.value.decode("latin-1")))

    def line(self, first: int, last: int) -> tuple[float, bool]:
        """Font size of a line (the smaller of its first and last character's) and whether both are bold.

        Sizes are cheap to read; weight and name are read for the first character, and for the last
        only when the first is bold."""
        size = self.size(self.handle, first)
        if first == last:
            return size, size > 0 and self.bold(first)
        end = self.size(self.handle, last)
        if end <= 0 or size <= 0:
            size = max(size, end)
            return size, size > 0 and self.bold(first if end <= 0 else last)
        return min(size, end), self.bold(first) and self.bold(last)


def _page_lines(raw: str, textpage: Any, index: int, height: float,
                frame: Optional[Callable[[Box], Box]] = None) -> list[PdfLine]:
    """The lines of one page's text (`raw`, as PDFium gives it), their boxes mapped by `frame`."""
    probe = _FontProbe(textpage)
    # pdfium counts one char per UTF-16 unit; map str positions to char indices when needed
    wide = _ASTRAL.search(raw) is not None
    char_index = None
    if wide:
        char_index, k = [], 0
        for ch in raw:
            char_index.append(k)
            k += 2 if ord(ch) > 0xFFFF else 1
    out: list[PdfLine] = []
    pos = 0
    # pdfium marks a hyphen it found at a line end with U+FFFE and runs the two lines
    # together; split there so the hyphen is judged by the same rules as any other.
    for chunk in re.split(r"(\r\n|\n|\r|\ufffe)", raw):
        if chunk in ("\r\n", "\n", "\r", "\ufffe"):
            if chunk == "\ufffe" and out:
                out[-1].text += "-"
            pos += len(chunk)
            continue
        stripped = chunk.strip()
        if stripped:
            first = pos + (len(chunk) - len(chunk.lstrip()))
            last = pos + len(chunk.rstrip()) - 1
            i1 = char_index[first] if char_index else first
            i2 = char_index[last] if char_index else last
            box1, box2 = textpage.get_charbox(i1, loose=True), textpage.get_charbox(i2, loose=True)
            if frame is not None:
                box1, box2 = frame(box1), frame(box2)
            l1, b1, r1, t1 = box1
            l2, b2, r2, t2 = box2
            if abs(t1 - t2) > 0.5 * max(t1 - b1, 1.0):  # first and last char on different lines: trust the first
                l2, b2, r2, t2 = l1, b1, max(r1, r2), t1
            size, bold = probe.line(i1, i2)
            out.append(PdfLine(fix_glyphs(stripped), index, min(l1, l2), max(r1, r2), max(t1, t2), min(b1, b2), height,
                               size, bold))
        pos += len(chunk)
    return out
