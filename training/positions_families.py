"""Positions on wording families: how the positions reader does on the forms other
municipalities write votes in, with whole families held out.

The set (`annotations/positions/{dev,heldout}/<family>.jsonl`) is synthetic decision texts
written by helpers blind to the rules, one file per wording family (roll calls, majority and
minority, individual statements, absence, counts, amendments, ...), each item with the
meeting's member list and gold positions in the output contract's shape. The `heldout`
families were written by a second, independent writer and are kept out of view of the cues
until their first run, whose figures are kept apart as blind (the data card says which).

Each item goes through the pipeline as a Doc whose whole text is the decision (the span
`referat_sections` would otherwise mark), with the meeting's members as participants, so
the figure is that of `nlp.pipe`. Two scores: the spans exactly (start, end, label, as
`score_positions` and the Greve figures), and per item the (label, actor) pairs with the
actor normalised (a person by name, else a party by list letter), as a reader of the
output counts votes.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from spacy.scorer import PRFScore
from spacy.tokens import Doc

from referat.annotations.gold import REPO_ROOT
from referat.pipeline import load
from referat.pipeline.positions import POSITION_LABELS, score_positions

FAMILIES_DIR = REPO_ROOT / "annotations" / "positions"
SPLITS = ("dev", "dev2", "dev3", "heldout", "heldout2")
#: What each split's figure is: the dev families were read while the cues were extended.
IN_VIEW = {"dev": "in view: the cues were extended with these families read",
           "dev2": "in view: scored blind once, then read and the cues extended",
           "dev3": "in view: scored blind once, then read and the cues extended",
           "heldout": "blind: no cue was written with these families read",
           "heldout2": "blind: no cue was written with these families read"}


def read_families(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """family -> its items, from `folder/<family>.jsonl`; every item must be marked synthetic."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        unmarked = [item.get("id") for item in items if item.get("synthetic") is not True]
        if unmarked:
            raise ValueError(f"{path}: items not marked synthetic: {unmarked[:5]}")
        out[path.stem] = items
    return out


def _meeting_date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def decision_doc(nlp: Any, item: dict[str, Any]) -> Doc:
    """The Doc of an item's decision text, marked as the decision, with the meeting's members."""
    doc = nlp.make_doc(item["text"])
    doc._.title = item.get("title") or ""
    doc._.body = item.get("body")
    doc._.meeting_date = _meeting_date(item.get("meeting_date"))
    doc._.participants = [{"name": m["name"], "party": m.get("party")} for m in item.get("members") or []]
    doc.spans["decision"] = [doc[:]]
    return doc


def predict(nlp: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pipeline's votes for each item (only the positions component needs to run)."""
    docs = (decision_doc(nlp, item) for item in items)
    keep = [name for name in nlp.pipe_names if name != "positions"]
    return [doc._.votes for doc in nlp.pipe(docs, disable=keep)]


def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def actor_key(position: dict[str, Any]) -> tuple[str, str]:
    """(label, actor): a person by their name, else a party by its letter, else the text as written."""
    label = position.get("position") or position.get("label")
    if position.get("name"):
        return label, "name:" + _fold(position["name"])
    if position.get("party"):
        return label, "party:" + position["party"]
    return label, "text:" + _fold(position.get("text") or "")


def _gold_votes(item: dict[str, Any], doc: Optional[Doc] = None) -> dict[str, Any]:
    """The item's gold in the contract's shape; with the item's Doc, each span widened to the tokens
    it lies in, as the guidelines (§8.2) say (`C` of a list ending `og C.` is the token `C.`)."""
    positions = []
    for p in item.get("positions") or []:
        span = doc.char_span(p["start"], p["end"], alignment_mode="expand") if doc is not None else None
        bounds = {"start": span.start_char, "end": span.end_char} if span is not None else {}
        positions.append(dict(p, position=p["label"], **bounds))
    return {"counts": item.get("counts"), "positions": positions, "amendments": item.get("amendments") or []}


def score_family(items: list[dict[str, Any]], predicted: list[dict[str, Any]], nlp: Any = None) -> dict[str, Any]:
    """Span scores (`score_positions`) and actor scores (per item, (label, actor) sets) for one family;
    `nlp` (its tokenizer) widens the gold spans to tokens."""
    gold = [_gold_votes(item, nlp.make_doc(item["text"]) if nlp is not None else None) for item in items]
    scores = score_positions(gold, predicted)
    per_label = {label: PRFScore() for label in POSITION_LABELS}
    overall = PRFScore()
    for g, p in zip(gold, predicted):
        gk = {actor_key(x) for x in g["positions"]}
        pk = {actor_key(x) for x in (p or {}).get("positions") or []}
        for prf, keys in [(overall, (gk, pk))] + [(per_label[label], ({k for k in gk if k[0] == label},
                                                                       {k for k in pk if k[0] == label}))
                                                   for label in POSITION_LABELS]:
            prf.tp += len(keys[0] & keys[1])
            prf.fp += len(keys[1] - keys[0])
            prf.fn += len(keys[0] - keys[1])
    scores.update({
        "items": len(items),
        "gold_positions": sum(len(g["positions"]) for g in gold),
        "actors_p": overall.precision if overall.tp + overall.fp else None,
        "actors_r": overall.recall if overall.tp + overall.fn else None,
        "actors_f": overall.fscore if overall.tp + overall.fp + overall.fn else None,
        "actors_wrong": overall.fp,
        "actors_per_label": {label: prf.to_dict() for label, prf in per_label.items() if prf.tp + prf.fn + prf.fp},
    })
    return scores


def evaluate_families(folder: Path = FAMILIES_DIR, model: Any = None,
                      splits: Iterable[str] = SPLITS) -> dict[str, dict[str, dict[str, Any]]]:
    """split -> family -> scores (and "all" per split), for the pipeline `model` (default: the shipped one)."""
    nlp = load(model)
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for split in splits:
        families = read_families(Path(folder) / split)
        every: list[dict[str, Any]] = []
        every_pred: list[dict[str, Any]] = []
        for family, items in families.items():
            predicted = predict(nlp, items)
            out[split][family] = score_family(items, predicted, nlp)
            every += items
            every_pred += predicted
        if every:
            out[split]["all"] = score_family(every, every_pred, nlp)
    return dict(out)


def _cell(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.3f}"


def report(scores: dict[str, dict[str, dict[str, Any]]], in_view: dict[str, str]) -> str:
    """A Markdown table per split: items, gold positions, actor P/R/F, span F, counts exact."""
    lines = []
    for split, families in scores.items():
        lines += [f"### {split} ({in_view.get(split, 'blind')})", "",
                  "| family | items | positions | actors P | actors R | actors F | wrong | spans F | counts exact |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for family, s in families.items():
            name = f"**{family}**" if family == "all" else family
            lines.append(f"| {name} | {s['items']} | {s['gold_positions']} | {_cell(s['actors_p'])} | "
                         f"{_cell(s['actors_r'])} | {_cell(s['actors_f'])} | {s['actors_wrong']} | "
                         f"{_cell(s['positions_f'] if s['gold_positions'] or s['actors_wrong'] else None)} | "
                         f"{_cell(s['counts_exact'])} ({s['counts_items']}) |")
        lines.append("")
    return "\n".join(lines)
