"""`referat serve`: Datasette over an archive that `referat publish` wrote.

referat configures Datasette itself: `metadata.json` (shipped beside this module) gives the
titles, descriptions, facets (municipality, body, year, decision type, party), label columns
and the canned queries (grants to an organisation, decisions about a project, positions over
time, decisions by type per body and year, a search and its Atom feed through datasette-atom).
Datasette's `.json` and `.csv` endpoints are the API. The metadata is keyed by the database's
name, which Datasette takes from the file's stem, so it is filled in when the server starts.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any


from referat.archive.publish import TABLES
from referat.errors import ReferatError

if TYPE_CHECKING:
    from datasette.app import Datasette

PLACEHOLDER = "archive"
LINK_PLACEHOLDER = "__DATABASE__"


class ServeError(ReferatError):
    """The database cannot be served (exit 2)."""

    type = "ServeError"


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The shipped metadata with the database's name in place of the template's."""
    template = json.loads(resources.files("referat.archive").joinpath("metadata.json").read_text(encoding="utf-8"))
    name = Path(db_path).stem
    config = template["databases"].pop(PLACEHOLDER)
    for query in config.get("queries", {}).values():
        query["sql"] = query["sql"].replace(LINK_PLACEHOLDER, name)
    template["databases"][name] = config
    return template


def check_archive(db_path: Path) -> None:
    """Refuse, with what to do, a path that is not a referat archive (before Datasette starts)."""
    path = Path(db_path)
    if not path.is_file():
        raise ServeError(str(path), "is not a file.", "Build one first: referat publish OUT.jsonl --db archive.db")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            names = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ServeError(str(path), f"is not a SQLite database ({exc}).",
                         "Give the file referat publish wrote (--db).") from None
    missing = sorted(set(TABLES) - names)
    if missing:
        raise ServeError(str(path), f"is not a referat archive (no table {', '.join(missing)}).",
                         "Build it with: referat publish OUT.jsonl --db archive.db") from None


def make_datasette(db_path: Path) -> "Datasette":
    """A Datasette over the archive, configured by referat, started (ready for `.client` or an ASGI server)."""
    # Datasette is imported here, not at the top: importing it takes ~1.4 s, which every `referat`
    # command (this module is registered with the CLI) would otherwise pay.
    from datasette.app import Datasette

    check_archive(db_path)
    ds = Datasette(
        [str(db_path)],
        metadata=metadata_for(db_path),
        settings={"sql_time_limit_ms": 5000, "default_page_size": 50, "facet_time_limit_ms": 500},
    )
    asyncio.run(ds.invoke_startup())
    if "atom" in ds.renderers:
        render, can_render = ds.renderers["atom"]
        ds.renderers["atom"] = (_empty_feed_safe(render), can_render)
    return ds


def _empty_feed_safe(render: Any) -> Any:
    """datasette-atom 0.9 answers 500 to a search with no hits yet (max() of no rows); give an empty feed.

    A feed a user subscribes to before anything matches must be a valid, empty Atom feed.
    """

    from datasette.utils.asgi import Response  # with Datasette (see make_datasette)
    from feedgen.feed import FeedGenerator

    def render_atom(datasette: Any, request: Any, sql: str, columns: list, rows: list, database: str,
                    table: Any, query_name: Any, view_name: str, data: dict) -> Any:
        if rows:
            return render(datasette, request, sql, columns, rows, database, table, query_name, view_name, data)
        feed = FeedGenerator()
        feed.id(request.url)
        feed.link(href=request.url, rel="self")
        feed.updated(dt.datetime.now(dt.timezone.utc))
        title = ((datasette.metadata(database=database) or {}).get("queries", {}).get(query_name or "", {})
                 .get("title")) or request.args.get("_feed_title", "referat")
        feed.title(title)
        return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)

    return render_atom


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette until Ctrl-C."""
    import uvicorn  # with Datasette (see make_datasette)

    ds = make_datasette(db_path)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
