"""Gold format (doccano JSONL export): IO, segments, document offsets, strict token alignment."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import spacy

from referat.annotations.gold import (
    GOLD_DIR, RAW_DIR, GoldAlignmentError, Segment, build_records, check_gold, document_spans, document_texts,
    load_gold, map_spans, read_jsonl, segments_for, span_problems, to_spacy_docs, write_jsonl,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("da")


def test_jsonl_round_trip_keeps_every_key_and_character(tmp_path):
    records = [
        {"id": 0, "text": "Æ, ø og å: 1.500 kr.\n\"citat\"", "document": "d", "municipality": "Herlev Kommune",
         "segment": "item", "item": 11, "offset": 7, "example_id": "d#item-11", "label": [[11, 20, "AMOUNT"]],
         "Comments": []},
        {"id": 1, "text": "x", "document": "d", "item": 11, "example_id": "d#item-11", "decision_text": None,
         "recommendation_text": "at …", "label": ["NOTED"], "Comments": []},
    ]
    path = tmp_path / "sub" / "g.jsonl"
    assert write_jsonl(path, records) == 2
    assert read_jsonl(path) == records
    raw = path.read_text(encoding="utf-8")
    assert "Æ, ø og å" in raw and raw.count("\n") == 2  # UTF-8 kept, one record per line


def test_read_jsonl_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 0}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        read_jsonl(path)


def test_records_tile_the_document_and_map_back_to_document_offsets(gold_doc):
    text, ingested, spans = gold_doc("d1")
    ents, decs = build_records("d1", text, spans, {1: "APPROVED", 2: "NOTED"}, ingested=ingested,
                               municipality="Herlev Kommune")
    assert [r["segment"] for r in ents] == ["header", "item", "item", "trailer"]
    assert [r["example_id"] for r in ents] == ["d1#header", "d1#item-1", "d1#item-2", "d1#trailer"]
    # segments tile the text: every character in exactly one segment, offsets exact
    assert "".join(r["text"] for r in ents) == text
    for r in ents:
        assert text[r["offset"]:r["offset"] + len(r["text"])] == r["text"]
        for s, e, _ in r["label"]:
            assert r["text"][s:e] == text[r["offset"] + s:r["offset"] + e]
    assert document_spans(ents) == {"d1": spans}
    assert document_texts(ents) == {"d1": text}
    assert [d["label"] for d in decs] == [["APPROVED"], ["NOTED"]]
    assert decs[1]["text"] == ents[2]["text"] and decs[1]["decision_text"] == "Taget til efterretning."
    assert all(r["municipality"] == "Herlev Kommune" and r["Comments"] == [] for r in ents + decs)
    assert check_gold(ents, decs, {"d1": text}) == []


def test_segments_absorb_gaps_and_never_lose_a_character():
    text = "head\n\nPunkt 1: a\n\n  \n\nPunkt 2: b\n\nslut"
    items = [SimpleNamespace(number=1, start=6, end=16), SimpleNamespace(number=2, start=text.index("Punkt 2"),
                                                                      end=text.index("slut") - 2)]
    doc = SimpleNamespace(text=text, items=items, header=(0, 4), trailer=(text.index("slut"), len(text)))
    segs = segments_for(doc)
    assert [(s.kind, s.item) for s in segs] == [("header", None), ("item", 1), ("item", 2), ("trailer", None)]
    assert segs[0].start == 0 and segs[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    # no items: one header segment covering the text
    assert segments_for(SimpleNamespace(text="bare", items=[], header=(0, 4), trailer=None)) == [Segment("header", 0, 4)]


def test_repeated_item_numbers_get_distinct_example_ids():
    text = "h\nPunkt 1: a\nPunkt 1: b\n"
    items = [SimpleNamespace(number=1, start=2, end=12), SimpleNamespace(number=1, start=13, end=len(text))]
    segs = segments_for(SimpleNamespace(text=text, items=items, header=None, trailer=None))
    assert [s.example_id("d") for s in segs] == ["d#header", "d#item-1", "d#item-1-2"]


def test_a_span_across_segments_is_an_error_not_a_silent_drop(gold_doc):
    text, ingested, _ = gold_doc("d1")
    start = text.index("Godkendt")
    with pytest.raises(ValueError, match=r"d1 \[\d+:\d+\].*crosses a segment boundary"):
        build_records("d1", text, [(start, text.index("Status"), "PROJECT")], ingested=ingested)


def test_to_spacy_docs_sets_ents_exactly_and_the_rest_is_O(nlp):
    record = {"text": "STAR giver 1.500 kr. i 2024.", "document": "d", "example_id": "d#item-2", "offset": 100,
              "label": [[0, 4, "PARTY"], [11, 20, "AMOUNT"], [23, 27, "DATE"]]}
    doc = to_spacy_docs([record], nlp)[0]
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(0, 4, "PARTY"), (11, 20, "AMOUNT"), (23, 27, "DATE")]
    assert [t.ent_iob_ for t in doc] == ["B", "O", "B", "I", "O", "B", "O"]
    assert doc.user_data["example_id"] == "d#item-2" and not doc.cats


def test_off_boundary_spans_are_reported_with_document_example_and_offsets(nlp):
    record = {"text": "Status på IPS-projektet i 2024", "document": "herlev", "example_id": "herlev#item-11",
              "offset": 1000, "label": [[10, 13, "PROJECT"], [26, 30, "DATE"]]}
    with pytest.raises(GoldAlignmentError) as err:
        to_spacy_docs([record], nlp)
    (problem,) = err.value.problems
    assert (problem.document, problem.example_id, problem.start, problem.end) == ("herlev", "herlev#item-11", 10, 13)
    assert (problem.doc_start, problem.doc_end) == (1010, 1013)
    message = str(err.value)
    assert "herlev [1010:1013]" in message and "herlev#item-11 [10:13]" in message and "'IPS'" in message
    assert "IPS-projektet" in message  # the tokens there, to help the fix
    # non-strict: the problem is returned and the record keeps no ents at all (nothing moved or dropped quietly)
    docs, problems = to_spacy_docs([record], nlp, strict=False)
    assert len(problems) == 1 and not docs[0].ents
    assert [p.describe() for p in span_problems([record], nlp)] == [problem.describe()]


def test_overlapping_and_out_of_range_spans_are_reported(nlp):
    record = {"text": "Herlev Kommune", "document": "d", "example_id": "d#header",
              "label": [[0, 14, "PARTY"], [0, 6, "PARTY"], [10, 40, "DATE"]]}
    reasons = sorted(p.reason.split(" ")[0] for p in span_problems([record], nlp))
    assert reasons == ["offsets", "overlaps"]


def test_map_spans_carries_spans_over_unchanged_text_and_reports_the_rest():
    src = "Mødet  den 18. marts 2024 med STAR"
    dst = "Mødet den 18. marts 2024 med S T A R"
    mapped, problems = map_spans(src, dst, [(11, 25, "DATE"), (30, 34, "PARTY")])
    assert mapped == [(10, 24, "DATE")] and dst[10:24] == "18. marts 2024"
    assert len(problems) == 1 and "'STAR'" in problems[0]


# --------------------------------------------------------------------------- the committed gold


def _gold_or_skip():
    ents, decs = load_gold(GOLD_DIR)
    assert ents and decs, "annotations/gold/ is committed; rebuild it with `referat annotate adjudicate`"
    return ents, decs


def test_gold_files_tile_the_ingested_documents_and_sit_on_token_boundaries(nlp):
    ents, decs = _gold_or_skip()
    texts = document_texts(ents)
    from referat.corpus import ingest

    for doc_id, text in texts.items():
        assert text == ingest(RAW_DIR / f"{doc_id}.txt").text, f"{doc_id}: gold text differs from the ingested text"
    assert check_gold(ents, decs, texts, nlp) == []
    to_spacy_docs(ents, nlp)  # strict: raises naming every off-boundary span


def test_gold_records_have_the_fixed_shape():
    ents, decs = _gold_or_skip()
    for r in ents:
        assert set(r) >= {"id", "text", "document", "municipality", "segment", "item", "offset", "example_id",
                          "label", "Comments"}
        assert r["segment"] in ("header", "item", "trailer")
        assert r["example_id"] == f"{r['document']}#" + (f"item-{r['item']}" if r["segment"] == "item" else r["segment"]) \
            or r["example_id"].startswith(f"{r['document']}#item-")
    for r in decs:
        assert set(r) >= {"id", "text", "document", "municipality", "item", "example_id", "decision_text",
                          "recommendation_text", "label", "Comments"}
    assert [r["id"] for r in ents] == list(range(len(ents)))
    manifest = {m["id"]: m for m in json.loads((RAW_DIR / "manifest.json").read_text(encoding="utf-8"))}
    assert {r["municipality"] for r in ents} <= {m["municipality"] for m in manifest.values()}


def test_gold_segments_follow_the_current_ingestion():
    """If ingestion changes item boundaries or decision texts, re-run `referat annotate adjudicate`."""
    ents, decs = _gold_or_skip()
    from referat.corpus import ingest

    for doc_id in sorted({r["document"] for r in ents}):
        doc = ingest(RAW_DIR / f"{doc_id}.txt")
        expected = [(s.example_id(doc_id), s.start, s.end) for s in segments_for(doc)]
        got = [(r["example_id"], r["offset"], r["offset"] + len(r["text"])) for r in ents if r["document"] == doc_id]
        assert got == expected, f"{doc_id}: gold segments differ from ingestion; re-run referat annotate adjudicate"
        items = {it.number: it for it in doc.items}
        for r in (r for r in decs if r["document"] == doc_id):
            assert r["decision_text"] == items[r["item"]].decision_text, r["example_id"]
            assert r["recommendation_text"] == items[r["item"]].recommendation_text, r["example_id"]
