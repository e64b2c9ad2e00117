"""Dates at the precision the source gives them: day, month or year (never an invented day)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

from .errors import DateError, ImpossibleDateError


class Precision(IntEnum):
    """Wikidata's precision codes, so QuickStatements can reuse them (`/9`, `/10`, `/11`)."""

    YEAR = 9
    MONTH = 10
    DAY = 11


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_APPROX = r"(?P<approx>(?:c|ca|circa)\.?\s*)?"

# Each form is tried in turn against the whole (cleaned) string.
_FORMS = [
    re.compile(rf"^{_APPROX}(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{3,4}})$", re.I),  # 23 April 1937
    re.compile(rf"^{_APPROX}{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{3,4}})$", re.I),  # April 24, 1990
    re.compile(rf"^{_APPROX}{_MONTH}\s+(?P<year>\d{{3,4}})$", re.I),  # May 1930
    re.compile(rf"^{_APPROX}(?P<year>\d{{4}})$", re.I),  # 1937
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{2})(?:-(?P<day>\d{2}))?$"),  # ISO 1937-04-23, 1937-04
]

# In running text month names are capitalised ("may" is a verb) and whole words.
_MONTH_WORD = r"\b(?:" + "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)) + r")\b\.?"

#: A date written inside running text, in any of the forms above (used to find dates in prose).
DATE_IN_TEXT = re.compile(
    rf"(?:\b(?:c|ca|circa)\.\s*)?(?:\b\d{{1,2}}\s+{_MONTH_WORD}\s+\d{{4}}|{_MONTH_WORD}\s+\d{{1,2}},?\s+\d{{4}}|{_MONTH_WORD}\s+\d{{4}}|\b\d{{4}}\b)"
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def precision(self) -> Precision:
        """How much of the date the source gave."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def isoformat(self) -> str:
        """The lexical form of the matching XSD type: ``1937-04-23``, ``1930-05`` or ``1936``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def to_date(self) -> dt.date | None:
        """The exact day, or None when the source did not give one."""
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def latest(self) -> dt.date:
        """Last day the date can denote (1937 -> 1937-12-31)."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return ("c. " if self.approximate else "") + self.isoformat()


def parse_date(text: str) -> PartialDate:
    """Parse one date in the forms articles use; raise :class:`DateError` if it is none of them.

    Impossible days (31 February 1951) are errors, not silently moved.
    """
    cleaned = " ".join(text.replace("\u00a0", " ").split()).strip(" .")
    for form in _FORMS:
        match = form.match(cleaned)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["year"])
        month = _MONTHS[parts["month"].lower()] if parts.get("month") else None
        if parts.get("mnum"):
            month = int(parts["mnum"])
        day = int(parts["day"]) if parts.get("day") else None
        approximate = bool(parts.get("approx"))
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as e:
            raise ImpossibleDateError(f"impossible date {text.strip()!r}: {e}") from e
        return PartialDate(year, month, day, approximate)
    raise DateError(f"not a date: {text.strip()!r}")


def looks_like_date(text: str) -> bool:
    """True when ``text`` is a date (possibly impossible) in one of the supported forms."""
    try:
        parse_date(text)
    except ImpossibleDateError:
        return True
    except DateError:
        return False
    return True


def time_between(start: dt.date, end: dt.date) -> tuple[int, int, int]:
    """Whole years, months and days from ``start`` to ``end``, counted as a person would.

    Months are added to ``start`` first (clamped to the month's last day, as
    dateutil's relativedelta does) and the remaining days are counted after that.
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    year, month0 = divmod(start.month - 1 + months, 12)
    anchor_year, anchor_month = start.year + year, month0 + 1
    anchor = dt.date(anchor_year, anchor_month, min(start.day, calendar.monthrange(anchor_year, anchor_month)[1]))
    return months // 12, months % 12, (end - anchor).days
