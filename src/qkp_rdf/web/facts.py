"""What the pages say, read from the published graph: links, dates at the precision the source
gives them, terms of office, a party's life and the source excerpt of each fact. The pages
(:mod:`.pages`) render these; nothing here knows HTML."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..dates import minus_year, plus_year, xsd_date_bounds
from .resources import RDF_TYPE, Data

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_NS = {
    "qkp": "https://w3id.org/qkp/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "opengov": "http://www.w3.org/ns/opengov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def iri(name: str) -> ox.NamedNode:
    """The IRI of a prefixed name of the vocabularies the data uses: ``iri("qkp:line")``."""
    prefix, _, local = name.partition(":")
    return ox.NamedNode(_NS[prefix] + local)


DERIVED_FROM = iri("prov:wasDerivedFrom")
IS_PART_OF = iri("dcterms:isPartOf")
_TERM_OF_OFFICE = iri("qkp:TermOfOffice")


@dataclass(frozen=True)
class Link:
    """Something a page names: its label, and its page (``doc/<kind>/<slug>``) when the data describes it."""

    label: str
    iri: str
    doc: str | None
    #: Someone else's web page (http or https only: a "javascript:" IRI in the data is never a link).
    external: bool = False


def link(data: Data, node: str) -> Link:
    ours = data.resource_of(ox.NamedNode(node))
    found = data.find(ours.doc) if ours else None
    external = ours is None and node.startswith(("http://", "https://"))
    return Link(data.label(node), node, found.doc if found else None, external)


def value(data: Data, subject: str, name: str) -> Term | None:
    """The first value of a property (sorted as text), if any."""
    values = data.objects(subject, iri(name))
    return values[0] if values else None


def text(data: Data, subject: str, name: str) -> str | None:
    found = value(data, subject, name)
    return found.value if isinstance(found, ox.Literal) else None


def flag(data: Data, subject: str, name: str) -> bool:
    return text(data, subject, name) in ("true", "1")


def links(data: Data, subject: str, name: str) -> list[Link]:
    return sorted((link(data, o.value) for o in data.objects(subject, iri(name)) if isinstance(o, ox.NamedNode)), key=_by_label)


def subjects(data: Data, name: str, obj: str) -> list[str]:
    """The IRIs that have ``obj`` as a value of the property, sorted."""
    found = data.store.quads_for_pattern(None, iri(name), ox.NamedNode(obj), ox.DefaultGraph())
    return sorted({q.subject.value for q in found if isinstance(q.subject, ox.NamedNode)})


def types(data: Data, subject: str) -> set[str]:
    return {o.value for o in data.objects(subject, RDF_TYPE) if isinstance(o, ox.NamedNode)}


def _by_label(found: Link) -> tuple[str, str]:
    return found.label.casefold(), found.iri


@dataclass(frozen=True)
class When:
    """One end of a period as the source gives it: ``text`` at its precision ("1937-04-23",
    "1950-07", "1921", "193." for a decade, "c. 1938", "1943?"), and the first and last day it
    may mean (None when the source gives no date)."""

    text: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    vague: bool = False  # a decade, or marked approximate or uncertain
    open: bool = False  # no end: the holder is still in office

    @property
    def known(self) -> bool:
        return self.earliest is not None


def _dated(literal: Term | None, *, approximate: bool, uncertain: bool) -> When | None:
    if not isinstance(literal, ox.Literal):
        return None
    bounds = xsd_date_bounds(literal.value, literal.datatype.value)
    if bounds is None:
        return When(literal.value)
    first, last = bounds
    wide = approximate or uncertain
    if wide:  # a date marked "c." or "?" may be a year off either way, as the queries count it
        first, last = minus_year(first), plus_year(last)
    shown = ("c. " if approximate else "") + literal.value + ("?" if uncertain else "")
    return When(shown, first, last, vague=wide)


def _decade(data: Data, subject: str, earliest: str, latest: str) -> When | None:
    first, last = text(data, subject, earliest), text(data, subject, latest)
    if first is None or last is None:
        return None
    low, high = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    # Shown as the article writes a decade ("193."): the bounds are its first and last day.
    shown = f"{first[:3]}." if high.year - low.year == 9 and first[3] == "0" else f"{first[:10]}…{last[:10]}"
    return When(shown, low, high, vague=True)


def start_of(data: Data, node: str) -> When:
    """When a term of office began, as the source gives it."""
    found = _dated(value(data, node, "schema:validFrom"), approximate=flag(data, node, "qkp:startApproximate"), uncertain=flag(data, node, "qkp:startUncertain"))
    return found or _decade(data, node, "qkp:earliestStart", "qkp:latestStart") or When("unknown")


def end_of(data: Data, node: str) -> When:
    """When a term of office ended, as the source gives it; open when the holder is incumbent."""
    found = _dated(value(data, node, "schema:validThrough"), approximate=flag(data, node, "qkp:endApproximate"), uncertain=flag(data, node, "qkp:endUncertain"))
    found = found or _decade(data, node, "qkp:earliestEnd", "qkp:latestEnd")
    if found is None and flag(data, node, "qkp:incumbent"):
        return When("incumbent", open=True)
    return found or When("unknown")


def date_of(data: Data, node: str, name: str) -> When | None:
    """A date property of anything (a founding, a post's creation), as the source gives it."""
    return _dated(value(data, node, name), approximate=False, uncertain=False)


@dataclass(frozen=True)
class Source:
    """The excerpt a fact came from: its text, the article file and the line."""

    excerpt: Link
    text: str | None
    file: str | None
    line: str | None


def source_of(data: Data, node: str) -> Source | None:
    """Where in the article a fact came from (the first excerpt it was derived from, if any)."""
    for found in sources(data, node):
        return found
    return None


def sources(data: Data, node: str) -> list[Source]:
    """Every excerpt (or section, or article) a fact was derived from, excerpts first."""
    found = [_source(data, o.value) for o in data.objects(node, DERIVED_FROM) if isinstance(o, ox.NamedNode)]
    return sorted(found, key=lambda s: (s.line is None, int(s.line) if s.line and s.line.isdigit() else 0, s.excerpt.iri))


def _source(data: Data, node: str) -> Source:
    return Source(link(data, node), text(data, node, "prov:value"), article_file(data, node), text(data, node, "qkp:line"))


def article_file(data: Data, node: str) -> str | None:
    """The file name of the article an excerpt or a section is part of."""
    seen: set[str] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if (name := text(data, current, "schema:identifier")) is not None:
            return name
        seen.add(current)
        todo += [p.value for p in data.objects(current, IS_PART_OF) if isinstance(p, ox.NamedNode) and p.value not in seen]
    return None


@dataclass(frozen=True)
class TermRow:
    """A term of office as the pages list it."""

    term: Link
    position: int
    ordinal: str | None
    holder: Link | None
    post: Link | None
    start: When
    end: When
    role: str | None
    source: Source | None
    previous: Link | None  # the previous term's holder
    next: Link | None  # the next term's holder
    time_in_office: str | None


def term_row(data: Data, node: str) -> TermRow:
    holder = value(data, node, "org:member")
    post = value(data, node, "opengov:post")
    position = text(data, node, "qkp:position")
    return TermRow(
        term=link(data, node),
        position=int(position) if position and position.lstrip("-").isdigit() else 0,
        ordinal=text(data, node, "qkp:ordinal"),
        holder=link(data, holder.value) if isinstance(holder, ox.NamedNode) else None,
        post=link(data, post.value) if isinstance(post, ox.NamedNode) else None,
        start=start_of(data, node),
        end=end_of(data, node),
        role=text(data, node, "qkp:role"),
        source=source_of(data, node),
        previous=_neighbour(data, node, "qkp:previousTerm"),
        next=_neighbour(data, node, "qkp:nextTerm"),
        time_in_office=duration_text(text(data, node, "qkp:timeInOffice") or text(data, node, "qkp:statedTimeInOffice")),
    )


def duration_text(duration: str | None) -> str | None:
    """An xsd:duration of years, months and days as a reader says it: "P22Y9D" -> "22 years, 9 days"."""
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?", duration or "")
    if duration is None or match is None or not any(match.groups()):
        return duration
    parts = [(int(n), unit) for n, unit in zip(match.groups(), ("year", "month", "day")) if n is not None]
    return ", ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts)


def _neighbour(data: Data, node: str, name: str) -> Link | None:
    """The holder of the previous or next term (the term itself when the source names no holder)."""
    other = value(data, node, name)
    if not isinstance(other, ox.NamedNode):
        return None
    holder = value(data, other.value, "org:member")
    return link(data, holder.value if isinstance(holder, ox.NamedNode) else other.value)


def _terms(data: Data, nodes: Iterable[str]) -> list[str]:
    return [n for n in nodes if _TERM_OF_OFFICE.value in types(data, n)]


def post_terms(data: Data, post: str) -> list[TermRow]:
    """The terms of a post in their order in the series (qkp:position)."""
    rows = [term_row(data, n) for n in _terms(data, subjects(data, "opengov:post", post))]
    return sorted(rows, key=lambda r: (r.position, r.term.iri))


def person_terms(data: Data, person: str) -> list[TermRow]:
    """A person's terms, earliest first (terms with no known start after, in the order of their posts)."""
    rows = [term_row(data, n) for n in _terms(data, subjects(data, "org:member", person))]
    return sorted(rows, key=lambda r: (r.start.earliest or dt.date.max, r.post.label if r.post else "", r.position, r.term.iri))


@dataclass(frozen=True)
class Interruption:
    """A dated period in which a post had no holder (an occupation)."""

    what: Link
    start: When | None
    end: When | None
    source: Source | None


def interruptions(data: Data, post: str) -> list[Interruption]:
    found = [
        Interruption(link(data, o.value), date_of(data, o.value, "schema:startDate"), date_of(data, o.value, "schema:endDate"), source_of(data, o.value))
        for o in data.objects(post, iri("qkp:interruption"))
        if isinstance(o, ox.NamedNode)
    ]
    return sorted(found, key=lambda i: (i.start.earliest if i.start and i.start.earliest else dt.date.max, i.what.iri))


def years(rows: Iterable[TermRow]) -> str:
    """A person's years in a post, as short as the dates allow: "1960–1962, 1964–1986"."""
    return ", ".join(f"{_year(r.start)}–{'' if r.end.open else _year(r.end)}" for r in rows)


def _year(when: When) -> str:
    if when.earliest is None or when.latest is None:
        return "?"
    return str(when.earliest.year) if when.earliest.year == when.latest.year else when.text
