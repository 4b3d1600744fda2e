"""Gold JSONL (doccano export format) -> spaCy DocBins for training and evaluation.

    referat annotate convert annotations/gold corpus [--synthetic/--no-synthetic]
                             [--split-by document|municipality] [--seed 0]

Two kinds of Doc go into each DocBin:

* **NER docs**: one per segment (header, item, trailer) of a gold document,
  ``doc.ents`` set from the gold spans, so every token outside a span is O
  (a segment without spans teaches "no entity here"). No ``doc.cats``: the
  textcat gets no loss from them.
* **Decision docs**: one per agenda item, the classifier input
  (``referat.training.decisions.decision_input(decision_text, recommendation_text)``
  when importable, else decision text + blank line + recommendation text),
  ``doc.cats`` one-hot over the eight decision types. ``doc.ents`` is NOT set:
  the entity annotation is missing, so ner gets no loss from them.

Every Doc carries ``user_data``: document, example_id, municipality, kind
("ner" | "decision") and synthetic (bool).

Split: deterministically **by document** (never a document in two splits),
ordered by a stable hash (sha256 of "<seed>:<doc id>"): the first
``round(0.2 n)`` (at least 1) documents are test, the next as many dev, the
rest train; with the five seed documents that is 3/1/1. ``--split-by
municipality`` does the same with whole municipalities as the units.

Synthetic examples (``synthetic/*.jsonl`` beside the gold folder, i.e.
``annotations/synthetic/``, every record with ``"synthetic": true``) only ever go into train, with ``user_data["synthetic"]``
true, and only with ``--synthetic``.

``convert_folds`` writes leave-one-municipality-out folds to
``corpus/cv/<municipality>/{train,dev,test}.spacy``: test = that municipality's
documents; train = every other municipality's documents (+ synthetic); dev =
ONE document of the training municipalities (the first by the stable hash),
taken out of train, so early stopping and model selection never see the test
municipality. When only one training document exists, dev is that document
and it stays in train (dev is then no held-out estimate, only a checkpoint
selector).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from referat.annotations.greve import load_all_gold
from referat.annotations.gold import (
    ANNOTATIONS_DIR, DECISION_TYPES, GOLD_DIR, REPO_ROOT, is_span_record, read_jsonl, to_spacy_docs,
)
from referat.pipeline import extensions  # noqa: F401  (Doc._.body on the items' Docs)
from referat.pipeline.decisions import DecisionContext

SPLITS = ("train", "dev", "test")
SYNTHETIC_DIR = ANNOTATIONS_DIR / "synthetic"
CV_DIR = REPO_ROOT / "corpus" / "cv"


# --------------------------------------------------------------------------- split


def stable_hash(key: str, seed: int = 0) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode("utf-8")).digest()[:8], "big")


def split_units(units: Iterable[str], seed: int = 0, dev_share: float = 0.2, test_share: float = 0.2
                ) -> dict[str, list[str]]:
    """split -> units (documents or municipalities), deterministic and independent of input order.

    n >= 3: round(share * n) units (at least 1) each for test and dev, the rest train
    (5 units -> 3/1/1). n == 2: one train, one test, no dev. n == 1: train only.
    """
    ordered = sorted(set(units), key=lambda u: (stable_hash(u, seed), u))
    n = len(ordered)
    if n >= 3:
        n_test = max(1, round(test_share * n))
        n_dev = max(1, round(dev_share * n))
        if n_test + n_dev >= n:
            n_test, n_dev = 1, 1
    elif n == 2:
        n_test, n_dev = 1, 0
    else:
        n_test, n_dev = 0, 0
    return {
        "test": sorted(ordered[:n_test]),
        "dev": sorted(ordered[n_test:n_test + n_dev]),
        "train": sorted(ordered[n_test + n_dev:]),
    }


def document_split(records: Sequence[dict], seed: int = 0, split_by: str = "document") -> dict[str, str]:
    """doc id -> split, by document or by municipality (all documents of one municipality together)."""
    municipality: dict[str, str] = {}
    for r in records:
        municipality.setdefault(r["document"], r.get("municipality") or r["document"])
    if split_by == "document":
        units = split_units(municipality, seed)
        return {doc: split for split, docs in units.items() for doc in docs}
    if split_by == "municipality":
        units = split_units(set(municipality.values()), seed)
        where = {m: split for split, ms in units.items() for m in ms}
        return {doc: where[m] for doc, m in municipality.items()}
    raise ValueError(f"split_by must be 'document' or 'municipality', not {split_by!r}")


# --------------------------------------------------------------------------- docs


def decision_text_of(record: Mapping[str, Any]) -> str:
    """The classifier input of a decision record.

    A record with a ``decision_text`` key (gold items always have one, null
    when the item has no decision) gets ``decision_input(decision_text,
    recommendation_text)``; a record without the key (a synthetic example given
    as plain classifier ``text``) is used as it is.
    """
    if "decision_text" in record or "recommendation_text" in record:

        return DecisionContext.from_record(record).classifier_input()
    return record.get("text") or ""


def decision_label(record: Mapping[str, Any]) -> str:
    labels = record.get("label")
    if isinstance(labels, str):
        labels = [labels]
    if not labels or len(labels) != 1 or labels[0] not in DECISION_TYPES:
        raise ValueError(f"{record.get('example_id', record.get('id'))}: decision label {labels!r} is not "
                         "exactly one of " + ", ".join(DECISION_TYPES))
    return labels[0]


def mark_doc(doc: Any, record: Mapping[str, Any], kind: str, synthetic: bool) -> None:
    """Where a training Doc came from, in its user_data (kept by the DocBin): document, item, kind."""
    for key in ("document", "example_id", "municipality", "item", "segment"):
        if key in record:
            doc.user_data[key] = record[key]
    doc.user_data["kind"] = kind
    doc.user_data["synthetic"] = bool(synthetic)


#: A training Doc of the ner is at most about this long: a long segment is cut at blank lines
#: (a span never crosses one), so a batch is not one 20-page agenda item.
NER_CHUNK_CHARS = 3000


def chunk_record(record: dict, max_chars: int = NER_CHUNK_CHARS) -> list[dict]:
    """A span record cut into pieces at blank lines, each at most about `max_chars` long,
    every span kept whole in its piece (offsets relative to the piece)."""
    text = record["text"]
    if len(text) <= max_chars:
        return [record]
    cuts = [0]
    last_break = pos = 0
    while True:
        nxt = text.find("\n\n", pos)
        pos = len(text) if nxt < 0 else nxt + 2
        if pos - cuts[-1] > max_chars and last_break > cuts[-1]:
            cuts.append(last_break)
        if nxt < 0:
            break
        last_break = pos
    spans = [tuple(s) for s in record.get("label") or []]
    for start, end, _ in spans:  # never cut inside a span
        cuts = [c for c in cuts if not start < c < end]
    cuts.append(len(text))
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        if b <= a:
            continue
        piece = dict(record, text=text[a:b], offset=int(record.get("offset") or 0) + a,
                     label=[[s - a, e - a, lab] for s, e, lab in spans if a <= s and e <= b])
        pieces.append(piece)
    return pieces


def ner_docs(records: Sequence[dict], nlp: Any, synthetic: bool = False) -> list[Any]:
    """Docs with ``doc.ents`` set exactly, long segments cut at blank lines (`chunk_record`);
    raises GoldAlignmentError on a bad span."""
    records = [piece for record in records for piece in chunk_record(record)]
    docs = to_spacy_docs(records, nlp)
    for doc, record in zip(docs, records):
        mark_doc(doc, record, "ner", synthetic)
    return docs


def decision_docs(records: Sequence[dict], nlp: Any, synthetic: bool = False) -> list[Any]:
    """One Doc per decision record: the classifier input with one-hot ``doc.cats``, ents left missing."""
    docs = []
    for record in records:
        label = decision_label(record)
        doc = nlp.make_doc(decision_text_of(record))
        doc.cats = {t: float(t == label) for t in DECISION_TYPES}
        mark_doc(doc, record, "decision", synthetic)
        docs.append(doc)
    return docs


def item_docs(records: Sequence[dict], nlp: Any) -> list[Any]:
    """One Doc per gold decision record: the agenda item's text with its one-hot ``doc.cats``.

    What `spacy evaluate PIPELINE items.spacy` scores the decision component on: the
    pipeline's `referat_sections` finds the item's sections in the text, as for any Doc that
    carries only text; the body that met (which tells a committee's recommendation from the
    council's decision) is the meeting's, as `extract()` knows it."""
    docs = []
    for record in records:
        label = decision_label(record)
        doc = nlp.make_doc(record["text"])
        doc._.body = record.get("body")
        doc.cats = {t: float(t == label) for t in DECISION_TYPES}
        docs.append(doc)
    return docs


def _blank() -> Any:
    import spacy

    return spacy.blank("da")


def write_docbin(docs: Sequence[Any], path: Path) -> Path:
    from spacy.tokens import DocBin

    path.parent.mkdir(parents=True, exist_ok=True)
    db = DocBin(store_user_data=True)
    for doc in docs:
        db.add(doc)
    db.to_disk(path)
    return path


def read_docbin(path: Path | str, nlp: Any = None) -> list[Any]:
    from spacy.tokens import DocBin

    nlp = nlp or _blank()
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


# --------------------------------------------------------------------------- synthetic


def default_synthetic_dir(gold_dir: Path | str) -> Path:
    """``synthetic/`` beside the gold folder (annotations/synthetic for annotations/gold)."""
    return Path(gold_dir).resolve().parent / "synthetic"


def load_synthetic(synthetic_dir: Path | str = SYNTHETIC_DIR) -> tuple[list[dict], list[dict]]:
    """(span records, decision records) of annotations/synthetic/*.jsonl.

    Every record must carry ``"synthetic": true``; one that does not is an
    error (synthetic text must be marked, never mixed into the gold unmarked).
    """
    spans, decisions, unmarked = [], [], []
    d = Path(synthetic_dir)
    for path in sorted(d.glob("*.jsonl")) if d.exists() else []:
        for n, record in enumerate(read_jsonl(path), 1):
            if record.get("synthetic") is not True and (record.get("meta") or {}).get("synthetic") is not True:
                unmarked.append(f"{path}:{n}")
                continue
            meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
            record = {**meta, **{k: v for k, v in record.items() if k != "meta"}}  # doccano import -> export shape
            record["synthetic"] = True
            record.setdefault("document", f"synthetic:{path.stem}")
            record.setdefault("example_id", f"synthetic:{path.stem}#{n}")
            (spans if is_span_record(record) else decisions).append(record)
    if unmarked:
        raise ValueError("synthetic records without \"synthetic\": true: " + ", ".join(unmarked[:10]))
    return spans, decisions


# --------------------------------------------------------------------------- convert


@dataclass
class ConvertReport:
    paths: dict[str, Path]
    documents: dict[str, list[str]]  # split -> doc ids
    counts: dict[str, Counter] = field(default_factory=dict)  # split -> counts

    def summary(self) -> str:
        lines = []
        for split in SPLITS:
            c = self.counts.get(split, Counter())
            lines.append(
                f"{split}: {self.paths[split]} - {len(self.documents.get(split, []))} documents "
                f"({', '.join(self.documents.get(split, [])) or 'none'}); {c['ner_docs']} NER docs with "
                f"{c['ents']} entities, {c['decision_docs']} decision docs"
                + (f"; synthetic: {c['synthetic_ner_docs']} NER, {c['synthetic_decision_docs']} decision docs"
                   if c['synthetic_ner_docs'] or c['synthetic_decision_docs'] else "")
            )
        if "items" in self.paths:
            lines.append(f"items: {self.paths['items']} - every gold agenda item with its decision type "
                         "(spacy evaluate PIPELINE items.spacy scores the decisions extract() gives)")
        return "\n".join(lines)


def _count(counter: Counter, docs: Sequence[Any]) -> None:
    for doc in docs:
        syn = doc.user_data.get("synthetic")
        kind = doc.user_data.get("kind")
        counter[("synthetic_" if syn else "") + f"{kind}_docs"] += 1
        if kind == "ner":
            counter["ents"] += len(doc.ents)
            for e in doc.ents:
                counter[f"ents:{e.label_}"] += 1
        else:
            counter[f"cats:{max(doc.cats, key=doc.cats.get)}"] += 1


def build_split_docs(
    entities: Sequence[dict], decisions: Sequence[dict], assignment: Mapping[str, str], nlp: Any,
    synthetic: tuple[list[dict], list[dict]] = ([], []),
) -> dict[str, list[Any]]:
    """split -> Docs (NER docs then decision docs), synthetic docs in train only."""
    out: dict[str, list[Any]] = {s: [] for s in SPLITS}
    missing = sorted({r["document"] for r in list(entities) + list(decisions)} - set(assignment))
    if missing:
        raise ValueError(f"documents without a split: {missing}")
    for split in SPLITS:
        ents = [r for r in entities if assignment[r["document"]] == split]
        decs = [r for r in decisions if assignment[r["document"]] == split]
        out[split] = ner_docs(ents, nlp) + decision_docs(decs, nlp)
    syn_spans, syn_decisions = synthetic
    out["train"] += ner_docs(syn_spans, nlp, synthetic=True) + decision_docs(syn_decisions, nlp, synthetic=True)
    return out


def convert(
    gold_dir: Path | str = GOLD_DIR,
    out_dir: Path | str = REPO_ROOT / "corpus",
    seed: int = 0,
    synthetic: bool = True,
    split_by: str = "document",
    synthetic_dir: Path | str | None = None,
    nlp: Any = None,
    archive: Path | None = None,
    train_extra: Sequence[Any] = (),
) -> ConvertReport:
    """Write out_dir/{train,dev,test}.spacy (and items.spacy) from the gold folder, with the
    archive's stand-off gold where `archive` is given; return what went where. `train_extra`:
    more training Docs (silver, `referat.annotations.silver`), train only."""
    entities, decisions = load_all_gold(Path(gold_dir), archive)
    if not entities and not decisions:
        raise FileNotFoundError(f"{gold_dir}: no entities.jsonl or decisions.jsonl")
    nlp = nlp or _blank()
    assignment = document_split(list(entities) + list(decisions), seed, split_by)
    syn = load_synthetic(synthetic_dir or default_synthetic_dir(gold_dir)) if synthetic else ([], [])
    docs = build_split_docs(entities, decisions, assignment, nlp, syn)
    docs["train"] += list(train_extra)
    out_dir = Path(out_dir)
    paths = {split: write_docbin(docs[split], out_dir / f"{split}.spacy") for split in SPLITS}
    paths["items"] = write_docbin(item_docs(decisions, nlp), out_dir / "items.spacy")
    documents = {s: sorted(d for d, sp in assignment.items() if sp == s) for s in SPLITS}
    counts = {}
    for split in SPLITS:
        counts[split] = Counter()
        _count(counts[split], docs[split])
    return ConvertReport(paths, documents, counts)


def slug(name: str) -> str:
    return re.sub(r"-+", "-", "".join(c.lower() if c.isalnum() else "-" for c in name)).strip("-")


def fold_assignment(records: Sequence[dict], municipality: str, seed: int = 0) -> dict[str, str]:
    """doc id -> split for the fold that leaves ``municipality`` out (see module doc for dev)."""
    muni = {}
    for r in records:
        muni.setdefault(r["document"], r.get("municipality") or r["document"])
    test = sorted(d for d, m in muni.items() if m == municipality)
    train = sorted((d for d, m in muni.items() if m != municipality), key=lambda d: (stable_hash(d, seed), d))
    assignment = {d: "test" for d in test}
    if len(train) >= 2:
        assignment[train[0]] = "dev"
        assignment.update({d: "train" for d in train[1:]})
    else:
        assignment.update({d: "train" for d in train})
    return assignment


def convert_folds(
    gold_dir: Path | str = GOLD_DIR,
    out_dir: Path | str = CV_DIR,
    synthetic: bool = True,
    seed: int = 0,
    synthetic_dir: Path | str | None = None,
    nlp: Any = None,
    archive: Path | None = None,
) -> dict[str, dict[str, Path]]:
    """Leave-one-municipality-out folds: municipality -> {"train", "dev", "test": path}.

    Written to ``out_dir/<municipality slug>/{train,dev,test}.spacy``; with `archive`, its
    stand-off gold joins the seeds' (Greve is then a fold of its own).
    """
    entities, decisions = load_all_gold(Path(gold_dir), archive)
    records = list(entities) + list(decisions)
    if not records:
        raise FileNotFoundError(f"{gold_dir}: no entities.jsonl or decisions.jsonl")
    nlp = nlp or _blank()
    syn = load_synthetic(synthetic_dir or default_synthetic_dir(gold_dir)) if synthetic else ([], [])
    municipalities = sorted({r.get("municipality") or r["document"] for r in records})
    folds: dict[str, dict[str, Path]] = {}
    for muni in municipalities:
        assignment = fold_assignment(records, muni, seed)
        docs = build_split_docs(entities, decisions, assignment, nlp, syn)
        if not docs["dev"]:  # a single training document: it is dev as well (documented above)
            docs["dev"] = [d for d in docs["train"] if not d.user_data.get("synthetic")]
        fold_dir = Path(out_dir) / slug(muni)
        folds[muni] = {split: write_docbin(docs[split], fold_dir / f"{split}.spacy") for split in SPLITS}
    return folds
