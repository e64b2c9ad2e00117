"""JSON-LD: the published triples compacted with our context, written as a stream.

Compaction follows the JSON-LD 1.1 rules for the kinds of term definitions our context uses
(``data/context.jsonld``); a test checks the result against pyld's compaction. A node is
compacted where its triples are together (in a worker, for the subjects of one article), kept as
a sorted record, and the records are merged into the document in ``id`` order, so memory does not
grow with the graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from json.encoder import encode_basestring as _string  # ensure_ascii=False's, in C where there is C
from pathlib import Path
from typing import Any

import pyoxigraph as ox

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def context() -> dict[str, Any]:
    """The published JSON-LD context (short keys for our terms), as shipped in the package."""
    data: dict[str, Any] = json.loads(files("qkp_rdf").joinpath("data/context.jsonld").read_text("utf-8"))
    return data


@dataclass(frozen=True)
class _Context:
    """What compaction needs from a context: terms by IRI, prefixes, keyword aliases."""

    terms: dict[str, tuple[str, str | None]]  # property IRI -> (term, "@id" / datatype IRI / None)
    classes: dict[str, str]  # IRI -> simple term (used for types and other vocabulary IRIs)
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace)
    aliases: dict[str, str]  # keyword -> alias ("@id" -> "id")
    compacted: dict[str, str] = field(default_factory=dict, compare=False)  # IRI -> compact IRI, as found


@cache
def _parsed_context(text: str) -> _Context:
    definitions: dict[str, Any] = json.loads(text)["@context"]
    prefixes = {k: v for k, v in definitions.items() if isinstance(v, str) and not v.startswith("@") and v.endswith(("/", "#"))}

    def expand(value: str) -> str:
        prefix, _, suffix = value.partition(":")
        return prefixes[prefix] + suffix if prefix in prefixes and not suffix.startswith("//") else value

    terms: dict[str, tuple[str, str | None]] = {}
    classes: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for key, value in definitions.items():
        if key.startswith("@") or key in prefixes:
            continue
        if isinstance(value, str) and value.startswith("@"):
            aliases[value] = key
        elif isinstance(value, str):
            classes[expand(value)] = key
            terms[expand(value)] = (key, None)
        else:
            coercion = value.get("@type")
            terms[expand(value["@id"])] = (key, coercion if coercion in (None, "@id") else expand(coercion))
    return _Context(terms, classes, tuple(sorted(prefixes.items())), aliases)


def _compact_iri(iri: str, ctx: _Context, *, vocab: bool) -> str:
    """A term (vocabulary positions only), else the shortest compact IRI, else the IRI."""
    if vocab and iri in ctx.classes:
        return ctx.classes[iri]
    if (compact := ctx.compacted.get(iri)) is None:
        candidates = [f"{prefix}:{iri[len(ns):]}" for prefix, ns in ctx.prefixes if iri.startswith(ns) and len(iri) > len(ns)]
        compact = min(candidates, key=lambda c: (len(c), c)) if candidates else iri
        if len(ctx.compacted) > 50_000:  # the IRIs nodes repeat (predicates, types, neighbours), in bounded memory
            ctx.compacted.clear()
        ctx.compacted[iri] = compact
    return compact


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    return "true" if value is True else "false" if value is False else json.dumps(value)


def _indented(value: Any, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` of a node object, its scalars by the C
    encoder (the standard library encodes indented JSON in Python, five times slower)."""
    if isinstance(value, dict) and value:
        inner = indent + "  "
        return "{\n" + ",\n".join(f"{inner}{_string(k)}: {_indented(v, inner)}" for k, v in value.items()) + f"\n{indent}}}"
    if isinstance(value, list) and value:
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _indented(v, inner) for v in value) + f"\n{indent}]"
    return _scalar(value)


def _native(literal: ox.Literal) -> Any:
    """A literal as JSON-LD with native types (pyld's `useNativeTypes`): booleans and integers."""
    datatype = literal.datatype.value
    if datatype == _XSD + "boolean" and literal.value in ("true", "false", "1", "0"):
        return literal.value in ("true", "1")
    if datatype == _XSD + "integer" and re.fullmatch(r"[+-]?\d+", literal.value):
        return int(literal.value)
    return None


