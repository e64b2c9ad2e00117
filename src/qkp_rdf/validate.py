"""SHACL validation with pySHACL: the shapes, the derived validation view, and reports people can act on.

Shapes live in ``shapes/`` (shipped in the package). SHACL Core cannot compare an
``xsd:gYear`` with an ``xsd:date`` or say "unique per post", so :func:`validation_view`
adds a few derived ``qkpv:`` triples to the graph being validated (never to published
files); the shapes file's header lists them. The build validates articles in small fixed
groups (shapes are local to an article, so the cost grows linearly) plus one small
cross-article graph; :func:`validate_graph` validates any graph as one unit.
"""

from __future__ import annotations

import calendar
import re
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from pyshacl import ShapesGraph, Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.pytypes import SHACLExecutor
from pyshacl.monkey import apply_patches
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from .dates import end_window, parse_duration
from .vocab import OPENGOV, ORG, QKP, SCHEMA, new_graph

QKPV = Namespace("https://w3id.org/qkp/validation#")
QKPSH = Namespace("https://w3id.org/qkp/shapes#")
SHAPES_FILE = "qkp-shapes.ttl"
#: Articles validated together in one pySHACL run (see :func:`validate_group`).
GROUP = 16
REPORT_FILE = "validation-report.ttl"

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
_DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)
#: The stated property each derived qkpv: property (by name prefix) comes from.
_DERIVED_FROM = {**{name: prop for prop, name in DATE_PROPERTIES.items()}, "statedEnd": QKP.statedTimeInOffice}
# 1937, 1937-04, 1937-04-23, each with an optional time zone (which does not move the day).
_LEXICAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:Z|[+-]\d{2}:\d{2})?")
_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def shapes_text() -> str:
    """The shapes file shipped with the package."""
    return files("qkp_rdf").joinpath(f"shapes/{SHAPES_FILE}").read_text("utf-8")


@cache
def shapes_graph() -> Graph:
    """The shapes, parsed once per process, each property shape given its node shape's targets.

    The two forms are equivalent SHACL; pySHACL evaluates a property shape reached through
    sh:property once per focus node, and a targeted one once for all of them (~2x faster).
    """
    graph = Graph().parse(data=shapes_text(), format="turtle")
    targets = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
    for node_shape in list(graph.subjects(RDF.type, SH.NodeShape)):
        node_targets = [(p, o) for p, o in graph.predicate_objects(node_shape) if p in targets]
        for prop in list(graph.objects(node_shape, SH.property)):
            graph.remove((node_shape, SH.property, prop))
            graph.add((prop, RDF.type, SH.PropertyShape))
            for p, o in node_targets:
                graph.add((prop, p, o))
    return graph


@cache
def compiled_shapes() -> ShapesGraph:
    """pySHACL's shape objects, built once per process.

    ``pyshacl.validate`` rebuilds them on every call, about 2 ms each time. They hold no
    per-run state, so one set serves every run.
    """
    apply_patches()  # type: ignore[no-untyped-call]  # what pyshacl.validate does before its first run (idempotent)
    compiled = ShapesGraph(shapes_graph())
    _ = compiled.shapes  # the property builds the shape objects: now, so forked workers share them
    return compiled


