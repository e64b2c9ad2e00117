"""The validation view computed from N-Triples lines: the view ``qkp-rdf validate`` gives the engine.

Files come with no model (:mod:`.model_view`), and an rdflib graph of a million triples (for
:func:`~.view.validation_view`) takes a minute and gigabytes; a store running the shapes' own
rules took a quarter of a minute, and rewrote literals it knows into canonical form. Here each
line is split into its three terms as text, only the triples the view reads are kept (a few
predicates), and the view is worked out as :func:`~.view.validation_view` works it out, with its
helpers: :func:`lines_view` gives exactly ``validation_view(to_graph(lines))``, as text.

Where the view asks rdflib about a literal (is it ill-typed, what is its value, which literals
are one term), :func:`literal_of` answers as rdflib does, with rdflib's own conversions from
lexical form to value (``rdflib.term.XSDToPython``: plain functions, no term is made) and its
rules for well-formedness and for writing a value back (rdflib normalizes ``"01"^^xsd:integer``
to ``"1"``, ``"P1Y0M"^^xsd:duration`` to ``"P1Y"``, ``"1"^^xsd:boolean`` to ``"true"``).
"""

from __future__ import annotations

import datetime as dt
from base64 import b64encode
from binascii import hexlify
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib.term import XSDToPython
from rdflib.xsd_datetime import Duration, duration_isoformat

from ..dates import XSD_DATE, end_window, minus_year, parse_duration, plus_year, xsd_date_bounds
from ..ntriples import unescape
from ..terms import OPENGOV, ORG, QKP, SCHEMA, TRUE, XSD, Vocabulary, day, iri
from . import view
from .view import APPROXIMATE, AXIOMS, DATE_PROPERTIES, DATE_TYPES, VAGUE, gap_limit, overlapping, sharing

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: rdflib's conversion of each datatype it knows (keyed by plain text: a URIRef key is found by no str).
_CONVERT: dict[str, Callable[[str], Any] | None] = {str(k): v for k, v in XSDToPython.items() if k is not None}
#: The integer types rdflib finds ill-typed outside their range (lowest, highest; None: unbounded).
_RANGES: dict[str, tuple[int | None, int | None]] = {
    _XSD + name: bounds
    for name, bounds in {
        "int": (-(2**31), 2**31 - 1),
        "short": (-(2**15), 2**15 - 1),
        "byte": (-128, 127),
        "unsignedInt": (0, 2**32 - 1),
        "unsignedLong": (0, None),
        "unsignedShort": (0, 2**16 - 1),
        "unsignedByte": (0, 255),
        "nonNegativeInteger": (0, None),
        "positiveInteger": (1, None),
        "nonPositiveInteger": (None, 0),
        "negativeInteger": (None, -1),
    }.items()
}
_BOOLEAN = _XSD + "boolean"
_BINARY: dict[str, Callable[[bytes], bytes]] = {_XSD + "hexBinary": hexlify, _XSD + "base64Binary": b64encode}
#: How rdflib writes a value back as its lexical form, by the value's type, in rdflib's order
#: (a bool is an int, a datetime a date). A value of no type here (an XML literal's document)
#: keeps the lexical form as stated: not rdflib's rewriting of it, and no date or number the view reads.
_WRITE: tuple[tuple[type | tuple[type, ...], Callable[[Any], str]], ...] = (
    (str, str),
    (float, str),
    (bool, lambda b: "true" if b else "false"),
    (int, str),
    (Decimal, lambda d: f"{d:f}"),
    ((dt.date, dt.time), lambda d: d.isoformat()),
    ((Duration, dt.timedelta), duration_isoformat),
)
_DATE_TYPES = frozenset(map(str, DATE_TYPES))
_STRING, _DURATION = XSD.string[1:-1], XSD.duration[1:-1]


@dataclass(frozen=True)
class Lit:
    """A literal as rdflib holds it: its lexical form as rdflib normalizes it, its datatype (an IRI,
    None for a plain or tagged string), rdflib's ill-typed verdict and value, the days it can mean
    (:func:`~qkp_rdf.dates.xsd_date_bounds` of the lexical form, as :func:`~.view.literal_bounds`),
    and its identity (rdflib's literal equality: tags compared lower-cased)."""

    lexical: str
    datatype: str | None
    ill_typed: bool
    value: object
    bounds: tuple[dt.date, dt.date] | None
    key: Hashable


