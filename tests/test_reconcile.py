"""Reconciliation in process: name forms, the queries, the scoring rules, QuickStatements, the cache.

The end-to-end run against a real Oxigraph server is in test_reconcile_server.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.plugins.sparql import prepareQuery

from tests.reference import build_graph, load_models
from qkp_rdf.cli import main
from qkp_rdf.dates import PartialDate
from qkp_rdf.errors import InputError, UsageError
from qkp_rdf.reconcile import Cache, reconcile, same_as_links
from qkp_rdf.reconcile.entities import Entity, Kind, Relation, Term, entities, languages
from qkp_rdf.reconcile.names import MAX_CYRILLIC, MAX_NAME_VARIANTS, cyrillic_forms, name_variants
from qkp_rdf.reconcile.quickstatements import quickstatements, time_value
from qkp_rdf.reconcile.scoring import MARGIN, Status, decide, lookups, name_forms, overlaps
from qkp_rdf.reconcile.wikidata import (
    NAMES_PER_QUERY, WD, Facts, Item, NameHit, Statement, classes_query, dates_query, fetch, graph_select, links_query, names_query, positions_query,
)
from qkp_rdf.config import Config

from .conftest import FIXTURES
from .test_reconcile_server import ARTICLES, BASE, EXPECTED, LIVES, LIVES_EXPECTED, POSTS, POSTS_EXPECTED

# --- Name forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("Nikolay Skvortsov", "Nikolai Skvortsov"),
        ("Nikolai Belyaev", "Nikolay Belyaev"),
        ("Nikolai Belyaev", "Nikolai Belyayev"),
        ("Nikolai Belyayev", "Nikolai Belyaev"),
        ("Nikolai Belyaev", "Nikolai Beliaev"),
        ("Dinmukhamed Kunaev", "Dinmukhamed Konayev"),
        ("Dinmukhamed Konayev", "Dinmukhamed Kunaev"),
        ("Dinmukhamed Kunaev", "Dinmuhamed Kunaev"),
        ("Gennady Kolbin", "Gennadiy Kolbin"),
        ("Gennadii Kolbin", "Gennady Kolbin"),
        ("József Kováč", "Jozsef Kovac"),
        ("Łukasz Wiśniewski", "Lukasz Wisniewski"),
    ],
)
def test_spelling_variants_follow_romanization_rules(name: str, variant: str) -> None:
    assert variant in name_variants(name)


@pytest.mark.parametrize(
    ("name", "russian"),
    [
        ("Dinmukhamed Kunaev", "Динмухамед Кунаев"),
        ("Nikolay Skvortsov", "Николай Скворцов"),
        ("Nikolai Belyaev", "Николай Беляев"),
        ("Gennady Borkov", "Геннадий Борков"),
        ("Panteleimon Ponomarenko", "Пантелеймон Пономаренко"),
        ("Nursultan Nazarbayev", "Нурсултан Назарбаев"),
        ("Zhumabay Shayakhmetov", "Жумабай Шаяхметов"),
        ("Ismail Yusupov", "Исмаил Юсупов"),
        ("Levon Mirzoyan", "Левон Мирзоян"),
        ("Ivan Yakovlev", "Иван Яковлев"),
        ("Leonid Brezhnev", "Леонид Брежнев"),
    ],
)
def test_latin_names_are_also_looked_up_as_russian_spells_them(name: str, russian: str) -> None:
    assert russian in cyrillic_forms(name)


def test_names_in_other_scripts_are_looked_up_as_written() -> None:
    assert name_variants("Динмухамед Кунаев") == ["Динмухамед Кунаев"]
    assert cyrillic_forms("Динмухамед Кунаев") == []


@given(st.text(alphabet="abcdeghijklmnoprstuvyzAKNŁáčśę -'", max_size=40))
def test_variants_start_with_the_name_are_distinct_and_bounded(name: str) -> None:
    variants = name_variants(name)
    assert variants[0] == name
    assert len(variants) == len(set(variants)) <= MAX_NAME_VARIANTS
    assert len(cyrillic_forms(name)) <= MAX_CYRILLIC


# --- Queries -----------------------------------------------------------------------------------


def test_queries_are_standard_sparql_with_values_and_no_service() -> None:
    names = [("Levon Mirzoyan", "en"), ('A "quoted" \\ name', "ru"), ("Қазақстан", "kk-latn")]
    for text in (names_query(names), classes_query(["Q1", "Q2"]), dates_query(["Q1"]), links_query(["Q1"]), positions_query(["Q1"])):
        prepareQuery(text)  # raises on anything that is not SPARQL 1.1
        assert "VALUES" in text and "SERVICE" not in text.upper() and "wikibase:label" not in text


def test_a_name_with_quotes_is_found_exactly() -> None:
    graph = Graph()
    graph.add((URIRef(WD + "Q7"), RDFS.label, Literal('A "quoted" \\ name', lang="ru")))
    assert graph_select(graph)(names_query([('A "quoted" \\ name', "ru"), ("A quoted name", "ru")])) == [
        {"item": WD + "Q7", "text": 'A "quoted" \\ name', "lang": "ru", "how": "label"}
    ]


@pytest.fixture(scope="module")
def ours() -> Graph:
    return build_graph(load_models(ARTICLES), Config())


@pytest.fixture(scope="module")
def wikidata() -> Graph:
    graph = Graph()
    for path in sorted((FIXTURES / "wikidata").glob("*.ttl")):
        graph.parse(path)
    return graph


def test_look_ups_are_batched(ours: Graph, wikidata: Graph) -> None:
    sent: list[str] = []
    select = graph_select(wikidata)

    def recording(text: str) -> list[dict[str, str]]:
        sent.append(text)
        return select(text)

    wanted = lookups(entities(ours), languages(ours))
    facts = fetch(wanted, recording)
    name_queries = [q for q in sent if "rdfs:label ?name" in q]
    assert len(name_queries) == -(-len(wanted) // NAMES_PER_QUERY) >= 2
    assert all(len(re.findall(r'"@[\w-]+', q)) <= NAMES_PER_QUERY for q in name_queries)
    assert len(sent) == len(name_queries) + 4  # one batch of candidates: classes, dates, links, positions
    assert len(facts.items) > 20


def test_the_same_decisions_in_process_as_through_the_server(ours: Graph, wikidata: Graph) -> None:
    result = reconcile(ours, graph_select(wikidata))
    decided = {d.entity.iri.removeprefix(BASE): d.qid or d.status.value for d in result.decisions}
    assert decided == EXPECTED


def test_the_same_decisions_for_life_years_and_aliases_in_process(wikidata: Graph) -> None:
    result = reconcile(Graph().parse(data=LIVES, format="turtle"), graph_select(wikidata))
    assert {r["entity"].removeprefix(BASE): (r["qid"], str(r["score"]), r["status"]) for r in result.rows()} == LIVES_EXPECTED


def test_the_same_decisions_for_a_post_matched_through_its_holders_in_process(wikidata: Graph) -> None:
    result = reconcile(Graph().parse(data=POSTS, format="turtle"), graph_select(wikidata))
    assert {r["entity"].removeprefix(BASE): (r["qid"], str(r["score"]), r["status"]) for r in result.rows()} == POSTS_EXPECTED


def test_namesakes_tied_below_the_threshold_are_ambiguous_and_listed(ours: Graph, wikidata: Graph) -> None:
    """Above a threshold no one reaches, the two Ismail Yusupovs still tie: the row says so."""
    rows = {r["entity"].removeprefix(BASE): r for r in reconcile(ours, graph_select(wikidata), threshold=200).rows()}
    yusupov = rows["person/ismail-yusupov"]
    assert (yusupov["qid"], yusupov["score"], yusupov["status"]) == ("Q9002014 Q9002015", 50, "ambiguous")
    assert [e.split(":")[0] for e in yusupov["evidence"]] == ["Q9002014 (50)", "Q9002015 (50)"]
    # One candidate short of the threshold, with no rival, is not enough evidence: unmatched.
    kunaev = rows["person/dinmukhamed-kunaev"]
    assert (kunaev["qid"], kunaev["status"], kunaev["evidence"][-1]) == ("", "unmatched", "not enough evidence")


def test_the_threshold_sets_the_score_needed(ours: Graph, wikidata: Graph) -> None:
    select = graph_select(wikidata)
    default = reconcile(ours, select).links()
    strict = reconcile(ours, select, threshold=90)
    assert set(strict.links()) < set(default)
    assert strict.links() == {iri: q for iri, q in default.items() if iri in strict.links()}  # never another item
    assert all(d.score >= 90 for d in strict.decisions if d.qid)
    assert {i.removeprefix(BASE) for i in strict.links()} == {
        "party/communist-party-of-kazakhstan-soviet-union", "party/communist-party-of-kazakhstan", "party/socialist-party-kazakhstan",
        "party/labour-party-of-ruritania", "party/social-democratic-party-of-ruritania",
        # The posts score 90 (a name, the party, held by our people), so holding them counts:
        "post/communist-party-of-kazakhstan-soviet-union-first-secretary", "post/labour-party-of-ruritania-leader",
        "person/levon-mirzoyan", "person/nikolay-skvortsov", "person/leonid-brezhnev", "person/ivan-yakovlev", "person/dinmukhamed-kunaev",
        "person/gennady-kolbin", "person/nursultan-nazarbayev", "person/jiri-dvorak", "person/stefan-turcanu",
    }  # not the people whose only evidence is their life (50), nor, above 90, the posts and then their holders
    # At 100 no party reaches it on its dates (90), and every other link needs a match first.
    assert reconcile(ours, select, threshold=100).links() == {}


# --- Entities ----------------------------------------------------------------------------------


def test_entities_of_the_seed(seed_graph: Graph) -> None:
    found = {e.iri.removeprefix(BASE): e for e in entities(seed_graph)}
    assert sum(e.kind is Kind.PERSON for e in found.values()) == 12
    assert sorted(k for k, e in found.items() if e.kind is Kind.PARTY) == [
        "party/communist-party-of-kazakhstan", "party/communist-party-of-kazakhstan-soviet-union",
        "party/communist-party-of-the-soviet-union", "party/socialist-party-kazakhstan",
    ]
    kunaev = found["person/dinmukhamed-kunaev"]
    assert [(t.ordinal, str(t.start), str(t.end)) for t in kunaev.terms] == [(9, "1960-01-19", "1962-12-26"), (11, "1964-12-07", "1986-12-16")]
    assert kunaev.terms[0].previous_holder == BASE + "person/nikolai-belyaev"
    assert kunaev.terms[0].article == BASE + "article/communist-party-of-kazakhstan"
    party = found["party/communist-party-of-kazakhstan-soviet-union"]
    assert (str(party.founded), str(party.dissolved)) == ("1936", "1991-09-07")
    assert ("Қазақстан Коммунистік партиясы", "kk") in party.names
    assert (Relation.PARENT, BASE + "party/communist-party-of-the-soviet-union") in party.links
    assert str(found["party/communist-party-of-kazakhstan"].founded) == "1991-10"  # from the event that created it
    assert languages(seed_graph) == ("en", "kk", "kk-latn", "ru")


PEOPLE = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://example.org/person/pyotr-agniashvili> a foaf:Person ; foaf:name "Pyotr Agniashvili" ; rdfs:label "Pyotr Agniashvili" ;
    skos:altLabel "Agniev" ; schema:birthDate "1893"^^xsd:gYear ; schema:deathDate "1938-04"^^xsd:gYearMonth .
<https://example.org/person/nino-kavtaradze> a foaf:Person ; foaf:name "Nino Kavtaradze" ;
    schema:deathDate "1950-04-12"^^xsd:date .
<https://example.org/person/one-name> a foaf:Person ; foaf:name "Anna Alpha" ; skos:altLabel "Anna Alpha" .
"""
AGNIASHVILI, KAVTARADZE = "https://example.org/person/pyotr-agniashvili", "https://example.org/person/nino-kavtaradze"


