"""Where a batch run writes: jsonl, csv or parquet, flushed per document, resumable.

  jsonl    one JSON object per line (the output contract);
  csv      OUT.items.csv, OUT.entities.csv and OUT.positions.csv;
  parquet  OUT.items.parquet/, OUT.entities.parquet/ and OUT.positions.parquet/, folders of part files,
           a part committed every `PARQUET_PART_DOCS` documents or `PARQUET_PART_SECONDS` seconds.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from pathlib import Path
from typing import Any, Callable, Optional, Union

from referat.errors import ReferatError
from referat.extract.workers import is_error

FORMATS = ("jsonl", "csv", "parquet")
PARQUET_PART_DOCS = 200
PARQUET_PART_SECONDS = 30.0



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


#: The tables of --format csv|parquet, in the order output_paths gives them.
TABLES = ("items", "entities", "positions")
ITEM_COLUMNS = [
    "source", "n_items", "item_index", "number", "title", "case_number", "closed",
    "decision_type", "decision_score", "decision_text", "start", "end", "n_entities", "sections",
    "votes_for", "votes_against", "votes_abstained", "n_positions", "n_amendments",
    "meeting_body", "meeting_date", "meeting_start_time", "meeting_location", "n_participants", "n_absent",
    "pipeline", "warnings", "error_type", "error_message",
]
ENTITY_COLUMNS = ["source", "item_index", "item_number", "label", "text", "start", "end", "section", "value"]
POSITION_COLUMNS = ["source", "item_index", "item_number", "position", "name", "party", "party_name", "point",
                    "amendment", "amendment_proposed_by", "amendment_outcome", "text", "start", "end"]


def table_rows(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of the items, entities and positions tables for one output dict."""
    empty = {c: None for c in ITEM_COLUMNS}
    source = record["source"]
    if is_error(record):
        row = dict(empty, source=source, error_type=record["error"]["type"], error_message=record["error"]["message"])
        return [row], [], []
    meeting = record.get("meeting") or {}
    pipeline = record.get("pipeline") or {}
    doc = dict(
        empty,
        source=source,
        meeting_body=meeting.get("body"),
        meeting_date=meeting.get("date"),
        meeting_start_time=meeting.get("start_time"),
        meeting_location=meeting.get("location"),
        n_participants=len(meeting.get("participants") or []),
        n_absent=len(meeting.get("absent") or []),
        n_items=len(record.get("items") or []),
        pipeline=f"{pipeline.get('name')} {pipeline.get('version')}",
        warnings=json.dumps(record.get("warnings") or [], ensure_ascii=False),
    )
    items, entities, positions = [], [], []
    for index, item in enumerate(record.get("items") or []):
        decision = item.get("decision") or {}
        votes = item.get("votes") or {}
        counts = votes.get("counts") or {}
        amendments = votes.get("amendments") or []
        items.append(dict(
            doc,
            item_index=index,
            number=item.get("number"),
            title=item.get("title"),
            case_number=item.get("case_number"),
            closed=item.get("closed"),
            decision_type=decision.get("type"),
            decision_score=decision.get("score"),
            decision_text=decision.get("text"),
            start=item.get("start"),
            end=item.get("end"),
            n_entities=len(item.get("entities") or []),
            sections=json.dumps([s["heading"] for s in item.get("sections") or []], ensure_ascii=False),
            votes_for=counts.get("for"),
            votes_against=counts.get("against"),
            votes_abstained=counts.get("abstained"),
            n_positions=len(votes.get("positions") or []),
            n_amendments=len(amendments),
        ))
        for pos in votes.get("positions") or []:
            k = pos.get("amendment")
            amendment = amendments[k] if isinstance(k, int) and 0 <= k < len(amendments) else None
            positions.append({
                "source": source,
                "item_index": index,
                "item_number": item.get("number"),
                "position": pos["position"],
                "name": pos.get("name"),
                "party": pos.get("party"),
                "party_name": pos.get("party_name"),
                "point": pos.get("point"),
                "amendment": k,
                "amendment_proposed_by": None if amendment is None else json.dumps(
                    amendment.get("proposed_by") or [], ensure_ascii=False),
                "amendment_outcome": None if amendment is None else amendment.get("outcome"),
                "text": pos["text"],
                "start": pos["start"],
                "end": pos["end"],
            })
        for ent in item.get("entities") or []:
            entities.append({
                "source": source,
                "item_index": index,
                "item_number": item.get("number"),
                "label": ent["label"],
                "text": ent["text"],
                "start": ent["start"],
                "end": ent["end"],
                "section": ent.get("section"),
                "value": None if ent.get("value") is None else json.dumps(ent["value"], ensure_ascii=False),
            })
    if not items:
        items.append(doc)
    return items, entities, positions


