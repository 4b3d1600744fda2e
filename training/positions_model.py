"""A trained positions model beside the rules (issue 21 part 2: "train where rules only memorise").

`referat_positions` reads votes with rules (`patterns/positions.json`) that were extended with
the dev wording families in view; on the blind heldout families they keep their precision and
lose recall. This module trains a spaCy `spancat` over the actors of a decision text
(`configs/positions_spancat.cfg`: CNN tok2vec over hash embeddings of NORM, PREFIX, SUFFIX,
SHAPE; ngram suggester 1-4 tokens; CPU) and compares, on folds held out by wording family:

- rules alone (the shipped pipeline's `positions`),
- the model alone (its spans, each actor normalised by the rules' actor grammar and the
  meeting's members, the way `position_finders` does),
- both: the rules' positions plus the model's spans that overlap no rule span.

Splits:
- dev, leave one family out: the model is trained on the other dev families + Greve gold and
  tested on the family left out (its honest dev figure; the rules saw every dev family);
- heldout: the model is trained on every dev family + Greve gold and tested on each heldout
  family (blind for rules and model: only aggregate scores per family are written).

Training data: the dev items (synthetic; `user_data["synthetic"]`) with their gold positions as
`doc.spans["positions"]`, and the Greve gold positions (`annotations/greve/positions.jsonl`,
stand-off into the ingested ../shared/corpus files): the decision region of every item with
positions, and a sample of those without. Never the heldout families.

The threshold is chosen for precision on the dev leave-one-family-out predictions only (the
lowest threshold whose pooled actor precision reaches `TARGET_PRECISION`, else the one of best
F0.5), then applied unchanged to heldout.

    .venv/bin/python -m referat.training.positions_model --output training/evaluation/positions_model.md
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from referat.annotations.gold import REPO_ROOT
from referat.annotations.greve import GREVE_DIR, SHARED_CORPUS, shared_available
from referat.annotations.greve_passes import read_spans
from referat.corpus import ingest
from referat.pipeline import load
from referat.pipeline.position_finders import _Reader
from referat.pipeline.position_lexicon import POSITION_LABELS, PositionLexicon
from referat.pipeline.positions import decision_region
from referat.pipeline.resources import default_resources
from referat.pipeline.sections import item_doc
from referat.training.positions_families import FAMILIES_DIR, predict, read_families, score_family

CONFIG = REPO_ROOT / "configs" / "positions_spancat.cfg"
SPAN_KEY = "positions"
#: Model spans below this are never read (the floor of the threshold sweep).
SCORE_FLOOR = 0.2
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: The threshold is the lowest whose dev (leave-one-family-out) actor precision reaches this.
TARGET_PRECISION = 0.95
#: Greve items without positions kept for training, as a share of those with positions.
GREVE_NEGATIVE_SHARE = 0.5


# ------------------------------------------------------------------ training data


def _add_spans(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> Doc:
    """`doc.spans["positions"]` from character spans (expanded to tokens: `Ø` of `Ø.`), once each."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None:
            raise ValueError(f"no tokens for span {start}-{end} in {doc.text[:60]!r}")
        key = (span.start, span.end, label)
        if key not in seen:
            seen.add(key)
            out.append(span)
    doc.spans[SPAN_KEY] = out
    return doc


def family_docs(nlp: Language, items: Sequence[dict[str, Any]]) -> list[Doc]:
    """Training Docs of synthetic family items: the whole text is the decision."""
    docs = []
    for item in items:
        doc = _add_spans(nlp.make_doc(item["text"]), [(p["start"], p["end"], p["label"])
                                                     for p in item.get("positions") or []])
        doc.user_data.update({"synthetic": True, "family": item.get("family"), "id": item.get("id")})
        docs.append(doc)
    return docs


