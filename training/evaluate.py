"""Honest evaluation: leave-one-municipality-out cross-validation of every approach.

For each municipality in the gold corpus a pipeline is trained with `spacy train` on
the other municipalities (plus marked synthetic text, train only, and, where the config
reads static vectors, vectors learned from the fold's training side alone) and tested
on the one left out. Entities are scored as exact spans for rules alone, model alone
and both combined; decision types for rules, spaCy's textcat, rules+textcat and a
scikit-learn baseline. Results go to a directory: metrics.json, report.md and a
confusion-matrix PNG per decision approach.
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import spacy

from referat.annotations.convert import (
    SPLITS, build_split_docs, decision_text_of, default_synthetic_dir, item_docs, load_synthetic, stable_hash,
    write_docbin,
)
from referat.annotations.gold import is_span_record, to_spacy_docs
from referat.annotations.greve import archive_files, load_all_gold
from referat.annotations.silver import silver_docs, silver_records
from referat.pipeline.components import rules_only_pipeline
from referat.pipeline.decisions import DecisionContext
from referat.schema import DECISION_TYPES, ENTITY_LABELS
from referat.training.baseline import train_baseline
from referat.training.metrics import RARE_ITEMS, decision_scores, span_prf
from referat.training.positions_eval import IN_VIEW as POSITIONS_IN_VIEW, evaluate_positions
from referat.training.thresholds import precision_at, readings, tune
from referat.training.vectors import archive_record, archive_texts, build_vectors

#: entities by the rules alone, the trained model alone (its spans above their thresholds) and both as
#: shipped (the model adds what overlaps no rule entity)
ENTITY_MODES = ("rules", "model", "combined")
DECISION_MODES = ("rules", "textcat", "combined", "sklearn")


def train_pipeline(config: Path, train: Path, dev: Path, output: Path, max_steps: int, seed: int = 0,
                   vectors: Path | None = None, init_tok2vec: Path | None = None) -> Path:
    """Run `spacy train` in a subprocess (as a user would) and return model-best, its names thresholds
    chosen on the same dev data (`training.thresholds`)."""
    cmd = [
        sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
        "--paths.train", str(train), "--paths.dev", str(dev),
        "--training.max_steps", str(max_steps), "--system.seed", str(seed),
    ] + (["--paths.vectors", str(vectors)] if vectors else []) \
      + (["--paths.init_tok2vec", str(init_tok2vec)] if init_tok2vec else [])
    # PYTHONHASHSEED fixed: the same data and seed give the same model, run after run
    result = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if result.returncode != 0:
        raise RuntimeError(f"spacy train failed for {output}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    best = output / "model-best"
    if names_config(best):
        tune(best, dev, write=True)
    return best


def entity_spans(nlp: Any, texts: list[str], key: str | None = None) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of each text's entities, or of its span group `key`."""
    return [[(e.start_char, e.end_char, e.label_) for e in (doc.spans.get(key, []) if key else doc.ents)]
            for doc in nlp.pipe(texts)]


def predict_entities(mode: str, model_dir: Path | None, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """Entities for the texts by rules alone, the trained model alone, or both as shipped."""
    if mode == "rules":
        return entity_spans(rules_only_pipeline(), texts)
    nlp = spacy.load(model_dir)
    keep = {"sections", "entity_rules", "names", "tok2vec", "transformer", "ner"}
    with nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in keep]):
        if mode == "model":
            names = nlp.get_pipe("names") if "names" in nlp.pipe_names else None
            return entity_spans(nlp, texts, key=names.key if names else "model")
        if mode == "combined":
            return entity_spans(nlp, texts)
    raise ValueError(f"unknown entity approach {mode!r}")


#: thresholds at which the report shows what the names model alone would keep on a fold's test data
CURVE_THRESHOLDS = (0.5, 0.7, 0.9, 0.95)