#: A term as the view reads it: an IRI or blank node as its text (``<...>``, ``_:b0``), or a literal.
Node = str | Lit


def _well_formed(datatype: str, lexical: str, value: object) -> bool:
    """rdflib's verdict on a literal of a datatype it knows, given the value it converted."""
    if datatype == _BOOLEAN:
        return lexical in ("true", "false", "1", "0")
    if datatype in _RANGES:
        low, high = _RANGES[datatype]
        return isinstance(value, int) and (low is None or low <= value) and (high is None or value <= high)
    return value is not None


def _written(value: object, datatype: str, lexical: str) -> str:
    """The lexical form rdflib writes a converted value in."""
    if isinstance(value, bytes) and datatype in _BINARY:
        return _BINARY[datatype](value).decode("ascii")
    for types, write in _WRITE:
        if isinstance(value, types):
            try:
                return write(value)
            except ValueError:  # a duration of negative months and positive days: rdflib fails to read it at all
                return lexical
    return lexical


@lru_cache(maxsize=1 << 16)
def literal_of(text: str) -> Lit:
    """A literal's N-Triples text (pyoxigraph's or ours) read as rdflib reads it; remembered, as a
    dataset repeats its dates and numbers."""
    end = text.rindex('"')  # tags and datatype IRIs hold no quote
    lexical = unescape(text[1:end])
    rest = text[end + 1 :]
    if rest.startswith("@"):
        return Lit(lexical, None, False, lexical, None, (lexical, rest[1:].lower(), None))
    datatype = rest[3:-1] if rest else None
    value: object = lexical if datatype is None else None
    ill_typed = False
    if datatype in _CONVERT:
        convert = _CONVERT[datatype]
        try:
            value = convert(lexical) if convert else lexical
        except Exception:  # whatever rdflib's conversion raises, rdflib takes as no value (ill-typed)
            value = None
        ill_typed = not _well_formed(datatype, lexical, value)
        if value is not None:
            lexical = _written(value, datatype, lexical)
    bounds = xsd_date_bounds(lexical, datatype) if datatype in _DATE_TYPES else None
    return Lit(lexical, datatype, ill_typed, value, bounds, (lexical, None, datatype))


def _key(node: Node) -> Hashable:
    return node if isinstance(node, str) else node.key


def _bare(term: str) -> str:
    """A term's text as rdflib's ``str()`` of it (an IRI without brackets, a blank node's id), which orders ties."""
    return term[1:-1] if term[0] == "<" else term[2:]


_QKPV = Vocabulary(view.QKPV)
_NAMES = {iri(prop): name for prop, name in DATE_PROPERTIES.items()}
_VALID_FROM, _VALID_THROUGH = SCHEMA.validFrom, SCHEMA.validThrough
_VAGUE = {iri(prop): (iri(earliest), iri(latest)) for prop, (earliest, latest) in VAGUE.items()}
_WIDENED_BY = {iri(prop): tuple(map(iri, flags)) for prop, flags in APPROXIMATE.items()}
_TRUE = literal_of(TRUE).key
#: Every predicate the view reads.
_READ = {
    *_NAMES,
    *(p for pair in _VAGUE.values() for p in pair),
    *(flag for flags in _WIDENED_BY.values() for flag in flags),
    QKP.startUnknown,
    QKP.holderUnknown,
    QKP.statedTimeInOffice,
    QKP.position,
    QKP.ordinal,
    QKP.role,
    QKP.interruption,
    OPENGOV.post,
    ORG.member,
}


