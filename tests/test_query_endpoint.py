"""The same queries through a real Oxigraph SPARQL endpoint give the same rows as in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from tests.reference import build_graph, load_models
from qkp_rdf.cli import main
from qkp_rdf.query import bundled_queries
from qkp_rdf.config import Config

from .conftest import FIXTURES, ROOT
from .front_server import FrontServer
from .oxigraph_server import OxigraphServer

SEED_GRAPH = "https://w3id.org/qkp/id/dataset/qkp"
MANY_GRAPH = "https://example.org/three-articles"

#: Every bundled query, with parameters where it takes them.
CASES = [[name] for name in sorted(bundled_queries()) if name != "holders-on"] + [
    ["holders-on", "--param", f"date={date}"] for date in ("1960-06-01", "1960-01-19", "1939-06-01", "1960-10", "1964", "1991-08-28")
]


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


@pytest.mark.parametrize("graph", [SEED_GRAPH, MANY_GRAPH])
@pytest.mark.parametrize("argv", CASES, ids=lambda a: "-".join(a).replace("--param-", ""))
def test_endpoint_gives_the_same_rows_as_local_files(
    oxigraph: OxigraphServer, datasets: dict[str, Path], capsys: pytest.CaptureFixture[str], argv: list[str], graph: str
) -> None:
    local_code, local, local_err = run(capsys, "query", *argv, "--data", str(datasets[graph]), "--format", "json")
    remote_code, remote, remote_err = run(capsys, "query", *argv, "--endpoint", oxigraph.query_url, "--graph", graph, "--format", "json")
    assert local_code == remote_code == 0, local_err + remote_err
    assert remote == local
    if graph == SEED_GRAPH and argv[0] != "holders-on":
        assert local.count('"type"') > 10  # each query has an answer on the seed


def test_the_seed_answers_through_the_endpoint(oxigraph: OxigraphServer, datasets: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "multiple-terms", "--endpoint", oxigraph.query_url, "--graph", SEED_GRAPH, "--format", "csv")
    assert code == 0 and [line.split(",")[:3] for line in out.splitlines()[1:]] == [["Dinmukhamed Kunaev", "2", "9"], ["Dinmukhamed Kunaev", "2", "11"]]
    code, out, _ = run(capsys, "query", "holders-on", "--param", "date=1960-06-01", "--endpoint", oxigraph.query_url, "--graph", SEED_GRAPH, "--format", "tsv")
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()[1:]] == ['"Dinmukhamed Kunaev"']


def test_endpoint_errors_are_one_line(oxigraph: OxigraphServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "officeholders", "--endpoint", f"{oxigraph.base_url}/nowhere")
    assert code == 2 and err.startswith(f"error: {oxigraph.base_url}/nowhere: HTTP 404 Not Found") and len(err.splitlines()) == 1
    oxigraph_down = OxigraphServer()  # a free port nothing listens on
    code, _, err = run(capsys, "query", "officeholders", "--endpoint", oxigraph_down.query_url)
    assert code == 2 and err == f"error: cannot reach {oxigraph_down.query_url}: Connection refused\n"
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
