"""Text helpers every rule shares: the article's warnings, its sentences, cells and lists, and
the first date a text writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..dates import DATE_IN_TEXT, PartialDate, parse_date
from ..document import Section
from ..errors import DateError
from ..model import ReadWarning, Source, SourceKind

_FOOTNOTE_MARK = re.compile(r"\[(?:\d+|[a-z]|note \d+|citation needed)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ABBREVIATIONS = {"art", "c", "ca", "no", "nos", "st", "mr", "mrs", "dr", "jr", "sr", "vs", "gen", "col", "lt", "sgt", "prof", "vol", "p", "pp"}


class Warnings:
    """The warnings of one article, in the order they were found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[ReadWarning] = []

    def __call__(self, line: int, message: str) -> None:
        self.items.append(ReadWarning(self.source, line, message))


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str
    line: int
    index: int

    def source(self) -> Source:
        return Source(SourceKind.SENTENCE, self.section, self.line, self.text, self.index)


def clean_cell(text: str) -> str:
    """A table cell without footnote markers and with normalised spaces."""
    return " ".join(_FOOTNOTE_MARK.sub("", text).replace("\u00a0", " ").split())


def split_list(value: str) -> list[str]:
    """Split an infobox value on commas that are not inside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in value:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _continues(buffer: str, following: str) -> bool:
    """Whether the text after a full stop still belongs to the same sentence: it starts in
    lower case (any script), or the stop ended an abbreviation ("Art. 6", "c. 1937") or an initial."""
    first = next((c for c in following if c.isalnum()), "")
    if first.islower():
        return True
    last_word = re.findall(r"(\w+)\.$", buffer)
    return bool(last_word) and (last_word[0].lower() in _ABBREVIATIONS or (len(last_word[0]) == 1 and last_word[0].isupper()))


def sentences(section: Section) -> Iterator[Sentence]:
    """The section's prose, one sentence at a time, each with its line."""
    for paragraph in section.paragraphs:
        pieces = _SENTENCE_END.split(paragraph.text)
        buffer, index = "", 0
        for position, piece in enumerate(pieces):
            buffer = f"{buffer} {piece}" if buffer else piece
            if position + 1 < len(pieces) and _continues(buffer, pieces[position + 1]):
                continue
            index += 1
            yield Sentence(buffer, section.heading, paragraph.line, index)
            buffer = ""


def first_date(text: str, line: int, warn: Warnings, position: int = 0) -> PartialDate | None:
    """The first date written in ``text`` from ``position`` on; one that does not exist
    (31 February 1951) is left out with a warning at ``line``."""
    match = DATE_IN_TEXT.search(text, position)
    if not match:
        return None
    try:
        return parse_date(match.group(0))
    except DateError as e:
        warn(line, f"{e}; left out")
        return None


def plain_date(text: str) -> PartialDate | None:
    """The date ``text`` is, or None (without a warning) when it is none."""
    try:
        return parse_date(text)
    except DateError:
        return None


def roman_value(numeral: str) -> int:
    """The number a Roman numeral writes (VI is 6)."""
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def strip_article(name: str) -> str:
    """A name without its leading "the"."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I)
