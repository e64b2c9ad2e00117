"""`qkp-rdf reconcile` against a Wikidata-shaped fixture in a real Oxigraph server on 127.0.0.1.

The data: the bundled article and the Labour Party of Ruritania (dates at month and year
precision), built into one dataset. The fixture (tests/fixtures/wikidata/) sets these traps:

- namesakes from other eras: Ivan Yakovlev (a 19th-century one, and one whose life fits but who
  never held the post), Nikolay Skvortsov, Nikolai Belyaev and Jiří Dvořák (born after the
  terms); a film named Leonid Brezhnev; a film named after the CPSU;
- people found only through an alias (Zhumabay Shayakhmetov), a Russian label (Ponomarenko),
  or a spelling variant (Nikolai Skvortsov, Nikolai Belyayev, Dinmukhamed Konayev, Jozsef
  Kovac, Stefan Turcanu);
- people and parties absent: Gennady Borkov; the People's Labour Movement (an older party of
  that name is there);
- two items the evidence cannot separate: two Ismail Yusupovs whose lives both span the term;
- two parties sharing a name: the Communist Party of Kazakhstan of 1936-1991 and the one of
  1991-2015; several Socialist Parties; two posts named First Secretary of the CPK.

A second, hand-written dataset (:data:`LIVES`: people with life years and aliases, no terms;
items in lives.ttl) sets the traps of life years and aliases: a namesake born eight years
off, the right one born a year off; an only candidate born two years off (excluded, though
his death year agrees); an item found by an alias only; a death year without a birth year.

A third (:data:`POSTS`: a party, its post and four holders; items in posts.ttl) sets the traps
of a post Wikidata does not link to its party: the position with our post's exact label that
three of our people hold, one that has our label only as an alias (held by two of ours), one
with our exact label held by one of ours only; a holder with a namesake whose life spans the
term too; and a holder with two namesakes that have nothing but the name.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from tests.reference import build_graph, load_models
from qkp_rdf.cli import main
from qkp_rdf.cli.options import parser as _parser
from qkp_rdf.errors import RemoteError
from qkp_rdf.config import WIKIDATA_ENDPOINT
from qkp_rdf.reconcile.wikidata import WD, endpoint_select
from qkp_rdf.remote import USER_AGENT
from qkp_rdf.config import Config

from .conftest import FIXTURES, ROOT
from .oxigraph_server import OxigraphServer
from .front_server import FrontServer

ARTICLES = [ROOT / "src/qkp_rdf/data/communist-party-of-kazakhstan.txt", FIXTURES / "articles/labour-party-of-ruritania.txt"]
BASE = "https://w3id.org/qkp/id/"

#: What reconciliation must decide for every entity: a QID (matched), "ambiguous" or "unmatched".
EXPECTED = {
    "party/communist-party-of-kazakhstan-soviet-union": "Q9001001",
    "party/communist-party-of-kazakhstan": "Q9001002",
    "party/communist-party-of-the-soviet-union": "Q9001003",
    "party/socialist-party-kazakhstan": "Q9001004",
    "post/communist-party-of-kazakhstan-soviet-union-first-secretary": "Q9001010",
    "person/levon-mirzoyan": "Q9002001",
    "person/nikolay-skvortsov": "Q9002002",
    "person/gennady-borkov": "unmatched",
    "person/zhumabay-shayakhmetov": "Q9002004",
    "person/panteleimon-ponomarenko": "Q9002005",
    "person/leonid-brezhnev": "Q9002006",
    "person/ivan-yakovlev": "Q9002008",
    "person/nikolai-belyaev": "Q9002011",
    "person/dinmukhamed-kunaev": "Q9002013",
    "person/ismail-yusupov": "ambiguous",
    "person/gennady-kolbin": "Q9002016",
    "person/nursultan-nazarbayev": "Q9002017",
    "party/labour-party-of-ruritania": "Q9003001",
    "party/social-democratic-party-of-ruritania": "Q9003002",
    "party/peoples-labour-movement-ruritania": "unmatched",
    "post/labour-party-of-ruritania-leader": "Q9003010",
    "person/jozsef-kovac": "Q9004001",
    "person/agnes-horvathova": "Q9004002",
    "person/jiri-dvorak": "Q9004003",
    "person/łukasz-wisniewski": "Q9004005",
    "person/stefan-turcanu": "Q9004006",
}

#: People as the published graph gives them: a name, life years at the precision the source
#: gives (unknown parts absent), aliases as plain skos:altLabel.
LIVES = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix person: <https://w3id.org/qkp/id/person/> .

person:vakhtang-beridze a foaf:Person ; foaf:name "Vakhtang Beridze" ; rdfs:label "Vakhtang Beridze" ;
    schema:birthDate "1893"^^xsd:gYear ; schema:deathDate "1937"^^xsd:gYear .
person:shalva-eliava a foaf:Person ; foaf:name "Shalva Eliava" ; rdfs:label "Shalva Eliava" ;
    schema:birthDate "1883"^^xsd:gYear ; schema:deathDate "1937-06"^^xsd:gYearMonth .
person:pyotr-agniashvili a foaf:Person ; foaf:name "Pyotr Agniashvili" ; rdfs:label "Pyotr Agniashvili" ;
    skos:altLabel "Agniev" ; schema:birthDate "1893-05"^^xsd:gYearMonth .
person:nino-kavtaradze a foaf:Person ; foaf:name "Nino Kavtaradze" ; rdfs:label "Nino Kavtaradze" ;
    schema:deathDate "1950-04-12"^^xsd:date .
"""

