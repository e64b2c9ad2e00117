"""Run SPARQL queries (bundled by name, or from a file) over local RDF files or a remote endpoint.

One engine, Oxigraph, answers both ways: local files are loaded into an in-memory
:class:`pyoxigraph.Store` (all their triples in its default graph) and queried there; a remote query
goes to a SPARQL 1.1 endpoint through :mod:`.sparql_http`. Both give an :class:`Answer`, formatted by
one function, so the same query prints the same bytes either way when the endpoint runs Oxigraph too.
Queries are standard SPARQL 1.1: no prefix is declared for them, and ``SELECT *`` lists the variables
in the engine's order. The four forms are answered: SELECT and ASK (as SPARQL results), CONSTRUCT and
DESCRIBE (as a graph). A SPARQL update is refused before anything is read or sent.

A query's text is checked with Oxigraph's parser when it is loaded; a syntax error is a
:class:`~qkp_rdf.errors.QueryError` naming ``source:LINE:COLUMN``. Oxigraph reports the furthest place
its parser looked at, which can be several characters past the mistake (it reads a keyword's length
ahead), so the place reported is found by parsing ever longer beginnings of the text: the first token
that no valid query can continue with. An unclosed bracket is reported where it opens.

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Union

import pyoxigraph as ox

from .dates import XSD_DATE, xsd_date_bounds
from .errors import InputError, QueryError, RemoteError, UsageError
from .ids import DEFAULT_BASE
from .ntriples import namespaces_of
from .rdfio import read_quads, turtle, used_prefixes
from .remote import Credentials, Retry
from .sparql_http import post_graph_query, post_query
from .tables import aligned, csv_text, tsv_text
from .vocab import prefixes

#: An RDF term in an answer (a triple term only from an endpoint or engine speaking RDF 1.2).
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]

#: The query forms answered.
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Output formats of SPARQL results (SELECT, ASK) and of graphs (CONSTRUCT, DESCRIBE); the first is the default.
RESULT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
FORMATS = RESULT_FORMATS + GRAPH_FORMATS
#: The first keyword of each SPARQL 1.1 update operation.
_UPDATES = ("INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")

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
# SPARQL's tokens, roughly: enough to find the form's keyword, cut the text between tokens and match
# brackets. A name may hold dots, but not end with one (`ex:a.` is `ex:a` and `.`).
_LEXER = re.compile(
    r"(?P<space>\s+|#[^\n]*)"
    r"|(?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<word>(?:[\w\\%:-]|\.(?=[\w\\%:-]))+)"
    r"|(?P<quote>['\"])"
    r"|(?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|.)",
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
            text, source = path.read_text("utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read query: {getattr(e, 'strerror', None) or e}", source=path) from e
    form = check_syntax(text, source)
    description = _DESCRIPTION_LINE.search(text)
    return Query(text, source, _declared_params(text, source), form, description.group(1) if description else "")


# --- syntax -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    kind: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), str(m.lastgroup)) for m in _LEXER.finditer(text) if m.lastgroup != "space"]


def query_form(text: str) -> str | None:
    """The first keyword after the prologue (``BASE`` and ``PREFIX`` declarations), upper-cased:
    ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE`` for a query, ``INSERT`` and so on for an update;
    None if there is none."""
    tokens = iter(_tokens(text))
    for token in tokens:
        keyword = token.text.upper()
        if keyword == "BASE":
            next(tokens, None)
        elif keyword == "PREFIX":
            next(tokens, None)
            next(tokens, None)
        else:
            return keyword if token.kind == "word" else None
    return None


def check_syntax(text: str, source: str) -> str:
    """The query's form (one of :data:`FORMS`); a :class:`QueryError` naming ``source:LINE:COLUMN``
    if ``text`` is not a valid SPARQL 1.1 query, or naming the operation if it is an update."""
    form = query_form(text)
    if form in _UPDATES:
        raise QueryError(f"{source}: this is a SPARQL update ({form}), not a query: `query` runs SELECT, ASK, CONSTRUCT and DESCRIBE queries only, and never sends an update")
    store = ox.Store()  # empty: the query is parsed, and its lazy answer never read
    try:
        store.query(text)
    except SyntaxError as e:
        raise QueryError(f"{source}:{_syntax_message(store, text, str(e))}") from e
    if form not in FORMS:  # cannot be: the parser accepted the text
        raise QueryError(f"{source}: cannot tell the query's form")
    return form


_ENGINE_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_EXPECTED_ITEM = re.compile(r"\"(?:[^\"\\]|\\.)*\"|\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]|[^,]+")
#: Longer than any keyword Oxigraph reads ahead (ENCODE_FOR_URI), of a character no token holds.
_PADDING = " " + "\x01" * 24


@dataclass(frozen=True)
class _Failure:
    """Oxigraph's report of a text it cannot parse: the character offset and what it expected there."""

    offset: int
    expected: tuple[str, ...]

    @property
    def custom(self) -> list[str]:
        """Messages of the parser's own checks (an undeclared prefix, an unbound variable)."""
        return [item for item in self.expected if " " in item and item[0] not in "\"["]

    @property
    def literals(self) -> list[str]:
        """The quoted tokens expected: ones the parser tried exactly at :attr:`offset`."""
        return [item for item in self.expected if item.startswith('"')]

    def tried_from(self) -> int:
        """The furthest place something was tried: a keyword is read whole before it is compared, so
        ``expected SELECT`` at offset 10 was tried at offset 4."""
        return max(self.offset - len(item) if re.fullmatch(r"\w+", item) else self.offset for item in self.expected)


