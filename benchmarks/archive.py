"""Reading the Greve archive (../shared/corpus/greve, 369 FirstAgenda meetings) per format, and
`referat extract --workers 2` end to end against spaCy's tokenizer alone.

    .venv/bin/python benchmarks/archive.py                    # all 369 meetings; 20 as PDF; extract over 40
    .venv/bin/python benchmarks/archive.py --pdf 0 --extract 0  # reading only
    .venv/bin/python benchmarks/archive.py --extract 369        # extract over the whole archive

1. Reading (`referat.corpus.ingest`, one process): the meetings as FirstAgenda JSON (as
   published), then the same meetings as the text referat built from them, written to
   .txt, rendered as an HTML page (<h2> item lines, <h3> headings, <p> paragraphs) and,
   for the first `--pdf` meetings, as PDF (referat.corpus.pdfgen, running heads and page
   footers). Seconds, meetings/s and words/s per format; words are whitespace-separated.
   Rendering is not timed, only reading.
2. Extraction: `referat extract DIR --workers 2 -o out.jsonl` as a subprocess over the
   first `--extract` meetings (JSON), wall time including start-up and pipeline loads;
   against `spacy.blank("da")` tokenizing the same ingested texts in this process
   (words = the tokenizer's non-space tokens, the same count for both rates).

Prints a Markdown table; the README's formats table comes from it. Files go to a
temporary folder that is removed afterwards; no archive text is kept.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from referat.corpus import ingest
from referat.corpus.pdfgen import text_to_pdf
from referat.training.layouts import page_html

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpus" / "greve"


def read_all(paths: list[Path]) -> tuple[float, int]:
    """(seconds, words) to ingest `paths` once."""
    words = 0
    start = time.perf_counter()
    for path in paths:
        doc = ingest(path)
        words += len(doc.text.split())
    return time.perf_counter() - start, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--pdf", type=int, default=20, help="meetings rendered and read as PDF")
    parser.add_argument("--extract", type=int, default=40, help="meetings for `referat extract --workers 2`")
    args = parser.parse_args()
    manifest = json.loads((args.archive / "manifest.json").read_text(encoding="utf-8"))
    sources = [args.archive / r["file"] for r in manifest]
    rows: list[tuple[str, int, float, int]] = []
    tmp = Path(tempfile.mkdtemp(prefix="referat-archive-"))
    try:
        seconds, words = read_all(sources)
        rows.append(("FirstAgenda JSON", len(sources), seconds, words))
        docs = [ingest(p) for p in sources]
        for fmt in ("txt", "html"):
            folder = tmp / fmt
            folder.mkdir()
            paths = []
            for k, doc in enumerate(docs):
                path = folder / f"{k:03d}.{fmt}"
                path.write_text(doc.text if fmt == "txt" else page_html(doc), encoding="utf-8")
                paths.append(path)
            seconds, words = read_all(paths)
            rows.append((fmt, len(paths), seconds, words))
        if args.pdf:
            folder = tmp / "pdf"
            folder.mkdir()
            paths = []
            for k, doc in enumerate(docs[: args.pdf]):
                path = folder / f"{k:03d}.pdf"
                text_to_pdf(doc.text, path, header=f"{doc.meeting.body} - Referat", header_right=str(doc.meeting.date))
                paths.append(path)
            seconds, words = read_all(paths)
            rows.append(("pdf", len(paths), seconds, words))

        print(f"Greve archive, {platform.python_version()}, {os.cpu_count()} CPUs\n")
        print("| format | meetings | words | seconds | meetings/s | words/s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, n, seconds, words in rows:
            print(f"| {name} | {n} | {words:,} | {seconds:.2f} | {n / seconds:.1f} | {words / seconds:,.0f} |")

        if args.extract:
            import spacy  # only for the tokenizer baseline

            chosen = sources[: args.extract]
            folder = tmp / "extract"
            folder.mkdir()
            for path in chosen:
                shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
            nlp = spacy.blank("da")
            texts = [ingest(p).text for p in chosen]
            start = time.perf_counter()
            tokens = sum(sum(1 for t in doc if not t.is_space) for doc in nlp.pipe(texts))
            tok_seconds = time.perf_counter() - start
            out = tmp / "out.jsonl"
            command = [str(Path(sys.executable).with_name("referat")), "extract", str(folder), "--workers", "2",
                       "--output", str(out)]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            ext_seconds = time.perf_counter() - start
            lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
            errors = sum(1 for line in lines if '"error"' in line[:200] and '"items"' not in line)
            print(f"\n`referat extract --workers 2` over {len(chosen)} meetings ({tokens:,} words): "
                  f"{ext_seconds:.1f} s, {tokens / ext_seconds:,.0f} words/s (exit {done.returncode}, "
                  f"{len(lines)} lines, {errors} errors)")
            print(f"spaCy tokenizer alone (spacy.blank('da'), one process) on the same texts: {tok_seconds:.1f} s, "
                  f"{tokens / tok_seconds:,.0f} words/s; extract = {100 * tok_seconds / ext_seconds:.0f} % of it")
            if done.returncode not in (0, 1):
                print(re.sub(r"\s+", " ", done.stderr)[-500:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
