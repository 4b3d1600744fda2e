"""One scorer for decisions: `spacy evaluate`, `referat evaluate` and `extract()` agree.

The gold items of the seeds go into items.spacy (`referat annotate convert`); spaCy's
own `spacy evaluate` on the shipped pipeline reports the decision component's
accuracy, which must equal the share of the same items that `extract()` gets right,
and the figure `referat evaluate` computes for the pipeline ("combined").
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from referat import extract
from referat.annotations.convert import convert
from referat.annotations.gold import read_jsonl
from referat.pipeline import DEFAULT_PIPELINE
from referat.training.evaluate import predict_decisions

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_spacy_evaluate_reports_the_decision_accuracy_extract_gives(tmp_path: Path) -> None:
    convert(ROOT / "annotations" / "gold", tmp_path, synthetic=False)
    items = tmp_path / "items.spacy"
    out = tmp_path / "scores.json"
    subprocess.run([sys.executable, "-m", "spacy", "evaluate", str(DEFAULT_PIPELINE), str(items), "--output", str(out)],
                   check=True, capture_output=True, text=True)
    spacy_acc = json.loads(out.read_text(encoding="utf-8"))["decision_acc"]

    records = read_jsonl(ROOT / "annotations" / "gold" / "decisions.jsonl")
    by_doc: dict[str, dict] = {}
    right = 0
    for record in records:
        doc = record["document"]
        if doc not in by_doc:
            by_doc[doc] = {i.number: i for i in extract(ROOT / "corpus" / "raw" / f"{doc}.txt").items}
        right += by_doc[doc][record["item"]].decision.type == record["label"][0]
    extract_acc = right / len(records)

    predicted = predict_decisions("combined", DEFAULT_PIPELINE, records, [])
    referat_acc = sum(p == r["label"][0] for p, r in zip(predicted, records)) / len(records)

    assert len(records) >= 38
    assert spacy_acc == pytest.approx(extract_acc) == pytest.approx(referat_acc)