def _failure(store: ox.Store, text: str) -> _Failure | None:
    try:
        store.query(text)
    except SyntaxError as e:
        match = _ENGINE_ERROR.match(str(e))
        if match is None:
            return _Failure(len(text), (" ".join(str(e).split()),))
        line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        offset = min(len(text), starts[min(line, len(starts)) - 1] + column - 1)
        if message.startswith("expected one of "):
            items = tuple(m.group().strip() for m in _EXPECTED_ITEM.finditer(message.removeprefix("expected one of ")))
        else:
            items = (message.removeprefix("expected ").strip(),)
        return _Failure(offset, tuple(i for i in items if i))
    return None


def _reached(store: ox.Store, text: str, end: int) -> bool:
    """Whether ``text[:end]`` (ending with a whole token) begins some valid query."""
    head = text[:end]
    failure = _failure(store, head)
    if failure is None:
        return True
    if failure.custom:
        return False
    if failure.offset >= end and (failure.literals or any(i.startswith("[") and i != "[_]" for i in failure.expected)):
        return True
    # Only keywords, or `[_]` (a keyword cut short by the end): was one tried after the head? Padding
    # lets a keyword be read whole, so that it is reported where it was tried.
    padded = _failure(store, head + _PADDING)
    return padded is not None and not padded.custom and padded.tried_from() >= end


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _syntax_message(store: ox.Store, text: str, engine: str) -> str:
    """``LINE:COLUMN: SPARQL syntax error: what``, for a text Oxigraph cannot parse."""
    tokens = _tokens(text)
    whole = _failure(store, text)
    limit = whole.offset if whole else len(text)
    # The mistake is at or before the place Oxigraph names; start a little before that (a keyword's
    # length) if the text is good up to there, else from the beginning.
    first = max(0, len([t for t in tokens if t.end <= limit - 32]) - 1)
    if first and not _reached(store, text, tokens[first - 1].end):
        first = 0
    bad = next((t for t in tokens[first:] if not _reached(store, text, t.end)), None)
    where = bad.start if bad else (tokens[-1].end if tokens else 0)
    if bad is None:
        reason = "unexpected end of query"
    else:
        failure = _failure(store, text[: bad.end])
        custom = failure.custom if failure else []
        if "Prefix not found" in custom and ":" in bad.text:
            return f"{_place(text, where)}: SPARQL syntax error: undeclared prefix '{bad.text.split(':', 1)[0]}:'"
        shown = bad.text if len(bad.text) <= 24 else bad.text[:23] + "…"
        reason = custom[0][0].lower() + custom[0][1:] if custom else f"unexpected {shown!r}"
        before = _failure(store, text[: bad.start].rstrip())
        expected = sorted(set(before.literals)) if before and not custom else []
        if expected:
            reason += f" (expected {', '.join(expected[:8])}{', …' if len(expected) > 8 else ''})"
    quote = next((t for t in tokens if t.kind == "quote" and t.start <= where), None)
    if quote is not None:
        return f"{_place(text, quote.start)}: SPARQL syntax error: string not closed"
    unclosed = _unclosed(tokens)
    if unclosed is not None:
        opener, closer = unclosed
        if opener.start < where and (closer is None or where <= closer.start):
            reason = f"{opener.text!r} is not closed; at {_place(text, where)}: {reason}"
            where = opener.start
    return f"{_place(text, where)}: SPARQL syntax error: {reason}"


