"""The validation view computed from the model: the ``qkpv:`` triples :func:`~.view.validation_view`
derives back from an article's graph, worked out from what the mapper already knows.

:func:`model_view` gives exactly ``set(validation_view(graph))`` for the graph of one article
(:func:`~qkp_rdf.mapping.map_article` with the same minter): the date properties the mapper
writes (terms' starts and ends, their decade bounds and flags, the party's founding and
dissolution, posts' and logos' start and end, interruptions, events' and claims' dates, people's
birth and death), each with the literal the mapper writes. Resources are gathered by the IRI the
mapper mints, not by model object, so two model objects that mint one IRI (two posts with one
label, one person's two spellings) combine as they do in the graph. No rdflib Graph is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from ..dates import Decade, PartialDate, end_window, minus_year, parse_duration, plus_year
from ..ids import Minter
from ..mapping import Triple, date_literal, en
from ..model import ArticleModel, EventKind
from ..vocab import ORG, QKP, SCHEMA
from .view import AXIOMS, DATE_PROPERTIES, DATE_TYPES, QKPV, day_of, gap_limit, literal_bounds, overlapping, sharing

_TRUE = Literal(True)
_VALID_FROM = DATE_PROPERTIES[SCHEMA.validFrom]
_VALID_THROUGH = DATE_PROPERTIES[SCHEMA.validThrough]

Bounds = tuple[dt.date, dt.date]

# A dataset repeats its days (one term's end is the next one's start): each literal is made once.
_day_literal = lru_cache(maxsize=1 << 16)(Literal)
_date_literal = lru_cache(maxsize=1 << 16)(date_literal)
#: Each date property's qkpv: (Datatype, Earliest, Latest) properties, made once.
_DERIVED = {name: (QKPV[f"{name}Datatype"], QKPV[f"{name}Earliest"], QKPV[f"{name}Latest"]) for name in DATE_PROPERTIES.values()}


def _bounds(value: Literal, widened: bool) -> Bounds | None:
    """A date literal's days, a year wider on each side when its term marks it approximate or uncertain."""
    bounds = literal_bounds(value)
    if bounds and widened:
        return minus_year(bounds[0]), plus_year(bounds[1])
    return bounds


def _date_view(subject: URIRef, name: str, value: Literal, bounds: Bounds | None) -> Iterator[Triple]:
    """The view of one stated date (as :func:`~.view.date_view`)."""
    datatype = value.datatype or XSD.string
    yield subject, _DERIVED[name][0], QKPV.IllFormed if value.ill_typed or (datatype in DATE_TYPES and not bounds) else datatype
    if bounds:
        yield subject, _DERIVED[name][1], _day_literal(bounds[0])
        yield subject, _DERIVED[name][2], _day_literal(bounds[1])
        if name == _VALID_THROUGH:
            yield subject, QKPV.validThroughLatestPlusYear, _day_literal(plus_year(bounds[1]))


@dataclass
class _Side:
    """A term's start or its end, as the graph holds it under the term's IRI."""

    stated: set[Literal] = field(default_factory=set)  # schema:validFrom / schema:validThrough
    widened: bool = False  # qkp:startApproximate or qkp:startUncertain (End...) true
    earliest: set[Literal] = field(default_factory=set)  # qkp:earliestStart / qkp:earliestEnd
    latest: set[Literal] = field(default_factory=set)  # qkp:latestStart / qkp:latestEnd

    def add(self, date: PartialDate | Decade | None) -> None:
        if isinstance(date, Decade):
            self.earliest.add(_day_literal(date.earliest()))
            self.latest.add(_day_literal(date.latest()))
        elif date is not None:
            self.stated.add(_date_literal(date))
            self.widened |= date.approximate or date.uncertain

    def stated_bounds(self) -> list[Bounds]:
        return [b for v in self.stated if (b := _bounds(v, self.widened))]

    def vague(self) -> tuple[list[dt.date], list[dt.date]]:
        """The decade's days, when no date is stated (as :meth:`~.view.Dates.vague`)."""
        if self.stated:
            return [], []
        earliest = [d for v in self.earliest if (d := day_of(v))]
        latest = [d for v in self.latest if (d := day_of(v))]
        if self.widened:
            return [minus_year(d) for d in earliest], [plus_year(d) for d in latest]
        return earliest, latest

    def all(self) -> tuple[list[dt.date], list[dt.date]]:
        """Every earliest and latest day (as :meth:`~.view.Dates.all`)."""
        stated = self.stated_bounds()
        return ([b[0] for b in stated], [b[1] for b in stated]) if stated else self.vague()


