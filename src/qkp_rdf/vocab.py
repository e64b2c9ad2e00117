"""Namespaces used in the published graph, and the one table of the prefixes its files use."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from .ids import VOCABULARY

QKP = Namespace(VOCABULARY)
ORG = Namespace("http://www.w3.org/ns/org#")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
SCHEMA = Namespace("http://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Every `<kind>` the minter uses in `<base>id/<kind>/<slug>`.
RESOURCE_KINDS = (
    "dataset", "article", "section", "excerpt", "party", "post", "person", "term", "event", "claim",
    "ideology", "place", "logo", "page", "periodical", "committee", "interruption",
)

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "qkp": QKP,
    "org": ORG,
    "opengov": OPENGOV,
    "foaf": FOAF,
    "schema": SCHEMA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "void": VOID,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}


def prefixes(base: str | None = None) -> dict[str, str]:
    """Every prefix the published files may use: the project's, and one per kind of resource
    under ``base`` (``person:levon-mirzoyan``: Turtle's prefixed names cannot hold the `/` of
    `id/person/`)."""
    table = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if base:
        table.update({kind: f"{base}id/{kind}/" for kind in RESOURCE_KINDS})
    return table
