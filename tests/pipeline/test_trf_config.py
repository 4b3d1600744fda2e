"""configs/trf.cfg trains with spacy-transformers, offline, on a tiny model the test builds itself.

No weights are downloaded: a 2-layer BERT with random weights and a WordPiece
tokenizer trained on the corpus are saved to a temp dir and named in the config.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("spacy_transformers", reason="install the trf extra: pip install -e '.[trf]'")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")


def _tiny_model(path: Path) -> Path:
    from tokenizers import BertWordPieceTokenizer

    wp = BertWordPieceTokenizer(lowercase=False)
    wp.train([str(p) for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))], vocab_size=2000, min_frequency=2)
    tok = transformers.BertTokenizerFast(tokenizer_object=wp._tokenizer, unk_token="[UNK]", sep_token="[SEP]",
                                         cls_token="[CLS]", pad_token="[PAD]", mask_token="[MASK]")
    tok.save_pretrained(path)
    config = transformers.BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=256)
    transformers.BertModel(config).save_pretrained(path)
    return path


def _tiny_corpus(path: Path) -> Path:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("da")
    examples = [
        ("Budgettet i år 2024 er samlet på 566,2 mio. kr.", [("566,2 mio. kr.", "AMOUNT"), ("2024", "DATE")], None),
        ("Mødet blev holdt den 18. marts 2024 med STAR.", [("18. marts 2024", "DATE"), ("STAR", "PARTY")], None),
        ("Tiltrådte indstillingen.", [], "APPROVED"),
        ("Taget til efterretning.", [], "NOTED"),
    ]
    db = DocBin()
    for text, ents, cat in examples:
        doc = nlp.make_doc(text)
        if cat is None:
            doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
        else:
            doc.cats = {label: float(label == cat) for label in ("APPROVED", "NOTED")}
        db.add(doc)
    db.to_disk(path)
    return path


@pytest.mark.slow
def test_trf_config_trains_offline_on_tiny_model(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path / "tiny-bert")
    corpus = _tiny_corpus(tmp_path / "train.spacy")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "spacy", "train", str(ROOT / "configs" / "trf.cfg"), "--output", str(tmp_path / "out"),
           "--paths.train", str(corpus), "--paths.dev", str(corpus),
           "--components.transformer.model.name", str(model),
           "--training.max_steps", "4", "--training.eval_frequency", "2", "--nlp.batch_size", "8"]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    import spacy

    nlp = spacy.load(tmp_path / "out" / "model-last")
    assert nlp.pipe_names[:2] == ["sections", "transformer"]
    assert {"ner", "textcat"} <= set(nlp.pipe_names)
    doc = nlp("Udvalget godkendte 30.000 kr. den 1. august 2023.")
    assert set(doc.cats) == {"APPROVED", "NOTED"}
    assert abs(sum(doc.cats.values()) - 1.0) < 1e-4
