"""Shared test fixtures and markers.

- `ROOT`, `RAW`: the repository and its seed minutes.
- `shared_dir(name)`: a folder of ../shared (fixtures, corpus). Where it is missing the
  test is skipped on a developer's clone, and fails when `CI=true`, so that CI can
  never pass by skipping the tests on real documents.
- Markers: `slow` (doccano, the project workflow, transformer training, the browser,
  Dask; deselect with `pytest -m "not slow"` for a fast loop), `doccano`, `shared`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
SHARED = ROOT.parent / "shared"


def require_shared(name: str) -> Path:
    """The folder ../shared/<name>; skip where it is absent, fail under CI=true."""
    path = SHARED / name
    if path.is_dir():
        return path
    message = f"{path} is not available (../shared/{name} beside the repository)"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}; CI must have it.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Callable[[str], Path]:
    return require_shared


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "doccano_server" in getattr(item, "fixturenames", ()) or item.get_closest_marker("doccano"):
            item.add_marker(pytest.mark.slow)
