"""The validation view derived by the shapes' own SHACL-AF rules, run by pyoxigraph's SPARQL engine.

For data that comes as files (``qkp-rdf validate``): there is no model to derive the view from
(:mod:`.model_view`), and an rdflib graph of a million triples (for :mod:`.view`) takes a minute
and gigabytes. The rules (``qkpsh:ValidationViewRules`` in the shapes) are plain SPARQL 1.1
CONSTRUCT queries; run in ``sh:order`` (here as updates, in the store), each seeing what the
earlier ones derived, they give what :mod:`.view` computes (``tests/test_shapes_standalone.py``
holds the three equal).
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


def kept_as_stated(triples: Iterable[ox.Triple | ox.Quad]) -> bool:
    """Whether a store keeps, as stated, every literal of these triples that the rules read.

    A store keeps a literal of a datatype it knows in canonical form ("P0D"^^xsd:duration as
    "PT0S", "1"^^xsd:boolean as true), and the rules read lexical forms (and compare values):
    for data written otherwise (never our own) their view would not be the one stated.
    """
    read = [t for t in triples if isinstance(t.object, ox.Literal) and t.predicate in _named()]
    probe = ox.Store()
    probe.extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in read])
    return {str(q) for q in probe} == {f"{t.subject} {t.predicate} {t.object}" for t in read}


@cache
def _updates() -> tuple[str, ...]:
    """The rules as SPARQL updates run by the store itself (no triple made in Python): each
    CONSTRUCT template inserted into the default graph, which the later rules read, and into
    a graph of the view's own, which is written out."""
    updates = []
    for query in _queries():
        template = re.search(r"CONSTRUCT\s*\{([^{}]*)\}\s*WHERE", query)
        assert template is not None, query
        insert = f"INSERT {{{template.group(1)} GRAPH <{_VIEW}> {{{template.group(1)}}} }} WHERE"
        updates.append(query[: template.start()] + insert + query[template.end() :])
    return tuple(updates)


_VIEW = "urn:qkp-rdf:validation-view"


def derive_view(store: ox.Store) -> list[str]:
    """Add the validation view to the store's default graph; returns it as N-Triples lines."""
    for update in _updates():
        store.update(update)
    view = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(_VIEW))
    assert view is not None  # written to no file: returned
    return view.decode("utf-8").splitlines(keepends=True)
