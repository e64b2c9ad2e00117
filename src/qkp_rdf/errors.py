"""The project's one exception hierarchy.

The CLI turns a :class:`QkpError` into a one-line ``error:`` message and an exit code;
anything else escaping the library is a bug and keeps its traceback.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any


class QkpError(Exception):
    """Base class of every error qkp-rdf raises on purpose."""

    exit_code = 2


class InputError(QkpError):
    """Bad input: the message names the file and, where known, the line."""

    def __init__(self, message: str, *, source: str | Path | None = None, line: int | None = None) -> None:
        self.reason = message
        self.source = str(source) if source is not None else None
        self.line = line
        where = self.source or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process, it comes back pickled: with its parts, not its message alone.
        return (partial(InputError, source=self.source, line=self.line), (self.reason,))


class DateError(QkpError):
    """A string that is not a date; the caller re-raises it as an :class:`InputError` with file and line."""


class ImpossibleDateError(DateError):
    """A date in a known form that does not exist (31 February 1951)."""


class UsageError(QkpError):
    """A bad option value (a base IRI that is not absolute, say)."""


class QueryError(QkpError):
    """A SPARQL query that cannot be found, parsed or run."""


class RemoteError(QkpError):
    """A SPARQL endpoint or triplestore that cannot be reached, or that rejects a request."""


class RequestError(QkpError):
    """An HTTP request the server refuses (:mod:`qkp_rdf.web.server`): the status to answer with,
    and a one-line reason the client reads."""

    def __init__(self, status: int, message: str, *, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.status, self.headers = status, headers
        super().__init__(message)
