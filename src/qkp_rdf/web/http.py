"""What the server answers: a status, headers and a whole body (every answer here is made in
full before it is sent, and is small: pages, descriptions, query answers under a row limit)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import RequestError

PLAIN = "text/plain; charset=utf-8"


@dataclass
class Response:
    """An answer: status, body, its media type (None: no body, as for 303 and 204) and more headers."""

    status: int
    body: bytes = b""
    content_type: str | None = PLAIN
    headers: list[tuple[str, str]] = field(default_factory=list)


def refusal(error: RequestError) -> Response:
    """The answer to a refused request: its status, and its reason as one line of text."""
    return Response(error.status, f"{error}\n".encode("utf-8"), PLAIN, list(error.headers))
