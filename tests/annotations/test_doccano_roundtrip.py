"""The doccano loop against a real doccano 1.8.4 server (started by the fixture).

push (admin, with pre-annotations) -> push again (no duplicates) -> the second
user pulls the pre-annotations into their own view, removes and adds spans and
sets a decision type through the API -> pull (admin) -> spaCy Docs: every span
comes back character for character; a span off the token boundaries is reported.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from referat.annotations import doccano

pytestmark = pytest.mark.doccano

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "corpus" / "raw"
DOC = "herlev-amu-2025-02-26"

# Real mentions in the Herlev minutes (surface, label); every occurrence is pre-annotated.
MENTIONS = [
    ("foråret 2024", "DATE"),
    ("december 2026", "DATE"),
    ("Herlev Kommune", "PARTY"),
    ("STAR", "PARTY"),
    ("Psykiatrisk Center Ballerup", "PARTY"),
    ("IPS-projektet", "PROJECT"),
    ("Senior Advisory Board", "PROJECT"),
    ("30.000 kr.", "AMOUNT"),
]


def _records() -> list[dict]:
    doc_id, text, _ = doccano.read_document(RAW / f"{DOC}.txt")
    assert doc_id == DOC
    records = doccano.span_records([RAW / f"{DOC}.txt"])
    for rec in records:
        spans = []
        for surface, label in MENTIONS:
            for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", rec["text"]):
                spans.append([m.start(), m.end(), label])
        rec["label"] = sorted(spans)
        # the segment is the document text at its offset
        assert text[rec["offset"]:rec["offset"] + len(rec["text"])] == rec["text"]
    return records


@pytest.fixture(scope="module")
def records() -> list[dict]:
    recs = _records()
    assert sum(len(r["label"]) for r in recs) >= 10
    assert not doccano.span_problems(recs)
    return recs


def _client(server, who: str) -> doccano.DoccanoClient:
    user, password = server.admin if who == "admin" else server.annotator
    return doccano.connect(server.url, user, password)


def _count_examples(client, project_name: str) -> int:
    project = doccano.find_project(client, project_name)
    return client.get(f"v1/projects/{project['id']}/examples", params={"limit": 1})["count"]


def test_connect_errors(doccano_server):
    with pytest.raises(doccano.DoccanoError, match="wrong username or password"):
        doccano.connect(doccano_server.url, doccano_server.admin[0], "not-the-password")
    with pytest.raises(doccano.DoccanoError, match="cannot be reached"):
        doccano.connect("http://127.0.0.1:9", "x", "y", timeout=3)


def test_span_roundtrip(doccano_server, records):
    admin = _client(doccano_server, "admin")
    name = "referat-spans-test"
    report = doccano.push_spans(admin, records, name, "Guideline text.", annotators=[doccano_server.annotator[0]])
    assert report.created == len(records)
    assert report.annotations == sum(len(r["label"]) for r in records)
    project = doccano.find_project(admin, name)
    assert project["project_type"] == "SequenceLabeling"
    assert project["guideline"] == "Guideline text."
    types = admin.get(f"v1/projects/{project['id']}/span-types")
    assert {t["text"] for t in types} == set(doccano.ENTITY_LABELS)
    assert all(t["background_color"].startswith("#") for t in types)

    # Re-running push creates nothing and adds no spans.
    again = doccano.push_spans(admin, records, name, "Guideline text.")
    assert (again.created, again.existing, again.annotations) == (0, len(records), 0)
    assert _count_examples(admin, name) == len(records)

    # The annotator pushes too: no new example, the pre-annotations land in their own view.
    anna = _client(doccano_server, "annotator")
    mine = doccano.push_spans(anna, records, name)
    assert mine.created == 0 and mine.annotations == report.annotations
    assert _count_examples(admin, name) == len(records)

    # The annotator edits through the API: removes one span, adds two (one off the token boundaries).
    by_key = {r["example_id"]: r for r in records}
    examples = doccano.existing_examples(anna, project)
    item = examples[f"{DOC}#item-11"]
    expected = {k: [list(s) for s in r["label"]] for k, r in by_key.items()}
    label_ids = {t["text"]: t["id"] for t in types}
    pid, eid = project["id"], item["id"]
    spans = anna.get(f"v1/projects/{pid}/examples/{eid}/spans")
    # doccano holds the segment text without its leading whitespace: offsets there are shifted.
    seg_text = by_key[f"{DOC}#item-11"]["text"]
    shift = len(seg_text) - len(seg_text.lstrip())
    assert item["text"] == seg_text.strip()
    victim = next(s for s in spans if item["text"][s["start_offset"]:s["end_offset"]] == "foråret 2024")
    anna.delete(f"v1/projects/{pid}/examples/{eid}/spans/{victim['id']}")
    expected[f"{DOC}#item-11"].remove([victim["start_offset"] + shift, victim["end_offset"] + shift, "DATE"])
    start = item["text"].index("december 2026")
    added = [start + shift, start + shift + len("december 2026"), "DATE"]
    if added not in expected[f"{DOC}#item-11"]:
        anna.post(f"v1/projects/{pid}/examples/{eid}/spans", {"label": label_ids["DATE"], "start_offset": start, "end_offset": start + len("december 2026")})
        expected[f"{DOC}#item-11"].append(added)
    start = item["text"].index("Jobcenteret")
    # ends inside the token "Jobcenteret"
    anna.post(f"v1/projects/{pid}/examples/{eid}/spans", {"label": label_ids["PARTY"], "start_offset": start, "end_offset": start + len("Jobcenter")})
    bad = [start + shift, start + shift + len("Jobcenter"), "PARTY"]
    expected[f"{DOC}#item-11"].append(bad)
    # The annotator confirms a segment without spans: it comes back as an explicit empty record.
    empty = next(k for k, r in by_key.items() if not r["label"])
    anna.post(f"v1/projects/{pid}/examples/{examples[empty]['id']}/states", {})

    pulled = doccano.pull_spans(admin, name)
    assert doccano.find_project(admin, name)["collaborative_annotation"] is False  # switched back
    mine = {r["example_id"]: r for r in pulled if r["annotator"] == doccano_server.annotator[0]}
    theirs = {r["example_id"]: r for r in pulled if r["annotator"] == doccano_server.admin[0]}
    assert set(theirs) == {k for k, r in by_key.items() if r["label"]}
    for key, rec in theirs.items():
        assert rec["label"] == by_key[key]["label"]
    assert set(mine) == set(theirs) | {empty}
    assert mine[empty]["label"] == []
    for key, rec in mine.items():
        assert rec["label"] == sorted(expected[key]), key
        # gold format: meta flattened at the top level
        for k in ("document", "segment", "item", "offset", "example_id"):
            assert rec[k] == by_key[key][k]
        assert rec["text"] == by_key[key]["text"] and rec["Comments"] == []
    json.dumps(pulled, ensure_ascii=False)

    # The off-boundary span is reported with document and offsets, never moved or dropped.
    problems = doccano.span_problems(pulled)
    assert len(problems) == 1
    p = problems[0]
    assert (p.document, p.example_id, p.annotator, p.start, p.end, p.label) == (
        DOC, f"{DOC}#item-11", doccano_server.annotator[0], bad[0], bad[1], "PARTY")
    assert p.surface == "Jobcenter"
    doc_offset = by_key[f"{DOC}#item-11"]["offset"]
    assert f"{DOC} [{doc_offset + bad[0]}:{doc_offset + bad[1]}]" in p.describe()
    with pytest.raises(doccano.SpanBoundaryError) as err:
        doccano.records_to_docs(pulled)
    assert err.value.problems == problems and DOC in str(err.value)

    # Everything else becomes spaCy entities character for character; the record with the
    # problem gets no entities at all (nothing is dropped or moved silently).
    full = doccano.read_document(RAW / f"{DOC}.txt")[1]
    docs, problems_again = doccano.records_to_docs(pulled, strict=False)
    assert problems_again == problems
    checked = 0
    for rec, doc in zip(pulled, docs):
        if rec["annotator"] == doccano_server.annotator[0] and rec["example_id"] == p.example_id:
            assert list(doc.ents) == []
            continue
        assert [[e.start_char, e.end_char, e.label_] for e in doc.ents] == rec["label"]
        for e in doc.ents:
            assert e.text == rec["text"][e.start_char:e.end_char]
            assert full[rec["offset"] + e.start_char:rec["offset"] + e.end_char] == e.text
            checked += 1
    assert checked >= 2 * sum(len(r["label"]) for r in records) - 10
    # Without the bad span the annotator's record converts strictly.
    fixed = dict(mine[p.example_id], label=[s for s in mine[p.example_id]["label"] if s != bad])
    (doc,) = doccano.records_to_docs([fixed])
    assert [[e.start_char, e.end_char, e.label_] for e in doc.ents] == fixed["label"]


def test_decision_roundtrip(doccano_server, records):
    admin = _client(doccano_server, "admin")
    name = "referat-decisions-test"
    items = doccano.decision_records(records)
    for rec in items:
        rec["label"] = ["NOTED"]
    report = doccano.push_decisions(admin, items, name, annotators=[doccano_server.annotator[0]])
    assert report.created == len(items) and report.annotations == len(items)
    assert doccano.push_decisions(admin, items, name).created == 0
    assert _count_examples(admin, name) == len(items)
    project = doccano.find_project(admin, name)
    assert project["project_type"] == "DocumentClassification"
    types = {t["text"]: t["id"] for t in admin.get(f"v1/projects/{project['id']}/category-types")}
    assert set(types) == set(doccano.DECISION_TYPES)

    anna = _client(doccano_server, "annotator")
    examples = doccano.existing_examples(anna, project)
    target = f"{DOC}#item-13"
    anna.post(f"v1/projects/{project['id']}/examples/{examples[target]['id']}/categories", {"label": types["APPROVED"]})

    with pytest.raises(doccano.DoccanoError, match="no admin"):
        doccano.pull_decisions(anna, name)  # only a project admin reads everyone's work
    pulled = doccano.pull_decisions(admin, name)
    mine = [r for r in pulled if r["annotator"] == doccano_server.annotator[0]]
    assert len(mine) == 1 and mine[0]["example_id"] == target and mine[0]["label"] == ["APPROVED"]
    assert mine[0]["item"] == 13 and mine[0]["document"] == DOC
    theirs = {r["example_id"]: r["label"] for r in pulled if r["annotator"] == doccano_server.admin[0]}
    assert theirs == {r["example_id"]: ["NOTED"] for r in items}


def test_cli_push_pull(doccano_server, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from referat.cli import app

    runner = CliRunner()
    monkeypatch.setenv(doccano.ENV_URL, doccano_server.url)
    monkeypatch.setenv(doccano.ENV_USER, doccano_server.admin[0])
    monkeypatch.setenv(doccano.ENV_PASSWORD, doccano_server.admin[1])
    src = str(RAW / "slagelse-ebu-2024-01-15.txt")
    first = runner.invoke(app, ["annotate", "push", src, "--project", "cli-spans", "--no-preannotate"])
    assert first.exit_code == 0, first.output
    n = len(doccano.span_records([Path(src)]))
    assert f"{n} examples created" in first.output
    second = runner.invoke(app, ["annotate", "push", src, "--project", "cli-spans", "--no-preannotate"])
    assert second.exit_code == 0 and "0 examples created" in second.output
    # Decision types are pre-annotated by the current pipeline's decision component.
    dec = runner.invoke(app, ["annotate", "push", src, "--project", "cli-decisions", "--decisions"])
    assert dec.exit_code == 0, dec.output
    pulled_dec = doccano.pull_decisions(_client(doccano_server, "admin"), "cli-decisions")
    assert {r["example_id"].split("#")[0] for r in pulled_dec} <= {"slagelse-ebu-2024-01-15"}
    assert len(pulled_dec) == sum(1 for r in doccano.span_records([Path(src)]) if r["segment"] == "item")
    assert all(len(r["label"]) == 1 and r["label"][0] in doccano.DECISION_TYPES for r in pulled_dec)
    assert all("decision_text" in r for r in pulled_dec)
    out = tmp_path / "pulled.jsonl"
    pulled = runner.invoke(app, ["annotate", "pull", "--project", "cli-spans", "--output", str(out)])
    assert pulled.exit_code == 0, pulled.output
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert rec["document"] == "slagelse-ebu-2024-01-15" and "annotator" in rec

    monkeypatch.setenv(doccano.ENV_PASSWORD, "wrong")
    bad = runner.invoke(app, ["annotate", "pull", "--project", "cli-spans", "--output", str(out)])
    assert bad.exit_code == 1 and "wrong username or password" in bad.output
    assert "Traceback" not in bad.output
    assert isinstance(bad.exception, SystemExit)  # a clean exit with status 1, not an escaped error
    monkeypatch.setenv(doccano.ENV_URL, "http://127.0.0.1:9")
    down = runner.invoke(app, ["annotate", "pull", "--project", "cli-spans", "--output", str(out)])
    assert down.exit_code == 1 and "cannot be reached" in down.output


def test_push_reports_bad_preannotations(doccano_server):
    admin = _client(doccano_server, "admin")
    text = "Herlev Kommune giver 30.000 kr. til IPS-projektet i foråret 2024."
    record = {
        "text": text, "document": "synthetic-test", "segment": "item", "item": 1, "offset": 0,
        "example_id": "synthetic-test#item-1", "Comments": [],
        "label": [[0, 14, "PARTY"], [0, 6, "PARTY"], [36, 39, "PROJECT"], [52, 64, "DATE"]],
    }
    report = doccano.push_spans(admin, [record], "referat-bad-spans-test")
    assert report.created == 1 and report.annotations == 3  # the overlap is refused by doccano
    joined = "\n".join(report.conflicts)
    assert "not accepted" in joined and "'start_offset': 0, 'end_offset': 6" in joined
    assert "synthetic-test [36:39]" in joined and "'IPS'" in joined  # off the token boundaries: reported
    pulled = doccano.pull_spans(admin, "referat-bad-spans-test")
    assert pulled[0]["label"] == [[0, 14, "PARTY"], [36, 39, "PROJECT"], [52, 64, "DATE"]]


def test_preannotations_from_a_pipeline_map_into_segments(tmp_path):
    import spacy

    nlp = spacy.blank("da")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PARTY", "pattern": "Herlev Kommune"}, {"label": "DATE", "pattern": "foråret 2024"}])
    path = RAW / f"{DOC}.txt"
    text = doccano.read_document(path)[1]
    records = doccano.span_records([path], nlp)
    n = 0
    for rec in records:
        for s, e, label in rec["label"]:
            assert text[rec["offset"] + s:rec["offset"] + e] == rec["text"][s:e]
            n += 1
    assert n == len(nlp(text).ents) > 0


def test_whitespace_around_segments_survives(doccano_server):
    """doccano strips an example's text; push/pull put the whitespace back, offsets exact."""
    admin = _client(doccano_server, "admin")
    text = "\n\n  Herlev Kommune giver 30.000 kr.\n\n \n"
    record = {
        "text": text, "document": "synthetic-ws", "segment": "header", "item": None, "offset": 0,
        "example_id": "synthetic-ws#header", "Comments": [], "label": [[4, 18, "PARTY"], [25, 35, "AMOUNT"]],
    }
    assert text[4:18] == "Herlev Kommune" and text[25:35] == "30.000 kr."
    report = doccano.push_spans(admin, [record], "referat-ws-test")
    assert report.created == 1 and report.annotations == 2 and not report.conflicts
    assert doccano.push_spans(admin, [record], "referat-ws-test").created == 0
    (pulled,) = doccano.pull_spans(admin, "referat-ws-test")
    assert pulled["text"] == text and pulled["label"] == record["label"]
    assert {k: v for k, v in pulled.items() if k not in ("id", "annotator")} == {
        k: v for k, v in record.items() if k != "id"}
