"""`referat_positions`: positions, counts and amendments in hand-written decision texts.

Every label and edge case of the annotation scheme's "Positions (v1.1)": lists of letters,
people with and without a letter (resolved from the meeting's participants), parties by
name, counts, recommendation points, amendments with proposer and outcome, quotes and
remarks, and a case history that must give nothing. Plus the component's score, the
evaluation's `score_positions`, configs and serialisation.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example

from referat.corpus import ingest_text
from referat.pipeline.components import rules_only_pipeline
from referat.pipeline.sections import item_doc
from referat.pipeline.position_finders import VOTE_LABELS, find_votes, meeting_participants
from referat.pipeline.positions import score_positions
from referat.schema import POSITION_LABELS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nlp(rules_pipeline):
    return rules_pipeline  # rules_only_pipeline(), built once per session (conftest.py)


def decided(nlp, text: str, participants=None) -> Doc:
    """A Doc whose whole text is the decision (as item_doc marks it), through the component."""
    doc = nlp.make_doc(text)
    doc.spans["decision"] = [doc[0:len(doc)]]
    doc._.participants = participants
    return nlp.get_pipe("positions")(doc)


def rows(doc: Doc) -> list[tuple]:
    return [(p["position"], p["text"], p["name"], p["party"]) for p in doc._.votes["positions"]]


# ------------------------------------------------------------------ labels and actors


def test_every_label(nlp):
    text = ("Godkendt.\n\nFor stemte: (V) og (A).\n\n(Ø) stemte imod.\n\nBo Abel (A) undlod at stemme.\n\n"
            "Karen Holm (C) tog forbehold.\n\nVenstre tog forbehold vedrørende finansieringen.\n\n"
            "Byrådet erklærede Lone Vig (A) for inhabil i punktets behandling.\n\nFraværende: Tina Rotbøll")
    doc = decided(nlp, text, [{"name": "Tina Rotbøll", "party": "A"}])
    assert rows(doc) == [
        ("FOR", "V", None, "V"),
        ("FOR", "A", None, "A"),
        ("AGAINST", "Ø", None, "Ø"),
        ("ABSTAINED", "Bo Abel (A)", "Bo Abel", "A"),
        ("RESERVATION", "Karen Holm (C)", "Karen Holm", "C"),
        ("RESERVATION", "Venstre", None, "V"),
        ("CONFLICT_OF_INTEREST", "Lone Vig (A)", "Lone Vig", "A"),
        ("ABSENT", "Tina Rotbøll", "Tina Rotbøll", "A"),
    ]
    assert {p["position"] for p in doc._.votes["positions"]} == set(POSITION_LABELS)
    # the spans are the Doc's too, labelled, on token boundaries, at the offsets reported
    spans = doc.spans["positions"]
    assert [(s.label_, s.text) for s in spans] == [(r[0], r[1]) for r in rows(doc)]
    for span, p in zip(spans, doc._.votes["positions"]):
        assert (span.start_char, span.end_char) == (p["start"], p["end"])
        assert text[p["start"]:p["end"]] == p["text"]
    assert doc._.votes["counts"] is None and doc._.votes["amendments"] == []


@pytest.mark.parametrize("text, expected", [
    ("Imod stemte Ø", [("AGAINST", "Ø")]),
    ("Imod: F", [("AGAINST", "F")]),
    ("Undlod: A", [("ABSTAINED", "A")]),
    ("Stemte imod: (B) og (C)", [("AGAINST", "B"), ("AGAINST", "C")]),
    ("(D) undlod at tage stilling til sagen.", [("ABSTAINED", "D")]),
    ("Karen Holm (C) kunne ikke tiltræde indstillingen.", [("AGAINST", "Karen Holm (C)")]),
    ("Afbud: Marc Genning (V)", [("ABSENT", "Marc Genning (V)")]),
    ("Ikke til stede:\n\nLone Vig (A)\n\nBo Abel (A)", [("ABSENT", "Lone Vig (A)"), ("ABSENT", "Bo Abel (A)")]),
    ("Lone Vig (A) deltog ikke i behandlingen af punktet.", [("ABSENT", "Lone Vig (A)")]),
    ("Lone Vig (A) forlod herefter lokalet.", [("ABSENT", "Lone Vig (A)")]),
    ("Et mindretal (A, F og Ø) stemte imod.", [("AGAINST", "A"), ("AGAINST", "F"), ("AGAINST", "Ø")]),
    ("Bo Abel (A), stemte imod.", [("AGAINST", "Bo Abel (A)")]),
    ("Udvalget besluttede, at Ole Berg (Ø) var inhabil.", [("CONFLICT_OF_INTEREST", "Ole Berg (Ø)")]),
])
def test_wordings(nlp, text, expected):
    assert [(p["position"], p["text"]) for p in decided(nlp, text)._.votes["positions"]] == expected


@pytest.mark.parametrize("text", [
    "Udvalget undlod at tage stilling.",  # the body, not an actor
    "Byrådet erklærede Karen Holm (C) for ikke inhabil i punktets behandling.",  # found not inhabil
    "Udvalget besluttede, at Ole Berg (Ø) ikke var inhabil.",
    "Karen Holm (C) spurgte, om hun var inhabil.",
    "Godkendt. Formanden melder afbud til mødet i maj.",
    "Imod stemte: ingen",
    "Imod stemte UP, da UP er imod.",  # outside any party, nobody named: no actor
])
def test_no_position(nlp, text):
    assert decided(nlp, text)._.votes == {"counts": None, "positions": [], "amendments": []}


def test_a_list_of_letters_is_one_span_per_letter(nlp):
    text = "For stemte: (V), (A), (C), Liselott Blik (UP) og Mehmet Zeki Dogru (Ø)"
    doc = decided(nlp, text)
    got = doc._.votes["positions"]
    assert [p["text"] for p in got] == ["V", "A", "C", "Liselott Blik (UP)", "Mehmet Zeki Dogru (Ø)"]
    assert [text[p["start"] - 1:p["end"] + 1] for p in got[:3]] == ["(V)", "(A)", "(C)"]  # brackets outside
    assert all(p["position"] == "FOR" for p in got)
    assert [t.text for t in doc.spans["positions"][0]] == ["V"]


def test_actor_normalisation(nlp):
    text = ("Linda Berg (SF) stemte imod. Lise Blik (UP-1) og Hans Kir (UFP) undlod. Enhedslisten stemte for. "
            "Jens Vad (L) tog forbehold.")
    got = {p["text"]: (p["name"], p["party"], p["party_name"]) for p in decided(nlp, text)._.votes["positions"]}
    assert got == {
        "Linda Berg (SF)": ("Linda Berg", "F", "SF - Socialistisk Folkeparti"),  # a short name: its list letter
        "Lise Blik (UP-1)": ("Lise Blik", None, None),  # outside any party
        "Hans Kir (UFP)": ("Hans Kir", None, None),
        "Enhedslisten": (None, "Ø", "Enhedslisten"),  # a party by name
        "Jens Vad (L)": ("Jens Vad", "L", None),  # a local list's letter, no known party
    }


def test_a_name_without_letter_takes_it_from_the_participants(nlp):
    people = [{"name": "Per Lund Sørensen", "party": "V"}, {"name": "Tina Rottbøll", "party": "A"},
              {"name": "Ole Berg", "party": None}]
    text = "Godkendt.\n\nPer Lund Sørensen kunne ikke tiltræde indstillingen.\n\nAfbud: Tina Rotbøll, Ole Berg"
    got = [(p["position"], p["text"], p["name"], p["party"], p["party_name"])
           for p in decided(nlp, text, people)._.votes["positions"]]
    assert got == [
        ("AGAINST", "Per Lund Sørensen", "Per Lund Sørensen", "V", "Venstre"),
        ("ABSENT", "Tina Rotbøll", "Tina Rottbøll", "A", "Socialdemokratiet"),  # spelled otherwise: the list's name
        ("ABSENT", "Ole Berg", "Ole Berg", None, None),
    ]
    # without the list, the person stands with no party
    alone = decided(nlp, text)._.votes["positions"]
    assert [(p["name"], p["party"]) for p in alone][:2] == [("Per Lund Sørensen", None), ("Tina Rotbøll", None)]


def test_participants_take_letters_written_in_the_document():
    class Meeting:
        participants = [{"name": "Karen Holm", "party": None}, {"name": "Ole Berg", "party": "Ø"}]
        absent = [{"name": "Bo Abel", "party": None}]

    text = "Punkt 1\n\nKaren Holm (C) stemte imod.\n\nPunkt 2\n\nAfbud: Bo Abel"
    assert meeting_participants(Meeting(), text) == [
        {"name": "Karen Holm", "party": "C"}, {"name": "Ole Berg", "party": "Ø"}, {"name": "Bo Abel", "party": None}]


def test_quotes_and_remarks_set_nothing(nlp):
    text = ("Imod stemte: (F) med bemærkning om, ”at (Ø) stemte imod sidst”.\n\n"
            "(A) stemte imod, da (C) ikke kunne tiltræde den første model.\n\n"
            "Imod: Ø og F, F med bemærkning om, at (B) stemte for.")
    got = [(p["position"], p["text"], p["start"]) for p in decided(nlp, text)._.votes["positions"]]
    assert [(label, t) for label, t, _ in got] == [("AGAINST", "F"), ("AGAINST", "A"), ("AGAINST", "Ø"), ("AGAINST", "F")]
    assert got[-1][2] == text.index("Ø og F") + 5  # the F of the list, not the F of the remark


# ------------------------------------------------------------------ counts and points


@pytest.mark.parametrize("text, counts", [
    ("Med stemmerne 19 for og 1 imod godkendte Byrådet indstillingen.", {"for": 19, "against": 1, "abstained": None}),
    ("Med stemmerne 17 for godkendte Byrådet indstillingen.", {"for": 17, "against": None, "abstained": None}),
    ("Forslaget blev vedtaget med 5 stemmer for, 2 imod og 1 undlod at stemme.", {"for": 5, "against": 2, "abstained": 1}),
    ("Med stemmerne 20 for og ingen imod godkendte Byrådet indstillingen.", {"for": 20, "against": 0, "abstained": None}),
    ("Med stemmerne 19 for 1 imod godkendte byrådet indstillingen.", {"for": 19, "against": 1, "abstained": None}),
    ("Godkendt. (Ø) stemte imod.", None),
])
def test_counts_as_written(nlp, text, counts):
    assert decided(nlp, text)._.votes["counts"] == counts


@pytest.mark.parametrize("text, points", [
    ("2. Anbefales. (Ø) stemmer imod", ["2"]),
    ("Godkendt.\n\n(F) stemte imod administrationens indstillingspunkt 3.b med bemærkning om punkt 4.", ["3.b"]),
    ("Godkendt.\n\n(F) undlod at tage stilling til indstillingspunkt 1, 4 og 6.", ["1,4,6"]),
    ("1. Godkendt.\n\nImod stemte: V.\n\n2. Ikke godkendt.\n\nFor stemte: V.\n\n3. Godkendt.", ["1", "2"]),
    ("Byrådet godkendte indstillingen.\n\nAd punkt 3\n\nImod stemte: Ø\n\nUndlader: F", ["3", "3"]),
    ("Godkendt.\n\nAd 2, undlod at stemme: F", ["2"]),
    ("1.-4. (V) stemmer imod med bemærkning om borgerinddragelse.", ["1-4"]),
    ("2. a. Ø stemte imod.\n\n2. c. F stemte imod.", ["2.a", "2.c"]),
    ("(Ø) stemmer imod pkt. 3.", ["3"]),
    ("Byrådet godkendte indstillingen.\n\n(Ø) stemte imod.", [None]),  # the whole item
    ("1. Godkendt.\n\n2. Godkendt.\n\n(Ø) stemte imod.", [None]),  # written after all the points
    ("Godkendt den 22. januar.\n\n22. januar: Ø stemte imod.", [None]),  # a date, not a point
])
def test_points(nlp, text, points):
    assert [p["point"] for p in decided(nlp, text)._.votes["positions"]] == points


def test_counted_decisions_above_the_vote_lists_give_their_points(nlp):
    text = ("Med stemmerne 19 for og 1 imod godkendte Byrådet indstillingspunkt 1.\n\n"
            "Yderligere godkendte Byrådet med stemmerne 19 for og 1 imod indstillingspunkt 2 og 3.\n\n"
            "For stemte: (V) og (A).\n\nImod stemte: (Ø).")
    assert [p["point"] for p in decided(nlp, text)._.votes["positions"]] == ["1,2,3"] * 3
    alone = ("Byrådet godkendte indstillingspunkt 1.\n\nMed stemmerne 18 for og 2 imod godkendte Byrådet "
             "indstillingspunkt 2.\n\nFor stemte: (V).\n\nImod stemte: (C).")
    assert [p["point"] for p in decided(nlp, alone)._.votes["positions"]] == ["2", "2"]


def test_absence_carries_no_point(nlp):
    got = decided(nlp, "2. Godkendt. Afbud: Ole Berg (Ø)")._.votes["positions"]
    assert [(p["position"], p["point"]) for p in got] == [("ABSENT", None)]


# ------------------------------------------------------------------ amendments


def test_amendment_with_proposer_and_outcome(nlp):
    text = ("(C) stillede ændringsforslag om, at sagen udsættes.\n\nFor stemte: (C) og (Ø).\n\n"
            "Imod stemte: (V) og (A).\n\nÆndringsforslaget blev forkastet.\n\n"
            "Byrådet godkendte herefter indstillingen.\n\n(Ø) stemte imod.\n\nFraværende: Ole Berg (Ø)")
    votes = decided(nlp, text)._.votes
    assert [(p["position"], p["text"], p["amendment"]) for p in votes["positions"]] == [
        ("FOR", "C", 0), ("FOR", "Ø", 0), ("AGAINST", "V", 0), ("AGAINST", "A", 0),
        ("AGAINST", "Ø", None), ("ABSENT", "Ole Berg (Ø)", None)]
    [amendment] = votes["amendments"]
    assert amendment["proposed_by"] == [{"name": None, "party": "C", "party_name": "Det Konservative Folkeparti"}]
    assert amendment["outcome"] == "REJECTED"
    assert text[amendment["start"]:amendment["end"]].startswith("(C) stillede ændringsforslag")
    assert text[amendment["start"]:amendment["end"]].endswith("Ændringsforslaget blev forkastet.")


def test_an_amendment_of_a_point_and_a_motion_that_is_no_amendment(nlp):
    text = ("(V) fremsatte følgende ændringsforslag til beslutning vedr. indstillingspunkt 1:\n\n"
            "At der holdes et borgermøde.\n\nFor stemte (V).\n\nImod stemte (Ø) og (A).\n\n1.-2. Godkendt.")
    votes = decided(nlp, text)._.votes
    assert votes["amendments"][0]["point"] == "1"
    assert [(p["amendment"], p["point"]) for p in votes["positions"]] == [(0, "1")] * 3
    motion = "A og C stillede forslag om at udsætte sagen.\n\nFor stemte: A og C.\n\nImod stemte: V."
    votes = decided(nlp, motion)._.votes
    assert votes["amendments"] == [] and {p["amendment"] for p in votes["positions"]} == {None}


def test_amendments_one_after_another(nlp):
    text = ("Jens Madsen (V) fremsatte følgende forslag:\n\nAt der afholdes et borgermøde.\n\n1. Borgere inviteres.\n\n"
            "For stemte (V).\n\nImod stemte (A), (C) og (Ø).\n\n"
            "C stillede ændringsforslag om en anden placering.\n\nFor stemte: C og V\n\nUndlod: A\n\n"
            "Ændringsforslaget blev godkendt.\n\n1.-2. Godkendt.\n\n2. Ø stemte imod.")
    votes = decided(nlp, text)._.votes
    assert [(a["proposed_by"][0]["name"], a["proposed_by"][0]["party"], a["outcome"]) for a in votes["amendments"]] == [
        ("Jens Madsen", "V", None), (None, "C", "APPROVED")]
    assert [(p["position"], p["text"], p["amendment"], p["point"]) for p in votes["positions"]] == [
        ("FOR", "V", 0, None), ("AGAINST", "A", 0, None), ("AGAINST", "C", 0, None), ("AGAINST", "Ø", 0, None),
        ("FOR", "C", 1, None), ("FOR", "V", 1, None), ("ABSTAINED", "A", 1, None),
        ("AGAINST", "Ø", None, "2")]


# ------------------------------------------------------------------ only this meeting's decision

MINUTES = """REFERAT Byrådet d. 10-04-2024

