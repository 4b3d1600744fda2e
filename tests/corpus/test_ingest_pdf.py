"""PDF ingestion: a seed printed to PDF reads back to the same items; clean-up; bad PDFs.

The PDFs are made here with reportlab (referat.corpus.pdfgen) with a running header,
`Side N af M` footers, wrapped lines, hyphenated words and larger item titles.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from referat.corpus import NO_ITEMS, ingest  # noqa: E402
from referat.corpus.pdfgen import text_to_pdf  # noqa: E402
from referat.errors import InputError  # noqa: E402

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"
SEEDS = sorted(p.name for p in RAW.glob("*.txt"))


def _items(doc):
    return [(i.number, i.title, i.case_number, i.closed) for i in doc.items]


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for name in SEEDS:
        path = folder / name.replace(".txt", ".pdf")
        text_to_pdf((RAW / name).read_text(encoding="utf-8"), path, header="Referat", header_right="Kommune")
        out[name] = path
    return out


@pytest.mark.parametrize("name", SEEDS)
def test_pdf_of_a_seed_gives_the_same_items_as_its_text(seed_pdfs: dict[str, Path], name: str) -> None:
    from_pdf = ingest(seed_pdfs[name])
    from_txt = ingest(RAW / name)
    assert from_pdf.kind == "pdf" and from_pdf.pages and from_pdf.pages > 1
    assert _items(from_pdf) == _items(from_txt)
    assert from_pdf.meeting == from_txt.meeting
    for a, b in zip(from_pdf.items, from_txt.items):
        assert (a.decision_text or "")[:40] == (b.decision_text or "").replace("\xa0", " ")[:40]
        assert [s.canonical for s in a.sections if s.known] == [s.canonical for s in b.sections if s.known]
    assert from_pdf.warnings == []


@pytest.mark.parametrize("name", SEEDS)
def test_pdf_clean_up_restores_the_words_and_drops_page_furniture(seed_pdfs: dict[str, Path], name: str) -> None:
    import pypdfium2 as pdfium

    raw_layer = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(seed_pdfs[name]))
    assert "Side 1 af" in raw_layer  # the furniture is there to remove ...
    text = ingest(seed_pdfs[name]).text
    assert "Side 1 af" not in text and "Kommune\n" not in text[:10]  # ... and is gone
    assert "Referat\n" not in text
    # same words in the same order: hyphenated line ends rejoined, lines of a paragraph joined
    assert text.split() == (RAW / name).read_text(encoding="utf-8").replace("\xa0", " ").split()
    assert "\n\n\n" not in text


def test_a_title_wrapped_over_two_lines_is_one_title(seed_pdfs: dict[str, Path]) -> None:
    import pypdfium2 as pdfium

    name = "albertslund-ebu-2024-03-18.txt"
    raw_layer = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(seed_pdfs[name]))
    title = "EBU - Gennemgang af økonomien og sammenhænge på beskæftigelsesområdet"
    assert f"Punkt 2: {title}" not in raw_layer  # printed over two lines in the PDF
    doc = ingest(seed_pdfs[name])
    assert doc.items[1].title == title
    assert f"Punkt 2: {title}\n" in doc.text


def _pdf_with_lines(path: Path, lines: list[str], size: float = 11.0) -> None:
    """One paragraph whose lines are filled to the full width at `|`, so every line end is a wrap."""
    c = canvas.Canvas(str(path), pagesize=A4)
    width = A4[0] - 144
    filler = "og der står mere tekst i afsnittet her".split()
    y = A4[1] - 100
    c.setFont("Helvetica", size)
    for line in lines:
        head, tail = (part.strip() for part in line.split("|"))
        middle: list[str] = []
        while stringWidth(" ".join([head, *middle, filler[len(middle) % len(filler)], tail]), "Helvetica",
                          size) < width - 4:
            middle.append(filler[len(middle) % len(filler)])
        c.drawString(72, y, " ".join([head, *middle, tail]))
        y -= size * 1.25
    c.drawString(72, y - 30, "Kort sidste linje.")
    c.showPage()
    c.save()


def test_hyphens_at_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "hyphens.pdf"
    _pdf_with_lines(path, [
        "Indsatsen på | beskæftigelses-",
        "området fortsætter, | sagde Tina Bodholdt-",
        "Nielsen om | Erhvervs-, Beskæftigelses-",
        "og Uddannelsesudvalget | om A-",
        "kasserne og | sygedagpenge-",
        "eller dagpengeområdet | i år.",
    ])
    text = ingest(path).text
    assert "beskæftigelsesområdet fortsætter" in text
    assert "Bodholdt-Nielsen om" in text
    assert "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget" in text
    assert "A-kasserne og" in text
    assert "sygedagpenge- eller dagpengeområdet" in text
    assert text.count("\n") == 2 and text.endswith("i år.\n\nKort sidste linje.")  # one paragraph, then the short one


def test_real_pdfs_are_read_with_a_no_items_warning(shared_dir) -> None:
    fixtures = shared_dir("fixtures")
    names = sorted(p.name for p in fixtures.glob("*.pdf"))
    assert names, f"no PDFs in {fixtures}"
    for name in names:
        _check_real_pdf(fixtures / name)


def _check_real_pdf(path: Path) -> None:
    doc = ingest(path)
    assert doc.kind == "pdf" and doc.pages and doc.pages >= 1
    assert len(doc.text) > 1000
    assert doc.items == [] and doc.header == (0, len(doc.text)) and doc.trailer is None
    assert any(w.startswith(NO_ITEMS) for w in doc.warnings)
    assert "\u01af" not in doc.text and "\ufffe" not in doc.text  # ligature glyphs fixed
    assert "Side 1 af" not in doc.text


def test_real_pdf_page_header_removed(shared_dir) -> None:
    path = shared_dir("fixtures") / "aarhus-sager-paa-vej-2025.pdf"
    text = ingest(path).text
    assert "Sager pa vej – Sundhed og Omsorg 2025" not in text  # the running header of all four pages
    assert "Ajourført: 29. august 2025" in text


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pypdf

    source = text_to_pdf((RAW / "herlev-amu-2025-02-26.txt").read_text(encoding="utf-8"))
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(source))
    writer.encrypt(user_password="hemmelig", owner_password="ejer")
    path = tmp_path / "krypteret.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(InputError) as info:
        ingest(path)
    message = str(info.value)
    assert str(path) in message and "encrypted" in message and "qpdf" in message


def test_binary_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "referat.pdf"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError) as info:
        ingest(path)
    assert str(path) in str(info.value) and "not a PDF" in str(info.value)


def test_html_page_saved_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "download.pdf"
    path.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    with pytest.raises(InputError, match="HTML page"):
        ingest(path)


def test_damaged_pdf(tmp_path: Path) -> None:
    data = text_to_pdf("Punkt 1: Godkendelse\n\nBeslutning\n\nGodkendt.")
    path = tmp_path / "halv.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="damaged"):
        ingest(path)


def _scanned_pdf(path: Path, pages: int = 2, text_on_first: bool = False) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        if text_on_first and page == 0:
            c.setFont("Helvetica", 11)
            c.drawString(72, 700, "Punkt 1: Godkendelse af dagsorden")
            c.drawString(72, 670, "Beslutning")
            c.drawString(72, 640, "Godkendt.")
        else:  # a page that is only an image: here grey boxes standing for scanned lines
            for k in range(30):
                c.setFillGray(0.2)
                c.rect(72, 760 - 22 * k, 400, 9, stroke=0, fill=1)
        c.showPage()
    c.save()


def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scannet.pdf"
    _scanned_pdf(path)
    with pytest.raises(InputError) as info:
        ingest(path)
    message = str(info.value)
    assert str(path) in message and "no text layer" in message and "ocrmypdf" in message


def test_pdf_with_some_scanned_pages_warns(tmp_path: Path) -> None:
    path = tmp_path / "delvist.pdf"
    _scanned_pdf(path, pages=3, text_on_first=True)
    doc = ingest(path)
    assert [i.number for i in doc.items] == [1]
    assert any("2 of 3 pages have no text layer" in w and "ocrmypdf" in w for w in doc.warnings)


# ------------------------------------------------------------------ the font as a signal: headings set larger or bolder

_BODY = ("Forvaltningen har gennemgået de indkomne høringssvar og foreslår, at planen justeres på tre punkter, "
         "så den tager højde for de bemærkninger, som borgerne og foreningerne har sendt i høringsperioden. "
         "Ændringerne fremgår af det vedlagte notat, og de har ingen økonomiske konsekvenser for kommunen.")


def _pdf_in_fonts(path: Path, blocks: list[tuple[str, str, float]], leading: float = 14.0) -> None:
    """Paragraphs (text, font, size) wrapped to the page width, every line at the same leading: no gap
    anywhere says where a paragraph ends, only the fonts do."""
    c = canvas.Canvas(str(path), pagesize=A4)
    width = A4[0] - 144
    y = A4[1] - 80
    for text, font, size in blocks:
        line = ""
        lines = []
        for word in text.split():
            trial = f"{line} {word}".strip()
            if stringWidth(trial, font, size) <= width:
                line = trial
            else:
                lines.append(line)
                line = word
        for part in [*lines, line]:
            y -= max(leading, size * 1.2)
            c.setFont(font, size)
            c.drawString(72, y, part)
    c.showPage()
    c.save()


def test_lines_in_a_larger_or_bolder_font_are_headings_of_their_own(tmp_path: Path) -> None:
    path = tmp_path / "fonts.pdf"
    title = ("Orientering om status på arbejdet med den nye klimaplan og de lokale handlinger i alle kommunens "
             "områder")
    _pdf_in_fonts(path, [
        ("Referat af mødet i Teknik- og Miljøudvalget", "Helvetica-Bold", 16),
        ("Mødedato: 4. april 2024, kl. 15.00", "Helvetica", 10),
        (title, "Helvetica-Bold", 14),  # wrapped over two lines
        (_BODY, "Helvetica", 10),
        ("Bemærkninger fra udvalget", "Helvetica-Bold", 10),  # not a known heading: only its font says so
        (_BODY, "Helvetica", 10),
    ])
    import pypdfium2 as pdfium

    raw_layer = pdfium.PdfDocument(path)[0].get_textpage().get_text_range()
    assert title not in raw_layer  # printed over two lines
    text = ingest(path).text
    assert text.split("\n\n") == [
        "Referat af mødet i Teknik- og Miljøudvalget", "Mødedato: 4. april 2024, kl. 15.00", title, _BODY,
        "Bemærkninger fra udvalget", _BODY]


def test_an_item_title_in_display_type_is_not_joined_to_the_body_below(tmp_path: Path) -> None:
    path = tmp_path / "item.pdf"
    _pdf_in_fonts(path, [
        ("Teknik- og Miljøudvalget", "Helvetica-Bold", 16),
        ("Punkt 3: Trafiksikkerhedsplan for skolevejene", "Helvetica-Bold", 14),
        ("Planen er udarbejdet i samarbejde med skolerne.", "Helvetica", 10),
        ("Beslutning", "Helvetica-Bold", 10),
        ("Godkendt.", "Helvetica", 10),
    ])
    doc = ingest(path)
    assert [(i.number, i.title) for i in doc.items] == [(3, "Trafiksikkerhedsplan for skolevejene")]
    assert "\n\nPunkt 3: Trafiksikkerhedsplan for skolevejene\n\nPlanen er udarbejdet" in doc.text
    assert doc.items[0].decision_text == "Godkendt."


def test_a_line_that_only_starts_in_bold_is_body_text(tmp_path: Path) -> None:
    path = tmp_path / "label.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 80
    first = "Forvaltningen har gennemgået de indkomne høringssvar og foreslår, at planen justeres på"
    for label, rest in [("", first), ("Bemærk:", "punkterne"), ("", "tre, så den tager højde for borgernes bemærkninger.")]:
        text = c.beginText(72, y)
        if label:
            text.setFont("Helvetica-Bold", 10)
            text.textOut(label + " ")
        text.setFont("Helvetica", 10)
        text.textOut(rest)
        c.drawText(text)
        y -= 14
    c.showPage()
    c.save()
    text = ingest(path).text
    assert "\n\n" not in text and text.startswith(first)
    assert "Bemærk: punkterne" in text


def test_line_fonts_are_read(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from referat.corpus.pdflines import read_lines

    path = tmp_path / "fonts.pdf"
    _pdf_in_fonts(path, [("Overskrift", "Helvetica-Bold", 14), ("Brødtekst i almindelig skrift.", "Helvetica", 10)])
    pages, empty = read_lines(pdfium.PdfDocument(path))
    assert empty == []
    assert [(l.text, round(l.size), l.bold) for l in pages[0]] == [
        ("Overskrift", 14, True), ("Brødtekst i almindelig skrift.", 10, False)]
