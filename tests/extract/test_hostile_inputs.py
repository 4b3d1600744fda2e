"""`referat extract` and `render` under hostile input (issue 13): nothing lost, nothing leaked,
nothing hangs. Each case builds its input in tmp_path and runs the real command in a
subprocess with a timeout, so a hang fails the test instead of stopping the suite."""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "corpus" / "raw").glob("*.txt"))
TIMEOUT = 240


#: Runs `python -m referat.cli` in a child of the session's process that loaded the pipeline
#: (conftest.py: `_command(args, ...)` as subprocess.run, `_command.start(args, ...)` as Popen).
_command: Any = None


@pytest.fixture(autouse=True)
def _commands(referat_command) -> None:
    global _command
    _command = referat_command


def cli(*args: object, stdin: object = subprocess.DEVNULL, timeout: int = TIMEOUT,
        env: dict | None = None) -> subprocess.CompletedProcess:
    proc = _command(args, stdin=stdin, timeout=timeout, cwd=REPO, env=env)
    proc.err = proc.stderr.decode("utf-8", "replace")  # type: ignore[attr-defined]
    assert "Traceback" not in proc.err, proc.err
    return proc


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_name(path: Path) -> dict[str, dict]:
    return {Path(r["source"]).name: r for r in records(path)}


# ------------------------------------------------------------------ data loss


def test_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path):
    doc = tmp_path / "doc.txt"
    shutil.copy(SEEDS[0], doc)
    before = doc.read_bytes()
    proc = cli("extract", doc, "-o", doc)
    assert proc.returncode == 2 and "is also an input" in proc.err
    assert doc.read_bytes() == before


def test_output_inside_the_input_folder_read_as_minutes_is_refused(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    proc = cli("extract", root, "-o", root / "out.txt")
    assert proc.returncode == 2 and "inside the input folder" in proc.err
    assert sorted(p.name for p in root.iterdir()) == ["a.txt"]


def test_parquet_never_deletes_files_it_did_not_write(tmp_path):
    pytest.importorskip("pyarrow")
    folder = tmp_path / "out.items.parquet"
    folder.mkdir()
    (folder / "mine.csv").write_text("precious")
    proc = cli("extract", SEEDS[0], "-o", tmp_path / "out", "--format", "parquet")
    assert proc.returncode == 2 and "did not write" in proc.err
    assert (folder / "mine.csv").read_text() == "precious"


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_old_output_stays_whole_until_the_new_run_ends(tmp_path):
    out = tmp_path / "out.jsonl"
    assert cli("extract", SEEDS[0], "-o", out).returncode == 0
    old = out.read_bytes()
    proc = cli("extract", tmp_path / "missing.txt", "-o", out)  # a run that writes only an error line
    assert proc.returncode == 1 and out.read_bytes() != old
    assert not list(tmp_path.glob(".*referat-partial"))  # the temporary file was renamed into place


# ------------------------------------------------------------------ disclosure


def test_render_never_opens_the_path_named_in_a_json_line(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-PASSWORD-LINE\n" + SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    line = {"source": str(secret), "meeting": {}, "items": [], "warnings": [],
            "pipeline": {"name": "x", "version": "1"}}
    jsonl = tmp_path / "hand.jsonl"
    jsonl.write_text(json.dumps(line) + "\n", encoding="utf-8")
    page = tmp_path / "page.html"
    proc = cli("render", jsonl, "-o", page)
    assert proc.returncode == 1 and "--include-text" in proc.err
    assert not page.exists() or "TOPSECRET" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [b"{not json\n", b"\xff\xfe\xfa\n", b"[1, 2]\n", b'{"items": 5, "source": 1}\n'])
def test_render_of_a_malformed_jsonl_is_a_clear_error(tmp_path, content):
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_bytes(content)
    proc = cli("render", jsonl, "-o", tmp_path / "page.html")
    assert proc.returncode == 1 and str(jsonl) in proc.err


