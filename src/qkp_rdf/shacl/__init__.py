"""SHACL validation: the published shapes, the derived validation view, an engine, findings.

:func:`check` is one validation run: the graph gets the view (:mod:`.view`), an engine
(:mod:`.engines`) validates it, and its results become :class:`Finding` objects (:mod:`.report`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from ..mapping import Triple
from ..errors import InputError
from ..inputs import shown
from ..ntriples import ntriples_lines, to_graph
from ..rdfio import Syntax, read_quads

from .engines import Data, Engine, engine
from .lines_view import lines_view
from .report import REPORT_FILE, Finding, Report, findings, report_of
from .shapes import QKPSH, shapes_graph, shapes_text
from .view import QKPV, validation_view

__all__ = ["QKPSH", "QKPV", "REPORT_FILE", "Engine", "Finding", "Report", "check", "check_across", "check_lines", "engine", "findings", "report_of", "run", "shapes_graph", "shapes_text", "validate_files", "validate_graph", "validation_view"]


def run(data: Graph, validator: Engine, focus_nodes: Sequence[URIRef] | None = None) -> Graph:
    """The engine's SHACL results for one graph, which gets the validation view added in place."""
    for triple in list(validation_view(data)):
        data.add(triple)
    return validator.validate(Data(graph=data), focus_nodes)


def check(data: Graph, validator: Engine) -> list[Finding]:
    """Validate one graph (it gets the validation view added) as one unit."""
    return list(findings(run(data, validator), data, data))


def check_lines(lines: Sequence[str], view: Iterable[Triple], validator: Engine) -> list[Finding]:
    """Validate an article's lines with its view (the mapper's, :mod:`.model_view`): the build's
    hot path. An engine that reads text gets the lines, and the rdflib graph the findings need
    is built only when there is a finding."""
    return _found(Data(lines=[*lines, *ntriples_lines(view).lines]), validator)


def _found(data: Data, validator: Engine) -> list[Finding]:
    """The engine's findings on data given as lines: the rdflib graph that words them is made
    only when there is one."""
    results = validator.validate(data)
    if results.value(predicate=RDF.type, object=SH.ValidationResult) is None:
        return []
    return list(findings(results, data.graph, data.graph))


def check_across(lines: Sequence[str], focus_nodes: Sequence[URIRef], whole: Path, validator: Engine) -> list[Finding]:
    """Validate the lines of what several articles share (:func:`qkp_rdf.merge.across`), at the
    given focus nodes. A finding's labels and article locations are looked up in the ``whole``
    merged data, read only when there is a finding (rare: two spellings of one person's name,
    two founding dates of a shared party)."""
    if not focus_nodes:
        return []
    data = to_graph(lines)
    results = run(data, validator, focus_nodes)
    context = data
    if results.value(predicate=RDF.type, object=SH.ValidationResult) is not None:
        context = Graph()
        context += data
        context.parse(whole, format="nt")
    return list(findings(results, data, context))


def validate_graph(graph: Graph, validator: Engine | None = None) -> Report:
    """Validate a graph as one unit. The graph gets the view added."""
    return report_of(check(graph, validator or engine()))


#: ``validate_files`` says how many triples it has read every this many.
READ_STEP = 100_000


def validate_files(
    paths: Sequence[str | Path],
    validator: Engine | None = None,
    *,
    syntax: Syntax | None = None,
    progress: Callable[[int], None] = lambda read: None,
    checking: Callable[[int], None] = lambda triples: None,
) -> Report:
    """Validate RDF files together as one unit (the ``validate`` command), with no rdflib graph
    unless there is a finding to word: the files are read by pyoxigraph, and their triples, with
    the view worked out from them (:mod:`.lines_view`), given to the engine as N-Triples lines.
    ``syntax`` is the files' (default: each one's extension's); ``progress`` is told how many
    triples have been read, as they are, and ``checking`` how many (the view's included) the
    engine is given, as it starts. The report says how many
    resources of the classes the shapes target it checked."""
    lines: list[str] = []
    for path in paths:
        before = len(lines)
        for quad in read_quads(path, syntax=syntax):  # each file's blank nodes its own
            lines.append(f"{quad} .\n")  # (a triple twice is one to the engine)
            if len(lines) % READ_STEP == 0:
                progress(len(lines))
        if len(lines) == before:  # an empty file, or JSON that is not JSON-LD, would otherwise "conform"
            raise InputError("no RDF triples in this file", source=shown(path))
    progress(len(lines))
    data = lines + lines_view(lines)
    checking(len(data))
    report = report_of(_found(Data(lines=data), validator or engine()))
    return dataclasses.replace(report, checked=_targeted(lines))


def _targeted(lines: Sequence[str]) -> int:
    """The focus nodes the shapes' targets select in the data: the instances of their target
    classes, the subjects and objects of their target properties, their target nodes (no
    inference: the data's own rdf:type triples, as the engines read them)."""
    shapes = shapes_graph()

    def terms(target: URIRef) -> set[str]:
        return {f"<{c}>" for c in shapes.objects(None, target)}

    classes, subjects_of, objects_of = terms(SH.targetClass), terms(SH.targetSubjectsOf), terms(SH.targetObjectsOf)
    focus = {node[1:-1] for node in terms(SH.targetNode)} & {line.split(" ", 1)[0][1:-1] for line in lines}
    typed = f"<{RDF.type}>"
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        obj = rest.rsplit(" ", 1)[0]
        if (predicate == typed and obj in classes) or predicate in subjects_of:
            focus.add(subject)
        if predicate in objects_of:
            focus.add(obj)
    return len(focus)
