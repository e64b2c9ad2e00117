"""Pure functions from the domain model to triples under the ontology.

Each concern has its own function (party, post, people, terms, succession, provenance);
all IRIs come from :class:`~qkp_rdf.ids.Minter`. Each term is canonical N-Triples text
(:mod:`.terms`): nothing here builds a Graph or an rdflib term.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from .dates import Decade, PartialDate, duration_between
from .document import Article
from .ids import Minter
from .model import ArticleModel, EventKind, Org, Party, Person, Source, SourceKind, SuccessionKind, Term
from .terms import DCTERMS, FOAF, OPENGOV, ORG, PROV, QKP, RDF, RDFS, SCHEMA, SKOS, TRUE, VOID, XSD, date_time, day, duration, en, integer, iri, lang_literal, literal, partial_date

#: Subject, predicate, object, each as canonical N-Triples text.
Triple = tuple[str, str, str]
_EVENT_CLASS = {EventKind.FOUNDING: QKP.Founding, EventKind.DISSOLUTION: QKP.Dissolution, EventKind.SUCCESSION: QKP.SuccessorCreation}
_EXCERPT_CLASS = {SourceKind.ROW: QKP.TableRow, SourceKind.SENTENCE: QKP.Sentence, SourceKind.INFOBOX: QKP.InfoboxEntry}
_SUCCESSOR_PROPERTY = {
    SuccessionKind.DE_JURE: QKP.deJureSuccessor,
    SuccessionKind.DE_FACTO: QKP.deFactoSuccessor,
    SuccessionKind.UNSPECIFIED: QKP.successor,
}


def map_party(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """The party: its names in every script, dates, parent, ideologies, countries, logos, leaders."""
    party = model.party
    p = iri(mint.party(party))
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
        yield p, RDFS.label, lang_literal(party.native_name, party.native_language)
        if party.transliteration:
            yield p, RDFS.label, lang_literal(party.transliteration, f"{party.native_language}-Latn")
    for former in party.former_names:
        yield p, QKP.formerName, en(former)
    if party.abbreviation:
        yield p, QKP.abbreviation, literal(party.abbreviation)
    if party.founded:
        yield p, SCHEMA.foundingDate, partial_date(party.founded)
    if party.dissolved:
        yield p, SCHEMA.dissolutionDate, partial_date(party.dissolved)
    if party.parent:
        yield from _org(party.parent, mint, party)
        yield p, ORG.unitOf if party.kind == "committee" else ORG.subOrganizationOf, iri(mint.org(party.parent, party))
    for predecessor in party.predecessors:
        yield from _org(predecessor, mint, party)
        yield p, QKP.predecessor, iri(mint.org(predecessor, party))
    for ideology in party.ideologies:
        concept = iri(mint.concept("ideology", ideology))
        yield concept, RDF.type, SKOS.Concept
        yield concept, SKOS.prefLabel, en(ideology)
        yield p, QKP.ideology, concept
    for country in party.countries:
        place = iri(mint.concept("place", country))
        yield place, RDF.type, SCHEMA.Country
        yield place, RDFS.label, en(country)
        yield p, QKP.country, place
    if party.headquarters:
        place = iri(mint.concept("place", party.headquarters))
        yield place, RDF.type, SCHEMA.Place
        yield place, RDFS.label, en(party.headquarters)
        yield p, QKP.headquarters, place
    if party.newspaper:
        paper = iri(mint.concept("periodical", party.newspaper))
        yield paper, RDF.type, SCHEMA.Periodical
        yield paper, RDFS.label, en(party.newspaper)
        yield p, QKP.newspaper, paper
    for logo in party.logos:
        image = iri(mint.concept("logo", logo.name))
        yield image, RDF.type, SCHEMA.ImageObject
        yield image, RDFS.label, en(logo.name)
        if logo.start_year is not None:
            yield image, SCHEMA.startDate, literal(f"{logo.start_year:04d}", XSD.gYear)
        if logo.end_year is not None:
            yield image, SCHEMA.endDate, literal(f"{logo.end_year:04d}", XSD.gYear)
        yield p, SCHEMA.logo, image
    for leader in party.leaders:
        # Wikipedia's party infobox titles its leaders "First leader", "Founder", "Last leader".
        title = leader.title.lower()
        prop = QKP.firstLeader if re.fullmatch(r"(?:first|founding) leader|founder", title) else QKP.lastLeader if title == "last leader" else QKP.leader
        yield from _person(Person(leader.name), mint)
        yield p, prop, iri(mint.person(leader.name))
    for page in party.see_also:
        target = iri(mint.concept("page", page))
        yield target, RDF.type, FOAF.Document
        yield target, RDFS.label, en(page)
        yield p, RDFS.seeAlso, target
    yield p, PROV.wasDerivedFrom, iri(mint.article(model.article))


def _org(org: Org, mint: Minter, party: Party) -> Iterator[Triple]:
    o = iri(mint.org(org, party))
    yield o, RDF.type, ORG.FormalOrganization
    yield o, RDFS.label, en(org.name)
    if org.abbreviation:
        yield o, QKP.abbreviation, literal(org.abbreviation)


def _person(who: Person, mint: Minter) -> Iterator[Triple]:
    person = iri(mint.person(who.name))
    yield person, RDF.type, FOAF.Person
    yield person, FOAF.name, literal(who.name)
    yield person, RDFS.label, literal(who.name)
    if who.birth:
        yield person, SCHEMA.birthDate, partial_date(who.birth)
    if who.death:
        yield person, SCHEMA.deathDate, partial_date(who.death)
    for alias in who.aliases:
        yield person, SKOS.altLabel, literal(alias)


def map_posts(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Each office of the party (e.g. First Secretary), an org:Post in the party."""
    party = iri(mint.party(model.party))
    for post in model.posts:
        p = iri(mint.post(model.party, post))
        yield p, RDF.type, ORG.Post
        yield p, RDFS.label, en(f"{post.label} of the {model.party.name}")
        yield p, ORG.postIn, party
        yield p, PROV.wasDerivedFrom, iri(mint.section(model.article, post.section))
    for life in model.post_lives:
        p = iri(mint.post(model.party, life.post))
        if life.created:
            yield p, SCHEMA.startDate, partial_date(life.created)
        if life.abolished:
            yield p, SCHEMA.endDate, partial_date(life.abolished)
        for source in life.sources:
            yield p, PROV.wasDerivedFrom, iri(mint.excerpt(model.article, source))
    for gap in model.interruptions:
        i = iri(mint.interruption(model.party, gap.post, gap.label))
        yield iri(mint.post(model.party, gap.post)), QKP.interruption, i
        yield i, RDF.type, QKP.Interruption
        yield i, RDFS.label, en(gap.label)
        if gap.start:
            yield i, SCHEMA.startDate, partial_date(gap.start)
        if gap.end:
            yield i, SCHEMA.endDate, partial_date(gap.end)
        yield i, PROV.wasDerivedFrom, iri(mint.excerpt(model.article, gap.source))


