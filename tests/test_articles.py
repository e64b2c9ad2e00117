"""Parser and extractor on fixture articles other than the bundled Kazakh one.

* communist-party-of-moldavia.txt: Soviet-era party; founding and dissolution come from
  the infobox; a plain one-row table header; dates to the year, the month and the day;
  a partly filled "Time in office" column.
* labour-party-of-ruritania.txt: fictional party with no native name; founding and
  dissolution come only from prose; a `#` ordinal column; names with diacritics; one
  holder serving twice, not in a row.
"""

from __future__ import annotations


import pytest
from rdflib import Literal, Namespace, URIRef

from qkp_rdf.pipeline import model_article
from tests.reference import build_graph, load_models
from qkp_rdf.dates import PartialDate, Precision
from qkp_rdf.model import ArticleModel, EventKind, SuccessionKind
from qkp_rdf.readers.text import decode, parse_article
from qkp_rdf.config import Config

from .conftest import FIXTURES as FIXTURES_ROOT
from .conftest import PREFIXES

FIXTURES = FIXTURES_ROOT / "articles"
# A plain (not closed) namespace: pytest's collection probes module globals for attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

MOLDAVIA = "communist-party-of-moldavia.txt"
RURITANIA = "labour-party-of-ruritania.txt"


# (ordinal, holder, start, end) with dates as isoformat(): the source's precision, never more.
MOLDAVIA_TERMS = [
    (1, "Piotr Borodin", "1940", "1942-02"),
    (2, "Nikita Salogor", "1942-02", "1946-12"),
    (3, "Nicolae Coval", "1946-12", "1950-07"),
    (4, "Leonid Brezhnev", "1950-07", "1952-10"),
    (5, "Dimitri Gladki", "1952-10", "1954-02"),
    (6, "Zinovie Serdiuk", "1954-02", "1961-05"),
    (7, "Ivan Bodiul", "1961-05", "1980-12"),
    (8, "Semion Grossu", "1980-12", "1989"),
    (9, "Petru Lucinschi", "1989-11-16", "1991-02-04"),
    (10, "Grigore Eremei", "1991-02-04", "1991-08-23"),
]
RURITANIA_TERMS = [
    (1, "József Kováč", "1921", "1934-03"),
    (2, "Ágnes Horváthová", "1934-03", "1939"),
    (3, "Jiří Dvořák", "1939", "1948-05"),
    (4, "Łukasz Wiśniewski", "1948-05", "1956"),
    (5, "József Kováč", "1956", "1960-10"),
    (6, "Ștefan Țurcanu", "1960-10", "1975-03"),
]
EXPECTED_TERMS = {MOLDAVIA: MOLDAVIA_TERMS, RURITANIA: RURITANIA_TERMS}
TABLE_SECTION = {MOLDAVIA: "First Secretaries", RURITANIA: "Leaders"}
HEADER = {
    MOLDAVIA: ("No.", "Name", "Took office", "Left office", "Time in office", "Party"),
    RURITANIA: ("#", "Name", "Took office", "Left office"),
}

_XSD_BY_LENGTH = {len("1950-07-01"): XSD.date, len("1950-07"): XSD.gYearMonth, len("1950"): XSD.gYear}