def date_bounds(value: Literal) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest day a well-formed xsd:date / gYearMonth / gYear can mean."""
    match = _LEXICAL.fullmatch(str(value))
    parts = {str(XSD.date): 3, str(XSD.gYearMonth): 2, str(XSD.gYear): 1}.get(str(value.datatype))
    if not match or parts is None or len([g for g in match.groups() if g]) != parts:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day), dt.date(year, month, day)
        if month is not None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # a 13th month, a 30th of February
        return None


def _plus_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else dt.date(day.year + 1, 3, 1)


#: The date properties qkp: flags can mark as approximate ("c. 1937") or uncertain ("1937?"),
#: and the flags: either makes the date a year wider on each side.
_APPROXIMATE = {
    SCHEMA.validFrom: (QKP.startApproximate, QKP.startUncertain),
    SCHEMA.validThrough: (QKP.endApproximate, QKP.endUncertain),
}
#: The term's own bounds of a date the source gives only as a decade ("193."), which then has
#: no schema:validFrom / schema:validThrough: (earliest, latest) for each.
_VAGUE = {
    SCHEMA.validFrom: (QKP.earliestStart, QKP.latestStart),
    SCHEMA.validThrough: (QKP.earliestEnd, QKP.latestEnd),
}
#: ORG's class axioms, added to the graph being validated so that sh:class org:Organization
#: accepts a party (org:FormalOrganization) and a committee (org:OrganizationalUnit).
_AXIOMS = (
    (ORG.FormalOrganization, RDFS.subClassOf, ORG.Organization),
    (ORG.OrganizationalUnit, RDFS.subClassOf, ORG.Organization),
)


def _minus_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else dt.date(day.year - 1, 2, 28)


_TRUE = Literal(True)


@lru_cache(maxsize=1 << 16)
def _literal_bounds(value: Literal) -> tuple[dt.date, dt.date] | None:
    """:func:`date_bounds`, remembered: a dataset repeats its dates (one term's end is the next one's start)."""
    return date_bounds(value)


def _day(value: Node) -> dt.date | None:
    """A well-formed xsd:date literal's day."""
    if isinstance(value, Literal) and value.datatype == XSD.date and not value.ill_typed and type(value.value) is dt.date:
        return value.value
    return None


