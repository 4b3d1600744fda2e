"""`--format csv`: OUT.items.csv, OUT.entities.csv and OUT.positions.csv (extract.tables), flushed per document.

A document's items rows are written after its entities and positions: they mark it done. A resumed
output is repaired first (a cut row, rows that are not UTF-8, a half-written document, the error rows
of documents to retry). The items table carries the input's sha256 (its last column); a table written
before it did is given the column, empty, and still resumes by path.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Callable, Optional, Union

from referat.errors import ReferatError
from referat.extract.atomic import AtomicFile, output_target, write_error
from referat.extract.output import AppendedFile, NewFile, Writer, digest_or_none, output_paths, resumable
from referat.extract.tables import (ENTITY_COLUMNS, ITEM_COLUMNS, ITEM_COLUMNS_WITHOUT_SHA256, POSITION_COLUMNS,
                                    csv_text, table_rows)


def _valid_text(row: list[str]) -> bool:
    try:
        "".join(row).encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept as surrogates
        return False
    return True


def _read_csv(path: Path) -> tuple[str, list[list[str]]]:
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as fh:
        text = fh.read()
    try:
        return text, list(csv.reader(io.StringIO(text)))
    except csv.Error:  # NUL bytes (a file cut by a crash on some file systems): drop them, rows with them fail checks
        try:
            return text, list(csv.reader(io.StringIO(text.replace("\0", "\udcff"))))
        except csv.Error as exc:
            raise ReferatError(str(path), f"is too damaged to resume from ({exc}).",
                               "Move it away and run without --resume.") from None


def _rewrite_csv(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    with AtomicFile(path, newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


class CsvWriter(Writer):
    """Items, entities and positions tables. The items row is written last: it marks a document done."""

    def __init__(self, output: Union[str, Path], resume: bool = False, keep_errors: bool = False) -> None:
        self.items_path, self.entities_path, self.positions_path = output_paths(output, "csv")
        self.done = {}
        self.notes = []
        self.files: list[Union[AppendedFile, NewFile]] = []
        try:
            if resume and resumable(self.items_path):
                self.done = self._read_done(keep_errors)
                self._drop_orphan_entities()
                self._drop_orphan_entities(self.positions_path, POSITION_COLUMNS, "positions")
                for path in (self.items_path, self.entities_path, self.positions_path):
                    target, stream = output_target(path)
                    self.files.append(AppendedFile(target) if target.exists() and not stream else NewFile(path))
            else:
                self.files = [NewFile(self.items_path), NewFile(self.entities_path), NewFile(self.positions_path)]
            self.items, self.entities, self.positions = self.files
            for file, columns in ((self.items, ITEM_COLUMNS), (self.entities, ENTITY_COLUMNS),
                                  (self.positions, POSITION_COLUMNS)):
                if file.fh.tell() == 0:
                    file.write((",".join(columns) + "\n").encode("utf-8"))
                    file.mark()
        except OSError as exc:
            self.abort()
            raise write_error(self.items_path, exc) from None
        except BaseException:
            self.abort()
            raise

    def _read_done(self, keep_errors: bool) -> dict[str, Optional[str]]:
        """Sources whose item rows are all in the table, with the sha256 of their input (None where the
        table has none); rows of a half-written document, rows that are not UTF-8 and the error rows of
        documents to retry are dropped. A table without the sha256 column is given it, empty."""
        text, rows = _read_csv(self.items_path)
        upgrade = bool(rows) and rows[0] == ITEM_COLUMNS_WITHOUT_SHA256
        if not rows or (rows[0] != ITEM_COLUMNS and not upgrade):
            raise ReferatError(str(self.items_path), "is not an items table that referat wrote (its first line is "
                               "not referat's header), so --resume will not append to it.",
                               "Give another --output, or move the file away.")
        body = rows[1:]
        if text and not text.endswith("\n") and body:
            body = body[:-1]  # the last row was cut off
        if upgrade:
            body = [r + [""] if len(r) == len(ITEM_COLUMNS_WITHOUT_SHA256) else r for r in body]
        width, col = len(ITEM_COLUMNS), ITEM_COLUMNS.index("n_items")
        error_col, digest_col = ITEM_COLUMNS.index("error_type"), ITEM_COLUMNS.index("sha256")
        body_ok = [r for r in body if len(r) == width and _valid_text(r)]
        bad = len(body) - len(body_ok)
        counts: dict[str, int] = {}
        expected: dict[str, int] = {}
        digests: dict[str, Optional[str]] = {}
        errored: set[str] = set()
        for row in body_ok:
            counts[row[0]] = counts.get(row[0], 0) + 1
            digests[row[0]] = digest_or_none(row[digest_col])
            if row[error_col]:
                errored.add(row[0])
            try:
                expected[row[0]] = max(1, int(row[col] or 0))
            except ValueError:
                expected[row[0]] = 1
        done = {s for s, n in counts.items() if n >= expected.get(s, 1)}
        if keep_errors:
            self.kept_errors = len(errored & done)
        else:
            retried = errored & done
            done -= errored
            if retried:
                self.notes.append(f"{self.items_path}: {len(retried)} document(s) failed last time and are tried "
                                  "again (--keep-errors keeps them as done).")
        if bad:
            self.notes.append(f"{self.items_path}: dropped {bad} corrupt row(s); their documents are extracted again.")
        kept = [r for r in body_ok if r[0] in done]
        if len(kept) != len(rows) - 1 or upgrade:
            _rewrite_csv(self.items_path, ITEM_COLUMNS, kept)
        return {source: digests[source] for source in done}

    def _drop_orphan_entities(self, path: Optional[Path] = None, columns: Optional[list[str]] = None,
                              table: str = "entities") -> None:
        """Drop the rows (entities, or positions) of documents whose items row was not written."""
        path, columns = path or self.entities_path, columns or ENTITY_COLUMNS
        self._drop_rows(path, columns, table, lambda row: row[0] in self.done and _valid_text(row))

    @staticmethod
    def _drop_rows(path: Path, columns: list[str], table: str, keep: Callable[[list[str]], bool]) -> None:
        """Rewrite the table at `path` with the rows `keep(row)` accepts (when it loses any)."""
        if not path.exists():
            return
        _, rows = _read_csv(path)
        if not rows or rows[0] != columns:
            raise ReferatError(str(path), f"is not an {table} table that referat wrote, so --resume "
                               "will not append to it.", "Give another --output, or move the file away.")
        kept = [r for r in rows[1:] if len(r) == len(columns) and keep(r)]
        if len(kept) != len(rows) - 1:
            _rewrite_csv(path, columns, kept)

    def forget(self, sources: set[str]) -> None:
        """Drop the rows of `sources` from the three tables: entities and positions first, items (which
        mark a document done) last."""
        if not sources:
            return
        tables = ((1, self.entities_path, ENTITY_COLUMNS, "entities"),
                  (2, self.positions_path, POSITION_COLUMNS, "positions"), (0, self.items_path, ITEM_COLUMNS, "items"))
        for k, path, columns, table in tables:
            file = self.files[k]
            if not isinstance(file, AppendedFile):  # a table this run writes anew holds no rows yet
                continue
            file.commit()
            self._drop_rows(file.path, columns, table, lambda row: row[0] not in sources)
            self.files[k] = AppendedFile(file.path)
        self.items, self.entities, self.positions = self.files
        for source in sources:
            self.done.pop(source, None)

    def write(self, record: dict[str, Any]) -> None:
        items, entities, positions = table_rows(record)
        try:
            if entities:
                self.entities.write(csv_text(entities, ENTITY_COLUMNS).encode("utf-8", "replace"))
            if positions:
                self.positions.write(csv_text(positions, POSITION_COLUMNS).encode("utf-8", "replace"))
            self.items.write(csv_text(items, ITEM_COLUMNS).encode("utf-8", "replace"))
        except OSError as exc:
            raise write_error(self.items_path, exc) from None
        for file in self.files:
            file.mark()

    def close(self) -> None:
        for file in (self.entities, self.positions, self.items):  # items last: they mark documents done
            file.commit()

    def abort(self) -> None:
        for file in self.files:
            file.discard()