Mødedato Onsdag d. 10. april 2024 kl. 19:00

Deltagere: Anna Hansen (A), Jens Madsen (V), Karen Holm (C), Per Lund, Ole Berg (Ø)

Punkt 1: Ny cykelsti

24-000123

Indstilling

Administrationen indstiller,

1. at cykelstien anlægges
2. at udgiften finansieres af kassen

Beslutning

Med stemmerne 15 for og 4 imod godkendte Byrådet indstillingen.

For stemte: (V), (A) og Karen Holm (C).

2. Godkendt. (Ø) stemmer imod.

Per Lund kunne ikke tiltræde indstillingen.

Afbud: Ole Berg

Sagsforløb

Teknisk Udvalg 01-03-2024

Beslutning

Anbefales. (C) stemte imod. Jens Madsen (V) undlod at stemme.

Punkt 2: Eventuelt

Beslutning

Intet.
"""


def test_a_case_history_sets_no_position(nlp):
    ingested = ingest_text(MINUTES)
    item = ingested.items[0]
    doc = item_doc(nlp, ingested.text, item, item.start, item.end, body=ingested.meeting.body,
                   participants=meeting_participants(ingested.meeting, ingested.text))
    votes = nlp(doc)._.votes
    section = item.decision_section
    history = next(s for s in item.sections if s.role == "history")
    got = [(p["position"], p["text"], p["name"], p["party"], p["point"]) for p in votes["positions"]]
    assert got == [("FOR", "V", None, "V", None), ("FOR", "A", None, "A", None),
                   ("FOR", "Karen Holm (C)", "Karen Holm", "C", None), ("AGAINST", "Ø", None, "Ø", "2"),
                   ("AGAINST", "Per Lund", "Per Lund", None, None), ("ABSENT", "Ole Berg", "Ole Berg", "Ø", None)]
    assert votes["counts"] == {"for": 15, "against": 4, "abstained": None}
    for p in votes["positions"]:  # all inside this meeting's decision, none in the Sagsforløb
        assert section.body_start <= item.start + p["start"] < section.end
        assert not history.start <= item.start + p["start"] < history.end
    # the item without votes
    last = ingested.items[1]
    assert nlp(item_doc(nlp, ingested.text, last, last.start, last.end))._.votes == {
        "counts": None, "positions": [], "amendments": []}


def test_a_doc_of_bare_text_is_parsed_as_an_item(nlp):
    """A Doc with only text (as `spacy evaluate` makes them) reads its first item's decision, never its history."""
    votes = nlp(MINUTES)._.votes
    texts = [(p["position"], p["text"]) for p in votes["positions"]]
    assert ("AGAINST", "C") not in texts and all(t != "Jens Madsen (V)" for _, t in texts)
    assert texts[:3] == [("FOR", "V"), ("FOR", "A"), ("FOR", "Karen Holm (C)")]
    first = votes["positions"][0]
    assert MINUTES[first["start"]:first["end"]] == "V"