def test_people_have_their_life_years_at_the_precision_given_and_their_aliases() -> None:
    found = {e.iri: e for e in entities(Graph().parse(data=PEOPLE, format="turtle"))}
    agniashvili, kavtaradze = found[AGNIASHVILI], found[KAVTARADZE]
    assert (agniashvili.born, agniashvili.died) == (PartialDate(1893), PartialDate(1938, 4))
    assert (kavtaradze.born, kavtaradze.died) == (None, PartialDate(1950, 4, 12))  # only a death date
    assert agniashvili.aliases == ("Agniev",) and ("Agniev", "") in agniashvili.names
    assert kavtaradze.aliases == ()
    assert found["https://example.org/person/one-name"].aliases == ()  # also its name: not only an alias


def test_an_alias_is_looked_up_with_its_spellings_and_a_name_shared_with_it_is_the_name() -> None:
    entity = next(e for e in entities(Graph().parse(data=PEOPLE, format="turtle")) if e.iri == AGNIASHVILI)
    forms = name_forms(entity)
    assert (forms["Agniev"], forms["Agniyev"], forms["Агниев"]) == ("Agniev", "Agniev", "Agniev")
    assert forms["Pyotr Agniashvili"] == "Pyotr Agniashvili"
    assert {("Agniev", "en"), ("Agniev", "ru"), ("Агниев", "ru")} <= lookups([entity], ("en", "ru"))
    both = Entity("https://example.org/person/b", Kind.PERSON, "Bea Beta", (("Bea Beta", ""), ("Bea Beta", "en")), aliases=())
    assert name_forms(both)["Bea Beta"] == "Bea Beta"


