"""Adjudication: agreed spans kept, disagreements listed, clear guideline rules, the adjudicator's file applied."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from referat.annotations.adjudicate import adjudicate, guideline_fix, read_rows, write_rows
from referat.annotations.gold import document_spans, read_jsonl

TEXT = (
    "REFERAT Arbejdsmarkedsudvalget d. 18. marts 2024\n"
    "\n"
    "Punkt 1: Status på IPS-projektet\n"
    "Beslutning\n"
    "Taget til efterretning.\n"
    "Byrådet og STAR gav ca. 1.500 kr. (66 %) til \"Klar parat job\" i 2024.\n"
    "Punkt 2: Eventuelt\n"
    "Beslutning\n"
    "Intet.\n"
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("da")


def span(surface: str, label: str) -> tuple[int, int, str]:
    s = TEXT.index(surface)
    return (s, s + len(surface), label)


@pytest.mark.parametrize("surface,label,expected,rule", [
    ("d. 18. marts 2024", "DATE", "18. marts 2024", "date-starts-at-day"),
    ("i 2024", "DATE", "2024", "date-without-preposition"),
    ("ca. 1.500 kr.", "AMOUNT", "1.500 kr.", "amount-without-ca"),
    ("\"Klar parat job\"", "PROJECT", "Klar parat job", "outside-quotes-brackets"),
    ("2024.", "DATE", "2024", "outside-trailing-punctuation"),
    ("Byrådet", "PARTY", None, "party-generic-reference"),
    ("66 %", "AMOUNT", None, "amount-percentage"),
    ("STAR", "PARTY", "STAR", None),
    ("IPS-projektet", "PROJECT", "IPS-projektet", None),
])
def test_guideline_fix(nlp, surface, label, expected, rule):
    doc = nlp.make_doc(TEXT)
    fixed, rules = guideline_fix(doc, span(surface, label))
    assert (TEXT[fixed[0]:fixed[1]] if fixed else None) == expected
    assert (rules[-1] if rules else None) == rule


def _setup(tmp_path: Path, rows_a: str, rows_b: str, dec_a: str, dec_b: str) -> dict:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text(TEXT, encoding="utf-8")
    (raw / "manifest.json").write_text(json.dumps([{"id": "doc", "municipality": "Herlev Kommune"}]), encoding="utf-8")
    for name, rows, dec in (("a", rows_a, dec_a), ("b", rows_b, dec_b)):
        d = tmp_path / "passes" / name
        d.mkdir(parents=True)
        (d / "doc.tsv").write_text(rows, encoding="utf-8")
        (d / "doc.decisions.tsv").write_text(dec, encoding="utf-8")
    return dict(pass_a=tmp_path / "passes" / "a", pass_b=tmp_path / "passes" / "b", raw_dir=raw,
                gold_dir=tmp_path / "gold", adjudication_file=tmp_path / "adjudication.tsv",
                report_file=tmp_path / "AGREEMENT.md")


PASS_A = "1\tArbejdsmarkedsudvalget\tPARTY\n1\t18. marts 2024\tDATE\n3\tIPS-projektet\tPROJECT\n6\tSTAR\tPARTY\n6\t1.500 kr.\tAMOUNT\n6\tByrådet\tPARTY\n"
PASS_B = "1\tArbejdsmarkedsudvalget\tPARTY\n1\td. 18. marts 2024\tDATE\n3\tIPS-projektet\tPARTY\n6\tSTAR\tPARTY\n6\t2024\tDATE\n"


def test_adjudicate_end_to_end(tmp_path):
    paths = _setup(tmp_path, PASS_A, PASS_B, "1\tNOTED\ttaget til efterretning\n2\tNONE\tIntet\n",
                   "1\tNOTED\t\n2\tDISCUSSED\t\n")
    adj = adjudicate(**paths)
    assert not adj.errors and not adj.problems
    rows = read_rows(paths["adjudication_file"])
    kinds = {(r.text, r.kind): r for r in rows}
    # d. prefix: settled by the scheme's rule, no person needed
    date = kinds[("d. 18. marts 2024", "boundary")]
    assert date.rule.startswith("date-starts-at-day") and date.decision == ""
    # Byrådet: only A, generic council title -> the rule removes it
    assert kinds[("Byrådet", "only_a")].rule.startswith("party-generic-reference")
    # a real disagreement waits for a person
    assert kinds[("IPS-projektet", "label")].rule == "" and kinds[("1.500 kr.", "only_a")].rule == ""
    assert {r.kind for r in rows} == {"boundary", "only_a", "label", "only_b", "decision"}
    assert adj.pending == 4  # IPS label, 1.500 kr., 2024, item 2
    gold = document_spans(read_jsonl(paths["gold_dir"] / "entities.jsonl"))["doc"]
    assert [TEXT[s:e] for s, e, _ in gold] == ["Arbejdsmarkedsudvalget", "18. marts 2024", "STAR"]
    decisions = read_jsonl(paths["gold_dir"] / "decisions.jsonl")
    assert [(d["item"], d["label"]) for d in decisions] == [(1, ["NOTED"])]  # item 2 pending
    report = paths["report_file"].read_text(encoding="utf-8")
    assert "| doc | 2 | 5 | 2 | 0 | 3 |" in report and "**pending**" in report

    # the adjudicator fills the decision column; the next run applies it and keeps it
    for r in rows:
        if r.text == "IPS-projektet":
            r.decision = "keep_a"
        elif r.text == "1.500 kr.":
            r.decision = "keep_a"
        elif r.kind == "only_b":
            r.decision = "keep_b"
        elif r.kind == "decision":
            r.decision = "relabel:NONE"
    write_rows(paths["adjudication_file"], rows)
    adj = adjudicate(**paths)
    assert adj.pending == 0 and not adj.errors
    assert [r.decision for r in read_rows(paths["adjudication_file"])] == [r.decision for r in rows]
    gold = document_spans(read_jsonl(paths["gold_dir"] / "entities.jsonl"))["doc"]
    assert [(TEXT[s:e], l) for s, e, l in gold] == [
        ("Arbejdsmarkedsudvalget", "PARTY"), ("18. marts 2024", "DATE"), ("IPS-projektet", "PROJECT"),
        ("STAR", "PARTY"), ("1.500 kr.", "AMOUNT"), ("2024", "DATE")]
    decisions = read_jsonl(paths["gold_dir"] / "decisions.jsonl")
    assert [(d["item"], d["label"]) for d in decisions] == [(1, ["NOTED"]), (2, ["NONE"])]


def test_invalid_adjudicator_decisions_are_errors(tmp_path):
    paths = _setup(tmp_path, PASS_A, PASS_B, "1\tNOTED\n2\tNONE\n", "1\tNOTED\n2\tNONE\n")
    adjudicate(**paths)
    rows = read_rows(paths["adjudication_file"])
    rows[0].decision = "keep_c"
    write_rows(paths["adjudication_file"], rows)
    adj = adjudicate(**paths)
    assert any("unknown decision 'keep_c'" in e for e in adj.errors)


def test_a_document_with_one_pass_waits(tmp_path):
    paths = _setup(tmp_path, PASS_A, PASS_B, "1\tNOTED\n", "1\tNOTED\n")
    (paths["pass_b"] / "doc.tsv").unlink()
    adj = adjudicate(**paths)
    assert "doc" in adj.waiting and not adj.entity_records and not (paths["gold_dir"] / "entities.jsonl").exists()
