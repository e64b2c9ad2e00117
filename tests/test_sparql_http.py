"""The one SPARQL-over-HTTP client (query --endpoint, reconcile) against a real Oxigraph server."""

from __future__ import annotations

import urllib.request

import pyoxigraph as ox
import pytest

from qkp_rdf.errors import RemoteError
from qkp_rdf.query import run_remote
from qkp_rdf.remote import Retry
from qkp_rdf.sparql_http import lexical_rows, post_graph_query, post_query

from .front_server import FrontServer
from .oxigraph_server import OxigraphServer

GRAPH = "https://example.org/g"


@pytest.fixture(scope="module")
def server(oxigraph: OxigraphServer) -> OxigraphServer:
    turtle = b'<https://example.org/a> <https://example.org/name> "A"@en .\n'
    request = urllib.request.Request(f"{oxigraph.store_url}?graph={GRAPH}", data=turtle, method="PUT", headers={"Content-Type": "text/turtle"})
    with urllib.request.urlopen(request):
        pass
    return oxigraph


def test_select_and_ask_answers_in_the_named_graph(server: OxigraphServer) -> None:
    select = "SELECT ?s ?name ?none WHERE { ?s ?p ?name OPTIONAL { ?s a ?none } }"
    assert lexical_rows(post_query(server.query_url, select, default_graphs=[GRAPH])) == [{"s": "https://example.org/a", "name": "A"}]
    assert lexical_rows(post_query(server.query_url, select)) == []  # the default graph is not the named one
    assert post_query(server.query_url, "ASK { ?s ?p ?o }", default_graphs=[GRAPH])["boolean"] is True
    assert lexical_rows(post_query(server.query_url, "ASK { ?s ?p ?o }")) == []


A = ox.NamedNode("https://example.org/a")
NAME = ox.NamedNode("https://example.org/name")


def test_construct_and_describe_answers_are_triples(server: OxigraphServer) -> None:
    construct = "CONSTRUCT { ?s <https://example.org/label> ?name } WHERE { ?s <https://example.org/name> ?name }"
    assert post_graph_query(server.query_url, construct, default_graphs=[GRAPH]) == [ox.Triple(A, ox.NamedNode("https://example.org/label"), ox.Literal("A", language="en"))]
    assert post_graph_query(server.query_url, construct) == []
    assert post_graph_query(server.query_url, "DESCRIBE <https://example.org/a>", default_graphs=[GRAPH]) == [ox.Triple(A, NAME, ox.Literal("A", language="en"))]


def test_run_remote_answers_every_form(server: OxigraphServer) -> None:
    select = run_remote(server.query_url, "SELECT * WHERE { ?s ?p ?name }", graph=GRAPH)
    assert select.form == "SELECT" and select.solutions() == [{"s": A, "p": NAME, "name": ox.Literal("A", language="en")}]
    assert run_remote(server.query_url, "ASK { ?s ?p ?o }", graph=GRAPH).boolean is True
    assert run_remote(server.query_url, "ASK { ?s ?p ?o }").boolean is False
    described = run_remote(server.query_url, "DESCRIBE ?s WHERE { ?s ?p ?o }", graph=GRAPH)
    assert (described.form, described.triples) == ("DESCRIBE", (ox.Triple(A, NAME, ox.Literal("A", language="en")),))


def test_a_server_error_is_retried_and_a_bad_answer_is_an_error(server: OxigraphServer) -> None:
    front = FrontServer(server.base_url, faults=[(503, {})])
    try:
        answer = post_query(f"{front.url}/query", "ASK { ?s ?p ?o }", default_graphs=[GRAPH], retry=Retry(delay=0.01))
        assert answer["boolean"] is True and [status for _, status, _ in front.log] == [503, 200]
        front.faults = [(503, {})]
        with pytest.raises(RemoteError, match=r"/query: HTTP 503 Service Unavailable: try again later$"):
            run_remote(f"{front.url}/query", "SELECT * WHERE { ?s ?p ?o }", retry=Retry(attempts=1))
        front.faults = [(200, {"Content-Type": "text/html"})]
        with pytest.raises(RemoteError, match=r"/query: the answer is not SPARQL JSON results: b'try again later'"):
            post_query(f"{front.url}/query", "ASK { ?s ?p ?o }")
        front.faults = [(200, {"Content-Type": "text/html"})]
        with pytest.raises(RemoteError, match=r"/query: the answer is not N-Triples: .*b'try again later'"):
            post_graph_query(f"{front.url}/query", "CONSTRUCT WHERE { ?s ?p ?o }")
    finally:
        front.close()
