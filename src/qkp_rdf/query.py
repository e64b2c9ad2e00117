"""Run SPARQL queries (bundled by name, or from a file) over local RDF files."""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node

from .errors import InputError, QueryError

FORMATS = ("table", "csv", "tsv", "json")


def bundled_queries() -> dict[str, str]:
    """Name -> text of every query shipped with the package."""
    folder = files("qkp_rdf").joinpath("queries")
    return {p.name[:-3]: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".rq")}


def resolve_query(name_or_file: str) -> str:
    """The text of a bundled query (by name) or of a `.rq` file."""
    queries = bundled_queries()
    if name_or_file in queries:
        return queries[name_or_file]
    path = Path(name_or_file)
    if path.suffix == ".rq" or path.exists():
        try:
            return path.read_text("utf-8")
        except OSError as e:
            raise InputError(f"cannot read query: {e.strerror}", source=path) from e
    raise QueryError(f"unknown query {name_or_file!r}: bundled queries are {', '.join(sorted(queries))}, or give a .rq file")


def run_query(graph: Graph, text: str) -> Result:
    """Evaluate a SELECT query to the end; any failure becomes a :class:`QueryError`."""
    try:
        result = graph.query(text)
        if result.type != "SELECT":
            raise QueryError(f"only SELECT queries give rows; this is a {result.type} query")
        result.bindings  # rdflib evaluates lazily: errors surface while rows are read
    except QueryError:
        raise
    except Exception as e:  # pyparsing's ParseException and rdflib's errors alike
        raise QueryError(f"query failed: {' '.join(str(e).split())[:300]}") from e
    return result


def _lexical(node: Node | None) -> str:
    return "" if node is None else str(node)


def format_result(result: Result, fmt: str) -> str:
    """Rows as an aligned table, or in the SPARQL 1.1 results formats (CSV, TSV, JSON)."""
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8") + "\n"  # type: ignore[union-attr]
    variables = [str(v) for v in result.vars or []]
    rows = [[row[v] if isinstance(row, tuple) else None for v in range(len(variables))] for row in result]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_lexical(n) for n in row] for row in rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(n) for n in row) for row in rows]
        return "\n".join(lines) + "\n"
    table = [variables] + [[_lexical(n) for n in row] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(variables))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in table]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


def _tsv_term(node: Node | None) -> str:
    """A term in SPARQL TSV syntax (Turtle's): <iri>, "text"@lang, "1936"^^xsd:gYear."""
    return "" if node is None else node.n3()
