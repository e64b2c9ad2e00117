"""Write the graph as Turtle, JSON-LD and N-Triples: byte-identical for the same graph, atomically.

The writing is done by pyoxigraph (Rust), about a hundred times faster than rdflib's
serializers: the triples are sorted once, as canonical N-Triples lines, and the Turtle
and JSON-LD are written from that order. JSON-LD is compacted here with our own context
(:func:`compact`), following the JSON-LD 1.1 compaction rules for the kinds of term
definitions the context uses; a test checks the result against pyld's compaction.

``build`` never holds the whole graph: it merges sorted runs of N-Triples lines into a file and
writes Turtle (:func:`write_turtle`) and JSON-LD (:func:`write_jsonld`) from that file as
streams, byte for byte as :func:`to_turtle` and :func:`to_jsonld` write them from a graph.
"""

from __future__ import annotations

import contextlib
import heapq
import io
import itertools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import QkpError

FILES = {"turtle": "qkp.ttl", "json-ld": "qkp.jsonld", "nt": "qkp.nt"}

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# pyoxigraph lower-cases language tags; this finds them in its output to put their case back.
# A tag follows a literal's closing quote, and quotes inside literals are always escaped: the
# closing quote is the one after an even number of backslashes (`"C:\\"@kk-Latn` ends a literal).
_TAG = re.compile(r'(?<!\\)((?:\\\\)*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)')


def context() -> dict[str, Any]:
    """The published JSON-LD context (short keys for our terms), as shipped in the package."""
    data: dict[str, Any] = json.loads(files("qkp_rdf").joinpath("data/context.jsonld").read_text("utf-8"))
    return data


# --- the triples in a canonical order --------------------------------------------------------

# Canonical N-Triples escapes exactly these in a literal's text.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'["\\\n\r]')  # a search is ten times cheaper than translate()
_XSD_STRING = URIRef(_XSD + "string")


class _Writer:
    """rdflib terms as canonical N-Triples terms, noting IRIs and language tags on the way."""

    def __init__(self) -> None:
        self.tags: dict[str, str] = {}  # lower-case tag -> as written
        self.iris: dict[URIRef, str] = {}  # every IRI (datatypes too), written
        self.datatypes: set[str] = set()

    def __call__(self, node: Node) -> str:
        if isinstance(node, URIRef):
            if (text := self.iris.get(node)) is None:
                text = self.iris[node] = f"<{node}>"
            return text
        if isinstance(node, Literal):
            text = f'"{str.translate(node, _ESCAPES) if _NEEDS_ESCAPE.search(node) else node}"'
            if node.language:
                self.tags[node.language.lower()] = node.language
                return f"{text}@{node.language}"
            if node.datatype is not None and node.datatype != _XSD_STRING:
                self.datatypes.add(str(node.datatype))
                return f"{text}^^<{node.datatype}>"
            return text
        if isinstance(node, BNode):
            return f"_:{node}"
        raise QkpError(f"cannot serialize {node!r}: not an RDF term")


@dataclass(frozen=True)
class Canonical:
    """A graph's triples, deduplicated and in N-Triples line order, ready to write."""

    ntriples: str
    triples: list[ox.Triple]
    prefixes: dict[str, str]
    tags: dict[str, str]


@dataclass(frozen=True)
class Lines:
    """Some graphs' triples as sorted, distinct canonical N-Triples lines (each ending in a newline),
    with what the other formats need to know about them."""

    lines: list[str]
    namespaces: set[str]  # every IRI's namespace candidates: up to its last "/" and its last "#"
    tags: dict[str, str]  # lower-case language tag -> as written


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> Lines:
    """The canonical N-Triples lines of the triples (a graph, say), sorted once for every format
    (a few string operations per term: rdflib's own serializers are ~100x slower)."""
    term = _Writer()
    lines = {f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples}
    return Lines(sorted(lines), namespaces_of(itertools.chain(term.iris, term.datatypes)), term.tags)


def namespaces_of(iris: Iterable[str]) -> set[str]:
    """Where each IRI may be cut into a prefix's namespace and a local name."""
    return {iri[: cut + 1] for iri in iris for cut in (iri.rfind("/"), iri.rfind("#"))}


def used_prefixes(prefixes: Mapping[str, str], namespaces: set[str]) -> dict[str, str]:
    """The prefixes some IRI in the data starts with (as rdflib's Turtle writer lists them), sorted;
    ``namespaces`` are the data's (:func:`namespaces_of`)."""
    owner = {str(ns): p for p, ns in prefixes.items()}  # of two prefixes of a namespace, the last
    used = {owner[ns] for ns in namespaces if ns in owner}
    return {p: ns for p, ns in sorted(prefixes.items()) if p in used}


