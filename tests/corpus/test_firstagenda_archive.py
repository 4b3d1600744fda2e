"""The whole Greve archive (../shared/corpus/greve, 369 FirstAgenda meetings) read as referat reads it.

Checked against the JSON itself and manifest.json, never against text copied here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from referat.corpus import IngestedDocument, ingest, lexicon

pytestmark = pytest.mark.slow  # ~10 s for the 369 meetings


@pytest.fixture(scope="module")
def archive(shared_dir: Callable[[str], Path]) -> list[tuple[dict[str, Any], dict[str, Any], IngestedDocument]]:
    """(manifest record, raw JSON, ingested document) for every meeting of the manifest."""
    root = shared_dir("corpus") / "greve"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for record in manifest:
        path = root / record["file"]
        out.append((record, json.loads(path.read_text(encoding="utf-8")), ingest(path)))
    return out


def _items(archive: list[tuple[dict[str, Any], dict[str, Any], IngestedDocument]]) -> Iterator[tuple[str, Any, str]]:
    for record, _, doc in archive:
        for item in doc.items:
            yield record["file"], item, doc.text


def test_all_369_meetings_are_read_without_error(archive: list[Any]) -> None:
    assert len(archive) == 369
    kinds = {doc.kind for _, _, doc in archive}
    assert kinds == {"firstagenda"}
    # the only warnings: a finished meeting whose items carry no decision (the manifest agrees)
    for record, _, doc in archive:
        if doc.warnings:
            assert record["items_with_decision"] == 0, (record["file"], doc.warnings)


def test_item_count_numbers_and_case_numbers_equal_the_json(archive: list[Any]) -> None:
    for record, raw, doc in archive:
        entries = raw["Dagsordenpunkter"]
        assert len(doc.items) == len(entries) == record["items"], record["file"]
        assert [i.number for i in doc.items] == [int(e["Number"]) for e in entries], record["file"]
        assert [i.case_number for i in doc.items] == [e["CaseNumber"] or None for e in entries], record["file"]
        for item, entry in zip(doc.items, entries):
            caption = " ".join(entry["Caption"].split())
            assert item.closed == caption.startswith("Lukket"), (record["file"], item.number)
            assert caption.endswith(item.title) and item.title, (record["file"], item.number)


def test_body_date_and_start_match_the_manifest(archive: list[Any]) -> None:
    for record, _, doc in archive:
        term = re.sub(r"\s*\d{4}-\d{4}$", "", record["body"])  # "Byråd 2022-2025": the term is not the name
        assert doc.meeting.body == term, record["file"]
        assert doc.meeting.date == record["date"], record["file"]
        assert doc.meeting.start_time == record["start"][11:16], record["file"]


def test_absentees_as_in_the_meeting_record(archive: list[Any]) -> None:
    for record, raw, doc in archive:
        people = raw["Moede"]["Moededeltagere"]
        away = [p["Name"].strip() for p in people if p["Absent"] or p["ParticipationCancelled"]]
        there = [p["Name"].strip() for p in people if not (p["Absent"] or p["ParticipationCancelled"])]
        assert [p.name for p in doc.meeting.absent] == away, record["file"]
        assert [p.name for p in doc.meeting.participants] == there, record["file"]


def test_every_decision_heading_gives_a_decision_that_ends_at_the_next_section(archive: list[Any]) -> None:
    with_decision = unheaded = 0
    for name, item, text in _items(archive):
        decisions = [s for s in item.sections if s.role == "decision"]
        if not decisions:
            assert item.decision_text is None, (name, item.number)
            continue
        assert item.decision_text, (name, item.number)
        if not decisions[0].known:  # an item published without any heading: its text is the decision
            assert len(item.sections) == 1 and decisions[0].start == decisions[0].body_start, (name, item.number)
            unheaded += 1
            continue
        with_decision += 1
        section = item.decision_section
        assert section is decisions[0] and section.heading == "Beslutning"
        later = [s for s in item.sections if s.start > section.start]
        assert section.end == (later[0].start if later else item.end)
        body = text[section.body_start:section.end]
        assert all(line in body for line in item.decision_text.split("\n")), (name, item.number)
        if later:  # the next section's heading is not inside the decision
            assert later[0].heading not in item.decision_text.split("\n"), (name, item.number)
    assert with_decision == sum(r["items_with_decision"] for r, _, _ in archive) == 4866
    assert 0 < unheaded < 5549 - 4866


def test_decision_is_never_the_case_history(archive: list[Any]) -> None:
    for name, item, text in _items(archive):
        history = [s for s in item.sections if s.role == "history"]
        if item.decision_section is not None:
            assert item.decision_section.role == "decision"
            for h in history:
                assert not (h.start <= item.decision_section.start < h.end), (name, item.number)


def test_offsets_tile_every_meeting(archive: list[Any]) -> None:
    for record, _, doc in archive:
        segments = doc.segments()
        assert segments[0][2] == 0 and segments[-1][3] == len(doc.text), record["file"]
        assert all(a[3] == b[2] for a, b in zip(segments, segments[1:])), record["file"]
        for item in doc.items:
            spans = [(s.start, s.end) for s in item.sections]
            assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), (record["file"], item.number)
            assert not spans or spans[-1][1] == item.end


def test_items_without_headings_keep_their_text(archive: list[Any]) -> None:
    """394 items have no <h3>: none of their text is lost; in minutes it is the item's decision."""
    headless = 0
    for record, raw, doc in archive:
        for item, entry in zip(doc.items, raw["Dagsordenpunkter"]):
            if "<h" not in (entry["Felter"][0]["Html"] or ""):
                headless += 1
                body = doc.text[item.title_end:item.end]
                if item.sections:
                    assert [(s.role, s.known) for s in item.sections] == [("decision", False)]
                    assert item.sections[0].body(doc.text) in body
                else:  # an agenda (no decisions yet) keeps the text in the item; minutes have nothing there,
                    # or a text that says there is nothing (`Intet.`: no decision, as the seed gold has it)
                    rest = body.replace(f"Sagsnr.: {item.case_number}", "").strip()
                    assert not rest or lexicon.get().empty_body.fullmatch(rest) or \
                        any("no item has a decision" in w for w in doc.warnings), rest
    assert headless > 300
