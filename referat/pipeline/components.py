"""Every referat component, registered with spaCy on import, and the rules-only pipeline.

spaCy also finds the factories through the `spacy_factories` entry points in
pyproject.toml, so `spacy train` and `spacy evaluate` need no `--code`.
"""
from __future__ import annotations

import spacy
from spacy.language import Language

from referat.pipeline.decision import DecisionClassifier, make_decision
from referat.pipeline.entity_rules import EntityRules, make_entity_rules
from referat.pipeline.names import NameCategorizer, make_names
from referat.pipeline.normaliser import Normaliser, make_normaliser
from referat.pipeline.positions import PositionFinder, make_positions
from referat.pipeline.sections import SectionFinder, make_sections
from referat.pipeline.textcat import ReferatTextCategorizer, make_textcat

__all__ = ["DecisionClassifier", "EntityRules", "NameCategorizer", "Normaliser", "PositionFinder", "ReferatTextCategorizer",
           "SectionFinder", "make_decision", "make_entity_rules", "make_names", "make_normaliser", "make_positions",
           "make_sections", "make_textcat",
           "rules_only_pipeline"]


def rules_only_pipeline(**rules_config) -> Language:
    """spacy.blank("da") + sections + entity rules + normaliser + decision rules + positions: the pipeline when no
    trained one is there, and the "rules alone" baseline of the evaluation. Keyword
    arguments go to the entity rules' config."""
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_sections", name="sections")
    nlp.add_pipe("referat_entity_rules", name="entity_rules", config=rules_config)
    nlp.add_pipe("referat_normaliser", name="normaliser")
    nlp.add_pipe("referat_decision", name="decision", config={"textcat": None})
    nlp.add_pipe("referat_positions", name="positions")
    return nlp
