"""Signals that recur in every layout: items as one numbering, decisions however they are headed,
page furniture of exports. Each case builds its own small synthetic minutes."""
from __future__ import annotations

from pathlib import Path

from referat.corpus import ingest, ingest_text

HEAD = "Referat fra Teknik- og Miljøudvalget den 4. marts 2024\n\n"


def _item(number: str, title: str, decision_block: str, case: str = "Sagen er en almindelig sag om veje og stier i kommunen.") -> str:
    return f"{number} {title}\n\nSagsfremstilling\n\n{case}\n\nIndstilling\n\nDirektionen indstiller, at sagen godkendes.\n\n{decision_block}\n\n"


def test_a_year_at_a_line_start_does_not_cut_the_numbering() -> None:
    text = HEAD + _item("1.", "Godkendelse af dagsorden", "Beslutning\n\nGodkendt.") + \
        "2. Anlægsbevilling til broer og bygværker i\n2013 - godkendelse\n\nSagsfremstilling\n\n" \
        "Broerne er slidte.\n\n2013. Regnskab blev aflagt som planlagt.\n\nBeslutning\n\nGodkendt.\n\n" + \
        _item("3.", "Navngivning af vej", "Beslutning\n\nGodkendt.")
    doc = ingest_text(text)
    assert [i.number for i in doc.items] == [1, 2, 3]


def test_numbers_running_through_the_year_and_openers_in_words() -> None:
    text = HEAD + _item("Sag nr. 112", "Godkendelse af dagsorden", "Beslutning\n\nGodkendt.") + \
        _item("Sag nr. 113", "Budgetopfølgning", "Beslutning\n\nTaget til efterretning.")
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [(112, "Godkendelse af dagsorden"), (113, "Budgetopfølgning")]


def test_a_numbered_list_in_a_case_text_is_not_an_item() -> None:
    case = "Der er tre indsatsområder:\n\n1. Fravær\n\n2. Læsning\n\n3. Overgangen til ungdomsuddannelse"
    text = HEAD + _item("1.", "Godkendelse af dagsorden", "Beslutning\n\nGodkendt.") + \
        "2. Kvalitetsrapport\n\nSagsnr.: 23/1234\n\nSagsfremstilling\n\n" + case + \
        "\n\nIndstilling\n\nDirektionen indstiller, at rapporten godkendes.\n\nBeslutning\n\nGodkendt.\n\n" + \
        "3. Skolernes ferieplan\n\nSagsnr.: 23/1235\n\nIndstilling\n\nPlanen godkendes.\n\nBeslutning\n\nGodkendt.\n"
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [
        (1, "Godkendelse af dagsorden"), (2, "Kvalitetsrapport"), (3, "Skolernes ferieplan")]


def test_decision_headings_in_their_common_forms() -> None:
    forms = {
        "Udvalgets beslutning (punkt 1)\n\nGodkendt.": "Godkendt.",
        "Beslutning - punkt 2\n\nUdsat.": "Udsat.",
        "Beslutning Teknik- og Miljøudvalget 04-03-2024\n\nAnbefales.": "Anbefales.",
        "Teknik- og Miljøudvalget 04-03-2024: Taget til efterretning.": "Taget til efterretning.",
        "Beslutning: Godkendt med den ændring, at " + "vejen får et nyt navn efter høringen " * 4 + ".":
            "Godkendt med den ændring, at " + "vejen får et nyt navn efter høringen " * 4 + ".",
    }
    text = HEAD + "".join(_item(f"{k}.", f"Sag nummer {k}", block) for k, block in enumerate(forms, 1))
    doc = ingest_text(text)
    assert [" ".join((i.decision_text or "").split()) for i in doc.items] == [" ".join(v.split()) for v in forms.values()]


def test_this_meetings_decision_is_chosen_by_its_date_before_its_body() -> None:
    block = "Beslutning i Teknik- og Miljøudvalget den 05-02-2024\n\nUdsat.\n\n" \
            "Beslutning i Teknik- og Miljøudvalget den 04-03-2024\n\nGodkendt."
    doc = ingest_text(HEAD + _item("1.", "Regulativ for affald", block))
    assert doc.items[0].decision_text == "Godkendt."


