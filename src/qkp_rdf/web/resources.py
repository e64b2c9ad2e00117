"""The published graph as the web sees it: resources, their descriptions, and the formats a
description is written in. The static site (:mod:`.site`) and the live server (:mod:`.server`)
both answer from a :class:`Data`, so a page, a ``.ttl`` file and a 303 say the same thing either way.

Cool URIs: ``<base>id/<kind>/<slug>`` is the thing, ``<base>doc/<kind>/<slug>`` (``.html``,
``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``) its description. A resource's description is what a
reader needs to understand it alone: its own triples (and those of blank nodes it points to),
the labels and types of what it links to, and the triples of the resources that link to it,
with their labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..config import DEFAULT_BASE
from ..errors import InputError
from ..jsonld import node_records, records_text
from ..rdfio import RDF_XML, Syntax, read_quads, turtle, used_prefixes
from ..ntriples import namespaces_of
from ..vocab import prefixes

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: The properties that name a resource, in the order a label is taken from.
LABELS = (
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ox.NamedNode("http://xmlns.com/foaf/0.1/name"),
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
)
_VOID_DATASET = ox.NamedNode("http://rdfs.org/ns/void#Dataset")
_DATASET_IRI = re.compile(r"^(?P<base>.+[/#])id/dataset/[^/]+$")


@dataclass(frozen=True, order=True)
class Resource:
    """A resource the data describes, by its place under the base: ``id/<kind>/<slug>``."""

    kind: str
    slug: str
    iri: str

    @property
    def doc(self) -> str:
        """Its description's path under the base, without an extension: ``doc/<kind>/<slug>``."""
        return f"doc/{self.kind}/{self.slug}"


@dataclass(frozen=True)
class Format:
    """A format a description is offered in: the file extension, the media type, what it is called."""

    extension: str
    media_type: str
    name: str


HTML = Format(".html", "text/html", "HTML")
#: Every format of a description, HTML first (what a browser gets); the RDF ones after, Turtle first.
FORMATS = (
    HTML,
    Format(".ttl", "text/turtle", "Turtle"),
    Format(".jsonld", "application/ld+json", "JSON-LD"),
    Format(".nt", "application/n-triples", "N-Triples"),
    Format(".rdf", RDF_XML.media_type, "RDF/XML"),
)
RDF_FORMATS = FORMATS[1:]
BY_EXTENSION = {f.extension: f for f in FORMATS}


def _sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


