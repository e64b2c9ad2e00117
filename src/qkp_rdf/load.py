"""Load RDF files into a triplestore over the SPARQL 1.1 Graph Store HTTP Protocol.

The files replace what one named graph held: the first chunk is sent with ``PUT`` (which replaces
the graph), the others with ``POST`` (which adds to it), each to ``STORE?graph=IRI``. Whatever went
wrong in an earlier run, a new run therefore leaves exactly the files' triples in the graph.

Each request is retried, with exponential backoff, when the server refuses the connection (it may
be starting), drops it, times out, answers 5xx, or answers 429 (after the ``Retry-After`` it asks for).
A retried ``POST`` cannot duplicate anything: adding the same triples twice is a no-op, and triples
with blank nodes (whose copies would be new nodes) all travel in the ``PUT``.

The files are read twice, streaming (pyoxigraph's parsers): first to check them whole — nothing is
sent if any file is bad — and to find the blank-node triples and the dataset's IRI, then to send them.
"""

from __future__ import annotations

import email.utils
import http.client
import math
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from .errors import InputError, RemoteError, UsageError
from .readers import rdf_format
from .remote import Credentials

#: Triples per request; each request body is N-Triples, about 150 bytes a triple for our data.
DEFAULT_CHUNK = 50_000
_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
_VOID_DATASET = ox.NamedNode("http://rdfs.org/ns/void#Dataset")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_TRANSIENT = (ConnectionError, TimeoutError, http.client.IncompleteRead)  # ConnectionError covers a dropped connection


@dataclass(frozen=True)
class Retry:
    """How often to retry a request and how long to wait: ``delay * 2**n`` seconds, at most ``max_delay``."""

    attempts: int = 6
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


@dataclass(frozen=True)
class LoadResult:
    """What a load did: the graph it replaced and how many triples it sent."""

    graph: str
    triples: int


@dataclass
class _Survey:
    triples: int = 0
    with_blank_nodes: list[ox.Triple] = field(default_factory=list)
    datasets: set[str] = field(default_factory=set)


def _parse(path: Path) -> Iterator[ox.Triple]:
    """The file's triples; a syntax error becomes an :class:`InputError` naming its line."""
    fmt = _FORMATS[rdf_format(path)]
    try:
        for quad in ox.parse(path=path, format=fmt, without_named_graphs=True, rename_blank_nodes=True):
            yield quad.triple
    except SyntaxError as e:
        raise InputError(f"not valid {fmt.name}: {' '.join(str(e.msg).split())[:200]}", source=path, line=e.lineno) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", source=path) from e


def _has_blank_node(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _survey(paths: Sequence[Path]) -> _Survey:
    survey = _Survey()
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", source=path)
        for triple in _parse(path):
            survey.triples += 1
            if _has_blank_node(triple):
                survey.with_blank_nodes.append(triple)
            if triple.predicate == _RDF_TYPE and triple.object == _VOID_DATASET and isinstance(triple.subject, ox.NamedNode):
                survey.datasets.add(triple.subject.value)
    return survey


def _chunks(paths: Sequence[Path], survey: _Survey, size: int) -> Iterator[list[ox.Triple]]:
    """The first chunk holds the blank-node triples (from the survey: a second parse would name blank
    nodes anew) and then non-blank ones up to ``size``; the other chunks hold ``size`` triples."""
    chunk = list(survey.with_blank_nodes)
    for path in paths:
        for triple in _parse(path):
            if _has_blank_node(triple):
                continue
            if len(chunk) >= size:
                yield chunk
                chunk = []
            chunk.append(triple)
    yield chunk


def _chunk_count(survey: _Survey, size: int) -> int:
    blank = len(survey.with_blank_nodes)
    after_first = max(0, survey.triples - blank - max(0, size - blank))
    return 1 + math.ceil(after_first / size)


def _graph_of(survey: _Survey, graph: str | None) -> str:
    if graph:
        return graph
    if len(survey.datasets) != 1:
        found = "none" if not survey.datasets else ", ".join(sorted(survey.datasets))
        raise UsageError(f"give --graph IRI: the files describe one void:Dataset when loaded by default, they have {found}")
    return next(iter(survey.datasets))


def load_files(
    paths: Sequence[str | Path],
    store: str,
    *,
    graph: str | None = None,
    auth: Credentials | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    retry: Retry = Retry(),
    timeout: float = 120.0,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    """Replace the named graph ``graph`` (default: the dataset's IRI) in the Graph Store ``store`` with the files' triples."""
    if chunk_size < 1:
        raise UsageError("the chunk size must be at least 1 triple")
    files = [Path(p) for p in paths]
    survey = _survey(files)
    target = _graph_of(survey, graph)
    if survey.triples == 0:
        # An empty PUT would empty the graph: surely not what was meant.
        raise InputError("no triples to load", source=", ".join(map(str, files)))
    total = _chunk_count(survey, chunk_size)
    url = f"{store}{'&' if '?' in store else '?'}graph={quote(target, safe='')}"
    for number, chunk in enumerate(_chunks(files, survey, chunk_size), start=1):
        body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b""  # bytes, as no output file is given
        _send("PUT" if number == 1 else "POST", url, store, body, auth=auth, retry=retry, timeout=timeout)
        if progress:
            progress(number, total)
    return LoadResult(target, survey.triples)


def _send(method: str, url: str, store: str, body: bytes, *, auth: Credentials | None, retry: Retry, timeout: float) -> None:
    """One request, retried while the failure is transient; errors name the store and the HTTP status."""
    headers = {"Content-Type": "application/n-triples"}
    if auth:
        headers["Authorization"] = auth.header()
    for attempt in range(1, retry.attempts + 1):
        last = attempt == retry.attempts
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
            return
        except urllib.error.HTTPError as e:
            message = _body(e)
            if (e.code == 429 or e.code >= 500) and not last:
                time.sleep(retry.wait(attempt, e.headers.get("Retry-After")))
                continue
            tries = f" after {attempt} attempts" if attempt > 1 else ""
            raise RemoteError(f"{store}: {method} rejected with HTTP {e.code} {e.reason}{tries}{': ' + message if message else ''}") from e
        except (urllib.error.URLError, *_TRANSIENT) as e:
            reason = e.reason if isinstance(e, urllib.error.URLError) else e
            if not isinstance(reason, _TRANSIENT) or last:
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise RemoteError(f"cannot reach {store}: {getattr(reason, 'strerror', None) or reason}{tries} (no HTTP status)") from e
            time.sleep(retry.wait(attempt))


def _body(error: urllib.error.HTTPError) -> str:
    try:
        return " ".join(error.read().decode("utf-8", "replace").split())[:200]
    except OSError:
        return ""
