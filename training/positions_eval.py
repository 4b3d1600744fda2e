"""How well the positions component reads who voted how, against the positions gold.

The component is rules (no training), so it is scored on the gold as it stands: Greve
2025, Greve 2022-2024 and the seeds (where the cues saw the gold: `IN_VIEW`). Span F1 per label, actor normalisation, points, amendments and counts, by
`referat.pipeline.positions.score_positions`.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Optional

from referat.annotations.gold import GOLD_DIR, RAW_DIR, read_jsonl
from referat.annotations.greve import GREVE_DIR, SHARED_CORPUS, shared_available
from referat.annotations.greve_passes import read_spans
from referat.corpus import ingest
from referat.pipeline import load
from referat.pipeline.items import run_pipeline
from referat.pipeline.positions import score_positions

IN_VIEW = ("the position cues were written by a developer who read the whole positions gold (two rules were "
           "changed after reading it): in-sample for every split")


def _gold_votes(items: list[Any], spans: list[dict], counts: dict[int, dict]) -> dict[int, dict]:
    """Item number -> gold votes (the contract's shape) from position spans and counts."""
    out: dict[int, dict] = {}
    for item in items:
        positions = [{"position": s["label"], "start": s["start"], "end": s["end"], "point": s.get("point"),
                      "amendment": s.get("amendment")} for s in spans if item.start <= s["start"] < item.end]
        c = counts.get(item.number)
        out[item.number] = {"counts": c, "positions": positions, "amendments": []}
    return out


def evaluate_positions(model: Any = None, archive: Optional[Path] = GREVE_DIR,
                       shared: Path = SHARED_CORPUS) -> dict[str, Any]:
    """Scores per split: {"seeds", "Greve 2022-2024", "Greve 2025"} (Greve only with ../shared)."""
    nlp = load(model)

    def votes_of(path: Path) -> tuple[list[Any], list[Optional[dict]]]:
        doc = ingest(path)
        return doc.items, [votes for _, _, votes in run_pipeline(nlp, doc.text, doc.items, doc.meeting)]

    splits: dict[str, tuple[dict, dict]] = defaultdict(lambda: ({}, {}))
    seed_spans = read_jsonl(GOLD_DIR / "positions.jsonl")
    for path in sorted(RAW_DIR.glob("*.txt")):
        items, votes = votes_of(path)
        gold = _gold_votes(items, [s for s in seed_spans if s["document"] == path.stem], {})
        g, p = splits["seeds"]
        for item, predicted in zip(items, votes):
            g[(path.stem, item.number)] = gold[item.number]
            p[(path.stem, item.number)] = predicted
    if archive is not None and shared_available(shared):
        spans_by_file: dict[str, list[dict]] = defaultdict(list)
        for s in read_spans(Path(archive) / "positions.jsonl"):
            spans_by_file[s.file].append(s.model_dump())
        counts_by_file: dict[str, dict[int, dict]] = defaultdict(dict)
        for c in read_jsonl(Path(archive) / "counts.jsonl"):
            counts_by_file[c["file"]][c["item"]] = {"for": c["for"], "against": c["against"],
                                                    "abstained": c["abstained"]}
        for file in sorted(spans_by_file):
            items, votes = votes_of(shared / file)
            split = "Greve 2025" if Path(file).name.startswith("2025") else "Greve 2022-2024"
            gold = _gold_votes(items, spans_by_file[file], counts_by_file.get(file, {}))
            g, p = splits[split]
            for item, predicted in zip(items, votes):
                g[(file, item.number)] = gold[item.number]
                p[(file, item.number)] = predicted
    return {name: score_positions(g, p, gold_amendment_base=1) for name, (g, p) in sorted(splits.items())}
