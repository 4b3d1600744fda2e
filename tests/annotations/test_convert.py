"""convert: DocBins split by document, NER docs with ents (no cats), decision docs with cats (no ents),
synthetic examples only in train, leave-one-municipality-out folds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from referat.annotations.convert import (
    SPLITS, convert, convert_folds, document_split, fold_assignment, load_synthetic, read_docbin, split_units,
)
from referat.annotations.gold import DECISION_TYPES, GoldAlignmentError, write_jsonl


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("da")


@pytest.fixture()
def gold(tmp_path: Path, make_gold) -> Path:
    make_gold(tmp_path / "gold")
    return tmp_path / "gold"


@pytest.fixture()
def synthetic_dir(tmp_path: Path) -> Path:
    d = tmp_path / "synthetic"
    write_jsonl(d / "decisions.jsonl", [
        {"text": "Godkendt.", "label": "APPROVED", "meta": {"synthetic": True, "decision_text": "Godkendt.",
                                                            "recommendation_text": None}},
        {"text": "Sagen blev udsat.", "label": ["POSTPONED"], "synthetic": True},
    ])
    write_jsonl(d / "spans.jsonl", [
        {"text": "STAR gav 30.000 kr.", "label": [[0, 4, "PARTY"], [9, 19, "AMOUNT"]], "synthetic": True},
    ])
    return d


def test_split_is_deterministic_by_document_and_3_1_1_for_five(gold_docs):
    docs = list(gold_docs)
    split = split_units(docs, seed=0)
    assert [len(split[s]) for s in SPLITS] == [3, 1, 1]
    assert split == split_units(list(reversed(docs)), seed=0)  # input order does not matter
    assert sorted(d for s in SPLITS for d in split[s]) == sorted(docs)  # each document exactly once
    assert any(split_units(docs, seed=s) != split for s in range(1, 10))  # the seed changes it
    assert [len(split_units(docs[:n])[s]) for n in (1, 2, 3, 4) for s in SPLITS] == [1, 0, 0, 1, 0, 1, 1, 1, 1, 2, 1, 1]


def test_split_by_municipality_keeps_a_municipality_together(gold_docs):
    records = [{"document": d, "municipality": m} for d, m in gold_docs.items()]
    where = document_split(records, 0, "municipality")
    assert where["alpha-2024"] == where["alpha-2019"]
    assert len(set(where.values())) == 3
    with pytest.raises(ValueError):
        document_split(records, 0, "page")


def test_convert_writes_docbins_with_ents_or_cats(gold, tmp_path, nlp, synthetic_dir, gold_docs):
    report = convert(gold, tmp_path / "corpus", seed=0, synthetic=False, synthetic_dir=synthetic_dir)
    assert [len(report.documents[s]) for s in SPLITS] == [3, 1, 1]
    seen: dict[str, str] = {}
    for split in SPLITS:
        docs = read_docbin(tmp_path / "corpus" / f"{split}.spacy", nlp)
        assert docs, split
        for doc in docs:
            doc_id = doc.user_data["document"]
            assert seen.setdefault(doc_id, split) == split, f"{doc_id} in two splits"
            assert doc.user_data["synthetic"] is False
            if doc.user_data["kind"] == "ner":
                assert not doc.cats
                assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)  # ents set: unlabelled tokens are O
            else:
                assert doc.user_data["kind"] == "decision"
                assert sorted(doc.cats) == sorted(DECISION_TYPES) and sum(doc.cats.values()) == 1.0
                assert all(t.ent_iob_ == "" for t in doc)  # NER annotation missing: no loss for ner
        ner = [d for d in docs if d.user_data["kind"] == "ner"]
        assert len(ner) == 4 * len(report.documents[split])  # header, 2 items, trailer per document
        assert sum(len(d.ents) for d in ner) == 7 * len(report.documents[split])
        assert report.counts[split]["ents"] == sum(len(d.ents) for d in ner)
    assert set(seen) == set(gold_docs)
    # the same call gives the same files
    first = {s: (tmp_path / "corpus" / f"{s}.spacy").read_bytes() for s in SPLITS}
    convert(gold, tmp_path / "corpus", seed=0, synthetic=False)
    assert first == {s: (tmp_path / "corpus" / f"{s}.spacy").read_bytes() for s in SPLITS}


def test_decision_docs_use_the_classifier_input(gold, tmp_path, nlp):
    convert(gold, tmp_path / "c", synthetic=False)
    docs = [d for s in SPLITS for d in read_docbin(tmp_path / "c" / f"{s}.spacy", nlp) if d.user_data["kind"] == "decision"]
    noted = [d for d in docs if d.cats["NOTED"] == 1.0]
    assert noted and all(d.text.startswith("Taget til efterretning.") for d in noted)
    assert all("Punkt" not in d.text for d in docs)  # not the whole item text


def test_synthetic_only_in_train_and_marked(gold, tmp_path, nlp, synthetic_dir):
    report = convert(gold, tmp_path / "corpus", synthetic=True, synthetic_dir=synthetic_dir)
    for split in SPLITS:
        docs = read_docbin(tmp_path / "corpus" / f"{split}.spacy", nlp)
        syn = [d for d in docs if d.user_data["synthetic"]]
        assert (len(syn) == 3) if split == "train" else not syn
    train = read_docbin(tmp_path / "corpus" / "train.spacy", nlp)
    syn = {d.text: d for d in train if d.user_data["synthetic"]}
    assert syn["Godkendt."].cats["APPROVED"] == 1.0 and syn["Sagen blev udsat."].cats["POSTPONED"] == 1.0
    assert [e.label_ for e in syn["STAR gav 30.000 kr."].ents] == ["PARTY", "AMOUNT"]
    assert report.counts["train"]["synthetic_decision_docs"] == 2


def test_unmarked_synthetic_text_is_refused(tmp_path):
    write_jsonl(tmp_path / "syn" / "x.jsonl", [{"text": "Godkendt.", "label": "APPROVED"}])
    with pytest.raises(ValueError, match="synthetic"):
        load_synthetic(tmp_path / "syn")


def test_off_boundary_gold_span_stops_convert_with_its_location(gold, tmp_path):
    lines = (gold / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[2])
    rec["label"].append([20, 26, "PROJECT"])  # inside "IPS-projektet"
    lines[2] = json.dumps(rec, ensure_ascii=False)
    (gold / "entities.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GoldAlignmentError, match=rf"{rec['document']} \[\d+:\d+\] \(example {rec['example_id']} \[20:26\]\)"):
        convert(gold, tmp_path / "corpus", synthetic=False)


def test_leave_one_municipality_out_folds(gold, tmp_path, nlp, synthetic_dir, gold_docs):
    folds = convert_folds(gold, tmp_path / "cv", synthetic=True, synthetic_dir=synthetic_dir)
    assert sorted(folds) == sorted(set(gold_docs.values()))
    for muni, paths in folds.items():
        assert paths["train"].parent.name == muni.lower().replace(" ", "-")
        docs = {s: read_docbin(paths[s], nlp) for s in SPLITS}
        munis = {s: {d.user_data.get("municipality") for d in docs[s] if not d.user_data["synthetic"]} for s in SPLITS}
        assert munis["test"] == {muni}
        assert muni not in munis["train"] and muni not in munis["dev"]  # dev never from the test municipality
        real_dev = {d.user_data["document"] for d in docs["dev"]}
        real_train = {d.user_data["document"] for d in docs["train"] if not d.user_data["synthetic"]}
        assert len(real_dev) == 1 and not real_dev & real_train  # one held-out training document
        assert not any(d.user_data["synthetic"] for d in docs["dev"] + docs["test"])
        assert sum(d.user_data["synthetic"] for d in docs["train"]) == 3


def test_fold_with_one_training_document_uses_it_as_dev():
    records = [{"document": "a", "municipality": "A"}, {"document": "b", "municipality": "B"}]
    assert fold_assignment(records, "A") == {"a": "test", "b": "train"}
