"""Speed and memory of extraction with the default pipeline (what `extract()` loads).

    .venv/bin/python benchmarks/extract_speed.py            # all parts
    .venv/bin/python benchmarks/extract_speed.py --quick    # smaller sizes, fewer repeats

Every measurement runs in a fresh subprocess pinned to one CPU core (and with
BLAS/torch threads set to 1), so numbers are for one core:

1. Throughput (words/s) over the corpus (corpus/raw/*.txt, ingested once, repeated
   to at least `--min-words` words): spaCy's Danish tokenizer alone
   (`spacy.blank("da")`, the ceiling), the default pipeline over the same item
   texts the extractor gives it (`nlp.pipe`), and the whole extraction after
   ingestion (`extract_ingested`: entities, values, sections, decisions, objects).
   Words are the tokenizer's non-space tokens. Best of `--repeats`, interleaved.
   Target: pipeline >= 20 % of the tokenizer-only rate.
2. Latency for a 30-page PDF (made from the seeds with reportlab via
   referat.corpus.pdfgen): `extract()` with the pipeline loaded (warm, median of 3),
   and `referat extract` as a new process (cold: imports and pipeline load included).
3. Growth and peak memory at 10, 100 and 1,000 pages (txt, and PDF unless --no-pdf):
   `extract()` in a fresh process; peak RSS (ru_maxrss) of that process, the RSS
   after loading the pipeline, seconds and seconds per page.
   Targets: peak <= 500 MB at 1,000 pages; time linear in pages.

Where the time goes (cProfile, 2026-11): the tokenizer is ~20 % of the pipeline's
time; almost all the rest is the `referat_entity_rules` component, and about a third
of that is `Doc.text` (a Python-level join over all tokens) called once per match
in `referat/pipeline/entity_finders.py: snap()`. Passing the text in once per Doc took the pipeline
from 16 % to 23 % of the tokenizer rate in a trial. spaCy is imported without torch
for pipelines that need none (referat.pipeline.loading, "lean imports"): ~118 MB
after loading the default pipeline instead of ~530 MB with the trf extra installed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
sys.path.insert(0, str(Path(__file__).resolve().parent))

ONE_CORE_ENV = {
    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false", "PYTHONHASHSEED": "0",
}


# ------------------------------------------------------------------ child side


def _pin() -> None:
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
    except (AttributeError, OSError):
        pass
    # BLAS/OpenMP threads are set to 1 in the environment (ONE_CORE_ENV); torch is not
    # imported here, so that the pipeline's own imports are what the memory numbers show.


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_mb() -> float:
    """Peak RSS of this process. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    fork and exec, so a child would report its parent's peak."""
    hwm = _status_mb("VmHWM")
    if hwm is not None:
        return hwm
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def _rss_mb() -> float:
    rss = _status_mb("VmRSS")
    return rss if rss is not None else _peak_mb()


