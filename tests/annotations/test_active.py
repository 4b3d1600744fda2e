"""The active-learning queue's order and the stand-off rows of pulled archive items, on hand-made input."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from referat.annotations import active, greve
from referat.cli import app
from referat.corpus import ingest
from referat.pipeline import load
from referat.pipeline.decisions import DecisionContext
from referat.pipeline.sections import item_doc

SEEDS = sorted((Path(__file__).resolve().parents[2] / "corpus" / "raw").glob("*.txt"))

# Hand-made decision contexts (what the rules read them as, with a rules-only pipeline).
CONTEXTS = {
    "missed": DecisionContext("Xyzzy plugh.", None),  # a decision text, read as NONE 0.3
    "missed-too": DecisionContext("Qwerty asdf.", None),
    "weak": DecisionContext("Sagen blev behandlet.", "at planen godkendes"),  # APPROVED 0.5
    "weak-2": DecisionContext("Sagen blev behandlet.", "at planen godkendes"),
    "weak-3": DecisionContext("Sagen blev behandlet.", "at planen godkendes"),
    "agreed": DecisionContext("Godkendt.", None),  # APPROVED 0.9
    "noted": DecisionContext("Taget til efterretning.", None),  # NOTED 0.95
    "nothing": DecisionContext("Intet.", None),  # NONE, but explicit: not missed
    "no-text": DecisionContext(None, None),  # no decision text: NONE 1.0
}
# The names model's uncertainty the test hands in for each item.
SPREAD = {"missed": 0.0, "missed-too": 0.0, "weak": 0.2, "weak-2": 0.9, "weak-3": 0.2, "agreed": 1.0,
          "noted": 0.0, "nothing": 0.0, "no-text": 0.5}


def _candidates() -> list[active.Candidate]:
    out = []
    for n, (key, context) in enumerate(CONTEXTS.items()):
        ref = greve.ItemRef(file=f"greve/body/2024-01-0{n}-x.json", sha256="0" * 64, item_id=key, number=n,
                            start=0, end=10)
        out.append(active.Candidate(ref, context))
    return out


@pytest.fixture(scope="module")
def rules_only() -> Language:
    """A pipeline of the sections and decision components, the decision by rules only."""
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_sections", name="sections")
    nlp.add_pipe("referat_decision", name="decision", config={"textcat": None})
    return nlp


def _doc(nlp: Language, candidate: active.Candidate) -> Doc:
    """The item Doc of a hand-made candidate: its decision and recommendation texts as the sections
    `item_doc` marks, under a title (an agenda item)."""
    context = candidate.context
    text, sections = "", []
    for key, part in (("decision", context.decision_text), ("recommendation", context.recommendation_text)):
        if part:
            sections.append((key, len(text), len(text) + len(part)))
            text += part + "\n\n"
    doc = nlp.make_doc(text)
    doc._.title = f"Punkt {candidate.ref.number}"
    for key, start, end in sections:
        doc.spans[key] = [doc.char_span(start, end, alignment_mode="expand")]
    return doc


def _read(candidates: list[active.Candidate], nlp: Language) -> None:
    active.read_decisions(candidates, nlp, [_doc(nlp, c) for c in candidates])


def test_priority_is_missed_then_score_then_uncertainty() -> None:
    assert active.priority(True, 0.99, 0.0) > active.priority(False, 0.0, 1.0)
    assert active.priority(False, 0.5, 0.0) > active.priority(False, 0.51, 1.0)  # the score first ...
    assert active.priority(False, 0.5, 0.3) > active.priority(False, 0.5, 0.2)  # ... then the uncertainty
    assert active.priority(False, 0.504, 0.0) == active.priority(False, 0.5, 0.0)  # two decimals
    assert active.priority(True, 0.3, 0.4) == pytest.approx(2 + 0.7 + 0.4 / 200)
    assert active.uncertainty([], []) == 0.0
    assert active.uncertainty([], [(0, 4, "PARTY", 0.5)]) == 1.0  # as unsure as can be
    assert active.uncertainty([], [(0, 4, "PARTY", 0.9), (5, 9, "PROJECT", 0.7)]) == pytest.approx(0.6)
    assert active.uncertainty([(0, 9, "PARTY")], [(5, 9, "PROJECT", 0.5)]) == 0.0  # the rules found a name there


def test_the_queue_order_on_hand_made_contexts(rules_only) -> None:
    candidates = _candidates()
    _read(candidates, rules_only)
    by_key = {c.ref.item_id: c for c in candidates}
    assert {k for k, c in by_key.items() if c.missed} == {"missed", "missed-too"}
    assert (by_key["weak"].label, by_key["weak"].decision_score) == ("APPROVED", 0.5)
    assert (by_key["nothing"].label, by_key["no-text"].label) == ("NONE", "NONE")

    asked: list[str] = []

    def spread(group: list[active.Candidate]) -> list[float]:
        asked.extend(c.ref.item_id for c in group)
        return [SPREAD[c.ref.item_id] for c in group]

    order = [c.ref.item_id for c in active.rank(candidates, len(candidates), spread)]
    missed = sorted(["missed", "missed-too"], key=lambda k: active.tie_key(by_key[k].ref.file, k))
    weak_ties = sorted(["weak", "weak-3"], key=lambda k: active.tie_key(by_key[k].ref.file, k))
    # missed first (equal priority: by the stable hash), then ascending score (0.5, 0.9, 0.95, 0.95, 1.0);
    # within the 0.5 group the larger uncertainty first; equal priorities by the hash.
    noted_ties = sorted(["noted", "nothing"], key=lambda k: active.tie_key(by_key[k].ref.file, k))
    assert order == missed + ["weak-2"] + weak_ties + ["agreed"] + noted_ties + ["no-text"]

    # Deterministic: the same queue from any input order; the entity comparison runs only
    # on the groups that reach into the queue.
    for seed in range(5):
        shuffled = _candidates()
        random.Random(seed).shuffle(shuffled)
        _read(shuffled, rules_only)
        asked.clear()
        head = [c.ref.item_id for c in active.rank(shuffled, 4, spread)]
        assert head == order[:4]
        assert set(asked) == {"missed", "missed-too", "weak", "weak-2", "weak-3"}


def test_the_decision_readings_are_the_whole_pipelines_on_the_seed_items(shipped_pipeline, tmp_path) -> None:
    """`read_decisions` runs the item Docs through the shipped pipeline's sections and decision
    components: the same decision and score as the whole pipeline on every seed item and on an item
    whose wording no rule reads (the textcat decides it), and `missed` where the wording rules read
    nothing from a decision text."""
    nlp = shipped_pipeline
    pipe_names = list(nlp.pipe_names)
    unsure = tmp_path / "unsure.txt"
    herlev = next(path for path in SEEDS if path.name == "herlev-amu-2025-02-26.txt")
    unsure.write_text(herlev.read_text(encoding="utf-8").split("Punkt 12:")[0] + (
        "Punkt 12: Besøg på jobcentret\n\n00.01.00G01-3-25\n\nResume\n\nUdvalget besøger jobcentret.\n\n"
        "Beslutning\n\nFormanden bød velkommen, og direktøren viste rundt på jobcentret.\n"), encoding="utf-8")
    candidates, docs, whole = [], [], []
    for path in SEEDS + [unsure]:
        document = ingest(path)
        for item in document.items:
            ref = greve.ItemRef(file=path.name, sha256="0" * 64, item_id=str(item.number), number=item.number,
                                start=item.start, end=item.end)
            candidates.append(active.Candidate(ref))
            docs.append(item_doc(nlp, document.text, item, item.start, item.end, body=document.meeting.body))
            whole.append(nlp(item_doc(nlp, document.text, item, item.start, item.end, body=document.meeting.body)))
    active.read_decisions(candidates, nlp, docs)
    assert len(candidates) >= 38 and list(nlp.pipe_names) == pipe_names
    threshold = nlp.get_pipe("decision").threshold
    assert any(doc._.decision_rules and doc._.decision_rules[1] < threshold for doc in whole)  # the textcat's
    for candidate, doc in zip(candidates, whole):
        assert (candidate.label, candidate.decision_score) == doc._.decision
        context = candidate.context
        rules = context.classify() if context is not None and context.decision_text else None
        assert candidate.missed == bool(rules and rules[0] == "NONE" and rules[1] < threshold)


def test_entity_readings_give_the_rules_and_the_names_models_candidates() -> None:
    nlp = load()
    pipe_names = list(nlp.pipe_names)
    text = ("Greve Kommune bevilger 30.000 kr. til projektet Grønne Hjerter i Tune og puljen vejen til job "
            "den 1. marts 2024.")
    ((rules, scored),) = active.entity_readings(nlp, [text])
    assert [(text[s:e], label) for s, e, label in rules] == [(e.text, e.label_) for e in load("rules")(text).ents]
    assert scored and all(label in ("PARTY", "PROJECT") and 0.0 <= p <= 1.0 for _, _, label, p in scored)
    assert any(text[s:e] == "vejen til job" for s, e, _, _ in scored)  # a candidate after a cue word
    # as in the pipeline, the model reads only what the rules left (`Grønne Hjerter` is theirs)
    assert not any(s < re and rs < e for s, e, _, _ in scored for rs, re, _ in rules)
    assert 0.0 <= active.uncertainty(rules, scored) <= 1.0
    assert list(nlp.pipe_names) == pipe_names  # the shared pipeline is left as it was


# --------------------------------------------------------------------------- pulled -> rows

ANCHOR = {"sha256": "ab" * 32, "start": 100, "end": 160}


def _pulled(item_id: str, who: str, label, spans: bool = False, **extra) -> dict:
    record = {"id": 1, "text": "x" * 60, "document": "greve__body__2024", "item": 3,
              "example_id": f"greve__body__2024#{item_id}", "file": "greve/body/2024.json", "item_id": item_id,
              "number": 3, **ANCHOR, "why": "active-learning", "rank": 0, "label": label, "Comments": [],
              "annotator": who, **extra}
    if spans:
        record.update({"segment": "item", "offset": ANCHOR["start"], "text": "Greve Kommune " + "y" * 46})
    return record


def test_pulled_decisions_become_stand_off_rows_without_text(tmp_path) -> None:
    records = [
        _pulled("one", "anna", ["APPROVED"]),
        _pulled("two", "anna", ["NOTED"]), _pulled("two", "bo", ["NOTED"]),
        _pulled("three", "anna", ["NOTED"]), _pulled("three", "bo", ["REJECTED"]),
        _pulled("four", "anna", []),
        {"id": 9, "text": "seed", "document": "herlev", "example_id": "herlev#item-1", "label": ["NOTED"]},
    ]
    result = active.archive_rows(records)
    assert result.ignored == 1 and result.items == 2
    rows = {row["item_id"]: row for row in result.rows}
    assert rows["one"] == {"file": "greve/body/2024.json", "sha256": ANCHOR["sha256"], "item_id": "one", "number": 3,
                           "start": 100, "end": 160, "label": "APPROVED", "why": "active-learning", "source": "single"}
    assert rows["two"]["source"] == "agreed" and rows["two"]["label"] == "NOTED"
    assert len(result.disagreements) == 1 and "anna NOTED, bo REJECTED" in result.disagreements[0]
    assert any("four" in p and "without a decision type" in p for p in result.problems)
    for row in result.rows:
        greve.DecisionLabel.model_validate(row)  # the format of annotations/greve/decisions.jsonl
        assert not {"text", "decision_text", "recommendation_text", "title"} & set(row)

    # Added to a gold file: existing lines stay byte for byte, an item already there is not added twice.
    gold = tmp_path / "decisions.jsonl"
    first = json.dumps({**rows["two"], "label": "DISCUSSED", "source": "adjudicated"}, ensure_ascii=False) + "\n"
    gold.write_text(first, encoding="utf-8")
    assert active.merge_rows(gold, result.rows) == (1, 1)
    assert active.merge_rows(gold, result.rows) == (0, 2)
    lines = gold.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0] == first and json.loads(lines[1]) == rows["one"]


def test_pulled_spans_become_rows_in_document_offsets() -> None:
    spans = [[0, 13, "PARTY"]]
    result = active.archive_rows([_pulled("s", "anna", spans, spans=True), _pulled("s", "bo", spans, spans=True),
                                  _pulled("t", "anna", spans, spans=True), _pulled("t", "bo", [], spans=True)])
    assert result.rows == [{"file": "greve/body/2024.json", "sha256": ANCHOR["sha256"], "item_id": "s", "number": 3,
                            "start": 100, "end": 113, "label": "PARTY", "why": "active-learning", "source": "agreed"}]
    assert len(result.disagreements) == 1 and "greve/body/2024.json item t" in result.disagreements[0]
    off = active.archive_rows([_pulled("u", "anna", [[0, 3, "PARTY"]], spans=True)])  # inside "Greve"
    assert not off.rows and "not on spaCy token boundaries" in off.problems[0]


def test_a_pulled_record_whose_text_does_not_fit_its_offsets_is_not_written() -> None:
    result = active.archive_rows([_pulled("v", "anna", ["NOTED"], text="short")])
    assert not result.rows and "differ" in result.problems[0]


def test_archive_push_without_shared_says_so(tmp_path) -> None:
    missing = tmp_path / "shared" / "corpus" / "greve"
    result = CliRunner().invoke(app, ["annotate", "push", "--archive", str(missing), "--queue", "5",
                                      "--project", "greve-al", "--decisions"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(missing) in lines[0] and "../shared/corpus/greve" in lines[0]
    assert "Traceback" not in result.output
