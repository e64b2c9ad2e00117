"""Pure functions from the domain model to triples under the ontology.

Each concern has its own function (party, post, people, terms, succession, provenance);
all IRIs come from :class:`~qkp_rdf.ids.Minter`. Nothing here builds a Graph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .dates import Decade, PartialDate, Precision, duration_between
from .document import Article
from .ids import Minter
from .model import ArticleModel, EventKind, Org, Party, Person, Source, SourceKind, SuccessionKind, Term
from .vocab import OPENGOV, ORG, QKP, SCHEMA, VOID

Triple = tuple[URIRef, URIRef, Node]

_XSD_BY_PRECISION = {Precision.DAY: XSD.date, Precision.MONTH: XSD.gYearMonth, Precision.YEAR: XSD.gYear}
_EVENT_CLASS = {EventKind.FOUNDING: QKP.Founding, EventKind.DISSOLUTION: QKP.Dissolution, EventKind.SUCCESSION: QKP.SuccessorCreation}
_EXCERPT_CLASS = {SourceKind.ROW: QKP.TableRow, SourceKind.SENTENCE: QKP.Sentence, SourceKind.INFOBOX: QKP.InfoboxEntry}
_SUCCESSOR_PROPERTY = {
    SuccessionKind.DE_JURE: QKP.deJureSuccessor,
    SuccessionKind.DE_FACTO: QKP.deFactoSuccessor,
    SuccessionKind.UNSPECIFIED: QKP.successor,
}


def date_literal(date: PartialDate) -> Literal:
    """A date at its source precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return Literal(date.isoformat(), datatype=_XSD_BY_PRECISION[date.precision])


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def map_party(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """The party: its names in every script, dates, parent, ideologies, countries, logos, leaders."""
    party = model.party
    p = URIRef(mint.party(party))
    # Typed org:Organization too, the class posts and terms point at, whichever kind it is.
    yield p, RDF.type, ORG.Organization
    if party.kind == "committee":
        yield p, RDF.type, ORG.OrganizationalUnit
    else:
        yield p, RDF.type, ORG.FormalOrganization
        yield p, RDF.type, QKP.PoliticalParty
    yield p, RDFS.label, en(party.name)
    yield p, SKOS.prefLabel, en(party.name)
    if party.native_name and party.native_language:
        yield p, RDFS.label, Literal(party.native_name, lang=party.native_language.lower())
        if party.transliteration:
            yield p, RDFS.label, Literal(party.transliteration, lang=f"{party.native_language.lower()}-latn")
    for former in party.former_names:
        yield p, QKP.formerName, en(former)
    if party.abbreviation:
        yield p, QKP.abbreviation, Literal(party.abbreviation)
    if party.founded:
        yield p, SCHEMA.foundingDate, date_literal(party.founded)
    if party.dissolved:
        yield p, SCHEMA.dissolutionDate, date_literal(party.dissolved)
    if party.parent:
        yield from _org(party.parent, mint, party)
        yield p, ORG.unitOf if party.kind == "committee" else ORG.subOrganizationOf, URIRef(mint.org(party.parent, party))
    for predecessor in party.predecessors:
        yield from _org(predecessor, mint, party)
        yield p, QKP.predecessor, URIRef(mint.org(predecessor, party))
    for ideology in party.ideologies:
        concept = URIRef(mint.concept("ideology", ideology))
        yield concept, RDF.type, SKOS.Concept
        yield concept, SKOS.prefLabel, en(ideology)
        yield p, QKP.ideology, concept
    for country in party.countries:
        place = URIRef(mint.concept("place", country))
        yield place, RDF.type, SCHEMA.Country
        yield place, RDFS.label, en(country)
        yield p, QKP.country, place
    if party.headquarters:
        place = URIRef(mint.concept("place", party.headquarters))
        yield place, RDF.type, SCHEMA.Place
        yield place, RDFS.label, en(party.headquarters)
        yield p, QKP.headquarters, place
    if party.newspaper:
        paper = URIRef(mint.concept("periodical", party.newspaper))
        yield paper, RDF.type, SCHEMA.Periodical
        yield paper, RDFS.label, en(party.newspaper)
        yield p, QKP.newspaper, paper
    for logo in party.logos:
        image = URIRef(mint.concept("logo", logo.name))
        yield image, RDF.type, SCHEMA.ImageObject
        yield image, RDFS.label, en(logo.name)
        if logo.start_year is not None:
            yield image, SCHEMA.startDate, Literal(f"{logo.start_year:04d}", datatype=XSD.gYear)
        if logo.end_year is not None:
            yield image, SCHEMA.endDate, Literal(f"{logo.end_year:04d}", datatype=XSD.gYear)
        yield p, SCHEMA.logo, image
    for leader in party.leaders:
        # Wikipedia's party infobox titles its leaders "First leader", "Founder", "Last leader".
        title = leader.title.lower()
        prop = QKP.firstLeader if re.fullmatch(r"(?:first|founding) leader|founder", title) else QKP.lastLeader if title == "last leader" else QKP.leader
        yield from _person(Person(leader.name), mint)
        yield p, prop, URIRef(mint.person(leader.name))
    for page in party.see_also:
        target = URIRef(mint.concept("page", page))
        yield target, RDF.type, FOAF.Document
        yield target, RDFS.label, en(page)
        yield p, RDFS.seeAlso, target
    yield p, PROV.wasDerivedFrom, URIRef(mint.article(model.article))


def _org(org: Org, mint: Minter, party: Party) -> Iterator[Triple]:
    o = URIRef(mint.org(org, party))
    yield o, RDF.type, ORG.FormalOrganization
    yield o, RDFS.label, en(org.name)
    if org.abbreviation:
        yield o, QKP.abbreviation, Literal(org.abbreviation)


def _person(who: Person, mint: Minter) -> Iterator[Triple]:
    person = URIRef(mint.person(who.name))
    yield person, RDF.type, FOAF.Person
    yield person, FOAF.name, Literal(who.name)
    yield person, RDFS.label, Literal(who.name)
    if who.birth:
        yield person, SCHEMA.birthDate, date_literal(who.birth)
    if who.death:
        yield person, SCHEMA.deathDate, date_literal(who.death)
    for alias in who.aliases:
        yield person, SKOS.altLabel, Literal(alias)


def map_posts(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Each office of the party (e.g. First Secretary), an org:Post in the party."""
    party = URIRef(mint.party(model.party))
    for post in model.posts:
        iri = URIRef(mint.post(model.party, post))
        yield iri, RDF.type, ORG.Post
        yield iri, RDFS.label, en(f"{post.label} of the {model.party.name}")
        yield iri, ORG.postIn, party
        yield iri, PROV.wasDerivedFrom, URIRef(mint.section(model.article, post.section))
    for life in model.post_lives:
        iri = URIRef(mint.post(model.party, life.post))
        if life.created:
            yield iri, SCHEMA.startDate, date_literal(life.created)
        if life.abolished:
            yield iri, SCHEMA.endDate, date_literal(life.abolished)
        for source in life.sources:
            yield iri, PROV.wasDerivedFrom, URIRef(mint.excerpt(model.article, source))
    for gap in model.interruptions:
        iri = URIRef(mint.interruption(model.party, gap.post, gap.label))
        yield URIRef(mint.post(model.party, gap.post)), QKP.interruption, iri
        yield iri, RDF.type, QKP.Interruption
        yield iri, RDFS.label, en(gap.label)
        if gap.start:
            yield iri, SCHEMA.startDate, date_literal(gap.start)
        if gap.end:
            yield iri, SCHEMA.endDate, date_literal(gap.end)
        yield iri, PROV.wasDerivedFrom, URIRef(mint.excerpt(model.article, gap.source))


def map_people(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Every office holder once, however many terms they served, and the posts they held."""
    for person in model.people:
        yield from _person(person, mint)
    for term in model.terms:
        if term.holder:
            yield URIRef(mint.person(term.holder.name)), ORG.holds, URIRef(mint.post(model.party, term.post))


def map_terms(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Terms of office: holder, post, party, dates, ordinal, neighbours, description, provenance."""
    party = URIRef(mint.party(model.party))
    for post in model.posts:
        terms = sorted((t for t in model.terms if t.post == post), key=lambda t: t.position)
        for index, term in enumerate(terms):
            t = URIRef(mint.term(model.party, post, term.position))
            yield t, RDF.type, QKP.TermOfOffice
            who = term.holder.name if term.holder else "Unknown holder"
            number = f"no. {term.ordinal}" if term.ordinal is not None else f"term {term.position}"
            yield t, RDFS.label, en(f"{who}, {post.label} of the {model.party.name} ({number})")
            if term.holder:
                yield t, ORG.member, URIRef(mint.person(term.holder.name))
            else:
                yield t, QKP.holderUnknown, Literal(True)
            yield t, OPENGOV.post, URIRef(mint.post(model.party, post))
            yield t, ORG.organization, party
            yield t, QKP.position, Literal(term.position, datatype=XSD.integer)
            if term.ordinal is not None:
                yield t, QKP.ordinal, Literal(term.ordinal, datatype=XSD.integer)
            if term.role:
                yield t, QKP.role, en(term.role)
            yield from _term_dates(t, term)
            if index > 0:
                yield t, QKP.previousTerm, URIRef(mint.term(model.party, post, terms[index - 1].position))
            if index + 1 < len(terms):
                yield t, QKP.nextTerm, URIRef(mint.term(model.party, post, terms[index + 1].position))
            if term.description:
                yield t, SCHEMA.description, en(term.description)
            if term.time_in_office_text:
                yield t, QKP.timeInOfficeAsWritten, en(term.time_in_office_text)
            if term.stated_time_in_office:
                yield t, QKP.statedTimeInOffice, Literal(term.stated_time_in_office.isoformat(), datatype=XSD.duration)
            yield t, PROV.wasDerivedFrom, URIRef(mint.excerpt(model.article, term.source))


def _term_dates(t: URIRef, term: Term) -> Iterator[Triple]:
    yield from _term_date(t, term.start, SCHEMA.validFrom, QKP.startApproximate, QKP.startUncertain, QKP.earliestStart, QKP.latestStart)
    if term.start is None:
        yield t, QKP.startUnknown, Literal(True)
    yield from _term_date(t, term.end, SCHEMA.validThrough, QKP.endApproximate, QKP.endUncertain, QKP.earliestEnd, QKP.latestEnd)
    if term.incumbent:
        yield t, QKP.incumbent, Literal(True)
    if span := term.exact_span:
        start, end = span
        yield t, QKP.daysInOffice, Literal((end - start).days, datatype=XSD.integer)
        yield t, QKP.timeInOffice, Literal(duration_between(start, end), datatype=XSD.duration)


def _term_date(
    t: URIRef, date: PartialDate | Decade | None, value: URIRef, approximate: URIRef, uncertain: URIRef, earliest: URIRef, latest: URIRef
) -> Iterator[Triple]:
    """A term's start or end: its value, flagged approximate ("c. 1937") or uncertain ("1943?");
    a decade ("193.") has no XSD value, so only the first and last day it allows."""
    if isinstance(date, Decade):
        yield t, earliest, Literal(date.earliest())
        yield t, latest, Literal(date.latest())
    elif date is not None:
        yield t, value, date_literal(date)
        if date.approximate:
            yield t, approximate, Literal(True)
        if date.uncertain:
            yield t, uncertain, Literal(True)


def map_succession(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Founding, dissolution and successors: dated org:ChangeEvents plus direct successor links."""
    party = model.party
    p = URIRef(mint.party(party))
    for succession in model.successions:
        yield from _org(succession.successor, mint, party)
        yield p, _SUCCESSOR_PROPERTY[succession.kind], URIRef(mint.org(succession.successor, party))
    for event in model.events:
        other = event.resulting[0].name if event.kind is EventKind.SUCCESSION and event.resulting else None
        e = URIRef(mint.event(party, event.kind.value, other))
        yield e, RDF.type, ORG.ChangeEvent
        yield e, RDF.type, _EVENT_CLASS[event.kind]
        yield e, RDFS.label, en(event.label)
        if event.date:
            yield e, DCTERMS.date, date_literal(event.date)
        yield e, ORG.resultingOrganization if event.party_role == "resulting" else ORG.originalOrganization, p
        for org in event.resulting:
            yield e, ORG.resultingOrganization, URIRef(mint.org(org, party))
        yield e, PROV.wasDerivedFrom, URIRef(mint.excerpt(model.article, event.source))


def map_claims(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Events the article dates in more than one place, and each dated claim with its excerpt."""
    for claim in model.claims:
        e = URIRef(mint.event(model.party, claim.event))
        c = URIRef(mint.claim(model.article, claim.source, claim.event))
        yield e, RDF.type, QKP.ReportedEvent
        yield e, RDFS.label, en(claim.event)
        yield c, RDF.type, QKP.DatedClaim
        yield c, RDFS.label, en(f"{claim.event}, dated {claim.date.isoformat()}")
        yield c, QKP.aboutEvent, e
        yield c, DCTERMS.date, date_literal(claim.date)
        yield c, PROV.wasDerivedFrom, URIRef(mint.excerpt(model.article, claim.source))


def _excerpt(article: Article, source: Source, mint: Minter) -> Iterator[Triple]:
    x = URIRef(mint.excerpt(article, source))
    yield x, RDF.type, _EXCERPT_CLASS[source.kind]
    yield x, PROV.value, Literal(source.text)
    yield x, QKP.line, Literal(source.line, datatype=XSD.integer)
    part_of = mint.article(article) if source.kind is SourceKind.INFOBOX else mint.section(article, source.section)
    yield x, DCTERMS.isPartOf, URIRef(part_of)


def map_provenance(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """The article, its sections, and every row, sentence or infobox entry a fact came from."""
    article = model.article
    a = URIRef(mint.article(article))
    yield a, RDF.type, SCHEMA.Article
    yield a, RDF.type, PROV.Entity
    yield a, RDFS.label, en(article.title)
    yield a, SCHEMA.identifier, Literal(article.name)
    yield a, QKP.sha256, Literal(article.sha256)
    sources: list[Source] = [t.source for t in model.terms]
    sources += [e.source for e in model.events]
    sources += [s.source for s in model.successions] + [s.detail for s in model.successions if s.detail]
    sources += [c.source for c in model.claims]
    sources += [s for life in model.post_lives for s in life.sources] + [g.source for g in model.interruptions]
    sections = {s.section for s in sources if s.kind is not SourceKind.INFOBOX} | {p.section for p in model.posts}
    for heading in sorted(sections):
        s = URIRef(mint.section(article, heading))
        yield s, RDF.type, QKP.Section
        yield s, RDFS.label, en(heading)
        yield s, DCTERMS.isPartOf, a
    # An excerpt is named by its section, kind and text, not its line: the same passage written
    # twice in a section is one excerpt, and its first line is the one qkp:line gives.
    first: dict[str, Source] = {}
    for source in sorted(sources, key=lambda s: s.line):
        first.setdefault(mint.excerpt(article, source), source)
    for source in first.values():
        yield from _excerpt(article, source, mint)
    for succession in model.successions:
        # The sentence that names the successor in full is where its name and date came from.
        if succession.detail:
            successor = URIRef(mint.org(succession.successor, model.party))
            yield successor, PROV.wasDerivedFrom, URIRef(mint.excerpt(article, succession.detail))


def map_article(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """All triples for one article."""
    for mapper in (map_party, map_posts, map_people, map_terms, map_succession, map_claims, map_provenance):
        yield from mapper(model, mint)


def map_dataset(models: Iterable[ArticleModel], mint: Minter, generated: dt.datetime, name: str) -> Iterator[Triple]:
    """The dataset called ``name`` (:attr:`Config.dataset <qkp_rdf.config.Config.dataset>`):
    which articles it was derived from and when it was generated."""
    models = list(models)
    d = URIRef(mint.dataset(name))
    yield d, RDF.type, VOID.Dataset
    yield d, RDF.type, PROV.Entity
    names = ", ".join(m.party.name for m in models)
    yield d, DCTERMS.title, en(f"Office holders of the {names}")
    yield d, PROV.generatedAtTime, Literal(generated)
    for model in models:
        yield d, PROV.wasDerivedFrom, URIRef(mint.article(model.article))
        yield d, DCTERMS.subject, URIRef(mint.party(model.party))
