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

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

import requests

from referat.schema import DECISION_TYPES, ENTITY_LABELS
from referat.annotations import gold
from referat.corpus.ingest import ingest
from referat.errors import ReferatError
from referat.pipeline import load
from referat.labels import DOCCANO_DECISION_STYLE, DOCCANO_SPAN_STYLE
from referat.pipeline.sections import item_doc


SEQUENCE_LABELING = ("SequenceLabeling", "SequenceLabelingProject")
DOCUMENT_CLASSIFICATION = ("DocumentClassification", "TextClassificationProject")

ENV_URL = "REFERAT_DOCCANO_URL"
ENV_USER = "REFERAT_DOCCANO_USER"
ENV_PASSWORD = "REFERAT_DOCCANO_PASSWORD"

GUIDELINES_PATH = Path(__file__).resolve().parent / "GUIDELINES.md"
DEFAULT_GUIDELINE = (
    "Mark every mention of AMOUNT (a sum of money), DATE (a point or period on the calendar), "
    "PARTY (a named organisation or political party acting in the matter) and PROJECT (a named "
    "project, initiative, programme or funding pool). Spans sit on whole words: never start or end "
    "inside a word; quotes, brackets and trailing punctuation stay outside. For decisions, choose the "
    "one decision type of the agenda item. The full scheme: annotation-scheme.md of the project."
)

# Keys of a record that are not stored in an example's meta.
_RECORD_KEYS = {"id", "text", "label", "Comments", "annotator"}
# doccano (Django REST framework) strips leading and trailing whitespace from an
# example's text. Segments tile the document, so they keep theirs: push stores
# the stripped whitespace in these meta keys and shifts span offsets; pull puts
# it back, so pulled records have the exact segment text and offsets.
LEAD_WS, TRAIL_WS = "lead_ws", "trail_ws"


class DoccanoError(Exception):
    """A problem talking to doccano, worded for the user (no traceback needed)."""


def safe_url(url: str) -> str:
    """`url` without a user name or password in it (`http://user:secret@host` -> `http://host`): for messages."""
    return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", r"\1", url)


def _answer(resp: Any) -> str:
    """What a failed response says, for a message: a short JSON `detail`, else only the status.

    A server's error page (HTML, a proxy's page, a stack trace) is never echoed."""
    status = f"{resp.status_code} {getattr(resp, 'reason', '') or ''}".strip()
    if "json" in (resp.headers.get("Content-Type") or "").lower():
        try:
            data = resp.json()
        except ValueError:
            return status
        detail = data.get("detail") if isinstance(data, dict) else None
        if isinstance(detail, str) and detail:
            return f"{status}: {detail[:200]}"
    return status


# --------------------------------------------------------------------------- client


class DoccanoClient:
    """An authenticated session against one doccano 1.8 server."""

    def __init__(self, url: str, session: requests.Session, me: dict[str, Any], timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.session = session
        self.me = me
        self.timeout = timeout

    @property
    def username(self) -> str:
        return self.me.get("username", "")

    @property
    def user_id(self) -> int:
        return int(self.me["id"])

    def request(self, method: str, path: str, ok: Sequence[int] = (200, 201, 204), **kwargs: Any) -> Any:
        url = f"{self.url}/{path.lstrip('/')}"
        try:
            resp = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as err:
            raise DoccanoError(f"doccano at {safe_url(self.url)} cannot be reached ({type(err).__name__}).") from None
        if resp.status_code not in ok:
            if resp.status_code in (401, 403):
                raise DoccanoError(
                    f"doccano refused {method} {path} for user {self.username!r} ({_answer(resp)}). "
                    "Is the user a member of the project with the right role?"
                )
            raise DoccanoError(f"doccano answered {_answer(resp)} to {method} {path}.")
        if resp.status_code == 204 or not resp.content:
            return None
        return resp.json()

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: Any, **kw: Any) -> Any:
        return self.request("POST", path, json=data, **kw)

    def patch(self, path: str, data: Any, **kw: Any) -> Any:
        return self.request("PATCH", path, json=data, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)

    def get_all(self, path: str, params: Optional[dict[str, Any]] = None, page: int = 500) -> list[dict]:
        """Every row of a paginated (limit/offset) list endpoint."""
        rows: list[dict] = []
        offset = 0
        while True:
            data = self.get(path, params={**(params or {}), "limit": page, "offset": offset})
            if isinstance(data, list):  # endpoint without pagination
                return data
            rows.extend(data["results"])
            if not data.get("next"):
                return rows
            offset += page


