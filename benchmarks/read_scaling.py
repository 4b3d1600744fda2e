"""Reading time against document size, and the PDF library comparison behind corpus/pdf.py.

    .venv/bin/python benchmarks/read_scaling.py                 # 10, 100, 1000 pages, PDF and txt
    .venv/bin/python benchmarks/read_scaling.py --sizes 10 100  # fewer sizes
    .venv/bin/python benchmarks/read_scaling.py --libraries     # pypdfium2 vs pypdf vs pdfminer.six

Documents are built from the seed minutes in corpus/raw (repeated, with item numbers
renumbered so they keep running upwards), rendered to PDF with reportlab
(referat.corpus.pdfgen: running header, `Side N af M` footer, wrapped and hyphenated
lines) and written as .txt with the same text. `ingest()` is timed on each; the
seconds per page should stay flat as the size grows (linear reading time).
Building the 1,000-page PDF takes reportlab a while; that is not timed.

Measured on the development machine (one CPU core in use), 2026-11:

  PDF library comparison (`--libraries`: raw text layer, before referat's clean-up),
  43 pages made from the five seeds, and the 8 real pages in /work/shared/fixtures:

    library       ms/page seeds  word accuracy  ms/page fixtures  odd glyphs in fixtures
    pypdfium2          1.2          0.9895            3.4          1 (U+01AF for "ff")
    pypdf              6.5          0.9895           42.2         10 (ﬁ/ﬂ ligatures, U+01AF)
    pdfminer.six      34.4          0.9888           74.8         10 ((cid:431) and ligatures)

  Word accuracy is against the seed text, line-end hyphens rejoined; the missing 1 %
  is the running header and page footer that every raw layer includes. The three read
  the same words; pypdfium2 is 5-30x faster, and it gives character boxes, which the
  clean-up needs to tell paragraph breaks and page furniture apart. Licences:
  pypdfium2 Apache-2.0/BSD-3, pypdf BSD-3, pdfminer.six MIT; PyMuPDF (AGPL) not used.
  After referat's clean-up the seed PDFs give exactly the seed text's words
  (tests/test_ingest_pdf.py).

  Reading time (`ingest()` on the file; building the PDF is not timed):

    pages   pdf s   pdf s/page   txt s   txt s/page   items
       11    0.06     0.0052     0.008     0.00069       13
      101    0.25     0.0025     0.057     0.00056       97
      991    2.35     0.0024     0.449     0.00045      789

  Seconds per page stay flat (they fall a little as fixed start-up costs spread):
  reading time is linear in the size.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
FIXTURES = ROOT.parent / "shared" / "fixtures"


def seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]


def seed_text() -> str:
    """The five seeds, one after the other."""
    return "\n\n".join(seeds())


def renumbered(text: str, offset: int) -> tuple[str, int]:
    """Item numbers shifted by `offset` (so that copies keep numbering upwards) and the highest one."""
    top = [offset]

    def shift(m: re.Match[str], fmt: str) -> str:
        number = int(m.group(1)) + offset
        top[0] = max(top[0], number)
        return fmt.format(number, m.group(2))

    text = re.sub(r"(?m)^Punkt (\d+):(.*)$", lambda m: shift(m, "Punkt {}:{}"), text)
    text = re.sub(r"(?m)^(\d{1,3})\. (.*\([BO]\)\s*)$", lambda m: shift(m, "{}. {}"), text)
    return text, top[0]


def build_text(pages: int, chars_per_page: float) -> str:
    """Seed texts repeated to about `pages` pages, items numbered upwards throughout."""
    base = seeds()
    want = int(pages * chars_per_page)
    parts, size, k, offset = [], 0, 0, 0
    while size < want:
        chunk, offset = renumbered(base[k % len(base)], offset)
        parts.append(chunk)
        size += len(chunk) + 2
        k += 1
    text = "\n\n".join(parts)
    cut = text.rfind("\n\n", 0, want)
    return text[: cut if cut > 0 else want]


def chars_per_page() -> float:
    from referat.corpus.pdfgen import text_to_pdf
    import pypdfium2 as pdfium

    text = seed_text()
    document = pdfium.PdfDocument(text_to_pdf(text))
    pages = len(document)
    document.close()
    return len(text) / pages


def scaling(sizes: list[int]) -> None:
    from referat.corpus import ingest
    from referat.corpus.pdfgen import text_to_pdf

    cpp = chars_per_page()
    print(f"{'pages':>6} {'pdf s':>8} {'pdf s/page':>11} {'txt s':>8} {'txt s/page':>11} {'items':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            text = build_text(n, cpp)
            txt = Path(tmp) / f"doc-{n}.txt"
            txt.write_text(text, encoding="utf-8")
            pdf = Path(tmp) / f"doc-{n}.pdf"
            text_to_pdf(text, pdf)
            t0 = time.perf_counter()
            doc_pdf = ingest(pdf)
            t_pdf = time.perf_counter() - t0
            t0 = time.perf_counter()
            doc_txt = ingest(txt)
            t_txt = time.perf_counter() - t0
            pages = doc_pdf.pages or n
            print(f"{pages:>6} {t_pdf:>8.2f} {t_pdf / pages:>11.4f} {t_txt:>8.3f} {t_txt / pages:>11.5f} "
                  f"{len(doc_pdf.items):>6}", flush=True)
            if len(doc_pdf.items) != len(doc_txt.items):
                print(f"  note: {len(doc_pdf.items)} items from the PDF, {len(doc_txt.items)} from the txt")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def libraries() -> None:
    """Time and word accuracy of the three PDF text-layer libraries."""
    import difflib

    import pypdf
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text

    from referat.corpus.pdfgen import text_to_pdf

    def with_pdfium(path: Path) -> tuple[str, int]:
        document = pdfium.PdfDocument(str(path))
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
        n = len(document)
        document.close()
        return text.replace("\ufffe", "-\n"), n

    def with_pypdf(path: Path) -> tuple[str, int]:
        reader = pypdf.PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)

    def with_pdfminer(path: Path) -> tuple[str, int]:
        text = extract_text(str(path))
        return text, text.count("\f") or 1

    readers = {"pypdfium2": with_pdfium, "pypdf": with_pypdf, "pdfminer.six": with_pdfminer}
    odd = re.compile(r"\(cid:\d+\)|[\u01af\u019f\ufb00-\ufb06\ufffd]")
    with tempfile.TemporaryDirectory() as tmp:
        seeds = []
        for txt in sorted(RAW.glob("*.txt")):
            pdf = Path(tmp) / f"{txt.stem}.pdf"
            text_to_pdf(txt.read_text(encoding="utf-8"), pdf)
            seeds.append((txt.read_text(encoding="utf-8"), pdf))
        fixtures = sorted(FIXTURES.glob("*.pdf")) if FIXTURES.is_dir() else []
        print(f"{'library':<14} {'ms/page seeds':>14} {'word accuracy':>14} {'ms/page fixtures':>17} {'odd glyphs':>11}")
        for name, read in readers.items():
            pages = 0
            elapsed = 0.0
            ratios = []
            for source, pdf in seeds:
                t0 = time.perf_counter()
                text, n = read(pdf)
                elapsed += time.perf_counter() - t0
                pages += n
                # hyphenated line ends count as the word the clean-up rejoins
                joined = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
                ratios.append(difflib.SequenceMatcher(None, _words(joined), _words(source), autojunk=False).ratio())
            f_pages, f_elapsed, f_odd = 0, 0.0, 0
            for pdf in fixtures:
                t0 = time.perf_counter()
                text, n = read(pdf)
                f_elapsed += time.perf_counter() - t0
                f_pages += n
                f_odd += len(odd.findall(text))
            fixture_ms = f"{1000 * f_elapsed / f_pages:.1f}" if f_pages else "n/a"
            print(f"{name:<14} {1000 * elapsed / pages:>14.1f} {sum(ratios) / len(ratios):>14.4f} "
                  f"{fixture_ms:>17} {f_odd:>11}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="pages per document")
    parser.add_argument("--libraries", action="store_true", help="compare the PDF libraries instead")
    args = parser.parse_args(argv)
    if args.libraries:
        libraries()
    else:
        scaling(args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
