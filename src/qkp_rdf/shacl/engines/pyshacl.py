"""pySHACL, the reference engine, through its public entry point ``pyshacl.validate``.

The only module that imports pySHACL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from ..shapes import shapes_graph
from . import Data

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)


@cache
def _targeted_shapes() -> Graph:
    """The shapes with each property shape given its node shape's targets.

    The two forms are equivalent SHACL; pySHACL evaluates a property shape reached through
    sh:property once per focus node, and a targeted one once for all of them (~2x faster).
    """
    graph = Graph()
    graph += shapes_graph()
    for node_shape in list(graph.subjects(RDF.type, SH.NodeShape)):
        node_targets = [(p, o) for p, o in graph.predicate_objects(node_shape) if p in _TARGETS]
        for prop in list(graph.objects(node_shape, SH.property)):
            graph.remove((node_shape, SH.property, prop))
            graph.add((prop, RDF.type, SH.PropertyShape))
            for p, o in node_targets:
                graph.add((prop, p, o))
    return graph


class PyShacl:
    name = "pyshacl"
    version = pyshacl.__version__

    def __init__(self) -> None:
        self.shapes = _targeted_shapes()  # built here, once: forked workers inherit them

    def validate(self, data: Data, focus_nodes: Sequence[URIRef] | None = None) -> Graph:
        _, results, _ = pyshacl.validate(
            data.graph,
            shacl_graph=self.shapes,
            inplace=True,  # the graph is the caller's working copy: no need to clone it
            allow_warnings=True,
            allow_infos=True,
            focus_nodes=[str(node) for node in focus_nodes] if focus_nodes is not None else None,
        )
        assert isinstance(results, Graph)
        return results


ENGINE = PyShacl()
