"""Evaluation folds: who is tested, who trains, and that a fold trained twice scores the same."""
from __future__ import annotations

from pathlib import Path

import pytest

from referat.annotations.gold import GOLD_DIR
from referat.training.evaluate import cross_validate, fold_assignment_of, folds_for, vector_files, vector_texts

ROOT = Path(__file__).resolve().parents[2]


def _records() -> list[dict]:
    seeds = [{"document": f"seed-{m}", "municipality": m} for m in ("Herlev Kommune", "Lejre Kommune")]
    greve = [{"document": f"greve-{y}-{i}", "municipality": "Greve Kommune", "source": "greve", "year": y}
             for y in ("2024", "2025") for i in range(3)]
    return seeds + greve


def test_folds_leave_out_municipalities_time_and_system() -> None:
    records = _records()
    folds = {f.name: f for f in folds_for(records)}
    assert set(folds) == {"Greve Kommune", "Herlev Kommune", "Lejre Kommune", "Greve 2025",
                          "seeds, trained on FirstAgenda only"}
    time = fold_assignment_of(folds["Greve 2025"], records)
    assert {d for d, s in time.items() if s == "test"} == {f"greve-2025-{i}" for i in range(3)}
    assert not any(d.startswith("greve-2025") for d, s in time.items() if s != "test")
    system = fold_assignment_of(folds["seeds, trained on FirstAgenda only"], records)
    assert {d for d, s in system.items() if s == "test"} == {"seed-Herlev Kommune", "seed-Lejre Kommune"}
    assert all(d.startswith("greve") for d, s in system.items() if s in ("train", "dev"))
    greve = fold_assignment_of(folds["Greve Kommune"], records)
    assert all(d.startswith("seed") for d, s in greve.items() if s in ("train", "dev"))
    assert "tuned on Greve 2022-2024 only" in folds["Greve 2025"].rules_in_view


@pytest.mark.slow
def test_a_fold_trained_twice_scores_the_same(tmp_path: Path) -> None:
    runs = [cross_validate(GOLD_DIR, ROOT / "configs" / "cnn.cfg", tmp_path / str(n), max_steps=30,
                           log=lambda _: None, only=["Herlev Kommune"])["folds"] for n in range(2)]
    assert runs[0] == runs[1]
    assert runs[0]["Herlev Kommune"]["decisions"]["rules"]["n"] > 0


def test_a_folds_vectors_learn_from_its_training_side_only() -> None:
    """Static vectors are learned per fold: never from a meeting of the fold's test side."""
    records = _records()
    folds = {f.name: f for f in folds_for(records)}
    files = [f"greve/byraad/{y}-01-0{i}-abc.json" for y in ("2023", "2024", "2025") for i in range(2)]
    pick = lambda name: vector_files(folds[name], fold_assignment_of(folds[name], records), files)  # noqa: E731
    assert pick("Greve Kommune") == []  # trained without Greve: no archive text either
    assert pick("Greve 2025") == [f for f in files if "/2025-" not in f]
    assert pick("Herlev Kommune") == files
    assert pick("seeds, trained on FirstAgenda only") == files
    seed_texts = [{"document": "seed-Herlev Kommune", "municipality": "Herlev Kommune", "text": "Herlev tekst",
                   "label": [], "offset": 0},
                  {"document": "seed-Lejre Kommune", "municipality": "Lejre Kommune", "text": "Lejre tekst",
                   "label": [], "offset": 0}]
    lejre = folds["Lejre Kommune"]
    assignment = fold_assignment_of(lejre, records)
    assert vector_texts(lejre, seed_texts, assignment, []) == (
        ["Herlev tekst"] if assignment["seed-Herlev Kommune"] == "train" else [])