class Writer:
    """Writes output dicts.

    `done` holds the sources already in the output that --resume skips: a document whose
    last line is an error is retried (its error line dropped) unless `keep_errors`, and then
    counts in `kept_errors`. `notes` are what the writer repaired, for the user.
    A new output is written to a hidden temporary file beside it and renamed into place when
    the run ends (also when it is interrupted), so an old output stays whole until then.
    """

    done: set[str]
    kept_errors: int = 0
    notes: list[str]

    def write(self, record: dict[str, Any]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def partial_path(path: Path) -> Path:
    """The hidden temporary file a new output is written to before it is renamed to `path`."""
    return path.parent / f".{path.name}.referat-partial"


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
    tmp = partial_path(path)
    with open(path, "rb") as src, open(tmp, "wb") as dst:
        for index, raw in enumerate(src):
            if raw.endswith(b"\n") and keep(index, raw):
                dst.write(raw)
    os.replace(tmp, path)


class JsonlWriter(Writer):
    def __init__(self, path: Union[str, Path], resume: bool = False, keep_errors: bool = False) -> None:
        self.path = Path(path)
        self.done = set()
        self.notes = []
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume and self.path.exists():
            self._resume(keep_errors)
            self.target = self.path
            self.fh = open(self.path, "a", encoding="utf-8", errors="replace")
        else:
            self.target = partial_path(self.path)
            self.fh = open(self.target, "w", encoding="utf-8", errors="replace")

    def _resume(self, keep_errors: bool) -> None:
        """Sources already done; corrupt lines, a cut last line and the error lines to retry are dropped."""
        last: dict[str, tuple[int, bool]] = {}  # source -> (line index of its last record, is an error)
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
                last[record["source"]] = (index, is_error(record))
        kept_lines = {index for source, (index, error) in last.items() if keep_errors or not error}
        retried = sum(1 for _, error in last.values() if error and not keep_errors)
        self.kept_errors = sum(1 for _, error in last.values() if error and keep_errors)
        self.done = {source for source, (index, _) in last.items() if index in kept_lines}
        total = sum(1 for _ in open(self.path, "rb"))
        if len(kept_lines) != total:
            _replace_lines(self.path, lambda index, raw: index in kept_lines)
        if bad:
            self.notes.append(f"{self.path}: dropped {bad} corrupt line(s) (not JSON or not UTF-8); "
                              "their documents are extracted again.")
        if retried:
            self.notes.append(f"{self.path}: {retried} document(s) failed last time and are tried again "
                              "(--keep-errors keeps them as done).")

    def write(self, record: dict[str, Any]) -> None:
        self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.fh.flush()

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()
            if self.target != self.path:
                os.replace(self.target, self.path)


#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a leading ' before = + - @ tab or CR (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return buf.getvalue()


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


class CsvWriter(Writer):
    """Items, entities and positions tables. The items row is written last: it marks a document done."""

    def __init__(self, output: Union[str, Path], resume: bool = False, keep_errors: bool = False) -> None:
        self.items_path, self.entities_path, self.positions_path = output_paths(output, "csv")
        self.items_path.parent.mkdir(parents=True, exist_ok=True)
        self.done = set()
        self.notes = []
        if resume and self.items_path.exists():
            self.done = self._read_done(keep_errors)
            self._drop_orphan_entities()
            self._drop_orphan_entities(self.positions_path, POSITION_COLUMNS, "positions")
            self.targets = [self.items_path, self.entities_path, self.positions_path]
            mode = "a"
        else:
            self.targets = [partial_path(self.items_path), partial_path(self.entities_path),
                            partial_path(self.positions_path)]
            mode = "w"
        self.items = open(self.targets[0], mode, encoding="utf-8", errors="replace", newline="")
        self.entities = open(self.targets[1], mode, encoding="utf-8", errors="replace", newline="")
        self.positions = open(self.targets[2], mode, encoding="utf-8", errors="replace", newline="")
        for fh, columns in ((self.items, ITEM_COLUMNS), (self.entities, ENTITY_COLUMNS),
                            (self.positions, POSITION_COLUMNS)):
            if fh.tell() == 0:
                fh.write(",".join(columns) + "\n")
                fh.flush()

    def _read_done(self, keep_errors: bool) -> set[str]:
        """Sources whose item rows are all in the table; rows of a half-written document, rows that are
        not UTF-8 and the error rows of documents to retry are dropped."""
        text, rows = _read_csv(self.items_path)
        if not rows or rows[0] != ITEM_COLUMNS:
            raise ReferatError(str(self.items_path), "is not an items table that referat wrote (its first line is "
                               "not referat's header), so --resume will not append to it.",
                               "Give another --output, or move the file away.")
        body = rows[1:]
        if text and not text.endswith("\n") and body:
            body = body[:-1]  # the last row was cut off
        width, col = len(ITEM_COLUMNS), ITEM_COLUMNS.index("n_items")
        error_col = ITEM_COLUMNS.index("error_type")
        body_ok = [r for r in body if len(r) == width and _valid_text(r)]
        bad = len(body) - len(body_ok)
        counts: dict[str, int] = {}
        expected: dict[str, int] = {}
        errored: set[str] = set()
        for row in body_ok:
            counts[row[0]] = counts.get(row[0], 0) + 1
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
        if len(kept) != len(rows) - 1:
            tmp = partial_path(self.items_path)
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(ITEM_COLUMNS)
                w.writerows(kept)
            os.replace(tmp, self.items_path)
        return done

    def _drop_orphan_entities(self, path: Optional[Path] = None, columns: Optional[list[str]] = None,
                              table: str = "entities") -> None:
        """Drop the rows (entities, or positions) of documents whose items row was not written."""
        path, columns = path or self.entities_path, columns or ENTITY_COLUMNS
        if not path.exists():
            return
        _, rows = _read_csv(path)
        if not rows or rows[0] != columns:
            raise ReferatError(str(path), f"is not an {table} table that referat wrote, so --resume "
                               "will not append to it.", "Give another --output, or move the file away.")
        kept = [r for r in rows[1:] if len(r) == len(columns) and r[0] in self.done and _valid_text(r)]
        if len(kept) == len(rows) - 1:
            return
        tmp = partial_path(path)
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(columns)
            w.writerows(kept)
        os.replace(tmp, path)

    def write(self, record: dict[str, Any]) -> None:
        items, entities, positions = table_rows(record)
        if entities:
            self.entities.write(_csv_text(entities, ENTITY_COLUMNS))
            self.entities.flush()
        if positions:
            self.positions.write(_csv_text(positions, POSITION_COLUMNS))
            self.positions.flush()
        self.items.write(_csv_text(items, ITEM_COLUMNS))
        self.items.flush()

    def close(self) -> None:
        for fh, target, final in ((self.entities, self.targets[1], self.entities_path),
                                  (self.positions, self.targets[2], self.positions_path),
                                  (self.items, self.targets[0], self.items_path)):
            if not fh.closed:
                fh.close()
                if target != final:
                    os.replace(target, final)


def _arrow_schemas() -> tuple[Any, Any, Any]:
    import pyarrow as pa

    types = {
        "item_index": pa.int64(), "number": pa.int64(), "closed": pa.bool_(), "decision_score": pa.float64(),
        "start": pa.int64(), "end": pa.int64(), "n_items": pa.int64(), "n_entities": pa.int64(), "n_participants": pa.int64(),
        "n_absent": pa.int64(), "item_number": pa.int64(), "votes_for": pa.int64(), "votes_against": pa.int64(),
        "votes_abstained": pa.int64(), "n_positions": pa.int64(), "n_amendments": pa.int64(), "amendment": pa.int64(),
    }
    items = pa.schema([(c, types.get(c, pa.string())) for c in ITEM_COLUMNS])
    entities = pa.schema([(c, types.get(c, pa.string())) for c in ENTITY_COLUMNS])
    positions = pa.schema([(c, types.get(c, pa.string())) for c in POSITION_COLUMNS])
    return items, entities, positions


_PART = re.compile(r"^part-\d{5}\.parquet(?:\.tmp)?$")


def _own_folder(folder: Path) -> list[Path]:
    """The part files referat wrote in `folder`; ReferatError when it holds anything else (never deleted)."""
    if not folder.is_dir():
        raise ReferatError(str(folder), "exists and is not a folder of parquet parts, so referat will not replace it.",
                           "Give another --output, or move it away.")
    entries = list(folder.iterdir())
    foreign = [p.name for p in entries if not _PART.match(p.name) and not p.name.startswith(".part-")]
    if foreign:
        shown = ", ".join(sorted(foreign)[:3]) + (" ..." if len(foreign) > 3 else "")
        raise ReferatError(str(folder), f"holds files that referat did not write ({shown}), so referat will not "
                           "delete or mix with them.", "Give another --output, or move those files away.")
    return [p for p in entries if _PART.match(p.name)]


class ParquetWriter(Writer):
    """Folders OUT.items.parquet/, OUT.entities.parquet/ and OUT.positions.parquet/ of part files, committed atomically.

    Only part files referat wrote are ever removed; a folder holding anything else is refused.
    """

    def __init__(self, output: Union[str, Path], resume: bool = False, keep_errors: bool = False,
                 part_docs: int = PARQUET_PART_DOCS, part_seconds: float = PARQUET_PART_SECONDS) -> None:
        self.items_dir, self.entities_dir, self.positions_dir = output_paths(output, "parquet")
        self.part_docs, self.part_seconds = part_docs, part_seconds
        self.done = set()
        self.notes = []
        for folder in (self.items_dir, self.entities_dir, self.positions_dir):
            if folder.exists() or folder.is_symlink():
                parts = _own_folder(folder)
                if not resume:
                    for part in parts:
                        part.unlink()
            folder.mkdir(parents=True, exist_ok=True)
        for leftover in [*self.items_dir.glob("*.tmp"), *self.entities_dir.glob("*.tmp"), *self.positions_dir.glob("*.tmp")]:
            leftover.unlink()
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

        items_schema, _, _ = _arrow_schemas()
        item_parts = {p.name for p in self.items_dir.glob("part-*.parquet")}
        for part in [*self.entities_dir.glob("part-*.parquet"), *self.positions_dir.glob("part-*.parquet")]:
            if part.name not in item_parts:  # entities or positions committed, items not: redo that part
                part.unlink()
        retried = 0
        for name in sorted(item_parts):
            path = self.items_dir / name
            try:
                rows = pq.read_table(path).to_pylist()
            except Exception:  # noqa: BLE001 - a part cut off or overwritten: set aside, its documents redone
                os.replace(path, self.items_dir / f".{name}.corrupt")
                for folder in (self.entities_dir, self.positions_dir):
                    if (folder / name).exists():
                        os.replace(folder / name, folder / f".{name}.corrupt")
                self.notes.append(f"{path}: not a readable parquet part; moved aside to .{name}.corrupt and its "
                                  "documents are extracted again.")
                continue
            errored = {r.get("source") for r in rows if r.get("error_type")}
            if errored and keep_errors:
                self.kept_errors += len(errored)
            elif errored:
                retried += len(errored)
                rows = [r for r in rows if r.get("source") not in errored]
                tmp = self.items_dir / (name + ".tmp")
                pq.write_table(pa.Table.from_pylist(rows, schema=items_schema), tmp)
                os.replace(tmp, path)
            self.done.update(str(r.get("source")) for r in rows)
        if retried:
            self.notes.append(f"{self.items_dir}: {retried} document(s) failed last time and are tried again "
                              "(--keep-errors keeps them as done).")

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

        items_schema, entities_schema, positions_schema = _arrow_schemas()
        name = f"part-{self.next_part:05d}.parquet"
        for folder, rows, schema in (
            (self.entities_dir, self.entity_rows, entities_schema),
            (self.positions_dir, self.position_rows, positions_schema),
            (self.items_dir, self.item_rows, items_schema),  # items last: marks the part complete
        ):
            table = pa.Table.from_pylist(rows, schema=schema)
            tmp = folder / (name + ".tmp")
            pq.write_table(table, tmp)
            os.replace(tmp, folder / name)
        self.next_part += 1
        self.item_rows, self.entity_rows, self.position_rows, self.pending = [], [], [], 0
        self.last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()


def open_writer(output: Union[str, Path], fmt: str = "jsonl", resume: bool = False, keep_errors: bool = False) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(output, resume, keep_errors)
    if fmt == "csv":
        return CsvWriter(output, resume, keep_errors)
    if fmt == "parquet":
        return ParquetWriter(output, resume, keep_errors)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
