from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from tests.reference import build_graph, load_models
from qkp_rdf.model import ArticleModel
from qkp_rdf.config import Config

from .oxigraph_server import OxigraphServer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The prefixes SPARQL tests use, as a user would write them.
PREFIXES = """
PREFIX qkp: <https://w3id.org/qkp/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX opengov: <http://www.w3.org/ns/opengov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def oxigraph_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding an rdflib graph in its default graph, to run queries over
    (the query command reads files into such a store)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(autouse=True, scope="session")
def _private_build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds keep their cache (qkp_rdf.cache) in the session's own folder, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(scope="session")
def seed_model() -> ArticleModel:
    return load_models([])[0]


@pytest.fixture(scope="session")
def seed_graph(seed_model: ArticleModel) -> Graph:
    return build_graph([seed_model], Config())


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real Oxigraph server shared by the tests of one module, its store in a temporary directory."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture
def start_oxigraph() -> Iterator[Callable[..., OxigraphServer]]:
    """Start more Oxigraph servers (``start_oxigraph(data_dir, port=..., extra_args=...)``); all are stopped afterwards."""
    servers: list[OxigraphServer] = []

    def start(data_dir: Path | None = None, **options: Any) -> OxigraphServer:
        server = OxigraphServer(data_dir, **options)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()
