"""The shipped pipeline (referat/pipeline/default) as README tells users to use it."""
from __future__ import annotations

import spacy

import referat.pipeline.components  # noqa: F401  (the factories, as the entry points give them)
from referat.pipeline import DEFAULT_PIPELINE


def test_the_shipped_ner_switches_on_as_readme_says() -> None:
    """README: `spacy.load(DEFAULT)` then `nlp.enable_pipe("ner")`; the ner then runs on the shared
    tok2vec and its own entities reach `doc.spans["model"]`, the rules' stay in `doc.ents`."""
    nlp = spacy.load(DEFAULT_PIPELINE)
    assert "ner" in nlp.disabled and "ner" not in nlp.pipe_names
    nlp.enable_pipe("ner")
    assert nlp.pipe_names.index("tok2vec") < nlp.pipe_names.index("ner") < nlp.pipe_names.index("entity_rules")
    doc = nlp("Byrådet bevilger 2,5 mio. kr. til Karlslunde Idrætsforening den 1. marts 2025.")
    assert len(doc.spans["model"]) > 0  # the ner's own reading, before the rules
    assert ("2,5 mio. kr.", "AMOUNT") in [(e.text, e.label_) for e in doc.ents]
