"""The numbers of the data card (annotations/README.md), straight from the gold files: the seeds'
gold and the archive's stand-off files (read without ../shared), per split, source, label, body and year."""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from referat.annotations.convert import SPLITS, default_synthetic_dir, decision_label, document_split, load_synthetic
from referat.annotations.greve import GREVE_DIR, MUNICIPALITY, body_year, document_id
from referat.annotations.greve_passes import POSITION_LABELS
from referat.annotations.gold import DECISION_TYPES, ENTITY_LABELS, GOLD_DIR, REPO_ROOT, load_gold, manifest, read_jsonl

POSITIONS_FILE = "positions.jsonl"
#: The counts kept per body and per year (the rows of the card's tables by body and by year).
ROW_KEYS = ("documents", "items", "spans", "positions")


def _optional_jsonl(path: Path) -> list[dict]:
    return read_jsonl(path) if path.exists() else []


def _tally(where: Mapping[str, tuple[str, str]], decisions: Sequence[tuple[str, str]],
           spans: Sequence[tuple[str, str]], positions: Sequence[Mapping[str, Any]], counts: int) -> dict[str, Any]:
    """Counts of one source per label, per body and per year.

    `where`: document -> (body, year); `decisions`, `spans`: (document, label); `positions`: records
    with document, label, point, amendment; `counts`: items with vote counts written."""
    bodies: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ROW_KEYS, 0))
    years: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ROW_KEYS, 0))

    def add(doc: str, key: str) -> None:
        body, year = where[doc]
        bodies[body][key] += 1
        years[year][key] += 1

    for doc in where:
        add(doc, "documents")
    for doc, _ in decisions:
        add(doc, "items")
    for doc, _ in spans:
        add(doc, "spans")
    for p in positions:
        add(p["document"], "positions")
    types = Counter(label for _, label in decisions)
    labels = Counter(label for _, label in spans)
    votes = Counter(p["label"] for p in positions)
    return {
        "documents": len(where), "items": len(decisions),
        "decision_documents": len({doc for doc, _ in decisions}), "entity_documents": len({doc for doc, _ in spans}),
        "position_documents": len({p["document"] for p in positions}),
        "entities": {label: labels.get(label, 0) for label in ENTITY_LABELS},
        "decisions": {t: types.get(t, 0) for t in DECISION_TYPES},
        "positions": {label: votes.get(label, 0) for label in POSITION_LABELS},
        "points": sum(1 for p in positions if p.get("point") is not None),
        "amendments": sum(1 for p in positions if p.get("amendment") is not None),
        "counts": counts,
        "bodies": dict(sorted(bodies.items())), "years": dict(sorted(years.items())),
    }


def archive_documents(archive: Path | str = GREVE_DIR) -> list[str]:
    """The archive's documents an export holds (those with decision or entity gold), from the file paths."""
    archive = Path(archive)
    rows = _optional_jsonl(archive / "decisions.jsonl") + _optional_jsonl(archive / "entities.jsonl")
    return sorted({document_id(r["file"]) for r in rows})


def archive_stats(archive: Path | str = GREVE_DIR,
                  assignment: Optional[Mapping[str, str]] = None) -> Optional[dict[str, Any]]:
    """Counts of the archive's stand-off gold from its files alone, without ../shared: a file path
    `greve/<body>/<date>-<id>.json` gives body and year. With `assignment` (document -> split), also
    per split. None where the archive has no decision gold."""
    archive = Path(archive)
    if not (archive / "decisions.jsonl").exists():
        return None
    decisions = read_jsonl(archive / "decisions.jsonl")
    entities = _optional_jsonl(archive / "entities.jsonl")
    positions = _optional_jsonl(archive / "positions.jsonl")
    counts = _optional_jsonl(archive / "counts.jsonl")
    dec_rows = [(document_id(r["file"]), r["label"]) for r in decisions]
    ent_rows = [(document_id(r["file"]), r["label"]) for r in entities]
    where = {document_id(f): body_year(f) for f in sorted({r["file"] for r in decisions + entities + positions})}
    stats = _tally(where, dec_rows, ent_rows, [{**r, "document": document_id(r["file"])} for r in positions],
                   len(counts))

    def sampled(why: str) -> list[dict]:
        return [r for r in decisions if str(r.get("why", "")).split(":")[0] == why]

    try:
        shown = archive.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        shown = archive.as_posix()
    stats.update({
        "dir": shown,
        "sample_meeting_items": len(sampled("meeting")),
        "sample_meetings": len({r["file"] for r in sampled("meeting")}),
        "sample_wording_items": len(sampled("wording")),
        "sample_wording_meetings": len({r["file"] for r in sampled("wording")}),
        "decisions_adjudicated": sum(1 for r in decisions if r.get("source") == "adjudicated"),
        "entities_adjudicated": len(_optional_jsonl(archive / "adjudication-entities.jsonl")),
    })
    if assignment is not None:
        documents = archive_documents(archive)
        stats["splits"] = {}
        for split in SPLITS:
            decs = [t for d, t in dec_rows if assignment[d] == split]
            ents = [(d, label) for d, label in ent_rows if assignment[d] == split]
            labels, types = Counter(label for _, label in ents), Counter(decs)
            stats["splits"][split] = {
                "documents": sum(1 for d in documents if assignment[d] == split),
                "entity_documents": len({d for d, _ in ents}), "items": len(decs),
                "entities": {label: labels.get(label, 0) for label in ENTITY_LABELS},
                "decisions": {t: types.get(t, 0) for t in DECISION_TYPES},
            }
    return stats


