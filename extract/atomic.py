"""Writing an output safely: the one way `extract`, `render` and `votes` write a file.

- `AtomicFile(path)` writes to a temporary file beside the output, created exclusively under an
  unpredictable name (tempfile.mkstemp in the output's folder, never through a symlink), and renames
  it over the output on `commit()`; `discard()` removes it and leaves the old output as it was.
- `-o` naming a character device or a FIFO (`/dev/stdout`, `/dev/null`, a pipe) is written through:
  a device stays a device. A symlink to a file is written through to that file: the link stays a
  link. A socket, a block device, a folder or a dangling link is refused (`output_target`).
- A new output that is a folder (parquet) is written in `new_folder_beside(path)` and put in place by
  `replace_folder` at the end: the old folder stays whole until then.
- `OutputLock(path)` is a lock file beside the output: a second run writing the same output is
  refused while the first holds it.
- Every way the path itself cannot be used (too long, a parent that is a file) is a ReferatError
  that names it and says what to do.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Any, Optional, Union

from referat.errors import ReferatError

PARTIAL_SUFFIX = ".referat-partial"
LOCK_SUFFIX = ".referat-lock"


class OutputError(ReferatError):
    """The output cannot be written (disk full, file size limit, I/O error, a path too long)."""

    type = "OutputError"


def write_error(path: Union[str, Path], exc: OSError) -> OutputError:
    """The message for an OSError met while writing `path`: what failed and what to do."""
    code = exc.errno
    if code == errno.ENAMETOOLONG:
        return OutputError(str(path), "the output path is too long for the file system.",
                            "Give a shorter --output name or a folder closer to the root.")
    if code in (errno.ENOSPC, errno.EDQUOT):
        what, hint = "the disk is full", "Free space (or give an --output on another disk) and run again."
    elif code == errno.EFBIG:
        what, hint = "the file size limit was reached", "Raise the limit (ulimit -f) or write to another file system."
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        what, hint = "no permission to write there", "Give an --output in a folder you can write to."
    elif code in (errno.ENOTDIR, errno.EISDIR):
        what, hint = "a part of the path is not a folder", "Check the --output path."
    else:
        what, hint = f"writing failed ({exc.strerror or exc})", "Check the disk and the --output path."
    return OutputError(str(path), f"cannot be written: {what}. An existing output was left as it was.", hint)


def _stat(path: Path, follow: bool) -> Optional[os.stat_result]:
    try:
        return os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise write_error(path, exc) from None


def output_target(path: Union[str, Path]) -> tuple[Path, bool]:
    """(the file to write for `path`, whether it is a stream written through: a character device or FIFO).

    ReferatError for a path that must not be replaced or cannot be written."""
    path = Path(path)
    info = _stat(path, follow=False)
    if info is not None and stat.S_ISLNK(info.st_mode):
        target = _stat(path, follow=True)
        if target is None:
            raise ReferatError(str(path), f"is a symbolic link to {os.path.realpath(path)}, which does not exist; "
                               "referat will not create a file through a dangling link.",
                               "Give the real path as --output.")
        if stat.S_ISREG(target.st_mode):
            return Path(os.path.realpath(path)), False  # written through: the link stays, its file gets the output
        info = target  # /dev/stdout -> a pipe or a terminal: written through below
    if info is None:
        _stat(path.parent, follow=True)  # a too-long or broken parent path: said here, before any work
        return path, False
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return path, False
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return path, True
    kind = ("a folder" if stat.S_ISDIR(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a block device" if stat.S_ISBLK(mode) else "not a regular file")
    raise ReferatError(str(path), f"is {kind}; referat writes its output to a file (or through a character "
                       "device or pipe such as /dev/stdout) and never replaces anything else.",
                       "Give a file name as --output.")


class AtomicFile:
    """A file written in full or not at all: `fh` is a temporary file beside `path` until `commit()`.

    A stream target (a device or FIFO) is written directly; commit and discard then only close it."""

    def __init__(self, path: Union[str, Path], binary: bool = False, newline: Optional[str] = None) -> None:
        self.path = Path(path)
        self.target, self.stream = output_target(self.path)
        self.tmp: Optional[Path] = None
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "errors": "replace", "newline": newline}
        mode = "wb" if binary else "w"
        try:
            if self.stream:
                self.fh: IO[Any] = open(self.target, mode, **kwargs)
                return
            self.target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=PARTIAL_SUFFIX, dir=self.target.parent)
        except OSError as exc:
            raise write_error(self.path, exc) from None
        self.tmp = Path(name)
        self.fh = os.fdopen(fd, mode, **kwargs)

    def commit(self) -> None:
        """Flush the temporary file to disk and rename it over the output (its permissions kept)."""
        if self.fh.closed:
            return
        try:
            self.fh.flush()
            if self.tmp is not None:
                os.fsync(self.fh.fileno())
            self.fh.close()
            if self.tmp is not None:
                os.chmod(self.tmp, _mode_for(self.target))
                os.replace(self.tmp, self.target)
                self.tmp = None
        except OSError as exc:
            self.discard()
            raise write_error(self.path, exc) from None

    def discard(self) -> None:
        """Remove the temporary file: the output stays as it was."""
        try:
            self.fh.close()
        except OSError:
            pass
        if self.tmp is not None:
            try:
                self.tmp.unlink()
            except OSError:
                pass
            self.tmp = None

    def __enter__(self) -> IO[Any]:
        return self.fh

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced, else those a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Union[str, Path], data: Union[str, bytes]) -> None:
    """Write `data` to `path` whole or not at all (see AtomicFile)."""
    with AtomicFile(path, binary=isinstance(data, bytes)) as fh:
        try:
            fh.write(data)
        except OSError as exc:
            raise write_error(path, exc) from None


def new_folder_beside(target: Path) -> Path:
    """An empty folder beside `target`, created exclusively under an unpredictable name
    (tempfile.mkdtemp): where a new output that is a folder is written before `replace_folder`."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent))
    except OSError as exc:
        raise write_error(target, exc) from None