def connect(url: Optional[str], username: Optional[str], password: Optional[str], timeout: float = 30.0) -> DoccanoClient:
    """Log in to doccano and return a client; raise DoccanoError with a clear message."""
    if not url:
        raise DoccanoError(f"No doccano URL: set {ENV_URL} (for example http://127.0.0.1:8000).")
    if not username or password is None:
        raise DoccanoError(f"No doccano credentials: set {ENV_USER} and {ENV_PASSWORD}, or answer the prompt.")
    url = url.rstrip("/")
    if not re.match(r"^https?://", url):
        url = "http://" + url
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    try:
        resp = session.post(f"{url}/v1/auth/login/", json={"username": username, "password": password}, timeout=timeout)
    except requests.RequestException as err:
        raise DoccanoError(
            f"doccano at {safe_url(url)} cannot be reached ({type(err).__name__}). Is the server running "
            f"(`doccano webserver --port PORT`) and is {ENV_URL} right?"
        ) from None
    if resp.status_code == 400:
        raise DoccanoError(f"doccano at {safe_url(url)} rejected the login of user {username!r}: wrong username or password.")
    if resp.status_code != 200:
        raise DoccanoError(f"{safe_url(url)} answered {_answer(resp)} to the login: is it a doccano 1.8 server?")
    try:
        key = resp.json()["key"]
    except (ValueError, KeyError, TypeError):
        raise DoccanoError(f"{safe_url(url)} answered the login without a token: is it a doccano 1.8 server?") from None
    # Token authentication: no session cookie, so no CSRF token is needed.
    session.cookies.clear()
    session.headers["Authorization"] = f"Token {key}"
    client = DoccanoClient(url, session, {}, timeout)
    client.me = client.get("v1/me")
    return client


def credentials(prompt: bool = True) -> tuple[str, str, str]:
    """URL, username and password from the environment, else asked interactively."""
    url = os.environ.get(ENV_URL, "")
    user = os.environ.get(ENV_USER, "")
    password = os.environ.get(ENV_PASSWORD)
    if prompt:
        import typer

        if not url:
            url = typer.prompt("doccano URL", default="http://127.0.0.1:8000")
        if not user:
            user = typer.prompt("doccano username")
        if password is None:
            password = typer.prompt("doccano password", hide_input=True)
    return url, user, password or ""


def connect_from_env(prompt: bool = True) -> DoccanoClient:
    return connect(*credentials(prompt))


# --------------------------------------------------------------------------- projects


