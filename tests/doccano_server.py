"""A real doccano 1.8 server for the tests, started once per session.

Import the fixture into a test module (``from doccano_server import doccano_server``)
or a conftest. It needs the server's own virtual environment, ``.venv-doccano``
(``make doccano-env``), because doccano's pins clash with referat's stack.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parent.parent
ADMIN = ("referat-admin", "admin-Pass-1234")
ANNOTATOR = ("anna", "anna-Pass-5678")


@dataclass
class DoccanoServer:
    url: str
    home: Path
    admin: tuple[str, str]
    annotator: tuple[str, str]


def _doccano_bin() -> Path:
    for candidate in (
        os.environ.get("REFERAT_DOCCANO_VENV"),
        REPO / ".venv-doccano",
    ):
        if candidate and (Path(candidate) / "bin" / "doccano").exists():
            return Path(candidate) / "bin" / "doccano"
    pytest.fail(
        "The doccano server is not installed: run `make doccano-env` (it creates .venv-doccano with "
        "doccano 1.8.4) and run the tests again.",
        pytrace=False,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], env: dict, log: Path) -> None:
    with log.open("a") as out:
        proc = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=180)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(cmd[1:3])} failed ({proc.returncode}); log:\n{log.read_text()[-3000:]}", pytrace=False)


@pytest.fixture(scope="session")
def doccano_server(tmp_path_factory: pytest.TempPathFactory):
    doccano = _doccano_bin()
    home = tmp_path_factory.mktemp("doccano_home")
    log = home / "doccano.log"
    env = {**os.environ, "DOCCANO_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    _run([str(doccano), "init"], env, log)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("a") as out:
        proc = subprocess.Popen(
            [str(doccano), "webserver", "--port", str(port), "--workers", "2"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        # The admin is created while the server boots (the login below waits for both).
        _run([str(doccano), "createuser", "--username", ADMIN[0], "--password", ADMIN[1]], env, log)
        session = requests.Session()
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"doccano webserver exited ({proc.returncode}); log:\n{log.read_text()[-3000:]}", pytrace=False)
            try:
                resp = session.post(f"{url}/v1/auth/login/", json={"username": ADMIN[0], "password": ADMIN[1]}, timeout=5)
                if resp.status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"doccano did not answer on {url} within 90 s; log:\n{log.read_text()[-3000:]}", pytrace=False)
            time.sleep(0.3)
        # The second user is a plain (non-staff) annotator, created through the API.
        headers = {"Authorization": f"Token {resp.json()['key']}"}
        session.cookies.clear()
        created = session.post(
            f"{url}/v1/users/create",
            json={"username": ANNOTATOR[0], "email": "anna@example.org", "password1": ANNOTATOR[1], "password2": ANNOTATOR[1]},
            headers=headers, timeout=10,
        )
        assert created.status_code == 201, created.text
        yield DoccanoServer(url=url, home=home, admin=ADMIN, annotator=ANNOTATOR)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)
        if os.environ.get("REFERAT_KEEP_DOCCANO_HOME") is None:
            shutil.rmtree(home, ignore_errors=True)
