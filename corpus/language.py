"""Is the text Danish? A cheap function-word count, enough to warn about the wrong document.

The models are trained on Danish minutes; an English or German text would give
confident nonsense, so the user gets a warning rather than silent output.
"""
from __future__ import annotations

import re
from typing import Optional

from referat.corpus import lexicon

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def language_warning(text: str, sample: int = 20_000) -> Optional[str]:
    """A warning when `text` does not look Danish; None when it does or is too short to tell."""
    lex = lexicon.get()
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if len(words) < 25:
        return None
    danish = sum(w in lex.danish_words for w in words)
    scores = {name: sum(w in vocab for w in words) for name, vocab in lex.other_languages.items()}
    best, best_score = max(scores.items(), key=lambda kv: kv[1])
    if best_score > danish and best_score >= 0.05 * len(words):
        return (f"the text does not look Danish (it looks {best}); referat is made for Danish minutes, "
                "so the structure and entities may be wrong")
    if danish < 0.03 * len(words):
        return "the text does not look Danish; referat is made for Danish minutes, so the results may be wrong"
    return None
