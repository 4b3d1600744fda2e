"""The archive's annotation passes: imported from the annotators' line-based files into stand-off
records, compared, and adjudicated into gold.

An annotator writes, per meeting, rows `LINE<TAB>SPAN TEXT<TAB>LABEL<TAB>N` against the numbered
lines of the ingested text (`referat annotate show-lines FILE.json`), as for the seeds
(`referat.annotations.passes`), and for positions `LINE<TAB>ACTOR<TAB>POSITION<TAB>N<TAB>POINT<TAB>AMENDMENT`.
`import_pass` resolves them to offsets and keeps only references, offsets and labels
(`annotations/greve/passes/entities-<pass>.jsonl`, `positions-<pass>.jsonl`): no text.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable, Optional, Sequence

from pydantic import BaseModel, ConfigDict

from referat.schema import POSITION_LABELS
from referat.annotations.agreement import PRF, span_prf
from referat.annotations.gold import read_jsonl, write_jsonl
from referat.annotations.greve import GREVE_DIR, SHARED_CORPUS, ingested, text_sha256
from referat.annotations.passes import read_pass

PASSES_DIR = GREVE_DIR / "passes"


class SpanLabel(BaseModel):
    """One labelled span of an archive document, stand-off."""

    model_config = ConfigDict(extra="forbid")
    file: str
    sha256: str
    start: int
    end: int
    label: str
    point: Optional[int] = None
    amendment: Optional[int] = None


def slug_file(slug: str) -> str:
    """`byraad__2022-11-07-45ce09b9` -> `greve/byraad/2022-11-07-45ce09b9.json`."""
    return "greve/" + slug.replace("__", "/") + ".json"


def file_slug(file: str) -> str:
    return file.removeprefix("greve/").removesuffix(".json").replace("/", "__")


def import_pass(pass_dir: Path, slugs: Sequence[str], kind: str = "entities",
                shared: Path = SHARED_CORPUS) -> list[SpanLabel]:
    """Resolve the pass files of `slugs` in `pass_dir` (`SLUG.tsv` or `SLUG.positions.tsv`) to spans."""
    out: list[SpanLabel] = []
    for slug in slugs:
        file = slug_file(slug)
        text = ingested(file, shared).text
        digest = text_sha256(text)
        path = pass_dir / (f"{slug}.tsv" if kind == "entities" else f"{slug}.positions.tsv")
        rows = path.read_text(encoding="utf-8") if path.exists() else ""
        if kind == "entities":
            for span in read_pass(rows, text, path.name):
                out.append(SpanLabel(file=file, sha256=digest, start=span.start, end=span.end, label=span.label))
            continue
        for row in rows.splitlines():
            if not row.strip() or row.startswith("#"):
                continue
            parts = (row.split("\t") + ["", "", ""])[:6]
            line, actor, label, nth, point, amendment = parts
            if label not in POSITION_LABELS:
                raise ValueError(f"{path}: unknown position {label!r} in {row!r}")
            entity_row = "\t".join([line, actor, "PARTY", nth or "1"])
            span = read_pass(entity_row, text, path.name)[0]
            out.append(SpanLabel(file=file, sha256=digest, start=span.start, end=span.end, label=label,
                                 point=int(point) if point.strip().isdigit() else None,
                                 amendment=int(amendment) if amendment.strip().isdigit() else None))
    return out


def write_pass(spans: Iterable[SpanLabel], path: Path) -> int:
    return write_jsonl(path, [s.model_dump(exclude_none=True) for s in spans])


def read_spans(path: Path) -> list[SpanLabel]:
    return [SpanLabel.model_validate(r) for r in read_jsonl(path)] if path.exists() else []


def by_file(spans: Iterable[SpanLabel]) -> dict[str, set[tuple[int, int, str]]]:
    out: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for s in spans:
        out[s.file].add((s.start, s.end, s.label))
    return out


def agreement(a: Iterable[SpanLabel], b: Iterable[SpanLabel], labels: Sequence[str]) -> dict[str, PRF]:
    """label -> exact-span agreement of A with B over all files (and "micro")."""
    fa, fb = by_file(a), by_file(b)
    total = {label: PRF() for label in [*labels, "micro"]}
    for file in sorted(set(fa) | set(fb)):
        for label, prf in span_prf(fa.get(file, set()), fb.get(file, set()), labels).items():
            total.setdefault(label, PRF()).add(prf)
    return total


def disagreements(a: Iterable[SpanLabel], b: Iterable[SpanLabel]) -> list[tuple[str, tuple[int, int, str], str]]:
    """(file, span, which pass has it: "a" or "b") for every span the passes do not share."""
    fa, fb = by_file(a), by_file(b)
    out = []
    for file in sorted(set(fa) | set(fb)):
        out += [(file, s, "a") for s in sorted(fa.get(file, set()) - fb.get(file, set()))]
        out += [(file, s, "b") for s in sorted(fb.get(file, set()) - fa.get(file, set()))]
    return out
