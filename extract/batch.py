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

This module is the run itself; what is read is `inputs`, one document and the pool of
workers `workers`, and the output formats `writers`.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from referat.errors import ReferatError
from referat.pipeline import load as load_pipeline
from referat.extract.atomic import OutputLock
from referat.extract.inputs import STDIN, SUFFIXES, Task, expand_inputs, file_sha256, readable_name, real_path
from referat.extract.workers import is_error, iter_results
from referat.extract.writers import FORMATS, Writer, open_writer, output_paths

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
    """Write `results(todo)` (dicts in task order) for the tasks not already in the output.

    The output is locked for the run (a second run with the same output is refused)."""
    summary = Summary(outputs=output_paths(output, fmt))
    with OutputLock(summary.outputs[0]), open_writer(output, fmt, resume, keep_errors) as writer:
        for note in writer.notes:
            print(f"referat: {readable_name(note)}", file=sys.stderr, flush=True)
        todo = _todo(tasks, writer) if resume else list(tasks)
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


def _todo(tasks: Sequence[Task], writer: Writer) -> list[Task]:
    """The tasks --resume still has to do. A document is done when its source is in the output with
    the same content (sha256; an output that does not record it: the source alone), or when a file
    with the same content is in it under another path. A document whose file changed is done again
    (its old line dropped)."""
    hashes = {digest for digest in writer.done.values() if digest}
    todo, changed = [], set()
    for task in tasks:
        readable = task.data is None and task.error is None and bool(task.path)
        if task.data is None and task.source in writer.done:
            old = writer.done[task.source]
            digest = file_sha256(task.path) if old and readable else None
            if old is None or digest is None or old == digest:
                continue
            changed.add(task.source)
        elif readable and hashes and file_sha256(task.path) in hashes:
            continue
        todo.append(task)
    if changed:
        writer.forget(changed)
        print(f"referat: {len(changed)} document(s) changed since they were extracted and are extracted again.",
              file=sys.stderr, flush=True)
    return todo


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
        real = real_path(name)
        is_dir = os.path.isdir(name)
        for target in targets:
            out = real_path(target)
            if out == real:
                raise ReferatError(str(target), "is also an input: writing it would destroy the document before it "
                                   "is read.", "Give another --output, e.g. out.jsonl.")
            if is_dir and out.startswith(real.rstrip(os.sep) + os.sep) and target.name.lower().endswith(SUFFIXES):
                raise ReferatError(str(target), f"lies inside the input folder {readable_name(name)} and has a suffix "
                                   "referat reads as minutes, so the next run would read its own output.",
                                   "Write the output outside the input folder, or name it .jsonl/.csv/.parquet.")
