"""CLI commands of the archive stage; `register(app)` adds them to `referat`.

    referat fetch --portal https://dagsordener.greve.dk --output meetings/ [--body B]... [--since D] [--until D]
    referat publish OUT.jsonl... --db archive.db [--municipality M] [--parquet DIR]
    referat serve archive.db [--host H] [--port P]

Exit status: 0 done, 1 some meetings or lines failed (the rest was done and kept), 2 a usage
error (bad options, a folder or database that cannot be used, a portal that refuses us),
130 interrupted (what was done is kept; the same command goes on). Never a traceback.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import List, Optional

import typer

from referat.archive.fetch import fetch_portal
from referat.archive.parquet import write_parquet
from referat.archive.portal import FetchError, PortalClient
from referat.archive.publish import publish
from referat.archive.serve import check_archive, serve
from referat.errors import ReferatError

USAGE = 2
INTERRUPTED = 130


def _fail(message: str, code: int = USAGE) -> None:
    typer.echo(f"referat: {message}", err=True)
    raise typer.Exit(code)


def _date(value: Optional[str], option: str) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} {value}: not a date; give it as YYYY-MM-DD, e.g. {option} 2024-01-01.")
    return None


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `referat` app."""

    @app.command("fetch")
    def fetch_command(
        portal: Optional[str] = typer.Option(
            None, "--portal", "-p", help="The FirstAgenda portal, e.g. https://dagsordener.greve.dk", show_default=False),
        output: Optional[Path] = typer.Option(
            None, "--output", "-o", help="Folder for the meeting JSON and manifest.json (created; fetched again: only "
            "new or republished meetings are downloaded)", show_default=False),
        body: Optional[List[str]] = typer.Option(
            None, "--body", "-b", help="Only committees whose name holds this (case-insensitive; repeat for several)",
            show_default=False),
        since: Optional[str] = typer.Option(None, "--since", help="Only meetings on or after this date (YYYY-MM-DD)",
                                            show_default=False),
        until: Optional[str] = typer.Option(None, "--until", help="Only meetings on or before this date (YYYY-MM-DD)",
                                            show_default=False),
        municipality: Optional[str] = typer.Option(
            None, "--municipality", help="Name written to the manifest (default: from the portal's host, "
            "dagsordener.greve.dk -> Greve Kommune)", show_default=False),
        finished_only: bool = typer.Option(False, "--finished-only", help="Skip meetings the portal marks as not finished "
                                           "(agendas without decisions yet)"),
        delay: float = typer.Option(1.0, "--delay", help="Seconds between requests (be polite to the portal)"),
        retries: int = typer.Option(5, "--retries", help="Tries again after a 429, 5xx, timeout or cut-off answer"),
        backoff: float = typer.Option(2.0, "--backoff", help="Seconds before the first retry; doubled each time "
                                      "(a Retry-After header wins)"),
        timeout: float = typer.Option(30.0, "--timeout", help="Seconds to wait for an answer"),
        progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: only on "
                                                "a terminal)", show_default=False),
    ) -> None:
        """Download meetings from a FirstAgenda portal into a folder of meeting JSON plus manifest.json."""
        if not portal:
            _fail("--portal is missing, e.g. --portal https://dagsordener.greve.dk")
        if output is None:
            _fail("--output is missing. Say which folder to fetch into, e.g. --output meetings/")
        start, end = _date(since, "--since"), _date(until, "--until")
        if start and end and start > end:
            _fail(f"--since {since} is after --until {until}.")
        if delay < 0 or retries < 0 or backoff < 0 or timeout <= 0:
            _fail("--delay, --retries and --backoff must be 0 or more, --timeout more than 0.")
        try:
            client = PortalClient(portal, delay=delay, retries=retries, backoff=backoff, timeout=timeout)
            summary = fetch_portal(client, output, bodies=body or (), since=start, until=end,
                                   municipality=municipality, finished_only=finished_only,
                                   progress=sys.stderr.isatty() if progress is None else progress)
        except KeyboardInterrupt:
            _fail("interrupted. The meetings fetched so far are kept with the manifest; run the same command to go on.",
                  INTERRUPTED)
        except FetchError as exc:
            _fail(exc.describe(), 1 if exc.status is None else USAGE)
        except ReferatError as exc:
            _fail(exc.describe())
        except OSError as exc:
            _fail(f"cannot write to {output}: {exc.strerror or exc}. What was fetched before is kept.", 1)
        for meeting_id, message in summary.failed:
            typer.echo(f"referat: meeting {meeting_id}: {message}", err=True)
        parts = [f"{summary.fetched} fetched", f"{summary.unchanged} unchanged",
                 f"of {summary.selected} chosen ({summary.listed} listed)"]
        if summary.failed:
            parts.insert(2, f"{len(summary.failed)} failed (run again to retry them)")
        typer.echo(f"referat: {', '.join(parts)} -> {output} in {summary.seconds:.1f} s "
                   f"({summary.requests} requests, {summary.retried} retried)", err=True)
        raise typer.Exit(1 if summary.failed else 0)

    @app.command("publish")
    def publish_command(
        outputs: Optional[List[Path]] = typer.Argument(None, help="Output of referat extract (JSON lines)",
                                                       show_default=False),
        db: Optional[Path] = typer.Option(None, "--db", help="The SQLite database to write (created, or updated: a "
                                          "document published again replaces its rows)", show_default=False),
        municipality: Optional[str] = typer.Option(
            None, "--municipality", help="For every document (default: from a manifest.json beside each source)",
            show_default=False),
        parquet: Optional[Path] = typer.Option(
            None, "--parquet", help="Also write the tables as Parquet, partitioned by municipality and year, into this "
            "folder (rewritten from the whole database)", show_default=False),
    ) -> None:
        """Publish `referat extract` output to a SQLite archive with full-text search (for referat serve)."""
        if not outputs:
            _fail("no input. Give the JSON lines of referat extract: referat publish out.jsonl --db archive.db")
        if db is None:
            _fail("--db is missing. Say where to write, e.g. --db archive.db")
        failed = 0
        for output in outputs:
            try:
                summary = publish(output, db, municipality=municipality)
            except ReferatError as exc:
                _fail(exc.describe())
            for line in summary.bad_lines[:20]:
                typer.echo(f"referat: {output}: {line}; skipped.", err=True)
            if len(summary.bad_lines) > 20:
                typer.echo(f"referat: {output}: {len(summary.bad_lines) - 20} more bad lines.", err=True)
            if summary.bad_lines and not summary.documents:
                _fail(f"{output}: no `referat extract` output line in it. Give the file referat extract --output wrote.")
            failed += len(summary.bad_lines)
            note = f", {summary.skipped_errors} error lines skipped" if summary.skipped_errors else ""
            typer.echo(f"referat: {output}: {summary.documents} documents, {summary.items} items, {summary.entities} "
                       f"entities, {summary.positions} positions{note} -> {db} in {summary.seconds:.1f} s", err=True)
        if parquet is not None:
            try:
                written = write_parquet(db, parquet)
            except ReferatError as exc:
                _fail(exc.describe())
            typer.echo(f"referat: {written} Parquet files -> {parquet}", err=True)
        raise typer.Exit(1 if failed else 0)

    @app.command("serve")
    def serve_command(
        db: Optional[Path] = typer.Argument(None, help="The archive referat publish wrote", show_default=False),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)"),
        port: int = typer.Option(8001, "--port", help="Port to listen on"),
    ) -> None:
        """Datasette over the archive: search, facets, canned queries, JSON/CSV API and Atom feeds."""
        if db is None:
            _fail("no database. Give the file referat publish wrote: referat serve archive.db")
        try:
            check_archive(db)  # refuse a bad file before the server starts
        except ReferatError as exc:
            _fail(exc.describe())
        typer.echo(f"referat: serving {db} at http://{host}:{port}/{db.stem} (Ctrl-C to stop)", err=True)
        try:
            serve(db, host=host, port=port)
        except KeyboardInterrupt:
            raise typer.Exit(0)
