"""The shipped pipeline (referat/pipeline/default) as README tells users to use it."""
from __future__ import annotations

import spacy

import referat.pipeline.components  # noqa: F401  (the factories, as the entry points give them)
from referat.pipeline import DEFAULT_PIPELINE


def test_the_shipped_names_model_runs_by_default_after_the_rules() -> None:
    """README: the trained names model is on in `config.cfg`; it adds PARTY and PROJECT names the
    rules miss, with their probabilities, and never changes a rule entity."""
    nlp = spacy.load(DEFAULT_PIPELINE)
    assert not nlp.disabled and "ner" not in nlp.component_names
    assert nlp.pipe_names.index("entity_rules") < nlp.pipe_names.index("names")
    names = nlp.get_pipe("names")
    assert set(names.thresholds) == {"PARTY", "PROJECT"}
    doc = nlp("Byrådet bevilger 2,5 mio. kr. til Karlslunde Idrætsforening den 1. marts 2025 "
              "til projektet Grønne Hjerter i Tune.")
    rules = {(e.start, e.end, e.label_) for e in doc.spans["rules"]}
    assert rules <= {(e.start, e.end, e.label_) for e in doc.ents}
    assert ("2,5 mio. kr.", "AMOUNT") in [(e.text, e.label_) for e in doc.ents]
    group = doc.spans["names"]
    assert len(group.attrs["scores"]) == len(group)
    for span, p in zip(group, group.attrs["scores"]):
        assert p >= names.thresholds[span.label_]
