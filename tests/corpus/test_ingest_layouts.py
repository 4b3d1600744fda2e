"""Layouts that are not in the seed corpus, written here as small synthetic minutes."""
from __future__ import annotations

import pytest

from referat.corpus import ingest_text, segment_items
from referat.corpus.lexicon import get as lexicon

CITY_COUNCIL = """Byrådet

Referat fra byrådets møde onsdag den 12. marts 2025 kl. 18:00

Sted: Byrådssalen, Rådhuset

Til stede: Anna Hansen (A), Bo Jensen (V), Carl Nielsen (F), Dorthe Madsen (O)

Afbud: Erik Holm (C), Fie Lund (Ø)

Dagsorden

1. Godkendelse af dagsorden
2. Budget 2026 - tidsplan og proces for budgetlægningen
3. Salg af grund på Havnevej 12

1. Godkendelse af dagsorden

Sagsnr.: 25/1234

Beslutninger

Dagsordenen blev godkendt.

2. Budget 2026 - tidsplan og
proces for budgetlægningen

EMN-2025-003383

Beslutninger

Byrådet godkendte indstillingen med 25 stemmer for (A, F, Ø) mod 6 (V).

Indstilling

Magistraten indstiller, at tidsplanen godkendes.

Sagsfremstilling

Tidsplanen for budget 2026 følger den sædvanlige proces, hvor budgetforslaget førstebehandles i september og vedtages i oktober.

Økonomi

Sagen har ingen økonomiske konsekvenser for kommunen, da der alene er tale om en proces for budgetlægningen.

Sagsforløb

Økonomiudvalget, 3. marts 2025, punkt 4

Beslutning

Anbefales over for byrådet.

Magistraten, 24. februar 2025

Beslutning i Magistraten den 24. februar 2025

Oversendes til Økonomiudvalget.

Bilag

Tidsplan for budget 2026

3. Salg af grund på Havnevej 12

Sagsnr. 2024-012345

Beslutninger

Sagen blev udsat.

Resumé

Forvaltningen foreslår, at grunden sælges ved offentligt udbud med en mindstepris på 4,5 mio. kr.

Sagsforløb

Teknisk Udvalg, 10. februar 2025

Beslutning

Anbefales.

Mødet hævet kl. 20:15
"""


def test_city_council_with_decisions_on_top_and_a_case_history() -> None:
    doc = ingest_text(CITY_COUNCIL, source="byraad.txt")
    assert [(i.number, i.title, i.case_number) for i in doc.items] == [
        (1, "Godkendelse af dagsorden", "25/1234"),
        (2, "Budget 2026 - tidsplan og proces for budgetlægningen", "EMN-2025-003383"),  # wrapped title joined
        (3, "Salg af grund på Havnevej 12", "2024-012345"),
    ]
    # this meeting's decision is the one on top, never one from the Sagsforløb
    assert [i.decision_text for i in doc.items] == [
        "Dagsordenen blev godkendt.",
        "Byrådet godkendte indstillingen med 25 stemmer for (A, F, Ø) mod 6 (V).",
        "Sagen blev udsat.",
    ]
    item2 = doc.items[1]
    assert item2.decision_section.heading == "Beslutninger" and item2.decision_section.canonical == "Beslutning"
    assert [(s.canonical, s.role) for s in item2.sections] == [
        ("Beslutning", "decision"), ("Indstilling", "recommendation"), ("Sagsfremstilling", None), ("Økonomi", None),
        ("Sagsforløb", "history"), ("Bilag", None)]
    history = item2.sections[4]
    assert "Anbefales over for byrådet." in doc.text[history.start:history.end]
    assert "Oversendes til Økonomiudvalget." in doc.text[history.start:history.end]
    assert item2.recommendation_text == "Magistraten indstiller, at tidsplanen godkendes."
    assert item2.section_at(doc.text.index("Anbefales over for")) == "Sagsforløb"
    # the agenda list at the top is not taken for items; the closing line is the trailer
    assert doc.header == (0, doc.items[0].start) and doc.text[doc.items[0].start:].startswith("1. Godkendelse")
    assert doc.items[0].start > doc.text.index("3. Salg af grund")
    assert doc.trailer is not None and doc.text[doc.trailer[0]:].startswith("Mødet hævet")
    m = doc.meeting
    assert (m.body, m.date, m.start_time, m.location) == ("Byrådet", "2025-03-12", "18:00", "Byrådssalen, Rådhuset")
    assert [(p.name, p.party) for p in m.participants] == [
        ("Anna Hansen", "A"), ("Bo Jensen", "V"), ("Carl Nielsen", "F"), ("Dorthe Madsen", "O")]
    assert [(p.name, p.party) for p in m.absent] == [("Erik Holm", "C"), ("Fie Lund", "Ø")]
    assert doc.warnings == []


