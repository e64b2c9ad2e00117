"""What `query --endpoint`, `load --store` and `reconcile --endpoint` share: server URLs, HTTP basic-auth credentials, and HTTP requests with retries.

Credentials never appear in a message: URLs are shown without their ``user:password@`` part.
"""

from __future__ import annotations

import base64
import email.utils
import http.client
import os
import platform
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from . import __version__
from .config import ATTEMPTS, AUTH_ENV
from .errors import RemoteError, UsageError

#: Says who asks, as public endpoints want (the Wikimedia User-Agent policy, say); `reconcile` lets users add their contact.
USER_AGENT = f"qkp-rdf/{__version__} (https://w3id.org/qkp/) Python/{platform.python_version()}"
#: Failures worth another try; ConnectionError covers a refused or dropped connection.
_TRANSIENT = (ConnectionError, TimeoutError, http.client.IncompleteRead)


@dataclass(frozen=True)
class Credentials:
    """HTTP basic-auth credentials; their repr hides the password."""

    user: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password=<hidden>)"

    def header(self) -> str:
        """The value of an ``Authorization`` header."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")
        return f"Basic {token}"


def server_url(url: str, what: str) -> tuple[str, Credentials | None]:
    """An http(s) URL without its ``user:password@`` part, and the credentials that part held."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, an unclosed IPv6 bracket
        parts, port = urlsplit(""), -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
        raise UsageError(f"{what} must be an http:// or https:// URL, not {_shown(url)!r}")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is not None:
        netloc += f":{port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if parts.username is None:
        return clean, None
    return clean, Credentials(unquote(parts.username), unquote(parts.password or ""))


def _shown(url: str) -> str:
    # Not urlsplit: the URL may be one it cannot split ("http://[::1/store"), and must still not show its password.
    return re.sub(r"^([^:/?#]*://)[^/?#]*@", r"\1", url)


def credentials(option: str | None, in_url: Credentials | None, environ: Mapping[str, str] = os.environ) -> Credentials | None:
    """Credentials from ``--auth USER:PASSWORD``, else the environment variable, else the URL."""
    for value, origin in ((option, "--auth"), (environ.get(AUTH_ENV), AUTH_ENV)):
        if value:
            user, colon, password = value.partition(":")
            if not colon or not user:
                raise UsageError(f"{origin} must be USER:PASSWORD")  # the value itself is never shown
            return Credentials(user, password)
    return in_url


@dataclass(frozen=True)
class Retry:
    """How often to retry a request and how long to wait: ``delay * 2**n`` seconds, at most ``max_delay``."""

    attempts: int = ATTEMPTS
    delay: float = 0.5
    max_delay: float = 30.0
    #: The longest ``Retry-After`` honoured; a server asking for more is waited for this long.
    max_retry_after: float = 300.0

    def wait(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
        asked = parse_retry_after(retry_after) if retry_after else None
        if asked is not None:
            return min(asked, self.max_retry_after)
        return float(min(self.delay * 2 ** (attempt - 1), self.max_delay))


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date; None if neither."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def send(
    method: str, url: str, body: bytes, headers: Mapping[str, str], *, shown: str, action: str = "", retry: Retry = Retry(), timeout: float = 120.0,
    on_retry: Callable[[str], None] | None = None,
) -> bytes:
    """One HTTP request, retried while the failure is transient (a refused or dropped connection,
    a time-out, 5xx, or 429 after the ``Retry-After`` it asks for); returns the answer's body.

    Errors are one line naming ``shown`` (the URL as the user may see it: without credentials),
    ``action`` (what was refused, e.g. "PUT rejected with ") and the HTTP status. Before each
    wait, ``on_retry`` gets a line saying how long and why ("retrying in 2 s: HTTP 503"), so that a
    user sees a slow server for what it is.
    """
    for attempt in range(1, retry.attempts + 1):
        last = attempt == retry.attempts
        tries = f" after {attempt} attempts" if attempt > 1 else ""
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=dict(headers)), timeout=timeout) as response:
                answer: bytes = response.read()
                return answer
        except urllib.error.HTTPError as e:
            if (e.code == 429 or e.code >= 500) and not last:
                _wait(retry.wait(attempt, e.headers.get("Retry-After")), f"HTTP {e.code}", on_retry)
                continue
            detail = _body(e)
            raise RemoteError(f"{shown}: {action}HTTP {e.code} {e.reason}{tries}{': ' + detail if detail else ''}") from e
        except (urllib.error.URLError, *_TRANSIENT) as e:
            reason = e.reason if isinstance(e, urllib.error.URLError) else e
            if not isinstance(reason, _TRANSIENT) or last:
                # After retries, say that none of them got an answer (a retried 503 says its status).
                raise RemoteError(f"cannot reach {shown}: {getattr(reason, 'strerror', None) or reason}{tries + ' (no HTTP status)' if tries else ''}") from e
            _wait(retry.wait(attempt), _transient_reason(reason), on_retry)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _wait(seconds: float, why: str, on_retry: Callable[[str], None] | None) -> None:
    if on_retry:
        on_retry(f"retrying in {seconds:g} s: {why}")
    time.sleep(seconds)


def _transient_reason(error: BaseException) -> str:
    """A transient failure in a few lower-case words ("connection refused", "timed out")."""
    if isinstance(error, http.client.IncompleteRead):
        return "answer cut short"
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def _body(error: urllib.error.HTTPError) -> str:
    try:
        return " ".join(error.read().decode("utf-8", "replace").split())[:200]
    except OSError:
        return ""
