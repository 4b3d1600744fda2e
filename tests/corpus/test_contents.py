"""Items found through the contents list where no item-line pattern fits, and running heads of any
wording removed from PDFs. The minutes are written here; the PDFs made with referat.corpus.pdfgen."""
from __future__ import annotations

from pathlib import Path

import pytest

from referat.corpus import ingest, ingest_text

SAGS = ("Forvaltningen har udarbejdet et forslag, som beskriver de økonomiske og praktiske forhold i sagen, "
        "og som har været drøftet med de berørte parter i løbet af efteråret og vinteren. ") * 6
TITLES = ["Godkendelse af dagsorden",
          "Anlægsregnskab for renovering af idrætshallen ved Skolevej og udskiftning af tag på den gamle svømmehal",
          "Høring om trafikplan for midtbyen",
          "Orientering om vintertjenesten"]
HEAD = "Kommunalbestyrelsen · Mødereferat · side {page}/{pages}"


def minutes(listed: list[str], body: list[str]) -> str:
    """Minutes whose items carry no `Punkt N` line: only a contents list (unnumbered titles) names them."""
    out = ["Kommunalbestyrelsen", "", "Referat af møde mandag den 3. marts 2025 kl. 17.00", "",
           "Sted: Rådhuset, mødesal 1", "", "Indhold", ""]
    out += [f"{title} {'.' * 10} {3 + k}" for k, title in enumerate(listed)]
    out.append("")
    for k, title in enumerate(body):
        out += [title, "", f"Sagsnr.: 25/{1230 + k}", "", "Sagsfremstilling", "", SAGS, "",
                "Beslutning", "", f"Godkendt som punkt {k + 1}.", ""]
    return "\n".join(out)


def _items(doc):  # type: ignore[no-untyped-def]
    return [(i.number, i.title, i.case_number, i.decision_text) for i in doc.items]


EXPECTED = [(None, title, f"25/{1230 + k}", f"Godkendt som punkt {k + 1}.") for k, title in enumerate(TITLES)]


def test_titles_of_the_contents_list_segment_the_text() -> None:
    doc = ingest_text(minutes(TITLES, TITLES))
    assert _items(doc) == EXPECTED
    assert doc.warnings == []
    assert "Indhold" in doc.text[: doc.items[0].start]  # the list stays in the header


def test_a_title_wrapped_in_the_body_with_a_page_number_between() -> None:
    body = list(TITLES)
    body[1] = "Anlægsregnskab for renovering af idrætshallen ved Skolevej og\n\nSide 2 af 5\n\nudskiftning af tag " \
              "på den gamle svømmehal"
    doc = ingest_text(minutes(TITLES, body))
    assert _items(doc) == EXPECTED


def test_a_numbered_contents_list_and_unnumbered_titles_in_the_body() -> None:
    text = minutes(TITLES, TITLES)
    listed = "\n".join(f"{title} {'.' * 10} {3 + k}" for k, title in enumerate(TITLES))
    text = text.replace(listed, "\n".join(f"{k + 1}. {title}" for k, title in enumerate(TITLES)))
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [(k + 1, t) for k, t in enumerate(TITLES)]


def test_a_listed_title_missing_from_the_body_gives_a_warning_naming_it() -> None:
    doc = ingest_text(minutes(TITLES, [TITLES[0], TITLES[1], TITLES[3]]))
    assert [i.title for i in doc.items] == [TITLES[0], TITLES[1], TITLES[3]]
    notes = [w for w in doc.warnings if "contents list" in w]
    assert len(notes) == 1 and TITLES[2] in notes[0] and TITLES[0] not in notes[0]


def test_minutes_that_the_item_lines_read_are_not_touched() -> None:
    text = minutes(TITLES, [f"Punkt {k + 1}: {t}" for k, t in enumerate(TITLES)])
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [(k + 1, t) for k, t in enumerate(TITLES)]
    assert doc.warnings == []


@pytest.mark.parametrize("header_top", [40.0, 100.0])
def test_pdf_without_item_lines_and_an_unusual_running_head(tmp_path: Path, header_top: float) -> None:
    pytest.importorskip("reportlab")
    import pypdfium2 as pdfium

    from referat.corpus.pdfgen import text_to_pdf

    path = tmp_path / "referat.pdf"
    # at 100 points from the top the head stands below the top tenth of the page, where the edge rule looks
    text_to_pdf(minutes(TITLES, TITLES), path, header=HEAD, header_right="", header_top=header_top)
    raw = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path))
    assert "Mødereferat · side 2/" in raw  # the furniture is there to remove ...
    doc = ingest(path)
    assert doc.pages and doc.pages >= 2
    assert "Mødereferat" not in doc.text and "Side 1 af" not in doc.text  # ... and is gone
    assert _items(doc) == EXPECTED
    assert doc.warnings == []


def test_a_running_head_that_reads_like_a_heading_is_removed(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from referat.corpus.pdfgen import text_to_pdf

    path = tmp_path / "referat.pdf"
    text_to_pdf(minutes(TITLES, TITLES), path, header="Beslutningsprotokol", header_right="")
    doc = ingest(path)
    assert "Beslutningsprotokol" not in doc.text
    assert _items(doc) == EXPECTED