def test_decision_heading_naming_this_meeting_wins_over_earlier_ones() -> None:
    text = """Økonomiudvalget

Referat af mødet den 3. marts 2025

Punkt 4: Budget 2026

Beslutning i Magistraten den 24. februar 2025

Oversendes til Økonomiudvalget.

Beslutning i Økonomiudvalget den 3. marts 2025

Anbefales over for byrådet.
"""
    doc = ingest_text(text)
    assert doc.items[0].decision_text == "Anbefales over for byrådet."
    assert doc.meeting.body == "Økonomiudvalget" and doc.meeting.date == "2025-03-03"


@pytest.mark.parametrize("toc", [
    "Indholdsfortegnelse\n\nPunkt 1: Godkendelse af dagsorden.......... 2\nPunkt 2: Budget.......... 3\n",
    "Indholdsfortegnelse\n\n| Punkt | Side |\n|---|---|\n| 1. Godkendelse af dagsorden | 2 |\n| 2. Budget | 3 |\n",
    "Dagsorden\n\n1. Godkendelse af dagsorden\t2\n2. Budget\t3\n",
    "Dagsorden\n\nPunkt 1: Godkendelse af dagsorden\nPunkt 2: Budget\n",
    "Indhold\n\n1. Godkendelse af dagsorden    s. 2\n2. Budget    s. 3\n",
])
def test_table_of_contents_is_never_taken_for_items(toc: str) -> None:
    text = f"""Referat fra Socialudvalget den 5. maj 2024

{toc}
Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt.

Punkt 2: Budget

Sagsfremstilling

Budgettet gennemgås af forvaltningen på mødet, og udvalget får en status på det samlede forbrug.

Beslutning

Taget til efterretning.
"""
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [(1, "Godkendelse af dagsorden"), (2, "Budget")]
    assert doc.items[0].start == text.index("Punkt 1: Godkendelse af dagsorden\n\nBeslutning")
    assert [i.decision_text for i in doc.items] == ["Godkendt.", "Taget til efterretning."]


@pytest.mark.parametrize("line, case", [
    ("00.01.00-A00-1-24", "00.01.00-A00-1-24"),
    ("15.04.00P20-1-24", "15.04.00P20-1-24"),
    ("23-005451", "23-005451"),
    ("EMN-2025-003383", "EMN-2025-003383"),
    ("Sagsnr.: 24/12345", "24/12345"),
    ("Sags nr. 2024-012345", "2024-012345"),
    ("Journalnr. 82.02.00-P19-3-23", "82.02.00-P19-3-23"),
])
def test_case_number_forms(line: str, case: str) -> None:
    text = f"Referat\n\nPunkt 3: Lokalplan for Havnen\n\n{line}\n\nBeslutning\n\nGodkendt.\n"
    assert ingest_text(text).items[0].case_number == case


def test_case_number_patterns_are_data() -> None:
    lex = lexicon()
    assert lex.case_line.match("EMN-2025-003383") and not lex.case_line.match("Godkendt.")


