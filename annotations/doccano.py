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

ENTITY_LABELS: tuple[str, ...] = ("AMOUNT", "DATE", "PARTY", "PROJECT")
DECISION_TYPES: tuple[str, ...] = (
    "APPROVED", "RECOMMENDED", "NOTED", "REJECTED", "POSTPONED", "REFERRED", "DISCUSSED", "NONE",
)

# Colours and shortcut keys of the label types shown in doccano.
SPAN_LABEL_STYLE: dict[str, tuple[str, str]] = {
    "AMOUNT": ("#2ca02c", "a"),
    "DATE": ("#1f77b4", "d"),
    "PARTY": ("#d62728", "p"),
    "PROJECT": ("#9467bd", "j"),
}
DECISION_STYLE: dict[str, tuple[str, str]] = {
    "APPROVED": ("#2ca02c", "a"),
    "RECOMMENDED": ("#98df8a", "r"),
    "NOTED": ("#1f77b4", "n"),
    "REJECTED": ("#d62728", "x"),
    "POSTPONED": ("#ff7f0e", "p"),
    "REFERRED": ("#9467bd", "f"),
    "DISCUSSED": ("#8c564b", "d"),
    "NONE": ("#7f7f7f", "0"),
}

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


class DoccanoError(Exception):
    """A problem talking to doccano, worded for the user (no traceback needed)."""


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
            raise DoccanoError(f"doccano at {self.url} cannot be reached ({type(err).__name__}).") from err
        if resp.status_code not in ok:
            detail = resp.text[:500]
            if resp.status_code in (401, 403):
                raise DoccanoError(
                    f"doccano refused {method} {path} for user {self.username!r} ({resp.status_code}): {detail}. "
                    "Is the user a member of the project with the right role?"
                )
            raise DoccanoError(f"doccano answered {resp.status_code} to {method} {path}: {detail}")
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
            f"doccano at {url} cannot be reached ({type(err).__name__}). Is the server running "
            f"(`doccano webserver --port PORT`) and is {ENV_URL} right?"
        ) from err
    if resp.status_code == 400:
        raise DoccanoError(f"doccano at {url} rejected the login of user {username!r}: wrong username or password.")
    if resp.status_code != 200:
        raise DoccanoError(
            f"{url} answered {resp.status_code} to the login: is it a doccano 1.8 server? {resp.text[:200]}"
        )
    try:
        key = resp.json()["key"]
    except (ValueError, KeyError) as err:
        raise DoccanoError(f"{url} answered the login without a token: is it a doccano 1.8 server?") from err
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
        meta = record_meta(record)
        payloads = to_payloads(record, label_ids)
        example = have.get(key)
        if example is None:
            if not admin:
                report.conflicts.append(f"{key}: not in the project and {client.username!r} is no project admin")
                continue
            example = client.post(f"v1/projects/{pid}/examples", {"text": record["text"], "meta": meta})
            have[key] = example
            report.created += 1
            mine_done = False
        else:
            report.existing += 1
            if example.get("text") != record["text"]:
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
    label_ids = ensure_label_types(client, project, "span-types", SPAN_LABEL_STYLE)
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
    label_ids = ensure_label_types(client, project, "category-types", DECISION_STYLE)
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
    names = {m["user"]: m["username"] for m in client.get_all(f"v1/projects/{project['id']}/members")}
    try:
        for user in client.get("v1/users", params={"project_id": project["id"]}):
            names.setdefault(user["id"], user["username"])
    except DoccanoError:
        pass
    return names


def _pull(client: DoccanoClient, project: dict, endpoint: str, to_label: Callable[[dict, dict[int, str]], Any]) -> list[dict]:
    pid = project["id"]
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

    was_collaborative = bool(project.get("collaborative_annotation"))
    switched = False
    if not was_collaborative:
        if not is_project_admin(client, project):
            raise DoccanoError(
                f"User {client.username!r} is no admin of project {project['name']!r}: only a project admin "
                "can read every annotator's annotations."
            )
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
            for uid in sorted(by_user):
                record: dict[str, Any] = {"id": eid, "text": example["text"]}
                record.update(example.get("meta") or {})
                record["label"] = to_label({"rows": by_user[uid]}, label_names)
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
            ([row["start_offset"], row["end_offset"], names.get(row["label"], str(row["label"]))] for row in group["rows"]),
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


