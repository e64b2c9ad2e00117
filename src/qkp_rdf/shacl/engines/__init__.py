"""SHACL engines: the seam a faster or another processor plugs into.

An engine validates an rdflib graph (which already holds the derived validation view, see
:mod:`qkp_rdf.shacl.view`) against the published shapes and gives its results in the W3C SHACL
report vocabulary (``sh:ValidationResult`` with focus node, source shape, severity, value), so
the findings and the report do not depend on which engine ran. An engine is a module of this
package named in :data:`ENGINES`, imported only when asked for (pySHACL takes half a second to
import), and says its version (part of the build cache's key, :mod:`qkp_rdf.cache`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from functools import cache, cached_property
from typing import Protocol

from rdflib import Graph, URIRef

from ...config import DEFAULT_ENGINE
from ...errors import UsageError
from ...ntriples import ntriples_lines, to_graph

#: Engine name -> the module (in this package) whose ``ENGINE`` it is.
#: (Their names are also in config.ENGINE_NAMES, for the help; a test holds the two equal.)
ENGINES = {"pyshacl": "pyshacl", "shacl": "shacl_engine"}
#: The engine every other is held to (tests/test_engines.py), and the one that stands in for
#: the default engine when its package is missing.
REFERENCE = "pyshacl"


class Data:
    """What an engine validates (the view included): canonical N-Triples lines, an rdflib graph,
    or both, each made from the other only when an engine or the findings ask for it. So the
    build gives a compiled engine its lines and builds no graph unless there is a finding."""

    def __init__(self, *, lines: Sequence[str] | None = None, graph: Graph | None = None) -> None:
        assert lines is not None or graph is not None
        self._lines, self._graph = lines, graph

    @cached_property
    def lines(self) -> Sequence[str]:
        return self._lines if self._lines is not None else ntriples_lines(self.graph).lines

    @cached_property
    def graph(self) -> Graph:
        return self._graph if self._graph is not None else to_graph(self.lines)


class Engine(Protocol):
    name: str
    #: The engine's own version: another version may find otherwise.
    version: str

    def validate(self, data: Data, focus_nodes: Sequence[URIRef] | None = None) -> Graph:
        """The SHACL results of ``data`` (of the given focus nodes only, when given). The
        engine may add to ``data.graph`` but does not need to."""
        ...


def engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine called ``name``, imported once per process.

    The default engine, when its package is missing or does not import, is replaced by the
    reference engine with one warning on standard error; any other engine that cannot be
    imported is a usage error.
    """
    if name not in ENGINES:
        raise UsageError(f"unknown SHACL engine {name!r} (available: {', '.join(sorted(ENGINES))})")
    return _load(name)


@cache
def _load(name: str) -> Engine:
    try:
        found: Engine = importlib.import_module(f"{__name__}.{ENGINES[name]}").ENGINE
    except Exception as e:  # ImportError, or an extension module that fails as it loads
        reason = (str(e).splitlines() or [type(e).__name__])[0]
        if name == REFERENCE or name != DEFAULT_ENGINE:
            raise UsageError(f"SHACL engine {name!r} cannot be used: {reason}") from e
        print(f"qkp-rdf: warning: SHACL engine {name!r} cannot be used ({reason}); using {REFERENCE}", file=sys.stderr)
        return _load(REFERENCE)
    return found