def test_life_years_and_aliases_through_the_queries_sent() -> None:
    """End to end in process: our Turtle, an endpoint's canned answers, the decisions."""
    prop = "http://www.wikidata.org/prop/direct/"
    names = [("Q11", "Agniev", "label"), ("Q12", "Pyotr Agniashvili", "label"), ("Q21", "Nino Kavtaradze", "label"), ("Q22", "Nino Kavtaradze", "alias")]
    answers = {
        "names": [{"item": WD + q, "text": text, "lang": "en", "how": how} for q, text, how in names],
        "classes": [{"item": WD + q, "class": WD + "Q5"} for q in ("Q11", "Q12", "Q21", "Q22")],
        "dates": [
            {"item": WD + "Q11", "property": prop + "P569", "date": "1893-01-01T00:00:00Z"},
            {"item": WD + "Q12", "property": prop + "P569", "date": "1901-06-02T00:00:00Z"},
            {"item": WD + "Q12", "property": prop + "P570", "date": "1938-01-01T00:00:00Z"},
            {"item": WD + "Q21", "property": prop + "P570", "date": "1951-01-01T00:00:00Z"},
            {"item": WD + "Q22", "property": prop + "P569", "date": "1880-01-01T00:00:00Z"},
            {"item": WD + "Q22", "property": prop + "P570", "date": "1948-12-31T00:00:00Z"},
        ],
    }
    sent: list[str] = []

    def endpoint(text: str) -> list[dict[str, str]]:
        sent.append(text)
        kind = "names" if "rdfs:label ?name" in text else "classes" if "wdt:P279*" in text else "dates" if "wdt:P569" in text else "other"
        return answers.get(kind, [])

    result = reconcile(Graph().parse(data=PEOPLE, format="turtle"), endpoint)
    rows = {r["entity"]: r for r in result.rows()}
    assert (rows[AGNIASHVILI]["qid"], rows[AGNIASHVILI]["score"], rows[AGNIASHVILI]["status"]) == ("Q11", 50, "matched")
    assert rows[AGNIASHVILI]["evidence"] == ['label "Agniev"@en, our alias (skos:altLabel)', "a human (P31 Q5)", "born (P569) 1893 agrees with our 1893"]
    agniashvili = next(d for d in result.decisions if d.entity.iri == AGNIASHVILI)
    assert [(c.qid, c.score, c.excluded) for c in agniashvili.candidates] == [("Q11", 50, None), ("Q12", 0, "born (P569) 1901, we have 1893")]
    assert (rows[KAVTARADZE]["qid"], rows[KAVTARADZE]["score"]) == ("Q21", 50)
    assert rows[KAVTARADZE]["evidence"][-1] == "died (P570) 1951 agrees with our 1950-04-12"  # 1950-04-12 and 1951: within a year
    kavtaradze = next(d for d in result.decisions if d.entity.iri == KAVTARADZE)
    assert kavtaradze.candidates[1].excluded == "died (P570) 1948, we have 1950-04-12"  # born 1880: nothing of ours to hold it against
    # The dates come in the query already sent for the candidates, batched with the others.
    (dates,) = [q for q in sent if "wdt:P569" in q]
    assert "wdt:P570" in dates and all(f"wd:{q}" in dates for q in ("Q11", "Q12", "Q21", "Q22"))
    assert len(sent) == len([q for q in sent if "rdfs:label ?name" in q]) + 4


