"""Push: gold-format records become doccano examples with pre-annotations, never duplicated.

Examples are matched by ``example_id`` in meta; pre-annotations (spans or a category)
are posted only where the current user has no annotation yet and has not confirmed
the example. doccano strips whitespace around an example's text, so push keeps it in
meta (``lead_ws``/``trail_ws``) and shifts span offsets; pull restores both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from referat.annotations.doccano_client import DoccanoClient, DoccanoError
from referat.annotations.doccano_projects import (
    DOCUMENT_CLASSIFICATION, SEQUENCE_LABELING, add_member, ensure_label_types, ensure_project, is_project_admin,
    load_guideline,
)
from referat.annotations.gold import span_problems
from referat.labels import DOCCANO_DECISION_STYLE, DOCCANO_SPAN_STYLE

# Keys of a record that are not stored in an example's meta.
_RECORD_KEYS = {"id", "text", "label", "Comments", "annotator"}
# doccano (Django REST framework) strips leading and trailing whitespace from an
# example's text. Segments tile the document, so they keep theirs: push stores
# the stripped whitespace in these meta keys and shifts span offsets; pull puts
# it back, so pulled records have the exact segment text and offsets.
LEAD_WS, TRAIL_WS = "lead_ws", "trail_ws"


@dataclass
class PushReport:
    project: dict
    created: int = 0
    existing: int = 0
    meta_updated: int = 0
    preannotated: int = 0
    annotations: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"project {self.project['name']!r} (id {self.project['id']}): {self.created} examples created, "
            f"{self.existing} already there ({self.meta_updated} meta updated), "
            f"{self.annotations} pre-annotations on {self.preannotated} examples"
        )
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflicts:\n  " + "\n  ".join(self.conflicts)
        return text


def record_meta(record: dict) -> dict:
    """The meta stored with a doccano example: every key but text, label, id, Comments, annotator."""
    return {k: v for k, v in record.items() if k not in _RECORD_KEYS}


def to_doccano(record: dict) -> tuple[str, dict, int]:
    """(text as doccano will store it, meta, shift to subtract from span offsets)."""
    text = record["text"]
    core = text.strip()
    lead = len(text) - len(text.lstrip())
    meta = {k: v for k, v in record_meta(record).items() if k not in (LEAD_WS, TRAIL_WS)}
    if lead:
        meta[LEAD_WS] = text[:lead]
    if core and len(core) + lead < len(text):
        meta[TRAIL_WS] = text[lead + len(core):]
    return core, meta, lead


def from_doccano(text: str, meta: dict) -> tuple[str, dict, int]:
    """(original segment text, meta without the whitespace keys, shift to add to span offsets).

    Also for records of doccano's own (Celery) JSONL export of pushed examples.
    """
    meta = dict(meta or {})
    lead = meta.pop(LEAD_WS, "") or ""
    trail = meta.pop(TRAIL_WS, "") or ""
    return lead + text + trail, meta, len(lead)


def normalize_export_record(record: dict) -> dict:
    """A record of doccano's own JSONL export, back in the exact gold shape (whitespace restored)."""
    meta = {k: v for k, v in record.items() if k not in _RECORD_KEYS}
    text, meta, shift = from_doccano(record["text"], meta)
    out = {k: v for k, v in record.items() if k in _RECORD_KEYS}
    out.update(meta)
    out["text"] = text
    labels = record.get("label") or []
    if labels and isinstance(labels[0], (list, tuple)):
        out["label"] = [[s + shift, e + shift, lab] for s, e, lab in labels]
    return out


def existing_examples(client: DoccanoClient, project: dict) -> dict[str, dict]:
    """example_id -> doccano example for every example of the project."""
    out: dict[str, dict] = {}
    for row in client.get_all(f"v1/projects/{project['id']}/examples"):
        key = (row.get("meta") or {}).get("example_id")
        if key:
            out[key] = row
    return out


