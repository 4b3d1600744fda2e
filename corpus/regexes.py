"""Building blocks of the regular expressions built from data files.

Why one place: every lexicon (dates, amounts, names, positions, decision wording) turns a
list from JSON into a regex alternation; done one way, the longest form always wins where
two share a beginning (`mio.kr.` before `mio.`), whichever file the list came from. And
where a sentence ends, for the readers that look no further than their sentence.
"""
from __future__ import annotations

import re
from typing import Iterable

__all__ = ["SENTENCE_END", "alternation"]

#: Where a sentence ends: a full stop or mark before a capital, a quote or a parenthesis, or at the end
#: of the text (`2 mio. i 2025` goes on), or a line break.
SENTENCE_END = re.compile(r"[.!?](?=\s+[(\"“”A-ZÆØÅ]|\s*$)|\n")


def alternation(words: Iterable[str], escape: bool = True) -> str:
    """A non-capturing regex group of the words, longest first, each once: literal words
    (escaped), or regex snippets with `escape=False`. Words of one length keep the order
    they were given in, so the same data always gives the same regex."""
    items = sorted(dict.fromkeys(w for w in words if w), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"
