"""Ship a trained pipeline as the default that `extract()` loads, with its metrics in meta."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import spacy
import srsly

from referat.pipeline import DEFAULT_PIPELINE
from referat.pipeline.resources import default_resources, load_resources
from referat.version import __version__


def package_default(
    model_dir: Path, target: Path = DEFAULT_PIPELINE, metrics: list[Path] | None = None, disable: list[str] | None = None
) -> Path:
    """Copy `model_dir` to `target`, naming it and recording evaluation files in meta.json.

    `disable` names components shipped switched off (kept in the pipeline, so
    `nlp.enable_pipe(name)` turns one on after `spacy.load(target)`): the evaluation decides which.
    """
    nlp = spacy.load(model_dir)
    for name in disable or []:
        nlp.disable_pipe(name)
    nlp.meta["name"] = "referat_da_cnn"
    nlp.meta["version"] = __version__
    nlp.meta["description"] = "referat default pipeline: AMOUNT, DATE, PARTY, PROJECT and decision type for Danish minutes"
    nlp.meta.setdefault("referat", {})
    holder = next((proc for _, proc in nlp.pipeline if hasattr(proc, "resources")), None)
    if holder is not None:  # the data the pipeline holds (patterns, gazetteers, wording), by content
        nlp.meta["referat"]["data_sha256"] = holder.resources.digest()
    for path in metrics or []:
        if path.exists():
            nlp.meta["referat"][path.stem] = json.loads(path.read_text(encoding="utf-8"))
    cv = Path(__file__).resolve().parent / "evaluation" / "metrics.json"
    if cv.exists():
        folds = json.loads(cv.read_text(encoding="utf-8")).get("folds", {})
        nlp.meta["referat"]["evaluation"] = {
            name: {"entities_micro_f1": {m: d["ALL"]["f"] for m, d in fold["entities"].items()},
                   "decision_accuracy": {m: d["accuracy"] for m, d in fold["decisions"].items()}}
            for name, fold in folds.items()}
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target



def update_data(target: Path = DEFAULT_PIPELINE) -> str:
    """Write the packaged data files (patterns, gazetteers, wording, competence) into a saved pipeline
    whose trained weights stay as they are, and record their hash in its meta.json: what a developer
    runs after editing a data file, so the shipped pipeline reads what the package holds. The hash."""
    meta_path = target / "meta.json"
    meta = srsly.read_json(meta_path)
    owner = next((p for p in (target / name / "resources" for name in meta.get("pipeline", []))
                  if p.is_dir()), None)
    if owner is None:
        raise FileNotFoundError(f"{target}: no component folder holds the pipeline's data (a resources/ folder)")
    default_resources().to_disk(owner)
    digest = load_resources(str(owner)).digest()
    meta.setdefault("referat", {})["data_sha256"] = digest
    srsly.write_json(meta_path, meta)
    return digest
