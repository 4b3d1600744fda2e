"""CLI commands of the extract stage; `register(app)` adds them to `referat`.

    referat extract PATH... --output OUT [--model M] [--format jsonl|csv|parquet]
                    [--workers N] [--resume] [--include-text] [--dask-scheduler ADDRESS]
    referat render FILE --output page.html [--model M]

Exit status (output contract): 0 every document extracted, 1 some failed (each an
error line in the output), 2 usage error (no inputs, no --output, a model that
cannot be loaded, ...). Bad input or a bad model never shows a traceback.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import List, Optional

import typer
from referat.errors import ReferatError
from referat.extract.atomic import OutputError, output_target, write_atomic
from referat.extract.batch import check_output, run_batch
from referat.extract.inputs import expand_inputs
from referat.extract.workers import TIME_LIMIT_ENV
from referat.extract.writers import FORMATS, output_paths
from referat.pipeline import load as load_pipeline
from referat.extract.distributed import run_on_dask
from referat.extract.render import render_html

USAGE = 2
INTERRUPTED = 130


def _fail(message: str, code: int = USAGE) -> None:
    typer.echo(f"referat: {message}", err=True)
    raise typer.Exit(code)


def _interrupt_on_sigterm() -> None:
    def handler(signum, frame):  # noqa: ANN001
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        pass


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `referat` app."""

    @app.command("extract")
    def extract_command(
        paths: Optional[List[str]] = typer.Argument(
            None, help="Files (.txt, .pdf, .html), folders (read recursively) or - for standard input", show_default=False
        ),
        output: Optional[Path] = typer.Option(
            None, "--output", "-o", help="Output file (jsonl), or the stem of OUT.items.*, OUT.entities.* and OUT.positions.* (csv, parquet)"
        ),
        model: Optional[str] = typer.Option(None, "--model", "-m", help="A pipeline folder or installed package (default: the shipped pipeline)"),
        fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or parquet"),
        workers: int = typer.Option(1, "--workers", "-w", help="Processes to run in parallel (each loads the pipeline once)"),
        resume: bool = typer.Option(
            False, "--resume", help="Append to the output and skip documents already in it (failed ones are tried again)"
        ),
        keep_errors: bool = typer.Option(
            False, "--keep-errors", help="With --resume: keep documents whose last line is an error as done"
        ),
        include_text: bool = typer.Option(False, "--include-text", help="Add the ingested text (what offsets refer to) as \"text\""),
        dask_scheduler: Optional[str] = typer.Option(
            None, "--dask-scheduler", help="Run on a Dask cluster at this address, e.g. tcp://10.0.0.5:8786"
        ),
        progress: Optional[bool] = typer.Option(
            None, "--progress/--no-progress", help="Progress bar (default: only on a terminal)", show_default=False
        ),
        time_limit: Optional[float] = typer.Option(
            None, "--time-limit", help=f"Seconds one document may take before it becomes an error line "
            f"(default 900, or {TIME_LIMIT_ENV}; 0 = no limit)", show_default=False,
        ),
    ) -> None:
        """Extract meeting, items, entities and decisions to one JSON line per document."""

        if not paths:
            _fail("no inputs. Give files, folders or - (standard input): referat extract minutes/ --output out.jsonl")
        if output is None:
            _fail("--output is missing. Say where to write, e.g. --output out.jsonl")
        fmt = fmt.lower()
        if fmt not in FORMATS:
            _fail(f"--format {fmt}: unknown; use one of {', '.join(FORMATS)}.")
        if workers < 1:
            _fail("--workers must be 1 or more.")
        if time_limit is not None:
            if time_limit < 0:
                _fail("--time-limit must be 0 (no limit) or more seconds.")
            os.environ[TIME_LIMIT_ENV] = str(time_limit)  # read by every worker process as well
        if str(output) == "-":
            _fail("--output - is not supported; give a file name (or /dev/stdout).")
        if fmt == "jsonl" and os.path.isdir(output):
            _fail(f"--output {output} is a folder; give a file name such as {output / 'out.jsonl'}.")
        try:
            if fmt != "jsonl" and os.path.exists(output) and output_target(output)[1]:
                _fail(f"--output {output} is a device or pipe, and --format {fmt} writes three tables beside the "
                      "name it is given. Give a file stem such as out, or use --format jsonl for a device.")
            for target in output_paths(output, fmt) if fmt != "parquet" else []:
                output_target(target)  # a path too long, a socket, a dangling link: refused before any work
            check_output(paths, output, fmt)
        except ReferatError as exc:
            _fail(exc.describe())
        try:
            tasks = expand_inputs(paths, exclude=output_paths(output, fmt))
        except OSError as exc:
            _fail(f"cannot read the inputs: {exc}")
        if not tasks:
            _fail(f"no documents found in {' '.join(paths)} (looked for .txt, .pdf, .html, .htm files).")


        try:
            nlp = load_pipeline(model)  # fail early (exit 2), before any document or worker
        except ReferatError as exc:
            _fail(exc.describe())

        _interrupt_on_sigterm()
        try:
            if dask_scheduler:

                summary = run_on_dask(
                    tasks, dask_scheduler, output, model=model, fmt=fmt, resume=resume,
                    include_text=include_text, progress=progress,
                )
            else:
                summary = run_batch(
                    [], output, tasks=tasks, model=model, fmt=fmt, workers=workers, resume=resume,
                    include_text=include_text, progress=progress, nlp=nlp, keep_errors=keep_errors,
                )
        except KeyboardInterrupt:
            typer.echo(
                "referat: interrupted. Everything written so far is kept; run the same command with --resume to go on.",
                err=True,
            )
            raise typer.Exit(INTERRUPTED)
        except OutputError as exc:
            _fail(exc.describe(), 1)
        except ReferatError as exc:
            _fail(exc.describe())
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}. An existing output was left as it was.", 1)

        where = ", ".join(str(p) for p in output_paths(output, fmt))
        parts = [f"{summary.written - summary.failed} extracted"]
        if summary.failed:
            parts.append(f"{summary.failed} failed (error lines in the output)")
        if summary.skipped:
            parts.append(f"{summary.skipped} already done (skipped)")
        if summary.kept_errors:
            parts.append(f"{summary.kept_errors} earlier failure(s) kept (--keep-errors)")
        typer.echo(f"referat: {', '.join(parts)} -> {where}", err=True)
        raise typer.Exit(summary.exit_code)

    @app.command("render")
    def render_command(
        file: Path = typer.Argument(..., help="Minutes (.txt, .pdf, .html) or an output line file (.jsonl with --include-text)"),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write the HTML page"),
        model: Optional[str] = typer.Option(None, "--model", "-m", help="A pipeline folder or installed package"),
    ) -> None:
        """Write an HTML page: each item with its decision badge and its entities highlighted."""

        if output is None:
            _fail("--output is missing. Say where to write, e.g. --output page.html")
        if not os.path.exists(file):
            _fail(f"{file}: file not found.")
        try:
            target, _ = output_target(output)
        except ReferatError as exc:
            _fail(exc.describe())
        if os.path.realpath(target) == os.path.realpath(file):
            _fail(f"--output {output} is the input itself; writing the page would destroy it. Give another name.")
        try:
            page = render_html(file, model=model)
        except ReferatError as exc:
            typer.echo(f"referat: {exc.describe()}", err=True)
            raise typer.Exit(1 if exc.type == "InputError" else USAGE)
        except RecursionError:
            typer.echo(f"referat: {file}: its elements are nested too deeply to render.", err=True)
            raise typer.Exit(1)
        except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
            typer.echo(f"referat: {file}: cannot be rendered ({type(exc).__name__}: {exc}). This is a bug in "
                       "referat; please report it with the file.", err=True)
            raise typer.Exit(1)
        try:
            write_atomic(output, page)
        except ReferatError as exc:
            _fail(exc.describe(), 1)
        typer.echo(f"referat: wrote {output}", err=True)