# --- Scoring rules, on hand-made facts ---------------------------------------------------------

POST, PARTY = "https://example.org/post", "https://example.org/party"


def person(name: str = "Anna Alpha", start: str = "1950-03-01", end: str | None = "1955-06-30", ordinal: int = 1, *,
           born: PartialDate | None = None, died: PartialDate | None = None, aliases: tuple[str, ...] = ()) -> Entity:
    term = Term(f"https://example.org/term/{ordinal}", POST, ordinal, ordinal, PartialDate(*map(int, start.split("-"))), PartialDate(*map(int, end.split("-"))) if end else None,
                False, None, None, "https://example.org/article")
    names = tuple(sorted({(name, ""), *((a, "") for a in aliases)}))
    return Entity(f"https://example.org/person/{name.replace(' ', '-')}", Kind.PERSON, name, names, terms=(term,), aliases=aliases, born=born, died=died)


def item(q: str, name: str = "Anna Alpha", *, classes: tuple[str, ...] = ("Q5",), born: int | None = None, died: int | None = None, held: tuple[Statement, ...] = ()) -> Item:
    dates = {p: [dt.date(y, 1, 1)] for p, y in (("P569", born), ("P570", died)) if y}
    return Item(q, {NameHit(name, "en", "label")}, set(classes), dates, list(held))


def one(entity: Entity, *items: Item, edges: set[tuple[str, str, str]] | None = None, threshold: int = 50) -> tuple[Status, str, list[tuple[str, int, str | None]]]:
    decision = decide([entity], Facts({i.qid: i for i in items}, edges or set()), threshold=threshold)[0]
    return decision.status, " ".join(c.qid for c in decision.chosen), [(c.qid, c.score, c.excluded) for c in decision.candidates]


