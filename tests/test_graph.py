"""The seed's graph, checked by SPARQL (as users query it) and by single triples."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from qkp_rdf.ids import Minter, slugify
from qkp_rdf.vocab import QKP, SCHEMA

from .conftest import PREFIXES, ROOT


EXPECTED_TERMS = [
    (1, "Levon Mirzoyan", "1937-04-23", "1938-05-23"),
    (2, "Nikolay Skvortsov", "1938-05-23", "1945-07-23"),
    (3, "Gennady Borkov", "1945-07-23", "1946-06-22"),
    (4, "Zhumabay Shayakhmetov", "1946-06-22", "1954-02-06"),
    (5, "Panteleimon Ponomarenko", "1954-02-06", "1955-05-07"),
    (6, "Leonid Brezhnev", "1955-05-08", "1956-03-06"),
    (7, "Ivan Yakovlev", "1956-03-06", "1957-12-26"),
    (8, "Nikolai Belyaev", "1957-12-26", "1960-01-19"),
    (9, "Dinmukhamed Kunaev", "1960-01-19", "1962-12-26"),
    (10, "Ismail Yusupov", "1962-12-26", "1964-12-07"),
    (11, "Dinmukhamed Kunaev", "1964-12-07", "1986-12-16"),
    (12, "Gennady Kolbin", "1986-12-16", "1989-06-22"),
    (13, "Nursultan Nazarbayev", "1989-06-22", "1991-08-28"),
]


def select(graph, body: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + body)]


def test_thirteen_terms_in_order_with_exact_dates(seed_graph) -> None:
    rows = select(
        seed_graph,
        """SELECT ?n ?name ?start ?end WHERE {
             ?t a qkp:TermOfOffice ; qkp:ordinal ?n ; org:member/foaf:name ?name ;
                schema:validFrom ?start ; schema:validThrough ?end }
           ORDER BY ?n""",
    )
    assert [(int(n), str(name), str(s), str(e)) for n, name, s, e in rows] == EXPECTED_TERMS
    assert {s.datatype for _, _, s, _ in rows} | {e.datatype for *_, e in rows} == {XSD.date}


def test_twelve_people_and_kunaev_is_one_person_with_terms_9_and_11(seed_graph) -> None:
    [(people,)] = select(seed_graph, "SELECT (COUNT(DISTINCT ?p) AS ?c) WHERE { ?t a qkp:TermOfOffice ; org:member ?p . ?p a foaf:Person }")
    assert int(people) == 12
    rows = select(
        seed_graph,
        """SELECT ?p ?n WHERE { ?t a qkp:TermOfOffice ; qkp:ordinal ?n ; org:member ?p . ?p foaf:name "Dinmukhamed Kunaev" } ORDER BY ?n""",
    )
    assert len({p for p, _ in rows}) == 1 and [int(n) for _, n in rows] == [9, 11]


def test_every_term_links_to_its_neighbours(seed_graph) -> None:
    rows = select(
        seed_graph,
        """SELECT ?n ?prev ?next WHERE {
             ?t a qkp:TermOfOffice ; qkp:ordinal ?n .
             OPTIONAL { ?t qkp:previousTerm/qkp:ordinal ?prev }
             OPTIONAL { ?t qkp:nextTerm/qkp:ordinal ?next } } ORDER BY ?n""",
    )
    links = [(int(n), prev and int(prev), nxt and int(nxt)) for n, prev, nxt in rows]
    assert links == [(n, n - 1 if n > 1 else None, n + 1 if n < 13 else None) for n in range(1, 14)]


def test_brezhnev_starts_the_day_after_ponomarenko_ends(seed_graph) -> None:
    [(start, end)] = select(
        seed_graph,
        """SELECT ?start ?prevEnd WHERE {
             ?t org:member/foaf:name "Leonid Brezhnev" ; schema:validFrom ?start ;
                qkp:previousTerm ?p . ?p org:member/foaf:name "Panteleimon Ponomarenko" ; schema:validThrough ?prevEnd }""",
    )
    assert start == Literal("1955-05-08", datatype=XSD.date) and end == Literal("1955-05-07", datatype=XSD.date)
    assert (start.toPython() - end.toPython()).days == 1


def test_party_has_three_language_tagged_labels(seed_graph) -> None:
    rows = select(seed_graph, 'SELECT ?l WHERE { ?p a qkp:PoliticalParty ; qkp:abbreviation "QKP" ; rdfs:label ?l }')
    assert {(str(l), l.language) for (l,) in rows} == {
        ("Communist Party of Kazakhstan", "en"),
        ("Қазақстан Коммунистік партиясы", "kk"),
        ("Qazaqstan Kommunistık Partiasy", "kk-latn"),
    }


def test_de_jure_and_de_facto_successors_are_told_apart(seed_graph) -> None:
    rows = select(
        seed_graph,
        """SELECT ?kind ?name WHERE { ?p qkp:abbreviation "QKP" ; ?kind ?s . ?s rdfs:label ?name .
             VALUES ?kind { qkp:deJureSuccessor qkp:deFactoSuccessor } }""",
    )
    assert {(k, str(n)) for k, n in rows} == {
        (QKP.deJureSuccessor, "Socialist Party"),
        (QKP.deFactoSuccessor, "Communist Party of Kazakhstan"),
    }
    # Both are kinds of the general successor link (P1366): with the ontology loaded, one query finds both.
    with_ontology = seed_graph + Graph().parse(ROOT / "ontology" / "qkp.ttl")
    [(count,)] = select(with_ontology, "SELECT (COUNT(?s) AS ?c) WHERE { ?p qkp:abbreviation 'QKP' ; ?k ?s . ?k rdfs:subPropertyOf* qkp:successor }")
    assert int(count) == 2


def test_founding_year_is_a_gyear_and_dissolution_a_date(seed_graph) -> None:
    [(founded, dissolved)] = select(seed_graph, "SELECT ?f ?d WHERE { ?p qkp:abbreviation 'QKP' ; schema:foundingDate ?f ; schema:dissolutionDate ?d }")
    assert founded == Literal("1936", datatype=XSD.gYear)
    assert dissolved == Literal("1991-09-07", datatype=XSD.date)


def test_events_are_dated_at_source_precision(seed_graph) -> None:
    rows = select(seed_graph, "SELECT ?type ?date WHERE { ?e a org:ChangeEvent , ?type ; <http://purl.org/dc/terms/date> ?date . FILTER(?type != org:ChangeEvent) }")
    assert {(t, d) for t, d in rows} == {
        (QKP.Founding, Literal("1936", datatype=XSD.gYear)),
        (QKP.Dissolution, Literal("1991-09-07", datatype=XSD.date)),
        (QKP.SuccessorCreation, Literal("1991-10", datatype=XSD.gYearMonth)),
    }


def test_each_term_says_which_row_it_came_from(seed_graph) -> None:
    rows = select(
        seed_graph,
        """SELECT ?n ?line ?text WHERE { ?t qkp:ordinal ?n ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?row .
             ?row a qkp:TableRow ; qkp:line ?line ; <http://www.w3.org/ns/prov#value> ?text } ORDER BY ?n""",
    )
    assert len(rows) == 13
    assert (int(rows[0][1]), str(rows[0][2])) == (30, "| 1 | | Levon Mirzoyan | 23 April 1937 | 23 May 1938 | | Communist (Bolsheviks) | — |")