_PAIRS = {"(": ")", "{": "}", "[": "]", "{|": "|}"}


def _unclosed(tokens: Sequence[_Token]) -> tuple[_Token, _Token | None] | None:
    """The innermost bracket left open, and the closing bracket that does not match it (None: the
    query ends first)."""
    stack: list[_Token] = []
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in _PAIRS:
            stack.append(token)
        elif token.text in _PAIRS.values():
            if not stack:
                return None
            if _PAIRS[stack[-1].text] != token.text:
                return stack[-1], token
            stack.pop()
    return (stack[-1], None) if stack else None


# --- answers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The answer to a query, however it was run: for SELECT the variables and the rows (a term or
    None per variable), for ASK the boolean, for CONSTRUCT and DESCRIBE the triples."""

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())

    def solutions(self) -> list[dict[str, Term]]:
        """The rows as variable -> term, unbound variables left out."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


def local_store(paths: Sequence[str | Path]) -> ox.Store:
    """An in-memory store holding the triples of every file in its default graph; a file with none is an error."""
    store = ox.Store()
    for path in paths:
        count = 0

        def counted(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
            nonlocal count
            for quad in quads:
                count += 1
                yield quad

        store.extend(counted(read_quads(path)))
        # An empty file would otherwise answer nothing, as if the data had no match.
        if count == 0:
            raise InputError("no RDF triples in this file", source=path)
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
        raise QueryError(f"<query>:{_syntax_message(ox.Store(), text, str(e))}") from e
    except (OSError, ValueError, TypeError) as e:  # evaluation errors (a SERVICE that fails, say)
        raise QueryError(f"query failed: {' '.join(str(e).split())[:300]}") from e


def run_remote(
    endpoint: str, text: str, *, graph: str | None = None, auth: Credentials | None = None, retry: Retry = Retry(attempts=1), timeout: float = 60.0
) -> Answer:
    """Send a query to a SPARQL 1.1 endpoint (POST, with ``graph`` as ``default-graph-uri``) through
    :mod:`.sparql_http`: SELECT and ASK ask for SPARQL JSON results, CONSTRUCT and DESCRIBE for
    N-Triples; tried once unless ``retry`` says otherwise. The form is checked here first: an update
    or a text that is not a query is never sent."""
    form = check_syntax(text, "<query>")
    graphs = [graph] if graph else []
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = post_graph_query(endpoint, text, default_graphs=graphs, auth=auth, retry=retry, timeout=timeout)
        return Answer(form, triples=tuple(triples))
    document = post_query(endpoint, text, default_graphs=graphs, auth=auth, retry=retry, timeout=timeout)
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


# --- output ---------------------------------------------------------------------------------------


def formats_for(form: str) -> tuple[str, ...]:
    """The output formats that fit a query form; the first is its default."""
    return GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS


def check_format(form: str, fmt: str | None) -> str:
    """The format to print a ``form`` answer in (``None``: its default); a :class:`UsageError` if it does not fit."""
    fitting = formats_for(form)
    if fmt is None:
        return fitting[0]
    if fmt not in fitting:
        kind = "a graph" if fitting is GRAPH_FORMATS else "SPARQL results"
        raise UsageError(f"--format {fmt} does not fit a {form} query, whose answer is {kind}: use {', '.join(fitting)}")
    return fmt


def format_result(answer: Answer, fmt: str | None = None, *, width: int | None = None) -> str:
    """The answer as text: SELECT rows as an aligned table (cut to ``width`` characters, if given) or
    in the SPARQL 1.1 results formats (CSV, TSV, JSON); ASK as ``true``/``false`` (JSON: a boolean
    document); a graph as Turtle, N-Triples (sorted) or JSON-LD. Blank nodes are named by their order
    in the answer, so the text does not depend on the engine's labels."""
    fmt = check_format(answer.form, fmt)
    if answer.form == "ASK":
        value = "true" if answer.boolean else "false"
        return json.dumps({"head": {}, "boolean": bool(answer.boolean)}) + "\n" if fmt == "json" else value + "\n"
    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        return _graph_text(answer.triples, fmt)
    variables = list(answer.variables)
    rows = _relabelled(answer.rows)
    if fmt == "json":
        # Our own writer: the key order, escapes and spacing are the same whichever engine answered.
        bindings = [{name: _json_term(term) for name, term in zip(variables, row) if term is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1) + "\n"
    if fmt == "tsv":
        return tsv_text([f"?{v}" for v in variables], [[_tsv_term(t) for t in row] for row in rows])
    cells = [[_lexical(t) for t in row] for row in rows]
    if fmt == "csv":
        return csv_text(variables, cells)
    return aligned(variables, cells, width=width, empty="no rows")


def _relabelled(rows: Iterable[tuple[Term | None, ...]]) -> list[tuple[Term | None, ...]]:
    names: dict[str, ox.BlankNode] = {}

    def label(term: Term | None) -> Term | None:
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"b{len(names)}"))
        if isinstance(term, ox.Triple):
            subject, obj = label(term.subject), label(term.object)
            assert isinstance(subject, (ox.NamedNode, ox.BlankNode)) and obj is not None
            return ox.Triple(subject, term.predicate, obj)
        return term

    return [tuple(label(t) for t in row) for row in rows]