def test_the_decision_is_read_up_to_a_history_heading_inside_it(nlp):
    assert rows(decided(nlp, "Godkendt. (A) stemte imod.\n\nSagsforløb\n\n(C) stemte imod.")) == [
        ("AGAINST", "A", None, "A")]
    assert rows(decided(nlp, "Godkendt.\n\nSagens forløb:\n\n(C) stemte imod.")) == []


def test_an_item_doc_without_a_decision_gives_nothing(nlp):
    doc = nlp.make_doc("(Ø) stemte imod.")
    doc._.title = "Eventuelt"
    assert nlp.get_pipe("positions")(doc)._.votes["positions"] == []


# ------------------------------------------------------------------ scores


def test_component_score_per_label_and_counts(nlp):
    text = "Med stemmerne 19 for og 1 imod godkendte Byrådet indstillingen.\n\nFor stemte: (V) og (A).\n\n(Ø) stemte imod."
    predicted = decided(nlp, text)
    reference = nlp.make_doc(text)
    v, a, o = (text.index("(V)") + 1, text.index("(A)") + 1, text.index("(Ø)") + 1)
    reference.spans["positions"] = [reference.char_span(v, v + 1, "FOR"), reference.char_span(a, a + 1, "AGAINST"),
                                    reference.char_span(o, o + 1, "AGAINST")]
    reference.user_data["vote_counts"] = {"for": 19, "against": 1, "abstained": None}
    scores = nlp.get_pipe("positions").score([Example(predicted, reference)])
    assert scores["positions_p"] == pytest.approx(2 / 3) and scores["positions_r"] == pytest.approx(2 / 3)
    assert scores["positions_per_label"]["AGAINST"] == {"p": 1.0, "r": 0.5, "f": pytest.approx(2 / 3)}
    assert scores["positions_per_label"]["FOR"]["p"] == 0.5
    assert scores["positions_counts_exact"] == 1.0
    reference.user_data["vote_counts"] = {"for": 18, "against": 1, "abstained": None}
    assert nlp.get_pipe("positions").score([Example(predicted, reference)])["positions_counts_exact"] == 0.0
    # a reference without positions is not scored for them
    bare = nlp.get_pipe("positions").score([Example(predicted, nlp.make_doc(text))])
    assert bare["positions_f"] is None and bare["positions_counts_exact"] is None


