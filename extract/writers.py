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
from referat.extract.atomic import PARTIAL_SUFFIX, AtomicFile, output_target, write_error
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
ENTITY_COLUMNS = ["source", "item_index", "item_number", "label", "text", "start", "end", "section", "value", "score"]
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
                "score": ent.get("score"),
            })
    if not items:
        items.append(doc)
    return items, entities, positions


class Writer:
    """Writes output dicts.

    `done` maps the sources already in the output that --resume skips to the sha256 of the input
    they were extracted from (None where the output does not say); a document whose last line is
    an error is retried (its error line dropped) unless `keep_errors`, and then counts in
    `kept_errors`. `notes` are what the writer repaired, for the user.
    A new output is written to a temporary file beside it (extract.atomic) and renamed into place
    when the run ends, also when it is interrupted (Ctrl-C), so an old output stays whole until
    then. When writing fails (disk full, ...), the run ends with `abort()`: the old output is left
    as it was (with --resume, as it was after the last document written whole).
    """

    done: dict[str, Optional[str]]
    kept_errors: int = 0
    notes: list[str]

    def write(self, record: dict[str, Any]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def forget(self, sources: set[str]) -> None:
        """Drop the lines of `sources` from a resumed output (their input changed: extracted again)."""

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


class _Appended:
    """A file of a resumed output, appended to in place; `abort()` cuts it back to its last whole document."""

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


class _Fresh:
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


def _resumable(path: Path) -> bool:
    """An output --resume appends to: a regular file that exists (not a device written through)."""
    target, stream = output_target(path)
    return not stream and target.exists()


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


def _rewrite_csv(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    with AtomicFile(path, newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


class JsonlWriter(Writer):
    def __init__(self, path: Union[str, Path], resume: bool = False, keep_errors: bool = False) -> None:
        self.path = Path(path)
        self.done = {}
        self.notes = []
        self.file: Union[_Appended, _Fresh]
        if resume and _resumable(self.path):
            self.path = output_target(self.path)[0]
            self._resume(keep_errors)
            self.file = _Appended(self.path)
        else:
            self.file = _Fresh(self.path)

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
                digest = record.get("sha256")
                last[record["source"]] = (index, is_error(record), digest if isinstance(digest, str) else None)
        kept_lines = {index for index, error, _ in last.values() if keep_errors or not error}
        retried = sum(1 for _, error, _ in last.values() if error and not keep_errors)
        self.kept_errors = sum(1 for _, error, _ in last.values() if error and keep_errors)
        self.done = {source: digest for source, (index, _, digest) in last.items() if index in kept_lines}
        self._lines = {source: index for source, (index, _, _) in last.items() if index in kept_lines}
        total = sum(1 for _ in open(self.path, "rb"))
        if len(kept_lines) != total:
            _replace_lines(self.path, lambda index, raw: index in kept_lines)
        if bad:
            self.notes.append(f"{self.path}: dropped {bad} corrupt line(s) (not JSON or not UTF-8); "
                              "their documents are extracted again.")
        if retried:
            self.notes.append(f"{self.path}: {retried} document(s) failed last time and are tried again "
                              "(--keep-errors keeps them as done).")

    def forget(self, sources: set[str]) -> None:
        if not sources or not isinstance(self.file, _Appended):
            return
        drop = {self._lines[s] for s in sources if s in self._lines}
        self.file.commit()
        _replace_lines(self.path, lambda index, raw: index not in drop)
        for source in sources:
            self.done.pop(source, None)
        self.file = _Appended(self.path)

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
        self.done = {}
        self.notes = []
        self.files: list[Union[_Appended, _Fresh]] = []
        try:
            if resume and _resumable(self.items_path):
                self.done = dict.fromkeys(self._read_done(keep_errors))
                self._drop_orphan_entities()
                self._drop_orphan_entities(self.positions_path, POSITION_COLUMNS, "positions")
                for path in (self.items_path, self.entities_path, self.positions_path):
                    target, stream = output_target(path)
                    self.files.append(_Appended(target) if target.exists() and not stream else _Fresh(path))
            else:
                self.files = [_Fresh(self.items_path), _Fresh(self.entities_path), _Fresh(self.positions_path)]
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
            _rewrite_csv(self.items_path, ITEM_COLUMNS, kept)
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
        _rewrite_csv(path, columns, kept)

    def write(self, record: dict[str, Any]) -> None:
        items, entities, positions = table_rows(record)
        try:
            if entities:
                self.entities.write(_csv_text(entities, ENTITY_COLUMNS).encode("utf-8", "replace"))
            if positions:
                self.positions.write(_csv_text(positions, POSITION_COLUMNS).encode("utf-8", "replace"))
            self.items.write(_csv_text(items, ITEM_COLUMNS).encode("utf-8", "replace"))
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
        self.done = {}
        self.notes = []
        for folder in (self.items_dir, self.entities_dir, self.positions_dir):
            if folder.exists() or folder.is_symlink():
                parts = _own_folder(folder)
                if not resume:
                    for part in parts:
                        part.unlink()
            folder.mkdir(parents=True, exist_ok=True)
        for folder in (self.items_dir, self.entities_dir, self.positions_dir):
            for leftover in [*folder.glob("*.tmp"), *folder.glob(".part-*" + PARTIAL_SUFFIX)]:
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
                with AtomicFile(path, binary=True) as fh:
                    pq.write_table(pa.Table.from_pylist(rows, schema=items_schema), fh)
            self.done.update(dict.fromkeys(str(r.get("source")) for r in rows))
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
            with AtomicFile(folder / name, binary=True) as fh:
                try:
                    pq.write_table(table, fh)
                except OSError as exc:
                    raise write_error(folder / name, exc) from None
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