def greve_docs(nlp: Language, negative_share: float = GREVE_NEGATIVE_SHARE, seed: int = 0) -> list[Doc]:
    """Training Docs of the Greve gold positions: the decision region (as `referat_sections` and
    `decision_region` mark it) of every item of a gold file that has positions, and a sample of the
    items without. Empty where ../shared/corpus is absent."""

    if not shared_available(SHARED_CORPUS):
        return []
    lexicon = default_resources().positions
    by_file: dict[str, list[Any]] = defaultdict(list)
    for s in read_spans(Path(GREVE_DIR) / "positions.jsonl"):
        by_file[s.file].append(s)
    with_positions: list[Doc] = []
    without: list[Doc] = []
    for file in sorted(by_file):
        document = ingest(SHARED_CORPUS / file)
        text = document.text
        for item in document.items:
            gold = [s for s in by_file[file] if item.start <= s.start < item.end]
            region = decision_region(item_doc(nlp, text, item, item.start, item.end), lexicon)
            if region is None:
                continue
            a, b = item.start + region[0], item.start + region[1]
            inside = [s for s in gold if a <= s.start and s.end <= b]
            if len(inside) < len(gold):  # a gold span outside the region: the region is not what gold read
                a, b = min([a] + [s.start for s in gold]), max([b] + [s.end for s in gold])
            if not text[a:b].strip():
                continue
            doc = _add_spans(nlp.make_doc(text[a:b]), [(s.start - a, s.end - a, s.label) for s in gold])
            doc.user_data.update({"synthetic": False, "family": "greve", "id": f"{file}#{item.number}"})
            (with_positions if gold else without).append(doc)
    rng = random.Random(seed)
    keep = min(len(without), round(negative_share * len(with_positions)))
    return with_positions + rng.sample(without, keep)


# ------------------------------------------------------------------ training


def _write(docs: Sequence[Doc], path: Path) -> Path:
    DocBin(attrs=[], docs=docs, store_user_data=False).to_disk(path)
    return path


def train(docs: Sequence[Doc], output: Path, *, config: Path = CONFIG, max_steps: Optional[int] = None,
          seed: int = 0, quiet: bool = True) -> Path:
    """Train the spancat of `config` on `docs` with `spacy train` (a subprocess, CPU); the path of
    model-last. The dev corpus `spacy train` asks for is a slice of the training docs (logged only)."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    shuffled = list(docs)
    rng.shuffle(shuffled)
    train_path = _write(shuffled, output / "train.spacy")
    dev_path = _write(shuffled[: max(1, min(40, len(shuffled) // 10))], output / "dev.spacy")
    cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output / "model"),
           "--paths.train", str(train_path), "--paths.dev", str(dev_path), "--system.seed", str(seed)]
    if max_steps is not None:
        cmd += ["--training.max_steps", str(max_steps),
                "--training.eval_frequency", str(max(1, min(250, max_steps)))]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    (output / "train.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"spacy train failed ({output / 'train.log'}):\n{done.stderr[-2000:]}")
    if not quiet:
        print(done.stdout)
    return output / "model" / "model-last"


def load_model(path: Path) -> Language:
    """The trained pipeline, reading every span down to SCORE_FLOOR (the reader thresholds)."""
    nlp = spacy.load(path)
    nlp.get_pipe("spancat").cfg["threshold"] = SCORE_FLOOR
    return nlp


# ------------------------------------------------------------------ reading the model


def _history_cut(text: str, lexicon: PositionLexicon) -> int:
    """Where the decision ends: at a case-history heading (`Sagens forløb`), as `decision_region` cuts."""
    history = lexicon.history.search(text)
    return history.start() if history else len(text)


def scored_spans(model: Language, texts: Sequence[str], lexicon: Optional[PositionLexicon] = None
                 ) -> list[list[tuple[int, int, str, float]]]:
    """Per text, the model's (start_char, end_char, label, score) at or above SCORE_FLOOR, read in
    the decision only (the text before a case-history heading, like the rules)."""
    lexicon = lexicon or default_resources().positions
    cuts = [_history_cut(t, lexicon) for t in texts]
    out = []
    for doc, cut in zip(model.pipe(t[:c] for t, c in zip(texts, cuts)), cuts):
        group = doc.spans[SPAN_KEY] if SPAN_KEY in doc.spans else []
        scores = group.attrs.get("scores", []) if len(group) else []
        out.append([(s.start_char, s.end_char, s.label_, float(score)) for s, score in zip(group, scores)])
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def select(spans: Sequence[tuple[int, int, str, float]], threshold: float) -> list[tuple[int, int, str, float]]:
    """The spans at or above `threshold`, best first, each kept unless it overlaps a kept span of
    other boundaries (one span may carry two labels)."""
    kept: list[tuple[int, int, str, float]] = []
    for span in sorted((s for s in spans if s[3] >= threshold), key=lambda s: -s[3]):
        if all((k[0], k[1]) == (span[0], span[1]) or not _overlaps(k[:2], span[:2]) for k in kept):
            kept.append(span)
    return sorted(kept)


def actor_of(text: str, start: int, end: int, lexicon: PositionLexicon, participants: Sequence[Any],
             reader: Optional[_Reader] = None) -> dict[str, Any]:
    """The actor of the span text[start:end], normalised by the rules' actor grammar: the actor the
    grammar reads in the whole text that overlaps the span most, else the one it reads in the span
    alone, else the text as written (name, party, party_name None)."""
    reader = reader or _Reader(text, lexicon, participants)
    best, most = None, 0
    for actor in reader.actors:
        overlap = min(end, actor.end) - max(start, actor.start)
        if overlap > most:
            best, most = actor, overlap
    if best is None:
        alone = _Reader(text[start:end], lexicon, participants).actors
        best = alone[0] if alone else None
    if best is None:
        return {"name": None, "party": None, "party_name": None}
    return best.as_dict()


def model_votes(item: dict[str, Any], spans: Sequence[tuple[int, int, str, float]],
                lexicon: PositionLexicon) -> dict[str, Any]:
    """The contract's votes (positions only) of an item from the model's selected spans."""
    text = item["text"]
    participants = [{"name": m["name"], "party": m.get("party")} for m in item.get("members") or []]
    reader = _Reader(text, lexicon, participants)
    positions = [{"position": label, **actor_of(text, start, end, lexicon, participants, reader),
                  "point": None, "amendment": None, "text": text[start:end], "start": start, "end": end,
                  "score": round(score, 4)}
                 for start, end, label, score in spans]
    return {"counts": None, "positions": positions, "amendments": []}


def union_votes(rules: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    """The rules' votes plus the model's positions that overlap no rule position."""
    taken = [(p["start"], p["end"]) for p in rules.get("positions") or []]
    extra = [p for p in model["positions"] if not any(_overlaps((p["start"], p["end"]), t) for t in taken)]
    return dict(rules, positions=sorted(list(rules.get("positions") or []) + extra, key=lambda p: p["start"]))


# ------------------------------------------------------------------ the comparison


def _summary(scores: dict[str, Any]) -> dict[str, Any]:
    keep = ("items", "gold_positions", "actors_p", "actors_r", "actors_f", "actors_wrong", "positions_p",
            "positions_r", "positions_f")
    return {k: scores.get(k) for k in keep}


def _score(items: list[dict[str, Any]], votes: list[dict[str, Any]], nlp: Optional[Language]) -> dict[str, Any]:
    """`score_family`, its gold spans widened to `nlp`'s tokens where it can (the span scores)."""
    try:
        return score_family(items, votes, nlp=nlp)
    except TypeError:  # a score_family without `nlp`
        return score_family(items, votes)


