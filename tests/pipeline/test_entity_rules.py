"""referat_entity_rules and referat_normaliser on sentences from the seed
minutes (corpus/raw) and on the forms the annotation scheme names: what must
be found with its exact span, what must not, and how the component combines
with entities set before it."""
import json
import subprocess
import sys
from datetime import date

import pytest
import spacy
from spacy.tokens import Span

from referat.pipeline.components import rules_only_pipeline
from referat.pipeline import resources as lexicon


@pytest.fixture(scope="module")
def nlp(rules_pipeline):
    return rules_pipeline  # rules_only_pipeline(), built once per session (conftest.py)


def ents(nlp, text, label=None):
    doc = nlp(text)
    return [(e.text, e.label_) for e in doc.ents if label is None or e.label_ == label]


# ----------------------------------------------------------------------- found

FOUND = [
    # AMOUNT
    ("Budgettet i år 2024 er samlet på 566,2 mio. kr.", [("2024", "DATE"), ("566,2 mio. kr.", "AMOUNT")]),
    (
        "Tilskuddet fordeles med -997.200 kr. til Social-psykiatriske Tilbud og med -1.583.500 kr. til beskæftigelsesområdet.",
        [("-997.200 kr.", "AMOUNT"), ("-1.583.500 kr.", "AMOUNT")],
    ),
    (
        "Herlev Kommunes egenfinansiering hertil er opgjort til 4.934.000 kr., svarende til 66 % af de samlede udgifter på 7.517.700 kr.",
        [("Herlev Kommunes", "PARTY"), ("4.934.000 kr.", "AMOUNT"), ("7.517.700 kr.", "AMOUNT")],
    ),
    (
        "Over hele perioden fra marts 2022 til og med november 2023 er der sparet 389 måneders ydelse svarende til ca. 4,2 mio. kr. 57 ud af de 87 borgere har haft én eller flere måneder med selvforsørgelse i perioden.",
        [("marts 2022", "DATE"), ("november 2023", "DATE"), ("4,2 mio. kr.", "AMOUNT")],
    ),
    ("Der ydes et tilskud på kr. 1.500,- pr. deltager.", [("kr. 1.500,-", "AMOUNT")]),
    ("Rammen er 2-3 mio. kr. om året og 50.000 euro fra EU.", [("2-3 mio. kr.", "AMOUNT"), ("50.000 euro", "AMOUNT")]),
    ("Anlægget koster 2,6 mia. kr. og driften 500 t.kr. årligt.", [("2,6 mia. kr.", "AMOUNT"), ("500 t.kr.", "AMOUNT")]),
    (
        "Slagelse Kommune skal tilvejebringe en budgetbesparelse på 16 millioner kr. på det samlede område.",
        [("Slagelse Kommune", "PARTY"), ("16 millioner kr.", "AMOUNT")],
    ),
    ("Overstiger kommunens budgetforbedringer 6.834.966 kr. beholder kommunen 100 % af dem.", [("6.834.966 kr.", "AMOUNT")]),
    # DATE
    ("Mødedato Onsdag d. 26. februar 2025 kl. 19:00", [("26. februar 2025", "DATE")]),
    ("REFERAT Arbejdsmarkedsudvalget 2022-2025 d. 26-02-2025", [("Arbejdsmarkedsudvalget", "PARTY"), ("26-02-2025", "DATE")]),
    ("Det gik i gang den 1. august 2023 og har til formål at hjælpe.", [("1. august 2023", "DATE")]),
    (
        "Projektet blev startet i foråret 2024 og har således været i gang i lidt under et år. Projektet løber til december 2026.",
        [("foråret 2024", "DATE"), ("december 2026", "DATE")],
    ),
    ("Forvaltningen forventer, at samarbejdet starter i første halvår af 2025.", [("første halvår af 2025", "DATE")]),
    ("I andet halvår 2023 blev der gennemført en opkvalificering.", [("andet halvår 2023", "DATE")]),
    ("På dette møde har status form af kvartalsbogen med resultater for første kvartal 2023.", [("første kvartal 2023", "DATE")]),
    ("Andelen er faldet fra 4. kvartal 2022 til 1. kvartal 2023.", [("4. kvartal 2022", "DATE"), ("1. kvartal 2023", "DATE")]),
    ("Projektet opstartes den 28. januar 2025.", [("28. januar 2025", "DATE")]),
    ("Seminaret holdes den 28. januar på rådhuset.", [("28. januar", "DATE")]),
    ("Der er pr. medio januar 2025 - 22 deltagere i gruppe et.", [("medio januar 2025", "DATE")]),
    (
        "Antallet af ledige har været stigende i sidste halvdel af 2023 og i 2024.",
        [("sidste halvdel af 2023", "DATE"), ("2024", "DATE")],
    ),
    (
        "Forventningerne til væksten i 2025 vil være på 3% i 2025 og derefter falde til 1,7% i 2026.",
        [("2025", "DATE"), ("2025", "DATE"), ("2026", "DATE")],
    ),
    ("Beskæftigelsen udvikler sig svagt i 2025 og 2026.", [("2025", "DATE"), ("2026", "DATE")]),
    ("Ligeledes har vi i 2023/2024 igangsat et forløb.", [("2023/2024", "DATE")]),
    ("Strategien gælder for perioden 2019-2024.", [("2019-2024", "DATE")]),
    ("Projektet løber i perioden januar 2025 frem til december 2026.", [("januar 2025", "DATE"), ("december 2026", "DATE")]),
    ("Regnskabet for 2024 viser et mindreforbrug.", [("2024", "DATE")]),
    ("I regnskabsåret 2024 blev der brugt mere.", [("2024", "DATE")]),
    ("Det fremgår af en undersøgelse fra VIVE (2023).", [("VIVE", "PARTY"), ("2023", "DATE")]),
    ("Ansøgningen skal være modtaget i uge 41.", [("uge 41", "DATE")]),
    ("Byggeriet forventes afsluttet ultimo 2025.", [("ultimo 2025", "DATE")]),
    ("Det er baseret på input fra møderne d. 27.august og d. 17.september.", [("27.august", "DATE"), ("17.september", "DATE")]),
    # PARTY
    ("Tina Bodholdt-Nielsen (Æ) deltog ikke i mødet", [("Æ", "PARTY")]),
    (
        "Mødedeltagere Maria Mankov (A), Arly Eskildsen (F), Dorte Vilhelmsen (C), Ibrahim Benli (Ø)",
        [("A", "PARTY"), ("F", "PARTY"), ("C", "PARTY"), ("Ø", "PARTY")],
    ),
    ("Formand Lars Gravgaard Hansen (C)", [("C", "PARTY")]),
    (
        "Styrelsen for Arbejdsmarked og Rekruttering (STAR) har udmeldt Pulje til Udvikling i fleksjob II.",
        [
            ("Styrelsen for Arbejdsmarked og Rekruttering", "PARTY"),
            ("STAR", "PARTY"),
            ("Pulje til Udvikling i fleksjob II", "PROJECT"),
        ],
    ),
    (
        'Jobcenter Albertslund har fået tilsagn på 1.163.800 kr. til gennemførelse af projekt "Motivation som drivkraft til job" fra Styrelsen for Arbejdsmarked og Rekruttering.',
        [
            ("Jobcenter Albertslund", "PARTY"),
            ("1.163.800 kr.", "AMOUNT"),
            ("Motivation som drivkraft til job", "PROJECT"),
            ("Styrelsen for Arbejdsmarked og Rekruttering", "PARTY"),
        ],
    ),
    ("Ansøgningen er udarbejdet sammen med 3F's a-kasse.", [("3F's a-kasse", "PARTY")]),
    ("Medlemmerne af 3F's afdeling deltog.", [("3F's", "PARTY")]),
    ("Samarbejdet med Psykiatrisk Center Ballerup er endnu ikke påbegyndt.", [("Psykiatrisk Center Ballerup", "PARTY")]),
    (
        "Resultaterne sendes til kommunerne i Region Hovedstaden og Region Sjælland i november 2026.",
        [("Region Hovedstaden", "PARTY"), ("Region Sjælland", "PARTY"), ("november 2026", "DATE")],
    ),
    (
        'Herlev kommune er sammen med Gladsaxe, Gentofte, København, Taarnby, Brøndby, Furesø, Hørsholm og Hillerød kommuner gået sammen om at ansøge STAR-puljen "Ledige over 50 år" til gennemførelse af projektet Senior Advisory Board.',
        [("Herlev kommune", "PARTY"), ("Ledige over 50 år", "PROJECT"), ("Senior Advisory Board", "PROJECT")],
    ),
    (
        "Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner præsenteres for en gennemgang.",
        [("Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner", "PARTY")],
    ),
    (
        "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget orienteres om aftalen.",
        [("Erhvervs-, Beskæftigelses- og Uddannelsesudvalget", "PARTY")],
    ),
    ("Sagen behandles i Teknisk Udvalg og Økonomiudvalget.", [("Teknisk Udvalg", "PARTY"), ("Økonomiudvalget", "PARTY")]),
    (
        "Slagelse Kommunes Byråd har i budgetforliget 2024-2027 beskrevet visionerne.",
        [("Slagelse Kommunes Byråd", "PARTY")],
    ),
    ("Sagen afgøres af Aarhus Byråd efter indstilling fra Magistraten.", [("Aarhus Byråd", "PARTY"), ("Magistraten", "PARTY")]),
    (
        "Magistratsafdelingen for Teknik og Miljø har udarbejdet notatet.",
        [("Magistratsafdelingen for Teknik og Miljø", "PARTY")],
    ),
    (
        "Den første aftale er indgået, idet Den Sociale Investeringsfond (DSI) har givet tilsagn.",
        [("Den Sociale Investeringsfond", "PARTY"), ("DSI", "PARTY")],
    ),
    (
        "Slagelse Kommune har indgået aftale med Sundinvest om at være udfører.",
        [("Slagelse Kommune", "PARTY"), ("Sundinvest", "PARTY")],
    ),
    ("Heraf bliver 2.140.000 kr. anvendt til Konsulenthuset Ballisager.", [("2.140.000 kr.", "AMOUNT"), ("Konsulenthuset Ballisager", "PARTY")]),
    ("Eleverne fra Ravnbakkeskolen og Hårup Skole deltager.", [("Ravnbakkeskolen", "PARTY"), ("Hårup Skole", "PARTY")]),
    ("Enheden Uddannelse & Job i Borger & Arbejdsmarked er ansvarlig.", [("Uddannelse & Job", "PARTY"), ("Borger & Arbejdsmarked", "PARTY")]),
    (
        "Socialistisk Folkepartis forslag blev nedstemt; SF og DD stemte imod, KL var høringspart.",
        [("Socialistisk Folkepartis", "PARTY"), ("SF", "PARTY"), ("DD", "PARTY"), ("KL", "PARTY")],
    ),
    ("I Økonomiministeriets redegørelse fra Økonomiministeriet står det.", [("Økonomiministeriets", "PARTY"), ("Økonomiministeriet", "PARTY")]),
    (
        "Det sker i hele Center for Job og Social (CJS), som sikrer samspillet. Planen viser indsatser på tværs i CJS.",
        [("Center for Job og Social", "PARTY"), ("CJS", "PARTY"), ("CJS", "PARTY")],
    ),
    ("Kontrakten er indgået med Byggeriet Nord A/S om driften.", [("Byggeriet Nord A/S", "PARTY")]),
    ("I 2023 har der været 2023 kontakter.", [("2023", "DATE")]),
    # forms from other municipalities and publishing systems
    ("Et flertal (A, F og Ø) stemte for forslaget.", [("A", "PARTY"), ("F", "PARTY"), ("Ø", "PARTY")]),
    ("For stemte: A, B og Ø, imod stemte V.", [("A", "PARTY"), ("B", "PARTY"), ("Ø", "PARTY")]),
    ("Til stede: Lars von Hansen (V) og Maj Britt Holm (Å).", [("V", "PARTY"), ("Å", "PARTY")]),
    (
        "Beskæftigelses- og Integrationsforvaltningen indstiller, at Økonomiudvalget anbefaler Byrådet at godkende sagen.",
        [("Beskæftigelses- og Integrationsforvaltningen", "PARTY"), ("Økonomiudvalget", "PARTY")],
    ),
    ("Sagen behandles i Børne- og Ungeudvalget og Borgerrepræsentationen.", [("Børne- og Ungeudvalget", "PARTY"), ("Borgerrepræsentationen", "PARTY")]),
    ("Sagen blev behandlet 12/3-2024 og igen 1.12.2023.", [("12/3-2024", "DATE"), ("1.12.2023", "DATE")]),
    ("Udgifterne i budgetperioden 2025-2028 stiger.", [("2025-2028", "DATE")]),
    ("Byggeriet er færdigt i 3. kvartal 2025 eller Q4 2025.", [("3. kvartal 2025", "DATE"), ("Q4 2025", "DATE")]),
    ("Mellem 2019 og 2024 steg antallet.", [("2019", "DATE"), ("2024", "DATE")]),
    ("Region Midtjyllands psykiatri samarbejder med Aarhus Kommunes jobcenter.", [("Region Midtjyllands", "PARTY"), ("Aarhus Kommunes", "PARTY")]),
    ("Projektet Ny Start i Jobcenter Aarhus løber videre.", [("Ny Start", "PROJECT"), ("Jobcenter Aarhus", "PARTY")]),
    ("Corona-puljen gav 3.500 DKK pr. deltager og 1,2 mio. kroner i alt.", [("Corona-puljen", "PROJECT"), ("3.500 DKK", "AMOUNT"), ("1,2 mio. kroner", "AMOUNT")]),
    # PROJECT
    ("IPS-projektet skal styrke samarbejdet på tværs af psykiatri.", [("IPS-projektet", "PROJECT")]),
    ("Status på IPS-projekt", [("IPS-projekt", "PROJECT")]),
    (
        "Erfaringerne fra det specialiserede tilbud Projekt 180 grader, skal køre videre.",
        [("Projekt 180 grader", "PROJECT")],
    ),
    (
        "Projektet har skiftet navn til ”Vejen til job og uddannelse” og har til formål at gøre borgere klar.",
        [("Vejen til job og uddannelse", "PROJECT")],
    ),
    # PARTY: a comma list before a coordinated compound; a list name ends in a field word in lower case;
    # a local branch (name + place); institution and head-first shapes; national names
    ("Sagen er sendt i høring i Skole, Børne- og Ungeudvalget og i Handicaprådet.",
     [("Skole, Børne- og Ungeudvalget", "PARTY"), ("Handicaprådet", "PARTY")]),
    ("Byrådet, Børne- og Ungeudvalget og direktionen drøftede sagen.", [("Børne- og Ungeudvalget", "PARTY")]),
    ("Opgaven løses af Center for Børn og familier i samarbejde med skolerne.", [("Center for Børn og familier", "PARTY")]),
    ("Center for Teknik og Miljø og Center for Økonomi og drøftede sagen.",
     [("Center for Teknik og Miljø", "PARTY"), ("Center for Økonomi", "PARTY")]),
    ("Ansøgningen kom fra DN Roskilde og Ældre Sagen Køge.", [("DN Roskilde", "PARTY"), ("Ældre Sagen Køge", "PARTY")]),
    ("Udtalelse fra DN Greve Kommune.", [("DN", "PARTY"), ("Greve Kommune", "PARTY")]),
    ("Aftalen indgås med Holbæk Museum og Klub Nordlyset.", [("Holbæk Museum", "PARTY"), ("Klub Nordlyset", "PARTY")]),
    ("Lånet optages i Sydbank, og KAB administrerer boligerne.", [("Sydbank", "PARTY"), ("KAB", "PARTY")]),
    # PARTY: a coordinated committee name as typed in a hurry is still one name
    ("Sagen sendes til Sundhed og Omsorgsudvalget og til Skole-, Børne - og Ungeudvalget.",
     [("Sundhed og Omsorgsudvalget", "PARTY"), ("Skole-, Børne - og Ungeudvalget", "PARTY")]),
    ("Udtalelser fra Kultur og Fritidsudvalget, Klima-, Teknik og Miljøudvalget og Plan,- Trygheds- og "
     "Integrationsudvalget samt Klima-, Teknik- og Miljø-udvalgets formand.",
     [("Kultur og Fritidsudvalget", "PARTY"), ("Klima-, Teknik og Miljøudvalget", "PARTY"),
      ("Plan,- Trygheds- og Integrationsudvalget", "PARTY"), ("Klima-, Teknik- og Miljø-udvalgets", "PARTY")]),
    ("Byrådet og Økonomiudvalget godkendte aftalen.", [("Økonomiudvalget", "PARTY")]),
    # PARTY: a sports club after its place (`IF`, `BK`); a named council in the genitive
    ("Tilskuddet går til Vestby IF og Nørreby BK, og Nordby Ældreråds høringssvar er vedlagt.",
     [("Vestby IF", "PARTY"), ("Nørreby BK", "PARTY"), ("Nordby Ældreråds", "PARTY")]),
    # PARTY: a name found inside a sentence is a name at the head of one too
    ("Planen er sendt til Idrætsrådet.\n\nIdrætsrådet anbefaler planen.",
     [("Idrætsrådet", "PARTY"), ("Idrætsrådet", "PARTY")]),
    # ... but not a heading made of the name alone: it names the activity (E-P10)
    ("Jobservice\n\nI 2026 havde Jobservice kontakt med 40 virksomheder.", [("2026", "DATE"), ("Jobservice", "PARTY")]),
    # DATE: compact ranges are one span (the scheme: `2019-2024`)
    ("Arbejdet foregår februar/marts 2025 og igen 16.-17. september 2025.",
     [("februar/marts 2025", "DATE"), ("16.-17. september 2025", "DATE")]),
    ("Runden løber april - maj 2026, og møderne holdes 4. - 5. juni.", [("april - maj 2026", "DATE"), ("4. - 5. juni", "DATE")]),
    # DATE: years that label a table's rows or columns, the steps of a timeline, a school holiday with its year
    ("Scenarie\t1\t2\n2027\t40\t44\n2028\t41\t47\n\nTallet 2029 er ikke opgjort.",
     [("2027", "DATE"), ("2028", "DATE")]),
    ("Udgifter (1.000 kr.)\t2026\t2027\t2028\nLeje\t120\t120\t125",
     [("2026", "DATE"), ("2027", "DATE"), ("2028", "DATE")]),
    ("Tidsplan\n\n2026 Projektering\n\n2027 Udbud og byggeri", [("2026", "DATE"), ("2027", "DATE")]),
    ("Der er 2026 pladser.\n2027 bliver et travlt år.", []),
    ("Flytningen sker efter sommerferien 2026, og medlemstallet faldt i både 2024 og 2025.",
     [("sommerferien 2026", "DATE"), ("2024", "DATE"), ("2025", "DATE")]),
    # AMOUNT: the cells of a column headed `... i kr.` (E-A9), `0` too; not a table's unit (`(1.000 kr.)`)
    ("Forening\tAktivitet\tAnsøgt beløb i kr.\nSkovbo Rideklub\tStævne\t25.000\nNordby Skakklub\tTurnering\t0\n\n"
     "Rideklubben får 20.000 kr.",
     [("Skovbo Rideklub", "PARTY"), ("25.000", "AMOUNT"), ("Nordby Skakklub", "PARTY"), ("0", "AMOUNT"),
      ("20.000 kr.", "AMOUNT")]),
    ("Oversigt (1.000 kr.)\tDrift\nPleje\t350\n\nAlle beløb er i 1.000 kr. (2025-priser), og prisen er 1.000 kr. pr. deltager.",
     [("1.000 kr.", "AMOUNT")]),
    ("1.000 kr.\tBudget\tForbrug\nDrift\t350\t340", []),
    # AMOUNT: millions without their currency in a sentence about money (E-A1); not a count
    ("Til indsatsen er der afsat 2 mio. i 2026 og 3,5 mio. i 2027.", [("2 mio.", "AMOUNT"), ("2026", "DATE"),
                                                                      ("3,5 mio.", "AMOUNT"), ("2027", "DATE")]),
    ("Regionen har 2 mio. borgere, og der bor 1,5 mio. i hovedstaden.", []),
    ("Udgiften er i alt 12,3 mio.", [("12,3 mio.", "AMOUNT")]),
]


