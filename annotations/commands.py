"""CLI commands of the annotations stage; `register(app)` adds them to `referat`.

Everything lives under one sub-app, ``referat annotate ...``: add a command with
``@annotate_app.command("name")`` below (convert, agreement, export-hf, ...).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

annotate_app = typer.Typer(
    name="annotate",
    help="Annotation: the doccano loop (push, pull) and the gold corpus.",
    no_args_is_help=True,
    add_completion=False,
)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `referat` app."""
    app.add_typer(annotate_app, name="annotate")


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


def _read_inputs(inputs: List[Path], decisions: bool, preannotate: bool) -> list[dict]:
    """Records to push: gold-format JSONL as it is, minutes files ingested and segmented."""

    records: list[dict] = []
    raw: list[Path] = []
    for path in inputs:
        if not path.exists():
            _fail(f"{path}: no such file")
        if path.is_dir():
            raw.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".txt", ".pdf", ".html", ".htm")))
        elif path.suffix.lower() == ".jsonl":
            try:
                found = gold.read_jsonl(path)
            except ValueError as err:
                _fail(str(err))
            if decisions:
                spans = [r for r in found if gold.is_span_record(r)]
                records += [r for r in found if not gold.is_span_record(r)] + doccano.decision_records(spans)
            else:
                wrong = [r for r in found if not gold.is_span_record(r)]
                if wrong:
                    _fail(f"{path}: holds decision records ({wrong[0].get('example_id')}); push them with --decisions")
                records += found
        else:
            raw.append(path)
    if raw:
        nlp = decide = None
        if preannotate:
            if decisions:
                decide = doccano.decision_preannotator()
            else:
                nlp = doccano.preannotator()
        spans, items = doccano.file_records(raw, nlp, decide)
        records += items if decisions else spans
    return records


@annotate_app.command("push")
def push(
    inputs: List[Path] = typer.Argument(..., help="Minutes files (.txt/.pdf/.html, folders of them) or gold-format JSONL"),
    project: str = typer.Option(..., "--project", "-p", help="doccano project name (created if missing)"),
    decisions: bool = typer.Option(False, "--decisions", help="Push agenda items for decision types, not spans"),
    annotator: List[str] = typer.Option([], "--annotator", "-a", help="Add this doccano user as annotator (repeatable)"),
    collaborative: bool = typer.Option(
        False, "--collaborative", help="New project only: annotators share one set of annotations"
    ),
    preannotate: bool = typer.Option(
        True, "--preannotate/--no-preannotate", help="Pre-annotate minutes files with the current pipeline (rules)"
    ),
    guideline: Optional[Path] = typer.Option(None, "--guideline", help="Guideline file (default annotations/GUIDELINES.md)"),
) -> None:
    """Create or update a doccano project and upload examples with pre-annotations.

    Server and credentials: REFERAT_DOCCANO_URL, REFERAT_DOCCANO_USER,
    REFERAT_DOCCANO_PASSWORD, or a prompt. Re-running never duplicates examples.
    An annotator who runs push with their own credentials gets the
    pre-annotations into their own view (examples they have not touched yet).
    """

    try:
        records = _read_inputs(inputs, decisions, preannotate)
        if not records:
            _fail("nothing to push: no segments found in the input")
        text = guideline.read_text(encoding="utf-8") if guideline else doccano.load_guideline()
        client = doccano.connect_from_env()
        fn = doccano.push_decisions if decisions else doccano.push_spans
        report = fn(client, records, project, text, collaborative=collaborative, annotators=annotator)
    except doccano.DoccanoError as err:
        _fail(str(err))
    except OSError as err:
        _fail(str(err))
    typer.echo(report.summary())


@annotate_app.command("pull")
def pull(
    project: str = typer.Option(..., "--project", "-p", help="doccano project name"),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL file to write (gold format, one line per example per annotator)"),
    decisions: Optional[bool] = typer.Option(
        None, "--decisions/--spans", help="Project kind (default: taken from the project)"
    ),
    check: bool = typer.Option(True, "--check/--no-check", help="Report spans not on spaCy token boundaries"),
    exclude: List[str] = typer.Option(
        [], "--exclude", "-x", help="Leave out this user's records, e.g. the account that pushed pre-annotations (repeatable)"
    ),
) -> None:
    """Download every annotator's annotations as gold-format JSONL (needs project admin rights)."""

    try:
        client = doccano.connect_from_env()
        if decisions is None:
            found = doccano.find_project(client, project)
            if found is None:
                _fail(f"no doccano project {project!r} visible to user {client.username!r}")
            decisions = found.get("project_type") == doccano.DOCUMENT_CLASSIFICATION[0]
        records = doccano.pull_decisions(client, project) if decisions else doccano.pull_spans(client, project)
    except doccano.DoccanoError as err:
        _fail(str(err))
    records = [r for r in records if r.get("annotator") not in set(exclude)]
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    annotators = sorted({r.get("annotator", "") for r in records})
    typer.echo(f"{output}: {len(records)} records from {len(annotators)} annotators ({', '.join(annotators)})")
    if check and not decisions:
        problems = doccano.span_problems(records)
        for p in problems:
            typer.echo(f"problem: {p.describe()}", err=True)
        if problems:
            typer.secho(
                f"{len(problems)} span(s) are not on spaCy token boundaries: fix them in doccano (they are kept "
                "as they are in the file, never moved)", fg=typer.colors.YELLOW, err=True,
            )
            raise typer.Exit(code=2)


# Gold-data commands (convert, agreement, adjudicate, export-hf): annotations/data_commands.py
from referat.annotations.data_commands import register_data_commands  # noqa: E402
from referat.annotations import doccano, gold
from referat.annotations import doccano

register_data_commands(annotate_app)
