"""Hugging Face export: load_from_disk works, Parquet is written, counts match the gold, the card is current."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from referat.annotations.convert import document_split
from referat.annotations.gold import DECISION_TYPES, ENTITY_LABELS, GOLD_DIR, load_gold
from referat.annotations.hf import BIO_TAGS, CARD_FILE, CONFIGS, corpus_stats, export_hf, load_export, render_card


@pytest.fixture(scope="module")
def exported(tmp_path_factory, make_gold):
    root = tmp_path_factory.mktemp("hf")
    ents, decs = make_gold(root / "gold")
    export_hf(root / "gold", root / "hf", card=root / "README.md")
    return root, ents, decs


def test_load_from_disk_and_parquet(exported):
    root, ents, decs = exported
    from datasets import DatasetDict, load_from_disk

    for config in CONFIGS:
        dd = load_from_disk(str(root / "hf" / config))
        assert isinstance(dd, DatasetDict) and set(dd) == {"train", "dev", "test"}
        for split in dd:
            assert (root / "hf" / "parquet" / config / f"{split}.parquet").stat().st_size > 0
    import pandas as pd

    items = pd.read_parquet(root / "hf" / "parquet" / "items" / "train.parquet")
    assert len(items) == len(load_from_disk(str(root / "hf" / "items"))["train"])


def test_counts_match_the_gold(exported):
    root, ents, decs = exported
    data = load_export(root / "hf")
    split = document_split(ents + decs)
    for s in ("train", "dev", "test"):
        seg = data["segments"][s]
        gold_seg = [r for r in ents if split[r["document"]] == s]
        assert len(seg) == len(gold_seg)
        assert sum(len(x["spans"]) for x in seg) == sum(len(r["label"]) for r in gold_seg)
        # BIO: one B- tag per span, and the spans' text is the segment text at the offsets
        b_tags = [t for x in seg for t in x["ner_tags"] if BIO_TAGS[t].startswith("B-")]
        assert len(b_tags) == sum(len(r["label"]) for r in gold_seg)
        for x in seg:
            for sp in x["spans"]:
                assert x["text"][sp["start"]:sp["end"]] == sp["text"]
        gold_dec = [r for r in decs if split[r["document"]] == s]
        names = data["items"][s].features["label"].names
        assert Counter(names[i] for i in data["items"][s]["label"]) == Counter(r["label"][0] for r in gold_dec)
        docs = data["documents"][s]
        assert sorted(docs["document"]) == sorted({r["document"] for r in gold_seg})
        assert sum(len(x["spans"]) for x in docs) == sum(len(r["label"]) for r in gold_seg)
    labels = data["segments"]["train"].features["ner_tags"].feature.names
    assert labels == list(BIO_TAGS) and len(labels) == 1 + 2 * len(ENTITY_LABELS)


def test_card_counts_come_from_the_gold(exported):
    root, ents, decs = exported
    card = (root / "README.md").read_text(encoding="utf-8")
    total = len([s for r in ents for s in r["label"]])
    assert f"| entities: all | " in card and f"| {total} |" in card
    assert "offentlige dokumenter" in card and "synthetic" in card.lower()
    stats = corpus_stats(root / "gold")
    assert sum(stats["splits"][s]["decisions"][t] for s in stats["splits"] for t in DECISION_TYPES) == len(decs)


def test_committed_card_matches_the_committed_gold():
    ents, _ = load_gold(GOLD_DIR)
    assert ents, "annotations/gold/ is committed; rebuild it with `referat annotate adjudicate`"
    assert CARD_FILE.exists(), "annotations/README.md missing: run `referat annotate export-hf`"
    assert CARD_FILE.read_text(encoding="utf-8") == render_card(corpus_stats(GOLD_DIR)), (
        "annotations/README.md is out of date with annotations/gold: run `referat annotate export-hf`")
