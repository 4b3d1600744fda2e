"""The NLP that runs at extraction time: one spaCy pipeline.

    import referat
    nlp = referat.load()          # the shipped default; or a folder, a package, "rules"

Components (registered factories, settings in the config), in the shipped order:
- `referat_sections` (sections.py): the item's decision, recommendation and competence as span groups;
- `referat_entity_rules` (entity_rules.py, the rules in entity_finders.py): AMOUNT/DATE/PARTY/PROJECT by rules and gazetteers;
- `referat_names` (names.py): a trained span categoriser that adds the PARTY and PROJECT names the rules
  missed, each with its probability, above a per-label threshold;
- `referat_normaliser` (normaliser.py): a normalised value for each entity;
- `referat_textcat` (textcat.py) and `referat_decision` (decision.py): the item's decision type, rules then
  the trained textcat;
- `referat_positions` (positions.py): who voted how on the item (positions, counts, amendments).
Shared data: resources.py (`referat.resources.v1`).

This module imports no spaCy: `load()` imports it without torch where the pipeline needs none.
"""
from referat.pipeline.loading import DEFAULT_PIPELINE, clear_cache, load, pipeline_info

__all__ = ["DEFAULT_PIPELINE", "clear_cache", "load", "pipeline_info"]
