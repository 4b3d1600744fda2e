"""`nlp(text)` and `extract()` are one path: an item's text through the pipeline gives the decision,
entities and positions that extraction gives for that item.

The Doc is given what a meeting says and an item's text cannot (the body that met, the date,
the members: `doc._.body`, `doc._.meeting_date`, `doc._.participants`); its sections are found by
`referat_sections` with the ingestion's own parser. On the seeds every item agrees. On the Greve
gold a few items read from FirstAgenda JSON do not: the portal nests headings such as
`Indstilling` inside another field's body, which the JSON reader keeps as one section and the
text reading splits, so the rules see a recommendation where extraction saw none. The Greve test
allows that known share and names the items.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from referat import extract
from referat.annotations.greve import GREVE_DIR, SHARED_CORPUS, read_decision_gold
from referat.corpus import ingest
from referat.pipeline import load
from referat.pipeline.items import _meeting_date
from referat.pipeline.position_finders import meeting_participants

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))


def disagreements(path: Path, nlp: Any) -> tuple[int, list[tuple[str, int, str]]]:
    """(items compared, [(file, item number, what differs)]) for one document."""
    doc = ingest(path)
    result = extract(path)
    participants = meeting_participants(doc.meeting, doc.text)
    out = []
    for item, extracted in zip(doc.items, result.items):
        bare = nlp.make_doc(doc.text[item.start:item.end])
        bare._.body = doc.meeting.body
        bare._.meeting_date = _meeting_date(doc.meeting)
        bare._.participants = participants
        got = nlp(bare)
        if got._.decision[0] != extracted.decision.type:
            out.append((path.name, item.number, f"decision {got._.decision[0]} != {extracted.decision.type}"))
        ents = {(e.start_char + item.start, e.end_char + item.start, e.label_) for e in got.ents}
        if ents != {(e.start, e.end, e.label) for e in extracted.entities}:
            out.append((path.name, item.number, "entities"))
        positions = {(p["position"], p["start"] + item.start, p["end"] + item.start) for p in got._.votes["positions"]}
        if positions != {(p.position, p.start, p.end) for p in extracted.votes.positions}:
            out.append((path.name, item.number, "positions"))
    return len(doc.items), out


def test_an_items_text_through_nlp_reads_as_extract_reads_it_on_the_seeds():
    nlp = load()
    compared, differ = 0, []
    for path in SEEDS:
        n, d = disagreements(path, nlp)
        compared += n
        differ += d
    assert compared >= 38
    assert differ == []


@pytest.mark.slow  # every Greve meeting with gold: several minutes
def test_an_items_text_through_nlp_reads_as_extract_reads_it_on_the_greve_gold(shared_dir):
    shared_dir("corpus")  # skipped without ../shared on a developer's clone, failed under CI=true
    nlp = load()
    files = sorted({SHARED_CORPUS / label.file for label in read_decision_gold(GREVE_DIR / "decisions.jsonl")})
    compared, differ = 0, []
    for path in files:
        n, d = disagreements(path, nlp)
        compared += n
        differ += d
    assert compared > 2500
    assert not [d for d in differ if d[2] == "entities"]
    assert len(differ) <= 0.01 * compared, differ
