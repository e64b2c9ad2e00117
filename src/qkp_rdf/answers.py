"""The answer to a SPARQL query, however it was run, and the one writer of answers as text.

SELECT rows print as an aligned table or in the SPARQL 1.1 results formats (CSV, TSV, JSON: our own
writer, so key order, escapes and spacing do not depend on the engine); ASK as ``true``/``false`` or a
JSON boolean document; CONSTRUCT and DESCRIBE graphs as Turtle, sorted N-Triples or JSON-LD.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Union

import pyoxigraph as ox

from .errors import UsageError
from .config import DEFAULT_BASE
from .ntriples import namespaces_of
from .rdfio import turtle, used_prefixes
from .tables import aligned, csv_text, tsv_text
from .vocab import prefixes

#: An RDF term in an answer (a triple term only from an endpoint or engine speaking RDF 1.2).
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]

#: Output formats of SPARQL results (SELECT, ASK) and of graphs (CONSTRUCT, DESCRIBE); the first is the default.
RESULT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
FORMATS = RESULT_FORMATS + GRAPH_FORMATS

_XSD = "http://www.w3.org/2001/XMLSchema#"


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
