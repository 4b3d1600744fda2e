"""Batch runs: many documents to one output, in input order, nothing lost on interruption.

    summary = run_batch(["minutes/", "extra.pdf"], "out.jsonl", workers=4, resume=True)

- Inputs: files (any suffix; ingestion decides), folders (read recursively for
  .txt/.pdf/.html/.htm, in sorted order), and `-` for standard input.
- A document that fails gives an error line and the run goes on.
- Each document's output is written and flushed as soon as it and every document
  before it are done, so an interrupted run keeps everything written so far;
  `resume=True` appends and skips the sources already in the output.
- Formats:
  jsonl    one JSON object per line (the output contract);
  csv      OUT.items.csv (a row per item; a document without items, or one that
           failed, has one row with the item columns empty) and OUT.entities.csv;
  parquet  OUT.items.parquet/ and OUT.entities.parquet/, folders of part files
           (pandas.read_parquet reads each folder as one table); a part is
           committed every `PARQUET_PART_DOCS` documents or `PARQUET_PART_SECONDS`
           seconds and when the run ends or is interrupted (Ctrl-C, SIGTERM).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from referat.errors import InputError, ReferatError

SUFFIXES = (".txt", ".pdf", ".html", ".htm")
FORMATS = ("jsonl", "csv", "parquet")
STDIN = "-"
STDIN_SOURCE = "<stdin>"
PARQUET_PART_DOCS = 200
PARQUET_PART_SECONDS = 30.0


# ------------------------------------------------------------------ inputs


@dataclass
class Task:
    """One document to extract: a path, or text read from stdin."""

    source: str
    path: Optional[str] = None
    data: Optional[bytes] = None  # standard input, read once by the main process (never skipped by --resume)


def expand_inputs(paths: Sequence[Union[str, Path]], stdin: Any = None) -> list[Task]:
    """Tasks for the inputs, in order: folders expanded recursively (sorted), `-` read from stdin.

    A path that does not exist stays a task: it becomes an error line, not a crash.
    """
    tasks: list[Task] = []
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            stream = stdin if stdin is not None else sys.stdin
            stream = getattr(stream, "buffer", stream)
            data = stream.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            tasks.append(Task(source=STDIN_SOURCE, data=data))
            continue
        path = Path(name)
        if path.is_dir():
            for found in sorted(_walk(path)):
                tasks.append(Task(source=found, path=found))
        else:
            tasks.append(Task(source=name, path=name))
    return tasks


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in files:
            if not file.startswith(".") and file.lower().endswith(SUFFIXES):
                yield str(Path(root) / file)


# ------------------------------------------------------------------ one document


def error_record(source: str, exc: BaseException) -> dict[str, Any]:
    """The contract's error line for a failed document."""
    if isinstance(exc, ReferatError):
        kind, message = exc.type, exc.describe()
    elif isinstance(exc, FileNotFoundError):
        kind, message = "InputError", f"{source}: file not found. Check the path; it may have been moved or deleted."
    elif isinstance(exc, (PermissionError, IsADirectoryError)):
        kind, message = "InputError", f"{source}: cannot be read ({exc.strerror or exc})."
    elif isinstance(exc, MemoryError):
        kind, message = "MemoryError", f"{source}: ran out of memory while extracting this document."
    else:
        kind = "InternalError"
        message = f"{source}: {type(exc).__name__}: {exc}. This is a bug in referat; please report it with the file."
    return {"source": source, "error": {"type": kind, "message": message}}


def process_task(task: Task, nlp: Any, include_text: bool = False) -> dict[str, Any]:
    """Output dict for one task: a Minutes dict or an error record. Never raises for a bad document."""
    from referat.extract.extractor import extract, extract_ingested

    try:
        if task.data is not None:
            minutes = extract_ingested(_ingest_stdin(task.data), nlp, include_text=include_text)
        else:
            path = Path(task.path or task.source)
            if not path.exists():
                raise InputError(task.source, "file not found.", "Check the path; it may have been moved or deleted.")
            minutes = extract(path, nlp=nlp, include_text=include_text, name=task.source)
        data = minutes.to_dict(include_text=include_text)
        data["source"] = task.source
        return data
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        return error_record(task.source, exc)