@pytest.mark.parametrize("text, expected", FOUND, ids=[t[:40] for t, _ in FOUND])
def test_found_exactly(nlp, text, expected):
    assert ents(nlp, text) == expected


# ------------------------------------------------------------------------- out

NOT_FOUND = [
    # scheme OUT rules
    "Med budget 2025 blev det vedtaget at ansætte unge i 26 uger.",
    "I denne sag præsenteres status på Beskæftigelsesplan 2023 i form af kvartalsbogen.",
    "Der er udarbejdet et første udkast til erhvervsstrategi 2019-2024 (vedlagt som bilag).",
    "Regnskab 2024 forelægges udvalget.",
    "Modellen bygger på 2030-fremskrivning af befolkningen.",
    "00.01.00-A00-1-24",
    "23-005451",
    "15.04.00P20-1-24",
    "Målgruppen er borgere mellem 18-29 år uden uddannelse.",
    "En STU er et 3-årigt forløb for unge under 25 år.",
    "Resultatet var 87 borgere og 20 helårspersoner, svarende til 66 % og 20 pct.",
    "Mødet starter kl. 16:30 og slutter kl. 18.30.",
    "Der gives et tilskud til projektet.",
    "Den særlige indsats blev indført i medfør af budget 22.",
    # titles with a list mark after them, not a party letter
    "1. Godkendelse af dagsorden (B)",
    "3. Indgået aftale om social investering (O)",
    # generic references
    "Byrådet godkender, at udvalget og forvaltningen samt Jobcentret og kommunen følger op, og at regeringen orienteres.",
    "Kommunalbestyrelsen og byrådet og Udvalget tager sagen til efterretning.",
    "Borgere i Aarhus og Syddjurs samt i Aarhus Ø og på Grenåvej.",
    "Sammenholdt med Ballerup, Glostrup og Albertslund kommuner.",
    "Mikkel Hansen (UFP) stemte imod.",
    "Eleverne i folkeskolen og Folkeskolen generelt.",
    "Målgruppen er elever i grundskolen.",
    "Punkt A, B og C blev drøftet. Bilag A og B.",
    "Maj Britt Hansen var fraværende.",
    "Budget 2025-2028 vedtages.",
    "Sagsnr. 2023-1234 og tlf. 2025 1234.",
    "Antallet af besøg er i alt 12,3 mio.",
    # generic project mentions
    "Projektet har til formål at afkorte ledighed, og indsatsen og puljen evalueres.",
    "Der er arbejdet med et motionsprojekt og EU-projektet.",
]