def test_unknown_heading_becomes_a_section_and_short_decisions_stay_text() -> None:
    text = """Referat

Punkt 1: Ny cykelsti

Sagsfremstilling

Forvaltningen foreslår en ny cykelsti langs Ringvejen, som skal forbinde bydelene med skolerne.

Trafiksikkerhed og tryghed

Strækningen har haft flere uheld med cyklister de seneste år, og forældre har ønsket en sikker skolevej.

Beslutning

Godkendt

Udvalget ønsker en status på anlægsarbejdet, når det har været i gang i et halvt år, og inden budgetlægningen.
"""
    item = ingest_text(text).items[0]
    assert [(s.heading, s.known, s.parent) for s in item.sections] == [
        ("Sagsfremstilling", True, None), ("Trafiksikkerhed og tryghed", False, "Sagsfremstilling"),
        ("Beslutning", True, None)]
    assert item.decision_text.startswith("Godkendt\n\nUdvalget ønsker en status")


def test_heading_with_inline_text() -> None:
    text = "Referat\n\nPunkt 1: Eventuelt\n\nBeslutning: Intet.\n"
    item = ingest_text(text).items[0]
    assert item.sections[0].heading == "Beslutning" and item.decision_text == "Intet."


def test_numbered_items_need_a_heading_or_case_number_below() -> None:
    text = """Referat fra Kulturudvalget den 1. februar 2024

1. Godkendelse af dagsorden

Beslutning

Godkendt.

2. Status på biblioteker

Sagsfremstilling

Udvalget får status på bibliotekerne. Der er tre hovedpunkter i status:

1. Besøgstallet er steget med 12 procent siden 2022

Det skyldes især de nye åbningstider om søndagen, som har tiltrukket mange børnefamilier.

2. Udlånet af e-bøger falder

Beslutning

Taget til efterretning.
"""
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [(1, "Godkendelse af dagsorden"), (2, "Status på biblioteker")]


def test_absence_notes_and_afbud() -> None:
    text = """Referat fra Børneudvalget den 7. juni 2024 kl. 16.00

Mødested: Lokale 2

Medlemmer: Hans Hansen (V), Grete Jensen (A), Ole Ravn (F)

Fraværende: Grete Jensen (A)

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt.

Ole Ravn (F) deltog ikke i mødet
"""
    m = ingest_text(text).meeting
    assert m.start_time == "16:00" and m.location == "Lokale 2" and m.date == "2024-06-07"
    assert [(p.name, p.party) for p in m.participants] == [("Hans Hansen", "V")]
    assert [(p.name, p.party) for p in m.absent] == [("Grete Jensen", "A"), ("Ole Ravn", "F")]


def test_segment_items_for_the_annotation_tools() -> None:
    assert segment_items(CITY_COUNCIL) == [(i.number, i.start) for i in ingest_text(CITY_COUNCIL).items]


def test_decision_only_in_the_case_history_names_this_meeting() -> None:
    text = """Byrådet

Referat af mødet den 9. april 2025

Punkt 5: Ny skolestruktur

Sagsnr. 25/555

Sagsfremstilling

Forvaltningen har udarbejdet et forslag til en ny skolestruktur med fire overbygningsskoler i kommunen.

Sagsforløb

Beslutning i Børne- og Ungeudvalget den 12. marts 2025

Anbefales.

Beslutning i Byrådet den 9. april 2025

Vedtaget med 19 stemmer mod 6.
"""
    item = ingest_text(text).items[0]
    assert item.decision_text == "Vedtaget med 19 stemmer mod 6."
    assert [s.heading for s in item.earlier_decisions] == [
        "Beslutning i Børne- og Ungeudvalget den 12. marts 2025", "Beslutning i Byrådet den 9. april 2025"]
    assert [s.canonical for s in item.sections] == ["Sagsfremstilling", "Sagsforløb"]


def test_numbered_names_with_party_letters_and_prose_are_not_items() -> None:
    text = """Referat fra Økonomiudvalget den 2. maj 2024

Punkt 1: Valg af formand

Sagsfremstilling

Følgende medlemmer blev foreslået og stillede op ved valget på det konstituerende møde i udvalget:

1. Anna Hansen (B)

2. Ole Berg (O)

Punkt 2. i indstillingen blev ændret på mødet, så valget gælder for hele valgperioden frem til 2025.

Beslutning

Anna Hansen blev valgt.

Punkt 2: Eventuelt

Beslutning

Intet.
"""
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [(1, "Valg af formand"), (2, "Eventuelt")]
    assert doc.items[0].decision_text == "Anna Hansen blev valgt."