def compare(items_by_family: dict[str, list[dict[str, Any]]], rules_votes: dict[str, list[dict[str, Any]]],
            spans_by_family: dict[str, list[list[tuple[int, int, str, float]]]], threshold: float,
            lexicon: PositionLexicon) -> dict[str, dict[str, dict[str, Any]]]:
    """family (and "all") -> {"rules", "model", "both"} -> scores (`score_family`)."""
    tokenizer = spacy.blank("da")
    out: dict[str, dict[str, dict[str, Any]]] = {}
    pooled: dict[str, list] = defaultdict(list)
    for family, items in items_by_family.items():
        rules = rules_votes[family]
        model = [model_votes(item, select(spans, threshold), lexicon)
                 for item, spans in zip(items, spans_by_family[family])]
        both = [union_votes(r, m) for r, m in zip(rules, model)]
        out[family] = {}
        for name, votes in (("rules", rules), ("model", model), ("both", both)):
            out[family][name] = _summary(_score(items, votes, tokenizer))
            pooled[name].append(votes)
        pooled["items"].append(items)
    every = [item for items in pooled["items"] for item in items]
    out["all"] = {name: _summary(_score(every, [v for votes in pooled[name] for v in votes], tokenizer))
                  for name in ("rules", "model", "both")}
    return out


def choose_threshold(items_by_family: dict[str, list[dict[str, Any]]], rules_votes: dict[str, list[dict[str, Any]]],
                     spans_by_family: dict[str, list[list[tuple[int, int, str, float]]]], lexicon: PositionLexicon,
                     target: float = TARGET_PRECISION) -> tuple[float, list[dict[str, Any]]]:
    """The threshold for precision on these (dev, leave-one-family-out) predictions, and the sweep."""
    sweep = []
    for t in THRESHOLDS:
        s = compare(items_by_family, rules_votes, spans_by_family, t, lexicon)["all"]
        p, r = s["model"]["actors_p"], s["model"]["actors_r"]
        f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        sweep.append({"threshold": t, "model": s["model"], "both": s["both"], "f05": f05})
    reaching = [row for row in sweep if row["model"]["actors_p"] >= target]
    chosen = reaching[0] if reaching else max(sweep, key=lambda row: row["f05"])
    return chosen["threshold"], sweep


