"""Pull: every annotator's spans or decision type, one gold-format record per example per annotator.

In a project without ``collaborative_annotation`` each annotator sees only their own
annotations, so ``pull`` (run by a project admin) switches the project to collaborative
for the seconds it reads and switches it back in a ``finally`` block.
"""
from __future__ import annotations

from typing import Any, Callable

from referat.annotations.doccano_client import DoccanoClient, DoccanoError
from referat.annotations.doccano_projects import DOCUMENT_CLASSIFICATION, SEQUENCE_LABELING, find_project, is_project_admin
from referat.annotations.doccano_push import from_doccano


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
