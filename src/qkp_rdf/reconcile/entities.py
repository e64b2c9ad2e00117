"""What reconciliation needs from our graph: people, parties and posts, their names, dates and links."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from ..dates import PartialDate, lexical_date
from ..vocab import OPENGOV, ORG, QKP, SCHEMA


class Kind(str, Enum):
    PERSON = "person"
    PARTY = "party"
    POST = "post"


class Relation(str, Enum):
    """A link between two of our entities that Wikidata can state too."""

    PARENT = "parent organization"
    SUCCESSOR = "successor"
    POST_IN = "post of"


@dataclass(frozen=True)
class Term:
    """One term of office, as the published graph states it."""

    iri: str
    post: str
    position: int  # the place in the post's series (qkp:position)
    ordinal: int | None  # the source's own number, when it has one
    start: PartialDate | None
    end: PartialDate | None
    approximate: bool
    previous_holder: str | None
    next_holder: str | None
    article: str | None

    @property
    def number(self) -> str:
        """How a person would name the term: its ordinal, else its place in the series."""
        return str(self.ordinal) if self.ordinal is not None else f"#{self.position}"


@dataclass(frozen=True)
class Entity:
    """A person, party or post to link to a Wikidata item."""

    iri: str
    kind: Kind
    label: str
    #: (text, language tag or "") of every name the graph gives it, its aliases too.
    names: tuple[tuple[str, str], ...]
    terms: tuple[Term, ...] = ()
    founded: PartialDate | None = None
    dissolved: PartialDate | None = None
    #: (relation, other entity): this entity's parent, successors, or the party a post belongs to.
    links: tuple[tuple[Relation, str], ...] = field(default=())
    #: The names the graph gives only as aliases (``skos:altLabel``: "Agniev" for Pyotr Agniashvili).
    aliases: tuple[str, ...] = ()
    #: A person's birth and death (``schema:birthDate``, ``schema:deathDate``), at the precision given.
    born: PartialDate | None = None
    died: PartialDate | None = None


_NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name, QKP.formerName)
_SUCCESSOR_PROPERTIES = (QKP.successor, QKP.deJureSuccessor, QKP.deFactoSuccessor)


def _date(node: Node | None) -> PartialDate | None:
    """The date a literal holds (``1937-04-23``, ``1930-05``, ``1936``), or None if it holds none."""
    return lexical_date(str(node)) if isinstance(node, Literal) else None


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return min(graph.objects(subject, predicate), default=None, key=str)


def _names(graph: Graph, node: URIRef) -> tuple[tuple[str, str], ...]:
    names = {(str(o), o.language or "") for p in _NAME_PROPERTIES for o in graph.objects(node, p) if isinstance(o, Literal)}
    return tuple(sorted(names))


def _aliases(graph: Graph, node: URIRef) -> tuple[str, ...]:
    """The texts of ``skos:altLabel`` that no other name property gives too."""
    other = {str(o) for p in _NAME_PROPERTIES if p != SKOS.altLabel for o in graph.objects(node, p) if isinstance(o, Literal)}
    return tuple(sorted({str(o) for o in graph.objects(node, SKOS.altLabel) if isinstance(o, Literal)} - other))


def _label(graph: Graph, node: URIRef) -> str:
    """The name to show: the preferred label, else the label, else the name; English or untagged first."""
    for p in (SKOS.prefLabel, RDFS.label, FOAF.name):
        found = sorted((o for o in graph.objects(node, p) if isinstance(o, Literal)), key=lambda o: (o.language not in ("en", None), o.language or "", str(o)))
        if found:
            return str(found[0])
    return str(node)


def _article(graph: Graph, node: Node) -> str | None:
    """The article a term was read from: along prov:wasDerivedFrom, then dcterms:isPartOf."""
    seen: set[Node] = set()
    frontier = list(graph.objects(node, PROV.wasDerivedFrom))
    while frontier:
        current = frontier.pop()
        if current in seen:
            continue
        seen.add(current)
        if (current, RDF.type, SCHEMA.Article) in graph:
            return str(current)
        frontier += graph.objects(current, DCTERMS.isPartOf)
    return None


def _terms(graph: Graph) -> dict[str, list[Term]]:
    by_holder: dict[str, list[Term]] = {}
    for t in graph.subjects(RDF.type, QKP.TermOfOffice):
        holder, post, position = _one(graph, t, ORG.member), _one(graph, t, OPENGOV.post), _one(graph, t, QKP.position)
        if holder is None or post is None or not isinstance(position, Literal):
            continue
        ordinal = _one(graph, t, QKP.ordinal)
        previous, following = _one(graph, t, QKP.previousTerm), _one(graph, t, QKP.nextTerm)
        term = Term(
            iri=str(t),
            post=str(post),
            position=int(position.toPython()),
            ordinal=int(ordinal.toPython()) if isinstance(ordinal, Literal) else None,
            start=_date(_one(graph, t, SCHEMA.validFrom)),
            end=_date(_one(graph, t, SCHEMA.validThrough)),
            approximate=any(graph.value(t, p) == Literal(True) for p in (QKP.startApproximate, QKP.endApproximate)),
            previous_holder=str(_one(graph, previous, ORG.member)) if previous is not None else None,
            next_holder=str(_one(graph, following, ORG.member)) if following is not None else None,
            article=_article(graph, t),
        )
        by_holder.setdefault(str(holder), []).append(term)
    return by_holder


def _org_date(graph: Graph, org: URIRef, stated: URIRef, link: URIRef, event: URIRef) -> PartialDate | None:
    """A founding or dissolution date: stated on the organization, else the date of a change event
    of that kind linked to it (a successor's founding is the event that created it)."""
    direct = _date(_one(graph, org, stated))
    if direct is not None:
        return direct
    events = [e for e in graph.subjects(link, org) if (e, RDF.type, event) in graph]
    dates = [d for d in (_date(_one(graph, e, DCTERMS.date)) for e in events) if d is not None]
    return min(dates, key=lambda d: (d.year, d.month or 0, d.day or 0), default=None)


def entities(graph: Graph) -> list[Entity]:
    """Every person, organization and post in the graph, sorted by IRI."""
    found: list[Entity] = []
    terms = _terms(graph)
    people = {s for s in graph.subjects(RDF.type, FOAF.Person) if isinstance(s, URIRef)}
    orgs = {s for c in (ORG.FormalOrganization, ORG.Organization, QKP.PoliticalParty) for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    posts = {s for s in graph.subjects(RDF.type, ORG.Post) if isinstance(s, URIRef)}
    for person in people:
        names = _names(graph, person)
        held = tuple(sorted(terms.get(str(person), []), key=lambda t: (t.post, t.position)))
        found.append(Entity(str(person), Kind.PERSON, _label(graph, person), names, terms=held, aliases=_aliases(graph, person),
                            born=_date(_one(graph, person, SCHEMA.birthDate)), died=_date(_one(graph, person, SCHEMA.deathDate))))
    for org in orgs - people:
        names = _names(graph, org)
        links = [(Relation.PARENT, str(o)) for o in graph.objects(org, ORG.subOrganizationOf)]
        links += [(Relation.SUCCESSOR, str(o)) for p in _SUCCESSOR_PROPERTIES for o in graph.objects(org, p)]
        found.append(Entity(str(org), Kind.PARTY, _label(graph, org), names, aliases=_aliases(graph, org), founded=_org_date(graph, org, SCHEMA.foundingDate, ORG.resultingOrganization, ORG.ChangeEvent),
                            dissolved=_org_date(graph, org, SCHEMA.dissolutionDate, ORG.originalOrganization, QKP.Dissolution), links=tuple(sorted(set(links)))))
    for post in posts - people - orgs:
        names = _names(graph, post)
        links = sorted({(Relation.POST_IN, str(o)) for o in graph.objects(post, ORG.postIn)})
        found.append(Entity(str(post), Kind.POST, _label(graph, post), names, aliases=_aliases(graph, post), links=tuple(links)))
    return sorted(found, key=lambda e: e.iri)


def languages(graph: Graph) -> tuple[str, ...]:
    """English, Russian, and every language the graph's names are tagged with (Kazakh for `kk` and `kk-Latn`).

    Wikidata's language codes are lower case; a tag with a script or region also gives its
    language alone (`kk-Latn`: `kk-latn` and `kk`)."""
    tags = {"en", "ru"}
    for p in _NAME_PROPERTIES:
        for o in graph.objects(None, p):
            if isinstance(o, Literal) and o.language:
                tag = o.language.lower()
                tags |= {tag, tag.split("-")[0]}
    return tuple(sorted(tags))