def test_a_life_that_spans_the_term_matches_and_one_that_cannot_is_excluded() -> None:
    status, chosen, candidates = one(person(), item("Q1", born=1900, died=1970), item("Q2", born=1960), item("Q3", born=1800), item("Q4", born=1890, died=1949))
    assert (status, chosen) == (Status.MATCHED, "Q1")
    assert [(q, s) for q, s, _ in candidates] == [("Q1", 50), ("Q2", 0), ("Q3", 0), ("Q4", 0)]
    assert [e for _, _, e in candidates] == [
        None, "born 1960: cannot have held office in 1950–1955", "born 1800: cannot have held office in 1950–1955", "died 1949, before the term ended (1955)",
    ]


def test_our_life_years_exclude_an_item_more_than_a_year_off_and_add_points_within_a_year() -> None:
    ours = person(born=PartialDate(1893), died=PartialDate(1960, 5, 2))  # in office 1950–1955
    status, chosen, candidates = one(
        ours,
        item("Q1", born=1894, died=1960),  # both within a year: 10 + life spans the term 40 + 40 + 40
        item("Q2", born=1892),  # a year off: agrees
        item("Q3"),  # no dates: a name only, as before
        item("Q4", born=1895, died=1960),  # two years off: its life would span the term, and its death agrees
        item("Q5", born=1893, died=1962),
    )
    assert (status, chosen) == (Status.MATCHED, "Q1")
    assert candidates == [
        ("Q1", 130, None), ("Q2", 90, None), ("Q3", 10, None),
        ("Q4", 0, "born (P569) 1895, we have 1893"), ("Q5", 0, "died (P570) 1962, we have 1960-05-02"),
    ]
    evidence = decide([ours], Facts({"Q1": item("Q1", born=1894, died=1960)}, set()))[0].chosen[0].evidence
    assert evidence[-2:] == ("born (P569) 1894 agrees with our 1893", "died (P570) 1960 agrees with our 1960-05-02")


def test_an_item_without_life_dates_scores_as_without_ours_and_one_birth_year_that_agrees_is_enough() -> None:
    plain, dated = person(), person(born=PartialDate(1893, 5))
    undated = [item("Q1"), item("Q2", held=(Statement("s", "Q20", (dt.date(1950, 3, 1),), ()),))]
    assert one(plain, *undated) == one(dated, *undated)
    # A birth year found twice in Wikidata: one of them within a year agrees.
    twice = Item("Q3", {NameHit("Anna Alpha", "en", "label")}, {"Q5"}, {"P569": [dt.date(1880, 1, 1), dt.date(1893, 5, 17)]})
    assert one(dated, twice)[2] == [("Q3", 90, None)]
    # Without terms, the name and the birth year are a match (a name and one piece of evidence).
    termless = Entity("https://example.org/person/x", Kind.PERSON, "Anna Alpha", (("Anna Alpha", ""),), born=PartialDate(1893))
    assert one(termless, item("Q1", born=1893), item("Q2"))[:2] == (Status.MATCHED, "Q1")
    assert one(termless, item("Q1", born=1891))[2] == [("Q1", 0, "born (P569) 1891, we have 1893")]


def test_our_birth_year_is_the_reason_given_when_the_terms_rule_the_item_out_too() -> None:
    assert one(person(born=PartialDate(1893)), item("Q1", born=1960))[2] == [("Q1", 0, "born (P569) 1960, we have 1893")]
    assert one(person(), item("Q1", born=1960))[2] == [("Q1", 0, "born 1960: cannot have held office in 1950–1955")]


def test_an_item_found_by_our_alias_is_a_candidate_and_the_evidence_says_so() -> None:
    ours = person("Pyotr Agniashvili", born=PartialDate(1893), aliases=("Agniev",))
    by_alias = item("Q1", "Agniev")
    by_spelling = Item("Q2", {NameHit("Agniyev", "ru", "alias")}, {"Q5"}, {"P569": [dt.date(1893, 1, 1)]})
    by_both = Item("Q3", {NameHit("Agniev", "en", "label"), NameHit("Pyotr Agniashvili", "en", "alias")}, {"Q5"}, {})
    decision = decide([ours], Facts({i.qid: i for i in (by_alias, by_spelling, by_both)}, set()))[0]
    assert [(c.qid, c.score) for c in decision.candidates] == [("Q2", 90), ("Q1", 10), ("Q3", 10)]  # Q2: its life spans the term, born our year
    assert [c.evidence[0] for c in decision.candidates] == [
        'alias "Agniyev"@ru, a spelling of our alias (skos:altLabel) "Agniev"', 'label "Agniev"@en, our alias (skos:altLabel)', 'alias "Pyotr Agniashvili"@en',
    ]  # found by our name and by our alias: the name is the evidence shown
    assert decision.status is Status.MATCHED and decision.qid == "Q2"


