"""Contract v1.1 `votes` in what users get: extract() output validates, offsets point into the
ingested text and into this meeting's decision only, the positions table of --format csv|parquet,
the rendered badges, and `referat votes` over many meetings (CSV and PNG).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from referat import extract
from referat.cli import app
from referat.corpus import ingest
from referat.extract.batch import run_batch
from referat.extract.writers import POSITION_COLUMNS, csv_text, output_paths, table_rows
from referat.extract.extractor import extract_ingested
from referat.extract.render import render_html
from referat.pipeline import load
from referat.schema import POSITION_LABELS, json_schema

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))


def minutes(year: int, *, against: str = "(Ø)", absent: str = "Ole Berg") -> str:
    """Hand-written minutes of a council meeting with votes, an amendment and a case history."""
    return f"""REFERAT Byrådet d. 10-04-{year}

Mødedato Onsdag d. 10. april {year} kl. 19:00

Deltagere: Anna Hansen (A), Jens Madsen (V), Karen Holm (C), Ole Berg (Ø)

Punkt 1: Ny cykelsti

24-000123

Indstilling

Administrationen indstiller,

1. at cykelstien anlægges
2. at udgiften finansieres af kassen

Beslutning

(C) stillede ændringsforslag om, at sagen udsættes.

For stemte: (C).

Imod stemte: (V), (A) og {against}.

Ændringsforslaget blev forkastet.

Med stemmerne 15 for og 4 imod godkendte Byrådet indstillingen.

2. Godkendt. {against} stemmer imod.

Karen Holm undlod at stemme.

Afbud: {absent}

Sagsforløb

Teknisk Udvalg 01-03-{year}

Beslutning

Anbefales. (F) stemte imod. Jens Madsen (V) undlod at stemme.

Punkt 2: Eventuelt

Beslutning

