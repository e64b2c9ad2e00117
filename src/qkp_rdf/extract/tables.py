"""Office-holder tables: terms of office and interruptions from each table's rows, and every
table of an article under the post its section names.

A row whose only text is in its first cell is an office title (a new post below it), a dated
gap, or a description of the officeholder row above.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..dates import Decade, PartialDate, parse_time_in_office
from ..document import Document, Row, Section, Table
from ..errors import DateError
from ..model import Interruption, Post, Source, SourceKind, Term
from .cells import OPEN_END, RANGE, UNKNOWN, cell_date, date_range, is_data_row, ordinal_value, read_holder
from .columns import columns, is_header_row
from .offices import named_office, singular
from .text import Warnings, clean_cell

_VACANT = {"vacant", "vacancy", "(vacant)", "office vacant"}
_GAP = re.compile(r"(?P<label>[^()]*[A-Za-z][^()]*?)\s*\((?P<span>[^()]+)\)")


def _only_first(cells: Sequence[str]) -> bool:
    # Text in the first cell only (or a lone unpadded cell), not an ordinal.
    return bool(cells[0]) and not any(cells[1:]) and not ordinal_value(cells[0])


def _interruption(text: str) -> tuple[str, str, str] | None:
    """(label, start, end) of a gap row such as "Nazi German occupation (1941–1943)". Asked only
    of rows that name no office: :func:`~.offices.split_office` drops a title's years, so "First
    Secretary (1954–1981)" is a sub-header before it gets here."""
    m = _GAP.fullmatch(text)
    if not m:
        return None
    span = date_range(m.group("span"))
    return (m.group("label").strip(" ,:"), *span) if span else None


def _gap(post: Post, label: str, start: PartialDate | Decade | None, end: PartialDate | Decade | None, row: Row, section: Section) -> Interruption:
    # An interruption's dates are schema:startDate / endDate values: a decade has none.
    return Interruption(post, label, start if isinstance(start, PartialDate) else None, end if isinstance(end, PartialDate) else None, Source(SourceKind.ROW, section.heading, row.line, row.text))


@dataclass
class TableRead:
    """What one office-holder table gives: its terms (under the post it was given, or the one a
    sub-header row names) and its interruptions."""

    terms: list[Term]
    interruptions: list[Interruption]


