"""The active-learning loop on the Greve archive against a real doccano 1.8.4 server.

push a queue of unannotated archive items (least sure first) -> the second user labels
some through doccano's REST API -> pull -> stand-off gold rows that anchor in ../shared
(sha256 recomputed, offsets an item's) and hold no text. The archive's text is read from
../shared at run time; nothing of it is written into the repository.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from referat.annotations import active, doccano, greve
from referat.cli import app
from referat.pipeline import load
from referat.pipeline.sections import item_doc

pytestmark = [pytest.mark.doccano, pytest.mark.slow]

QUEUE = 10
# What the second user chooses for the first examples of the queue, in queue order.
CHOICES = ["APPROVED", "NOTED", "REJECTED", "POSTPONED", "DISCUSSED", "NONE"]


@pytest.fixture(scope="module")
def archive(shared_dir) -> Path:
    return shared_dir("corpus") / "greve"


@pytest.fixture(scope="module")
def queue(archive) -> active.Queue:
    return active.archive_queue(archive, QUEUE, decisions=True)


def _client(server, who: str) -> doccano.DoccanoClient:
    user, password = server.admin if who == "admin" else server.annotator
    return doccano.connect(server.url, user, password)


def _no_text(rows: list[dict]) -> None:
    for row in rows:
        assert set(row) == {"file", "sha256", "item_id", "number", "start", "end", "label", "why", "source"}
        assert all(not isinstance(v, str) or len(v) <= 100 for v in row.values()), row


def test_the_queue_is_in_the_documented_order_and_deterministic(archive, queue) -> None:
    records = queue.records
    assert len(records) == QUEUE and queue.candidates > 4000
    gold = active.annotated_items()
    assert len(gold) >= 800
    assert not {(r["file"], r["item_id"]) for r in records} & gold  # only unannotated items
    # The priority is the documented combination of the three readings, highest first, ties by the hash.
    for r in records:
        assert r["priority"] == active.priority(r["missed"], r["decision_score"], r["uncertainty"])
    keys = [(-r["priority"], active.tie_key(r["file"], r["item_id"])) for r in records]
    assert keys == sorted(keys) and [r["rank"] for r in records] == list(range(QUEUE))
    # The readings are the whole pipeline's on the item's Doc, as extract() builds it: recomputed here from ../shared.
    nlp = load()
    threshold = nlp.get_pipe("decision").threshold
    for r in records:
        doc = greve.ingested(r["file"], archive.parent)
        item = next(i for i in doc.items if (i.start, i.end) == (r["start"], r["end"]))
        read = nlp(item_doc(nlp, doc.text, item, item.start, item.end, body=doc.meeting.body))
        rules = read._.decision_rules
        assert r["missed"] == bool(rules and rules[0] == "NONE" and rules[1] < threshold)
        assert read._.decision == (r["label"][0], r["decision_score"])
        assert r["text"] == doc.text[r["start"]:r["end"]]
    # No item left out of the queue ranks above its last one.
    candidates = active.archive_candidates(archive, gold)
    active.read_decisions(candidates, nlp, active.item_docs(nlp, candidates, archive.parent))
    last = records[-1]
    last_group = (not last["missed"], round(last["decision_score"], active.SCORE_DECIMALS))
    queued = {(r["file"], r["item_id"]) for r in records}
    rest = [c for c in candidates if (c.ref.file, c.ref.item_id) not in queued]
    assert all(c.group() >= last_group for c in rest)
    same = [c for c in rest if c.group() == last_group]
    texts = [greve.ingested(c.ref.file, archive.parent).text[c.ref.start:c.ref.end] for c in same]
    for c, (rules, scored) in zip(same, active.entity_readings(load(), texts)):
        c.uncertainty = active.uncertainty(rules, scored)
        assert (-c.priority, c.tie) > (-last["priority"], active.tie_key(last["file"], last["item_id"]))
    # The same queue again.
    again = active.archive_queue(archive, QUEUE, decisions=True)
    assert [(r["example_id"], r["priority"]) for r in again.records] == [(r["example_id"], r["priority"]) for r in records]


def test_decision_queue_push_annotate_pull_to_stand_off_gold(doccano_server, archive, queue, tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv(doccano.ENV_URL, doccano_server.url)
    monkeypatch.setenv(doccano.ENV_USER, doccano_server.admin[0])
    monkeypatch.setenv(doccano.ENV_PASSWORD, doccano_server.admin[1])
    name = "greve-al"
    pushed = runner.invoke(app, ["annotate", "push", "--archive", str(archive), "--queue", str(QUEUE),
                                 "--project", name, "--decisions", "-a", doccano_server.annotator[0]])
    assert pushed.exit_code == 0, pushed.output
    assert f"queue: {QUEUE} of {queue.candidates} unannotated items" in pushed.output
    assert f"{QUEUE} examples created" in pushed.output and f"{QUEUE} pre-annotations" in pushed.output

    # The examples are created in queue order and carry their stand-off reference in meta.
    admin = _client(doccano_server, "admin")
    project = doccano.find_project(admin, name)
    examples = sorted(admin.get_all(f"v1/projects/{project['id']}/examples"), key=lambda e: e["id"])
    assert [e["meta"]["example_id"] for e in examples] == [r["example_id"] for r in queue.records]
    for example, record in zip(examples, queue.records):
        assert {k: example["meta"][k] for k in active.ANCHOR_KEYS} == {k: record[k] for k in active.ANCHOR_KEYS}

    # The second user labels the first examples (one left confirmed without a type).
    anna = _client(doccano_server, "annotator")
    types = {t["text"]: t["id"] for t in anna.get(f"v1/projects/{project['id']}/category-types")}
    mine = doccano.existing_examples(anna, project)
    chosen = {}
    for record, label in zip(queue.records, CHOICES):
        anna.post(f"v1/projects/{project['id']}/examples/{mine[record['example_id']]['id']}/categories",
                  {"label": types[label]})
        chosen[(record["file"], record["item_id"])] = label
    empty = queue.records[len(CHOICES)]
    anna.post(f"v1/projects/{project['id']}/examples/{mine[empty['example_id']]['id']}/states", {})

    out = tmp_path / "al-decisions.jsonl"
    pulled_file = tmp_path / "pulled.jsonl"
    pulled = runner.invoke(app, ["annotate", "pull", "--project", name, "--exclude", doccano_server.admin[0],
                                 "--output", str(pulled_file), "--archive-gold", str(out)])
    assert pulled.exit_code == 0, pulled.output
    assert f"{len(CHOICES)} rows added for {len(CHOICES)} items" in pulled.output
    assert "confirmed without a decision type" in pulled.output

    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["file"], r["item_id"]): r["label"] for r in rows} == chosen
    _no_text(rows)
    texts = [json.loads(line)["text"] for line in pulled_file.read_text(encoding="utf-8").splitlines()]
    assert not any(t.strip() and t.strip() in out.read_text(encoding="utf-8") for t in texts)
    for row in rows:
        label = greve.DecisionLabel.model_validate(row)
        assert (label.why, label.source) == ("active-learning", "single")
        doc = greve.ingested(row["file"], archive.parent)
        assert greve.text_sha256(doc.text) == row["sha256"]  # recomputed from ../shared
        ref = greve.item_refs(row["file"], archive.parent)[row["item_id"]]
        assert (ref.start, ref.end, ref.number) == (row["start"], row["end"], row["number"])
    assert active.check_rows(rows, archive.parent) == {}
    # The rows make the gold records the rest of the project reads (text from ../shared).
    records = greve.decision_records([greve.DecisionLabel.model_validate(r) for r in rows], archive.parent)
    assert [r["label"][0] for r in records] == [r["label"] for r in rows]

    # Pulling again adds nothing; a drifted reference is refused.
    again = runner.invoke(app, ["annotate", "pull", "--project", name, "--exclude", doccano_server.admin[0],
                                "--archive-gold", str(out)])
    assert again.exit_code == 0 and "0 rows added" in again.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(rows)
    drifted = dict(rows[0], sha256="0" * 64)
    assert "sha256 differs" in active.check_rows([drifted], archive.parent)[(drifted["file"], drifted["item_id"])]


def test_span_queue_roundtrip_anchors_in_the_archive(doccano_server, archive, queue):
    admin = _client(doccano_server, "admin")
    spans = active.archive_queue(archive, 3, decisions=False)
    # a span project: the names the trained model is least sure of, where the rules found none, first
    keys = [(-r["priority"], active.tie_key(r["file"], r["item_id"])) for r in spans.records]
    assert keys == sorted(keys) and all(r["priority"] == r["uncertainty"] for r in spans.records)
    assert spans.records[0]["uncertainty"] > 0.5
    assert not {(r["file"], r["item_id"]) for r in spans.records} & active.annotated_items()
    assert all(r["segment"] == "item" and r["offset"] == r["start"] for r in spans.records)
    name = "greve-al-spans"
    report = doccano.push_spans(admin, spans.records, name, annotators=[doccano_server.annotator[0]])
    assert report.created == 3
    # The second user takes the pipeline's suggestions into their view and confirms every example.
    anna = _client(doccano_server, "annotator")
    doccano.push_spans(anna, spans.records, name)
    project = doccano.find_project(anna, name)
    for example in doccano.existing_examples(anna, project).values():
        anna.post(f"v1/projects/{project['id']}/examples/{example['id']}/states", {})

    pulled = [r for r in doccano.pull_spans(admin, name) if r["annotator"] == doccano_server.annotator[0]]
    assert len(pulled) == 3
    pushed = {r["example_id"]: r["label"] for r in spans.records}
    assert sum(len(r["label"]) for r in pulled) > 0
    assert all(r["label"] == pushed[r["example_id"]] for r in pulled)
    result = active.archive_rows(pulled)
    assert result.items == 3 and not result.disagreements and not result.problems
    assert len(result.rows) == sum(len(r["label"]) for r in pulled)
    assert active.check_rows(result.rows, archive.parent) == {}
    _no_text(result.rows)
    by_item = {r["item_id"]: r for r in pulled}
    for row in result.rows:
        record = by_item[row["item_id"]]
        doc = greve.ingested(row["file"], archive.parent)
        assert greve.text_sha256(doc.text) == row["sha256"]
        assert record["start"] <= row["start"] < row["end"] <= record["end"]
        local = [row["start"] - record["start"], row["end"] - record["start"], row["label"]]
        assert local in record["label"]
        assert doc.text[row["start"]:row["end"]] == record["text"][local[0]:local[1]]