class _Dates:
    """The days the dates of one graph can mean, each worked out once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        # The subjects whose start (end) the data marks approximate or uncertain.
        self.widened = {prop: {s for flag in flags for s in graph.subjects(flag, _TRUE)} for prop, flags in _APPROXIMATE.items()}
        self._all: dict[tuple[Node, URIRef], tuple[list[dt.date], list[dt.date]]] = {}

    def bounds(self, subject: Node, prop: URIRef, value: Literal) -> tuple[dt.date, dt.date] | None:
        """:func:`date_bounds`, a year wider on each side for a date the data marks approximate or
        uncertain: "c. 1938" or "1938?" may be 1937 or 1939, and must not make a certain contradiction."""
        bounds = _literal_bounds(value)
        if bounds and subject in self.widened.get(prop, ()):
            return _minus_year(bounds[0]), _plus_year(bounds[1])
        return bounds

    def vague(self, subject: Node, prop: URIRef) -> tuple[list[dt.date], list[dt.date]]:
        """The earliest and the latest days a term's start (``prop`` schema:validFrom) or end
        (schema:validThrough) can be, from qkp:earliestStart ... qkp:latestEnd, when the term
        states no such date; widened like a date when the data marks it approximate or uncertain."""
        if prop not in _VAGUE or self.graph.value(subject, prop) is not None:
            return [], []
        earliest_prop, latest_prop = _VAGUE[prop]
        earliest = [d for v in self.graph.objects(subject, earliest_prop) if (d := _day(v))]
        latest = [d for v in self.graph.objects(subject, latest_prop) if (d := _day(v))]
        if subject in self.widened.get(prop, ()):
            earliest, latest = [_minus_year(d) for d in earliest], [_plus_year(d) for d in latest]
        return earliest, latest

    def all(self, subject: Node, prop: URIRef) -> tuple[list[dt.date], list[dt.date]]:
        """Every earliest and every latest day the subject's date ``prop`` can be: from its
        stated values, or else from the bounds of a vague one (:meth:`vague`)."""
        key = (subject, prop)
        if key not in self._all:
            stated = [b for v in self.graph.objects(subject, prop) if isinstance(v, Literal) and (b := self.bounds(subject, prop, v))]
            self._all[key] = ([b[0] for b in stated], [b[1] for b in stated]) if stated else self.vague(subject, prop)
        return self._all[key]


def _date_view(dates: _Dates, subject: Node, prop: URIRef, value: Literal) -> Iterator[tuple[URIRef, Node]]:
    """The derived (property, value) pairs of one stated date."""
    name = DATE_PROPERTIES[prop]
    bounds = dates.bounds(subject, prop, value)
    datatype = value.datatype or XSD.string
    yield QKPV[f"{name}Datatype"], QKPV.IllFormed if value.ill_typed or (datatype in _DATE_TYPES and not bounds) else datatype
    if bounds:
        yield QKPV[f"{name}Earliest"], Literal(bounds[0])
        yield QKPV[f"{name}Latest"], Literal(bounds[1])
        if name == "validThrough":
            yield QKPV.validThroughLatestPlusYear, Literal(_plus_year(bounds[1]))


def _overlaps(dates: _Dates) -> Iterator[tuple[Node, URIRef, Node]]:
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
        for i, (term, mine, my_roles) in enumerate(spans):
            for earlier, theirs, their_roles in spans[:i]:
                if my_roles and their_roles and not my_roles & their_roles:
                    continue
                if mine and theirs and mine[0] < theirs[1] and theirs[0] < mine[1]:
                    yield term, QKPV.overlapsTerm, earlier


def _gap_limits(dates: _Dates) -> Iterator[tuple[Node, URIRef, Node]]:
    """qkpv:validThroughGapLimit: the latest day a term's next term may start without a gap
    warning. A year after the term's latest possible end; but when an interruption of the post
    can begin by then, a year after the interruption's latest possible end, and so on for
    interruptions that follow one another. So an interruption accounts for a gap only if
    neither the time before it nor the time after it is certainly more than a year."""
    graph = dates.graph
    interruptions: dict[Node, list[tuple[dt.date, dt.date]]] = {}
    for post, interruption in graph.subject_objects(QKP.interruption):
        starts = [b[0] for v in graph.objects(interruption, SCHEMA.startDate) if isinstance(v, Literal) and (b := _literal_bounds(v))]
        ends = [b[1] for v in graph.objects(interruption, SCHEMA.endDate) if isinstance(v, Literal) and (b := _literal_bounds(v))]
        if starts and ends:
            interruptions.setdefault(post, []).append((min(starts), max(ends)))
    for term in {*graph.subjects(SCHEMA.validThrough), *graph.subjects(QKP.latestEnd)}:
        gaps = sorted(i for post in graph.objects(term, OPENGOV.post) for i in interruptions.get(post, []))
        for latest in dates.all(term, SCHEMA.validThrough)[1]:
            limit = _plus_year(latest)
            for start, end in gaps:
                if start <= limit:
                    limit = max(limit, _plus_year(end))
            yield term, QKPV.validThroughGapLimit, Literal(limit)


def _vague_view(dates: _Dates) -> Iterator[tuple[Node, URIRef, Node]]:
    """qkpv:validFromEarliest ... qkpv:validThroughLatestPlusYear of a term whose start or end
    the source gives only as a decade, from its qkp:earliestStart ... qkp:latestEnd."""
    for prop, (earliest_prop, latest_prop) in _VAGUE.items():
        name = DATE_PROPERTIES[prop]
        for subject in {*dates.graph.subjects(earliest_prop), *dates.graph.subjects(latest_prop)}:
            earliest, latest = dates.vague(subject, prop)
            for day in earliest:
                yield subject, QKPV[f"{name}Earliest"], Literal(day)
            for day in latest:
                yield subject, QKPV[f"{name}Latest"], Literal(day)
                if name == "validThrough":
                    yield subject, QKPV.validThroughLatestPlusYear, Literal(_plus_year(day))


def validation_view(graph: Graph) -> Iterator[tuple[Node, URIRef, Node]]:
    """The derived qkpv: triples the shapes rely on (see the shapes file's header)."""
    dates = _Dates(graph)
    yield from _AXIOMS
    for prop, name in DATE_PROPERTIES.items():
        for subject, value in graph.subject_objects(prop):
            if isinstance(value, Literal):  # else the shapes' sh:nodeKind sh:Literal reports it
                for derived, derived_value in _date_view(dates, subject, prop, value):
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
    for terms in by_number.values():
        if len(terms) > 1:
            for term in terms:
                for other in terms - {term}:
                    yield term, derived, other


@dataclass(frozen=True, order=True)
class Finding:
    """One SHACL result, ready to print: who, what, and where in which article it came from."""

    severity: str  # violation, warning or info
    location: str  # "file:line" the focus node came from, or "" when unknown
    focus_label: str
    message: str
    value: str  # the offending value as the data states it, or ""
    value_location: str  # where the value came from, when that is elsewhere than the focus
    other: str  # the label of the resource the value belongs to, when not the focus node
    compared: str  # for a comparison (sh:lessThan ...), the focus node's own value it was compared with
    shape: str
    focus: str
    path: str
    value_key: str  # the value as SHACL reported it, in N-Triples: findings that differ only there differ
    value_node: Node | None = field(default=None, compare=False)  # the same, as a term

    def line(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{self.severity}: {where}{self.focus_label}: {self.message}"
        if self.value:
            detail = ", ".join(x for x in (self.other, self.value_location) if x)
            compared = f"; compared with {self.compared}" if self.compared else ""
            text += f" [{self.value}" + (f" from {detail}" if detail else "") + compared + "]"
        return text


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def summary(self) -> str:
        violations, warnings = self.count("violation"), self.count("warning")
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{verdict}: {violations} violation(s), {warnings} warning(s)"

    def lines(self) -> Iterator[str]:
        """The terminal summary: one line per finding, violations first."""
        order = {"violation": 0, "warning": 1, "info": 2}
        for finding in sorted(self.findings, key=lambda f: (order.get(f.severity, 3), f.location, f.focus_label, f.message)):
            yield finding.line()

    def to_turtle(self) -> str:
        """The full SHACL validation report, byte-identical for the same data."""
        graph = new_graph()
        graph.bind("sh", SH)
        graph.bind("qkpsh", QKPSH)
        graph.bind("qkpv", QKPV)
        report = BNode("report")
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        shapes = shapes_graph()
        for number, finding in enumerate(self.findings, start=1):
            result = BNode(f"result{number:06d}")
            graph.add((report, SH.result, result))
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.resultSeverity, next(k for k, v in _SEVERITY.items() if v == finding.severity)))
            graph.add((result, SH.focusNode, URIRef(finding.focus)))
            shape = URIRef(finding.shape)
            graph.add((result, SH.sourceShape, shape))
            graph.add((result, SH.resultMessage, Literal(finding.message, lang="en")))
            if finding.value_node is not None:
                graph.add((result, SH.value, finding.value_node))
            path = shapes.value(shape, SH.path)
            if path is not None:
                graph.add((result, SH.resultPath, _copy_path(path, shapes, graph, shape)))
        return graph.serialize(format="turtle")


