"""The gold corpus as Hugging Face ``datasets``: three configs, train/dev/test as in convert.

    referat annotate export-hf [annotations/gold] [--output annotations/hf] [--card annotations/README.md]

Configs (each a ``DatasetDict`` with the splits train, dev, test; the split is
the one ``convert`` uses, by document, from the same seed):

* ``documents``: one row per minutes document: text, spaCy Danish tokens with
  character offsets, BIO ``ner_tags`` (``ClassLabel``), ``spans`` (document
  offsets), the decision type of every agenda item, municipality.
* ``segments``: one row per segment (header, agenda item, trailer), the
  examples of the doccano span project: the same fields relative to the
  segment, plus ``offset`` into the document and the item's decision type
  (``-1`` for header and trailer).
* ``items``: one row per agenda item: item text, decision and recommendation
  texts, the classifier input, ``label`` (``ClassLabel`` over the eight types).

Written with ``save_to_disk`` to ``<output>/<config>/`` (load with
``datasets.load_from_disk``) and as Parquet, ``<output>/parquet/<config>/<split>.parquet``.
Synthetic text is not part of the export (it is kept apart, train only, in
``annotations/synthetic/``); ``--synthetic`` adds it to the ``items`` config as
a separate split ``synthetic``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

from referat.annotations.convert import (
    SPLITS, default_synthetic_dir, decision_label, decision_text_of, document_split, load_synthetic,
)
from referat.annotations.greve import load_all_gold
from referat.annotations.gold import (
    ANNOTATIONS_DIR, DECISION_TYPES, ENTITY_LABELS, GOLD_DIR, blank_nlp, document_spans, document_texts,
    load_gold, manifest, to_spacy_docs,
)

HF_DIR = ANNOTATIONS_DIR / "hf"
CARD_FILE = ANNOTATIONS_DIR / "README.md"
CONFIGS = ("documents", "segments", "items")
BIO_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{l}" for l in ENTITY_LABELS for p in ("B", "I"))


def features(config: str) -> Any:
    from datasets import ClassLabel, Features, Sequence as Seq, Value

    span = {"start": Value("int32"), "end": Value("int32"), "label": ClassLabel(names=list(ENTITY_LABELS)),
            "text": Value("string")}
    tokens = {"tokens": Seq(Value("string")), "token_starts": Seq(Value("int32")), "token_ends": Seq(Value("int32")),
              "ner_tags": Seq(ClassLabel(names=list(BIO_TAGS))), "spans": [span]}
    decision = ClassLabel(names=list(DECISION_TYPES))
    if config == "documents":
        return Features({"document": Value("string"), "municipality": Value("string"), "text": Value("string"),
                         **tokens, "items": [{"item": Value("int32"), "example_id": Value("string"),
                                              "start": Value("int32"), "end": Value("int32"),
                                              "decision": decision}]})
    if config == "segments":
        return Features({"id": Value("int32"), "example_id": Value("string"), "document": Value("string"),
                         "municipality": Value("string"), "segment": Value("string"), "item": Value("int32"),
                         "offset": Value("int32"), "text": Value("string"), **tokens, "decision": decision})
    if config == "items":
        return Features({"id": Value("int32"), "example_id": Value("string"), "document": Value("string"),
                         "municipality": Value("string"), "item": Value("int32"), "text": Value("string"),
                         "decision_text": Value("string"), "recommendation_text": Value("string"),
                         "input": Value("string"), "label": decision, "synthetic": Value("bool")})
    raise ValueError(f"unknown config {config!r}: {CONFIGS}")


def _token_fields(doc: Any) -> dict[str, Any]:
    return {
        "tokens": [t.text for t in doc],
        "token_starts": [t.idx for t in doc],
        "token_ends": [t.idx + len(t.text) for t in doc],
        "ner_tags": [BIO_TAGS.index(f"{t.ent_iob_}-{t.ent_type_}") if t.ent_iob_ in ("B", "I") else 0 for t in doc],
        "spans": [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text} for e in doc.ents],
    }


def build_rows(
    entities: Sequence[dict], decisions: Sequence[dict], nlp: Any = None, synthetic: Sequence[dict] = (),
) -> dict[str, list[dict]]:
    """config -> rows (each with a ``document`` key) from gold records."""
    nlp = nlp or blank_nlp()
    dec_by_id = {r["example_id"]: decision_label(r) for r in decisions}
    rows: dict[str, list[dict]] = {c: [] for c in CONFIGS}
    muni = {r["document"]: r.get("municipality") for r in list(entities) + list(decisions)}
    seg_docs = to_spacy_docs(entities, nlp)
    for r, doc in zip(entities, seg_docs):
        label = dec_by_id.get(r["example_id"])
        rows["segments"].append({
            "id": r["id"], "example_id": r["example_id"], "document": r["document"],
            "municipality": r.get("municipality"), "segment": r.get("segment"), "item": r.get("item"),
            "offset": r.get("offset", 0), "text": r["text"], **_token_fields(doc),
            "decision": DECISION_TYPES.index(label) if label else -1,
        })
    texts = document_texts(entities)
    spans = document_spans(entities)
    for doc_id, text in texts.items():
        doc = to_spacy_docs([{"text": text, "label": [list(s) for s in spans.get(doc_id, [])],
                              "document": doc_id, "example_id": doc_id, "offset": 0}], nlp)[0]
        items = [{"item": r.get("item"), "example_id": r["example_id"], "start": r["offset"],
                  "end": r["offset"] + len(r["text"]), "decision": dec_by_id[r["example_id"]]}
                 for r in entities if r["document"] == doc_id and r["example_id"] in dec_by_id]
        rows["documents"].append({"document": doc_id, "municipality": muni.get(doc_id), "text": text,
                                  **_token_fields(doc), "items": items})
    for r in list(decisions) + list(synthetic):
        rows["items"].append({
            "id": r.get("id"), "example_id": r.get("example_id"), "document": r.get("document"),
            "municipality": r.get("municipality"), "item": r.get("item"), "text": r.get("text"),
            "decision_text": r.get("decision_text"), "recommendation_text": r.get("recommendation_text"),
            "input": decision_text_of(r), "label": decision_label(r),
            "synthetic": bool(r.get("synthetic")),
        })
    return rows


def build_datasets(
    gold_dir: Path | str = GOLD_DIR, seed: int = 0, split_by: str = "document", synthetic: bool = False,
    synthetic_dir: Path | str | None = None, nlp: Any = None, archive: Optional[Path] = None,
) -> dict[str, Any]:
    """config -> DatasetDict (train/dev/test; items also 'synthetic' when asked); with `archive`, its
    stand-off gold is included, the text filled in from ../shared now."""
    from datasets import Dataset, DatasetDict

    entities, decisions = load_all_gold(Path(gold_dir), archive)
    if not entities:
        raise FileNotFoundError(f"{gold_dir}: no entities.jsonl")
    assignment = document_split(list(entities) + list(decisions), seed, split_by)
    syn = load_synthetic(synthetic_dir or default_synthetic_dir(gold_dir))[1] if synthetic else []
    rows = build_rows(entities, decisions, nlp, syn)
    out = {}
    for config in CONFIGS:
        feats = features(config)
        by_split: dict[str, list[dict]] = defaultdict(list)
        for row in rows[config]:
            split = "synthetic" if row.get("synthetic") else assignment[row["document"]]
            by_split[split].append(row)
        splits = list(SPLITS) + (["synthetic"] if config == "items" and syn else [])
        out[config] = DatasetDict({
            s: Dataset.from_dict({k: [r[k] for r in by_split[s]] for k in feats}, features=feats) for s in splits
        })
    return out


def export_hf(
    gold_dir: Path | str = GOLD_DIR, out_dir: Path | str = HF_DIR, seed: int = 0, split_by: str = "document",
    synthetic: bool = False, card: Optional[Path | str] = CARD_FILE, archive: Optional[Path] = None,
) -> dict[str, Any]:
    """Build the datasets, save_to_disk and Parquet under out_dir, write the data card; return them."""
    dsets = build_datasets(gold_dir, seed, split_by, synthetic, archive=archive)
    out_dir = Path(out_dir)
    for config, dd in dsets.items():
        dd.save_to_disk(str(out_dir / config), num_shards={s: 1 for s in dd})  # one shard: empty splits load too
        for split, ds in dd.items():
            path = out_dir / "parquet" / config / f"{split}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            ds.to_parquet(str(path))
    if card is not None:
        Path(card).write_text(render_card(corpus_stats(gold_dir, seed, split_by, archive=archive)), encoding="utf-8")
    return dsets


def load_export(out_dir: Path | str = HF_DIR) -> dict[str, Any]:
    from datasets import load_from_disk

    return {c: load_from_disk(str(Path(out_dir) / c)) for c in CONFIGS}


# --------------------------------------------------------------------------- data card


def corpus_stats(gold_dir: Path | str = GOLD_DIR, seed: int = 0, split_by: str = "document",
                 synthetic_dir: Path | str | None = None, archive: Optional[Path] = None) -> dict[str, Any]:
    """Counts per split straight from the gold files (what the card prints)."""
    entities, decisions = load_all_gold(Path(gold_dir), archive)
    records = list(entities) + list(decisions)
    assignment = document_split(records, seed, split_by) if records else {}
    info = manifest()
    stats: dict[str, Any] = {"seed": seed, "split_by": split_by, "splits": {}, "documents": []}
    for doc_id in sorted(assignment, key=lambda d: (SPLITS.index(assignment[d]), d)):
        m = info.get(doc_id, {})
        stats["documents"].append({
            "document": doc_id, "split": assignment[doc_id],
            "municipality": next((r.get("municipality") for r in records if r["document"] == doc_id), None),
            "body": m.get("body"), "date": m.get("date"),
            "spans": sum(len(r["label"]) for r in entities if r["document"] == doc_id),
            "items": sum(1 for r in decisions if r["document"] == doc_id),
        })
    for split in SPLITS:
        ents = [r for r in entities if assignment.get(r["document"]) == split]
        decs = [r for r in decisions if assignment.get(r["document"]) == split]
        labels = Counter(l for r in ents for _, _, l in r["label"])
        types = Counter(decision_label(r) for r in decs)
        stats["splits"][split] = {
            "documents": len({r["document"] for r in ents + decs}),
            "segments": len(ents), "items": len(decs),
            "entities": {l: labels.get(l, 0) for l in ENTITY_LABELS},
            "decisions": {t: types.get(t, 0) for t in DECISION_TYPES},
        }
    synthetic_dir = Path(synthetic_dir or default_synthetic_dir(gold_dir))
    syn_spans, syn_dec = load_synthetic(synthetic_dir) if synthetic_dir.exists() else ([], [])
    stats["synthetic"] = {"span_records": len(syn_spans), "decision_records": len(syn_dec),
                          "decisions": dict(Counter(decision_label(r) for r in syn_dec))}
    return stats


def render_card(stats: Mapping[str, Any]) -> str:
    """annotations/README.md: the data card, every number from ``corpus_stats``."""
    splits = stats["splits"]
    lines = [
        "---",
        "language: [da]",
        "license: other",
        "pretty_name: referat gold corpus (Danish municipal meeting minutes)",
        "task_categories: [token-classification, text-classification]",
        "configs: [documents, segments, items]",
        "---",
        "",
        "# referat gold corpus",
        "",
        "<!-- Generated by `referat annotate export-hf` (referat.annotations.hf.render_card) from "
        "annotations/gold/; do not edit the numbers by hand: re-run the command. -->",
        "",
        "Gold annotations of Danish municipal meeting minutes (referater) for the `referat` pipeline: "
        "every mention of four entity labels (AMOUNT, DATE, PARTY, PROJECT) over the whole text, and the "
        "decision type of every agenda item (APPROVED, RECOMMENDED, NOTED, REJECTED, POSTPONED, REFERRED, "
        "DISCUSSED, NONE). Labels and their meaning: the annotation scheme (v1) and `annotations/GUIDELINES.md`. "
        "Each document was annotated in two independent passes (made by two instances of one AI model, so "
        "their agreement is an upper bound: see AGREEMENT.md); disagreements are settled against the "
        "guideline (`annotations/adjudication.tsv`). Agreement between the passes and how many disagreements "
        "are settled: `annotations/AGREEMENT.md`.",
        "",
        "## Sources",
        "",
        "Five public minutes of Danish municipal committees (two from Albertslund, one each from Lejre, "
        "Herlev and Slagelse), as published by the municipalities, converted to text (`corpus/raw/`, "
        "origins in `corpus/raw/manifest.json`).",
        "",
        "| document | municipality | body | meeting date | split | spans | items |",
        "|---|---|---|---|---|---:|---:|",
    ]
    for d in stats["documents"]:
        lines.append(f"| {d['document']} | {d['municipality'] or ''} | {d['body'] or ''} | {d['date'] or ''} | "
                     f"{d['split']} | {d['spans']} | {d['items']} |")
    lines += [
        "",
        "## Status of the texts",
        "",
        "The minutes are Danish public documents (offentlige dokumenter): records of public authorities' "
        "meetings that the municipalities publish for anyone to read, naming officials and politicians in "
        "their public roles. The Danish Copyright Act (ophavsretsloven § 9) exempts laws, administrative "
        "regulations, court decisions and similar official documents from copyright; this project does not "
        "settle whether that covers every passage (quoted or attached material may have its own rights), so "
        "check the publishing municipality's terms before redistributing the texts beyond research use. "
        "Closed agenda items (lukkede punkter) carry no content in the published minutes and so none here. "
        "The annotations are the project's own work.",
        "",
        "## Splits",
        "",
        f"Split by {stats['split_by']} (never one document in two splits), deterministically from a stable hash "
        f"of the document id (seed {stats['seed']}), the same split `referat annotate convert` writes to spaCy "
        "DocBins.",
        "",
        "| | " + " | ".join(SPLITS) + " | total |",
        "|---|" + "---:|" * (len(SPLITS) + 1),
    ]

    def row(name: str, get) -> str:
        vals = [get(splits[s]) for s in SPLITS]
        return f"| {name} | " + " | ".join(str(v) for v in vals) + f" | {sum(vals)} |"

    lines.append(row("documents", lambda s: s["documents"]))
    lines.append(row("segments", lambda s: s["segments"]))
    lines.append(row("agenda items", lambda s: s["items"]))
    for label in ENTITY_LABELS:
        lines.append(row(f"entities: {label}", lambda s, l=label: s["entities"][l]))
    lines.append(row("entities: all", lambda s: sum(s["entities"].values())))
    for t in DECISION_TYPES:
        lines.append(row(f"decision: {t}", lambda s, t=t: s["decisions"][t]))
    syn = stats["synthetic"]
    lines += [
        "",
        "## Synthetic text",
        "",
        f"`annotations/synthetic/` holds {syn['decision_records']} synthetic decision texts and "
        f"{syn['span_records']} synthetic span examples, written for the project to widen the coverage of "
        "decision wordings" + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(syn["decisions"].items())) + ")"
                               if syn["decisions"] else "") + ". Every record is marked `\"synthetic\": true`, "
        "kept in its own files, never used for dev or test, and not part of the export above (add it to the "
        "`items` config as a separate `synthetic` split with `--synthetic`).",
        "",
        "## Configs and fields",
        "",
        "- `documents`: `document`, `municipality`, `text`, `tokens`, `token_starts`, `token_ends`, `ner_tags` "
        "(BIO `ClassLabel`: " + ", ".join(BIO_TAGS) + "), `spans` (start, end, label, text in document offsets), "
        "`items` (item number, example id, start, end, decision).",
        "- `segments`: one row per header, agenda item and trailer (the doccano examples): the fields above "
        "relative to the segment, `offset` of the segment in the document, `decision` (-1 outside items).",
        "- `items`: `text` (the item), `decision_text`, `recommendation_text`, `input` (what the classifier "
        "reads), `label` (`ClassLabel` over the eight decision types).",
        "",
        "Tokens are spaCy's Danish tokenizer (`spacy.blank(\"da\")`); every span sits on token boundaries.",
        "",
        "## Use",
        "",
        "```bash",
        "referat annotate export-hf            # annotations/hf/{documents,segments,items} + parquet/ + this card",
        "```",
        "",
        "```python",
        "from datasets import load_from_disk",
        "items = load_from_disk(\"annotations/hf/items\")",
        "items[\"train\"].features[\"label\"].names",
        "```",
        "",
        "The gold itself is doccano JSONL: `annotations/gold/entities.jsonl` (one line per segment) and "
        "`annotations/gold/decisions.jsonl` (one line per agenda item).",
        "",
    ]
    return "\n".join(lines)