def test_csv_cells_that_spreadsheets_read_as_formulas_are_escaped(tmp_path):
    text = SEEDS[0].read_text(encoding="utf-8")
    doc = tmp_path / "formula.txt"
    doc.write_text(text.replace("Godkendelse af dagsorden", "=HYPERLINK(\"http://x\")", 1)
                   .replace("Punkt 1:", "Punkt 1: @SUM(A1)", 1), encoding="utf-8")
    assert cli("extract", doc, "-o", tmp_path / "out", "--format", "csv").returncode == 0
    with open(tmp_path / "out.items.csv", encoding="utf-8", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert cells and not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert any(cell.startswith("'=") or cell.startswith("'@") for cell in cells)


# ------------------------------------------------------------------ hangs


def test_fifo_given_or_in_a_folder_is_an_error_line_not_a_hang(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    os.mkfifo(root / "pipe.txt")
    os.mkfifo(tmp_path / "given.txt")
    out = tmp_path / "out.jsonl"
    proc = cli("extract", root, tmp_path / "given.txt", "-o", out, timeout=120)
    assert proc.returncode == 1
    got = by_name(out)
    assert got["a.txt"]["items"]
    for name in ("pipe.txt", "given.txt"):
        assert "named pipe" in got[name]["error"]["message"]


def test_symlinked_folder_is_followed_once_and_a_loop_is_not(tmp_path):
    root, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    shutil.copy(SEEDS[1], elsewhere / "b.txt")
    (root / "linked").symlink_to(elsewhere)
    (elsewhere / "back").symlink_to(root)  # a loop: in/linked/back -> in
    out = tmp_path / "out.jsonl"
    proc = cli("extract", root, "-o", out, timeout=120)
    assert proc.returncode == 0, proc.err
    names = [Path(r["source"]).name for r in records(out)]
    assert sorted(names) == ["a.txt", "b.txt"]


def test_broken_link_is_an_error_line(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "out.jsonl"
    proc = cli("extract", root, "-o", out)
    assert proc.returncode == 1
    assert "cannot be read" in by_name(out)["gone.txt"]["error"]["message"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_an_error_line(tmp_path):
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    shutil.copy(SEEDS[0], root / "a.txt")
    (root / "locked").chmod(0)
    try:
        out = tmp_path / "out.jsonl"
        proc = cli("extract", root, "-o", out)
        assert proc.returncode == 1
        assert "cannot be listed" in by_name(out)["locked"]["error"]["message"]
        only = cli("extract", root / "locked", "-o", out)
        assert only.returncode == 1 and "no documents found" not in only.err
    finally:
        (root / "locked").chmod(0o755)


def test_file_name_that_is_not_utf8_is_reported_readably(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    bad = os.fsdecode(b"\xffreferat.txt")
    shutil.copy(SEEDS[0], root / bad)
    shutil.copy(SEEDS[1], root / "z.txt")  # after it in order: must not be lost
    out = tmp_path / "out.jsonl"
    proc = cli("extract", root, "-o", out)
    assert proc.returncode == 0, proc.err
    sources = [r["source"] for r in records(out)]
    assert sorted(Path(s).name for s in sources) == ["z.txt", "\ufffdreferat.txt"]


def test_closed_stdin_is_an_error_line(tmp_path, referat_command):
    out = tmp_path / "out.jsonl"  # as `python -m referat.cli extract - -o out <&-`
    proc = referat_command(["extract", "-", "-o", out], stdin=referat_command.CLOSED, timeout=TIMEOUT, cwd=REPO)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and proc.returncode == 1, err
    [line] = records(out)
    assert "closed" in line["error"]["message"]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _start_workers_run(tmp_path: Path, n: int = 12) -> tuple[subprocess.Popen, Path, Path]:
    root = tmp_path / "in"
    root.mkdir()
    for i in range(n):
        shutil.copy(SEEDS[i % len(SEEDS)], root / f"{i:02d}.txt")
    out = tmp_path / "out.jsonl"
    # as subprocess.Popen([python, -m, referat.cli, ...], stdout=PIPE, stderr=PIPE), forked by the session's server
    proc = _command.start(["extract", root, "-o", out, "--workers", "2"], cwd=REPO)
    return proc, root, out


def _worker_pids(proc: subprocess.Popen, deadline: float) -> list[int]:
    """The pool's worker processes (spawned python processes; the resource tracker has no pipeline)."""
    while time.time() < deadline and proc.poll() is None:
        kids = [p for p in _children(proc.pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        if len(kids) >= 2:
            return kids
        time.sleep(0.1)
    return []


@pytest.mark.slow  # a subprocess or a worker pool: seconds
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_worker_killed_mid_run_does_not_hang_the_run(tmp_path):
    proc, root, out = _start_workers_run(tmp_path)
    workers = _worker_pids(proc, time.time() + 120)
    assert workers, "no worker processes seen"
    os.kill(workers[0], signal.SIGKILL)
    try:
        _, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the run hangs after a worker died")
    err_text = err.decode("utf-8", "replace")
    assert "Traceback" not in err_text and proc.returncode in (0, 1), err_text
    got = records(out)
    assert sorted(Path(r["source"]).name for r in got) == sorted(p.name for p in root.iterdir())
    for record in got:  # extracted again in a fresh worker, or a clear error line
        assert record.get("items") is not None or "worker process" in record["error"]["message"]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_ctrl_c_with_workers_ends_promptly(tmp_path):
    proc, _, _ = _start_workers_run(tmp_path, n=40)
    _worker_pids(proc, time.time() + 120)
    proc.send_signal(signal.SIGINT)
    start = time.time()
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("Ctrl-C did not end the run within 30 s")
    err_text = err.decode("utf-8", "replace")
    assert time.time() - start < 30 and "Traceback" not in err_text
    assert proc.returncode in (0, 130), err_text


# ------------------------------------------------------------------ resume


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_resume_retries_documents_that_failed(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    (root / "b.txt").write_text("")
    out = tmp_path / "out.jsonl"
    assert cli("extract", root, "-o", out).returncode == 1
    kept = cli("extract", root, "-o", out, "--resume", "--keep-errors")
    assert kept.returncode == 1 and "kept" in kept.err and len(records(out)) == 2
    shutil.copy(SEEDS[1], root / "b.txt")  # fixed after the failure
    proc = cli("extract", root, "-o", out, "--resume")
    assert proc.returncode == 0, proc.err
    got = records(out)
    assert [Path(r["source"]).name for r in got] == ["a.txt", "b.txt"]
    assert all(r.get("items") for r in got)


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_resume_repairs_a_corrupt_jsonl_tail(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    shutil.copy(SEEDS[1], root / "b.txt")
    out = tmp_path / "out.jsonl"
    assert cli("extract", root / "a.txt", "-o", out).returncode == 0
    with open(out, "ab") as fh:
        fh.write(b'{"source": "\xff\xfe broken utf-8"}\n{"source": "x", "meeting": {"bo\n')
    proc = cli("extract", root, "-o", out, "--resume")
    assert proc.returncode == 0, proc.err
    assert "corrupt" in proc.err
    assert [Path(r["source"]).name for r in records(out)] == ["a.txt", "b.txt"]


@pytest.mark.slow  # a subprocess or a worker pool: seconds
def test_resume_sets_a_junk_parquet_part_aside(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    assert cli("extract", SEEDS[0], "-o", out, "--format", "parquet").returncode == 0
    (tmp_path / "out.items.parquet" / "part-00001.parquet").write_bytes(b"PAR1 junk, not a parquet file")
    proc = cli("extract", SEEDS[0], SEEDS[1], "-o", out, "--format", "parquet", "--resume")
    assert proc.returncode == 0, proc.err
    items = pd.read_parquet(tmp_path / "out.items.parquet")
    assert sorted(set(items["source"])) == sorted(str(s) for s in SEEDS[:2])


# ------------------------------------------------------------------ everything at once


def test_a_folder_of_every_hostile_input_among_good_minutes(tmp_path):
    """Every good document extracted, one clear error line per bad one, exit 1, no traceback, no hang,
    nothing written outside the output."""
    import zlib

    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    good = []
    for i, seed in enumerate(SEEDS):
        name = f"good{i}.txt"
        shutil.copy(seed, (root / "sub" if i % 2 else root) / name)
        good.append(name)
    (root / "empty.txt").write_text("")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 20)
    os.mkfifo(root / "fifo.txt")
    (root / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "notpdf.pdf").write_bytes(b"PK\x03\x04 a zip, not a pdf")
    z = zlib.compressobj(9)
    stream = z.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" + b" " * (8 << 20)) + z.flush()
    head = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] "
            b"/Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n4 0 obj\n")
    dictionary = b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
    bomb = head + dictionary + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    (root / "bomb.pdf").write_bytes(bomb)
    (root / os.fsdecode(b"\xfename.txt")).write_bytes(SEEDS[0].read_bytes())  # good, with a non-UTF-8 name
    (root / "sub" / "loop").symlink_to(root)
    data = SEEDS[1].read_bytes()  # issue 25: UTF-8 with a bad byte, FirstAgenda fields of the wrong type
    (root / "badbyte.txt").write_bytes(data[:300] + b"\xff" + data[300:])
    (root / "types.json").write_text(json.dumps({
        "Dagsordenpunkter": [{"Number": "1" * 30, "Caption": "Budget", "Felter": [{"Html": "<h3>Beslutning</h3>"
                                                                                           "<p>Godkendt.</p>"}]}],
        "Udvalg": {"Navn": "Byrådet"}, "Moede": {"Dato": "2022-13-45", "Afsluttet": "true",
                                                 "Moededeltagere": [{"Name": "Anna Holm", "Absent": "false"}]}}))
    warned = {"badbyte.txt": "not valid UTF-8", "types.json": "2022-13-45"}
    from referat.corpus.pdfgen import text_to_pdf  # issue 25: a PDF drawn turned reads as the one drawn upright

    text_to_pdf(SEEDS[2].read_text(encoding="utf-8"), root / "upright.pdf")
    text_to_pdf(SEEDS[2].read_text(encoding="utf-8"), root / "turned.pdf", turn=90)
    bad = {"empty.txt", "binary.txt", "fifo.txt", "broken.txt", "notpdf.pdf", "bomb.pdf"}
    before = {p: p.stat().st_mtime for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    out = tmp_path / "out" / "result.jsonl"
    env = dict(os.environ, REFERAT_MAX_PDF_CONTENT_MB="4")
    proc = cli("extract", root, "-o", out, timeout=300, env=env)
    assert proc.returncode == 1, proc.err
    got = records(out)
    names = [Path(r["source"]).name for r in got]
    assert len(names) == len(set(names)), "a document appears twice (the loop was followed)"
    by = dict(zip(names, got))
    for name in good + ["\ufffdname.txt"] + list(warned) + ["upright.pdf", "turned.pdf"]:
        assert by[name].get("items"), name
    assert [{k: v for k, v in item.items() if k != "source"} for item in by["turned.pdf"]["items"]] == [
        {k: v for k, v in item.items() if k != "source"} for item in by["upright.pdf"]["items"]]
    for name, words in warned.items():
        assert any(words in w for w in by[name]["warnings"]), by[name]["warnings"]
    for name in bad:
        error = by[name]["error"]
        assert error["type"] == "InputError" and name in error["message"], error
    assert len(got) == len(good) + 1 + len(warned) + len(bad) + 2
    after = {p: p.stat().st_mtime for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink() and "out" not in p.parts}
    assert {p: m for p, m in after.items() if p in before} == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["result.jsonl"]


# ------------------------------------------------------------------ issue 25: outputs written safely


def _minutes_line(source: str, body: str = "Byrådet", date: str = "2024-03-18", items: list | None = None) -> dict:
    return {"source": source, "meeting": {"body": body, "date": date}, "items": items or [], "warnings": [],
            "pipeline": {"name": "referat_da_cnn", "version": "0"}}


def _write_lines(output: Path, lines: list[dict], **kwargs: object):
    from referat.extract.batch import write_results
    from referat.extract.inputs import Task

    tasks = [Task(source=line["source"], path=line["source"]) for line in lines]
    return write_results(tasks, lambda todo: iter(lines[:len(todo)]), output, progress=False, **kwargs)


def test_temporary_files_are_unpredictable_and_never_follow_a_planted_symlink(tmp_path):
    from referat.extract.atomic import AtomicFile
    from referat.extract.votes import write_csv

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out.jsonl"
    for name in (".out.jsonl.referat-partial", ".page.html.referat-partial", ".t.csv.referat-partial"):
        (tmp_path / name).symlink_to(victim)  # the names earlier releases used
    one, two = AtomicFile(out), AtomicFile(out)
    assert one.tmp is not None and one.tmp.parent == tmp_path and not one.tmp.is_symlink()
    assert one.tmp.name != ".out.jsonl.referat-partial" and one.tmp != two.tmp
    one.discard()
    two.discard()
    _write_lines(out, [_minutes_line("a.txt")])
    write_csv(tmp_path / "t.csv", [{"a": "=1"}], ["a"])
    assert victim.read_text() == "precious" and records(out)[0]["source"] == "a.txt"
    assert (tmp_path / "t.csv").read_text() == "a\n'=1\n" and oct(out.stat().st_mode & 0o777) != "0o600"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".referat-partial") and not p.is_symlink()]


def test_output_naming_a_device_fifo_socket_or_symlink_is_written_through_or_refused(tmp_path):
    import socket
    import stat
    import threading

    from referat.errors import ReferatError

    _write_lines(Path("/dev/null"), [_minutes_line("a.txt")])
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # a device stays a device
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    _write_lines(fifo, [_minutes_line("a.txt")])
    reader.join(10)
    assert json.loads(got[0])["source"] == "a.txt" and stat.S_ISFIFO(fifo.lstat().st_mode)
    real, link = tmp_path / "real.jsonl", tmp_path / "link.jsonl"
    real.write_text("old\n")
    link.symlink_to(real)
    _write_lines(link, [_minutes_line("b.txt")])
    assert link.is_symlink() and records(real)[0]["source"] == "b.txt"  # the link stays, its file is written
    (tmp_path / "dangling.jsonl").symlink_to(tmp_path / "nowhere")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    for target in (tmp_path / "dangling.jsonl", tmp_path / "sock"):
        with pytest.raises(ReferatError) as info:
            _write_lines(target, [_minutes_line("c.txt")])
        assert str(target) in str(info.value)
    sock.close()
    assert not (tmp_path / "nowhere").exists() and stat.S_ISSOCK((tmp_path / "sock").lstat().st_mode)


@pytest.mark.slow  # a subprocess: seconds
def test_output_to_dev_stdout_prints_and_a_socket_is_refused(tmp_path):
    import socket

    proc = cli("extract", SEEDS[0], "-o", "/dev/stdout")
    assert proc.returncode == 0 and json.loads(proc.stdout)["items"], proc.err
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "out.jsonl"))
    proc = cli("extract", SEEDS[0], "-o", tmp_path / "out.jsonl")
    sock.close()
    assert proc.returncode == 2 and "is a socket" in proc.err


def test_a_failed_write_leaves_the_old_output_and_says_what_failed(tmp_path):
    from referat.extract.atomic import OutputError

    out = tmp_path / "out.jsonl"
    old = json.dumps(_minutes_line("old.txt")) + "\n"
    out.write_text(old)
    lines = [_minutes_line(f"{i}.txt") for i in range(3)]
    with pytest.raises(OutputError) as info:
        _write_lines(Path("/dev/full"), lines)
    assert "disk is full" in str(info.value)
    for resume in (False, True):  # a new output, and one appended to by --resume
        with pytest.raises(OutputError):
            _write_with_size_limit(out, lines, resume)
        assert out.read_text() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def _write_with_size_limit(out: Path, lines: list[dict], resume: bool) -> None:
    """Write `lines` to `out` under a file-size limit a little above the old output (EFBIG)."""
    import resource

    from referat.extract.atomic import OutputError

    big = [dict(line, warnings=["x" * 50_000]) for line in lines]
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, hard))
    try:
        _write_lines(out, big, resume=resume)
    except OutputError as exc:
        assert "file size limit" in str(exc) and str(out) in str(exc)
        raise
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@pytest.mark.slow  # a subprocess: seconds
def test_cli_write_failure_exits_1_and_keeps_the_old_output(tmp_path):
    import resource

    out = tmp_path / "out.jsonl"
    out.write_text('{"old": 1}\n')
    proc = subprocess.run([sys.executable, "-m", "referat.cli", "extract", *SEEDS[:3], "-o", out], cwd=REPO,
                          capture_output=True, timeout=TIMEOUT,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000)))
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1 and "Traceback" not in err and "file size limit" in err, err
    assert out.read_text() == '{"old": 1}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_two_runs_with_the_same_output_the_second_is_refused(tmp_path):
    from referat.errors import ReferatError
    from referat.extract.atomic import OutputLock

    out = tmp_path / "out.jsonl"
    with OutputLock(out):
        with pytest.raises(ReferatError) as info:
            _write_lines(out, [_minutes_line("a.txt")])
        assert "another referat run" in str(info.value)
        assert not out.exists()
    _write_lines(out, [_minutes_line("a.txt")])  # the lock is released with the run
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_output_path_too_long_is_a_clear_error(tmp_path):
    proc = cli("extract", SEEDS[0], "-o", tmp_path / ("x" * 300 + ".jsonl"), timeout=120)
    assert proc.returncode == 2 and "too long" in proc.err