def _graph_text(triples: Iterable[ox.Triple], fmt: str) -> str:
    # Canonical blank-node labels (RDFC-1.0), then sorted lines: the same graph gives the same text.
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in dataset})
    if fmt == "ntriples":
        return "".join(lines)
    if fmt == "turtle":
        iris = [str(term.value) for q in dataset for term in (q.subject, q.predicate, q.object) if isinstance(term, ox.NamedNode)]
        # Turtle writes plain strings and language-tagged ones without their datatype.
        iris += [q.object.datatype.value for q in dataset if isinstance(q.object, ox.Literal) and not q.object.language and q.object.datatype.value != _XSD + "string"]
        return turtle(lines, used_prefixes(prefixes(DEFAULT_BASE), namespaces_of(iris)))
    data = ox.serialize(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.JSON_LD)
    assert data is not None  # no output file given: pyoxigraph returns the bytes
    return json.dumps(json.loads(data), ensure_ascii=False, indent=1) + "\n"


def _lexical(term: Term | None) -> str:
    """A term in SPARQL CSV: an IRI's or literal's text, ``_:label`` for a blank node."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return str(term)
    if isinstance(term, ox.Triple):
        return f"<< {term.subject} {term.predicate} {term.object} >>"
    return term.value


def _json_term(term: Term) -> dict[str, object]:
    """A term in the SPARQL 1.1 JSON results format (triple terms as SPARQL 1.2 writes them)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate), "object": _json_term(term.object)}}
    literal: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        literal["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        literal["datatype"] = term.datatype.value
    return literal


def _tsv_term(term: Term | None) -> str:
    """A term in SPARQL TSV syntax (N-Triples'): <iri>, "text"@lang, "1936"^^<…#gYear>; tabs escaped."""
    return "" if term is None else str(term).replace("\t", "\\t")
