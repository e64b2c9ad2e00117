"""N-Triples lines: the build's one internal currency between stages.

The mapper's terms (text already, :mod:`.terms`) become canonical N-Triples lines here (sorted and
distinct: the order every published file follows); the engines read them back; the published
``qkp.nt`` is their merge. Language tags are written lower-case, as pyoxigraph writes them in
Turtle and JSON-LD (BCP 47 tags are case-insensitive), so every file agrees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import QkpError
from .terms import iri, lang_literal, literal


@dataclass(frozen=True)
class Lines:
    """Triples as sorted, distinct canonical N-Triples lines (each ending in a newline), with the
    namespaces their IRIs can be cut at (for choosing Turtle's prefixes without reading them again)."""

    lines: list[str]
    namespaces: set[str]


def term_text(node: Node) -> str:
    """An rdflib term as canonical N-Triples text (as :mod:`.terms` writes the mapper's)."""
    if isinstance(node, URIRef):
        return iri(node)
    if isinstance(node, Literal):
        if node.language:
            return lang_literal(node, node.language)
        return literal(node, None if node.datatype is None else iri(node.datatype))
    if isinstance(node, BNode):
        return f"_:{node}"
    raise QkpError(f"cannot serialize {node!r}: not an RDF term")


def ntriples_lines(triples: Iterable[tuple[Node | str, Node | str, Node | str]]) -> Lines:
    """The canonical N-Triples lines of the triples, rdflib terms or the mapper's text, sorted (a
    few string operations per term: rdflib's own serializer is ~100x slower)."""
    triples = list(triples)
    # Each distinct term is looked at once: an article's thousand triples name a few hundred. The
    # mapper's text is exactly a str (rdflib's terms are strings of their own types), and a type
    # check is ten times cheaper than isinstance() of rdflib's abstract Node.
    text = {node: node if type(node) is str else term_text(cast(Node, node)) for node in set(chain.from_iterable(triples))}
    lines = {f"{text[s]} {text[p]} {text[o]} .\n" for s, p, o in triples}
    return Lines(sorted(lines), namespaces_of(_iris(text.values())))


def _iris(terms: Iterable[str]) -> Iterator[str]:
    """Every IRI the terms are or have as a datatype."""
    for term in terms:
        if term[-1] == ">":
            yield term[1:-1] if term[0] == "<" else term[term.rindex('"') + 4 : -1]


def namespaces_of(iris: Iterable[str]) -> set[str]:
    """Where each IRI may be cut into a prefix's namespace and a local name."""
    return {iri[: cut + 1] for iri in iris for cut in (iri.rfind("/"), iri.rfind("#"))}


def subject_of(line: str) -> str:
    """The subject term of a canonical line: IRIs and blank-node labels hold no space."""
    return line[: line.index(" ")]


_ESCAPED = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape(text: str) -> str:
    """A literal's text with N-Triples escapes read: ours, and every other a writer may use
    (pyoxigraph and the compiled SHACL engine write \\t and \\u0001)."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else _ECHAR[m.group(3)]

    return _ESCAPED.sub(one, text) if "\\" in text else text


def _node(text: str) -> Node:
    """One N-Triples term (as :func:`ntriples_lines` writes them, or pyoxigraph) as an rdflib term."""
    if text[0] == "<":
        return URIRef(text[1:-1])
    if text[0] == "_":
        return BNode(text[2:])
    end = text.rindex('"')  # tags and datatype IRIs hold no quote
    value = unescape(text[1:end])
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
