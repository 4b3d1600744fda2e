"""A FirstAgenda portal's JSON API, as a polite client meets it.

Three calls crawl a portal (../shared/corpus/README.md, "firstagenda-api"):
`GET /api/agenda/udvalgsliste` (every committee, grouped by election period, with its meetings
inlined), `GET /api/agenda/dagsorden/{meeting_id}` (one meeting) and `GET /Vis/Pdf/bilag/{id}`
(attachments; not fetched here). `PortalClient` waits between requests, retries 429 and 5xx
answers, timeouts, dropped connections and cut-off JSON with exponential backoff (a
`Retry-After` header wins), and turns any other 4xx into a `FetchError` that says what to do.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

import requests

from referat.errors import ReferatError

LIST_PATH = "/api/agenda/udvalgsliste"
MEETING_PATH = "/api/agenda/dagsorden/{meeting_id}"
USER_AGENT = "referat-fetch/0.1 (+https://github.com/; polite crawler of public minutes)"
#: the longest a Retry-After header may make us wait, so a hostile answer cannot stall a run
MAX_RETRY_AFTER = 120.0
_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")


class FetchError(ReferatError):
    """The portal cannot be read: a 4xx answer, a server that keeps failing, or a malformed answer."""

    type = "FetchError"

    def __init__(self, source: str, message: str, hint: str = "", status: Optional[int] = None) -> None:
        """`status`: the HTTP status of the answer that settles it (a 4xx, or 200 of the wrong shape); None
        where retries ran out (5xx, timeouts, cut-off answers), which a later run may get past."""
        super().__init__(source, message, hint)
        self.status = status


@dataclass(frozen=True)
class MeetingRef:
    """One meeting as the portal's committee list names it."""

    id: str
    body: str
    date: Optional[str]        # ISO date (YYYY-MM-DD) of the meeting
    released: Optional[str]    # ReleasedDate: when it was (re)published; the change marker
    name: Optional[str]        # Referat, Dagsorden, Tillægsdagsorden
    finished: Optional[bool]   # Afsluttet


def normalise_portal(portal: str) -> str:
    """`dagsordener.greve.dk` or `https://dagsordener.greve.dk/` -> `https://dagsordener.greve.dk`."""
    text = portal.strip()
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(portal, "is not a portal address.", "Give it as https://dagsordener.<municipality>.dk.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def municipality_of(portal: str) -> Optional[str]:
    """`https://dagsordener.greve.dk` -> `Greve Kommune`; None where the host does not say."""
    host = urlsplit(portal).hostname or ""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-1] == "dk" and labels[0].startswith("dagsordener"):
        name = labels[-2].replace("-", " ").title().replace(" ", "-")
        return f"{name} Kommune"
    return None


