"""`--format parquet`: folders OUT.items.parquet/, OUT.entities.parquet/ and OUT.positions.parquet/ of part files.

A part is committed every `PARQUET_PART_DOCS` documents or `PARQUET_PART_SECONDS` seconds and when
the run ends or is interrupted; part N of each folder holds the same documents, and the items part is
written last (it marks the part whole).
- A new run writes its parts into new folders beside the old ones (extract.atomic) and puts them in
  place when it ends, also on Ctrl-C: an old output stays whole until then, and a run that fails
  leaves it as it was.
- --resume appends parts in place. A part that cannot be read is moved aside and its documents are
  done again; the items table carries the input's sha256, so a changed input is extracted again (its
  rows dropped from their part) and the same content under another path is not. Parts written before
  the column existed are given it, empty, and resume by path.
- Only part files referat wrote are ever removed; a folder holding anything else is refused.
"""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Any, Union

from referat.errors import ReferatError
from referat.extract.atomic import (PARTIAL_SUFFIX, AtomicFile, new_folder_beside, replace_folder,
                                    write_error)
from referat.extract.output import Writer, digest_or_none, output_paths
from referat.extract.tables import arrow_schemas, table_rows

PARQUET_PART_DOCS = 200
PARQUET_PART_SECONDS = 30.0

_PART = re.compile(r"^part-\d{5}\.parquet(?:\.tmp)?$")


def _own_folder(folder: Path) -> list[Path]:
    """The part files referat wrote in `folder`; ReferatError when it holds anything else (never deleted)."""
    if not folder.is_dir():
        raise ReferatError(str(folder), "exists and is not a folder of parquet parts, so referat will not replace it.",
                           "Give another --output, or move it away.")
    entries = list(folder.iterdir())
    foreign = [p.name for p in entries if not _ours(p.name)]
    if foreign:
        shown = ", ".join(sorted(foreign)[:3]) + (" ..." if len(foreign) > 3 else "")
        raise ReferatError(str(folder), f"holds files that referat did not write ({shown}), so referat will not "
                           "delete or mix with them.", "Give another --output, or move those files away.")
    return [p for p in entries if _PART.match(p.name)]


def _ours(name: str) -> bool:
    """A part, a part being written or a part set aside as corrupt: what referat writes in its folders."""
    return bool(_PART.match(name)) or name.startswith(".part-")


def _remove_parts(folder: Path) -> None:
    """Remove a folder of referat's parts; one that holds anything else is left as it is."""
    try:
        entries = list(folder.iterdir())
        if folder.is_symlink() or not all(_ours(p.name) and p.is_file() and not p.is_symlink() for p in entries):
            return
        for entry in entries:
            entry.unlink()
        folder.rmdir()
    except OSError:
        pass


def _sweep(target: Path) -> None:
    """Remove the new folders a killed run left beside `target` (`.NAME.XXXXXXXX.referat-partial`)."""
    stale = re.compile(rf"^\.{re.escape(target.name)}\.[a-z0-9_]{{8}}{re.escape(PARTIAL_SUFFIX)}$")
    try:
        leftovers = [p for p in target.parent.iterdir() if stale.match(p.name) and p.is_dir()]
    except OSError:
        return
    for folder in leftovers:
        _remove_parts(folder)


