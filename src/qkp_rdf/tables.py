"""Rows of text as the commands print them: an aligned table, CSV, or TSV.

The cells are text already: what goes in them (an RDF term's lexical form, its Turtle form, a
score) is the caller's choice. CSV follows RFC 4180 (``\\r\\n`` line ends, quoted only where
needed), as the SPARQL 1.1 CSV results format does; TSV has ``\\n`` line ends. An aligned table may
be cut to a width (a terminal's): the widest columns are narrowed first, and a cell cut short ends
with ``…``; CSV and TSV are never cut: they are for programs, which want whole values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from .errors import UsageError

FORMATS = ("table", "csv", "tsv")


def aligned(header: Sequence[str], rows: Iterable[Sequence[str]], *, rule: bool = True, width: int | None = None, empty: str | None = None) -> str:
    """Columns padded to their widest cell, two spaces apart, trailing spaces cut; with ``rule``, a
    line of dashes under the header. With ``width``, columns are narrowed so that each line fits in
    that many characters (as far as one character per column allows). With ``empty``, a table
    without rows is that line instead of a header alone."""
    body = [list(row) for row in rows]
    if not body and empty is not None:
        return empty + "\n"
    table = [list(header), *body]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    if width is not None:
        widths = _fitted(widths, width)
        table = [[_cut(cell, w) for cell, w in zip(r, widths)] for r in table]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in table]
    if rule:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _fitted(widths: Sequence[int], width: int) -> list[int]:
    """The column widths, the widest narrowed to one cap, so that the line fits in ``width``."""
    room = width - 2 * (len(widths) - 1)
    if sum(widths) <= room:
        return list(widths)
    # The largest cap that fits: narrow columns keep their width, the others share what is left.
    cap = max(1, room // max(1, len(widths)))
    while sum(min(w, cap + 1) for w in widths) <= room:
        cap += 1
    return [min(w, cap) for w in widths]


def _cut(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


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


def table(fmt: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, rule: bool = True, width: int | None = None, empty: str | None = None) -> str:
    """The rows in one of :data:`FORMATS` (``rule``, ``width``, ``empty``: see :func:`aligned`; only
    the aligned table is cut to a width)."""
    if fmt == "csv":
        return csv_text(header, rows)
    if fmt == "tsv":
        return tsv_text(header, rows)
    if fmt == "table":
        return aligned(header, rows, rule=rule, width=width, empty=empty)
    raise UsageError(f"unknown table format {fmt!r} (formats: {', '.join(FORMATS)})")