def _value(obj: Any, coercion: str | None, ctx: _Context) -> tuple[bool, Any]:
    """(fits the term's coercion?, the value compacted for that term)."""
    id_key, type_key = ctx.aliases.get("@id", "@id"), ctx.aliases.get("@type", "@type")
    if not isinstance(obj, ox.Literal):
        iri = _compact_iri(obj.value if isinstance(obj, ox.NamedNode) else f"_:{obj.value}", ctx, vocab=False)
        return (True, iri) if coercion == "@id" else (coercion is None, {id_key: iri})
    if obj.language:
        return coercion is None, {"@language": obj.language, "@value": obj.value}
    datatype = obj.datatype.value
    if coercion is not None:
        return coercion == datatype and _native(obj) is None, obj.value
    if (native := _native(obj)) is not None:
        return True, native
    if datatype == _XSD + "string":
        return True, obj.value
    return True, {type_key: _compact_iri(datatype, ctx, vocab=True), "@value": obj.value}


def _sort_values(values: list[Any]) -> Any:
    if len(values) == 1:
        return values[0]
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))


def _nodes(triples: Iterable[ox.Triple], ctx: _Context) -> Iterator[dict[str, Any]]:
    """One compacted node object per subject; triples come grouped by subject."""
    id_key, type_key = ctx.aliases.get("@id", "@id"), ctx.aliases.get("@type", "@type")
    subject: Any = None
    properties: dict[str, list[Any]] = {}

    def node() -> dict[str, Any]:
        iri = subject.value if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"
        out: dict[str, Any] = {id_key: _compact_iri(iri, ctx, vocab=False)}
        if type_key in properties:
            out[type_key] = _sort_values(properties.pop(type_key))
        out.update((key, _sort_values(values)) for key, values in sorted(properties.items()))
        return out

    for triple in triples:
        if triple.subject != subject:
            if subject is not None:
                yield node()
            subject, properties = triple.subject, {}
        predicate = triple.predicate.value
        if predicate == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            properties.setdefault(type_key, []).append(_compact_iri(triple.object.value, ctx, vocab=True))
            continue
        term, coercion = ctx.terms.get(predicate, (None, None))
        fits, value = _value(triple.object, coercion, ctx) if term else (False, None)
        if not fits or term is None:
            # No term takes this value: the property's compact IRI, the value in full.
            term = _compact_iri(predicate, ctx, vocab=True)
            _, value = _value(triple.object, None, ctx)
        properties.setdefault(term, []).append(value)
    if subject is not None:
        yield node()


@cache
def _default() -> tuple[dict[str, Any], _Context]:
    document = context()
    return document, _parsed_context(json.dumps(document, sort_keys=True))


def node_records(triples: Iterable[ox.Triple]) -> list[str]:
    """The compacted node objects of triples grouped by subject, sorted, one line each: the
    node's ``id``, a NUL, and its indented JSON (dumped JSON holds no raw control character, so
    \\x01 stands for its newlines). A node is compacted once, where its triples are together."""
    _, parsed = _default()
    id_key = parsed.aliases.get("@id", "@id")
    return sorted(f"{node[id_key]}\0{_indented(node)}".replace("\n", "\1") + "\n" for node in _nodes(triples, parsed))


def record_id(subject: str) -> str:
    """The ``id`` a node record of this subject (an N-Triples term) starts with."""
    return _compact_iri(subject[1:-1] if subject.startswith("<") else subject, _default()[1], vocab=False)


def _document(records: Iterable[str]) -> Iterator[str]:
    """The JSON-LD document of sorted node records (:func:`node_records`), in parts: ``@context``
    inline and ``@graph``, nodes in ``id`` order, as ``json.dumps(..., indent=2)`` would write it."""
    document, _ = _default()
    head = json.dumps({"@context": document["@context"], "@graph": []}, ensure_ascii=False, indent=2)
    first = True
    for record in records:
        yield head[: -len("]\n}")] + "\n    " if first else ",\n    "
        yield record[record.index("\0") + 1 : -1].replace("\1", "\n    ")
        first = False
    yield head + "\n" if first else "\n  ]\n}\n"


def write_records(records: Iterable[str], out: Path) -> None:
    """Write the JSON-LD document of sorted node records, streaming."""
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(_document(records))


def records_text(records: Iterable[str]) -> str:
    """The JSON-LD document of sorted node records, as text (a resource's description)."""
    return "".join(_document(records))
