from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from qkp_rdf.build import build_graph, load_models
from qkp_rdf.model import ArticleModel
from qkp_rdf.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_model() -> ArticleModel:
    return load_models([])[0]


@pytest.fixture(scope="session")
def seed_graph(seed_model: ArticleModel) -> Graph:
    return build_graph([seed_model], Settings())