def extract_terms(table: Table, post: Post, section: Section, source: str, warn: Warnings | None = None) -> TableRead:
    """Terms of office from one office-holder table, under ``post`` until a sub-header row names another."""
    warn = warn if warn is not None else Warnings(source)
    width = max(len(row.cells) for row in table.rows)
    # A one-cell row is a full-width description row written without padding; a row with
    # no text at all says nothing.
    cleaned = [(row, tuple(clean_cell(c) for c in row.cells) + ("",) * (width - len(row.cells))) for row in table.rows]
    cleaned = [(row, cells) for row, cells in cleaned if any(cells)]
    first_data = next((i for i, (_, cells) in enumerate(cleaned) if is_data_row(cells)), None)
    read = TableRead([], [])
    if first_data is None:
        return read
    body = [(row, cells) for row, cells in cleaned[first_data:] if not is_header_row(cells)]
    data_rows = [cells for _, cells in body if not _only_first(cells)]
    cols = columns(data_rows, [cells for _, cells in cleaned[:first_data]])
    if cols is None:
        return read
    # A flattened header may be shorter than the data: a row is ragged against the rows like it.
    expected = Counter(len(row.cells) for row, cells in body if not _only_first(cells)).most_common(1)[0][0]
    for row, _ in body:
        if len(row.cells) not in (expected, 1):
            warn(row.line, f"ragged row: {len(row.cells)} cells where the table's other rows have {expected}; read as far as it goes")
    # An office title among the header rows ("| First Secretary | | |") names the first rows' post.
    for _, cells in cleaned[:first_data]:
        if _only_first(cells) and (office := named_office(cells[0])):
            post = Post(office, post.section) if office != post.label else post
    pending: list[tuple[Row, tuple[str, ...], Post, list[Source]]] = []
    for row, cells in body:
        if _only_first(cells):
            text = cells[0]
            if office := named_office(text):
                if office != post.label:
                    post = Post(office, post.section)
            elif gap := _interruption(text):
                label, start_text, end_text = gap
                start, _ = cell_date(start_text, row.line, "interruption start", warn)
                end, _ = cell_date(end_text, row.line, "interruption end", warn)
                read.interruptions.append(_gap(post, label, start, end, row, section))
            elif not pending:
                warn(row.line, f"description row {text[:40]!r} with no officeholder row above it; left out")
            elif text not in UNKNOWN:
                # A description row's excerpt is its one cell: the other cells are empty padding.
                pending[-1][3].append(Source(SourceKind.ROW, section.heading, row.line, text))
            continue
        pending.append((row, cells, post, []))
    for row, cells, row_post, descriptions in pending:
        if cols.end is None:
            # Split at the range mark whatever its start says ("– – c. 1902": start unknown).
            match = RANGE.match(cells[cols.start])
            start_text, end_text = (match.group("start"), match.group("end")) if match else (cells[cols.start], "")
        else:
            start_text, end_text = cells[cols.start], cells[cols.end]
        start, _ = cell_date(start_text, row.line, "start", warn)
        end, incumbent = cell_date(end_text, row.line, "end", warn)
        if cells[cols.name].lower() in _VACANT:
            # "Vacant" with dates: nobody held the office then.
            read.interruptions.append(_gap(row_post, cells[cols.name].strip("()").capitalize(), start, end, row, section))
            continue
        holder = read_holder(cells[cols.name], cells[cols.life] if cols.life is not None else "", row.line, warn)
        if holder.person is None and not cells[cols.name]:
            # "?" says the source does not know (the shapes warn of it); an empty cell may be a slip.
            warn(row.line, f"name cell {cells[cols.name]!r} names no holder: published as a term whose holder is unknown")
        ordinal = ordinal_value(cells[cols.ordinal]) if cols.ordinal is not None else None
        time_text = cells[cols.time_in_office] if cols.time_in_office is not None else ""
        stated = None
        if time_text.lower() not in UNKNOWN | OPEN_END:
            try:
                stated = parse_time_in_office(time_text)
            except DateError as e:
                warn(row.line, f"time in office cell: {e}; left out")
        read.terms.append(
            Term(
                ordinal=ordinal,
                holder=holder.person,
                post=row_post,
                start=start,
                end=end,
                source=Source(SourceKind.ROW, section.heading, row.line, row.text),
                role=holder.role,
                description=" ".join(d.text for d in descriptions) or None,
                description_sources=tuple(descriptions),
                incumbent=incumbent,
                time_in_office_text=time_text if stated else None,
                stated_time_in_office=stated,
            )
        )
    # A dated row over terms that start inside its span ("Kazakh SSR (1936–1991)") names a period
    # of the office, not a gap in it.
    read.interruptions = [gap for gap in read.interruptions if not any(_starts_within(t, gap) for t in read.terms)]
    return read


def _starts_within(term: Term, gap: Interruption) -> bool:
    return bool(term.post == gap.post and term.start and gap.start and gap.end and gap.start.latest() < term.start.earliest() and term.start.latest() < gap.end.earliest())


def office_holders(doc: Document, default_office: str | None, warn: Warnings) -> tuple[list[Term], list[Interruption]]:
    """Terms and interruptions from every office-holder table, each post named after its section.

    The section heading names the post when it names an office ("List of First Secretaries of
    ..." is "First Secretary"); else the page's own office (`Post` entry, title), else the
    heading made singular. A table under a `===` sub-heading that names an office ("===
    Presidents (1912–1914) ===") has that post; under one that names a period ("=== Kazakh SSR
    ===") it has the `==` section's. A sub-header row naming an office starts that post for the
    rows below it. Each post's terms are numbered in table order (their position in the series).
    """
    # Each table is read once under a placeholder post; its post is named once it is known
    # which sections hold tables.
    placeholder = Post("", "")
    found = [(section, read) for section in doc.sections for table in section.tables if (read := extract_terms(table, placeholder, section, doc.source, warn)).terms]
    terms: list[Term] = []
    interruptions: list[Interruption] = []
    for section, read in found:
        # A sub-section names its own post when it names an office ("=== Presidents (1912–1914) ===");
        # sub-sections that name periods ("=== Kirghiz SSR ===") share their section's.
        own = section.parent is None or bool(named_office(section.heading))
        heading = section.heading if own else section.parent or section.heading
        post = Post(named_office(heading) or default_office or singular(heading), heading)

        def named(p: Post) -> Post:
            return post if p == placeholder else Post(p.label, heading)

        terms += [replace(t, post=named(t.post)) for t in read.terms]
        interruptions += [replace(i, post=named(i.post)) for i in read.interruptions]
    positions: Counter[Post] = Counter()
    numbered = []
    for term in terms:
        positions[term.post] += 1
        numbered.append(replace(term, position=positions[term.post]))
    return numbered, interruptions