def test_decisions_without_a_heading() -> None:
    text = HEAD + _item("1.", "Godkendelse af dagsorden", "Beslutning\n\nGodkendt.") + \
        "2. Lukket: Orientering\n\nSagsnr.: 24-001234\n\nOrienteringen blev taget til efterretning.\n\nAfbud: Bo Holm\n\n" + \
        "3. Ny daginstitution\n\nIndstilling\n\nDirektionen indstiller, at bevillingen gives.\n\nByrådet godkendte indstillingen.\n\n" + \
        "4. Lukket: Meddelelser\n\nIntet.\n"
    doc = ingest_text(text)
    assert [i.decision_text for i in doc.items] == [
        "Godkendt.", "Orienteringen blev taget til efterretning.", "Byrådet godkendte indstillingen.", None]
    assert doc.items[2].recommendation_text == "Direktionen indstiller, at bevillingen gives."


def test_a_label_column_layout_reads_headings_beside_their_text() -> None:
    items = "".join(
        f"{k}. Sag nummer {k}\n\nSagsfremstilling Sagen handler om stier.\n\nIndstilling Direktionen indstiller, at "
        f"sagen godkendes.\n\nBeslutning Godkendt.\n\n" for k in (1, 2))
    doc = ingest_text(HEAD + items)
    assert [i.decision_text for i in doc.items] == ["Godkendt.", "Godkendt."]
    assert [s.canonical for s in doc.items[0].sections] == ["Sagsfremstilling", "Indstilling", "Beslutning"]


def test_a_pdf_text_export_loses_its_page_furniture(tmp_path: Path) -> None:
    page = "Teknik- og Miljøudvalget - Referat - 04-03-2024"
    text = HEAD + "".join(
        _item(f"{k}.", f"Sag nummer {k}", "Beslutning\n\nGodkendt.") + f"\n\nSide {k} af 3\n{page}\n\n" for k in (1, 2, 3))
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    doc = ingest(path)
    assert "Side 2 af 3" not in doc.text and page not in doc.text
    assert [i.decision_text for i in doc.items] == ["Godkendt."] * 3


def test_a_web_page_saved_as_text_loses_its_repeated_controls(tmp_path: Path) -> None:
    text = HEAD + "".join(_item(f"{k}.", f"Sag nummer {k}", "Beslutning\n\nGodkendt.") + "Tilbage til toppen\n\n"
                          for k in (1, 2))
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert [i.decision_text for i in ingest(path).items] == ["Godkendt.", "Godkendt."]


def test_an_item_per_page_without_a_number() -> None:
    text = "Kultur- og Fritidsudvalget\n\nNy idrætshal i Ry\n\nSagsfremstilling\n\nHallen skal ligge ved skolen.\n\n" \
           "Indstilling\n\nDirektionen indstiller, at placeringen godkendes.\n\nBeslutning i Kultur- og Fritidsudvalget\n\n" \
           "Godkendt.\n"
    doc = ingest_text(text)
    assert [(i.number, i.title, i.decision_text) for i in doc.items] == [(None, "Ny idrætshal i Ry", "Godkendt.")]


def test_a_status_badge_belongs_to_its_item() -> None:
    text = HEAD + "Åben\n\n" + _item("1.", "Godkendelse af dagsorden", "Beslutning\n\nGodkendt.") + \
        "Lukket\n\n" + _item("2.", "Køb af ejendom", "Beslutning\n\nGodkendt.") + \
        _item("3.", "Vejnavne Åben sag", "Beslutning\n\nGodkendt.")
    doc = ingest_text(text)
    assert [(i.title, i.closed, i.decision_text) for i in doc.items] == [
        ("Godkendelse af dagsorden", False, "Godkendt."), ("Køb af ejendom", True, "Godkendt."),
        ("Vejnavne", False, "Godkendt.")]


def test_ad_opens_an_item_as_punkt_does() -> None:
    text = "Referat fra Seniorrådet den 2. maj 2024\n\n" \
        "Ad 1. Velkomst og dagsorden\n\nBeslutning: Dagsordenen blev godkendt.\n\n" \
        "Ad punkt 2: Trafiksikkerhed ved skolerne\n\nRådet drøftede skolevejene.\n\nBeslutning: Rådet skriver til udvalget.\n\n" \
        "Ad punkt 3\n\nValg til rådet\n\nBeslutning: Valget holdes i efteråret.\n"
    doc = ingest_text(text)
    assert [(i.number, i.title, i.decision_text) for i in doc.items] == [
        (1, "Velkomst og dagsorden", "Dagsordenen blev godkendt."),
        (2, "Trafiksikkerhed ved skolerne", "Rådet skriver til udvalget."),
        (3, "Valg til rådet", "Valget holdes i efteråret.")]