def _copy_path(path: Node, source: Graph, target: Graph, shape: URIRef) -> Node:
    """Copy a (possibly blank-node) SHACL path, naming its blank nodes after the shape."""
    counter = iter(range(1_000))

    def copy(node: Node) -> Node:
        if not isinstance(node, BNode):
            return node
        new = BNode(f"{str(shape).rsplit('#', 1)[-1]}-path{next(counter)}")
        for p, o in source.predicate_objects(node):
            target.add((new, p, copy(o)))
        return new

    return copy(path)


def _label(graph: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        return str(node)
    for prop in (RDFS.label, FOAF.name, SKOS.prefLabel):
        values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))
        if values:
            return str(values[0])
    return str(node).rsplit("/", 1)[-1]


def _location(graph: Graph, node: Node, *, hops: int = 1) -> str:
    """"file:line" of the article text a node came from (or "file" alone), else ""."""
    for excerpt in sorted(graph.objects(node, PROV.wasDerivedFrom), key=str):
        line = graph.value(excerpt, QKP.line)
        part: Node | None = excerpt
        for _ in range(3):  # excerpt -> section -> article
            file = graph.value(part, SCHEMA.identifier)
            if file is not None:
                return f"{file}:{line}" if line is not None else str(file)
            part = graph.value(part, DCTERMS.isPartOf) if part is not None else None
    if hops:  # a person or a post: where the first thing that links to it came from
        for subject in sorted(graph.subjects(None, node), key=str):
            if where := _location(graph, subject, hops=hops - 1):
                return where
    return ""


