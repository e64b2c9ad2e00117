"""Run SPARQL queries (bundled by name, or from a file) over local RDF files or a remote endpoint.

One engine, Oxigraph, answers both ways: local files are loaded into an in-memory
:class:`pyoxigraph.Store` (all their triples in its default graph) and queried there; a remote query
goes to a SPARQL 1.1 endpoint through :mod:`.sparql_http`. Both give an :class:`Answer`, formatted by
one function, so the same query prints the same bytes either way when the endpoint runs Oxigraph too.
Queries are standard SPARQL 1.1: no prefix is declared for them, and ``SELECT *`` lists the variables
in the engine's order. The four forms are answered: SELECT and ASK (as SPARQL results), CONSTRUCT and
DESCRIBE (as a graph). A SPARQL update is refused before anything is read or sent.

A query's text is checked with Oxigraph's parser when it is loaded (:mod:`.sparql_syntax`); a syntax
error is a :class:`~qkp_rdf.errors.QueryError` naming ``source:LINE:COLUMN`` of the token where the
text goes wrong. Answers are :class:`~qkp_rdf.answers.Answer` objects, written out by
:func:`~qkp_rdf.answers.format_result` (both re-exported here).

Bundled queries (``src/qkp_rdf/queries/NAME.rq``) say what they answer in one comment line,
``# @description TEXT``, shown by ``qkp-rdf query --list``; the comments before it and after it explain
the query at length.

A query may take parameters: a comment line ``# @param NAME (TYPE|TYPE...) what it means`` declares
one, and each ``$NAME`` in the query (outside strings, IRIs and comments) is replaced by the value given,
written as an RDF term of the first TYPE it is valid for. TYPE is an XSD datatype from
:data:`PARAM_TYPES` or ``iri``. Unreplaced, ``$NAME`` is an ordinary SPARQL variable, so the file
itself is valid SPARQL and syntax errors are reported at their place in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from .answers import FORMATS, GRAPH_FORMATS, RESULT_FORMATS, Answer, Term, check_format, format_result, formats_for
from .dates import XSD_DATE, xsd_date_bounds
from .errors import InputError, QueryError, RemoteError, UsageError
from .inputs import input_file, shown
from .rdfio import Syntax, read_quads
from .remote import Credentials, Retry
from .sparql_http import post_graph_query, post_query
from .sparql_syntax import FORMS, check_syntax, query_form, syntax_error
from .tables import aligned

__all__ = [
    "FORMATS", "FORMS", "GRAPH_FORMATS", "PARAM_TYPES", "RESULT_FORMATS", "Answer", "Param", "Query", "Term",
    "bundled_queries", "check_format", "check_syntax", "format_result", "formats_for", "list_queries", "load_query",
    "local_store", "query_form", "query_listing", "run_query", "run_remote", "show_query",
]

_XSD = "http://www.w3.org/2001/XMLSchema#"

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
_DESCRIPTION_LINE = re.compile(r"^#\s*@description\s+(.*?)\s*$", re.M)
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

    def signature(self, name: str) -> str:
        """``NAME (TYPE|TYPE)``, as ``--list`` shows it."""
        return f"{name} ({'|'.join(self.types)})"


@dataclass(frozen=True)
class Query:
    """A checked query: its text, where it came from (for messages), the parameters it declares, its
    form (one of :data:`FORMS`) and its one-line description (empty if it has none)."""

    text: str
    source: str
    params: Mapping[str, Param]
    form: str
    description: str = ""

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
            return str(ox.NamedNode(value))
        return f"{ox.Literal(value)}^^<{_XSD}{kind.removeprefix('xsd:')}>"
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


def list_queries() -> dict[str, Query]:
    """Every bundled query, checked, by name (sorted)."""
    return {name: load_query(name) for name in sorted(bundled_queries())}


def query_listing(width: int | None = None) -> str:
    """What ``query --list`` prints: each bundled query's name, parameters and description, as a
    table (cut to ``width`` characters, if given)."""
    rows = [
        [name, ", ".join(p.signature(n) for n, p in query.params.items()), query.description]
        for name, query in list_queries().items()
    ]
    return aligned(["query", "parameters", "description"], rows, rule=False, width=width)


def show_query(name_or_file: str) -> str:
    """The text of a bundled query (by name) or a ``.rq`` file, as it is run (before parameters)."""
    return load_query(name_or_file).text


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
            text, source = input_file(path).read_text("utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read query: {getattr(e, 'strerror', None) or e}", source=path) from e
    form = check_syntax(text, source)
    description = _DESCRIPTION_LINE.search(text)
    return Query(text, source, _declared_params(text, source), form, description.group(1) if description else "")


def local_store(paths: Sequence[str | Path], syntax: Syntax | None = None) -> ox.Store:
    """An in-memory store holding the triples of every file (of ``syntax``, default: each one's
    extension's) in its default graph; a file with none is an error."""
    store = ox.Store()
    for path in paths:
        count = 0

        def counted(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
            nonlocal count
            for quad in quads:
                count += 1
                yield quad

        store.extend(counted(read_quads(path, syntax=syntax)))
        # An empty file would otherwise answer nothing, as if the data had no match.
        if count == 0:
            raise InputError("no RDF triples in this file", source=shown(path))
    return store


def run_query(store: ox.Store, text: str) -> Answer:
    """Evaluate a query over a store (its default graph), to the end; any failure becomes a :class:`QueryError`."""
    form = query_form(text) or ""
    try:
        result = store.query(text)
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = tuple(tuple(solution[i] for i in range(len(variables))) for solution in result)
            return Answer("SELECT", variables, rows)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        return Answer("DESCRIBE" if form == "DESCRIBE" else "CONSTRUCT", triples=tuple(result))
    except SyntaxError as e:
        raise syntax_error(text, "<query>") from e
    except (OSError, ValueError, TypeError) as e:  # evaluation errors (a SERVICE that fails, say)
        raise QueryError(f"query failed: {' '.join(str(e).split())[:300]}") from e


def run_remote(
    endpoint: str,
    text: str,
    *,
    graph: str | None = None,
    auth: Credentials | None = None,
    retry: Retry = Retry(),
    timeout: float = 60.0,
    on_retry: Callable[[str], None] | None = None,
) -> Answer:
    """Send a query to a SPARQL 1.1 endpoint (POST, with ``graph`` as ``default-graph-uri``) through
    :mod:`.sparql_http`: SELECT and ASK ask for SPARQL JSON results, CONSTRUCT and DESCRIBE for
    N-Triples; retried as every request is (:func:`~qkp_rdf.remote.send`; ``on_retry`` is told each time). The form is checked here first: an update
    or a text that is not a query is never sent."""
    form = check_syntax(text, "<query>")
    graphs = [graph] if graph else []
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = post_graph_query(endpoint, text, default_graphs=graphs, auth=auth, retry=retry, timeout=timeout, on_retry=on_retry)
        return Answer(form, triples=tuple(triples))
    document = post_query(endpoint, text, default_graphs=graphs, auth=auth, retry=retry, timeout=timeout, on_retry=on_retry)
    try:
        result = ox.parse_query_results(json.dumps(document), format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as e:  # a term Oxigraph cannot read
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results: {' '.join(str(e).split())[:100]}") from e
    if form == "ASK" and isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if form == "SELECT" and isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        return Answer("SELECT", variables, tuple(tuple(solution[i] for i in range(len(variables))) for solution in result))
    raise RemoteError(f"{endpoint}: the answer to a {form} query is not {'a boolean' if form == 'ASK' else 'rows'}")