def test_score_positions():
    def pos(label, start, end, name=None, party=None, party_name=None, point=None, amendment=None):
        return {"position": label, "name": name, "party": party, "party_name": party_name, "point": point,
                "amendment": amendment, "text": "x", "start": start, "end": end}

    gold = [
        {"counts": {"for": 19, "against": 1, "abstained": None},
         "positions": [pos("FOR", 0, 1, party="V", party_name="Venstre"), pos("AGAINST", 5, 6, party="Ø", point="2"),
                       pos("ABSENT", 10, 20, name="Ole Berg", party="Ø", party_name="Enhedslisten")],
         "amendments": []},
        {"counts": None, "positions": [pos("ABSTAINED", 3, 4, party="F")], "amendments": []},
    ]
    predicted = [
        {"counts": {"for": 19, "against": 1, "abstained": None},
         "positions": [pos("FOR", 0, 1, party="V", party_name="Venstre"), pos("AGAINST", 5, 6, party="Ø", point=None),
                       pos("ABSENT", 10, 20, name="ole  berg", party=None), pos("FOR", 30, 31, party="A")],
         "amendments": []},
        {"counts": {"for": 3}, "positions": [], "amendments": []},
    ]
    s = score_positions(gold, predicted)
    assert (s["positions_p"], s["positions_r"]) == (pytest.approx(3 / 4), pytest.approx(3 / 4))
    assert s["positions_per_label"]["ABSTAINED"] == {"p": 0.0, "r": 0.0, "f": 0.0}
    assert s["positions_per_label"]["FOR"]["p"] == 0.5
    assert s["matched"] == 3
    assert s["actor_acc"] == pytest.approx(2 / 3)  # Ole Berg's party missing
    assert s["party_acc"] == pytest.approx(2 / 3)
    assert s["point_acc"] == pytest.approx(2 / 3)
    assert s["amendment_acc"] == 1.0
    assert (s["counts_exact"], s["counts_items"], s["counts_spurious"]) == (1.0, 1, 1)
    # keyed items: a key missing from the prediction is an item without positions
    keyed = score_positions({("a", 1): gold[0], ("a", 2): gold[1]}, {("a", 1): predicted[0]})
    assert keyed["positions_r"] == pytest.approx(3 / 4) and keyed["counts_spurious"] == 0
    with pytest.raises(ValueError):
        score_positions(gold, predicted[:1])