def _steps(shapes: Graph, path: Node) -> list[tuple[URIRef, bool]] | None:
    """A path as (property, inverse?) steps, or None for a path with alternatives."""
    if isinstance(path, URIRef):
        return [(path, False)]
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return [(inverse, True)]
    if shapes.value(path, RDF.first) is not None:
        steps: list[tuple[URIRef, bool]] = []
        for item in Collection(shapes, path):
            if (part := _steps(shapes, item)) is None:
                return None
            steps += part
        return steps
    return None


def _holder_of_value(graph: Graph, focus: Node, steps: list[tuple[URIRef, bool]], value: Node) -> Node | None:
    """The node the last step of the path reaches the value from (e.g. the previous term)."""
    nodes = {focus}
    for prop, inverse in steps[:-1]:
        nodes = {n for node in nodes for n in (graph.subjects(prop, node) if inverse else graph.objects(node, prop))}
    last, inverse = steps[-1]
    holders = sorted((n for n in nodes if (value, last, n) in graph if inverse) if inverse else (n for n in nodes if (n, last, value) in graph), key=str)
    return holders[0] if holders else None


def _as_stated(graph: Graph, holder: Node, prop: URIRef, value: Node) -> Node:
    """A derived qkpv: value shown as the data states it: the date it was derived from, not its
    earliest day (of several dates, the one that gives this value); the stated time in office,
    not the end it implies; for a decade, the bound the data states (qkp:earliestStart ...)."""
    if str(prop).startswith(str(QKPV)):
        local = str(prop)[len(str(QKPV)):]
        for name, source_prop in _DERIVED_FROM.items():
            if local.startswith(name):
                stated = sorted(graph.objects(holder, source_prop), key=lambda v: v.n3())
                if source_prop in DATE_PROPERTIES:
                    dates = _Dates(graph)
                    stated = [v for v in stated if isinstance(v, Literal) and (prop, value) in set(_date_view(dates, holder, source_prop, v))] or stated
                if not stated and source_prop in _VAGUE:
                    earliest_prop, latest_prop = _VAGUE[source_prop]
                    stated = sorted(graph.objects(holder, earliest_prop if local.endswith("Earliest") else latest_prop), key=lambda v: v.n3())
                return stated[0] if stated else value
    return value


def _findings(results: Graph, data: Graph, context: Graph) -> Iterator[Finding]:
    """The results as findings; labels and article locations are looked up in ``context``."""
    shapes = shapes_graph()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        shape = results.value(result, SH.sourceShape)
        if focus is None or shape is None:
            continue
        severity = _SEVERITY.get(URIRef(str(results.value(result, SH.resultSeverity))), "violation")
        message = str(shapes.value(shape, SH.message) or results.value(result, SH.resultMessage) or "")
        value = results.value(result, SH.value)
        path = shapes.value(shape, SH.path)
        steps = _steps(shapes, path) if path is not None else None
        shown, value_location, other = "", "", ""
        compared = {
            str(_as_stated(data, focus, prop, v))
            for constraint in (SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint)
            if isinstance(prop := shapes.value(shape, constraint), URIRef)
            for v in data.objects(focus, prop)
        }
        if value is not None:
            holder = _holder_of_value(data, focus, steps, value) if steps else focus
            stated = _as_stated(data, holder, steps[-1][0], value) if steps and holder is not None else value
            shown = str(stated) if isinstance(stated, Literal) else _label(context, stated)
            if holder is not None and holder != focus:
                other = _label(context, holder)
                value_location = _location(context, holder)
            elif not isinstance(value, Literal):
                value_location = _location(context, value)
        yield Finding(
            severity=severity,
            location=_location(context, focus),
            focus_label=_label(context, focus),
            message=message,
            value=shown,
            value_location=value_location,
            other=other,
            compared=", ".join(sorted(compared)),
            shape=str(shape),
            focus=str(focus),
            path=str(path),
            value_key=value.n3() if value is not None else "",
            value_node=value,
        )


