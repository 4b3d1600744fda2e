"""The shipped pipeline (referat/pipeline/default) as README tells users to use it."""
from __future__ import annotations

import spacy

import referat.pipeline.components  # noqa: F401  (the factories, as the entry points give them)
from referat.pipeline import DEFAULT_PIPELINE


def test_the_shipped_names_model_switches_on_as_readme_says() -> None:
    """README: `spacy.load(DEFAULT)` then `nlp.enable_pipe("names")`; the trained names model then runs
    after the rules, adds only names that overlap no rule entity, each with its probability, and
    never changes a rule entity."""
    nlp = spacy.load(DEFAULT_PIPELINE)
    assert nlp.disabled == ["names"] and "ner" not in nlp.component_names
    nlp.enable_pipe("names")
    assert nlp.pipe_names.index("entity_rules") < nlp.pipe_names.index("names")
    names = nlp.get_pipe("names")
    assert set(names.thresholds) == {"PARTY", "PROJECT"}
    names.thresholds = {"PARTY": 0.5, "PROJECT": 0.5}  # as a user who lowers them would
    doc = nlp("Byrådet bevilger 2,5 mio. kr. til Karlslunde Idrætsforening den 1. marts 2025, og "
              "Foreningen Strandbakken og Hundige Boldklub deltager i projektet Grønne Hjerter i Tune.")
    rules = {(e.start, e.end, e.label_) for e in doc.spans["rules"]}
    assert rules <= {(e.start, e.end, e.label_) for e in doc.ents}
    assert ("2,5 mio. kr.", "AMOUNT") in [(e.text, e.label_) for e in doc.ents]
    group = doc.spans["names"]
    assert len(group.attrs["scores"]) == len(group)
    rule_tokens = {t for s, e, _ in rules for t in range(s, e)}
    for span, p in zip(group, group.attrs["scores"]):
        assert p >= 0.5 and not any(t in rule_tokens for t in range(span.start, span.end))
