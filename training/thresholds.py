"""Per-label thresholds of the names model, chosen on dev data for a precision.

The names component (`referat_names`) keeps a span where its probability reaches its label's
threshold. The threshold of a label is the lowest on a grid at which, on the dev Docs and at
every higher grid point, both the model's own spans of that label and the spans it adds to the
rules' (those overlapping no rule entity) reach `min_precision`, and it keeps at least MIN_KEPT
spans there; a label that never does is switched off (threshold above 1). Chosen on dev, never on
test; written into the pipeline's config (`[components.names] thresholds`), where a user can also
set them by hand.

    referat thresholds training/cnn/model-best corpus/dev.spacy --write
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from referat.annotations.convert import read_docbin
from referat.pipeline.names import NameCategorizer, select

GRID = tuple(round(0.5 + 0.025 * i, 3) for i in range(20))  # 0.5 .. 0.975
OFF = 1.01
#: a label needs this many gold spans in dev for its threshold to be chosen, else it is switched off
MIN_GOLD = 5
#: a threshold is only shown to be precise where it keeps at least this many spans on dev
MIN_KEPT = 5


def names_component(nlp: Language) -> tuple[str, NameCategorizer]:
    for name, pipe in nlp.pipeline:
        if isinstance(pipe, NameCategorizer):
            return name, pipe
    raise ValueError("the pipeline has no referat_names component")


def readings(nlp: Language, docs: Sequence[Doc]) -> list[dict[str, Any]]:
    """Per dev Doc with entities marked: its gold spans, the characters of the rules' entities and every
    scored candidate of the names model, all in character offsets."""
    name, names = names_component(nlp)
    before = nlp.pipe_names[: nlp.pipe_names.index(name)]
    out = []
    for gold in docs:
        if not gold.has_annotation("ENT_IOB"):
            continue
        with nlp.select_pipes(enable=before):
            doc = nlp(gold.text)
        out.append({
            "gold": {(e.start_char, e.end_char, e.label_) for e in gold.ents if e.label_ in names.name_labels},
            "taken": {c for e in doc.ents for c in range(e.start_char, e.end_char)},
            "found": names.candidates(doc),
        })
    return out


def precision_at(data: Iterable[dict[str, Any]], label: str, threshold: float, labels: Sequence[str]) -> dict[str, Any]:
    """Precision and counts of the model's spans of `label` (alone, and added to the rules') at one threshold."""
    right = kept = added_right = added = gold = 0
    thresholds = {other: (threshold if other == label else OFF) for other in labels}
    for d in data:
        gold += sum(1 for g in d["gold"] if g[2] == label)
        for start, end, lab, _ in select(d["found"], thresholds):
            hit = (start, end, lab) in d["gold"]
            kept += 1
            right += hit
            if not any(c in d["taken"] for c in range(start, end)):
                added += 1
                added_right += hit
    return {"threshold": threshold, "kept": kept, "precision": right / kept if kept else None, "recall": right / gold if gold else None,
            "added": added, "added_precision": added_right / added if added else None, "gold": gold}


def choose_thresholds(nlp: Language, docs: Sequence[Doc], min_precision: float = 0.9) -> dict[str, Any]:
    """{label: threshold} chosen on `docs` (see the module doc), with the curve behind each choice."""
    _, names = names_component(nlp)
    return choose(readings(nlp, docs), names.name_labels, min_precision)


def choose(data: Sequence[dict[str, Any]], labels: Sequence[str], min_precision: float = 0.9) -> dict[str, Any]:
    """The choice on `readings`: per label the lowest grid point from which on every kept and every added
    precision reaches `min_precision` (off where dev has fewer than MIN_GOLD gold spans)."""
    chosen: dict[str, float] = {}
    curves: dict[str, list[dict[str, Any]]] = {}

    def ok(point: dict[str, Any]) -> bool:
        return all(v is None or v >= min_precision for v in (point["precision"], point["added_precision"]))

    for label in labels:
        curve = [precision_at(data, label, t, labels) for t in GRID]
        curves[label] = curve
        if curve[0]["gold"] < MIN_GOLD:  # too little dev gold to show any threshold precise: off
            chosen[label] = OFF
            continue
        chosen[label] = OFF
        for i, point in enumerate(curve):
            if all(ok(p) for p in curve[i:]):
                # where (almost) nothing is kept from here on, nothing was shown to be precise: off
                chosen[label] = point["threshold"] if point["kept"] >= MIN_KEPT else OFF
                break
    return {"thresholds": chosen, "curves": curves, "min_precision": min_precision}


def curve_table(curve: Sequence[dict[str, Any]]) -> str:
    """One label's curve as a Markdown table: what each grid threshold keeps, and how precisely, on dev."""
    def num(v: Any) -> str:
        return "-" if v is None else f"{v:.3f}"
    rows = ["| threshold | kept | precision | recall | added | added precision |", "|---:|---:|---:|---:|---:|---:|"]
    rows += [f"| {p['threshold']:.3f} | {p['kept']} | {num(p['precision'])} | {num(p['recall'])} | {p['added']} | "
             f"{num(p['added_precision'])} |" for p in curve]
    return "\n".join(rows)


def write_thresholds(model_dir: Path, thresholds: dict[str, float], component: str = "names") -> None:
    """Set `[components.<component>.thresholds]` in a saved pipeline's config.cfg."""
    path = Path(model_dir) / "config.cfg"
    config = spacy.util.load_config(path, interpolate=False)
    if "thresholds" not in config.get("components", {}).get(component, {}):
        raise ValueError(f"{path}: no [components.{component}] thresholds setting")
    config["components"][component]["thresholds"] = {label: float(t) for label, t in thresholds.items()}
    config.to_disk(path)


def tune(model_dir: Path, dev: Path, min_precision: float = 0.9, write: bool = False) -> dict[str, Any]:
    """Choose the thresholds of a saved pipeline on a dev DocBin; with `write`, store them in its config."""
    nlp = spacy.load(model_dir)
    result = choose_thresholds(nlp, read_docbin(dev, nlp), min_precision)
    if write:
        write_thresholds(model_dir, result["thresholds"])
    return result
