"""`referat_textcat`: spaCy's exclusive textcat that learns only from Docs with gold `cats`.

The training corpus mixes two kinds of Doc: entity segments (ents set, no `cats`) and
decision inputs (one-hot `cats`, ents missing). spaCy's exclusive textcat has no
missing values: a Doc without `cats` is read as "every type 0.0" and pulls all
probabilities towards zero, so a third of the updates taught the classifier nothing
but noise. This subclass treats a type absent from `doc.cats` as missing (no
gradient), as `textcat_multilabel` already does. Prediction and scoring are spaCy's.

    [components.textcat]
    factory = "referat_textcat"
    threshold = 0.0
"""
from __future__ import annotations

from typing import Callable, Optional

from spacy.language import Language
from spacy.pipeline.textcat import DEFAULT_SINGLE_TEXTCAT_MODEL, TextCategorizer
from thinc.api import Model


class ReferatTextCategorizer(TextCategorizer):
    """Exclusive classes; a Doc without gold categories contributes no loss."""

    @property
    def support_missing_values(self) -> bool:
        return True


@Language.factory(
    "referat_textcat",
    assigns=["doc.cats"],
    default_config={
        "threshold": 0.0,
        "model": DEFAULT_SINGLE_TEXTCAT_MODEL,
        "scorer": {"@scorers": "spacy.textcat_scorer.v2"},
    },
    default_score_weights={"cats_score": 1.0, "cats_score_desc": None},
)
def make_textcat(
    nlp: Language, name: str, model: Model, threshold: float, scorer: Optional[Callable]
) -> ReferatTextCategorizer:
    return ReferatTextCategorizer(nlp.vocab, model, name, threshold=threshold, scorer=scorer)
