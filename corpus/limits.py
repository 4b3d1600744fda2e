"""Resource limits on one document, so that a hostile or broken file fails with a clear
message instead of exhausting memory or time.

    REFERAT_MAX_DOCUMENT_MB=200      largest file read (bytes on disk or on standard input)
    REFERAT_MAX_PDF_CONTENT_MB=128   most text-bearing PDF content after decompression
                                     (a 1 MB "zip bomb" PDF can inflate to gigabytes)

Both are read when a document is read, so they also reach `--workers` processes and
Dask workers through the environment. 0 turns a limit off.
"""
from __future__ import annotations

import os

from referat.errors import InputError

DOCUMENT_ENV = "REFERAT_MAX_DOCUMENT_MB"
PDF_CONTENT_ENV = "REFERAT_MAX_PDF_CONTENT_MB"
DEFAULT_DOCUMENT_MB = 200
DEFAULT_PDF_CONTENT_MB = 128
MB = 1 << 20


def _limit(env: str, default: int) -> int:
    """The limit in bytes (0: none); a value that is not a number falls back to the default."""
    raw = os.environ.get(env, "").strip()
    try:
        mb = float(raw) if raw else float(default)
    except ValueError:
        mb = float(default)
    return max(0, int(mb * MB))


def max_document_bytes() -> int:
    return _limit(DOCUMENT_ENV, DEFAULT_DOCUMENT_MB)


def max_pdf_content_bytes() -> int:
    return _limit(PDF_CONTENT_ENV, DEFAULT_PDF_CONTENT_MB)


def check_document_size(size: int, source: str) -> None:
    """InputError naming the limit and how to raise it when a document is larger than allowed."""
    limit = max_document_bytes()
    if limit and size > limit:
        raise InputError(source, f"the file is {size / MB:.0f} MB, more than the limit of {limit / MB:.0f} MB.",
                         f"If it really is one set of minutes, raise the limit: {DOCUMENT_ENV}={int(size / MB) + 1}.")


def pdf_content_error(source: str, limit: int) -> InputError:
    return InputError(source, f"the PDF's content inflates to more than {limit / MB:.0f} MB when decompressed "
                              "(a damaged or hostile file, or an unusually large one).",
                      f"If it is genuine minutes, raise the limit, e.g. {PDF_CONTENT_ENV}={2 * limit // MB}.")


def read_file(path: str, source: str) -> bytes:
    """The bytes of a regular file, at most the document limit. A FIFO, device or socket is never
    opened for reading (it could block forever or never end): InputError instead."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc}).", "Check the file's permissions.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode)
                    else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file")
            raise InputError(source, f"is {kind}, not a file; only regular files are read.",
                             "Give the minutes as a .txt, .pdf or .html file.")
        check_document_size(info.st_size, source)
        limit = max_document_bytes()
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1) if limit else fh.read()
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc}).", "Check the file's permissions.") from None
    finally:
        if fd >= 0:
            os.close(fd)
    check_document_size(len(data), source)  # grew while being read
    return data


def read_stream(stream: object, source: str) -> bytes:
    """At most the document limit (plus one byte, to tell) from a binary stream such as stdin."""
    limit = max_document_bytes()
    data = stream.read(limit + 1) if limit else stream.read()  # type: ignore[attr-defined]
    if isinstance(data, str):
        data = data.encode("utf-8")
    check_document_size(len(data), source)
    return data
