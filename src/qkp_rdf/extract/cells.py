"""What one cell of an office-holder table says: a date, a "start – end" range, an ordinal, a
holder's name with its life years, role and aliases."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..dates import Decade, PartialDate, looks_like_date, parse_date, parse_decade
from ..errors import DateError
from ..model import Person
from .text import Warnings, plain_date, roman_value

#: Cells that name nothing, and cells that say a term has not ended.
UNKNOWN = {"", "—", "–", "-", "?", "unknown", "n/a"}
OPEN_END = {"incumbent", "present", "current", "to date"}
# "7", "7.", "(7).", "#7", "No. 7", "7th", "VII".
_ORDINAL = re.compile(r"^(?:#|(?i:No)\.?\s*)?(?:\(?(?P<n>\d{1,5})\)?(?:st|nd|rd|th)?|(?P<roman>[IVXLC]{1,7}))\.?$")
_ROLE = re.compile(r"^\((?P<role>[^()]{1,40})\)\s*(?P<rest>\S.*)$")
_TRAILING_PAREN = re.compile(r"\s*\((?P<inner>[^()]*)\)$")
_LIFE = re.compile(r"(?P<birth>[^–—]*?)\s*(?:[–—]|\s-\s|(?<=[\d?])-(?=[\d?]|$))\s*(?P<death>[^–—]*?)")
_VAGUE_YEAR = re.compile(r"\d{1,3}[.?xX]+")
_BORN = re.compile(r"(?:born|b\.)\s*(?P<date>.+)", re.I)
_DIED = re.compile(r"(?:died|d\.)\s*(?P<date>.+)", re.I)
# A parenthesis after a name that says how the term was held, not another name: "(acting)", "(2nd time)".
_ROLE_NOTE = re.compile(r"acting|interim|provisional|caretaker|temporary|de facto|(?:\d+(?:st|nd|rd|th)|first|second|third)\s+(?:time|term)", re.I)
#: "1961 – 1982", "1961—present", "1946-1956" (a hyphen only between years: 1937-04-23 is one date).
RANGE = re.compile(r"^(?P<start>.+?)\s*(?:[–—]|\s-\s|(?<=\d)-(?=\d{4}\b)|\bto\b)\s*(?P<end>.*)$")
_IMAGE = re.compile(r"^(?:file|image):|\.(?:jpe?g|png|svg|gif|webp|tiff?)$", re.I)


def is_date_cell(cell: str) -> bool:
    """Whether the cell is a date or a decade (not blank, unknown or open)."""
    # An impossible date is still a date here: it is reported later, with its line.
    return cell.lower() not in UNKNOWN | OPEN_END and (looks_like_date(cell) or parse_decade(cell) is not None)


def date_range(cell: str) -> tuple[str, str] | None:
    """(start, end) of a "start – end" cell whose start is a date and whose end is a date, an
    open end or unknown."""
    match = RANGE.match(cell)
    if not match:
        return None
    start, end = match.group("start"), match.group("end")
    if is_date_cell(start) and (is_date_cell(end) or end.lower() in OPEN_END | UNKNOWN):
        return start, end
    return None


def is_range_cell(cell: str) -> bool:
    """Whether the cell is a "start – end" range (see :func:`date_range`)."""
    return date_range(cell) is not None


def is_data_row(cells: Sequence[str]) -> bool:
    """Whether a row holds a date or a range: a holder's row, not a header."""
    return any(is_date_cell(c) or is_range_cell(c) for c in cells)


def ordinal_value(cell: str) -> int | None:
    """The number an ordinal cell writes: ``7``, ``7.``, ``(7).``, ``#7``, ``No. 7``, ``7th``, ``VII``."""
    match = _ORDINAL.match(cell)
    if not match:
        return None
    if match.group("n"):
        return int(match.group("n"))
    return roman_value(match.group("roman"))


def is_name(cell: str) -> bool:
    """A person's name starts with a letter or a role in parentheses ("18th", "1,234" are not
    names) and is no image file."""
    return (cell[:1].isalpha() or bool(_ROLE.match(cell))) and not _IMAGE.search(cell)


def life_years(text: str) -> tuple[PartialDate | None, PartialDate | None] | None:
    """(birth, death) from life years as written: "1893–1938", "?–?", "1896–?", "1955– ",
    "born 1941", "b. 1941", "died 1950"; None when the text is no such thing."""
    text = text.strip()
    if (m := _BORN.fullmatch(text)) and (born := plain_date(m.group("date"))):
        return born, None
    if (m := _DIED.fullmatch(text)) and (died := plain_date(m.group("date"))):
        return None, died
    m = _LIFE.fullmatch(text)
    if not m:
        return None
    parts = [m.group("birth").strip(), m.group("death").strip()]
    # "?", and a year with digits missing ("19..", "193?"), say the year is not known.
    unknown = [not p.strip("?") or bool(_VAGUE_YEAR.fullmatch(p)) for p in parts]
    if any(not gone and plain_date(p) is None for p, gone in zip(parts, unknown)):
        return None
    born, died = (None if gone else plain_date(p) for p, gone in zip(parts, unknown))
    return born, died


def is_life_cell(cell: str) -> bool:
    """A life-years cell: "1898–1937", "1903–?", "1919–", "?–1937", "?–?", "born 1941"."""
    return life_years(cell) is not None


@dataclass(frozen=True)
class Holder:
    person: Person | None
    role: str | None


def read_holder(cell: str, life_cell: str, line: int, warn: Warnings) -> Holder:
    """Who a name cell names: the name without life years, role or alias, and those apart.

    ``(Industrial) Anton Nosilovsky`` has the role "Industrial"; ``Vladimir Ivanov (1893–1938)``
    the life years; ``Pyotr Agniashvili (Agniev)`` the alias "Agniev"; ``Ivan Petrov (acting)``,
    ``(Acting)``, ``(2nd time)`` or another lower-case note the role. ``?``, ``???`` or an empty cell: no holder named.
    """
    name, role = cell, None
    aliases: list[str] = []
    birth = death = None
    if m := _ROLE.match(name):
        role, name = m.group("role").strip(), m.group("rest").strip()
    while m := _TRAILING_PAREN.search(name):
        inner = m.group("inner").strip()
        life = life_years(inner)
        if life is not None:
            birth, death = life
        elif role is None and (_ROLE_NOTE.fullmatch(inner) or (inner[:1].islower() and not any(c.isdigit() for c in inner))):
            role = inner
        elif inner[:1].isupper() and not any(c.isdigit() for c in inner):
            aliases.insert(0, inner)
        else:
            break
        name = name[: m.start()].strip()
    if life_cell and life_cell.lower() not in UNKNOWN:
        life = life_years(life_cell)
        if life is None:
            warn(line, f"life years cell {life_cell!r} is no span of years; left out")
        else:
            birth, death = life
    if name.strip("?").strip() == "" or name.lower() in UNKNOWN:
        return Holder(None, role)
    return Holder(Person(name, birth, death, tuple(aliases)), role)


def cell_date(cell: str, line: int, column: str, warn: Warnings) -> tuple[PartialDate | Decade | None, bool]:
    """A start or end cell: (date, open-ended?). What is no date is left out with a warning."""
    if cell.lower() in OPEN_END:
        return None, True
    if cell.lower().strip("? ") in UNKNOWN:
        return None, False
    if (decade := parse_decade(cell)) is not None:
        return decade, False
    try:
        return parse_date(cell), False
    except DateError as e:
        warn(line, f"{column} cell: {e}; left out")
        return None, False