class ParquetWriter(Writer):
    """Folders OUT.items.parquet/, OUT.entities.parquet/ and OUT.positions.parquet/ of part files (module doc)."""

    def __init__(self, output: Union[str, Path], resume: bool = False, keep_errors: bool = False,
                 part_docs: int = PARQUET_PART_DOCS, part_seconds: float = PARQUET_PART_SECONDS) -> None:
        self.part_docs, self.part_seconds = part_docs, part_seconds
        self.done = {}
        self.notes = []
        self.part_of: dict[str, str] = {}  # source -> the name of the part that holds it (--resume)
        targets = []
        for folder in output_paths(output, "parquet"):
            if folder.exists() or folder.is_symlink():
                _own_folder(folder)
                folder = Path(os.path.realpath(folder))  # a link to a folder: written through, the link stays
            targets.append(folder)
        self.targets = targets
        self.staged: list[Path] = []  # a new run's folders, put in place of `targets` when it ends
        if resume:
            for folder in targets:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise write_error(folder, exc) from None
                for leftover in [*folder.glob("*.tmp"), *folder.glob(".part-*" + PARTIAL_SUFFIX)]:
                    leftover.unlink()
        else:
            for folder in targets:
                _sweep(folder)
            try:
                for folder in targets:
                    self.staged.append(new_folder_beside(folder))
            except BaseException:
                self.abort()
                raise
        self.items_dir, self.entities_dir, self.positions_dir = self.staged or targets
        if resume:
            self._resume(keep_errors)
        numbers = [int(p.name[5:10]) for p in self.items_dir.glob("part-*.parquet") if p.name[5:10].isdigit()]
        numbers += [int(p.name[6:11]) for p in self.items_dir.glob(".part-*") if p.name[6:11].isdigit()]
        self.next_part = max(numbers, default=-1) + 1
        self.item_rows: list[dict[str, Any]] = []
        self.entity_rows: list[dict[str, Any]] = []
        self.position_rows: list[dict[str, Any]] = []
        self.pending = 0
        self.last_commit = time.monotonic()

    def _resume(self, keep_errors: bool) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        items_schema, _, _ = arrow_schemas()
        item_parts = {p.name for p in self.items_dir.glob("part-*.parquet")}
        for part in [*self.entities_dir.glob("part-*.parquet"), *self.positions_dir.glob("part-*.parquet")]:
            if part.name not in item_parts:  # entities or positions committed, items not: redo that part
                part.unlink()
        retried = 0
        for name in sorted(item_parts):
            path = self.items_dir / name
            try:
                table = pq.read_table(path)
                rows = table.to_pylist()
            except Exception:  # noqa: BLE001 - a part cut off or overwritten: set aside, its documents redone
                os.replace(path, self.items_dir / f".{name}.corrupt")
                for folder in (self.entities_dir, self.positions_dir):
                    if (folder / name).exists():
                        os.replace(folder / name, folder / f".{name}.corrupt")
                self.notes.append(f"{path}: not a readable parquet part; moved aside to .{name}.corrupt and its "
                                  "documents are extracted again.")
                continue
            rewrite = "sha256" not in table.schema.names  # written before the column: given it, empty
            errored = {r.get("source") for r in rows if r.get("error_type")}
            if errored and keep_errors:
                self.kept_errors += len(errored)
            elif errored:
                retried += len(errored)
                rows = [r for r in rows if r.get("source") not in errored]
                rewrite = True
            if rewrite:
                with AtomicFile(path, binary=True) as fh:
                    pq.write_table(pa.Table.from_pylist(rows, schema=items_schema), fh)
            for row in rows:
                source = str(row.get("source"))
                self.done[source] = digest_or_none(row.get("sha256"))
                self.part_of[source] = name
        if retried:
            self.notes.append(f"{self.items_dir}: {retried} document(s) failed last time and are tried again "
                              "(--keep-errors keeps them as done).")

    def forget(self, sources: set[str]) -> None:
        """Drop the rows of `sources` from the parts that hold them: entities and positions first, items
        (which mark a document done) last."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        names = sorted({self.part_of[s] for s in sources if s in self.part_of})
        drop = pa.array(sorted(sources), type=pa.string())
        for name in names:
            for folder in (self.entities_dir, self.positions_dir, self.items_dir):
                path = folder / name
                if not path.exists():
                    continue
                table = pq.read_table(path)
                kept = table.filter(pc.invert(pc.is_in(table["source"], value_set=drop)))
                if kept.num_rows != table.num_rows:
                    with AtomicFile(path, binary=True) as fh:
                        pq.write_table(kept, fh)
        for source in sources:
            self.done.pop(source, None)
            self.part_of.pop(source, None)

    def write(self, record: dict[str, Any]) -> None:
        items, entities, positions = table_rows(record)
        self.item_rows.extend(items)
        self.entity_rows.extend(entities)
        self.position_rows.extend(positions)
        self.pending += 1
        if self.pending >= self.part_docs or time.monotonic() - self.last_commit >= self.part_seconds:
            self.commit()

    def commit(self) -> None:
        if not self.pending:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        items_schema, entities_schema, positions_schema = arrow_schemas()
        name = f"part-{self.next_part:05d}.parquet"
        for folder, rows, schema in (
            (self.entities_dir, self.entity_rows, entities_schema),
            (self.positions_dir, self.position_rows, positions_schema),
            (self.items_dir, self.item_rows, items_schema),  # items last: marks the part complete
        ):
            table = pa.Table.from_pylist(rows, schema=schema)
            with AtomicFile(folder / name, binary=True) as fh:
                try:
                    pq.write_table(table, fh)
                except OSError as exc:
                    raise write_error(folder / name, exc) from None
        self.next_part += 1
        self.item_rows, self.entity_rows, self.position_rows, self.pending = [], [], [], 0
        self.last_commit = time.monotonic()

    def close(self) -> None:
        """Commit the last part; a new run's folders then take the old ones' place (items last)."""
        try:
            self.commit()
            for k in (1, 2, 0) if self.staged else ():  # entities, positions, items
                old = replace_folder(self.staged[k], self.targets[k])
                self.staged[k] = self.targets[k]  # in place now: abort() leaves it
                if old is not None:
                    _remove_parts(old)
        except BaseException:
            self.abort()
            raise
        self.staged = []

    def abort(self) -> None:
        """A new run's folders are removed: the old output stays as it was."""
        for folder, target in zip(self.staged, self.targets):
            if folder != target:
                shutil.rmtree(folder, ignore_errors=True)
        self.staged = []
