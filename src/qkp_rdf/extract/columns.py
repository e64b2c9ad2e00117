"""Which column of an office-holder table holds what, recognised by the cells' content, never
by header position; and which rows are headers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..dates import TIME_IN_OFFICE
from .cells import OPEN_END, UNKNOWN, is_date_cell, is_life_cell, is_name, is_range_cell, ordinal_value

# Header cells: which say "dates here", "the name here", or "something else here".
_HEADER_NUMBER = re.compile(r"^(?:No\.?|#|Number|Nr\.?)$", re.I)
_HEADER_LIFE = re.compile(r"life\s*(?:years|span)|birth\s*[–—-]\s*death|born\s*[–—-]\s*died", re.I)
_HEADER_DATES = re.compile(r"^(?:took office|left office|assumed office|term(?: of office)?|tenure|in office|start|end|from|to|years?)$", re.I)
_HEADER_NAME = re.compile(r"^(?:name|holder|office ?holder|incumbent|leader|(?:first )?secretary|chair(?:man|woman|person)?|president)$", re.I)
_HEADER_OTHER = re.compile(r"^(?:portrait|image|photo|picture|(?:political )?party|notes?|remarks|ref(?:erence)?s?|sources?|time in office|length of term|duration)$", re.I)


@dataclass(frozen=True)
class Columns:
    name: int
    start: int
    end: int | None  # None when one column holds "start – end"
    ordinal: int | None = None
    time_in_office: int | None = None
    life: int | None = None  # a "Life years" column: "1898–1937", "1903–?"


def is_header_row(cells: Sequence[str]) -> bool:
    """A header repeated inside the table (`| No. | Name | Took office | Left office |`)."""
    filled = [c for c in cells if c]
    headers = (_HEADER_DATES, _HEADER_NAME, _HEADER_OTHER, _HEADER_LIFE, _HEADER_NUMBER)
    return len(filled) > 1 and all(any(h.search(c) if h is _HEADER_LIFE else h.match(c) for h in headers) for c in filled)


def _counts(cells: Sequence[str]) -> bool:
    """Whether a column's numbers count rows (1, 2, 3 ... mostly one apart), as an ordinal column
    does and a column of years (1921, 1921, 1923) does not: so numbers past 1000 stay ordinals."""
    numbers = [ordinal_value(c) for c in cells]
    if len(numbers) < 2 or None in numbers:
        return False
    steps = [b - a for a, b in zip(numbers, numbers[1:]) if a is not None and b is not None]
    if max(n for n in numbers if n is not None) >= 1000:
        return all(step == 1 for step in steps)  # could be years: only a strict count is no column of years
    return sum(step == 1 for step in steps) * 2 >= len(steps)


def columns(rows: Sequence[tuple[str, ...]], headers: Sequence[tuple[str, ...]] = ()) -> Columns | None:
    """Recognise the columns of an office-holder table from its data rows' content.

    A date column is one where most cells that are not blank or unknown (`?`, `—`) are dates;
    a column of "start – end" ranges stands for both. An ordinal column holds only numbers
    that count the rows (so a column 998, 999, 1000 is no column of years); a time-in-office
    column only lengths of time ("1 year, 31 days"); a life-years column only year ranges
    ("1898–1937", "1903–?") besides separate date columns, or under a "Life years" header. The
    name column is a column of names (text starting with a letter, not an image file): the one
    a header row calls "Name" (anywhere) when that header row lines up with the data (its "Took
    office" / "Term" headings sit over the date columns; headers flattened from merged cells do
    not), else the first column before the dates whose names mostly differ from row to row (a
    party column repeats one value). None when the table has no dates or no names: it is some
    other table (elections, congresses).
    """
    if not rows:
        return None
    width = len(rows[0])
    # Cells that say something: not blank, not "unknown", not "incumbent".
    informative = [[r[col] for r in rows if r[col].lower() not in UNKNOWN | OPEN_END] for col in range(width)]

    def all_match(col: int, test: Callable[[str], bool]) -> bool:
        return bool(informative[col]) and all(test(c) for c in informative[col])

    def holds_names(col: int) -> bool:
        # "?" in a name column is a holder the source does not name: there, but no name.
        present = [r[col] for r in rows if r[col]]
        named = [c for c in present if c.strip("?")]
        return len(present) * 2 >= len(rows) and sum(map(is_name, named)) * 2 > len(named)

    # An ordinal column stands before the names (a column of years counting up stands after them,
    # though a party column may follow it: "Name | Took office 1900, 1901 | … | Party").
    first_names = next((c for c in range(width) if holds_names(c)), width)
    counting = next((c for c in range(first_names) if _counts(informative[c])), None)
    # Most informative cells are dates: a stray non-date in a date column is then reported
    # with its line and left out, not a reason to overlook the column.
    date_cols = [c for c in range(width) if c != counting and (n := sum(map(is_date_cell, informative[c]))) and n * 2 > len(informative[c])]
    range_cols = [c for c in range(width) if c not in date_cols and any(is_range_cell(x) for x in informative[c])]
    life_header = any(_HEADER_LIFE.search(cell) for cells in headers for cell in cells)
    # Most cells year spans: one odd cell is reported and left out, the column stays one of life years.
    # Without two date columns the first column of spans is the term's, and a later one under a
    # "Life years" header is the life's.
    life_cols = [
        c for c in (range_cols if len(date_cols) >= 2 else range_cols[1:] if life_header else [])
        if sum(map(is_life_cell, informative[c])) * 2 > len(informative[c])
    ]
    range_cols = [c for c in range_cols if c not in life_cols]
    if date_cols:
        start, end = date_cols[0], (date_cols[1] if len(date_cols) > 1 else None)
        if end is None and range_cols:
            start = range_cols[0]
    elif range_cols:
        start, end = range_cols[0], None
    else:
        return None
    if end is None and start not in range_cols:
        # An end column with no known date yet ("Incumbent", "?"): the next column that
        # holds nothing but such markers.
        end = next((c for c in range(start + 1, width) if not informative[c] and any(r[c] for r in rows)), None)
    ordinal = counting if counting is not None and counting < start else next((c for c in range(start) if all_match(c, lambda x: ordinal_value(x) is not None)), None)
    time_col = next((c for c in range(width) if c not in (start, end) and all_match(c, lambda x: bool(TIME_IN_OFFICE.match(x)))), None)
    labels = _aligned_header(headers, {c for c in (start, end) if c is not None})

    candidates = [
        c
        for c in range(width)
        if c not in (start, end, ordinal, time_col, *life_cols) and holds_names(c) and not (labels and _HEADER_OTHER.match(labels[c]))
    ]
    named = [c for c in candidates if labels and _HEADER_NAME.match(labels[c])]
    before = [c for c in candidates if c < start]
    varied = [c for c in before if len(set(informative[c])) * 2 > len(informative[c])]
    # A "Name" column the page left empty (its names were links it lost): holders unknown, each said.
    unnamed = [c for c in range(width) if labels and _HEADER_NAME.match(labels[c]) and not any(r[c].strip("?") for r in rows) and c not in (start, end)]
    name = next(iter(named or varied or before or unnamed), None)
    if name is None:
        return None
    return Columns(name=name, start=start, end=end, ordinal=ordinal, time_in_office=time_col, life=next(iter(life_cols), None))


def _aligned_header(headers: Sequence[tuple[str, ...]], date_cols: set[int]) -> tuple[str, ...] | None:
    """The last header row whose date headings ("Took office", "Term") are exactly over the date columns."""
    for cells in reversed(headers):
        if {i for i, cell in enumerate(cells) if _HEADER_DATES.match(cell)} == date_cols:
            return cells
    return None