def _data(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _model(name: str) -> ArticleModel:
    return model_article(name, _data(name))


@pytest.fixture(scope="module")
def moldavia() -> ArticleModel:
    return _model(MOLDAVIA)


@pytest.fixture(scope="module")
def ruritania() -> ArticleModel:
    return _model(RURITANIA)


# --- the party ---------------------------------------------------------------------------


def test_moldavia_party_names(moldavia: ArticleModel) -> None:
    party = moldavia.party
    assert party.name == "Communist Party of Moldavia"
    assert party.title == "Communist Party of Moldavia"
    assert party.abbreviation == "PCM"
    assert party.native_name == "Партидул Комунист ал Молдовей"
    assert party.native_language == "ro"
    assert party.transliteration == "Partidul Comunist al Moldovei"
    assert party.former_names == ()


def test_moldavia_party_infobox_facts(moldavia: ArticleModel) -> None:
    party = moldavia.party
    assert party.headquarters == "Chișinău"
    assert party.newspaper == "Moldova Socialistă"
    assert party.ideologies == ("Communism", "Marxism–Leninism")
    assert party.countries == ("Moldova", "Soviet Union")
    assert party.parent is not None
    assert party.parent.name == "Communist Party of the Soviet Union"
    assert party.parent.abbreviation == "CPSU"
    assert [(leader.title, leader.name) for leader in party.leaders] == [
        ("First leader", "Piotr Borodin"),
        ("Last leader", "Grigore Eremei"),
    ]


def test_moldavia_founded_and_dissolved_from_infobox(moldavia: ArticleModel) -> None:
    founded, dissolved = moldavia.party.founded, moldavia.party.dissolved
    assert founded == PartialDate(1940)
    assert founded.precision is Precision.YEAR
    assert founded.isoformat() == "1940"
    assert dissolved == PartialDate(1991, 8, 23)
    assert dissolved.precision is Precision.DAY
    assert dissolved.isoformat() == "1991-08-23"
    events = {e.kind: e for e in moldavia.events}
    assert events[EventKind.FOUNDING].source.text == "Founded: 1940"
    assert events[EventKind.FOUNDING].source.section == "infobox"
    assert events[EventKind.DISSOLUTION].source.text == "Dissolved: 23 August 1991"
    assert events[EventKind.DISSOLUTION].date == dissolved


def test_moldavia_successor(moldavia: ArticleModel) -> None:
    assert len(moldavia.successions) == 1
    succession = moldavia.successions[0]
    assert succession.successor.name == "Party of Communists of the Republic of Moldova"
    assert succession.kind is SuccessionKind.DE_FACTO
    assert succession.date == PartialDate(1993, 10, 22)
    assert succession.detail is not None
    assert succession.detail.text == (
        "Former members created the Party of Communists of the Republic of Moldova on 22 October 1993."
    )
    # Created two years after the dissolution: its own event, not an heir of the dissolution.
    events = {e.kind: e for e in moldavia.events}
    assert events[EventKind.DISSOLUTION].resulting == ()
    assert events[EventKind.SUCCESSION].date == PartialDate(1993, 10, 22)
    assert events[EventKind.SUCCESSION].resulting == (succession.successor,)


def test_ruritania_party_names(ruritania: ArticleModel) -> None:
    party = ruritania.party
    assert party.name == "Labour Party of Ruritania"
    assert party.abbreviation == "LPR"
    assert party.native_name is None
    assert party.native_language is None
    assert party.transliteration is None
    assert party.former_names == ("Ruritanian Workers' League",)
    assert party.countries == ("Ruritania",)
    assert party.headquarters == "Strelsau"
    assert party.newspaper == "Dělnické listy"
    assert party.parent is None


def test_ruritania_founded_and_dissolved_from_prose(ruritania: ArticleModel) -> None:
    founded, dissolved = ruritania.party.founded, ruritania.party.dissolved
    assert founded == PartialDate(1921, 5)
    assert founded.precision is Precision.MONTH
    assert founded.isoformat() == "1921-05"
    assert dissolved == PartialDate(1975, 3, 3)
    assert dissolved.precision is Precision.DAY
    assert dissolved.isoformat() == "1975-03-03"
    events = {e.kind: e for e in ruritania.events}
    founding = events[EventKind.FOUNDING]
    assert founding.label == "Founding of the Ruritanian Workers' League"
    assert founding.source.text == "The Labour Party of Ruritania was founded in May 1921 as the Ruritanian Workers' League."
    assert founding.source.section == "History"
    dissolution = events[EventKind.DISSOLUTION]
    assert dissolution.label == "Dissolution of the Labour Party of Ruritania by the 22nd Congress"
    assert dissolution.source.section == "Dissolution"
    assert dissolution.source.text.startswith("The party was dissolved on 3 March 1975 by its 22nd Congress")


def test_ruritania_unspecified_successor(ruritania: ArticleModel) -> None:
    assert [s.kind for s in ruritania.successions] == [SuccessionKind.DE_JURE, SuccessionKind.UNSPECIFIED]
    movement = ruritania.successions[1]
    assert movement.successor.name == "People's Labour Movement"
    assert movement.date == PartialDate(1976, 6)
    assert movement.date.precision is Precision.MONTH
    assert movement.detail is not None
    assert movement.detail.text == "A minority that rejected the merger formed the People's Labour Movement in June 1976."
    events = [e for e in ruritania.events if e.kind is EventKind.SUCCESSION]
    assert [(e.date, e.resulting) for e in events] == [(PartialDate(1976, 6), (movement.successor,))]


def test_ruritania_dissolution_sentence_ends_at_its_full_stop(ruritania: ArticleModel) -> None:
    dissolution = next(e for e in ruritania.events if e.kind is EventKind.DISSOLUTION)
    assert dissolution.source.text == (
        "The party was dissolved on 3 March 1975 by its 22nd Congress, which voted to merge with the Agrarian Union."
    )


def test_ruritania_de_jure_successor_full_name(ruritania: ArticleModel) -> None:
    social_democrats = ruritania.successions[0]
    assert social_democrats.kind is SuccessionKind.DE_JURE
    assert social_democrats.successor.name == "Social Democratic Party of Ruritania"
    assert social_democrats.date is None  # "founded the same day": no date in the sentence
    assert social_democrats.detail is not None
    assert social_democrats.detail.text.startswith("Ștefan Țurcanu, its last leader,")
    dissolution = next(e for e in ruritania.events if e.kind is EventKind.DISSOLUTION)
    assert dissolution.resulting == (social_democrats.successor,)


# --- the office-holder table -------------------------------------------------------------


@pytest.mark.parametrize(("name", "label"), [(MOLDAVIA, "First Secretary"), (RURITANIA, "Leader")])
def test_post_label_is_singular_of_heading(name: str, label: str) -> None:
    model = _model(name)
    assert [(p.label, p.section) for p in model.posts] == [(label, TABLE_SECTION[name])]
    assert all(t.post == model.posts[0] for t in model.terms)


@pytest.mark.parametrize("name", [MOLDAVIA, RURITANIA])
def test_terms(name: str) -> None:
    model = _model(name)
    expected = EXPECTED_TERMS[name]
    assert len(model.terms) == len(expected)
    actual = [
        (t.ordinal, t.holder.name, t.start.isoformat() if t.start else None, t.end.isoformat() if t.end else None)
        for t in model.terms
    ]
    assert actual == expected
    assert not any(t.incumbent for t in model.terms)
    assert all(t.description is None for t in model.terms)


@pytest.mark.parametrize("name", [MOLDAVIA, RURITANIA])
def test_term_dates_keep_source_precision(name: str) -> None:
    precision_by_length = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}
    for term, (_, _, start, end) in zip(_model(name).terms, EXPECTED_TERMS[name]):
        assert term.start is not None and term.end is not None
        assert term.start.precision is precision_by_length[len(start)]
        assert term.end.precision is precision_by_length[len(end)]
        assert not term.start.approximate and not term.end.approximate


