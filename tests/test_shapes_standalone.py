"""The shapes alone, as a user of the published data runs them: ``pyshacl -a`` (pySHACL with
the SHACL Advanced Features) applies the shapes' rules (sh:rule), which derive the validation
view, then validates. qkp-rdf computes the same view in code (``validation_view``) and runs
pySHACL without the rules; these tests keep the two equal.

* The view: for every shapes test file, the bundled article, every fixture article,
  the real articles beside the checkout (when present) and a few graphs of awkward dates, the
  triples the rules add are exactly the view's. The ORG class axioms are among them: the rules
  state them unconditionally, as the view does, so no allowance is needed for data without a
  party or committee.
* The view worked out from a file's N-Triples lines (``qkp-rdf validate``, :mod:`qkp_rdf.shacl.lines_view`)
  is the view of its graph, also for literals foreign data may write in forms rdflib rewrites, and
  ``validate`` of a file gives the report of its graph validated in memory.
* The report: pySHACL's public entry point, given the shipped shapes file parsed plainly (no
  rewriting) and the published data or a built graph, reports the same (focus node, source
  shape, severity) as the build.

What the rules cannot reproduce (none of it occurs in our data): whether a literal of a
datatype other than xsd:date, xsd:gYearMonth and xsd:gYear is ill-typed (the view asks rdflib,
SPARQL cannot; the rules give the datatype, the view qkpv:IllFormed: the same shapes fail);
and, for a term with two positions, which one orders it for overlaps (the
view takes whichever rdflib gives first, the rules every one).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.term import Node

from qkp_rdf.config import Config
from qkp_rdf.ntriples import ntriples_lines, to_graph
from qkp_rdf.shacl import Report, validate_files, validate_graph, validation_view
from qkp_rdf.shacl.lines_view import lines_view

from .conftest import FIXTURES, ROOT
from .reference import build_graph, load_models

SHAPES = ROOT / "shapes" / "qkp-shapes.ttl"
OUTPUT = ROOT / "output"
REAL = ROOT.parent / "shared" / "real-articles"
SHAPE_FILES = sorted((ROOT / "tests" / "shapes").glob("*/*.ttl"))
# Every fixture article but the files that are no article at all (fixtures/bad: refused, exit 2).
ARTICLES = sorted(p for p in FIXTURES.glob("**/*.txt") if "bad" not in p.relative_to(FIXTURES).parts)
REAL_ARTICLES = sorted(REAL.glob("*.txt"))

PREFIXES = """
@prefix qkp: <https://w3id.org/qkp/ontology#> . @prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix e: <http://example.org/> .
"""

#: Data no article makes, for the corners of the date arithmetic.
AWKWARD = {
    "dates": """
        # Leap days, widened (29 February - 1 year = 28 February, + 1 year = 1 March); 1900 is no leap year, 2000 is.
        e:t1 schema:validFrom "1940-02-29"^^xsd:date ; qkp:startApproximate true ; schema:validThrough "1940-02-29"^^xsd:date ; qkp:endUncertain true .
        e:t2 schema:validFrom "1900-02-29"^^xsd:date ; schema:validThrough "2000-02-29"^^xsd:date .
        e:t3 schema:validFrom "1940-02"^^xsd:gYearMonth ; schema:validThrough "1900-02"^^xsd:gYearMonth ; qkp:endApproximate true .
        e:t4 schema:validFrom "2000-02-29"^^xsd:date ; qkp:startUncertain true ; schema:validThrough "1600"^^xsd:gYear .
        # Years before 1000, written with four digits.
        e:t5 schema:validFrom "0937"^^xsd:gYear ; schema:validThrough "0999-12-31"^^xsd:date .
        # Ill-formed: a 13th month, 30 February, year 0, the wrong parts for the datatype, a newline.
        e:t6 schema:validFrom "1937-13"^^xsd:gYearMonth ; schema:validThrough "1937-02-30"^^xsd:date .
        e:t7 schema:validFrom "0000"^^xsd:gYear ; schema:validThrough "1937-04-23"^^xsd:gYear .
        e:t8 schema:validFrom "1937"^^xsd:date ; schema:validThrough "1937-4"^^xsd:gYearMonth .
        e:t9 schema:validFrom "abcd"^^xsd:gYear ; schema:validThrough "1937\\n"^^xsd:gYear .
        e:t10 schema:validFrom "1937-05:00"^^xsd:gYearMonth ; schema:validThrough ""^^xsd:date .
        # Not dates at all: a language tag (xsd:string in the view), a plain string, other datatypes, an IRI.
        e:t11 schema:validFrom "1937"@en ; schema:validThrough "1937" .
        e:t12 schema:validFrom "1937-04-23T10:00:00"^^xsd:dateTime ; schema:validThrough e:notALiteral .
        e:t13 schema:validFrom "1937"^^xsd:integer ; schema:validThrough "1937-04-23"^^e:datatype .
        # Time zones, which do not move the day ("1937-04:00" is a year with a zone).
        e:t14 schema:validFrom "1937Z"^^xsd:gYear ; schema:validThrough "1937-04-23+05:00"^^xsd:date .
        e:t15 schema:validFrom "1937-04:00"^^xsd:gYear ; schema:validThrough "1937-04-23-05:00"^^xsd:date .
        e:t16 schema:validFrom "1937-04-05:00"^^xsd:gYearMonth .
        e:p1 schema:birthDate "1896"^^xsd:gYear ; schema:deathDate "1937-04"^^xsd:gYearMonth, "1937-04-31"^^xsd:date .
        e:o1 schema:foundingDate "1936-02"^^xsd:gYearMonth ; schema:dissolutionDate "1991"^^xsd:gYear ; dcterms:date "1936-12-05"^^xsd:date .
        # Decades: bounds widened, a bound that is no day, bounds beside a stated date, two earliest starts.
        e:d1 qkp:earliestStart "1930-01-01"^^xsd:date ; qkp:latestStart "1939-12-31"^^xsd:date ;
            qkp:earliestEnd "1940-01-01Z"^^xsd:date ; qkp:latestEnd "1948-02-29"^^xsd:date ; qkp:endApproximate true .
        e:d2 qkp:earliestStart "1930"^^xsd:gYear ; qkp:latestStart "1930-02-30"^^xsd:date ; qkp:earliestEnd "1940-01-01"^^xsd:date ; schema:validThrough "1945"^^xsd:gYear .
        e:d3 qkp:earliestStart "1930-01-01"^^xsd:date, "1931-01-01"^^xsd:date ; qkp:startApproximate true ; qkp:latestEnd "1944-02-29"^^xsd:date .
        e:d4 qkp:latestStart "1939-12-31"^^xsd:date ; schema:validFrom e:notALiteral .
        e:d5 qkp:startUnknown true . e:d6 qkp:startUnknown false . e:d7 org:member e:someone ; qkp:holderUnknown true .
    """,
    "stated times": """
        e:s1 schema:validFrom "1937"^^xsd:gYear ; qkp:statedTimeInOffice "P7Y"^^xsd:duration .
        e:s2 schema:validFrom "1950-07"^^xsd:gYearMonth ; qkp:statedTimeInOffice "P2Y3M"^^xsd:duration .
        # Months kept within the month: 31 January + 1 month = 28 February; 31 March + 11 months = 29 February.
        e:s3 schema:validFrom "1937-01-31"^^xsd:date ; qkp:statedTimeInOffice "P1M"^^xsd:duration .
        e:s4 schema:validFrom "1939-03-31"^^xsd:date ; qkp:statedTimeInOffice "P11M"^^xsd:duration .
        e:s5 schema:validFrom "1940-02-29"^^xsd:date ; qkp:statedTimeInOffice "P1Y"^^xsd:duration .
        e:s6 schema:validFrom "1940-02-29"^^xsd:date ; qkp:statedTimeInOffice "P1Y31D"^^xsd:duration .
        e:s7 schema:validFrom "1937-08-31"^^xsd:date ; qkp:statedTimeInOffice "P0Y6M"^^xsd:duration .
        e:s8 schema:validFrom "1937-04-23"^^xsd:date ; qkp:statedTimeInOffice "P0D"^^xsd:duration, "P12345D"^^xsd:duration .
        e:s9 schema:validFrom "1899-12-31"^^xsd:date ; qkp:statedTimeInOffice "P100Y59D"^^xsd:duration .
        e:s10 schema:validFrom "1937"^^xsd:gYear ; qkp:startApproximate true ; qkp:statedTimeInOffice "P1Y2M3D"^^xsd:duration .
        # Not a time of years, months and days.
        e:s11 schema:validFrom "1937-04-23"^^xsd:date ; qkp:statedTimeInOffice "PT1H"^^xsd:duration, "P"^^xsd:duration, "-P1Y"^^xsd:duration, "P1Y", "p1y"^^xsd:duration .
        # Not one start: two, two alike but for a time zone, one of two well-formed, none but a decade.
        e:s12 schema:validFrom "1937"^^xsd:gYear, "1938"^^xsd:gYear ; qkp:statedTimeInOffice "P1Y"^^xsd:duration .
        e:s13 schema:validFrom "1937"^^xsd:gYear, "1937Z"^^xsd:gYear ; qkp:statedTimeInOffice "P1Y"^^xsd:duration .
        e:s14 schema:validFrom "1937"^^xsd:gYear, "1937-02-30"^^xsd:date ; qkp:statedTimeInOffice "P1Y"^^xsd:duration .
        e:s15 qkp:statedTimeInOffice "P1Y"^^xsd:duration ; qkp:earliestStart "1930-01-01"^^xsd:date .
        # Past the year 9999 on one side, on the way, or not quite; at the year 1.
        e:s16 schema:validFrom "9999-06-01"^^xsd:date ; qkp:statedTimeInOffice "P6M"^^xsd:duration .
        e:s17 schema:validFrom "9999-06-01"^^xsd:date ; qkp:statedTimeInOffice "P214D"^^xsd:duration .
        e:s18 schema:validFrom "9999-06-01"^^xsd:date ; qkp:statedTimeInOffice "P213D"^^xsd:duration .
        e:s19 schema:validFrom "1937-04-23"^^xsd:date ; qkp:statedTimeInOffice "P99999999999Y"^^xsd:duration .
        e:s20 schema:validFrom "0001"^^xsd:gYear ; qkp:statedTimeInOffice "P0Y"^^xsd:duration .
        e:s21 schema:validFrom "0001-01-01"^^xsd:date ; qkp:statedTimeInOffice "P0D"^^xsd:duration .
    """,
    "interruptions": """
        # One after another: the end of 1941 reaches 1941-1943, which reaches 1944-1945; 1947 is too late,
        # and so is one that starts in 1946 and 1950 (its earliest start counts) and ends in 1949 and 1960.
        e:a opengov:post e:post ; schema:validThrough "1941"^^xsd:gYear .
        e:post qkp:interruption e:i1, e:i2, e:i3, e:i4 .
        e:i1 schema:startDate "1941"^^xsd:gYear ; schema:endDate "1943"^^xsd:gYear .
        e:i2 schema:startDate "1944"^^xsd:gYear ; schema:endDate "1945"^^xsd:gYear .
        e:i3 schema:startDate "1947"^^xsd:gYear ; schema:endDate "1948"^^xsd:gYear .
        e:i4 schema:startDate "1946-12-31"^^xsd:date, "1950"^^xsd:gYear ; schema:endDate "1960"^^xsd:gYear, "1949"^^xsd:gYear .
        # Two ends, one before a hole; interruptions that overlap; one with no end; a literal.
        e:b opengov:post e:post2 ; schema:validThrough "1930"^^xsd:gYear, "1939"^^xsd:gYear .
        e:post2 qkp:interruption e:j1, e:j2, e:j3, e:j4, "an interruption" .
        e:j1 schema:startDate "1935"^^xsd:gYear ; schema:endDate "1938"^^xsd:gYear .
        e:j2 schema:startDate "1938-06"^^xsd:gYearMonth ; schema:endDate "1941-02-28"^^xsd:date .
        e:j3 schema:startDate "1942-03-01"^^xsd:date ; schema:endDate "1944-02-29"^^xsd:date .
        e:j4 schema:startDate "1942"^^xsd:gYear .
        # A term of two posts whose end is a decade, widened.
        e:c opengov:post e:post, e:post2 ; qkp:latestEnd "1936-02-29"^^xsd:date ; qkp:endApproximate true .
        # A year after 28 February 1939 is 28 February 1940, a year after 29 February 1940 is 1 March 1941.
        e:d opengov:post e:post3 ; schema:validThrough "1939-02-28"^^xsd:date .
        e:f opengov:post e:post3 ; schema:validThrough "1939-03-01"^^xsd:date .
        e:post3 qkp:interruption e:k1, e:k2 .
        e:k1 schema:startDate "1940-02-29"^^xsd:date ; schema:endDate "1940-02-29"^^xsd:date .
        e:k2 schema:startDate "1941-03-01"^^xsd:date ; schema:endDate "1942"^^xsd:gYear .
    """,
    "overlaps and numbers": """
        e:t1 opengov:post e:p ; qkp:position 1 ; qkp:ordinal 1 ; schema:validFrom "1950"^^xsd:gYear ; schema:validThrough "1960"^^xsd:gYear .
        e:t2 opengov:post e:p ; qkp:position 2 ; qkp:ordinal 1 ; schema:validFrom "1962"^^xsd:gYear ; schema:validThrough "1964"^^xsd:gYear ; qkp:role "Industrial"@en .
        e:t3 opengov:post e:p ; qkp:position 3 ; schema:validFrom "1962"^^xsd:gYear ; schema:validThrough "1964"^^xsd:gYear ; qkp:role "Rural"@en .
        e:t4 opengov:post e:p ; qkp:position 4 ; schema:validFrom "1963"^^xsd:gYear ; schema:validThrough "1966"^^xsd:gYear .
        e:t5 opengov:post e:p ; qkp:position 4 ; schema:validFrom "1963"^^xsd:gYear ; schema:validThrough "1966"^^xsd:gYear .
        e:t6 opengov:post e:p ; qkp:position "6"^^xsd:int ; schema:validFrom "1959"^^xsd:gYear ; qkp:startApproximate true ; schema:validThrough "1961"^^xsd:gYear .
        e:t7 opengov:post e:p ; qkp:position "7"^^xsd:decimal ; schema:validFrom "1950"^^xsd:gYear ; schema:validThrough "1970"^^xsd:gYear .
        e:t8 opengov:post e:p ; qkp:position 8 ; schema:validFrom "1961"^^xsd:gYear ; schema:validThrough "1962-01"^^xsd:gYearMonth ; qkp:role "Rural"@en, "Industrial"@en .
        e:t9 opengov:post e:p ; qkp:position 9 ; qkp:earliestStart "1950-01-01"^^xsd:date ; qkp:latestStart "1959-12-31"^^xsd:date ; schema:validThrough "1969"^^xsd:gYear .
        e:t10 opengov:post e:p ; qkp:position 10 ; schema:validFrom "1960-12-31"^^xsd:date ; schema:validThrough "1961-01-01"^^xsd:date .
        e:t11 opengov:post e:p, e:q ; qkp:position 11 ; schema:validFrom "1960"^^xsd:gYear, "1965"^^xsd:gYear ; schema:validThrough "1966"^^xsd:gYear .
        e:u1 opengov:post e:q ; qkp:position 1 ; qkp:ordinal 3 ; schema:validFrom "1960"^^xsd:gYear ; schema:validThrough "1970"^^xsd:gYear .
        e:u2 opengov:post e:q ; qkp:position 1 ; qkp:ordinal "3"^^xsd:int .
    """,
}


@lru_cache(maxsize=None)
def _prepared(text: str, namespaces: frozenset[tuple[str, Any]], base: str | None) -> Any:
    return prepareQuery(text, dict(namespaces), base)


@pytest.fixture(autouse=True, scope="module")
def _queries_parsed_once() -> Iterator[None]:
    """rdflib parses a query's text every time it runs one (a few hundred ms for the longer
    rules, which pySHACL runs once per validation): parse each text once. Only a speed-up: a
    prepared query is rdflib's own way to run one query many times."""
    original = SPARQLProcessor.query

    def query(self: SPARQLProcessor, query: Any, initBindings: Any = None, initNs: Mapping[str, Any] | None = None, base: str | None = None, DEBUG: bool = False) -> Any:
        if isinstance(query, str):
            query = _prepared(query, frozenset((initNs or {}).items()), base)
        return original(self, query, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SPARQLProcessor, "query", query)
        yield


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    """The shipped shapes file, parsed plainly: what a user of the data would load."""
    return Graph().parse(SHAPES, format="turtle")