class Data:
    """The published graph in an in-memory pyoxigraph store, and the resources minted under ``base``."""

    def __init__(self, store: ox.Store, base: str) -> None:
        self.store, self.base = store, base

    @classmethod
    def from_files(cls, paths: Sequence[str | Path], *, base: str | None = None, syntax: Syntax | None = None) -> Data:
        """The files' triples, read as one graph. Without ``base``, the base the data was built
        with: the one its dataset's IRI (``<base>id/dataset/<slug>``) is minted under."""
        store = ox.Store()
        for path in paths:
            before = len(store)
            store.bulk_extend(read_quads(path, syntax=syntax))
            if len(store) == before:
                raise InputError("no RDF triples in this file", source=path)
        return cls(store, base or _base_of(store) or DEFAULT_BASE)

    @cached_property
    def resources(self) -> tuple[Resource, ...]:
        """Every subject minted under the base whose kind and slug are plain path segments,
        sorted by kind and slug: what the site writes, the server answers and the pages link."""
        found = set()
        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            resource = self.resource_of(quad.subject)
            if resource is not None:
                found.add(resource)
        return tuple(sorted(found))

    @cached_property
    def skipped(self) -> tuple[str, ...]:
        """The subjects under ``<base>id/`` that are no resource: a kind or slug that is not a plain
        segment (``a%20b``, ``..``) would name a file other than its URL's, or none."""
        space, ours = self.base + "id/", {r.iri for r in self.resources}
        subjects = {q.subject.value for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()) if isinstance(q.subject, ox.NamedNode)}
        return tuple(sorted(s for s in subjects if s.startswith(space) and s not in ours))

    @cached_property
    def _by_doc(self) -> dict[str, Resource]:
        return {r.doc: r for r in self.resources}

    def resource_of(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Resource | None:
        """The resource an IRI names, if it is one of ours: ``<base>id/<kind>/<slug>``, both plain
        path segments (RFC 3986's unreserved characters, no dot segment: the same in a URL and a
        file name)."""
        if not isinstance(term, ox.NamedNode) or not term.value.startswith(self.base + "id/"):
            return None
        kind, _, slug = term.value[len(self.base) + 3 :].partition("/")
        return Resource(kind, slug, term.value) if is_segment(kind) and is_segment(slug) else None

    def find(self, doc: str) -> Resource | None:
        """The resource whose description is at ``doc/<kind>/<slug>`` (no extension), if the data has it."""
        return self._by_doc.get(doc)

    def of_kind(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.kind == kind]

    def objects(self, subject: str, predicate: ox.NamedNode) -> list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
        """The values of one property of a subject (an IRI), sorted as text."""
        found = self.store.quads_for_pattern(ox.NamedNode(subject), predicate, None, ox.DefaultGraph())
        return sorted((q.object for q in found), key=str)

    def label(self, iri: str) -> str:
        """What to call a resource: its first label (English first, then untagged), else its slug
        (ours) or its IRI."""
        for prop in LABELS:
            values = [v for v in self.objects(iri, prop) if isinstance(v, ox.Literal)]
            if values:
                values.sort(key=lambda v: (v.language not in (None, "en"), v.value))
                return values[0].value
        resource = self.resource_of(ox.NamedNode(iri))
        return resource.slug if resource else iri

    def description(self, resource: Resource) -> list[ox.Triple]:
        """The triples a description of the resource holds (see the module's docstring), sorted."""
        node = ox.NamedNode(resource.iri)
        own = list(self._closure(node))
        linked = {t.object for t in own if isinstance(t.object, ox.NamedNode)}
        incoming = [q.triple for q in self.store.quads_for_pattern(None, None, node, ox.DefaultGraph())]
        linked |= {t.subject for t in incoming if isinstance(t.subject, ox.NamedNode)}
        context = [
            q.triple
            for other in linked - {node}
            for prop in (RDF_TYPE, *LABELS)
            for q in self.store.quads_for_pattern(other, prop, None, ox.DefaultGraph())
        ]
        return _sorted([*own, *incoming, *context])

    def _closure(self, node: ox.NamedNode | ox.BlankNode) -> Iterator[ox.Triple]:
        """The node's triples and, for each blank node among their objects, its own (a blank
        node is known only through the resource that holds it)."""
        seen: set[ox.BlankNode] = set()
        todo: list[ox.NamedNode | ox.BlankNode] = [node]
        while todo:
            for quad in self.store.quads_for_pattern(todo.pop(), None, None, ox.DefaultGraph()):
                yield quad.triple
                if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                    seen.add(quad.object)
                    todo.append(quad.object)

    def prefixes(self) -> dict[str, str]:
        return prefixes(self.base)

    def serialize(self, triples: Sequence[ox.Triple], fmt: Format) -> bytes:
        """Sorted triples in one of :data:`RDF_FORMATS`, byte-identical for the same triples:
        Turtle with our prefixes (those used), JSON-LD compacted with our context, N-Triples
        sorted, RDF/XML as pyoxigraph writes it."""
        lines = [f"{t} .\n" for t in triples]
        if fmt.extension == ".nt":
            return "".join(lines).encode("utf-8")
        if fmt.extension == ".ttl":
            used = used_prefixes(self.prefixes(), namespaces_of(re.findall(r"<([^>]*)>", "".join(lines))))
            return turtle(lines, used).encode("utf-8")
        if fmt.extension == ".jsonld":
            return records_text(node_records(triples)).encode("utf-8")
        if fmt.extension == ".rdf":
            body = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=self.prefixes())
            assert body is not None  # no output file given: the bytes come back
            return body
        raise ValueError(f"not an RDF format: {fmt.name}")


#: What a kind or a slug may be: RFC 3986's unreserved characters, the same in a URL and a file
#: name (the site writes no other, and its server configurations match no other).
SEGMENT = "[A-Za-z0-9._~-]+"


def is_segment(name: str) -> bool:
    """Whether a name is a plain path segment: unreserved characters, not a dot segment."""
    return bool(re.fullmatch(SEGMENT, name)) and name not in (".", "..")


def _base_of(store: ox.Store) -> str | None:
    """The base a dataset's IRI is minted under, if the data holds exactly one dataset."""
    bases = {
        match.group("base")
        for quad in store.quads_for_pattern(None, RDF_TYPE, _VOID_DATASET, ox.DefaultGraph())
        if isinstance(quad.subject, ox.NamedNode) and (match := _DATASET_IRI.match(quad.subject.value))
    }
    return bases.pop() if len(bases) == 1 else None
