"""Rows of text as the commands print them: an aligned table, CSV, or TSV.

The cells are text already: what goes in them (an RDF term's lexical form, its Turtle form, a
score) is the caller's choice. CSV follows RFC 4180 (``\\r\\n`` line ends, quoted only where
needed), as the SPARQL 1.1 CSV results format does; TSV has ``\\n`` line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from .errors import UsageError

FORMATS = ("table", "csv", "tsv")


def aligned(header: Sequence[str], rows: Iterable[Sequence[str]], *, rule: bool = True) -> str:
    """Columns padded to their widest cell, two spaces apart, trailing spaces cut; with ``rule``, a
    line of dashes under the header."""
    table = [list(header), *(list(row) for row in rows)]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in table]
    if rule:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The header and the rows as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def tsv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The header and the rows, tab-separated (the cells must hold no tab or line break)."""
    return "".join("\t".join(row) + "\n" for row in [header, *rows])


def table(fmt: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, rule: bool = True) -> str:
    """The rows in one of :data:`FORMATS` (``rule``: see :func:`aligned`)."""
    if fmt == "csv":
        return csv_text(header, rows)
    if fmt == "tsv":
        return tsv_text(header, rows)
    if fmt == "table":
        return aligned(header, rows, rule=rule)
    raise UsageError(f"unknown table format {fmt!r} (formats: {', '.join(FORMATS)})")
