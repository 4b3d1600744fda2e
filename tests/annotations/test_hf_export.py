"""Hugging Face export: load_from_disk works, Parquet is written, counts match the gold, the card is current."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from referat.annotations.convert import SPLITS, document_split
from referat.annotations.gold import DECISION_TYPES, ENTITY_LABELS, GOLD_DIR, load_gold, write_jsonl
from referat.annotations.greve import GREVE_DIR
from referat.annotations.hf import (
    BIO_TAGS, CARD_FILE, CONFIGS, build_datasets, corpus_stats, export_hf, load_export, render_card,
)


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
    assert "| entities: all | " in card and f"| {total} |" in card
    assert "offentlige dokumenter" in card and "synthetic" in card.lower()
    stats = corpus_stats(root / "gold")
    assert sum(stats["splits"][s]["decisions"][t] for s in stats["splits"] for t in DECISION_TYPES) == len(decs)


def test_committed_card_matches_the_committed_gold():
    ents, _ = load_gold(GOLD_DIR)
    assert ents, "annotations/gold/ is committed; rebuild it with `referat annotate adjudicate`"
    assert CARD_FILE.exists(), "annotations/README.md missing: run `referat annotate export-hf`"
    assert CARD_FILE.read_text(encoding="utf-8") == render_card(corpus_stats(GOLD_DIR, archive=GREVE_DIR)), (
        "annotations/README.md is out of date with annotations/gold and annotations/greve: "
        "run `referat annotate export-hf`")


def _ref(body: str, date: str) -> dict:
    return {"file": f"greve/{body}/{date}-0000abcd.json", "sha256": "0" * 64}


def test_archive_counts_come_from_the_stand_off_files_alone(tmp_path, make_gold):
    """No ../shared: these files name meetings that exist nowhere; the paths give body and year."""
    ents, decs = make_gold(tmp_path / "gold")
    archive = tmp_path / "greve"
    council, finance = _ref("byraad", "2023-01-30"), _ref("oekonomiudvalget", "2024-05-06")
    item = {"number": 1, "start": 0, "end": 10}
    write_jsonl(archive / "decisions.jsonl", [
        {**council, **item, "item_id": "i1", "label": "APPROVED", "why": "meeting", "source": "agreed"},
        {**council, **item, "item_id": "i2", "label": "REJECTED", "why": "wording:afvist", "source": "adjudicated"},
        {**finance, **item, "item_id": "i3", "label": "NOTED", "why": "meeting", "source": "agreed"},
    ])
    write_jsonl(archive / "entities.jsonl", [{**council, "start": 0, "end": 4, "label": "PARTY"},
                                             {**council, "start": 5, "end": 9, "label": "DATE"}])
    write_jsonl(archive / "positions.jsonl", [{**council, "start": 20, "end": 21, "label": "AGAINST", "point": 2},
                                              {**council, "start": 30, "end": 31, "label": "ABSENT"}])
    write_jsonl(archive / "counts.jsonl", [{**council, "item": 1, "for": 19, "against": 1, "abstained": None}])
    stats = corpus_stats(tmp_path / "gold", archive=archive)
    arch = stats["archive"]
    assert (arch["documents"], arch["items"], arch["counts"], arch["points"], arch["amendments"]) == (2, 3, 1, 1, 0)
    assert arch["decisions"]["REJECTED"] == 1 and arch["entities"] == {"AMOUNT": 0, "DATE": 1, "PARTY": 1, "PROJECT": 0}
    assert arch["positions"]["AGAINST"] == 1 and arch["positions"]["ABSENT"] == 1
    assert arch["bodies"]["byraad"] == {"documents": 1, "items": 2, "spans": 2, "positions": 2}
    assert arch["years"]["2024"] == {"documents": 1, "items": 1, "spans": 0, "positions": 0}
    assert arch["decisions_adjudicated"] == 1 and arch["sample_wording_items"] == 1
    assert sum(arch["splits"][s]["items"] for s in SPLITS) == 3
    # the seeds' counts are the seed gold's alone, split as the export splits seeds and archive together
    assert sum(stats["splits"][s]["items"] for s in SPLITS) == len(decs)
    together = document_split(ents + decs + [{"document": f"greve__{b}", "municipality": "Greve Kommune"}
                                             for b in ("byraad__2023-01-30-0000abcd",
                                                       "oekonomiudvalget__2024-05-06-0000abcd")])
    assert {d["document"]: d["split"] for d in stats["documents"]} == {
        d: s for d, s in together.items() if not d.startswith("greve__")}
    card = render_card(stats)
    assert "| Greve archive | byraad | 1 | 2 | 2 | 2 |" in card
    assert "| position | AGAINST | 0 | 1 | 1 |" in card and "| decision type | REJECTED | 0 | 1 | 1 |" in card
    assert "stand-off" in card and "annotations/greve/AGREEMENT.md" in card and "annotations/AGREEMENT.md" in card
    assert "AI model" in card and "upper bound" in card and "pre-annotation" in card


@pytest.mark.slow
def test_card_archive_counts_match_an_export_with_the_archive(shared_dir):
    shared_dir("corpus")
    data = build_datasets(GOLD_DIR, archive=GREVE_DIR)
    stats = corpus_stats(GOLD_DIR, archive=GREVE_DIR)
    for s in SPLITS:
        split = stats["archive"]["splits"][s]
        assert sum(d.startswith("greve__") for d in data["items"][s]["document"]) == split["items"]
        docs = data["documents"][s]["document"]
        assert sum(d.startswith("greve__") for d in docs) == split["entity_documents"]
        assert {d for d in docs if not d.startswith("greve__")} == {
            d["document"] for d in stats["documents"] if d["split"] == s}
        assert sum(len(x) for x, d in zip(data["documents"][s]["spans"], docs) if d.startswith("greve__")) == sum(
            split["entities"].values())