def canonical(graphs: Graph | Sequence[Graph]) -> Canonical:
    """Sort the triples once for every serialization: of one graph, or of several (the parts of
    a dataset, which need not be merged into one rdflib graph first)."""
    parts = [graphs] if isinstance(graphs, Graph) else list(graphs)
    data = ntriples_lines(itertools.chain(*parts))
    text = "".join(data.lines)
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as e:  # an IRI rdflib let through that N-Triples cannot hold
        raise QkpError(f"cannot serialize the graph: {e}") from e
    prefixes = {p: str(ns) for part in parts for p, ns in part.namespaces()}
    return Canonical(text, triples, used_prefixes(prefixes, data.namespaces), data.tags)


def _canonical_of(graph: Graph | Canonical) -> Canonical:
    return graph if isinstance(graph, Canonical) else canonical(graph)


def to_ntriples(graph: Graph | Canonical) -> str:
    """N-Triples with lines sorted, so the same graph always gives the same bytes."""
    return _canonical_of(graph).ntriples


def _restore_tags(text: str, tags: Mapping[str, str]) -> str:
    """Put back the case of language tags (kk-Latn) that pyoxigraph lower-cases."""
    if not any(tag != lower for lower, tag in tags.items()):
        return text
    return _TAG.sub(lambda m: f'{m.group(1)}"@{tags.get(m.group(2).lower(), m.group(2))}', text)


def _turtle_layout(body: Iterable[str], prefixes: Mapping[str, str], tags: Mapping[str, str]) -> Iterator[str]:
    """pyoxigraph's Turtle lines laid out as we publish them: our prefix lines (pyoxigraph
    writes its own in a hash map's order), a blank line before each subject, tags' case back."""
    for p, ns in prefixes.items():
        yield f"@prefix {p}: <{ns}> .\n"
    for line in body:
        if line.startswith("@prefix "):
            continue
        if not line.startswith((" ", "\t")):
            yield "\n"
        yield _restore_tags(line if line.endswith("\n") else line + "\n", tags)


def to_turtle(graph: Graph | Canonical) -> str:
    """Turtle grouped by subject and predicate, subjects in N-Triples order, prefixes sorted,
    a blank line before each subject."""
    data = _canonical_of(graph)
    body = _write(data.triples, ox.RdfFormat.TURTLE, data.prefixes)
    return "".join(_turtle_layout(io.StringIO(body), data.prefixes, data.tags))