def replace_folder(new: Path, target: Path) -> Optional[Path]:
    """Put the folder `new` in the place of the folder `target`, and return where the old folder now is
    (whole, for the caller to remove), or None when there was none. On Linux the two are swapped in one
    step (renameat2 RENAME_EXCHANGE), so `target` is never missing; elsewhere the old folder is first
    renamed aside, and renamed back when `new` cannot take its place."""
    if not os.path.lexists(target):
        try:
            os.replace(new, target)
        except OSError as exc:
            raise write_error(target, exc) from None
        return None
    if _exchange(new, target):
        return new
    aside = new_folder_beside(target)
    try:
        os.replace(target, aside)  # onto the empty folder just made: a name no one else can hold
    except OSError as exc:
        os.rmdir(aside)
        raise write_error(target, exc) from None
    try:
        os.replace(new, target)
    except OSError as exc:
        os.replace(aside, target)
        raise write_error(target, exc) from None
    return aside


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    try:
        import ctypes

        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, ImportError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


class OutputLock:
    """An exclusive lock file `.NAME.referat-lock` beside the output, removed when released.

    A second run with the same output finds it held and is refused (ReferatError). Streams (devices,
    FIFOs) and systems without fcntl are not locked."""

    def __init__(self, path: Union[str, Path]) -> None:
        self.path = Path(path)
        self.fd: Optional[int] = None
        info = _stat(self.path, follow=True)
        target = Path(os.path.realpath(self.path))
        self.lock = target.parent / f".{target.name}{LOCK_SUFFIX}"
        if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            return
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            while True:
                fd = os.open(self.lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    raise ReferatError(str(self.path), "is being written by another referat run (its lock file "
                                       f"{self.lock.name} is held), so this run would corrupt it.",
                                       "Wait for that run to end, or give another --output.") from None
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.lock).st_ino
                except FileNotFoundError:
                    same = False
                if same:  # not a lock file that its holder removed while this run opened it
                    self.fd = fd
                    return
                os.close(fd)
        except OSError as exc:
            raise write_error(self.path, exc) from None

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            self.lock.unlink()
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> "OutputLock":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()
