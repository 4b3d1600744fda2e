"""Honest evaluation: leave-one-municipality-out cross-validation of every approach.

For each municipality in the gold corpus a pipeline is trained with `spacy train` on
the other municipalities (plus marked synthetic decision text, train only) and tested
on the one left out. Entities are scored as exact spans for rules alone, model alone
and both combined; decision types for rules, spaCy's textcat, rules+textcat and a
scikit-learn baseline. Results go to a directory: metrics.json, report.md and a
confusion-matrix PNG per decision approach.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

import spacy

from referat.annotations.convert import convert_folds, decision_text_of
from referat.annotations.gold import read_jsonl
from referat.pipeline.components import rules_only_pipeline
from referat.pipeline.decisions import DecisionContext
from referat.schema import DECISION_TYPES, ENTITY_LABELS
from referat.training.baseline import train_baseline
from referat.training.metrics import decision_scores, span_prf

ENTITY_MODES = ("rules", "model", "combined")
DECISION_MODES = ("rules", "textcat", "combined", "sklearn")


def train_pipeline(config: Path, train: Path, dev: Path, output: Path, max_steps: int, seed: int = 0) -> Path:
    """Run `spacy train` in a subprocess (as a user would) and return model-best."""
    cmd = [
        sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
        "--paths.train", str(train), "--paths.dev", str(dev),
        "--training.max_steps", str(max_steps), "--system.seed", str(seed),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"spacy train failed for {output}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return output / "model-best"


def entity_spans(nlp: Any, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def predict_entities(mode: str, model_dir: Path | None, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """Entities for the texts by rules alone, the trained ner alone, or both."""
    if mode == "rules":
        return entity_spans(rules_only_pipeline(), texts)
    nlp = spacy.load(model_dir)
    keep = {"tok2vec", "transformer", "ner"} if mode == "model" else {"tok2vec", "transformer", "ner", "entity_rules"}
    with nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in keep]):
        return entity_spans(nlp, texts)


def textcat_predict(model_dir: Path, inputs: list[str]) -> list[tuple[str, float]]:
    """Best textcat label and its probability for each classifier input."""
    nlp = spacy.load(model_dir)
    keep = [n for n in nlp.pipe_names if n in {"tok2vec", "transformer", "textcat"}]
    out = []
    with nlp.select_pipes(enable=keep):
        for doc in nlp.pipe(inputs):
            label, score = max(doc.cats.items(), key=lambda kv: kv[1]) if doc.cats else ("NONE", 0.0)
            out.append((label, float(score)))
    return out


def predict_decisions(
    mode: str, model_dir: Path | None, records: list[dict], train_records: list[dict]
) -> list[str]:
    """Decision type per gold item record by one approach."""

    contexts = [DecisionContext.from_record(r) for r in records]
    if mode == "rules":
        return [ctx.classify()[0] for ctx in contexts]
    inputs = [ctx.classifier_input() for ctx in contexts]
    if mode == "sklearn":

        model = train_baseline([decision_text_of(r) for r in train_records], [r["label"][0] for r in train_records])
        return [str(p) for p in model.predict(inputs)]
    if mode == "textcat":
        return [label for label, _ in textcat_predict(model_dir, inputs)]
    # combined: the pipeline's own decision component, as extract() and spacy evaluate run it
    nlp = spacy.load(model_dir)
    return [label for label, _ in nlp.get_pipe("decision").decide(contexts)]


def _by_municipality(records: Iterable[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        groups[r["municipality"]].append(r)
    return groups


def cross_validate(
    gold_dir: Path,
    config: Path,
    output: Path,
    max_steps: int = 2000,
    synthetic: bool = True,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Leave-one-municipality-out CV over the gold corpus; writes metrics.json, report.md, PNGs."""

    output.mkdir(parents=True, exist_ok=True)
    entities = read_jsonl(gold_dir / "entities.jsonl")
    decisions = read_jsonl(gold_dir / "decisions.jsonl")
    synthetic_records = _synthetic_decisions() if synthetic else []
    folds = convert_folds(gold_dir, output / "folds", synthetic=synthetic)
    ent_by_muni, dec_by_muni = _by_municipality(entities), _by_municipality(decisions)

    gold_ents: dict[str, list] = defaultdict(list)
    pred_ents: dict[str, dict[str, list]] = {m: defaultdict(list) for m in ENTITY_MODES}
    gold_dec: dict[str, list] = defaultdict(list)
    pred_dec: dict[str, dict[str, list]] = {m: defaultdict(list) for m in DECISION_MODES}
    for muni, paths in sorted(folds.items()):
        log(f"fold {muni}: training on the other municipalities")
        model_dir = train_pipeline(config, paths["train"], paths["dev"], output / "models" / _slug(muni), max_steps)
        test_ents = ent_by_muni.get(muni, [])
        texts = [r["text"] for r in test_ents]
        gold_ents[muni] = [[tuple(s) for s in r["label"]] for r in test_ents]
        for mode in ENTITY_MODES:
            pred_ents[mode][muni] = predict_entities(mode, model_dir, texts)
        test_dec = dec_by_muni.get(muni, [])
        train_dec = [r for m, rs in dec_by_muni.items() if m != muni for r in rs] + synthetic_records
        gold_dec[muni] = [r["label"][0] for r in test_dec]
        for mode in DECISION_MODES:
            pred_dec[mode][muni] = predict_decisions(mode, model_dir, test_dec, train_dec)

    metrics = _summarise(gold_ents, pred_ents, gold_dec, pred_dec)
    metrics["setup"] = {"config": str(config), "max_steps": max_steps, "synthetic_decisions_in_train": synthetic,
                        "folds": sorted(folds)}
    (output / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    for mode in DECISION_MODES:
        _confusion_png(metrics["decisions"][mode]["overall"], output / f"confusion-{mode}.png", mode)
    (output / "report.md").write_text(render_report(metrics), encoding="utf-8")
    return metrics


def _synthetic_decisions() -> list[dict]:
    path = Path(__file__).resolve().parents[1] / "annotations" / "synthetic" / "decisions.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append({"text": r["text"], "label": [r["label"]] if isinstance(r["label"], str) else r["label"]})
    return out


def _summarise(gold_ents, pred_ents, gold_dec, pred_dec) -> dict[str, Any]:
    munis = sorted(gold_ents)
    ents: dict[str, Any] = {}
    for mode in ENTITY_MODES:
        per = {m: span_prf(gold_ents[m], pred_ents[mode][m]) for m in munis}
        all_gold = [s for m in munis for s in gold_ents[m]]
        all_pred = [s for m in munis for s in pred_ents[mode][m]]
        ents[mode] = {"overall": span_prf(all_gold, all_pred), "per_municipality": per}
    decs: dict[str, Any] = {}
    for mode in DECISION_MODES:
        per = {m: decision_scores(gold_dec[m], pred_dec[mode][m], DECISION_TYPES) for m in munis}
        all_gold = [x for m in munis for x in gold_dec[m]]
        all_pred = [x for m in munis for x in pred_dec[mode][m]]
        decs[mode] = {"overall": decision_scores(all_gold, all_pred, DECISION_TYPES), "per_municipality": per}
    return {"entities": ents, "decisions": decs}


def _slug(name: str) -> str:
    return "".join(c.lower() if c.isalnum() else "-" for c in name).strip("-")


def _confusion_png(scores: dict, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, matrix = scores.get("labels") or list(DECISION_TYPES), scores.get("confusion") or []
    if not matrix:
        return
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            if v:
                ax.text(j, i, str(v), ha="center", va="center")
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"Decision type, leave-one-municipality-out ({title})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def render_report(metrics: dict[str, Any]) -> str:
    """Markdown tables of the cross-validation metrics."""
    lines = ["# Leave-one-municipality-out evaluation", "",
             f"Setup: `{json.dumps(metrics.get('setup', {}), ensure_ascii=False)}`", "",
             "## Entities (exact spans, micro over all folds)", "",
             "| approach | " + " | ".join(f"{l} F1" for l in ENTITY_LABELS) + " | micro P | micro R | micro F1 |",
             "|---" * (len(ENTITY_LABELS) + 4) + "|"]
    for mode, data in metrics["entities"].items():
        o = data["overall"]
        cells = [f"{o.get(l, {}).get('f', 0):.3f}" for l in ENTITY_LABELS]
        lines.append(f"| {mode} | " + " | ".join(cells) + f" | {o['ALL']['p']:.3f} | {o['ALL']['r']:.3f} | {o['ALL']['f']:.3f} |")
    lines += ["", "### Per municipality (combined)", "", "| municipality | " + " | ".join(ENTITY_LABELS) + " | micro F1 |",
              "|---" * (len(ENTITY_LABELS) + 2) + "|"]
    for muni, o in metrics["entities"]["combined"]["per_municipality"].items():
        cells = [f"{o[l]['f']:.3f}" if l in o else "-" for l in ENTITY_LABELS]
        lines.append(f"| {muni} | " + " | ".join(cells) + f" | {o['ALL']['f']:.3f} |")
    lines += ["", "## Decision type", "", "| approach | accuracy | macro-F1 | " + " | ".join(DECISION_TYPES) + " |",
              "|---" * (len(DECISION_TYPES) + 3) + "|"]
    for mode, data in metrics["decisions"].items():
        o = data["overall"]
        cells = [f"{o['per_label'][l]:.2f}" if l in o.get("per_label", {}) else "-" for l in DECISION_TYPES]
        lines.append(f"| {mode} | {o['accuracy']} | {o['macro_f1']} | " + " | ".join(cells) + " |")
    lines += ["", "Gold support: `" + json.dumps(metrics["decisions"]["rules"]["overall"].get("support", {})) + "`", "",
              "### Per municipality (accuracy)", "", "| municipality | " + " | ".join(DECISION_MODES) + " |",
              "|---" * (len(DECISION_MODES) + 1) + "|"]
    for muni in metrics["decisions"]["rules"]["per_municipality"]:
        cells = [str(metrics["decisions"][m]["per_municipality"][muni]["accuracy"]) for m in DECISION_MODES]
        lines.append(f"| {muni} | " + " | ".join(cells) + " |")
    lines += ["", "Confusion matrices: " + ", ".join(f"`confusion-{m}.png`" for m in DECISION_MODES), ""]
    return "\n".join(lines)
