"""The document: what a reader makes of an article file, whatever its format.

A :class:`Document` is the article's structure (title, infobox, sections with their blocks),
each part with the 1-based line it starts on, so later stages can cite it; :class:`Article` is
what is known of the file itself. Knows nothing of RDF or of parties.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Article:
    """The input file itself."""

    name: str  # file name, e.g. communist-party-of-kazakhstan.txt
    sha256: str
    title: str  # the article's title

    @classmethod
    def of(cls, name: str | Path, data: bytes, title: str) -> Article:
        """The article in file ``name`` (a path or a name) with these bytes, whatever its format:
        every reader makes it so, so that a file is the same article to every later stage."""
        return cls(Path(name).name, hashlib.sha256(data).hexdigest(), title)


@dataclass(frozen=True)
class InfoboxEntry:
    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Infobox:
    name: str
    line: int
    entries: tuple[InfoboxEntry, ...]

    def get(self, key: str) -> InfoboxEntry | None:
        """The first entry whose key equals ``key`` (case- and space-insensitive)."""
        wanted = _norm_key(key)
        return next((e for e in self.entries if _norm_key(e.key) == wanted), None)


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    line: int
    text: str  # the line as written, for provenance


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    line: int


@dataclass(frozen=True)
class ListItem:
    text: str
    line: int


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    line: int


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    line: int


Block = Paragraph | Table | BulletList | Footnote


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it up to the next heading; the lead has level 1."""

    heading: str
    level: int
    line: int
    blocks: tuple[Block, ...]
    parent: str | None = None  # the enclosing `==` heading of a `===` sub-section

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def lists(self) -> tuple[BulletList, ...]:
        return tuple(b for b in self.blocks if isinstance(b, BulletList))


@dataclass(frozen=True)
class Document:
    source: str  # the file as it was named, for messages
    article: Article
    infobox: Infobox | None
    sections: tuple[Section, ...] = field(default=())  # sections[0] is the lead
    last_line: int = 1  # the number of the article's last line that has text

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def lead(self) -> Section:
        return self.sections[0]

    def section(self, heading: str) -> Section | None:
        """The first section whose heading equals ``heading`` (case-insensitive)."""
        return next((s for s in self.sections if s.heading.lower() == heading.lower()), None)


def _norm_key(key: str) -> str:
    return re.sub(r"[\s_]+", "", key).lower()