class _Index:
    """The triples the view reads: for each predicate, each subject's distinct objects (by rdflib's
    identity), in the order the lines give them (``graph.value`` of a graph read from the lines
    gives the first)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.by: dict[str, dict[str, dict[Hashable, Node]]] = {p: {} for p in _READ}
        for line in lines:
            cut = line.index(" ")
            then = line.index(" ", cut + 1)
            objects = self.by.get(line[cut + 1 : then])
            if objects is not None:
                text = line[then + 1 : -3]  # the line ends " .\n"
                node = literal_of(text) if text[0] == '"' else text
                objects.setdefault(line[:cut], {}).setdefault(_key(node), node)

    def objects(self, subject: str, prop: str) -> Iterable[Node]:
        return self.by[prop].get(subject, {}).values()

    def literals(self, subject: str, prop: str) -> Iterator[Lit]:
        return (v for v in self.objects(subject, prop) if isinstance(v, Lit))

    def keys(self, subject: str, prop: str) -> Iterable[Hashable]:
        return self.by[prop].get(subject, {}).keys()

    def true(self, prop: str) -> set[str]:
        """The subjects whose ``prop`` is true (``"1"^^xsd:boolean`` too: rdflib's equality)."""
        return {s for s, objects in self.by[prop].items() if _TRUE in objects}


def _day_of(value: Lit) -> dt.date | None:
    """A well-formed xsd:date literal's day (as :func:`~.view.day_of`)."""
    return value.value if value.datatype == XSD_DATE and not value.ill_typed and type(value.value) is dt.date else None


class _Dates:
    """The days the dates of the lines can mean, each worked out once (as :class:`~.view.Dates`)."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self.widened = {prop: {s for flag in flags for s in index.true(flag)} for prop, flags in _WIDENED_BY.items()}
        self._all: dict[tuple[str, str], tuple[list[dt.date], list[dt.date]]] = {}

    def bounds(self, subject: str, prop: str, value: Lit) -> tuple[dt.date, dt.date] | None:
        bounds = value.bounds
        if bounds and subject in self.widened.get(prop, ()):
            return minus_year(bounds[0]), plus_year(bounds[1])
        return bounds

    def vague(self, subject: str, prop: str) -> tuple[list[dt.date], list[dt.date]]:
        if prop not in _VAGUE or subject in self.index.by[prop]:
            return [], []
        earliest_prop, latest_prop = _VAGUE[prop]
        earliest = [d for v in self.index.literals(subject, earliest_prop) if (d := _day_of(v))]
        latest = [d for v in self.index.literals(subject, latest_prop) if (d := _day_of(v))]
        if subject in self.widened.get(prop, ()):
            earliest, latest = [minus_year(d) for d in earliest], [plus_year(d) for d in latest]
        return earliest, latest

    def all(self, subject: str, prop: str) -> tuple[list[dt.date], list[dt.date]]:
        key = (subject, prop)
        if key not in self._all:
            stated = [b for v in self.index.literals(subject, prop) if (b := self.bounds(subject, prop, v))]
            self._all[key] = ([b[0] for b in stated], [b[1] for b in stated]) if stated else self.vague(subject, prop)
        return self._all[key]


Triple = tuple[str, str, str]


def _date_view(dates: _Dates, subject: str, prop: str, value: Lit) -> Iterator[Triple]:
    """The view of one stated date (as :func:`~.view.date_view`)."""
    name = _NAMES[prop]
    bounds = dates.bounds(subject, prop, value)
    datatype = value.datatype or _STRING
    ill_formed = value.ill_typed or (datatype in _DATE_TYPES and not bounds)
    yield subject, _QKPV[f"{name}Datatype"], _QKPV.IllFormed if ill_formed else iri(datatype)
    if bounds:
        yield subject, _QKPV[f"{name}Earliest"], day(bounds[0])
        yield subject, _QKPV[f"{name}Latest"], day(bounds[1])
        if prop == _VALID_THROUGH:
            yield subject, _QKPV.validThroughLatestPlusYear, day(plus_year(bounds[1]))


def _vague_view(dates: _Dates) -> Iterator[Triple]:
    """The view of a decade's bounds (as :func:`~.view._vague_view`)."""
    for prop, (earliest_prop, latest_prop) in _VAGUE.items():
        name = _NAMES[prop]
        for subject in {*dates.index.by[earliest_prop], *dates.index.by[latest_prop]}:
            earliest, latest = dates.vague(subject, prop)
            for first in earliest:
                yield subject, _QKPV[f"{name}Earliest"], day(first)
            for last in latest:
                yield subject, _QKPV[f"{name}Latest"], day(last)
                if prop == _VALID_THROUGH:
                    yield subject, _QKPV.validThroughLatestPlusYear, day(plus_year(last))


def _overlaps(dates: _Dates) -> Iterator[Triple]:
    """qkpv:overlapsTerm (as :func:`~.view._overlaps`): the terms of a post ordered by their
    position, the first one the lines give, when its value is an int (as rdflib's is)."""
    index = dates.index
    by_post: dict[Hashable, list[tuple[int, str, str]]] = {}
    for term, posts in index.by[OPENGOV.post].items():
        position = next(iter(index.objects(term, QKP.position)), None)
        if isinstance(position, Lit) and isinstance(position.value, int):
            for post in posts:
                by_post.setdefault(post, []).append((position.value, _bare(term), term))

    def span(term: str) -> tuple[dt.date, dt.date] | None:
        starts = dates.all(term, _VALID_FROM)[1]
        ends = dates.all(term, _VALID_THROUGH)[0]
        return (max(starts), min(ends)) if starts and ends else None

    for terms in by_post.values():
        spans = [(term, span(term), set(index.keys(term, QKP.role))) for _, _, term in sorted(terms)]
        for term, earlier in overlapping(spans):
            yield term, _QKPV.overlapsTerm, earlier


def _gap_limits(dates: _Dates) -> Iterator[Triple]:
    """qkpv:validThroughGapLimit (as :func:`~.view._gap_limits`)."""
    index = dates.index
    interruptions: dict[Hashable, list[tuple[dt.date, dt.date]]] = {}
    for post, objects in index.by[QKP.interruption].items():
        for interruption in objects.values():
            if isinstance(interruption, str):  # a literal has no dates
                starts = [b[0] for v in index.literals(interruption, SCHEMA.startDate) if (b := v.bounds)]
                ends = [b[1] for v in index.literals(interruption, SCHEMA.endDate) if (b := v.bounds)]
                if starts and ends:
                    interruptions.setdefault(post, []).append((min(starts), max(ends)))
    for term in {*index.by[_VALID_THROUGH], *index.by[QKP.latestEnd]}:
        gaps = sorted(i for post in index.keys(term, OPENGOV.post) for i in interruptions.get(post, []))
        for latest in dates.all(term, _VALID_THROUGH)[1]:
            yield term, _QKPV.validThroughGapLimit, day(gap_limit(latest, gaps))


def _stated_ends(dates: _Dates) -> Iterator[Triple]:
    """qkpv:statedEndEarliest / qkpv:statedEndLatest (as :func:`~.view.validation_view`)."""
    for term, objects in dates.index.by[QKP.statedTimeInOffice].items():
        starts = [b for v in dates.index.literals(term, _VALID_FROM) if (b := dates.bounds(term, _VALID_FROM, v))]
        for stated in objects.values():
            duration = parse_duration(stated.lexical) if isinstance(stated, Lit) and stated.datatype == _DURATION else None
            if duration and len(starts) == 1 and (window := end_window(*starts[0], duration)):
                yield term, _QKPV.statedEndEarliest, day(window[0])
                yield term, _QKPV.statedEndLatest, day(window[1])


def _same_number(index: _Index, prop: str, derived: str) -> Iterator[Triple]:
    """qkpv:sameOrdinalAs / qkpv:samePositionAs (as :func:`~.view._same_number`)."""
    by_number: dict[tuple[Hashable, Hashable], set[str]] = {}
    for term, numbers in index.by[prop].items():
        for number in numbers:
            for post in index.keys(term, OPENGOV.post):
                by_number.setdefault((post, number), set()).add(term)
    for term, other in sharing(by_number.values()):
        yield term, derived, other


def _view(index: _Index) -> Iterator[Triple]:
    dates = _Dates(index)
    yield from ((iri(s), iri(p), iri(o)) for s, p, o in AXIOMS)
    for prop in _NAMES:
        for subject, objects in index.by[prop].items():
            for value in objects.values():
                if isinstance(value, Lit):  # else the shapes' sh:nodeKind sh:Literal reports it
                    yield from _date_view(dates, subject, prop, value)
    yield from _vague_view(dates)
    yield from _overlaps(dates)
    yield from _gap_limits(dates)
    yield from _stated_ends(dates)
    for term in {*index.by[_VALID_FROM], *index.by[QKP.earliestStart], *index.true(QKP.startUnknown)}:
        yield term, _QKPV.startStated, TRUE
    for term in index.by[ORG.member]:
        yield term, _QKPV.holderStated, ORG.member
    for term in index.true(QKP.holderUnknown):
        yield term, _QKPV.holderStated, QKP.holderUnknown
    yield from _same_number(index, QKP.ordinal, _QKPV.sameOrdinalAs)
    yield from _same_number(index, QKP.position, _QKPV.samePositionAs)


def lines_view(lines: Iterable[str]) -> list[str]:
    """The validation view of some N-Triples lines, each ``subject predicate object .\\n`` (as
    pyoxigraph writes a triple, or :mod:`qkp_rdf.ntriples`): ``validation_view(to_graph(lines))``
    as N-Triples lines, possibly some more than once."""
    return [f"{s} {p} {o} .\n" for s, p, o in _view(_Index(lines))]
