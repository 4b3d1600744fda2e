"""Active learning on the Greve archive: which unannotated items to annotate next, and their gold back.

    referat annotate push --archive ../shared/corpus/greve --queue 200 --project greve-al --decisions
    referat annotate pull --project greve-al --exclude referat-admin \\
        --archive-gold annotations/greve/decisions.jsonl

**The queue.** Candidates are the items of the archive that the stand-off gold
(``annotations/greve/decisions.jsonl``) does not hold yet. Each gets three readings
from the shipped pipeline (``referat.load()``). The first two come from the pipeline
itself: each item's Doc, built as ``extract()`` builds it (``item_doc``: the item's
text with the sections the ingestion found, its title and the body that met), goes
through ``nlp.pipe`` with the sections and decision components (the others set
nothing the decision reads), and the readings are what the decision component set
on the Doc:

- ``missed``: the item has a decision text, but the wording rules read NONE with a
  score below the decision component's ``threshold`` (``doc._.decision_rules``: no
  decision was read);
- ``decision_score``: the score of the decision component's reading
  (``doc._.decision``: the rules' score, or the textcat's where the rules were
  unsure), compared at two decimals;
- ``uncertainty``: how unsure the trained names model (``names``) is about the names
  the rules do not find: the largest ``1 - |2p - 1|`` over its candidate spans that
  overlap no rule entity, ``p`` the probability of the candidate's best label (1 at
  p = 0.5, 0 where it is sure either way or has no such candidate).

A decision project (``--decisions``) orders by one priority (higher comes first)::

    priority = 2 * missed + (1 - round(decision_score, 2)) + uncertainty / 200

The score moves in steps of 0.01 and ``uncertainty / 200`` stays below 0.005, so
the order is: every missed item before any other, then ascending decision score,
then the larger uncertainty; equal priorities are ordered by a stable hash
(sha256 of ``file#item_id``), so the queue is the same on every run. The names
model runs only on the (missed, score) groups that reach into the queue: the
items of later groups can never rank above them. An entity-span project orders by
``uncertainty`` alone (``priority = uncertainty``), over every unannotated item: the
names the model is least sure of, where the rules found nothing, come first.

**The records pushed** are the item (``text[start:end]`` of the ingested document)
with the stand-off reference in meta: ``file`` (under ../shared/corpus),
``sha256`` of the ingested text, ``item_id`` (FirstAgenda's), ``number``,
``start``/``end`` (the item's offsets in the ingested text), ``why``
("active-learning") and the readings above with ``rank``. Pre-annotations come
from the pipeline: the decision component's type, or ``referat.load()``'s entities
on the item text.

**Pulled back** (``archive_rows``), each item becomes stand-off gold without text:
a decision row of ``annotations/greve/decisions.jsonl`` (file, sha256, item_id,
number, start, end, label, why, source), or for a span project one row per span
(same keys; ``start``/``end`` the span's offsets in the ingested text). An item
with one annotator is ``source: "single"``; with several who agree, ``"agreed"``;
annotators who disagree leave the item out, listed for adjudication.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from referat.annotations import greve
from referat.annotations.gold import DECISION_TYPES, ENTITY_LABELS, read_jsonl, span_problems
from referat.pipeline import load
from referat.pipeline.decision import context_of
from referat.pipeline.decisions import DecisionContext
from referat.pipeline.sections import item_doc

ACTIVE_LEARNING = "active-learning"
#: Decision scores are compared at this many decimals (textcat scores are continuous).
SCORE_DECIMALS = 2
#: The largest part the names model's uncertainty may add: below one step of the rounded score.
UNCERTAINTY_WEIGHT = 1 / 200
#: Meta keys of a pushed archive record that anchor it in ../shared (what `archive_rows` needs).
ANCHOR_KEYS = ("file", "sha256", "item_id", "start", "end")

Span = tuple[int, int, str]
#: The factories of the components that read an item's decision (what `read_decisions` runs).
DECISION_FACTORIES = ("referat_sections", "referat_decision")


# --------------------------------------------------------------------------- the priority


def priority(missed: bool, decision_score: float, uncertainty: float = 0.0) -> float:
    """One number for the decision queue's order (higher first): see the module doc."""
    score = min(1.0, max(0.0, round(float(decision_score), SCORE_DECIMALS)))
    spread = min(1.0, max(0.0, float(uncertainty)))
    return round(2.0 * bool(missed) + (1.0 - score) + spread * UNCERTAINTY_WEIGHT, 6)


