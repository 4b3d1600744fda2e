"""One document to one output dict, in this process or in a pool of workers.

A worker that dies (a parser that crashes the interpreter) costs only its document:
the document gets an error line and the pool is started again.
"""
from __future__ import annotations

import io
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from referat.errors import InputError, ReferatError
from referat.extract.extractor import extract, extract_ingested
from referat.corpus import ingest
from referat.pipeline import load as load_pipeline
from referat.extract.inputs import STDIN, Task, file_sha256, readable_name

#: Seconds one document of a batch run may take before it becomes an error line (0: no limit).
TIME_LIMIT_ENV = "REFERAT_DOCUMENT_TIMEOUT"
DEFAULT_TIME_LIMIT = 900.0


class DocumentTimeout(BaseException):
    """Raised in the middle of a document that ran past the time limit (a BaseException, so that no
    `except Exception` on the way swallows it)."""


def time_limit_seconds() -> float:
    """The per-document time limit of batch runs: REFERAT_DOCUMENT_TIMEOUT, else 900 s; 0 is none."""
    raw = os.environ.get(TIME_LIMIT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIME_LIMIT
    except ValueError:
        value = DEFAULT_TIME_LIMIT
    return max(value, 0.0)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds` (only in a main thread, where signals arrive)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)



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


def process_task(task: Task, nlp: Any, include_text: bool = False, limit: Optional[float] = None) -> dict[str, Any]:
    """Output dict for one task: a Minutes dict or an error record. Never raises for a bad document.

    A document that takes longer than `limit` seconds (default: time_limit_seconds()) is stopped
    and becomes an error line."""

    if task.error is not None:
        return {"source": task.source, "error": {"type": "InputError", "message": readable_name(task.error)}}
    limit = time_limit_seconds() if limit is None else limit
    try:
        digest = None
        with time_limit(limit):
            if task.data is not None:
                minutes = extract_ingested(_ingest_stdin(task.data), nlp, include_text=include_text)
            else:
                path = Path(task.path or task.source)
                if not path.exists():
                    raise InputError(task.source, "file not found.", "Check the path; it may have been moved or deleted.")
                digest = file_sha256(path)
                minutes = extract(path, nlp=nlp, include_text=include_text, name=task.source)
        data = minutes.to_dict(include_text=include_text)
        data["source"] = task.source
        if digest:
            data["sha256"] = digest
        return data
    except KeyboardInterrupt:
        raise
    except DocumentTimeout:
        return error_record(task.source, InputError(
            task.source, f"extracting it took longer than the limit of {limit:g} s per document, so it was stopped.",
            f"Allow more with --time-limit SECONDS (or {TIME_LIMIT_ENV}; 0 = no limit), or split the document."))
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