def test_a_name_alone_is_not_enough_and_a_non_human_is_excluded() -> None:
    assert one(person(), item("Q1"))[:2] == (Status.UNMATCHED, "")
    assert one(person(), item("Q1", classes=("Q11424",), born=1900))[2] == [("Q1", 0, "not a human (P31 Q5)")]


def test_candidates_the_evidence_cannot_separate_are_ambiguous() -> None:
    status, chosen, _ = one(person(), item("Q1", born=1900), item("Q2", born=1910, died=1990))
    assert (status, chosen) == (Status.AMBIGUOUS, "Q1 Q2")


def test_candidates_that_fit_equally_are_ambiguous_whatever_the_threshold() -> None:
    # Found by the name alone, both: a tie far below the threshold is still a tie, not "unmatched".
    assert one(person(), item("Q1"), item("Q2"))[:2] == (Status.AMBIGUOUS, "Q1 Q2")
    # Both lives span the term (50 each), under a threshold of 60; the weaker third is not listed.
    assert one(person(), item("Q1", born=1900), item("Q2", born=1910, died=1990), item("Q3"), threshold=60)[:2] == (Status.AMBIGUOUS, "Q1 Q2")
    # An excluded namesake is no rival: one fitting candidate short of the threshold is unmatched.
    assert one(person(), item("Q1"), item("Q2", born=1960))[:2] == (Status.UNMATCHED, "")
    assert one(person(), item("Q1", born=1960), item("Q2", born=1800))[:2] == (Status.UNMATCHED, "")
    # A clear best above the threshold is matched as before, though two weaker ones tie behind it.
    assert one(person(), item("Q1", born=1900), item("Q2"), item("Q3"))[:2] == (Status.MATCHED, "Q1")


LEADER = Entity(POST, Kind.POST, "Leader", (("Leader", "en"),), links=((Relation.POST_IN, PARTY),))


def held(position: str, start: dt.date | None = None, end: dt.date | None = None) -> Statement:
    return Statement(f"s-{position}-{start}", position, (start,) if start else (), (end,) if end else ())


def test_a_position_with_our_posts_label_that_our_people_hold_is_our_post_without_a_party_link() -> None:
    anna, bea = person("Anna Alpha"), person("Bea Beta", "1956-01-01", "1960-01-01", ordinal=2)
    people = {
        "Q1": item("Q1", born=1900, held=(held("Q20", dt.date(1950, 3, 1), dt.date(1955, 6, 30)), held("Q21"))),
        "Q2": item("Q2", born=1905),  # Anna's namesake: their lives both span her term
        "Q3": item("Q3", "Bea Beta", born=1910, held=(held("Q20"), held("Q21"))),
    }
    positions = {
        "Q20": item("Q20", "Leader", classes=("Q4164871",)),  # our label; no P2389 to any party
        "Q21": Item("Q21", {NameHit("Leader", "en", "alias")}, {"Q4164871"}, {}),  # held by both too, but our label is only its alias
    }
    decisions = {d.entity.iri: d for d in decide([anna, bea, LEADER], Facts(people | positions, set()))}
    post = decisions[POST]
    assert (post.status, post.qid, [(c.qid, c.score) for c in post.candidates]) == (Status.MATCHED, "Q20", [("Q20", 50), ("Q21", 10)])
    assert post.chosen[0].evidence[-1] == "held (P39) by 2 of our people who held this post: Anna Alpha, Bea Beta"
    # The people, then, through it: Anna's term overlaps Q1's statement; Bea's is undated.
    assert [(decisions[p.iri].qid, decisions[p.iri].candidates[0].score) for p in (anna, bea)] == [("Q1", 110), ("Q3", 90)]
    assert decisions[anna.iri].candidates[1].score == 50


def test_one_holder_or_a_holder_matched_elsewhere_does_not_make_a_position_our_post() -> None:
    anna, bea = person("Anna Alpha"), person("Bea Beta", "1956-01-01", "1960-01-01", ordinal=2)
    leader = item("Q20", "Leader", classes=("Q4164871",))
    alone = Facts({"Q1": item("Q1", born=1900, held=(held("Q20"),)), "Q2": item("Q2", born=1905), "Q3": item("Q3", "Bea Beta", born=1910), "Q20": leader}, set())
    decisions = {d.entity.iri: d for d in decide([anna, bea, LEADER], alone)}
    assert (decisions[POST].status, decisions[POST].candidates[0].score) == (Status.UNMATCHED, 10)
    assert decisions[anna.iri].status is Status.AMBIGUOUS
    # Bea is matched on her birth year to Q3, who does not hold it; her namesake Q4 does, but Q4 is not her.
    dated = replace(bea, born=PartialDate(1910))
    elsewhere = Facts(alone.items | {"Q4": item("Q4", "Bea Beta", held=(held("Q20"),))}, set())
    decisions = {d.entity.iri: d for d in decide([anna, dated, LEADER], elsewhere)}
    assert decisions[dated.iri].qid == "Q3"
    assert (decisions[POST].status, decisions[POST].candidates[0].score) == (Status.UNMATCHED, 10)


