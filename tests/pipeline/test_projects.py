"""PROJECT by `referat_entity_rules`: the structural patterns of patterns/projects.json
(pools named by a fused head, numbered capital projects, codes with a year, quoted names
after cue words, table columns of project titles), each with a generic mention that stays
out. The sentences are written for these tests."""
import pytest

import referat.pipeline.components  # noqa: F401  (the factories, as the entry points give them)


@pytest.fixture(scope="module")
def nlp(rules_pipeline):
    return rules_pipeline  # rules_only_pipeline(), built once per session (conftest.py)


def projects(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "PROJECT"]


FOUND = [
    # a pool named by a capitalised compound, also at the start of a paragraph
    ("Tilskuddet gives fra Kulturpuljen i år.", ["Kulturpuljen"]),
    ("Naturpuljen er en pulje under udvalget.", ["Naturpuljen"]),
    ("Midlerne føres tilbage til Foreningspuljen, Aktivitetspuljen og kassen.", ["Foreningspuljen", "Aktivitetspuljen"]),
    # coordinated pools are one name
    ("Ansøgningerne til Kultur- og Foreningspuljerne behandles i marts.", ["Kultur- og Foreningspuljerne"]),
    ("Ansøgningerne til Kultur-, Forenings- og Ungepuljerne behandles i marts.", ["Kultur-, Forenings- og Ungepuljerne"]),
    ("Der bevilges midler fra Sti og Naturpuljen til bænke.", ["Sti og Naturpuljen"]),
    # an owner word and the year of the pool's round
    ("Kommunen søger Statens Havnepulje 2026 om tilskud.", ["Statens Havnepulje 2026"]),
    # other fused heads
    ("Rammerne for Frikommuneforsøget er ikke på plads.", ["Frikommuneforsøget"]),
    ("Der blev holdt en Cykelfestival i parken.", ["Cykelfestival"]),
    ("Borgmesteren overrækker Den Blå Naboskabspris i juni.", ["Den Blå Naboskabspris"]),
    # a lower-case mention of a pool found in the same document, other forms of the head too
    ("Kulturpuljen er fordelt. Resten af kulturpuljen og næste års kulturpulje følger.", ["Kulturpuljen", "kulturpuljen", "kulturpulje"]),
    # `Pulje til ...`, also when the name goes on in lower case, and in quotes after any word
    ("Projekterne er:\n- Pulje til grønne tage\n- Nye cykelstier", ["Pulje til grønne tage"]),
    ('Stierne finansieres af "Pulje til bedre stier vedr. skoleveje" i 2026.', ["Pulje til bedre stier vedr. skoleveje"]),
    # a compound ending in a trigger head, before a quoted or a capitalised name
    ("Der er afsat 2 mio. kr. i anlægsprojektet 'Ny bro over åen' (projekt 312).", ["Ny bro over åen"]),
    ("Kommunen deltager i forskningsprojektet Robot Hjælp til afprøvning af nye løsninger i plejen.", ["Robot Hjælp"]),
    ("Skolerne deltager i pilotprojekt 'Mere læsning i frikvarteret'.", ["Mere læsning i frikvarteret"]),
    # numbered capital projects: the name after the number, up to the verb of the decision
    ("Anlægsbevilling til projekt 612 Udskiftning af servere godkendes.", ["Udskiftning af servere"]),
    ("Administrationen indstiller, at anlægsprojekt 613 Nye pc'er til skolerne frigives.", ["Nye pc'er til skolerne"]),
    ("Projekt 8 – Ekspropriation af areal.\n\nRegnskabet er godkendt.", ["Ekspropriation af areal"]),
    ("Oversigt\n\nNr.\tNavn\tBeløb\n612\tUdskiftning af servere, rådhuset\t1.200\n", ["Udskiftning af servere, rådhuset"]),
    # a code fused with a year, with a head written on
    ("Kommunen er med i KLIMA2030 og i KLIMA2030-partnerskabet.", ["KLIMA2030", "KLIMA2030-partnerskabet"]),
    # a quoted name after a cue word
    ('Kommunen har søgt om deltagelse i "Grøn Skolevej" sammen med to nabokommuner.', ["Grøn Skolevej"]),
    # the cells of a column of project titles
    (
        "Forening\tTitel på partnerskab\tAnsøgt beløb i kr.\nByens Boldklub\tFodbold for alle\t10.000\nByens Svømmeklub\tSvøm sikkert\t5.000\nTotal\t15.000\n",
        ["Fodbold for alle", "Svøm sikkert"],
    ),
]


@pytest.mark.parametrize("text, expected", FOUND, ids=[t[:40] for t, _ in FOUND])
def test_project_found(nlp, text, expected):
    assert projects(nlp, text) == expected


NOT_FOUND = [
    # generic pools and kinds of pools
    "Restmidlerne i puljen føres tilbage, og puljerne evalueres.",
    "Puljen er brugt op.",
    "Lånepuljen kan søges af alle kommuner.",
    "Kommunen har søgt lånepuljen.",
    # a compound that is an ordinary word at the start of a sentence or in parentheses
    "Targetprisen er fastsat i udbuddet. Totalentreprise (Targetpris) er valgt.",
    # a project number alone, a range or a series of numbers after a trigger
    "Beløbet finansieres af midler i anlægsprojekt 251.",
    "Midlerne er afsat på projekt 251) til arbejdet.",
    "Tilskuddet vil forsinke projektet 3-4 måneder.",
    # a code with a year that names a plan
    "Klimahandlingsplan KLIMA2030 er vedtaget.",
    "Kommunen arbejder med klimahandlingsplanen KLIMA2030 i år.",
    # a year in a table's first column is no project number
    "Prognose\n\nÅr\tBelægning\tPladser\n2028\tFuld belægning\t6\n",
    # a quoted sentence that starts with `Projektet`, a lower-case quote after a cue word
    "Fonden skriver: ”Projektet fuldfinansieres inden start.”",
    "Medarbejderne deltager i ”opfølgning” på metoderne.",
    # a table without a column of project titles
    "Projektnavn\tOverslag i 1.000 kr.\nByggeri\t1.790\nRådgiver\t160\n",
]


@pytest.mark.parametrize("text", NOT_FOUND, ids=[t[:40] for t in NOT_FOUND])
def test_project_not_found(nlp, text):
    assert projects(nlp, text) == []


def test_project_number_before_a_known_lower_case_name_stays(nlp):
    """`projektet 180 grader`: a number followed by a lower-case word is a name, not a project number."""
    assert projects(nlp, "Erfaringerne fra projektet 180 grader, som sluttede i fjor, bruges videre.") == ["180 grader"]
