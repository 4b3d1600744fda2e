"""Positions in the forms other municipalities write them (issue 21): counts in their common
forms, a count between a cue and its list, lists split by semicolons, party groups, roll
calls with one verdict per line, and the wordings of abstention, reservation, absence and
disqualification. Texts constructed here (not from the layout or positions sets)."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

import referat.pipeline.components  # noqa: F401  (the factories, as the entry points give them)
from referat.training.positions_families import FAMILIES_DIR, evaluate_families

MEMBERS = [{"name": "Ane Lund", "party": "A"}, {"name": "Bo Friis", "party": "V"}, {"name": "Eva Kjær", "party": "Ø"},
           {"name": "Ib Holm", "party": "C"}]


@pytest.fixture(scope="module")
def nlp(rules_pipeline):
    return rules_pipeline  # rules_only_pipeline(), built once per session (conftest.py)


def decided(nlp, text: str) -> Doc:
    doc = nlp.make_doc(text)
    doc.spans["decision"] = [doc[0:len(doc)]]
    doc._.participants = MEMBERS
    return nlp.get_pipe("positions")(doc)


def pairs(doc: Doc) -> set[tuple[str, str]]:
    return {(p["position"], p["text"]) for p in doc._.votes["positions"]}


@pytest.mark.parametrize("text, counts", [
    ("Forslaget blev vedtaget med 12 mod 7 stemmer.", (12, 7, None)),
    ("Vedtaget med 9 stemmer mod 4.", (9, 4, None)),
    ("Godkendt.\nFor: 6, imod: 2, undlod: 1", (6, 2, 1)),
    ("Godkendt.\nFor stemte 10: A og V.\nImod stemte 3: Ø.", (10, 3, None)),
    ("Anbefalet med 5 stemmer for og 2 imod, idet 1 medlem undlod at stemme.", (5, 2, 1)),
    ("Godkendt med 13 stemmer for og to stemmer imod.", (13, 2, None)),
])
def test_counts_in_their_common_forms(nlp, text, counts):
    got = decided(nlp, text)._.votes["counts"]
    assert (got["for"], got["against"], got["abstained"]) == counts


@pytest.mark.parametrize("text", [
    "Tilskuddet forhøjes fra 3 til 5 mio. kr. for 2025.",
    "Ifølge punkt 3 for skolerne gælder reglerne.",
    "Sagen blev drøftet i 2 timer for lukkede døre.",
    "Der er en for stor risiko ved forslaget.",
])
def test_numbers_that_are_no_count(nlp, text):
    assert decided(nlp, text)._.votes["counts"] is None


def test_actors_in_brackets_with_a_count_take_its_side(nlp):
    doc = decided(nlp, "Forslaget blev vedtaget med 14 stemmer for og 3 imod (Ø, C).")
    assert pairs(doc) == {("AGAINST", "Ø"), ("AGAINST", "C")}
    doc = decided(nlp, "Forslaget blev forkastet med 3 stemmer (Ø og C) mod 18.")
    assert pairs(doc) == {("FOR", "Ø"), ("FOR", "C")}
    doc = decided(nlp, "Godkendt.\nFor: 9 (A, V)\nImod: 2 (Ø)")
    assert pairs(doc) == {("FOR", "A"), ("FOR", "V"), ("AGAINST", "Ø")}


def test_a_count_between_a_cue_and_its_list(nlp):
    doc = decided(nlp, "Imod stemte (2):\n- Eva Kjær (Ø)\n- Ib Holm (C)\nFor stemte 3 medlemmer: A og V.")
    # `V.` ends the list: one token, so the span is the token (guidelines §8.2)
    assert pairs(doc) == {("AGAINST", "Eva Kjær (Ø)"), ("AGAINST", "Ib Holm (C)"), ("FOR", "A"), ("FOR", "V.")}


def test_semicolons_groups_and_yes_no(nlp):
    doc = decided(nlp, "Afstemning:\nJa: A; V\nNej: Ø-gruppen og C-gruppen")
    assert pairs(doc) == {("FOR", "A"), ("FOR", "V"), ("AGAINST", "Ø-gruppen"), ("AGAINST", "C-gruppen")}
    assert {p["party"] for p in decided(nlp, "Imod stemte Ø-gruppen.")._.votes["positions"]} == {"Ø"}


def test_a_roll_call_with_one_verdict_per_line(nlp):
    doc = decided(nlp, "Navneafstemning:\nAne Lund (A) – ja\nBo Friis (V) – nej\nEva Kjær (Ø) – hverken for eller imod\n"
                       "Ib Holm (C) – fraværende")
    assert pairs(doc) == {("FOR", "Ane Lund (A)"), ("AGAINST", "Bo Friis (V)"), ("ABSTAINED", "Eva Kjær (Ø)"),
                          ("ABSENT", "Ib Holm (C)")}


@pytest.mark.parametrize("text, expected", [
    ("Godkendt. Eva Kjær (Ø) stemte hverken for eller imod.", {("ABSTAINED", "Eva Kjær (Ø)")}),
    ("Hverken for eller imod stemte: C", {("ABSTAINED", "C")}),
    ("Godkendt. Følgende undlod at stemme: Ø og C.", {("ABSTAINED", "Ø"), ("ABSTAINED", "C.")}),
    ("Godkendt. Venstre tog et generelt forbehold.", {("RESERVATION", "Venstre")}),
    ("Godkendt. Ib Holm (C) forbeholdt sig ret til at rejse sagen i byrådet.", {("RESERVATION", "Ib Holm (C)")}),
    ("Godkendt. Bo Friis (V) kan ikke medvirke til forslaget.", {("AGAINST", "Bo Friis (V)")}),
    ("Godkendt med stemmer fra A og V.", {("FOR", "A"), ("FOR", "V.")}),
    ("Anbefales. Forfald: Ib Holm (C)", {("ABSENT", "Ib Holm (C)")}),
    ("Ane Lund (A), der havde meldt afbud, blev erstattet af en stedfortræder. Godkendt.", {("ABSENT", "Ane Lund (A)")}),
    ("Godkendt. Bo Friis (V) deltog ikke pga. inhabilitet.", {("CONFLICT_OF_INTEREST", "Bo Friis (V)")}),
    ("Godkendt. Ib Holm (C) var inhabil og forlod mødet.", {("CONFLICT_OF_INTEREST", "Ib Holm (C)")}),
    ("Godkendt. Ib Holm (C) var ikke inhabil.", set()),
    ("Godkendt. Ib Holm (C) forlod mødet efter behandlingen af punktet.", set()),
    ("Godkendt, idet et flertal på 3 medlemmer (A, V) stemte for. Et mindretal (Ø) stemte imod.",
     {("FOR", "A"), ("FOR", "V"), ("AGAINST", "Ø")}),
])
def test_wordings_of_other_municipalities(nlp, text, expected):
    assert pairs(decided(nlp, text)) == expected


@pytest.mark.slow  # the shipped pipeline over the positions set
def test_the_wording_families_read_at_their_reported_level():
    """The dev families are in view (the cues were extended with them seen); the held-out
    families are blind: a floor a little under the figures in README, so a change that loses
    forms fails here."""
    scores = evaluate_families(FAMILIES_DIR)
    assert scores["dev"]["all"]["actors_f"] >= 0.97
    assert scores["heldout"]["all"]["actors_f"] >= 0.78
    assert scores["heldout"]["all"]["actors_p"] >= 0.95
    assert all(s["actors_p"] >= 0.9 for s in scores["heldout"].values() if s["gold_positions"])


@pytest.mark.parametrize("text, expected", [
    ("Afstemning:\nFor      Imod     Undlod\nA        V        C\nØ        Ib Holm (C)\n",
     {("FOR", "A"), ("FOR", "Ø"), ("AGAINST", "V"), ("AGAINST", "Ib Holm (C)"), ("ABSTAINED", "C")}),
    ("| Parti | For | Imod |\n|-------|-----|------|\n| A     |  x  |      |\n| V     |     |  x   |\n",
     {("FOR", "A"), ("AGAINST", "V")}),
    ("Navn            Parti   Stemme\nAne Lund        A       For\nBo Friis        V       Fraværende\n",
     {("FOR", "Ane Lund"), ("ABSENT", "Bo Friis")}),
    ("Parti\tFor\tImod\tUndlod\nA\t8\t-\t-\nV\t-\t6\t-\n", {("FOR", "A"), ("AGAINST", "V")}),
])
def test_votes_laid_out_as_a_table(nlp, text, expected):
    assert pairs(decided(nlp, text)) >= expected
    assert {label for label, _ in pairs(decided(nlp, text))} <= {"FOR", "AGAINST", "ABSTAINED", "ABSENT"}


@pytest.mark.parametrize("text, expected", [
    ("Venstres medlemmer stemte imod.", {("AGAINST", "Venstres")}),
    ("SF's gruppe tog forbehold.", {("RESERVATION", "SF's")}),
    ("Den konservative gruppe undlod at stemme.", {("ABSTAINED", "Den konservative gruppe")}),
    ("Socialdemokratiet (A) stemte for.", {("FOR", "Socialdemokratiet (A)")}),
    ("Afbud fra rådmand Bo Friis (V) og borgmester Ane Lund (A).", {("ABSENT", "Bo Friis (V)"), ("ABSENT", "Ane Lund (A)")}),
    ("Mødte ikke: Eva Kjær (Ø)", {("ABSENT", "Eva Kjær (Ø)")}),
    ("Ib Holm (C) havde forfald.", {("ABSENT", "Ib Holm (C)")}),
    ("Eva Kjær (Ø) ønskede at fremgå som imod.", {("AGAINST", "Eva Kjær (Ø)")}),
    ("Bo Friis (V) anbefaler ikke indstillingen.", {("AGAINST", "Bo Friis (V)")}),
    ("Anbefales, idet (C) afventer stillingtagen.", {("RESERVATION", "C")}),
])
def test_groups_titles_and_more_statements(nlp, text, expected):
    assert pairs(decided(nlp, text)) == expected
