"""This meeting's decision under the headings municipalities use; a case history is never taken for it."""
from __future__ import annotations

from referat.corpus import ingest_text
from referat.corpus import lexicon

MINUTES = """Referat fra Økonomiudvalget den 3. marts 2025

Punkt 1: Budgetopfølgning
Sagsnr.: 24/1234

Indstilling

Administrationen indstiller, at opfølgningen tages til efterretning.

Sagsforløb

Beslutning i Byrådet den 1. februar 2025:
Sendt tilbage til udvalget.

Bilag

Bilag 1: Oversigt

Punkt 2: Vejplan
Sagsnr.: 24/2222

Afgørelse

Planen blev vedtaget.

Bilag

Notat om planen

Punkt 3: Skolevej
Sagsnr.: 24/3333

Beslutning i Økonomiudvalget den 03-03-2025: Godkendt med bemærkninger.

Sagsfremstilling

En længere tekst om sagen, som fortsætter over flere linjer med mange ord og tal.

Punkt 4: Idrætshal
Sagsnr.: 24/4444

Sagsforløb

Beslutning i Kultur- og Fritidsudvalget den 10. februar 2025:
Anbefales.

Beslutning i Økonomiudvalget den 3. marts 2025:
Anbefales over for Byrådet.

Punkt 5: Legeplads
Sagsnr.: 24/5555

Udvalgets afgørelse

Tilskud bevilget.
Fraværende: Anna Holm (V)
"""


def test_decision_headings_are_data() -> None:
    headings = lexicon.get().headings
    for line in ("Beslutning", "Afgørelse", "Udvalgets afgørelse", "Beslutning i Økonomiudvalget den 3. marts 2025:",
                 "Økonomiudvalgets beslutning den 3. marts 2025"):
        found = headings.match(line)
        assert found is not None and found[0].role == "decision", line
    assert headings.match("Sagens forløb")[0].role == "history"  # type: ignore[index]


def test_decision_under_other_headings_and_never_the_history() -> None:
    doc = ingest_text(MINUTES, source="moede.txt")
    decisions = {i.number: i.decision_text for i in doc.items}
    assert decisions == {
        1: None,  # only a history of the Byråd's earlier meeting: not this meeting's decision
        2: "Planen blev vedtaget.",  # ends where `Bilag` begins
        3: "Godkendt med bemærkninger.",  # inline after a dated heading; ends at Sagsfremstilling
        4: "Anbefales over for Byrådet.",  # the history's entry for this body and date is this meeting's
        5: "Tilskud bevilget.",  # the attendance note stays in the section, out of the decision text
    }
    assert [s.canonical for s in doc.items[4].sections] == ["Beslutning"]
    first = doc.items[0]
    assert [s.role for s in first.sections] == ["recommendation", "history", None]
    assert [s.heading for s in first.earlier_decisions] == ["Beslutning i Byrådet den 1. februar 2025"]
    second = doc.items[1]
    assert second.decision_section is not None and second.decision_section.end == second.sections[1].start