def test_a_word_text_export_with_tab_numbers_and_lines_wrapped_at_a_fixed_width() -> None:
    # items "N.<TAB>Title", the text on the very next line, a numbered list restarting at 1 inside an item
    text = "Referat\n\nBørne- og Ungerådet\n\n" \
        "1.\tValg af ordstyrer\nKonklusion: Mette blev valgt som ordstyrer for resten af året, og hun takkede\nfor valget.\n\n" \
        "2.\tNy legeplads i Vestbyen\nForvaltningen fremlagde tre forslag til en ny legeplads, som er beskrevet i\nbilaget:\n" \
        "1.\tEn naturlegeplads ved søen\n2.\tEn legeplads med klatretårn\n" \
        "Konklusion:\nRådet anbefaler forslag 1 og vil gerne se tegningerne på næste møde inden\nsommerferien.\n\n" \
        "3.\tSkolernes åbningstider i ferierne\nEleverne har spurgt til, om skolernes biblioteker kan holde åbent i\nsommerferien.\n" \
        "Konklusion: Forvaltningen undersøger sagen.\n"
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [
        (1, "Valg af ordstyrer"), (2, "Ny legeplads i Vestbyen"), (3, "Skolernes åbningstider i ferierne")]
    assert [" ".join((i.decision_text or "").split()) for i in doc.items] == [
        "Mette blev valgt som ordstyrer for resten af året, og hun takkede for valget.",
        "Rådet anbefaler forslag 1 og vil gerne se tegningerne på næste møde inden sommerferien.",
        "Forvaltningen undersøger sagen."]


def test_a_title_wrapped_at_the_column_width_still_continues() -> None:
    # the continuation is shorter than the title's first line: the title did wrap
    text = HEAD + "1. Anlægsbevilling til renovering af svømmehallen og omklædningsrummene ved\nKulturcentret\n\n" \
        "Beslutning\n\nGodkendt.\n\n" + _item("2.", "Navngivning af vej", "Beslutning\n\nGodkendt.")
    doc = ingest_text(text)
    assert doc.items[0].title == "Anlægsbevilling til renovering af svømmehallen og omklædningsrummene ved Kulturcentret"


def test_a_conclusion_heads_the_decision_only_where_no_decision_heading_does() -> None:
    own = "Referat fra Integrationsrådet\n\n" + "".join(
        f"{k}. Sag nummer {k}\n\nKonklusion\n\nRådet tager sagen til efterretning.\n\n" for k in (1, 2))
    assert [i.decision_text for i in ingest_text(own).items] == ["Rådet tager sagen til efterretning."] * 2
    analysis = "Analysen viser et fald i ventetiden på alle fire skoler i kommunen i løbet af det seneste skoleår."
    mixed = HEAD + "".join(_item(f"{k}.", f"Sag nummer {k}", "Beslutning\n\nGodkendt.",
                                 case=f"Sagen er en analyse.\n\nKonklusion\n\n{analysis}") for k in (1, 2))
    doc = ingest_text(mixed)
    assert [i.decision_text for i in doc.items] == ["Godkendt.", "Godkendt."]
    assert [s.heading for s in doc.items[0].sections if s.role == "decision"] == ["Beslutning"]


def test_a_label_wrapped_in_its_column_is_one_heading() -> None:
    # pdftotext -layout: the label column's cell wraps, its text stands beside the first line
    def item(k: int) -> str:
        return (f"Pkt. {k}             Sag nummer {k}\n\n"
                f"Sagsfremstilling:    Sagen handler om stier og veje.\n\n"
                f"Indstilling:         Direktionen indstiller, at sagen godkendes.\n\n"
                f"Plan- og            Anbefales.\nBoligudvalgets\nbeslutning:\n\n"
                f"Beslutning:          Godkendt som indstillet.\n\n")
    doc = ingest_text("Byrådet\n\nBeslutningsprotokol\n\n" + item(12) + item(13))
    assert [i.number for i in doc.items] == [12, 13]
    assert [s.heading for s in doc.items[0].sections] == [
        "Sagsfremstilling", "Indstilling", "Plan- og Boligudvalgets beslutning", "Beslutning"]
    assert [i.decision_text for i in doc.items] == ["Godkendt som indstillet.", "Godkendt som indstillet."]


