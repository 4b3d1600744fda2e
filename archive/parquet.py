"""The archive's tables as Parquet, partitioned by municipality and year (hive layout), for tools past SQLite.

`DIR/<table>/municipality=<m>/year=<y>/part-0.parquet` for meetings, items, entities, positions and
amendments (amendments take the municipality and year of their meeting). The folder is rewritten
from the whole database each time: the new tables are written beside the old and swapped in, and a
folder referat did not write (no `_referat_parquet` marker) is never removed.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from referat.archive.publish import TABLES
from referat.errors import ReferatError

MARKER = "_referat_parquet"


class ParquetError(ReferatError):
    """The Parquet folder cannot be written."""

    type = "ParquetError"


def _select(table: str) -> str:
    if table == "amendments":
        return ("select a.*, m.municipality, m.year from amendments a join meetings m on m.id = a.meeting_id "
                "order by a.id")
    return f"select * from [{table}] order by id"


def write_parquet(db_path: Path, folder: Path) -> int:
    """Write every table as partitioned Parquet; returns the number of files written."""
    # pyarrow is imported here, not at the top: pyarrow.dataset takes ~0.45 s to import, which every
    # `referat` command (this module is registered with the CLI) would otherwise pay.
    import pyarrow as pa
    import pyarrow.dataset as ds

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or (any(folder.iterdir()) and not (folder / MARKER).exists())):
        raise ParquetError(str(folder), "exists and was not written by referat publish --parquet.",
                           "Give a new or empty folder for --parquet.")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("written by referat publish --parquet; rewritten on every run\n", encoding="utf-8")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    written = 0
    try:
        for table, spec in TABLES.items():
            cursor = conn.execute(_select(table))
            names = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
            columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
            types = {**spec["columns"], "municipality": str, "year": int}
            schema = pa.schema([(n, {str: pa.string(), int: pa.int64(), float: pa.float64()}[types[n]]) for n in names])
            data = pa.table(columns, schema=schema)
            fresh, old = folder / f".{table}.new", folder / f".{table}.old"
            for stale in (fresh, old):
                shutil.rmtree(stale, ignore_errors=True)
            ds.write_dataset(data, fresh, format="parquet", partitioning=["municipality", "year"],
                             partitioning_flavor="hive", basename_template="part-{i}.parquet")
            fresh.mkdir(exist_ok=True)  # an empty table writes no partition
            target = folder / table
            if target.exists():
                target.rename(old)
            fresh.rename(target)
            shutil.rmtree(old, ignore_errors=True)
            written += sum(1 for _ in target.rglob("*.parquet"))
    except OSError as exc:
        raise ParquetError(str(folder), f"cannot be written ({exc.strerror or exc}).",
                           "Check the space and permissions; the SQLite database is complete.") from None
    finally:
        conn.close()
    return written
