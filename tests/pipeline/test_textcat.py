"""`referat_textcat`: a Doc without gold cats teaches the exclusive textcat nothing."""
from __future__ import annotations

import spacy
from spacy.training import Example

from referat.schema import DECISION_TYPES


def _examples(nlp):
    labelled = nlp.make_doc("Udvalget godkendte indstillingen.")
    labelled.cats = {t: float(t == "APPROVED") for t in DECISION_TYPES}
    segment = nlp.make_doc("Greve Kommune modtog 2,5 mio. kr. fra puljen.")  # an entity segment: no cats
    return Example(nlp.make_doc(labelled.text), labelled), Example(nlp.make_doc(segment.text), segment)


def _loss_rows(factory: str):
    nlp = spacy.blank("da")
    textcat = nlp.add_pipe(factory, name="textcat")
    labelled, segment = _examples(nlp)
    nlp.initialize(lambda: [labelled])
    scores = textcat.model.predict([labelled.predicted, segment.predicted])
    _, gradient = textcat.get_loss([labelled, segment], scores)
    return abs(gradient[0]).sum(), abs(gradient[1]).sum()


def test_a_doc_without_cats_gives_no_gradient():
    labelled, segment = _loss_rows("referat_textcat")
    assert labelled > 0
    assert segment == 0


def test_spacys_exclusive_textcat_would_pull_it_towards_zero():
    """Why the subclass exists: spaCy's textcat reads missing cats as all 0.0."""
    _, segment = _loss_rows("textcat")
    assert segment > 0


def test_predicts_exclusive_classes_like_spacys():
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_textcat", name="textcat")
    labelled, _ = _examples(nlp)
    nlp.initialize(lambda: [labelled])
    cats = nlp("Sagen blev udsat.").cats
    assert set(cats) == set(DECISION_TYPES)
    assert abs(sum(cats.values()) - 1.0) < 1e-4
