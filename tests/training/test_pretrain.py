"""Raw text for spacy pretrain: never a held-out year, paragraphs in lines the corpus reader keeps."""
from __future__ import annotations

from pathlib import Path

from referat.annotations.greve import body_year
from referat.training.pretrain import CHUNK_CHARS, chunks, pretrain_files


def test_paragraphs_are_joined_up_to_the_chunk_size() -> None:
    text = "\n\n".join(f"Afsnit {i} " + "ord " * 60 for i in range(20))
    out = list(chunks(text))
    assert len(out) > 1 and all(len(c) <= CHUNK_CHARS + 300 for c in out)
    assert "".join(out).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_pretraining_reads_no_meeting_of_a_held_out_year(shared_dir, tmp_path: Path) -> None:
    corpus = shared_dir("corpus")
    files = pretrain_files(["2025"], shared=corpus)
    assert files and all(body_year(f)[1] != "2025" for f in files)
    assert len(pretrain_files([], shared=corpus)) > len(files)  # 2025 exists and was left out
