import pytest

from qkp_rdf.pipeline import model_article
from qkp_rdf.errors import InputError
from qkp_rdf.extract.text import sentences, split_list
from qkp_rdf.model import EventKind, Logo, Org, SourceKind, SuccessionKind
from qkp_rdf.readers.text import parse_article


def test_party(seed_model) -> None:
    party = seed_model.party
    assert party.name == "Communist Party of Kazakhstan"
    assert (party.abbreviation, party.native_name, party.native_language, party.transliteration) == (
        "QKP",
        "Қазақстан Коммунистік партиясы",
        "kk",
        "Qazaqstan Kommunistık Partiasy",
    )
    assert party.ideologies == ("Communism", "Marxism–Leninism")
    assert party.countries == ("Kazakhstan", "Soviet Union")
    assert party.parent == Org("Communist Party of the Soviet Union", "CPSU")
    assert party.logos == (
        Logo("Emblem of the Kazakh Soviet Socialist Republic", 1978, 1991),
        Logo("Emblem of Kazakhstan", 1991, 1992),
    )
    assert [(l.title, l.name) for l in party.leaders] == [("First leader", "Levon Mirzoyan"), ("Last leader", "Nursultan Nazarbayev")]
    assert party.see_also == ("Alma-Ata Regional Committee of the Communist Party of Kazakhstan", "Qizil Tugh")
    assert party.former_names == ("Communist Party (Bolsheviks) of Kazakhstan",)
    assert party.founded.isoformat() == "1936" and party.dissolved.isoformat() == "1991-09-07"


def test_post_people_and_terms(seed_model) -> None:
    assert [p.label for p in seed_model.posts] == ["First Secretary"]
    assert len(seed_model.terms) == 13 and len(seed_model.people) == 12
    assert [t.ordinal for t in seed_model.terms] == list(range(1, 14))
    kunaev = [t.ordinal for t in seed_model.terms if t.holder.name == "Dinmukhamed Kunaev"]
    assert kunaev == [9, 11]
    first = seed_model.terms[0]
    assert (first.start.isoformat(), first.end.isoformat(), first.days_in_office) == ("1937-04-23", "1938-05-23", 395)
    assert first.description.startswith("Oversaw early famine relief")
    assert first.source.kind is SourceKind.ROW and first.source.line == 30
    # The description row "—" of Kunaev's first term is "no description", not a description.
    assert seed_model.terms[8].description is None
    assert "24 October 1990" in seed_model.terms[12].description


def test_life_events_keep_their_sentences(seed_model) -> None:
    events = {e.kind: e for e in seed_model.events}
    founding = events[EventKind.FOUNDING]
    assert founding.date.isoformat() == "1936" and founding.source.section == "Origin" and founding.source.line == 20
    assert founding.source.text.startswith("The Communist Party of Kazakhstan was founded 1936")
    dissolution = events[EventKind.DISSOLUTION]
    assert dissolution.date.isoformat() == "1991-09-07" and "18th Congress" in dissolution.label
    assert dissolution.resulting == (Org("Socialist Party"),)
    recreation = events[EventKind.SUCCESSION]
    assert recreation.date.isoformat() == "1991-10" and "19th Congress" in recreation.source.text


def test_successors_told_apart(seed_model) -> None:
    kinds = {s.successor.name: s.kind for s in seed_model.successions}
    assert kinds == {"Socialist Party": SuccessionKind.DE_JURE, "Communist Party of Kazakhstan": SuccessionKind.DE_FACTO}


def test_sentences_do_not_split_at_abbreviations() -> None:
    doc = parse_article("= T =\n\n== S ==\nApril 24, 1990 from Art. 6 of it, c. 1937 too. Second one.\n", "t.txt")
    assert [s.text for s in sentences(doc.section("S"))] == ["April 24, 1990 from Art. 6 of it, c. 1937 too.", "Second one."]


def test_split_list_respects_parentheses() -> None:
    assert split_list("Socialist Party (de jure, legal), Communist Party (de facto)") == [
        "Socialist Party (de jure, legal)",
        "Communist Party (de facto)",
    ]


ARTICLE = """= Test Party =

Test Party
- Abbreviation: TP

== Leaders ==
| No. | Name | Took office | Left office |
{rows}
"""


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        ("| 1 | A B | 31 February 1951 | 1952 |", 8, "impossible date"),
        ("| 1 | A B | 1950 | 1952 |\n| 2 |  | 1952 | 1953 |", 9, "names no holder"),
        ("| 1 | A B | 1950 | 1952 |\n| 2 | C D | soon | 1953 |\n| 3 | E F | 1953 | 1954 |", 9, "not a date"),
    ],
)
def test_odd_rows_are_warnings_naming_their_line_and_strict_makes_them_errors(rows: str, line: int, message: str) -> None:
    data = ARTICLE.format(rows=rows).encode()
    model = model_article("t.txt", data)
    assert [(w.source, w.line) for w in model.warnings] == [("t.txt", line)]
    assert message in model.warnings[0].message
    assert len(model.terms) == rows.count("\n") + 1  # the row is kept, at what can be read
    with pytest.raises(InputError, match=message) as info:
        model_article("t.txt", data, strict=True)
    assert (info.value.source, info.value.line) == ("t.txt", line)


def test_no_office_holder_table() -> None:
    with pytest.raises(InputError, match="no office-holder table"):
        model_article("t.txt", b"= T =\n\n== A ==\nProse only.\n")