def test_single_triples(seed_graph) -> None:
    mint = Minter()
    term = URIRef(mint.iri("term", "communist-party-of-kazakhstan-soviet-union-first-secretary-1"))
    assert (term, RDF.type, QKP.TermOfOffice) in seed_graph
    assert (term, QKP.daysInOffice, Literal(395)) in seed_graph
    assert (term, QKP.timeInOffice, Literal("P1Y1M0D", datatype=XSD.duration)) in seed_graph
    assert (term, SCHEMA.validFrom, Literal("1937-04-23", datatype=XSD.date)) in seed_graph
    person = URIRef(mint.person("Dinmukhamed Kunaev"))
    assert person == URIRef("https://w3id.org/qkp/id/person/dinmukhamed-kunaev")


def test_no_blank_nodes(seed_graph) -> None:
    from rdflib import BNode

    assert not [t for t in seed_graph if any(isinstance(x, BNode) for x in t)]


def test_base_is_configurable() -> None:
    from tests.reference import build_graph, load_models
    from qkp_rdf.config import Config

    graph = build_graph(load_models([]), Config(base="http://example.org/kz/"))
    subjects = {str(s) for s in graph.subjects()}
    assert subjects and all(s.startswith("http://example.org/kz/id/") for s in subjects)


def test_slugify() -> None:
    assert slugify("Marxism–Leninism") == "marxism-leninism"
    assert slugify("József Kováč") == "jozsef-kovac"
    assert slugify("Мирзоян Левон") == "мирзоян-левон"
    assert slugify("Khrushchev's") == "khrushchevs"


def test_every_resource_we_link_to_is_typed(seed_graph) -> None:
    base = "https://w3id.org/qkp/id/"
    typed = set(seed_graph.subjects(RDF.type, None))
    linked = {o for o in seed_graph.objects() if isinstance(o, URIRef) and str(o).startswith(base)}
    assert linked and linked <= typed, sorted(linked - typed)