Intet.
"""


@pytest.fixture(scope="module")
def validator():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "v1.1" in schema["title"]
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("minutes")
    (folder / "byraad-2023.txt").write_text(minutes(2023), encoding="utf-8")
    (folder / "byraad-2024.txt").write_text(minutes(2024, against="(F)", absent="Karen Holm"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_seed_validates_against_the_v11_schema(seed, validator):
    data = json.loads(json.dumps(extract(seed).to_dict(), ensure_ascii=False))
    validator.validate(data)
    for item in data["items"]:
        assert set(item["votes"]) >= {"counts", "positions", "amendments"}
        assert all(p["position"] in POSITION_LABELS for p in item["votes"]["positions"])


def test_votes_point_into_this_meetings_decision(written, validator):
    path = written / "byraad-2023.txt"
    result = extract(path, include_text=True)
    validator.validate(json.loads(json.dumps(result.to_dict(include_text=True), ensure_ascii=False)))
    text = result.text
    parsed = ingest(path).items[0]
    decision, history = parsed.decision_section, next(s for s in parsed.sections if s.role == "history")
    votes = result.items[0].votes
    got = [(p.position, p.text, p.party, p.point, p.amendment) for p in votes.positions]
    assert got == [("FOR", "C", "C", None, 0), ("AGAINST", "V", "V", None, 0), ("AGAINST", "A", "A", None, 0),
                   ("AGAINST", "Ø", "Ø", None, 0), ("AGAINST", "Ø", "Ø", "2", None),
                   ("ABSTAINED", "Karen Holm", "C", None, None), ("ABSENT", "Ole Berg", "Ø", None, None)]
    for p in votes.positions:
        assert text[p.start:p.end] == p.text
        assert decision.body_start <= p.start < p.end <= decision.end
        assert not history.start <= p.start < history.end
    assert votes.counts is not None and (votes.counts.for_, votes.counts.against, votes.counts.abstained) == (15, 4, None)
    [amendment] = votes.amendments
    assert (amendment.outcome, [a.party for a in amendment.proposed_by]) == ("REJECTED", ["C"])
    assert text[amendment.start:amendment.end].startswith("(C) stillede ændringsforslag")
    data = result.to_dict()["items"][0]["votes"]
    assert data["counts"] == {"for": 15, "against": 4, "abstained": None}  # `for`, as the contract writes it
    assert result.to_dict()["items"][1]["votes"] == {"counts": None, "positions": [], "amendments": []}


def test_positions_table_in_csv_and_parquet(written, tmp_path):
    import pandas as pd

    jsonl = tmp_path / "out.jsonl"
    run_batch([written], jsonl, progress=False)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    expected = [(r["source"], it["number"], p["position"], p["text"], p["start"])
                for r in records for it in r["items"] for p in it["votes"]["positions"]]
    assert len(expected) == 14
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"out-{fmt}"
        summary = run_batch([written], out, fmt=fmt, progress=False)
        assert summary.exit_code == 0
        items_path, _, positions_path = output_paths(out, fmt)
        table = pd.read_csv(positions_path) if fmt == "csv" else pd.read_parquet(positions_path)
        assert list(table.columns) == POSITION_COLUMNS
        assert [(r.source, r.item_number, r.position, r.text, r.start) for r in table.itertuples()] == expected
        amended = table[table["amendment"].notna()]
        assert set(amended["amendment_outcome"]) == {"REJECTED"}
        assert json.loads(amended["amendment_proposed_by"].iloc[0])[0]["party"] == "C"
        items = pd.read_csv(items_path) if fmt == "csv" else pd.read_parquet(items_path)
        assert list(items["n_positions"]) == [7, 0, 7, 0]
        assert list(items["votes_for"].fillna(-1)) == [15, -1, 15, -1]


def test_positions_table_cells_are_escaped():
    record = {"source": "x.txt", "meeting": {}, "items": [{"number": 1, "title": "t", "decision": {}, "votes": {
        "counts": None, "amendments": [],
        "positions": [{"position": "AGAINST", "name": "=HYPERLINK(\"x\")", "party": None, "party_name": None,
                       "point": None, "amendment": None, "text": "-1", "start": 0, "end": 2}]}}]}
    _, _, positions = table_rows(record)
    row = next(csv.DictReader([",".join(POSITION_COLUMNS), *csv_text(positions, POSITION_COLUMNS).splitlines()]))
    assert row["name"] == "'=HYPERLINK(\"x\")" and row["text"] == "'-1"


def test_render_shows_positions_as_badges(written):
    page = render_html(extract(written / "byraad-2023.txt", include_text=True))
    assert page.count('class="position AGAINST"') == 4
    assert ">Ø imod (punkt 2)<" in page and ">C for (ændringsforslag 1)<" in page
    assert "Ændringsforslag 1 fra C: forkastet" in page and "Stemmer: 15 for, 4 imod" in page


# ------------------------------------------------------------------ referat votes


def test_votes_command_writes_tables_and_plots(written, tmp_path):
    import matplotlib.image

    jsonl = tmp_path / "out.jsonl"
    run_batch([written], jsonl, progress=False)
    out = tmp_path / "votes"
    result = CliRunner().invoke(app, ["votes", str(jsonl), "--output", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "votes_by_party.csv", encoding="utf-8") as fh:
        parties = {(r["year"], r["party"]): r for r in csv.DictReader(fh)}
    # 2023: (Ø) against point 2 (its vote on the amendment is not a vote on the item); Ole Berg (Ø) absent
    assert parties[("2023", "Ø")]["against"] == "1" and parties[("2023", "Ø")]["absent"] == "1"
    assert parties[("2024", "F")]["against"] == "1" and ("2024", "Ø") not in parties
    assert parties[("2023", "C")]["abstained"] == "1" and parties[("2023", "C")]["for"] == "0"
    assert parties[("2023", "C")]["items"] == "2" and parties[("2023", "C")]["meetings"] == "1"
    with open(out / "votes_by_person.csv", encoding="utf-8") as fh:
        people = {(r["year"], r["name"]): r for r in csv.DictReader(fh)}
    assert people[("2024", "Karen Holm")]["absent"] == "1" and people[("2024", "Karen Holm")]["party"] == "C"
    for name in ("votes_by_party.png", "votes_by_body.png", "votes_by_person.png"):
        image = matplotlib.image.imread(out / name)
        assert image.shape[0] > 250 and image.shape[1] > 600, name
        assert image[..., :3].std() > 0.05, f"{name} is blank"


def test_votes_command_refuses_what_is_not_extract_output(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(app, ["votes", str(tmp_path / "none.jsonl"), "--output", str(tmp_path / "v")])
    assert missing.exit_code == 2 and "none.jsonl" in missing.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = runner.invoke(app, ["votes", str(bad), "--output", str(tmp_path / "v")])
    assert result.exit_code == 2 and "line 1 is not JSON" in result.output
    errors = tmp_path / "errors.jsonl"
    errors.write_text(json.dumps({"source": "x", "error": {"type": "InputError", "message": "m"}}) + "\n")
    result = runner.invoke(app, ["votes", str(errors), "--output", str(tmp_path / "v")])
    assert result.exit_code == 2 and "no extracted document" in result.output


# ------------------------------------------------------------------ the whole archive


@pytest.mark.slow
def test_positions_come_only_from_this_meetings_decision_over_the_archive(shared_dir):
    """Over every Greve meeting: each position lies in its item's decision section, never in a
    `Sagens forløb`/`Sagsforløb` section, and its text is what the offsets hold."""
    corpus = shared_dir("corpus") / "greve"
    files = sorted(p for p in corpus.rglob("*.json") if p.name != "manifest.json")
    assert len(files) > 300
    nlp = load("rules")
    total = 0
    for path in files:
        doc = ingest(path)
        result = extract_ingested(doc, nlp)
        for parsed, item in zip(doc.items, result.items):
            positions = item.votes.positions
            if not positions:
                continue
            section = parsed.decision_section
            assert section is not None and section.role == "decision", f"{path.name} #{item.number}"
            histories = [s for s in parsed.sections if s.canonical == "Sagsforløb" or s.role == "history"]
            for p in positions:
                total += 1
                assert doc.text[p.start:p.end] == p.text
                assert section.body_start <= p.start < p.end <= section.end, f"{path.name} #{item.number} {p.text}"
                assert not any(h.start <= p.start < h.end for h in histories), f"{path.name} #{item.number}"
    assert total > 2000
