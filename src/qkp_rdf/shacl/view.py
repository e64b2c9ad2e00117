"""The derived validation view: a few ``qkpv:`` triples SHACL Core cannot compute itself.

SHACL Core cannot compare an ``xsd:gYear`` with an ``xsd:date`` or say "unique per post". The
shapes therefore carry SHACL-AF rules (``sh:rule``) that derive a few ``qkpv:`` triples before
the constraints run; :func:`validation_view` derives the same triples in code, about a hundred
times faster than pySHACL evaluates the rules, and the build adds them to the graph it
validates (never to published files). A test keeps the two equal. No engine is imported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import TypeVar

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD
from rdflib.term import Node

from ..dates import end_window, minus_year, parse_duration, plus_year, xsd_date_bounds
from ..vocab import OPENGOV, ORG, QKP, SCHEMA

QKPV = Namespace("https://w3id.org/qkp/validation#")

#: Date properties whose values get a datatype and earliest/latest days in the view.
DATE_PROPERTIES = {
    SCHEMA.validFrom: "validFrom",
    SCHEMA.validThrough: "validThrough",
    DCTERMS.date: "date",
    SCHEMA.foundingDate: "foundingDate",
    SCHEMA.dissolutionDate: "dissolutionDate",
    SCHEMA.startDate: "startDate",
    SCHEMA.endDate: "endDate",
    SCHEMA.birthDate: "birthDate",
    SCHEMA.deathDate: "deathDate",
}
DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)
#: The stated property each derived qkpv: property (by name prefix) comes from.
DERIVED_FROM = {**{name: prop for prop, name in DATE_PROPERTIES.items()}, "statedEnd": QKP.statedTimeInOffice}

#: The date properties qkp: flags can mark as approximate ("c. 1937") or uncertain ("1937?"),
#: and the flags: either makes the date a year wider on each side.
APPROXIMATE = {
    SCHEMA.validFrom: (QKP.startApproximate, QKP.startUncertain),
    SCHEMA.validThrough: (QKP.endApproximate, QKP.endUncertain),
}
#: The term's own bounds of a date the source gives only as a decade ("193."), which then has
#: no schema:validFrom / schema:validThrough: (earliest, latest) for each.
VAGUE = {
    SCHEMA.validFrom: (QKP.earliestStart, QKP.latestStart),
    SCHEMA.validThrough: (QKP.earliestEnd, QKP.latestEnd),
}
#: ORG's class axioms, added to the graph being validated so that sh:class org:Organization
#: accepts a party (org:FormalOrganization) and a committee (org:OrganizationalUnit).
AXIOMS = (
    (ORG.FormalOrganization, RDFS.subClassOf, ORG.Organization),
    (ORG.OrganizationalUnit, RDFS.subClassOf, ORG.Organization),
)


_TRUE = Literal(True)


@lru_cache(maxsize=1 << 16)
def literal_bounds(value: Literal) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest day a well-formed date literal can mean, remembered: a dataset
    repeats its dates (one term's end is the next one's start)."""
    return xsd_date_bounds(str(value), str(value.datatype)) if value.datatype is not None else None


def day_of(value: Node) -> dt.date | None:
    """A well-formed xsd:date literal's day."""
    if isinstance(value, Literal) and value.datatype == XSD.date and not value.ill_typed and type(value.value) is dt.date:
        return value.value
    return None


