"""The seeds' `extract()` output, pinned.

Any change to what users get from the five seed minutes shows up here as a diff.
Where a change is intended, regenerate with
`REFERAT_UPDATE_SNAPSHOTS=1 pytest tests/extract/test_seed_output.py` and say why in
the commit. The pipeline's name and version are left out: they change with releases.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from referat import extract

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def _output(path: Path) -> dict:
    out = extract(path).to_dict()
    out.pop("pipeline")
    out["source"] = path.name
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_output_is_pinned(seed: Path) -> None:
    snapshot = SNAPSHOTS / f"{seed.stem}.json"
    got = _output(seed)
    if os.environ.get("REFERAT_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(snapshot.read_text(encoding="utf-8"))
    assert got == expected