class _Validator(Validator):
    """pySHACL's validator with the shapes built once (:func:`compiled_shapes`), and its focus
    nodes as a set: pySHACL tests each target against them by membership, in a list that
    would make the cross-group check quadratic in the number of shared resources."""

    def make_executor(self) -> SHACLExecutor:
        executor = super().make_executor()
        if executor.focus_nodes is not None:
            executor.focus_nodes = set(executor.focus_nodes)  # type: ignore[assignment]  # only tested by membership
        return executor


def _run(data: Graph, focus_nodes: Sequence[Node] | None = None, context: Graph | None = None) -> list[Finding]:
    """Validate one graph (extended in place with the validation view) with the shapes;
    ``context`` (default: the graph) is where labels and article locations are looked up."""
    for triple in list(validation_view(data)):
        data.add(triple)
    options: dict[str, Any] = {"inplace": True, "allow_warnings": True, "allow_infos": True}
    if focus_nodes is not None:
        options["focus_nodes"] = list(focus_nodes)
    validator = _Validator(DataGraph.from_rdflib(data), shacl_graph=shapes_graph(), options=options)
    validator.shacl_graph = compiled_shapes()
    _, results, _ = validator.run()  # type: ignore[no-untyped-call]
    return list(_findings(results, data, data if context is None else context))


def validate_graph(graph: Graph) -> Report:
    """Validate a graph as one unit (the `validate` command). The graph gets the view added."""
    return Report(tuple(sorted(set(_run(graph)))))


def validate_group(graph: Graph) -> list[Finding]:
    """Validate a graph of several articles (it gets the view added) in one pySHACL run.

    The shapes are local to an article, so validating several articles together finds what
    validating each alone would, and saves pySHACL's per-run cost (a focus-node search per
    shape, about 4 ms): the build validates fixed groups of :data:`GROUP` articles, so the
    cost stays linear in the number of articles. A resource that two articles of a group
    describe is seen whole here, as the cross-article check would see it.
    """
    return _run(graph)


def validate_across(groups: Sequence[Graph], dataset: Graph) -> list[Finding]:
    """What needs several groups of articles together: the dataset's own triples, and each
    resource that several groups describe (a person who led two parties, a parent party).

    The cross-group graph holds those resources' triples from every group, plus the types
    of what they link to; only they are its focus nodes. So two articles cannot give one
    person two names, or one party two founding dates.
    """
    described_in: dict[Node, list[Graph]] = {}
    axiom_subjects = {s for s, _, _ in _AXIOMS}  # ORG's classes, in every validated group's view
    for graph in groups:
        for subject in set(graph.subjects()) - axiom_subjects:
            described_in.setdefault(subject, []).append(graph)
    shared = sorted((s for s, graphs in described_in.items() if len(graphs) > 1), key=str)
    cross = Graph()
    cross += dataset
    for subject in shared:
        for graph in described_in[subject]:
            for p, o in graph.predicate_objects(subject):
                # Not the group's own view, added when it was validated (its axioms are added again).
                if not str(p).startswith(str(QKPV)) and (subject, p, o) not in _AXIOMS:
                    cross.add((subject, p, o))
    for node in {o for o in cross.objects() if not isinstance(o, Literal)}:
        for graph in described_in.get(node, []):
            for t in graph.objects(node, RDF.type):
                cross.add((node, RDF.type, t))
    focus = shared + sorted(set(dataset.subjects()), key=str)
    # The cross graph lacks the excerpts that say where a resource came from: look there in every group.
    return _run(cross, focus, ReadOnlyGraphAggregate([cross, *groups])) if focus else []


def report_of(findings: Sequence[Finding]) -> Report:
    """One report from the findings of several runs, each problem once.

    A resource that two articles of one group describe is checked in that group's run and
    again in the cross-group run; the two results differ only in where they say it came
    from, so the one that names a place is kept.
    """
    best: dict[tuple[str, str, str, str, str], Finding] = {}
    for finding in sorted(set(findings)):
        key = (finding.severity, finding.shape, finding.focus, finding.path, finding.value_key)
        if key not in best or (finding.location and not best[key].location):
            best[key] = finding
    return Report(tuple(sorted(best.values())))
