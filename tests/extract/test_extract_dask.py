"""Dask: a LocalCluster with two worker processes gives the single-process output, line for line."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow  # starts a local Dask cluster

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "corpus" / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
    ) as local, Client(local) as client:
        yield client


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    (root / "2024").mkdir(parents=True)
    for i, seed in enumerate(SEEDS):
        shutil.copy(seed, (root / "2024" if i % 2 else root) / seed.name)
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a pdf at all")
    return root


def test_dask_output_identical_to_single_process(tmp_path, archive, cluster):
    from referat.extract.batch import run_batch
    from referat.extract.distributed import run_on_dask

    single, dask_out = tmp_path / "single.jsonl", tmp_path / "dask.jsonl"
    local = run_batch([archive], single, progress=False)
    remote = run_on_dask([archive], cluster, dask_out, progress=False)
    assert (remote.written, remote.failed) == (local.written, local.failed) == (len(SEEDS) + 1, 1)
    assert dask_out.read_bytes() == single.read_bytes()
    # each worker process loaded the pipeline once, not once per document
    loads = cluster.run(lambda: __import__("referat.pipeline.loading", fromlist=["load_count"]).load_count)
    assert len(loads) == 2 and all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1


def test_extract_bag_in_order(archive, cluster):
    from referat.extract.inputs import expand_inputs
    from referat.extract.distributed import extract_bag

    bag = extract_bag([archive], partition_size=1)
    records = bag.compute()
    sources = [r["source"] for r in records]
    assert sources == [t.source for t in expand_inputs([archive])] == sorted(sources)
    assert sum("error" in r for r in records) == 1
    decisions = bag.filter(lambda r: "items" in r).map(lambda r: len(r["items"])).sum().compute()
    assert decisions == sum(len(r["items"]) for r in records if "items" in r)


def test_run_on_dask_resume(tmp_path, archive, cluster):
    from referat.extract.distributed import run_on_dask

    out = tmp_path / "out.jsonl"
    first = run_on_dask([archive / "2024"], cluster, out, progress=False)
    second = run_on_dask([archive], cluster, out, resume=True, progress=False)
    assert second.skipped == first.written
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len({r["source"] for r in records}) == len(SEEDS) + 1


def test_cli_reports_an_unreachable_scheduler(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "referat.cli", "extract", str(SEEDS[0]), "--output", str(tmp_path / "o.jsonl"),
         "--dask-scheduler", "tcp://127.0.0.1:9"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr
