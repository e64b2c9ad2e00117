"""The bundled queries, answered in process by Oxigraph: expected answers on the seed and on articles
with dates at reduced precision, query parameters, every query form and output format, syntax errors
with their line and column, and the query command's options."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from tests.reference import build_graph, load_models
from qkp_rdf.cli import main
from qkp_rdf.errors import InputError, QueryError, UsageError
from qkp_rdf.query import Answer, bundled_queries, format_result, list_queries, load_query, local_store, query_listing, run_query, show_query
from qkp_rdf.config import Config
from qkp_rdf.vocab import QKP, SCHEMA, WD

from .conftest import FIXTURES, PREFIXES, ROOT, oxigraph_store

RURITANIA = FIXTURES / "articles" / "labour-party-of-ruritania.txt"


def rows(graph: Graph, name: str, **params: str) -> list[dict[str, str]]:
    """A bundled query's answer as CSV rows (lexical forms), as a user reads them."""
    result = run_query(oxigraph_store(graph), load_query(name).bind(params))
    return list(csv.DictReader(io.StringIO(format_result(result, "csv"))))


def pick(table: list[dict[str, str]], *columns: str) -> list[tuple[str, ...]]:
    return [tuple(r[c] for c in columns) for r in table]


@pytest.fixture(scope="module")
def ruritania() -> Graph:
    return build_graph(load_models([RURITANIA]), Config())


@pytest.fixture(scope="module")
def three_articles() -> Graph:
    return build_graph(load_models([*sorted((FIXTURES / "articles").glob("*.txt")), ROOT / "src/qkp_rdf/data/communist-party-of-kazakhstan.txt"]), Config())


# --- holders-on ---------------------------------------------------------------------------------


def test_holders_on_a_day_of_the_seed(seed_graph: Graph) -> None:
    assert pick(rows(seed_graph, "holders-on", date="1960-06-01"), "name", "ordinal", "certain") == [("Dinmukhamed Kunaev", "9", "true")]
    # A term covers its first and last day: on a handover day both holders are in office.
    assert pick(rows(seed_graph, "holders-on", date="1960-01-19"), "name", "certain") == [("Nikolai Belyaev", "true"), ("Dinmukhamed Kunaev", "true")]
    assert rows(seed_graph, "holders-on", date="1937-04-22") == []
    # A year asks about any time in it.
    assert pick(rows(seed_graph, "holders-on", date="1964"), "ordinal", "certain") == [("10", "true"), ("11", "true")]


def test_holders_on_with_dates_at_reduced_precision(ruritania: Graph) -> None:
    # Horváthová left office in "1939" and Dvořák took it in "1939": either may have held it on 1 June.
    assert pick(rows(ruritania, "holders-on", date="1939-06-01"), "name", "certain") == [("Ágnes Horváthová", "false"), ("Jiří Dvořák", "false")]
    assert pick(rows(ruritania, "holders-on", date="1960-06-01"), "name", "ordinal", "certain") == [("József Kováč", "5", "true")]
    assert pick(rows(ruritania, "holders-on", date="1960-10-15"), "ordinal", "certain") == [("5", "false"), ("6", "false")]
    # Both surely held office at some time in October 1960 (the handover month).
    assert pick(rows(ruritania, "holders-on", date="1960-10"), "ordinal", "certain") == [("5", "true"), ("6", "true")]


OPEN_TERMS = """
@prefix qkp: <https://w3id.org/qkp/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix opengov: <http://www.w3.org/ns/opengov#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix : <https://example.org/> .
:party skos:prefLabel "P"@en . :post rdfs:label "Chair"@en ; org:postIn :party .
:a foaf:name "A" . :b foaf:name "B" . :c foaf:name "C" . :d foaf:name "D" .
:t1 a qkp:TermOfOffice ; qkp:ordinal 1 ; org:member :d ; opengov:post :post ;
    schema:validFrom "1980"^^xsd:gYear ; qkp:startApproximate true ; schema:validThrough "1985-01-01"^^xsd:date .
:t2 a qkp:TermOfOffice ; qkp:ordinal 2 ; org:member :b ; opengov:post :post ; schema:validFrom "1990"^^xsd:gYear ; qkp:nextTerm :t3 .
:t3 a qkp:TermOfOffice ; qkp:ordinal 3 ; org:member :c ; opengov:post :post ;
    schema:validFrom "1995-06"^^xsd:gYearMonth ; schema:validThrough "1999"^^xsd:gYear ; qkp:nextTerm :t4 .
:t4 a qkp:TermOfOffice ; qkp:ordinal 4 ; org:member :a ; opengov:post :post ; schema:validFrom "2000-01-01"^^xsd:date ; qkp:incumbent true .
"""


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1978-06-01", []),
        ("1979-06-01", [("1", "false")]),  # "c. 1980" may be a year early
        ("1981-06-01", [("1", "false")]),  # ... or a year late
        ("1982-06-01", [("1", "true")]),
        ("1990-01-01", [("2", "false")]),  # started some time in 1990
        ("1993-01-01", [("2", "false")]),  # no end date: it may have ended any day
        ("1995-06-15", [("2", "false"), ("3", "false")]),
        ("1995-07-01", [("3", "true")]),  # term 2 ended when term 3 began, at the latest
        ("2030-01-01", [("4", "true")]),  # incumbent: open-ended
    ],
)
def test_holders_on_open_and_approximate_terms(date: str, expected: list[tuple[str, str]]) -> None:
    graph = Graph().parse(data=OPEN_TERMS, format="turtle")
    assert pick(rows(graph, "holders-on", date=date), "ordinal", "certain") == expected


# --- longest-serving ------------------------------------------------------------------------------


def test_longest_serving_on_the_seed_is_kunaevs_second_term(seed_graph: Graph) -> None:
    table = rows(seed_graph, "longest-serving")
    assert pick(table[:1], "name", "ordinal", "minDays", "maxDays", "timeInOffice") == [("Dinmukhamed Kunaev", "11", "8044", "8044", "P22Y9D")]
    # With both dates exact, the query's day count is the one the build computed.
    days = {str(o): str(d) for t in seed_graph.subjects(RDF.type, QKP.TermOfOffice) for o in seed_graph.objects(t, QKP.ordinal) for d in seed_graph.objects(t, QKP.daysInOffice)}
    assert {r["ordinal"]: r["minDays"] for r in table} == days == {r["ordinal"]: r["maxDays"] for r in table}
    assert [int(r["minDays"]) for r in table] == sorted((int(r["minDays"]) for r in table), reverse=True)


def _first_last(lexical: str, approximate: bool) -> tuple[dt.date, dt.date]:
    """The first and last day a date may mean (the rule the queries document), in Python."""
    year = int(lexical[:4])
    if approximate:
        return dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)
    if len(lexical) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if len(lexical) == 7:
        month = int(lexical[5:7])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    day = dt.date.fromisoformat(lexical)
    return day, day


def _expected_days(start: str, end: str, start_approx: bool = False, end_approx: bool = False) -> tuple[int, int]:
    s_first, s_last = _first_last(start, start_approx)
    e_first, e_last = _first_last(end, end_approx)
    return max(0, (e_first - s_last).days), (e_last - s_first).days


def test_longest_serving_with_dates_at_reduced_precision(ruritania: Graph) -> None:
    table = rows(ruritania, "longest-serving")
    assert pick(table[:1], "name", "start", "end") == [("Ștefan Țurcanu", "1960-10", "1975-03")]
    for r in table:
        assert (int(r["minDays"]), int(r["maxDays"])) == _expected_days(r["start"], r["end"]), r


_DATATYPE = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


@st.composite
def _terms(draw: st.DrawFn) -> tuple[str, str, bool, bool]:
    start = draw(st.dates(dt.date(1001, 1, 1), dt.date(9990, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(0, 20_000)))
    cut = draw(st.sampled_from([4, 7, 10])), draw(st.sampled_from([4, 7, 10]))
    return start.isoformat()[: cut[0]], end.isoformat()[: cut[1]], draw(st.booleans()), draw(st.booleans())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_terms())
def test_longest_serving_day_arithmetic_matches_the_calendar(term: tuple[str, str, bool, bool]) -> None:
    start, end, start_approx, end_approx = term
    ex = "https://example.org/"
    graph = Graph()
    t, person, post, party = (URIRef(ex + n) for n in ("t", "person", "post", "party"))
    graph.parse(data=f"<{person}> <http://xmlns.com/foaf/0.1/name> 'X' . <{post}> <http://www.w3.org/2000/01/rdf-schema#label> 'P' ; <http://www.w3.org/ns/org#postIn> <{party}> . <{party}> <http://www.w3.org/2004/02/skos/core#prefLabel> 'Q' .", format="turtle")
    graph.add((t, RDF.type, QKP.TermOfOffice))
    graph.add((t, QKP.ordinal, Literal(1)))
    graph.add((t, URIRef("http://www.w3.org/ns/org#member"), person))
    graph.add((t, URIRef("http://www.w3.org/ns/opengov#post"), post))
    graph.add((t, SCHEMA.validFrom, Literal(start, datatype=_DATATYPE[len(start)])))
    graph.add((t, SCHEMA.validThrough, Literal(end, datatype=_DATATYPE[len(end)])))
    if start_approx:
        graph.add((t, QKP.startApproximate, Literal(True)))
    if end_approx:
        graph.add((t, QKP.endApproximate, Literal(True)))
    [row] = rows(graph, "longest-serving")
    assert (int(row["minDays"]), int(row["maxDays"])) == _expected_days(start, end, start_approx, end_approx)


def test_longest_serving_leaves_out_terms_without_an_end() -> None:
    graph = Graph().parse(data=OPEN_TERMS, format="turtle")
    assert [r["ordinal"] for r in rows(graph, "longest-serving")] == ["3", "1"]


# --- multiple-terms, succession, timeline, unreconciled -------------------------------------------


def test_multiple_terms_on_the_seed_is_only_kunaev(seed_graph: Graph) -> None:
    assert pick(rows(seed_graph, "multiple-terms"), "name", "terms", "ordinal", "start", "end") == [
        ("Dinmukhamed Kunaev", "2", "9", "1960-01-19", "1962-12-26"),
        ("Dinmukhamed Kunaev", "2", "11", "1964-12-07", "1986-12-16"),
    ]


def test_multiple_terms_counts_terms_in_several_parties(three_articles: Graph) -> None:
    table = rows(three_articles, "multiple-terms")
    assert sorted({r["name"] for r in table}) == ["Dinmukhamed Kunaev", "József Kováč", "Leonid Brezhnev"]
    brezhnev = [r["party"] for r in table if r["name"] == "Leonid Brezhnev"]
    assert sorted(brezhnev) == ["Communist Party of Kazakhstan", "Communist Party of Moldavia"]


def test_succession_on_the_seed(seed_graph: Graph) -> None:
    assert pick(rows(seed_graph, "succession"), "relation", "organization", "date") == [
        ("parent", "Communist Party of the Soviet Union", ""),
        ("de jure successor", "Socialist Party", "1991-09-07"),
        ("de facto successor", "Communist Party of Kazakhstan", "1991-10"),
    ]


def test_succession_lists_predecessors_and_plain_successors(tmp_path: Path) -> None:
    article = RURITANIA.read_text("utf-8").replace("- Country: Ruritania\n", "- Country: Ruritania\n- Predecessor: Ruritanian Workers' League\n")
    (tmp_path / "lpr.txt").write_text(article, "utf-8")
    graph = build_graph(load_models([tmp_path / "lpr.txt"]), Config())
    assert pick(rows(graph, "succession"), "relation", "organization", "date") == [
        ("predecessor", "Ruritanian Workers' League", ""),
        ("de jure successor", "Social Democratic Party of Ruritania", "1975-03-03"),
        ("successor", "People's Labour Movement", "1976-06"),
    ]


def test_timeline_on_the_seed(seed_graph: Graph) -> None:
    table = rows(seed_graph, "timeline")
    events = pick(table, "date", "event")
    assert events[0] == ("1936", "founding") and events[-2:] == [("1991-09-07", "dissolution"), ("1991-10", "successor created")]
    assert [d for d, _ in events] == sorted(d for d, _ in events)
    # Every term's start and end, in order, each where its row is in the article.
    terms = [r for r in table if r["event"] in ("took office", "left office")]
    assert len(terms) == 26 and all(r["line"] for r in terms)
    assert ("1964-12-07", "left office") in events and events.index(("1964-12-07", "left office")) < events.index(("1964-12-07", "took office"))
    # Both dates the article gives for the exclusion of Article 6.
    assert [(r["date"], r["line"]) for r in table if r["event"] == "dated claim"] == [("1990-04-24", "22"), ("1990-10-24", "55")]
    assert len(table) == 1 + 26 + 2 + 2


def test_timeline_keeps_parties_apart(three_articles: Graph) -> None:
    table = rows(three_articles, "timeline")
    founded = {r["party"]: r["date"] for r in table if r["event"] == "founding"}
    assert founded["Labour Party of Ruritania"] == "1921-05" and founded["Communist Party of Kazakhstan"] == "1936"
    assert [r["party"] for r in table] == sorted(r["party"] for r in table)


def test_unreconciled_lists_what_has_no_wikidata_item(seed_graph: Graph) -> None:
    table = rows(seed_graph, "unreconciled")
    kinds = [r["kind"] for r in table]
    assert {k: kinds.count(k) for k in kinds} == {"organization": 4, "person": 12, "post": 1, "place": 2, "concept": 2}
    graph = Graph() + seed_graph
    kunaev = URIRef("https://w3id.org/qkp/id/person/dinmukhamed-kunaev")
    graph.add((kunaev, OWL.sameAs, WD.Q361494))
    graph.add((URIRef("https://w3id.org/qkp/id/place/kazakhstan"), OWL.sameAs, URIRef("https://example.org/not-wikidata")))
    after = rows(graph, "unreconciled")
    assert {r["resource"] for r in table} - {r["resource"] for r in after} == {str(kunaev)}


# --- real pages: committees, unnamed holders, unnumbered rows, decades, interruptions -------------

COMMITTEE = """
@prefix qkp: <https://w3id.org/qkp/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix opengov: <http://www.w3.org/ns/opengov#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix : <https://example.org/> .
:party a org:Organization, org:FormalOrganization, qkp:PoliticalParty ; rdfs:label "Party"@en ; skos:prefLabel "Party"@en .
:committee a org:Organization, org:OrganizationalUnit ; org:unitOf :party ;
    rdfs:label "Committee"@en ; skos:prefLabel "Committee"@en .
:post a org:Post ; rdfs:label "First Secretary"@en ; org:postIn :committee ;
    schema:startDate "1932-02-27"^^xsd:date ; schema:endDate "1991-08"^^xsd:gYearMonth ;
    qkp:interruption :occupation .
:occupation a qkp:Interruption ; rdfs:label "Occupation"@en ;
    schema:startDate "1941"^^xsd:gYear ; schema:endDate "1943"^^xsd:gYear .
:a a foaf:Person ; foaf:name "A" . :b a foaf:Person ; foaf:name "B" . :c a foaf:Person ; foaf:name "C" .
# Numbered 1, 3, 2 by the table, then one row it does not count, then one whose holder it does not name.
:t1 a qkp:TermOfOffice ; rdfs:label "t1"@en ; qkp:position 1 ; qkp:ordinal 1 ; org:member :a ; opengov:post :post ; org:organization :committee ;
    schema:validFrom "1932-02-27"^^xsd:date ; schema:validThrough "1941"^^xsd:gYear .
:t2 a qkp:TermOfOffice ; rdfs:label "t2"@en ; qkp:position 2 ; qkp:ordinal 3 ; org:member :a ; opengov:post :post ; org:organization :committee ;
    schema:validFrom "1943"^^xsd:gYear ; qkp:startUncertain true ; schema:validThrough "1947-03-22"^^xsd:date .
:t3 a qkp:TermOfOffice ; rdfs:label "t3"@en ; qkp:position 3 ; qkp:ordinal 2 ; org:member :b ; opengov:post :post ; org:organization :committee ;
    qkp:earliestStart "1950-01-01"^^xsd:date ; qkp:latestStart "1959-12-31"^^xsd:date ; schema:validThrough "1962"^^xsd:gYear .
:t4 a qkp:TermOfOffice ; rdfs:label "t4"@en ; qkp:position 4 ; qkp:role "acting"@en ; org:member :c ; opengov:post :post ; org:organization :committee ;
    schema:validFrom "1962"^^xsd:gYear ; schema:validThrough "1963"^^xsd:gYear .
:t5 a qkp:TermOfOffice ; rdfs:label "t5"@en ; qkp:position 5 ; qkp:holderUnknown true ; opengov:post :post ; org:organization :committee ;
    schema:validFrom "1963"^^xsd:gYear ; schema:validThrough "1970"^^xsd:gYear .
"""


@pytest.fixture(scope="module")
def committee() -> Graph:
    return Graph().parse(data=COMMITTEE, format="turtle")


def test_officeholders_lists_unnumbered_rows_and_unnamed_holders_in_series_order(committee: Graph) -> None:
    table = rows(committee, "officeholders")
    assert pick(table, "ordinal", "name", "start", "end") == [
        ("1", "A", "1932-02-27", "1941"),
        ("3", "A", "1943", "1947-03-22"),
        ("2", "B", "", "1962"),
        ("", "C", "1962", "1963"),
        ("", "", "1963", "1970"),
    ]
    assert {r["party"] for r in table} == {"Committee"}


def test_holders_on_with_decades_uncertain_dates_and_unnamed_holders(committee: Graph) -> None:
    # Started some time in the 1950s: on 1 June 1955 B may or may not have held office.
    assert pick(rows(committee, "holders-on", date="1955-06-01"), "name", "certain") == [("B", "false")]
    assert pick(rows(committee, "holders-on", date="1961-06-01"), "name", "certain") == [("B", "true")]
    # "1943?" may be 1942.
    assert pick(rows(committee, "holders-on", date="1942-06-01"), "name", "ordinal", "certain") == [("A", "3", "false")]
    assert pick(rows(committee, "holders-on", date="1965"), "name", "ordinal", "certain") == [("", "", "true")]


def test_longest_serving_with_a_decade(committee: Graph) -> None:
    table = {r["ordinal"]: r for r in rows(committee, "longest-serving") if r["name"] == "B"}
    # From 1950-01-01 .. 1959-12-31 to 1962-01-01 .. 1962-12-31.
    assert (table["2"]["minDays"], table["2"]["maxDays"]) == (str((dt.date(1962, 1, 1) - dt.date(1959, 12, 31)).days), str((dt.date(1962, 12, 31) - dt.date(1950, 1, 1)).days))
    assert "" not in {r["name"] for r in rows(committee, "longest-serving")}


