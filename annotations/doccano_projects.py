"""doccano projects: found or created by name with the annotators' guideline, their label
types (colours, shortcut keys) and members."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from referat.annotations.doccano_client import DoccanoClient, DoccanoError

SEQUENCE_LABELING = ("SequenceLabeling", "SequenceLabelingProject")
DOCUMENT_CLASSIFICATION = ("DocumentClassification", "TextClassificationProject")

GUIDELINES_PATH = Path(__file__).resolve().parent / "GUIDELINES.md"
DEFAULT_GUIDELINE = (
    "Mark every mention of AMOUNT (a sum of money), DATE (a point or period on the calendar), "
    "PARTY (a named organisation or political party acting in the matter) and PROJECT (a named "
    "project, initiative, programme or funding pool). Spans sit on whole words: never start or end "
    "inside a word; quotes, brackets and trailing punctuation stay outside. For decisions, choose the "
    "one decision type of the agenda item. The full scheme: annotation-scheme.md of the project."
)


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
