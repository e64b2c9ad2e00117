"""The one table writer behind `query` and `reconcile`: aligned text, CSV, TSV."""

import pytest

from qkp_rdf.errors import UsageError
from qkp_rdf.tables import aligned, table

HEADER = ("name", "n", "note")
ROWS = [("Kunaev", "2", "first, second"), ("Kolbin", "", "")]


def test_aligned_columns_with_and_without_a_rule() -> None:
    assert aligned(HEADER, ROWS) == "name    n  note\n------  -  -------------\nKunaev  2  first, second\nKolbin\n"
    assert aligned(HEADER, ROWS, rule=False) == "name    n  note\nKunaev  2  first, second\nKolbin\n"
    assert aligned(["x"], []) == "x\n-\n"


def test_csv_quotes_only_where_needed_and_ends_lines_with_crlf() -> None:
    assert table("csv", HEADER, ROWS) == 'name,n,note\r\nKunaev,2,"first, second"\r\nKolbin,,\r\n'


def test_tsv() -> None:
    assert table("tsv", HEADER, ROWS) == "name\tn\tnote\nKunaev\t2\tfirst, second\nKolbin\t\t\n"


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown table format 'xml'"):
        table("xml", HEADER, ROWS)


def test_a_table_is_cut_to_a_width_widest_columns_first() -> None:
    rows = [("Dinmukhamed Kunaev", "11", "First Secretary of the Communist Party of Kazakhstan")]
    cut = aligned(HEADER, rows, width=40)
    # 40 characters less two gaps of two: the wide columns get 17 each, the narrow one keeps its 2.
    assert cut.splitlines() == ["name               n   note", "-----------------  --  -----------------", "Dinmukhamed Kuna…  11  First Secretary …"]
    assert max(len(line) for line in cut.splitlines()) <= 40
    # Wide enough: nothing is cut; and CSV and TSV never are.
    assert aligned(HEADER, rows, width=200) == aligned(HEADER, rows)
    assert table("csv", HEADER, rows, width=10) == table("csv", HEADER, rows)
    # As narrow as one character a column, no narrower.
    assert aligned(HEADER, rows, width=1, rule=False).splitlines()[1] == "…  …  …"


def test_a_table_without_rows_can_say_so() -> None:
    assert aligned(HEADER, [], empty="no rows") == "no rows\n"
    assert table("table", HEADER, [], empty="no rows") == "no rows\n"
    assert table("csv", HEADER, [], empty="no rows") == "name,n,note\r\n"  # a header, as the results format wants
    assert aligned(HEADER, ROWS, empty="no rows") == aligned(HEADER, ROWS)
