"""What real pages of the family write, one fixture each (fixtures/articles/real-forms/, our own
made-up articles), and the triples each gives: life years, unknown holders, uncertain and
vague dates, uncounted holders, sub-header posts, gaps, roles, aliases, committees, office
pages, and every way pages give founding and dissolution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS, XSD

from qkp_rdf.pipeline import model_article
from tests.reference import build_graph
from qkp_rdf.cli import main
from qkp_rdf.model import ArticleModel
from qkp_rdf.config import Config
from qkp_rdf.vocab import ORG, QKP, SCHEMA

from .conftest import FIXTURES

FORMS = FIXTURES / "articles" / "real-forms"
BASE = "https://w3id.org/qkp/id/"


def _model(name: str) -> ArticleModel:
    return model_article(name, (FORMS / name).read_bytes())


def _graph(name: str) -> Graph:
    return build_graph([_model(name)], Config())


def _person(slug: str) -> URIRef:
    return URIRef(f"{BASE}person/{slug}")


def _term(slug: str) -> URIRef:
    return URIRef(f"{BASE}term/{slug}")


def year(text: str) -> Literal:
    return Literal(text, datatype=XSD.gYear)


def test_every_fixture_has_a_test() -> None:
    tested = {"life-years.txt", "life-years-column.txt", "unknown-holder.txt", "uncertain-year.txt", "decade.txt", "uncounted.txt", "big-ordinals.txt",
              "sub-header.txt", "gap-row.txt", "roles.txt", "alias.txt", "committee.txt", "office-page.txt"}
    assert {p.name for p in FORMS.glob("*.txt")} == tested


def test_life_years_in_the_name_cell() -> None:
    graph = _graph("life-years.txt")
    varga = _person("oskar-varga")
    assert graph.value(varga, FOAF.name) == Literal("Oskar Varga")
    assert (graph.value(varga, SCHEMA.birthDate), graph.value(varga, SCHEMA.deathDate)) == (year("1893"), year("1938"))
    # "(?–?)": no years at all, and the name is clean; "(1896–?)" and "(born 1941)", "(1955– )": a birth only.
    assert graph.value(_person("petr-lanik"), FOAF.name) == Literal("Petr Lanik")
    assert not set(graph.objects(_person("petr-lanik"), SCHEMA.birthDate)) | set(graph.objects(_person("petr-lanik"), SCHEMA.deathDate))
    for slug, born in (("ilja-morav", "1896"), ("jan-kettel", "1941"), ("mira-solen", "1955")):
        assert graph.value(_person(slug), SCHEMA.birthDate) == year(born)
        assert graph.value(_person(slug), SCHEMA.deathDate) is None
    assert not any("(" in str(name) for name in graph.objects(None, FOAF.name))


def test_life_years_column() -> None:
    graph = _graph("life-years-column.txt")
    born_died = {str(graph.value(p, FOAF.name)): (graph.value(p, SCHEMA.birthDate), graph.value(p, SCHEMA.deathDate)) for p in graph.subjects(RDF.type, FOAF.Person)}
    assert born_died == {
        "Anton Brill": (year("1899"), year("1937")),
        "Lev Tamm": (year("1904"), None),
        "Ida Rask": (None, year("1970")),
        "Karel Pisk": (year("1921"), None),
    }


def test_unknown_holder_keeps_its_place() -> None:
    model = _model("unknown-holder.txt")
    graph = build_graph([model], Config())
    post = "communist-party-of-zembla-first-secretary"
    unknown = [_term(f"{post}-{n}") for n in (1, 3, 4)]
    for term in unknown:
        assert graph.value(term, ORG.member) is None
        assert graph.value(term, QKP.holderUnknown) == Literal(True)
    assert graph.value(_term(f"{post}-2"), ORG.member) == _person("oskar-varga")
    assert graph.value(_term(f"{post}-3"), QKP.previousTerm) == _term(f"{post}-2")
    assert graph.value(_term(f"{post}-3"), QKP.nextTerm) == unknown[2]
    assert graph.value(unknown[0], SCHEMA.validFrom) == year("1920")
    # "?" and "???" say the source does not know; an empty cell may be a slip, so it is a warning.
    assert [w.line for w in model.warnings] == [11]


def test_uncertain_year() -> None:
    graph = _graph("uncertain-year.txt")
    first, second = (_term(f"communist-party-of-zembla-first-secretary-{n}") for n in (1, 2))
    assert graph.value(first, SCHEMA.validThrough) == year("1943")
    assert graph.value(first, QKP.endUncertain) == Literal(True)
    assert graph.value(first, QKP.startUncertain) is None
    assert graph.value(second, SCHEMA.validFrom) == year("1944")
    assert graph.value(second, QKP.startUncertain) == Literal(True)


def test_decade_keeps_only_its_bounds() -> None:
    graph = _graph("decade.txt")
    first, second = (_term(f"communist-party-of-zembla-first-secretary-{n}") for n in (1, 2))
    assert graph.value(first, SCHEMA.validThrough) is None
    assert (graph.value(first, QKP.earliestEnd), graph.value(first, QKP.latestEnd)) == (Literal(dt.date(1930, 1, 1)), Literal(dt.date(1939, 12, 31)))
    assert graph.value(second, SCHEMA.validFrom) is None and graph.value(second, QKP.startUnknown) is None
    assert (graph.value(second, QKP.earliestStart), graph.value(second, QKP.latestStart)) == (Literal(dt.date(1930, 1, 1)), Literal(dt.date(1939, 12, 31)))


def test_uncounted_holders_and_ordinal_forms() -> None:
    model = _model("uncounted.txt")
    assert [(t.ordinal, t.position) for t in model.terms] == [(1, 1), (None, 2), (2, 3), (None, 4), (3, 5), (None, 6), (4, 7), (4, 8)]
    graph = build_graph([model], Config())
    bodoo = _term("communist-party-of-zembla-chairman-2")
    assert graph.value(bodoo, QKP.ordinal) is None and graph.value(bodoo, QKP.position) == Literal(2)
    assert graph.value(bodoo, QKP.previousTerm) == _term("communist-party-of-zembla-chairman-1")
    # The same person twice with two numbers is one person with two terms.
    assert len(set(graph.subjects(ORG.member, _person("oskar-varga")))) == 2


def test_numbers_past_1000_are_ordinals_not_years() -> None:
    model = _model("big-ordinals.txt")
    assert [(t.ordinal, t.start.isoformat() if t.start else None) for t in model.terms] == [(998, "1921"), (999, "1922"), (1000, "1923"), (1001, "1924")]


def test_years_counting_up_before_a_party_column_are_dates_not_ordinals() -> None:
    # Found by tests/test_properties.py: start years one apart, a party column after them.
    text = "= Communist Party of Testland =\n\nThe Communist Party of Testland was a party.\n\n== First Secretaries ==\n"
    text += "| Name | Took office | Left office | Time in office | Party |\n| Aa Aa | 1900 | c. 1901 | | Communist |\n| Bb Bb | 1901 | c. 1902 | 1 year | Communist |\n"
    model = model_article("testland.txt", text.encode())
    assert [(t.ordinal, str(t.start), t.end and t.end.year) for t in model.terms] == [(None, "1900", 1901), (None, "1901", 1902)]


def test_sub_header_rows_change_the_post() -> None:
    model = _model("sub-header.txt")
    assert [(t.post.label, t.position, t.ordinal) for t in model.terms] == [
        ("Chairman of the Central Committee", 1, 1),
        ("Chairman of the Central Committee", 2, 2),
        ("Secretary of the Central Committee", 1, 3),
        ("General Secretary", 1, 4),
    ]
    # A description row is still a description of the row above.
    assert model.terms[-1].description == "Was dismissed after the purge of 1940."
    graph = build_graph([model], Config())
    labels = {str(graph.value(p, RDFS.label)) for p in graph.subjects(RDF.type, ORG.Post)}
    assert labels == {f"{office} of the Communist Party of Zembla" for office in ("Chairman of the Central Committee", "Secretary of the Central Committee", "General Secretary")}


def test_gap_row_is_an_interruption_not_a_person() -> None:
    graph = _graph("gap-row.txt")
    assert len(set(graph.subjects(RDF.type, FOAF.Person))) == 2
    gap = URIRef(f"{BASE}interruption/vorsk-regional-committee-of-the-communist-party-of-zembla-first-secretary-foreign-occupation")
    post = URIRef(f"{BASE}post/vorsk-regional-committee-of-the-communist-party-of-zembla-first-secretary")
    assert (post, QKP.interruption, gap) in graph
    assert graph.value(gap, RDF.type) == QKP.Interruption
    assert graph.value(gap, RDFS.label) == Literal("Foreign occupation", lang="en")
    assert (graph.value(gap, SCHEMA.startDate), graph.value(gap, SCHEMA.endDate)) == (year("1941"), year("1944"))


def test_roles_are_kept_on_the_term() -> None:
    graph = _graph("roles.txt")
    slug = "vorsk-regional-committee-of-the-communist-party-of-zembla-first-secretary"
    roles = {n: graph.value(_term(f"{slug}-{n}"), QKP.role) for n in (1, 2, 3, 4)}
    assert roles == {1: None, 2: Literal("Industrial", lang="en"), 3: Literal("Rural", lang="en"), 4: Literal("acting", lang="en")}
    assert graph.value(_term(f"{slug}-2"), ORG.member) == _person("lev-tamm")


def test_aliases_are_other_names() -> None:
    graph = _graph("alias.txt")
    assert graph.value(_person("fedor-rudov"), SKOS.altLabel) == Literal("Kamen")
    assert graph.value(_person("fedor-rudov"), SCHEMA.birthDate) == year("1890")
    # An alias and life years in one cell.
    assert graph.value(_person("ilja-morav"), SKOS.altLabel) == Literal("Morev")
    assert graph.value(_person("ilja-morav"), SCHEMA.deathDate) == year("1951")
    assert graph.value(_person("jan-kettel"), SKOS.altLabel) is None


def test_committee_is_a_unit_of_its_party() -> None:
    model = _model("committee.txt")
    # The lead names it more fully than the title does.
    assert model.party.name == "Vorsk Regional Committee of the Communist Party of North Zembla"
    graph = build_graph([model], Config())
    unit = URIRef(f"{BASE}committee/vorsk-regional-committee-of-communist-party-of-zembla")
    assert {ORG.Organization, ORG.OrganizationalUnit} == set(graph.objects(unit, RDF.type))
    party = graph.value(unit, ORG.unitOf)
    assert graph.value(party, RDFS.label) == Literal("Communist Party of North Zembla", lang="en")
    post = graph.value(predicate=ORG.postIn, object=unit)
    assert graph.value(post, RDFS.label) == Literal("First Secretary of the Vorsk Regional Committee of the Communist Party of North Zembla", lang="en")
    # "The position was created on 3 March 1932, and abolished in August 1991": the post's own dates.
    assert (graph.value(post, SCHEMA.startDate), graph.value(post, SCHEMA.endDate)) == (Literal("1932-03-03", datatype=XSD.date), Literal("1991-08", datatype=XSD.gYearMonth))


def test_office_page_describes_the_office_of_its_party() -> None:
    model = _model("office-page.txt")
    assert model.party.name == "Zemblan Workers' Party" and [p.label for p in model.posts] == ["Chairman"]
    graph = build_graph([model], Config())
    party = URIRef(f"{BASE}party/zemblan-workers-party")
    assert graph.value(party, SCHEMA.foundingDate) == Literal("1946-07-08", datatype=XSD.date)
    post = URIRef(f"{BASE}post/zemblan-workers-party-chairman")
    assert graph.value(post, RDFS.label) == Literal("Chairman of the Zemblan Workers' Party", lang="en")
    assert graph.value(post, SCHEMA.startDate) == Literal("1946-07-08", datatype=XSD.date)


HOLDERS = "== Leaders ==\n| No. | Name | Took office | Left office |\n| 1 | Ann Smith | 1950 | 1952 |\n"


@pytest.mark.parametrize(
    ("infobox", "prose", "founded", "dissolved"),
    [
        ("- Founded: 20 February 1920\n", "", "1920-02-20", None),
        ("- Foundation: 1920-02-20\n- Banned: 23 August 1991\n", "", "1920-02-20", "1991-08-23"),
        ("- Formation: March 1920\n- Dissolved: 1991\n", "", "1920-03", "1991"),
        ("", "The Test Party was founded on 20 February 1920.", "1920-02-20", None),
        ("", "It was formed on 20 February 1920 in Zembla.", "1920-02-20", None),
        ("", "The leader of the Test Party (formerly the Zemblan League), established on 3 March 1921, is its chairman.", "1921-03-03", None),
        ("", "The Test Party was created in 1919. The Test Party was formally disbanded on 6 November 1991.", "1919", "1991-11-06"),
        ("", "The party was established in 1918. The party was banned on 23 August 1991.", "1918", "1991-08-23"),
    ],
)
def test_founding_and_dissolution_forms(infobox: str, prose: str, founded: str, dissolved: str | None) -> None:
    data = f"= Test Party =\n\nTest Party\n- Country: Zembla\n{infobox}\n{prose}\n\n{HOLDERS}".encode()
    model = model_article("t.txt", data)
    assert model.party.founded is not None and model.party.founded.isoformat() == founded
    assert (model.party.dissolved.isoformat() if model.party.dissolved else None) == dissolved
    # Each date keeps the infobox entry or sentence it came from.
    founding = next(e for e in model.events if e.kind.value == "founding")
    assert founded.split("-")[0] in founding.source.text


def test_position_created_names_its_post() -> None:
    body = "== First Secretaries ==\n| Name | Took office | Left office |\n| Ann Smith | 1950 | 1952 |\n\n== Second Secretaries ==\n| Name | Took office | Left office |\n| Bob Jones | 1951 | 1953 |\n"
    prose = "The position of Second Secretary was created in 1951."
    model = model_article("t.txt", f"= Vorsk Regional Committee of the Test Party =\n\n{prose}\n\n{body}".encode())
    assert [(life.post.label, str(life.created), life.abolished) for life in model.post_lives] == [("Second Secretary", "1951", None)]
    assert model.post_lives[0].sources[0].text == prose


def test_strict_refuses_what_a_plain_build_warns_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "odd.txt"
    article.write_text("= Test Party =\n\nTest Party\n- Country: Zembla\n\n== Leaders ==\n| No. | Name | Took office | Left office |\n| 1 | Ann Smith | 1950 | soon |\n| 2 | Bob Jones | 1952 | 1955 |\n| 3 | Cy Young | 1955 | 1958 |\n", "utf-8")
    assert main(["build", str(article), "--out", str(tmp_path / "plain"), "--jobs", "1"]) == 0
    assert f"warning: {article}:8: end cell: not a date: 'soon'; left out" in capsys.readouterr().err
    assert main(["build", str(article), "--out", str(tmp_path / "strict"), "--strict"]) == 2
    err = capsys.readouterr().err
    assert f"error: {article}:8: end cell: not a date: 'soon'; left out (--strict)" in err
    assert not (tmp_path / "strict").exists()


TABLE = "= Test Party =\n\nTest Party\n- Country: Zembla\n\n== First Secretaries ==\n| No. | Name | Took office | Left office |\n"


def _rows(*rows: str) -> ArticleModel:
    return model_article("t.txt", (TABLE + "\n".join(rows) + "\n").encode())


def test_an_office_with_its_years_is_a_sub_header_and_a_dated_period_over_terms_no_gap() -> None:
    model = _rows("| 1 | Ann Smith | 1950 | 1954 |", "| General Secretary (1954–1981) | | | |", "| 2 | Bob Jones | 1954 | 1981 |")
    assert [t.post.label for t in model.terms] == ["First Secretary", "General Secretary"] and not model.interruptions
    model = _rows("| Zembla SSR (1936–1991) | | | |", "| 1 | Ann Smith | 1938 | 1945 |", "| 2 | Bob Jones | 1945 | 1950 |")
    assert not model.interruptions and [t.post.label for t in model.terms] == ["First Secretary", "First Secretary"]


def test_a_description_naming_an_office_does_not_change_the_post() -> None:
    model = _rows("| 1 | Ann Smith | 1950 | 1954 |", "| Later First Secretary of the Communist Party of Zembla | | | |", "| 2 | Bob Jones | 1954 | 1960 |")
    assert [t.post.label for t in model.terms] == ["First Secretary", "First Secretary"]
    assert model.terms[0].description == "Later First Secretary of the Communist Party of Zembla"
    # An office title in sentence case is still one.
    model = _rows("| 1 | Ann Smith | 1950 | 1954 |", "| Second secretaries | | | |", "| 2 | Bob Jones | 1954 | 1960 |")
    assert [t.post.label for t in model.terms] == ["First Secretary", "Second secretary"]


def test_notes_on_how_a_term_was_held_are_roles_not_aliases() -> None:
    model = _rows("| 1 | Ann Smith (Acting) | 1950 | 1951 |", "| 2 | Bob Jones (2nd time) | 1951 | 1960 |")
    assert [(t.holder.name if t.holder else None, t.role, t.holder.aliases if t.holder else None) for t in model.terms] == [
        ("Ann Smith", "Acting", ()),
        ("Bob Jones", "2nd time", ()),
    ]


def test_a_vacancy_is_an_interruption() -> None:
    model = _rows("| 1 | Ann Smith | 1950 | 1951 |", "| – | Vacant | 1951 | 1953 |", "| 2 | Bob Jones | 1953 | 1960 |")
    assert [t.holder.name for t in model.terms if t.holder] == ["Ann Smith", "Bob Jones"]
    assert [(g.label, str(g.start), str(g.end)) for g in model.interruptions] == [("Vacant", "1951", "1953")]


def test_a_term_range_beside_a_life_years_column() -> None:
    data = "= Test Party =\n\n== First Secretaries ==\n| Name | Term | Life years |\n| Ann Smith | 1921–1925 | 1890–1937 |\n| Bob Jones | 1925–1930 | 1895– |\n"
    model = model_article("t.txt", data.encode())
    assert [(t.start.isoformat() if t.start else None, t.end.isoformat() if t.end else None, str(t.holder.birth) if t.holder else None) for t in model.terms] == [
        ("1921", "1925", "1890"),
        ("1925", "1930", "1895"),
    ]


def test_years_counting_up_after_the_names_are_dates_not_ordinals() -> None:
    data = "= Test Party =\n\n== Chairmen ==\n| Name | Took office | Left office |\n| Ann Smith | 1990 | 1991 |\n| Bob Jones | 1991 | 1992 |\n| Cy Young | 1992 | 1993 |\n"
    model = model_article("t.txt", data.encode())
    assert [(t.ordinal, str(t.start), str(t.end)) for t in model.terms] == [(None, "1990", "1991"), (None, "1991", "1992"), (None, "1992", "1993")]


def test_sub_sections_naming_periods_share_their_section_post() -> None:
    body = "== First Secretaries ==\n=== Zembla ASSR ===\n| Name | Took office | Left office |\n| Ann Smith | 1921 | 1936 |\n\n=== Zembla SSR ===\n| Name | Took office | Left office |\n| Bob Jones | 1936 | 1950 |\n"
    model = model_article("t.txt", f"= Test Party =\n\n{body}".encode())
    assert [(p.label, p.section) for p in model.posts] == [("First Secretary", "First Secretaries")]
    assert [t.position for t in model.terms] == [1, 2]


def test_an_office_page_dates_its_office_not_its_party() -> None:
    data = "= Chairman of the Zemblan Workers' Party =\n\nInfobox\n- Post: Chairman\n- Established: 3 March 1921\n- Abolished: 1992\n\n== List ==\n| No. | Name | Took office | Left office |\n| 1 | Ann Smith | 1921 | 1992 |\n"
    model = model_article("t.txt", data.encode())
    assert (model.party.founded, model.party.dissolved) == (None, None)
    assert [(str(life.created), str(life.abolished)) for life in model.post_lives] == [("1921-03-03", "1992")]


@pytest.mark.parametrize(
    "prose",
    [
        "The youth wing of the party was founded on 5 May 1925.",
        "Members expelled from the party, formed the Democratic Union on 3 May 1990.",
    ],
)
def test_sentences_about_something_else_found_nothing(prose: str) -> None:
    assert model_article("t.txt", f"{TABLE}| 1 | Ann Smith | 1950 | 1954 |\n".replace("== First", f"{prose}\n\n== First").encode()).party.founded is None


def test_a_committee_page_takes_the_party_for_its_party() -> None:
    data = "= Vorsk Regional Committee of the Test Party =\n\nThe party was founded in 1924. The Komsomol dissolved itself on 28 September 1991.\n\n== First Secretaries ==\n| Name | Took office | Left office |\n| Ann Smith | 1950 | 1954 |\n"
    model = model_article("t.txt", data.encode())
    assert (model.party.founded, model.party.dissolved) == (None, None)


def test_the_dissolution_date_is_the_one_after_the_verb() -> None:
    prose = "After its 28th Congress in July 1990, the party was dissolved on 6 November 1991."
    model = model_article("t.txt", TABLE.replace("== First", f"{prose}\n\n== First").encode() + b"| 1 | Ann Smith | 1950 | 1954 |\n")
    assert str(model.party.dissolved) == "1991-11-06"


def test_an_office_of_a_building_is_no_position() -> None:
    prose = "Its head office was established in Tashkent in 1925."
    model = model_article("t.txt", TABLE.replace("== First", f"{prose}\n\n== First").encode() + b"| 1 | Ann Smith | 1950 | 1954 |\n")
    assert model.post_lives == ()


def test_a_header_repeated_inside_the_table_is_no_holder() -> None:
    model = _rows("| 1 | Ann Smith | 1950 | 1954 |", "| No. | Name | Took office | Left office |", "| 2 | Bob Jones | 1954 | 1960 |")
    assert [(t.ordinal, t.holder.name if t.holder else None) for t in model.terms] == [(1, "Ann Smith"), (2, "Bob Jones")]


def test_a_name_column_left_empty_gives_unknown_holders_not_a_refusal() -> None:
    data = "= Secretary of the Test Party =\n\n== Secretaries ==\n| Name | Term | Comments |\n| | 1961—1964 | Former leader |\n| | 1964—1967 | |\n| | 1967—present | |\n"
    model = model_article("t.txt", data.encode())
    assert [(t.holder, str(t.start), str(t.end), t.incumbent) for t in model.terms] == [(None, "1961", "1964", False), (None, "1964", "1967", False), (None, "1967", "None", True)]
    assert [w.line for w in model.warnings] == [5, 6, 7]


def test_a_sub_section_naming_an_office_with_its_years_is_that_post() -> None:
    body = "== Leaders ==\n=== Presidents (1912–1914) ===\n| No. | Name | Took office | Left office |\n| 1 | Ann Smith | 1912 | 1914 |\n"
    model = model_article("t.txt", f"= Test Party =\n\n{body}".encode())
    assert [(p.label, p.section) for p in model.posts] == [("President", "Presidents (1912–1914)")]


def test_such_as_names_no_former_name() -> None:
    prose = "The Test Party was founded in 1920 by revolutionaries such as Turar Ryskulov."
    model = model_article("t.txt", TABLE.replace("== First", f"{prose}\n\n== First").encode() + b"| 1 | Ann Smith | 1950 | 1954 |\n")
    assert str(model.party.founded) == "1920" and model.party.former_names == ()
