"""The doccano 1.8 REST client: token login, requests with worded errors, paginated lists.

Raw REST over ``requests`` (why not doccano-client: the module doc of
``referat.annotations.doccano``). Server URL and credentials come only from the
environment (``REFERAT_DOCCANO_URL``, ``REFERAT_DOCCANO_USER``,
``REFERAT_DOCCANO_PASSWORD``) or from an interactive prompt: never from a file in
the repository.
"""
from __future__ import annotations

import os
import re
from typing import Any, Optional, Sequence

import requests

ENV_URL = "REFERAT_DOCCANO_URL"
ENV_USER = "REFERAT_DOCCANO_USER"
ENV_PASSWORD = "REFERAT_DOCCANO_PASSWORD"


class DoccanoError(Exception):
    """A problem talking to doccano, worded for the user (no traceback needed)."""


def safe_url(url: str) -> str:
    """`url` without a user name or password in it (`http://user:secret@host` -> `http://host`): for messages."""
    return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", r"\1", url)


def _answer(resp: Any) -> str:
    """What a failed response says, for a message: a short JSON `detail`, else only the status.

    A server's error page (HTML, a proxy's page, a stack trace) is never echoed."""
    status = f"{resp.status_code} {getattr(resp, 'reason', '') or ''}".strip()
    if "json" in (resp.headers.get("Content-Type") or "").lower():
        try:
            data = resp.json()
        except ValueError:
            return status
        detail = data.get("detail") if isinstance(data, dict) else None
        if isinstance(detail, str) and detail:
            return f"{status}: {detail[:200]}"
    return status


# --------------------------------------------------------------------------- client


class DoccanoClient:
    """An authenticated session against one doccano 1.8 server."""

    def __init__(self, url: str, session: requests.Session, me: dict[str, Any], timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.session = session
        self.me = me
        self.timeout = timeout

    @property
    def username(self) -> str:
        return self.me.get("username", "")

    @property
    def user_id(self) -> int:
        return int(self.me["id"])

    def request(self, method: str, path: str, ok: Sequence[int] = (200, 201, 204), **kwargs: Any) -> Any:
        url = f"{self.url}/{path.lstrip('/')}"
        try:
            resp = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as err:
            raise DoccanoError(f"doccano at {safe_url(self.url)} cannot be reached ({type(err).__name__}).") from None
        if resp.status_code not in ok:
            if resp.status_code in (401, 403):
                raise DoccanoError(
                    f"doccano refused {method} {path} for user {self.username!r} ({_answer(resp)}). "
                    "Is the user a member of the project with the right role?"
                )
            raise DoccanoError(f"doccano answered {_answer(resp)} to {method} {path}.")
        if resp.status_code == 204 or not resp.content:
            return None
        return resp.json()

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: Any, **kw: Any) -> Any:
        return self.request("POST", path, json=data, **kw)

    def patch(self, path: str, data: Any, **kw: Any) -> Any:
        return self.request("PATCH", path, json=data, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)

    def get_all(self, path: str, params: Optional[dict[str, Any]] = None, page: int = 500) -> list[dict]:
        """Every row of a paginated (limit/offset) list endpoint."""
        rows: list[dict] = []
        offset = 0
        while True:
            data = self.get(path, params={**(params or {}), "limit": page, "offset": offset})
            if isinstance(data, list):  # endpoint without pagination
                return data
            rows.extend(data["results"])
            if not data.get("next"):
                return rows
            offset += page


def connect(url: Optional[str], username: Optional[str], password: Optional[str], timeout: float = 30.0) -> DoccanoClient:
    """Log in to doccano and return a client; raise DoccanoError with a clear message."""
    if not url:
        raise DoccanoError(f"No doccano URL: set {ENV_URL} (for example http://127.0.0.1:8000).")
    if not username or password is None:
        raise DoccanoError(f"No doccano credentials: set {ENV_USER} and {ENV_PASSWORD}, or answer the prompt.")
    url = url.rstrip("/")
    if not re.match(r"^https?://", url):
        url = "http://" + url
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    try:
        resp = session.post(f"{url}/v1/auth/login/", json={"username": username, "password": password}, timeout=timeout)
    except requests.RequestException as err:
        raise DoccanoError(
            f"doccano at {safe_url(url)} cannot be reached ({type(err).__name__}). Is the server running "
            f"(`doccano webserver --port PORT`) and is {ENV_URL} right?"
        ) from None
    if resp.status_code == 400:
        raise DoccanoError(f"doccano at {safe_url(url)} rejected the login of user {username!r}: wrong username or password.")
    if resp.status_code != 200:
        raise DoccanoError(f"{safe_url(url)} answered {_answer(resp)} to the login: is it a doccano 1.8 server?")
    try:
        key = resp.json()["key"]
    except (ValueError, KeyError, TypeError):
        raise DoccanoError(f"{safe_url(url)} answered the login without a token: is it a doccano 1.8 server?") from None
    # Token authentication: no session cookie, so no CSRF token is needed.
    session.cookies.clear()
    session.headers["Authorization"] = f"Token {key}"
    client = DoccanoClient(url, session, {}, timeout)
    client.me = client.get("v1/me")
    return client


def credentials(prompt: bool = True) -> tuple[str, str, str]:
    """URL, username and password from the environment, else asked interactively."""
    url = os.environ.get(ENV_URL, "")
    user = os.environ.get(ENV_USER, "")
    password = os.environ.get(ENV_PASSWORD)
    if prompt:
        import typer

        if not url:
            url = typer.prompt("doccano URL", default="http://127.0.0.1:8000")
        if not user:
            user = typer.prompt("doccano username")
        if password is None:
            password = typer.prompt("doccano password", hide_input=True)
    return url, user, password or ""


def connect_from_env(prompt: bool = True) -> DoccanoClient:
    return connect(*credentials(prompt))
