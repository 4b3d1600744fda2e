"""One date lexicon (corpus/lexicons/dates.json) for the meeting header and the DATE entities."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from referat.corpus import dates, lexicon
from referat.corpus.meeting import parse_meeting
from referat.pipeline.normalise import normalise_date
from referat.pipeline.resources import DEFAULT_FILES, Resources


@pytest.mark.parametrize("text, expected", [
    ("Mødedato: 18. marts 2024, kl. 16:30", "2024-03-18"),
    ("Mødedato: 18.03.24", "2024-03-18"),
    ("Referat d. 6/9 2023", "2023-09-06"),
    ("Dato: 1. sept. 2023", "2023-09-01"),
    ("Dato: 1. SEP 2023", "2023-09-01"),
    ("2024-03-18 og 1. april 2024", "2024-03-18"),
    ("1. april 2024 og 2024-03-18", "2024-04-01"),
    ("Dato: 45. marts 2024", None),
    ("Dato: marts 2024", None),
])
def test_parse_date_reads_the_header_forms(text: str, expected: str | None) -> None:
    assert dates.parse_date(text) == expected


def test_every_month_is_printed_and_read_back() -> None:
    """The heading forms `date_words` prints and `long_date` are read back to the same date."""
    for month in range(1, 13):
        iso = date(2024, month, 9).isoformat()
        assert dates.parse_date(dates.long_date(iso)) == iso
        words = dates.date_words(iso)
        assert words[-1] == iso and len(words) >= 5
        assert all(dates.parse_date(w) == iso for w in words)
    assert dates.date_words(None) == () and dates.long_date(None) == ""


def test_the_month_names_live_in_one_file() -> None:
    assert "months" not in lexicon.load("header")
    assert DEFAULT_FILES["dates"] == dates.DATES_FILE
    lex = Resources().dates
    assert lex is dates.date_lexicon()
    assert lex.header_months["maj"] == 5 and lex.header_months["dec"] == 12
    meeting = parse_meeting("Byrådet\nMødedato: 3. maj 2023\n\n1. Godkendelse af dagsorden\n", (0, 40))
    assert meeting.date == "2023-05-03"


def test_a_saved_dates_file_is_used_by_the_pipeline(tmp_path: Path) -> None:
    """A pipeline saved with its own dates.json (the same format as before the move) keeps it."""
    Resources().to_disk(tmp_path / "same")
    same = Resources(tmp_path / "same")
    assert same.path("dates") is not None
    assert same.dates.data == dates.date_lexicon().data
    for text in ("18. marts 2024", "primo 2023", "3. kvartal 2022", "uge 41"):
        assert normalise_date(text, date(2024, 1, 1), same) == normalise_date(text, date(2024, 1, 1))

    data = json.loads(dates.DATES_FILE.read_text(encoding="utf8"))
    data["months"]["marts"] = 4  # a changed copy shows the saved file is what is read
    folder = tmp_path / "changed"
    folder.mkdir()
    (folder / "dates.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf8")
    assert normalise_date("18. marts 2024", None, Resources(folder)) == {"iso": "2024-04-18"}
    assert normalise_date("18. marts 2024") == {"iso": "2024-03-18"}
