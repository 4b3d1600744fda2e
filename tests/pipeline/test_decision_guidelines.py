"""Decision-type rules from annotations/GUIDELINES.md §7 and the E-T table (§9.6).

Every text here is written for this test (constructed Danish minutes), not taken from an
archive. Each rule has a case that takes the new reading and a contrast that keeps the old one.
"""
from __future__ import annotations

from typing import Optional

import pytest

from referat.pipeline.decisions import classify_by_rules

REC_NOTE = "Administrationen indstiller, at orienteringen tages til efterretning."
REC_NOTE_ANY = "Administrationen indstiller, at eventuelle orienteringer i sagen tages til efterretning."  # hand-written
REC_SIGN = "Formanden indstiller,\n\n1. at protokollen godkendes via digitalt underskriftsblad."

# (expected, decision, recommendation, body, competence, why)
CASES: list[tuple[str, str, Optional[str], Optional[str], Optional[str], str]] = [
    # E-T6: a decision of only the signatories' names records no decision
    ("NONE", "Formand Anne Holm (C)\n\nPeter Lund (A)\n\nMaja Krog (F)", REC_SIGN, None, None,
     "names only: NONE"),
    ("APPROVED", "Protokollen blev underskrevet.", REC_SIGN, None, None,
     "contrast: a signed protocol is approved"),
    ("APPROVED", "Godkendt.", REC_SIGN, None, None,
     "contrast: one word is not a list of names"),
    # E-T12: the council adopts a recommendation the item does not show
    ("APPROVED", "Byrådet godkendte Økonomiudvalgets indstilling.", REC_NOTE, "Byrådet", None,
     "another author's recommendation: APPROVED"),
    ("NOTED", "Byrådet godkendte administrationens indstilling.", REC_NOTE, "Byrådet", None,
     "contrast: the shown author's recommendation is read through"),
    ("NOTED", "Byrådet godkendte administrationens indstilling.",
     "Center for Kultur indstiller, at orienteringen tages til efterretning.", "Byrådet", None,
     "contrast: a centre is the administration"),
    # §7 precedence: a body's own decision beside an orientation
    ("APPROVED", "Orienteringen blev taget til efterretning.\n\nUdvalget besluttede, at næste møde holdes på skolen.",
     REC_NOTE_ANY, None, None, "orientation and a decision of the body: APPROVED"),
    ("APPROVED", "Taget til efterretning.\n\nUdvalget gav formanden mandat til at indgå aftalen.",
     REC_NOTE_ANY, None, None, "a mandate given is a decision"),
    ("POSTPONED", "Udvalget drøftede sagen og besluttede at genoptage drøftelsen på et kommende møde.",
     None, None, None, "contrast E-T15: what was decided is a postponement"),
    ("NOTED", "Orienteringen blev taget til efterretning.\n\nDet blev aftalt, at formanden inviterer rådet.",
     REC_NOTE_ANY, None, None, "contrast: no body decided"),
    ("REFERRED", "Udvalget besluttede at sende sagen til drøftelse i fagudvalgene.", None, None, None,
     "deciding to send the item on is a referral"),
    # E-T16: `anbefaler` with no higher body to receive it
    ("DISCUSSED", "Udvalget drøftede temaet og anbefaler, at der kommer fokus på trivsel.", None,
     "Skoleudvalget", None, "no higher body: DISCUSSED"),
    ("RECOMMENDED", "Udvalget drøftede temaet og anbefaler, at der kommer fokus på trivsel.", None,
     "Skoleudvalget", "Byrådet", "contrast: a higher body decides the matter"),
    # the noun `anbefaling(er)` is not a recommendation by the meeting
    ("APPROVED", "Godkendt.", "Forvaltningen indstiller, at anbefalingerne fra analysen iværksættes.",
     None, None, "`anbefalingerne` in the recommendation"),
    ("RECOMMENDED", "Anbefales.", "Forvaltningen indstiller, at anbefalingerne fra analysen iværksættes.",
     "Skoleudvalget", "Byrådet", "contrast: `Anbefales` is"),
    ("RECOMMENDED", "Oversendes til Byrådet med anbefaling.", None, None, None,
     "contrast: `med anbefaling` is"),
    # remarks do not change the label
    ("NOTED", "Taget til efterretning med bemærkning om, at sagen oversendes til budgetforhandlingerne.",
     REC_NOTE, None, None, "`med bemærkning om, at`"),
    ("NOTED", "Udvalget drøftede budgettet med bemærkning om, at:\n\n- der bevilges flere midler til hjælpemidler\n"
     "- administrationen undersøger taksterne\n\nSeniorrådets høringssvar blev taget til efterretning.",
     None, None, None, "the bullets under a remark belong to it"),
    ("APPROVED", "Udvalget drøftede budgettet.\n\n- Der bevilges 100.000 kr. til foreningen.", None, None, None,
     "contrast: bullets without a remark count"),
    ("RECOMMENDED", "Indstilles godkendt, med den tilføjelse, at budgetforslaget sendes i høring.", None,
     "Økonomiudvalget", None, "`Indstilles godkendt`, remark `med den tilføjelse`"),
    # Greve: `anbefaler over for Byrådet, at ...` covers its whole sentence
    ("RECOMMENDED", "Økonomiudvalget anbefaler overfor Byrådet, at foreningens ansøgning om at få overført "
     "hele sit mindreforbrug fra sidste år til i år imødekommes.", None, "Økonomiudvalget", None,
     "what is recommended onward is not granted here"),
    ("APPROVED", "Økonomiudvalget godkendte, at ansøgningen imødekommes.", None, "Økonomiudvalget", None,
     "contrast: granted by the meeting"),
    # E-T10: partial rejection, also with `, overfor Byrådet,` inside
    ("REJECTED", "1. Økonomiudvalget anbefaler overfor Byrådet, at planen godkendes.\n\n"
     "2. Økonomiudvalget kan, overfor Byrådet, ikke anbefale at der udarbejdes et udvidelsesforslag.",
     None, "Økonomiudvalget", None, "`kan, overfor Byrådet, ikke anbefale`"),
    ("RECOMMENDED", "Økonomiudvalget anbefaler overfor Byrådet, at planen godkendes.", None, "Økonomiudvalget",
     None, "contrast: only recommended"),
    # declining what was put forward
    ("REJECTED", "Udvalget ønsker ikke, at forslaget indgår i budgetforhandlingerne.",
     "Forvaltningen indstiller, at forslaget indgår i budgetforhandlingerne.", None, None,
     "`ønsker ikke, at`: REJECTED"),
    ("REJECTED", "Udvalget ønsker ikke at tilslutte sig erklæringen.", None, None, None,
     "`ønsker ikke at tilslutte sig`"),
    # E-T17: theme and dialogue meetings, refraining from a position
    ("DISCUSSED", "Temamødet blev afholdt.", None, None, None, "a theme meeting held"),
    ("DISCUSSED", "Dialogmødet blev gennemført.", "Der træffes ikke beslutning på mødet.", None, None,
     "a dialogue meeting held"),
    ("NOTED", "Introduktionen blev holdt.", REC_NOTE, None, None, "contrast: an introduction is an orientation"),
    ("NONE", "Udvalget undlod at tage stilling.", "Forvaltningen indstiller, at tilskuddet bevilges.",
     "Kulturudvalget", "Byrådet", "the body refrained: NONE"),
    ("APPROVED", "Godkendt.\n\nJens Holm (A) undlod at tage stilling.", "Forvaltningen indstiller, at tilskuddet bevilges.",
     None, None, "contrast: one member refraining is a position"),
    ("NONE", "Ingen orienteringsemner.", REC_NOTE_ANY, None, None, "no orientation, no decision"),
    # adoptions told in a relative clause, reports, indirect questions, exhortations, requests
    ("NOTED", "Orienteringen om de indsatser, som er vedtaget i handleplanen, blev taget til efterretning.",
     None, None, None, "`som er vedtaget` is background"),
    ("APPROVED", "Handleplanen blev vedtaget.", None, None, None, "contrast: adopted here"),
    ("NOTED", "Formanden orienterede om, at foreningen henvises til at søge puljen.", REC_NOTE_ANY, None, None,
     "what someone told the meeting is not its decision"),
    ("REFERRED", "Sagen henvises til Kulturudvalget.", None, None, None, "contrast: the meeting refers the item"),
    ("NOTED", "Taget til efterretning. Udvalget ønsker et notat om, hvorvidt nabokommunerne bevilger tilskud.",
     None, None, None, "an indirect question decides nothing"),
    ("DISCUSSED", "Udvalget drøftede sagen og opfordrer til, at Økonomiudvalget oversender forslaget til "
     "budgetforhandlingerne.", None, None, None, "an exhortation to another body"),
    ("DISCUSSED", "Udvalget drøftede materialet og ønsker at få fremsendt en oversigt.", None, None, None,
     "a request for material is not a referral"),
    # §7.1: a decision that sends the matter on to a higher body
    ("RECOMMENDED", "Godkendt.\nMed den bemærkning, at sagen forelægges Byrådet.",
     "Forvaltningen indstiller, at rådhuset holder lukket den 23. december.", "Økonomiudvalget", None,
     "the matter goes on to the council: RECOMMENDED"),
    ("APPROVED", "Godkendt.", "Forvaltningen indstiller, at rådhuset holder lukket den 23. december.",
     "Økonomiudvalget", None, "contrast: final"),
    # a numbered list opened by `at Byrådet`
    ("APPROVED", "Byrådet godkendte administrationens indstilling.",
     "Administrationen indstiller, at Byrådet\n\n1. godkender den nye plan\n2. at status tages til efterretning",
     "Byrådet", None, "numbered clauses after `at Byrådet` are read one by one"),
    ("NOTED", "Byrådet godkendte administrationens indstilling.",
     "Administrationen indstiller, at Byrådet\n\n1. tager status til efterretning", "Byrådet", None,
     "contrast: only a clause to take note"),
]


@pytest.mark.parametrize("label,decision,rec,body,competence,why", CASES, ids=[c[5] for c in CASES])
def test_guideline_rule(label, decision, rec, body, competence, why):
    got, score = classify_by_rules(decision, rec, body=body, competence=competence)
    assert got == label, (why, got, score)
    assert 0.0 < score <= 1.0
