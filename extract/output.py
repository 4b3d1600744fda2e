"""What every output format shares: where it writes, the Writer interface, and its files.

- `output_paths(OUT, fmt)`: the file (jsonl) or the three tables (csv, parquet) a run writes.
- `Writer`: writes output dicts; `done` says what --resume skips, keyed by source with the sha256 of
  the input each was extracted from, so that the run (extract.batch) extracts a changed input again
  and does not extract the same content twice under another path. Each format fills `done` from its
  own output and drops a changed document's rows with `forget`.
- `NewFile` (a new output: a temporary file renamed into place at the end) and `AppendedFile` (an
  output resumed in place, cut back to its last whole document when writing fails).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Union

from referat.extract.atomic import AtomicFile, output_target
from referat.extract.tables import TABLES


def output_base(output: Union[str, Path]) -> Path:
    """OUT without a .jsonl/.csv/.parquet suffix: the stem of the csv/parquet tables."""
    path = Path(output)
    return path.with_suffix("") if path.suffix.lower() in (".jsonl", ".json", ".csv", ".parquet") else path


def output_paths(output: Union[str, Path], fmt: str) -> list[Path]:
    """The files (or folders) a run in `fmt` writes."""
    if fmt == "jsonl":
        return [Path(output)]
    base = output_base(output)
    ext = ".csv" if fmt == "csv" else ".parquet"
    return [base.parent / f"{base.name}.{table}{ext}" for table in TABLES]


class Writer:
    """Writes output dicts.

    `done` maps the sources already in the output that --resume skips to the sha256 of the input
    they were extracted from (None where the output does not say: an output written before it did);
    a document whose last line is an error is retried (its error line dropped) unless `keep_errors`,
    and then counts in `kept_errors`. `notes` are what the writer repaired, for the user.
    A new output is written beside the old one (extract.atomic) and put in its place when the run
    ends, also when it is interrupted (Ctrl-C), so an old output stays whole until then. When writing
    fails (disk full, ...), the run ends with `abort()`: the old output is left as it was (with
    --resume, as it was after the last document written whole).
    """

    done: dict[str, Optional[str]]
    kept_errors: int = 0
    notes: list[str]

    def write(self, record: dict[str, Any]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def forget(self, sources: set[str]) -> None:
        """Drop the rows of `sources` from a resumed output (their input changed: extracted again)."""

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        if exc_type is None or issubclass(exc_type, KeyboardInterrupt):
            self.close()
        else:
            self.abort()


class AppendedFile:
    """A file of a resumed output, appended to in place; `discard()` cuts it back to its last whole document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = open(path, "ab")
        self.good = self.fh.tell()

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.fh.flush()

    def mark(self) -> None:
        self.good = self.fh.tell()

    def commit(self) -> None:
        self.fh.close()

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        try:
            os.truncate(self.path, self.good)
        except OSError:
            pass


class NewFile:
    """A file of a new output: an AtomicFile, renamed over the old output on commit."""

    def __init__(self, path: Path) -> None:
        self.file = AtomicFile(path, binary=True)
        self.fh = self.file.fh

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.fh.flush()

    def mark(self) -> None:
        pass

    def commit(self) -> None:
        self.file.commit()

    def discard(self) -> None:
        self.file.discard()


def resumable(path: Path) -> bool:
    """An output --resume appends to: a regular file that exists (not a device written through)."""
    target, stream = output_target(path)
    return not stream and target.exists()


def digest_or_none(value: Any) -> Optional[str]:
    """A sha256 read back from an output: the hex string, or None where the output has none."""
    return value if isinstance(value, str) and value else None
