"""A party's or a committee's life as its page tells it: names, founding, parent, units,
dissolution, predecessors and successors (de jure, de facto) with the dates of the events that made
them, and its posts, each fact with the excerpt it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyoxigraph as ox

from .facts import Link, Source, When, date_of, iri, link, links, post_terms, source_of, subjects, text, types
from .resources import LABELS, Data

_RELATIONS = (  # property -> how the page says it, in the order the page lists them
    ("qkp:deJureSuccessor", "de jure successor"),
    ("qkp:deFactoSuccessor", "de facto successor"),
    ("qkp:successor", "successor"),
)
_EVENT_KINDS = {
    "https://w3id.org/qkp/ontology#Founding": "founding",
    "https://w3id.org/qkp/ontology#Dissolution": "dissolution",
    "https://w3id.org/qkp/ontology#SuccessorCreation": "successor created",
}


@dataclass(frozen=True)
class Event:
    """A dated change in the organization's life (org:ChangeEvent)."""

    what: Link
    kind: str
    date: When | None
    source: Source | None
    others: tuple[Link, ...]  # the other organizations the event involves


@dataclass(frozen=True)
class Successor:
    relation: str
    organization: Link
    date: When | None  # of the event that made it, where the article gives one
    source: Source | None


@dataclass(frozen=True)
class PostSummary:
    post: Link
    terms: int
    holders: int
    first: str
    last: str
    created: When | None
    abolished: When | None


@dataclass(frozen=True)
class Life:
    names: tuple[tuple[str, str], ...]  # (name, language tag or "")
    former_names: tuple[str, ...]
    abbreviation: str | None
    founded: When | None
    dissolved: When | None
    parents: tuple[Link, ...]
    units: tuple[Link, ...]
    predecessors: tuple[Link, ...]
    successors: tuple[Successor, ...]
    events: tuple[Event, ...]
    posts: tuple[PostSummary, ...]


def _events(data: Data, node: str) -> list[Event]:
    found = set(subjects(data, "org:resultingOrganization", node)) | set(subjects(data, "org:originalOrganization", node))
    events = []
    for event in sorted(found):
        kinds = sorted(_EVENT_KINDS[t] for t in types(data, event) if t in _EVENT_KINDS)
        others = {*links(data, event, "org:resultingOrganization"), *links(data, event, "org:originalOrganization")}
        events.append(
            Event(
                what=link(data, event),
                kind=kinds[0] if kinds else "change",
                date=date_of(data, event, "dcterms:date"),
                source=source_of(data, event),
                others=tuple(sorted((o for o in others if o.iri != node), key=lambda o: (o.label, o.iri))),
            )
        )
    return sorted(events, key=lambda e: (e.date.earliest if e.date and e.date.earliest else dt.date.max, e.what.iri))


def _successors(data: Data, node: str, events: list[Event]) -> list[Successor]:
    found = []
    for prop, relation in _RELATIONS:
        for organization in links(data, node, prop):
            made = [e for e in events if e.kind in ("successor created", "dissolution") and organization in e.others and e.date]
            event = made[0] if made else None
            found.append(Successor(relation, organization, event.date if event else None, event.source if event else source_of(data, organization.iri)))
    return found


def _posts(data: Data, node: str) -> list[PostSummary]:
    summaries = []
    for post in subjects(data, "org:postIn", node):
        terms = post_terms(data, post)
        starts = [t.start for t in terms if t.start.known]
        ends = [t.end for t in terms if t.end.known or t.end.open]
        summaries.append(
            PostSummary(
                post=link(data, post),
                terms=len(terms),
                holders=len({t.holder.iri for t in terms if t.holder}),
                first=min(starts, key=lambda w: w.earliest or dt.date.max).text if starts else "",
                last=("incumbent" if any(w.open for w in ends) else max(ends, key=lambda w: w.latest or dt.date.min).text) if ends else "",
                created=date_of(data, post, "schema:startDate"),
                abolished=date_of(data, post, "schema:endDate"),
            )
        )
    return sorted(summaries, key=lambda p: (p.post.label.casefold(), p.post.iri))


def life(data: Data, node: str) -> Life:
    """What the organization's page tells about it."""
    names = {(o.value, o.language or "") for prop in LABELS for o in data.objects(node, prop) if isinstance(o, ox.Literal)}
    former = sorted(o.value for o in data.objects(node, iri("qkp:formerName")) if isinstance(o, ox.Literal))
    events = _events(data, node)
    predecessors = {*links(data, node, "qkp:predecessor")}
    predecessors |= {link(data, other) for prop, _ in _RELATIONS for other in subjects(data, prop, node)}
    units = {link(data, u) for prop in ("org:unitOf", "org:subOrganizationOf") for u in subjects(data, prop, node)}
    return Life(
        names=tuple(sorted(names, key=lambda n: (n[1] not in ("en", ""), n[1], n[0]))),
        former_names=tuple(former),
        abbreviation=text(data, node, "qkp:abbreviation"),
        founded=date_of(data, node, "schema:foundingDate"),
        dissolved=date_of(data, node, "schema:dissolutionDate"),
        parents=tuple(links(data, node, "org:subOrganizationOf") + links(data, node, "org:unitOf")),
        units=tuple(sorted(units, key=lambda u: (u.label.casefold(), u.iri))),
        predecessors=tuple(sorted(predecessors, key=lambda p: (p.label.casefold(), p.iri))),
        successors=tuple(_successors(data, node, events)),
        events=tuple(events),
        posts=tuple(_posts(data, node)),
    )