def test_holding_the_post_during_the_term_separates_namesakes_once_the_post_is_matched() -> None:
    post = Entity(POST, Kind.POST, "Leader", (("Leader", "en"),), links=((Relation.POST_IN, PARTY),))
    party = Entity(PARTY, Kind.PARTY, "Party", (("Party", "en"),), founded=PartialDate(1920))
    held = Statement("s1", "Q20", (dt.date(1950, 3, 1),), (dt.date(1955, 1, 1),))  # a year-precision end: 1955
    facts = Facts(
        {"Q1": item("Q1", born=1900, held=(held,)), "Q2": item("Q2", born=1905), "Q20": item("Q20", "Leader", classes=("Q4164871",)),
         "Q30": Item("Q30", {NameHit("Party", "en", "label")}, {"Q7278"}, {"P571": [dt.date(1920, 1, 1)]})},
        {("Q20", "P2389", "Q30")},
    )
    decisions = {d.entity.iri: d for d in decide([person(), post, party], facts)}
    assert [decisions[i].qid for i in (PARTY, POST)] == ["Q30", "Q20"]
    best = decisions[person().iri]
    assert (best.status, best.qid, [c.score for c in best.candidates]) == (Status.MATCHED, "Q1", [110, 50])
    assert best.candidates[0].score - best.candidates[1].score >= MARGIN


def test_one_item_for_two_entities_links_neither() -> None:
    a, b = person("Anna Alpha"), person("Anna Alfa", ordinal=2)
    shared = Item("Q1", {NameHit("Anna Alpha", "en", "label"), NameHit("Anna Alfa", "en", "alias")}, {"Q5"}, {"P569": [dt.date(1900, 1, 1)]})
    decisions = decide([a, b], Facts({"Q1": shared}, set()))
    assert [(d.status, d.note) for d in decisions] == [(Status.AMBIGUOUS, "Q1 also fits Anna Alfa"), (Status.AMBIGUOUS, "Q1 also fits Anna Alpha")]


def test_party_dates_must_agree_within_a_year() -> None:
    party = Entity(PARTY, Kind.PARTY, "Party", (("Party", "en"),), founded=PartialDate(1936), dissolved=PartialDate(1991, 9, 7))
    founded_later = Item("Q1", {NameHit("Party", "en", "label")}, {"Q7278"}, {"P571": [dt.date(1991, 10, 1)]})
    right = Item("Q2", {NameHit("Party", "en", "label")}, {"Q7278"}, {"P571": [dt.date(1937, 1, 1)], "P576": [dt.date(1991, 1, 1)]})
    status, chosen, candidates = one(party, founded_later, right)
    assert (status, chosen) == (Status.MATCHED, "Q2")
    assert candidates == [("Q2", 90, None), ("Q1", 0, "inception (P571) 1991, ours is 1936")]


@pytest.mark.parametrize(
    ("starts", "ends", "expected"),
    [
        ((dt.date(1950, 3, 1),), (dt.date(1955, 6, 30),), True),
        ((dt.date(1955, 7, 1),), (), False),  # began after the term
        ((dt.date(1940, 1, 1),), (dt.date(1950, 1, 1),), True),  # a year-precision end: any day of 1950
        ((dt.date(1940, 1, 1),), (dt.date(1949, 12, 31),), False),
        ((), (dt.date(1951, 1, 1),), True),
    ],
)
def test_overlap_of_a_statement_and_a_term(starts: tuple[dt.date, ...], ends: tuple[dt.date, ...], expected: bool) -> None:
    assert overlaps(Statement("s", "Q20", starts, ends), person().terms[0]) is expected


# --- QuickStatements ---------------------------------------------------------------------------


def test_time_values_keep_the_precision_of_the_source() -> None:
    assert [time_value(PartialDate(*p)) for p in ((1937, 4, 23), (1934, 3), (1921,))] == [
        "+1937-04-23T00:00:00Z/11", "+1934-03-00T00:00:00Z/10", "+1921-00-00T00:00:00Z/9",
    ]