def test_a_table_whose_header_names_the_decision_column(tmp_path: Path) -> None:
    # `Punkt | Sag | Afgørelse`: each decision cell reads as that heading over its text; an empty one is none
    rows = "".join(
        f"<tr><td>{num}</td><td><strong>{title}</strong>{body}</td><td>{decision}</td></tr>"
        for num, title, body, decision in [
            ("Punkt 1.", "Godkendelse af dagsorden", "", "Godkendt."),
            ("2", "Høring om budget", "<p>Budgettet er i høring.</p>", "<p>Rådet afgav høringssvar.</p><p>Se bilag.</p>"),
            ("Punkt 3.", "Eventuelt", "", "")])
    page = ("<html><body><main><h1>Referat fra Handicaprådet</h1><table><thead><tr><th>Punkt</th><th>Sag</th>"
            f"<th>Afgørelse</th></tr></thead><tbody>{rows}</tbody></table></main></body></html>")
    path = tmp_path / "table.html"
    path.write_text(page, encoding="utf-8")
    doc = ingest(path)
    assert [(i.number, i.title) for i in doc.items] == [
        (1, "Godkendelse af dagsorden"), (2, "Høring om budget"), (3, "Eventuelt")]
    assert [" ".join((i.decision_text or "").split()) for i in doc.items] == [
        "Godkendt.", "Rådet afgav høringssvar. Se bilag.", ""]


def test_bare_page_numbers_and_a_running_head_on_the_form_feed_line(tmp_path: Path) -> None:
    # pdftotext -layout: `142` above the break, the running head on the form feed's own line; the numbers keep
    # pace with the breaks, so they go, while an item number alone beside a break stays
    head = "Byrådet, den 14. marts 2011"
    text = "Byrådet\n\nBeslutningsprotokol\n\n" + "".join(
        f"Pkt. {k}     Sag nummer {k}\n\nBeslutning:     Godkendt.\n\n\n              {141 + k}\n\f        {head}\n\n"
        for k in (1, 2, 3)) + "4\n\nSag nummer 4\n\nBeslutning:     Godkendt.\n"
    path = tmp_path / "protokol.txt"
    path.write_text(text, encoding="utf-8")
    doc = ingest(path)
    assert "142" not in doc.text and "144" not in doc.text and head not in doc.text
    assert [(i.number, i.decision_text) for i in doc.items] == [(k, "Godkendt.") for k in (1, 2, 3, 4)]


def test_an_address_footer_or_back_link_ends_the_last_decision() -> None:
    footers = [
        "Hedensted Kommune · Tofteskovvej 3 · 8722 Hedensted · Tlf. 79 75 50 00",
        "Vordingborg Kommune\nValdemarsgade 43\n4760 Vordingborg\nTlf. 55 36 36 36",
        "Tilbage til Børne- og Skoleudvalget",
        "Næste møde: Onsdag den 6. december 2023 kl. 15.00.\n\nReferent: Mona Leth",
    ]
    for footer in footers:
        text = HEAD + _item("1.", "Godkendelse af dagsorden", "Beslutning\n\nGodkendt.") + \
            _item("2.", "Meddelelser", "Beslutning\n\nTaget til efterretning.") + footer + "\n"
        doc = ingest_text(text)
        assert [i.decision_text for i in doc.items] == ["Godkendt.", "Taget til efterretning."], footer
    # one address part alone in a decision is no footer
    text = HEAD + _item("1.", "Flytning af borgerservice", "Beslutning\n\nGodkendt.\n\n4760 Vordingborg")
    assert ingest_text(text).items[0].decision_text == "Godkendt.\n\n4760 Vordingborg"


def test_an_unnumbered_closing_item_after_the_last_numbered_one() -> None:
    text = HEAD + _item("1.", "Godkendelse af dagsorden", "Beslutning\n\nGodkendt.") + \
        _item("2.", "Skolestruktur", "Beslutning: Udsat.") + "Eventuelt\n\nBeslutning: Intet.\n"
    doc = ingest_text(text)
    assert [(i.number, i.title, i.decision_text) for i in doc.items] == [
        (1, "Godkendelse af dagsorden", "Godkendt."), (2, "Skolestruktur", "Udsat."), (None, "Eventuelt", "Intet.")]
