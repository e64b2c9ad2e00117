"""`qkp-rdf load` into a real Oxigraph server: replacing a named graph, chunks, retries, auth, errors."""

from __future__ import annotations

import http.server
import io
import shlex
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic, to_isomorphic, graph_diff

import qkp_rdf.load
from qkp_rdf.cli import main
from qkp_rdf.progress import Counter
from qkp_rdf.errors import RemoteError
from qkp_rdf.remote import Retry, parse_retry_after, send

from .front_server import FrontServer
from .oxigraph_server import OxigraphServer, free_port
from .test_rdfio import MERGED, NAMED_GRAPHS

DATASET = "https://w3id.org/qkp/id/dataset/qkp"


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory, seed_graph: Graph) -> Path:
    path = tmp_path_factory.mktemp("seed") / "qkp.nt"
    seed_graph.serialize(path, format="nt", encoding="utf-8")
    return path


def stored(server: OxigraphServer, graph: str = DATASET) -> Graph:
    """What the store holds in one named graph (Graph Store GET)."""
    request = urllib.request.Request(f"{server.store_url}?graph={graph}", headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request) as response:
        return Graph().parse(data=response.read().decode("utf-8"), format="nt")


def quads_in_store(server: OxigraphServer) -> int:
    """Triples in all graphs of the store, the default graph too."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    request = urllib.request.Request(server.query_url, data=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    with urllib.request.urlopen(request) as response:
        return int(response.read().decode().split()[1])


def count_in_graph(server: OxigraphServer, graph: str) -> int:
    """Triples the store holds in one named graph, as its SPARQL engine counts them (0 if there is no such graph)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(server.query_url, data=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    with urllib.request.urlopen(request) as response:
        return int(response.read().decode().split()[1])


def canonical(graph: Graph) -> Graph:
    """The graph with RDF-equal literals written alike: language tags are case-insensitive (RDF 1.1),
    and Oxigraph keeps a typed literal as its value ("…T00:00:00+00:00" comes back as "…T00:00:00Z")."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        elif isinstance(o, Literal) and o.datatype and o.value is not None and not o.ill_typed:
            o = Literal(o.value, datatype=o.datatype)
        out.add((s, p, o))
    return out


def assert_same(actual: Graph, expected: Graph) -> None:
    """The store holds exactly these triples (graphs compared by isomorphism, blank nodes included)."""
    actual, expected = canonical(actual), canonical(expected)
    if len(actual) != len(expected) or not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        pytest.fail(f"store differs from file:\nonly in store:\n{only_actual.serialize(format='nt')}\nonly in file:\n{only_expected.serialize(format='nt')}")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_load_twice_leaves_exactly_one_copy(oxigraph: OxigraphServer, seed_file: Path, seed_graph: Graph, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Counter, "EVERY", 0.0)  # a line for every request, not one every few seconds
    for _ in range(2):
        code, out, err = run(capsys, "load", "--store", oxigraph.store_url, str(seed_file), "--chunk-size", "100")
        assert code == 0, err
        assert out.strip() == (
            f"loaded {len(seed_graph)} triples from {seed_file} into <{DATASET}> at {oxigraph.store_url}; "
            f"query it with: qkp-rdf query NAME --endpoint {oxigraph.query_url} --graph {DATASET}"
        )
        assert "qkp-rdf: sent: 5/5 requests (" in err
    assert_same(stored(oxigraph), seed_graph)
    assert quads_in_store(oxigraph) == len(seed_graph)  # nothing in the default graph or any other graph


def test_load_replaces_what_the_graph_held(oxigraph: OxigraphServer, seed_file: Path, seed_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.ttl"
    other.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    graph = "https://example.org/graph"
    assert run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, str(other))[0] == 0
    assert run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, str(seed_file))[0] == 0
    assert_same(stored(oxigraph, graph), seed_graph)


BLANK_NODES = """
@prefix ex: <https://example.org/> .
ex:a ex:list (1 2 3 4) ; ex:knows [ ex:name "B" ; ex:knows [ ex:name "C" ] ] .
ex:d ex:name "D" . ex:e ex:name "E" . ex:f ex:name "F" . ex:g ex:name "G" .
[] ex:name "anonymous" .
"""


def test_blank_nodes_survive_chunks_and_reloads(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "blank.ttl"
    data.write_text(BLANK_NODES)
    graph = "https://example.org/blank"
    for _ in range(2):
        assert run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, "--chunk-size", "2", str(data))[0] == 0
    assert_same(stored(oxigraph, graph), Graph().parse(data, format="turtle"))


def test_any_of_our_formats_loads(oxigraph: OxigraphServer, seed_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt, suffix in (("turtle", "ttl"), ("json-ld", "jsonld"), ("xml", "rdf")):
        path = tmp_path / f"qkp.{suffix}"
        seed_graph.serialize(path, format=fmt)
        graph = f"https://example.org/{suffix}"
        assert run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, str(path))[0] == 0
        assert_same(stored(oxigraph, graph), seed_graph)


def test_stopping_the_server_midway_is_reported_and_a_rerun_completes_the_load(
    start_oxigraph, seed_file: Path, seed_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_oxigraph(tmp_path / "db")
    real_send = qkp_rdf.load.send
    requests: list[str] = []

    def send_then_stop(method: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        real_send(method, *args, **kwargs)
        requests.append(method)
        if len(requests) == 3:
            server.stop()  # the server goes down between two chunks

    monkeypatch.setattr(qkp_rdf.load, "send", send_then_stop)
    argv = ["load", "--store", server.store_url, str(seed_file), "--chunk-size", "50", "--retries", "1"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and requests == ["PUT", "POST", "POST"]
    assert error_line(err) == f"error: cannot reach {server.store_url}: Connection refused after 2 attempts (no HTTP status)"

    monkeypatch.setattr(qkp_rdf.load, "send", real_send)
    server.start()  # same port, same data directory: the graph holds the first three chunks
    assert 0 < len(stored(server)) < len(seed_graph)
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert_same(stored(server), seed_graph)
    assert quads_in_store(server) == len(seed_graph)


def test_connection_refused_while_the_server_starts_is_retried(seed_file: Path, seed_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = OxigraphServer(port=free_port())
    starter = threading.Timer(0.3, server.start)
    starter.start()
    try:
        code, _, err = run(capsys, "load", "--store", server.store_url, str(seed_file))
        starter.join()
        assert code == 0, err
        assert_same(stored(server), seed_graph)
    finally:
        starter.join()
        server.stop()


@pytest.fixture
def front(oxigraph: OxigraphServer) -> Iterator[callable]:  # type: ignore[valid-type]
    fronts: list[FrontServer] = []

    def make(**options) -> FrontServer:  # type: ignore[no-untyped-def]
        fronts.append(FrontServer(oxigraph.base_url, **options))
        return fronts[-1]

    yield make
    for f in fronts:
        f.close()


def test_5xx_and_429_are_retried_honouring_retry_after(front, oxigraph: OxigraphServer, seed_file: Path, seed_graph: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    proxy = front(faults=[(503, {}), (429, {"Retry-After": "1"})])
    graph = "https://example.org/retried"
    code, _, err = run(capsys, "load", "--store", f"{proxy.url}/store", "--graph", graph, str(seed_file), "--chunk-size", "300")
    assert code == 0, err
    assert [(m, s) for m, s, _ in proxy.log] == [("PUT", 503), ("PUT", 429), ("PUT", 201), ("POST", 204)]
    assert proxy.log[2][2] - proxy.log[1][2] >= 1.0  # waited as long as the server asked
    assert_same(stored(oxigraph, graph), seed_graph)


def test_gives_up_on_a_server_that_keeps_failing(front, seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proxy = front(faults=[(503, {})] * 2)
    code, out, err = run(capsys, "load", "--store", f"{proxy.url}/store", "--graph", "https://example.org/g", str(seed_file), "--retries", "1")
    assert code == 2 and out == ""
    assert error_line(err) == f"error: {proxy.url}/store: PUT rejected with HTTP 503 Service Unavailable after 2 attempts: try again later"


def test_a_rejected_request_names_the_url_and_status(oxigraph: OxigraphServer, seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "load", "--store", f"{oxigraph.base_url}/nowhere", str(seed_file))
    assert code == 2
    line = error_line(err)
    assert line.startswith(f"error: {oxigraph.base_url}/nowhere: PUT rejected with HTTP 404 Not Found"), line


def test_basic_auth_from_option_environment_or_url_is_never_shown(
    front, oxigraph: OxigraphServer, seed_file: Path, seed_graph: Graph, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "s3cret-Pa55"
    proxy = front(auth=("editor", secret))
    host = proxy.url.removeprefix("http://")
    graph = "https://example.org/authorised"
    base = ["load", "--graph", graph, str(seed_file), "--retries", "0"]
    shown = ""
    code, out, err = run(capsys, *base, "--store", f"{proxy.url}/store")
    shown += out + err
    assert code == 2 and "HTTP 401 Unauthorized" in error_line(err)
    code, out, err = run(capsys, "--verbose", *base, "--store", f"{proxy.url}/store", "--auth", "editor:wrong")
    shown += out + err
    assert code == 2 and "HTTP 401" in err
    for how in (["--auth", f"editor:{secret}"], [], ["--url"]):
        monkeypatch.delenv("QKP_RDF_AUTH", raising=False)
        store = f"{proxy.url}/store"
        if not how:
            monkeypatch.setenv("QKP_RDF_AUTH", f"editor:{secret}")
        if how == ["--url"]:
            store, how = f"http://editor:{secret}@{host}/store", []
        code, out, err = run(capsys, *base, "--store", store, *how)
        shown += out + err
        assert code == 0, err
        assert f"at {proxy.url}/store" in out
    assert secret not in shown and "wrong" not in shown
    assert_same(stored(oxigraph, graph), seed_graph)


def test_a_bad_file_sends_nothing(oxigraph: OxigraphServer, seed_file: Path, seed_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = "https://example.org/kept"
    assert run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, str(seed_file))[0] == 0
    bad = tmp_path / "bad.nt"
    bad.write_text(seed_file.read_text("utf-8") + '<https://example.org/a> <https://example.org/b> "unterminated .\n')
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, str(bad), "--chunk-size", "10")
    lines = seed_file.read_text("utf-8").count("\n") + 1
    assert code == 2 and error_line(err).startswith(f"error: {bad}:{lines}: not valid N-Triples")
    assert_same(stored(oxigraph, graph), seed_graph)


def test_refuses_to_empty_a_graph_and_needs_a_graph_name(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix ex: <https://example.org/> .\n")
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", "https://example.org/e", str(empty))
    assert code == 2 and error_line(err) == f"error: {empty}: no RDF triples in this file"
    # Before the graph is asked for, and among other files as alone: as every command says it.
    full = tmp_path / "full.ttl"
    full.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, str(full), str(empty))
    assert code == 2 and error_line(err) == f"error: {empty}: no RDF triples in this file"
    data = tmp_path / "data.ttl"
    data.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, str(data))
    assert code == 2 and "give --graph IRI" in error_line(err)


def test_retry_after_and_backoff() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None
    retry = Retry(delay=0.5, max_delay=3.0, max_retry_after=60.0)
    assert [retry.wait(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert retry.wait(1, "7") == 7.0 and retry.wait(1, "3600") == 60.0


@pytest.mark.parametrize("url", ["ftp://example.org/store", "http://example.org:port/store", "localhost:7878/store", "http:///store"])
def test_store_must_be_an_http_url(url: str, seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "load", "--store", url, str(seed_file))
    assert code == 2 and "--store must be an http:// or https:// URL" in error_line(err)


def test_credentials_in_a_bad_url_are_not_shown(seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "load", "--store", "ftp://editor:hunter2@example.org/store", str(seed_file))
    assert code == 2 and "hunter2" not in err and "ftp://example.org/store" in error_line(err)


def test_the_same_triples_in_two_syntaxes_are_counted_once(
    oxigraph: OxigraphServer, seed_file: Path, seed_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Counter, "EVERY", 0.0)
    jsonld = tmp_path / "qkp.jsonld"
    seed_graph.serialize(jsonld, format="json-ld")
    graph = "https://example.org/twice"
    code, out, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, str(seed_file), str(jsonld), "--chunk-size", "100")
    assert code == 0, err
    assert out.startswith(f"loaded {len(seed_graph)} triples from {seed_file}, {jsonld} into <{graph}>")
    assert "qkp-rdf: sent: 5/5 requests (" in err  # duplicates are not sent either
    assert count_in_graph(oxigraph, graph) == len(seed_graph)


def test_the_printed_query_command_queries_the_loaded_graph(oxigraph: OxigraphServer, seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "load", "--store", oxigraph.store_url, str(seed_file))
    assert code == 0
    command = shlex.split(out.split("query it with: ")[1])
    assert command[:3] == ["qkp-rdf", "query", "NAME"]
    code, remote, err = run(capsys, "query", "officeholders", *command[3:], "--format", "csv")
    assert code == 0, err
    code, local, err = run(capsys, "query", "officeholders", "--data", str(seed_file), "--format", "csv")
    assert code == 0 and remote == local and local.count("\n") > 5


def test_a_store_not_at_store_gets_the_graph_only(front, seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proxy = front()
    code, out, err = run(capsys, "load", "--store", f"{proxy.url}/store?x=1", "--graph", "https://example.org/g", str(seed_file))
    assert code == 0, err
    assert out.strip().endswith("; query it with: qkp-rdf query NAME --graph https://example.org/g")


def test_named_graphs_of_trig_and_nquads_load_as_one_graph(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trig = tmp_path / "named.trig"
    trig.write_text(NAMED_GRAPHS)
    nquads = tmp_path / "named"  # no extension: the syntax is given
    ox.serialize(ox.parse(path=trig, format=ox.RdfFormat.TRIG), nquads, ox.RdfFormat.N_QUADS)
    expected = Graph().parse(data=MERGED, format="turtle")
    for path, how in ((trig, []), (nquads, ["--input-format", "nquads"])):
        graph = f"https://example.org/merged-{path.suffix.strip('.') or 'none'}"
        code, out, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, str(path), *how)
        assert code == 0, err
        assert out.startswith(f"loaded {len(expected)} triples from {path}")
        assert_same(stored(oxigraph, graph), expected)


def test_a_file_without_extension_needs_the_input_format(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data"
    path.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", "https://example.org/g", str(path))
    assert code == 2 and error_line(err).startswith(f"error: {path}: no file extension to tell its RDF syntax: give --input-format (turtle,")
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", "https://example.org/g", str(path), "--input-format", "csv")
    assert code == 2 and error_line(err).startswith("error: unknown input format 'csv': use one of turtle, ntriples,")
    code, out, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", "https://example.org/g", str(path), "--input-format", "nt")
    assert code == 0 and out.startswith("loaded 1 triples"), err


def test_loads_standard_input_read_twice_blank_nodes_and_all(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    graph = "https://example.org/stdin"
    expected = Graph().parse(data=BLANK_NODES, format="turtle")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(expected.serialize(format="json-ld").encode())))
    code, out, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, "-", "--input-format", "jsonld", "--chunk-size", "3")
    assert code == 0, err
    assert out.startswith(f"loaded {len(expected)} triples from <stdin> into <{graph}>")
    assert_same(stored(oxigraph, graph), expected)
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, "-", "-")
    assert code == 2 and error_line(err) == "error: standard input (-) can be given only once"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<https://example.org/a> <b")))
    code, _, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", graph, "-")
    assert code == 2 and error_line(err).startswith("error: <stdin>:1: not valid Turtle")


def test_a_missing_file_and_a_directory_send_nothing(oxigraph: OxigraphServer, seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path, reason in ((tmp_path / "missing.nt", "no such file"), (tmp_path, "is a directory, not a file")):
        code, out, err = run(capsys, "load", "--store", oxigraph.store_url, "--graph", "https://example.org/none", str(seed_file), str(path))
        assert code == 2 and out == "" and error_line(err) == f"error: {path}: {reason}"
    assert count_in_graph(oxigraph, "https://example.org/none") == 0


def test_each_retry_is_reported(front, seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proxy = front(faults=[(503, {}), (502, {}), (429, {"Retry-After": "1"})])
    code, _, err = run(capsys, "load", "--store", f"{proxy.url}/store", "--graph", "https://example.org/g", str(seed_file))
    assert code == 0, err
    assert [line for line in err.splitlines() if "retrying" in line] == [
        "qkp-rdf: retrying in 0.5 s: HTTP 503", "qkp-rdf: retrying in 1 s: HTTP 502", "qkp-rdf: retrying in 1 s: HTTP 429",
    ]


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first request, 204 to the others."""

    answered: list[int] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status = 503 if not self.answered else 204
        self.answered.append(status)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_send_reports_each_retry_before_it_waits() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("Flaky", (_Flaky,), {"answered": []}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/store"
    lines: list[str] = []
    try:
        send("PUT", url, b"", {}, shown=url, retry=Retry(delay=0.25), on_retry=lines.append)
    finally:
        server.shutdown()
        server.server_close()
    assert lines == ["retrying in 0.25 s: HTTP 503"]
    refused = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(RemoteError, match="after 3 attempts"):
        send("PUT", refused, b"", {}, shown=refused, retry=Retry(attempts=3, delay=0.01), on_retry=lines.append)
    assert lines[1:] == ["retrying in 0.01 s: connection refused", "retrying in 0.02 s: connection refused"]


def test_interrupted_after_the_first_request_says_the_graph_holds_part(front, seed_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while load waits to retry its second request: the graph was replaced by the first
    request's triples, so the one line says so instead of "nothing written"."""
    proxy = front(faults=[(None, {}), (503, {})])  # the PUT goes through, the first POST fails

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("qkp_rdf.remote.time.sleep", interrupted)
    code, out, err = run(capsys, "load", "--store", f"{proxy.url}/store", "--graph", "https://example.org/g", str(seed_file), "--chunk-size", "100")
    assert code == 130 and not out
    assert err.splitlines()[-1] == "qkp-rdf: interrupted after 1 of 5 requests answered: the graph may hold part of the files; run load again to replace it"