#: What reconciliation must decide for the people of LIVES: (qid, score, status).
LIVES_EXPECTED = {
    "person/vakhtang-beridze": ("Q9005002", "90", "matched"),
    "person/shalva-eliava": ("", "0", "unmatched"),
    "person/pyotr-agniashvili": ("Q9005004", "50", "matched"),
    "person/nino-kavtaradze": ("Q9005006", "50", "matched"),
}

#: A party, its post and the post's holders, as the published graph gives them; Wikidata links the
#: post's item to nothing of ours (posts.ttl).
POSTS = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix qkp: <https://w3id.org/qkp/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix party: <https://w3id.org/qkp/id/party/> .
@prefix post: <https://w3id.org/qkp/id/post/> .
@prefix person: <https://w3id.org/qkp/id/person/> .
@prefix term: <https://w3id.org/qkp/id/term/> .

party:agrarian-league-of-borduria a qkp:PoliticalParty , org:FormalOrganization ; rdfs:label "Agrarian League of Borduria"@en ;
    schema:foundingDate "1919"^^xsd:gYear .
post:agrarian-league-of-borduria-chairman a org:Post ; rdfs:label "Chairman of the Agrarian League"@en ;
    org:postIn party:agrarian-league-of-borduria .
person:tomas-hajek a foaf:Person ; foaf:name "Tomas Hajek" ; rdfs:label "Tomas Hajek" .
person:marta-novak a foaf:Person ; foaf:name "Marta Novak" ; rdfs:label "Marta Novak" .
person:karel-dusek a foaf:Person ; foaf:name "Karel Dusek" ; rdfs:label "Karel Dusek" .
person:jan-rybar a foaf:Person ; foaf:name "Jan Rybar" ; rdfs:label "Jan Rybar" .
term:agrarian-league-of-borduria-chairman-1 a qkp:TermOfOffice ; org:member person:tomas-hajek ;
    opengov:post post:agrarian-league-of-borduria-chairman ; qkp:position 1 ; qkp:ordinal 1 ;
    schema:validFrom "1921"^^xsd:gYear ; schema:validThrough "1930-05"^^xsd:gYearMonth .
term:agrarian-league-of-borduria-chairman-2 a qkp:TermOfOffice ; org:member person:marta-novak ;
    opengov:post post:agrarian-league-of-borduria-chairman ; qkp:position 2 ; qkp:ordinal 2 ;
    schema:validFrom "1930-05"^^xsd:gYearMonth ; schema:validThrough "1938"^^xsd:gYear .