def test_multiple_terms_needs_a_holder(committee: Graph) -> None:
    assert pick(rows(committee, "multiple-terms"), "name", "terms", "ordinal") == [("A", "2", "1"), ("A", "2", "3")]


def test_a_committees_timeline_succession_and_reconciliation(committee: Graph) -> None:
    events = pick(rows(committee, "timeline"), "date", "event", "label")
    assert events[:6] == [
        ("1932-02-27", "post created", "First Secretary"),
        ("1932-02-27", "took office", "t1"),
        ("1941", "left office", "t1"),
        ("1941", "interruption began", "Occupation"),
        ("1943", "interruption ended", "Occupation"),
        ("1943", "took office", "t2"),
    ]
    assert events[-1] == ("1991-08", "post abolished", "First Secretary")
    assert pick(rows(committee, "succession"), "party", "relation", "organization") == [("Committee", "parent", "Party")]
    assert ("organization", "Committee") in pick(rows(committee, "unreconciled"), "kind", "label")


# --- the query command's mechanics ----------------------------------------------------------------


def test_every_bundled_query_says_what_it_answers() -> None:
    queries = list_queries()
    assert list(queries) == ["holders-on", "longest-serving", "multiple-terms", "officeholders", "succession", "timeline", "unreconciled"]
    for name, query in queries.items():  # each valid SPARQL 1.1, checked as it is loaded
        assert query.text.startswith("# @description ") and 20 < len(query.description) <= 100 and "\n" not in query.description, name
        assert query.form == "SELECT", name


