"""Fixtures for the annotation tests.

- `doccano_server`: a real doccano 1.8 server, started once per session from its own
  virtual environment, `.venv-doccano` (`make doccano-env`), because doccano's pins
  clash with referat's stack.
- `make_gold`, `gold_docs`: small hand-made gold corpora (no dependence on the real passes).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from referat.annotations.gold import build_records, renumber, write_jsonl

REPO = Path(__file__).resolve().parents[2]
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

# doc id -> municipality; five documents in four municipalities, like the seed corpus
DOCS = {
    "alpha-2024": "Albertslund Kommune",
    "alpha-2019": "Albertslund Kommune",
    "lejre-2023": "Lejre Kommune",
    "herlev-2025": "Herlev Kommune",
    "slagelse-2024": "Slagelse Kommune",
}

TEMPLATE = (
    "REFERAT Arbejdsmarkedsudvalget {date}\n\n"
    "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt\n\n"
    "Punkt 2: Status på IPS-projektet\n\nBeslutning\n\nTaget til efterretning.\n\n"
    "Indstilling\n\nat STAR giver 1.500 kr. til \"Klar parat job\" i 2024.\n\n"
    "Underskrift\n"
)


def make_doc(doc_id: str, date: str = "18. marts 2024") -> tuple[str, SimpleNamespace, list[tuple[int, int, str]]]:
    """(text, an ingested-like document, gold spans in document offsets)."""
    text = TEMPLATE.format(date=date)
    p1 = text.index("Punkt 1")
    p2 = text.index("Punkt 2")
    trailer = text.index("Underskrift")
    items = [
        SimpleNamespace(number=1, start=p1, end=p2 - 2, decision_text="Godkendt", recommendation_text=None),
        SimpleNamespace(number=2, start=p2, end=trailer - 2, decision_text="Taget til efterretning.",
                        recommendation_text="at STAR giver 1.500 kr. til \"Klar parat job\" i 2024."),
    ]
    ingested = SimpleNamespace(text=text, items=items, header=(0, p1), trailer=(trailer, len(text)))

    def at(surface: str, label: str, nth: int = 1) -> tuple[int, int, str]:
        starts = [m.start() for m in re.finditer(re.escape(surface), text)]
        s = starts[nth - 1]
        return (s, s + len(surface), label)

    spans = [
        at("Arbejdsmarkedsudvalget", "PARTY"), at(date, "DATE"), at("IPS-projektet", "PROJECT"),
        at("STAR", "PARTY"), at("1.500 kr.", "AMOUNT"), at("Klar parat job", "PROJECT"), at("2024", "DATE", 2 if "2024" in date else 1),
    ]
    return text, ingested, sorted(spans)


def write_gold(gold_dir: Path, docs: dict[str, str] = DOCS, decisions=None) -> tuple[list[dict], list[dict]]:
    """Write entities.jsonl and decisions.jsonl for the hand-made documents; return the records."""
    ents_all, decs_all = [], []
    decisions = decisions or {1: "APPROVED", 2: "NOTED"}
    for doc_id, muni in docs.items():
        text, ingested, spans = make_doc(doc_id)
        ents, decs = build_records(doc_id, text, spans, decisions, ingested=ingested, municipality=muni)
        ents_all += ents
        decs_all += decs
    renumber(ents_all)
    renumber(decs_all)
    write_jsonl(gold_dir / "entities.jsonl", ents_all)
    write_jsonl(gold_dir / "decisions.jsonl", decs_all)
    return ents_all, decs_all


@pytest.fixture(scope="session")
def gold_docs() -> dict[str, str]:
    """Document id -> municipality of the hand-made gold corpus."""
    return dict(DOCS)


@pytest.fixture(scope="session")
def make_gold():
    """`make_gold(gold_dir, docs=..., decisions=...)` writes a hand-made gold corpus; returns the records."""
    return write_gold


@pytest.fixture(scope="session")
def gold_doc():
    """`gold_doc(doc_id)`: (text, an ingested-like document, gold spans) of one hand-made document."""
    return make_doc
