"""What `query --endpoint` and `load --store` share: server URLs and HTTP basic-auth credentials.

Credentials never appear in a message: URLs are shown without their ``user:password@`` part.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import UsageError

#: The environment variable that holds ``USER:PASSWORD`` when ``--auth`` is not given.
AUTH_ENV = "QKP_RDF_AUTH"


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
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
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
    parts = urlsplit(url)
    return url if "@" not in parts.netloc else urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def credentials(option: str | None, in_url: Credentials | None, environ: Mapping[str, str] = os.environ) -> Credentials | None:
    """Credentials from ``--auth USER:PASSWORD``, else the environment variable, else the URL."""
    for value, origin in ((option, "--auth"), (environ.get(AUTH_ENV), AUTH_ENV)):
        if value:
            user, colon, password = value.partition(":")
            if not colon or not user:
                raise UsageError(f"{origin} must be USER:PASSWORD")  # the value itself is never shown
            return Credentials(user, password)
    return in_url
