"""What the entity rules alone find: counts per label over the Greve archive's items and the
five seed minutes, and the rules' exact-span P/R/F against the seed gold.

    .venv/bin/python benchmarks/entity_rules_counts.py                 # all of it
    .venv/bin/python benchmarks/entity_rules_counts.py --quick         # the first 40 Greve meetings
    .venv/bin/python benchmarks/entity_rules_counts.py --dump /tmp/after.json
    .venv/bin/python benchmarks/entity_rules_counts.py --compare /tmp/before.json /tmp/after.json

1. Greve (../shared/corpus/greve, FirstAgenda JSON): every agenda item's text (ingested by
   referat.corpus.ingest) through `rules_only_pipeline()`; entities per label, and PARTY
   entities per normalised kind.
2. Seeds (corpus/raw/*.txt): the whole text of each through the same pipeline.
3. Gold: `referat.training.evaluate.predict_entities("rules", None, texts)` scored with
   `referat.training.metrics.span_prf` on annotations/gold/entities.jsonl. The rules were
   written with the seeds in view, so this is no held-out figure.

`--dump` writes the entities found (offsets, label, text, value) per seed and per Greve item
to a JSON file outside the repository (the archive's text must not be kept in it);
`--compare` prints, per seed and in total for Greve, what was added, removed or changed
between two dumps.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from referat.schema import ENTITY_LABELS
from referat.annotations.gold import read_jsonl
from referat.corpus import ingest
from referat.pipeline.components import rules_only_pipeline
from referat.training.evaluate import predict_entities
from referat.training.metrics import span_prf

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpus" / "greve"
SEEDS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
GOLD = ROOT / "annotations" / "gold" / "entities.jsonl"
LABELS = ENTITY_LABELS


def entities(nlp, texts: list[tuple[str, str]]) -> dict[str, list[list]]:
    """Per key, the entities of its text: [start, end, label, text, value]."""
    out = {}
    for (key, _), doc in zip(texts, nlp.pipe(t for _, t in texts)):
        out[key] = [[e.start_char, e.end_char, e.label_, e.text, e._.value] for e in doc.ents]
    return out


def greve_texts(limit: int | None) -> list[tuple[str, str]]:
    paths = sorted(p for p in ARCHIVE.glob("*/*.json"))[:limit]
    texts = []
    for path in paths:
        doc = ingest(path)
        for item in doc.items:
            texts.append((f"{path.parent.name}/{path.stem}#{item.number}", doc.text[item.start : item.end]))
    return texts


def counts(found: dict[str, list[list]]) -> tuple[Counter, Counter]:
    labels, kinds = Counter(), Counter()
    for ents in found.values():
        for _, _, label, _, value in ents:
            labels[label] += 1
            if label == "PARTY":
                kinds[(value or {}).get("kind", "none")] += 1
    return labels, kinds


def table(title: str, n: int, labels: Counter, kinds: Counter) -> None:
    print(f"### {title} ({n} texts)\n")
    print("| label | entities |\n|---|---:|")
    for label in LABELS:
        print(f"| {label} | {labels[label]} |")
    print(f"| all | {sum(labels.values())} |\n")
    print("| PARTY kind | entities |\n|---|---:|")
    for kind, c in sorted(kinds.items()):
        print(f"| {kind} | {c} |")
    print()


def gold_scores() -> None:
    records = read_jsonl(GOLD)
    texts = [r["text"] for r in records]
    gold = [[tuple(s) for s in r["label"]] for r in records]
    pred = predict_entities("rules", None, texts)
    scores = span_prf(gold, pred)
    print(f"### Rules alone against the seed gold ({len(records)} segments; the rules were written with the seeds in view)\n")
    print("| label | P | R | F | tp | fp | fn |\n|---|---:|---:|---:|---:|---:|---:|")
    for label, s in scores.items():
        print(f"| {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {s['tp']} | {s['fp']} | {s['fn']} |")
    print()


def compare(before_path: Path, after_path: Path) -> None:
    before = json.loads(before_path.read_text(encoding="utf8"))
    after = json.loads(after_path.read_text(encoding="utf8"))
    for part in ("seeds", "greve"):
        b_all, a_all = before.get(part, {}), after.get(part, {})
        tally = Counter()
        for key in sorted(set(b_all) | set(a_all)):
            b = {(s, e, l): (t, v) for s, e, l, t, v in b_all.get(key, [])}
            a = {(s, e, l): (t, v) for s, e, l, t, v in a_all.get(key, [])}
            added = sorted(set(a) - set(b))
            removed = sorted(set(b) - set(a))
            changed = sorted(k for k in set(a) & set(b) if a[k][1] != b[k][1])
            tally.update({"added": len(added), "removed": len(removed), "changed": len(changed)})
            for k in added:
                tally[f"added {k[2]}"] += 1
            for k in removed:
                tally[f"removed {k[2]}"] += 1
            if part != "seeds" or not (added or removed or changed):
                continue
            print(f"#### {key}\n")
            for k in added:
                print(f"- added {k[2]} {k[0]}-{k[1]} `{a[k][0]}` -> {json.dumps(a[k][1], ensure_ascii=False)}")
            for k in removed:
                print(f"- removed {k[2]} {k[0]}-{k[1]} `{b[k][0]}`")
            for k in changed:
                print(f"- changed {k[2]} {k[0]}-{k[1]} `{a[k][0]}`: {json.dumps(b[k][1], ensure_ascii=False)} -> "
                      f"{json.dumps(a[k][1], ensure_ascii=False)}")
            print()
        print(f"{part}: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="only the first 40 Greve meetings")
    ap.add_argument("--dump", type=Path, help="write the entities found to this JSON file (outside the repository)")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"), help="diff two dumps and exit")
    ap.add_argument("--no-greve", action="store_true", help="skip the Greve archive")
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
        return 0
    if args.dump and ROOT in args.dump.resolve().parents:
        print(f"{args.dump}: the dump holds archive text; write it outside the repository.", file=sys.stderr)
        return 2
    nlp = rules_only_pipeline()
    dump: dict[str, dict] = {}
    if not args.no_greve and not ARCHIVE.is_dir():
        print(f"{ARCHIVE}: not found, so the Greve counts are left out (--no-greve says so up front).\n")
    elif not args.no_greve:
        texts = greve_texts(40 if args.quick else None)
        found = entities(nlp, texts)
        table("Greve archive, agenda items", len(texts), *counts(found))
        dump["greve"] = found
    seeds = [(p.stem, p.read_text(encoding="utf8")) for p in SEEDS]
    found = entities(nlp, seeds)
    table("Seed minutes, whole text", len(seeds), *counts(found))
    dump["seeds"] = found
    gold_scores()
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False), encoding="utf8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
