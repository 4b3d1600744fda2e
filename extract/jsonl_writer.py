"""`--format jsonl`: one JSON object per line (the output contract), flushed per document.

A resumed output is repaired first: corrupt lines (not JSON, not UTF-8), a line cut off by an
interrupted run and the error lines of documents to retry are dropped. Each line carries the
input's `sha256`, which --resume compares (extract.output.Writer).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Optional, Union

from referat.extract.atomic import AtomicFile, output_target, write_error
from referat.extract.output import AppendedFile, NewFile, Writer, digest_or_none, resumable
from referat.extract.workers import is_error


def _line_record(raw: bytes) -> Optional[dict[str, Any]]:
    """The output dict of one jsonl line, None when the line is not a whole referat record."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except ValueError:  # bad UTF-8 or not JSON
        return None
    if not isinstance(record, dict) or not isinstance(record.get("source"), str):
        return None
    return record


def _replace_lines(path: Path, keep: Callable[[int, bytes], bool]) -> None:
    """Rewrite `path` with the lines `keep(index, line)` accepts (temporary file, then rename)."""
    with open(path, "rb") as src, AtomicFile(path, binary=True) as dst:
        for index, raw in enumerate(src):
            if raw.endswith(b"\n") and keep(index, raw):
                dst.write(raw)


class JsonlWriter(Writer):
    def __init__(self, path: Union[str, Path], resume: bool = False, keep_errors: bool = False) -> None:
        self.path = Path(path)
        self.done = {}
        self.notes = []
        self.file: Union[AppendedFile, NewFile]
        if resume and resumable(self.path):
            self.path = output_target(self.path)[0]
            self._resume(keep_errors)
            self.file = AppendedFile(self.path)
        else:
            self.file = NewFile(self.path)

    def _resume(self, keep_errors: bool) -> None:
        """Sources already done; corrupt lines, a cut last line and the error lines to retry are dropped."""
        last: dict[str, tuple[int, bool, Optional[str]]] = {}  # source -> (index of its last line, error, sha256)
        bad = 0
        with open(self.path, "rb") as fh:
            for index, raw in enumerate(fh):
                if not raw.endswith(b"\n"):  # cut off by an interrupted run: that document is done again
                    break
                if not raw.strip():
                    continue
                record = _line_record(raw)
                if record is None:
                    bad += 1
                    continue
                last[record["source"]] = (index, is_error(record), digest_or_none(record.get("sha256")))
        kept_lines = {index for index, error, _ in last.values() if keep_errors or not error}
        retried = sum(1 for _, error, _ in last.values() if error and not keep_errors)
        self.kept_errors = sum(1 for _, error, _ in last.values() if error and keep_errors)
        self.done = {source: digest for source, (index, _, digest) in last.items() if index in kept_lines}
        self._lines = {source: index for source, (index, _, _) in last.items() if index in kept_lines}
        total = sum(1 for _ in open(self.path, "rb"))
        if len(kept_lines) != total:
            _replace_lines(self.path, lambda index, raw: index in kept_lines)
            rank = {old: new for new, old in enumerate(sorted(kept_lines))}  # where each kept line is now
            self._lines = {source: rank[index] for source, index in self._lines.items()}
        if bad:
            self.notes.append(f"{self.path}: dropped {bad} corrupt line(s) (not JSON or not UTF-8); "
                              "their documents are extracted again.")
        if retried:
            self.notes.append(f"{self.path}: {retried} document(s) failed last time and are tried again "
                              "(--keep-errors keeps them as done).")

    def forget(self, sources: set[str]) -> None:
        if not sources or not isinstance(self.file, AppendedFile):
            return
        drop = {self._lines[s] for s in sources if s in self._lines}
        self.file.commit()
        _replace_lines(self.path, lambda index, raw: index not in drop)
        for source in sources:
            self.done.pop(source, None)
        self.file = AppendedFile(self.path)

    def write(self, record: dict[str, Any]) -> None:
        try:
            self.file.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "replace"))
        except OSError as exc:
            raise write_error(self.path, exc) from None
        self.file.mark()

    def close(self) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.discard()