class Dates:
    """The days the dates of one graph can mean, each worked out once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        # The subjects whose start (end) the data marks approximate or uncertain.
        self.widened = {prop: {s for flag in flags for s in graph.subjects(flag, _TRUE)} for prop, flags in APPROXIMATE.items()}
        self._all: dict[tuple[Node, URIRef], tuple[list[dt.date], list[dt.date]]] = {}

    def bounds(self, subject: Node, prop: URIRef, value: Literal) -> tuple[dt.date, dt.date] | None:
        """:func:`literal_bounds`, a year wider on each side for a date the data marks approximate or
        uncertain: "c. 1938" or "1938?" may be 1937 or 1939, and must not make a certain contradiction."""
        bounds = literal_bounds(value)
        if bounds and subject in self.widened.get(prop, ()):
            return minus_year(bounds[0]), plus_year(bounds[1])
        return bounds

    def vague(self, subject: Node, prop: URIRef) -> tuple[list[dt.date], list[dt.date]]:
        """The earliest and the latest days a term's start (``prop`` schema:validFrom) or end
        (schema:validThrough) can be, from qkp:earliestStart ... qkp:latestEnd, when the term
        states no such date; widened like a date when the data marks it approximate or uncertain."""
        if prop not in VAGUE or self.graph.value(subject, prop) is not None:
            return [], []
        earliest_prop, latest_prop = VAGUE[prop]
        earliest = [d for v in self.graph.objects(subject, earliest_prop) if (d := day_of(v))]
        latest = [d for v in self.graph.objects(subject, latest_prop) if (d := day_of(v))]
        if subject in self.widened.get(prop, ()):
            earliest, latest = [minus_year(d) for d in earliest], [plus_year(d) for d in latest]
        return earliest, latest

    def all(self, subject: Node, prop: URIRef) -> tuple[list[dt.date], list[dt.date]]:
        """Every earliest and every latest day the subject's date ``prop`` can be: from its
        stated values, or else from the bounds of a vague one (:meth:`vague`)."""
        key = (subject, prop)
        if key not in self._all:
            stated = [b for v in self.graph.objects(subject, prop) if isinstance(v, Literal) and (b := self.bounds(subject, prop, v))]
            self._all[key] = ([b[0] for b in stated], [b[1] for b in stated]) if stated else self.vague(subject, prop)
        return self._all[key]


def date_view(dates: Dates, subject: Node, prop: URIRef, value: Literal) -> Iterator[tuple[URIRef, Node]]:
    """The derived (property, value) pairs of one stated date."""
    name = DATE_PROPERTIES[prop]
    bounds = dates.bounds(subject, prop, value)
    datatype = value.datatype or XSD.string
    yield QKPV[f"{name}Datatype"], QKPV.IllFormed if value.ill_typed or (datatype in DATE_TYPES and not bounds) else datatype
    if bounds:
        yield QKPV[f"{name}Earliest"], Literal(bounds[0])
        yield QKPV[f"{name}Latest"], Literal(bounds[1])
        if name == "validThrough":
            yield QKPV.validThroughLatestPlusYear, Literal(plus_year(bounds[1]))


def _overlaps(dates: Dates) -> Iterator[tuple[Node, URIRef, Node]]:
    """qkpv:overlapsTerm from a term to each term of its post with a lower position whose time
    certainly overlaps its own (each starts before the other ends, at the dates' precision):
    not only the previous term, as one long term can span several. Two terms with different
    roles (qkp:role: "Industrial", "Rural") are two halves of a split post, not an overlap."""
    graph = dates.graph
    by_post: dict[Node, list[tuple[int, str, Node]]] = {}
    for term, post in graph.subject_objects(OPENGOV.post):
        position = graph.value(term, QKP.position)
        if isinstance(position, Literal) and isinstance(position.value, int):
            by_post.setdefault(post, []).append((position.value, str(term), term))

    def span(term: Node) -> tuple[dt.date, dt.date] | None:
        """The latest start and the earliest end (of several dates, a violation of its own, the
        ones least likely to make an overlap); None without both."""
        starts = dates.all(term, SCHEMA.validFrom)[1]
        ends = dates.all(term, SCHEMA.validThrough)[0]
        return (max(starts), min(ends)) if starts and ends else None

    for terms in by_post.values():
        spans = [(term, span(term), set(graph.objects(term, QKP.role))) for _, _, term in sorted(terms)]
        for term, earlier in overlapping(spans):
            yield term, QKPV.overlapsTerm, earlier


K = TypeVar("K")


def overlapping(spans: Sequence[tuple[K, tuple[dt.date, dt.date] | None, AbstractSet[object]]]) -> Iterator[tuple[K, K]]:
    """(term, earlier term) for each pair of a post's terms, in position order, whose spans (latest
    start, earliest end) certainly overlap, unless both have roles and the roles differ."""
    for i, (term, mine, my_roles) in enumerate(spans):
        for earlier, theirs, their_roles in spans[:i]:
            if my_roles and their_roles and not my_roles & their_roles:
                continue
            if mine and theirs and mine[0] < theirs[1] and theirs[0] < mine[1]:
                yield term, earlier


def sharing(groups: Iterable[AbstractSet[K]]) -> Iterator[tuple[K, K]]:
    """(a, b) for every two different members of each group: the terms of a post that share an
    ordinal or a position."""
    for group in groups:
        for one in group:
            for other in group - {one}:
                yield one, other


def gap_limit(latest: dt.date, gaps: Sequence[tuple[dt.date, dt.date]]) -> dt.date:
    """The latest day the next term may start without a gap warning, after a term that ends by
    ``latest``, given the post's interruptions (earliest start, latest end), sorted."""
    limit = plus_year(latest)
    for start, end in gaps:
        if start <= limit:
            limit = max(limit, plus_year(end))
    return limit


