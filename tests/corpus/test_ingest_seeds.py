"""The five seed minutes: items, case numbers, decisions and attendance, checked by hand.

Every expected value below was read off the document itself (corpus/raw/*.txt),
not copied from the parser's output.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from referat.corpus import IngestedDocument, ingest
from referat.schema import Person

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"
SEEDS = sorted(p.name for p in RAW.glob("*.txt"))

# (number, title, case number, closed, start of the decision text or None)
EXPECTED_ITEMS = {
    "albertslund-ebu-2024-03-18.txt": [
        (1, "EBU - Godkendelse af dagsorden", "00.01.00-A00-1-24", False, "Tiltrådte indstillingen"),
        (2, "EBU - Gennemgang af økonomien og sammenhænge på beskæftigelsesområdet", "00.32.00-A00-6-24", False,
         "Tiltrådte indstillingen.\n\nOplægget inklusiv spørgsmål og svar vedlægges referatet."),
        (3, "EBU - Projekt med sygemeldte dagpengemodtagere", "15.00.00-A00-1-24", False, "Tiltrådte indstillingen"),
        (4, "EBU - Status på beskæftigelse", "15.00.15-A00-1-24", False, "Tiltrådte indstillingen"),
        (5, "EBU - Status på uddannelsesvejledning og indsats ved frafald", "17.27.00-A00-2-24", False,
         "Tiltrådte indstillingen"),
        (6, "EBU - Orientering fra formanden", "00.00.00-A26-10-22", False, "Tiltrådte indstillingen"),
        (7, "EBU - Orientering fra By, Kultur, Miljø & Beskæftigelse", "00.00.00-A26-9-22", False,
         "Tiltrådte indstillingen"),
        (8, "EBU - Eventuelt", "00.00.00-A26-11-22", False, "Intet"),
        (9, "Underskriftsblad", "00.00.00-A26-12-22", False, "Formand Lars Gravgaard Hansen (C)"),
    ],
    "lejre-jai-2023-09-06.txt": [
        (1, "JAI - Godkendelse af dagsorden", None, False, "Godkendt"),
        (2, "JAI - Implementering af Beskæftigelsespolitik for Lejre kommune", "23-005451", False,
         "Taget til efterretning.\n\nPræsentationen på mødet vedlægges som bilag til referatet."),
        (3, "JAI - Kvartalsbog september 2023", "23-003578", False,
         "Indstillingerne tiltrådt med den bemærkning, at det undersøges, om afslutningsårsager kan differentieres"),
        (4, "JAI - Orientering om status på området for Særlig Tilrettelagt Ungdomsuddannelse", "23-005652", False,
         "Taget til efterretning."),
        (5, "JAI - Eventuelt", None, False, "Intet under dette punkt."),
        (6, "JAI - Godkendelse af referat", None, False, None),
    ],
    "herlev-amu-2025-02-26.txt": [
        (11, "Status på IPS-projekt", "15.04.00P20-1-24", False, "Raget til efterretning."),
        (12, "Indsatser på ungeområdet", "00.01.00G01-2-25", False,
         "Taget til efterretning.\n\nOplæg vist på mødet bilægges referatet."),
        (13, "Tilsagn til puljen Ledige over 50 år", "00.01.00G01-7-25", False, "Ad 1.: Tilrådt.\n\nAd 2.: Tilrådt."),
        (14, "Statistik på beskæftigelsesområdet", "00.01.00G01-124-24", False, "Taget til efterretning."),
        (15, "Meddelelser - Åbent møde", "00.17.00A00-1-21", False, "Intet."),
        (16, "Meddelelser - Lukket møde", "00.17.00A00-1-21", True, None),
        (17, "Eventuelt", "00.22.00P35-1-21", True, None),
        (18, "Underskriftsblad", "00.22.00P35-1-21", False, "Protokollen blev underskrevet."),
    ],
    "albertslund-ebu-2019-02-25.txt": [
        (1, "EBU - Erhvervsstrategi, 1. udkast", "24.10.00-P22-1-17", False,
         "Tiltrådte indstillingen, idet input vil indgå i det videre arbejde."),
        (2, "EBU/ØU/KB - Flere i fleksjob (bevilling)", "15.20.24-Ø39-1-18", False, "Tiltrådte indstillingen."),
        (3, "EBU/ØU/KB - Implementering af ny beskæftigelseslovgivning (bevilling)", "15.00.00-Ø39-1-18", False,
         "Tiltrådte indstillingen."),
        (4, "EBU/ØU/KB - Indsats for jobparate kontanthjælpsmodtagere (bevilling)", "15.00.00-Ø39-2-18", False,
         "Tiltrådte indstillingen."),
        (5, "EBU/ØU/KB - Samarbejde med a-kasser om bedre match (bevilling)", "15.00.00-Ø39-3-18", False,
         "Tiltrådte indstillingen."),
        (6, "EBU/ØU/KB - Nyt erhvervsfremmesystem - betydning for hovedstadskommunerne", "24.10.00-A21-1-18", False,
         "Tiltrådte indstillingen, idet der bakked op om hovedprioriteterne med et særligt fokus på kommunikation."),
        (7, "EBU - Orientering fra formanden", "00.00.00-P35-2-16", False,
         "Tiltrådte indstillingen, idet punkt B drøftes på et kommende møde."),
        (8, "EBU - Orientering fra By, Kultur, Miljø & Beskæftigelse", "00.00.00-P35-1-16", False,
         "Tiltrådte indstillingen."),
        (9, "EBU - Eventuelt", "00.00.00-P35-11-16", False, "Intet."),
    ],
    "slagelse-ebu-2024-01-15.txt": [
        (1, "Godkendelse af dagsorden", None, False, "At 1: Godkendt."),
        (2, "Nytænkning af beskæftigelsesindsatsen", None, False,
         "At 1: Taget til orientering, idet udvalget bemærker, at vi skal undgå"),
        (3, "Indgået aftale om social investering", None, False, "At 1. Taget til orientering."),
        (4, "Gensidig orientering", None, False, "At 1: Taget til orientering."),
        (5, "Input til kommende møder", None, False, "At 1: Ingen bemærkninger."),
        (6, "Godkendelse af referat", None, False, "At 1: Godkendt."),
    ],
}

EXPECTED_MEETING = {
    "albertslund-ebu-2024-03-18.txt": dict(
        body="Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner", date="2024-03-18",
        start_time="16:30", location="Lokale 1, Rådhuset",
        # the signature list of item 9; Tina Bodholdt-Nielsen did not take part
        participants=[("Lars Gravgaard Hansen", "C"), ("Tina Graugaard", "C"), ("Dogan Polat", "A"),
                      ("Mikkel Skovby", "L"), ("Resul Küçükakin", "F"), ("Hediye Temiz", "B")],
        absent=[("Tina Bodholdt-Nielsen", "Æ")]),
    "lejre-jai-2023-09-06.txt": dict(
        body="Udvalget for Job, Arbejdsmarked og Integration", date="2023-09-06", start_time="16:30",
        location="Mødelokale 2, Allerslev",
        participants=[("Ole Blickfeldt", None), ("Connie B. Jensen", None), ("Klaus Kristiansen", None),
                      ("Bjørn Lykke Sørensen", None), ("Peter Olsen", None), ("Claus Jørgensen", None)],
        absent=[]),
    "herlev-amu-2025-02-26.txt": dict(
        body="Arbejdsmarkedsudvalget", date="2025-02-26", start_time="19:00", location="Muldvarp, Rådhus Hjortespring",
        participants=[("Maria Mankov", "A"), ("Arly Eskildsen", "F"), ("Bo Zabel", "A"), ("Dorte Vilhelmsen", "C"),
                      ("Ibrahim Benli", "Ø"), ("Jacob Aagesen", "C"), ("Conni Rosendahl Jensen", "A")],
        absent=[]),
    "albertslund-ebu-2019-02-25.txt": dict(
        body="Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner", date="2019-02-25",
        start_time="17:15", location="Lokale 1, forhallen", participants=[], absent=[]),
    "slagelse-ebu-2024-01-15.txt": dict(
        body="Erhvervs-, Beskæftigelses- og Uddannelsesudvalget", date="2024-01-15", start_time=None,
        location=None, participants=[], absent=[]),
}


@pytest.fixture(scope="module")
def docs() -> dict[str, IngestedDocument]:
    return {name: ingest(RAW / name) for name in SEEDS}


def test_all_five_seeds_are_covered() -> None:
    assert sorted(EXPECTED_ITEMS) == SEEDS == sorted(EXPECTED_MEETING)


@pytest.mark.parametrize("name", SEEDS)
def test_items(docs: dict[str, IngestedDocument], name: str) -> None:
    doc = docs[name]
    got = [(i.number, i.title, i.case_number, i.closed) for i in doc.items]
    assert got == [e[:4] for e in EXPECTED_ITEMS[name]]
    for item, expected in zip(doc.items, EXPECTED_ITEMS[name]):
        start = expected[4]
        if start is None:
            assert item.decision_text is None, item.title
        else:
            assert item.decision_text is not None and item.decision_text.startswith(start), item.title
    assert doc.warnings == []


@pytest.mark.parametrize("name", SEEDS)
def test_meeting_and_attendance(docs: dict[str, IngestedDocument], name: str) -> None:
    meeting = docs[name].meeting
    expected = EXPECTED_MEETING[name]
    assert meeting.body == expected["body"]
    assert meeting.date == expected["date"]
    assert meeting.start_time == expected["start_time"]
    assert meeting.location == expected["location"]
    assert meeting.participants == [Person(name=n, party=p) for n, p in expected["participants"]]
    assert meeting.absent == [Person(name=n, party=p) for n, p in expected["absent"]]


@pytest.mark.parametrize("name", SEEDS)
def test_txt_text_is_the_file_itself(docs: dict[str, IngestedDocument], name: str) -> None:
    """Gold offsets point into corpus/raw/*.txt: the ingested text must be that file's text."""
    raw = (RAW / name).read_bytes().decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    assert docs[name].text == raw
    assert docs[name].kind == "txt"


@pytest.mark.parametrize("name", SEEDS)
def test_every_character_belongs_to_header_item_or_trailer(docs: dict[str, IngestedDocument], name: str) -> None:
    doc = docs[name]
    segments = doc.segments()
    assert segments[0][2] == 0 and segments[-1][3] == len(doc.text)
    for (_, _, _, end), (_, _, start, _) in zip(segments, segments[1:]):
        assert end == start
    for item in doc.items:
        assert item.start < item.end
        previous_end = None
        for section in item.sections:
            assert item.start <= section.start < section.body_start <= section.end <= item.end
            if previous_end is not None:
                assert section.start == previous_end  # sections tile the item after its head
            previous_end = section.end
        if item.sections:
            assert item.sections[-1].end == item.end


@pytest.mark.parametrize("name", SEEDS)
def test_offsets_point_at_what_they_name(docs: dict[str, IngestedDocument], name: str) -> None:
    doc = docs[name]
    for item in doc.items:
        assert doc.text[item.start:item.end].lstrip().startswith(("Punkt", str(item.number)))
        assert item.title in " ".join(doc.text[item.start:item.title_end].split())
        for section in item.sections:
            assert doc.text[section.start:section.body_start].strip().rstrip(":") == section.heading
            assert item.section_at(section.start) == section.heading
            assert item.section_at(section.end - 1) == section.heading
        if item.decision_section is not None:
            assert item.decision_section.canonical == "Beslutning"
            assert item.decision_text.split("\n")[0] in doc.text[item.decision_section.body_start:item.decision_section.end]


def test_table_of_contents_is_not_taken_for_items(docs: dict[str, IngestedDocument]) -> None:
    for name, doc in docs.items():
        first = doc.items[0].start
        header = doc.text[:first]
        if "Indholdsfortegnelse" in header:
            assert doc.header == (0, first)
            assert all(item.start >= header.index("Indholdsfortegnelse") for item in doc.items)
    herlev = docs["herlev-amu-2025-02-26.txt"]
    assert [i.number for i in herlev.items] == list(range(11, 19))  # not the 8 table rows of the TOC


def test_sections_of_a_herlev_item(docs: dict[str, IngestedDocument]) -> None:
    item = docs["herlev-amu-2025-02-26.txt"].items[0]
    known = [(s.heading, s.canonical) for s in item.sections if s.known]
    assert known == [("Resume", "Resume"), ("Indstilling", "Indstilling"), ("Sagsfremstilling", "Sagsfremstilling"),
                     ("Lovgrundlag", "Lovgrundlag"), ("Økonomi", "Økonomi"),
                     ("Beslutningskompetence", "Beslutningskompetence"), ("Beslutning", "Beslutning")]
    assert item.recommendation_text == "Forvaltningen indstiller\n\nat orienteringen tages til efterretning."
    text = docs["herlev-amu-2025-02-26.txt"].text
    amount = text.index("2.580.700 kr.")
    assert item.section_at(amount) == "Økonomi"


def test_canonical_names_of_other_wordings(docs: dict[str, IngestedDocument]) -> None:
    lejre = docs["lejre-jai-2023-09-06.txt"].items[1]
    assert [s.heading for s in lejre.sections if s.known][:5] == [
        "Beslutning", "Resumé", "Indstilling", "Beslutningskompetence", "Sagsfremstilling"]
    assert lejre.sections[1].canonical == "Resume"
    slagelse = docs["slagelse-ebu-2024-01-15.txt"].items[1]
    canon = {s.heading: s.canonical for s in slagelse.sections}
    assert canon["Sagens indhold"] == "Sagsfremstilling"
    assert canon["Kompetence"] == "Beslutningskompetence"
    assert canon["Retligt grundlag"] == "Lovgrundlag"
    assert canon["Økonomiske og personalemæssige konsekvenser"] == "Økonomi"
    assert slagelse.marker == "O" and docs["slagelse-ebu-2024-01-15.txt"].items[0].marker == "B"


def test_unknown_headings_become_sections(docs: dict[str, IngestedDocument]) -> None:
    item = docs["albertslund-ebu-2024-03-18.txt"].items[3]  # Status på beskæftigelse
    unknown = [(s.heading, s.parent) for s in item.sections if not s.known]
    assert unknown == [("Samtaler", "Sagsfremstilling"), ("Virksomhedsservice", "Sagsfremstilling"),
                       ("Tværgående samarbejde", "Sagsfremstilling")]
    # a short decision such as "Tiltrådte indstillingen" is never a heading
    assert [s.heading for s in item.sections if s.known] == ["Anledning", "Sagsfremstilling", "Indstilling", "Beslutning"]


def test_numbered_lines_inside_an_item_are_not_items(docs: dict[str, IngestedDocument]) -> None:
    """Slagelse item 2 has `2. Forsørgelsesperioden ...`, `3. Unge skal ...` and `4. Vi går den digitale vej`."""
    doc = docs["slagelse-ebu-2024-01-15.txt"]
    item2 = doc.items[1]
    body = doc.text[item2.start:item2.end]
    assert "4. Vi går den digitale vej" in body and "3. Unge skal fastholdes" in body


def test_albertslund_decision_text_leaves_out_the_absence_note(docs: dict[str, IngestedDocument]) -> None:
    item = docs["albertslund-ebu-2024-03-18.txt"].items[0]
    assert item.decision_text == "Tiltrådte indstillingen"
    body = docs["albertslund-ebu-2024-03-18.txt"].text[item.decision_section.body_start:item.decision_section.end]
    assert "deltog ikke i mødet" in body  # still in the section and its offsets


def test_duplicate_heading_is_kept_and_recommendation_found(docs: dict[str, IngestedDocument]) -> None:
    item = docs["albertslund-ebu-2024-03-18.txt"].items[2]  # "Indstilling" printed twice
    assert [s.heading for s in item.sections].count("Indstilling") == 2
    assert item.recommendation_text.startswith("Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller")
