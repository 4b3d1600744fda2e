"""Custom attributes the referat components read and write.

- `Span._.value`: the normalised value of an entity (a dict shaped as the
  output contract says, or None); set by the `referat_normaliser` component.
- `Span._.score`: the trained names model's probability for an entity it added
  (None for a rule entity); set by `referat_names`.
- `Doc._.meeting_date`: the meeting's date (`datetime.date` or None); set by
  the extractor before the pipeline runs, read by the normaliser to give a
  year to dates written without one.
- `Doc._.title`, `Doc._.body`: the item's title and the body that met (the
  council or committee); read by the decision component.
- `Doc._.decision`: (decision type, score), set by `referat_decision`.
- `Doc._.decision_rules`: the wording rules' own (decision type, score) of the item, set by
  `referat_decision` beside `decision` (None where the item has no decision text), so a reader
  (active learning) can tell what the rules could not read from what the textcat decided.
- `Doc._.participants`: the meeting's members as [{"name", "party"}] (present and
  absent); set by the extractor (`item_doc`), read by `referat_positions` to give a
  person named without a party letter the letter of the meeting's list.
- `Doc._.votes`: the item's positions, counts and amendments (output contract v1.1,
  offsets relative to the Doc), set by `referat_positions`.

`register()` is idempotent and is called on import of the components.

`doc_text(doc)` is `doc.text`, joined once per Doc: spaCy builds `Doc.text` from every
token on each access, which was a fifth of the extraction time when three components
each asked for it.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span


def register() -> None:
    for name in ("value", "score"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in ("meeting_date", "title", "body", "decision", "decision_rules", "participants", "votes"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register()

_TEXT = "referat_text"


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep the text a Doc was made from (`nlp.make_doc(text)`), so `doc_text` never joins it."""
    doc.user_data[_TEXT] = text
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, kept in `doc.user_data` after the first call (checked against the Doc's length)."""
    text = doc.user_data.get(_TEXT)
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if text is None or len(text) != end:
        text = doc.text
        doc.user_data[_TEXT] = text
    return text
