"""Reading and writing RDF: one table of the syntaxes the project knows, and errors that name
the file and line.

:data:`SYNTAXES` says, for each syntax, its file extensions, media type and its names in rdflib
(the same name parses and serializes) and in pyoxigraph. :func:`read_graph` reads files into one
rdflib graph (for validation, queries in process, reconciliation); :func:`read_triples` streams a
file's triples through pyoxigraph's parsers (for loading a triplestore, whatever the file's size).
:func:`write_turtle` and :func:`turtle` write Turtle as the project publishes it, with
pyoxigraph's serializer (Rust, about a hundred times faster than rdflib's).
"""

from __future__ import annotations

import json
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError


@dataclass(frozen=True)
class Syntax:
    """An RDF syntax: what it is called in messages, and how each library and HTTP name it."""

    #: As messages name it ("not valid Turtle").
    name: str
    #: File extensions, lower case with the dot; the first is the one to write.
    extensions: tuple[str, ...]
    media_type: str
    #: rdflib's plugin name, for ``Graph.parse`` and ``Graph.serialize`` alike.
    rdflib: str
    oxigraph: ox.RdfFormat


TURTLE = Syntax("Turtle", (".ttl", ".turtle"), "text/turtle", "turtle", ox.RdfFormat.TURTLE)
N_TRIPLES = Syntax("N-Triples", (".nt",), "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES)
JSON_LD = Syntax("JSON-LD", (".jsonld", ".json"), "application/ld+json", "json-ld", ox.RdfFormat.JSON_LD)
RDF_XML = Syntax("RDF/XML", (".rdf", ".owl"), "application/rdf+xml", "xml", ox.RdfFormat.RDF_XML)

#: Every syntax read; the project publishes the first three.
SYNTAXES: tuple[Syntax, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)
_BY_EXTENSION = {extension: syntax for syntax in SYNTAXES for extension in syntax.extensions}


def syntax_of(path: str | Path) -> Syntax:
    """The syntax of a file, from its extension (any case)."""
    path = Path(path)
    try:
        return _BY_EXTENSION[path.suffix.lower()]
    except KeyError:
        raise InputError(f"unknown RDF file type {path.suffix!r} (use .ttl, .nt or .jsonld)", source=path) from None


def _first_bad_ntriples_line(path: Path) -> int | None:
    """rdflib's N-Triples errors do not say where: find the first line that fails alone."""
    for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
        try:
            Graph().parse(data=line, format=N_TRIPLES.rdflib)
        except Exception:  # noqa: BLE001 - any parser error marks the line
            return number
    return None


def _syntax_error(path: Path, syntax: Syntax, error: Exception) -> InputError:
    reason = " ".join(str(error).split())
    line = None
    if isinstance(error, BadSyntax):
        line, reason = error.lines + 1, str(error._why)
    elif isinstance(error, json.JSONDecodeError):
        line, reason = error.lineno, f"{error.msg} (column {error.colno})"
    elif syntax is N_TRIPLES:
        line = _first_bad_ntriples_line(path)
    return InputError(f"not valid {syntax.name}: {reason[:200]}", source=path, line=line)


def read_graph(paths: Sequence[str | Path]) -> Graph:
    """One rdflib graph holding the triples of every file; a file that holds none is an error."""
    graph = Graph()
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise InputError("no such file", source=path)
        syntax = syntax_of(path)
        before = len(graph)
        try:
            graph.parse(path, format=syntax.rdflib)
        except UnicodeDecodeError as e:
            raise InputError("not UTF-8 text", source=path) from e
        except Exception as e:  # rdflib raises many unrelated types for syntax errors
            raise _syntax_error(path, syntax, e) from e
        # An empty file, or JSON that is not JSON-LD, would otherwise "conform" or answer nothing.
        # (A file that adds nothing new may only repeat an earlier one: parse it alone to tell.)
        if len(graph) == before and not len(Graph().parse(path, format=syntax.rdflib)):
            raise InputError("no RDF triples in this file", source=path)
    return graph


def read_triples(path: str | Path, *, fresh_blank_nodes: bool = True) -> Iterator[ox.Triple]:
    """The file's triples, streamed (named graphs refused; blank nodes given fresh names, unless
    the file is our own output, whose labels are kept); a syntax error becomes an
    :class:`InputError` naming its line."""
    return (quad.triple for quad in read_quads(path, fresh_blank_nodes=fresh_blank_nodes))


def read_quads(path: str | Path, *, fresh_blank_nodes: bool = True) -> Iterator[ox.Quad]:
    """The file's triples as quads of the default graph, as :func:`read_triples` reads them
    (for a store, with no triple made into a quad again)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=path)
    syntax = syntax_of(path)
    try:
        yield from ox.parse(path=path, format=syntax.oxigraph, without_named_graphs=True, rename_blank_nodes=fresh_blank_nodes)
    except SyntaxError as e:
        raise InputError(f"not valid {syntax.name}: {' '.join(str(e.msg).split())[:200]}", source=path, line=e.lineno) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", source=path) from e


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
