"""QuickStatements (version 1, tab-separated) for the terms of office Wikidata lacks.

One line per term: ``ITEM P39 POST`` with the qualifiers P580 start and P582 end (at the
source's precision: ``/11`` day, ``/10`` month, ``/9`` year, the unknown parts written as 00),
P1545 series ordinal, P1365 replaces and P1366 replaced by (the previous and next holders,
when they are matched too), P1480 sourcing circumstances "circa" (Q5727902) when the article
marks a date approximate, and a reference S854 (reference URL) to the article in our
published graph.

Wikidata already has the term when the item holds the post in a statement whose dates
overlap it; such terms are left out. QuickStatements adds a statement whose property and
value an item already has as qualifiers of that statement, not as a second statement. So a
term is also left out, with a note saying so, when the item holds the post in another
statement (dated otherwise, or undated) or when a line for the same item and post was
already written: those terms must be added by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..dates import PartialDate
from .entities import Kind, Term
from .scoring import Decision, overlaps
from .wikidata import Facts

#: Wikidata's "circa" (Q5727902), as a value of P1480 "sourcing circumstances".
CIRCA = "Q5727902"


def time_value(date: PartialDate) -> str:
    """A QuickStatements time value at the date's precision (``+1934-03-00T00:00:00Z/10``)."""
    return f"+{date.year:04d}-{date.month or 0:02d}-{date.day or 0:02d}T00:00:00Z/{int(date.precision)}"


@dataclass(frozen=True)
class Batch:
    """The QuickStatements lines, and notes on the terms that had to be left out."""

    lines: tuple[str, ...]
    notes: tuple[str, ...]

    def text(self) -> str:
        return "".join(f"{line}\n" for line in self.lines)


def _line(item: str, position: str, term: Term, matches: Mapping[str, str]) -> str:
    fields = [item, "P39", position]
    if term.start:
        fields += ["P580", time_value(term.start)]
    if term.end:
        fields += ["P582", time_value(term.end)]
    if term.ordinal is not None:
        fields += ["P1545", f'"{term.ordinal}"']
    for prop, holder in (("P1365", term.previous_holder), ("P1366", term.next_holder)):
        if holder and holder in matches:
            fields += [prop, matches[holder]]
    if term.approximate:
        fields += ["P1480", CIRCA]
    if term.article:
        fields += ["S854", f'"{term.article}"']
    return "\t".join(fields)


def quickstatements(decisions: Sequence[Decision], facts: Facts) -> Batch:
    """Lines adding the terms of matched people that Wikidata lacks, in order of post and place in its series."""
    matches = {d.entity.iri: d.qid for d in decisions if d.qid}
    terms = sorted(((t, d) for d in decisions if d.qid and d.entity.kind is Kind.PERSON for t in d.entity.terms), key=lambda td: (td[0].post, td[0].position))
    lines: list[str] = []
    notes: list[str] = []
    written: set[tuple[str, str]] = set()
    for term, decision in terms:
        item, position = matches[decision.entity.iri], matches.get(term.post)
        who = f"{item} ({decision.entity.label}), term {term.number}"
        if position is None:
            notes.append(f"{who}: not written: the post is not matched to an item")
            continue
        held = [s for s in facts.items[item].statements if s.position == position]
        if any(s.dated and overlaps(s, term) for s in held):
            continue
        if held or (item, position) in written:
            which = "an undated" if any(not s.dated for s in held) else "another" if held else "the line above's"
            notes.append(f"{who}: not written: QuickStatements would add its qualifiers to {which} P39 {position} statement of {item}: add this term by hand")
            continue
        written.add((item, position))
        lines.append(_line(item, position, term, matches))
    return Batch(tuple(lines), tuple(notes))