def test_quickstatements_for_an_open_approximate_term_and_never_for_one_wikidata_has() -> None:
    post = Entity(POST, Kind.POST, "Leader", (("Leader", "en"),), links=((Relation.POST_IN, PARTY),))
    party = Entity(PARTY, Kind.PARTY, "Party", (("Party", "en"),), founded=PartialDate(1920))
    term = Term("t", POST, 3, 3, PartialDate(1950, approximate=True), None, True, None, None, "https://example.org/article")
    newcomer = Entity("https://example.org/person/b", Kind.PERSON, "Bea Beta", (("Bea Beta", ""),), terms=(term,))
    has_it = person()
    facts = Facts(
        {"Q1": item("Q1", born=1900, held=(Statement("s", "Q20", (dt.date(1950, 1, 1),), ()),)), "Q2": item("Q2", "Bea Beta", born=1920),
         "Q20": item("Q20", "Leader", classes=("Q4164871",)), "Q30": Item("Q30", {NameHit("Party", "en", "label")}, {"Q7278"}, {"P571": [dt.date(1920, 1, 1)]})},
        {("Q20", "P2389", "Q30")},
    )
    batch = quickstatements(decide([has_it, newcomer, post, party], facts), facts)
    assert batch.lines == ('Q2\tP39\tQ20\tP580\t+1950-00-00T00:00:00Z/9\tP1545\t"3"\tP1480\tQ5727902\tS854\t"https://example.org/article"',)
    assert batch.notes == ()
    # A term the table does not number (no ordinal column, an acting holder) gets no series ordinal.
    uncounted = replace(newcomer, terms=(replace(term, ordinal=None),))
    batch = quickstatements(decide([has_it, uncounted, post, party], facts), facts)
    assert batch.lines == ('Q2\tP39\tQ20\tP580\t+1950-00-00T00:00:00Z/9\tP1480\tQ5727902\tS854\t"https://example.org/article"',)


# --- Cache and links ---------------------------------------------------------------------------


def test_the_cache_answers_offline_and_refuses_what_it_lacks(tmp_path: Path) -> None:
    calls: list[str] = []

    def endpoint(text: str) -> list[dict[str, str]]:
        calls.append(text)
        return [{"b": "2", "a": "1"}, {"a": "0"}]

    cache = Cache()
    assert cache.select(endpoint)("Q") == [{"a": "0"}, {"a": "1", "b": "2"}]
    cache.links = {BASE + "person/x": "Q5"}
    (tmp_path / "c.json").write_text(cache.text(), "utf-8")
    again = Cache.load(tmp_path / "c.json")
    assert again.select(None, source="c.json")("Q") == [{"a": "0"}, {"a": "1", "b": "2"}] and calls == ["Q"]
    with pytest.raises(UsageError, match="c.json: holds no answer"):
        again.select(None, source="c.json")("another query")
    assert again.text() == cache.text()  # the same answers and links, byte for byte
    assert json.loads(cache.text())["answers"] == [{"query": "Q", "rows": [{"a": "0"}, {"a": "1", "b": "2"}]}]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "qkp-rdf reconcile cache 1",\n "links": {,}}', r"c\.json:2: not a reconcile cache"),
        ('{"format": "something else"}', r"c\.json: not a reconcile cache"),
        ('{"format": "qkp-rdf reconcile cache 1", "links": {"x": "P31"}, "answers": []}', r"c\.json: not a Wikidata item id: 'P31'"),
    ],
)
def test_a_bad_cache_is_bad_input(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "c.json").write_text(content, "utf-8")
    with pytest.raises(InputError, match=message):
        Cache.load(tmp_path / "c.json")


def test_links_are_merged_only_for_entities_the_graph_describes(tmp_path: Path, seed_graph: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    cache = Cache(links={BASE + "person/levon-mirzoyan": "Q9002001", BASE + "person/someone-else": "Q1"})
    (tmp_path / "c.json").write_text(cache.text(), "utf-8")
    links = same_as_links(tmp_path / "c.json", seed_graph)
    assert set(links) == {(URIRef(BASE + "person/levon-mirzoyan"), OWL.sameAs, URIRef(WD + "Q9002001"))}
    assert main(["build", "--out", str(tmp_path / "out"), "--links", str(tmp_path / "missing.json")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"error: {tmp_path / 'missing.json'}: no such file"
    assert not (tmp_path / "out").exists()


def test_offline_without_a_cache_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.ttl"
    data.write_text((FIXTURES.parent / "expected" / "communist-party-of-kazakhstan.ttl").read_text("utf-8"), "utf-8")
    code = main(["reconcile", "--data", str(data), "--offline", "--cache", str(tmp_path / "none.json")])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path / 'none.json'}: no such file: --offline answers from the cache, which does not exist (run reconcile without --offline first, or give --cache FILE)\n"
    assert not (tmp_path / "none.json").exists()
