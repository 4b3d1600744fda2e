"""Where a batch run writes: jsonl, csv or parquet, flushed per document, resumable.

  jsonl    one JSON object per line (the output contract; extract.jsonl_writer);
  csv      OUT.items.csv, OUT.entities.csv and OUT.positions.csv (extract.csv_writer);
  parquet  OUT.items.parquet/, OUT.entities.parquet/ and OUT.positions.parquet/, folders of part files,
           a part committed every `PARQUET_PART_DOCS` documents or `PARQUET_PART_SECONDS` seconds
           (extract.parquet_writer).

The tables' columns and rows are in extract.tables; what the formats share (output paths, the
Writer interface, new and appended files) in extract.output. `open_writer` picks the format; the
names below are also importable from here, as they were before the formats had modules of their own.
"""
from __future__ import annotations

from pathlib import Path
from typing import Union

from referat.extract.csv_writer import CsvWriter
from referat.extract.jsonl_writer import JsonlWriter
from referat.extract.output import Writer, output_base, output_paths
from referat.extract.parquet_writer import PARQUET_PART_DOCS, PARQUET_PART_SECONDS, ParquetWriter
from referat.extract.tables import (ENTITY_COLUMNS, FORMULA_START, ITEM_COLUMNS, POSITION_COLUMNS, TABLES, csv_cell,
                                    csv_text, table_rows)

FORMATS = ("jsonl", "csv", "parquet")


def open_writer(output: Union[str, Path], fmt: str = "jsonl", resume: bool = False, keep_errors: bool = False) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(output, resume, keep_errors)
    if fmt == "csv":
        return CsvWriter(output, resume, keep_errors)
    if fmt == "parquet":
        return ParquetWriter(output, resume, keep_errors)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS", "open_writer", "Writer", "JsonlWriter", "CsvWriter", "ParquetWriter", "output_base", "output_paths",
    "PARQUET_PART_DOCS", "PARQUET_PART_SECONDS", "TABLES", "ITEM_COLUMNS", "ENTITY_COLUMNS", "POSITION_COLUMNS",
    "table_rows", "FORMULA_START", "csv_cell", "csv_text",
]