@pytest.mark.parametrize("text", NOT_FOUND, ids=[t[:40] for t in NOT_FOUND])
def test_not_found(nlp, text):
    assert ents(nlp, text) == []


def test_year_not_after_a_noun_but_after_a_preposition(nlp):
    assert ents(nlp, "budget 2025 og budgettet for 2025", "DATE") == [("2025", "DATE")]
    assert nlp("budget 2025 og budgettet for 2025").ents[0].start_char == 29


def test_date_span_starts_at_the_day(nlp):
    doc = nlp("Det sker d. 1. august 2023.")
    (e,) = doc.ents
    assert (e.text, e.start_char) == ("1. august 2023", 12)


def test_spans_are_whole_tokens(nlp):
    doc = nlp("Ansøgningen er udarbejdet med 3F's medlemmer og DSI's midler den d.19. november.")
    for e in doc.ents:
        assert doc.char_span(e.start_char, e.end_char, alignment_mode="strict") is not None
    assert [e.text for e in doc.ents] == ["3F's", "DSI's", "d.19. november"]


# ------------------------------------------------------------------ normaliser


def test_normaliser_sets_values(nlp):
    doc = nlp.make_doc("Jobcenter Albertslund fik 1.071.288 kr. fra STAR den 28. januar til IPS-projektet.")
    doc._.meeting_date = date(2019, 2, 25)
    doc = nlp(doc)
    assert [(e.label_, e._.value) for e in doc.ents] == [
        ("PARTY", {"name": "Jobcenter Albertslund", "kind": "public_authority"}),
        ("AMOUNT", {"amount": 1071288.0, "currency": "DKK"}),
        ("PARTY", {"name": "Styrelsen for Arbejdsmarked og Rekruttering", "kind": "public_authority"}),
        ("DATE", {"iso": "2019-01-28"}),
        ("PROJECT", {"name": "IPS"}),
    ]


