"""SHACL validation: the published shapes, the derived validation view, an engine, findings.

:func:`check` is one validation run: the graph gets the view (:mod:`.view`), an engine
(:mod:`.engines`) validates it, and its results become :class:`Finding` objects (:mod:`.report`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph
from rdflib.term import Node

from .engines import Engine, engine
from .report import REPORT_FILE, Finding, Report, findings, report_of
from .shapes import QKPSH, shapes_graph, shapes_text
from .view import QKPV, validation_view

__all__ = ["QKPSH", "QKPV", "REPORT_FILE", "Engine", "Finding", "Report", "check", "engine", "findings", "report_of", "run", "shapes_graph", "shapes_text", "validate_graph", "validation_view"]


def run(data: Graph, validator: Engine, focus_nodes: Sequence[Node] | None = None) -> Graph:
    """The engine's SHACL results for one graph, which gets the validation view added in place."""
    for triple in list(validation_view(data)):
        data.add(triple)
    return validator.validate(data, focus_nodes)


def check(data: Graph, validator: Engine) -> list[Finding]:
    """Validate one graph (it gets the validation view added) as one unit."""
    return list(findings(run(data, validator), data, data))


def validate_graph(graph: Graph, validator: Engine | None = None) -> Report:
    """Validate a graph as one unit (the ``validate`` command). The graph gets the view added."""
    return report_of(check(graph, validator or engine()))
