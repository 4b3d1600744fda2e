"""`doc_text`: Doc.text joined once per Doc, never stale."""
from __future__ import annotations

import spacy

from referat.pipeline.extensions import doc_text, remember_text


def test_doc_text_equals_doc_text_and_is_kept():
    nlp = spacy.blank("da")
    doc = nlp.make_doc("Byrådet godkendte 2,5 mio. kr. den 3. maj 2024.")
    assert doc_text(doc) == doc.text
    assert doc.user_data  # kept for the next component


def test_a_kept_text_of_another_length_is_not_trusted():
    nlp = spacy.blank("da")
    doc = remember_text(nlp.make_doc("Sagen blev udsat."), "forkert")
    assert doc_text(doc) == "Sagen blev udsat."


def test_an_empty_doc_has_empty_text():
    assert doc_text(spacy.blank("da").make_doc("")) == ""
