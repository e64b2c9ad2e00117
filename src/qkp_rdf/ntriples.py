"""N-Triples lines: the build's one internal currency between stages.

The mapper's rdflib terms are written here, once, as canonical N-Triples lines (sorted and
distinct: the order every published file follows); the engines read them back; the published
``qkp.nt`` is their merge. Language tags are written lower-case, as pyoxigraph writes them in
Turtle and JSON-LD (BCP 47 tags are case-insensitive), so every file agrees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import QkpError

# Canonical N-Triples escapes exactly these in a literal's text.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'["\\\n\r]')  # a search is ten times cheaper than translate()
_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@dataclass(frozen=True)
class Lines:
    """Triples as sorted, distinct canonical N-Triples lines (each ending in a newline), with the
    namespaces their IRIs can be cut at (for choosing Turtle's prefixes without reading them again)."""

    lines: list[str]
    namespaces: set[str]


class _Writer:
    """rdflib terms as canonical N-Triples terms, noting IRIs on the way."""

    def __init__(self) -> None:
        self.iris: dict[URIRef, str] = {}  # every IRI (datatypes too), written

    def __call__(self, node: Node) -> str:
        if isinstance(node, URIRef):
            if (text := self.iris.get(node)) is None:
                text = self.iris[node] = f"<{node}>"
            return text
        if isinstance(node, Literal):
            text = f'"{str.translate(node, _ESCAPES) if _NEEDS_ESCAPE.search(node) else node}"'
            if node.language:
                return f"{text}@{node.language.lower()}"
            if node.datatype is not None and node.datatype != _XSD_STRING:
                # Written in full: the same IRI may come later as a subject or an object (xsd:date in the view).
                self.iris.setdefault(node.datatype, f"<{node.datatype}>")
                return f"{text}^^<{node.datatype}>"
            return text
        if isinstance(node, BNode):
            return f"_:{node}"
        raise QkpError(f"cannot serialize {node!r}: not an RDF term")


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> Lines:
    """The canonical N-Triples lines of the triples, sorted (a few string operations per term:
    rdflib's own serializer is ~100x slower)."""
    term = _Writer()
    lines = {f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples}
    return Lines(sorted(lines), namespaces_of(term.iris))


def namespaces_of(iris: Iterable[str]) -> set[str]:
    """Where each IRI may be cut into a prefix's namespace and a local name."""
    return {iri[: cut + 1] for iri in iris for cut in (iri.rfind("/"), iri.rfind("#"))}


def subject_of(line: str) -> str:
    """The subject term of a canonical line: IRIs and blank-node labels hold no space."""
    return line[: line.index(" ")]


_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r"}
_ESCAPED = re.compile(r'\\[\\"nr]')


def _node(text: str) -> Node:
    """One canonical term (as :class:`_Writer` writes them) as an rdflib term."""
    if text[0] == "<":
        return URIRef(text[1:-1])
    if text[0] == "_":
        return BNode(text[2:])
    end = text.rindex('"')  # tags and datatype IRIs hold no quote
    value = text[1:end]
    if "\\" in value:
        value = _ESCAPED.sub(lambda m: _UNESCAPES[m.group()], value)
    rest = text[end + 1 :]
    if rest.startswith("@"):
        return Literal(value, lang=rest[1:])
    return Literal(value, datatype=URIRef(rest[3:-1])) if rest else Literal(value)


def to_graph(lines: Iterable[str]) -> Graph:
    """An rdflib graph of some canonical lines (for an engine, and for lookups). Read here, not by
    rdflib's N-Triples parser, at twice its speed: the lines are ours, each term is read once."""
    graph = Graph()
    nodes: dict[str, Node] = {}

    def node(text: str) -> Node:
        if (found := nodes.get(text)) is None:
            found = nodes[text] = _node(text)
        return found

    for line in lines:
        cut = line.index(" ")
        then = line.index(" ", cut + 1)
        graph.add((node(line[:cut]), node(line[cut + 1 : then]), node(line[then + 1 : -3])))
    return graph