def test_project_names_propagate_within_a_document(nlp):
    text = (
        "Projektet har skiftet navn til ”Vejen til job og uddannelse”. Vejen til job og uddannelse indeholder besøg.\n\n"
        "Projekt Klar parat job\n\nKlar parat job henvender sig til unge. Indsatserne omhandler Klar Parat Job."
    )
    assert ents(nlp, text, "PROJECT") == [
        ("Vejen til job og uddannelse", "PROJECT"),
        ("Vejen til job og uddannelse", "PROJECT"),
        ("Klar parat job", "PROJECT"),  # a heading: `Projekt` stays outside
        ("Klar parat job", "PROJECT"),
        ("Klar Parat Job", "PROJECT"),
    ]


def test_committee_abbreviations_from_titles_and_names(nlp):
    text = (
        "REFERAT Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner d. 18-03-2024\n\n"
        "Punkt 1: EBU - Godkendelse af dagsorden\n\nPunkt 2: EBU/ØU/KB - Flere i fleksjob\n\n"
        "Dette afrapporteres særskilt til EBU.\n\nPunkt 3: IPS - status\n"
    )
    doc = nlp(text)
    assert [(e.text, e._.value) for e in doc.ents if e.label_ == "PARTY"] == [
        (
            "Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner",
            {"name": "Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner", "kind": "council_or_committee"},
        ),
        ("EBU", {"name": "Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner", "kind": "council_or_committee"}),
        ("EBU", {"name": "Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner", "kind": "council_or_committee"}),
        ("ØU", {"name": "Økonomiudvalget", "kind": "council_or_committee"}),
        ("EBU", {"name": "Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner", "kind": "council_or_committee"}),
    ]


