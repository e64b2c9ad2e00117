"""The SPARQL 1.1 Protocol endpoint (``/sparql``): read-only, bounded, over the published graph.

- Queries: GET ``?query=``, POST form-encoded (``query=``) and POST direct
  (``Content-Type: application/sparql-query``), each with the protocol's ``default-graph-uri`` and
  ``named-graph-uri`` (the dataset to query: by default the store's default graph, and every named
  graph for ``GRAPH``). Other parameters (SPARQLWrapper's ``format``, ``output``) are ignored.
- Answers by ``Accept``: SELECT and ASK as SPARQL JSON (the default), XML, CSV or TSV; CONSTRUCT
  and DESCRIBE as Turtle (the default), JSON-LD, N-Triples or RDF/XML. The bytes are those
  ``qkp-rdf query`` prints for the same query and format (:func:`qkp_rdf.answers.format_result`).
- Refused with a 400 and a one-line reason: an update (``update=``,
  ``application/sparql-update``, or an update's text), any query using ``SERVICE`` (found by
  :func:`qkp_rdf.sparql_syntax.uses_service`: Oxigraph would send it), a syntax error (with its
  line and column), a graph parameter that is not an IRI; 413 for a query over
  :data:`MAX_QUERY` bytes; 415 for another body type.
- Bounded: a query runs in a worker process (:mod:`.workers`) and is stopped after the server's
  timeout, with a 503; an answer holds at most the server's limit of rows (or triples), and one
  cut there says so in its headers: ``X-Result-Truncated: true`` and ``X-Result-Limit: N``.
- ``/sparql`` without a query answers its Service Description (Turtle by default; the ``sd:``
  vocabulary), naming the formats, the limits and the default graph's size.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import RequestError
from ..sparql_syntax import UPDATES, query_form
from .conneg import negotiate, not_acceptable
from .http import Response
from .workers import Job, Pool

#: The longest query read, in bytes (the bundled ones are under 3 kB).
MAX_QUERY = 64 * 1024

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UTF8 = "; charset=utf-8"
#: Media type -> (format name for the worker, the media type answered), for SPARQL results; the
#: canonical types first, in order of preference, then the aliases clients send.
RESULT_TYPES: dict[str, tuple[str, str]] = {
    "application/sparql-results+json": ("json", "application/sparql-results+json"),
    "application/sparql-results+xml": ("xml", "application/sparql-results+xml"),
    "text/csv": ("csv", "text/csv" + _UTF8),
    "text/tab-separated-values": ("tsv", "text/tab-separated-values" + _UTF8),
    "application/json": ("json", "application/sparql-results+json"),
    "application/xml": ("xml", "application/sparql-results+xml"),
    "text/xml": ("xml", "application/sparql-results+xml"),
}
#: The same for graphs (CONSTRUCT, DESCRIBE; the Service Description).
GRAPH_TYPES: dict[str, tuple[str, str]] = {
    "text/turtle": ("turtle", "text/turtle" + _UTF8),
    "application/ld+json": ("jsonld", "application/ld+json"),
    "application/n-triples": ("ntriples", "application/n-triples"),
    "application/rdf+xml": ("rdfxml", "application/rdf+xml"),
    "application/x-turtle": ("turtle", "text/turtle" + _UTF8),
    "application/json": ("jsonld", "application/ld+json"),
    "text/plain": ("ntriples", "application/n-triples"),
}


@dataclass(frozen=True)
class Request:
    """A protocol request, read: the query (None: the Service Description is asked for) and the
    dataset's graphs (None: not given)."""

    query: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None


def _fields(text: bytes, where: str) -> dict[str, list[str]]:
    try:
        pairs = urllib.parse.parse_qsl(text.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=200)
    except (UnicodeDecodeError, ValueError) as e:
        raise RequestError(400, f"malformed {where}: {' '.join(str(e).split())[:100]}") from e
    found: dict[str, list[str]] = {}
    for name, value in pairs:
        found.setdefault(name, []).append(value)
    return found


def _graphs(fields: Mapping[str, list[str]], name: str) -> tuple[str, ...] | None:
    if name not in fields:
        return None
    for iri in fields[name]:
        try:
            ox.NamedNode(iri)
        except ValueError as e:
            raise RequestError(400, f"{name}: {iri[:100]!r} is not an IRI") from e
    return tuple(fields[name])


