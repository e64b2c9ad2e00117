"""Score candidate items with evidence, and decide: matched, ambiguous or unmatched.

A candidate is an item found by one of the entity's names (its aliases, ``skos:altLabel``,
included). It scores :data:`NAME` for that, plus points for each piece of evidence; a
contradiction excludes it (a person's birth or death year more than a year from ours, say).
When another candidate that is not excluded comes within :data:`MARGIN` of the best, the
evidence cannot separate them and the entity is *ambiguous* (never a guess), whatever their
score; otherwise the best candidate is *matched* when it reaches the threshold. The entity is
*unmatched* when no candidate fits, or when the one that fits best, alone, falls short of the
threshold. A wrong link is worse than no link.

Evidence that involves another of our entities (the post a person held, a party's parent
or successor, the party of a post) counts once that entity is matched; matching is
repeated until no decision changes. A post also takes evidence from the people who held
it: a position item labelled exactly as our post that several of them hold (P39) is our
post even when Wikidata does not link it to the party, and they are then matched through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from ..config import DEFAULT_THRESHOLD
from ..dates import PartialDate, wikidata_latest
from .entities import Entity, Kind, Relation, Term
from .names import cyrillic_forms, name_variants
from .wikidata import BIRTH, DEATH, DISSOLVED, HUMAN, INCEPTION, POLITICAL_PARTY, POSITION, Facts, Item, NameHit, Statement

#: Points, and the default threshold: a name and one piece of evidence match.
NAME = 10
HELD_DURING_TERM = 60
HELD_UNDATED = 40
LIFE_SPANS_TERMS = 40
DATE_AGREES = 40
LINK_AGREES = 40
HELD_BY_OURS = 40
#: A position is our post on its holders' word when at least this many of our post's people
#: hold it: one could be a namesake's office of the same name, several agreeing are not chance.
MIN_HOLDERS = 2
#: Holders named in a post's evidence, at most.
HOLDERS_SHOWN = 5
#: The runner-up must be at least this far behind the best candidate.
MARGIN = 20
#: Nobody holds office younger than this, or more than this many years after being born.
MIN_AGE, MAX_AGE = 15, 100
#: Founding and dissolution years, and birth and death years, agree when at most this far apart
#: (sources differ by a year: old and new style calendars, a year of record).
YEAR_TOLERANCE = 1

#: Wikidata properties that state each of our links from the linking entity to the linked one
#: (forward), and from the linked one back (backward).
FORWARD = {Relation.PARENT: ("P749", "P361"), Relation.SUCCESSOR: ("P1366", "P156"), Relation.POST_IN: ("P2389", "P361")}
BACKWARD = {Relation.PARENT: ("P355", "P527"), Relation.SUCCESSOR: ("P1365", "P155"), Relation.POST_IN: ("P2388",)}
_CLASS = {Kind.PERSON: (HUMAN, "a human (P31 Q5)"), Kind.PARTY: (POLITICAL_PARTY, "a political party (P31 Q7278)"), Kind.POST: (POSITION, "a position (P31 Q4164871)")}


class Status(str, Enum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class Candidate:
    qid: str
    score: int
    evidence: tuple[str, ...]
    #: Why the item cannot be this entity, if it cannot.
    excluded: str | None = None


@dataclass(frozen=True)
class Decision:
    entity: Entity
    status: Status
    #: Best first; excluded candidates last.
    candidates: tuple[Candidate, ...]
    #: The matched candidate, or the ones the evidence cannot separate.
    chosen: tuple[Candidate, ...]
    note: str = ""

    @property
    def qid(self) -> str | None:
        return self.chosen[0].qid if self.status is Status.MATCHED else None

    @property
    def score(self) -> int:
        viable = [c.score for c in self.candidates if c.excluded is None]
        return max(viable, default=0)


def name_forms(entity: Entity) -> dict[str, str]:
    """Every form to look up -> the name of ours it is a form of. People's names also get their
    spelling variants and Russian Cyrillic forms; organizations' names are translated, not
    transliterated, so they are looked up as written. A form of both a name and an alias is
    the name's."""
    forms: dict[str, str] = {}
    names = sorted(entity.names, key=lambda n: n[0] in entity.aliases)
    for text, _ in names:
        forms.setdefault(text, text)
    for text, _ in names if entity.kind is Kind.PERSON else ():
        for form in [*name_variants(text), *cyrillic_forms(text)]:
            forms.setdefault(form, text)
    return forms