def test_committee_abbreviation_learned_from_repeated_titles(nlp):
    text = "JAI - Godkendelse af dagsorden\nJAI - Eventuelt\n\nPunkt 1: JAI - Godkendelse af dagsorden\n"
    assert [(e.text, e._.value) for e in nlp(text).ents] == [
        ("JAI", {"name": "JAI", "kind": "council_or_committee"})
    ] * 3


def test_compound_committee_abbreviation(nlp):
    text = "REFERAT Arbejdsmarkedsudvalget\n\nBilag: Nøgletal AMU bilag 1"
    assert ents(nlp, text) == [("Arbejdsmarkedsudvalget", "PARTY"), ("AMU", "PARTY")]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Udvalget for Job, Arbejdsmarked & Integration", {"JAI", "UJAI"}),
        ("Arbejdsmarked, Rådgivning og Integration", {"ARI"}),
        ("Erhvervs-, Beskæftigelses- og Uddannelsesudvalget", {"EBU", "EBUU"}),
        ("Arbejdsmarkedsudvalget", {"AMU", "AU"}),
        ("Skole-, Børne - og Ungeudvalget", {"SBU"}),
        ("Kultur og Fritidsudvalget", {"KFU"}),
        ("Klima-, Teknik- og Miljø-udvalget", {"KTM", "KTMU"}),
    ],
)
def test_acronym_candidates(name, expected):
    from referat.pipeline.entity_party_names import acronym_candidates

    assert expected <= acronym_candidates(name, lexicon.load("names")["compound_heads"])


