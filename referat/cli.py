"""The `referat` command: a thin layer that wires each stage's library calls to sub-commands."""
from __future__ import annotations

import json

import typer

from referat.pipeline.loading import import_spacy

# spaCy first, without torch where the default pipeline needs none: the stages import spaCy
# at their top, and a `referat extract` process should not carry torch (~400 MB) for nothing
import_spacy()

app = typer.Typer(
    name="referat",
    help="Information extraction from Danish municipal meeting minutes.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output line of `referat extract`."""
    from referat.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def _register_stages() -> None:
    from referat.annotations.commands import register as annotations
    from referat.archive.commands import register as archive
    from referat.corpus.commands import register as corpus
    from referat.extract.commands import register as extract
    from referat.extract.votes import register as votes
    from referat.training.commands import register as training

    for register in (corpus, annotations, training, extract, votes, archive):
        register(app)


_register_stages()

if __name__ == "__main__":  # pragma: no cover
    app()
