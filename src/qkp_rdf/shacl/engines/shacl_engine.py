"""SHACL_Engine (the PyPI package ``shacl``), a compiled SHACL Core engine written in Rust.

The only module that imports ``shacl``. The shapes are compiled once per process (forked
workers inherit them); each run gets the data as N-Triples text and its results come back as
N-Triples strings, made into the W3C report vocabulary here so that the findings do not
depend on the engine. It runs no SHACL-AF rules (its inference is off unless asked for), so
it gets the published shapes as they are: the data already holds the view. What it does its own way:

- it relabels the data's blank nodes (``_:0_b3``): each blank node is given a label triple,
  which a shape of our own reports, so its results name the caller's blank nodes again;
- it has no option to validate only some focus nodes: its results are filtered instead
  (SHACL results are per focus node, so this gives what validating those nodes alone gives);
- it validates a large run on a thread pool, which does not survive a fork of the process
  that started it (a forked worker then waits forever): asking for a result limit keeps every
  run on the calling thread (no slower on two cores, measured);
- it writes language tags in lower case and an ``xsd:string`` literal as a plain one: a value
  is looked up in the data, so that the finding shows it as the data states it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import shacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from ...errors import InputError
from ...ntriples import unescape
from ..shapes import shapes_text
from . import Data

# A predicate and a shape of the engine's own, never in the data or the published shapes.
_LABEL = "urn:qkp-rdf:engine:blank-node-label"
_LABEL_SHAPE = "urn:qkp-rdf:engine:BlankNodeLabel"
_LABEL_SHAPES = f"""
<{_LABEL_SHAPE}> a <{SH.PropertyShape}> ; <{SH.targetSubjectsOf}> <{_LABEL}> ;
    <{SH.path}> <{_LABEL}> ; <{SH.datatype}> <urn:qkp-rdf:engine:no-datatype> .
"""
_LITERAL = re.compile(r'"(.*)"(?:@([^"]+)|\^\^<([^>]*)>)?', re.DOTALL)
def _blank_labels(line: str) -> list[str]:
    """The blank-node labels of a canonical line (a label holds no space or quote)."""
    subject = line[: line.index(" ")]
    obj = line[line.rindex(" ", 0, len(line) - 3) + 1 : -3]
    return [t[2:] for t in (subject, obj) if t.startswith("_:") and '"' not in t]


class _Terms:
    """The engine's N-Triples terms as the data's own rdflib terms."""

    def __init__(self, data: Data, blank: dict[str, BNode]) -> None:
        self.data, self.blank = data, blank

    def __call__(self, text: str) -> Node:
        if text.startswith("<"):
            return URIRef(text[1:-1])
        if text.startswith("_:"):
            return self.blank.get(text, BNode(text[2:]))
        m = _LITERAL.fullmatch(text)
        if m is None:
            raise ValueError(f"not an N-Triples term: {text!r}")
        lexical, language, datatype = unescape(m.group(1)), m.group(2), m.group(3)
        literal = Literal(lexical, lang=language, datatype=URIRef(datatype) if datatype else None)
        # The data's own term: rdflib keeps a tag's case (kk-Latn; the engine writes kk-latn)
        # and an explicit xsd:string, which N-Triples text does not tell from a plain literal.
        # (A look-up by object gives back the term asked with, so the term is found from its subject.)
        for candidate in (literal, *([Literal(lexical, datatype=XSD.string)] if not language and not datatype else [])):
            for subject, predicate, _ in self.data.graph.triples((None, None, candidate)):
                return next(o for o in self.data.graph.objects(subject, predicate) if o == candidate)
        return literal


class ShaclEngine:
    name = "shacl"
    version = shacl.__version__

    def __init__(self) -> None:
        self.shapes = shacl.Shapes.from_turtle(shapes_text() + _LABEL_SHAPES)

    def validate(self, data: Data, focus_nodes: Sequence[URIRef] | None = None) -> Graph:
        lines = list(data.lines)
        blanks = sorted({label for line in lines if "_:" in line for label in _blank_labels(line)})
        lines += [f'_:{label} <{_LABEL}> "{label}" .\n' for label in blanks]
        try:
            report = self.shapes.validate_text("".join(lines), format="ntriples", max_results=sys.maxsize)
        except ValueError as e:  # a term rdflib let through that RDF does not allow (an IRI with a space)
            raise InputError(f"SHACL engine {self.name!r} cannot read the data: {str(e).splitlines()[0]} (--engine pyshacl reads it)") from e
        labels = [r for r in report.results if r.source_shape == f"<{_LABEL_SHAPE}>"]
        term = _Terms(data, {r.focus_node: BNode(r.value_plain) for r in labels if r.value_plain is not None})
        wanted = set(focus_nodes) if focus_nodes is not None else None
        results = Graph()
        for number, r in enumerate(report.results):
            shape = r.source_shape if r.source_shape and r.source_shape.startswith("<") else r.root_shape
            if shape is None or shape == f"<{_LABEL_SHAPE}>":
                continue
            focus = term(r.focus_node)
            if wanted is not None and focus not in wanted:
                continue
            result = BNode(f"result{number}")
            results.add((result, RDF.type, SH.ValidationResult))
            results.add((result, SH.focusNode, focus))
            results.add((result, SH.sourceShape, URIRef(shape[1:-1])))
            results.add((result, SH.resultSeverity, URIRef(r.severity_iri)))
            results.add((result, SH.sourceConstraintComponent, URIRef(r.component_iri)))
            if r.value is not None:
                results.add((result, SH.value, term(r.value)))
            if r.path is not None and re.fullmatch(r"<[^<>]*>", r.path):  # a path of one predicate
                results.add((result, SH.resultPath, URIRef(r.path[1:-1])))
            if r.message is not None:
                results.add((result, SH.resultMessage, Literal(r.message)))
        return results


ENGINE = ShaclEngine()
