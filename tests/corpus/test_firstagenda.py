"""FirstAgenda meeting JSON: items, sections, decisions and the meeting record, from JSON built here."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import pytest

from referat.corpus import ingest
from referat.errors import InputError

DECISION = "<div><h3>Beslutning</h3><span><p>Godkendt.</p><br>Afbud: Per Hansen</span></div>"
CASE = ("<h3>Fremstilling</h3><span><h4>Resume</h4><p>Kort om sagen.</p>"
        "<h4>Indstilling</h4><p>Administrationen indstiller, at planen godkendes.</p>"
        "<h4>Sagsbeskrivelse</h4><p>Planen er lang.</p><h4>Nye tal for 2024</h4>"
        "<table><tr><td>Skoler</td><td>12 mio. kr.</td></tr><tr><td>Veje</td><td>8 mio. kr.</td></tr></table></span>")
HISTORY = ("<h3>Sagens forløb</h3><span class='sagsforloeb'><u>01-02-2024 Økonomiudvalget</u><br>"
           "<p>Anbefales over for Byrådet.</p></span>")


def item(number: int, caption: str, html: str, case: Optional[str] = "24-001234") -> dict[str, Any]:
    return {"Number": str(number), "Punktnummer": str(number), "Caption": caption, "Navn": caption,
            "CaseNumber": case, "SagsNummer": case, "IsOpen": False, "Sorting": number, "Bilag": [],
            "Felter": [{"Navn": "", "Html": html}]}


def meeting(items: list[dict[str, Any]], finished: bool = True, body: str = "Økonomiudvalget") -> dict[str, Any]:
    return {
        "Dagsordenpunkter": items,
        "Udvalg": {"Navn": body, "Id": "u1"},
        "Moede": {"Dato": "2024-03-18T16:30:00+01:00", "Sted": "Mødelokale 2", "Afsluttet": finished,
                  "Navn": "Dagsorden",
                  "Moededeltagere": [
                      {"Name": "Anna Holm", "Absent": False, "ParticipationCancelled": False},
                      {"Name": "Per Hansen", "Absent": True, "ParticipationCancelled": False},
                      {"Name": "Sofie Berg", "Absent": False, "ParticipationCancelled": True},
                      {"Name": "Jens Kirk", "Absent": False, "ParticipationCancelled": False}]},
        "Id": "m1",
    }


def write(tmp_path: Path, obj: Any, name: str = "moede.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


MEETING = meeting([
    item(1, "Godkendelse af dagsorden", DECISION),
    item(2, "Budgetplan 2025", DECISION + CASE + HISTORY),
    item(3, "Lukket: Køb af ejendom", "<div><p>Godkendt.</p></div>", case=None),
])


def test_meeting_record_items_and_sections(tmp_path: Path) -> None:
    doc = ingest(write(tmp_path, MEETING))
    assert doc.kind == "firstagenda" and doc.warnings == []
    m = doc.meeting
    assert (m.body, m.date, m.start_time, m.location) == ("Økonomiudvalget", "2024-03-18", "16:30", "Mødelokale 2")
    assert [p.name for p in m.participants] == ["Anna Holm", "Jens Kirk"]
    assert [p.name for p in m.absent] == ["Per Hansen", "Sofie Berg"]
    assert [(i.number, i.title, i.case_number, i.closed) for i in doc.items] == [
        (1, "Godkendelse af dagsorden", "24-001234", False),
        (2, "Budgetplan 2025", "24-001234", False),
        (3, "Køb af ejendom", None, True),
    ]
    second = doc.items[1]
    assert [(s.heading, s.canonical, s.known) for s in second.sections] == [
        ("Beslutning", "Beslutning", True), ("Fremstilling", "Sagsfremstilling", True), ("Resume", "Resume", True),
        ("Indstilling", "Indstilling", True), ("Sagsbeskrivelse", "Sagsfremstilling", True),
        ("Nye tal for 2024", "Nye tal for 2024", False), ("Sagens forløb", "Sagsforløb", True)]
    assert second.sections[5].parent == "Sagsfremstilling"
    assert "Skoler\t12 mio. kr.\nVeje\t8 mio. kr." in second.sections[5].body(doc.text)
    assert second.recommendation_text == "Administrationen indstiller, at planen godkendes."
    # an item of minutes published without any heading (a closed item) is its decision
    assert [(s.heading, s.role, s.known) for s in doc.items[2].sections] == [("Beslutning", "decision", False)]
    assert doc.items[2].decision_text == "Godkendt."


def test_decision_is_this_meetings_and_stops_at_the_next_section(tmp_path: Path) -> None:
    doc = ingest(write(tmp_path, MEETING))
    for it in doc.items[:2]:
        assert it.decision_text == "Godkendt."  # the attendance note stays in the section, not the decision
        assert it.decision_section is not None and it.decision_section.heading == "Beslutning"
        assert it.decision_section.body(doc.text).endswith("Afbud: Per Hansen")
    history = doc.items[1].sections[-1]
    assert history.role == "history" and "Anbefales" in history.body(doc.text)
    assert "Anbefales" not in (doc.items[1].decision_text or "")


def test_history_only_item_has_no_decision(tmp_path: Path) -> None:
    doc = ingest(write(tmp_path, meeting([item(1, "Orientering", CASE + HISTORY)])))
    assert doc.items[0].decision_text is None


def test_offsets_tile_the_text(tmp_path: Path) -> None:
    doc = ingest(write(tmp_path, MEETING))
    segments = doc.segments()
    assert segments[0][2] == 0 and segments[-1][3] == len(doc.text)
    assert all(a[3] == b[2] for a, b in zip(segments, segments[1:]))
    for it in doc.items:
        assert doc.text[it.title_start:it.title_end].endswith(it.title)
        spans = [(s.start, s.end) for s in it.sections]
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
        if spans:
            assert spans[-1][1] == it.end and it.start < spans[0][0]
        for s in it.sections:
            if s.start == s.body_start:  # the decision of an item published without headings: none printed
                assert not s.known and s.role == "decision" and len(it.sections) == 1
                continue
            assert doc.text[s.start:s.body_start].rstrip(":") == s.heading


def test_inline_markup_in_a_heading_does_not_split_it(tmp_path: Path) -> None:
    html = DECISION + "<h3>Fremstilling</h3><span><h3><b>I</b>ndstilling</h3><p>At planen godkendes.</p></span>"
    doc = ingest(write(tmp_path, meeting([item(1, "Plan", html)])))
    assert doc.items[0].recommendation_text == "At planen godkendes."


def test_recognised_by_content_not_by_name(tmp_path: Path) -> None:
    doc = ingest(write(tmp_path, MEETING, name="moede-uden-endelse"))
    assert doc.kind == "firstagenda" and len(doc.items) == 3
    doc = ingest(write(tmp_path, MEETING, name="moede.txt"))
    assert doc.kind == "firstagenda" and len(doc.items) == 3


def test_unfinished_agenda_is_read_with_a_warning(tmp_path: Path) -> None:
    agenda = meeting([item(1, "Godkendelse af dagsorden", CASE), item(2, "Budgetplan 2025", CASE)], finished=False)
    doc = ingest(write(tmp_path, agenda))
    assert len(doc.items) == 2 and all(i.decision_text is None for i in doc.items)
    assert any("not finished" in w and "no item has a decision" in w for w in doc.warnings)
    assert doc.text.startswith("Dagsorden fra Økonomiudvalget")


def test_finished_minutes_say_referat() -> None:
    from referat.corpus.firstagenda import read_firstagenda

    doc = read_firstagenda(MEETING, "m.json")
    assert doc.text.startswith("Referat fra Økonomiudvalget den 18. marts 2024")


@pytest.mark.parametrize("obj, words", [
    ([{"file": "a.json", "body": "Byråd"}], "a list of 1 entries"),
    ({"Udvalg": [{"Navn": "Byråd", "Moeder": []}]}, "keys Udvalg"),
    ({"name": "x"}, "keys name"),
])
def test_json_that_is_not_a_firstagenda_meeting_is_an_error(tmp_path: Path, obj: Any, words: str) -> None:
    path = write(tmp_path, obj, name="manifest.json")
    with pytest.raises(InputError) as info:
        ingest(path)
    message = str(info.value)
    assert str(path) in message and "not a FirstAgenda meeting" in message and words in message
    assert ".pdf" in message and ".html" in message


def test_broken_json_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "halv.json"
    path.write_text(json.dumps(MEETING)[:500], encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        ingest(path)


@pytest.mark.parametrize("name, data", [
    ("referat.xlsx", b"PK\x03\x04" + b"\x00" * 200),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200),
    ("referater.zip", b"PK\x03\x04" + b"\x00" * 200),
    ("referat.txt", b"PK\x03\x04" + b"\x00" * 200),  # a .docx renamed: known by its first bytes
    ("referat.gz", b"\x1f\x8b\x08" + b"\x00" * 200),
    ("referat.odt", b"just some bytes that are text"),
    ("referat.weird", "Referat fra Økonomiudvalget\n\nPunkt 1: Godkendelse\n".encode()),
])
def test_unsupported_formats_are_refused_naming_what_referat_reads(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        ingest(path)
    message = str(info.value)
    assert str(path) in message and "not supported" in message
    assert "FirstAgenda" in message and ".pdf" in message


def test_folder_run_picks_up_meetings_and_skips_other_json(tmp_path: Path) -> None:
    from referat.extract.inputs import expand_inputs

    write(tmp_path, MEETING, name="moede.json")
    write(tmp_path, [{"file": "moede.json"}], name="manifest.json")
    (tmp_path / "noter.txt").write_text("Referat\n", encoding="utf-8")
    sources = [Path(t.source).name for t in expand_inputs([tmp_path])]
    assert sources == ["moede.json", "noter.txt"]
    # named explicitly, a JSON that is not a meeting stays a task (and becomes an error line)
    assert [Path(t.source).name for t in expand_inputs([tmp_path / "manifest.json"])] == ["manifest.json"]