def test_case_number_in_the_title_and_possessive_decision_heading() -> None:
    text = """Borgerrepræsentationen

Referat fra mødet torsdag den 6. juni 2024 kl. 17.30

1. Valg af medlem til Økonomiudvalget (2024-0123456)

Borgerrepræsentationens beslutning

Borgerrepræsentationen valgte Anna Hansen (A).

Problemstilling

Et medlem af Økonomiudvalget er udtrådt, og der skal vælges et nyt medlem for resten af valgperioden.

2. Lokalplan for Grønttorvet (2023-0987654)

Indstilling og beslutning

Teknik- og Miljøudvalget indstiller, at lokalplanen vedtages endeligt.

Borgerrepræsentationens beslutning

Indstillingen blev godkendt uden afstemning.
"""
    doc = ingest_text(text)
    assert [(i.number, i.title, i.case_number) for i in doc.items] == [
        (1, "Valg af medlem til Økonomiudvalget", "2024-0123456"),
        (2, "Lokalplan for Grønttorvet", "2023-0987654")]
    assert [i.decision_text for i in doc.items] == [
        "Borgerrepræsentationen valgte Anna Hansen (A).", "Indstillingen blev godkendt uden afstemning."]
    assert doc.items[1].recommendation_text == "Teknik- og Miljøudvalget indstiller, at lokalplanen vedtages endeligt."
    assert doc.meeting.body == "Borgerrepræsentationen" and doc.meeting.start_time == "17:30"


def test_open_and_closed_status_on_the_item_line_or_below_it() -> None:
    text = """Referat fra Kommunalbestyrelsen den 28. august 2024

1 (Åben) Meddelelser fra borgmesteren

Beslutning

Taget til efterretning.

2 (Lukket) Køb af ejendom

Beslutning

Godkendt.

Punkt 3: Salg af jord

Lukket punkt

Sagsnr. 24/3030

Beslutning

Godkendt.
"""
    doc = ingest_text(text)
    assert [(i.number, i.title, i.closed) for i in doc.items] == [
        (1, "Meddelelser fra borgmesteren", False), (2, "Køb af ejendom", True), (3, "Salg af jord", True)]
    assert doc.items[2].case_number == "24/3030"


def test_markdown_export() -> None:
    text = """# Referat fra Miljøudvalget den 3. oktober 2024

## Punkt 1: Godkendelse af dagsorden

**Beslutning**

Godkendt.

## Punkt 2: Status på affaldssortering

### Sagsfremstilling

Sorteringen af madaffald er indført i alle boligområder, og mængden af restaffald er faldet med 18 procent.

### Beslutning

Taget til efterretning.
"""
    doc = ingest_text(text)
    assert [(i.number, i.title) for i in doc.items] == [(1, "Godkendelse af dagsorden"), (2, "Status på affaldssortering")]
    assert [s.heading for s in doc.items[0].sections] == ["Beslutning"]
    assert [i.decision_text for i in doc.items] == ["Godkendt.", "Taget til efterretning."]
    assert doc.meeting.body == "Miljøudvalget" and doc.meeting.date == "2024-10-03"


def test_short_date_afbud_fra_and_case_number_at_the_end_of_the_title_line() -> None:
    doc = ingest_text("Referat d. 6/9 2023\n\nAfbud fra: Hans Hansen (V)\n\n"
                      "1. Godkendelse af dagsorden      24/1234\n\nBeslutning\n\nGodkendt.\n")
    assert doc.meeting.date == "2023-09-06" and doc.meeting.body is None
    assert [(p.name, p.party) for p in doc.meeting.absent] == [("Hans Hansen", "V")]
    assert [(i.title, i.case_number) for i in doc.items] == [("Godkendelse af dagsorden", "24/1234")]
