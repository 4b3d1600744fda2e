"""The weasel workflow in project.yml runs end to end: convert, vectors, train, thresholds, evaluate, package.

A short version (a few training steps) in a copy of the project, so CI proves the
recipe that rebuilds the shipped default without replacing it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_project_all_runs_end_to_end(tmp_path: Path) -> None:
    if not (ROOT / "annotations" / "gold" / "entities.jsonl").exists():
        pytest.fail("annotations/gold/entities.jsonl is missing: the gold corpus must be committed")
    for name in ("project.yml", "configs"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    # what the steps depend on (project.yml `deps` that no earlier step makes): the gold, the seeds
    # (the vectors step reads them), the archive's stand-off gold and the rules' data files, which live
    # in the package (copied whole: a bare `referat/` folder in the working directory would hide it)
    for part in ("annotations/gold", "annotations/greve", "corpus/raw", "corpus/lexicons", "referat"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    synthetic = ROOT / "annotations" / "synthetic"
    if synthetic.exists():
        shutil.copytree(synthetic, tmp_path / "annotations" / "synthetic")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    cmd = [sys.executable, "-m", "weasel", "run", "all", str(tmp_path), "--vars.max_steps", "20"]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for split in ("train", "dev", "test"):
        assert (tmp_path / "corpus" / f"{split}.spacy").stat().st_size > 0
    dev = json.loads((tmp_path / "training" / "metrics" / "cnn-dev.json").read_text())
    assert "ents_f" in dev
    meta = json.loads((tmp_path / "referat" / "pipeline" / "default" / "meta.json").read_text())
    assert meta["name"] == "referat_da_cnn"
    assert "cnn-dev" in meta["referat"]
    import spacy

    nlp = spacy.load(tmp_path / "referat" / "pipeline" / "default")
    assert {"names", "textcat", "entity_rules", "normaliser", "decision"} <= set(nlp.component_names)
    assert nlp.vocab.vectors.shape[0] > 500  # the tok2vec's static vectors travel with the pipeline
    assert nlp.disabled == ["names"]  # shipped off: it does not yet beat the rules on every blind fold
    # the thresholds step chose the names model's thresholds on dev and wrote them into the config
    chosen = spacy.util.load_config(tmp_path / "training" / "cnn" / "model-best" / "config.cfg")
    assert chosen["components"]["names"]["thresholds"] == nlp.get_pipe("names").thresholds
    assert "names_f" in dev and "rules_f" in dev  # spacy evaluate: the model alone, the rules alone, both