def map_people(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Every office holder once, however many terms they served, and the posts they held."""
    for person in model.people:
        yield from _person(person, mint)
    for term in model.terms:
        if term.holder:
            yield iri(mint.person(term.holder.name)), ORG.holds, iri(mint.post(model.party, term.post))


def map_terms(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Terms of office: holder, post, party, dates, ordinal, neighbours, description, provenance."""
    party = iri(mint.party(model.party))
    for post in model.posts:
        terms = sorted((t for t in model.terms if t.post == post), key=lambda t: t.position)
        for index, term in enumerate(terms):
            t = iri(mint.term(model.party, post, term.position))
            yield t, RDF.type, QKP.TermOfOffice
            who = term.holder.name if term.holder else "Unknown holder"
            number = f"no. {term.ordinal}" if term.ordinal is not None else f"term {term.position}"
            yield t, RDFS.label, en(f"{who}, {post.label} of the {model.party.name} ({number})")
            if term.holder:
                yield t, ORG.member, iri(mint.person(term.holder.name))
            else:
                yield t, QKP.holderUnknown, TRUE
            yield t, OPENGOV.post, iri(mint.post(model.party, post))
            yield t, ORG.organization, party
            yield t, QKP.position, integer(term.position)
            if term.ordinal is not None:
                yield t, QKP.ordinal, integer(term.ordinal)
            if term.role:
                yield t, QKP.role, en(term.role)
            yield from _term_dates(t, term)
            if index > 0:
                yield t, QKP.previousTerm, iri(mint.term(model.party, post, terms[index - 1].position))
            if index + 1 < len(terms):
                yield t, QKP.nextTerm, iri(mint.term(model.party, post, terms[index + 1].position))
            if term.description:
                yield t, SCHEMA.description, en(term.description)
            if term.time_in_office_text:
                yield t, QKP.timeInOfficeAsWritten, en(term.time_in_office_text)
            if term.stated_time_in_office:
                yield t, QKP.statedTimeInOffice, duration(term.stated_time_in_office.isoformat())
            yield t, PROV.wasDerivedFrom, iri(mint.excerpt(model.article, term.source))


def _term_dates(t: str, term: Term) -> Iterator[Triple]:
    yield from _term_date(t, term.start, SCHEMA.validFrom, QKP.startApproximate, QKP.startUncertain, QKP.earliestStart, QKP.latestStart)
    if term.start is None:
        yield t, QKP.startUnknown, TRUE
    yield from _term_date(t, term.end, SCHEMA.validThrough, QKP.endApproximate, QKP.endUncertain, QKP.earliestEnd, QKP.latestEnd)
    if term.incumbent:
        yield t, QKP.incumbent, TRUE
    if span := term.exact_span:
        start, end = span
        yield t, QKP.daysInOffice, integer((end - start).days)
        yield t, QKP.timeInOffice, duration(duration_between(start, end))


def _term_date(
    t: str, date: PartialDate | Decade | None, value: str, approximate: str, uncertain: str, earliest: str, latest: str
) -> Iterator[Triple]:
    """A term's start or end: its value, flagged approximate ("c. 1937") or uncertain ("1943?");
    a decade ("193.") has no XSD value, so only the first and last day it allows."""
    if isinstance(date, Decade):
        yield t, earliest, day(date.earliest())
        yield t, latest, day(date.latest())
    elif date is not None:
        yield t, value, partial_date(date)
        if date.approximate:
            yield t, approximate, TRUE
        if date.uncertain:
            yield t, uncertain, TRUE


def map_succession(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Founding, dissolution and successors: dated org:ChangeEvents plus direct successor links."""
    party = model.party
    p = iri(mint.party(party))
    for succession in model.successions:
        yield from _org(succession.successor, mint, party)
        yield p, _SUCCESSOR_PROPERTY[succession.kind], iri(mint.org(succession.successor, party))
    for event in model.events:
        other = event.resulting[0].name if event.kind is EventKind.SUCCESSION and event.resulting else None
        e = iri(mint.event(party, event.kind.value, other))
        yield e, RDF.type, ORG.ChangeEvent
        yield e, RDF.type, _EVENT_CLASS[event.kind]
        yield e, RDFS.label, en(event.label)
        if event.date:
            yield e, DCTERMS.date, partial_date(event.date)
        yield e, ORG.resultingOrganization if event.party_role == "resulting" else ORG.originalOrganization, p
        for org in event.resulting:
            yield e, ORG.resultingOrganization, iri(mint.org(org, party))
        yield e, PROV.wasDerivedFrom, iri(mint.excerpt(model.article, event.source))


def map_claims(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """Events the article dates in more than one place, and each dated claim with its excerpt."""
    for claim in model.claims:
        e = iri(mint.event(model.party, claim.event))
        c = iri(mint.claim(model.article, claim.source, claim.event))
        yield e, RDF.type, QKP.ReportedEvent
        yield e, RDFS.label, en(claim.event)
        yield c, RDF.type, QKP.DatedClaim
        yield c, RDFS.label, en(f"{claim.event}, dated {claim.date.isoformat()}")
        yield c, QKP.aboutEvent, e
        yield c, DCTERMS.date, partial_date(claim.date)
        yield c, PROV.wasDerivedFrom, iri(mint.excerpt(model.article, claim.source))


def _excerpt(article: Article, source: Source, mint: Minter) -> Iterator[Triple]:
    x = iri(mint.excerpt(article, source))
    yield x, RDF.type, _EXCERPT_CLASS[source.kind]
    yield x, PROV.value, literal(source.text)
    yield x, QKP.line, integer(source.line)
    part_of = mint.article(article) if source.kind is SourceKind.INFOBOX else mint.section(article, source.section)
    yield x, DCTERMS.isPartOf, iri(part_of)


def map_provenance(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """The article, its sections, and every row, sentence or infobox entry a fact came from."""
    article = model.article
    a = iri(mint.article(article))
    yield a, RDF.type, SCHEMA.Article
    yield a, RDF.type, PROV.Entity
    yield a, RDFS.label, en(article.title)
    yield a, SCHEMA.identifier, literal(article.name)
    yield a, QKP.sha256, literal(article.sha256)
    sources: list[Source] = [t.source for t in model.terms]
    sources += [e.source for e in model.events]
    sources += [s.source for s in model.successions] + [s.detail for s in model.successions if s.detail]
    sources += [c.source for c in model.claims]
    sources += [s for life in model.post_lives for s in life.sources] + [g.source for g in model.interruptions]
    sections = {s.section for s in sources if s.kind is not SourceKind.INFOBOX} | {p.section for p in model.posts}
    for heading in sorted(sections):
        s = iri(mint.section(article, heading))
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
            successor = iri(mint.org(succession.successor, model.party))
            yield successor, PROV.wasDerivedFrom, iri(mint.excerpt(article, succession.detail))


def map_article(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """All triples for one article."""
    for mapper in (map_party, map_posts, map_people, map_terms, map_succession, map_claims, map_provenance):
        yield from mapper(model, mint)


def map_dataset(models: Iterable[ArticleModel], mint: Minter, generated: dt.datetime, name: str) -> Iterator[Triple]:
    """The dataset called ``name`` (:attr:`Config.dataset <qkp_rdf.config.Config.dataset>`):
    which articles it was derived from and when it was generated."""
    models = list(models)
    d = iri(mint.dataset(name))
    yield d, RDF.type, VOID.Dataset
    yield d, RDF.type, PROV.Entity
    names = ", ".join(m.party.name for m in models)
    yield d, DCTERMS.title, en(f"Office holders of the {names}")
    yield d, PROV.generatedAtTime, date_time(generated)
    for model in models:
        yield d, PROV.wasDerivedFrom, iri(mint.article(model.article))
        yield d, DCTERMS.subject, iri(mint.party(model.party))