def load_guideline(path: Path = GUIDELINES_PATH) -> str:
    """The annotators' guideline: annotations/GUIDELINES.md if present, else a short text."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return DEFAULT_GUIDELINE
    return text or DEFAULT_GUIDELINE


def find_project(client: DoccanoClient, name: str) -> Optional[dict]:
    for project in client.get_all("v1/projects", params={"q": name}):
        if project.get("name") == name:
            return project
    return None


def ensure_project(
    client: DoccanoClient,
    name: str,
    kind: tuple[str, str],
    guideline: str,
    *,
    collaborative: bool = False,
    description: str = "",
) -> dict:
    """Find the project by name (checking its type) or create it; keep its guideline current."""
    project_type, resourcetype = kind
    project = find_project(client, name)
    if project is None:
        if not client.me.get("is_staff"):
            raise DoccanoError(
                f"Project {name!r} does not exist and user {client.username!r} may not create projects "
                "(only staff users can): ask the doccano admin to run push first."
            )
        payload = {
            "name": name,
            "description": description or f"referat {project_type} project",
            "guideline": guideline,
            "project_type": project_type,
            "resourcetype": resourcetype,
            "collaborative_annotation": collaborative,
            "random_order": False,
        }
        if kind == SEQUENCE_LABELING:
            payload.update({"allow_overlapping": False, "grapheme_mode": False, "use_relation": False})
        else:
            payload["single_class_classification"] = True
        return client.post("v1/projects", payload)
    if project.get("project_type") != project_type:
        raise DoccanoError(
            f"Project {name!r} exists but is a {project.get('project_type')} project, not {project_type}: "
            "choose another --project name."
        )
    if is_project_admin(client, project) and project.get("guideline") != guideline:
        project = client.patch(f"v1/projects/{project['id']}", {"guideline": guideline, "resourcetype": resourcetype})
    return project


def is_project_admin(client: DoccanoClient, project: dict) -> bool:
    if client.me.get("is_superuser"):
        return True
    role = client.get(f"v1/projects/{project['id']}/my-role")
    return (role or {}).get("rolename") == "project_admin"


def ensure_label_types(
    client: DoccanoClient, project: dict, endpoint: str, styles: dict[str, tuple[str, str]]
) -> dict[str, int]:
    """Create the missing label types (with colours and shortcut keys); return name -> id."""
    path = f"v1/projects/{project['id']}/{endpoint}"
    existing = {row["text"]: row for row in client.get_all(path)}
    admin = is_project_admin(client, project)
    used_keys = {row.get("suffix_key") for row in existing.values()}
    for name, (colour, key) in styles.items():
        if name in existing:
            continue
        if not admin:
            raise DoccanoError(f"Label {name!r} is missing in project {project['name']!r}; a project admin must push first.")
        payload = {"text": name, "background_color": colour, "text_color": "#ffffff"}
        if key not in used_keys:
            payload["suffix_key"] = key
            used_keys.add(key)
        existing[name] = client.post(path, payload)
    return {name: row["id"] for name, row in existing.items()}


def add_member(client: DoccanoClient, project: dict, username: str, role: str = "annotator") -> None:
    """Make a user a member of the project (no-op if already one)."""
    pid = project["id"]
    members = client.get_all(f"v1/projects/{pid}/members")
    if any(m.get("username") == username for m in members):
        return
    users = client.get("v1/users", params={"q": username, "project_id": pid})
    user = next((u for u in users if u.get("username") == username), None)
    if user is None:
        raise DoccanoError(f"No doccano user {username!r}: create it first (doccano admin page, Users).")
    roles = {r["name"]: r["id"] for r in client.get("v1/roles")}
    if role not in roles:
        raise DoccanoError(f"No role {role!r} in doccano; roles: {', '.join(roles)}")
    client.post(f"v1/projects/{pid}/members", {"user": user["id"], "role": roles[role]})


# --------------------------------------------------------------------------- push


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


# --------------------------------------------------------------------------- pull


def _require_project(client: DoccanoClient, name: str, kind: tuple[str, str]) -> dict:
    project = find_project(client, name)
    if project is None:
        raise DoccanoError(f"No doccano project {name!r} visible to user {client.username!r}.")
    if project.get("project_type") != kind[0]:
        raise DoccanoError(f"Project {name!r} is a {project.get('project_type')} project, not {kind[0]}.")
    return project


def _usernames(client: DoccanoClient, project: dict) -> dict[int, str]:
    names = {client.user_id: client.username}
    try:
        for m in client.get_all(f"v1/projects/{project['id']}/members"):
            names[m["user"]] = m["username"]
        for user in client.get("v1/users", params={"project_id": project["id"]}):
            names.setdefault(user["id"], user["username"])
    except DoccanoError:  # annotators may not list members: ids stand in for names
        pass
    return names


def _pull(client: DoccanoClient, project: dict, endpoint: str, to_label: Callable[[dict, dict[int, str]], Any]) -> list[dict]:
    pid = project["id"]
    was_collaborative = bool(project.get("collaborative_annotation"))
    if not was_collaborative and not is_project_admin(client, project):
        raise DoccanoError(
            f"User {client.username!r} is no admin of project {project['name']!r}: only a project admin "
            "can read every annotator's annotations."
        )
    resourcetype = project.get("resourcetype") or (
        SEQUENCE_LABELING[1] if project.get("project_type") == SEQUENCE_LABELING[0] else DOCUMENT_CLASSIFICATION[1]
    )
    label_names = {
        row["id"]: row["text"]
        for row in client.get_all(f"v1/projects/{pid}/{'span-types' if endpoint == 'spans' else 'category-types'}")
    }
    users = _usernames(client, project)
    comments: dict[tuple[int, int], list[str]] = {}
    for c in client.get_all(f"v1/projects/{pid}/comments"):
        comments.setdefault((c["example"], c["user"]), []).append(c["text"])

    switched = False
    if not was_collaborative:
        client.patch(f"v1/projects/{pid}", {"collaborative_annotation": True, "resourcetype": resourcetype})
        switched = True
    records: list[dict] = []
    try:
        for example in client.get_all(f"v1/projects/{pid}/examples"):
            eid = example["id"]
            by_user: dict[int, list[dict]] = {}
            for ann in client.get_all(f"v1/projects/{pid}/examples/{eid}/{endpoint}"):
                by_user.setdefault(ann["user"], []).append(ann)
            for state in client.get_all(f"v1/projects/{pid}/examples/{eid}/states"):
                by_user.setdefault(state["confirmed_by"], [])
            text, meta, shift = from_doccano(example["text"], example.get("meta") or {})
            for uid in sorted(by_user):
                record: dict[str, Any] = {"id": eid, "text": text}
                record.update(meta)
                record["label"] = to_label({"rows": by_user[uid], "shift": shift}, label_names)
                record["Comments"] = sorted(comments.get((eid, uid), []))
                record["annotator"] = users.get(uid, f"user-{uid}")
                records.append(record)
    finally:
        if switched:
            client.patch(f"v1/projects/{pid}", {"collaborative_annotation": False, "resourcetype": resourcetype})
    return records


def pull_spans(client: DoccanoClient, project_name: str) -> list[dict]:
    """Every annotator's spans: one gold-format record per example per annotator.

    An annotator appears for an example when they have a span on it or have
    confirmed it (a confirmed example without spans is an explicit "nothing").
    """
    project = _require_project(client, project_name, SEQUENCE_LABELING)

    def spans(group: dict, names: dict[int, str]) -> list[list]:
        return sorted(
            (
                [row["start_offset"] + group["shift"], row["end_offset"] + group["shift"],
                 names.get(row["label"], str(row["label"]))]
                for row in group["rows"]
            ),
            key=lambda s: (s[0], s[1], s[2]),
        )

    return _pull(client, project, "spans", spans)


def pull_decisions(client: DoccanoClient, project_name: str) -> list[dict]:
    """Every annotator's decision type: one gold-format record per item per annotator."""
    project = _require_project(client, project_name, DOCUMENT_CLASSIFICATION)

    def categories(group: dict, names: dict[int, str]) -> list[str]:
        return sorted({names.get(row["label"], str(row["label"])) for row in group["rows"]})

    return _pull(client, project, "categories", categories)


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
