"""What the finders of `referat_entity_rules` share: the shape of a finder, and the count-noun check
that AMOUNT and DATE both make (`2 mio. borgere`, `i 2000 borgere` are counts).

A finder is the rules of one label (`entity_amounts`, `entity_dates`, `entity_parties`,
`entity_projects`), registered by its label in `entity_finders.FINDERS`: it is built once from
the data files and gives the character spans of its label in a Doc's text; the component snaps
them to tokens and resolves overlaps across labels.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from referat.pipeline.resources import Resources

#: the word after a number, to tell a count (`2000 borgere`)
COUNT_WORD = re.compile(r"[ \t\u00a0]*([\w.%]+)")


class Finder(Protocol):
    """The rules of one label: the (start, end) character spans of that label in `text`."""

    def find(self, doc: Doc, text: str) -> Iterable[tuple[int, int]]:
        """`text` is `doc.text`, built once per Doc by the caller: finders scan it, not the tokens."""
        ...


#: what the registry holds for a label: called once per component build with the pipeline and its data
FinderFactory = Callable[[Language, Resources], Finder]


def count_nouns(resources: Resources) -> set[str]:
    """The count nouns of the date data (`borgere`, `personer`), without a trailing full stop."""
    return {c.rstrip(".") for c in resources.dates.count_nouns}


def count_noun_after(text: str, end: int, nouns: set[str]) -> bool:
    """Whether a count noun follows (`i 2000 borgere`, `2 mio. borgere`): a count, not a date or a sum."""
    nxt = COUNT_WORD.match(text, end, end + 30)
    return bool(nxt) and nxt.group(1).lower().rstrip(".") in nouns