@dataclass(frozen=True)
class SpanProblem:
    """A span that cannot become a spaCy span as it is: reported, never moved or dropped."""

    document: str
    example_id: str
    annotator: Optional[str]
    start: int  # offset in the example text
    end: int
    label: str
    surface: str
    reason: str
    offset: int = 0  # offset of the example text in the document

    def describe(self) -> str:
        who = f" by {self.annotator}" if self.annotator else ""
        return (
            f"{self.document} [{self.offset + self.start}:{self.offset + self.end}] "
            f"(example {self.example_id} [{self.start}:{self.end}]){who}: {self.label} {self.surface!r}: {self.reason}"
        )


class SpanBoundaryError(ValueError):
    """Raised with every problem span listed; ``.problems`` holds them."""

    def __init__(self, problems: list[SpanProblem]):
        self.problems = problems
        lines = [p.describe() for p in problems]
        super().__init__(f"{len(problems)} span(s) not on spaCy token boundaries:\n  " + "\n  ".join(lines))


def span_problems(records: Iterable[dict], nlp: Any = None) -> list[SpanProblem]:
    """Every span of the records that is out of range or not on spaCy Danish token boundaries."""
    return _to_docs(records, nlp)[1]


def records_to_docs(records: Iterable[dict], nlp: Any = None, strict: bool = True) -> list[Any]:
    """spaCy Docs (``doc.ents``) from span records, offsets kept exactly.

    With ``strict`` a SpanBoundaryError lists every span that does not sit on
    token boundaries (with document and offsets); otherwise those spans are
    left out of ``doc.ents`` and kept in ``doc.user_data["span_problems"]``.
    """
    docs, problems = _to_docs(records, nlp)
    if strict and problems:
        raise SpanBoundaryError(problems)
    return docs


def _to_docs(records: Iterable[dict], nlp: Any = None) -> tuple[list[Any], list[SpanProblem]]:
    import spacy
    from spacy.util import filter_spans

    nlp = nlp or spacy.blank("da")
    docs, problems = [], []
    for record in records:
        text = record["text"]
        doc = nlp.make_doc(text)
        ents, mine = [], []
        for start, end, label in record.get("label") or []:
            def problem(reason: str) -> SpanProblem:
                return SpanProblem(
                    document=str(record.get("document", "")), example_id=str(record.get("example_id", "")),
                    annotator=record.get("annotator"), start=start, end=end, label=label,
                    surface=text[max(start, 0):max(end, 0)], reason=reason, offset=int(record.get("offset") or 0),
                )
            if not (0 <= start < end <= len(text)):
                mine.append(problem(f"offsets out of range (text length {len(text)})"))
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:
                inner = doc.char_span(start, end, alignment_mode="contract")
                outer = doc.char_span(start, end, alignment_mode="expand")
                hint = f"tokens cover {outer.start_char}-{outer.end_char} {outer.text!r}" if outer is not None else ""
                if inner is not None and inner.text:
                    hint += f", inside: {inner.start_char}-{inner.end_char} {inner.text!r}"
                mine.append(problem(f"not on token boundaries ({hint})"))
                continue
            ents.append(span)
        kept = filter_spans(ents)
        for span in ents:
            if span not in kept:
                mine.append(problem_for(record, span, "overlaps another span"))
        doc.ents = sorted(kept, key=lambda s: s.start)
        doc.user_data["example_id"] = record.get("example_id")
        doc.user_data["document"] = record.get("document")
        doc.user_data["annotator"] = record.get("annotator")
        doc.user_data["span_problems"] = [p.describe() for p in mine]
        problems.extend(mine)
        docs.append(doc)
    return docs, problems


def problem_for(record: dict, span: Any, reason: str) -> SpanProblem:
    return SpanProblem(
        document=str(record.get("document", "")), example_id=str(record.get("example_id", "")),
        annotator=record.get("annotator"), start=span.start_char, end=span.end_char, label=span.label_,
        surface=span.text, reason=reason, offset=int(record.get("offset") or 0),
    )


# --------------------------------------------------------------------------- documents -> records


_ITEM_PATTERNS = (
    re.compile(r"^Punkt (\d+):[^\n]*$", re.M),
    re.compile(r"^(\d+)\. [^\n]*\([A-ZÆØÅ]{1,3}\)[ \t]*$", re.M),
)