def test_moldavia_days_in_office_only_for_full_days(moldavia: ArticleModel) -> None:
    days = {t.ordinal: t.days_in_office for t in moldavia.terms}
    assert days == {1: None, 2: None, 3: None, 4: None, 5: None, 6: None, 7: None, 8: None, 9: 445, 10: 200}


def test_ruritania_days_in_office_all_none(ruritania: ArticleModel) -> None:
    assert [t.days_in_office for t in ruritania.terms] == [None] * 6


def test_moldavia_time_in_office_as_written(moldavia: ArticleModel) -> None:
    written = {t.ordinal: t.time_in_office_text for t in moldavia.terms}
    assert written == {
        1: None,
        2: "4 years, 10 months",
        3: None,
        4: "2 years, 3 months",
        5: None,
        6: "7 years, 3 months",
        7: "19 years, 7 months",
        8: None,
        9: "1 year, 2 months, 19 days",
        10: None,
    }


def test_ruritania_has_no_time_in_office(ruritania: ArticleModel) -> None:
    assert all(t.time_in_office_text is None for t in ruritania.terms)


def test_ruritania_holder_serving_twice_is_one_person(ruritania: ArticleModel) -> None:
    assert [p.name for p in ruritania.people] == [
        "József Kováč",
        "Ágnes Horváthová",
        "Jiří Dvořák",
        "Łukasz Wiśniewski",
        "Ștefan Țurcanu",
    ]
    assert [t.ordinal for t in ruritania.terms if t.holder.name == "József Kováč"] == [1, 5]