def tie_key(file: str, item_id: str) -> str:
    """The stable hash that orders equal priorities."""
    return hashlib.sha256(f"{file}#{item_id}".encode("utf-8")).hexdigest()


def uncertainty(rules: Iterable[Span], scored: Iterable[tuple[int, int, str, float]]) -> float:
    """The names model's largest doubt about a candidate that overlaps no rule entity: 1 - |2p - 1|
    (character offsets; 0 without such a candidate)."""
    taken = [(int(s), int(e)) for s, e, _ in rules]
    doubts = [1.0 - abs(2.0 * float(p) - 1.0) for s, e, _, p in scored
              if not any(s < te and ts < e for ts, te in taken)]
    return round(max(doubts, default=0.0), 6)


@dataclass
class Candidate:
    """An unannotated archive item and the pipeline's readings of it (`context`: what the decision
    component read the decision from, set by `read_decisions`)."""

    ref: greve.ItemRef
    context: Optional[DecisionContext] = None
    missed: bool = False
    label: str = "NONE"
    decision_score: float = 1.0
    uncertainty: Optional[float] = None  # None: not computed (its group lies beyond the queue)

    @property
    def priority(self) -> float:
        return priority(self.missed, self.decision_score, self.uncertainty or 0.0)

    @property
    def tie(self) -> str:
        return tie_key(self.ref.file, self.ref.item_id)

    def group(self) -> tuple[bool, float]:
        """What orders before the names model's uncertainty: missed first, then ascending score."""
        return (not self.missed, round(self.decision_score, SCORE_DECIMALS))


def decision_components(nlp: Language) -> list[str]:
    """The pipeline's sections and decision components: all the decision reads is set by these (the
    decision component runs the textcat itself where the rules are unsure)."""
    names = [name for name in nlp.component_names if nlp.get_pipe_meta(name).factory in DECISION_FACTORIES]
    if not any(nlp.get_pipe_meta(name).factory == "referat_decision" for name in names):
        raise ValueError(f"the pipeline has no decision component (components: {', '.join(nlp.component_names)})")
    return names


def read_decisions(candidates: Sequence[Candidate], nlp: Language, docs: Iterable[Doc]) -> None:
    """Set `context`, `missed`, `label` and `decision_score` of each candidate from the pipeline's
    reading of its Doc (`docs`, one per candidate in order; `item_docs` for archive items): the Docs go
    through `nlp.pipe` with the components in `decision_components`, and the readings are what the
    decision component set (`doc._.decision`, `doc._.decision_rules`)."""
    names = decision_components(nlp)
    decision = next(nlp.get_pipe(n) for n in names if nlp.get_pipe_meta(n).factory == "referat_decision")
    threshold = float(getattr(decision, "threshold", 0.4))
    with nlp.select_pipes(enable=names):
        for candidate, doc in zip(candidates, nlp.pipe(docs), strict=True):
            context = context_of(doc)
            candidate.context = context or None
            label, score = doc._.decision
            candidate.label, candidate.decision_score = label, float(score)
            rules = doc._.decision_rules
            candidate.missed = rules is not None and rules[0] == "NONE" and float(rules[1]) < threshold


def item_docs(nlp: Language, candidates: Iterable[Candidate], shared: Path) -> Iterator[Doc]:
    """The Doc of each candidate's item as `extract()` builds it (`item_doc`): the item's text with the
    sections the ingestion found, its title and the body that met (text read from `shared`)."""
    for candidate in candidates:
        ref = candidate.ref
        doc = greve.ingested(ref.file, shared)
        item = next(i for i in doc.items if (int(i.start), int(i.end)) == (ref.start, ref.end))
        yield item_doc(nlp, doc.text, item, ref.start, ref.end, body=doc.meeting.body)


