"""The one SPARQL-over-HTTP client (query --endpoint, reconcile) against a real Oxigraph server."""

from __future__ import annotations

import urllib.request

import pytest

from qkp_rdf.errors import RemoteError
from qkp_rdf.query import run_remote
from qkp_rdf.remote import Retry
from qkp_rdf.sparql_http import lexical_rows, post_query

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


def test_a_server_error_is_retried_and_a_bad_answer_is_an_error(server: OxigraphServer) -> None:
    front = FrontServer(server.base_url, faults=[(503, {})])
    try:
        answer = post_query(f"{front.url}/query", "ASK { ?s ?p ?o }", default_graphs=[GRAPH], retry=Retry(delay=0.01))
        assert answer["boolean"] is True and [status for _, status, _ in front.log] == [503, 200]
        front.faults = [(503, {})]
        with pytest.raises(RemoteError, match=r"/query: HTTP 503 Service Unavailable: try again later$"):
            run_remote(f"{front.url}/query", "SELECT * WHERE { ?s ?p ?o }")  # `query --endpoint` tries once
        front.faults = [(200, {"Content-Type": "text/html"})]
        with pytest.raises(RemoteError, match=r"/query: the answer is not SPARQL JSON results: b'try again later'"):
            post_query(f"{front.url}/query", "ASK { ?s ?p ?o }")
    finally:
        front.close()