@pytest.mark.parametrize("name", [MOLDAVIA, RURITANIA])
def test_header_row_is_not_a_term(name: str) -> None:
    doc = parse_article(decode(_data(name), name), name)
    section = doc.section(TABLE_SECTION[name])
    assert section is not None and len(section.tables) == 1
    table = section.tables[0]
    header, *rows = table.rows
    assert header.cells == HEADER[name]
    assert header.line == table.line
    model = _model(name)
    # One term per data row, each citing its own row; the header is cited by none.
    assert [t.source.line for t in model.terms] == [r.line for r in rows]
    assert [t.source.text for t in model.terms] == [r.text for r in rows]
    assert header.line not in {t.source.line for t in model.terms}
    assert not {t.holder.name for t in model.terms} & set(HEADER[name])


# --- the graph -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [MOLDAVIA, RURITANIA])
def test_graph_term_dates_have_precision_datatypes(name: str) -> None:
    graph = build_graph([_model(name)], Config())
    rows = graph.query(
        PREFIXES
        + """
        SELECT ?ordinal ?from ?fromType ?through ?throughType WHERE {
            ?term a qkp:TermOfOffice ;
                  qkp:ordinal ?ordinal ;
                  schema:validFrom ?from ;
                  schema:validThrough ?through .
            BIND(datatype(?from) AS ?fromType)
            BIND(datatype(?through) AS ?throughType)
        } ORDER BY ?ordinal
        """
    )
    actual = [(int(r.ordinal), str(r["from"]), r.fromType, str(r.through), r.throughType) for r in rows]
    expected = [
        (ordinal, start, _XSD_BY_LENGTH[len(start)], end, _XSD_BY_LENGTH[len(end)])
        for ordinal, _, start, end in EXPECTED_TERMS[name]
    ]
    assert actual == expected


def test_graph_gyearmonth_and_gyear_start_dates() -> None:
    """The brief's two cases spelled out: month-only and year-only starts, typed as such."""
    graph = build_graph([_model(MOLDAVIA)], Config())
    query = (
        PREFIXES
        + """
        SELECT ?from WHERE {
            ?term a qkp:TermOfOffice ; qkp:ordinal ?n ; schema:validFrom ?from .
            FILTER(?n = ?wanted && datatype(?from) = ?type)
        }
        """
    )
    brezhnev = list(graph.query(query, initBindings={"wanted": Literal(4, datatype=XSD.integer), "type": XSD.gYearMonth}))
    borodin = list(graph.query(query, initBindings={"wanted": Literal(1, datatype=XSD.integer), "type": XSD.gYear}))
    assert [str(r["from"]) for r in brezhnev] == ["1950-07"]
    assert [str(r["from"]) for r in borodin] == ["1940"]