def lookups(entities: Iterable[Entity], languages: Sequence[str]) -> set[tuple[str, str]]:
    """Every (name form, language) to look up: each form in each language."""
    return {(form, lang) for e in entities for form in name_forms(e) for lang in languages}


def _name_evidence(forms: Mapping[str, str], hits: Iterable[NameHit], aliases: Collection[str]) -> str | None:
    """How the item was found, its best name hit first: our name before our alias, as written
    before a spelling variant, a label before an alias of the item."""

    def rank(hit: NameHit) -> tuple[bool, bool, bool, str, str]:
        return (forms[hit.text] in aliases, forms[hit.text] != hit.text, hit.how != "label", hit.lang, hit.text)

    found = sorted((h for h in hits if h.text in forms), key=rank)
    if not found:
        return None
    hit = found[0]
    ours = forms[hit.text]
    if ours in aliases:
        how = ", our alias (skos:altLabel)" if ours == hit.text else f', a spelling of our alias (skos:altLabel) "{ours}"'
    else:
        how = f', a spelling of "{ours}"' if ours != hit.text else ""
    return f'{hit.how} "{hit.text}"@{hit.lang}{how}'


def _years(terms: Sequence[Term]) -> tuple[int, int] | None:
    """The first and last year of the terms (a term without an end counts until its start)."""
    starts = [t.start.year for t in terms if t.start]
    ends = [d.year for t in terms for d in [t.end or t.start] if d]
    return (min(starts), max(ends)) if starts else None


def overlaps(statement: Statement, term: Term) -> bool:
    """Whether a dated statement and our term can share a day (a missing end is open)."""
    if term.start is None:
        return False
    ours = (term.start.earliest(), term.end.latest() if term.end else dt.date.max)
    theirs = (min(statement.starts, default=dt.date.min), wikidata_latest(max(statement.ends)) if statement.ends else dt.date.max)
    return theirs[0] <= ours[1] and theirs[1] >= ours[0]


def _life(item: Item, terms: Sequence[Term]) -> tuple[int, str | None, str | None]:
    """(points, evidence, contradiction) from birth and death against the terms' span."""
    span = _years(terms)
    births, deaths = item.years(BIRTH), item.years(DEATH)
    if span is None or not (births or deaths):
        return 0, None, None
    first, last = span
    fitting_births = [b for b in births if last - MAX_AGE <= b <= first - MIN_AGE]
    fitting_deaths = [d for d in deaths if d >= last]
    life = f"{'/'.join(map(str, births)) or '?'}–{'/'.join(map(str, deaths))}"
    if births and not fitting_births:
        return 0, None, f"born {'/'.join(map(str, births))}: cannot have held office in {first}–{last}"
    if deaths and not fitting_deaths:
        return 0, None, f"died {'/'.join(map(str, deaths))}, before the term ended ({last})"
    if fitting_births:
        return LIFE_SPANS_TERMS, f"life (P569/P570) {life} spans the terms {first}–{last}", None
    return 0, None, None


def _held(item: Item, terms: Sequence[Term], matches: Mapping[str, str]) -> tuple[int, list[str]]:
    """Points and evidence from position-held statements of our posts (once those are matched)."""
    evidence: list[str] = []
    points = 0
    for post in sorted({t.post for t in terms}):
        position = matches.get(post)
        if position is None:
            continue
        statements = [s for s in item.statements if s.position == position]
        ours = [t for t in terms if t.post == post]
        for s in statements:
            if not s.dated:
                points = max(points, HELD_UNDATED)
                evidence.append(f"position held (P39) {position}, undated")
                continue
            overlapping = [t for t in ours if overlaps(s, t)]
            when = f"{'/'.join(map(str, s.starts)) or '?'} to {'/'.join(map(str, s.ends)) or '?'}"
            if overlapping:
                points = HELD_DURING_TERM
                evidence.append(f"position held (P39) {position} {when}, overlapping term {', '.join(t.number for t in overlapping)}")
            else:
                evidence.append(f"position held (P39) {position} {when}, not during our terms")
    return points, evidence


def _dates_agree(item: Item, checks: Sequence[tuple[PartialDate | None, str, str]], *, agree: str, disagree: str) -> tuple[int, list[str], str | None]:
    """(points, evidence, contradiction) from our dates against the item's years of the same
    property: ``checks`` are (our date, property, what it is). A check where either side has
    no date says nothing; one year of the item's within :data:`YEAR_TOLERANCE` of ours agrees."""
    points, evidence = 0, []
    for ours, prop, what in checks:
        years = item.years(prop)
        if ours is None or not years:
            continue
        fields = {"what": what, "prop": prop, "years": "/".join(map(str, years)), "ours": ours}
        if any(abs(y - ours.year) <= YEAR_TOLERANCE for y in years):
            points += DATE_AGREES
            evidence.append(agree.format(**fields))
        else:
            return 0, [], disagree.format(**fields)
    return points, evidence, None


