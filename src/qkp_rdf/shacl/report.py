"""Findings and reports: what a SHACL engine's results mean, said so that people can act on them.

An engine (:mod:`qkp_rdf.shacl.engines`) gives its results in the W3C SHACL report vocabulary;
:func:`findings` turns each into a :class:`Finding` with labels, article locations and values as
the data states them, and :class:`Report` writes the report the build publishes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..ntriples import ntriples_lines
from ..rdfio import turtle, used_prefixes
from ..vocab import QKP, RESOURCE_KINDS, SCHEMA, prefixes
from .shapes import QKPSH, shapes_graph
from .view import DATE_PROPERTIES, DERIVED_FROM, QKPV, VAGUE, Dates, date_view

REPORT_FILE = "validation-report.ttl"
_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


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
    #: How many resources of the classes the shapes target were checked (``validate`` counts
    #: them: data outside our vocabulary "conforms" having been checked against nothing).
    checked: int | None = None

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
        graph = Graph()
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
        lines = ntriples_lines(graph)
        table = {**prefixes(), "sh": str(SH), "qkpsh": str(QKPSH), "qkpv": str(QKPV)}
        return turtle(lines.lines, used_prefixes(table, lines.namespaces))


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
    # Our resources (<base>id/<kind>/<slug>, whatever the base: the report does not know it) go by
    # their slug; any other IRI is shown whole: the tail of <http://example.org/people/> is nothing.
    head, _, tail = str(node).rpartition("/id/")
    kind, _, slug = tail.partition("/")
    if head and kind in RESOURCE_KINDS and slug and "/" not in slug:
        return slug
    return f"<{node}>" if isinstance(node, URIRef) else str(node)


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
        for name, source_prop in DERIVED_FROM.items():
            if local.startswith(name):
                stated = sorted(graph.objects(holder, source_prop), key=lambda v: v.n3())
                if source_prop in DATE_PROPERTIES:
                    dates = Dates(graph)
                    stated = [v for v in stated if isinstance(v, Literal) and (prop, value) in set(date_view(dates, holder, source_prop, v))] or stated
                if not stated and source_prop in VAGUE:
                    earliest_prop, latest_prop = VAGUE[source_prop]
                    stated = sorted(graph.objects(holder, earliest_prop if local.endswith("Earliest") else latest_prop), key=lambda v: v.n3())
                return stated[0] if stated else value
    return value


def findings(results: Graph, data: Graph, context: Graph) -> Iterator[Finding]:
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


def report_of(findings: Sequence[Finding]) -> Report:
    """One report from the findings of several runs, each problem once.

    A problem that two articles' runs both find (a link both make to one undescribed IRI)
    differs only in where it says it came from, so one that names a place is kept.
    """
    best: dict[tuple[str, str, str, str, str], Finding] = {}
    for finding in sorted(set(findings)):
        key = (finding.severity, finding.shape, finding.focus, finding.path, finding.value_key)
        if key not in best or (finding.location and not best[key].location):
            best[key] = finding
    return Report(tuple(sorted(best.values())))
