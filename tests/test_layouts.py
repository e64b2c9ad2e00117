"""Office-holder table layouts seen in articles of this family, one fixture each.

Every fixture in tests/fixtures/articles/layouts/ is built end to end (`qkp-rdf build`, with
validation) and its `officeholders` rows must be exactly the ones listed here; the tests after
that check what is particular to each layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, XSD

from qkp_rdf.pipeline import model_article
from tests.reference import build_graph
from qkp_rdf.cli import main
from qkp_rdf.dates import Precision
from qkp_rdf.model import ArticleModel
from qkp_rdf.readers.text import decode, parse_article
from qkp_rdf.query import bundled_queries, run_query
from qkp_rdf.config import Config
from qkp_rdf.vocab import QKP, SCHEMA

from .conftest import FIXTURES, oxigraph_store

LAYOUTS = FIXTURES / "articles" / "layouts"

Row = tuple[int | None, str, str | None, str | None]

#: (ordinal, name, start, end) per fixture, in the query's order (party, post, ordinal).
EXPECTED: dict[str, list[Row]] = {
    "two-row-header.txt": [
        (1, "Otokar Kropow", "1945-03-03", "1953-06-19"),
        (2, "Hergé Wladimirov", "1953-06-19", "1970-10-02"),
        (3, "Alfred Halambique", "1970-10-02", "1991-09-14"),
    ],
    "one-row-header.txt": [
        (1, "Plekszy Gladz", "1946-05-01", "1947-06-02"),
        (2, "Sponsz Karpow", "1947-06-02", "1960-08-12"),
        (3, "Kûrvi Tasch", "1960-08-12", "1990-03"),
    ],
    "term-range.txt": [
        (1, "Rufus Firefly", "1921", "1946"),
        (2, "Chicolini Pinky", "1946", "1961-04-12"),
        (3, "Vera Marcal", "1961-04-12", "1982-04-04"),
        (4, "Ambassador Trentino", "1982-04-04", "1990"),
    ],
    "extra-columns.txt": [
        (1, "Pierre Renaldi", "1950", "1962"),
        (2, "Clarisse Grimaldi", "1962", "1978"),
        (3, "Joseph Mignonette", "1978", "1989"),
    ],
    "no-ordinal.txt": [
        (None, "Vladimir Doom", "1931", "1940"),
        (None, "Kristoff Vernard", "1940", "1952"),
        (None, "Lucia von Bardas", "1952", "1961"),
    ],
    "hash-ordinal.txt": [
        (1, "Zlatko Belaj", "1948", "1955"),
        (2, "Dzjak Horvat", "1955", "1969"),
        (3, "Mira Kotlar", "1969", "1980"),
    ],
    "sub-headings.txt": [
        (1, "Janis Ozols", "1940", "1951"),
        (2, "Arvids Berzins", "1951", "1974"),
        (3, "Inta Kalnina", "1974", "1991"),
    ],
    "footnote-markers.txt": [
        (1, "Mirzo Dodkhudoev", "1937", "1946"),
        (2, "Gustave Desgoffe", "1946", "1956-03-12"),
        (3, "Zero Moustafa", "1956-03-12", "1968"),
    ],
    "unknown-dates.txt": [
        (1, "Dogbert Mudd", "1920", None),
        (2, "Ratbert Mudd", "1931", None),
        (3, "Wally Mudd", "1938", None),
        (4, "Alice Mudd", "1946", None),
    ],
    "unknown-start.txt": [
        (1, "Asok Mudd", "1920", "1931"),
        (2, "Tina Mudd", None, "1938"),
        (3, "Carol Mudd", "1938", "1946"),
    ],
    "open-end.txt": [
        (1, "Flavia Elphberg", "1989", "2001"),
        (2, "Rupert Hentzau", "2001", "2015"),
        (3, "Fritz Tarlenheim", "2015", None),
        (1, "Sapt Zenda", "1989", "2010"),
        (2, "Antoinette Mauban", "2010", None),
    ],
    "dashes.txt": [
        (1, "Jean-Paul Lorry", "1951", "1960"),
        (2, "Yetive Guggenslocker", "1960", "1972"),
        (3, "Gaspon Halfont", "1972", "1983"),
        (4, "Beverly Calhoun-Lorry", "1983", None),
    ],
    "cyrillic-names.txt": [
        (1, "Мирзо Додхудоев", "1937", "1938"),
        (2, "Дмитрий Протопопов", "1938", "1946"),
        (3, "Bobojon Ghafurov", "1946", "1956"),
        (4, "Тўрсун Ўлжабоев", "1956", "1961"),
        (5, "Jabbor Rasulov", "1961", "1982"),
        (6, "Раҳмон Набиев", "1982", "1985"),
        (7, "Qahhor Mahkamov", "1985", "1991"),
    ],
    "bom-crlf.txt": [
        (1, "Ödön Lázár", "1947", "1956"),
        (2, "Şerban Ţepeş", "1956", "1970"),
        (3, "Ilona Kiss", "1970", "1989"),
    ],
    "date-forms.txt": [
        (1, "Helmut Zemo", "1920", "1930-05"),
        (2, "Wanda Maximova", "1930-05", "1937-04-23"),
        (3, "Pietro Maximov", "1937-04-23", "1950-04-24"),
        (4, "Novi Grad", "1950-04-24", "1957"),
        (5, "Karel Stru", "1957", "1965"),
    ],
    "time-in-office.txt": [
        (1, "Topper Mudd", "1937-04-23", "1938-05-24"),
        (2, "Phil Mudd", "1938-05-24", "1945-07"),
        (3, "Loud Mudd", "1945-07", "1950"),
        (4, "Bob Mudd", "1950", "1952"),
    ],
}

def _model(name: str) -> ArticleModel:
    return model_article(name, (LAYOUTS / name).read_bytes())


def _graph(name: str) -> Graph:
    return build_graph([_model(name)], Config())


def officeholders(graph: Graph) -> list[Row]:
    """The bundled `officeholders` query's rows as (ordinal, name, start, end)."""
    rows = run_query(oxigraph_store(graph), bundled_queries()["officeholders"]).solutions()
    return [
        (int(r["ordinal"].value) if "ordinal" in r else None, str(r["name"].value if "name" in r else None), r["start"].value if "start" in r else None, r["end"].value if "end" in r else None)
        for r in rows
    ]


