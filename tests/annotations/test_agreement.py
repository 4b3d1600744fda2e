"""Agreement: span F1 per label (exact match), micro F1, Cohen's kappa, disagreements, report."""
from __future__ import annotations

import pytest

from referat.annotations.agreement import (
    PRF, compare, compare_annotators, compare_records, kappa, read_decision_pass, span_disagreements, span_prf,
    write_report,
)

A = [(0, 5, "DATE"), (10, 15, "PARTY"), (20, 25, "AMOUNT"), (40, 45, "PARTY")]
B = [(0, 5, "DATE"), (10, 16, "PARTY"), (40, 45, "PARTY")]


def test_span_prf_exact_match_known_values():
    prf = span_prf(A, B)
    micro = prf["micro"]
    assert (micro.matched, micro.n_a, micro.n_b) == (2, 4, 3)
    assert micro.precision == pytest.approx(0.5)  # A's spans found by B
    assert micro.recall == pytest.approx(2 / 3)  # B's spans found by A
    assert micro.f1 == pytest.approx(2 * 2 / 7)  # 0.5714
    assert prf["DATE"].f1 == 1.0
    assert prf["PARTY"].precision == pytest.approx(0.5) and prf["PARTY"].recall == pytest.approx(0.5)
    assert prf["AMOUNT"].f1 == 0.0 and (prf["AMOUNT"].n_a, prf["AMOUNT"].n_b) == (1, 0)
    assert prf["PROJECT"].n_a == prf["PROJECT"].n_b == 0 and prf["PROJECT"].f1 == 1.0  # nothing either side
    # symmetric F1, swapped precision/recall
    rev = span_prf(B, A)["micro"]
    assert rev.f1 == pytest.approx(micro.f1) and rev.precision == pytest.approx(micro.recall)


def test_a_label_mismatch_on_the_same_offsets_is_no_match():
    prf = span_prf([(0, 5, "PARTY")], [(0, 5, "PROJECT")])
    assert prf["micro"].matched == 0 and prf["PARTY"].f1 == 0.0 and prf["PROJECT"].f1 == 0.0


def test_kappa_known_values():
    # po = 0.75, pe = 0.5*0.25 + 0.5*0.75 = 0.5 -> kappa = 0.5
    assert kappa(["NOTED", "NOTED", "APPROVED", "APPROVED"], ["NOTED", "APPROVED", "APPROVED", "APPROVED"]) == pytest.approx(0.5)
    assert kappa(["NOTED", "APPROVED"], ["NOTED", "APPROVED"]) == pytest.approx(1.0)
    # po = 2/3, pe = 2/3 * 1 -> 0
    assert kappa(["NOTED", "APPROVED", "NOTED"], ["NOTED"] * 3) == pytest.approx(0.0)
    # one label everywhere: undefined, reported as None (never NaN)
    assert kappa(["NOTED"] * 3, ["NOTED"] * 3) is None
    assert kappa([], []) is None


def test_disagreements_are_clusters_of_overlapping_spans_by_kind():
    found = span_disagreements("d", A + [(50, 55, "PARTY")], B + [(50, 55, "PROJECT"), (60, 62, "DATE")])
    kinds = [(d.start, d.end, d.kind) for d in found]
    assert kinds == [(10, 16, "boundary"), (20, 25, "only_a"), (50, 55, "label"), (60, 62, "only_b")]
    assert found[0].a == [(10, 15, "PARTY")] and found[0].b == [(10, 16, "PARTY")]
    assert found[2].labels("a") == "PARTY" and found[2].labels("b") == "PROJECT"


def test_compare_documents_and_decisions():
    result = compare(
        {"d1": A, "d2": [(1, 2, "DATE")], "only-a": [(0, 1, "DATE")]},
        {"d1": B, "d2": [(1, 2, "DATE")]},
        {"d1": {1: "NOTED", 2: "NOTED", 3: "APPROVED", 4: "APPROVED"}},
        {"d1": {1: "NOTED", 2: "APPROVED", 3: "APPROVED", 4: "APPROVED", 5: "NONE"}},
        names=("a", "b"),
    )
    assert sorted(result.per_doc) == ["d1", "d2"]  # only documents both annotated
    assert (result.overall["micro"].matched, result.overall["micro"].n_a, result.overall["micro"].n_b) == (3, 5, 4)
    assert result.kappa_overall == pytest.approx(0.5)
    assert result.decision_items == {"d1": 4} and result.decision_agreed == {"d1": 3}
    dec = [(d.item, d.label_a, d.label_b) for d in result.decision_disagreements]
    assert dec == [(2, "NOTED", "APPROVED"), (5, "-", "NONE")]  # a missing item is a disagreement, not in kappa
    report = write_report(result)
    assert "| **micro** | 0.600 | 0.750 | 0.667 | 5 | 4 |" in report
    assert "Cohen's kappa overall: **0.500** over 4 items (3 agreed)" in report
    assert "| d1 | item 2 | decision | NOTED | APPROVED |" in report


def test_pulled_records_per_annotator_in_document_offsets():
    """doccano pull output: one record per example per annotator; segment offsets are added."""
    def rec(who, offset, labels, seg="item", item=1):
        return {"id": 0, "text": "x" * 50, "document": "d", "segment": seg, "item": item, "offset": offset,
                "example_id": f"d#item-{item}", "label": labels, "Comments": [], "annotator": who}

    records = [
        rec("anna", 100, [[0, 5, "DATE"], [10, 15, "PARTY"]]),
        rec("bo", 100, [[0, 5, "DATE"]]),
        {"id": 1, "text": "t", "document": "d", "item": 1, "example_id": "d#item-1", "label": ["NOTED"], "annotator": "anna"},
        {"id": 1, "text": "t", "document": "d", "item": 1, "example_id": "d#item-1", "label": ["APPROVED"], "annotator": "bo"},
    ]
    result = compare_annotators(records)
    assert result.names == ("anna", "bo")
    assert result.overall["micro"].as_dict() == {"matched": 1, "n_a": 2, "n_b": 1, "p": 0.5, "r": 1.0, "f1": 0.6667}
    assert [(d.start, d.end) for d in result.span_disagreements] == [(110, 115)]  # document offsets
    assert [(d.label_a, d.label_b) for d in result.decision_disagreements] == [("NOTED", "APPROVED")]
    with pytest.raises(ValueError, match="annotator"):
        compare_annotators(records, "anna", "cleo")
    # two record lists (e.g. two files) compare the same way
    assert compare_records(records[::2], records[1::2]).overall["micro"].f1 == pytest.approx(2 / 3)


def test_decision_pass_rows():
    rows = read_decision_pass("# comment\n1\tAPPROVED\tGodkendt\n2\tNOTED\ttaget til efterretning\tmed bemærkning\n")
    assert rows == {1: ("APPROVED", "Godkendt"), 2: ("NOTED", "taget til efterretning\tmed bemærkning")}
    with pytest.raises(ValueError, match=r":1: unknown decision type 'GODKENDT'"):
        read_decision_pass("1\tGODKENDT\t\n", "x")
    with pytest.raises(ValueError, match="given twice"):
        read_decision_pass("1\tNOTED\n1\tNOTED\n")


def test_prf_empty_conventions():
    assert PRF().f1 == 1.0 and PRF(fp=2).precision == 0.0 and PRF(fn=2).recall == 0.0
