"""CLI commands of the corpus stage; `register(app)` adds them to `referat`."""
from __future__ import annotations

import json

import typer
from referat.corpus import ingest
from referat.errors import InputError


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `referat` app."""

    @app.command("ingest")
    def ingest_command(
        file: str = typer.Argument(..., help="A .txt, .pdf, .html/.htm file of minutes, or - for stdin."),
        include_text: bool = typer.Option(False, "--include-text", help="Add the cleaned text to the JSON."),
    ) -> None:
        """Print the structure of one set of minutes as JSON: meeting, items, sections, warnings."""

        try:
            doc = ingest(file)
        except InputError as exc:
            typer.echo(f"error: {exc.describe()}", err=True)
            raise typer.Exit(1) from None
        for warning in doc.warnings:
            typer.echo(f"warning: {doc.source}: {warning}", err=True)
        typer.echo(json.dumps(doc.to_dict(include_text=include_text), ensure_ascii=False, indent=2))
