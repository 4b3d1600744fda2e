"""`referat_sections`: an agenda item's sections (decision, recommendation, competence) as spans.

The head of the pipeline. A Doc made by the extractor (`item_doc`) already carries the
sections the ingestion found in the whole document (FirstAgenda headings, HTML headings,
the structure parser), with the item's title and the body that met; the component leaves
those alone. A Doc that carries only its text (`nlp(text)`, `spacy evaluate`) is read as
one agenda item by the ingestion's own structure parser (`StructureParser.parse_item`;
a whole document's text gives its first item), so
both paths find sections with one section finder, and the components after this one read
`doc.spans` only:

    doc.spans["decision"], doc.spans["recommendation"], doc.spans["competence"]
    doc._.title  (None: the Doc is not an agenda item, e.g. a bare classifier input)

    [components.sections]
    factory = "referat_sections"
    minutes = true   # a decision written without a heading is the decision (closed items)
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from referat.corpus.dates import date_words
from referat.corpus.document import ParsedItem
from referat.corpus.structure import StructureParser, choose_decision
from referat.pipeline import extensions  # noqa: F401  (Doc._.title, Doc._.body, ...)
from referat.pipeline.decisions import COMPETENCE_HEADINGS
from referat.pipeline.extensions import doc_text, remember_text

#: The span keys this component sets, in the order a reader looks for them.
SECTION_KEYS = ("decision", "recommendation", "competence")


@Language.factory(
    "referat_sections",
    assigns=["doc.spans", "doc._.title", "doc._.body"],
    default_config={"minutes": True},
)
def make_sections(nlp: Language, name: str, minutes: bool) -> "SectionFinder":
    return SectionFinder(nlp, name, minutes=minutes)


class SectionFinder:
    """Sections from the ingestion where it set them, else from the Doc's text read as one item."""

    def __init__(self, nlp: Optional[Language] = None, name: str = "referat_sections", *, minutes: bool = True) -> None:
        self.name = name
        self.minutes = bool(minutes)

    def __call__(self, doc: Doc) -> Doc:
        if has_sections(doc):
            return doc
        text = doc_text(doc)
        if not text.strip():
            return doc
        parser = StructureParser(text)
        item = parser.parse_item(self.minutes)
        if item is None:  # a text that opens otherwise (a meeting's header): its first item
            item = next(iter(parser.parse()[0]), None)
        if item is None:
            return doc  # not an agenda item: no title, no sections
        meeting_date = doc._.meeting_date
        choose_decision(item, text, doc._.body, date_words(meeting_date.isoformat() if meeting_date else None))
        doc._.title = item.title
        set_sections(doc, item, text, 0, len(text))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Example]]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        """Nothing to learn: the section finder is the ingestion's, with its lexicons."""


def has_sections(doc: Doc) -> bool:
    """Whether the Doc is already an item with its sections (set by `item_doc` or this component)."""
    return doc._.title is not None or any(key in doc.spans for key in SECTION_KEYS)


def section_roles(item: ParsedItem, text: str) -> Sequence[tuple[str, Any]]:
    """(span key, section) for this meeting's decision, the recommendation and the competence section."""
    recommendation = next((s for s in item.sections if s.role == "recommendation" and s.body(text)), None)
    competence = next((s for s in item.sections if s.canonical in COMPETENCE_HEADINGS), None)
    return (("decision", item.decision_section), ("recommendation", recommendation), ("competence", competence))


def set_sections(doc: Doc, item: ParsedItem, text: str, start: int, end: int) -> None:
    """Mark the item's sections that lie in text[start:end] (the Doc's text) as spans."""
    for key, section in section_roles(item, text):
        if section is not None and start <= section.body_start < end:
            span = doc.char_span(section.body_start - start, min(section.end, end) - start, alignment_mode="expand")
            if span is not None:
                doc.spans[key] = [span]


def item_doc(nlp: Language, text: str, item: ParsedItem, start: int, end: int, *,
             body: Optional[str] = None, meeting_date: Any = None,
             participants: Optional[list[dict[str, Any]]] = None) -> Doc:
    """The Doc of `text[start:end]` (an item, or a chunk of one) with what the components read:
    the sections the ingestion found that lie in it as spans, the item's title, the meeting's
    body, date and members (`participants`: [{"name", "party"}])."""
    doc = remember_text(nlp.make_doc(text[start:end]), text[start:end])
    doc._.meeting_date = meeting_date
    doc._.participants = participants
    doc._.title = item.title
    doc._.body = body
    set_sections(doc, item, text, start, end)
    return doc
