"""Dates at the precision the source gives them: day, month or year (never an invented day).

Every date helper lives here: the forms articles write dates and times in office in, the XSD
lexical forms of the published graph (:func:`xsd_date_bounds`, :func:`lexical_date`,
:func:`xsd_duration`), Wikidata's time values (:func:`wikidata_date`), and day arithmetic
(:func:`time_between`, :func:`add_time`, :func:`plus_year`, :func:`minus_year`).
No rdflib here: datatypes are given as IRIs (text).
"""

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
    uncertain: bool = False  # written with a trailing "?" (EDTF's "1943?"): the source doubts it

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

    def earliest(self) -> dt.date:
        """First day the date can denote (1937 -> 1937-01-01)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """Last day the date can denote (1937 -> 1937-12-31)."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return ("c. " if self.approximate else "") + self.isoformat() + ("?" if self.uncertain else "")


@dataclass(frozen=True, order=True)
class Decade:
    """A date known only to its decade ("193.", "1930s"; EDTF's ``193X``): no value of any XSD
    date type can say it, so only the first and last day it allows are kept."""

    start_year: int  # 1930

    def earliest(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    def latest(self) -> dt.date:
        return dt.date(self.start_year + 9, 12, 31)

    def isoformat(self) -> str:
        """The EDTF form, ``193X``."""
        return f"{self.start_year // 10:03d}X"

    def __str__(self) -> str:
        return self.isoformat()


#: "193.", "193?", "193x", "193-", "1930s", "the 1930s".
_DECADE = re.compile(r"^(?:the\s+)?(?:(?P<stem>\d{3})[.?xX_-]|(?P<full>\d{3}0)'?s)$", re.I)


def parse_decade(text: str) -> Decade | None:
    """The decade a cell like ``193.`` or ``1930s`` names, else None."""
    match = _DECADE.match(" ".join(text.split()))
    if not match:
        return None
    start = int(match.group("stem") or match.group("full")[:3]) * 10
    return Decade(start) if start else None  # there is no year 0


def parse_date(text: str) -> PartialDate:
    """Parse one date in the forms articles use; raise :class:`DateError` if it is none of them.

    Impossible days (31 February 1951) are errors, not silently moved. A trailing ``?``
    ("1943?") marks the date uncertain; the value is still the one written.
    """
    cleaned = " ".join(text.replace("\u00a0", " ").split()).strip(" .")
    uncertain = cleaned.endswith("?")
    cleaned = cleaned.rstrip("? ")
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
        return PartialDate(year, month, day, approximate, uncertain)
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


#: The XSD datatypes of dates, as IRIs.
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_GYEARMONTH = "http://www.w3.org/2001/XMLSchema#gYearMonth"
XSD_GYEAR = "http://www.w3.org/2001/XMLSchema#gYear"
#: How many of year, month, day each datatype's lexical form has.
_XSD_PARTS = {XSD_DATE: 3, XSD_GYEARMONTH: 2, XSD_GYEAR: 1}
# Year, then month, then day (a day only after a month: both optional parts are alike).
_YMD = r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?"
_XSD_LEXICAL = re.compile(_YMD + r"(?:Z|[+-]\d{2}:\d{2})?", re.ASCII)  # XSD digits are 0-9 only
_LEADING_DATE = re.compile(_YMD)
_WIKIDATA_TIME = re.compile(r"\+?" + _YMD)


def xsd_date_bounds(lexical: str, datatype_iri: str) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest day a well-formed xsd:date / xsd:gYearMonth / xsd:gYear lexical
    form (with an optional time zone) can mean; None when it is ill-formed (a 13th month, a
    30th of February, the wrong parts for the datatype) or the datatype is none of these."""
    match = _XSD_LEXICAL.fullmatch(lexical)
    parts = _XSD_PARTS.get(datatype_iri)
    if not match or parts is None or len([g for g in match.groups() if g]) != parts:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day), dt.date(year, month, day)
        if month is not None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # a 13th month, a 30th of February
        return None


def lexical_date(text: str) -> PartialDate | None:
    """The date an XSD date lexical form starts with (``1937-04-23``, ``1930-05``, ``1936``), at the
    precision written, whatever follows (a time zone, a time of day); None if it starts with none."""
    match = _LEADING_DATE.match(text)
    if match is None:
        return None
    try:
        return parse_date(match.group(0))
    except DateError:
        return None


def wikidata_date(text: str) -> dt.date | None:
    """The day of a Wikidata time value (``1937-04-23T00:00:00Z``); None for years before 1 or after 9999,
    and for anything else that is not a date. Wikidata stores a year-precision date as its 1 January."""
    match = _WIKIDATA_TIME.match(text)
    if not match or not match.group(3):
        return None
    try:
        return dt.date(int(match.group(1)), max(1, int(match.group(2))), max(1, int(match.group(3))))
    except ValueError:
        return None


def wikidata_latest(day: dt.date) -> dt.date:
    """The last day a Wikidata date may mean: a year or month is stored as its first day."""
    if day.month == 1 and day.day == 1:
        return dt.date(day.year, 12, 31)
    if day.day == 1:
        return PartialDate(day.year, day.month).latest()
    return day


def plus_year(day: dt.date) -> dt.date:
    """The same day a year later; 29 February gives 1 March."""
    return day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else dt.date(day.year + 1, 3, 1)


def minus_year(day: dt.date) -> dt.date:
    """The same day a year earlier; 29 February gives 28 February."""
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else dt.date(day.year - 1, 2, 28)


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


def add_time(day: dt.date, years: int, months: int, days: int) -> dt.date:
    """``day`` moved by whole years, months and days, counted as :func:`time_between` counts them
    (months first, clamped to the month's last day; then days). Negative amounts move back."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + years * 12 + months, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(f"year {year} is out of range")
    anchored = dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))
    return anchored + dt.timedelta(days=days)


