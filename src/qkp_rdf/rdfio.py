"""Reading and writing RDF: one table of the syntaxes the project knows, and errors that name
the file and line.

:data:`SYNTAXES` says, for each syntax, its file extensions, media type, the names a user gives it
(``--input-format``, as riot's ``--syntax``) and its names in rdflib and in pyoxigraph. Every file
is read by pyoxigraph's parsers, so that every command reads every syntax alike, with the same
line-numbered errors: :func:`read_quads` and :func:`read_triples` stream a file (for validation and
for loading a triplestore, whatever the file's size); :func:`read_graph` reads files into one rdflib
graph (for reconciliation). :func:`write_turtle` and :func:`turtle` write
Turtle as the project publishes it, with pyoxigraph's serializer (Rust, about a hundred times
faster than rdflib's).

Inputs are one graph: the triples of the named graphs of an N-Quads or TriG file are merged with
its default graph's (and with the other files'), as ``validate``, ``query`` and ``load`` treat their
inputs as one graph. The input ``-`` is standard input (see :mod:`qkp_rdf.inputs`), in the syntax
given, else Turtle (which reads N-Triples too). A relative IRI in a file is resolved against the
file's own ``file:`` URL, as rdflib and riot do.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, UsageError
from .inputs import check_inputs, input_file, is_stdin, shown, stdin_bytes


@dataclass(frozen=True)
class Syntax:
    """An RDF syntax: what it is called in messages, and how users, each library and HTTP name it."""

    #: As messages name it ("not valid Turtle").
    name: str
    #: File extensions, lower case with the dot; the first is the one to write.
    extensions: tuple[str, ...]
    media_type: str
    #: rdflib's plugin name, for ``Graph.parse`` and ``Graph.serialize`` alike.
    rdflib: str
    oxigraph: ox.RdfFormat
    #: The names :func:`syntax_named` knows (``--input-format``), lower case; the first is shown.
    names: tuple[str, ...]

    @property
    def has_graphs(self) -> bool:
        """Whether the syntax writes named graphs (quads), whose triples a reader merges."""
        return self.oxigraph in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


TURTLE = Syntax("Turtle", (".ttl", ".turtle"), "text/turtle", "turtle", ox.RdfFormat.TURTLE, ("turtle", "ttl"))
N_TRIPLES = Syntax("N-Triples", (".nt",), "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, ("ntriples", "nt", "n-triples"))
JSON_LD = Syntax("JSON-LD", (".jsonld", ".json"), "application/ld+json", "json-ld", ox.RdfFormat.JSON_LD, ("jsonld", "json-ld"))
RDF_XML = Syntax("RDF/XML", (".rdf", ".owl"), "application/rdf+xml", "xml", ox.RdfFormat.RDF_XML, ("rdfxml", "xml", "rdf/xml"))
N_QUADS = Syntax("N-Quads", (".nq",), "application/n-quads", "nquads", ox.RdfFormat.N_QUADS, ("nquads", "nq", "n-quads"))
TRIG = Syntax("TriG", (".trig",), "application/trig", "trig", ox.RdfFormat.TRIG, ("trig",))
N3 = Syntax("N3", (".n3",), "text/n3", "n3", ox.RdfFormat.N3, ("n3",))

#: Every syntax read; the project publishes the first three.
SYNTAXES: tuple[Syntax, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG, N3)
_BY_EXTENSION = {extension: syntax for syntax in SYNTAXES for extension in syntax.extensions}
_BY_NAME = {name: syntax for syntax in SYNTAXES for name in syntax.names}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def syntax_named(name: str) -> Syntax:
    """The syntax a user names (``--input-format``), in any case."""
    try:
        return _BY_NAME[name.lower()]
    except KeyError:
        names = ", ".join(syntax.names[0] for syntax in SYNTAXES)
        raise UsageError(f"unknown input format {name!r}: use one of {names}") from None


def syntax_of(path: str | Path, given: Syntax | None = None) -> Syntax:
    """The syntax of an input: the one given, else its file extension's (any case); standard
    input without one is Turtle."""
    if given is not None:
        return given
    if is_stdin(path):
        return TURTLE
    suffix = Path(path).suffix.lower()
    try:
        return _BY_EXTENSION[suffix]
    except KeyError:
        names = ", ".join(syntax.names[0] for syntax in SYNTAXES)
        extensions = " ".join(_BY_EXTENSION)
        what = f"unknown RDF file type {suffix!r}" if suffix else "no file extension to tell its RDF syntax"
        raise InputError(f"{what}: give --input-format ({names}) or use {extensions}", source=path) from None


def read_quads(path: str | Path, *, syntax: Syntax | None = None, fresh_blank_nodes: bool = True) -> Iterator[ox.Quad]:
    """An input's triples, streamed, as quads of the default graph (for a store, with no triple
    made into a quad again): named graphs merged, blank nodes given fresh names unless the file
    is our own output (whose labels are kept); a syntax error becomes an :class:`InputError`
    naming its line."""
    source = shown(path)
    file = None if is_stdin(path) else input_file(path)  # a missing file.csv is missing, whatever its type
    syntax = syntax_of(path, syntax)
    try:
        if file is None:
            parsed = ox.parse(stdin_bytes(), format=syntax.oxigraph, rename_blank_nodes=fresh_blank_nodes)
        else:
            parsed = ox.parse(path=file, format=syntax.oxigraph, base_iri=file.resolve().as_uri(), rename_blank_nodes=fresh_blank_nodes)
        for quad in parsed:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad
            elif syntax.has_graphs:
                yield ox.Quad(quad.subject, quad.predicate, quad.object)
            else:
                # N3's formulas come as graphs named by blank nodes: what they say is quoted, not
                # asserted, and merging it would assert it.
                raise InputError(f"{syntax.name} formulas {{ … }} are not RDF: give plain triples", source=source)
    except SyntaxError as e:
        reason = " ".join(str(e.msg).split())
        if "Invalid UTF-8" in reason:
            raise InputError(f"not UTF-8 text: {reason[:200]}", source=source, line=e.lineno) from e
        raise InputError(f"not valid {syntax.name}: {reason[:200]}", source=source, line=e.lineno) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", source=source) from e


def read_triples(path: str | Path, *, syntax: Syntax | None = None, fresh_blank_nodes: bool = True) -> Iterator[ox.Triple]:
    """An input's triples, streamed, read as :func:`read_quads` reads them."""
    return (quad.triple for quad in read_quads(path, syntax=syntax, fresh_blank_nodes=fresh_blank_nodes))


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, source: str) -> Node:
    """The rdflib term rdflib's own N-Triples parser would make of the term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # A plain literal is an xsd:string to pyoxigraph (RDF 1.1), one with no datatype to rdflib.
        return Literal(term.value) if term.datatype.value == _XSD_STRING else Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError("holds an RDF 1.2 triple term (<<( … )>>), which rdflib cannot represent", source=source)


def read_graph(paths: Sequence[str | Path], syntax: Syntax | None = None) -> Graph:
    """One rdflib graph holding the triples of every input (read as :func:`read_quads` reads
    them); an input that holds none is an error."""
    check_inputs(paths)
    graph = Graph()
    for path in paths:
        source = shown(path)
        found = 0
        for quad in read_quads(path, syntax=syntax):
            graph.add((_rdflib_term(quad.subject, source), _rdflib_term(quad.predicate, source), _rdflib_term(quad.object, source)))
            found += 1
        # An empty file, or JSON that is not JSON-LD, would otherwise "conform" or answer nothing.
        if not found:
            raise InputError("no RDF triples in this file", source=source)
    return graph


def used_prefixes(prefixes: Mapping[str, str], namespaces: set[str]) -> dict[str, str]:
    """The prefixes some IRI in the data starts with (``namespaces`` are the data's, see
    :func:`qkp_rdf.ntriples.namespaces_of`), sorted."""
    return {p: ns for p, ns in sorted(prefixes.items()) if ns in namespaces}


def _turtle_layout(body: Iterable[str], prefixes: Mapping[str, str]) -> Iterator[str]:
    """pyoxigraph's Turtle lines laid out as we publish them: our prefix lines, sorted (pyoxigraph
    writes its own in a hash map's order), and a blank line before each subject."""
    for p, ns in sorted(prefixes.items()):
        yield f"@prefix {p}: <{ns}> .\n"
    for line in body:
        if line.startswith("@prefix "):
            continue
        if not line.startswith((" ", "\t")):
            yield "\n"
        yield line if line.endswith("\n") else line + "\n"


def turtle(lines: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """Turtle of some canonical N-Triples lines, laid out as :func:`write_turtle` writes a file."""
    data = "".join(lines).encode("utf-8")
    body = ox.serialize(ox.parse(data, format=N_TRIPLES.oxigraph), format=TURTLE.oxigraph, prefixes=dict(prefixes))
    assert body is not None  # no output file given: pyoxigraph returns the bytes
    return "".join(_turtle_layout(io.StringIO(body.decode("utf-8")), prefixes))


def write_turtle(triples: Iterable[ox.Triple], out: Path, prefixes: Mapping[str, str]) -> None:
    """Write the triples (grouped by subject) as Turtle, grouped by subject and predicate."""
    raw = out.with_name(out.name + ".raw")
    try:
        ox.serialize(triples, raw, TURTLE.oxigraph, prefixes=dict(prefixes))
        with open(raw, encoding="utf-8", newline="\n") as body, open(out, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(_turtle_layout(body, prefixes))
    finally:
        raw.unlink(missing_ok=True)