def _gap_limits(dates: Dates) -> Iterator[tuple[Node, URIRef, Node]]:
    """qkpv:validThroughGapLimit: the latest day a term's next term may start without a gap
    warning. A year after the term's latest possible end; but when an interruption of the post
    can begin by then, a year after the interruption's latest possible end, and so on for
    interruptions that follow one another. So an interruption accounts for a gap only if
    neither the time before it nor the time after it is certainly more than a year."""
    graph = dates.graph
    interruptions: dict[Node, list[tuple[dt.date, dt.date]]] = {}
    for post, interruption in graph.subject_objects(QKP.interruption):
        starts = [b[0] for v in graph.objects(interruption, SCHEMA.startDate) if isinstance(v, Literal) and (b := literal_bounds(v))]
        ends = [b[1] for v in graph.objects(interruption, SCHEMA.endDate) if isinstance(v, Literal) and (b := literal_bounds(v))]
        if starts and ends:
            interruptions.setdefault(post, []).append((min(starts), max(ends)))
    for term in {*graph.subjects(SCHEMA.validThrough), *graph.subjects(QKP.latestEnd)}:
        gaps = sorted(i for post in graph.objects(term, OPENGOV.post) for i in interruptions.get(post, []))
        for latest in dates.all(term, SCHEMA.validThrough)[1]:
            yield term, QKPV.validThroughGapLimit, Literal(gap_limit(latest, gaps))


def _vague_view(dates: Dates) -> Iterator[tuple[Node, URIRef, Node]]:
    """qkpv:validFromEarliest ... qkpv:validThroughLatestPlusYear of a term whose start or end
    the source gives only as a decade, from its qkp:earliestStart ... qkp:latestEnd."""
    for prop, (earliest_prop, latest_prop) in VAGUE.items():
        name = DATE_PROPERTIES[prop]
        for subject in {*dates.graph.subjects(earliest_prop), *dates.graph.subjects(latest_prop)}:
            earliest, latest = dates.vague(subject, prop)
            for day in earliest:
                yield subject, QKPV[f"{name}Earliest"], Literal(day)
            for day in latest:
                yield subject, QKPV[f"{name}Latest"], Literal(day)
                if name == "validThrough":
                    yield subject, QKPV.validThroughLatestPlusYear, Literal(plus_year(day))


def validation_view(graph: Graph) -> Iterator[tuple[Node, URIRef, Node]]:
    """The derived qkpv: triples the shapes rely on (see the shapes file's header)."""
    dates = Dates(graph)
    yield from AXIOMS
    for prop, name in DATE_PROPERTIES.items():
        for subject, value in graph.subject_objects(prop):
            if isinstance(value, Literal):  # else the shapes' sh:nodeKind sh:Literal reports it
                for derived, derived_value in date_view(dates, subject, prop, value):
                    yield subject, derived, derived_value
    yield from _vague_view(dates)
    yield from _overlaps(dates)
    yield from _gap_limits(dates)
    for term, stated in graph.subject_objects(QKP.statedTimeInOffice):
        duration = parse_duration(str(stated)) if isinstance(stated, Literal) and stated.datatype == XSD.duration else None
        starts = [b for v in graph.objects(term, SCHEMA.validFrom) if isinstance(v, Literal) and (b := dates.bounds(term, SCHEMA.validFrom, v))]
        if duration and len(starts) == 1 and (window := end_window(*starts[0], duration)):
            yield term, QKPV.statedEndEarliest, Literal(window[0])
            yield term, QKPV.statedEndLatest, Literal(window[1])
    for term in {*graph.subjects(SCHEMA.validFrom), *graph.subjects(QKP.earliestStart), *graph.subjects(QKP.startUnknown, _TRUE)}:
        yield term, QKPV.startStated, _TRUE
    for term in set(graph.subjects(ORG.member)):
        yield term, QKPV.holderStated, ORG.member
    for term in set(graph.subjects(QKP.holderUnknown, _TRUE)):
        yield term, QKPV.holderStated, QKP.holderUnknown
    for derived, prop in ((QKPV.sameOrdinalAs, QKP.ordinal), (QKPV.samePositionAs, QKP.position)):
        yield from _same_number(graph, prop, derived)


def _same_number(graph: Graph, prop: URIRef, derived: URIRef) -> Iterator[tuple[Node, URIRef, Node]]:
    """``derived`` from each term to every other term of its post with the same ``prop`` (the
    same ordinal, the same position). Worked out here, not by the shapes: a path through a key
    and back costs pySHACL a millisecond per article and shape."""
    by_number: dict[tuple[Node, Node], set[Node]] = {}
    for term, number in graph.subject_objects(prop):
        for post in graph.objects(term, OPENGOV.post):
            by_number.setdefault((post, number), set()).add(term)
    for term, other in sharing(by_number.values()):
        yield term, derived, other
