"""A saved pipeline holds its own data, the decision wording and competence included: shipped
elsewhere, it reads decisions as it did where it was built, and its meta records the data's hash."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import spacy

from referat.pipeline import DEFAULT_PIPELINE
from referat.pipeline.decision_wording import PATTERNS_PATH
from referat.pipeline.resources import DEFAULT_FILES, load_resources

GODKENDT = "Punkt 1: Budget\n\nBeslutning\n\nGodkendt.\n"


def pipeline_with(folder: Path) -> spacy.Language:
    resources = {"@misc": "referat.resources.v1", "path": str(folder)}
    nlp = spacy.blank("da")
    nlp.add_pipe("referat_sections", name="sections")
    nlp.add_pipe("referat_entity_rules", name="entity_rules", config={"resources": resources})
    nlp.add_pipe("referat_decision", name="decision", config={"textcat": None, "resources": resources})
    return nlp


def test_a_saved_pipeline_keeps_its_decision_wording(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    wording = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    wording["rules"].insert(0, {"type": "REJECTED", "pattern": "\\bgodkendt\\b"})  # a house rule, for the test
    (data / "decision_wording.json").write_text(json.dumps(wording, ensure_ascii=False), encoding="utf-8")
    nlp = pipeline_with(data)
    assert nlp(GODKENDT)._.decision[0] == "REJECTED"
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(data)  # shipped elsewhere: the folder it was built from is gone

    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded(GODKENDT)._.decision[0] == "REJECTED"
    assert (tmp_path / "pipeline" / "entity_rules" / "resources" / "competence.json").exists()
    plain = pipeline_with(tmp_path / "nowhere")  # a folder without files: the packaged data
    assert plain(GODKENDT)._.decision[0] == "APPROVED"


def test_the_shipped_pipeline_holds_every_data_file_and_its_hash() -> None:
    stored = DEFAULT_PIPELINE / "entity_rules" / "resources"
    assert {p.stem for p in stored.glob("*.json")} == set(DEFAULT_FILES)
    meta = json.loads((DEFAULT_PIPELINE / "meta.json").read_text(encoding="utf-8"))
    assert meta["referat"]["data_sha256"] == load_resources(str(stored)).digest()


def test_the_shipped_pipeline_holds_the_packaged_data() -> None:
    """A data file edited in the package and not copied into the shipped pipeline would make
    `extract()` read the old wording: `referat update-data` copies it and records the hash."""
    stored = DEFAULT_PIPELINE / "entity_rules" / "resources"
    assert load_resources(str(stored)).digest() == load_resources(None).digest(), "run: referat update-data"
