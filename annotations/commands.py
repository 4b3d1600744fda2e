"""CLI commands of the annotations stage; `register(app)` adds them to `referat`."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `referat` app."""