def _built(path: Path | None) -> Graph:
    """The graph the build publishes for one article (the bundled one for None)."""
    return build_graph(load_models([path] if path else []), Config())


def _awkward(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _escapes() -> Graph:
    """A finding whose value holds what N-Triples writers escape each their own way (pyoxigraph: \\t, \\u0001)."""
    graph = Graph().parse(ROOT / "tests" / "shapes" / "invalid" / "label-without-language.ttl", format="turtle")
    for s, p, _ in list(graph.triples((None, RDFS.label, None))):
        graph.set((s, p, Literal('Anna\t"A" \\ \n\u00e9\u0001\u007f')))
    return graph


def _cases() -> Iterator[Any]:
    for path in SHAPE_FILES:
        yield pytest.param(lambda path=path: Graph().parse(path, format="turtle"), id=f"{path.parent.name}/{path.name}")
    yield pytest.param(lambda: _built(None), id="bundled article")
    for path in ARTICLES:
        yield pytest.param(lambda path=path: _built(path), id=f"fixture {path.relative_to(FIXTURES)}")
    for path in REAL_ARTICLES:
        yield pytest.param(lambda path=path: _built(path), id=f"real {path.name}")
    for name, text in AWKWARD.items():
        yield pytest.param(lambda text=text: _awkward(text), id=f"awkward {name}")


def _shown(triples: set[tuple[Node, Node, Node]]) -> str:
    return "".join(f"\n    {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(triples))


@pytest.mark.parametrize("load", _cases())
def test_the_rules_derive_the_validation_view(load: Callable[[], Graph]) -> None:
    data = load()
    expanded = Graph()
    expanded += data
    pyshacl.shacl_rules(expanded, shacl_graph=_shapes(), inplace=True)  # pySHACL's public rule API
    by_rules = set(expanded) - set(data)
    by_code = set(validation_view(data)) - set(data)
    assert by_rules == by_code, f"only the view derives:{_shown(by_code - by_rules)}\nonly the rules derive:{_shown(by_rules - by_code)}"


def _oxigraph_lines(data: Graph) -> list[str]:
    """The graph's triples as ``validate`` reads a file of them: pyoxigraph's text of each triple
    (blank-node labels kept: rdflib's)."""
    triples = ox.parse(data.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)
    return [f"{t} .\n" for t in triples]


def _as_oxigraph(lines: Iterable[str]) -> set[str]:
    """Lines in pyoxigraph's text (its escapes, xsd:string unwritten): each side of a comparison read by one reader."""
    return {f"{t} .\n" for t in ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)}


@pytest.mark.parametrize("load", _cases())
def test_the_lines_give_the_view_the_graph_gives(load: Callable[[], Graph]) -> None:
    data = load()
    lines = _oxigraph_lines(data)
    stated = set(lines)
    by_lines = _as_oxigraph(lines_view(lines)) - stated
    by_graph = _as_oxigraph(ntriples_lines(validation_view(data)).lines) - stated
    assert by_lines == by_graph, f"only the graph's view:\n{''.join(sorted(by_graph - by_lines))}only the lines' view:\n{''.join(sorted(by_lines - by_graph))}"


#: Literals as foreign data may write them, which rdflib reads its own way (normalized, ill-typed or
#: not, equal or not): lines_view must read them as rdflib does, so no graph's serialization
#: (already rdflib's form) but the lines themselves are compared with the view of their graph.
ODD_LINES = """
<e:t1> <http://www.w3.org/ns/opengov#post> <e:p> .
<e:t1> <https://w3id.org/qkp/ontology#position> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .
<e:t1> <https://w3id.org/qkp/ontology#ordinal> "+1"^^<http://www.w3.org/2001/XMLSchema#integer> .
<e:t1> <http://schema.org/validFrom> "1950-01-01Z"^^<http://www.w3.org/2001/XMLSchema#date> .
<e:t1> <http://schema.org/validThrough> "1960-06-30-05:00"^^<http://www.w3.org/2001/XMLSchema#date> .
<e:t1> <https://w3id.org/qkp/ontology#statedTimeInOffice> "P1Y0M"^^<http://www.w3.org/2001/XMLSchema#duration> .
<e:t1> <https://w3id.org/qkp/ontology#statedTimeInOffice> "P1W"^^<http://www.w3.org/2001/XMLSchema#duration> .
<e:t1> <https://w3id.org/qkp/ontology#statedTimeInOffice> "P0Y12M0DT0H"^^<http://www.w3.org/2001/XMLSchema#duration> .
<e:t1> <https://w3id.org/qkp/ontology#startApproximate> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<e:t2> <http://www.w3.org/ns/opengov#post> <e:p> .
<e:t2> <https://w3id.org/qkp/ontology#position> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
<e:t2> <https://w3id.org/qkp/ontology#ordinal> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
<e:t2> <http://schema.org/validFrom> "1955"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<e:t2> <http://schema.org/validThrough> "1958-1"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
<e:t2> <https://w3id.org/qkp/ontology#endUncertain> "TRUE"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<e:t2> <https://w3id.org/qkp/ontology#holderUnknown> "true" .
<e:t3> <http://www.w3.org/ns/opengov#post> <e:p> .
<e:t3> <https://w3id.org/qkp/ontology#position> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<e:t3> <https://w3id.org/qkp/ontology#ordinal> "1.0"^^<http://www.w3.org/2001/XMLSchema#double> .
<e:t3> <http://schema.org/validFrom> "1956"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<e:t3> <http://schema.org/validThrough> "1957"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<e:t3> <https://w3id.org/qkp/ontology#role> "Rural"@EN .
<e:t4> <http://www.w3.org/ns/opengov#post> <e:p> .
<e:t4> <https://w3id.org/qkp/ontology#position> "3000000000"^^<http://www.w3.org/2001/XMLSchema#int> .
<e:t4> <https://w3id.org/qkp/ontology#ordinal> "1e0"^^<http://www.w3.org/2001/XMLSchema#double> .
<e:t4> <http://schema.org/validFrom> "1956-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .
<e:t4> <http://schema.org/validFrom> "1957"^^<http://www.w3.org/2001/XMLSchema#integer> .
<e:t4> <http://schema.org/validThrough> "x"^^<http://www.w3.org/2001/XMLSchema#integer> .
<e:t4> <https://w3id.org/qkp/ontology#role> "Rural"@en .
<e:t5> <http://www.w3.org/ns/opengov#post> <e:p> .
<e:t5> <https://w3id.org/qkp/ontology#position> "-5"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> .
<e:t5> <https://w3id.org/qkp/ontology#ordinal> "1.00"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<e:t5> <http://schema.org/validFrom> "1956-01-01T10:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
<e:t5> <http://schema.org/validThrough> "not a time"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
<e:t5> <https://w3id.org/qkp/ontology#earliestEnd> "1960-01-01T00:00:00"^^<http://www.w3.org/2001/XMLSchema#date> .
<e:t5> <https://w3id.org/qkp/ontology#latestEnd> "1969-12-31Z"^^<http://www.w3.org/2001/XMLSchema#date> .
<e:t5> <https://w3id.org/qkp/ontology#startUnknown> "0"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<e:t6> <http://www.w3.org/ns/opengov#post> <e:p> .
<e:t6> <https://w3id.org/qkp/ontology#position> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<e:t6> <https://w3id.org/qkp/ontology#ordinal> "1"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<e:t6> <http://schema.org/birthDate> "1956"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<e:t6> <http://schema.org/deathDate> "ab\tc"^^<http://www.w3.org/2001/XMLSchema#hexBinary> .
<e:t6> <http://purl.org/dc/terms/date> "0a0B"^^<http://www.w3.org/2001/XMLSchema#hexBinary> .
<e:t6> <http://schema.org/foundingDate> "12"^^<http://www.w3.org/2001/XMLSchema#byte> .
<e:t6> <http://schema.org/dissolutionDate> "1e3"^^<http://www.w3.org/2001/XMLSchema#float> .
<e:t6> <http://schema.org/startDate> "1956"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<e:t6> <http://schema.org/endDate> "PT0S"^^<http://www.w3.org/2001/XMLSchema#dayTimeDuration> .
"""


def test_lines_of_odd_literals_give_the_view_of_their_graph() -> None:
    lines = _as_oxigraph(ODD_LINES.strip().splitlines(keepends=True))
    stated = set(lines)
    by_lines = _as_oxigraph(lines_view(lines)) - stated
    by_graph = _as_oxigraph(ntriples_lines(validation_view(to_graph(lines))).lines) - stated
    assert by_lines == by_graph, f"only the graph's view:\n{''.join(sorted(by_graph - by_lines))}only the lines' view:\n{''.join(sorted(by_lines - by_graph))}"


@pytest.mark.parametrize(
    "load",
    [
        *(pytest.param(lambda path=path: _built(path), id=f"fixture {path.relative_to(FIXTURES)}") for path in sorted((FIXTURES / "validation").glob("*.txt"))),
        *(pytest.param(lambda path=path: Graph().parse(path, format="turtle"), id=f"{path.parent.name}/{path.name}") for path in SHAPE_FILES),
        pytest.param(lambda: _built(None), id="bundled article"),
        *(pytest.param(lambda text=text: _awkward(text), id=f"awkward {name}") for name, text in AWKWARD.items()),
        pytest.param(_escapes, id="a value with escapes"),
    ],
)
def test_validating_a_file_gives_the_report_of_its_graph(load: Callable[[], Graph], tmp_path: Path) -> None:
    data = load()
    (tmp_path / "data.nt").write_text(data.serialize(format="nt"), "utf-8")
    working_copy = Graph()
    working_copy += data
    # Blank nodes are named afresh by each read: compared by what findings say, their names aside.
    def said(report: Report) -> list[tuple[str, ...]]:
        rows = []
        for f in report.findings:
            blanks = ({f.focus} if ":" not in f.focus else set()) | ({f.value_key[2:]} if f.value_key.startswith("_:") else set())
            fields = (f.severity, f.shape, f.path, f.message, f.location, f.focus, f.focus_label, f.value, f.value_key.removeprefix("_:"), f.other, f.value_location, f.compared)
            rows.append(tuple("_" if x in blanks else x for x in fields))
        return sorted(rows)

    assert said(validate_files([tmp_path / "data.nt"])) == said(validate_graph(working_copy))


def _results(report: Graph) -> set[tuple[str, str, str]]:
    """(focus node, source shape, severity) of each result of a SHACL report."""
    return {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)), str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1].lower())
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def _standalone(data: Graph) -> tuple[bool, set[tuple[str, str, str]]]:
    """pySHACL's public entry point, with the shapes alone and their rules, as a user runs it."""
    conforms, report, _ = pyshacl.validate(data, shacl_graph=_shapes(), advanced=True, allow_warnings=True)
    assert isinstance(report, Graph)
    return bool(conforms), _results(report)


