"""The domain model: what an article says, as frozen dataclasses (no rdflib here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .dates import Duration, PartialDate, stated_time_agrees

if TYPE_CHECKING:
    from .claims import Claim


class SourceKind(str, Enum):
    INFOBOX = "infobox"
    SENTENCE = "sentence"
    ROW = "row"


@dataclass(frozen=True)
class Source:
    """Where a fact came from: the section, the line and the exact text (sentence, row, entry)."""

    kind: SourceKind
    section: str
    line: int
    text: str
    index: int = 1  # the sentence's position in its paragraph (1 for rows and entries)


@dataclass(frozen=True)
class Org:
    """An organisation the article names but is not about (parent, predecessor, successor)."""

    name: str
    abbreviation: str | None = None


@dataclass(frozen=True)
class Logo:
    name: str
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True)
class Leader:
    """An infobox `LeaderN Title` / `LeaderN Name` pair (e.g. First leader: Levon Mirzoyan)."""

    title: str
    name: str


@dataclass(frozen=True)
class Party:
    name: str
    title: str
    abbreviation: str | None = None
    native_name: str | None = None
    native_language: str | None = None
    transliteration: str | None = None
    former_names: tuple[str, ...] = ()
    ideologies: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    parent: Org | None = None
    predecessors: tuple[Org, ...] = ()
    headquarters: str | None = None
    newspaper: str | None = None
    logos: tuple[Logo, ...] = ()
    leaders: tuple[Leader, ...] = ()
    see_also: tuple[str, ...] = ()
    founded: PartialDate | None = None
    dissolved: PartialDate | None = None


@dataclass(frozen=True)
class Person:
    name: str


@dataclass(frozen=True)
class Post:
    """An office within the party, e.g. First Secretary."""

    label: str
    section: str


@dataclass(frozen=True)
class Term:
    """One row of an office-holder table: a person holding the post for a while."""

    ordinal: int
    holder: Person
    post: Post
    start: PartialDate | None
    end: PartialDate | None
    source: Source
    description: str | None = None
    description_sources: tuple[Source, ...] = ()  # the description rows under the row
    incumbent: bool = False
    time_in_office_text: str | None = None  # as the article wrote it, when it did
    stated_time_in_office: Duration | None = None  # that text, parsed

    @property
    def stated_time_agrees(self) -> bool | None:
        """Whether the stated time in office fits the dates (None when there is nothing to compare)."""
        if not self.stated_time_in_office or not self.start or not self.end:
            return None
        return stated_time_agrees(self.start, self.end, self.stated_time_in_office)

    @property
    def exact_span(self) -> tuple[dt.date, dt.date] | None:
        """(start, end) when both are full, non-approximate days in order; else None."""
        if not self.start or not self.end or self.start.approximate or self.end.approximate:
            return None
        start, end = self.start.to_date(), self.end.to_date()
        return (start, end) if start and end and start <= end else None

    @property
    def days_in_office(self) -> int | None:
        """Days from start to end, when both are exact days (see :attr:`exact_span`)."""
        span = self.exact_span
        return (span[1] - span[0]).days if span else None


class SuccessionKind(str, Enum):
    DE_JURE = "de jure"
    DE_FACTO = "de facto"
    UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Succession:
    successor: Org
    kind: SuccessionKind
    source: Source
    date: PartialDate | None = None
    detail: Source | None = None  # the prose sentence about the successor's creation, when found


class EventKind(str, Enum):
    FOUNDING = "founding"
    DISSOLUTION = "dissolution"
    SUCCESSION = "succession"


@dataclass(frozen=True)
class Event:
    """A dated change in the party's life (founding, dissolution, a successor's creation)."""

    kind: EventKind
    label: str
    date: PartialDate | None
    source: Source
    resulting: tuple[Org, ...] = ()  # the organisations the event brought about, besides the party
    party_role: str = "original"  # the article's own party is the event's "original" or "resulting" organization


@dataclass(frozen=True)
class Article:
    """What the pipeline knows about the input file itself."""

    name: str  # file name, e.g. communist-party-of-kazakhstan.txt
    slug: str
    sha256: str


@dataclass(frozen=True)
class ArticleModel:
    article: Article
    party: Party
    posts: tuple[Post, ...]
    terms: tuple[Term, ...]
    successions: tuple[Succession, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()  # dated claims about events the article dates more than once

    @property
    def people(self) -> tuple[Person, ...]:
        """Distinct holders in order of first appearance (one person may hold several terms)."""
        return tuple(dict.fromkeys(t.holder for t in self.terms))
