"""The validation view computed from the model: the ``qkpv:`` triples :func:`~.view.validation_view`
derives back from an article's graph, worked out from what the mapper already knows.

:func:`model_view` gives exactly ``set(validation_view(graph))`` for the graph of one article
(:func:`~qkp_rdf.mapping.map_article` with the same minter): the date properties the mapper
writes (terms' starts and ends, their decade bounds and flags, the party's founding and
dissolution, posts' and logos' start and end, interruptions, events' and claims' dates, people's
birth and death), each with the literal the mapper writes. Resources are gathered by the IRI the
mapper mints, not by model object, so two model objects that mint one IRI (two posts with one
label, one person's two spellings) combine as they do in the graph. No rdflib Graph or term is
built: each triple is N-Triples text, as the mapper's (:mod:`qkp_rdf.terms`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..dates import Decade, PartialDate, end_window, minus_year, parse_duration, plus_year, xsd_date_bounds
from ..ids import Minter
from ..mapping import Triple
from ..model import ArticleModel, EventKind
from ..terms import DATE_DATATYPES, DCTERMS, ORG, QKP, SCHEMA, TRUE, XSD, Vocabulary, canonical_duration, day, iri
from . import view
from .view import DATE_PROPERTIES, gap_limit, overlapping, sharing

_QKPV = Vocabulary(view.QKPV)
_AXIOMS = [(iri(s), iri(p), iri(o)) for s, p, o in view.AXIOMS]
#: Each date property's name in the view's qkpv: properties, by the property's text.
_NAMES = {iri(prop): name for prop, name in DATE_PROPERTIES.items()}
_VALID_FROM = _NAMES[SCHEMA.validFrom]
_VALID_THROUGH = _NAMES[SCHEMA.validThrough]
#: Each date property's qkpv: (Datatype, Earliest, Latest) properties.
_DERIVED = {name: (_QKPV[f"{name}Datatype"], _QKPV[f"{name}Earliest"], _QKPV[f"{name}Latest"]) for name in DATE_PROPERTIES.values()}

Bounds = tuple[dt.date, dt.date]
#: A stated date as the view reads it: its lexical form and its datatype (an IRI's text).
Stated = tuple[str, str]


def _stated(date: PartialDate) -> Stated:
    """The lexical form and datatype :func:`~qkp_rdf.terms.partial_date` writes."""
    return date.isoformat(), DATE_DATATYPES[date.precision]


@lru_cache(maxsize=1 << 16)
def _date_bounds(date: Stated) -> Bounds | None:
    """The days a stated date can mean (as :func:`~.view.literal_bounds`), remembered: a dataset
    repeats its dates (one term's end is the next one's start)."""
    return xsd_date_bounds(date[0], date[1][1:-1])


def _bounds(date: Stated, widened: bool) -> Bounds | None:
    """A date's days, a year wider on each side when its term marks it approximate or uncertain."""
    bounds = _date_bounds(date)
    if bounds and widened:
        return minus_year(bounds[0]), plus_year(bounds[1])
    return bounds


def _date_view(subject: str, name: str, date: Stated, bounds: Bounds | None) -> Iterator[Triple]:
    """The view of one stated date (as :func:`~.view.date_view`). Every date the mapper writes has
    a date type, so it is ill-formed just when it has no days (rdflib, whose verdict the graph's
    view reads too, finds ill-typed only an xsd:date that has none)."""
    yield subject, _DERIVED[name][0], _QKPV.IllFormed if not bounds else date[1]
    if bounds:
        yield subject, _DERIVED[name][1], day(bounds[0])
        yield subject, _DERIVED[name][2], day(bounds[1])
        if name == _VALID_THROUGH:
            yield subject, _QKPV.validThroughLatestPlusYear, day(plus_year(bounds[1]))


@dataclass
class _Side:
    """A term's start or its end, as the graph holds it under the term's IRI."""

    stated: set[Stated] = field(default_factory=set)  # schema:validFrom / schema:validThrough
    widened: bool = False  # qkp:startApproximate or qkp:startUncertain (End...) true
    earliest: set[dt.date] = field(default_factory=set)  # qkp:earliestStart / qkp:earliestEnd
    latest: set[dt.date] = field(default_factory=set)  # qkp:latestStart / qkp:latestEnd

    def add(self, date: PartialDate | Decade | None) -> None:
        if isinstance(date, Decade):
            self.earliest.add(date.earliest())
            self.latest.add(date.latest())
        elif date is not None:
            self.stated.add(_stated(date))
            self.widened |= date.approximate or date.uncertain

    def stated_bounds(self) -> list[Bounds]:
        return [b for v in self.stated if (b := _bounds(v, self.widened))]

    def vague(self) -> tuple[list[dt.date], list[dt.date]]:
        """The decade's days, when no date is stated (as :meth:`~.view.Dates.vague`)."""
        if self.stated:
            return [], []
        if self.widened:
            return [minus_year(d) for d in self.earliest], [plus_year(d) for d in self.latest]
        return list(self.earliest), list(self.latest)

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
    posts: set[str] = field(default_factory=set)
    positions: set[int] = field(default_factory=set)
    ordinals: set[int] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    member: bool = False
    holder_unknown: bool = False
    stated_time: set[str] = field(default_factory=set)  # lexical forms, as the graph holds them