def _party_dates(item: Item, entity: Entity) -> tuple[int, list[str], str | None]:
    checks = ((entity.founded, INCEPTION, "inception"), (entity.dissolved, DISSOLVED, "dissolved"))
    return _dates_agree(item, checks, agree="{what} ({prop}) {years} agrees with {ours}", disagree="{what} ({prop}) {years}, ours is {ours}")


def _life_dates(item: Item, entity: Entity) -> tuple[int, list[str], str | None]:
    """A person's birth and death years as our graph gives them, against P569 and P570."""
    checks = ((entity.born, BIRTH, "born"), (entity.died, DEATH, "died"))
    return _dates_agree(item, checks, agree="{what} ({prop}) {years} agrees with our {ours}", disagree="{what} ({prop}) {years}, we have {ours}")


def _links(candidate: str, entity: Entity, relations: Sequence[tuple[str, Relation, str]], matches: Mapping[str, str], facts: Facts, labels: Mapping[str, str]) -> tuple[int, list[str]]:
    """Points for Wikidata links that state our links to entities already matched."""
    points, evidence = 0, []
    for source, relation, target in relations:
        other = target if source == entity.iri else source
        other_qid = matches.get(other)
        if other_qid is None or other_qid == candidate:
            continue
        subject, obj = (candidate, other_qid) if source == entity.iri else (other_qid, candidate)
        stated = [(subject, p, obj) for p in FORWARD[relation]] + [(obj, p, subject) for p in BACKWARD[relation]]
        found = sorted(e for e in stated if e in facts.edges)
        if found:
            points += LINK_AGREES
            s, p, o = found[0]
            evidence.append(f"{s} {p} {o}: {relation.value} as in our graph ({labels[other]} is {other_qid})")
    return points, evidence


#: (our post's IRI, a position's QID) -> the IRIs of our people who held the post and hold that position.
Holders = Mapping[tuple[str, str], Collection[str]]


def _holders(people: Iterable[Entity], fitting: Mapping[str, Collection[str]], matches: Mapping[str, str], facts: Facts) -> dict[tuple[str, str], set[str]]:
    """Which of our people hold each position (P39), for each post of ours they held.

    A matched person speaks through the item matched; one not (yet) matched through every
    candidate that fits (``fitting``: person IRI -> QIDs not excluded), since the post may be
    what would tell those candidates apart."""
    found: dict[tuple[str, str], set[str]] = {}
    for person in people:
        items = [matches[person.iri]] if person.iri in matches else fitting.get(person.iri, ())
        posts = {t.post for t in person.terms}
        for q in items:
            for statement in facts.items[q].statements:
                for post in posts:
                    found.setdefault((post, statement.position), set()).add(person.iri)
    return found


def _held_by_ours(entity: Entity, item: Item, held_by: Holders, labels: Mapping[str, str]) -> tuple[int, list[str]]:
    """Points when the item's label (not an alias: an alias is how another office gets our
    name) is exactly one of our post's names and several of our post's people hold it; this
    needs no Wikidata link from the position to the party, which Wikidata often lacks."""
    ours = {text for text, _ in entity.names} - set(entity.aliases)
    people = sorted(labels[iri] for iri in held_by.get((entity.iri, item.qid), ()))
    if len(people) < MIN_HOLDERS or not any(h.how == "label" and h.text in ours for h in item.hits):
        return 0, []
    named = ", ".join(people[:HOLDERS_SHOWN]) + (f" and {len(people) - HOLDERS_SHOWN} more" if len(people) > HOLDERS_SHOWN else "")
    return HELD_BY_OURS, [f"held (P39) by {len(people)} of our people who held this post: {named}"]


