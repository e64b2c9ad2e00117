"""The one SPARQL 1.1 Protocol client: `query --endpoint` and `reconcile` send their queries through it.

A query is POSTed form-encoded (``query=...``, with any ``default-graph-uri``): reconciliation's
``VALUES`` lists are too long for a URL. The answer asked for, and checked, is the SPARQL 1.1
JSON results format, of a SELECT query (``head`` and ``results``) or an ASK query (``boolean``);
for a CONSTRUCT or DESCRIBE query (:func:`post_graph_query`), N-Triples, read by pyoxigraph's parser.
The request goes through :func:`~qkp_rdf.remote.send`: its retries, its one-line errors naming
the URL (never the credentials), and the ``Authorization`` and ``User-Agent`` headers given.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any

import pyoxigraph as ox

from .errors import RemoteError
from .remote import USER_AGENT, Credentials, Retry, send

#: The media type of SPARQL 1.1 JSON results.
JSON_RESULTS = "application/sparql-results+json"
#: The media type asked for a graph: N-Triples, the simplest to check and to parse.
N_TRIPLES = "application/n-triples"


def _post(
    endpoint: str,
    text: str,
    accept: str,
    *,
    default_graphs: Sequence[str],
    auth: Credentials | None,
    agent: str,
    retry: Retry,
    timeout: float,
    on_retry: Callable[[str], None] | None,
) -> bytes:
    fields = [("query", text), *(("default-graph-uri", graph) for graph in default_graphs)]
    body = urllib.parse.urlencode(fields).encode("utf-8")
    headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": agent}
    if auth:
        headers["Authorization"] = auth.header()
    return send("POST", endpoint, body, headers, shown=endpoint, retry=retry, timeout=timeout, on_retry=on_retry)


def post_query(
    endpoint: str,
    text: str,
    *,
    default_graphs: Sequence[str] = (),
    auth: Credentials | None = None,
    agent: str = USER_AGENT,
    retry: Retry = Retry(),
    timeout: float = 120.0,
    on_retry: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Send a SELECT or ASK query to the endpoint (a URL without credentials: give ``auth``;
    ``on_retry`` is told of each retry, see :func:`~qkp_rdf.remote.send`) and return its answer, a SPARQL JSON results document; one that is not is a :class:`RemoteError`."""
    answer = _post(endpoint, text, JSON_RESULTS, default_graphs=default_graphs, auth=auth, agent=agent, retry=retry, timeout=timeout, on_retry=on_retry)
    try:
        document = json.loads(answer)
        if not _is_results(document):
            raise ValueError("not SPARQL JSON results")
    except ValueError as e:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results: {answer[:100]!r}") from e
    results: dict[str, Any] = document
    return results


def post_graph_query(
    endpoint: str,
    text: str,
    *,
    default_graphs: Sequence[str] = (),
    auth: Credentials | None = None,
    agent: str = USER_AGENT,
    retry: Retry = Retry(),
    timeout: float = 120.0,
    on_retry: Callable[[str], None] | None = None,
) -> list[ox.Triple]:
    """Send a CONSTRUCT or DESCRIBE query to the endpoint, as :func:`post_query` sends one, and
    return the triples of its answer (asked for as N-Triples); an answer that is not N-Triples is a
    :class:`RemoteError`."""
    answer = _post(endpoint, text, N_TRIPLES, default_graphs=default_graphs, auth=auth, agent=agent, retry=retry, timeout=timeout, on_retry=on_retry)
    try:
        return [quad.triple for quad in ox.parse(answer, format=ox.RdfFormat.N_TRIPLES)]
    except SyntaxError as e:
        raise RemoteError(f"{endpoint}: the answer is not N-Triples: {' '.join(str(e).split())[:100]}: {answer[:100]!r}") from e


def _is_results(document: object) -> bool:
    if not isinstance(document, dict):
        return False
    if isinstance(document.get("boolean"), bool):
        return True
    bindings = document.get("results", {}).get("bindings") if isinstance(document.get("results"), dict) else None
    return (
        isinstance(document.get("head"), dict)
        and isinstance(bindings, list)
        and all(isinstance(row, dict) and all(isinstance(term, dict) and "type" in term and "value" in term for term in row.values()) for row in bindings)
    )


def lexical_rows(results: dict[str, Any]) -> list[dict[str, str]]:
    """A SELECT answer's rows: variable name -> the term's lexical form (an IRI's text); unbound
    variables are left out. An ASK answer has no rows."""
    return [{name: str(term["value"]) for name, term in row.items()} for row in results.get("results", {}).get("bindings", [])]