def _terms(model: ArticleModel, mint: Minter) -> dict[str, _Term]:
    """Each term IRI's facts, from the terms :func:`~qkp_rdf.mapping.map_terms` maps (those of the
    model's posts)."""
    terms: dict[str, _Term] = {}
    for post in dict.fromkeys(model.posts):
        post_iri = iri(mint.post(model.party, post))
        for term in model.terms:
            if term.post != post:
                continue
            t = terms.setdefault(iri(mint.term(model.party, post, term.position)), _Term())
            t.start.add(term.start)
            t.end.add(term.end)
            t.start_unknown |= term.start is None
            t.posts.add(post_iri)
            t.positions.add(term.position)
            if term.ordinal is not None:
                t.ordinals.add(term.ordinal)
            if term.role:
                t.roles.add(term.role)
            if term.holder:
                t.member = True
            else:
                t.holder_unknown = True
            if term.stated_time_in_office:
                t.stated_time.add(canonical_duration(term.stated_time_in_office.isoformat()))
    return terms


def _plain_dates(model: ArticleModel, mint: Minter) -> Iterator[tuple[str, str, Stated]]:
    """Every (subject, property, date) the mapper writes outside terms."""
    party = model.party
    p = iri(mint.party(party))
    if party.founded:
        yield p, SCHEMA.foundingDate, _stated(party.founded)
    if party.dissolved:
        yield p, SCHEMA.dissolutionDate, _stated(party.dissolved)
    for logo in party.logos:
        image = iri(mint.concept("logo", logo.name))
        if logo.start_year is not None:
            yield image, SCHEMA.startDate, (f"{logo.start_year:04d}", XSD.gYear)
        if logo.end_year is not None:
            yield image, SCHEMA.endDate, (f"{logo.end_year:04d}", XSD.gYear)
    for person in model.people:
        who = iri(mint.person(person.name))
        if person.birth:
            yield who, SCHEMA.birthDate, _stated(person.birth)
        if person.death:
            yield who, SCHEMA.deathDate, _stated(person.death)
    for life in model.post_lives:
        post = iri(mint.post(party, life.post))
        if life.created:
            yield post, SCHEMA.startDate, _stated(life.created)
        if life.abolished:
            yield post, SCHEMA.endDate, _stated(life.abolished)
    for gap in model.interruptions:
        interruption = iri(mint.interruption(party, gap.post, gap.label))
        if gap.start:
            yield interruption, SCHEMA.startDate, _stated(gap.start)
        if gap.end:
            yield interruption, SCHEMA.endDate, _stated(gap.end)
    for event in model.events:
        if event.date:
            other = event.resulting[0].name if event.kind is EventKind.SUCCESSION and event.resulting else None
            yield iri(mint.event(party, event.kind.value, other)), DCTERMS.date, _stated(event.date)
    for claim in model.claims:
        yield iri(mint.claim(model.article, claim.source, claim.event)), DCTERMS.date, _stated(claim.date)


def _interruptions(model: ArticleModel, mint: Minter) -> dict[str, list[Bounds]]:
    """Each post's interruptions' (earliest start, latest end), those with both (as the view's gap limits read them)."""
    by_iri: dict[str, tuple[set[str], set[Stated], set[Stated]]] = {}
    for gap in model.interruptions:
        posts, starts, ends = by_iri.setdefault(iri(mint.interruption(model.party, gap.post, gap.label)), (set(), set(), set()))
        posts.add(iri(mint.post(model.party, gap.post)))
        if gap.start:
            starts.add(_stated(gap.start))
        if gap.end:
            ends.add(_stated(gap.end))
    by_post: dict[str, list[Bounds]] = {}
    for posts, starts, ends in by_iri.values():
        first = [b[0] for v in starts if (b := _date_bounds(v))]
        last = [b[1] for v in ends if (b := _date_bounds(v))]
        if first and last:
            for post in posts:
                by_post.setdefault(post, []).append((min(first), max(last)))
    return by_post


