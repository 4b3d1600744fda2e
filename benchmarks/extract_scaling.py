"""Extraction time against document size: `extract()` on one text of 1, 5, 10 and 50 MB.

    .venv/bin/python benchmarks/extract_scaling.py              # 1, 5, 10, 50 MB
    .venv/bin/python benchmarks/extract_scaling.py --sizes 1 5  # other sizes (MB)

The text is the seed minutes repeated with item numbers running upwards (as in
read_scaling.py), so a 50 MB document has tens of thousands of items, numbers far past
999. Time per MB should stay flat (linear time); issue 13 asks for 50 MB in under
3 minutes and seconds per MB at 50 MB within 1.5x of that at 5 MB. Peak memory is the
process's maximum RSS after each size (it only grows). Building the text is not timed.

Measured on the development machine (2 shared cores), 2026-11: see the README's
Reliability section for the figures of the last run.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from read_scaling import build_text  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 10, 50], help="document sizes in MB")
    parser.add_argument("--model", default=None, help="pipeline (default: the shipped one)")
    args = parser.parse_args(argv)

    from referat.extract.extractor import extract
    try:
        from referat.pipeline import load as load_pipeline  # the runtime NLP's new home
    except ImportError:
        from referat.extract.pipeline import load_pipeline

    nlp = load_pipeline(args.model)
    extract("Punkt 1: Opvarmning\n\nBeslutning\n\nGodkendt.\n", nlp=nlp)  # warm-up: lazy imports, caches
    print(f"{'MB':>6} {'chars':>11} {'items':>7} {'entities':>9} {'s':>8} {'s/MB':>7} {'peak RSS MB':>12}")
    for mb in args.sizes:
        text = build_text(1, mb * 1_000_000)  # "pages" of 1 MB of characters
        t0 = time.perf_counter()
        minutes = extract(text, nlp=nlp)
        elapsed = time.perf_counter() - t0
        size_mb = len(text.encode("utf-8")) / 1e6
        entities = sum(len(item.entities) for item in minutes.items)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size_mb:>6.1f} {len(text):>11,} {len(minutes.items):>7} {entities:>9} {elapsed:>8.1f} "
              f"{elapsed / size_mb:>7.2f} {peak:>12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
