"""CLI commands of the annotations stage; `register(app)` adds them to `referat`.

Everything lives under one sub-app, ``referat annotate ...``: add a command with
``@annotate_app.command("name")`` below (convert, agreement, export-hf, ...).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from referat.annotations import active, greve

annotate_app = typer.Typer(
    name="annotate",
    help="Annotation: the doccano loop (push, pull) and the gold corpus.",
    no_args_is_help=True,
    add_completion=False,
)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `referat` app."""
    app.add_typer(annotate_app, name="annotate")


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=code)


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
    inputs: Optional[List[Path]] = typer.Argument(
        None, help="Minutes files (.txt/.pdf/.html, folders of them) or gold-format JSONL (or use --archive)"
    ),
    project: str = typer.Option(..., "--project", "-p", help="doccano project name (created if missing)"),
    archive: Optional[Path] = typer.Option(
        None, "--archive", help="A FirstAgenda archive (../shared/corpus/greve): push its unannotated items, "
        "least sure first (active learning; annotations/active.py)"
    ),
    queue: int = typer.Option(200, "--queue", help="With --archive: how many items to push"),
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

    if archive is not None:
        if inputs:
            _fail("give minutes files or --archive, not both", 2)
        if not (archive / "manifest.json").exists():
            _fail(f"{archive}: no FirstAgenda archive there (manifest.json missing); put the shared corpus "
                  "beside the repository (../shared/corpus/greve) or pass --archive PATH to it", 2)
        if queue < 1:
            _fail(f"--queue must be at least 1, not {queue}", 2)
    elif not inputs:
        _fail("nothing to push: give minutes files or gold JSONL, or --archive ../shared/corpus/greve", 2)
    try:
        if archive is not None:
            chosen = active.archive_queue(archive, queue, decisions=decisions, preannotate=preannotate)
            typer.echo(chosen.summary())
            records = chosen.records
        else:
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
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="JSONL file to write (gold format, one line per example per annotator)"
    ),
    decisions: Optional[bool] = typer.Option(
        None, "--decisions/--spans", help="Project kind (default: taken from the project)"
    ),
    check: bool = typer.Option(True, "--check/--no-check", help="Report spans not on spaCy token boundaries"),
    exclude: List[str] = typer.Option(
        [], "--exclude", "-x", help="Leave out this user's records, e.g. the account that pushed pre-annotations (repeatable)"
    ),
    archive_gold: Optional[Path] = typer.Option(
        None, "--archive-gold", help="Add the archive items' labels as stand-off gold rows to this JSONL "
        "(e.g. annotations/greve/decisions.jsonl; no text is written)"
    ),
) -> None:
    """Download every annotator's annotations as gold-format JSONL (needs project admin rights)."""

    if output is None and archive_gold is None:
        _fail("say where the pull goes: --output FILE.jsonl and/or --archive-gold FILE.jsonl", 2)
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
    annotators = sorted({r.get("annotator", "") for r in records})
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        typer.echo(f"{output}: {len(records)} records from {len(annotators)} annotators ({', '.join(annotators)})")
    if archive_gold is not None:
        if client.username in annotators:
            typer.secho(f"note: {client.username!r} (who pulls) counts as an annotator; if that account pushed the "
                        f"pre-annotations, pull with --exclude {client.username}", fg=typer.colors.YELLOW, err=True)
        _write_archive_gold(records, archive_gold)
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


def _write_archive_gold(records: list[dict], path: Path, shared: Path = greve.SHARED_CORPUS) -> None:
    """Pulled records of archive items -> stand-off rows appended to `path` (items already there are kept)."""
    result = active.archive_rows(records)
    if not result.rows and not result.disagreements and not result.problems:
        _fail(f"no record names an archive item ({', '.join(active.ANCHOR_KEYS)} in meta): push with --archive")
    drift: dict[tuple[str, str], str] = {}
    if greve.shared_available(shared):
        drift = active.check_rows(result.rows, shared)
        result.rows = [r for r in result.rows if (r["file"], r["item_id"]) not in drift]
    else:
        typer.secho(f"note: {shared} is not here, so the rows' sha256 and offsets were not checked against the "
                    "archive", fg=typer.colors.YELLOW, err=True)
    added, kept = active.merge_rows(path, result.rows)
    items = len(result.keys())
    typer.echo(f"{path}: {added} rows added for {items - kept} items ({kept} items already there, kept as they were); "
               f"{len(result.disagreements)} items where annotators disagree, left for adjudication")
    for line in result.disagreements:
        typer.echo(f"disagreement: {line}", err=True)
    for line in result.problems + list(drift.values()):
        typer.echo(f"problem: {line}", err=True)
    if drift:
        _fail(f"{len(drift)} row(s) do not anchor in {shared}; they were not written")


@annotate_app.command("archive-gold")
def archive_gold_cmd(
    pulled: Path = typer.Argument(..., help="A pulled JSONL of archive items (pull --output)"),
    output: Path = typer.Argument(..., help="Stand-off gold JSONL to add rows to (annotations/greve/decisions.jsonl)"),
    exclude: List[str] = typer.Option([], "--exclude", "-x", help="Leave out this user's records (repeatable)"),
) -> None:
    """Pulled records of archive items -> stand-off gold rows (file, sha256, item_id, offsets, label; no text)."""
    if not pulled.exists():
        _fail(f"{pulled}: no such file; pull first (referat annotate pull --output ...)", 2)
    try:
        records = gold.read_jsonl(pulled)
    except ValueError as err:
        _fail(str(err))
    _write_archive_gold([r for r in records if r.get("annotator") not in set(exclude)], output)


# Gold-data commands (convert, agreement, adjudicate, export-hf): annotations/data_commands.py
from referat.annotations.data_commands import register_data_commands  # noqa: E402
from referat.annotations import doccano, gold

register_data_commands(annotate_app)
