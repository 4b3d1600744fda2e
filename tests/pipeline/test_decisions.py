"""Decision type: classifier input, wording rules, synthetic training text, sklearn baseline.

(a) every typical wording in the scheme's table (annotation-scheme.md, "Decision type");
(b) precedence, remarks, minority positions, routing, case history;
(c) real decision/recommendation pairs copied from the five seed minutes, with the type
    read from the scheme by hand (not from the gold corpus, which another part builds);
(d) the marked synthetic file;
(e) wordings written after the rules, as a check on unseen phrasing;
(f) the scikit-learn baseline.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from referat.schema import DECISION_TYPES as SCHEMA_TYPES
from referat.pipeline.decisions import (
    COMPETENCE_MARKER,
    DECISION_TYPES,
    EMPTY_DECISION,
    PRECEDENCE,
    RECOMMENDATION_MARKER,
    classify_by_rules,
    classify_recommendation,
    competence_of,
    decision_input,
    refers_to_recommendation,
    split_decision_input,
    strongest,
)

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = ROOT / "annotations" / "synthetic" / "decisions.jsonl"

REC_APPROVE = "Forvaltningen indstiller,\n\n1. at forslaget til ny parkeringsnorm godkendes."
REC_NOTE = "Forvaltningen indstiller,\n\n1. at orienteringen tages til efterretning."
REC_TO_COUNCIL = "Forvaltningen indstiller,\n\n1. at Byrådet godkender den reviderede affaldsplan."


def test_types_are_the_schema_types():
    assert DECISION_TYPES == SCHEMA_TYPES
    assert set(PRECEDENCE) == set(DECISION_TYPES)
    assert PRECEDENCE[0] == "REJECTED" and PRECEDENCE[-1] == "NONE"
    assert strongest(["NOTED", "APPROVED", "RECOMMENDED"]) == "APPROVED"
    assert strongest(["DISCUSSED", "REJECTED"]) == "REJECTED"
    assert strongest([]) is None


# --------------------------------------------------------------------------- (a) scheme table

SCHEME_TABLE = [
    # APPROVED: godkendt, tiltrådt (of a recommendation to approve), vedtaget, bevilget, Ad 1: Tilrådt
    ("APPROVED", "Godkendt.", None),
    ("APPROVED", "Godkendt.", REC_APPROVE),
    ("APPROVED", "Tiltrådt.", REC_APPROVE),
    ("APPROVED", "Indstillingen tiltrådt.", REC_APPROVE),
    ("APPROVED", "Tiltrådte indstillingen.", REC_APPROVE),
    ("APPROVED", "Vedtaget.", None),
    ("APPROVED", "Bevilget.", None),
    ("APPROVED", "Ad 1: Tilrådt.", None),
    ("APPROVED", "Ad 1: Tilrådt.", REC_APPROVE),
    # RECOMMENDED: anbefales over for Økonomiudvalget/Byrådet, indstilles til godkendelse i KB
    ("RECOMMENDED", "Anbefales over for Økonomiudvalget.", None),
    ("RECOMMENDED", "Anbefales over for Byrådet.", None),
    ("RECOMMENDED", "Anbefales over for Økonomiudvalget og Byrådet.", REC_APPROVE),
    ("RECOMMENDED", "Indstilles til godkendelse i KB.", None),
    # NOTED: taget til efterretning, taget til orientering, tiltrådt (of a recommendation to
    # take note), ingen bemærkninger (to an orientation or earlier minutes)
    ("NOTED", "Taget til efterretning.", None),
    ("NOTED", "Taget til orientering.", None),
    ("NOTED", "Tiltrådt.", REC_NOTE),
    ("NOTED", "Tiltrådte indstillingen.", REC_NOTE),
    ("NOTED", "Godkendt.", REC_NOTE),
    ("NOTED", "Ingen bemærkninger.", REC_NOTE),
    ("NOTED", "Ingen bemærkninger.", "at referatet fra sidste møde godkendes."),
    ("NOTED", "Ingen bemærkninger.", None),
    # REJECTED: afvist, ikke godkendt, forkastet, nedstemt, kunne ikke tiltrædes (as the outcome)
    ("REJECTED", "Afvist.", REC_APPROVE),
    ("REJECTED", "Ikke godkendt.", REC_APPROVE),
    ("REJECTED", "Forkastet.", None),
    ("REJECTED", "Nedstemt.", None),
    ("REJECTED", "Indstillingen kunne ikke tiltrædes.", REC_APPROVE),
    ("REJECTED", "Kunne ikke tiltrædes.", REC_APPROVE),
    # POSTPONED: udsat, sagen udsættes, sagen blev trukket
    ("POSTPONED", "Udsat.", REC_APPROVE),
    ("POSTPONED", "Sagen udsættes.", None),
    ("POSTPONED", "Sagen blev trukket.", None),
    # REFERRED: oversendes, fremsendes til X til behandling, henvises, tilbagesendes til forvaltningen
    ("REFERRED", "Oversendes til Økonomiudvalget.", None),
    ("REFERRED", "Sagen oversendes.", None),
    ("REFERRED", "Fremsendes til Teknik- og Miljøudvalget til behandling.", None),
    ("REFERRED", "Henvises til Kultur- og Fritidsudvalget.", None),
    ("REFERRED", "Tilbagesendes til forvaltningen.", REC_APPROVE),
    # DISCUSSED: drøftet, udvalget drøftede sagen
    ("DISCUSSED", "Drøftet.", None),
    ("DISCUSSED", "Udvalget drøftede sagen.", None),
    # NONE: Intet, Intet under dette punkt, no decision text at all
    ("NONE", "Intet.", None),
    ("NONE", "Intet", None),
    ("NONE", "Intet under dette punkt.", None),
    ("NONE", "", REC_APPROVE),
    ("NONE", None, None),
    ("NONE", "   \n ", None),
]


@pytest.mark.parametrize("label,decision,rec", SCHEME_TABLE, ids=[f"{x[0]}:{x[1]!r}" for x in SCHEME_TABLE])
def test_scheme_table_wording(label, decision, rec):
    got, score = classify_by_rules(decision, rec)
    assert got == label, (decision, rec, got, score)
    assert 0.0 <= score <= 1.0


# --------------------------------------------------------------------------- (b) rules

RULE_CASES = [
    # precedence between several decisions in one item
    ("APPROVED", "At 1: Godkendt.\nAt 2: Taget til efterretning.", None, "approval beats note"),
    ("REJECTED", "At 1: Godkendt.\nAt 2: Ikke godkendt.", None, "rejection beats approval"),
    ("APPROVED", "Ad 1: Drøftet.\nAd 2: Godkendt.", None, "approval beats discussion"),
    ("NOTED", "Drøftet og taget til efterretning.", None, "note beats discussion"),
    ("POSTPONED", "Taget til efterretning. Punktet om budgettet udsættes til næste møde.", None, "postponement beats note"),
    ("RECOMMENDED", "Oversendes til Byrådet med anbefaling.", None, "recommendation beats referral"),
    ("REFERRED", "Drøftet. Sagen sendes tilbage til forvaltningen.", None, "referral beats discussion"),
    # numbered parts read with the numbered recommendation clauses
    ("APPROVED", "At 1: Godkendt.\nAt 2: Godkendt.",
     "1. at orienteringen tages til efterretning\n2. at den nye mødeplan godkendes.", "part 2 approves clause 2"),
    ("NOTED", "At 1: Godkendt.", "1. at orienteringen tages til efterretning\n2. at den nye mødeplan godkendes.",
     "part 1 only: clause 1 is a note"),
    # remarks do not change the label
    ("APPROVED", "Godkendt, idet sagen drøftes igen på et senere møde.", REC_APPROVE, "idet remark"),
    ("NOTED", "Taget til efterretning, idet udvalget ønsker sagen genoptaget efter sommerferien.", None, "idet remark"),
    ("APPROVED", "Tiltrådt med den bemærkning, at forvaltningen oversender materialet til Handicaprådet.",
     REC_APPROVE, "med den bemærkning remark"),
    ("DISCUSSED", "Drøftet med den bemærkning, at sagen udsættes, hvis høringen trækker ud.", None, "remark with postponement words"),
    ("NOTED", "At 1: Taget til orientering, idet udvalget bemærker, at indsatsen ikke må ramme de mest udsatte.",
     None, "At 1 with idet remark"),
    # minority positions do not change the label
    ("APPROVED", "Godkendt. Anna Holm (Ø) kunne ikke tiltræde.", REC_APPROVE, "named member dissents"),
    ("APPROVED", "Godkendt. Et mindretal (V) stemte imod.", REC_APPROVE, "minority votes against"),
    ("APPROVED", "Tiltrådt. Dansk Folkeparti kunne ikke tiltræde indstillingen.", REC_APPROVE, "party dissents"),
    ("APPROVED", "Indstillingen blev godkendt. Imod stemte Enhedslisten.", REC_APPROVE, "vote count"),
    ("RECOMMENDED", "Anbefales. Jens Holm (C) kunne ikke anbefale indstillingen.", REC_TO_COUNCIL, "dissent on recommendation"),
    ("APPROVED", "Godkendt. Susanne Berg (F) ønskede sagen udsat.", REC_APPROVE, "minority wants postponement"),
    # ...but the outcome `kunne ikke tiltrædes` / a body that cannot agree is a rejection
    ("REJECTED", "Indstillingen kunne ikke tiltrædes.", REC_APPROVE, "passive outcome"),
    ("REJECTED", "Udvalget kunne ikke tiltræde indstillingen.", REC_APPROVE, "committee cannot agree"),
    ("REJECTED", "Et flertal kunne ikke godkende forslaget. Mindretallet ønskede det godkendt.", None, "majority rejects"),
    ("REJECTED", "Godkendes ikke.", REC_APPROVE, "negated passive"),
    ("REJECTED", "Indstillingen blev ikke tiltrådt.", REC_APPROVE, "negated agreement"),
    ("REJECTED", "Anbefales ikke.", REC_TO_COUNCIL, "negated recommendation"),
    # the decision refers to the recommendation
    ("NOTED", "Som indstillet.", REC_NOTE, "som indstillet, note"),
    ("APPROVED", "Som indstillet.", REC_APPROVE, "som indstillet, approval"),
    ("DISCUSSED", "Tiltrådt.", "at udvalget drøfter principperne for budget 2026.", "agreement to discuss"),
    ("POSTPONED", "Tiltrådt.", "at sagen udsættes til næste møde.", "agreement to postpone"),
    ("REFERRED", "Tiltrådt.", "at sagen oversendes til Økonomiudvalget.", "agreement to refer"),
    # a committee agreeing to a recommendation addressed to a higher body has recommended it
    ("RECOMMENDED", "Tiltrådt.", REC_TO_COUNCIL, "agreement to `Byrådet godkender`"),
    ("RECOMMENDED", "Godkendt.", "Direktøren indstiller, at udvalget over for Økonomiudvalget og Byrådet anbefaler,\n\n"
     "1. at anlægsbevillingen frigives.", "approval of a recommendation to recommend"),
    # ...but a committee's own recommendation to the council is agreed to by the council
    ("APPROVED", "Tiltrådte indstillingen.", "Økonomiudvalget indstiller til Kommunalbestyrelsen,\n\nat regnskabet godkendes.",
     "council agrees to ØU's recommendation"),
    ("APPROVED", "Vedtaget.", "Magistraten indstiller til Byrådet,\n\nat den nye lokalplan vedtages endeligt.",
     "council adopts Magistraten's recommendation"),
    ("RECOMMENDED", "Tiltrådt.", "at Sundheds- og Omsorgsudvalget indstiller til Borgerrepræsentationen at godkende planen.",
     "agreement to a proposal that the committee recommends"),
    ("APPROVED", "Kommunalbestyrelsen godkendte indstillingen.", "Økonomiudvalget indstiller til Kommunalbestyrelsen,\n\n"
     "at regnskabet godkendes.", "the council itself approves"),
    ("APPROVED", "Byrådet vedtog indstillingen.", REC_TO_COUNCIL, "the council itself adopts"),
    ("RECOMMENDED", "Økonomiudvalget anbefaler Byrådet at godkende indstillingen.", None, "anbefaler ... at godkende"),
    ("RECOMMENDED", "Magistraten indstiller forslaget til godkendelse i Byrådet.", None, "Aarhus Magistraten"),
    # Aarhus: Tilbagesendes ... med bemærkning, at byrådet ... har vedtaget
    ("APPROVED", "Tilbagesendes til Magistratsafdelingen for Teknik og Miljø med bemærkning, at byrådet den "
     "14. maj 2025 har vedtaget indstillingen.", REC_TO_COUNCIL, "returned: council adopted"),
    ("NOTED", "Tilbagesendes til Borgmesterens Afdeling med bemærkning, at byrådet har vedtaget indstillingen.",
     "at redegørelsen tages til efterretning.", "returned: adopted a note"),
    ("NOTED", "Tilbagesendes til Magistratsafdelingen for Børn og Unge med bemærkning, at Byrådet har taget "
     "orienteringen til efterretning.", None, "returned: council noted"),
    ("REFERRED", "Tilbagesendes til Magistratsafdelingen for Børn og Unge til fornyet behandling.", None,
     "returned without adoption"),
    # ingen bemærkninger, Intet
    ("NONE", "Ingen bemærkninger.", "at udvalget beslutter, hvilke emner der ønskes på kommende møder.",
     "no remarks to a request for input"),
    ("NONE", "Intet at bemærke.", None, "intet at bemærke"),
    ("NONE", "Der blev ikke drøftet emner under dette punkt.", None, "negated discussion"),
    ("DISCUSSED", "Udvalget drøftede udkastet uden at træffe beslutning.", None, "explicitly no decision"),
    # `sendes i høring` is a decision, not a referral
    ("APPROVED", "Udvalget besluttede at sende forslaget i offentlig høring.", None, "sent to public consultation"),
    # more forms seen in other municipalities' minutes
    ("APPROVED", "Godkendt med forbehold for finansiering i budget 2026.", None, "forbehold is no minority here"),
    ("APPROVED", "Udvalget tog forbehold for finansieringen og godkendte projektet.", None, "forbehold by the committee"),
    ("APPROVED", "Indstillingen blev godkendt med følgende resultat:\nFor stemte 40 (A, F, Ø, B).\nImod stemte 9 (V, O).",
     REC_APPROVE, "København vote record"),
    ("REJECTED", "Ændringsforslaget blev forkastet.\nIndstillingen blev ikke godkendt.", None, "amendment line and outcome"),
    ("APPROVED", "1. Godkendt.\n2. Taget til efterretning.", "1. at planen godkendes\n2. at orienteringen tages til efterretning",
     "bare numbered parts"),
    ("NOTED", "Ad. 1: Godkendt.", "1. at orienteringen tages til efterretning", "Ad. 1"),
    ("APPROVED", "Høringssvaret fremsendes til Trafikstyrelsen.", None, "sending an answer out is a decision"),
    ("APPROVED", "Tiltrådt.", "at vedlagte høringssvar fremsendes til Region Hovedstaden.", "agreement to send an answer"),
    ("REFERRED", "Sagen videregives til Økonomiudvalget.", None, "videregives"),
    ("REFERRED", "Sendes til Teknik- og Miljøudvalget.", None, "sendes til a committee"),
    ("POSTPONED", "Sagen sættes på dagsordenen til næste møde.", None, "put on the next agenda"),
    ("NOTED", "Orienteringen blev givet.", None, "orientation given"),
    ("REJECTED", "Udvalget ønsker ikke at gå videre med projektet.", None, "does not go on with it"),
    ("APPROVED", "Udvalget tilsluttede sig indstillingen.", REC_APPROVE, "tilsluttede sig"),
    ("NOTED", "Udvalget tilsluttede sig indstillingen.", REC_NOTE, "tilsluttede sig a note"),
    ("DISCUSSED", "Der var dialog om de tre modeller.", None, "dialog"),
    ("APPROVED", "Udvalget bemyndigede formanden til at afgive høringssvar.", None, "authorisation"),
    # the case history sets no label
    ("APPROVED", "Godkendt.\n\nSagsforløb\nØkonomiudvalget den 3. april 2024: Anbefales.\n"
     "Teknik- og Miljøudvalget den 12. marts 2024: Sagen udsat.", None, "history after the decision"),
    ("NONE", "Sagsforløb\nTeknik- og Miljøudvalget den 12. marts 2024: Sagen blev udsat.", None, "history only"),
]


@pytest.mark.parametrize("label,decision,rec,why", RULE_CASES, ids=[c[3] for c in RULE_CASES])
def test_rules(label, decision, rec, why):
    got, score = classify_by_rules(decision, rec)
    assert got == label, (why, decision, got, score)


def test_body_argument_turns_a_recommendation_to_itself_into_its_own_decision():
    assert classify_by_rules("Godkendt.", REC_TO_COUNCIL)[0] == "RECOMMENDED"
    assert classify_by_rules("Godkendt.", REC_TO_COUNCIL, body="Byrådet")[0] == "APPROVED"
    assert classify_by_rules("Godkendt.", REC_TO_COUNCIL, body="Aarhus Byråd")[0] == "APPROVED"
    assert classify_by_rules("Godkendt.", REC_TO_COUNCIL, body="Teknisk Udvalg")[0] == "RECOMMENDED"


def test_scores():
    assert classify_by_rules(None, None) == ("NONE", 1.0)
    label, score = classify_by_rules("Taget til efterretning.", None)
    assert label == "NOTED" and score >= 0.9
    label, score = classify_by_rules("Tiltrådt.", REC_NOTE)
    assert label == "NOTED" and score >= 0.9
    # nothing in the decision matches: the recommendation decides, with low confidence
    label, score = classify_by_rules("Protokollen blev underskrevet.", REC_APPROVE)
    assert label == "APPROVED" and score < 0.9
    label, score = classify_by_rules("Formanden takkede for et godt samarbejde.", None)
    assert label == "NONE" and score < 0.5


def test_classify_recommendation():
    assert classify_recommendation(REC_NOTE)[0] == "NOTED"
    assert classify_recommendation(REC_APPROVE)[0] == "APPROVED"
    assert classify_recommendation(REC_TO_COUNCIL)[0] == "RECOMMENDED"
    assert classify_recommendation(REC_TO_COUNCIL, body="Byrådet")[0] == "APPROVED"
    assert classify_recommendation("1. at orienteringen tages til efterretning\n2. at planen godkendes", clause=1)[0] == "NOTED"
    assert classify_recommendation(None) == (None, 0.0)


# --------------------------------------------------------------------------- decision_input


@pytest.mark.parametrize("decision", [
    "Tiltrådte indstillingen.", "Indstillingen tiltrådt.", "Godkendt", "Som indstillet.", "Anbefales.",
    "At 1: Godkendt.", "Ad 1.: Tilrådt.\n\nAd 2.: Tilrådt.", "Tiltrådte indstillingen, idet input indgår i arbejdet.",
    "Indstillingerne tiltrådt med den bemærkning, at det undersøges nærmere.", "Ingen bemærkninger.",
    "Godkendt. Anna Holm (Ø) kunne ikke tiltræde.",
])
def test_decision_input_adds_the_recommendation_when_referred_to(decision):
    assert refers_to_recommendation(decision)
    text = decision_input(decision, REC_NOTE)
    assert text.split("\n").count(RECOMMENDATION_MARKER) == 1
    d, r = split_decision_input(text)
    assert d == decision.strip() and r == REC_NOTE.strip()


@pytest.mark.parametrize("decision", [
    "Taget til efterretning.", "Udsat.", "Oversendes til Økonomiudvalget.", "Drøftet.", "Intet.",
    "Udvalget godkendte den reviderede trafikplan.", "Sendes videre til Økonomiudvalget uden indstilling.",
])
def test_decision_input_keeps_a_self_contained_decision_alone(decision):
    assert not refers_to_recommendation(decision)
    assert decision_input(decision, REC_APPROVE) == decision
    assert split_decision_input(decision) == (decision, None)


def test_decision_input_edge_cases():
    assert decision_input(None, REC_APPROVE) == EMPTY_DECISION
    assert decision_input("  ", None) == EMPTY_DECISION
    assert split_decision_input(EMPTY_DECISION) == (None, None)
    assert decision_input("Godkendt.", None) == "Godkendt."
    assert decision_input("Godkendt.\xa0", "  ") == "Godkendt."
    # the classifier reads the same thing from the input as from the pair
    text = decision_input("Tiltrådt.", REC_NOTE)
    assert classify_by_rules(*split_decision_input(text))[0] == "NOTED"


# --------------------------------------------------------------------------- (c) seed minutes

# (document, item, decision text, recommendation text, type read from the scheme)
SEED_CASES = [
    ("albertslund-ebu-2019-02-25", "Punkt 1", "Tiltrådte indstillingen, idet input vil indgå i det videre arbejde.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at første udkast til Erhvervsstrategi 2019-2014 "
     "godkendes og\n\n2. at procesplanen for erhvervsstrategien godkendes.", "APPROVED"),
    # items 2-5 are grants headed EBU/ØU/KB; the decision and recommendation alone read as approval
    ("albertslund-ebu-2019-02-25", "Punkt 2", "Tiltrådte indstillingen.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at der gives tillægsbevilling på 1.071.288 kr. "
     "til gennemførelse af projekt Udvikling i fleksjob, som finansieres af ekstern bevilling fra Styrelsen for "
     "Arbejdsmarked og Rekruttering.", "APPROVED"),
    ("albertslund-ebu-2019-02-25", "Punkt 3", "Tiltrådte indstillingen.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at der gives tilægsbevilling på 161.400 kr. til "
     "gennemførelse af aktiviteter til forberedelse af implementering af den kommende ændring af lov om en aktiv "
     "beskæftigelsesindsats, som finansieres af ekstern bevilling fra Styrelsen for Arbejdsmarked og Rekruttering.",
     "APPROVED"),
    ("albertslund-ebu-2019-02-25", "Punkt 4", "Tiltrådte indstillingen.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at der gives tillægsbevilling på 1.163.800 kr. "
     "til en særlig jobrettet indsats overfor jobparate kontanthjælpsmodtagere med ansættelse af 1,5 medarbejdere i to "
     "år, som finansieres af ekstern bevilling fra Styrelsen for Arbejdsmarked og Rekruttering.", "APPROVED"),
    ("albertslund-ebu-2019-02-25", "Punkt 5", "Tiltrådte indstillingen.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at der gives tillægsbevilling på 789.763 kr. til "
     "gennemførelse af projekt til styrkelse af samarbejdet mellem a-kasser og jobcenter, som finansieres af eksternt "
     "bevilling fra Styrelsen for Arbejdsmarked og Rekruttering.", "APPROVED"),
    # a discussion plus `at Kommunalbestyrelsen fastlægger`: agreed to a recommendation addressed to KB
    ("albertslund-ebu-2019-02-25", "Punkt 6",
     "Tiltrådte indstillingen, idet der bakked op om hovedprioriteterne med et særligt fokus på kommunikation.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at det drøftes, hvad det nye "
     "erhvervsfremmesystem betyder for kommunen og kommunens lokale erhvervsservice og\n2. at Kommunalbestyrelsen "
     "fastlægger de prioriteter, kommunen ønsker skal indgå i det regionale kapitel for hovedstadsområdet i den "
     "nationale erhvervsfremmestrategi fra 2020 og nogle år frem.", "RECOMMENDED"),
    ("albertslund-ebu-2019-02-25", "Punkt 7", "Tiltrådte indstillingen, idet punkt B drøftes på et kommende møde.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at orienteringerne tages til efterretning.",
     "NOTED"),
    ("albertslund-ebu-2019-02-25", "Punkt 8", "Tiltrådte indstillingen.",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at orienteringerne tages til efterretning.",
     "NOTED"),
    ("albertslund-ebu-2019-02-25", "Punkt 9", "Intet.", None, "NONE"),
    ("albertslund-ebu-2024-03-18", "Punkt 1", "Tiltrådte indstillingen\n\nTina Bodholdt-Nielsen (Æ) deltog ikke i mødet",
     "Formanden indstiller,\n\n1. at dagsordenen godkendes", "APPROVED"),
    ("albertslund-ebu-2024-03-18", "Punkt 2",
     "Tiltrådte indstillingen.\n\nOplægget inklusiv spørgsmål og svar vedlægges referatet.",
     "Direktøren for By, Kultur, Miljø og Beskæftigelse indstiller,\n\n1. at gennemgangen tages til efterretning", "NOTED"),
    ("albertslund-ebu-2024-03-18", "Punkt 3", "Tiltrådte indstillingen\n\nTina Bodholdt-Nielsen (Æ) deltog ikke i mødet",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at udvalget tager orienteringen til efterretning",
     "NOTED"),
    ("albertslund-ebu-2024-03-18", "Punkt 4", "Tiltrådte indstillingen\n\nTina Bodholdt-Nielsen (Æ) deltog ikke i mødet",
     "Direktøren for By, Miljø, Kultur og Beskæftigelse indstiller,\n\n1. at udvalget tager orienteringen til "
     "efterretning.", "NOTED"),
    ("albertslund-ebu-2024-03-18", "Punkt 5", "Tiltrådte indstillingen\n\nTina Bodholdt-Nielsen (Æ) deltog ikke i mødet",
     "Direktøren for By, Miljø, Kultur og Beskæftigelse indstiller,\n\n1. at udvalget tager orienteringen til "
     "efterretning", "NOTED"),
    ("albertslund-ebu-2024-03-18", "Punkt 6", "Tiltrådte indstillingen\n\nTina Bodholdt-Nielsen (Æ) deltog ikke i mødet",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at orienteringerne tages til efterretning.",
     "NOTED"),
    ("albertslund-ebu-2024-03-18", "Punkt 7", "Tiltrådte indstillingen\n\nTina Bodholdt-Nielsen (Æ) deltog ikke i mødet",
     "Direktøren for By, Kultur, Miljø & Beskæftigelse indstiller,\n\n1. at orienteringen tages til efterretning.",
     "NOTED"),
    ("albertslund-ebu-2024-03-18", "Punkt 8", "Intet\n\nTina Bodholdt-Nielsen (Æ) deltog ikke i mødet", None, "NONE"),
    ("herlev-amu-2025-02-26", "Punkt 11", "Raget til efterretning.",
     "Forvaltningen indstiller\n\nat orienteringen tages til efterretning.", "NOTED"),
    ("herlev-amu-2025-02-26", "Punkt 12", "Taget til efterretning.\n\nOplæg vist på mødet bilægges referatet.",
     "Forvaltningen indstiller\n\nat orienteringen tages til efterretning.", "NOTED"),
    ("herlev-amu-2025-02-26", "Punkt 13", "Ad 1.: Tilrådt.\n\nAd 2.: Tilrådt.",
     "Forvaltningen indstiller\n\n1. At Herlev Kommune, Arbejdsmarked og Borgerservice deltager i STAR-projektet Senior "
     "Advisory Board i perioden 2025 til december 2026.\n2. At Herlev Kommune, Arbejdsmarked og Borgerservice samlede "
     "andel på ca. 30.000 kr. i projektperioden finansieres inden for Arbejdsmarked og Borgerservice budgetramme 2025 "
     "og 2026.", "APPROVED"),
    ("herlev-amu-2025-02-26", "Punkt 14", "Taget til efterretning.\n\nOplæg vist på mødet bilægges referatet.",
     "Forvaltningen indstiller\n\nAt statistikken tages til efterretning.", "NOTED"),
    ("herlev-amu-2025-02-26", "Punkt 15", "Intet.", None, "NONE"),
    # signing the protocol approves what was put forward (`... godkendes via ... underskriftsblad`)
    ("herlev-amu-2025-02-26", "Punkt 18", "Protokollen blev underskrevet.",
     "Forvaltningen indstiller\n\nat protokol og deltagelse i mødet godkendes via det digitale underskriftsblad.",
     "APPROVED"),
    ("lejre-jai-2023-09-06", "Punkt 1", "Godkendt", None, "APPROVED"),
    ("lejre-jai-2023-09-06", "Punkt 2", "Taget til efterretning.\n\nPræsentationen på mødet vedlægges som bilag til referatet.",
     "Direktionen indstiller:\n\n \n1. at udvalget tager orienteringen til efterretning.", "NOTED"),
    ("lejre-jai-2023-09-06", "Punkt 3",
     "Indstillingerne tiltrådt med den bemærkning, at det undersøges, om afslutningsårsager kan differentieres "
     "yderligere.\n\nOplæg om sygedagpenge er vedlagt som bilag til referatet.",
     "Direktionen indstiller:\n\n1. at udvalget drøfter nyt format af kvartalsbogen\n2. at udvalget godkender nyt format "
     "på kvartalsbogen", "APPROVED"),
    ("lejre-jai-2023-09-06", "Punkt 4", "Taget til efterretning.",
     "Direktionen indstiller:\n\n1. at Udvalget for Job, Arbejdsmarked & Integration tager orienteringen til "
     "efterretning.", "NOTED"),
    ("lejre-jai-2023-09-06", "Punkt 5", "Intet under dette punkt.", None, "NONE"),
    ("lejre-jai-2023-09-06", "Punkt 6", None, None, "NONE"),
    ("slagelse-ebu-2024-01-15", "1.", "At 1: Godkendt.",
     "Direktøren for Erhverv, Ejendomme og Teknik\xa0indstiller,\n\n1. at\xa0Erhvervs-, Beskæftigelses- og "
     "Uddannelsesudvalget godkender dagsordenen.", "APPROVED"),
    ("slagelse-ebu-2024-01-15", "2.",
     "At 1: Taget til orientering, idet udvalget bemærker, at vi skal undgå, at Slagelse Kommunes "
     "beskæftigelsesindsats bliver ramt unødigt hårdt af den finansiering af Arne-pensionen, som Folketinget har "
     "udpeget. Derfor skal det frem mod første budgetopfølgning vurderes i hvilket omfang, det er nødvendigt at "
     "kompensere beskæftigelsesindsatsen, så indfasningen af finansiering sker med øje for de fremadrettede politiske "
     "mål og påkrævede indsatser.\n\nUdvalget er enige om at udtrykke et politisk ønske om, at der fortsat gives "
     "tilbud til de mest udsatte grupper, som kan flytte dem i retning af uddannelse og arbejdsmarked. Derfor ønsker "
     "udvalget at få præsenteret en eller flere modeller for, hvordan viden og erfaringer fra bl.a. projektet 180 "
     "grader, kan indtænkes i Ungeenhedens praksis,\xa0så der tages hensyn til de udfordringer, som målgruppen har.",
     "Chefen for Arbejdsmarked, Rådgivning og Integration samt Chefen for Børn og Unge indstiller,\n\n1.\xa0at "
     "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget tager sagen til orientering.", "NOTED"),
    ("slagelse-ebu-2024-01-15", "3.", "At 1. Taget til orientering.",
     "Chefen for Arbejdsmarked, Rådgivning og Integration indstiller,\n\n  1. at\xa0Erhvervs-, Beskæftigelses- og "
     "Uddannelsesudvalget\xa0orienteres om, at der er indgået en aftale med Den Sociale Investeringsfond ift. en social "
     "investering i Slagelse Kommune.", "NOTED"),
    ("slagelse-ebu-2024-01-15", "4.", "At 1: Taget til orientering.",
     "Direktøren for Erhverv, Ejendomme og Teknik indstiller,\n\n1. at\xa0Erhvervs-, Beskæftigelses- og "
     "Uddannelsesudvalget orienteres.", "NOTED"),
    # `ingen bemærkninger` to a request for input, not to an orientation or minutes: nothing decided
    ("slagelse-ebu-2024-01-15", "5.", "At 1: Ingen bemærkninger.",
     "Direktøren for Erhverv, Ejendomme og Teknik\xa0indstiller,\n\n1. at\xa0Erhvervs-, Beskæftigelses- og "
     "Uddannelsesudvalget beslutter eventuelle input til emner\xa0eller dagsordenpunkter, som ønskes\xa0behandlet på "
     "kommende møder.", "NONE"),
    ("slagelse-ebu-2024-01-15", "6.", "At 1: Godkendt.",
     "Direktøren for Erhverv, Ejendomme og Teknik\xa0indstiller,\n\n1. at\xa0Erhvervs-, Beskæftigelses- og "
     "Uddannelsesudvalget godkender referatet.", "APPROVED"),
]


@pytest.mark.parametrize("doc,item,decision,rec,label", SEED_CASES, ids=[f"{c[0]}:{c[1]}" for c in SEED_CASES])
def test_seed_decisions(doc, item, decision, rec, label):
    got, score = classify_by_rules(decision, rec)
    assert got == label, (doc, item, got, score)


def test_seed_texts_are_copied_from_the_corpus():
    raw = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "corpus" / "raw").glob("*.txt")}
    for doc, item, decision, rec, _ in SEED_CASES:
        for text in (decision, rec):
            if text:
                for line in text.split("\n"):
                    assert line.strip() in raw[doc], (doc, item, line)


def test_seed_accuracy_report(capsys):
    correct = sum(classify_by_rules(d, r)[0] == label for _, _, d, r, label in SEED_CASES)
    with capsys.disabled():
        print(f"\nrule accuracy on {len(SEED_CASES)} seed items: {correct / len(SEED_CASES):.3f}")
    assert correct == len(SEED_CASES)


# --------------------------------------------------------------------------- (d) synthetic file


def _synthetic() -> list[dict]:
    return [json.loads(line) for line in SYNTHETIC.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_synthetic_file_is_valid_and_marked():
    rows = _synthetic()
    assert rows
    for row in rows:
        assert set(row) == {"text", "label", "meta"}
        assert isinstance(row["text"], str) and row["text"].strip()
        assert row["label"] in DECISION_TYPES
        meta = row["meta"]
        assert meta["synthetic"] is True
        assert meta["source"] == "written for referat"
        assert isinstance(meta["pattern"], str) and meta["pattern"]
        # the text is what the classifier would read for this decision/recommendation pair
        # (with the deciding body where the row names one: `[KOMPETENCE] ...`)
        assert row["text"] == decision_input(meta["decision_text"], meta["recommendation_text"], meta.get("competence"))
    counts = Counter(row["label"] for row in rows)
    assert set(counts) == set(DECISION_TYPES)
    assert min(counts.values()) >= 25, counts
    assert len({r["text"] for r in rows}) >= 0.9 * len(rows)  # varied, not one template


def test_synthetic_covers_the_hard_cases():
    texts = "\n".join(r["text"] for r in _synthetic())
    for wording in ("kunne ikke tiltræde", "idet", "anbefales over for Byrådet", "Oversendes til Økonomiudvalget",
                    "Sagen blev trukket", "Tilbagesendes", "med bemærkning, at", RECOMMENDATION_MARKER):
        assert wording in texts, wording


def test_rules_on_synthetic(capsys):
    rows = _synthetic()
    per: dict[str, list[int]] = {t: [0, 0] for t in DECISION_TYPES}
    for row in rows:
        decision, rec, competence = split_decision_input(row["text"], with_competence=True)
        got, _ = classify_by_rules(decision, rec, competence=competence)
        per[row["label"]][0] += got == row["label"]
        per[row["label"]][1] += 1
    correct = sum(c for c, _ in per.values())
    with capsys.disabled():
        print(f"\nrule accuracy on {len(rows)} synthetic items: {correct / len(rows):.3f} "
              + " ".join(f"{t}={c}/{n}" for t, (c, n) in per.items()))
    assert correct / len(rows) >= 0.9


def test_synthetic_has_competence_rows():
    rows = [r for r in _synthetic() if f"\n{COMPETENCE_MARKER} " in r["text"]]
    counts = Counter(r["label"] for r in rows)
    assert counts["RECOMMENDED"] >= 15 and counts["NOTED"] >= 3 and counts["REJECTED"] >= 3, counts
    for row in rows:
        assert row["meta"]["competence"] and competence_of(None, row["meta"]["competence"], None)
        # the decision text carries the marker line, so that a tool rebuilding the input from
        # (decision_text, recommendation_text) alone (annotations/convert.py) keeps it
        assert decision_input(row["meta"]["decision_text"], row["meta"]["recommendation_text"]) == row["text"]
        d, r, c = split_decision_input(row["text"], with_competence=True)
        assert classify_by_rules(d, r, competence=c)[0] == row["label"], row["meta"]["pattern"]


# --------------------------------------------------------------------------- (e) unseen wording

# Written after the first version of the rules, without looking at what they match; on
# that first run 35 of 40 were right (missed: `Bevillingen gives`, `indstiller sagen til
# Byrådets godkendelse`, a one-line recommendation `indstiller til Borgerrepræsentationen
# at godkende`, `anbefaler, at takstbladet godkendes` read as approval, `Sagen trækkes`),
# after which the rules were generalised for those forms.
UNSEEN = [
    ("APPROVED", "Magistraten besluttede at godkende indstillingen.", "at Magistraten godkender den reviderede pulje for kulturelle projekter."),
    ("APPROVED", "Borgmesteren godkendte sagen på udvalgets vegne.", None),
    ("APPROVED", "Indstillingen blev vedtaget med 25 stemmer mod 6 (Ø og DF).", None),
    ("APPROVED", "Godkendt med den tilføjelse, at der ved næste møde gives en status.", None),
    ("APPROVED", "Bevillingen gives som ansøgt.", None),
    ("RECOMMENDED", "Anbefalet over for Økonomiudvalget.", None),
    ("RECOMMENDED", "Udvalget indstiller sagen til Byrådets godkendelse.", None),
    ("RECOMMENDED", "Tiltrådt.", "at Sundheds- og Omsorgsudvalget indstiller til Borgerrepræsentationen at godkende planen."),
    ("RECOMMENDED", "Økonomiudvalget anbefaler indstillingen.", None),
    ("RECOMMENDED", "Godkendt.", "at udvalget over for Byrådet anbefaler, at takstbladet godkendes."),
    ("NOTED", "Orienteringen blev taget til efterretning.", None),
    ("NOTED", "Udvalget tog sagen til orientering.", None),
    ("NOTED", "Godkendt.", "at Magistraten orienteres om status på skolernes trivselsmåling."),
    ("NOTED", "Meddelelsen taget til efterretning.", None),
    ("NOTED", "Ingen bemærkninger.", "at udvalget tager orienteringen om anbringelser til efterretning."),
    ("REJECTED", "Forslaget blev ikke godkendt.", None),
    ("REJECTED", "Udvalget kunne ikke anbefale forslaget.", None),
    ("REJECTED", "Ansøgningen blev afslået.", None),
    ("REJECTED", "Indstillingen blev forkastet.", None),
    ("REJECTED", "Ønsket om dispensation kan ikke imødekommes.", None),
    ("POSTPONED", "Sagen blev udsat til næste møde.", None),
    ("POSTPONED", "Punktet udsættes.", None),
    ("POSTPONED", "Sagen trækkes.", None),
    ("POSTPONED", "Behandlingen blev udskudt.", None),
    ("POSTPONED", "Sagen genoptages, når der foreligger en juridisk vurdering.", None),
    ("REFERRED", "Sagen oversendes til Børne- og Ungeudvalget.", None),
    ("REFERRED", "Sendes til videre behandling i Magistraten.", None),
    ("REFERRED", "Sagen blev henvist til Økonomiudvalget.", None),
    ("REFERRED", "Tilbagesendt til forvaltningen med henblik på yderligere belysning.", None),
    ("REFERRED", "Videresendes til Kultur- og Fritidsudvalget til udtalelse.", None),
    ("DISCUSSED", "Udvalget drøftede udkastet til planstrategien.", None),
    ("DISCUSSED", "Drøftet på mødet.", None),
    ("DISCUSSED", "Der blev drøftet muligheder for samarbejde med nabokommunerne.", None),
    ("DISCUSSED", "Tiltrådt.", "at udvalget drøfter rammerne for budget 2026."),
    ("DISCUSSED", "Udvalget havde en drøftelse med Ældrerådet om den kommende ældrepolitik.", None),
    ("NONE", "Intet.", None),
    ("NONE", "Intet at bemærke.", None),
    ("NONE", "Ingen sager.", None),
    ("NONE", "Intet nyt fra formanden.", None),
    ("NONE", "Der forelå intet.", None),
]


# A second batch, written after the rules were generalised: 26 of 27 right on the first
# run; the miss (`tog orienteringen til efterretning og besluttede, at sagen genoptages`)
# was expected as NOTED but is POSTPONED by the scheme's precedence, and is left out.
UNSEEN_2 = [
    ("APPROVED", "Indstillingen blev godkendt uden afstemning.", None),
    ("RECOMMENDED", "Indstillingen blev anbefalet uden afstemning.", None),
    ("APPROVED", "Byrådet godkendte indstillingen med 27 stemmer for, 3 imod (Ø) og 1 undlod at stemme (Å).", None),
    ("APPROVED", "Godkendt.\nFraværende: Mette Hansen (A)", None),
    ("REFERRED", "Udvalget besluttede at sende sagen tilbage til forvaltningen med henblik på at undersøge alternative placeringer.", None),
    ("APPROVED", "Udvalget godkendte indstillingen. Venstre tog forbehold for finansieringen.", None),
    ("RECOMMENDED", "Et enigt udvalg anbefaler indstillingen over for Økonomiudvalget og Byrådet.", None),
    ("REJECTED", "Forslaget fra SF om gratis frokost i indskolingen blev forkastet med 4 stemmer mod 21.", None),
    ("POSTPONED", "Sagen blev udsat, idet borgmesteren ønsker at drøfte sagen med parterne.", None),
    ("APPROVED", "Udvalget godkendte de foreslåede takster for 2026.", "at taksterne for 2026 godkendes."),
    ("NOTED", "Taget til efterretning med de faldne bemærkninger.", None),
    ("APPROVED", "Godkendt, dog således at punkt 3 udgår.", None),
    ("DISCUSSED", "Udvalget drøftede budgetforslaget og gav forvaltningen input til den videre proces.", "at udvalget drøfter budgetforslaget."),
    ("RECOMMENDED", "Børne- og Ungeudvalget anbefaler over for Økonomiudvalget og Byrådet, at indstillingen godkendes, idet udvalget dog ønsker en status efter et år.", None),
    ("APPROVED", "Tiltrådt.", "1. at der meddeles tilladelse til udvidelse af dambruget\n2. at afgørelsen offentliggøres."),
    ("NONE", "Ingen punkter til eventuelt.", None),
    ("NOTED", "Udvalget tager status til efterretning.", None),
    ("REFERRED", "Sagen oversendes til Økonomiudvalget, idet udvalget ikke kan blive enige.", None),
    ("REJECTED", "Ansøgningen imødekommes ikke, idet projektet ikke lever op til puljens kriterier.", None),
    ("APPROVED", "Indstillingen blev tiltrådt med den tilføjelse, at der laves en midtvejsevaluering.", "at udvalget godkender projektbeskrivelsen."),
    ("NOTED", "Til orientering.", None),
    ("APPROVED", "Indstillingens punkt 1 og 2 blev godkendt.", None),
    ("APPROVED", "Vedtaget med 8 stemmer for og 1 imod. Lone Berg (Ø) stemte imod, da hun finder takststigningen for høj.", None),
    ("POSTPONED", "Punktet blev udsat til et ekstraordinært møde den 3. juni.", None),
    ("APPROVED", "Økonomiudvalget godkendte indstillingen.", "at Økonomiudvalget godkender den nye indkøbspolitik."),
    ("RECOMMENDED", "Tiltrådt.", "Direktøren for Teknik og Miljø indstiller, at Teknisk Udvalg over for Byrådet anbefaler,\n\n1. at anlægsbevilling på 5 mio. kr. gives\n2. at beløbet finansieres af kassen."),
]


@pytest.mark.parametrize("label,decision,rec", UNSEEN + UNSEEN_2,
                         ids=[f"{c[0]}:{c[1][:40]}" for c in UNSEEN + UNSEEN_2])
def test_unseen_wording(label, decision, rec):
    assert classify_by_rules(decision, rec)[0] == label


# --------------------------------------------------------------------------- (f) baseline


def test_baseline_trains_predicts_and_round_trips(tmp_path, capsys):
    from referat.training.baseline import load_baseline, predict, predict_with_scores, save_baseline, train_baseline

    rows = _synthetic()
    model = train_baseline([r["text"] for r in rows], [r["label"] for r in rows])
    seed_inputs = [decision_input(d, r) for _, _, d, r, _ in SEED_CASES]
    gold = [label for *_, label in SEED_CASES]
    pred = predict(model, seed_inputs)
    assert set(pred) <= set(DECISION_TYPES)
    acc = sum(p == g for p, g in zip(pred, gold)) / len(gold)
    with capsys.disabled():
        print(f"\nsklearn baseline trained on synthetic only, accuracy on {len(gold)} seed items: {acc:.3f}")
    assert acc >= 0.6
    scored = predict_with_scores(model, seed_inputs[:3])
    assert all(0.0 <= s <= 1.0 for _, s in scored)

    path = save_baseline(model, tmp_path / "baseline.pkl")
    again = load_baseline(path)
    assert predict(again, seed_inputs) == pred
    with pytest.raises(ValueError):
        load_baseline(path, trusted=False)


def test_baseline_single_class_and_errors():
    from referat.training.baseline import predict, train_baseline

    model = train_baseline(["Godkendt.", "Tiltrådt."], ["APPROVED", "APPROVED"])
    assert predict(model, ["Udsat."]) == ["APPROVED"]
    with pytest.raises(ValueError):
        train_baseline(["a"], ["APPROVED", "NOTED"])
    with pytest.raises(ValueError):
        train_baseline([], [])


# --------------------------------------------------------------------------- (g) competence

# Albertslund 2019: items headed `EBU/ØU/KB - ...` go on to Økonomiudvalget and
# Kommunalbestyrelsen, which decide; the committee's `Tiltrådte indstillingen` recommends.
ALBERTSLUND_2019_TITLES = {
    "Punkt 1": "EBU - Erhvervsstrategi, 1. udkast",
    "Punkt 2": "EBU/ØU/KB - Flere i fleksjob (bevilling)",
    "Punkt 3": "EBU/ØU/KB - Implementering af ny beskæftigelseslovgivning (bevilling)",
    "Punkt 4": "EBU/ØU/KB - Indsats for jobparate kontanthjælpsmodtagere (bevilling)",
    "Punkt 5": "EBU/ØU/KB - Samarbejde med a-kasser om bedre match (bevilling)",
    "Punkt 6": "EBU/ØU/KB - Nyt erhvervsfremmesystem - betydning for hovedstadskommunerne",
    "Punkt 7": "EBU - Orientering fra formanden",
    "Punkt 8": "EBU - Orientering fra By, Kultur, Miljø & Beskæftigelse",
    "Punkt 9": "EBU - Eventuelt",
}
ALBERTSLUND_2019_WITH_TITLE = {
    "Punkt 1": "APPROVED", "Punkt 2": "RECOMMENDED", "Punkt 3": "RECOMMENDED", "Punkt 4": "RECOMMENDED",
    "Punkt 5": "RECOMMENDED", "Punkt 6": "RECOMMENDED", "Punkt 7": "NOTED", "Punkt 8": "NOTED", "Punkt 9": "NONE",
}
EBU_2019 = "Udvalget for Erhverv, Beskæftigelse og Uddannelsesinstitutioner"


def _seed(doc):
    return [c for c in SEED_CASES if c[0] == doc]


def test_albertslund_titles_are_copied_from_the_corpus():
    raw = (ROOT / "corpus" / "raw" / "albertslund-ebu-2019-02-25.txt").read_text(encoding="utf-8")
    for item, title in ALBERTSLUND_2019_TITLES.items():
        assert f"{item}: {title}\n" in raw, item


@pytest.mark.parametrize("body", [None, EBU_2019, "EBU"])
@pytest.mark.parametrize("case", _seed("albertslund-ebu-2019-02-25"), ids=lambda c: c[1])
def test_albertslund_2019_routing_in_the_title(case, body):
    _, item, decision, rec, _ = case
    title = ALBERTSLUND_2019_TITLES[item]
    label, score = classify_by_rules(decision, rec, body=body, title=title)
    assert label == ALBERTSLUND_2019_WITH_TITLE[item], (item, label, score)
    if label == "RECOMMENDED" and item != "Punkt 6":
        assert score == pytest.approx(0.9)
    # the same through the competence itself and through the classifier input
    competence = competence_of(title, None, body)
    assert (competence == "Kommunalbestyrelsen") == title.startswith("EBU/ØU/KB")
    assert classify_by_rules(decision, rec, body=body, competence=competence)[0] == label
    d, r, c = split_decision_input(decision_input(decision, rec, competence), with_competence=True)
    assert c == competence
    assert classify_by_rules(d, r, competence=c)[0] == label


def test_albertslund_2019_in_the_council_itself_is_approved():
    _, _, decision, rec, _ = _seed("albertslund-ebu-2019-02-25")[1]
    title = ALBERTSLUND_2019_TITLES["Punkt 2"]
    assert competence_of(title, None, "Kommunalbestyrelsen") is None
    assert classify_by_rules(decision, rec, body="Kommunalbestyrelsen", title=title)[0] == "APPROVED"
    # Økonomiudvalget agreeing on the way to the council still recommends
    assert classify_by_rules(decision, rec, body="Økonomiudvalget", title=title)[0] == "RECOMMENDED"


# competence sections as they stand in the seeds: the committee itself decides
SEED_COMPETENCE = {
    "herlev-amu-2025-02-26": ("Beslutningskompetence\n\nArbejdsmarkedsudvalget", "Arbejdsmarkedsudvalget"),
    "lejre-jai-2023-09-06": ("Beslutningskompetence\n\nUdvalget for Job, Arbejdsmarked & Integration",
                             "Udvalget for Job, Arbejdsmarked og Integration"),
    "slagelse-ebu-2024-01-15": ("Kompetence\n\nErhvervs-, Beskæftigelses-, og Uddannelsesudvalget.",
                                "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget"),
}


def test_seed_competence_sections_are_copied_from_the_corpus():
    for doc, (section, _) in SEED_COMPETENCE.items():
        raw = (ROOT / "corpus" / "raw" / f"{doc}.txt").read_text(encoding="utf-8")
        assert section in raw, doc


@pytest.mark.parametrize("case", [c for c in SEED_CASES if c[0] in SEED_COMPETENCE], ids=lambda c: f"{c[0]}:{c[1]}")
def test_seed_competence_of_the_committee_itself_changes_nothing(case):
    doc, item, decision, rec, label = case
    section, body = SEED_COMPETENCE[doc]
    for b in (None, body):
        assert competence_of(None, section, b) is None
        assert classify_by_rules(decision, rec, body=b, competence=section)[0] == label, (doc, item, b)
        assert decision_input(decision, rec, section, body=b) == decision_input(decision, rec)


@pytest.mark.parametrize("title,competence,body,expected", [
    # routing in the title: the last element decides
    ("EBU/ØU/KB - Flere i fleksjob (bevilling)", None, None, "Kommunalbestyrelsen"),
    ("EBU/ØU/KB - Flere i fleksjob (bevilling)", None, "Økonomiudvalget", "Kommunalbestyrelsen"),
    ("EBU/ØU/KB - Flere i fleksjob (bevilling)", None, "Kommunalbestyrelsen", None),
    ("EBU/ØU/KB - Flere i fleksjob (bevilling)", None, "kommunalbestyrelsen.", None),
    ("EBU/ØU/KB - Flere i fleksjob (bevilling)", None, "KB", None),
    ("EBU - Erhvervsstrategi, 1. udkast", None, None, None),
    ("ØU/BY - Budget 2026, 2. behandling", None, None, "Byrådet"),
    ("ØU/BY - Budget 2026, 2. behandling", None, "Økonomiudvalget", "Byrådet"),
    ("ØU/BY - Budget 2026, 2. behandling", None, "Byrådet", None),
    ("ØU/BR: Takster 2026", None, "Teknisk Udvalg", "Byrådet"),
    ("TMU/ØU/BR - Lokalplan for Carlsberg Byen", None, "Københavns Kommune, Teknik- og Miljøudvalget",
     "Borgerrepræsentationen"),
    ("Økonomiudvalget, Byrådet", None, None, "Byrådet"),
    ("Salg af grund på Havnevej (TU/ØU/MAG)", None, "Teknisk Udvalg", "Magistraten"),
    ("TU/ØU - Indkøbspolitik", None, "Teknisk Udvalg", "Økonomiudvalget"),
    ("TU/ØU - Indkøbspolitik", None, "Kommunalbestyrelsen", None),
    ("Budget 2026 - 1. behandling", None, None, None),
    ("Erhvervs-, Beskæftigelses- og Uddannelsesudvalget - Dagsorden", None, None, None),
    (None, None, None, None),
    # competence sections
    (None, "Sagen afgøres i: Byrådet", None, "Byrådet"),
    (None, "Sagen afgøres i: Byrådet", "Byrådet", None),
    (None, "Sagen afgøres i: Byrådet", "Aarhus Byråd", None),
    (None, "Beslutningskompetence\n\nKommunalbestyrelsen", "Social- og Sundhedsudvalget", "Kommunalbestyrelsen"),
    (None, "Kompetence: Økonomiudvalget og Byrådet.", "Børne- og Ungeudvalget", "Byrådet"),
    (None, "Afgørelse\n\nØkonomiudvalget", "Kultur- og Fritidsudvalget", "Økonomiudvalget"),
    (None, "Afgørelse\n\nØkonomiudvalget", "Byrådet", None),
    (None, "Økonomiudvalget", "ØU", None),
    (None, "Byrådets", None, "Byrådet"),
    (None, "Beslutningskompetence\n\nArbejdsmarkedsudvalget", None, None),
    # a competence section wins over the title's routing
    ("EBU/ØU/KB - Flere i fleksjob (bevilling)", "Kompetence\n\nErhvervsudvalget", None, None),
])
def test_competence_of(title, competence, body, expected):
    assert competence_of(title, competence, body) == expected


def test_competence_in_classify_by_rules():
    grant = "Forvaltningen indstiller,\n\nat der gives tillægsbevilling på 250.000 kr. til vedligehold af stier."
    # a council meeting deciding its own matter
    assert classify_by_rules("Godkendt.", grant, body="Byrådet", competence="Byrådet")[0] == "APPROVED"
    assert classify_by_rules("Godkendt.", REC_APPROVE, body="Byrådet", competence="Sagen afgøres i: Byrådet")[0] == "APPROVED"
    # a committee agreeing on a matter the council decides
    assert classify_by_rules("Godkendt.", grant, competence="Byrådet") == ("RECOMMENDED", 0.9)
    assert classify_by_rules("Tiltrådt.", grant, body="Teknisk Udvalg", competence="Sagen afgøres i: Byrådet") == ("RECOMMENDED", 0.9)
    assert classify_by_rules("Som indstillet.", grant, title="ØU/BY - Stier") == ("RECOMMENDED", 0.9)
    assert classify_by_rules("Godkendt.", None, competence="Kommunalbestyrelsen")[0] == "RECOMMENDED"
    assert classify_by_rules("Protokollen blev underskrevet.", grant, competence="Byrådet") == ("RECOMMENDED", 0.5)
    # to take note stays NOTED; explicit wording keeps its type
    assert classify_by_rules("Tiltrådt.", REC_NOTE, competence="Byrådet")[0] == "NOTED"
    assert classify_by_rules("Taget til efterretning.", grant, competence="Byrådet")[0] == "NOTED"
    assert classify_by_rules("Ikke godkendt.", grant, competence="Byrådet")[0] == "REJECTED"
    assert classify_by_rules("At 1: Godkendt.\nAt 2: Ikke godkendt.", None, competence="Byrådet")[0] == "REJECTED"
    assert classify_by_rules("Udsat.", grant, competence="Byrådet")[0] == "POSTPONED"
    assert classify_by_rules("Oversendes til Økonomiudvalget.", grant, competence="Byrådet")[0] == "REFERRED"
    assert classify_by_rules("Drøftet.", grant, competence="Byrådet")[0] == "DISCUSSED"
    assert classify_by_rules("Intet.", grant, competence="Byrådet")[0] == "NONE"
    assert classify_by_rules(None, grant, competence="Byrådet") == ("NONE", 1.0)
    # the deciding body as the decision's subject, or a council reading its committee's recommendation
    assert classify_by_rules("Byrådet godkendte indstillingen.", grant, competence="Byrådet")[0] == "APPROVED"
    assert classify_by_rules("Godkendt.", "Økonomiudvalget indstiller til Byrådet, at planen godkendes.",
                             competence="Byrådet")[0] == "APPROVED"
    # a standing committee's own competence changes nothing
    assert classify_by_rules("Godkendt.", grant, competence="Teknisk Udvalg") == classify_by_rules("Godkendt.", grant)
    # the recommendation's own wording to a higher body still recommends without any competence
    assert classify_by_rules("Godkendt.", "at sagen indstilles til Økonomiudvalgets og Byrådets godkendelse.")[0] == "RECOMMENDED"
    assert classify_by_rules("Godkendt.", "at udvalget anbefaler over for Byrådet, at planen godkendes.")[0] == "RECOMMENDED"


def test_decision_input_with_competence():
    text = decision_input("Tiltrådte indstillingen.", REC_APPROVE, "Kommunalbestyrelsen")
    assert text.split("\n")[:2] == ["Tiltrådte indstillingen.", f"{COMPETENCE_MARKER} Kommunalbestyrelsen"]
    assert text.endswith(f"{RECOMMENDATION_MARKER}\n{REC_APPROVE.strip()}")
    assert split_decision_input(text) == ("Tiltrådte indstillingen.", REC_APPROVE.strip())
    assert split_decision_input(text, with_competence=True) == ("Tiltrådte indstillingen.", REC_APPROVE.strip(),
                                                                 "Kommunalbestyrelsen")
    # a competence section's text is read for the body
    assert decision_input("Godkendt.", None, "Sagen afgøres i: Byrådet") == f"Godkendt.\n{COMPETENCE_MARKER} Byrådet"
    assert decision_input("Udsat.", REC_APPROVE, "Byrådet") == f"Udsat.\n{COMPETENCE_MARKER} Byrådet"
    # no higher competence: the old output
    for competence in (None, "", "Arbejdsmarkedsudvalget"):
        assert decision_input("Godkendt.", REC_APPROVE, competence) == decision_input("Godkendt.", REC_APPROVE)
    assert decision_input("Godkendt.", REC_APPROVE, "Byrådet", body="Byrådet") == decision_input("Godkendt.", REC_APPROVE)
    assert decision_input(None, REC_APPROVE, "Byrådet") == EMPTY_DECISION
    assert split_decision_input(EMPTY_DECISION, with_competence=True) == (None, None, None)
    # the rules read the marker line from the decision text too
    d, r = split_decision_input(text)
    assert classify_by_rules(d, r)[0] == "APPROVED"
    assert classify_by_rules(text.split(f"\n{RECOMMENDATION_MARKER}\n")[0], REC_APPROVE)[0] == "RECOMMENDED"