# ------------------------------------------------------------------ issue 25: API and resume


def test_extract_of_a_str_that_names_a_missing_file_a_url_or_bytes(tmp_path):
    from referat import extract
    from referat.corpus.pdfgen import text_to_pdf
    from referat.errors import InputError

    for source, words in (("referat-2024.pdf", "file not found"), (str(tmp_path / "gone"), "file not found"),
                          ("https://example.dk/referat.pdf", "referat reads files"),
                          (b"Punkt 1: Budget\n\nBeslutning\n\nGodkendt.\n", "only when they are a PDF")):
        with pytest.raises(InputError) as info:
            extract(source)
        assert words in str(info.value), info.value
    pdf = tmp_path / "doc.pdf"
    text_to_pdf(SEEDS[0].read_text(encoding="utf-8"), pdf)
    assert extract(pdf.read_bytes()).items  # bytes of a PDF are read as the PDF
    assert extract("Punkt 1: Budget\n\nBeslutning\n\nGodkendt.\n").items  # text is still text


@pytest.mark.slow  # subprocesses: seconds
def test_resume_keys_documents_by_content(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    shutil.copy(SEEDS[1], root / "b.txt")
    out = tmp_path / "out.jsonl"
    assert cli("extract", root, "-o", out).returncode == 0
    first = by_name(out)
    assert first["a.txt"]["sha256"]
    (tmp_path / "alias").symlink_to(root)  # the same files by another path: not extracted twice
    proc = cli("extract", tmp_path / "alias", "-o", out, "--resume")
    assert proc.returncode == 0 and "2 already done" in proc.err, proc.err
    assert len(records(out)) == 2
    shutil.copy(SEEDS[2], root / "b.txt")  # changed since: extracted again, its old line dropped
    proc = cli("extract", root, "-o", out, "--resume")
    assert proc.returncode == 0 and "1 document(s) changed" in proc.err, proc.err
    got = by_name(out)
    assert len(records(out)) == 2 and got["a.txt"] == first["a.txt"]
    assert got["b.txt"]["sha256"] != first["b.txt"]["sha256"]
    assert got["b.txt"]["meeting"] != first["b.txt"]["meeting"]


def test_votes_with_dollar_and_math_text_and_hand_made_lines(tmp_path):
    from referat.errors import InputError
    from referat.extract.votes import write_votes

    position = {"position": "AGAINST", "name": "Anna $Holm", "party": "Ø", "party_name": "$\\frac{1}{0}$",
                "text": "x", "start": 0, "end": 1}
    item = {"number": 1, "title": "t", "decision": {"type": "APPROVED", "score": 1.0}, "start": 0, "end": 1,
            "votes": {"positions": [position]}}
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(_minutes_line("a.txt", body="Udvalg $x^2$ $", items=[item])) + "\n")
    summary = write_votes(good, tmp_path / "votes")
    assert summary.positions == 1 and all(p.stat().st_size for p in summary.outputs)
    bad = tmp_path / "hand.jsonl"
    bad.write_text(json.dumps(_minutes_line("b.txt", items=[dict(item, votes={"positions": "nope"})])) + "\n")
    with pytest.raises(InputError) as info:
        write_votes(bad, tmp_path / "votes2")
    assert "line 1" in str(info.value) and str(bad) in str(info.value)