def test_parameters_are_replaced_outside_strings_iris_and_comments() -> None:
    query = load_query("holders-on")
    text = query.bind({"date": "1960-06"})
    assert '"1960-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in text and "$date" not in text.split("PREFIX", 1)[1]
    tricky = dataclasses.replace(query, text="# $date\nSELECT ('$date' AS ?a) (<http://x/$date> AS ?b) ($date AS ?c) WHERE {}")
    assert tricky.bind({"date": "1960"}) == "# $date\nSELECT ('$date' AS ?a) (<http://x/$date> AS ?b) (\"1960\"^^<http://www.w3.org/2001/XMLSchema#gYear> AS ?c) WHERE {}"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "needs --param date=VALUE"),
        ({"date": "1960-02-30"}, "not a valid xsd:date"),
        ({"date": "June 1960"}, "not a valid"),
        ({"date": "1960", "party": "x"}, "no parameter party"),
    ],
)
def test_parameter_errors(params: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        load_query("holders-on").bind(params)


def test_iri_and_integer_parameters(tmp_path: Path, seed_graph: Graph) -> None:
    rq = tmp_path / "terms-of.rq"
    rq.write_text(
        "# The terms of one person.\n# @param person (iri) the person\n# @param from (xsd:integer) the first ordinal\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX qkp: <https://w3id.org/qkp/ontology#>\n"
        "SELECT ?n WHERE { ?t org:member $person ; qkp:ordinal ?n FILTER(?n >= $from) } ORDER BY ?n\n"
    )
    text = load_query(str(rq)).bind({"person": "https://w3id.org/qkp/id/person/dinmukhamed-kunaev", "from": "10"})
    assert [row[0].value for row in run_query(oxigraph_store(seed_graph), text).rows if row[0] is not None] == ["11"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("SELECT ?x\nWHERE {\n  ?x ?y }\n", ":3:9: SPARQL syntax error: unexpected '}'"),
        ("PREFIX ex: <http://e/>\nSELECT ?x WHERE {\n  ?x ex:p ?z .\n  ?x foo:q ?z }\n", ":4:6: SPARQL syntax error: undeclared prefix 'foo:'"),
        ("SELEC ?x WHERE { ?x ?y ?z }", ":1:1: SPARQL syntax error: unexpected 'SELEC'"),
        # No prefix is declared for a query (rdflib declared foaf:, rdfs:, xsd: and more): foaf: is unknown here.
        ("SELECT ?name WHERE { ?person foaf:name ?name }", ":1:30: SPARQL syntax error: undeclared prefix 'foaf:'"),
        ('SELECT ?x WHERE { ?x ?p "1"^^xsd:integer }', ":1:30: SPARQL syntax error: undeclared prefix 'xsd:'"),
        # An unclosed FILTER( is reported where it opens, and where the text goes wrong.
        (
            "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT ?name WHERE {\n  ?person foaf:name ?name .\n  ?person foaf:age ?age .\n  FILTER(?age > 40\n}\nORDER BY ?name\n",
            ":5:9: SPARQL syntax error: '(' is not closed; at 6:1: unexpected '}'",
        ),
        ("SELECT * WHERE { ?s ?p ?o", ":1:16: SPARQL syntax error: '{' is not closed; at 1:26: unexpected end of query"),
        ("SELECT ?x WHERE { ?x ?p 'abc }", ":1:25: SPARQL syntax error: string not closed"),
        ("SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s", ":1:39: SPARQL syntax error: the SELECT contains a variable that is unbound"),
        # The engine names the furthest place it read (here 1:27, a keyword's length past `}`).
        ("SELECT ?x WHERE { ?x ?y } LIMIT 1", ":1:25: SPARQL syntax error: unexpected '}'"),
    ],
)
def test_syntax_errors_name_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text(text)
    code = main(["query", str(bad), "--data", str(ROOT / "output" / "qkp.nt")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert re.match(rf"error: {re.escape(str(bad))}:\d+:\d+: SPARQL syntax error", err) and where in err, err


def test_a_syntax_error_in_a_long_query_is_found_quickly_where_it_is(tmp_path: Path) -> None:
    text = bundled_queries()["holders-on"]
    lines = text.splitlines(keepends=True)
    # A term too many: the engine reads on, a keyword's length past it.
    line = next(n for n, l in enumerate(lines) if " a qkp:TermOfOffice" in l)
    lines[line] = lines[line].replace(" a qkp:TermOfOffice", " a qkp:TermOfOffice qkp:Post", 1)
    (tmp_path / "broken.rq").write_text("".join(lines))
    column = lines[line].index("qkp:Post") + 1
    with pytest.raises(QueryError, match=rf"broken.rq:{line + 1}:{column}: SPARQL syntax error: unexpected 'qkp:Post'"):
        load_query(str(tmp_path / "broken.rq"))


def test_an_update_is_refused_with_what_it_is(tmp_path: Path) -> None:
    rq = tmp_path / "update.rq"
    rq.write_text("PREFIX ex: <https://example.org/>\n# Not a query.\nINSERT DATA { ex:a ex:b ex:c }\n")
    with pytest.raises(QueryError, match=r"update.rq: this is a SPARQL update \(INSERT\), not a query"):
        load_query(str(rq))


def test_unknown_parameter_type_is_an_error(tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("# @param when (xsd:dateTime) a time\nSELECT * WHERE { ?s ?p $when }\n")
    with pytest.raises(QueryError, match="unknown type 'xsd:dateTime'"):
        load_query(str(rq))


def test_graph_without_endpoint_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["query", "officeholders", "--graph", "https://example.org/g"])
    assert code == 2 and "--graph needs --endpoint" in capsys.readouterr().err


# --- every form and format ------------------------------------------------------------------------


def _answer(graph: Graph, text: str) -> Answer:
    return run_query(oxigraph_store(graph), PREFIXES + text)


KUNAEV = "https://w3id.org/qkp/id/person/dinmukhamed-kunaev"


def test_select_star_lists_the_variables_in_the_engines_order(seed_graph: Graph) -> None:
    text = PREFIXES + "SELECT * WHERE { ?term org:member ?person ; qkp:ordinal ?ordinal . ?person foaf:name ?name }"
    answer = run_query(oxigraph_store(seed_graph), text)
    # Oxigraph's order, whatever it is (rdflib listed them as they first occur: term, person, ordinal, name).
    assert list(answer.variables) == [v.value for v in ox.Store().query(text).variables]
    assert format_result(answer, "csv").splitlines()[0] == ",".join(answer.variables)
    assert len(answer.rows) == 13


def test_ask(seed_graph: Graph) -> None:
    yes = _answer(seed_graph, f"ASK {{ <{KUNAEV}> foaf:name 'Dinmukhamed Kunaev' }}")
    no = _answer(seed_graph, f"ASK {{ <{KUNAEV}> foaf:name 'Someone Else' }}")
    assert (yes.form, yes.boolean, no.boolean) == ("ASK", True, False)
    assert [format_result(yes, fmt) for fmt in ("table", "csv", "tsv")] == ["true\n"] * 3
    assert format_result(no) == "false\n"
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert format_result(no, "json") == '{"head": {}, "boolean": false}\n'


def test_construct_in_every_graph_format(seed_graph: Graph) -> None:
    answer = _answer(seed_graph, "CONSTRUCT { ?person schema:name ?name } WHERE { ?person a foaf:Person ; foaf:name ?name }")
    assert answer.form == "CONSTRUCT" and len(answer.triples) == 12
    lines = format_result(answer, "ntriples").splitlines()
    assert lines == sorted(lines) and len(lines) == 12
    assert f'<{KUNAEV}> <http://schema.org/name> "Dinmukhamed Kunaev" .' in lines
    expected = Graph().parse(data="\n".join(lines), format="nt")
    turtle = format_result(answer)  # the default for a graph
    assert turtle.startswith("@prefix person: <https://w3id.org/qkp/id/person/> .\n@prefix schema: <http://schema.org/> .\n")
    assert 'person:dinmukhamed-kunaev schema:name "Dinmukhamed Kunaev" .' in turtle
    assert Graph().parse(data=turtle, format="turtle").isomorphic(expected)
    from_jsonld = ox.parse(format_result(answer, "jsonld").encode("utf-8"), format=ox.RdfFormat.JSON_LD)
    assert sorted(f"{t.subject} {t.predicate} {t.object} ." for t in from_jsonld) == lines


def test_describe(seed_graph: Graph) -> None:
    answer = _answer(seed_graph, f"DESCRIBE <{KUNAEV}>")
    assert answer.form == "DESCRIBE" and {t.subject for t in answer.triples} == {ox.NamedNode(KUNAEV)}
    assert ox.Triple(ox.NamedNode(KUNAEV), ox.NamedNode("http://xmlns.com/foaf/0.1/name"), ox.Literal("Dinmukhamed Kunaev")) in answer.triples
    assert len(format_result(answer, "ntriples").splitlines()) == len(set(answer.triples))


def test_blank_nodes_are_named_by_their_order_in_the_answer(seed_graph: Graph) -> None:
    select = _answer(seed_graph, "SELECT ?n ?b WHERE { VALUES ?n { 1 2 } BIND(BNODE() AS ?b) } ORDER BY ?n")
    assert format_result(select, "csv") == "n,b\r\n1,_:b0\r\n2,_:b1\r\n"
    construct = _answer(seed_graph, f"CONSTRUCT {{ ?person schema:memberOf [ schema:name 'x' ] }} WHERE {{ VALUES ?person {{ <{KUNAEV}> }} }}")
    # Canonical labels (RDFC-1.0): the same graph is the same text, whoever labelled its blank nodes.
    assert format_result(construct, "ntriples") == f'<{KUNAEV}> <http://schema.org/memberOf> _:c14n0 .\n_:c14n0 <http://schema.org/name> "x" .\n'


def test_a_format_that_does_not_fit_the_form_is_a_usage_error(seed_graph: Graph) -> None:
    with pytest.raises(UsageError, match="--format turtle does not fit a SELECT query, whose answer is SPARQL results: use table, csv, tsv, json"):
        format_result(_answer(seed_graph, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "turtle")
    with pytest.raises(UsageError, match="--format csv does not fit a DESCRIBE query, whose answer is a graph: use turtle, ntriples, jsonld"):
        format_result(_answer(seed_graph, f"DESCRIBE <{KUNAEV}>"), "csv")


def test_a_table_is_cut_to_the_width_given_and_no_rows_says_so(seed_graph: Graph) -> None:
    answer = run_query(oxigraph_store(seed_graph), load_query("officeholders").text)
    whole = format_result(answer, "table")
    assert max(len(line) for line in whole.splitlines()) > 150
    cut = format_result(answer, "table", width=80)
    assert max(len(line) for line in cut.splitlines()) <= 80 and "…" in cut
    # The widest columns are narrowed to one width (here 10), the others kept whole.
    assert cut.splitlines()[:3] == [
        "ordinal  name        start       end         timeInOff…  post        party",
        "-------  ----------  ----------  ----------  ----------  ----------  ----------",
        "1        Levon Mir…  1937-04-23  1938-05-23  P1Y1M       First Sec…  Communist…",
    ]
    # Only the table is cut: CSV, TSV and JSON keep whole values.
    assert "First Secretary of the Communist Party of Kazakhstan" in format_result(answer, "csv")
    empty = run_query(oxigraph_store(seed_graph), load_query("holders-on").bind({"date": "1900"}))
    assert format_result(empty, "table") == "no rows\n"
    assert format_result(empty, "csv") == ",".join(empty.variables) + "\r\n" and "certain" in empty.variables


def test_local_files_are_one_graph_and_an_empty_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.nt").write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n")
    (tmp_path / "b.ttl").write_text("<https://example.org/b> <https://example.org/p> <https://example.org/c> .\n")
    store = local_store([tmp_path / "a.nt", tmp_path / "b.ttl"])
    answer = run_query(store, "ASK { <https://example.org/a> <https://example.org/p>/<https://example.org/p> <https://example.org/c> }")
    assert answer.boolean is True
    (tmp_path / "empty.ttl").write_text("# nothing\n")
    with pytest.raises(InputError, match="empty.ttl: no RDF triples in this file"):
        local_store([tmp_path / "a.nt", tmp_path / "empty.ttl"])


# --- the command ------------------------------------------------------------------------------------


def _command(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory, seed_graph: Graph) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.nt"
    seed_graph.serialize(path, format="nt", encoding="utf-8")
    return path


def test_data_files_after_the_query_or_with_data_anywhere(seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, before, err = _command(capsys, "query", "--data", str(seed_file), "officeholders", "--format", "csv")
    assert code == 0 and before.startswith("ordinal,name,start,end") and before.count("\r\n") == 14, err
    assert _command(capsys, "query", "officeholders", str(seed_file), "--format", "csv")[1] == before
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://example.org/x> <http://xmlns.com/foaf/0.1/name> "X" .\n')
    rq = tmp_path / "names.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?name }\n")
    counts = [_command(capsys, "query", str(rq), *files, "--format", "csv")[1] for files in ([str(seed_file)], [str(seed_file), str(extra)], ["--data", str(extra), "--data", str(seed_file)])]
    assert counts == ["n\r\n12\r\n", "n\r\n13\r\n", "n\r\n13\r\n"]


def test_a_parameter_given_twice_is_refused(seed_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _command(capsys, "query", "holders-on", str(seed_file), "--param", "date=1960", "--param", "date=1961")
    assert code == 2 and not out and err == "error: --param date is given twice\n"


def test_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _command(capsys, "query", "--list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["query", "parameters", "description"] and len(lines) == 1 + len(bundled_queries())
    holders = next(line for line in lines if line.startswith("holders-on "))
    assert "date (xsd:date|xsd:gYearMonth|xsd:gYear)" in holders and load_query("holders-on").description in holders
    assert out == query_listing()
    code, out, _ = _command(capsys, "query", "--show", "officeholders")
    assert code == 0 and out == bundled_queries()["officeholders"] == show_query("officeholders")
    code, _, err = _command(capsys, "query", "--show", "nonsense")
    assert code == 2 and "unknown query 'nonsense'" in err
    code, _, err = _command(capsys, "query", "--list", "officeholders")
    assert code == 2 and "--list takes no query" in err
    code, _, err = _command(capsys, "query")
    assert code == 2 and "give a query" in err and "--list" in err


def test_every_form_from_the_command_and_out_writes_a_file(seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rq = tmp_path / "names.rq"
    rq.write_text(PREFIXES + "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a foaf:Person ; foaf:name ?n }\n")
    code, out, _ = _command(capsys, "query", str(rq), str(seed_file))
    assert code == 0 and out.startswith("@prefix person: ") and out.count("schema:name") == 12
    out_file = tmp_path / "out" / "names.nt"
    code, out, _ = _command(capsys, "query", str(rq), str(seed_file), "--format", "ntriples", "-o", str(out_file))
    assert code == 0 and not out and len(out_file.read_text().splitlines()) == 12
    code, _, err = _command(capsys, "query", str(rq), str(seed_file), "--format", "json")
    assert code == 2 and "--format json does not fit a CONSTRUCT query" in err
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }\n")
    assert _command(capsys, "query", str(ask), str(seed_file))[:2] == (0, "true\n")


def _readme_samples() -> list[tuple[str, list[str]]]:
    section = (ROOT / "README.md").read_text("utf-8").split("## Querying", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n\$ (qkp-rdf query [^\n]*)\n(.*?)```", section, re.S)
    return [(command, output.splitlines()) for command, output in blocks]


def test_readme_shows_every_bundled_query() -> None:
    shown = {command.split()[2] for command, _ in _readme_samples()}
    assert shown == {*bundled_queries(), "--list"}


@pytest.mark.parametrize(("command", "sample"), _readme_samples(), ids=lambda c: str(c)[:40])
def test_readme_samples_are_real_output(command: str, sample: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the command reads the published output/qkp.nt, which a test keeps current
    assert main(command.split()[1:]) == 0
    out = capsys.readouterr().out.splitlines()
    shown = sample[: sample.index("...")] if "..." in sample else sample
    assert out[: len(shown)] == shown and ("..." in sample or len(out) == len(shown))


def test_checking_a_query_with_service_never_calls_that_endpoint(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Oxigraph sends a SERVICE request as soon as a store is asked the query: the syntax check
    must not, whether the query then runs here or is sent to an endpoint."""
    import socket
    from qkp_rdf.errors import QueryError
    from qkp_rdf.sparql_syntax import check_syntax

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for text in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        ):
            assert check_syntax(text, "q.rq") == "SELECT"
        with pytest.raises(QueryError, match=r"q.rq:1:\d+: SPARQL syntax error"):
            check_syntax(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p }} }}", "q.rq")
        with pytest.raises(socket.timeout):
            listener.accept()  # nothing ever connected
    finally:
        listener.close()
