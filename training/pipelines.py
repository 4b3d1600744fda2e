"""Ready-made pipelines built from the referat components."""
from __future__ import annotations

import spacy
from spacy.language import Language

from . import normaliser as _normaliser  # noqa: F401  (registers referat_normaliser)
from . import rules as _rules  # noqa: F401  (registers referat_entity_rules)


def rules_only_pipeline(**rules_config) -> Language:
    """spacy.blank("da") + referat_entity_rules + referat_normaliser: the
    extractor's pipeline until a trained one exists, and the "rules alone"
    baseline of the evaluation. Keyword arguments go to the rules' config."""
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", config=rules_config)
    nlp.add_pipe("referat_normaliser")
    return nlp
