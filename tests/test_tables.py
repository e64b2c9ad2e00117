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
