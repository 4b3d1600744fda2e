"""referat_names: the trained span categoriser that adds names to the rules' entities.

A small names model is trained here for a few steps (no static vectors), enough to have
real weights: the windows must give every candidate exactly the scores of a whole-text run,
rule entities must never change, thresholds act per label, and the threshold choice and
its write into a saved config work on real readings."""
from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Span
from spacy.training import Example

from referat.pipeline.names import candidate_spans, select, window_doc
from referat.training.thresholds import OFF, choose, curve_table, precision_at, tune, write_thresholds

SMALL_MODEL = {
    "@architectures": "spacy.SpanCategorizer.v1",
    "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 32},
    "scorer": {"@layers": "Softmax.v2"},
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 32, "rows": [500, 100, 200, 50],
                  "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 32, "depth": 2, "window_size": 1,
                   "maxout_pieces": 3},
    },
}
RECEPTIVE_FIELD = 2  # depth x window_size of SMALL_MODEL's encoder

TRAIN = [
    ("Projektet Grønne Hjerter i Tune starter i år, og Kulturhuset Portalen deltager.",
     [("Grønne Hjerter i Tune", "PROJECT"), ("Kulturhuset Portalen", "PARTY")]),
    ("Udvalget godkendte, at Foreningen Strandbakken får tilskud til projekt Sundt Liv.",
     [("Foreningen Strandbakken", "PARTY"), ("Sundt Liv", "PROJECT")]),
    ("Greve Idrætsråd anbefaler puljen Aktive Unge, som Hundige Boldklub søger.",
     [("Greve Idrætsråd", "PARTY"), ("Aktive Unge", "PROJECT"), ("Hundige Boldklub", "PARTY")]),
]


