"""The doccano loop: push segments with pre-annotations, pull every annotator's work.

Target: the doccano 1.8 server (``pip install doccano==1.8.4`` in a virtual
environment of its own, ``make doccano-env``).

Client choice: raw REST over ``requests``, not doccano-client.
  * doccano-client 1.2.8, the release written for server 1.8, pins
    ``pydantic<2`` (and, through requests-toolbelt, ``urllib3<2``); referat's
    schema is pydantic 2, so it cannot live in the main environment.
  * doccano-client 1.1.1, what pip picks beside pydantic 2, is a thin wrapper
    that returns raw ``Response`` objects, defaults ``create_project`` to
    ``resourcetype=TextClassificationProject`` (a sequence-labelling project
    then comes out wrong), and has no calls for members, categories or
    example states, so we would still be writing REST calls by hand.
  * The dozen endpoints used here are small and stable in 1.8 (read from the
    server's source: backend/projects, examples, labels, label_types, users),
    so one ``requests.Session`` with token authentication is the smallest
    dependable layer, and it needs nothing beyond ``requests``.
  * Only REST endpoints that work without a Celery worker are used: no file
    upload, no export. Examples are created one by one, pre-annotations are
    posted as spans/categories, and pull reads spans/categories per example.
  * doccano strips whitespace around an example's text (DRF CharField); the
    segments of the gold format tile the document and keep theirs, so push
    stores it in meta (``lead_ws``/``trail_ws``) and shifts offsets, and pull
    restores text and offsets exactly.

How doccano 1.8 stores annotations, and what follows from it:
  * Every span/category belongs to the user who created it. In a project with
    ``collaborative_annotation`` off (the default here: independent passes),
    each annotator sees only their own annotations. Pre-annotations posted by
    ``push`` therefore belong to the user who runs ``push``. An annotator who
    wants the pipeline's suggestions in their own view runs ``push`` once with
    their own credentials: examples are matched by ``example_id`` and never
    duplicated, and pre-annotations are only added to examples where that user
    has no annotation yet and has not confirmed the example.
  * The span list of an example returns only the caller's spans unless the
    project is collaborative. ``pull`` (run by a project admin) therefore
    switches the project to collaborative for the seconds it reads, and
    switches it back in a ``finally`` block. Annotators who load an example
    during those seconds may see the others' spans.

Server URL and credentials come only from the environment
(``REFERAT_DOCCANO_URL``, ``REFERAT_DOCCANO_USER``, ``REFERAT_DOCCANO_PASSWORD``)
or from an interactive prompt: never from a file in the repository.

Records are doccano's own JSONL export format (meta keys at top level), the
format of the gold corpus:

    spans:     {"id", "text", "document", "segment", "item", "offset",
                "example_id", "label": [[start, end, "LABEL"], ...], "Comments": []}
    decisions: {"id", "text", "document", "item", "example_id",
                "label": ["NOTED"], "Comments": []}

Records pulled from doccano carry one more key, ``"annotator"`` (a username).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from referat.schema import DECISION_TYPES, ENTITY_LABELS
from referat.annotations import gold
from referat.annotations.doccano_client import (
    ENV_PASSWORD, ENV_URL, ENV_USER, DoccanoClient, DoccanoError, connect, connect_from_env, credentials, safe_url,
)
from referat.annotations.doccano_projects import (
    DEFAULT_GUIDELINE, DOCUMENT_CLASSIFICATION, GUIDELINES_PATH, SEQUENCE_LABELING, add_member, ensure_label_types,
    ensure_project, find_project, is_project_admin, load_guideline,
)
from referat.annotations.doccano_pull import pull_decisions, pull_spans
from referat.annotations.doccano_push import (
    LEAD_WS, TRAIL_WS, PushReport, existing_examples, from_doccano, normalize_export_record, push_decisions,
    push_spans, record_meta, to_doccano,
)
from referat.corpus.ingest import ingest
from referat.errors import ReferatError
from referat.pipeline import load
from referat.pipeline.sections import item_doc

# The client, projects, push and pull live in doccano_client.py, doccano_projects.py,
# doccano_push.py and doccano_pull.py; the names above keep them importable from here.
__all__ = [
    "DECISION_TYPES", "DEFAULT_GUIDELINE", "DOCUMENT_CLASSIFICATION", "DoccanoClient", "DoccanoError", "ENTITY_LABELS",
    "ENV_PASSWORD", "ENV_URL", "ENV_USER", "GUIDELINES_PATH", "LEAD_WS", "PushReport", "SEQUENCE_LABELING",
    "SpanBoundaryError", "SpanProblem", "TRAIL_WS", "add_member", "connect", "connect_from_env", "credentials",
    "decision_preannotator", "decision_records", "document_records", "ensure_label_types", "ensure_project",
    "existing_examples", "file_records", "find_project", "from_doccano", "is_project_admin", "load_guideline",
    "normalize_export_record", "preannotator", "pull_decisions", "pull_spans", "push_decisions", "push_spans",
    "read_document", "record_meta", "records_to_docs", "safe_url", "span_problems", "span_records", "to_doccano",
]


# --------------------------------------------------------------------------- spans -> spaCy
# One implementation for gold and doccano records: annotations/gold.py.

SpanProblem = gold.SpanProblem
SpanBoundaryError = gold.GoldAlignmentError


def span_problems(records: Iterable[dict], nlp: Any = None) -> list[SpanProblem]:
    """Every span that is out of range, overlapping or not on spaCy Danish token boundaries,
    with document, example id, annotator and offsets (segment and document)."""
    return gold.span_problems(records, nlp)


def records_to_docs(records: Iterable[dict], nlp: Any = None, strict: bool = True) -> Any:
    """spaCy Docs (``doc.ents``) from span records, offsets kept exactly (``gold.to_spacy_docs``).

    With ``strict`` a SpanBoundaryError lists every problem span; otherwise
    ``(docs, problems)`` is returned and a record with a problem has no ents,
    so nothing is silently dropped or moved.
    """
    return gold.to_spacy_docs(records, nlp, strict=strict)


# --------------------------------------------------------------------------- documents -> records


def document_records(
    doc_id: str, text: str, ingested: Any, spans: Sequence[Sequence] = (), decide: Optional[Callable] = None,
) -> tuple[list[dict], list[dict]]:
    """Gold-format (segment records, decision records) of one document.

    Segments (header, items, trailer) tile the text, as ``gold.build_records``
    makes them. ``spans`` are pre-annotations (start, end, label) in document
    offsets; one that crosses a segment boundary is left out (a suggestion
    only). ``decide(item, ingested)`` gives an item's pre-annotated decision type.
    """
    segments = gold.segments_for(ingested)
    inside = [
        s for s in spans
        if any(seg.start <= int(s[0]) < int(s[1]) <= seg.end for seg in segments)
    ]
    placeholder = {seg.example_id(doc_id): "NONE" for seg in segments if seg.kind == "item"}
    entity_recs, decision_recs = gold.build_records(
        doc_id, text, inside, placeholder, ingested=ingested,
    )
    items = {int(it.start): it for it in (getattr(ingested, "items", None) or [])}
    starts = {seg.example_id(doc_id): seg.start for seg in segments}
    for rec in decision_recs:
        item = items.get(starts.get(rec["example_id"], -1))
        label = None
        if decide is not None and item is not None:
            label = decide(item, ingested)
        rec["label"] = [label] if label in DECISION_TYPES else []
    return entity_recs, decision_recs


def read_document(path: Path) -> tuple[str, str, Any]:
    """(document id, ingested text, ingested document or None) of a minutes file.

    Read by the ingestion stage (``referat.corpus.ingest``), as extraction reads it.
    """
    try:
        result = ingest(path)
    except ReferatError as err:
        raise DoccanoError(err.describe()) from err
    return path.stem, result.text, result


def preannotator() -> Any:
    """The current pipeline (`referat.load()`: the shipped default) for pre-annotations."""
    return load()


def decision_preannotator() -> Callable[[Any, Any], Optional[str]]:
    """``decide(item, ingested)``: the decision the current pipeline (`referat.load()`) gives the item,
    through the pipeline as `extract()` runs it (the item's Doc with the sections ingestion found)."""
    nlp = load()

    def decide(item: Any, ingested: Any) -> Optional[str]:
        body = getattr(getattr(ingested, "meeting", None), "body", None)
        return nlp(item_doc(nlp, ingested.text, item, item.start, item.end, body=body))._.decision[0]

    return decide


def file_records(paths: Sequence[Path], nlp: Any = None, decide: Optional[Callable] = None) -> tuple[list[dict], list[dict]]:
    """(segment records, decision records) of minutes files, pre-annotated when given a pipeline.

    ``nlp`` runs on the whole document; its entities are mapped into the segments.
    """
    spans_out: list[dict] = []
    decisions_out: list[dict] = []
    for path in paths:
        doc_id, text, ingested = read_document(path)
        spans = []
        if nlp is not None:
            spans = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents if e.label_ in ENTITY_LABELS]
        ents, decs = document_records(doc_id, text, ingested, spans, decide)
        spans_out.extend(ents)
        decisions_out.extend(decs)
    return gold.renumber(spans_out), gold.renumber(decisions_out)


def span_records(paths: Sequence[Path], nlp: Any = None) -> list[dict]:
    """Segment records of minutes files (see ``file_records``)."""
    return file_records(paths, nlp)[0]


def decision_records(span_recs: Sequence[dict]) -> list[dict]:
    """Decision records (gold format, no label yet) for the item segments among span records."""
    out = []
    for rec in span_recs:
        if rec.get("segment") != "item":
            continue
        out.append({
            "id": len(out), "text": rec["text"], "document": rec["document"],
            "municipality": rec.get("municipality"), "item": rec["item"],
            "example_id": rec["example_id"], "label": [], "Comments": [],
        })
    return out
