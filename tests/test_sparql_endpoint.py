"""The SPARQL 1.1 Protocol endpoint of `qkp-rdf serve`, against a real server on 127.0.0.1: each
result format, GET / POST form / POST direct, SPARQLWrapper as a client, the same bytes as
`qkp-rdf query` for every bundled query, refusals (update, SERVICE, malformed, oversized), the
timeout (a slow query gets a 503 while other requests are answered), the result limit, CORS
and the Service Description."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from qkp_rdf.query import list_queries

from .conftest import ROOT
from .serve_server import QkpServer, build_bundled

SELECT = "SELECT ?s ?name WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s <http://xmlns.com/foaf/0.1/name> ?name } WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?name }"
#: A cross join of every triple with every other, three times over: hours of work on this data.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PARAMS = {"holders-on": {"date": "1960-06-01"}}
DIRECT = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundled(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def server(data: Path) -> Iterator[QkpServer]:
    with QkpServer([data]) as running:
        yield running


@pytest.fixture(scope="module")
def bounded(data: Path) -> Iterator[QkpServer]:
    """A server with a short timeout and a small result limit."""
    with QkpServer([data], "--timeout", "2", "--limit", "5", "--workers", "2") as running:
        yield running


def ask(server: QkpServer, query: str, accept: str | None = None, **options: str) -> tuple[int, dict[str, str], bytes]:
    """POST a query directly (application/sparql-query), with protocol parameters in the URL."""
    target = "/sparql" + (f"?{urllib.parse.urlencode(options)}" if options else "")
    return server.request("POST", target, accept=accept, body=query.encode("utf-8"), headers=DIRECT)


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


# --- formats and request styles --------------------------------------------------------------


@pytest.mark.parametrize(("accept", "media_type"), [
    (None, "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
])
def test_select_answers_in_each_results_format(server: QkpServer, accept: str | None, media_type: str) -> None:
    status, headers, body = ask(server, SELECT, accept)
    assert status == 200 and headers["content-type"] == media_type and headers["vary"] == "Accept", body
    if media_type.startswith("text/csv"):  # Oxigraph reads no CSV results (the format is lossy)
        names = sorted(row[1] for row in _rows(body)[1:])
    else:
        formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "tab": ox.QueryResultsFormat.TSV}
        parsed = ox.parse_query_results(body, format=next(f for key, f in formats.items() if key in media_type))
        assert isinstance(parsed, ox.QuerySolutions)
        names = sorted(str(getattr(solution["name"], "value", "")) for solution in parsed)
    assert len(names) == 12 and "Dinmukhamed Kunaev" in names


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_answers_a_boolean(server: QkpServer, accept: str) -> None:
    for query, expected in (("ASK { ?s ?p ?o }", True), ("ASK { <urn:x> ?p ?o }", False)):
        status, _, body = ask(server, query, accept)
        fmt = ox.QueryResultsFormat.JSON if "json" in accept else ox.QueryResultsFormat.XML
        assert status == 200 and bool(ox.parse_query_results(body, format=fmt)) is expected


@pytest.mark.parametrize(("accept", "media_type", "fmt"), [
    (None, "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    ("text/turtle", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_and_describe_answer_a_graph(server: QkpServer, accept: str | None, media_type: str, fmt: ox.RdfFormat) -> None:
    expected = {q.triple for q in ox.parse(ask(server, CONSTRUCT, "application/n-triples")[2], format=ox.RdfFormat.N_TRIPLES)}
    status, headers, body = ask(server, CONSTRUCT, accept)
    assert status == 200 and headers["content-type"] == media_type and {q.triple for q in ox.parse(body, format=fmt)} == expected
    assert len(expected) == 12
    status, headers, body = ask(server, "DESCRIBE <https://w3id.org/qkp/id/person/dinmukhamed-kunaev>", accept)
    assert status == 200 and headers["content-type"] == media_type and len(list(ox.parse(body, format=fmt))) > 3


def test_get_post_form_and_post_direct_answer_the_same(server: QkpServer) -> None:
    by_get = server.get("/sparql?" + urllib.parse.urlencode({"query": SELECT}), "text/csv")
    by_form = server.request("POST", "/sparql", accept="text/csv", body=urllib.parse.urlencode({"query": SELECT}).encode(), headers=FORM)
    by_body = ask(server, SELECT, "text/csv")
    assert by_get[0] == by_form[0] == by_body[0] == 200 and by_get[2] == by_form[2] == by_body[2] and len(_rows(by_get[2])) == 13


def test_sparqlwrapper_is_a_client(server: QkpServer) -> None:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert len(rows) == 12 and {"s", "name"} <= set(rows[0])
    client.setMethod(POST)
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert()["boolean"] is True  # type: ignore[index,call-overload]
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    graph = client.query().convert()
    assert b"Dinmukhamed Kunaev" in graph  # type: ignore[operator]


@pytest.mark.parametrize("name", sorted(list_queries()))
def test_every_bundled_query_answers_what_the_query_command_prints(server: QkpServer, data: Path, name: str) -> None:
    query = list_queries()[name]
    params = PARAMS.get(name, {})
    fmt = "csv" if query.form in ("SELECT", "ASK") else "turtle"
    command = [sys.executable, "-m", "qkp_rdf", "query", name, str(data), "--format", fmt, *(f"--param={k}={v}" for k, v in params.items())]
    printed = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True).stdout
    status, _, body = ask(server, query.bind(params), "text/csv" if fmt == "csv" else "text/turtle")
    assert status == 200 and body == printed and len(_rows(body)) > 1, name


def test_the_protocols_dataset_parameters(server: QkpServer) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _rows(ask(server, count, "text/csv")[2])[1] == ["430"]
    assert _rows(ask(server, count, "text/csv", **{"default-graph-uri": "urn:qkp:nothing"})[2])[1] == ["0"]
    status, _, body = ask(server, count, "text/csv", **{"named-graph-uri": "not an iri"})
    assert status == 400 and body == b"named-graph-uri: 'not an iri' is not an IRI\n"


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "target", "body", "headers"), [
    ("POST", "/sparql", b"update=INSERT+DATA+%7B%3Curn%3Aa%3E+%3Curn%3Ab%3E+%3Curn%3Ac%3E%7D", FORM),
    ("POST", "/sparql", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}),
    ("POST", "/sparql", b"PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }", DIRECT),
    ("POST", "/sparql", b"query=drop+all", FORM),
    ("GET", "/sparql?update=CLEAR+ALL", None, {}),
])
def test_an_update_is_refused(server: QkpServer, method: str, target: str, body: bytes | None, headers: dict[str, str]) -> None:
    status, _, answer = server.request(method, target, body=body, headers=headers)
    assert status == 400 and b"read-only" in answer and answer.count(b"\n") == 1, answer
    assert _rows(ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")[2])[1] == ["430"]


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP port on 127.0.0.1 that records whatever connects to it (nothing should)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = sock.accept()
            except OSError:
                continue
            seen.append(connection.recv(1000))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", seen
    stop.set()
    thread.join()
    sock.close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}#>\nSELECT * WHERE {{ ?s ?p ?o . SeRvIcE <{url}> {{ ?s ?p ?x }} }}",
    "ASK {{ # a comment\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_never_sent(server: QkpServer, listener: tuple[str, list[bytes]], template: str) -> None:
    url, seen = listener
    status, _, body = ask(server, template.format(url=url))
    assert status == 400 and body == b"SERVICE is not allowed: this endpoint answers from its own data only\n"
    time.sleep(0.3)
    assert seen == []


def test_service_in_a_string_or_a_name_is_no_service(server: QkpServer) -> None:
    query = 'PREFIX service: <urn:service#> SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?service) } # SERVICE'
    status, _, body = ask(server, query, "text/csv")
    assert status == 200 and _rows(body)[1] == ["SERVICE <http://127.0.0.1:9/> { }"]


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT ?x WHERE { ?x ?y }", b"query:1:25: SPARQL syntax error: unexpected '}'"),
    ("SELECT * WHERE { ?s ex:p ?o }", b"undeclared prefix 'ex:'"),
    ("HELLO", b"not a SPARQL query"),
    ("", b"the query is empty"),
])
def test_a_malformed_query_is_400_with_its_place(server: QkpServer, query: str, message: bytes) -> None:
    status, _, body = ask(server, query)
    assert status == 400 and message in body and body.count(b"\n") == 1, body


@pytest.mark.parametrize(("headers", "body", "status"), [
    ({"Content-Type": "text/plain"}, b"ASK {}", 415),
    ({"Content-Type": "application/sparql-query; charset=latin-1"}, b"ASK {}", 415),
    (DIRECT, b"ASK { ?s ?p '\xff' }", 400),
    (FORM, b"query=ASK+%7B%7D&query=ASK+%7B%7D", 400),
    (FORM, b"query=%ff", 400),
    (FORM, b"nothing=here", 400),
])
def test_a_malformed_request_is_4xx(server: QkpServer, headers: dict[str, str], body: bytes, status: int) -> None:
    got, _, answer = server.request("POST", "/sparql", body=body, headers=headers)
    assert got == status and answer.count(b"\n") == 1 and b"Traceback" not in answer, answer


def test_an_oversized_query_or_accept_is_4xx(server: QkpServer) -> None:
    long = "ASK { ?s ?p ?o } " + "#" * 70_000
    assert ask(server, long)[0] == 413
    assert server.request("POST", "/sparql", body=urllib.parse.urlencode({"query": long}).encode(), headers=FORM)[0] == 413
    spaced = "ASK { ?s ?p ?o } " + " " * 70_000  # (a longer URL is uvicorn's to refuse, before the app)
    assert server.get("/sparql?" + urllib.parse.urlencode({"query": spaced}))[:3:2] == (413, b"the query is too long (70017 bytes; at most 65536)\n")
    status, _, body = ask(server, "ASK {}", "application/json;q=0.5, " * 400)
    assert status == 431 and b"Accept header is too long" in body
    status, _, body = ask(server, SELECT, "image/png")
    assert status == 406 and body.startswith(b"not acceptable: offered as application/sparql-results+json, application/sparql-results+xml, text/csv")


# --- limits ----------------------------------------------------------------------------------


# The second is slow to check for a SERVICE (its "service" makes the check parse it, and parsing an
# ASK evaluates it): checked in a worker too, under the timeout, never in the server's own process.
SLOW_TO_CHECK = "ASK { VALUES ?a { " + " ".join(map(str, range(300))) + " } VALUES ?b { " + " ".join(map(str, range(300))) + " } VALUES ?c { " + " ".join(map(str, range(300))) + " } FILTER(?a + ?b + ?c < 0) } # service"


@pytest.mark.parametrize("query", [SLOW, SLOW_TO_CHECK])
def test_a_slow_query_gets_503_while_others_are_answered(bounded: QkpServer, query: str) -> None:
    slow: list[tuple[int, float]] = []

    def run_slow() -> None:
        started = time.monotonic()
        status = ask(bounded, query)[0]
        slow.append((status, time.monotonic() - started))

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)  # the slow query is at work
    for request in (lambda: bounded.get("/doc/person/dinmukhamed-kunaev.ttl"), lambda: ask(bounded, "ASK { ?s ?p ?o }")):
        started = time.monotonic()
        assert request()[0] == 200 and time.monotonic() - started < 1.0
    thread.join(30)
    status, seconds = slow[0]
    assert status == 503 and 1.9 < seconds < 4.0, slow
    # Its worker was replaced: both answer again.
    for _ in range(4):
        assert ask(bounded, "ASK { ?s ?p ?o }")[0] == 200
    assert '"POST /sparql HTTP/1.1" 503 ' in bounded.log()


def test_a_query_that_crashes_the_parser_costs_a_worker_not_the_server(bounded: QkpServer) -> None:
    """Deep nesting overflows the stack of Oxigraph's parser: the worker dies, the request gets a
    one-line 500, and the server goes on (a new worker takes its place)."""
    status, _, body = ask(bounded, "SELECT * {" + "{" * 20000 + "} # service")
    assert status in (400, 500) and len(body.splitlines()) == 1
    for _ in range(3):
        assert ask(bounded, "ASK { ?s ?p ?o }")[0] == 200


def test_an_answer_is_cut_at_the_limit_and_says_so(bounded: QkpServer) -> None:
    status, headers, body = ask(bounded, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    assert status == 200 and len(_rows(body)) == 1 + 5 and headers["x-result-truncated"] == "true" and headers["x-result-limit"] == "5"
    status, headers, body = ask(bounded, CONSTRUCT, "application/n-triples")
    assert status == 200 and body.count(b"\n") == 5 and headers["x-result-truncated"] == "true"
    status, headers, body = ask(bounded, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "text/csv")
    assert status == 200 and len(_rows(body)) == 6 and "x-result-truncated" not in headers
    assert "X-Result-Truncated" in headers["access-control-expose-headers"]


# --- CORS and the Service Description --------------------------------------------------------


def test_cors_for_browser_clients(server: QkpServer) -> None:
    asked = {"Origin": "https://example.org", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, accept"}
    status, headers, _ = server.request("OPTIONS", "/sparql", headers=asked)
    assert status == 204 and headers["access-control-allow-origin"] == "*" and headers["access-control-allow-methods"] == "GET, HEAD, POST, OPTIONS"
    assert headers["access-control-allow-headers"] == "content-type, accept" and int(headers["access-control-max-age"]) > 0
    assert ask(server, "ASK {}")[1]["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(("accept", "fmt"), [(None, ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_the_service_description(server: QkpServer, accept: str | None, fmt: ox.RdfFormat) -> None:
    status, _, body = server.get("/sparql", accept)
    assert status == 200
    graph = {q.triple for q in ox.parse(body, format=fmt)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    me = ox.NamedNode(f"{server.url}/sparql")
    assert ox.Triple(me, ox.NamedNode(f"{sd}endpoint"), me) in graph
    assert ox.Triple(me, ox.NamedNode(f"{sd}supportedLanguage"), ox.NamedNode(f"{sd}SPARQL11Query")) in graph
    formats = {t.object for t in graph if t.predicate == ox.NamedNode(f"{sd}resultFormat")}
    assert ox.NamedNode("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in formats and len(formats) == 8
    assert any(t.predicate == ox.NamedNode("http://rdfs.org/ns/void#triples") and t.object == ox.Literal("430", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")) for t in graph)


def test_the_endpoint_answers_json_a_script_can_read(server: QkpServer) -> None:
    body = server.get("/sparql?" + urllib.parse.urlencode({"query": SELECT, "format": "json", "output": "json"}))[2]
    assert json.loads(body)["head"]["vars"] == ["s", "name"]