def example(nlp, text, names):
    doc = nlp.make_doc(text)
    spans = []
    for name, label in names:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
    reference = doc.copy()
    reference.ents = spans
    return Example(nlp.make_doc(text), reference)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_entity_rules", name="entity_rules", config={"model_key": None})
    nlp.add_pipe("referat_names", name="names", config={"model": SMALL_MODEL, "context": RECEPTIVE_FIELD,
                                                        "thresholds": {"PARTY": 0.5, "PROJECT": 0.5}})
    examples = [example(nlp, text, names) for text, names in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(100):  # the rules annotate the Docs first, as [training] annotating_components does
        nlp.update(examples, sgd=optimizer, drop=0.0, annotates=["entity_rules"])
    return nlp


def test_candidates_have_the_shapes_of_names() -> None:
    nlp = spacy.blank("da")
    doc = nlp("Sagen går til Klima-, Teknik- og Miljøudvalget og til projektet vejen til job.\nKulturhuset")
    texts = {doc[s:e].text for s, e in candidate_spans(doc, 8)}
    assert "Klima-, Teknik- og Miljøudvalget" in texts  # a listing comma inside a name
    assert "vejen til job" in texts  # lower case after a cue word
    assert not any(t.endswith((" og", " til")) for t in texts)  # a name does not end on a function word
    assert not any("\n" in t for t in texts)  # nor runs over a line break
    assert "til projektet" not in texts  # lower case without a cue before it
    doc.ents = [doc.char_span(doc.text.index("Klima-"), doc.text.index(" og til"), label="PARTY")]
    left = {doc[s:e].text for s, e in candidate_spans(doc, 8, skip_entities=True)}
    assert "vejen til job" in left and not any("Miljøudvalget" in t or "Teknik" in t for t in left)


def test_windows_give_the_scores_of_a_whole_text_run(nlp) -> None:
    names = nlp.get_pipe("names")
    text = ("og her står en lang tekst uden navne, " * 12 + "Kulturhuset Portalen søger puljen Aktive Unge. "
            + "og mere tekst uden noget som helst, " * 12 + "Foreningen Strandbakken deltager.")
    doc = nlp.make_doc(text)
    indices = names.suggester([doc], ops=names.model.ops)
    rows = names.model.ops.to_numpy(indices.dataXd).reshape(-1, 2)
    window, shifted = window_doc(doc, rows, RECEPTIVE_FIELD)
    assert len(window) < len(doc) / 2  # the tok2vec reads a fraction of the text
    whole = names.model.predict(([doc], indices))
    _, windowed = names.predict([doc])
    assert numpy.allclose(names.model.ops.to_numpy(whole), names.model.ops.to_numpy(windowed), atol=1e-5)
    # with less context than the encoder's receptive field the scores change: the test can fail
    narrow, narrow_rows = window_doc(doc, rows, 0)
    from thinc.types import Ragged
    cut = names.model.predict(([narrow], Ragged(names.model.ops.asarray(narrow_rows, dtype="i"), indices.lengths)))
    assert not numpy.allclose(names.model.ops.to_numpy(whole), names.model.ops.to_numpy(cut), atol=1e-5)


def test_model_adds_names_and_never_changes_a_rule_entity(nlp) -> None:
    text = TRAIN[0][0]  # the rules find `Grønne Hjerter` (PROJECT) and not `Kulturhuset Portalen`
    rules_only = nlp.get_pipe("entity_rules")(nlp.make_doc(text))
    rule_ents = {(e.text, e.label_) for e in rules_only.ents}
    assert ("Grønne Hjerter", "PROJECT") in rule_ents and ("Kulturhuset Portalen", "PARTY") not in rule_ents
    doc = nlp(text)
    group = doc.spans["names"]
    assert ("Kulturhuset Portalen", "PARTY") in {(s.text, s.label_) for s in group}
    assert len(group.attrs["scores"]) == len(group) and all(0.5 <= p <= 1.0 for p in group.attrs["scores"])
    rule_tokens = {t for e in doc.spans["rules"] for t in range(e.start, e.end)}
    assert not any(t in rule_tokens for s in group for t in range(s.start, s.end))  # reads only what the rules left
    ents = {(e.text, e.label_) for e in doc.ents}
    assert rule_ents <= ents and ("Kulturhuset Portalen", "PARTY") in ents  # what the rules missed is added
    added = [e for e in doc.ents if e.label_ in ("PARTY", "PROJECT") and (e.text, e.label_) not in rule_ents]
    assert added and all(e._.score is not None and e._.score >= 0.5 for e in added)  # with its probability
    assert all(e._.score is None for e in doc.ents if (e.text, e.label_) in rule_ents)
    assert {(e.text, e.label_) for e in doc.spans["rules"]} == rule_ents


def test_thresholds_act_per_label() -> None:
    found = [(0, 2, "PARTY", 0.95), (1, 3, "PROJECT", 0.9), (5, 6, "PROJECT", 0.6), (7, 8, "PARTY", 0.7)]
    assert select(found, {"PARTY": 0.8, "PROJECT": 0.5}) == [(0, 2, "PARTY", 0.95), (5, 6, "PROJECT", 0.6)]
    assert select(found, {"PARTY": 0.6, "PROJECT": OFF}) == [(0, 2, "PARTY", 0.95), (7, 8, "PARTY", 0.7)]


def test_threshold_choice_keeps_precision_on_dev() -> None:
    # ten right PROJECT spans at 0.9, three wrong ones at 0.6 (character offsets): 0.6 would give precision 10/13
    found = [(i * 10, i * 10 + 5, "PROJECT", 0.9) for i in range(10)]
    found += [(400 + i * 10, 405 + i * 10, "PROJECT", 0.6) for i in range(3)]
    data = [{"gold": {(i * 10, i * 10 + 5, "PROJECT") for i in range(10)}, "taken": set(), "found": found}]
    assert precision_at(data, "PROJECT", 0.5, ["PROJECT"])["precision"] == pytest.approx(10 / 13)
    chosen = choose(data, ["PROJECT"], min_precision=0.9)["thresholds"]["PROJECT"]
    assert 0.6 < chosen <= 0.9
    table = curve_table(choose(data, ["PROJECT"])["curves"]["PROJECT"]).splitlines()
    assert len(table) == 2 + 20 and table[2].startswith("| 0.500 | 13 | 0.769 | 1.000 | 13 | 0.769 |")
    wrong = [{"gold": {(1000 + i, 1005 + i, "PROJECT") for i in range(6)}, "taken": set(), "found": found}]
    assert choose(wrong, ["PROJECT"])["thresholds"]["PROJECT"] == OFF  # never precise: off


def test_thresholds_are_chosen_and_written_into_a_saved_pipeline(nlp, tmp_path) -> None:
    from spacy.tokens import DocBin

    model = tmp_path / "model"
    nlp.to_disk(model)
    dev = DocBin(store_user_data=True)
    for text, names in TRAIN * 2:
        dev.add(example(nlp, text, names).reference)
    dev.to_disk(tmp_path / "dev.spacy")
    result = tune(model, tmp_path / "dev.spacy", write=True)
    assert set(result["thresholds"]) == {"PARTY", "PROJECT"}
    loaded = spacy.load(model)
    assert loaded.get_pipe("names").thresholds == pytest.approx(result["thresholds"])
    write_thresholds(model, {"PARTY": 0.77, "PROJECT": 0.66})
    assert spacy.load(model).get_pipe("names").thresholds == {"PARTY": 0.77, "PROJECT": 0.66}


def test_thresholds_command_names_a_missing_pipeline(tmp_path) -> None:
    from typer.testing import CliRunner

    from referat.cli import app

    result = CliRunner().invoke(app, ["thresholds", str(tmp_path / "nope"), str(tmp_path / "dev.spacy")])
    assert result.exit_code == 2
    assert "nope" in result.output and "Traceback" not in result.output
