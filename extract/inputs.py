"""What a batch run reads: files, folders (recursively, in sorted order) and standard input, as Tasks.

A path that cannot be read becomes a Task with an error, so the run writes an error line
for it and goes on.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Union


SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".json")
MEETING_JSON_KEY = b'"Dagsordenpunkter"'  # a FirstAgenda meeting; other .json in a folder (manifest.json) is skipped
STDIN = "-"
STDIN_SOURCE = "<stdin>"



@dataclass
class Task:
    """One document to extract: a path, or text read from stdin."""

    source: str
    path: Optional[str] = None
    data: Optional[bytes] = None  # standard input, read once by the main process (never skipped by --resume)
    error: Optional[str] = None  # found while listing the inputs (unreadable folder, FIFO, ...): an error line


def readable_name(name: Union[str, Path]) -> str:
    """`name` as valid UTF-8 text: bytes that are not UTF-8 (kept by Python as surrogates) shown as U+FFFD."""
    text = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _named(path: str) -> Task:
    return Task(source=readable_name(path), path=path)


def _refused(path: str, message: str) -> Task:
    name = readable_name(path)
    return Task(source=name, path=path, error=f"{name}: {message}")


def _not_regular(path: str, mode: int) -> Optional[str]:
    """Why a path that is not a regular file is not read (reading a FIFO or device could block forever)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"is {kind}, not a file; only regular files are read. Give the minutes as a .txt, .pdf or .html file."


def expand_inputs(paths: Sequence[Union[str, Path]], stdin: Any = None,
                  exclude: Sequence[Union[str, Path]] = ()) -> list[Task]:
    """Tasks for the inputs, in order: folders expanded recursively (sorted), `-` read from stdin.

    A path that does not exist, cannot be listed or read, or is not a regular file (FIFO,
    device, socket) stays a task: it becomes an error line, not a crash or a hang. Symlinked
    folders are followed once (a link back up the tree is not followed again). Files in
    `exclude` (the run's own output) are never listed.
    """
    tasks: list[Task] = []
    skip = {real_path(p) for p in exclude}
    for raw in paths:
        name = os.fsdecode(raw) if isinstance(raw, bytes) else str(raw)
        if name == STDIN:
            tasks.append(_stdin_task(stdin))
            continue
        try:
            mode = os.stat(name).st_mode
        except OSError:
            tasks.append(_named(name))  # not found / unreadable: process_task says which
            continue
        if stat.S_ISDIR(mode):
            tasks.extend(_walk(name, skip))
            continue
        reason = _not_regular(name, mode)
        tasks.append(_refused(name, reason) if reason else _named(name))
    return tasks


def _stdin_task(stdin: Any) -> Task:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        return Task(source=STDIN_SOURCE, error=f"{STDIN_SOURCE}: standard input is closed, so there is nothing to read. "
                    "Pipe the minutes in (referat extract - < minutes.txt) or give a file.")
    stream = getattr(stream, "buffer", stream)
    try:
        data = stream.read()
    except (OSError, ValueError) as exc:
        return Task(source=STDIN_SOURCE, error=f"{STDIN_SOURCE}: standard input cannot be read ({exc}).")
    if isinstance(data, str):
        data = data.encode("utf-8")
    return Task(source=STDIN_SOURCE, data=data or b"")


def file_sha256(path: Union[str, Path]) -> Optional[str]:
    """The sha256 of a regular file's bytes (what --resume compares), None when it cannot be read."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def real_path(path: Union[str, Path]) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def _meeting_json(path: str) -> bool:
    """A .json file found in a folder is a document only when it is a FirstAgenda meeting (not a manifest)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4 << 20)
    except OSError:
        return True  # let reading it give the error line
    return MEETING_JSON_KEY in head or len(head) == 4 << 20


def _walk(folder: str, skip: set[str]) -> list[Task]:
    """Documents under `folder`, sorted by path; folders and files that cannot be read as error tasks."""
    found: list[Task] = []
    seen: set[tuple[int, int]] = set()

    def visit(current: str) -> None:
        try:
            info = os.stat(current)
        except OSError as exc:
            found.append(_refused(current, f"folder cannot be read ({exc.strerror or exc}). Check its permissions."))
            return
        if (info.st_dev, info.st_ino) in seen:  # a symlink back to a folder already read: a loop
            return
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append(_refused(current, f"folder cannot be listed ({exc.strerror or exc}), so its documents "
                                           "were not read. Check its permissions."))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(current, entry.name)
            try:
                mode = entry.stat(follow_symlinks=True).st_mode
            except OSError as exc:
                if entry.name.lower().endswith(SUFFIXES):
                    found.append(_refused(path, f"cannot be read ({exc.strerror or exc}); a broken link or no permission."))
                continue
            if stat.S_ISDIR(mode):
                visit(path)
                continue
            if not entry.name.lower().endswith(SUFFIXES) or real_path(path) in skip:
                continue
            if entry.name.lower().endswith(".json") and not _meeting_json(path):
                continue
            reason = _not_regular(path, mode)
            found.append(_refused(path, reason) if reason else _named(path))

    visit(folder)
    found.sort(key=lambda t: t.path or "")
    return found