def segment_text(doc_id: str, text: str) -> list[dict]:
    """Split a document into header, items and trailer segments (records without labels).

    Uses the corpus stage's ingestion/segmentation when it offers one
    (``referat.corpus.segment_items``); otherwise item headings are found
    with the two heading patterns of the seed minutes (``Punkt 11: ...`` and
    ``2. Title (O)``). Offsets are exact: ``text[offset:offset+len(seg)]``.
    """
    bounds = _item_bounds(text)
    segments: list[dict] = []
    if not bounds:
        return [_segment(doc_id, "header", None, text, 0, len(text))] if text.strip() else []
    if bounds[0][1] > 0 and text[: bounds[0][1]].strip():
        segments.append(_segment(doc_id, "header", None, text, 0, bounds[0][1]))
    for i, (number, start) in enumerate(bounds):
        end = bounds[i + 1][1] if i + 1 < len(bounds) else len(text)
        segments.append(_segment(doc_id, "item", number, text, start, end))
    return segments


def _item_bounds(text: str) -> list[tuple[int, int]]:
    try:  # the corpus stage's own item finder, if it exists
        from referat.corpus import segment_items  # type: ignore[attr-defined]

        return [(int(n), int(s)) for n, s in segment_items(text)]
    except Exception:  # noqa: BLE001 - optional collaborator; fall back to the patterns
        pass
    for pattern in _ITEM_PATTERNS:
        found = [(int(m.group(1)), m.start()) for m in pattern.finditer(text)]
        if len(found) >= 2:
            return found
    return []


def _segment(doc_id: str, kind: str, number: Optional[int], text: str, start: int, end: int) -> dict:
    # Trim surrounding whitespace but keep the offset exact.
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    name = f"{doc_id}#{kind}" if number is None else f"{doc_id}#item-{number}"
    return {
        "text": chunk, "document": doc_id, "segment": kind, "item": number, "offset": start + lead,
        "example_id": name, "label": [], "Comments": [],
    }


def read_document(path: Path) -> tuple[str, str]:
    """(document id, ingested text) of a minutes file, through the corpus stage's ingestion if present."""
    doc_id = path.stem
    try:
        from referat.corpus.ingest import ingest  # type: ignore[import-not-found]

        result = ingest(path)
        text = result if isinstance(result, str) else getattr(result, "text", None)
        if isinstance(text, str):
            return doc_id, text
    except ImportError:
        pass
    if path.suffix.lower() not in (".txt", ".md", ""):
        raise DoccanoError(f"{path}: only .txt minutes can be read until the ingestion stage exists.")
    return doc_id, path.read_text(encoding="utf-8")


def preannotator() -> Optional[Any]:
    """The current pipeline for pre-annotations (rules until a model exists), or None."""
    try:
        from referat.training.rules import rules_only_pipeline  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - the rules stage may not exist yet
        return None
    try:
        return rules_only_pipeline()
    except Exception:  # noqa: BLE001
        return None


def preannotate_spans(records: list[dict], nlp: Any) -> list[dict]:
    """Fill ``label`` of span records with the pipeline's entities (only those on the four labels)."""
    if nlp is None:
        return records
    for record in records:
        doc = nlp(record["text"])
        record["label"] = [
            [e.start_char, e.end_char, e.label_] for e in doc.ents if e.label_ in ENTITY_LABELS
        ]
    return records


def preannotate_decisions(records: list[dict], nlp: Any) -> list[dict]:
    """Fill ``label`` of decision records with the pipeline's best decision type, when it has one."""
    if nlp is None:
        return records
    for record in records:
        cats = {k: v for k, v in nlp(record["text"]).cats.items() if k in DECISION_TYPES}
        record["label"] = [max(cats, key=cats.get)] if cats else []
    return records


def span_records(paths: Sequence[Path], nlp: Any = None) -> list[dict]:
    """Segment records of minutes files; with ``nlp``, pre-annotated from a run on the whole document.

    Entities are mapped into the segments by offset; one that crosses a segment
    boundary is left out (pre-annotations are suggestions, the annotator adds it).
    """
    records: list[dict] = []
    for path in paths:
        doc_id, text = read_document(path)
        segments = segment_text(doc_id, text)
        if nlp is not None:
            ents = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents if e.label_ in ENTITY_LABELS]
            for seg in segments:
                lo, hi = seg["offset"], seg["offset"] + len(seg["text"])
                seg["label"] = [[s - lo, e - lo, label] for s, e, label in ents if lo <= s and e <= hi]
        records.extend(segments)
    for i, record in enumerate(records):
        record["id"] = i
    return records


def decision_records(span_recs: Sequence[dict]) -> list[dict]:
    out = []
    for rec in span_recs:
        if rec["segment"] != "item":
            continue
        out.append({
            "id": len(out), "text": rec["text"], "document": rec["document"], "item": rec["item"],
            "example_id": rec["example_id"], "label": [], "Comments": [],
        })
    return out