def _push(
    client: DoccanoClient,
    records: Iterable[dict],
    project: dict,
    label_ids: dict[str, int],
    annotation_endpoint: str,
    to_payloads: Callable[[dict, dict[str, int]], list[dict]],
) -> PushReport:
    report = PushReport(project)
    pid = project["id"]
    admin = is_project_admin(client, project)
    have = existing_examples(client, project)
    seen: set[str] = set()
    for record in records:
        key = record.get("example_id")
        if not key:
            raise DoccanoError(f"record without example_id: {str(record)[:120]}")
        if key in seen:
            report.conflicts.append(f"{key}: given twice in this push; the second one is ignored")
            continue
        seen.add(key)
        text, meta, shift = to_doccano(record)
        if not text:
            report.conflicts.append(f"{key}: whitespace only, nothing to annotate; not pushed")
            continue
        payloads = to_payloads(record, label_ids)
        for payload in list(payloads):
            if "start_offset" in payload:
                payload["start_offset"] -= shift
                payload["end_offset"] -= shift
                if payload["start_offset"] < 0 or payload["end_offset"] > len(text):
                    report.conflicts.append(
                        f"{key}: span [{payload['start_offset'] + shift}:{payload['end_offset'] + shift}] lies "
                        "(partly) in the segment's leading or trailing whitespace; not pushed"
                    )
                    payloads.remove(payload)
        example = have.get(key)
        if example is None:
            if not admin:
                report.conflicts.append(f"{key}: not in the project and {client.username!r} is no project admin")
                continue
            example = client.post(f"v1/projects/{pid}/examples", {"text": text, "meta": meta})
            have[key] = example
            report.created += 1
            mine_done = False
        else:
            report.existing += 1
            if example.get("text") != text:
                report.conflicts.append(
                    f"{key}: the text in doccano differs from the text pushed now (document re-ingested?); "
                    "left untouched"
                )
                continue
            if admin and (example.get("meta") or {}) != meta:
                client.patch(f"v1/projects/{pid}/examples/{example['id']}", {"meta": meta})
                report.meta_updated += 1
            eid = example["id"]
            mine_done = bool(example.get("is_confirmed")) or bool(
                client.get(f"v1/projects/{pid}/examples/{eid}/{annotation_endpoint}")
            )
        if mine_done or not payloads:
            continue
        if annotation_endpoint == "spans":
            for problem in span_problems([record]):
                report.conflicts.append(f"pushed as it is, fix in doccano: {problem.describe()}")
        posted = 0
        for payload in payloads:
            try:
                client.post(f"v1/projects/{pid}/examples/{example['id']}/{annotation_endpoint}", payload)
                posted += 1
            except DoccanoError as err:  # e.g. overlapping spans: doccano refuses them
                report.conflicts.append(f"{key}: pre-annotation {payload} not accepted: {err}")
        report.preannotated += 1 if posted else 0
        report.annotations += posted
    return report


def _span_payloads(record: dict, label_ids: dict[str, int]) -> list[dict]:
    out = []
    for start, end, label in record.get("label") or []:
        if label not in label_ids:
            raise DoccanoError(f"{record.get('example_id')}: unknown label {label!r}")
        out.append({"label": label_ids[label], "start_offset": int(start), "end_offset": int(end)})
    return out


def _category_payloads(record: dict, label_ids: dict[str, int]) -> list[dict]:
    labels = record.get("label") or []
    if isinstance(labels, str):
        labels = [labels]
    out = []
    for label in labels[:1]:  # single-class projects keep one category per user
        if label not in label_ids:
            raise DoccanoError(f"{record.get('example_id')}: unknown decision type {label!r}")
        out.append({"label": label_ids[label]})
    return out


def push_spans(
    client: DoccanoClient,
    examples: Iterable[dict],
    project_name: str,
    guideline: Optional[str] = None,
    *,
    collaborative: bool = False,
    annotators: Sequence[str] = (),
) -> PushReport:
    """Create/update the sequence-labelling project and upload examples with pre-annotated spans.

    Re-running never duplicates: examples are matched by ``example_id`` in meta;
    pre-annotations are added only where the current user has no span yet.
    """
    project = ensure_project(
        client, project_name, SEQUENCE_LABELING, guideline or load_guideline(), collaborative=collaborative
    )
    label_ids = ensure_label_types(client, project, "span-types", DOCCANO_SPAN_STYLE)
    for name in annotators:
        add_member(client, project, name)
    return _push(client, examples, project, label_ids, "spans", _span_payloads)


def push_decisions(
    client: DoccanoClient,
    examples: Iterable[dict],
    project_name: str,
    guideline: Optional[str] = None,
    *,
    collaborative: bool = False,
    annotators: Sequence[str] = (),
) -> PushReport:
    """Create/update the document-classification project and upload items with a pre-annotated type."""
    project = ensure_project(
        client, project_name, DOCUMENT_CLASSIFICATION, guideline or load_guideline(), collaborative=collaborative
    )
    label_ids = ensure_label_types(client, project, "category-types", DOCCANO_DECISION_STYLE)
    for name in annotators:
        add_member(client, project, name)
    return _push(client, examples, project, label_ids, "categories", _category_payloads)