@pytest.mark.slow  # a subprocess: seconds
def test_render_of_a_firstagenda_meeting_and_votes_never_traceback(tmp_path):
    meeting = {
        "Dagsordenpunkter": [{"Number": "1", "Caption": "Budget", "Felter": [
            {"Navn": "Beslutning", "Html": "<p>Godkendt.</p>"}]}],
        "Udvalg": {"Navn": "Økonomiudvalget"}, "Moede": {"Dato": "2024-03-18T16:30:00", "Afsluttet": True},
    }
    doc = tmp_path / "moede.json"
    doc.write_text(json.dumps(meeting), encoding="utf-8")
    proc = cli("render", doc, "-o", tmp_path / "page.html")
    assert proc.returncode == 0, proc.err
    assert "Budget" in (tmp_path / "page.html").read_text(encoding="utf-8")
    hand = tmp_path / "hand.jsonl"
    hand.write_text('{"source": "x", "items": [{"votes": 5}]}\n')
    proc = cli("votes", hand, "-o", tmp_path / "votes")
    assert proc.returncode == 2 and "line 1" in proc.err


# ------------------------------------------------------------------ issue 25: bounded time


def test_a_document_past_the_time_limit_becomes_an_error_line(tmp_path, monkeypatch):
    from referat.extract.inputs import Task
    from referat.extract.workers import TIME_LIMIT_ENV, process_task, time_limit_seconds
    from referat.pipeline import load

    assert time_limit_seconds() > 0  # on by default in batch runs
    nlp = load()
    doc = tmp_path / "long.txt"
    doc.write_text("\n\n".join([SEEDS[0].read_text(encoding="utf-8")] * 20), encoding="utf-8")
    monkeypatch.setenv(TIME_LIMIT_ENV, "0.05")
    record = process_task(Task(source=str(doc), path=str(doc)), nlp)
    assert record["error"]["type"] == "InputError" and "0.05 s" in record["error"]["message"]
    assert TIME_LIMIT_ENV in record["error"]["message"] and str(doc) in record["error"]["message"]
    assert process_task(Task(source=str(SEEDS[0]), path=str(SEEDS[0])), nlp, limit=0)["items"]  # 0: no limit