def run(workdir: Path, *, max_steps: Optional[int] = None, jobs: int = 2, keep_model: Optional[Path] = None,
        reuse: bool = False, log: Any = print) -> dict[str, Any]:
    """Train the folds and score rules, model and both. Returns the figures and timings.
    `reuse`: a fold whose model-last is already in `workdir` is not trained again."""
    t0 = time.time()
    blank = spacy.blank("da")
    lexicon = default_resources().positions
    dev = read_families(FAMILIES_DIR / "dev")
    heldout = read_families(FAMILIES_DIR / "heldout")
    nlp = load(None)
    rules_dev = {family: predict(nlp, items) for family, items in dev.items()}
    rules_heldout = {family: predict(nlp, items) for family, items in heldout.items()}
    greve = greve_docs(blank)
    dev_docs = {family: family_docs(blank, items) for family, items in dev.items()}
    log(f"training data: {sum(map(len, dev_docs.values()))} dev docs in {len(dev_docs)} families, "
        f"{len(greve)} Greve docs ({sum(1 for d in greve if len(d.spans[SPAN_KEY]))} with positions)")

    folds = {f"lofo-{family}": [d for other, docs in dev_docs.items() if other != family for d in docs] + greve
             for family in dev_docs}
    folds["all-dev"] = [d for docs in dev_docs.values() for d in docs] + greve
    timings: dict[str, float] = {}

    def one(name: str) -> tuple[str, Path]:
        done = workdir / name / "model" / "model-last"
        if reuse and (done / "config.cfg").exists():
            took = workdir / name / "seconds.txt"
            if took.exists():
                timings[name] = float(took.read_text())
            log(f"  reused {done}")
            return name, done
        start = time.time()
        path = train(folds[name], workdir / name, max_steps=max_steps)
        timings[name] = time.time() - start
        (workdir / name / "seconds.txt").write_text(f"{timings[name]:.1f}")
        log(f"  trained {name} on {len(folds[name])} docs in {timings[name]:.0f}s")
        return name, path

    reused = reuse and all((workdir / n / "model" / "model-last" / "config.cfg").exists() for n in folds)
    t_train = time.time()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        models = dict(pool.map(one, list(folds)))
    train_wall = time.time() - t_train

    spans_dev = {}
    for family, items in dev.items():
        spans_dev[family] = scored_spans(load_model(models[f"lofo-{family}"]), [i["text"] for i in items], lexicon)
    final = load_model(models["all-dev"])
    spans_heldout = {family: scored_spans(final, [i["text"] for i in items], lexicon)
                     for family, items in heldout.items()}

    threshold, sweep = choose_threshold(dev, rules_dev, spans_dev, lexicon)
    log(f"threshold {threshold} (chosen on dev leave-one-family-out)")
    if keep_model is not None:
        if Path(keep_model).exists():
            shutil.rmtree(keep_model)
        shutil.copytree(models["all-dev"], keep_model)
        (Path(keep_model) / "threshold.json").write_text(json.dumps({"threshold": threshold}), encoding="utf-8")
    return {
        "threshold": threshold,
        "sweep": sweep,
        "dev": compare(dev, rules_dev, spans_dev, threshold, lexicon),
        "heldout": compare(heldout, rules_heldout, spans_heldout, threshold, lexicon),
        "training": {"greve_docs": len(greve), "dev_docs": sum(map(len, dev_docs.values())),
                     "fold_sizes": {k: len(v) for k, v in folds.items()}, "fold_seconds": timings,
                     "train_wall_seconds": train_wall, "max_steps": max_steps, "jobs": jobs,
                     "reused": reused},
        "seconds": time.time() - t0,
    }


# ------------------------------------------------------------------ the report