def _ingest_stdin(data: bytes) -> Any:
    """Ingest bytes read from standard input as ingestion reads stdin (text, PDF or HTML sniffed)."""
    from referat.corpus import ingest

    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace")
    try:
        return ingest(STDIN)
    finally:
        sys.stdin = saved


def is_error(record: dict[str, Any]) -> bool:
    return "error" in record and "items" not in record


# ------------------------------------------------------------------ workers

_WORKER: dict[str, Any] = {}


def _init_worker(model: Any, include_text: bool) -> None:
    from referat.extract.pipeline import load_pipeline

    _WORKER["include_text"] = include_text
    try:
        _WORKER["nlp"] = load_pipeline(model)
    except Exception as exc:  # noqa: BLE001 - reported per document, never a crash loop
        _WORKER["error"] = exc


def _work(task: Task) -> dict[str, Any]:
    if "error" in _WORKER:
        return error_record(task.source, _WORKER["error"])
    return process_task(task, _WORKER["nlp"], _WORKER["include_text"])


def iter_results(
    tasks: Sequence[Task], model: Any = None, *, nlp: Any = None, workers: int = 1, include_text: bool = False
) -> Iterator[dict[str, Any]]:
    """Output dicts in task order; with workers > 1 in a process pool (each loads the pipeline once)."""
    if workers <= 1 or len(tasks) <= 1:
        if nlp is None:
            from referat.extract.pipeline import load_pipeline

            nlp = load_pipeline(model)
        for task in tasks:
            yield process_task(task, nlp, include_text)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    pool = context.Pool(min(workers, len(tasks)), initializer=_init_worker, initargs=(model, include_text))
    try:
        yield from pool.imap(_work, tasks, chunksize=1)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


# ------------------------------------------------------------------ writers


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
    return [base.parent / f"{base.name}.items{ext}", base.parent / f"{base.name}.entities{ext}"]


ITEM_COLUMNS = [
    "source", "n_items", "item_index", "number", "title", "case_number", "closed",
    "decision_type", "decision_score", "decision_text", "start", "end", "n_entities", "sections",
    "meeting_body", "meeting_date", "meeting_start_time", "meeting_location", "n_participants", "n_absent",
    "pipeline", "warnings", "error_type", "error_message",
]
ENTITY_COLUMNS = ["source", "item_index", "item_number", "label", "text", "start", "end", "section", "value"]


