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
           failed, has one row with the item columns empty), OUT.entities.csv and
           OUT.positions.csv (a row per position, keyed like the entities);
  parquet  OUT.items.parquet/, OUT.entities.parquet/ and OUT.positions.parquet/, folders of part files
           (pandas.read_parquet reads each folder as one table); a part is
           committed every `PARQUET_PART_DOCS` documents or `PARQUET_PART_SECONDS`
           seconds and when the run ends or is interrupted (Ctrl-C, SIGTERM).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from referat.errors import InputError, ReferatError
from referat.extract.extractor import extract, extract_ingested
from referat.corpus import ingest
from referat.pipeline import load as load_pipeline

SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".json")
MEETING_JSON_KEY = b'"Dagsordenpunkter"'  # a FirstAgenda meeting; other .json in a folder (manifest.json) is skipped
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
    error: Optional[str] = None  # found while listing the inputs (unreadable folder, FIFO, ...): an error line


def readable_name(name: Union[str, Path]) -> str:
    """`name` as valid UTF-8 text: bytes that are not UTF-8 (kept by Python as surrogates) shown as U+FFFD."""
    text = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _named(path: str) -> Task:
    return Task(source=readable_name(path), path=path)


def _refused(path: str, message: str) -> Task:
    name = readable_name(path)
    return Task(source=name, path=path, error=f"{name}: {message}")


def _not_regular(path: str, mode: int) -> Optional[str]:
    """Why a path that is not a regular file is not read (reading a FIFO or device could block forever)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"is {kind}, not a file; only regular files are read. Give the minutes as a .txt, .pdf or .html file."


def expand_inputs(paths: Sequence[Union[str, Path]], stdin: Any = None,
                  exclude: Sequence[Union[str, Path]] = ()) -> list[Task]:
    """Tasks for the inputs, in order: folders expanded recursively (sorted), `-` read from stdin.

    A path that does not exist, cannot be listed or read, or is not a regular file (FIFO,
    device, socket) stays a task: it becomes an error line, not a crash or a hang. Symlinked
    folders are followed once (a link back up the tree is not followed again). Files in
    `exclude` (the run's own output) are never listed.
    """
    tasks: list[Task] = []
    skip = {_real(p) for p in exclude}
    for raw in paths:
        name = os.fsdecode(raw) if isinstance(raw, bytes) else str(raw)
        if name == STDIN:
            tasks.append(_stdin_task(stdin))
            continue
        try:
            mode = os.stat(name).st_mode
        except OSError:
            tasks.append(_named(name))  # not found / unreadable: process_task says which
            continue
        if stat.S_ISDIR(mode):
            tasks.extend(_walk(name, skip))
            continue
        reason = _not_regular(name, mode)
        tasks.append(_refused(name, reason) if reason else _named(name))
    return tasks


def _stdin_task(stdin: Any) -> Task:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        return Task(source=STDIN_SOURCE, error=f"{STDIN_SOURCE}: standard input is closed, so there is nothing to read. "
                    "Pipe the minutes in (referat extract - < minutes.txt) or give a file.")
    stream = getattr(stream, "buffer", stream)
    try:
        data = stream.read()
    except (OSError, ValueError) as exc:
        return Task(source=STDIN_SOURCE, error=f"{STDIN_SOURCE}: standard input cannot be read ({exc}).")
    if isinstance(data, str):
        data = data.encode("utf-8")
    return Task(source=STDIN_SOURCE, data=data or b"")


def _real(path: Union[str, Path]) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def _meeting_json(path: str) -> bool:
    """A .json file found in a folder is a document only when it is a FirstAgenda meeting (not a manifest)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4 << 20)
    except OSError:
        return True  # let reading it give the error line
    return MEETING_JSON_KEY in head or len(head) == 4 << 20


def _walk(folder: str, skip: set[str]) -> list[Task]:
    """Documents under `folder`, sorted by path; folders and files that cannot be read as error tasks."""
    found: list[Task] = []
    seen: set[tuple[int, int]] = set()

    def visit(current: str) -> None:
        try:
            info = os.stat(current)
        except OSError as exc:
            found.append(_refused(current, f"folder cannot be read ({exc.strerror or exc}). Check its permissions."))
            return
        if (info.st_dev, info.st_ino) in seen:  # a symlink back to a folder already read: a loop
            return
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append(_refused(current, f"folder cannot be listed ({exc.strerror or exc}), so its documents "
                                           "were not read. Check its permissions."))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(current, entry.name)
            try:
                mode = entry.stat(follow_symlinks=True).st_mode
            except OSError as exc:
                if entry.name.lower().endswith(SUFFIXES):
                    found.append(_refused(path, f"cannot be read ({exc.strerror or exc}); a broken link or no permission."))
                continue
            if stat.S_ISDIR(mode):
                visit(path)
                continue
            if not entry.name.lower().endswith(SUFFIXES) or _real(path) in skip:
                continue
            if entry.name.lower().endswith(".json") and not _meeting_json(path):
                continue
            reason = _not_regular(path, mode)
            found.append(_refused(path, reason) if reason else _named(path))

    visit(folder)
    found.sort(key=lambda t: t.path or "")
    return found


# ------------------------------------------------------------------ one document


def error_record(source: str, exc: BaseException) -> dict[str, Any]:
    """The contract's error line for a failed document."""
    source = readable_name(source)
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
    return {"source": source, "error": {"type": kind, "message": readable_name(message)}}


