import pytest

from qkp_rdf.readers import bundled_article
from qkp_rdf.errors import InputError
from qkp_rdf.document import BulletList, Footnote, Table
from qkp_rdf.readers.text import decode, parse_article


@pytest.fixture(scope="module")
def seed():
    name, data = bundled_article()
    return parse_article(decode(data, name), name)


def test_title_and_infobox_keep_order_and_numbered_keys(seed) -> None:
    assert seed.title == "Communist Party of Kazakhstan (Soviet Union)"
    assert seed.infobox is not None and seed.infobox.name == "Communist Party of Kazakhstan"
    keys = [e.key for e in seed.infobox.entries]
    assert keys[:2] == ["Native Name Lang", "Abbreviation"]
    assert ["Leader1 Title", "Leader1 Name", "Leader2 Title", "Leader2 Name"] == [k for k in keys if k.startswith("Leader")]
    assert ["Country", "Country2"] == [k for k in keys if k.startswith("Country")]
    assert seed.infobox.get("country2").value == "the Soviet Union"
    assert seed.infobox.get("Abbreviation").line == 5


def test_sections_and_blocks(seed) -> None:
    assert [(s.level, s.heading) for s in seed.sections] == [
        (1, "Communist Party of Kazakhstan (Soviet Union)"),
        (2, "Origin"),
        (2, "Post-Soviet restructuring"),
        (2, "First Secretaries"),
        (2, "See also"),
    ]
    assert seed.lead.paragraphs[0].text.startswith("The Communist Party of Kazakhstan (QKP;")
    assert len(seed.section("Origin").paragraphs) == 2
    secretaries = seed.section("First Secretaries")
    assert isinstance(secretaries.blocks[0], Table) and isinstance(secretaries.blocks[1], Footnote)
    assert secretaries.blocks[1].number == 1
    see_also = seed.section("See also").blocks[0]
    assert isinstance(see_also, BulletList) and [i.text for i in see_also.items] == [
        "Alma-Ata Regional Committee of the Communist Party of Kazakhstan",
        "Qizil Tugh",
    ]


def test_table_rows_keep_cells_and_lines(seed) -> None:
    table = seed.section("First Secretaries").tables[0]
    assert len(table.rows) == 28
    assert table.rows[0].cells == ("", "Chairman", "Term of office", "Political party", "Ref", "", "", "")
    assert table.rows[2].cells[:5] == ("1", "", "Levon Mirzoyan", "23 April 1937", "23 May 1938")
    assert table.rows[2].line == 30
    assert {len(r.cells) for r in table.rows} == {8}


def test_bom_and_crlf() -> None:
    text = "\ufeff= T =\r\n\r\nT\r\n- Abbreviation: X\r\n\r\n== A ==\r\nProse.\r\n"
    doc = parse_article(decode(text.encode("utf-8"), "t.txt"), "t.txt")
    assert doc.title == "T" and doc.infobox.get("Abbreviation").value == "X"
    assert doc.section("A").paragraphs[0].text == "Prose." and doc.section("A").paragraphs[0].line == 7


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "empty article"),
        ("\n\n  \n", 1, "empty article"),
        ("Just prose\n", 1, "expected a title line"),
    ],
)
def test_malformed_articles(text: str, line: int | None, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_article(text, "bad.txt")
    assert info.value.source == "bad.txt" and info.value.line == line


def test_a_ragged_row_is_kept_as_written() -> None:
    doc = parse_article("= T =\n\n== S ==\n| a | b |\n| c | d | e |\n", "t.txt")
    assert [r.cells for r in doc.section("S").tables[0].rows] == [("a", "b"), ("c", "d", "e")]


def test_infobox_without_a_name_line_and_unpadded_description_rows() -> None:
    doc = parse_article("= T =\n- Abbreviation: X\n\n== S ==\n| 1 | A | 1950 | 1951 |\n| Did things. |\nOne.\nTwo.\n", "t.txt")
    assert doc.infobox.name == "" and doc.infobox.get("Abbreviation").value == "X"
    assert [r.cells for r in doc.section("S").tables[0].rows] == [("1", "A", "1950", "1951"), ("Did things.",)]
    assert [(p.text, p.line) for p in doc.section("S").paragraphs] == [("One.", 7), ("Two.", 8)]


def test_non_utf8_names_the_line() -> None:
    with pytest.raises(InputError, match="not UTF-8") as info:
        decode(b"= T =\n\nabc \xff\n", "bad.txt")
    assert info.value.line == 3
