"""Raw text for `spacy pretrain`: the unannotated archive (and the seeds) as JSONL of paragraphs.

`spacy pretrain` teaches the names model's tok2vec to predict each word's first and last characters
from its context (`[pretraining]` in configs/cnn.cfg), before `spacy train` starts from those
weights (`--paths.init_tok2vec`). What it may read is the evaluation's business, as for the vectors:
a year held out as a test fold (Greve 2025) is left out with `exclude_years`, and the seeds (the
municipality folds' test documents) only join with `seeds=True`.

    referat pretrain-text corpus/pretrain.jsonl --exclude-year 2025
    python -m spacy pretrain configs/cnn.cfg training/pretrain --paths.raw_text corpus/pretrain.jsonl
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from referat.annotations.greve import SHARED_CORPUS, archive_files, body_year
from referat.training.vectors import archive_texts

#: paragraphs are joined up to about this many characters per line of the JSONL (spaCy's corpus
#: reader skips Docs over `max_length` tokens)
CHUNK_CHARS = 1500


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """The text's paragraphs, joined while they stay under `size` characters."""
    buffer: list[str] = []
    length = 0
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        if buffer and length + len(paragraph) > size:
            yield "\n\n".join(buffer)
            buffer, length = [], 0
        buffer.append(paragraph[: size * 2])
        length += len(paragraph)
    if buffer:
        yield "\n\n".join(buffer)


def pretrain_files(exclude_years: Sequence[str] = (), shared: Path = SHARED_CORPUS) -> list[str]:
    """The archive meetings pretraining may read: all but those of `exclude_years`."""
    return [f for f in archive_files(shared) if body_year(f)[1] not in set(exclude_years)]


def write_pretrain_text(output: Path, exclude_years: Sequence[str] = (), seeds: bool = False,
                        raw: Path = Path("corpus/raw")) -> dict[str, int]:
    """Write {"text": ...} lines; returns the counts of meetings, lines and words."""
    files = pretrain_files(exclude_years)
    texts: Iterable[str] = archive_texts(files)
    if seeds:
        texts = itertools.chain((p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt"))), texts)
    output.parent.mkdir(parents=True, exist_ok=True)
    lines = words = 0
    with output.open("w", encoding="utf-8") as fh:
        for text in texts:
            for chunk in chunks(text):
                fh.write(json.dumps({"text": chunk}, ensure_ascii=False) + "\n")
                lines += 1
                words += len(chunk.split())
    return {"meetings": len(files), "lines": lines, "words": words}
