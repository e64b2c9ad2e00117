"""Extraction rules on small articles: the cases a generic tool must get right."""

import pytest
from rdflib import URIRef

from qkp_rdf.pipeline import model_article
from tests.reference import build_graph
from qkp_rdf.errors import InputError
from qkp_rdf.ids import Minter
from qkp_rdf.model import Logo
from qkp_rdf.config import Config
from qkp_rdf.vocab import QKP

HOLDERS = "| No. | Name | Took office | Left office |\n| 1 | Ann Smith | 1950 | 1952 |\n| 2 | Bob Jones | 1952 | 1955 |\n"


def article(body: str, infobox: str = "- Abbreviation: TP\n- Country: Ruritania\n") -> bytes:
    return f"= Test Party =\n\nTest Party\n{infobox}\n{body}".encode()


def test_tables_without_names_or_dates_are_not_office_holders() -> None:
    body = (
        "== Elections ==\n| Year | Votes | Seats |\n| 1990 | 1,234 | 3 |\n\n"
        "== Congresses ==\n| 18th | 7 September 1991 | Alma-Ata |\n\n"
        "== Leaders ==\n" + HOLDERS
    )
    model = model_article("t.txt", article(body))
    assert [p.label for p in model.posts] == ["Leader"]
    assert [t.holder.name for t in model.terms] == ["Ann Smith", "Bob Jones"]


def test_several_sub_sections_with_tables_are_several_posts() -> None:
    body = "== Leaders ==\n=== First Secretaries ===\n" + HOLDERS + "\n=== Second Secretaries ===\n" + HOLDERS
    model = model_article("t.txt", article(body))
    assert [p.label for p in model.posts] == ["First Secretary", "Second Secretary"]
    assert len(model.terms) == 4


def test_a_lone_sub_section_belongs_to_its_section() -> None:
    model = model_article("t.txt", article("== First Secretaries ==\n=== Kazakh SSR ===\n" + HOLDERS))
    assert [p.label for p in model.posts] == ["First Secretary"]


def test_repeated_ordinal_keeps_both_terms_in_their_places() -> None:
    body = "== Leaders ==\n| No. | Name | Took office | Left office |\n| 1 | Ann Smith | 1950 | 1952 |\n| 1 | Bob Jones | 1952 | 1955 |\n"
    model = model_article("t.txt", article(body))
    assert [(t.ordinal, t.position, t.holder.name if t.holder else None) for t in model.terms] == [(1, 1, "Ann Smith"), (1, 2, "Bob Jones")]


def test_bad_language_code_is_a_warning_naming_its_line() -> None:
    data = article("== Leaders ==\n" + HOLDERS, "- Native Name: Тест\n- Native Name Lang: Kazakh language\n")
    model = model_article("t.txt", data)
    assert [(w.line, "language code" in w.message) for w in model.warnings] == [(5, True)]
    assert model.party.native_language is None
    with pytest.raises(InputError, match="language code") as info:
        model_article("t.txt", data, strict=True)
    assert info.value.line == 5


def test_end_before_start_gets_no_time_in_office() -> None:
    body = "== Leaders ==\n| No. | Name | Took office | Left office |\n| 1 | Ann Smith | 23 May 1938 | 23 April 1937 |\n"
    model = model_article("t.txt", article(body))
    assert model.terms[0].days_in_office is None
    assert not list(build_graph([model], Config()).triples((None, QKP.timeInOffice, None)))


@pytest.mark.parametrize(
    ("prose", "founded"),
    [
        ("The party was founded in May 1921 as the Workers' League.", "1921-05"),
        ("The Test Party (TP) was established on 3 March 1930.", "1930-03-03"),
        ("The Test Party's youth wing was founded in 1919.", None),
        ("When the TP split, the Agrarian Union was formed in 1931.", None),
    ],
)
def test_founding_rule(prose: str, founded: str | None) -> None:
    model = model_article("t.txt", article(f"== History ==\n{prose}\n\n== Leaders ==\n" + HOLDERS))
    assert (model.party.founded.isoformat() if model.party.founded else None) == founded


@pytest.mark.parametrize(
    ("prose", "dissolved"),
    [
        ("On 2 May 1975 the congress decided to dissolve the party.", "1975-05-02"),
        ("The Test Party was dissolved in 1975.", "1975"),
        ("In 1925 the government dissolved the Agrarian party.", None),
        ("The king abolished the one-party system in 1923.", None),
    ],
)
def test_dissolution_rule(prose: str, dissolved: str | None) -> None:
    model = model_article("t.txt", article(f"== History ==\n{prose}\n\n== Leaders ==\n" + HOLDERS))
    assert (model.party.dissolved.isoformat() if model.party.dissolved else None) == dissolved


def test_a_successor_of_the_same_name_is_another_resource() -> None:
    text = (
        "= Test Party of Ruritania =\n\nTest Party of Ruritania\n- Successor: Test Party (de facto)\n- Country: Ruritania\n\n"
        "== History ==\nThe party was dissolved on 1 May 1991. Members recreated the Test Party of Ruritania in June 1991.\n\n"
        "== Leaders ==\n" + HOLDERS
    )
    model = model_article("t.txt", text.encode())
    graph = build_graph([model], Config())
    party = URIRef(Minter().party(model.party))
    [successor] = graph.objects(party, QKP.deFactoSuccessor)
    assert successor != party and str(successor).endswith("-successor")


def test_leader_titles_other_than_first_and_last_are_plain_leaders() -> None:
    infobox = "- Leader1 Title: First Secretary\n- Leader1 Name: Ann Smith\n- Leader2 Title: Founder\n- Leader2 Name: Bob Jones\n"
    model = model_article("t.txt", article("== Leaders ==\n" + HOLDERS, infobox))
    graph = build_graph([model], Config())
    party = URIRef(Minter().party(model.party))
    assert [str(o).rsplit("/", 1)[1] for o in graph.objects(party, QKP.leader)] == ["ann-smith"]
    assert [str(o).rsplit("/", 1)[1] for o in graph.objects(party, QKP.firstLeader)] == ["bob-jones"]


def test_logos_each_with_their_years() -> None:
    infobox = "- Logo: Flag of Ruritania.svg, Emblem A (1978–1991), Emblem B (1991–present).png\n"
    model = model_article("t.txt", article("== Leaders ==\n" + HOLDERS, infobox))
    assert model.party.logos == (Logo("Flag of Ruritania"), Logo("Emblem A", 1978, 1991), Logo("Emblem B", 1991, None))