@dataclass
class _Term:
    """What the graph says of one term IRI that the view reads."""

    start: _Side = field(default_factory=_Side)
    end: _Side = field(default_factory=_Side)
    start_unknown: bool = False
    posts: set[URIRef] = field(default_factory=set)
    positions: set[Literal] = field(default_factory=set)
    ordinals: set[Literal] = field(default_factory=set)
    roles: set[Literal] = field(default_factory=set)
    member: bool = False
    holder_unknown: bool = False
    stated_time: set[Literal] = field(default_factory=set)


def _terms(model: ArticleModel, mint: Minter) -> dict[URIRef, _Term]:
    """Each term IRI's facts, from the terms :func:`~qkp_rdf.mapping.map_terms` maps (those of the
    model's posts)."""
    terms: dict[URIRef, _Term] = {}
    for post in dict.fromkeys(model.posts):
        post_iri = URIRef(mint.post(model.party, post))
        for term in model.terms:
            if term.post != post:
                continue
            t = terms.setdefault(URIRef(mint.term(model.party, post, term.position)), _Term())
            t.start.add(term.start)
            t.end.add(term.end)
            t.start_unknown |= term.start is None
            t.posts.add(post_iri)
            t.positions.add(Literal(term.position, datatype=XSD.integer))
            if term.ordinal is not None:
                t.ordinals.add(Literal(term.ordinal, datatype=XSD.integer))
            if term.role:
                t.roles.add(en(term.role))
            if term.holder:
                t.member = True
            else:
                t.holder_unknown = True
            if term.stated_time_in_office:
                t.stated_time.add(Literal(term.stated_time_in_office.isoformat(), datatype=XSD.duration))
    return terms


def _plain_dates(model: ArticleModel, mint: Minter) -> Iterator[tuple[URIRef, URIRef, Literal]]:
    """Every (subject, property, literal) date the mapper writes outside terms."""
    party = model.party
    p = URIRef(mint.party(party))
    if party.founded:
        yield p, SCHEMA.foundingDate, _date_literal(party.founded)
    if party.dissolved:
        yield p, SCHEMA.dissolutionDate, _date_literal(party.dissolved)
    for logo in party.logos:
        image = URIRef(mint.concept("logo", logo.name))
        if logo.start_year is not None:
            yield image, SCHEMA.startDate, Literal(f"{logo.start_year:04d}", datatype=XSD.gYear)
        if logo.end_year is not None:
            yield image, SCHEMA.endDate, Literal(f"{logo.end_year:04d}", datatype=XSD.gYear)
    for person in model.people:
        iri = URIRef(mint.person(person.name))
        if person.birth:
            yield iri, SCHEMA.birthDate, _date_literal(person.birth)
        if person.death:
            yield iri, SCHEMA.deathDate, _date_literal(person.death)
    for life in model.post_lives:
        iri = URIRef(mint.post(party, life.post))
        if life.created:
            yield iri, SCHEMA.startDate, _date_literal(life.created)
        if life.abolished:
            yield iri, SCHEMA.endDate, _date_literal(life.abolished)
    for gap in model.interruptions:
        iri = URIRef(mint.interruption(party, gap.post, gap.label))
        if gap.start:
            yield iri, SCHEMA.startDate, _date_literal(gap.start)
        if gap.end:
            yield iri, SCHEMA.endDate, _date_literal(gap.end)
    for event in model.events:
        if event.date:
            other = event.resulting[0].name if event.kind is EventKind.SUCCESSION and event.resulting else None
            yield URIRef(mint.event(party, event.kind.value, other)), DCTERMS.date, _date_literal(event.date)
    for claim in model.claims:
        yield URIRef(mint.claim(model.article, claim.source, claim.event)), DCTERMS.date, _date_literal(claim.date)


def _interruptions(model: ArticleModel, mint: Minter) -> dict[URIRef, list[Bounds]]:
    """Each post's interruptions' (earliest start, latest end), those with both (as the view's gap limits read them)."""
    by_iri: dict[URIRef, tuple[set[URIRef], set[Literal], set[Literal]]] = {}
    for gap in model.interruptions:
        posts, starts, ends = by_iri.setdefault(URIRef(mint.interruption(model.party, gap.post, gap.label)), (set(), set(), set()))
        posts.add(URIRef(mint.post(model.party, gap.post)))
        if gap.start:
            starts.add(_date_literal(gap.start))
        if gap.end:
            ends.add(_date_literal(gap.end))
    by_post: dict[URIRef, list[Bounds]] = {}
    for posts, starts, ends in by_iri.values():
        first = [b[0] for v in starts if (b := literal_bounds(v))]
        last = [b[1] for v in ends if (b := literal_bounds(v))]
        if first and last:
            for post in posts:
                by_post.setdefault(post, []).append((min(first), max(last)))
    return by_post


