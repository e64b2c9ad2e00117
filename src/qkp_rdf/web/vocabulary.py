"""The ontology as the pages read it: every class and property with its label, comment and
Wikidata correspondence, from the copy of ``ontology/qkp.ttl`` the package ships
(``qkp_rdf/data/ontology.ttl``; a test keeps the two equal)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from ..vocab import prefixes
from .facts import iri
from .resources import RDF_TYPE

_WIKIDATA_PROPERTY = iri("qkp:wikidataProperty")
_CLOSE_MATCH = iri("skos:closeMatch")
_KINDS = {  # what a term is declared as -> the heading it is listed under
    "http://www.w3.org/2002/07/owl#Class": "Classes",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "Object properties",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "Datatype properties",
    "http://www.w3.org/2002/07/owl#AnnotationProperty": "Annotation properties",
}
REUSED = "Reused terms"  # declared elsewhere; the ontology says how qkp data uses them
SECTIONS = (*_KINDS.values(), REUSED)


def ontology_text() -> str:
    """The ontology's Turtle, as the package ships it."""
    return files("qkp_rdf").joinpath("data/ontology.ttl").read_text("utf-8")


@dataclass(frozen=True)
class Entry:
    """One term of the vocabulary as ``ontology.html`` lists it."""

    iri: str
    name: str  # its prefixed name, qkp:TermOfOffice
    anchor: str  # its id on the page
    section: str
    label: str | None
    comment: str | None
    wikidata: tuple[str, ...]  # Wikidata entity IRIs
    broader: tuple[str, ...]  # prefixed names of its super-classes or super-properties
    domain: tuple[str, ...]
    range: tuple[str, ...]


@dataclass(frozen=True)
class Ontology:
    iri: str
    title: str | None
    description: str | None
    comment: str | None
    version: str | None
    entries: tuple[Entry, ...]

    def section(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.section == name]


def compact(name: str) -> str:
    """A prefixed name for a vocabulary IRI (the IRI itself when no prefix fits)."""
    for prefix, namespace in sorted(prefixes().items(), key=lambda p: -len(p[1])):
        if name.startswith(namespace) and len(name) > len(namespace):
            return f"{prefix}:{name[len(namespace):]}"
    return name


@cache
def ontology() -> Ontology:
    """The shipped ontology, read once (it is package data: the same for every page)."""
    store = ox.Store()
    store.load(ontology_text(), format=ox.RdfFormat.TURTLE)

    def values(subject: ox.NamedNode, prop: ox.NamedNode) -> list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
        return sorted((q.object for q in store.quads_for_pattern(subject, prop, None)), key=str)

    def english(subject: ox.NamedNode, *props: str) -> str | None:
        for prop in props:
            found = [v for v in values(subject, iri(prop)) if isinstance(v, ox.Literal)]
            found.sort(key=lambda v: (v.language not in (None, "en"), v.value))
            if found:
                return found[0].value
        return None

    def named(subject: ox.NamedNode, *props: ox.NamedNode) -> tuple[str, ...]:
        return tuple(sorted({v.value for prop in props for v in values(subject, prop) if isinstance(v, ox.NamedNode)}))

    header = next(q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")))
    assert isinstance(header, ox.NamedNode)  # the ontology's header is named: a test checks which
    subjects = {q.subject for q in store if isinstance(q.subject, ox.NamedNode) and q.subject != header}
    entries = []
    for subject in sorted(subjects, key=lambda s: s.value):
        assert isinstance(subject, ox.NamedNode)
        declared = [_KINDS[t] for t in named(subject, RDF_TYPE) if t in _KINDS]
        name = compact(subject.value)
        wikidata = tuple(w for w in named(subject, _WIKIDATA_PROPERTY, _CLOSE_MATCH) if w.startswith("http://www.wikidata.org/entity/"))
        entries.append(
            Entry(
                iri=subject.value,
                name=name,
                anchor=name.removeprefix("qkp:").replace(":", "-"),
                section=declared[0] if declared else REUSED,
                label=english(subject, "rdfs:label"),
                comment=english(subject, "rdfs:comment", "skos:scopeNote"),
                wikidata=wikidata,
                broader=tuple(compact(n) for n in named(subject, iri("rdfs:subClassOf"), iri("rdfs:subPropertyOf"))),
                domain=tuple(compact(n) for n in named(subject, iri("rdfs:domain"))),
                range=tuple(compact(n) for n in named(subject, iri("rdfs:range"))),
            )
        )
    entries.sort(key=lambda e: (SECTIONS.index(e.section), e.name.casefold()))
    return Ontology(
        iri=header.value,
        title=english(header, "dcterms:title"),
        description=english(header, "dcterms:description"),
        comment=english(header, "rdfs:comment"),
        version=english(header, "owl:versionInfo"),
        entries=tuple(entries),
    )
