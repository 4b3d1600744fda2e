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

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "corpus" / "raw").glob("*.txt"))
TIMEOUT = 240


def cli(*args: object, stdin: object = subprocess.DEVNULL, timeout: int = TIMEOUT,
        env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "referat.cli", *map(str, args)], stdin=stdin,
                          capture_output=True, timeout=timeout, cwd=REPO, env=env)
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


def test_closed_stdin_is_an_error_line(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(f'exec "{sys.executable}" -m referat.cli extract - -o "{out}" <&-', shell=True,
                          capture_output=True, timeout=TIMEOUT, cwd=REPO)
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
    proc = subprocess.Popen([sys.executable, "-m", "referat.cli", "extract", str(root), "-o", str(out), "--workers", "2"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
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
    for name in good + ["\ufffdname.txt"]:
        assert by[name].get("items"), name
    for name in bad:
        error = by[name]["error"]
        assert error["type"] == "InputError" and name in error["message"], error
    assert len(got) == len(good) + 1 + len(bad)
    after = {p: p.stat().st_mtime for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink() and "out" not in p.parts}
    assert {p: m for p, m in after.items() if p in before} == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["result.jsonl"]
