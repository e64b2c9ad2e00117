"""The validation view derived by the shapes' own SHACL-AF rules, run by pyoxigraph's SPARQL engine.

For data that comes as files (``qkp-rdf validate``): there is no model to derive the view from
(:mod:`.model_view`), and an rdflib graph of a million triples (for :mod:`.view`) takes a minute
and gigabytes. The rules (``qkpsh:ValidationViewRules`` in the shapes) are plain SPARQL 1.1
CONSTRUCT queries; run in ``sh:order``, each seeing what the earlier ones derived, they give
what :mod:`.view` computes (``tests/test_shapes_standalone.py`` holds the three equal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from .shapes import QKPSH, shapes_graph


@cache
def _prefixes() -> dict[str, str]:
    shapes = shapes_graph()
    return {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace)) for d in shapes.objects(URIRef(str(QKPSH)), SH.declare)}


@cache
def _queries() -> tuple[str, ...]:
    """The rules' queries, with the prefixes they declare, in the order they run."""
    shapes = shapes_graph()
    prefixes = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in _prefixes().items())
    rules = []
    for rule in shapes.objects(QKPSH.ValidationViewRules, SH.rule):
        order = shapes.value(rule, SH.order)
        rules.append((order.toPython() if isinstance(order, Literal) else 0, str(rule), prefixes + str(shapes.value(rule, SH.construct))))
    return tuple(query for _, _, query in sorted(rules))


@cache
def _named() -> frozenset[ox.NamedNode]:
    """Every IRI the rules name (prefixed): a rule reads a literal only through a predicate it names."""
    names = re.compile(rf"\b({'|'.join(map(re.escape, _prefixes()))}):([A-Za-z_][\w-]*)")
    return frozenset(ox.NamedNode(_prefixes()[m.group(1)] + m.group(2)) for query in _queries() for m in names.finditer(query))


def kept_as_stated(triples: Iterable[ox.Triple]) -> bool:
    """Whether a store keeps, as stated, every literal of these triples that the rules read.

    A store keeps a literal of a datatype it knows in canonical form ("P0D"^^xsd:duration as
    "PT0S", "1"^^xsd:boolean as true), and the rules read lexical forms (and compare values):
    for data written otherwise (never our own) their view would not be the one stated.
    """
    read = [t for t in triples if isinstance(t.object, ox.Literal) and t.predicate in _named()]
    probe = ox.Store()
    probe.extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in read])
    return {str(q.triple) for q in probe} == {str(t) for t in read}


def derive_view(store: ox.Store) -> list[ox.Triple]:
    """Add the validation view to the store's default graph; returns its triples."""
    view: list[ox.Triple] = []
    for query in _queries():
        derived = store.query(query)
        assert isinstance(derived, ox.QueryTriples)
        found = list(derived)
        store.extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in found])
        view += found
    return view