class PortalClient:
    """GET JSON from one portal: a delay between requests, retries with backoff, clear errors."""

    def __init__(
        self,
        portal: str,
        delay: float = 1.0,
        retries: int = 5,
        backoff: float = 2.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        session: Optional[requests.Session] = None,
    ) -> None:
        self.portal = normalise_portal(portal)
        self.delay = max(0.0, delay)
        self.retries = max(0, retries)
        self.backoff = max(0.0, backoff)
        self.timeout = timeout
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.session.headers["Accept"] = "application/json"
        self._last: Optional[float] = None
        self.requests = 0
        self.retried = 0

    def _wait_turn(self) -> None:
        if self._last is not None and self.delay:
            pause = self.delay - (time.monotonic() - self._last)
            if pause > 0:
                self.sleep(pause)
        self._last = time.monotonic()

    def _retry_wait(self, attempt: int, response: Optional[requests.Response]) -> float:
        wait = self.backoff * (2 ** attempt)
        header = response.headers.get("Retry-After") if response is not None else None
        if header:
            try:
                wait = max(wait, min(float(header), MAX_RETRY_AFTER))
            except ValueError:
                pass
        return wait

    def get_json(self, path: str) -> Any:
        """The JSON a path answers; retried on 429, 5xx, timeouts and cut-off bodies."""
        return self.get(path)[1]

    def get(self, path: str) -> tuple[bytes, Any]:
        """The bytes a path answers and their JSON (kept as served, so a file's sha256 is the portal's)."""
        url = self.portal + path
        problem = ""
        response: Optional[requests.Response] = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.retried += 1
                self.sleep(self._retry_wait(attempt - 1, response))
            response = None
            self._wait_turn()
            self.requests += 1
            try:
                response = self.session.get(url, timeout=self.timeout)
            except requests.Timeout:
                problem = f"no answer within {self.timeout:g} s"
                continue
            except requests.ConnectionError as exc:
                problem = f"the connection failed ({_short(exc)})"
                continue
            except requests.RequestException as exc:
                raise FetchError(url, f"cannot be requested: {_short(exc)}.", "Check --portal.") from None
            status = response.status_code
            if status == 429 or status >= 500:
                problem = f"the portal answered {status} {response.reason or ''}".rstrip()
                continue
            if status >= 400:
                raise FetchError(url, f"the portal answered {status} {response.reason or ''}.".replace(" .", "."),
                                 _hint_for(status), status=status)
            try:
                return response.content, json.loads(response.content.decode("utf-8-sig"))
            except (UnicodeDecodeError, ValueError):
                problem = "the answer is not JSON (cut off or an HTML page)"
                continue
        raise FetchError(url, f"{problem}, {self.retries + 1} tries.",
                         "The portal may be down or limiting requests: run the same command later "
                         "(what was fetched is kept), or raise --delay and --retries.")

    def committees(self) -> list[MeetingRef]:
        """Every meeting of every committee, from `udvalgsliste` (every election-period key read)."""
        answer = self.get_json(LIST_PATH)
        return parse_committee_list(answer, self.portal + LIST_PATH)

    def meeting(self, meeting_id: str) -> tuple[bytes, dict[str, Any]]:
        """One meeting's record, as served and parsed; checked to be a FirstAgenda meeting."""
        if not _ID.match(meeting_id):
            raise FetchError(meeting_id, "is not a meeting id.", "The committee list named it; the portal may be broken.")
        url = self.portal + MEETING_PATH.format(meeting_id=meeting_id)
        content, answer = self.get(MEETING_PATH.format(meeting_id=meeting_id))
        if not isinstance(answer, dict) or not isinstance(answer.get("Dagsordenpunkter"), list):
            raise FetchError(url, "the answer is JSON but not a FirstAgenda meeting (no Dagsordenpunkter list).",
                             "Check that --portal is a FirstAgenda portal.", status=200)
        return content, answer


def parse_committee_list(answer: Any, where: str) -> list[MeetingRef]:
    """MeetingRefs from an `udvalgsliste` answer: `{"Udvalg": {period: [{Id, Navn, Moeder}]}}`."""
    groups = answer.get("Udvalg") if isinstance(answer, dict) else None
    if isinstance(groups, list):  # a portal answering one flat list of committees
        groups = {"": groups}
    if not isinstance(groups, dict):
        raise FetchError(where, "is not a FirstAgenda committee list (no \"Udvalg\" object).",
                         "Check that --portal is a FirstAgenda portal (https://dagsordener.<municipality>.dk).",
                         status=200)
    refs: dict[str, MeetingRef] = {}
    for committees in groups.values():
        for committee in committees if isinstance(committees, list) else []:
            if not isinstance(committee, dict):
                continue
            body = str(committee.get("Navn") or "").strip() or "(unnamed committee)"
            for meeting in committee.get("Moeder") or []:
                if not isinstance(meeting, dict) or not isinstance(meeting.get("Id"), str):
                    continue
                date = meeting.get("Dato") or meeting.get("MeetingBeginUtc")
                refs.setdefault(meeting["Id"], MeetingRef(
                    id=meeting["Id"], body=body,
                    date=date[:10] if isinstance(date, str) and re.match(r"\d{4}-\d\d-\d\d", date) else None,
                    released=meeting.get("ReleasedDate") if isinstance(meeting.get("ReleasedDate"), str) else None,
                    name=meeting.get("Navn") if isinstance(meeting.get("Navn"), str) else None,
                    finished=meeting.get("Afsluttet") if isinstance(meeting.get("Afsluttet"), bool) else None,
                ))
    return sorted(refs.values(), key=lambda r: (r.date or "", r.body, r.id))


def _hint_for(status: int) -> str:
    if status == 404:
        return "Check --portal: it should be a FirstAgenda portal such as https://dagsordener.greve.dk."
    if status in (401, 403):
        return "The portal refuses this client; FirstAgenda portals need no key, so it may block crawlers."
    return "Check --portal and the options; retrying will not help."


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 160 else text[:157] + "..."
