"""A FirstAgenda portal replayed on 127.0.0.1 from the Greve archive in ../shared, with scripted misbehaviour.

`replay_portal` serves `GET /api/agenda/udvalgsliste` built from greve/manifest.json (the
current committees under "Aktuelle politiske udvalg", the Byråd under a second period key, as
real portals group them) and `GET /api/agenda/dagsorden/{id}` from the archive's files,
byte for byte. `portal.script(key, *actions)` queues what the next requests for a meeting id
(or "list") get: an HTTP status (429 comes with `Retry-After: 0`), "slow" (an answer after
`slow_seconds`), "cut" (half the JSON), "html" (a 200 HTML page), "notmeeting" (JSON of another
shape). Nothing here reaches the internet.
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
GREVE = SHARED / "corpus" / "greve"
LIST = "/api/agenda/udvalgsliste"
MEETING = "/api/agenda/dagsorden/"


def require_greve(shared_dir: Callable[[str], Path]) -> Path:
    """../shared/corpus/greve: skipped on a developer's clone without it, failed under CI=true."""
    return shared_dir("corpus/greve")


class ReplayPortal:
    """State of the replay server: the meetings, their ReleasedDate, scripted answers, requests seen."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        self.records = {r["meeting_id"]: r for r in json.loads((archive / "manifest.json").read_text(encoding="utf-8"))}
        self.released = {mid: f"{r['date']}T15:00:00+01:00" for mid, r in self.records.items()}
        self.actions: dict[str, deque] = defaultdict(deque)
        self.hits: Counter = Counter()
        self.slow_seconds = 1.0
        self.every_meeting_delay = 0.0
        self.lock = threading.Lock()
        self.url = ""

    def script(self, key: str, *actions: Any) -> None:
        with self.lock:
            self.actions[key].extend(actions)

    def committee_list(self) -> bytes:
        committees: dict[str, list] = defaultdict(list)
        for mid, r in self.records.items():
            committees[r["body"]].append({
                "Id": mid, "MeetingBeginUtc": r["start"], "MeetingEndUtc": None, "ReleasedDate": self.released[mid],
                "Dato": r["start"], "Sted": "Rådhuset", "Afsluttet": r["finished"],
                "Moededeltagere": None, "Navn": "Referat" if r["finished"] else "Dagsorden", "Description": None,
                "ElasticSearchResults": None, "SourceId": None, "IsSupplementaryAgenda": False,
            })
        current, former = [], []
        for n, (body, meetings) in enumerate(sorted(committees.items())):
            entry = {"Id": f"00000000-0000-0000-0000-{n:012d}", "Navn": body, "Moeder": meetings}
            (former if body.startswith("Byråd") else current).append(entry)
        return json.dumps({"Udvalg": {"Aktuelle politiske udvalg": current, "Udvalg 2022-2025": former}},
                          ensure_ascii=False).encode("utf-8")

    def meeting_ids(self, body: str | None = None, year: str | None = None) -> list[str]:
        return sorted((mid for mid, r in self.records.items()
                       if (body is None or r["body"] == body) and (year is None or r["date"].startswith(year))),
                      key=lambda m: (self.records[m]["date"], m))


def _handler(portal: ReplayPortal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, ctype: str = "application/json; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            if path == LIST:
                key, body = "list", None
            elif path.startswith(MEETING) and path[len(MEETING):] in portal.records:
                key = path[len(MEETING):]
                body = None
            else:
                self._send(404, b'{"Message": "No HTTP resource was found that matches the request URI."}')
                return
            with portal.lock:
                portal.hits[key] += 1
                action = portal.actions[key].popleft() if portal.actions[key] else None
            if key == "list":
                body = portal.committee_list()
            else:
                body = (portal.archive / portal.records[key]["file"]).read_bytes()
                if portal.every_meeting_delay:
                    time.sleep(portal.every_meeting_delay)
            if isinstance(action, int):
                self._send(action, b'{"Message": "scripted"}', headers={"Retry-After": "0"} if action == 429 else None)
            elif action == "slow":
                time.sleep(portal.slow_seconds)
                self._send(200, body)
            elif action == "cut":
                self._send(200, body[: len(body) // 2])
            elif action == "html":
                self._send(200, b"<!doctype html><html><body>FirstAgenda</body></html>", "text/html")
            elif action == "notmeeting":
                self._send(200, b'{"Dagsordner": [], "AntalResultater": 0}')
            else:
                self._send(200, body)

    return Handler


@pytest.fixture()
def replay_portal(shared_dir: Callable[[str], Path]) -> Iterator[ReplayPortal]:
    portal = ReplayPortal(require_greve(shared_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(portal))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    portal.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield portal
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory: pytest.TempPathFactory, referat_command) -> Path:
    """`referat extract corpus/raw` output (the five seeds), made once per session."""
    out = tmp_path_factory.mktemp("seeds") / "seeds.jsonl"
    proc = referat_command(["extract", "corpus/raw", "--output", str(out)], cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return out