def child_throughput(min_words: int, repeats: int) -> dict:
    _pin()
    import spacy

    from referat.corpus import ingest
    from referat.extract.extractor import extract_ingested
    from referat.pipeline.items import chunk_spans
    from referat.pipeline.loading import entity_disabled, load as load_pipeline, pipeline_info

    nlp = load_pipeline(None)
    blank = spacy.blank("da")
    docs = [ingest(p) for p in sorted(RAW.glob("*.txt"))]
    texts = [d.text[a:b] for d in docs for it in d.items for a, b in chunk_spans(d.text, it.start, it.end)]
    words_once = sum(1 for t in texts for tok in blank.make_doc(t) if not tok.is_space)
    copies = max(1, -(-min_words // max(1, words_once)))
    texts_all = texts * copies
    docs_all = docs * copies
    words = words_once * copies

    def tokenizer() -> float:
        t0 = time.perf_counter()
        for _ in blank.pipe(texts_all, batch_size=64):
            pass
        return time.perf_counter() - t0

    disable = entity_disabled(nlp)

    def pipeline() -> float:
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts_all, batch_size=64, disable=disable):
            pass
        return time.perf_counter() - t0

    def extraction() -> float:
        t0 = time.perf_counter()
        for d in docs_all:
            extract_ingested(d, nlp)
        return time.perf_counter() - t0

    pipeline()  # warm up caches
    times: dict[str, list[float]] = {"tokenizer": [], "pipeline": [], "extraction": []}
    for _ in range(repeats):
        times["tokenizer"].append(tokenizer())
        times["pipeline"].append(pipeline())
        times["extraction"].append(extraction())
    if "names" in nlp.component_names:  # the trained names model, switched the other way from how it ships
        shipped_off = "names" in nlp.disabled
        (nlp.enable_pipe if shipped_off else nlp.disable_pipe)("names")
        times["extraction_names_on" if shipped_off else "extraction_names_off"] = [extraction() for _ in range(repeats)]
        (nlp.disable_pipe if shipped_off else nlp.enable_pipe)("names")
    best = {k: min(v) for k, v in times.items()}
    return {
        "pipeline": pipeline_info(nlp), "components": nlp.pipe_names, "words": words, "copies": copies,
        "documents": len(docs), "texts": len(texts_all),
        "rates": {k: words / v for k, v in best.items()}, "seconds": best, "peak_mb": _peak_mb(),
    }


def child_extract(path: str, runs: int) -> dict:
    _pin()
    t0 = time.perf_counter()
    from referat.corpus import ingest
    from referat.extract.extractor import extract_ingested
    from referat.pipeline import load as load_pipeline

    nlp = load_pipeline(None)
    loaded = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    peak_loaded = _peak_mb()
    total, reading, extracting = [], [], []
    chars = items = pages = 0
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        doc = ingest(path)  # what extract(path) does: ingest, then extract_ingested
        t1 = time.perf_counter()
        minutes = extract_ingested(doc, nlp)
        t2 = time.perf_counter()
        chars, items, pages = len(doc.text), len(minutes.items), doc.pages
        del doc, minutes
        total.append(t2 - t0)
        reading.append(t1 - t0)
        extracting.append(t2 - t1)
    return {
        "load_s": loaded, "seconds": total, "median_s": statistics.median(total),
        "ingest_s": statistics.median(reading), "extract_s": statistics.median(extracting),
        "rss_after_load_mb": rss_loaded, "peak_after_load_mb": peak_loaded, "peak_mb": _peak_mb(),
        "chars": chars, "items": items, "pages": pages,
    }


def child_cli(args: list[str]) -> dict:
    """`referat extract ...` in this process; its exit status and peak RSS."""
    import runpy

    sys.argv = ["referat", *args]
    code = 0
    try:
        runpy.run_module("referat.cli", run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return {"exit": code, "peak_mb": _peak_mb()}


# ------------------------------------------------------------------ parent side


def run_child(*args: str, timeout: int = 3600) -> dict:
    env = dict(os.environ, **ONE_CORE_ENV)
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def build_documents(tmp: Path, sizes: list[int], pdf: bool, latency_pages: int) -> dict[str, Path]:
    from read_scaling import build_text, chars_per_page

    cpp = chars_per_page()
    files: dict[str, Path] = {}
    for n in sorted(set(sizes) | {latency_pages}):
        text = build_text(n, cpp)
        txt = tmp / f"doc-{n}.txt"
        txt.write_text(text, encoding="utf-8")
        files[f"txt-{n}"] = txt
        if pdf or n == latency_pages:
            from referat.corpus.pdfgen import text_to_pdf

            path = tmp / f"doc-{n}.pdf"
            text_to_pdf(text, path)
            files[f"pdf-{n}"] = path
    return files


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return (f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} logical CPUs (one used); "
            f"Python {platform.python_version()}, spaCy {version('spacy')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="sizes 10 and 100, two repeats")
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="pages (default 10 100 1000)")
    parser.add_argument("--no-pdf", action="store_true", help="growth on .txt only (building big PDFs is slow)")
    parser.add_argument("--min-words", type=int, default=150_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        if kind == "throughput":
            print(json.dumps(child_throughput(int(rest[0]), int(rest[1]))))
        elif kind == "cli":
            result = child_cli(json.loads(rest[0]))
            sys.stdout.flush()
            print("\n" + json.dumps(result))
        else:
            print(json.dumps(child_extract(rest[0], int(rest[1]))))
        return 0

    sizes = args.sizes or ([10, 100] if args.quick else [10, 100, 1000])
    repeats = 2 if args.quick else args.repeats
    min_words = 50_000 if args.quick else args.min_words
    print(f"Machine: {machine()}")
    print(f"Command: python benchmarks/extract_speed.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print()

    ok = True
    t = run_child("throughput", str(min_words), str(repeats))
    rates = t["rates"]
    share = rates["pipeline"] / rates["tokenizer"]
    share_x = rates["extraction"] / rates["tokenizer"]
    print(f"## Throughput, one core ({t['pipeline']['name']} {t['pipeline']['version']}: {', '.join(t['components'])})")
    print()
    print(f"{t['words']:,} words ({t['documents']} seed documents x {t['copies']}, {t['texts']:,} item texts), "
          f"best of {repeats}:")
    print()
    print("| what | words/s | share of tokenizer |")
    print("|---|---:|---:|")
    print(f"| spaCy Danish tokenizer alone (ceiling) | {rates['tokenizer']:,.0f} | 100 % |")
    print(f"| default pipeline (nlp.pipe over item texts) | {rates['pipeline']:,.0f} | {share:.0%} |")
    print(f"| whole extraction after ingestion (extract_ingested) | {rates['extraction']:,.0f} | {share_x:.0%} |")
    for key, what in (("extraction_names_on", "the same with the trained names model switched on (it ships off)"),
                      ("extraction_names_off", "the same with the trained names model switched off (it ships on)")):
        if key in rates:
            print(f"| {what} | {rates[key]:,.0f} | {rates[key] / rates['tokenizer']:.0%} |")
    print()
    verdict = "met" if min(share, share_x) >= 0.20 else "NOT met"
    ok &= min(share, share_x) >= 0.20
    print(f"Target pipeline and extraction, as shipped, >= 20 % of tokenizer rate: {verdict} "
          f"({share:.1%}, {share_x:.1%}).")
    print()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        files = build_documents(tmp, sizes, pdf=not args.no_pdf, latency_pages=30)
        print(f"(test documents built in {time.perf_counter() - t0:.0f} s, not timed)")
        print()

        pdf30 = files["pdf-30"]
        warm = run_child("extract", str(pdf30), "3")
        out = tmp / "out.jsonl"
        t0 = time.perf_counter()
        cold = run_child("cli", json.dumps(["extract", str(pdf30), "--output", str(out)]))
        cold_s = time.perf_counter() - t0
        print("## Latency, 30-page PDF")
        print()
        print(f"{warm['pages']} pages, {warm['chars']:,} characters, {warm['items']} items.")
        print()
        print("| what | seconds |")
        print("|---|---:|")
        print(f"| extract() with the pipeline loaded (median of 3) | {warm['median_s']:.2f} |")
        print(f"| loading the pipeline (imports included) | {warm['load_s']:.2f} |")
        print(f"| `referat extract doc.pdf` as a new process (exit {cold['exit']}, peak RSS {cold['peak_mb']:.0f} MB) | {cold_s:.2f} |")
        print()

        print("## Growth and peak memory")
        print()
        print("| document | pages | characters | items | seconds | s/page | of which ingest s | extract s | "
              "RSS after load MB | peak RSS MB | peak - load MB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        results = {}
        for kind in ("txt", "pdf"):
            for n in sizes:
                key = f"{kind}-{n}"
                if key not in files:
                    continue
                r = run_child("extract", str(files[key]), "1")
                results[key] = r
                pages = r["pages"] or n
                s = r["seconds"][0]
                print(f"| {kind} | {pages} | {r['chars']:,} | {r['items']} | {s:.2f} | {s / pages:.4f} | "
                      f"{r['ingest_s']:.2f} | {r['extract_s']:.2f} | {r['rss_after_load_mb']:.0f} | {r['peak_mb']:.0f} | {r['peak_mb'] - r['peak_after_load_mb']:.0f} |",
                      flush=True)
        print()
        biggest = max(sizes)
        peaks = [results[k]["peak_mb"] for k in results if k.endswith(f"-{biggest}")]
        if peaks:
            peak = max(peaks)
            ok &= peak <= 500
            print(f"Target peak <= 500 MB at {biggest} pages: {'met' if peak <= 500 else 'NOT met'} ({peak:.0f} MB).")
        for kind in ("txt", "pdf"):
            keys = [f"{kind}-{n}" for n in sorted(sizes) if f"{kind}-{n}" in results]
            if len(keys) < 2:
                continue
            for part, field in (("total", "median_s"), ("extraction after ingestion", "extract_s")):
                per_page = [results[k][field] / (results[k]["pages"] or int(k.split("-")[1])) for k in keys]
                # the smallest size carries the fixed costs; compare the largest with the one before it
                ratio = per_page[-1] / per_page[-2]
                linear = ratio <= 1.5
                ok &= linear or part == "total"
                print(f"Growth ({kind}, {part}): s/page {' -> '.join(f'{p:.4f}' for p in per_page)}; "
                      f"{keys[-1].split('-')[1]} vs {keys[-2].split('-')[1]} pages: x{ratio:.2f} per page "
                      f"-> {'linear' if linear else 'NOT linear'}.")
    print()
    print("All targets met." if ok else "Some targets NOT met (see above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