term:agrarian-league-of-borduria-chairman-3 a qkp:TermOfOffice ; org:member person:karel-dusek ;
    opengov:post post:agrarian-league-of-borduria-chairman ; qkp:position 3 ; qkp:ordinal 3 ;
    schema:validFrom "1938"^^xsd:gYear ; schema:validThrough "1945-06"^^xsd:gYearMonth .
term:agrarian-league-of-borduria-chairman-4 a qkp:TermOfOffice ; org:member person:jan-rybar ;
    opengov:post post:agrarian-league-of-borduria-chairman ; qkp:position 4 ; qkp:ordinal 4 ;
    schema:validFrom "1945-06"^^xsd:gYearMonth ; schema:validThrough "1950"^^xsd:gYear .
"""

#: What reconciliation must decide for POSTS: (qid, score, status). The post matches on its exact
#: label and its holders; Hajek then on holding it during his term, his namesake 60 behind.
POSTS_EXPECTED = {
    "party/agrarian-league-of-borduria": ("Q9006001", "50", "matched"),
    "post/agrarian-league-of-borduria-chairman": ("Q9006010", "50", "matched"),
    "person/tomas-hajek": ("Q9007001", "110", "matched"),
    "person/marta-novak": ("Q9007003", "90", "matched"),
    "person/karel-dusek": ("Q9007004", "110", "matched"),
    "person/jan-rybar": ("Q9007005 Q9007006", "10", "ambiguous"),
}

KZ = '"https://w3id.org/qkp/id/article/communist-party-of-kazakhstan"'
RU = '"https://w3id.org/qkp/id/article/labour-party-of-ruritania"'
#: The terms Wikidata lacks, one line each (fields tab-separated), in order of post and ordinal.
#: Not here: terms the items have (Mirzoyan, Skvortsov, Brezhnev, Yakovlev, Kunaev's second,
#: Kolbin, Dvořák, Țurcanu), and terms QuickStatements would merge into a statement the item
#: has or a line above makes (Kunaev's first, Nazarbayev's, Kováč's second): see the notes.
EXPECTED_QUICKSTATEMENTS = [
    ["Q9002004", "P39", "Q9001010", "P580", "+1946-06-22T00:00:00Z/11", "P582", "+1954-02-06T00:00:00Z/11", "P1545", '"4"', "P1366", "Q9002005", "S854", KZ],
    ["Q9002005", "P39", "Q9001010", "P580", "+1954-02-06T00:00:00Z/11", "P582", "+1955-05-07T00:00:00Z/11", "P1545", '"5"', "P1365", "Q9002004", "P1366", "Q9002006", "S854", KZ],
    ["Q9002011", "P39", "Q9001010", "P580", "+1957-12-26T00:00:00Z/11", "P582", "+1960-01-19T00:00:00Z/11", "P1545", '"8"', "P1365", "Q9002008", "P1366", "Q9002013", "S854", KZ],
    ["Q9004001", "P39", "Q9003010", "P580", "+1921-00-00T00:00:00Z/9", "P582", "+1934-03-00T00:00:00Z/10", "P1545", '"1"', "P1366", "Q9004002", "S854", RU],
    ["Q9004002", "P39", "Q9003010", "P580", "+1934-03-00T00:00:00Z/10", "P582", "+1939-00-00T00:00:00Z/9", "P1545", '"2"', "P1365", "Q9004001", "P1366", "Q9004003", "S854", RU],
    ["Q9004005", "P39", "Q9003010", "P580", "+1948-05-00T00:00:00Z/10", "P582", "+1956-00-00T00:00:00Z/9", "P1545", '"4"', "P1365", "Q9004003", "P1366", "Q9004001", "S854", RU],
]


def load_fixture(server: OxigraphServer) -> None:
    """The fixture's Turtle files into the server's default graph (Graph Store Protocol)."""
    for path in sorted((FIXTURES / "wikidata").glob("*.ttl")):
        request = urllib.request.Request(f"{server.store_url}?default", data=path.read_bytes(), method="POST", headers={"Content-Type": "text/turtle"})
        with urllib.request.urlopen(request) as response:
            assert response.status in (200, 204)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    files: dict[str, bytes]


def reconcile(capsys: pytest.CaptureFixture[str], folder: Path, *options: str) -> Run:
    """`qkp-rdf reconcile` over the dataset in ``folder``, writing its files there."""
    code = main(["reconcile", "--data", str(folder / "data.nt"), "--cache", str(folder / "cache.json"), "--format", "csv",
                 "--out", str(folder / "rows.csv"), "--quickstatements", str(folder / "qs.txt"), *options])
    out, err = capsys.readouterr()
    files = {name: (folder / name).read_bytes() for name in ("rows.csv", "qs.txt", "cache.json") if (folder / name).exists()}
    return Run(code, out, err, files)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reconcile")
    build_graph(load_models(ARTICLES), Config()).serialize(folder / "data.nt", format="nt", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def wikidata(oxigraph: OxigraphServer) -> OxigraphServer:
    load_fixture(oxigraph)
    return oxigraph


@pytest.fixture(scope="module")
def first(wikidata: OxigraphServer, dataset: Path) -> Run:
    """The first run, against the endpoint (its output captured here: capsys is per test)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["reconcile", "--data", str(dataset / "data.nt"), "--endpoint", wikidata.query_url, "--cache", str(dataset / "cache.json"),
                     "--format", "csv", "--out", str(dataset / "rows.csv"), "--quickstatements", str(dataset / "qs.txt")])
    files = {name: (dataset / name).read_bytes() for name in ("rows.csv", "qs.txt", "cache.json")}
    return Run(code, out.getvalue(), err.getvalue(), files)