def test_score_positions_reads_gold_rows_one_per_point():
    """Gold as the annotation files hold it: `label`, one row per point, amendments counted from 1."""
    gold = [{"counts": None, "amendments": [], "positions": [
        {"label": "FOR", "start": 0, "end": 1, "point": 1}, {"label": "FOR", "start": 0, "end": 1, "point": 2},
        {"label": "AGAINST", "start": 4, "end": 5, "point": 2, "amendment": 1},
        {"label": "ABSENT", "start": 9, "end": 12}]}]
    predicted = [{"counts": None, "amendments": [], "positions": [
        {"position": "FOR", "start": 0, "end": 1, "point": "1-2", "amendment": None},
        {"position": "AGAINST", "start": 4, "end": 5, "point": "2.b", "amendment": 0},
        {"position": "ABSENT", "start": 9, "end": 12, "point": None, "amendment": None}]}]
    s = score_positions(gold, predicted, gold_amendment_base=1)
    assert (s["positions_f"], s["point_acc"], s["amendment_acc"], s["matched"]) == (1.0, 1.0, 1.0, 3)
    assert s["actor_acc"] is None  # gold names no actors
    assert score_positions(gold, predicted)["amendment_acc"] == pytest.approx(2 / 3)


# ------------------------------------------------------------------ the pipeline