def corpus_stats(gold_dir: Path | str = GOLD_DIR, seed: int = 0, split_by: str = "document",
                 synthetic_dir: Path | str | None = None, archive: Optional[Path] = None) -> dict[str, Any]:
    """What the card prints, straight from the gold files: the seeds' gold in `gold_dir` and, with
    `archive`, the archive's stand-off files (read without ../shared, so the card is the same with or
    without it). Splits are the export's: over the seeds and the archive's documents together."""
    gold_dir = Path(gold_dir)
    entities, decisions = load_gold(gold_dir)
    records = list(entities) + list(decisions)
    arch_records = [{"document": d, "municipality": MUNICIPALITY}
                    for d in (archive_documents(archive) if archive is not None else [])]
    assignment = document_split(records + arch_records, seed, split_by) if records or arch_records else {}
    alone = document_split(records, seed, split_by) if records else {}
    info = manifest()
    seed_docs = sorted({r["document"] for r in records}, key=lambda d: (SPLITS.index(assignment[d]), d))
    positions = [p for p in _optional_jsonl(gold_dir / POSITIONS_FILE) if p.get("document") in assignment]
    stats: dict[str, Any] = {"seed": seed, "split_by": split_by, "splits": {}, "documents": []}
    for doc_id in seed_docs:
        m = info.get(doc_id, {})
        stats["documents"].append({
            "document": doc_id, "split": assignment[doc_id], "split_alone": alone[doc_id],
            "municipality": next((r.get("municipality") for r in records if r["document"] == doc_id), None),
            "body": m.get("body"), "date": m.get("date"),
            "spans": sum(len(r["label"]) for r in entities if r["document"] == doc_id),
            "items": sum(1 for r in decisions if r["document"] == doc_id),
            "positions": sum(1 for p in positions if p["document"] == doc_id),
        })
    where = {d["document"]: (d["body"] or "", (d["date"] or "")[:4]) for d in stats["documents"]}
    stats["seeds"] = _tally(where, [(r["document"], decision_label(r)) for r in decisions],
                            [(r["document"], l) for r in entities for _, _, l in r["label"]], positions, 0)
    for split in SPLITS:
        ents = [r for r in entities if assignment.get(r["document"]) == split]
        decs = [r for r in decisions if assignment.get(r["document"]) == split]
        labels = Counter(l for r in ents for _, _, l in r["label"])
        types = Counter(decision_label(r) for r in decs)
        stats["splits"][split] = {
            "documents": len({r["document"] for r in ents + decs}),
            "segments": len(ents), "items": len(decs),
            "entities": {l: labels.get(l, 0) for l in ENTITY_LABELS},
            "decisions": {t: types.get(t, 0) for t in DECISION_TYPES},
        }
    stats["archive"] = archive_stats(archive, assignment) if archive is not None else None
    synthetic_dir = Path(synthetic_dir or default_synthetic_dir(gold_dir))
    syn_spans, syn_dec = load_synthetic(synthetic_dir) if synthetic_dir.exists() else ([], [])
    stats["synthetic"] = {"span_records": len(syn_spans), "decision_records": len(syn_dec),
                          "decisions": dict(Counter(decision_label(r) for r in syn_dec))}
    return stats