def test_units_named_inside_a_sentence(nlp):
    text = (
        "Det sætter krav til bl.a. Ungeenhedens indsats, og Virksomhedsteamet samt Familierådgivningen hjælper. "
        "Det finansieres inden for Arbejdsmarked og Borgerservice budgetramme.\n\nUngeenheden er generelt omtalt."
    )
    assert ents(nlp, text) == [
        ("Ungeenhedens", "PARTY"),
        ("Virksomhedsteamet", "PARTY"),
        ("Familierådgivningen", "PARTY"),
        ("Arbejdsmarked og Borgerservice", "PARTY"),
    ]


def test_names_inside_plan_and_law_names_are_out(nlp):
    text = "Beskæftigelsespolitik for Lejre Kommune blev vedtaget efter lov om Den Sociale Investeringsfond. Lejre Kommune betaler."
    assert ents(nlp, text) == [("Lejre Kommune", "PARTY")]
    assert nlp(text).ents[0].start_char == text.rindex("Lejre Kommune")


def test_years_in_a_table_header_row(nlp):
    text = "Udviklingen ses nedenfor.\n\n\t2021\t2022\t2023\nAnsatte på jobordrer\t1\t5\t43\n| 2019 | 2020 |\n"
    assert ents(nlp, text) == [("2021", "DATE"), ("2022", "DATE"), ("2023", "DATE"), ("2019", "DATE"), ("2020", "DATE")]