def table_rows(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of the items table and the entities table for one output dict."""
    empty = {c: None for c in ITEM_COLUMNS}
    source = record["source"]
    if is_error(record):
        row = dict(empty, source=source, error_type=record["error"]["type"], error_message=record["error"]["message"])
        return [row], []
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
    items, entities = [], []
    for index, item in enumerate(record.get("items") or []):
        decision = item.get("decision") or {}
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
        ))
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
    return items, entities


class Writer:
    """Writes output dicts; `done` holds the sources already in the output (for --resume)."""

    done: set[str]

    def write(self, record: dict[str, Any]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _truncate_partial_line(path: Path) -> None:
    """Drop a last line that an interrupted run left without its newline."""
    size = path.stat().st_size
    if size == 0:
        return
    with open(path, "rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        chunk = 1 << 16
        pos = size
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            data = fh.read(pos - start)
            idx = data.rfind(b"\n")
            if idx >= 0:
                fh.truncate(start + idx + 1)
                return
            pos = start
        fh.truncate(0)


class JsonlWriter(Writer):
    def __init__(self, path: Union[str, Path], resume: bool = False) -> None:
        self.path = Path(path)
        self.done = set()
        if resume and self.path.exists():
            _truncate_partial_line(self.path)
            with open(self.path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        self.done.add(json.loads(line)["source"])
                    except (ValueError, KeyError, TypeError):
                        continue
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a" if resume else "w", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.fh.flush()

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()


def _csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


class CsvWriter(Writer):
    """Items table and entities table. The items row is written last: it marks a document done."""

    def __init__(self, output: Union[str, Path], resume: bool = False) -> None:
        self.items_path, self.entities_path = output_paths(output, "csv")
        self.items_path.parent.mkdir(parents=True, exist_ok=True)
        self.done = set()
        if resume and self.items_path.exists():
            self.done = self._read_done()
            self._drop_orphan_entities()
        mode = "a" if resume else "w"
        self.items = open(self.items_path, mode, encoding="utf-8", newline="")
        self.entities = open(self.entities_path, mode, encoding="utf-8", newline="")
        for fh, columns in ((self.items, ITEM_COLUMNS), (self.entities, ENTITY_COLUMNS)):
            if fh.tell() == 0:
                fh.write(",".join(columns) + "\n")
                fh.flush()

    def _read_done(self) -> set[str]:
        """Sources whose item rows are all in the table; rows of a half-written document are dropped."""
        with open(self.items_path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or rows[0] != ITEM_COLUMNS:
            return set()
        body = rows[1:]
        if text and not text.endswith("\n") and body:
            body = body[:-1]  # the last row was cut off
        width, col = len(ITEM_COLUMNS), ITEM_COLUMNS.index("n_items")
        counts: dict[str, int] = {}
        expected: dict[str, int] = {}
        for row in body:
            if len(row) != width:
                continue
            counts[row[0]] = counts.get(row[0], 0) + 1
            try:
                expected[row[0]] = max(1, int(row[col] or 0))
            except ValueError:
                expected[row[0]] = 1
        done = {s for s, n in counts.items() if n >= expected.get(s, 1)}
        kept = [r for r in body if len(r) == width and r[0] in done]
        if len(kept) != len(rows) - 1:
            tmp = self.items_path.with_suffix(".tmp")
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(ITEM_COLUMNS)
                w.writerows(kept)
            os.replace(tmp, self.items_path)
        return done

    def _drop_orphan_entities(self) -> None:
        if not self.entities_path.exists():
            return
        with open(self.entities_path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        if not rows or rows[0] != ENTITY_COLUMNS:
            return
        kept = [r for r in rows[1:] if len(r) == len(ENTITY_COLUMNS) and r[0] in self.done]
        if len(kept) == len(rows) - 1:
            return
        tmp = self.entities_path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(ENTITY_COLUMNS)
            w.writerows(kept)
        os.replace(tmp, self.entities_path)

    def write(self, record: dict[str, Any]) -> None:
        items, entities = table_rows(record)
        if entities:
            self.entities.write(_csv_text(entities, ENTITY_COLUMNS))
            self.entities.flush()
        self.items.write(_csv_text(items, ITEM_COLUMNS))
        self.items.flush()

    def close(self) -> None:
        for fh in (self.items, self.entities):
            if not fh.closed:
                fh.close()


def _arrow_schemas() -> tuple[Any, Any]:
    import pyarrow as pa

    types = {
        "item_index": pa.int64(), "number": pa.int64(), "closed": pa.bool_(), "decision_score": pa.float64(),
        "start": pa.int64(), "end": pa.int64(), "n_items": pa.int64(), "n_entities": pa.int64(), "n_participants": pa.int64(),
        "n_absent": pa.int64(), "item_number": pa.int64(),
    }
    items = pa.schema([(c, types.get(c, pa.string())) for c in ITEM_COLUMNS])
    entities = pa.schema([(c, types.get(c, pa.string())) for c in ENTITY_COLUMNS])
    return items, entities


class ParquetWriter(Writer):
    """Folders OUT.items.parquet/ and OUT.entities.parquet/ of part files, committed atomically."""

    def __init__(self, output: Union[str, Path], resume: bool = False,
                 part_docs: int = PARQUET_PART_DOCS, part_seconds: float = PARQUET_PART_SECONDS) -> None:
        import shutil

        self.items_dir, self.entities_dir = output_paths(output, "parquet")
        self.part_docs, self.part_seconds = part_docs, part_seconds
        self.done = set()
        for folder in (self.items_dir, self.entities_dir):
            if folder.exists() and not resume:
                if folder.is_dir():
                    shutil.rmtree(folder)
                else:
                    folder.unlink()
            folder.mkdir(parents=True, exist_ok=True)
        import pyarrow.parquet as pq

        item_parts = {p.name for p in self.items_dir.glob("part-*.parquet")}
        for part in self.entities_dir.glob("part-*.parquet"):
            if part.name not in item_parts:  # entities committed, items not: redo that part
                part.unlink()
        for leftover in list(self.items_dir.glob("*.tmp")) + list(self.entities_dir.glob("*.tmp")):
            leftover.unlink()
        for name in sorted(item_parts):
            table = pq.read_table(self.items_dir / name, columns=["source"])
            self.done.update(str(s) for s in table.column("source").to_pylist())
        numbers = [int(n[5:10]) for n in item_parts if n[5:10].isdigit()]
        self.next_part = max(numbers, default=-1) + 1
        self.item_rows: list[dict[str, Any]] = []
        self.entity_rows: list[dict[str, Any]] = []
        self.pending = 0
        self.last_commit = time.monotonic()

    def write(self, record: dict[str, Any]) -> None:
        items, entities = table_rows(record)
        self.item_rows.extend(items)
        self.entity_rows.extend(entities)
        self.pending += 1
        if self.pending >= self.part_docs or time.monotonic() - self.last_commit >= self.part_seconds:
            self.commit()

    def commit(self) -> None:
        if not self.pending:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        items_schema, entities_schema = _arrow_schemas()
        name = f"part-{self.next_part:05d}.parquet"
        for folder, rows, schema in (
            (self.entities_dir, self.entity_rows, entities_schema),
            (self.items_dir, self.item_rows, items_schema),  # items last: marks the part complete
        ):
            table = pa.Table.from_pylist(rows, schema=schema)
            tmp = folder / (name + ".tmp")
            pq.write_table(table, tmp)
            os.replace(tmp, folder / name)
        self.next_part += 1
        self.item_rows, self.entity_rows, self.pending = [], [], 0
        self.last_commit = time.monotonic()

    def close(self) -> None:
        self.commit()


def open_writer(output: Union[str, Path], fmt: str = "jsonl", resume: bool = False) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(output, resume)
    if fmt == "csv":
        return CsvWriter(output, resume)
    if fmt == "parquet":
        return ParquetWriter(output, resume)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# ------------------------------------------------------------------ the run


@dataclass
class Summary:
    written: int = 0
    failed: int = 0
    skipped: int = 0
    outputs: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _progress(total: int, show: Optional[bool]) -> Any:
    from tqdm import tqdm

    if show is None:
        show = sys.stderr.isatty()
    return tqdm(total=total, disable=not show, unit="doc", file=sys.stderr, dynamic_ncols=True)


def write_results(
    tasks: Sequence[Task],
    results: Callable[[Sequence[Task]], Iterable[dict[str, Any]]],
    output: Union[str, Path],
    fmt: str = "jsonl",
    resume: bool = False,
    progress: Optional[bool] = None,
) -> Summary:
    """Write `results(todo)` (dicts in task order) for the tasks not already in the output."""
    summary = Summary(outputs=output_paths(output, fmt))
    with open_writer(output, fmt, resume) as writer:
        todo = [t for t in tasks if not (resume and t.source in writer.done and t.data is None)]
        summary.skipped = len(tasks) - len(todo)
        bar = _progress(len(todo), progress)
        try:
            for record in results(todo):
                writer.write(record)
                summary.written += 1
                if is_error(record):
                    summary.failed += 1
                bar.update(1)
        finally:
            bar.close()
    return summary


def run_batch(
    inputs: Sequence[Union[str, Path]],
    output: Union[str, Path],
    *,
    model: Any = None,
    fmt: str = "jsonl",
    workers: int = 1,
    resume: bool = False,
    include_text: bool = False,
    progress: Optional[bool] = None,
    nlp: Any = None,
    stdin: Any = None,
    tasks: Optional[Sequence[Task]] = None,
) -> Summary:
    """Extract every input to `output`; see the module doc. `tasks` overrides `inputs` (already listed)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if tasks is None:
        tasks = expand_inputs(inputs, stdin=stdin)
    if nlp is None and workers <= 1:
        from referat.extract.pipeline import load_pipeline

        nlp = load_pipeline(model)
    return write_results(
        tasks,
        lambda todo: iter_results(todo, model, nlp=nlp, workers=workers, include_text=include_text),
        output,
        fmt,
        resume,
        progress,
    )
