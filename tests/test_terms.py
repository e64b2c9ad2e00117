"""The mapper's text terms are what rdflib's terms for the same values are written as: rdflib
normalizes some lexical forms (durations, dates) when it makes a literal, and the published
files hold its forms."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from rdflib import Graph, Literal
from rdflib import namespace

from qkp_rdf import terms
from qkp_rdf.dates import PartialDate, Precision, xsd_duration
from qkp_rdf.ids import Minter
from qkp_rdf.mapping import map_article
from qkp_rdf.ntriples import ntriples_lines, term_text

from .reference import load_models

HARD_TEXTS = ['say "no"', "back\\slash", "two\nlines\r\n", "tab\there", "Қазақстан — ǅ 😀", "", "ends with \\", '\\"', "\u2028\x00"]
TAGS = ["en", "kk-Latn", "KK", "ru-Cyrl-KZ"]


@pytest.fixture(autouse=True)
def _quiet_rdflib(caplog: pytest.LogCaptureFixture) -> None:
    # rdflib logs a warning for each lexical form it cannot read as a value (the odd dates here).
    caplog.set_level(logging.ERROR, logger="rdflib.term")


@pytest.mark.parametrize("text", HARD_TEXTS)
def test_strings(text: str) -> None:
    assert terms.literal(text) == term_text(Literal(text))
    assert terms.literal(text, terms.XSD.string) == term_text(Literal(text, datatype=namespace.XSD.string))
    assert terms.en(text) == term_text(Literal(text, lang="en"))
    for tag in TAGS:
        assert terms.lang_literal(text, tag) == term_text(Literal(text, lang=tag))


def test_escapes_are_canonical_ntriples_and_rdflib_reads_them_back() -> None:
    assert terms.literal('a "b"\\\n\r\tc') == '"a \\"b\\"\\\\\\n\\r\tc"'
    assert terms.lang_literal("x", "kk-Latn") == '"x"@kk-latn'
    for text in HARD_TEXTS:
        for term, want in ((terms.literal(text), Literal(text)), (terms.lang_literal(text, "kk-Latn"), Literal(text, lang="kk-latn"))):
            graph = Graph().parse(data=f"<http://e/s> <http://e/p> {term} .\n", format="nt")
            assert list(graph.objects()) == [want], term


@pytest.mark.parametrize(
    "date",
    [
        PartialDate(1937, 4, 23), PartialDate(937, 4, 23), PartialDate(100, 1, 1), PartialDate(1, 1, 1), PartialDate(9999, 12, 31),
        PartialDate(2000, 2, 29), PartialDate(1900, 2, 29), PartialDate(1937, 13, 1), PartialDate(0, 1, 1), PartialDate(-5, 1, 1),
        PartialDate(12345, 1, 1), PartialDate(1930, 5), PartialDate(937, 12), PartialDate(1930, 13), PartialDate(-5, 1),
        PartialDate(1936), PartialDate(937), PartialDate(5), PartialDate(0), PartialDate(-5), PartialDate(12345),
    ],
    ids=str,
)
def test_dates_at_their_precision(date: PartialDate) -> None:
    datatype = {Precision.DAY: namespace.XSD.date, Precision.MONTH: namespace.XSD.gYearMonth, Precision.YEAR: namespace.XSD.gYear}[date.precision]
    assert terms.partial_date(date) == term_text(Literal(date.isoformat(), datatype=datatype))


@pytest.mark.parametrize("year", [-5, 0, 5, 937, 1936, 12345])
def test_logo_years(year: int) -> None:
    assert terms.literal(f"{year:04d}", terms.XSD.gYear) == term_text(Literal(f"{year:04d}", datatype=namespace.XSD.gYear))


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(937, 4, 23), dt.date(2000, 2, 29), dt.date(1999, 12, 31), dt.date(9999, 12, 31)])
def test_days(day: dt.date) -> None:
    assert terms.day(day) == term_text(Literal(day))


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(1991, 12, 26, tzinfo=dt.timezone.utc),
        dt.datetime(937, 1, 2, 3, 4, 5, 6, tzinfo=dt.timezone.utc),
        dt.datetime(2000, 2, 29, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
        dt.datetime(1970, 1, 1),
    ],
    ids=str,
)
def test_date_times(moment: dt.datetime) -> None:
    assert terms.date_time(moment) == term_text(Literal(moment))


def _durations() -> list[str]:
    forms = set()
    for years in (0, 1, 7, 12, 100):
        for months in (0, 1, 2, 11, 12, 14, 25):
            for days in (0, 1, 31, 400, 99999):
                forms.add(xsd_duration(years, months, days))
                forms |= {xsd_duration(years, months, days, unit=unit) for unit in Precision}
    return sorted(forms)


def test_durations() -> None:
    for lexical in _durations():
        assert terms.duration(lexical) == term_text(Literal(lexical, datatype=namespace.XSD.duration)), lexical
    with pytest.raises(ValueError):
        terms.duration("PT1H")


@pytest.mark.parametrize("number", [-3, 0, 1, 42, 10**20])
def test_integers(number: int) -> None:
    assert terms.integer(number) == term_text(Literal(number, datatype=namespace.XSD.integer))


def test_booleans() -> None:
    assert terms.TRUE == terms.boolean(True) == term_text(Literal(True))
    assert terms.boolean(False) == term_text(Literal(False))


def test_vocabularies() -> None:
    assert terms.RDF.type == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    assert terms.QKP["TermOfOffice"] == terms.QKP.TermOfOffice == "<https://w3id.org/qkp/ontology#TermOfOffice>"
    with pytest.raises(AttributeError):
        terms.RDF.tpye  # a closed namespace has no such term


def test_text_triples_and_rdflib_triples_give_the_same_lines() -> None:
    """The mapper's text read by rdflib (which normalizes what it reads) and written back is the
    same text, and its lines cut at the same namespaces (datatype IRIs' too)."""
    triples = [triple for model in load_models([]) for triple in map_article(model, Minter())]
    graph = Graph().parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in triples), format="nt")
    text, from_graph = ntriples_lines(triples), ntriples_lines(graph)
    assert text.lines == from_graph.lines
    assert text.namespaces == from_graph.namespaces
    assert "http://www.w3.org/2001/XMLSchema#" in text.namespaces