def _overlaps(terms: dict[str, _Term]) -> Iterator[Triple]:
    """qkpv:overlapsTerm (as :func:`~.view._overlaps`)."""
    by_post: dict[str, list[tuple[int, str, str]]] = {}
    for t, term in terms.items():
        # A term IRI with several positions (only when two posts mint one IRI) gives the graph's
        # `graph.value` an arbitrary one; the smallest here. Ties go by the bare IRI, as there.
        if term.positions:
            for post in term.posts:
                by_post.setdefault(post, []).append((min(term.positions), t[1:-1], t))

    def span(term: _Term) -> Bounds | None:
        starts, ends = term.start.all()[1], term.end.all()[0]
        return (max(starts), min(ends)) if starts and ends else None

    for members in by_post.values():
        spans = [(t, span(terms[t]), terms[t].roles) for _, _, t in sorted(members)]
        for t, earlier in overlapping(spans):
            yield t, _QKPV.overlapsTerm, earlier


def _gap_limits(terms: dict[str, _Term], interruptions: dict[str, list[Bounds]]) -> Iterator[Triple]:
    """qkpv:validThroughGapLimit (as :func:`~.view._gap_limits`)."""
    for t, term in terms.items():
        if not term.end.stated and not term.end.latest:
            continue
        gaps = sorted(i for post in term.posts for i in interruptions.get(post, []))
        for latest in term.end.all()[1]:
            yield t, _QKPV.validThroughGapLimit, day(gap_limit(latest, gaps))


def _same_number(terms: dict[str, _Term], derived: str, ordinal: bool) -> Iterator[Triple]:
    """qkpv:sameOrdinalAs / qkpv:samePositionAs (as :func:`~.view._same_number`)."""
    by_number: dict[tuple[str, int], set[str]] = {}
    for t, term in terms.items():
        for number in term.ordinals if ordinal else term.positions:
            for post in term.posts:
                by_number.setdefault((post, number), set()).add(t)
    for t, other in sharing(by_number.values()):
        yield t, derived, other


def _term_view(terms: dict[str, _Term]) -> Iterator[Triple]:
    """The view of every term's own dates, flags and holder."""
    for t, term in terms.items():
        for name, side in ((_VALID_FROM, term.start), (_VALID_THROUGH, term.end)):
            for date in side.stated:
                yield from _date_view(t, name, date, _bounds(date, side.widened))
            if side.earliest or side.latest:
                earliest, latest = side.vague()
                for first in earliest:
                    yield t, _DERIVED[name][1], day(first)
                for last in latest:
                    yield t, _DERIVED[name][2], day(last)
                    if name == _VALID_THROUGH:
                        yield t, _QKPV.validThroughLatestPlusYear, day(plus_year(last))
        starts = term.start.stated_bounds()
        for stated in term.stated_time:
            duration = parse_duration(stated)
            if duration and len(starts) == 1 and (window := end_window(*starts[0], duration)):
                yield t, _QKPV.statedEndEarliest, day(window[0])
                yield t, _QKPV.statedEndLatest, day(window[1])
        if term.start.stated or term.start.earliest or term.start_unknown:
            yield t, _QKPV.startStated, TRUE
        if term.member:
            yield t, _QKPV.holderStated, ORG.member
        if term.holder_unknown:
            yield t, _QKPV.holderStated, QKP.holderUnknown


def model_view(model: ArticleModel, mint: Minter) -> Iterator[Triple]:
    """The validation view of one article's graph, from its model: the same triples as
    ``validation_view`` of ``map_article(model, mint)``'s graph (possibly some more than once),
    as N-Triples text."""
    yield from _AXIOMS
    for subject, prop, date in _plain_dates(model, mint):
        yield from _date_view(subject, _NAMES[prop], date, _date_bounds(date))
    terms = _terms(model, mint)
    yield from _term_view(terms)
    yield from _overlaps(terms)
    yield from _gap_limits(terms, _interruptions(model, mint))
    yield from _same_number(terms, _QKPV.sameOrdinalAs, ordinal=True)
    yield from _same_number(terms, _QKPV.samePositionAs, ordinal=False)


def models_view(models: Iterable[ArticleModel], mint: Minter) -> set[Triple]:
    """The view of a group of articles that share no post, term or other per-article resource
    (people may be shared: their dates give the same triples from each article)."""
    return {triple for model in models for triple in model_view(model, mint)}
