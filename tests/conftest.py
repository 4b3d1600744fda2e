"""Shared test fixtures and markers.

- `ROOT`, `RAW`: the repository and its seed minutes.
- `shared_dir(name)`: a folder of ../shared (fixtures, corpus). Where it is missing the
  test is skipped on a developer's clone, and fails when `CI=true`, so that CI can
  never pass by skipping the tests on real documents.
- Markers: `slow` (doccano, the project workflow, transformer training, the browser,
  Dask; deselect with `pytest -m "not slow"` for a fast loop), `doccano`, `shared`.
- `referat_command(args, ...)` (session): `python -m referat.cli ARGS` as a real child process
  (its own stdin, stdout, stderr, exit code and working folder; killed at the timeout), forked
  from one process per session that has imported the CLI and loaded the shipped pipeline, so
  that each command does not import spaCy and load the pipeline anew (about 10 s each).
- `shipped_pipeline`, `rules_pipeline` (session): the shipped pipeline (`referat.load()`) and the
  rules-only pipeline, each loaded once; tests must not change them (`nlp.select_pipes` inside
  a `with` is fine).
"""
from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Callable, Optional, Sequence, Union

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "corpus" / "raw"
SHARED = ROOT.parent / "shared"


def require_shared(name: str) -> Path:
    """The folder ../shared/<name>; skip where it is absent, fail under CI=true."""
    path = SHARED / name
    if path.is_dir():
        return path
    message = f"{path} is not available (../shared/{name} beside the repository)"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}; CI must have it.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Callable[[str], Path]:
    return require_shared


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "doccano_server" in getattr(item, "fixturenames", ()) or item.get_closest_marker("doccano"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def rules_pipeline() -> Any:
    """The rules-only pipeline (`rules_only_pipeline()`), built once per session; tests must not change it."""
    from referat.pipeline.components import rules_only_pipeline

    return rules_only_pipeline()


@pytest.fixture(scope="session")
def shipped_pipeline() -> Any:
    """The shipped pipeline (`referat.load()`: cached per process, so loaded once per session)."""
    from referat.pipeline import load

    return load()


# --------------------------------------------------------------------------- referat commands
#
# A `referat` command in a test is a subprocess with a timeout, so that a hang fails the test
# instead of stopping the suite. Started with `python -m referat.cli`, each one spends about 10 s
# importing spaCy and the stages and loading the shipped pipeline before it reads its input. The
# session starts one process that has done that (`_SERVER` below, run as `python -c`), and each
# command is a child forked from it: a process of its own with the test's pipes as its stdin,
# stdout and stderr, the test's working folder and environment, `sys.argv` and program name as
# `python -m referat.cli` has them, its exit code (an exception goes to `sys.excepthook` and exits
# 1, as the interpreter does), and `atexit` run before it exits. Its `--workers` processes are
# spawned anew, as from any command. Where the environment differs in what the interpreter or
# the lean spaCy import read at start (PYTHON*, LANG, LC_*, REFERAT_LEAN_IMPORTS), the command
# runs as a plain `python -m referat.cli` subprocess instead.

_SERVER = r"""
import atexit, json, os, socket, sys
control = socket.socket(fileno=int(sys.argv[1]))
import referat.cli
from referat.pipeline import load
load()
control.send(b"ready")
while True:
    try:
        message, fds, _, _ = socket.recv_fds(control, 1 << 20, 3)
    except (OSError, KeyboardInterrupt):
        break
    if not message:
        break
    request = json.loads(message)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        control.close()
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        if request["closed_stdin"]:  # as `<&-`: the interpreter starts without fd 0 and sys.stdin is None
            os.close(0)
            sys.stdin = sys.__stdin__ = None
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = [referat.cli.__file__, *request["args"]]
        main = sys.modules["__main__"]  # as `-m referat.cli` (what spawned --workers processes import)
        main.__spec__, main.__file__, main.__package__ = referat.cli.__spec__, referat.cli.__file__, "referat"
        code = 0
        try:
            referat.cli.app(args=request["args"], prog_name="python -m referat.cli")
        except SystemExit as stop:
            if stop.code is None:
                code = 0
            elif isinstance(stop.code, int):
                code = stop.code
            else:
                print(stop.code, file=sys.stderr)
                code = 1
        except BaseException:
            sys.excepthook(*sys.exc_info())
            code = 1
        try:
            atexit._run_exitfuncs()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(code)
    for fd in fds:
        os.close(fd)
    control.send(json.dumps({"pid": pid}).encode())
    _, status = os.waitpid(pid, 0)
    control.send(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}).encode())
"""

#: Environment variables read when an interpreter starts or spaCy is first imported.
_AT_START = ("PYTHON", "LANG", "LC_", "REFERAT_LEAN_IMPORTS")
_Stdin = Union[int, IO[Any], None]


class Command:
    """A command forked by the server, as much of `subprocess.Popen` as the tests use: `pid`, `args`,
    `returncode`, `poll()`, `wait()`, `communicate()` (its stdout and stderr), `send_signal()`, `kill()`."""

    def __init__(self, owner: "ReferatCommands", args: list[str], pid: int, pipes: dict[int, list[bytes]],
                 threads: list[threading.Thread]) -> None:
        self.owner, self.args, self.pid = owner, args, pid
        self.returncode: Optional[int] = None
        self._pipes, self._threads = pipes, threads

    def _answer(self, timeout: Optional[float]) -> Optional[int]:
        if self.returncode is None:
            control = self.owner.control
            control.settimeout(timeout)
            try:
                answer = control.recv(1 << 16)
            except (TimeoutError, BlockingIOError):
                return None
            finally:
                control.settimeout(None)
            self.returncode = json.loads(answer)["returncode"]
            self.owner.running = None
        return self.returncode

    def poll(self) -> Optional[int]:
        return self._answer(0)

    def wait(self, timeout: Optional[float] = None) -> int:
        code = self._answer(timeout)
        if code is None:
            raise subprocess.TimeoutExpired(self.args, timeout)
        return code

    def communicate(self, timeout: Optional[float] = None) -> tuple[bytes, bytes]:
        """Wait for the command's end (TimeoutExpired after `timeout`, the command left running, as
        Popen.communicate), then for its stdout and stderr to close (a grandchild may hold them)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        self.wait(timeout)
        for thread in self._threads:
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()) + 5)
        out, err = self._pipes.values()
        return b"".join(out), b"".join(err)

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ReferatCommands:
    """`python -m referat.cli ARGS` in a child of one process that loaded the pipeline (see above).
    One command at a time: a command still running when the next one starts (left by a test that
    ended without waiting for it) is killed first."""

    #: `stdin=CLOSED`: the command starts with its standard input closed (a shell's `<&-`).
    CLOSED = -100

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.server: Optional[subprocess.Popen] = None
        self.starting: Optional[socket.socket] = None  # the control socket, until the server is ready
        self.control: Optional[socket.socket] = None
        self.running: Optional[Command] = None
        self.env: dict[str, str] = {}

    def launch(self) -> None:
        """Start the server process (it imports and loads while the session goes on)."""
        if self.server is None:
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            self.env = dict(os.environ)
            self.server = subprocess.Popen([sys.executable, "-c", _SERVER, str(theirs.fileno())], cwd=self.cwd,
                                           pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
            theirs.close()
            self.starting = ours

    def _ready(self) -> socket.socket:
        if self.control is None:
            self.launch()
            if self.starting.recv(64) != b"ready":
                raise RuntimeError("the referat command server did not start (its output is above)")
            self.control = self.starting
        if self.running is not None:
            self.running.kill()
            self.running.wait()
        return self.control

    def close(self) -> None:
        if self.server is not None:
            if self.running is not None:
                self.running.kill()
            self.starting.close()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            self.server = self.starting = self.control = self.running = None

    def _forkable(self, env: dict[str, str]) -> bool:
        keys = {k for k in set(env) | set(self.env) if k.startswith(_AT_START)}
        return all(env.get(k) == self.env.get(k) for k in keys)

    def start(self, args: Sequence[object], *, stdin: _Stdin = None, input: Optional[bytes] = None,
              cwd: Optional[Path] = None, env: Optional[dict[str, str]] = None) -> Union[Command, subprocess.Popen]:
        """As `subprocess.Popen([sys.executable, "-m", "referat.cli", *args], stdin=stdin, stdout=PIPE,
        stderr=PIPE, cwd=cwd, env=env)`; `input` is written to its stdin (a pipe) and closed."""
        command = [sys.executable, "-m", "referat.cli", *map(str, args)]
        env = dict(os.environ if env is None else env)
        cwd = Path(cwd or self.cwd)
        control = self._ready()
        if not self._forkable(env):
            return self._popen(command, stdin, input, cwd, env)
        opened: list[int] = []
        writer = None
        closed = stdin == self.CLOSED
        if input is not None:
            child_stdin, writer = os.pipe()
        elif stdin == subprocess.DEVNULL or closed:  # closed: the child closes it
            child_stdin = os.open(os.devnull, os.O_RDONLY)
        elif stdin is None:
            child_stdin = os.dup(0)
        elif isinstance(stdin, int):
            child_stdin = os.dup(stdin)
        else:
            child_stdin = os.dup(stdin.fileno())
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        opened += [child_stdin, out_w, err_w]
        request = json.dumps({"args": command[3:], "cwd": str(cwd), "env": env, "closed_stdin": closed}).encode()
        try:
            socket.send_fds(control, [request], [child_stdin, out_w, err_w])
        finally:
            for each in opened:
                os.close(each)
        pid = json.loads(control.recv(1 << 16))["pid"]
        pipes: dict[int, list[bytes]] = {out_r: [], err_r: []}

        def drain(read_fd: int) -> None:
            with os.fdopen(read_fd, "rb") as stream:
                for block in iter(lambda: stream.read1(1 << 16), b""):
                    pipes[read_fd].append(block)

        def feed() -> None:
            with os.fdopen(writer, "wb") as stream:
                try:
                    stream.write(input or b"")
                except BrokenPipeError:
                    pass

        threads = [threading.Thread(target=drain, args=(r,), daemon=True) for r in (out_r, err_r)]
        if writer is not None:
            threads.append(threading.Thread(target=feed, daemon=True))
        for thread in threads:
            thread.start()
        self.running = Command(self, command, pid, pipes, threads)
        return self.running

    def _popen(self, command: list[str], stdin: _Stdin, input: Optional[bytes], cwd: Path,
               env: dict[str, str]) -> subprocess.Popen:
        """A plain `python -m referat.cli` subprocess (an environment the server was not started with)."""
        if stdin == self.CLOSED:
            return subprocess.Popen(" ".join(shlex.quote(c) for c in command) + " <&-", shell=True, cwd=cwd, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc = subprocess.Popen(command, stdin=subprocess.PIPE if input is not None else stdin, cwd=cwd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if input is not None:
            pipe, proc.stdin = proc.stdin, None  # written here, so that communicate() leaves it alone

            def feed() -> None:
                with pipe:
                    try:
                        pipe.write(input)
                    except BrokenPipeError:
                        pass

            threading.Thread(target=feed, daemon=True).start()
        return proc

    def __call__(self, args: Sequence[object], *, stdin: _Stdin = None, input: Optional[bytes] = None,
                 timeout: Optional[float] = None, cwd: Optional[Path] = None,
                 env: Optional[dict[str, str]] = None) -> subprocess.CompletedProcess:
        """As `subprocess.run([sys.executable, "-m", "referat.cli", *args], stdin=stdin, input=input,
        capture_output=True, timeout=timeout, cwd=cwd, env=env)`: the command is killed at the timeout
        and subprocess.TimeoutExpired raised."""
        proc = self.start(args, stdin=stdin, input=input, cwd=cwd, env=env)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            raise subprocess.TimeoutExpired(proc.args, timeout, output=stdout, stderr=stderr) from None
        return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


_COMMANDS = ReferatCommands(ROOT)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the command server while the first tests run, where a selected test runs commands."""
    if not session.config.option.collectonly and any(
            "referat_command" in getattr(item, "fixturenames", ()) for item in session.items):
        _COMMANDS.launch()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _COMMANDS.close()


@pytest.fixture(scope="session")
def referat_command() -> ReferatCommands:
    """Run `python -m referat.cli ARGS` as a child of one process per session that has loaded the
    shipped pipeline (see `ReferatCommands`): started when collection ends where a selected test
    needs it, else on its first command; stopped when the session ends."""
    return _COMMANDS
