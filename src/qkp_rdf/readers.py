"""Read RDF files in any format the project publishes (and RDF/XML), with errors that name the line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError

_RDF_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}
_FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD", "xml": "RDF/XML"}


def rdf_format(path: Path) -> str:
    """The rdflib parser name for a file, from its extension."""
    try:
        return _RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(f"unknown RDF file type {path.suffix!r} (use .ttl, .nt or .jsonld)", source=path) from None


def _first_bad_ntriples_line(path: Path) -> int | None:
    """rdflib's N-Triples errors do not say where: find the first line that fails alone."""
    for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
        try:
            Graph().parse(data=line, format="nt")
        except Exception:  # noqa: BLE001 - any parser error marks the line
            return number
    return None


def _syntax_error(path: Path, fmt: str, error: Exception) -> InputError:
    reason = " ".join(str(error).split())
    line = None
    if isinstance(error, BadSyntax):
        line, reason = error.lines + 1, str(error._why)
    elif isinstance(error, json.JSONDecodeError):
        line, reason = error.lineno, f"{error.msg} (column {error.colno})"
    elif fmt == "nt":
        line = _first_bad_ntriples_line(path)
    return InputError(f"not valid {_FORMAT_NAMES[fmt]}: {reason[:200]}", source=path, line=line)


def load_graph(paths: Sequence[str | Path]) -> Graph:
    """One graph holding the triples of every file."""
    graph = Graph()
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise InputError("no such file", source=path)
        fmt = rdf_format(path)
        before = len(graph)
        try:
            graph.parse(path, format=fmt)
        except UnicodeDecodeError as e:
            raise InputError("not UTF-8 text", source=path) from e
        except Exception as e:  # rdflib raises many unrelated types for syntax errors
            raise _syntax_error(path, fmt, e) from e
        # An empty file, or JSON that is not JSON-LD, would otherwise "conform" or answer nothing.
        # (A file that adds nothing new may only repeat an earlier one: parse it alone to tell.)
        if len(graph) == before and not len(Graph().parse(path, format=fmt)):
            raise InputError("no RDF triples in this file", source=path)
    return graph