def write_turtle(ntriples: Path, out: Path, prefixes: Mapping[str, str], tags: Mapping[str, str]) -> None:
    """Write the Turtle of a canonical N-Triples file as :func:`to_turtle` would, streaming."""
    raw = out.with_name(out.name + ".raw")
    try:
        ox.serialize(read_ntriples(ntriples), raw, ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
        with open(raw, encoding="utf-8", newline="\n") as body, open(out, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(_turtle_layout(body, prefixes, tags))
    finally:
        raw.unlink(missing_ok=True)


def read_ntriples(path: Path) -> Iterator[ox.Triple]:
    """The triples of an N-Triples file, read as a stream."""
    try:
        for quad in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES):
            yield quad.triple
    except SyntaxError as e:  # an IRI rdflib let through that N-Triples cannot hold
        raise QkpError(f"cannot serialize the graph: {e}") from e


def _write(triples: Iterable[ox.Triple], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> str:
    output = ox.serialize(triples, format=fmt, prefixes=prefixes)
    assert output is not None  # no output file given: pyoxigraph returns the bytes
    return output.decode("utf-8")


# --- JSON-LD ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What compaction needs from a context: terms by IRI, prefixes, keyword aliases."""

    terms: dict[str, tuple[str, str | None]]  # property IRI -> (term, "@id" / datatype IRI / None)
    classes: dict[str, str]  # IRI -> simple term (used for types and other vocabulary IRIs)
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace)
    aliases: dict[str, str]  # keyword -> alias ("@id" -> "id")
    tags: Mapping[str, str] = field(default_factory=dict)  # lower-case language tag -> as written


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
    candidates = [f"{prefix}:{iri[len(ns):]}" for prefix, ns in ctx.prefixes if iri.startswith(ns) and len(iri) > len(ns)]
    return min(candidates, key=lambda c: (len(c), c)) if candidates else iri


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
        return coercion is None, {"@language": ctx.tags.get(obj.language, obj.language), "@value": obj.value}
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


def compact(triples: Iterable[ox.Triple], ctx: Mapping[str, Any], tags: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Compacted JSON-LD (``@context`` and ``@graph``, nodes in ``id`` order) for triples grouped
    by subject; ``tags`` gives the case of language tags (pyoxigraph lower-cases them)."""
    parsed = replace(_parsed_context(json.dumps(ctx, sort_keys=True)), tags=dict(tags or {}))
    id_key = parsed.aliases.get("@id", "@id")
    nodes = sorted(_nodes(triples, parsed), key=lambda n: str(n[id_key]))
    return {"@context": ctx["@context"], "@graph": nodes}


def to_jsonld(graph: Graph | Canonical, ctx: Mapping[str, Any] | None = None) -> str:
    """Compacted JSON-LD with our context inline."""
    data = _canonical_of(graph)
    out = io.StringIO()
    _write_jsonld(data.triples, out, data.tags, ctx)
    return out.getvalue()


def write_jsonld(ntriples: Path, out: Path, tags: Mapping[str, str], scratch: Path) -> None:
    """Write the JSON-LD of a canonical N-Triples file as :func:`to_jsonld` would, streaming:
    the nodes are put in ``id`` order through sorted runs in ``scratch``, so memory does not
    grow with the graph."""
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        _write_jsonld(read_ntriples(ntriples), handle, tags, scratch=scratch)


def _write_jsonld(
    triples: Iterable[ox.Triple], out: TextIO, tags: Mapping[str, str], ctx: Mapping[str, Any] | None = None, *, scratch: Path | None = None
) -> None:
    """Write what :func:`compact` makes of triples grouped by subject, as ``json.dumps(...,
    indent=2)`` would, node by node; sorted in memory, or on disk in ``scratch``."""
    document = dict(ctx or context())
    parsed = replace(_parsed_context(json.dumps(document, sort_keys=True)), tags=dict(tags))
    id_key = parsed.aliases.get("@id", "@id")
    # One line per node, its id first: dumped JSON holds no raw control character, so \0 ends
    # the id and \1 can stand for the newlines of the indented text.
    records = (f"{node[id_key]}\0{json.dumps(node, ensure_ascii=False, indent=2)}".replace("\n", "\1") + "\n" for node in _nodes(triples, parsed))
    head = json.dumps({"@context": document["@context"], "@graph": []}, ensure_ascii=False, indent=2)
    first = True
    for record in _sorted_lines(records, scratch):
        out.write(head[: -len("]\n}")] + "\n    " if first else ",\n    ")
        out.write(record[record.index("\0") + 1 : -1].replace("\1", "\n    "))
        first = False
    out.write(head + "\n" if first else "\n  ]\n}\n")


def _sorted_lines(lines: Iterable[str], scratch: Path | None, run: int = 5_000) -> Iterator[str]:
    """The lines sorted: in memory, or (with a scratch folder) as sorted runs of ``run`` lines on disk, merged."""
    if scratch is None:
        yield from sorted(lines)
        return
    paths: list[Path] = []
    batch: list[str] = []
    for line in itertools.chain(lines, [None]):
        if line is not None:
            batch.append(line)
        if batch and (line is None or len(batch) == run):
            paths.append(scratch / f"run-{len(paths)}")
            paths[-1].write_text("".join(sorted(batch)), "utf-8")
            batch = []
    with contextlib.ExitStack() as files:
        yield from heapq.merge(*(files.enter_context(open(p, encoding="utf-8", newline="\n")) for p in paths))


# --- files -----------------------------------------------------------------------------------


def write_atomically(contents: Mapping[Path, str | Path]) -> None:
    """Write every file to a temporary sibling first and rename them into place only when all
    are written: a failure while writing (disk full, bad input found late) leaves no file
    half-written and the old files untouched. A value is the text to write, or a finished
    file (a :class:`~pathlib.Path`) to move there."""
    for path in contents:
        if path.is_dir():
            raise QkpError(f"{path}: cannot write: is a directory")
    temps: list[tuple[Path, str]] = []
    try:
        for path, content in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((path, tmp))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                if isinstance(content, str):
                    handle.write(content)
            if isinstance(content, Path):
                shutil.move(content, tmp)  # a rename when on the same file system
            os.chmod(tmp, 0o644)  # mkstemp's private 0600 would survive the rename
        for path, tmp in temps:
            os.replace(tmp, path)
    except OSError as e:
        raise QkpError(f"{e.filename or 'output'}: cannot write: {e.strerror}") from e
    finally:
        for _, tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def serialize_all(graph: Graph | Canonical) -> dict[str, str]:
    """The three published serializations, keyed by file name."""
    data = _canonical_of(graph)
    return {FILES["turtle"]: to_turtle(data), FILES["json-ld"]: to_jsonld(data), FILES["nt"]: to_ntriples(data)}
