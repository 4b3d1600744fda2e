"""Render minutes text as a paged PDF, the way publishing systems print them.

Used by the tests (a seed as PDF must give the same items as its text) and by the
read-scaling benchmark. The pages carry a running header, a `Side N af M` footer,
wrapped lines, hyphenated long words and larger bold item titles, so that the PDF
clean-up has real work to do. Needs reportlab (the `dev` extra), imported lazily.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Optional, Union

from referat.corpus import lexicon

PAGE_W, PAGE_H = 595.27, 841.89  # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 62.0, 70.0, 70.0


def _is_title(line: str) -> bool:
    lex = lexicon.get()
    return any(p.regex.match(line.strip()) and not p.title_below for p in lex.item_patterns[:1]) or bool(
        re.match(r"^\d{1,3}\. .*\([A-ZÆØÅ]\)\s*$", line.strip()))


def _wrap(words: list[str], width: float, font: str, size: float, hyphenate: bool) -> list[str]:
    """Greedy wrap; a long word that does not fit is split with a hyphen (`beskæftigelses-`)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if stringWidth(trial, font, size) <= width:
            current = trial
            continue
        if hyphenate and current and len(word) >= 10 and word.isalpha() and word.islower():
            room = width - stringWidth(current + " ", font, size)
            cut = 0
            for k in range(4, len(word) - 3):
                if stringWidth(word[:k] + "-", font, size) <= room:
                    cut = k
            if cut:
                lines.append(f"{current} {word[:cut]}-")
                current = word[cut:]
                continue
        if current:
            lines.append(current)
        current = word
        while stringWidth(current, font, size) > width and len(current) > 1:  # a token wider than the page
            k = len(current) - 1
            while k > 1 and stringWidth(current[:k], font, size) > width:
                k -= 1
            lines.append(current[:k])
            current = current[k:]
    if current:
        lines.append(current)
    return lines or [""]


def _page_fields(text: str, number: int, total: int) -> str:
    return text.replace("{pages}", str(total)).replace("{page}", str(number))


def text_to_pdf(text: str, path: Optional[Union[str, Path]] = None, header: str = "Referat",
                header_right: str = "Kommune", font_size: float = 10.5, title_size: float = 14.0,
                header_top: float = 40.0, turn: int = 0) -> bytes:
    """Render `text` (paragraphs separated by blank lines) as PDF bytes, also written to `path` if given.

    `{page}` and `{pages}` in `header` or `header_right` become the page number and count, as in
    running heads like `Mødereferat · side 3/12`; `header_top` is the head's distance from the top of the
    page (the body starts at least 30 points below it). `turn` (90, 180 or 270) draws each page turned
    that many degrees counter-clockwise on paper turned to fit it, with `/Rotate` showing it upright, as
    a scanner or a landscape export may: the same lines as `turn=0`, in other page coordinates."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    body_w = PAGE_W - 2 * MARGIN_X
    leading = font_size * 1.3
    para_gap = font_size * 0.9
    layout: list[list[tuple[str, str, float, float]]] = [[]]  # per page: (text, font, size, y)
    top = max(MARGIN_TOP, header_top + 30.0)
    y = PAGE_H - top

    def place(line: str, font: str, size: float, lead: float) -> None:
        nonlocal y
        if y - lead < MARGIN_BOTTOM:
            layout.append([])
            y = PAGE_H - top
        y -= lead
        layout[-1].append((line, font, size, y))

    for paragraph in re.split(r"\n[ \t\xa0]*\n", text.replace("\r\n", "\n")):
        if not paragraph.strip():
            continue
        for raw in paragraph.split("\n"):
            raw = raw.replace("\t", "    ").replace("\xa0", " ").strip()
            if not raw:
                continue
            title = _is_title(raw)
            font, size = ("Helvetica-Bold", title_size) if title else ("Helvetica", font_size)
            if lexicon.get().headings.match(raw):
                font = "Helvetica-Bold"
            for line in _wrap(raw.split(" "), body_w, font, size, hyphenate=not title):
                place(line, font, size, size * 1.3 if title else leading)
        y -= para_gap

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)  # with a page rotation reportlab swaps the paper: A4 is the page as shown
    total = len(layout)
    for number, page in enumerate(layout, start=1):
        if turn:
            pdf.setPageRotation(turn)
            pdf.translate(*{90: (PAGE_H, 0), 180: (PAGE_W, PAGE_H), 270: (0, PAGE_W)}[turn])
            pdf.rotate(turn)
        pdf.setFont("Helvetica", 8.5)
        pdf.drawString(MARGIN_X, PAGE_H - header_top, _page_fields(header, number, total))
        pdf.drawRightString(PAGE_W - MARGIN_X, PAGE_H - header_top, _page_fields(header_right, number, total))
        pdf.drawCentredString(PAGE_W / 2, 34, f"Side {number} af {total}")
        for line, font, size, y_pos in page:
            pdf.setFont(font, size)
            pdf.drawString(MARGIN_X, y_pos, line)
        pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
