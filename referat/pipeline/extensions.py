"""Custom attributes the referat components read and write.

- `Span._.value`: the normalised value of an entity (a dict shaped as the
  output contract says, or None); set by the `referat_normaliser` component.
- `Doc._.meeting_date`: the meeting's date (`datetime.date` or None); set by
  the extractor before the pipeline runs, read by the normaliser to give a
  year to dates written without one.
- `Doc._.title`, `Doc._.body`: the item's title and the body that met (the
  council or committee); read by the decision component.
- `Doc._.decision`: (decision type, score), set by `referat_decision`.
- `Doc._.participants`: the meeting's members as [{"name", "party"}] (present and
  absent); set by the extractor (`item_doc`), read by `referat_positions` to give a
  person named without a party letter the letter of the meeting's list.
- `Doc._.votes`: the item's positions, counts and amendments (output contract v1.1,
  offsets relative to the Doc), set by `referat_positions`.

`register()` is idempotent and is called on import of the components.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span


def register() -> None:
    if not Span.has_extension("value"):
        Span.set_extension("value", default=None)
    for name in ("meeting_date", "title", "body", "decision", "participants", "votes"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register()