def rows(run: Run) -> dict[str, dict[str, str]]:
    return {r["entity"].removeprefix(BASE): r for r in csv.DictReader(io.StringIO(run.files["rows.csv"].decode("utf-8")))}


def test_every_entity_gets_the_right_decision_and_no_wrong_link(first: Run) -> None:
    assert first.code == 0, first.stderr
    got = rows(first)
    assert sorted(got) == sorted(EXPECTED)
    decided = {entity: row["qid"] if row["status"] == "matched" else row["status"] for entity, row in got.items()}
    assert decided == EXPECTED
    for row in got.values():
        assert list(row) == ["entity", "label", "qid", "score", "status", "evidence"]
        assert row["evidence"], row


def test_the_evidence_says_why(first: Run) -> None:
    got = rows(first)
    assert "overlapping term 7" in got["person/ivan-yakovlev"]["evidence"]
    assert "runner-up Q9002010 (50): " in got["person/ivan-yakovlev"]["evidence"]
    assert got["person/ismail-yusupov"]["qid"] == "Q9002014 Q9002015"
    assert 'alias "Zhumabay Shayakhmetov"@en' in got["person/zhumabay-shayakhmetov"]["evidence"]
    assert 'label "Пантелеймон Пономаренко"@ru, a spelling of "Panteleimon Ponomarenko"' in got["person/panteleimon-ponomarenko"]["evidence"]
    assert "Q9003003 excluded: inception (P571) 1890, ours is 1976-06" in got["party/peoples-labour-movement-ruritania"]["evidence"]
    assert got["person/gennady-borkov"]["evidence"] == "no item has any of these names"
    assert "inception (P571) 1936 agrees with 1936" in got["party/communist-party-of-kazakhstan-soviet-union"]["evidence"]