def test_quoted_compound_project(nlp):
    assert ents(nlp, "Forvaltningen har ændret det tidligere ”motionsprojekt”, så det er målrettet.") == [
        ("motionsprojekt", "PROJECT")
    ]


def test_named_teams_and_units(nlp):
    assert ents(nlp, "Der er ansat en ungevejleder i Team Ung og Beskæftigelse.") == [("Team Ung og Beskæftigelse", "PARTY")]


def test_amount_with_a_per_unit_token(nlp):
    doc = nlp("Corona-puljen gav 250.000 kr./år til indsatsen.")
    assert [(e.text, e._.value) for e in doc.ents if e.label_ == "AMOUNT"] == [
        ("250.000 kr./år", {"amount": 250000.0, "currency": "DKK"})
    ]


def test_normaliser_infers_meeting_date_from_header(nlp):
    doc = nlp("REFERAT Arbejdsmarkedsudvalget d. 26-02-2025\n\nProjektet opstartes den 28. januar.")
    assert doc._.meeting_date == date(2025, 2, 26)
    assert doc.ents[-1]._.value == {"iso": "2025-01-28"}


def test_normaliser_resolves_abbreviation_in_parentheses(nlp):
    doc = nlp("Hele Center for Job og Social (CJS) deltager. CJS har ansvaret.")
    assert [e._.value for e in doc.ents if e.text == "CJS"] == [
        {"name": "Center for Job og Social", "kind": "council_or_committee"}
    ] * 2


def test_seed_documents_all_get_values():
    nlp = rules_only_pipeline()
    from pathlib import Path

    for path in sorted(Path(__file__).resolve().parents[2].glob("corpus/raw/*.txt")):
        doc = nlp(path.read_text(encoding="utf8"))
        assert doc._.meeting_date is not None, path
        assert len(doc.ents) > 30, path
        for e in doc.ents:
            assert e._.value is not None, (path.name, e.text, e.label_)


# ----------------------------------------------------------------- combination


def test_preset_entities_are_kept_without_overwrite():
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", config={"overwrite_ents": False})
    doc = nlp.make_doc("Herlev Kommune fik 2,6 mia. kr. i foråret 2024.")
    doc.set_ents([Span(doc, 1, 2, label="PROJECT")], default="outside")  # a (wrong) ner entity on `Kommune`
    doc = nlp.get_pipe("referat_entity_rules")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Kommune", "PROJECT"),
        ("2,6 mia. kr.", "AMOUNT"),
        ("foråret 2024", "DATE"),
    ]


def test_preset_entities_are_replaced_with_overwrite():
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", config={"overwrite_ents": True})
    doc = nlp.make_doc("Herlev Kommune fik 2,6 mia. kr. fra Nyby Fonden i år.")
    doc.set_ents([doc.char_span(7, 14, "PROJECT"), doc.char_span(36, 47, "PARTY")], default="outside")
    doc = nlp.get_pipe("referat_entity_rules")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Herlev Kommune", "PARTY"),
        ("2,6 mia. kr.", "AMOUNT"),
        ("Nyby Fonden", "PARTY"),
    ]


def test_tokens_outside_rule_entities_stay_unannotated_for_a_later_ner():
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules")
    doc = nlp("Sundinvest fik 30.000 kr. af Nyt Firma.")
    assert [t.ent_iob_ for t in doc] == ["B", "", "B", "I", "", "", "", ""]


