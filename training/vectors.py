"""Static word vectors learned from unannotated minutes, for the tok2vec (`include_static_vectors`).

Why: no Danish pretrained vectors or transformers are available offline (shared/notes/environment.md),
and the gold is some 250,000 tokens, most of one municipality. A ner that meets a committee, a month or
a party it never saw in training has only the word's hashed spelling to go on; vectors learned from the
3.7 million words of the archive place such a word beside the ones it was trained on.

Method: positive pointwise mutual information of a +-3-word window (weighted 1/distance; context
counts smoothed to the power 0.75) factorised by truncated SVD, rows scaled by the root of the singular
values and L2-normalised (Levy, Goldberg & Dagan 2015: as good as word2vec at this scale, and
deterministic). Learned on lower-cased text; the lower, capitalised and upper-case forms of a word share
its row, so `ØKONOMIUDVALGET` finds `økonomiudvalget`. (Keyed by ORTH: spaCy 3.8 does not save a
vectors table's `attr` in the default mode.)

Which text a model may learn from is the evaluation's business: `referat evaluate` builds one table per
fold from the archive meetings on its training side only (`training.evaluate.vector_texts`).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
import spacy
from sklearn.utils.extmath import randomized_svd
from spacy.strings import get_string_id
from spacy.vectors import Vectors

from referat.annotations.gold import RAW_DIR
from referat.annotations.greve import MUNICIPALITY, SHARED_CORPUS, archive_files, body_year, document_id, ingested

DIMS = 100
WINDOW = 3
MIN_COUNT = 3
MAX_WORDS = 40000


def archive_record(file: str) -> dict:
    """An archive meeting as the evaluation's fold predicates see a record (municipality, source, year)."""
    return {"municipality": MUNICIPALITY, "source": "greve", "year": body_year(file)[1], "document": document_id(file)}


def archive_texts(files: Iterable[str], shared: Path = SHARED_CORPUS) -> Iterable[str]:
    """The ingested text of each archive file (relative to ../shared/corpus)."""
    for file in files:
        yield ingested(file, shared).text


def tokenised(texts: Iterable[str], lang: str = "da") -> list[list[str]]:
    """Lower-cased tokens per line of each text (a window never crosses a line: lines are table cells,
    headings and paragraphs)."""
    tokenizer = spacy.blank(lang).tokenizer
    return [[t.lower_ for t in tokenizer(line) if not t.is_space]
            for text in texts for line in text.split("\n") if line.strip()]


def ppmi_svd(lines: Sequence[Sequence[str]], dims: int = DIMS, window: int = WINDOW, min_count: int = MIN_COUNT,
             max_words: int = MAX_WORDS, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """(words, vectors): the PPMI-SVD vectors of the words seen at least `min_count` times."""
    counts = Counter(w for line in lines for w in line)
    words = [w for w, c in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:max_words] if c >= min_count]
    if len(words) <= dims:
        raise ValueError(f"only {len(words)} words occur {min_count} times or more: too little text for "
                         f"{dims}-dimensional vectors")
    index = {w: i for i, w in enumerate(words)}
    rows, cols, vals = [], [], []
    for line in lines:
        ids = np.array([index.get(w, -1) for w in line], dtype=np.int64)
        for d in range(1, min(window, len(ids) - 1) + 1):
            a, b = ids[:-d], ids[d:]
            both = (a >= 0) & (b >= 0)
            weight = np.full(int(both.sum()), 1.0 / d)
            rows += [a[both], b[both]]
            cols += [b[both], a[both]]
            vals += [weight, weight]
    n = len(words)
    summed = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                           shape=(n, n)).tocsr()  # duplicates summed
    counts_m = summed.tocoo()
    total = counts_m.data.sum()
    word_p = np.asarray(summed.sum(axis=1)).ravel() / total
    context = np.asarray(summed.sum(axis=0)).ravel() ** 0.75
    context_p = context / context.sum()
    pmi = np.log(counts_m.data / total / word_p[counts_m.row] / context_p[counts_m.col])
    positive = pmi > 0
    ppmi = sp.csr_matrix((pmi[positive], (counts_m.row[positive], counts_m.col[positive])), shape=(n, n))
    u, s, _ = randomized_svd(ppmi, n_components=dims, n_iter=5, random_state=seed)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8
    return words, vectors.astype(np.float32)


def save_vectors(words: Sequence[str], vectors: np.ndarray, output: Path, lang: str = "da") -> Path:
    """A blank spaCy pipeline holding the vectors: what `[initialize] vectors` reads. The lower-cased
    `words` and their capitalised and upper-case forms share a row. Keys are the forms' hashes and the
    forms themselves are not stored: a token finds its row by its hash, and the pipelines trained with
    these vectors carry no word list of the text they were learned from."""
    nlp = spacy.blank(lang)
    table = Vectors(strings=nlp.vocab.strings, data=vectors, keys=[get_string_id(w) for w in words],
                    name=f"referat_{lang}_ppmi_svd")
    for row, word in enumerate(words):
        for form in sorted({word[:1].upper() + word[1:], word.upper()} - {word}):  # sorted: same key order every run
            if get_string_id(form) not in table:
                table.add(get_string_id(form), row=row)
    nlp.vocab.vectors = table
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


def default_texts(raw_dir: Path = RAW_DIR, shared: Path = SHARED_CORPUS) -> list[str]:
    """What the shipped model's vectors learn from: the seeds (corpus/raw) and, where ../shared is here, every
    archive meeting."""
    seeds = [path.read_text(encoding="utf-8") for path in sorted(Path(raw_dir).glob("*.txt"))]
    return seeds + list(archive_texts(archive_files(shared), shared))


def build_vectors(texts: Iterable[str], output: Path, dims: int = DIMS, seed: int = 0) -> Path:
    """Learn vectors from `texts` and save them as a spaCy pipeline at `output`."""
    words, vectors = ppmi_svd(tokenised(texts), dims=dims, seed=seed)
    return save_vectors(words, vectors, output)
