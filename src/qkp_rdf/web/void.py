"""What the site says about itself: the dataset description at ``.well-known/void`` (VoID and
DCAT), the dumps it describes, the sitemap, and the ontology it publishes.

The description is for crawlers and catalogues, so every IRI in it is absolute under the base the
site is served at: the dumps at ``<base>qkp.ttl`` …, the description itself at
``<base>.well-known/void``, its partitions and distributions as fragments of that. It has no blank
nodes (see the design's pitfalls: rdflib's JSON-LD loses them, and their labels would make two
builds differ). The counts are taken from the store here, by walking its triples; the tests check
them against SPARQL ``COUNT`` queries.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pyoxigraph as ox

from ..jsonld import node_records, records_text
from ..ntriples import namespaces_of
from ..rdfio import JSON_LD, N_TRIPLES, TURTLE, Syntax, turtle, used_prefixes
from ..vocab import PREFIXES
from .resources import RDF_TYPE, Data

#: Where the dataset description is, under the base (RFC 8615; VoID's "well-known" location).
VOID_PATH = ".well-known/void"
#: The licence of the encyclopedia articles the data is derived from, and so of the data.
LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"

_VOID = "http://rdfs.org/ns/void#"
_DCAT = "http://www.w3.org/ns/dcat#"
_DCT = "http://purl.org/dc/terms/"
_SPDX = "http://spdx.org/rdf/terms#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PROV = "http://www.w3.org/ns/prov#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_FOAF = "http://xmlns.com/foaf/0.1/"
#: DCAT 3 names a media type by its IANA registry IRI.
_IANA = "https://www.iana.org/assignments/media-types/"
#: The prefixes the description is written with (its own vocabularies; the data's are in vocab).
_PREFIXES = {"void": _VOID, "dcat": _DCAT, "dcterms": _DCT, "spdx": _SPDX, "xsd": _XSD, "foaf": _FOAF, "rdf": _RDF}
#: The kinds whose first resource is named as a void:exampleResource, in this order.
_EXAMPLE_KINDS = ("party", "post", "person", "term", "event")


@dataclass(frozen=True)
class Dump:
    """One file of the whole data: its name under the base and its syntax."""

    file: str
    syntax: Syntax


#: The dumps, in the order they are listed (the build's own files: qkp.ttl, qkp.jsonld, qkp.nt).
DUMPS = (Dump("qkp" + TURTLE.extensions[0], TURTLE), Dump("qkp" + JSON_LD.extensions[0], JSON_LD), Dump("qkp" + N_TRIPLES.extensions[0], N_TRIPLES))


def _lines(data: Data) -> list[str]:
    """Every triple of the data as a canonical N-Triples line, sorted as the build sorts them."""
    return sorted(f"{q.triple} .\n" for q in data.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def dumps(data: Data) -> dict[str, bytes]:
    """The whole data in each of :data:`DUMPS`, written as the build writes its files: sorted
    N-Triples, Turtle with the prefixes used, JSON-LD compacted node by node. The same store gives
    the same bytes (they come from the store, whose literals may be canonical forms of the input's)."""
    lines = _lines(data)
    used = used_prefixes(data.prefixes(), namespaces_of(re.findall(r"<([^>]*)>", "".join(lines))))
    triples = sorted((q.triple for q in data.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), key=lambda t: f"{t} .\n")
    texts = {TURTLE: turtle(lines, used), JSON_LD: records_text(node_records(triples)), N_TRIPLES: "".join(lines)}
    return {dump.file: texts[dump.syntax].encode("utf-8") for dump in DUMPS}


@dataclass(frozen=True)
class Statistics:
    """The counts VoID gives: triples, entities (IRIs under the URI space that are subjects),
    distinct subjects of each class, triples of each property."""

    triples: int
    entities: int
    classes: dict[str, int]
    properties: dict[str, int]


def statistics(data: Data) -> Statistics:
    """The data's counts, from one walk over its triples."""
    space = data.base + "id/"
    triples = 0
    entities: set[str] = set()
    typed: dict[str, set[str]] = {}
    properties: Counter[str] = Counter()
    for quad in data.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        triples += 1
        properties[quad.predicate.value] += 1
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(space):
            entities.add(subject.value)
        if quad.predicate == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            typed.setdefault(quad.object.value, set()).add(str(subject))
    classes = {c: len(s) for c, s in sorted(typed.items())}
    return Statistics(triples, len(entities), classes, dict(sorted(properties.items())))


def dataset_iri(data: Data) -> str:
    """The dataset's IRI: the void:Dataset the data describes under the base (the first, should
    there be several), else the description's own ``#dataset``."""
    ours = sorted(
        q.subject.value
        for q in data.store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(_VOID + "Dataset"), ox.DefaultGraph())
        if isinstance(q.subject, ox.NamedNode) and data.resource_of(q.subject) is not None
    )
    return ours[0] if ours else f"{data.base}{VOID_PATH}#dataset"


def _fragment(what: str, iri: str) -> str:
    """A readable, stable fragment for a partition: ``class-foaf-Person``, else a hash of the IRI."""
    for prefix, namespace in sorted(PREFIXES.items()):
        local = iri[len(str(namespace)) :]
        if iri.startswith(str(namespace)) and re.fullmatch(r"[A-Za-z0-9_]+", local):
            return f"{what}-{prefix}-{local}"
    return f"{what}-{hashlib.sha256(iri.encode('utf-8')).hexdigest()[:16]}"


def _vocabularies(stats: Statistics) -> list[str]:
    """The namespaces of our prefix table that the data's properties and classes are in."""
    used = namespaces_of([*stats.classes, *stats.properties])
    return sorted(str(ns) for ns in PREFIXES.values() if str(ns) in used)


