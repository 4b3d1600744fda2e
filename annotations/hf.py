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
from referat.annotations.greve_passes import POSITION_LABELS
from referat.annotations.gold import (
    ANNOTATIONS_DIR, DECISION_TYPES, ENTITY_LABELS, GOLD_DIR, blank_nlp, document_spans, document_texts,
    to_spacy_docs,
)
from referat.annotations.hf_stats import (  # noqa: F401  (the card's numbers: hf_stats.py)
    POSITIONS_FILE, ROW_KEYS, archive_documents, archive_stats, corpus_stats,
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

SOURCE_NAMES = {"seeds": "seeds", "archive": "Greve archive"}


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]], numeric_from: int = 1) -> list[str]:
    align = ["---" if i < numeric_from else "---:" for i in range(len(head))]
    return (["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
            + ["| " + " | ".join(str(v) for v in row) + " |" for row in rows])


def _split_table(splits: Mapping[str, Mapping[str, Any]], rows: Sequence[tuple[str, Any]]) -> list[str]:
    out = []
    for name, get in rows:
        vals = [get(splits[s]) for s in SPLITS]
        out.append([name, *vals, sum(vals)])
    return _table(["", *SPLITS, "total"], out)


def _per_key_rows(stats: Mapping[str, Any], key: str) -> list[list[Any]]:
    rows = []
    for source in ("seeds", "archive"):
        counts = stats.get(source)
        if not counts:
            continue
        for name, row in counts[key].items():
            rows.append([SOURCE_NAMES[source], name or "(not given)", *(row[k] for k in ROW_KEYS)])
    return rows


def render_card(stats: Mapping[str, Any]) -> str:
    """annotations/README.md: the data card, every number from ``corpus_stats``."""
    splits = stats["splits"]
    seeds = stats["seeds"]
    arch = stats.get("archive")
    sources = [("seeds", seeds)] + ([("archive", arch)] if arch else [])
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
        "annotations/gold/ and the stand-off files of annotations/greve/; do not edit the numbers by hand: "
        "re-run the command. -->",
        "",
        "Gold annotations of Danish municipal meeting minutes (referater) for the `referat` pipeline, in three "
        "layers whose labels and meaning are those of the annotation scheme (v1.1) and "
        "`annotations/GUIDELINES.md`:",
        "",
        "- entities: every mention of four labels (AMOUNT, DATE, PARTY, PROJECT) over the whole text of a "
        "document;",
        "- decision types: one per agenda item (APPROVED, RECOMMENDED, NOTED, REJECTED, POSTPONED, REFERRED, "
        "DISCUSSED, NONE);",
        "- positions (scheme v1.1): who voted how on an item (" + ", ".join(POSITION_LABELS) + "), with the "
        "recommendation point or the amendment a position concerns, and vote counts as written. Positions "
        "and counts are not part of the Hugging Face configs below; they are kept in `annotations/gold/"
        "positions.jsonl` (seeds) and `annotations/greve/positions.jsonl`, `annotations/greve/counts.jsonl` "
        "(archive).",
        "",
        "Every annotation pass, in both sources, was made by an AI model instance, not by a person (see Who "
        "annotated). Agreement between the passes: `annotations/AGREEMENT.md` (seeds) and "
        "`annotations/greve/AGREEMENT.md` (archive).",
        "",
        "## Sources",
        "",
    ]

    def total(get) -> int:
        return sum(get(s) for _, s in sources)

    src_rows = [[SOURCE_NAMES[name], s["documents"], s["items"], sum(s["entities"].values()),
                 sum(s["positions"].values()), s["counts"]] for name, s in sources]
    if arch:
        src_rows.append(["total", total(lambda s: s["documents"]), total(lambda s: s["items"]),
                         total(lambda s: sum(s["entities"].values())), total(lambda s: sum(s["positions"].values())),
                         total(lambda s: s["counts"])])
    lines += _table(["source", "documents", "agenda items with a decision type", "entity spans", "positions",
                     "items with vote counts"], src_rows)
    municipalities = Counter(d["municipality"] or "?" for d in stats["documents"])
    lines += [
        "",
        "### Seeds",
        "",
        f"{seeds['documents']} public minutes of Danish municipal committees ("
        + ", ".join(f"{m} {n}" for m, n in sorted(municipalities.items()))
        + "), as published by the municipalities, converted to text (`corpus/raw/`, origins in "
        "`corpus/raw/manifest.json`). Their gold holds the text: `annotations/gold/`.",
        "",
    ]
    moved = any(d["split"] != d["split_alone"] for d in stats["documents"])
    head = ["document", "municipality", "body", "meeting date", "split", "spans", "items", "positions"]
    if moved:
        head.insert(5, "split without the archive")
    doc_rows = []
    for d in stats["documents"]:
        row = [d["document"], d["municipality"] or "", d["body"] or "", d["date"] or "", d["split"],
               d["spans"], d["items"], d["positions"]]
        if moved:
            row.insert(5, d["split_alone"])
        doc_rows.append(row)
    lines += _table(head, doc_rows, numeric_from=len(head) - 3)
    if arch:
        lines += [
            "",
            "### Greve archive",
            "",
            f"Minutes of Greve Kommune as its FirstAgenda portal publishes them (one JSON file per meeting, "
            f"`../shared/corpus/greve/<body>/<date>-<id>.json`). The gold covers {arch['documents']} meetings of "
            f"{len(arch['bodies'])} bodies" + (f", {min(arch['years'])}-{max(arch['years'])}" if arch["years"] else "")
            + ":",
            "",
            f"- decision types of {arch['items']} agenda items in {arch['decision_documents']} meetings: every item "
            f"of {arch['sample_meetings']} meetings drawn one per body and year in turn ({arch['sample_meeting_items']}"
            f" items), plus {arch['sample_wording_items']} items of {arch['sample_wording_meetings']} other meetings "
            "whose decision uses the wording of a rarer type (`annotations/greve/decision_sample.jsonl`), so the "
            "rare types are over-represented against the archive as a whole;",
            f"- entities over the whole text of {arch['entity_documents']} meetings;",
            f"- positions in {arch['position_documents']} meetings, and vote counts of {arch['counts']} items.",
            "",
            f"The archive's gold is stand-off: `{arch['dir']}/*.jsonl` hold the file path under `../shared/corpus`, "
            "the sha256 of the text as referat ingests it, character offsets and labels, never the text. The "
            "export (`referat annotate export-hf`, like `referat annotate convert`) fills the text in from "
            "`../shared/corpus` at export time and fails where a document's sha256 differs (the text drifted; "
            "the gold must be re-anchored). Without `../shared` the export leaves the archive out, says so once, "
            "and holds the seeds alone. The archive's counts in this card are read from the stand-off files "
            "themselves (a file path gives body and year), so the card is the same with or without `../shared`.",
        ]
    lines += [
        "",
        "## Counts per body",
        "",
        "Seeds: the body as named in `corpus/raw/manifest.json`; archive: the body's folder under "
        "`../shared/corpus/greve/`. A document counts once however many layers it has.",
        "",
    ]
    lines += _table(["source", "body", "documents", "decision items", "entity spans", "positions"],
                    _per_key_rows(stats, "bodies"), numeric_from=2)
    lines += ["", "## Counts per year", "", "The year of the meeting.", ""]
    lines += _table(["source", "year", "documents", "decision items", "entity spans", "positions"],
                    _per_key_rows(stats, "years"), numeric_from=2)
    lines += ["", "## Counts per label", ""]
    label_rows = []

    def label_row(layer: str, name: str, get) -> None:
        vals = [get(s) for _, s in sources]
        label_rows.append([layer, name, *vals] + ([sum(vals)] if arch else []))

    for label in ENTITY_LABELS:
        label_row("entity", label, lambda s, l=label: s["entities"][l])
    for t in DECISION_TYPES:
        label_row("decision type", t, lambda s, t=t: s["decisions"][t])
    for label in POSITION_LABELS:
        label_row("position", label, lambda s, l=label: s["positions"][l])
    label_row("position", "of which on a numbered point", lambda s: s["points"])
    label_row("position", "of which on an amendment", lambda s: s["amendments"])
    label_row("vote counts", "items with counts as written", lambda s: s["counts"])
    lines += _table(["layer", "label", *(SOURCE_NAMES[n] for n, _ in sources)] + (["total"] if arch else []),
                    label_rows, numeric_from=2)
    lines += [
        "",
        "## Who annotated",
        "",
        "Every pass was made by an instance of one AI model, each pass blind to the other (told not to open "
        "the other's files; the instances could not be watched):",
        "",
        "- Seeds: entities and decision types in two independent passes by two instances of the same model; "
        "disagreements settled by the project lead against the scheme (`annotations/adjudication.tsv`, "
        "`annotations/AGREEMENT.md`).",
    ]
    if arch:
        lines += [
            "- Greve archive: no human annotated it, not even to settle disagreements.",
            f"- Greve archive, decision types: two blind passes; the {arch['decisions_adjudicated']} disagreements "
            "settled by the lead engineer (also an AI model; `annotations/greve/adjudication-decisions.jsonl`).",
            "- Greve archive, entities: pass A started from the rules pipeline's output (a pre-annotation that A "
            "corrected, as with Prodigy's `ner.correct`), pass B from nothing; the "
            f"{arch['entities_adjudicated']} disagreements settled by a third model instance "
            "(`annotations/greve/adjudication-entities.jsonl`). `annotations/greve/AGREEMENT.md` measures how much "
            "closer A stands to the pre-annotation than B, the bias the pre-annotation put into A.",
        ]
    lines += [
        "- Positions and vote counts (seeds and archive): two blind passes; disagreements settled by the lead "
        "engineer (`annotations/greve/adjudication-positions.md`)." if arch else
        "- Positions: two blind passes; disagreements settled by the lead engineer.",
        "",
        "Two instances of one model share its reading of the scheme, so the agreement between them is an upper "
        "bound on what human annotators would reach, not a measure of it. Agreement and how each disagreement "
        "was settled: `annotations/AGREEMENT.md` (seeds) and `annotations/greve/AGREEMENT.md` (archive). The "
        "rulings made while annotating and adjudicating are in `annotations/GUIDELINES.md`.",
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
        "DocBins" + (", over the seeds and the archive's documents together" if arch else "") + ".",
        "",
    ]
    if arch:
        lines += ["Seeds:", ""]
    lines += _split_table(splits, [
        ("documents", lambda s: s["documents"]),
        ("segments", lambda s: s["segments"]),
        ("agenda items", lambda s: s["items"]),
        *((f"entities: {label}", lambda s, l=label: s["entities"][l]) for label in ENTITY_LABELS),
        ("entities: all", lambda s: sum(s["entities"].values())),
        *((f"decision: {t}", lambda s, t=t: s["decisions"][t]) for t in DECISION_TYPES),
    ])
    if arch:
        lines += [
            "",
            "Greve archive (its segments are cut from the text at export time, so they are not counted here; "
            "the `documents` and `segments` configs hold the meetings with entity gold, the `items` config the "
            "items with a decision type):",
            "",
        ]
        lines += _split_table(arch["splits"], [
            ("meetings", lambda s: s["documents"]),
            ("meetings with entity gold", lambda s: s["entity_documents"]),
            ("agenda items", lambda s: s["items"]),
            *((f"entities: {label}", lambda s, l=label: s["entities"][l]) for label in ENTITY_LABELS),
            ("entities: all", lambda s: sum(s["entities"].values())),
            *((f"decision: {t}", lambda s, t=t: s["decisions"][t]) for t in DECISION_TYPES),
        ])
        lines += [
            "",
            ("Without `../shared` (or with `--no-archive`) the seeds are split among themselves: "
             + ("the same splits as above." if not moved else "see the column `split without the archive`.")),
        ]
    syn = stats["synthetic"]
    lines += [
        "",
        "## Synthetic text",
        "",
        f"`annotations/synthetic/` holds {syn['decision_records']} synthetic decision texts, written for the "
        "project to widen the coverage of decision wordings" + (
            " (" + ", ".join(f"{k} {v}" for k, v in sorted(syn["decisions"].items())) + ")" if syn["decisions"] else "")
        + f", and {syn['span_records']} synthetic entity paragraphs (`entities.jsonl`), generated by "
        "`referat annotate synthesize` from templates and a vocabulary of made-up names "
        "(`templates.json`, `vocabulary.json`) filled from referat's gazetteers: an AI model instance (a helper) "
        "wrote the templates from the guidelines, without the seeds' or the archive's text in view, so that the "
        "ner sees many more names, dates and amounts than the gold holds. Every record is marked `\"synthetic\": true`, "
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
        "Tokens are spaCy's Danish tokenizer (`spacy.blank(\"da\")`); every span sits on token boundaries. "
        "Archive documents are named `greve__<body>__<date>-<id>` after their file.",
        "",
        "## Use",
        "",
        "```bash",
        "referat annotate export-hf            # annotations/hf/{documents,segments,items} + parquet/ + this card",
        "referat annotate export-hf --no-archive   # the seeds alone",
        "```",
        "",
        "```python",
        "from datasets import load_from_disk",
        "items = load_from_disk(\"annotations/hf/items\")",
        "items[\"train\"].features[\"label\"].names",
        "```",
        "",
        "The seeds' gold is doccano JSONL: `annotations/gold/entities.jsonl` (one line per segment), "
        "`annotations/gold/decisions.jsonl` (one line per agenda item) and `annotations/gold/positions.jsonl`. "
        "The archive's is stand-off JSONL in `annotations/greve/`: `decisions.jsonl`, `entities.jsonl`, "
        "`positions.jsonl`, `counts.jsonl`.",
        "",
    ]
    return "\n".join(lines)