def _read_output(out: Path, fmt: str) -> tuple[list[dict], list[dict]]:
    """(items rows, entities rows) of an output in `fmt`, as dicts (jsonl: one row per line)."""
    if fmt == "jsonl":
        return records(out), []
    from referat.extract.writers import output_paths

    items, entities, _ = output_paths(out, fmt)
    if fmt == "csv":
        return [dict(r) for r in csv.DictReader(items.open(encoding="utf-8"))], [
            dict(r) for r in csv.DictReader(entities.open(encoding="utf-8"))]
    import pyarrow.parquet as pq

    return pq.read_table(items).to_pylist(), pq.read_table(entities).to_pylist()


def _content_run(out: Path, fmt: str, files: list[Path], resume: bool = True) -> list[str]:
    """Write a run over `files` (each file's line made here, with its sha256 and one entity named by its
    content); returns the names of the files the run extracted."""
    from referat.extract.batch import write_results
    from referat.extract.inputs import Task, file_sha256

    def line(task) -> dict:
        text = Path(task.path).read_text(encoding="utf-8")
        entity = {"label": "PROJECT", "text": text, "start": 0, "end": len(text)}
        item = {"number": 1, "title": "t", "decision": {"type": "APPROVED", "score": 1.0}, "start": 0, "end": 1,
                "entities": [entity]}
        return dict(_minutes_line(task.source, items=[item]), sha256=file_sha256(task.path))

    done: list[str] = []

    def results(todo):
        for task in todo:
            done.append(Path(task.source).name)
            yield line(task) if Path(task.path).read_text(encoding="utf-8") != "fails" else {
                "source": task.source, "error": {"type": "InputError", "message": "x"}}

    tasks = [Task(source=str(f), path=str(f)) for f in files]
    write_results(tasks, results, out, fmt, resume=resume, progress=False)
    return done


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_resume_keys_csv_and_parquet_documents_by_content_as_jsonl_does(tmp_path, fmt):
    """Issue 25: every format keys --resume by path and content (one mechanism, extract.batch._todo): a
    changed input is extracted again and its old rows dropped, the same file by another path is not
    extracted twice, and a document retried after an error does not shift which rows are dropped."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    root = tmp_path / "in"
    root.mkdir()
    files = [root / f"{name}.txt" for name in "abc"]
    for f, text in zip(files, ("fails", "beta", "gamma")):
        f.write_text(text, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert _content_run(out, fmt, files, resume=False) == ["a.txt", "b.txt", "c.txt"]
    (tmp_path / "alias").symlink_to(root)
    files[0].write_text("alpha", encoding="utf-8")  # failed before: tried again, its error row dropped
    files[2].write_text("gamma, changed", encoding="utf-8")  # changed: extracted again, its old rows dropped
    again = [files[0], tmp_path / "alias" / "b.txt", files[2]]  # b by another path: not extracted twice
    assert _content_run(out, fmt, again) == ["a.txt", "c.txt"]
    items, entities = _read_output(out, fmt)
    sources = [Path(r["source"]).name for r in items]
    assert sorted(sources) == ["a.txt", "b.txt", "c.txt"], sources
    by_source = {Path(r["source"]).name: r for r in items}
    assert by_source["a.txt"]["sha256"] and by_source["b.txt"]["sha256"] != by_source["a.txt"]["sha256"]
    if fmt != "jsonl":
        assert sorted(e["text"] for e in entities) == ["alpha", "beta", "gamma, changed"]
    assert _content_run(out, fmt, files) == []  # and now everything is done


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_resume_of_a_table_written_before_it_carried_the_sha256(tmp_path, fmt):
    """Older csv/parquet outputs have no sha256 column: they still resume, by path, and get the column."""
    if fmt == "parquet":
        pa = pytest.importorskip("pyarrow")
        import pyarrow.parquet as pq
    from referat.extract.writers import ITEM_COLUMNS, output_paths

    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for f in files:
        f.write_text(f.stem, encoding="utf-8")
    out = tmp_path / "out"
    _content_run(out, fmt, files[:1], resume=False)
    items = output_paths(out, fmt)[0]
    if fmt == "csv":  # the table as an older release wrote it: no sha256 column
        rows = list(csv.reader(items.open(encoding="utf-8")))
        assert rows[0][-1] == "sha256"
        with items.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(row[:-1] for row in rows)
    else:
        part = next(items.glob("part-*.parquet"))
        pq.write_table(pq.read_table(part).drop(["sha256"]), part)
    files[0].write_text("a, changed since", encoding="utf-8")  # unknowable without the hash: kept by path
    assert _content_run(out, fmt, files) == ["b.txt"]
    got, _ = _read_output(out, fmt)
    assert [Path(r["source"]).name for r in got] == ["a.txt", "b.txt"]
    assert not got[0]["sha256"] and got[1]["sha256"]
    if fmt == "csv":
        assert next(csv.reader(items.open(encoding="utf-8"))) == ITEM_COLUMNS
    else:
        assert all("sha256" in pq.read_schema(p).names for p in items.glob("part-*.parquet"))
        assert pa is not None


def test_a_new_parquet_run_keeps_the_old_output_until_it_has_written(tmp_path):
    """Issue 25: a new parquet run writes beside the old folders and puts its own in place at the end (also
    on Ctrl-C); a run that fails, or is killed, leaves the old output as it was."""
    pytest.importorskip("pyarrow")
    from referat.extract.batch import write_results
    from referat.extract.inputs import Task
    from referat.extract.writers import output_paths

    out = tmp_path / "out"
    folders = output_paths(out, "parquet")

    def run(names: list[str], fail: BaseException | None = None, check=None) -> None:
        lines = [_minutes_line(name) for name in names]

        def results(todo):
            for line in lines:
                yield line
            if check is not None:
                check()
            if fail is not None:
                raise fail

        write_results([Task(source=n, path=n) for n in names], results, out, "parquet", progress=False)

    def sources() -> list[str]:
        return [r["source"] for r in _read_output(out, "parquet")[0]]

    run(["old.txt"])
    before = {f: sorted(p.name for p in f.iterdir()) for f in folders}
    run(["new.txt"], check=lambda: sources() == ["old.txt"] or pytest.fail("old output changed mid-run"))
    assert sources() == ["new.txt"]
    with pytest.raises(RuntimeError):
        run(["broken.txt"], fail=RuntimeError("disk gone"))
    assert sources() == ["new.txt"]
    with pytest.raises(KeyboardInterrupt):  # Ctrl-C: what was written is put in place, for --resume
        run(["cut.txt"], fail=KeyboardInterrupt())
    assert sources() == ["cut.txt"]
    (tmp_path / ".out.items.parquet.abcd1234.referat-partial").mkdir()  # left by a killed run: swept
    (tmp_path / ".out.items.parquet.abcd1234.referat-partial" / "part-00000.parquet").write_bytes(b"x")
    (tmp_path / ".out.items.parquet.keep.referat-partial").mkdir()  # not a name referat makes: left alone
    run(["last.txt"])
    assert sources() == ["last.txt"]
    assert {f: sorted(p.name for p in f.iterdir()) for f in folders} == before  # one part each, nothing else
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [
        ".out.items.parquet.keep.referat-partial"]


@pytest.mark.parametrize("exchange", [True, False])
def test_replace_folder_swaps_whole_folders(tmp_path, monkeypatch, exchange):
    """atomic.replace_folder: the new folder takes the old one's place and the old one is handed back whole,
    by one renameat2 exchange on Linux or by renaming the old one aside elsewhere."""
    from referat.extract import atomic

    if not exchange:
        monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    target = tmp_path / "out.items.parquet"
    target.mkdir()
    (target / "part-00000.parquet").write_text("old")
    new = atomic.new_folder_beside(target)
    (new / "part-00000.parquet").write_text("new")
    old = atomic.replace_folder(new, target)
    assert (target / "part-00000.parquet").read_text() == "new"
    assert old is not None and (old / "part-00000.parquet").read_text() == "old"
    fresh = atomic.new_folder_beside(tmp_path / "other.parquet")
    assert atomic.replace_folder(fresh, tmp_path / "other.parquet") is None and (tmp_path / "other.parquet").is_dir()
