"""The same queries through a real Oxigraph SPARQL endpoint give the same bytes as in process, in
every format that fits their form."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from tests.reference import build_graph, load_models
from qkp_rdf.cli import main
from qkp_rdf.query import bundled_queries, formats_for, load_query
from qkp_rdf.config import Config

from .conftest import FIXTURES, PREFIXES, ROOT
from .front_server import FrontServer
from .oxigraph_server import OxigraphServer

SEED_GRAPH = "https://w3id.org/qkp/id/dataset/qkp"
MANY_GRAPH = "https://example.org/three-articles"

#: Every bundled query, with parameters where it takes them.
CASES = [[name] for name in sorted(bundled_queries()) if name != "holders-on"] + [
    ["holders-on", "--param", f"date={date}"] for date in ("1960-06-01", "1960-01-19", "1939-06-01", "1960-10", "1964", "1991-08-28")
]


KUNAEV = "https://w3id.org/qkp/id/person/dinmukhamed-kunaev"

#: Queries of the other forms, and of what may differ between engines' answers: `SELECT *` (the
#: order of its variables) and blank nodes (their labels), which the answers' writer names alike.
OWN = {
    "construct": PREFIXES + "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nCONSTRUCT { ?person schema:name ?name ; schema:memberOf [ schema:name ?party ] } WHERE { ?term org:member ?person ; org:organization/skos:prefLabel ?party . ?person foaf:name ?name }",
    "describe": f"DESCRIBE <{KUNAEV}> ?term WHERE {{ ?term <http://www.w3.org/ns/org#member> <{KUNAEV}> }}",
    "ask-true": PREFIXES + f"ASK {{ <{KUNAEV}> foaf:name ?name }}",
    "ask-false": PREFIXES + "ASK { ?person foaf:name 'Nobody' }",
    "select-star": PREFIXES + "SELECT * WHERE { ?term a qkp:TermOfOffice ; org:member ?person ; qkp:ordinal ?ordinal OPTIONAL { ?term schema:validThrough ?end } } ORDER BY ?ordinal ?term",
    "select-bnodes": PREFIXES + "SELECT ?name ?node WHERE { ?person foaf:name ?name BIND(BNODE() AS ?node) } ORDER BY ?name",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def datasets(oxigraph: OxigraphServer, tmp_path_factory: pytest.TempPathFactory, seed_graph: Graph) -> dict[str, Path]:
    """The seed, and three articles with dates at every precision, as files and as named graphs in the store."""
    folder = tmp_path_factory.mktemp("data")
    articles = [*sorted((FIXTURES / "articles").glob("*.txt")), ROOT / "src/qkp_rdf/data/communist-party-of-kazakhstan.txt"]
    files = {SEED_GRAPH: folder / "seed.ttl", MANY_GRAPH: folder / "many.ttl"}
    seed_graph.serialize(files[SEED_GRAPH], format="turtle", encoding="utf-8")
    build_graph(load_models(articles), Config()).serialize(files[MANY_GRAPH], format="turtle", encoding="utf-8")
    for graph, path in files.items():
        assert main(["load", "--store", oxigraph.store_url, "--graph", graph, str(path)]) == 0
    return files


@pytest.fixture(scope="module")
def own_queries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("queries")
    for name, text in OWN.items():
        (folder / f"{name}.rq").write_text(text + "\n", "utf-8")
    return {name: str(folder / f"{name}.rq") for name in OWN}


def _same_bytes_every_format(oxigraph: OxigraphServer, path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], graph: str) -> dict[str, str]:
    """Run the query on the file and through the endpoint in every format that fits it; the outputs, which must be the same."""
    outputs = {}
    for fmt in formats_for(load_query(argv[0]).form):
        local_code, local, local_err = run(capsys, "query", argv[0], str(path), *argv[1:], "--format", fmt)
        remote_code, remote, remote_err = run(capsys, "query", *argv, "--endpoint", oxigraph.query_url, "--graph", graph, "--format", fmt)
        assert local_code == remote_code == 0, local_err + remote_err
        assert remote == local, fmt
        outputs[fmt] = local
    return outputs


@pytest.mark.parametrize("graph", [SEED_GRAPH, MANY_GRAPH])
@pytest.mark.parametrize("argv", CASES, ids=lambda a: "-".join(a).replace("--param-", ""))
def test_endpoint_gives_the_same_bytes_as_local_files(
    oxigraph: OxigraphServer, datasets: dict[str, Path], capsys: pytest.CaptureFixture[str], argv: list[str], graph: str
) -> None:
    outputs = _same_bytes_every_format(oxigraph, datasets[graph], capsys, argv, graph)
    assert set(outputs) == {"table", "csv", "tsv", "json"}
    if graph == SEED_GRAPH and argv[0] != "holders-on":
        assert outputs["json"].count('"type"') > 10  # each query has an answer on the seed


@pytest.mark.parametrize("graph", [SEED_GRAPH, MANY_GRAPH])
@pytest.mark.parametrize("name", sorted(OWN))
def test_every_form_gives_the_same_bytes_from_the_endpoint(
    oxigraph: OxigraphServer, datasets: dict[str, Path], own_queries: dict[str, str], capsys: pytest.CaptureFixture[str], name: str, graph: str
) -> None:
    outputs = _same_bytes_every_format(oxigraph, datasets[graph], capsys, [own_queries[name]], graph)
    if name in ("construct", "describe"):
        assert set(outputs) == {"turtle", "ntriples", "jsonld"}
        lines = outputs["ntriples"].splitlines()
        assert lines == sorted(lines) and len(lines) > 10
        assert name != "construct" or "_:c14n" in outputs["ntriples"]  # blank nodes, named canonically
    elif name.startswith("ask"):
        assert outputs["csv"] == ("true\n" if name == "ask-true" else "false\n")
    else:
        header = outputs["csv"].splitlines()[0]
        assert outputs["csv"].count("\n") > 10
        # The engine's order of `SELECT *` (Oxigraph's, on both sides), not the order of first use.
        assert name != "select-star" or header != "term,person,ordinal,end"
        assert name != "select-bnodes" or ",_:b0\r\n" in outputs["csv"] and ",_:b11\r\n" in outputs["csv"]


def test_without_a_graph_an_empty_answer_says_where_to_look(oxigraph: OxigraphServer, datasets: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "query", "officeholders", "--endpoint", oxigraph.query_url)
    assert code == 0 and out == "no rows\n"
    assert err == "qkp-rdf: no rows; the endpoint's default graph may be empty: give --graph IRI (qkp-rdf load prints it)\n"
    code, out, err = run(capsys, "query", "holders-on", "--param", "date=1900", "--endpoint", oxigraph.query_url, "--graph", SEED_GRAPH)
    assert (code, out, err) == (0, "no rows\n", "")


def test_an_update_is_never_sent(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    front = FrontServer(oxigraph.base_url)
    try:
        update = tmp_path / "wipe.rq"
        update.write_text("DELETE WHERE { ?s ?p ?o }\n")
        code, _, err = run(capsys, "query", str(update), "--endpoint", f"{front.url}/query")
        assert code == 2 and "this is a SPARQL update (DELETE), not a query" in err and front.log == []
    finally:
        front.close()


def test_the_seed_answers_through_the_endpoint(oxigraph: OxigraphServer, datasets: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "multiple-terms", "--endpoint", oxigraph.query_url, "--graph", SEED_GRAPH, "--format", "csv")
    assert code == 0 and [line.split(",")[:3] for line in out.splitlines()[1:]] == [["Dinmukhamed Kunaev", "2", "9"], ["Dinmukhamed Kunaev", "2", "11"]]
    code, out, _ = run(capsys, "query", "holders-on", "--param", "date=1960-06-01", "--endpoint", oxigraph.query_url, "--graph", SEED_GRAPH, "--format", "tsv")
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()[1:]] == ['"Dinmukhamed Kunaev"']


def test_endpoint_errors_are_one_line(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "officeholders", "--endpoint", f"{oxigraph.base_url}/nowhere")
    assert code == 2 and err.startswith(f"error: {oxigraph.base_url}/nowhere: HTTP 404 Not Found") and len(err.splitlines()) == 1
    oxigraph_down = OxigraphServer()  # a free port nothing listens on
    code, _, err = run(capsys, "query", "officeholders", "--endpoint", oxigraph_down.query_url, "--retries", "0")
    assert code == 2 and err == f"error: cannot reach {oxigraph_down.query_url}: Connection refused\n"
    # Retried as load retries, each retry said (and the default is short: a query is interactive).
    code, _, err = run(capsys, "query", "officeholders", "--endpoint", oxigraph_down.query_url)
    assert code == 2 and err.splitlines() == [
        "qkp-rdf: retrying in 0.5 s: connection refused", "qkp-rdf: retrying in 1 s: connection refused",
        f"error: cannot reach {oxigraph_down.query_url}: Connection refused after 3 attempts (no HTTP status)",
    ]
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y }\n")
    code, _, err = run(capsys, "query", str(bad), "--endpoint", oxigraph.query_url)
    assert code == 2 and err.startswith(f"error: {bad}:2:") and len(err.splitlines()) == 1


def test_endpoint_with_basic_auth(oxigraph: OxigraphServer, datasets: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "q-Pa55word"
    proxy = FrontServer(oxigraph.base_url, auth=("reader", secret))
    try:
        argv = ["query", "multiple-terms", "--endpoint", f"{proxy.url}/query", "--graph", SEED_GRAPH, "--format", "csv"]
        code, out, err = run(capsys, *argv)
        assert code == 2 and err.startswith(f"error: {proxy.url}/query: HTTP 401 Unauthorized") and len(err.splitlines()) == 1
        monkeypatch.setenv("QKP_RDF_AUTH", f"reader:{secret}")
        code, out2, err2 = run(capsys, *argv)
        assert code == 0 and "Dinmukhamed Kunaev" in out2
        assert secret not in out + err + out2 + err2
    finally:
        proxy.close()