def test_pyshacl_alone_gives_the_builds_report_on_the_published_data() -> None:
    conforms, results = _standalone(Graph().parse(OUTPUT / "qkp.ttl", format="turtle"))
    build_report = Graph().parse(OUTPUT / "validation-report.ttl", format="turtle")
    assert results == _results(build_report)
    assert conforms and set(build_report.objects(None, SH.conforms)) == {Literal(True)}


@pytest.mark.parametrize(
    "load",
    [
        *(pytest.param(lambda path=path: _built(path), id=f"fixture {path.relative_to(FIXTURES)}") for path in sorted((FIXTURES / "validation").glob("*.txt"))),
        *(pytest.param(lambda path=path: Graph().parse(path, format="turtle"), id=f"{path.parent.name}/{path.name}") for path in SHAPE_FILES),
        pytest.param(lambda: _built(None), id="bundled article"),
    ],
)
def test_pyshacl_alone_gives_the_builds_report(load: Callable[[], Graph]) -> None:
    data = load()
    conforms, results = _standalone(data)
    working_copy = Graph()
    working_copy += data
    report = validate_graph(working_copy)
    assert results == {(f.focus, f.shape, f.severity) for f in report.findings}
    assert conforms is report.conforms


def test_the_pyshacl_command_line_finds_the_published_data_conforms() -> None:
    # -a: apply the rules; -w: a warning (the build reports one) does not make the data fail.
    done = subprocess.run(
        [sys.executable, "-m", "pyshacl", "-a", "-w", "-s", str(SHAPES), str(OUTPUT / "qkp.ttl")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "Conforms: True" in done.stdout, done.stdout + done.stderr