def read_request(method: str, query_string: bytes, content_type: str | None, body: bytes) -> Request:
    """The protocol request a GET or POST makes (see the module's docstring), or a :class:`RequestError`."""
    params = _fields(query_string, "query string")
    media = (content_type or "").split(";")[0].strip().lower()
    if "update" in params or (method == "POST" and media == "application/sparql-update"):
        raise RequestError(400, "SPARQL updates are not allowed: this endpoint is read-only")
    if method == "GET":
        fields = params
    elif media == "application/x-www-form-urlencoded":
        fields = _fields(body, "form")
        if "update" in fields:
            raise RequestError(400, "SPARQL updates are not allowed: this endpoint is read-only")
        if "query" in params:
            raise RequestError(400, "give the query in the form or in the URL, not both")
        fields = {**params, **fields}
    elif media == "application/sparql-query":
        if "query" in params:
            raise RequestError(400, "a query in the body (application/sparql-query) takes no query= in the URL")
        charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in (content_type or "").split(";")[1:] if p.strip().lower().startswith("charset=")), "utf-8")
        if charset not in ("utf-8", "utf8"):
            raise RequestError(415, f"the query must be UTF-8, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise RequestError(400, "the query is not UTF-8") from e
        return Request(text, _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))
    else:
        raise RequestError(415, "POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query")
    queries = fields.get("query", [])
    if len(queries) > 1:
        raise RequestError(400, "give one query= parameter, not several")
    if method == "POST" and not queries:
        raise RequestError(400, "no query= in the form")
    return Request(queries[0] if queries else None, _graphs(fields, "default-graph-uri"), _graphs(fields, "named-graph-uri"))


def checked_form(text: str) -> str:
    """The query's form, once it is known not to be too long or an update: cheap checks of the
    text alone. Whether it calls a SERVICE, and its syntax, are the worker's to check, under the
    timeout: both mean parsing it, which a crafted query can make slow, or crash."""
    if len(text.encode("utf-8")) > MAX_QUERY:
        raise RequestError(413, f"the query is too long ({len(text.encode('utf-8'))} bytes; at most {MAX_QUERY})")
    if not text.strip():
        raise RequestError(400, "the query is empty")
    form = query_form(text)
    if form not in _FORMS:
        if form in UPDATES:
            raise RequestError(400, f"SPARQL updates are not allowed: this endpoint is read-only ({form} is not a query form)")
        raise RequestError(400, "not a SPARQL query: it must begin with SELECT, ASK, CONSTRUCT or DESCRIBE (after PREFIX and BASE)")
    return form


def _choose(accept: str | None, types: Mapping[str, tuple[str, str]]) -> tuple[str, str]:
    offered = list(types)
    chosen = negotiate(accept, offered)
    if chosen is None:
        raise not_acceptable(sorted({types[t][1].split(";")[0] for t in offered}, key=offered.index))
    return types[chosen]


async def answer(request: Request, accept: str | None, pool: Pool, *, limit: int) -> Response:
    """The answer to a query (not the Service Description): run in the pool, by ``Accept``."""
    assert request.query is not None
    form = checked_form(request.query)
    fmt, media_type = _choose(accept, RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES)
    result = await pool.run(Job(request.query, form, request.default_graphs, request.named_graphs, fmt, limit))
    headers = [("Vary", "Accept")]
    if result.truncated:
        headers += [("X-Result-Truncated", "true"), ("X-Result-Limit", str(limit))]
    return Response(200, result.body, media_type, headers)


_FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON", "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV", "text/tab-separated-values": "SPARQL_Results_TSV", "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD", "application/n-triples": "N-Triples", "application/rdf+xml": "RDF_XML",
}


def service_description(endpoint: str, *, triples: int, timeout: float, limit: int) -> str:
    """The endpoint described in the SPARQL 1.1 Service Description vocabulary, as Turtle."""
    iri = str(ox.NamedNode(endpoint))
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in _FORMAT_IRIS.values())
    note = ox.Literal(f"Read-only (no update, no SERVICE). A query runs for at most {timeout:g} s (then 503); an answer holds at most {limit} rows or triples (a cut answer has the header X-Result-Truncated: true).")
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix void: <http://rdfs.org/ns/void#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        f"{iri} a sd:Service ;\n"
        f"    sd:endpoint {iri} ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"    sd:resultFormat {formats} ;\n"
        "    sd:feature sd:EmptyGraphs ;\n"
        f"    rdfs:comment {note} ;\n"
        "    sd:defaultDataset [\n"
        "        a sd:Dataset ;\n"
        f"        sd:defaultGraph [ a sd:Graph ; void:triples {triples} ]\n"
        "    ] .\n"
    )


def description_response(endpoint: str, accept: str | None, *, triples: int, timeout: float, limit: int) -> Response:
    """The Service Description in the format ``Accept`` asks for (Turtle by default)."""
    fmt, media_type = _choose(accept, GRAPH_TYPES)
    text = service_description(endpoint, triples=triples, timeout=timeout, limit=limit).encode("utf-8")
    if fmt != "turtle":
        target = {"jsonld": ox.RdfFormat.JSON_LD, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        body = ox.serialize(ox.parse(text, format=ox.RdfFormat.TURTLE), format=target)
        assert body is not None  # no output file given: the bytes come back
        text = body
    return Response(200, text, media_type, [("Vary", "Accept")])