def process_task(task: Task, nlp: Any, include_text: bool = False) -> dict[str, Any]:
    """Output dict for one task: a Minutes dict or an error record. Never raises for a bad document."""

    if task.error is not None:
        return {"source": task.source, "error": {"type": "InputError", "message": readable_name(task.error)}}
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

    # Ctrl-C reaches every process of the terminal's group: the main process alone handles
    # it (and stops the workers), so a worker never prints a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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

            nlp = load_pipeline(model)
        for task in tasks:
            yield process_task(task, nlp, include_text)
        return
    yield from _pool_results(tasks, model, min(workers, len(tasks)), include_text)


def worker_died_record(source: str) -> dict[str, Any]:
    """The error line of a document whose worker process died (killed, out of memory, crashed)."""
    return error_record(source, InputError(
        source, "the worker process extracting this document died (killed by the system, perhaps for lack of "
                "memory, or crashed).", "The other documents were extracted; retry this one alone, with more memory, "
                "or without --workers."))


def _new_pool(model: Any, workers: int, include_text: bool) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(model, include_text))


def _stop_pool(pool: Any) -> None:
    """Stop a pool now: cancel what has not started and end the worker processes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


def _wait(future: Any) -> Any:
    """future.result(), waiting in short steps so that Ctrl-C and SIGTERM are handled at once."""
    from concurrent.futures import TimeoutError as FutureTimeout

    while True:
        try:
            return future.result(timeout=0.5)
        except FutureTimeout:
            continue


def _pool_results(tasks: Sequence[Task], model: Any, workers: int, include_text: bool) -> Iterator[dict[str, Any]]:
    """Results in task order from a process pool. A worker that dies breaks the pool: the documents
    in flight are then run again one by one in a fresh pool of one, so that only the one that kills
    its worker again gets an error line; the run goes on with a new pool."""
    from collections import deque
    from concurrent.futures.process import BrokenProcessPool

    pending = deque(tasks)
    window = max(2 * workers, 2)
    pool = _new_pool(model, workers, include_text)
    flight: deque = deque()
    try:
        while pending or flight:
            while pending and len(flight) < window:
                task = pending.popleft()
                flight.append((task, pool.submit(_work, task)))
            task, future = flight[0]
            try:
                result = _wait(future)
            except BrokenProcessPool:
                _stop_pool(pool)
                unsettled = list(flight)
                flight.clear()
                for retry, done in unsettled:
                    if done.done() and not done.cancelled() and done.exception() is None:
                        yield done.result()  # finished before the pool broke
                    else:
                        yield _isolated(retry, model, include_text)
                pool = _new_pool(model, workers, include_text)
                continue
            flight.popleft()
            yield result
    finally:
        _stop_pool(pool)


def _isolated(task: Task, model: Any, include_text: bool) -> dict[str, Any]:
    """One task in a pool of its own: its result, or an error line when it kills that worker too."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(model, 1, include_text)
    try:
        return _wait(pool.submit(_work, task))
    except BrokenProcessPool:
        return worker_died_record(task.source)
    finally:
        _stop_pool(pool)


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


# ------------------------------------------------------------------ the run


@dataclass
class Summary:
    written: int = 0
    failed: int = 0
    skipped: int = 0
    kept_errors: int = 0  # error lines of an earlier run kept as done (--resume --keep-errors)
    outputs: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.kept_errors else 0


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
    keep_errors: bool = False,
) -> Summary:
    """Write `results(todo)` (dicts in task order) for the tasks not already in the output."""
    summary = Summary(outputs=output_paths(output, fmt))
    with open_writer(output, fmt, resume, keep_errors) as writer:
        for note in writer.notes:
            print(f"referat: {readable_name(note)}", file=sys.stderr, flush=True)
        todo = [t for t in tasks if not (resume and t.source in writer.done and t.data is None)]
        summary.skipped = len(tasks) - len(todo)
        summary.kept_errors = writer.kept_errors
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
    keep_errors: bool = False,
) -> Summary:
    """Extract every input to `output`; see the module doc. `tasks` overrides `inputs` (already listed)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    check_output(inputs, output, fmt)
    if tasks is None:
        tasks = expand_inputs(inputs, stdin=stdin, exclude=output_paths(output, fmt))
    else:
        check_output([t.path for t in tasks if t.path], output, fmt)
    if nlp is None and workers <= 1:

        nlp = load_pipeline(model)
    return write_results(
        tasks,
        lambda todo: iter_results(todo, model, nlp=nlp, workers=workers, include_text=include_text),
        output,
        fmt,
        resume,
        progress,
        keep_errors,
    )


def check_output(inputs: Sequence[Union[str, Path]], output: Union[str, Path], fmt: str) -> None:
    """ReferatError when the output would overwrite an input, or be read as minutes by the next run
    over an input folder: referat never writes where it reads."""
    targets = output_paths(output, fmt)
    for raw in inputs:
        name = os.fsdecode(raw) if isinstance(raw, bytes) else str(raw)
        if name == STDIN:
            continue
        real = _real(name)
        is_dir = os.path.isdir(name)
        for target in targets:
            out = _real(target)
            if out == real or _real(partial_path(target)) == real:
                raise ReferatError(str(target), "is also an input: writing it would destroy the document before it "
                                   "is read.", "Give another --output, e.g. out.jsonl.")
            if is_dir and out.startswith(real.rstrip(os.sep) + os.sep) and target.name.lower().endswith(SUFFIXES):
                raise ReferatError(str(target), f"lies inside the input folder {readable_name(name)} and has a suffix "
                                   "referat reads as minutes, so the next run would read its own output.",
                                   "Write the output outside the input folder, or name it .jsonl/.csv/.parquet.")
