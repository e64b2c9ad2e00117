"""Real encyclopedia pages of the family (../shared/real-articles/, third-party text kept out of
the repository) checked against their answer key, expected.json, written by reading each cell.

Every page builds; every term has the ordinal, name, start and end the key gives, in table
order, and no other row becomes a term; the founding and dissolution dates the key gives are
published, on the organization or, for a committee's page, on its post ("the position was
created ... and abolished ...").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from qkp_rdf.cli import main
from qkp_rdf.query import bundled_queries, run_query

from .conftest import PREFIXES, ROOT, oxigraph_store

REAL = ROOT.parent / "shared" / "real-articles"
KEY: dict[str, Any] = json.loads((REAL / "expected.json").read_text("utf-8")) if (REAL / "expected.json").is_file() else {}

pytestmark = pytest.mark.skipif(not KEY, reason=f"the real-article corpus is not here ({REAL}/expected.json): it lives in shared/, beside the checkout")

TERMS = PREFIXES + """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?ordinal ?name ?start ?end WHERE {
    ?term a qkp:TermOfOffice ; prov:wasDerivedFrom/qkp:line ?line .
    OPTIONAL { ?term qkp:ordinal ?ordinal }
    OPTIONAL { ?term org:member/foaf:name ?name }
    OPTIONAL { ?term schema:validFrom ?start }
    OPTIONAL { ?term schema:validThrough ?end }
}
ORDER BY ?line
"""

FOUNDED = PREFIXES + """
SELECT DISTINCT ?date WHERE { { ?org a org:Organization ; schema:foundingDate ?date } UNION { ?post a org:Post ; schema:startDate ?date } }
"""

DISSOLVED = PREFIXES + """
SELECT DISTINCT ?date WHERE { { ?org a org:Organization ; schema:dissolutionDate ?date } UNION { ?post a org:Post ; schema:endDate ?date } }
"""


def _text(value: object) -> str | None:
    return None if value is None else str(value)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    """Each page built alone with the public command line, as a user would."""
    graphs = {}
    for name in sorted(KEY):
        out = tmp_path_factory.mktemp(Path(name).stem)
        assert main(["build", str(REAL / name), "--out", str(out), "--jobs", "1"]) == 0, name
        graphs[name] = Graph().parse(out / "qkp.nt", format="nt")
    return graphs


@pytest.mark.parametrize("name", sorted(KEY))
def test_every_term_is_as_the_key_reads_it(name: str, built: dict[str, Graph]) -> None:
    rows = [
        [int(r.ordinal) if r.ordinal is not None else None, _text(r.name), _text(r.start), _text(r.end)]  # type: ignore[union-attr]
        for r in built[name].query(TERMS)
    ]
    assert rows == KEY[name]["terms"]


@pytest.mark.parametrize("name", sorted(KEY))
def test_founding_and_dissolution_are_published(name: str, built: dict[str, Graph]) -> None:
    for field, query in (("founded", FOUNDED), ("dissolved", DISSOLVED)):
        dates = {str(r.date) for r in built[name].query(query)}  # type: ignore[union-attr]
        expected = KEY[name][field]
        # A date the key has must be there; where the page gives none, none is invented.
        assert expected in dates if expected else not dates, (field, dates)


@pytest.mark.parametrize("name", sorted(KEY))
def test_the_officeholders_query_lists_every_term(name: str, built: dict[str, Graph]) -> None:
    """Through the bundled query, as users read it: a term whose holder is unknown has an empty name."""
    rows = run_query(oxigraph_store(built[name]), bundled_queries()["officeholders"]).solutions()
    names = [r["name"].value if "name" in r else "" for r in rows]
    assert names == [holder or "" for _, holder, _, _ in KEY[name]["terms"]]
