"""Run SPARQL queries (bundled by name, or from a file) over local RDF files or a remote endpoint.

Local runs use rdflib in process; remote runs send the same text to a SPARQL 1.1 endpoint through
:mod:`.sparql_http`. Both give an rdflib :class:`~rdflib.query.Result`, formatted by one function, so the
same query prints the same rows either way.

A query may take parameters: a comment line ``# @param NAME (TYPE|TYPE...) what it means`` declares
one, and each ``$NAME`` in the query (outside strings, IRIs and comments) is replaced by the value given,
written as an RDF term of the first TYPE it is valid for. TYPE is an XSD datatype from
:data:`PARAM_TYPES` or ``iri``. Unreplaced, ``$NAME`` is an ordinary SPARQL variable, so the file
itself is valid SPARQL and syntax errors are reported at their place in the file.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from .dates import XSD_DATE, xsd_date_bounds
from .errors import InputError, QueryError, RemoteError, UsageError
from .remote import Credentials, Retry
from .sparql_http import post_query
from .tables import table, tsv_text

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query as PreparedQuery

FORMATS = ("table", "csv", "tsv", "json")

#: Parameter types: the lexical form each accepts.
PARAM_TYPES: dict[str, str] = {
    "xsd:date": r"\d{4}-\d{2}-\d{2}",
    "xsd:gYearMonth": r"\d{4}-(?:0[1-9]|1[0-2])",
    "xsd:gYear": r"\d{4}",
    "xsd:integer": r"[+-]?\d+",
    "xsd:string": r".*",
    "iri": r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*",
}
_PARAM_LINE = re.compile(r"^#\s*@param\s+(\w+)\s+\(([^)]*)\)\s*(.*)$", re.M)
# Tokens that may contain a `$`: strings (long ones first), IRIs, comments; then the variables to replace.
_TOKENS = re.compile(
    r"(?P<skip>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\"{}|^`\\\x00-\x20]*>|#[^\n]*)"
    r"|\$(?P<name>\w+)",
    re.S,
)


@dataclass(frozen=True)
class Param:
    """A declared parameter: the types its value may have, and what it means."""

    types: tuple[str, ...]
    description: str

    def wanted(self, name: str) -> str:
        """How to give it on the command line, for a message."""
        return f"--param {name}=VALUE ({' or '.join(self.types)}: {self.description})" if self.description else f"--param {name}=VALUE ({' or '.join(self.types)})"


@dataclass(frozen=True)
class Query:
    """A query's text, where it came from (for messages), and the parameters it declares."""

    text: str
    source: str
    params: Mapping[str, Param]

    def bind(self, values: Mapping[str, str]) -> str:
        """The text with each declared ``$NAME`` replaced by its value, checked against the declared types."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            declared = ", ".join(sorted(self.params)) or "none"
            raise UsageError(f"{self.source}: no parameter {', '.join(unknown)} (parameters: {declared})")
        missing = sorted(set(self.params) - set(values))
        if missing:
            raise UsageError(f"{self.source}: needs " + ", ".join(self.params[name].wanted(name) for name in missing))
        terms = {name: _term(name, value, self.params[name].types) for name, value in values.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group("name")
            return terms[name] if name in terms else match.group(0)

        return _TOKENS.sub(replace, self.text)


def _term(name: str, value: str, types: tuple[str, ...]) -> str:
    for kind in types:
        if not re.fullmatch(PARAM_TYPES[kind], value) or (kind == "xsd:date" and xsd_date_bounds(value, XSD_DATE) is None):
            continue
        if kind == "iri":
            return URIRef(value).n3()
        return Literal(value, datatype=XSD[kind.removeprefix("xsd:")]).n3()
    raise UsageError(f"--param {name}={value!r} is not a valid {' or '.join(types)}")


def _declared_params(text: str, source: str) -> dict[str, Param]:
    params: dict[str, Param] = {}
    for match in _PARAM_LINE.finditer(text):
        types = tuple(t.strip() for t in match.group(2).split("|"))
        bad = [t for t in types if t not in PARAM_TYPES]
        if bad:
            raise QueryError(f"{source}: parameter {match.group(1)}: unknown type {bad[0]!r} (types: {', '.join(PARAM_TYPES)})")
        params[match.group(1)] = Param(types, match.group(3).strip())
    return params


def bundled_queries() -> dict[str, str]:
    """Name -> text of every query shipped with the package."""
    folder = files("qkp_rdf").joinpath("queries")
    return {p.name[:-3]: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".rq")}


def load_query(name_or_file: str) -> Query:
    """A bundled query (by name) or a `.rq` file, checked for syntax."""
    queries = bundled_queries()
    if name_or_file in queries:
        text, source = queries[name_or_file], f"{name_or_file}.rq"
    else:
        path = Path(name_or_file)
        if path.suffix != ".rq" and not path.exists():
            raise QueryError(f"unknown query {name_or_file!r}: bundled queries are {', '.join(sorted(queries))}, or give a .rq file")
        try:
            text, source = path.read_text("utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read query: {getattr(e, 'strerror', None) or e}", source=path) from e
    check_syntax(text, source)
    return Query(text, source, _declared_params(text, source))


@functools.lru_cache(maxsize=32)
def _prepared(text: str) -> PreparedQuery:
    # Parsing is most of the cost of a query over one article (0.2 s for holders-on): parse each text once.
    # rdflib's SPARQL takes a tenth of a second to import: only the commands that query pay it.
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def check_syntax(text: str, source: str) -> None:
    """Raise a :class:`QueryError` naming ``source:LINE:COLUMN`` if ``text`` is not valid SPARQL 1.1."""
    from pyparsing import ParseException

    try:
        _prepared(text)
    except ParseException as e:
        found = f", found {e.line[e.col - 1:].split()[0]!r}" if e.line[e.col - 1:].strip() else ""
        raise QueryError(f"{source}:{e.lineno}:{e.col}: SPARQL syntax error: {e.msg}{found}") from e
    except Exception as e:  # rdflib reports an undeclared prefix as a bare Exception, after parsing
        prefix = re.fullmatch(r"Unknown namespace prefix : (\S*)", str(e))
        if prefix is None:
            raise QueryError(f"{source}: not a valid query: {' '.join(str(e).split())[:300]}") from e
        line, col = _position(text, prefix.group(1))
        raise QueryError(f"{source}:{line}:{col}: SPARQL syntax error: undeclared prefix '{prefix.group(1)}:'") from e


def _position(text: str, prefix: str) -> tuple[int, int]:
    for match in re.finditer(rf"(?<![\w:<]){re.escape(prefix)}:", text):
        # The first use outside comments and strings.
        if not any(m.start() <= match.start() < m.end() for m in _TOKENS.finditer(text) if m.group("skip")):
            before = text[: match.start()]
            return before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
    return 1, 1


def run_query(graph: Graph, text: str) -> Result:
    """Evaluate a SELECT query over a local graph, to the end; any failure becomes a :class:`QueryError`."""
    try:
        result = graph.query(_prepared(text))
        _select_only(result)
        result.bindings  # rdflib evaluates lazily: errors surface while rows are read
    except QueryError:
        raise
    except Exception as e:  # pyparsing's ParseException and rdflib's errors alike
        raise QueryError(f"query failed: {' '.join(str(e).split())[:300]}") from e
    return result


def run_remote(
    endpoint: str, text: str, *, graph: str | None = None, auth: Credentials | None = None, retry: Retry = Retry(attempts=1), timeout: float = 60.0
) -> Result:
    """Send a SELECT query to a SPARQL 1.1 endpoint (POST, with ``graph`` as ``default-graph-uri``),
    through :func:`~qkp_rdf.sparql_http.post_query`; tried once unless ``retry`` says otherwise."""
    from rdflib.plugins.sparql.results.jsonresults import JSONResult

    answer = post_query(endpoint, text, default_graphs=[graph] if graph else [], auth=auth, retry=retry, timeout=timeout)
    try:
        result: Result = JSONResult(answer)
    except (ValueError, KeyError, TypeError, NotImplementedError) as e:  # a term rdflib cannot read
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results: {' '.join(str(e).split())[:100]}") from e
    _select_only(result)
    return result


def _select_only(result: Result) -> None:
    if result.type != "SELECT":
        raise QueryError(f"only SELECT queries give rows; this is a {result.type} query")


def _lexical(node: Node | None) -> str:
    return "" if node is None else str(node)


def format_result(result: Result, fmt: str) -> str:
    """Rows as an aligned table, or in the SPARQL 1.1 results formats (CSV, TSV, JSON)."""
    variables = [str(v) for v in result.vars or []]
    rows = [[row[v] if isinstance(row, tuple) else None for v in range(len(variables))] for row in result]
    if fmt == "json":
        # Our own writer, not rdflib's: its key order follows how the rows were made, so the same answer
        # from a file and from an endpoint would print differently.
        bindings = [{name: _json_term(node) for name, node in zip(variables, row) if node is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1) + "\n"
    if fmt == "tsv":
        return tsv_text([f"?{v}" for v in variables], [[_tsv_term(n) for n in row] for row in rows])
    return table(fmt, variables, [[_lexical(n) for n in row] for row in rows])


def _json_term(node: Node) -> dict[str, str]:
    """A term in the SPARQL 1.1 JSON results format."""
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, Literal):
        term = {"type": "literal", "value": str(node)}
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype and node.datatype != XSD.string:
            term["datatype"] = str(node.datatype)
        return term
    return {"type": "bnode", "value": str(node)}


def _tsv_term(node: Node | None) -> str:
    """A term in SPARQL TSV syntax (Turtle's): <iri>, "text"@lang, "1936"^^xsd:gYear."""
    return "" if node is None else node.n3()