class _Triples:
    """The description's triples as canonical N-Triples lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, subject: str, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        self.lines.append(f"{ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), obj)} .\n")

    def iri(self, subject: str, predicate: str, obj: str) -> None:
        self.add(subject, predicate, ox.NamedNode(obj))

    def number(self, subject: str, predicate: str, value: int, datatype: str = "integer") -> None:
        self.add(subject, predicate, ox.Literal(str(value), datatype=ox.NamedNode(_XSD + datatype)))


def _first(data: Data, subject: str, predicate: str) -> ox.Literal | None:
    values = [v for v in data.objects(subject, ox.NamedNode(predicate)) if isinstance(v, ox.Literal)]
    values.sort(key=lambda v: (v.language not in (None, "en"), v.value))
    return values[0] if values else None


def void_description(data: Data, files: Mapping[str, bytes], *, sparql: str | None = None) -> str:
    """The dataset description (Turtle): VoID counts and partitions, a DCAT distribution for each
    dump in ``files`` (name under the base -> its bytes: size and SHA-256 are of these), the
    licence, the articles it was derived from, and the SPARQL endpoint when there is one."""
    base, stats = data.base, statistics(data)
    doc, dataset = base + VOID_PATH, dataset_iri(data)
    out = _Triples()
    out.iri(doc, _RDF + "type", _VOID + "DatasetDescription")
    out.iri(doc, _FOAF + "primaryTopic", dataset)
    for kind in (_VOID + "Dataset", _DCAT + "Dataset"):
        out.iri(dataset, _RDF + "type", kind)
    title = _first(data, dataset, _DCT + "title") or ox.Literal("qkp-rdf dataset", language="en")
    out.add(doc, _DCT + "title", ox.Literal(f"Description of the dataset {title.value}", language="en"))
    out.add(dataset, _DCT + "title", title)
    described = _first(data, dataset, _DCT + "description")
    out.add(dataset, _DCT + "description", described or ox.Literal(
        f"{title.value}: linked data built by qkp-rdf from encyclopedia articles; {stats.triples} triples about {stats.entities} resources.", language="en",
    ))
    generated = _first(data, dataset, _PROV + "generatedAtTime")
    if generated is not None:
        out.add(dataset, _DCT + "modified", generated)
    out.iri(dataset, _DCT + "license", LICENSE)
    for source in data.objects(dataset, ox.NamedNode(_PROV + "wasDerivedFrom")):
        if isinstance(source, ox.NamedNode):
            out.iri(dataset, _DCT + "source", source.value)
    out.iri(dataset, _DCAT + "landingPage", base)
    out.add(dataset, _VOID + "uriSpace", ox.Literal(base + "id/"))
    for namespace in _vocabularies(stats):
        out.iri(dataset, _VOID + "vocabulary", namespace)
    for kind in _EXAMPLE_KINDS:
        if found := data.of_kind(kind):
            out.iri(dataset, _VOID + "exampleResource", found[0].iri)
    if sparql:
        out.iri(dataset, _VOID + "sparqlEndpoint", sparql)
    out.number(dataset, _VOID + "triples", stats.triples)
    out.number(dataset, _VOID + "entities", stats.entities)
    for what, counts, unit, term in (("class", stats.classes, "entities", "classPartition"), ("property", stats.properties, "triples", "propertyPartition")):
        for iri, count in counts.items():
            partition = f"{doc}#{_fragment(what, iri)}"
            out.iri(dataset, _VOID + term, partition)
            out.iri(partition, _VOID + what, iri)
            out.number(partition, _VOID + unit, count)
    for dump in DUMPS:
        if dump.file in files:
            _distribution(out, dataset, f"{doc}#dump-{dump.syntax.extensions[0][1:]}", base + dump.file, dump.syntax, files[dump.file])
    lines = sorted(set(out.lines))
    return turtle(lines, used_prefixes({**data.prefixes(), **_PREFIXES}, namespaces_of(re.findall(r"<([^>]*)>", "".join(lines)))))


def _distribution(out: _Triples, dataset: str, node: str, url: str, syntax: Syntax, body: bytes) -> None:
    out.iri(dataset, _VOID + "dataDump", url)
    out.iri(dataset, _DCAT + "distribution", node)
    out.iri(node, _RDF + "type", _DCAT + "Distribution")
    out.add(node, _DCT + "title", ox.Literal(f"The whole dataset as {syntax.name}", language="en"))
    out.iri(node, _DCAT + "downloadURL", url)
    out.iri(node, _DCAT + "accessURL", url)
    out.iri(node, _DCAT + "mediaType", _IANA + syntax.media_type)
    out.iri(node, _DCT + "license", LICENSE)
    out.number(node, _DCAT + "byteSize", len(body), "nonNegativeInteger")
    checksum = node + "-sha256"
    out.iri(node, _SPDX + "checksum", checksum)
    out.iri(checksum, _RDF + "type", _SPDX + "Checksum")
    out.iri(checksum, _SPDX + "algorithm", _SPDX + "checksumAlgorithm_sha256")
    out.add(checksum, _SPDX + "checksumValue", ox.Literal(hashlib.sha256(body).hexdigest(), datatype=ox.NamedNode(_XSD + "hexBinary")))


def sitemap(base: str, pages: Iterable[str]) -> str:
    """A sitemap (sitemaps.org 0.9) of pages given by their paths under the base; ``index.html``
    is listed as the base itself, as it is served."""
    urls = sorted({base if page == "index.html" else base + page for page in pages})
    entries = "".join(f"  <url><loc>{escape(url)}</loc></url>\n" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'