def model_curve(model_dir: Path, records: Sequence[dict]) -> dict[str, list[dict[str, Any]]] | None:
    """Per label of the names model, its precision and recall on the test records at CURVE_THRESHOLDS,
    whatever threshold dev chose: what the model could add and how precisely (None without one)."""
    nlp = spacy.load(model_dir)
    if "names" not in nlp.pipe_names:
        return None
    docs = to_spacy_docs(records, nlp)
    names = nlp.get_pipe("names")
    data = readings(nlp, docs)
    return {label: [{k: v for k, v in precision_at(data, label, t, names.name_labels).items()
                     if k in ("threshold", "kept", "precision", "recall", "gold")} for t in CURVE_THRESHOLDS]
            for label in names.name_labels}


def textcat_predict(model_dir: Path, inputs: list[str]) -> list[tuple[str, float]]:
    """Best textcat label and its probability for each classifier input."""
    nlp = spacy.load(model_dir)
    keep = [n for n in nlp.pipe_names if n in {"tok2vec", "transformer", "textcat"}]  # the textcat's own tok2vec inside
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

    if mode == "combined":
        # the pipeline itself, on the Docs `spacy evaluate` reads (items.spacy): the item's text with
        # the body that met; its sections found by `referat_sections`, as for any bare text
        nlp = spacy.load(model_dir)
        return [doc._.decision[0] for doc in nlp.pipe(item_docs(records, nlp))]
    contexts = [DecisionContext.from_record(r) for r in records]
    if mode == "rules":
        return [ctx.classify()[0] for ctx in contexts]
    inputs = [ctx.classifier_input() for ctx in contexts]
    if mode == "sklearn":

        model = train_baseline([decision_text_of(r) for r in train_records], [r["label"][0] for r in train_records])
        return [str(p) for p in model.predict(inputs)]
    if mode == "textcat":
        return [label for label, _ in textcat_predict(model_dir, inputs)]
    raise ValueError(f"unknown decision approach {mode!r}")


@dataclass(frozen=True)
class Fold:
    """One train/test division of the gold: what is tested, what is trained on, and where the rules
    were written with the test data in view."""

    name: str
    kind: str  # "municipality", "time" or "system"
    test: Callable[[dict], bool]
    train: Callable[[dict], bool]
    rules_in_view: str


SEED_RULES = ("entity rules, gazetteers and decision wording were written with all five seeds in view "
              "(in-sample for the rules)")
GREVE_RULES = ("decision wording, PROJECT patterns and some PARTY, AMOUNT and DATE rules (name shapes and their spellings, "
               "national names, a name's other mentions, table columns and year labels, timelines, compact ranges, sums in "
               "millions without a currency) tuned on the Greve 2022-2024 gold (in-sample for those years); "
               "gazetteers extended with the archive's text in view")
GREVE_2025_RULES = ("decision wording, PROJECT patterns and the PARTY, AMOUNT and DATE additions tuned on Greve 2022-2024 "
                    "only; but "
                    "the examples that started the PROJECT work (pools, numbered capital projects, events) were read from errors of "
                    "all years, 2025 included, so its PROJECT figure is not fully blind")


def _greve(record: dict) -> bool:
    return record.get("source") in ("greve", "silver")


def folds_for(records: Sequence[dict]) -> list[Fold]:
    """Leave one municipality out; with the archive also Greve by time (tested on 2025) and the
    reverse cross-system fold (trained on FirstAgenda only, tested on the seeds' systems)."""
    municipalities = sorted({r["municipality"] for r in records})
    folds = [Fold(m, "municipality", lambda r, m=m: r["municipality"] == m, lambda r, m=m: r["municipality"] != m,
                  GREVE_RULES if m == "Greve Kommune" else SEED_RULES) for m in municipalities]
    if any(_greve(r) for r in records):
        folds.append(Fold("Greve 2025", "time", lambda r: _greve(r) and r.get("year") == "2025",
                          lambda r: not (_greve(r) and r.get("year") == "2025"),
                          GREVE_2025_RULES))
        folds.append(Fold("seeds, trained on FirstAgenda only", "system", lambda r: not _greve(r), _greve,
                          SEED_RULES))
    return folds