def _overlaps(terms: dict[URIRef, _Term]) -> Iterator[Triple]:
    """qkpv:overlapsTerm (as :func:`~.view._overlaps`)."""
    by_post: dict[URIRef, list[tuple[int, str, URIRef]]] = {}
    for iri, term in terms.items():
        # A term IRI with several positions (only when two posts mint one IRI) gives the graph's
        # `graph.value` an arbitrary one; the smallest here.
        positions = sorted(p.value for p in term.positions if isinstance(p.value, int))
        if positions:
            for post in term.posts:
                by_post.setdefault(post, []).append((positions[0], str(iri), iri))

    def span(term: _Term) -> Bounds | None:
        starts, ends = term.start.all()[1], term.end.all()[0]
        return (max(starts), min(ends)) if starts and ends else None

    for members in by_post.values():
        spans = [(iri, span(terms[iri]), terms[iri].roles) for _, _, iri in sorted(members)]
        for iri, earlier in overlapping(spans):
            yield iri, QKPV.overlapsTerm, earlier


def _gap_limits(terms: dict[URIRef, _Term], interruptions: dict[URIRef, list[Bounds]]) -> Iterator[Triple]:
    """qkpv:validThroughGapLimit (as :func:`~.view._gap_limits`)."""
    for iri, term in terms.items():
        if not term.end.stated and not term.end.latest:
            continue
        gaps = sorted(i for post in term.posts for i in interruptions.get(post, []))
        for latest in term.end.all()[1]:
            yield iri, QKPV.validThroughGapLimit, _day_literal(gap_limit(latest, gaps))


def _same_number(terms: dict[URIRef, _Term], derived: URIRef, ordinal: bool) -> Iterator[Triple]:
    """qkpv:sameOrdinalAs / qkpv:samePositionAs (as :func:`~.view._same_number`)."""
    by_number: dict[tuple[URIRef, Literal], set[URIRef]] = {}
    for iri, term in terms.items():
        for number in term.ordinals if ordinal else term.positions:
            for post in term.posts:
                by_number.setdefault((post, number), set()).add(iri)
    for iri, other in sharing(by_number.values()):
        yield iri, derived, other


def _term_view(terms: dict[URIRef, _Term]) -> Iterator[Triple]:
    """The view of every term's own dates, flags and holder."""
    for iri, term in terms.items():
        for name, side in ((_VALID_FROM, term.start), (_VALID_THROUGH, term.end)):
            for value in side.stated:
                yield from _date_view(iri, name, value, _bounds(value, side.widened))
            if side.earliest or side.latest:
                earliest, latest = side.vague()
                for day in earliest:
                    yield iri, _DERIVED[name][1], _day_literal(day)
                for day in latest:
                    yield iri, _DERIVED[name][2], _day_literal(day)
                    if name == _VALID_THROUGH:
                        yield iri, QKPV.validThroughLatestPlusYear, _day_literal(plus_year(day))
        starts = term.start.stated_bounds()
        for stated in term.stated_time:
            duration = parse_duration(str(stated))
            if duration and len(starts) == 1 and (window := end_window(*starts[0], duration)):
                yield iri, QKPV.statedEndEarliest, _day_literal(window[0])
                yield iri, QKPV.statedEndLatest, _day_literal(window[1])
        if term.start.stated or term.start.earliest or term.start_unknown:
            yield iri, QKPV.startStated, _TRUE
        if term.member:
            yield iri, QKPV.holderStated, ORG.member
        if term.holder_unknown:
            yield iri, QKPV.holderStated, QKP.holderUnknown


def model_view(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """The validation view of one article's graph, from its model: the same triples as
    ``validation_view`` of ``map_article(model, mint)``'s graph (possibly some more than once)."""
    yield from AXIOMS
    for subject, prop, value in _plain_dates(model, mint):
        yield from _date_view(subject, DATE_PROPERTIES[prop], value, literal_bounds(value))
    terms = _terms(model, mint)
    yield from _term_view(terms)
    yield from _overlaps(terms)
    yield from _gap_limits(terms, _interruptions(model, mint))
    yield from _same_number(terms, QKPV.sameOrdinalAs, ordinal=True)
    yield from _same_number(terms, QKPV.samePositionAs, ordinal=False)


def models_view(models: Iterable[ArticleModel], mint: Minter) -> set[Triple]:
    """The view of a group of articles that share no post, term or other per-article resource
    (people may be shared: their dates give the same triples from each article)."""
    return {triple for model in models for triple in model_view(model, mint)}
