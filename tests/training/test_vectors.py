"""Static vectors from unannotated text: deterministic, case-insensitive, and words used alike end up alike."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

from referat.training.vectors import build_vectors, ppmi_svd, tokenised

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni"]
BODIES = ["økonomiudvalget", "byrådet", "skoleudvalget", "handicaprådet"]


def _texts() -> list[str]:
    """Months and bodies in their own kinds of context, many times over."""
    lines = []
    for i in range(60):
        month, body = MONTHS[i % len(MONTHS)], BODIES[i % len(BODIES)]
        lines.append(f"Mødet holdes den {i % 28 + 1}. {month} {2020 + i % 5} kl. 16.")
        lines.append(f"Sagen blev behandlet af {body.capitalize()}, som godkendte indstillingen.")
    return ["\n".join(lines)]


def test_words_used_alike_are_near_and_the_result_is_deterministic() -> None:
    lines = tokenised(_texts())
    words, vectors = ppmi_svd(lines, dims=8)
    again_words, again = ppmi_svd(lines, dims=8)
    assert words == again_words and np.array_equal(vectors, again)
    index = {w: i for i, w in enumerate(words)}
    sim = lambda a, b: float(vectors[index[a]] @ vectors[index[b]])  # noqa: E731 (rows are unit length)
    assert sim("marts", "april") > sim("marts", "byrådet")
    assert sim("byrådet", "skoleudvalget") > sim("byrådet", "juni")


def test_saved_vectors_serve_every_casing(tmp_path: Path) -> None:
    nlp = spacy.load(build_vectors(_texts(), tmp_path / "vectors", dims=8))
    doc = nlp("ØKONOMIUDVALGET Økonomiudvalget økonomiudvalget")
    assert all(t.has_vector for t in doc)
    assert np.array_equal(doc[0].vector, doc[2].vector) and np.array_equal(doc[1].vector, doc[2].vector)


def test_too_little_text_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="too little text"):
        ppmi_svd(tokenised(["Kort tekst."]), dims=8)


def test_the_vectors_store_no_word_list(tmp_path: Path) -> None:
    """Rows are found by hash; the words of the text the vectors learned from are not stored."""
    nlp = spacy.load(build_vectors(_texts(), tmp_path / "vectors", dims=8))
    assert "økonomiudvalget" not in nlp.vocab.strings
    assert nlp("økonomiudvalget")[0].has_vector


@pytest.mark.slow  # trains vectors in a fresh Python process (a hash seed is set when one starts): ~20 s
def test_saved_vectors_are_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED write byte-identical vector files (keys included):
    this one (its own seed: random, or the one it was given) and a child given another seed."""
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from tests.training.test_vectors import _texts; "
            "from referat.training.vectors import build_vectors; build_vectors(_texts(), Path(sys.argv[1]), dims=8)")
    root = Path(__file__).resolve().parents[2]
    other = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "other")], check=True, cwd=root, timeout=600,
                   env={**os.environ, "PYTHONHASHSEED": other})
    build_vectors(_texts(), tmp_path / "here", dims=8)
    for name in ("vectors", "key2row"):
        assert (tmp_path / "here" / "vocab" / name).read_bytes() == (tmp_path / "other" / "vocab" / name).read_bytes()