def _c(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(scores: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    lines = ["| family | items | positions | rules P | rules R | rules F | rules wrong | model P | model R | "
             "model F | model wrong | both P | both R | both F | both wrong |",
             "|---|---:|---:|" + "---:|" * 12]
    for family, by in scores.items():
        name = f"**{family}**" if family == "all" else family
        row = [name, str(by["rules"]["items"]), str(by["rules"]["gold_positions"])]
        for who in ("rules", "model", "both"):
            s = by[who]
            wrong = "-" if s.get("actors_wrong") is None else str(s["actors_wrong"])
            row += [_c(s["actors_p"]), _c(s["actors_r"]), _c(s["actors_f"]), wrong]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def report(result: dict[str, Any]) -> str:
    t = result["training"]
    fold_times = ", ".join(f"{k} {v:.0f}s" for k, v in sorted(t["fold_seconds"].items())) or "models reused"
    lines = [
        "# Positions: rules, a trained spancat, and both (issue 21 part 2)",
        "",
        "Written by `python -m referat.training.positions_model` (training/positions_model.py, "
        "configs/positions_spancat.cfg). Scores are actor scores as `score_family` counts them: per item the "
        "set of (label, actor) pairs, the actor a person by name, else a party by list letter. The model's "
        "spans are normalised by the rules' actor grammar and the meeting's members. *both* = the rules' "
        "positions plus the model's spans that overlap no rule span. *wrong*: (label, actor) pairs predicted "
        "that gold does not have (the only figure on the families without positions; P is '-' where nothing "
        "was predicted).",
        "",
        "- **Model**: spaCy `spancat`, CNN tok2vec (MultiHashEmbed NORM/PREFIX/SUFFIX/SHAPE, width 96, depth 4, "
        "window 2, no static vectors), ngram suggester 1-6 tokens (`Kasper Holm Ravn (Ø)` is 6), trained from scratch on CPU; model-last after "
        f"{t['max_steps'] or 'the config'}'s steps.",
        f"- **Training data**: {t['dev_docs']} dev family items (synthetic) and {t['greve_docs']} Greve decision "
        "regions (every item with gold positions and a sample of items without). Never the heldout families.",
        f"- **Threshold**: {result['threshold']}, chosen on the dev leave-one-family-out predictions only (the "
        f"lowest whose pooled model precision reaches {TARGET_PRECISION}, else best F0.5), then applied to heldout.",
        f"- **Rules**: the shipped pipeline's `positions` as it stood when this ran.",
        f"- **Time**: {result['seconds']:.0f}s this run" + (" (scoring only: the models were trained by an earlier run "
        "of this command with --workdir, times below)" if t.get("reused") else "") + f"; training {t['train_wall_seconds']:.0f}s wall for "
        f"{len(t['fold_seconds'])} models ({t['jobs']} at a time, on a 2-core machine shared with other work): "
        f"{fold_times}.",
        "",
        "## Dev families, leave one family out",
        "",
        "**In view for the rules** (the cues were extended with these items seen: rules figures are in-sample). "
        "**Honest for the model**: each family is scored by a model trained on the other dev families + Greve.",
        "",
        *_table(result["dev"]),
        "",
        "## Heldout families (BLIND)",
        "",
        "**Blind for rules and model**: nobody has looked at these items; the model is trained on every dev "
        "family + Greve, the threshold is the one chosen on dev. Only aggregate scores per family are reported.",
        "",
        *_table(result["heldout"]),
        "",
        "## Threshold sweep (dev, leave one family out; the choice was made here)",
        "",
        "| threshold | model P | model R | model F | F0.5 | both P | both R | both F |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["sweep"]:
        m, b = row["model"], row["both"]
        lines.append(f"| {row['threshold']} | {_c(m['actors_p'])} | {_c(m['actors_r'])} | {_c(m['actors_f'])} | "
                     f"{_c(row['f05'])} | {_c(b['actors_p'])} | {_c(b['actors_r'])} | {_c(b['actors_f'])} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "training" / "evaluation" / "positions_model.md")
    parser.add_argument("--max-steps", type=int, default=None, help="override the config's training.max_steps")
    parser.add_argument("--jobs", type=int, default=2, help="models trained at once (one CPU each)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the folds' models here (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="keep the models already trained in --workdir")
    parser.add_argument("--keep-model", type=Path, default=None,
                        help="copy the model trained on all dev + Greve here (e.g. training/runs/positions_spancat)")
    args = parser.parse_args(argv)
    start = time.time()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="positions_model-"))
    try:
        result = run(workdir, max_steps=args.max_steps, jobs=args.jobs, keep_model=args.keep_model,
                     reuse=args.reuse)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report(result), encoding="utf-8")
    args.output.with_suffix(".json").write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    print(f"wrote {args.output} ({args.output.with_suffix('.json').name} beside it)")
    print(f"took {time.time() - start:.0f}s")


if __name__ == "__main__":
    main()
