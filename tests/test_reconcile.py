"""Reconciliation in process: name forms, the queries, the scoring rules, QuickStatements, the cache.

The end-to-end run against a real Oxigraph server is in test_reconcile_server.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.plugins.sparql import prepareQuery

from qkp_rdf.build import build_graph, load_models
from qkp_rdf.cli import main
from qkp_rdf.dates import PartialDate
from qkp_rdf.errors import InputError, UsageError
from qkp_rdf.reconcile import Cache, reconcile, same_as_links
from qkp_rdf.reconcile.entities import Entity, Kind, Relation, Term, entities, languages
from qkp_rdf.reconcile.names import MAX_CYRILLIC, MAX_NAME_VARIANTS, cyrillic_forms, name_variants
from qkp_rdf.reconcile.quickstatements import quickstatements, time_value
from qkp_rdf.reconcile.scoring import MARGIN, Status, decide, lookups, overlaps
from qkp_rdf.reconcile.wikidata import (
    NAMES_PER_QUERY, WD, Facts, Item, NameHit, Statement, classes_query, dates_query, fetch, graph_select, links_query, names_query, positions_query,
)
from qkp_rdf.settings import Settings

from .conftest import FIXTURES
from .test_reconcile_server import ARTICLES, BASE, EXPECTED

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
    return build_graph(load_models(ARTICLES), Settings())


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
    }  # the posts score 50, so no one's position held counts


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


# --- Scoring rules, on hand-made facts ---------------------------------------------------------

POST, PARTY = "https://example.org/post", "https://example.org/party"


def person(name: str = "Anna Alpha", start: str = "1950-03-01", end: str | None = "1955-06-30", ordinal: int = 1) -> Entity:
    term = Term(f"https://example.org/term/{ordinal}", POST, ordinal, PartialDate(*map(int, start.split("-"))), PartialDate(*map(int, end.split("-"))) if end else None,
                False, None, None, "https://example.org/article")
    return Entity(f"https://example.org/person/{name.replace(' ', '-')}", Kind.PERSON, name, ((name, ""),), terms=(term,))


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


def test_a_name_alone_is_not_enough_and_a_non_human_is_excluded() -> None:
    assert one(person(), item("Q1"))[:2] == (Status.UNMATCHED, "")
    assert one(person(), item("Q1", classes=("Q11424",), born=1900))[2] == [("Q1", 0, "not a human (P31 Q5)")]


def test_candidates_the_evidence_cannot_separate_are_ambiguous() -> None:
    status, chosen, _ = one(person(), item("Q1", born=1900), item("Q2", born=1910, died=1990))
    assert (status, chosen) == (Status.AMBIGUOUS, "Q1 Q2")


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
    term = Term("t", POST, 3, PartialDate(1950, approximate=True), None, True, None, None, "https://example.org/article")
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
    assert err == f"error: {tmp_path / 'none.json'}: holds no answer to one of the queries this graph needs; run reconcile with an endpoint\n"
    assert not (tmp_path / "none.json").exists()