def score(entity: Entity, item: Item, forms: Mapping[str, str], relations: Sequence[tuple[str, Relation, str]], matches: Mapping[str, str], facts: Facts,
          labels: Mapping[str, str], held_by: Holders) -> Candidate:
    """One candidate's score, evidence and any contradiction (``relations``: the links of ours that
    involve ``entity``; ``held_by``: which of our people hold which position, see :func:`_holders`)."""
    evidence = [e for e in [_name_evidence(forms, item.hits, entity.aliases)] if e]
    points = NAME
    wanted, described = _CLASS[entity.kind]
    if wanted not in item.classes:
        return Candidate(item.qid, 0, tuple(evidence), f"not {described}")
    evidence.append(described)
    excluded = None
    if entity.kind is Kind.PERSON:
        life_points, life, excluded = _life(item, entity.terms)
        held_points, held = _held(item, entity.terms, matches)
        date_points, dates, contradiction = _life_dates(item, entity)
        # Our own dates contradicting the item's say more than an implausible age in office.
        excluded = contradiction or excluded
        points += life_points + held_points + date_points
        evidence += held + ([life] if life else []) + dates
    elif entity.kind is Kind.PARTY:
        date_points, dates, excluded = _party_dates(item, entity)
        points += date_points
        evidence += dates
    elif entity.kind is Kind.POST:
        held_points, held = _held_by_ours(entity, item, held_by, labels)
        points += held_points
        evidence += held
    link_points, links = _links(item.qid, entity, relations, matches, facts, labels)
    points += link_points
    evidence += links
    if excluded:
        return Candidate(item.qid, 0, tuple(evidence), excluded)
    return Candidate(item.qid, points, tuple(evidence))


def _decide(entity: Entity, candidates: list[Candidate], threshold: int) -> Decision:
    ranked = sorted(candidates, key=lambda c: (c.excluded is not None, -c.score, int(c.qid[1:])))
    viable = [c for c in ranked if c.excluded is None]
    close = tuple(c for c in viable if c.score > viable[0].score - MARGIN) if viable else ()
    # Candidates the evidence cannot separate are ambiguous even below the threshold: calling
    # them unmatched would hide that several items fit, which is what an editor must resolve.
    if len(close) > 1:
        return Decision(entity, Status.AMBIGUOUS, tuple(ranked), close)
    if not close or close[0].score < threshold:
        return Decision(entity, Status.UNMATCHED, tuple(ranked), ())
    return Decision(entity, Status.MATCHED, tuple(ranked), close)


def _one_item_one_entity(decisions: dict[str, Decision]) -> dict[str, Decision]:
    """Two of our entities matched to one item: neither link can be trusted."""
    by_item: dict[str, list[str]] = {}
    for iri, d in decisions.items():
        if d.qid:
            by_item.setdefault(d.qid, []).append(iri)
    for q, iris in by_item.items():
        if len(iris) > 1:
            for iri in iris:
                others = ", ".join(decisions[o].entity.label for o in iris if o != iri)
                decisions[iri] = replace(decisions[iri], status=Status.AMBIGUOUS, note=f"{q} also fits {others}")
    return decisions


def decide(entities: Sequence[Entity], facts: Facts, *, threshold: int = DEFAULT_THRESHOLD) -> list[Decision]:
    """A decision for every entity, in the order given."""
    relations: dict[str, list[tuple[str, Relation, str]]] = {e.iri: [] for e in entities}
    for e in entities:
        for relation, other in e.links:
            for end in {e.iri, other} & relations.keys():
                relations[end].append((e.iri, relation, other))
    labels = {e.iri: e.label for e in entities}
    forms = {e.iri: name_forms(e) for e in entities}
    named: dict[str, set[str]] = {}
    for iri, texts in forms.items():
        for text in texts:
            named.setdefault(text, set()).add(iri)
    candidates: dict[str, set[str]] = {e.iri: set() for e in entities}
    for q, item in facts.items.items():
        for hit in item.hits:
            for iri in named.get(hit.text, ()):
                candidates[iri].add(q)
    people = [e for e in entities if e.kind is Kind.PERSON]
    # Whether a person's candidate is excluded depends on its class and dates only, never on
    # what else is matched, so the candidates that fit are known before the first round.
    fitting = {e.iri: [q for q in sorted(candidates[e.iri]) if score(e, facts.items[q], forms[e.iri], (), {}, facts, labels, {}).excluded is None] for e in people}
    matches: dict[str, str] = {}
    decisions: dict[str, Decision] = {}
    # Each round may match entities whose evidence needs entities matched in the round before;
    # rounds repeat until nothing changes (bounded, in case evidence ever made them alternate).
    for _ in range(len(entities) + 1):
        held_by = _holders(people, fitting, matches, facts)
        decisions = {
            e.iri: _decide(e, [score(e, facts.items[q], forms[e.iri], relations[e.iri], matches, facts, labels, held_by) for q in sorted(candidates[e.iri])], threshold)
            for e in entities
        }
        decisions = _one_item_one_entity(decisions)
        found = {iri: d.qid for iri, d in decisions.items() if d.qid}
        if found == matches:
            break
        matches = found
    return [decisions[e.iri] for e in entities]