def uses_static_vectors(config: Path) -> bool:
    """Whether a tok2vec of the config reads static vectors (then each fold learns its own)."""
    def reads(block: Any) -> bool:
        if isinstance(block, dict):
            return bool(block.get("include_static_vectors")) or any(reads(v) for v in block.values())
        return False

    return reads(spacy.util.load_config(config, interpolate=False).get("components", {}))


def vector_files(fold: Fold, assignment: dict[str, str], files: Sequence[str]) -> list[str]:
    """The archive meetings a fold's vectors may learn from: those on its training side, never one of its
    test side (`training.vectors`)."""
    return [f for f in files if fold.train(r := archive_record(f)) and not fold.test(r)
            and assignment.get(r["document"]) != "test"]


def vector_texts(fold: Fold, records: Sequence[dict], assignment: dict[str, str], files: Sequence[str]) -> list[str]:
    """Unannotated text for a fold's vectors: its train documents' own text (archive documents come whole
    from their files) and the archive meetings of `vector_files`."""
    own = [r["text"] for r in records if is_span_record(r) and assignment.get(r["document"]) == "train"
           and not _greve(r)]
    return own + list(archive_texts(vector_files(fold, assignment, files)))


def fold_assignment_of(fold: Fold, records: Sequence[dict], seed: int = 0) -> dict[str, str]:
    """document -> split for one fold: its test documents, one train document in ten (at least one) as dev."""
    documents: dict[str, dict] = {}
    for r in records:
        documents.setdefault(r["document"], r)
    test = sorted(d for d, r in documents.items() if fold.test(r))
    train = sorted((d for d, r in documents.items() if fold.train(r) and not fold.test(r)),
                   key=lambda d: (stable_hash(d, seed), d))
    n_dev = max(1, len(train) // 10) if len(train) > 1 else 0
    assignment = {d: "test" for d in test}
    assignment.update({d: "dev" for d in train[:n_dev]})
    assignment.update({d: "train" for d in train[n_dev:]})
    return assignment


def cross_validate(
    gold_dir: Path,
    config: Path,
    output: Path,
    max_steps: int = 2000,
    synthetic: bool = True,
    log: Callable[[str], None] = print,
    archive: Optional[Path] = None,
    seed: int = 0,
    only: Optional[Sequence[str]] = None,
    silver: int = 0,
    init_tok2vec: Optional[Path] = None,
    reuse_models: bool = False,
) -> dict[str, Any]:
    """Train with `spacy train` per fold (`folds_for`) and score rules, model and both on its test data;
    writes metrics.json, report.md and a confusion-matrix PNG per decision approach. `silver`: that many
    unannotated archive meetings labelled by the rules join the ner's training data of every fold whose
    training side takes Greve text of their year (`referat.annotations.silver`); never tested on.
    `init_tok2vec`: weights from `spacy pretrain` to start every fold from (the pretraining text must
    hold none of a fold's test documents: `referat pretrain-text --exclude-year 2025` reads the archive
    without Greve 2025 and without the seeds, which is blind for every fold but the Greve one).
    `reuse_models`: score the fold models an earlier run left in `output/models` instead of training again."""
    output.mkdir(parents=True, exist_ok=True)
    entities, decisions = load_all_gold(gold_dir, archive)
    silver_pool = silver_records(silver, archive)
    records = list(entities) + list(decisions)
    synthetic_records = _synthetic_decisions() if synthetic else []
    syn = load_synthetic(default_synthetic_dir(gold_dir)) if synthetic else ([], [])
    nlp = spacy.blank("da")
    folds = [f for f in folds_for(records) if not only or f.name in only]
    static_vectors = uses_static_vectors(config)
    results: dict[str, Any] = {}
    for fold in folds:
        log(f"fold {fold.name}: training on {fold.kind} split")
        assignment = fold_assignment_of(fold, records, seed)
        keep = [r for r in records if r["document"] in assignment]
        docs = build_split_docs([r for r in keep if is_span_record(r)], [r for r in keep if not is_span_record(r)],
                                assignment, nlp, syn)
        docs["train"] += silver_docs([r for r in silver_pool if fold.train(r) and not fold.test(r)], nlp)
        fold_dir = output / "folds" / _slug(fold.name)
        paths = {split: write_docbin(docs[split], fold_dir / f"{split}.spacy") for split in SPLITS}
        model_dir = output / "models" / _slug(fold.name) / "model-best"
        if reuse_models and (model_dir / "config.cfg").exists():
            if names_config(model_dir):
                tune(model_dir, paths["dev"], write=True)  # the thresholds as this code chooses them on dev
        else:
            vectors = build_vectors(vector_texts(fold, keep, assignment, archive_files() if archive else []),
                                    fold_dir / "vectors", seed=seed) if static_vectors else None
            model_dir = train_pipeline(config, paths["train"], paths["dev"], output / "models" / _slug(fold.name),
                                       max_steps, seed, vectors, init_tok2vec)
        test_ents = [r for r in entities if assignment.get(r["document"]) == "test"]
        test_dec = [r for r in decisions if assignment.get(r["document"]) == "test"]
        train_dec = [r for r in decisions if assignment.get(r["document"]) == "train"] + synthetic_records
        gold_ents = [[tuple(s) for s in r["label"]] for r in test_ents]
        texts = [r["text"] for r in test_ents]
        gold_dec = [r["label"][0] for r in test_dec]
        results[fold.name] = {
            "kind": fold.kind, "rules_in_view": fold.rules_in_view, "thresholds": _thresholds(model_dir),
            "entities": {m: span_prf(_gold_of(m, gold_ents, model_dir), predict_entities(m, model_dir, texts))
                         for m in ENTITY_MODES},
            "decisions": {m: decision_scores(gold_dec, predict_decisions(m, model_dir, test_dec, train_dec),
                                             DECISION_TYPES) for m in DECISION_MODES},
            "n": {"entity_segments": len(test_ents), "items": len(test_dec)},
            "model_curve": model_curve(model_dir, test_ents),
        }
    log("positions: the shipped pipeline's positions component against the positions gold")
    positions = evaluate_positions(archive=archive)
    metrics = {"folds": results, "positions": positions, "positions_in_view": POSITIONS_IN_VIEW, "setup": {
        "config": str(config), "max_steps": max_steps, "seed": seed, "synthetic_decisions_in_train": synthetic,
        "silver_meetings": silver, "init_tok2vec": str(init_tok2vec) if init_tok2vec else None,
        "archive": str(archive) if archive else None, "versions": _versions()}}
    (output / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    for name, result in results.items():
        _confusion_png(result["decisions"]["combined"], output / f"confusion-{_slug(name)}.png", name)
    (output / "report.md").write_text(render_report(metrics), encoding="utf-8")
    return metrics


def _gold_of(mode: str, gold: list[list[tuple]], model_dir: Path) -> list[list[tuple]]:
    """The gold an approach is scored on: the model alone on the labels it predicts, the others on all."""
    if mode != "model":
        return gold
    labels = set((names_config(model_dir) or {}).get("labels") or ENTITY_LABELS)
    return [[s for s in spans if s[2] in labels] for spans in gold]


def names_config(model_dir: Path) -> dict[str, Any] | None:
    """The `referat_names` block of a saved pipeline's config (None where it has no names model)."""
    components = spacy.util.load_config(model_dir / "config.cfg", interpolate=False).get("components", {})
    return next((block for block in components.values() if block.get("factory") == "referat_names"), None)


def _thresholds(model_dir: Path) -> dict[str, float] | None:
    """The names model's thresholds as chosen on the fold's dev split (None without one)."""
    names = names_config(model_dir)
    return dict(names["thresholds"]) if names else None


def _versions() -> dict[str, str]:
    """Package versions behind a report (a figure that does not reproduce is first checked against these)."""
    out = {"python": platform.python_version()}
    for name in ("spacy", "thinc", "numpy", "scikit-learn", "referat"):
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


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
    """Markdown tables: per fold, entities (exact spans) and decision types by approach."""
    setup = metrics.get("setup", {})
    lines = ["# Evaluation on data the rules and models were not trained on", "",
             f"`referat evaluate` with `{setup.get('config')}`, {setup.get('max_steps')} steps per fold, "
             f"seed {setup.get('seed')}; archive gold: {setup.get('archive')}; versions: "
             f"`{json.dumps(setup.get('versions', {}), ensure_ascii=False)}`.", "",
             "## Entities (exact spans)", "",
             "| fold | approach | " + " | ".join(f"{label} F1" for label in ENTITY_LABELS)
             + " | micro P | micro R | micro F1 |", "|---" * (len(ENTITY_LABELS) + 5) + "|"]
    folds = metrics["folds"]
    for name, result in folds.items():
        for mode, o in result["entities"].items():
            cells = [f"{o[label]['f']:.3f}" if label in o else "-" for label in ENTITY_LABELS]
            lines.append(f"| {name} | {mode} | " + " | ".join(cells)
                         + f" | {o['ALL']['p']:.3f} | {o['ALL']['r']:.3f} | {o['ALL']['f']:.3f} |")
    chosen = [(name, r.get("thresholds")) for name, r in folds.items() if r.get("thresholds")]
    if chosen:
        lines += ["", "The model's thresholds, chosen on each fold's dev split for precision ≥ 0.90 of its spans "
                  "and of those it adds to the rules' (`referat thresholds`; above 1: the label switched off):", ""]
        lines += [f"- {name}: " + ", ".join(f"{label} {t}" for label, t in t_.items()) for name, t_ in chosen]
    curves = [(name, r["model_curve"]) for name, r in folds.items() if r.get("model_curve")]
    if curves:
        lines += ["", "What the names model alone keeps on each fold's test data at fixed thresholds, whatever dev chose "
                  "(precision / recall; kept spans in brackets): how much it could add, and how precisely.", "",
                  "| fold | label | " + " | ".join(f"≥ {t}" for t in CURVE_THRESHOLDS) + " |",
                  "|---|---|" + "---|" * len(CURVE_THRESHOLDS)]
        for name, curve in curves:
            for label, points in curve.items():
                cells = [f"{p['precision'] or 0:.2f} / {p['recall'] or 0:.2f} ({p['kept']})" for p in points]
                lines.append(f"| {name} | {label} | " + " | ".join(cells) + " |")
    lines += ["", "## Decision type", "", "| fold | approach | items | accuracy | macro-F1 | macro-F1 (types with "
              f"≥ {RARE_ITEMS} gold items) |", "|---|---|---|---|---|---|"]
    for name, result in folds.items():
        for mode, o in result["decisions"].items():
            lines.append(f"| {name} | {mode} | {o['n']} | {o['accuracy']} | {o['macro_f1']} | "
                         f"{o.get('macro_f1_common')} |")
    if metrics.get("positions"):
        lines += ["", "## Positions (the rules of the positions component, as shipped)", "",
                  "| split | positions matched | P | R | F1 | points right | amendments right | counts exact |",
                  "|---|---|---|---|---|---|---|---|"]
        for name, o in metrics["positions"].items():
            cells = [o.get(k) for k in ("positions_p", "positions_r", "positions_f", "point_acc", "amendment_acc",
                                        "counts_exact")]
            lines.append(f"| {name} | {o.get('matched')} | "
                         + " | ".join("-" if c is None else f"{c:.3f}" for c in cells) + " |")
        lines += ["", f"Where the position cues saw the test data: {metrics.get('positions_in_view')}. Actor "
                  "normalisation is not scored: the gold records spans and labels, not names and parties.", ""]
    lines += ["", "## Where the rules were written with the test data in view", ""]
    lines += [f"- **{name}** ({result['kind']} fold): {result['rules_in_view']}." for name, result in folds.items()]
    lines += ["", "The cross-system figures: the fold `Greve Kommune` is trained without any FirstAgenda minutes "
              "and tested on them; the fold `seeds, trained on FirstAgenda only` is the reverse.", "",
              "Confusion matrices (rules + textcat, as shipped): `confusion-<fold>.png`.", ""]
    return "\n".join(lines)