_DURATION_PART = re.compile(r"(?P<n>\d{1,5})\s*(?P<unit>years?|yrs?|months?|mos?|weeks?|wks?|days?)\b", re.I)
#: A time in office as articles write it: "1 year, 31 days", "7 years, 2 months", "3 years and 4 days".
TIME_IN_OFFICE = re.compile(r"^\s*(?:\d{1,5}\s*(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)\b\s*,?\s*(?:and\s+)?)+$", re.I)


@dataclass(frozen=True)
class Duration:
    """A length of time stated in whole years, months and days (weeks count as 7 days).

    ``unit`` is the smallest unit the source wrote: "7 years, 2 months" is known to the month.
    """

    years: int
    months: int
    days: int
    unit: Precision

    def isoformat(self) -> str:
        """The xsd:duration lexical form, with only the stated parts: ``P1Y31D``, ``P7Y2M``."""
        return xsd_duration(self.years, self.months, self.days, unit=self.unit)


_ISO_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?", re.ASCII)


def xsd_duration(years: int, months: int, days: int, *, unit: Precision | None = None) -> str:
    """The xsd:duration lexical form of whole years, months and days: every part (``P7Y2M0D``),
    or, given the smallest ``unit`` stated, only the parts stated (``P7Y2M``: the non-zero ones and ``unit``)."""
    parts = ((years, "Y", Precision.YEAR), (months, "M", Precision.MONTH), (days, "D", Precision.DAY))
    return "P" + "".join(f"{n}{letter}" for n, letter, part in parts if unit is None or n or part == unit)


def duration_between(start: dt.date, end: dt.date) -> str:
    """The xsd:duration from ``start`` to ``end``, counted by :func:`time_between`, every part written (``P7Y2M0D``)."""
    return xsd_duration(*time_between(start, end))


def parse_time_in_office(text: str) -> Duration:
    """Parse a stated time in office ("1 year, 31 days"); raise :class:`DateError` if it is not one."""
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    if not TIME_IN_OFFICE.match(cleaned):
        raise DateError(f"not a time in office: {text.strip()!r}")
    amounts = {"y": 0, "m": 0, "w": 0, "d": 0}
    for match in _DURATION_PART.finditer(cleaned):
        amounts[match.group("unit")[0].lower()] += int(match.group("n"))
    # The smallest unit written, even with a zero amount ("0 years, 5 months, 0 days").
    units = {m.group("unit")[0].lower() for m in _DURATION_PART.finditer(cleaned)}
    unit = Precision.DAY if units & {"d", "w"} else Precision.MONTH if "m" in units else Precision.YEAR
    return Duration(amounts["y"], amounts["m"], amounts["d"] + 7 * amounts["w"], unit)


def stated_end_window(start: PartialDate, stated: Duration) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest day a term from ``start`` lasting ``stated`` can end (None out of range).

    The start may be any day it can denote (1937 is any day of 1937). The stated time may be
    rounded or cut to its smallest unit, so the true time may be up to half a unit less or a
    whole unit more ("7 years" fits 6 years 6 months to 8 years; a day either way for days,
    which articles count with or without the last day).
    """
    return end_window(start.earliest(), start.latest(), stated)


def end_window(first: dt.date, last: dt.date, stated: Duration) -> tuple[dt.date, dt.date] | None:
    """:func:`stated_end_window` for a start known to lie between the days ``first`` and ``last``."""
    below = {Precision.YEAR: (0, -6, 0), Precision.MONTH: (0, 0, -15), Precision.DAY: (0, 0, -1)}[stated.unit]
    above = {Precision.YEAR: (1, 0, 0), Precision.MONTH: (0, 1, 0), Precision.DAY: (0, 0, 1)}[stated.unit]
    amount = (stated.years, stated.months, stated.days)
    try:
        return add_time(add_time(first, *amount), *below), add_time(add_time(last, *amount), *above)
    except OverflowError:
        return None


def parse_duration(text: str) -> Duration | None:
    """An xsd:duration of whole years, months and days (``P7Y2M``), known to its smallest written
    unit; None for any other form (negative, with a time part, ill-formed)."""
    match = _ISO_DURATION.fullmatch(text)
    if not match or not any(match.groups()):
        return None
    years, months, days = (int(g) if g else 0 for g in match.groups())
    unit = Precision.DAY if match.group(3) else Precision.MONTH if match.group(2) else Precision.YEAR
    return Duration(years, months, days, unit)


def stated_time_agrees(start: PartialDate, end: PartialDate, stated: Duration) -> bool:
    """Whether a stated time in office can be true of a term from ``start`` to ``end``: some day
    ``end`` can denote lies in :func:`stated_end_window`. Only a certain contradiction disagrees."""
    window = stated_end_window(start, stated)
    return window is not None and window[0] <= end.latest() and end.earliest() <= window[1]
