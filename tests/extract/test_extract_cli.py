"""`referat extract` end to end in a subprocess: inputs, formats, resume, bad input, exit codes."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import jsonschema
import pytest

from referat.schema import json_schema

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "corpus" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


#: Runs `python -m referat.cli` in a child of the session's process that loaded the pipeline (conftest.py).
_command: Callable[..., subprocess.CompletedProcess] = None  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _commands(referat_command) -> None:
    global _command
    _command = referat_command


def cli(*args: str, stdin: bytes | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    proc = _command(args, input=stdin, timeout=timeout, cwd=REPO)
    proc.stdout_text = proc.stdout.decode("utf-8", "replace")  # type: ignore[attr-defined]
    proc.stderr_text = proc.stderr.decode("utf-8", "replace")  # type: ignore[attr-defined]
    assert "Traceback" not in proc.stderr_text, proc.stderr_text
    return proc


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(json_schema())


@pytest.fixture
def folder(tmp_path):
    """Two seeds in a nested folder, plus a file that is not minutes-by-suffix (ignored)."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    shutil.copy(SEEDS[0], root / "a.txt")
    shutil.copy(SEEDS[1], root / "sub" / "b.txt")
    (root / "notes.md").write_text("not read: wrong suffix")
    return root


def test_single_file(tmp_path, validator):
    out = tmp_path / "out.jsonl"
    proc = cli("extract", SEEDS[0], "--output", out)
    assert proc.returncode == 0, proc.stderr_text
    [record] = lines(out)
    validator.validate(record)
    assert record["source"] == str(SEEDS[0])
    assert "text" not in record
    assert proc.stdout_text == ""  # the bar and summary go to stderr; quiet when not a terminal
    assert "\r" not in proc.stderr_text


def test_folder_recursive_in_order_with_text(tmp_path, folder, validator):
    out = tmp_path / "out.jsonl"
    proc = cli("extract", folder, "--output", out, "--include-text")
    assert proc.returncode == 0, proc.stderr_text
    records = lines(out)
    assert [r["source"] for r in records] == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]
    for record in records:
        validator.validate(record)
        for item in record["items"]:
            for ent in item["entities"]:
                assert record["text"][ent["start"]:ent["end"]] == ent["text"]


def test_stdin_and_files_keep_input_order(tmp_path, validator):
    out = tmp_path / "out.jsonl"
    proc = cli("extract", SEEDS[1], "-", SEEDS[0], "--output", out, stdin=SEEDS[2].read_bytes())
    assert proc.returncode == 0, proc.stderr_text
    records = lines(out)
    assert [r["source"] for r in records] == [str(SEEDS[1]), "<stdin>", str(SEEDS[0])]
    validator.validate(records[1])
    assert records[1]["items"]


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_usage_errors_exit_2(tmp_path):
    out = tmp_path / "out.jsonl"
    for args, words in (
        (("extract", "--output", out), "no inputs"),
        (("extract", SEEDS[0]), "--output"),
        (("extract", SEEDS[0], "--output", out, "--format", "xml"), "format"),
        (("extract", SEEDS[0], "--output", out, "--workers", "0"), "workers"),
        (("extract", tmp_path, "--output", out), "no documents"),  # a folder with no minutes files
    ):
        proc = cli(*args)
        assert proc.returncode == 2, (args, proc.stderr_text)
        assert words in proc.stderr_text
    assert not out.exists()


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_model_that_does_not_exist_exit_2(tmp_path):
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "models" / "model-best"
    proc = cli("extract", SEEDS[0], "--output", out, "--model", missing)
    assert proc.returncode == 2
    assert str(missing) in proc.stderr_text and "does not exist" in proc.stderr_text
    assert "--model" in proc.stderr_text  # says what to do
    proc = cli("extract", SEEDS[0], "--output", out, "--model", "da_no_such_package")
    assert proc.returncode == 2 and "da_no_such_package" in proc.stderr_text
    assert not out.exists()