def test_every_fixture_has_expected_rows() -> None:
    assert sorted(p.name for p in LAYOUTS.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_builds_to_its_officeholders(name: str, tmp_path: Path) -> None:
    code = main(["build", str(LAYOUTS / name), "--out", str(tmp_path), "--jobs", "1"])
    assert code == 0
    assert officeholders(Graph().parse(tmp_path / "qkp.nt", format="nt")) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_graph_has_its_officeholders(name: str) -> None:
    """The graph, before validation, for every layout."""
    assert officeholders(_graph(name)) == EXPECTED[name]


def _terms(graph: Graph) -> dict[int, URIRef]:
    return {int(o): s for s, o in graph.subject_objects(QKP.ordinal) if isinstance(s, URIRef)}  # type: ignore[arg-type]


# --- what is particular to each layout ---------------------------------------------------


def test_two_row_header_rows_are_headers_and_description_rows_describe() -> None:
    model = _model("two-row-header.txt")
    assert [t.source.line for t in model.terms] == [15, 17, 19]  # the two header rows are lines 13 and 14
    assert model.terms[0].description == "Built the party apparatus after the war; removed after Stalin's death."
    assert model.terms[1].description is None  # a "—" description row says nothing
    assert model.terms[2].description_sources[0].line == 20


def test_one_row_header_states_time_in_office() -> None:
    model = _model("one-row-header.txt")
    assert [t.time_in_office_text for t in model.terms] == ["1 year, 32 days", "13 years, 2 months", "29 years, 7 months"]
    graph = _graph("one-row-header.txt")
    stated = {n: graph.value(t, QKP.statedTimeInOffice) for n, t in _terms(graph).items()}
    assert stated == {
        1: Literal("P1Y32D", datatype=XSD.duration),
        2: Literal("P13Y2M", datatype=XSD.duration),
        3: Literal("P29Y7M", datatype=XSD.duration),
    }
    assert [t.stated_time_agrees for t in model.terms] == [True, True, True]


def test_term_column_holds_ranges() -> None:
    model = _model("term-range.txt")
    precisions = [(t.start.precision, t.end.precision) for t in model.terms if t.start and t.end]
    assert precisions == [
        (Precision.YEAR, Precision.YEAR),
        (Precision.YEAR, Precision.DAY),
        (Precision.DAY, Precision.DAY),
        (Precision.DAY, Precision.YEAR),
    ]


def test_extra_columns_in_any_order_are_not_names() -> None:
    """Portrait (image files), Party (before the name), Notes and Ref are all passed over."""
    model = _model("extra-columns.txt")
    names = {t.holder.name for t in model.terms}
    assert not names & {"Workers'", "Renaldi.jpg", "Founder", "Resigned"}


def test_no_ordinal_column_gives_no_ordinals_but_places_in_order() -> None:
    terms = _model("no-ordinal.txt").terms
    assert [(t.ordinal, t.position) for t in terms] == [(None, 1), (None, 2), (None, 3)]


def test_hash_ordinals() -> None:
    doc = parse_article(decode((LAYOUTS / "hash-ordinal.txt").read_bytes(), "hash-ordinal.txt"))
    assert doc.section("Chairmen").tables[0].rows[0].cells[0] == "#"  # type: ignore[union-attr]
    assert [t.ordinal for t in _model("hash-ordinal.txt").terms] == [1, 2, 3]


def test_sub_heading_between_section_and_table() -> None:
    model = _model("sub-headings.txt")
    assert [(p.label, p.section) for p in model.posts] == [("First Secretary", "First Secretaries")]
    assert {t.source.section for t in model.terms} == {"Kurland SSR (1940–1991)"}


def test_footnote_markers_are_dropped_from_values_but_kept_in_provenance() -> None:
    model = _model("footnote-markers.txt")
    assert model.terms[0].source.text == "| 1 | Mirzo Dodkhudoev[1] | 1937[a] | 1946 |"
    graph = _graph("footnote-markers.txt")
    values = [o for p in (FOAF.name, SCHEMA.validFrom, SCHEMA.validThrough) for o in graph.objects(None, p)]
    assert len(values) == 9 and not [v for v in values if "[" in v]


def test_unknown_dates_are_left_out_not_invented() -> None:
    model = _model("unknown-dates.txt")
    assert [t.end for t in model.terms] == [None] * 4 and not any(t.incumbent for t in model.terms)
    graph = _graph("unknown-dates.txt")
    assert not list(graph.triples((None, SCHEMA.validThrough, None)))
    assert not list(graph.triples((None, QKP.incumbent, None)))


def test_unknown_start_is_left_out_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = _graph("unknown-start.txt")
    assert graph.value(_terms(graph)[2], SCHEMA.validFrom) is None
    assert list(graph.subjects(QKP.startUnknown, Literal(True))) == [_terms(graph)[2]]
    # Published, with a warning naming the term and its row.
    assert main(["build", str(LAYOUTS / "unknown-start.txt"), "--out", str(tmp_path), "--jobs", "1"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: unknown-start.txt:11: Tina Mudd, Chairman of the Liberal Party of Elbonia (no. 2): The source gives no start date for this term."]


def test_open_end_is_incumbent() -> None:
    model = _model("open-end.txt")
    assert [(t.post.label, t.ordinal) for t in model.terms if t.incumbent] == [("Spokesperson", 3), ("Treasurer", 2)]
    graph = _graph("open-end.txt")
    incumbents = sorted(str(graph.value(t, SCHEMA.validFrom)) for t in graph.subjects(QKP.incumbent, Literal(True)))
    assert incumbents == ["2010", "2015"]


def test_en_and_em_dashes() -> None:
    model = _model("dashes.txt")
    assert model.party.name == "Marxist–Leninist Party of Graustark"
    # "—" and "–" alone in the time-in-office column mean "not given".
    assert all(t.stated_time_in_office is None and t.time_in_office_text is None for t in model.terms)


def test_cyrillic_names_keep_their_script_in_iris() -> None:
    graph = _graph("cyrillic-names.txt")
    people = sorted(str(p).rsplit("/", 1)[1] for p in graph.subjects(None, FOAF.Person))
    assert "мирзо-додхудоев" in people and "bobojon-ghafurov" in people


def test_bom_and_crlf_do_not_leak_into_values_or_lines() -> None:
    data = (LAYOUTS / "bom-crlf.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # the fixture is what it claims
    model = _model("bom-crlf.txt")
    assert model.party.title == "Communist Party of Carpania"
    assert [t.source.line for t in model.terms] == [10, 11, 12]
    graph = _graph("bom-crlf.txt")
    assert not [o for o in graph.objects() if isinstance(o, Literal) and ("\r" in o or "\ufeff" in o)]


def test_date_forms_keep_their_precision_and_approximation() -> None:
    graph = _graph("date-forms.txt")
    terms = _terms(graph)
    starts = {n: graph.value(t, SCHEMA.validFrom) for n, t in terms.items()}
    assert starts == {
        1: Literal("1920", datatype=XSD.gYear),
        2: Literal("1930-05", datatype=XSD.gYearMonth),
        3: Literal("1937-04-23", datatype=XSD.date),
        4: Literal("1950-04-24", datatype=XSD.date),
        5: Literal("1957", datatype=XSD.gYear),
    }
    assert [n for n, t in sorted(terms.items()) if graph.value(t, QKP.startApproximate) == Literal(True)] == [1]
    assert [n for n, t in sorted(terms.items()) if graph.value(t, QKP.endApproximate) == Literal(True)] == [5]


def test_stated_time_in_office_is_checked_against_the_dates() -> None:
    model = _model("time-in-office.txt")
    # "2 years" from July 1945 cannot end in 1950; the others fit at their dates' precision.
    assert [t.stated_time_agrees for t in model.terms] == [True, True, False, True]
    graph = _graph("time-in-office.txt")
    assert graph.value(_terms(graph)[3], QKP.statedTimeInOffice) == Literal("P2Y", datatype=XSD.duration)


def test_a_stated_time_in_office_that_disagrees_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(LAYOUTS / "time-in-office.txt"), "--out", str(tmp_path), "--jobs", "1"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: time-in-office.txt:12: Loud Mudd, Leader of the Labour Party of Elbonia (no. 3): ")
    assert "states is shorter than the term's dates allow" in warnings[0] and "P2Y" in warnings[0], warnings


def test_layouts_built_together_keep_their_own_iris(tmp_path: Path) -> None:
    """One dataset of several articles: every party, post and term keeps the IRI it has alone,
    and the rows are those of the articles one by one."""
    names = ["one-row-header.txt", "open-end.txt", "term-range.txt", "cyrillic-names.txt"]
    alone = {name: _graph(name) for name in names}
    assert main(["build", *(str(LAYOUTS / n) for n in names), "--out", str(tmp_path), "--jobs", "1"]) == 0
    together = Graph().parse(tmp_path / "qkp.nt", format="nt")
    for kind in (QKP.PoliticalParty, URIRef("http://www.w3.org/ns/org#Post"), QKP.TermOfOffice):
        assert set(together.subjects(RDF.type, kind)) == {s for g in alone.values() for s in g.subjects(RDF.type, kind)}
    terms = [set(g.subjects(RDF.type, QKP.TermOfOffice)) for g in alone.values()]
    assert sum(map(len, terms)) == len(set().union(*terms))  # no two articles share a term IRI
    assert sorted(officeholders(together), key=repr) == sorted((row for n in names for row in EXPECTED[n]), key=repr)


def test_time_in_office_column_may_say_incumbent() -> None:
    text = (LAYOUTS / "one-row-header.txt").read_text("utf-8").replace("| March 1990 | 29 years, 7 months |", "| Incumbent | Incumbent |")
    model = model_article("t.txt", text.encode())
    assert model.terms[2].incumbent and model.terms[2].stated_time_in_office is None
    assert model.terms[0].stated_time_in_office is not None