def test_quickstatements_add_exactly_the_terms_wikidata_lacks(first: Run) -> None:
    lines = first.files["qs.txt"].decode("utf-8").splitlines()
    assert [line.split("\t") for line in lines] == EXPECTED_QUICKSTATEMENTS
    notes = [line for line in first.stderr.splitlines() if line.startswith("note: ")]
    assert notes == [
        "note: Q9002013 (Dinmukhamed Kunaev), term 9: not written: QuickStatements would add its qualifiers to another P39 Q9001010 statement of Q9002013: add this term by hand",
        "note: Q9002017 (Nursultan Nazarbayev), term 13: not written: QuickStatements would add its qualifiers to an undated P39 Q9001010 statement of Q9002017: add this term by hand",
        "note: Q9004001 (József Kováč), term 5: not written: QuickStatements would add its qualifiers to the line above's P39 Q9003010 statement of Q9004001: add this term by hand",
    ]


def test_a_second_run_from_the_cache_without_an_endpoint_gives_identical_files(first: Run, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data.nt").write_bytes((dataset / "data.nt").read_bytes())
    (tmp_path / "cache.json").write_bytes(first.files["cache.json"])
    offline = reconcile(capsys, tmp_path, "--offline")
    assert offline.code == 0, offline.stderr
    assert offline.files == first.files
    # Without --offline an unreachable endpoint is never asked: every answer is in the cache.
    unreachable = reconcile(capsys, tmp_path, "--endpoint", "http://127.0.0.1:9/sparql")
    assert unreachable.code == 0, unreachable.stderr
    assert unreachable.files == first.files
    assert "0 of 6 queries sent to the endpoint" in unreachable.stderr


def test_json_and_table_give_the_same_rows(first: Run, dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reconcile", "--data", str(dataset / "data.nt"), "--cache", str(dataset / "cache.json"), "--offline", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["entity"].removeprefix(BASE): (r["qid"], r["status"], r["score"]) for r in data} == {
        e: (r["qid"], r["status"], int(r["score"])) for e, r in rows(first).items()
    }
    assert all(isinstance(r["evidence"], list) for r in data)
    assert main(["reconcile", "--data", str(dataset / "data.nt"), "--cache", str(dataset / "cache.json"), "--offline"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["entity", "label", "qid", "score", "status", "evidence"]
    assert len(table) == 1 + len(EXPECTED)
    assert max(map(len, table)) > 100  # the evidence is long: whole in a file or a pipe...


def test_on_a_terminal_the_table_fits_its_width(first: Run, dataset: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "100")  # what shutil.get_terminal_size reads first
    assert main(["reconcile", "--data", str(dataset / "data.nt"), "--cache", str(dataset / "cache.json"), "--offline"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 1 + len(EXPECTED) and max(map(len, table)) <= 100 and any(line.endswith("…") for line in table)


def test_build_merges_the_links_of_the_cache(first: Run, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", *map(str, ARTICLES), "--jobs", "1"]
    assert main([*args, "--out", str(tmp_path / "plain")]) == 0
    assert main([*args, "--out", str(tmp_path / "linked"), "--links", str(dataset / "cache.json")]) == 0
    capsys.readouterr()
    plain = Graph().parse(tmp_path / "plain/qkp.nt")
    linked = Graph().parse(tmp_path / "linked/qkp.nt")
    links = {(str(s).removeprefix(BASE), str(o).removeprefix(WD)) for s, _, o in linked.triples((None, OWL.sameAs, None))}
    assert links == {(entity, q) for entity, q in EXPECTED.items() if q.startswith("Q")}
    assert set(linked - plain) == {(URIRef(BASE + e), OWL.sameAs, URIRef(WD + q)) for e, q in links}
    assert not list(plain.triples((None, OWL.sameAs, None)))
    assert main(["validate", str(tmp_path / "linked/qkp.ttl")]) == 0


@pytest.fixture(scope="module")
def lives(wikidata: OxigraphServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """The rows for the people of LIVES, reconciled against the endpoint."""
    folder = tmp_path_factory.mktemp("lives")
    Graph().parse(data=LIVES, format="turtle").serialize(folder / "data.nt", format="nt", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["reconcile", "--data", str(folder / "data.nt"), "--endpoint", wikidata.query_url, "--cache", str(folder / "cache.json"),
                     "--format", "csv", "--out", str(folder / "rows.csv")])
    assert code == 0, err.getvalue()
    return {r["entity"].removeprefix(BASE): r for r in csv.DictReader(io.StringIO((folder / "rows.csv").read_text("utf-8")))}


def test_life_years_decide_between_namesakes(lives: dict[str, dict[str, str]]) -> None:
    assert {e: (r["qid"], r["score"], r["status"]) for e, r in lives.items()} == LIVES_EXPECTED
    beridze = lives["person/vakhtang-beridze"]["evidence"].split(" | ")
    assert beridze == ['label "Vakhtang Beridze"@en', "a human (P31 Q5)", "born (P569) 1894 agrees with our 1893", "died (P570) 1937 agrees with our 1937"]
    # Born two years off: excluded, though the death year agrees and it is the only candidate.
    assert lives["person/shalva-eliava"]["evidence"] == "Q9005003 excluded: born (P569) 1885, we have 1883"
    kavtaradze = lives["person/nino-kavtaradze"]["evidence"].split(" | ")
    assert kavtaradze == ['label "Nino Kavtaradze"@en', "a human (P31 Q5)", "died (P570) 1950 agrees with our 1950-04-12"]


def test_an_alias_finds_the_item(lives: dict[str, dict[str, str]]) -> None:
    row = lives["person/pyotr-agniashvili"]
    assert (row["label"], row["qid"], row["status"]) == ("Pyotr Agniashvili", "Q9005004", "matched")
    assert row["evidence"].split(" | ") == ['label "Agniev"@en, our alias (skos:altLabel)', "a human (P31 Q5)", "born (P569) 1893 agrees with our 1893-05"]


@pytest.fixture(scope="module")
def posts(wikidata: OxigraphServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """POSTS reconciled against the endpoint: the folder with its data, rows and cache."""
    folder = tmp_path_factory.mktemp("posts")
    Graph().parse(data=POSTS, format="turtle").serialize(folder / "data.nt", format="nt", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["reconcile", "--data", str(folder / "data.nt"), "--endpoint", wikidata.query_url, "--cache", str(folder / "cache.json"),
                     "--format", "csv", "--out", str(folder / "rows.csv")])
    assert code == 0, err.getvalue()
    return folder


def test_a_post_is_matched_through_the_people_who_hold_it_and_they_through_it(posts: Path) -> None:
    got = {r["entity"].removeprefix(BASE): r for r in csv.DictReader(io.StringIO((posts / "rows.csv").read_text("utf-8")))}
    assert {e: (r["qid"], r["score"], r["status"]) for e, r in got.items()} == POSTS_EXPECTED
    post = got["post/agrarian-league-of-borduria-chairman"]["evidence"].split(" | ")
    assert post[:3] == ['label "Chairman of the Agrarian League"@en', "a position (P31 Q4164871)",
                        "held (P39) by 3 of our people who held this post: Karel Dusek, Marta Novak, Tomas Hajek"]
    assert "runner-up Q9006011 (10): " in post[3]  # our label only as its alias: its holders do not count
    hajek = got["person/tomas-hajek"]["evidence"]
    assert "position held (P39) Q9006010 1921-01-01 to 1930-01-01, overlapping term 1" in hajek
    rybar = got["person/jan-rybar"]["evidence"].split(" | ")
    assert rybar == ['Q9007005 (10): label "Jan Rybar"@en; a human (P31 Q5)', 'Q9007006 (10): label "Jan Rybar"@en; a human (P31 Q5)']


def test_posts_matched_through_their_holders_are_matched_again_from_the_cache(posts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data.nt").write_bytes((posts / "data.nt").read_bytes())
    (tmp_path / "cache.json").write_bytes((posts / "cache.json").read_bytes())
    assert main(["reconcile", "--data", str(tmp_path / "data.nt"), "--cache", str(tmp_path / "cache.json"), "--offline",
                 "--format", "csv", "--out", str(tmp_path / "rows.csv")]) == 0, capsys.readouterr().err
    assert (tmp_path / "rows.csv").read_bytes() == (posts / "rows.csv").read_bytes()


class WikidataFront(FrontServer):
    """A real HTTP server before the fixture's endpoint, as a rate-limiting front would be: it
    records each request's User-Agent and answers the first requests with the given faults."""

    def __init__(self, upstream: str, faults: list[tuple[int, dict[str, str]]]) -> None:
        super().__init__(upstream, faults)
        self.agents: list[str] = []

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        self.agents.append(headers.get("User-Agent", ""))
        if self.faults:
            return super().answer(method, path, headers, body)
        forwarded = {k: headers[k] for k in ("Content-Type", "Accept")}
        with urllib.request.urlopen(urllib.request.Request(self.upstream + path, data=body, method=method, headers=forwarded)) as response:
            return response.status, {"Content-Type": response.headers["Content-Type"]}, response.read()


Faults = list[tuple[int, dict[str, str]]]


@pytest.fixture
def front(wikidata: OxigraphServer) -> Iterator[Callable[[Faults], WikidataFront]]:
    made: list[WikidataFront] = []

    def make(faults: Faults) -> WikidataFront:
        made.append(WikidataFront(wikidata.base_url, faults))
        return made[-1]

    yield make
    for f in made:
        f.close()


def test_a_429_is_retried_after_the_time_the_server_asks_with_a_descriptive_user_agent(front: Callable[[Faults], WikidataFront]) -> None:
    proxy = front([(429, {"Retry-After": "1"})])
    select = endpoint_select(f"{proxy.url}/query")
    rows = select("SELECT ?item WHERE { ?item <http://www.w3.org/2000/01/rdf-schema#label> \"Levon Mirzoyan\"@en }")
    assert rows == [{"item": WD + "Q9002001"}]
    assert [status for _, status, _ in proxy.log] == [429, 200]
    assert proxy.log[1][2] - proxy.log[0][2] >= 1.0  # waited as long as the server asked
    assert proxy.agents == [USER_AGENT] * 2
    assert USER_AGENT.startswith("qkp-rdf/") and "https://" in USER_AGENT


def test_an_endpoint_that_keeps_refusing_is_an_error_naming_it(
    front: Callable[[Faults], WikidataFront], dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proxy = front([(429, {"Retry-After": "0"})] * 6)
    with pytest.raises(RemoteError, match=r"HTTP 429 .* after 6 attempts"):
        endpoint_select(f"{proxy.url}/query")("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    (tmp_path / "data.nt").write_bytes((dataset / "data.nt").read_bytes())
    proxy = front([(400, {})])
    run = reconcile(capsys, tmp_path, "--endpoint", f"{proxy.url}/query")
    assert run.code == 2 and run.stdout == ""
    assert run.stderr == f"error: {proxy.url}/query: HTTP 400 Bad Request: try again later\n"
    assert run.files == {}  # nothing written, not even the cache


def test_the_default_endpoint_is_the_wikidata_query_service() -> None:
    args = _parser().parse_args(["reconcile"])
    assert args.endpoint == WIKIDATA_ENDPOINT == "https://query.wikidata.org/sparql"
    assert args.threshold == 50 and args.cache == "reconcile-cache.json"


def test_the_readme_samples_are_real_output(first: Run) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Reconciliation with Wikidata") : readme.index("## Validation")]
    produced = first.files["rows.csv"].decode("utf-8").replace(BASE, "…/").splitlines()
    samples = [line for line in section.splitlines() if line.startswith("…/")]
    assert len(samples) == 3
    for sample in samples:
        pattern = "^" + ".*".join(re.escape(part) for part in sample.split("…")[1:]) + "$"
        assert any(re.match(pattern, line[1:]) for line in produced), sample
    quickstatement = next(line for line in section.splitlines() if line.startswith("Q9"))
    assert quickstatement in first.files["qs.txt"].decode("utf-8").splitlines()
