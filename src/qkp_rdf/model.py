"""The domain model: what an article says, as frozen dataclasses (no rdflib here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .dates import Decade, Duration, PartialDate, stated_time_agrees
from .document import Article


class SourceKind(str, Enum):
    INFOBOX = "infobox"
    SENTENCE = "sentence"
    ROW = "row"


@dataclass(frozen=True)
class ReadWarning:
    """Something in a real article that could not be read as written (a cell that is no date, a
    ragged row, a row with no name): the rest is kept, and ``--strict`` makes it an error."""

    source: str  # the article file
    line: int
    message: str  # names the cell where there is one

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


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
    #: "party" (an org:FormalOrganization) or "committee" (a regional or city committee: an
    #: org:OrganizationalUnit that is org:unitOf ``parent``).
    kind: str = "party"


@dataclass(frozen=True)
class Person:
    name: str
    birth: PartialDate | None = None
    death: PartialDate | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Post:
    """An office within the party, e.g. First Secretary."""

    label: str
    section: str


@dataclass(frozen=True)
class PostLife:
    """When a post was created and abolished, and the sentences or entries that say so."""

    post: Post
    created: PartialDate | None
    abolished: PartialDate | None
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Interruption:
    """A row of a holders' table that is no holder but a dated break in the office
    ("Nazi German occupation (1941–1943)")."""

    post: Post
    label: str
    start: PartialDate | None
    end: PartialDate | None
    source: Source


@dataclass(frozen=True)
class Term:
    """One row of an office-holder table: a person holding the post for a while."""

    ordinal: int | None  # the table's own number; None when it has none (or "–": uncounted)
    holder: Person | None  # None when the source does not name the holder ("?")
    post: Post
    start: PartialDate | Decade | None
    end: PartialDate | Decade | None
    source: Source
    position: int = 0  # the term's place in its post's series, from 1 (set once the post's rows are known)
    role: str | None = None  # "Industrial" in "(Industrial) Anton Nosilovsky": one post split for a while
    description: str | None = None
    description_sources: tuple[Source, ...] = ()  # the description rows under the row
    incumbent: bool = False
    time_in_office_text: str | None = None  # as the article wrote it, when it did
    stated_time_in_office: Duration | None = None  # that text, parsed

    @property
    def stated_time_agrees(self) -> bool | None:
        """Whether the stated time in office fits the dates (None when there is nothing to compare)."""
        if not self.stated_time_in_office or not isinstance(self.start, PartialDate) or not isinstance(self.end, PartialDate):
            return None
        return stated_time_agrees(self.start, self.end, self.stated_time_in_office)

    @property
    def exact_span(self) -> tuple[dt.date, dt.date] | None:
        """(start, end) when both are full, non-approximate days in order; else None."""
        start, end = self.start, self.end
        if not isinstance(start, PartialDate) or not isinstance(end, PartialDate) or start.approximate or end.approximate or start.uncertain or end.uncertain:
            return None
        first, last = start.to_date(), end.to_date()
        return (first, last) if first and last and first <= last else None

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
class Claim:
    """One text's statement that an event (an action on an object) happened on a date."""

    action: str  # "exclusion"
    subject: str  # "Article 6"
    date: PartialDate
    source: Source

    @property
    def event(self) -> str:
        """The event's name, the same for every claim about it: "Article 6: exclusion"."""
        return f"{self.subject}: {self.action}"


@dataclass(frozen=True)
class ArticleModel:
    article: Article
    party: Party
    posts: tuple[Post, ...]
    terms: tuple[Term, ...]
    successions: tuple[Succession, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()  # dated claims about events the article dates more than once
    post_lives: tuple[PostLife, ...] = ()
    interruptions: tuple[Interruption, ...] = ()
    warnings: tuple[ReadWarning, ...] = ()

    @property
    def people(self) -> tuple[Person, ...]:
        """Distinct holders in order of first appearance (one person may hold several terms)."""
        return tuple(dict.fromkeys(t.holder for t in self.terms if t.holder))