def test_mixed_good_and_bad_files(tmp_path, validator):
    root = tmp_path / "mixed"
    (root / "deep").mkdir(parents=True)
    shutil.copy(SEEDS[0], root / "deep" / "good.txt")
    shutil.copy(SEEDS[3], root / "good2.txt")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\n \t\n")
    (root / "binary.pdf").write_bytes(os.urandom(4096))
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (root / "page.html").write_text("<html><body><p>Velkommen til vores hjemmeside</p></body></html>")
    (root / "english.txt").write_text(
        "The committee met on Monday and approved the budget for the new school. "
        "The members discussed the plan at length and decided to postpone the vote.\n"
    )
    out = tmp_path / "out.jsonl"
    proc = cli("extract", root, "--output", out)
    assert proc.returncode == 1, proc.stderr_text
    records = lines(out)
    for record in records:
        validator.validate(record)
    by_source = {Path(r["source"]).name: r for r in records}
    assert len(records) == 8
    for bad in ("empty.txt", "blank.txt", "binary.pdf", "broken.pdf", "page.html"):
        error = by_source[bad]["error"]
        assert error["type"] == "InputError"
        assert bad in error["message"]
    for good in ("good.txt", "good2.txt"):
        assert by_source[good]["items"], good
    assert any("Danish" in w for w in by_source["english.txt"]["warnings"])
    assert "5 failed" in proc.stderr_text


def test_file_deleted_during_the_run(tmp_path, validator):
    from referat.extract.batch import run_batch
    from referat.extract.inputs import expand_inputs

    root = tmp_path / "in"
    root.mkdir()
    for i, seed in enumerate(SEEDS[:3]):
        shutil.copy(seed, root / f"{i}.txt")
    tasks = expand_inputs([root])  # listed ...
    (root / "1.txt").unlink()  # ... then deleted before it is read
    out = tmp_path / "out.jsonl"
    summary = run_batch([], out, tasks=tasks, progress=False)
    assert summary.exit_code == 1 and summary.failed == 1 and summary.written == 3
    records = lines(out)
    assert [Path(r["source"]).name for r in records] == ["0.txt", "1.txt", "2.txt"]
    assert records[1]["error"]["type"] == "InputError" and "not found" in records[1]["error"]["message"]
    assert records[0]["items"] and records[2]["items"]
    for record in records:
        validator.validate(record)


