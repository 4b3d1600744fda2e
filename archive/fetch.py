"""`referat fetch`: a FirstAgenda portal's meetings into a folder of meeting JSON plus a manifest.

The folder looks like ../shared/corpus/greve: `<body-slug>/<date>-<id8>.json`, each file the
bytes the portal served for `GET /api/agenda/dagsorden/{id}`, and `manifest.json`, one record
per meeting (id, file, municipality, body, date, name, released, sha256, fetched_at, portal).
`referat extract FOLDER` reads the meetings and skips the manifest.

- Incremental: a meeting whose ReleasedDate and file are what the manifest says is not
  downloaded again; a republished one (a new ReleasedDate) is.
- Resumable: each meeting is written to a temporary file and renamed, then the manifest is
  rewritten (also atomically), so a killed run leaves only whole files and a manifest that
  names them; the same command goes on where it stopped.
- One run per folder: a lock file (`.referat-fetch-lock`, holding the pid) refuses a second
  run; a lock left by a killed run is taken over.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from tqdm import tqdm

from referat.archive.portal import FetchError, MeetingRef, PortalClient, municipality_of
from referat.errors import ReferatError

MANIFEST = "manifest.json"
LOCK = ".referat-fetch-lock"


class FetchUsageError(ReferatError):
    """The options or the output folder cannot be used (exit 2)."""

    type = "FetchUsageError"


@dataclass
class FetchSummary:
    """What a run did: counts for the closing line and the tests."""

    listed: int = 0
    selected: int = 0
    fetched: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    retried: int = 0
    seconds: float = 0.0


def slug(text: str) -> str:
    """A file-system name for a body: `Økonomiudvalget` -> `oekonomiudvalget` (as in greve/)."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "udvalg"


def meeting_file(ref: MeetingRef) -> str:
    """The meeting's path inside the folder, relative and with forward slashes."""
    return f"{slug(ref.body)}/{ref.date or 'undated'}-{ref.id[:8]}.json"


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """The manifest's records by meeting id; {} for a new folder. A broken one is an error, not a restart."""
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(records, list) or not all(isinstance(r, dict) and isinstance(r.get("id"), str) for r in records):
            raise ValueError("not a list of records with an id")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise FetchUsageError(str(path), f"is not a manifest referat fetch can read ({exc}).",
                              "Move it aside to fetch every meeting again, or give another --output folder.") from None
    return {r["id"]: r for r in records}


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: a kill leaves old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_manifest(folder: Path, records: dict[str, dict[str, Any]]) -> None:
    """The manifest, sorted by body, date and id so that two runs over the same portal write the same file."""
    ordered = sorted(records.values(), key=lambda r: (r.get("body") or "", r.get("date") or "", r["id"]))
    text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in ordered) + "\n]\n"
    write_atomic(folder / MANIFEST, text.encode("utf-8"))


def sha256_file(path: Path) -> Optional[str]:
    """The file's sha256, or None where it is missing or unreadable."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def select(refs: Iterable[MeetingRef], bodies: Iterable[str] = (), since: Optional[dt.date] = None,
           until: Optional[dt.date] = None, finished_only: bool = False) -> list[MeetingRef]:
    """The meetings a run asked for: bodies by case-insensitive part of the name, dates inclusive."""
    wanted = [b.casefold().strip() for b in bodies if b.strip()]
    chosen = []
    for ref in refs:
        if wanted and not any(w in ref.body.casefold() for w in wanted):
            continue
        if since or until:
            if not ref.date:
                continue
            day = dt.date.fromisoformat(ref.date)
            if (since and day < since) or (until and day > until):
                continue
        if finished_only and ref.finished is False:
            continue
        chosen.append(ref)
    return chosen


def is_current(record: Optional[dict[str, Any]], ref: MeetingRef, folder: Path) -> bool:
    """Whether the meeting on disk is the one the portal lists now (same ReleasedDate, file intact)."""
    if not record or record.get("released") != ref.released:
        return False
    return sha256_file(folder / record.get("file", "")) == record.get("sha256")


class FolderLock:
    """`.referat-fetch-lock` in the folder: one run per folder; a dead run's lock is taken over."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK

    def __enter__(self) -> "FolderLock":
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if _alive(self.path):
                    raise FetchUsageError(str(self.path.parent), "another referat fetch is writing this folder "
                                          f"(lock {self.path.name}).", "Wait for it to end, or give another --output.") from None
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as handle:
                handle.write(str(os.getpid()))
            return self
        raise FetchUsageError(str(self.path), "cannot be taken.", "Remove it if no referat fetch is running.")

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def _alive(lock: Path) -> bool:
    try:
        pid = int(lock.read_text().strip())
    except (OSError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fetch_portal(
    client: PortalClient,
    folder: Path,
    bodies: Iterable[str] = (),
    since: Optional[dt.date] = None,
    until: Optional[dt.date] = None,
    municipality: Optional[str] = None,
    finished_only: bool = False,
    progress: bool = False,
) -> FetchSummary:
    """Download the chosen meetings that are new or republished; the manifest follows every file."""
    started = time.monotonic()
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise FetchUsageError(str(folder), "is a file.", "Give a folder for --output.")
    folder.mkdir(parents=True, exist_ok=True)
    summary = FetchSummary()
    with FolderLock(folder):
        for partial in folder.rglob(".*.part"):  # left by a killed run: never named by the manifest
            partial.unlink(missing_ok=True)
        records = read_manifest(folder)
        refs = client.committees()
        summary.listed = len(refs)
        bodies = list(bodies)
        chosen = select(refs, bodies, since, until, finished_only)
        if bodies and not select(refs, bodies):
            names = sorted({r.body for r in refs})
            raise FetchUsageError(client.portal, f"no committee matches --body {' / '.join(bodies)}.",
                                  "The portal has: " + "; ".join(names) + ".")
        summary.selected = len(chosen)
        todo = [r for r in chosen if not is_current(records.get(r.id), r, folder)]
        summary.unchanged = len(chosen) - len(todo)
        place = municipality or municipality_of(client.portal)
        bar = tqdm(todo, desc="fetch", unit="meeting", disable=not progress, leave=False)
        for ref in bar:
            try:
                content, _ = client.meeting(ref.id)
            except FetchError as exc:
                if _is_fatal(exc):
                    raise
                summary.failed.append((ref.id, exc.describe()))
                continue
            name = meeting_file(ref)
            write_atomic(folder / name, content)
            old = records.get(ref.id)
            if old and old.get("file") not in (None, name):
                (folder / old["file"]).unlink(missing_ok=True)  # the body or date changed: one file per meeting
            records[ref.id] = {
                "id": ref.id, "file": name, "municipality": place, "body": ref.body, "date": ref.date,
                "name": ref.name, "finished": ref.finished, "released": ref.released,
                "sha256": hashlib.sha256(content).hexdigest(),
                "fetched_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "portal": client.portal,
            }
            write_manifest(folder, records)
            summary.fetched += 1
        bar.close()
        if not folder.joinpath(MANIFEST).exists():
            write_manifest(folder, records)
    summary.requests, summary.retried = client.requests, client.retried
    summary.seconds = time.monotonic() - started
    return summary


def _is_fatal(exc: FetchError) -> bool:
    """A meeting that fails for itself is skipped (exit 1 at the end); a refused client stops the run."""
    return exc.status in (401, 403)