def test_labels_setting():
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", config={"labels": ["AMOUNT"]})
    assert [e.label_ for e in nlp("STAR gav 30.000 kr. i 2024.").ents] == ["AMOUNT"]
    with pytest.raises(ValueError):
        spacy.blank("da").add_pipe("referat_entity_rules", config={"labels": ["ORG"]})


def test_custom_gazetteer_path(tmp_path):
    data = lexicon.load("organisations")
    data = {**data, "entries": data["entries"] + [{"name": "Nordlys Fonden", "kind": "organisation", "abbreviations": ["NLF"], "variants": []}]}
    path = tmp_path / "organisations.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf8")
    resources = {"@misc": "referat.resources.v1", "path": str(tmp_path)}  # one folder for both components
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", config={"resources": resources})
    nlp.add_pipe("referat_normaliser", config={"resources": resources})
    assert nlp.get_pipe("referat_entity_rules").resources is nlp.get_pipe("referat_normaliser").resources
    doc = nlp("Midlerne kommer fra NLF.")
    assert [(e.text, e._.value) for e in doc.ents] == [("NLF", {"name": "Nordlys Fonden", "kind": "organisation"})]
    # saved once, with the entity rules; the normaliser names where they are
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "referat_entity_rules" / "resources" / "organisations.json").exists()
    assert not (tmp_path / "model" / "referat_normaliser" / "resources").exists()
    loaded = spacy.load(tmp_path / "model")
    assert [(e.text, e._.value) for e in loaded("Midlerne kommer fra NLF.").ents] == [
        ("NLF", {"name": "Nordlys Fonden", "kind": "organisation"})]
    # and through bytes
    again = spacy.blank("da")
    again.add_pipe("referat_entity_rules")
    again.add_pipe("referat_normaliser")
    again.from_bytes(nlp.to_bytes())
    assert [e.text for e in again("Midlerne kommer fra NLF.").ents] == ["NLF"]


def test_pipeline_round_trips_through_disk(tmp_path):
    nlp = rules_only_pipeline()
    nlp.to_disk(tmp_path / "rules")
    loaded = spacy.load(tmp_path / "rules")
    assert loaded.pipe_names == ["sections", "entity_rules", "normaliser", "decision", "positions"]
    text = "Jobcenter Albertslund fik 1.071.288 kr. i 2019."
    assert [(e.text, e.label_, e._.value) for e in loaded(text).ents] == [
        (e.text, e.label_, e._.value) for e in nlp(text).ents
    ]


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_factories_are_found_through_entry_points():
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('da')\n"
        "nlp.add_pipe('referat_entity_rules'); nlp.add_pipe('referat_normaliser')\n"
        "print([e.label_ for e in nlp('Herlev Kommune fik 30.000 kr.').ents])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['PARTY', 'AMOUNT']"


def test_model_labels_keep_only_the_ner_labels_the_rules_do_not_own() -> None:
    """After a ner: rules own AMOUNT/DATE, the ner's PARTY stays, its stray DATE goes."""
    import spacy
    from spacy.tokens import Span

    nlp = spacy.blank("da")
    rules = nlp.add_pipe("referat_entity_rules", config={"overwrite_ents": True, "model_labels": ["PARTY", "PROJECT"]})
    doc = nlp.make_doc("Budgettet er 566,2 mio. kr. og Herlev betaler.")
    doc.ents = [Span(doc, 0, 1, "DATE"), Span(doc, 6, 7, "PARTY")]
    doc = rules(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("566,2 mio. kr.", "AMOUNT"), ("Herlev", "PARTY")]


def test_score_reports_the_model_before_the_rules_alone() -> None:
    """`model_*` scores the ner's own entities as they were before the rules replaced and added some;
    `ents_*` the combined result. spaCy's entity_ruler stands in for a trained ner here."""
    from spacy.training import Example

    nlp = spacy.blank("da")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "PARTY", "pattern": "Herlev"}, {"label": "DATE", "pattern": "Budgettet"}])
    nlp.add_pipe("referat_entity_rules", config={"overwrite_ents": True, "model_labels": ["PARTY", "PROJECT"]})
    text = "Budgettet er 566,2 mio. kr. og Herlev betaler."
    reference = nlp.make_doc(text)
    reference.ents = [reference.char_span(13, 27, "AMOUNT"), reference.char_span(31, 37, "PARTY")]
    predicted = nlp(text)
    assert [(s.text, s.label_) for s in predicted.spans["model"]] == [("Budgettet", "DATE"), ("Herlev", "PARTY")]
    scores = nlp.evaluate([Example(nlp.make_doc(text), reference)])  # as spacy train scores its dev set
    assert scores["ents_f"] == 1.0  # rules: the amount; the ner: Herlev
    assert scores["model_p"] == 0.5 and scores["model_r"] == 0.5  # the ner alone: Herlev right, its DATE wrong
    assert scores["model_per_type"]["DATE"]["p"] == 0.0