def test_configs_run_positions_after_decision():
    for path in (ROOT / "configs" / "cnn.cfg", ROOT / "configs" / "trf.cfg",
                 ROOT / "referat" / "pipeline" / "default" / "config.cfg"):
        config = spacy.util.load_config(path, interpolate=False)
        pipeline = config["nlp"]["pipeline"]
        assert pipeline.index("positions") == pipeline.index("decision") + 1, path
        assert config["components"]["positions"]["factory"] == "referat_positions"
        assert config["components"]["positions"]["resources"]["@misc"] == "referat.resources.v1"


def test_pipeline_round_trips_with_positions(nlp, tmp_path):
    nlp.to_disk(tmp_path / "rules")
    assert (tmp_path / "rules" / "positions" / "resources.json").exists()  # the data files are stored once
    loaded = spacy.load(tmp_path / "rules")
    assert loaded.pipe_names[-1] == "positions"
    text = "Godkendt.\n\n(Ø) og Karen Holm (C) stemte imod."
    assert rows(decided(loaded, text)) == rows(decided(nlp, text))
    again = rules_only_pipeline()
    again.from_bytes(nlp.to_bytes())
    assert rows(decided(again, text)) == rows(decided(nlp, text))


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_factory_is_found_through_its_entry_point():
    code = ("import spacy\nnlp = spacy.blank('da')\nnlp.add_pipe('referat_positions')\n"
            "doc = nlp.make_doc('Imod stemte: (Ø)')\ndoc.spans['decision'] = [doc[:]]\n"
            "print([s.label_ for s in nlp.get_pipe('referat_positions')(doc).spans['positions']])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['AGAINST']"


def test_vote_labels_are_the_schemes():
    assert set(VOTE_LABELS) < set(POSITION_LABELS)
    text = "For stemte: (V)"
    assert find_votes(text, (0, len(text)))["positions"][0]["position"] == "FOR"