def test_missing_path_on_the_command_line_is_an_error_line(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = cli("extract", SEEDS[0], tmp_path / "gone.txt", "--output", out)
    assert proc.returncode == 1
    good, bad = lines(out)
    assert good["items"] and bad["error"]["type"] == "InputError"


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_resume_skips_done_and_repairs_a_cut_line(tmp_path, folder):
    out = tmp_path / "out.jsonl"
    assert cli("extract", folder, "--output", out).returncode == 0
    first = out.read_text(encoding="utf-8")
    shutil.copy(SEEDS[2], folder / "c.txt")
    with open(out, "a", encoding="utf-8") as fh:  # an interrupted run left half a line
        fh.write('{"source": "' + str(folder / "c.txt") + '", "meeting": {"bo')
    proc = cli("extract", folder, "--output", out, "--resume")
    assert proc.returncode == 0, proc.stderr_text
    assert "2 already done" in proc.stderr_text
    text = out.read_text(encoding="utf-8")
    assert text.startswith(first)
    records = lines(out)
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.txt", "c.txt"]
    proc = cli("extract", folder, "--output", out, "--resume")  # nothing left to do
    assert proc.returncode == 0 and len(lines(out)) == 3
    proc = cli("extract", folder, "--output", out)  # without --resume: written anew
    assert proc.returncode == 0 and len(lines(out)) == 3


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_interrupted_run_keeps_lines_and_resumes(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for i in range(40):  # 40 different files (--resume keys by content: a copy is the same document)
        text = Path(SEEDS[i % len(SEEDS)]).read_text(encoding="utf-8")
        (root / f"{i:02d}.txt").write_text(f"{text}\n\nKopi nr. {i}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "referat.cli", "extract", str(root), "--output", str(out)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:  # a new output is written to a temporary file until the end
        partial = next(tmp_path.glob(f".{out.name}.*.referat-partial"), None)
        if partial is not None and partial.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.05)
    interrupted = proc.poll() is None
    if interrupted:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    err_text = err.decode("utf-8", "replace")
    assert "Traceback" not in err_text
    kept = lines(out)  # every line written is whole JSON
    if interrupted and len(kept) < 40:
        assert proc.returncode == 130, err_text
        assert "--resume" in err_text
    resumed = cli("extract", root, "--output", out, "--resume")
    assert resumed.returncode == 0, resumed.stderr_text
    records = lines(out)
    assert records[: len(kept)] == kept
    assert sorted(r["source"] for r in records) == sorted(str(p) for p in root.glob("*.txt"))


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_workers_give_the_same_output_in_order(tmp_path, folder):
    for i, seed in enumerate(SEEDS):
        shutil.copy(seed, folder / f"z{i}.txt")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert cli("extract", folder, "--output", one).returncode == 0
    proc = cli("extract", folder, "--output", two, "--workers", "2")
    assert proc.returncode == 0, proc.stderr_text
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_csv_tables(tmp_path, folder):
    import pandas as pd

    (folder / "empty.txt").write_text("")
    out = tmp_path / "out"
    proc = cli("extract", folder, "--output", out, "--format", "csv")
    assert proc.returncode == 1, proc.stderr_text
    items = pd.read_csv(tmp_path / "out.items.csv")
    entities = pd.read_csv(tmp_path / "out.entities.csv")
    jsonl = tmp_path / "ref.jsonl"
    cli("extract", folder, "--output", jsonl)
    records = lines(jsonl)
    good = [r for r in records if "items" in r]
    assert len(items) == sum(len(r["items"]) for r in good) + 1  # + one row for the failed document
    assert len(entities) == sum(len(it["entities"]) for r in good for it in r["items"])
    failed = items[items["error_type"].notna()]
    assert list(failed["source"]) == [str(folder / "empty.txt")]
    assert set(entities["label"]) <= {"AMOUNT", "DATE", "PARTY", "PROJECT"}
    assert list(items["source"].drop_duplicates()) == [r["source"] for r in records]
    amount = entities[entities["label"] == "AMOUNT"].iloc[0]
    assert "amount" in json.loads(amount["value"])
    # resume appends without a second header or duplicate rows
    shutil.copy(SEEDS[3], folder / "zz.txt")
    proc = cli("extract", folder, "--output", out, "--format", "csv", "--resume")
    assert proc.returncode == 1, proc.stderr_text  # empty.txt failed before: tried again, fails again
    again = pd.read_csv(tmp_path / "out.items.csv")
    assert len(again) > len(items) and again["source"].iloc[-1] == str(folder / "zz.txt")
    assert not again.duplicated(["source", "item_index"]).any()


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_parquet_tables(tmp_path, folder):
    import pandas as pd

    out = tmp_path / "out.parquet"
    proc = cli("extract", folder, "--output", out, "--format", "parquet")
    assert proc.returncode == 0, proc.stderr_text
    items = pd.read_parquet(tmp_path / "out.items.parquet")
    entities = pd.read_parquet(tmp_path / "out.entities.parquet")
    assert list(items["source"].drop_duplicates()) == [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]
    assert len(entities) == items["n_entities"].sum()
    assert items["decision_score"].between(0, 1).all()
    shutil.copy(SEEDS[3], folder / "zz.txt")
    proc = cli("extract", folder, "--output", out, "--format", "parquet", "--resume")
    assert proc.returncode == 0 and "2 already done" in proc.stderr_text
    again = pd.read_parquet(tmp_path / "out.items.parquet")
    assert set(again["source"]) == {str(folder / "a.txt"), str(folder / "sub" / "b.txt"), str(folder / "zz.txt")}
    assert not again.duplicated(["source", "item_index"]).any()
