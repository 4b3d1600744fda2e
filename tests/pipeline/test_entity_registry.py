"""The {label: finder} registry behind `referat_entity_rules` (issue 23): every label of the schema
has a finder of its own, a label added to the registry is run by the component with the others
(overlaps resolved as for the shipped labels), and each finder stays a small module."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from referat.corpus import ingest
from referat.pipeline import entity_finders
from referat.pipeline.components import rules_only_pipeline
from referat.pipeline.entity_finders import FINDERS, EntityFinder
from referat.pipeline.resources import Resources, default_resources
from referat.schema import ENTITY_LABELS

ROOT = Path(__file__).resolve().parents[2]
TOY = "GADGET"  # a label the schema does not have: added for one test only


class GadgetFinder:
    """A toy finder: every `Gizmo` (with `Gizmo Kommune`, a longer PARTY, over one)."""

    label = TOY

    def __init__(self, nlp: Language, resources: Resources):
        self.word = "Gizmo"

    def find(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        at = text.find(self.word)
        while at >= 0:
            yield at, at + len(self.word)
            at = text.find(self.word, at + 1)


def test_every_schema_label_has_a_finder_of_its_own():
    assert set(FINDERS) == set(ENTITY_LABELS)
    assert len({id(f) for f in FINDERS.values()}) == len(FINDERS)
    assert all(f.label == label for label, f in FINDERS.items())


def test_a_registered_finder_for_a_new_label_is_run_by_the_component(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(FINDERS, TOY, GadgetFinder)
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", config={"labels": [*ENTITY_LABELS, TOY]})
    doc = nlp("Gizmo koster 2.000 kr. i 2024, betalt af Herlev Kommune og ikke af Gizmo Kommune.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Gizmo", TOY), ("2.000 kr.", "AMOUNT"), ("2024", "DATE"), ("Herlev Kommune", "PARTY"),
        ("Gizmo Kommune", "PARTY"),  # overlaps across labels as for the shipped ones: the longest wins
    ]


def test_a_label_without_a_finder_is_refused():
    with pytest.raises(ValueError, match=TOY):
        EntityFinder(spacy.blank("da"), default_resources(), [*ENTITY_LABELS, TOY])
    nlp = spacy.blank("da")
    with pytest.raises(ValueError, match=TOY):
        nlp.add_pipe("referat_entity_rules", config={"labels": [TOY]})


def test_the_component_is_its_finders_with_overlaps_resolved():
    """The component's entities of one label alone are its finder's spans, snapped to tokens."""
    rules = rules_only_pipeline().get_pipe("entity_rules")
    text = ingest(sorted((ROOT / "corpus" / "raw").glob("*.txt"))[0]).text
    doc = rules.nlp.make_doc(text)
    for label, finder in rules.finder.finders.items():
        spans = [entity_finders.snap(doc, s, e, label, text) for s, e in finder.find(doc, text)]
        alone = EntityFinder(rules.nlp, rules.resources, [label]).find(doc)
        assert alone and set(alone) <= {s for s in spans if s is not None}


def test_skipping_patterns_by_their_words_changes_no_span():
    """A PARTY or DATE pattern is skipped on a text without any of the words its matches hold
    (`needles`); with the skipping off (every text holds ""), the seeds give the same spans."""
    finders = rules_only_pipeline().get_pipe("entity_rules").finder.finders
    party, date = finders["PARTY"], finders["DATE"]
    texts = [ingest(p).text for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    docs = [spacy.blank("da").make_doc(t) for t in texts]

    def spans() -> list:
        return [sorted(party.find(d, d.text)) + sorted(date.find(d, d.text)) for d in docs]

    skipping = spans()
    patterns, needles = party.patterns, date.dates.needles
    try:
        party.patterns = [(kind, rx, ("",)) for kind, rx, _ in patterns]
        date.dates.needles = {}
        assert spans() == skipping
    finally:
        party.patterns, date.dates.needles = patterns, needles
    assert sum(len(s) for s in skipping) > 300


def test_each_finder_is_a_small_module():
    for path in sorted((ROOT / "referat" / "pipeline").glob("entity_*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 500, path.name
