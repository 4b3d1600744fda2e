"""`referat_textcat`: spaCy's exclusive textcat that learns only from Docs with gold `cats`.

The training corpus mixes two kinds of Doc: entity segments (ents set, no `cats`) and
decision inputs (one-hot `cats`, ents missing). spaCy's exclusive textcat has no
missing values: a Doc without `cats` is read as "every type 0.0" and pulls all
probabilities towards zero, so a third of the updates taught the classifier nothing
but noise. This subclass treats a type absent from `doc.cats` as missing (no
gradient), as `textcat_multilabel` already does. Prediction and scoring are spaCy's.

`skip_items`: an agenda item (a Doc with a title or sections, as `referat_sections` marks them)
is passed through untouched, because `referat_decision` decides it and runs this textcat
itself on the item's classifier input where the rules are unsure; classifying the whole
item text as well would cost a tok2vec pass over every word and be overwritten.

    [components.textcat]
    factory = "referat_textcat"
    threshold = 0.0
    skip_items = true
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

from spacy.language import Language
from spacy.pipeline.textcat import DEFAULT_SINGLE_TEXTCAT_MODEL, TextCategorizer
from spacy.tokens import Doc
from spacy.util import minibatch
from thinc.api import Model

from referat.pipeline.sections import has_sections


class ReferatTextCategorizer(TextCategorizer):
    """Exclusive classes; a Doc without gold categories contributes no loss."""

    skip_items: bool = False

    @property
    def support_missing_values(self) -> bool:
        return True

    def _is_item(self, doc: Doc) -> bool:
        return self.skip_items and has_sections(doc)

    def __call__(self, doc: Doc) -> Doc:
        return doc if self._is_item(doc) else super().__call__(doc)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for docs in minibatch(stream, size=batch_size):
            todo = [doc for doc in docs if not self._is_item(doc)]
            if todo:
                self.set_annotations(todo, self.predict(todo))
            yield from docs


@Language.factory(
    "referat_textcat",
    assigns=["doc.cats"],
    default_config={
        "threshold": 0.0,
        "skip_items": False,
        "model": DEFAULT_SINGLE_TEXTCAT_MODEL,
        "scorer": {"@scorers": "spacy.textcat_scorer.v2"},
    },
    default_score_weights={"cats_score": 1.0, "cats_score_desc": None},
)
def make_textcat(
    nlp: Language, name: str, model: Model, threshold: float, skip_items: bool, scorer: Optional[Callable]
) -> ReferatTextCategorizer:
    textcat = ReferatTextCategorizer(nlp.vocab, model, name, threshold=threshold, scorer=scorer)
    textcat.skip_items = skip_items
    return textcat