def rank(candidates: Iterable[Candidate], size: int,
         uncertainties: Callable[[list[Candidate]], list[float]]) -> list[Candidate]:
    """The first `size` candidates in the decision queue's order (module doc).

    `uncertainties(group)` gives the names model's uncertainty for each candidate of a group;
    it is called only for the groups that reach into the queue."""
    groups: dict[tuple[bool, float], list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[candidate.group()].append(candidate)
    chosen: list[Candidate] = []
    for key in sorted(groups):
        if len(chosen) >= size:
            break
        group = groups[key]
        for candidate, value in zip(group, uncertainties(group)):
            candidate.uncertainty = float(value)
        chosen += group
    chosen.sort(key=lambda c: (-c.priority, c.tie))
    return chosen[:size]


# --------------------------------------------------------------------------- entity readings


def entity_readings(nlp: Any, texts: Sequence[str]) -> list[tuple[list[Span], list[tuple[int, int, str, float]]]]:
    """(rule entities, the names model's scored candidates) of each text, in character offsets.

    The rules are the `entity_rules` component alone; the candidates are every span the `names`
    component's suggester proposes where the rules left the text, as in the pipeline, with its best
    label and that label's probability, before any threshold. The shared pipeline is not changed.
    Without a trained names model: no candidates."""
    components = set(nlp.component_names)
    rules = nlp.get_pipe("entity_rules") if "entity_rules" in components else None
    names = nlp.get_pipe("names") if "names" in components else None
    out = []
    for text in texts:
        doc = nlp.make_doc(text)
        spans = [s for s in rules.find(doc) if s.label_ in ENTITY_LABELS] if rules is not None else []
        doc.set_ents(spans)  # the names model reads what the rules left
        scored = names.candidates(doc) if names is not None and getattr(names, "labels", None) else []
        out.append(([(s.start_char, s.end_char, s.label_) for s in spans], scored))
    return out


# --------------------------------------------------------------------------- the archive queue


def document_id(file: str) -> str:
    """The document id of an archive file, as `greve.decision_records` names it."""
    return Path(file).with_suffix("").as_posix().replace("/", "__")


def annotated_items(gold: Path = greve.GREVE_DIR / "decisions.jsonl") -> set[tuple[str, str]]:
    """(file, item_id) of every item the archive's decision gold holds."""
    if not Path(gold).exists():
        return set()
    return {(row["file"], row["item_id"]) for row in read_jsonl(gold)}


def archive_candidates(archive: Path, annotated: set[tuple[str, str]]) -> list[Candidate]:
    """Every item of the archive (a FirstAgenda folder with manifest.json) not in `annotated`, with
    its reference (read from the archive); `read_decisions` gives it the pipeline's readings."""
    archive = Path(archive).resolve()
    shared = archive.parent
    out: list[Candidate] = []
    for record in json.loads((archive / "manifest.json").read_text(encoding="utf-8")):
        file = f"{archive.name}/{record['file']}"
        for ref in greve.item_refs(file, shared).values():
            if (file, ref.item_id) not in annotated:
                out.append(Candidate(ref))
    return out


@dataclass
class Queue:
    """The records to push and what they were chosen from."""

    records: list[dict]
    candidates: int
    missed: int
    compared: int  # candidates the names model read (the groups that reach into the queue)

    def summary(self) -> str:
        return (f"queue: {len(self.records)} of {self.candidates} unannotated items, highest priority first "
                f"({self.missed} without a decision read; the names model read {self.compared})")


def archive_queue(archive: Path, size: int, *, decisions: bool, preannotate: bool = True,
                  annotated: Optional[set[tuple[str, str]]] = None, nlp: Any = None) -> Queue:
    """The first `size` unannotated items of `archive` in active-learning order, as gold-format
    records for `push_decisions` (decisions) or `push_spans`, with their stand-off reference in meta."""
    archive = Path(archive).resolve()
    shared = archive.parent
    nlp = nlp if nlp is not None else load()
    candidates = archive_candidates(archive, annotated_items() if annotated is None else annotated)
    read_decisions(candidates, nlp, item_docs(nlp, candidates, shared))

    def texts(group: list[Candidate]) -> list[str]:
        return [greve.ingested(c.ref.file, shared).text[c.ref.start:c.ref.end] for c in group]

    def uncertainties(group: list[Candidate]) -> list[float]:
        return [uncertainty(r, scored) for r, scored in entity_readings(nlp, texts(group))]

    if decisions:
        chosen = rank(candidates, size, uncertainties)
        labels: list[Any] = [[c.label] if preannotate else [] for c in chosen]
    else:  # entity spans: the names the model is least sure of, over every unannotated item
        for candidate, value in zip(candidates, uncertainties(candidates)):
            candidate.uncertainty = value
        chosen = sorted(candidates, key=lambda c: (-(c.uncertainty or 0.0), c.tie))[:size]
        labels = [[] for _ in chosen]
        if preannotate:
            labels = [sorted([e.start_char, e.end_char, e.label_] for e in doc.ents if e.label_ in ENTITY_LABELS)
                      for doc in nlp.pipe(texts(chosen))]
    records = [_record(c, shared, n, label, decisions) for n, (c, label) in enumerate(zip(chosen, labels))]
    return Queue(records, len(candidates), sum(c.missed for c in candidates),
                 sum(c.uncertainty is not None for c in candidates))


def _record(c: Candidate, shared: Path, rank_: int, label: list, decisions: bool) -> dict:
    doc = greve.ingested(c.ref.file, shared)
    document = document_id(c.ref.file)
    record: dict[str, Any] = {
        "id": rank_, "text": doc.text[c.ref.start:c.ref.end], "document": document,
        "municipality": greve.MUNICIPALITY, "item": c.ref.number, "example_id": f"{document}#{c.ref.item_id}",
    }
    if decisions:
        context = c.context or DecisionContext(None, None)
        record.update({key: getattr(context, key) for key in
                       ("decision_text", "recommendation_text", "title", "competence_text", "body")})
    else:
        record.update({"segment": "item", "offset": c.ref.start})
    record.update({
        **c.ref.model_dump(), "why": ACTIVE_LEARNING, "rank": rank_,
        "priority": c.priority if decisions else (c.uncertainty or 0.0),
        "missed": c.missed, "decision_score": c.decision_score, "uncertainty": c.uncertainty or 0.0,
        "label": label, "Comments": [],
    })
    return record


# --------------------------------------------------------------------------- pulled -> stand-off gold


@dataclass
class ArchiveRows:
    """Stand-off gold rows from pulled records, and the items that could not become rows."""

    rows: list[dict] = field(default_factory=list)
    items: int = 0  # items written
    disagreements: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ignored: int = 0  # records without an archive reference (not pushed with --archive)

    def keys(self) -> set[tuple[str, str]]:
        return {(row["file"], row["item_id"]) for row in self.rows}


def is_archive_record(record: dict) -> bool:
    return all(record.get(key) is not None for key in ANCHOR_KEYS)


def archive_rows(records: Iterable[dict], *, why: str = ACTIVE_LEARNING) -> ArchiveRows:
    """Pulled records of archive items -> stand-off gold rows (no text): decision rows, or one
    row per span for a span project. Annotators of an item must agree (module doc)."""
    out = ArchiveRows()
    by_item: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for record in records:
        if is_archive_record(record):
            by_item[(record["file"], record["item_id"])].append(record)
        else:
            out.ignored += 1
    for key in sorted(by_item):
        group = by_item[key]
        first = group[0]
        where = f"{first['file']} item {first['item_id']} (example {first.get('example_id')})"
        wrong = [r for r in group if "text" in r and len(r["text"]) != int(r["end"]) - int(r["start"])]
        if wrong or len({(r["sha256"], int(r["start"]), int(r["end"])) for r in group}) > 1:
            out.problems.append(f"{where}: its text or offsets differ between records; not written")
            continue
        spans = any("segment" in r or "offset" in r for r in group)
        rows = _span_rows(group, where, why, out) if spans else _decision_rows(group, where, why, out)
        if rows is not None:
            out.rows += rows
            out.items += 1
    return out


def _anchor(record: dict) -> dict:
    return {"file": record["file"], "sha256": record["sha256"], "item_id": record["item_id"],
            "number": record.get("number"), "start": int(record["start"]), "end": int(record["end"])}


def _who(record: dict) -> str:
    return str(record.get("annotator") or "?")


def _decision_rows(group: list[dict], where: str, why: str, out: ArchiveRows) -> Optional[list[dict]]:
    labelled = [r for r in group if r.get("label")]
    if not labelled:
        out.problems.append(f"{where}: confirmed without a decision type; not written")
        return None
    many = [r for r in labelled if len(r["label"]) != 1]
    if many:
        out.problems.append(f"{where}: {_who(many[0])} chose {len(many[0]['label'])} types; not written")
        return None
    chosen = {r["label"][0] for r in labelled}
    if len(chosen) > 1:
        out.disagreements.append(f"{where}: " + ", ".join(f"{_who(r)} {r['label'][0]}" for r in labelled))
        return None
    row = greve.DecisionLabel(**_anchor(group[0]), label=chosen.pop(), why=why,
                              source="agreed" if len(labelled) > 1 else "single")
    return [row.model_dump()]


def _span_rows(group: list[dict], where: str, why: str, out: ArchiveRows) -> Optional[list[dict]]:
    problems = span_problems(group)
    if problems:
        out.problems += [f"{where}: {p.describe()}; not written" for p in problems]
        return None
    start = int(group[0]["start"])
    readings = {_who(r): {(start + int(s), start + int(e), lab) for s, e, lab in r.get("label") or []}
                for r in group}
    union = set().union(*readings.values())
    if any(spans != union for spans in readings.values()):
        out.disagreements.append(f"{where}: " + ", ".join(
            f"{who} {len(spans)} spans" for who, spans in sorted(readings.items())) + " (not the same)")
        return None
    source = "agreed" if len(readings) > 1 else "single"
    anchor = _anchor(group[0])
    return [{**anchor, "start": s, "end": e, "label": lab, "why": why, "source": source}
            for s, e, lab in sorted(union)]


def check_rows(rows: Iterable[dict], shared: Path = greve.SHARED_CORPUS) -> dict[tuple[str, str], str]:
    """(file, item_id) -> why, for the rows that do not anchor in ../shared: the sha256 of the
    ingested text differs, or the offsets are not the item's (decision rows) or lie outside it (span rows)."""
    problems: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (row["file"], row["item_id"])
        where = f"{row['file']} item {row['item_id']}"
        try:
            doc = greve.ingested(row["file"], shared)
            ref = greve.item_refs(row["file"], shared).get(row["item_id"])
        except (OSError, ValueError) as err:
            problems[key] = f"{where}: cannot be read from {shared} ({err})"
            continue
        if greve.text_sha256(doc.text) != row["sha256"]:
            problems[key] = f"{where}: the ingested text changed since it was pushed (sha256 differs)"
        elif ref is None:
            problems[key] = f"{where}: no such item in {row['file']}"
        elif row["label"] in DECISION_TYPES:
            if (ref.start, ref.end) != (row["start"], row["end"]):
                problems[key] = f"{where}: offsets [{row['start']}:{row['end']}] are not the item's"
        elif not ref.start <= row["start"] < row["end"] <= ref.end:
            problems[key] = f"{where}: span [{row['start']}:{row['end']}] lies outside the item"
    return problems


def merge_rows(path: Path, rows: Sequence[dict]) -> tuple[int, int]:
    """Append the rows of items that `path` does not hold yet (existing lines are never changed).
    Returns (rows added, items already there and skipped)."""
    path = Path(path)
    existing = {(row["file"], row["item_id"]) for row in read_jsonl(path)} if path.exists() else set()
    fresh = [row for row in rows if (row["file"], row["item_id"]) not in existing]
    skipped = len({(row["file"], row["item_id"]) for row in rows} & existing)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    with path.open("a", encoding="utf-8", newline="\n") as out:
        if text and not text.endswith("\n"):
            out.write("\n")
        for row in fresh:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(fresh), skipped
