"""The rules of `referat_entity_rules`: a registry of one finder per entity label, and
`EntityFinder`, which runs the finders of the chosen labels over a Doc and resolves overlaps.

    FINDERS: dict[str, FinderFactory]   # label -> finder class, called as (nlp, resources)

Each label's rules are a small module of their own, built once from the data files:
AMOUNT `entity_amounts`, DATE `entity_dates`, PARTY `entity_parties` (its name patterns in
`entity_party_names`), PROJECT `entity_projects`; what they share is `entity_common`. A finder's
`find(doc, text)` gives character spans of its label; adding a label is the label in
`referat/schema.py`, its data, and a finder module registered here.

Character matches are snapped to tokens with `alignment_mode="strict"`; where that fails because
a match ends inside a token (`3F` in `3F's`, `d.19. november`), the span is expanded to whole
tokens, as the annotation scheme asks. Overlaps, across labels too, are resolved with
`spacy.util.filter_spans` (the longest wins; of equal ones, the label run first).

What varies by municipality or system is data (`patterns/*.json`, `gazetteers/*.json`,
`corpus/lexicons/dates.json`, through `referat.pipeline.resources`); the finders hold only how
those data are matched.
"""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from referat.pipeline.entity_amounts import AmountFinder
from referat.pipeline.entity_common import Finder, FinderFactory
from referat.pipeline.entity_dates import DateFinder
from referat.pipeline.entity_parties import PartyFinder
from referat.pipeline.entity_projects import ProjectFinder
from referat.pipeline.extensions import doc_text
from referat.pipeline.resources import Resources
from referat.schema import ENTITY_LABELS

__all__ = ["FINDERS", "LABELS", "EntityFinder", "Finder", "FinderFactory", "snap"]

LABELS = ENTITY_LABELS

#: label -> the finder of its rules, each stating its own label; tests/pipeline/test_entity_registry.py
#: checks that every label of the schema has one.
FINDERS: dict[str, FinderFactory] = {f.label: f for f in (AmountFinder, DateFinder, PartyFinder, ProjectFinder)}


class EntityFinder:
    """The rule entities of a Doc: the registered finders of `labels`, built once from the data files."""

    def __init__(self, nlp: Language, resources: Resources, labels: Iterable[str] = LABELS):
        self.nlp = nlp
        self.resources = resources
        self.labels = list(labels)
        unknown = sorted(set(self.labels) - set(FINDERS))
        if unknown:
            raise ValueError(f"no entity finder registered for {unknown}; registered: {list(FINDERS)}")
        self.finders: dict[str, Finder] = {label: FINDERS[label](nlp, resources) for label in self.labels}

    def find(self, doc: Doc) -> list[Span]:
        """The rule entities of `doc` (not yet set), overlaps resolved."""
        spans: list[Span] = []
        text = doc_text(doc)  # Doc.text joins every token: build it once per Doc, not per finder or match
        for label in self.labels:
            for start, end in self.finders[label].find(doc, text):
                span = snap(doc, start, end, label, text)
                if span is not None:
                    spans.append(span)
        return filter_spans(spans)

    # The rules of one label by their names before the registry, for the tests that still use them.


def snap(doc: Doc, start: int, end: int, label: str, text: str | None = None) -> Span | None:
    """The span of whole tokens for a character match: strict where the match
    is on token edges, expanded to whole tokens where it ends inside one.
    `text` is `doc.text`, passed in by callers that snap many matches."""
    text = doc_text(doc) if text is None else text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None or not span.text.strip():
        return None
    return span