@pytest.mark.parametrize(
    ("name", "founded", "dissolved"),
    [
        (MOLDAVIA, Literal("1940", datatype=XSD.gYear), Literal("1991-08-23", datatype=XSD.date)),
        (RURITANIA, Literal("1921-05", datatype=XSD.gYearMonth), Literal("1975-03-03", datatype=XSD.date)),
    ],
)
def test_graph_party_dates(name: str, founded: Literal, dissolved: Literal) -> None:
    graph = build_graph([_model(name)], Config())
    rows = list(
        graph.query(
            PREFIXES
            + """
            SELECT ?founded ?dissolved WHERE {
                ?party a qkp:PoliticalParty ; schema:foundingDate ?founded ; schema:dissolutionDate ?dissolved .
            }
            """
        )
    )
    assert len(rows) == 1
    assert (str(rows[0].founded), rows[0].founded.datatype) == (str(founded), founded.datatype)
    assert (str(rows[0].dissolved), rows[0].dissolved.datatype) == (str(dissolved), dissolved.datatype)


def test_graph_days_in_office_only_for_full_days() -> None:
    graph = build_graph([_model(MOLDAVIA)], Config())
    rows = graph.query(
        PREFIXES
        + """
        SELECT ?ordinal ?days WHERE { ?term a qkp:TermOfOffice ; qkp:ordinal ?ordinal ; qkp:daysInOffice ?days . }
        ORDER BY ?ordinal
        """
    )
    assert [(int(r.ordinal), int(r.days)) for r in rows] == [(9, 445), (10, 200)]


def test_graph_ruritania_repeat_holder_is_one_person() -> None:
    graph = build_graph([_model(RURITANIA)], Config())
    rows = list(
        graph.query(
            PREFIXES
            + """
            SELECT DISTINCT ?person ?ordinal WHERE {
                ?person a foaf:Person ; foaf:name "József Kováč" .
                ?term a qkp:TermOfOffice ; org:member ?person ; qkp:ordinal ?ordinal .
            } ORDER BY ?ordinal
            """
        )
    )
    assert len({r.person for r in rows}) == 1
    assert [int(r.ordinal) for r in rows] == [1, 5]


def test_brezhnev_is_one_person_in_both_parties() -> None:
    models = load_models([]) + [_model(MOLDAVIA)]
    assert [m.party.name for m in models] == ["Communist Party of Kazakhstan", "Communist Party of Moldavia"]
    graph = build_graph(models, Config())
    people = {
        r.person
        for r in graph.query(PREFIXES + 'SELECT ?person WHERE { ?person a foaf:Person ; foaf:name "Leonid Brezhnev" . }')
    }
    assert len(people) == 1
    (brezhnev,) = people
    assert isinstance(brezhnev, URIRef)
    rows = list(
        graph.query(
            PREFIXES
            + """
            SELECT ?partyName ?ordinal ?from WHERE {
                ?term a qkp:TermOfOffice ;
                      org:member ?person ;
                      opengov:post ?post ;
                      qkp:ordinal ?ordinal ;
                      schema:validFrom ?from .
                ?person org:holds ?post .
                ?post org:postIn ?party .
                ?party <http://www.w3.org/2004/02/skos/core#prefLabel> ?partyName .
            }
            """,
            initBindings={"person": brezhnev},
        )
    )
    # Sorted here: SPARQL does not order an xsd:date against an xsd:gYearMonth.
    assert sorted((str(r["from"]), str(r.partyName), int(r.ordinal), r["from"].datatype) for r in rows) == [
        ("1950-07", "Communist Party of Moldavia", 4, XSD.gYearMonth),
        ("1955-05-08", "Communist Party of Kazakhstan", 6, XSD.date),
    ]
    posts = {o for o in graph.objects(brezhnev, URIRef("http://www.w3.org/ns/org#holds"))}
    assert len(posts) == 2
