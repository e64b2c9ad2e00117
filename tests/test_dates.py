import datetime as dt

import pytest

from qkp_rdf.dates import (
    DATE_IN_TEXT, XSD_DATE, XSD_GYEAR, XSD_GYEARMONTH, Duration, PartialDate, Precision, add_time, duration_between, lexical_date, minus_year,
    parse_date, parse_duration, parse_time_in_office, plus_year, stated_time_agrees, time_between, wikidata_date, wikidata_latest, xsd_date_bounds, xsd_duration,
)
from qkp_rdf.errors import DateError


@pytest.mark.parametrize(
    ("text", "iso", "precision", "approximate"),
    [
        ("23 April 1937", "1937-04-23", Precision.DAY, False),
        ("April 24, 1990", "1990-04-24", Precision.DAY, False),
        ("September 7, 1991", "1991-09-07", Precision.DAY, False),
        ("May 1930", "1930-05", Precision.MONTH, False),
        ("1937", "1937", Precision.YEAR, False),
        ("c. 1937", "1937", Precision.YEAR, True),
        ("Sept. 1961", "1961-09", Precision.MONTH, False),
        ("1937-04-23", "1937-04-23", Precision.DAY, False),
        ("  6\u00a0February 1954 ", "1954-02-06", Precision.DAY, False),
    ],
)
def test_forms_keep_their_precision(text: str, iso: str, precision: Precision, approximate: bool) -> None:
    date = parse_date(text)
    assert (date.isoformat(), date.precision, date.approximate) == (iso, precision, approximate)


@pytest.mark.parametrize("text", ["31 February 1951", "30 February 2000", "April 31, 1990"])
def test_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(DateError, match="impossible"):
        parse_date(text)


@pytest.mark.parametrize("text", ["", "Chairman", "sometime in 1937", "13/04/1937", "—"])
def test_non_dates_are_errors(text: str) -> None:
    with pytest.raises(DateError, match="not a date"):
        parse_date(text)


def test_reduced_precision_bounds() -> None:
    assert PartialDate(1937).latest() == dt.date(1937, 12, 31)
    assert PartialDate(1940, 2).latest() == dt.date(1940, 2, 29)
    assert PartialDate(1937).to_date() is None


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(1937, 4, 23), dt.date(1938, 5, 23), (1, 1, 0)),
        (dt.date(1945, 7, 23), dt.date(1946, 6, 22), (0, 10, 30)),
        (dt.date(1964, 12, 7), dt.date(1986, 12, 16), (22, 0, 9)),
        (dt.date(2001, 1, 31), dt.date(2001, 3, 1), (0, 1, 1)),
        (dt.date(2000, 2, 29), dt.date(2001, 2, 28), (0, 11, 30)),
    ],
)
def test_time_between(start: dt.date, end: dt.date, expected: tuple[int, int, int]) -> None:
    assert time_between(start, end) == expected


def test_dates_found_in_prose() -> None:
    text = "The 18th Congress, held on September 7, 1991, decided; members may 1990 recreated it in October 1991."
    assert [m.group(0) for m in DATE_IN_TEXT.finditer(text)] == ["September 7, 1991", "1990", "October 1991"]


@pytest.mark.parametrize(
    ("text", "iso", "unit"),
    [
        ("1 year, 31 days", "P1Y31D", Precision.DAY),
        ("7 years, 2 months", "P7Y2M", Precision.MONTH),
        ("3 years and 4 days", "P3Y4D", Precision.DAY),
        ("2 weeks", "P14D", Precision.DAY),
        ("0 years, 5 months", "P5M", Precision.MONTH),
        ("12 years", "P12Y", Precision.YEAR),
        ("1 year, 2 months, 19 days", "P1Y2M19D", Precision.DAY),
    ],
)
def test_time_in_office_forms(text: str, iso: str, unit: Precision) -> None:
    stated = parse_time_in_office(text)
    assert (stated.isoformat(), stated.unit) == (iso, unit)


@pytest.mark.parametrize("text", ["", "about a year", "1937", "years"])
def test_not_a_time_in_office(text: str) -> None:
    with pytest.raises(DateError, match="not a time in office"):
        parse_time_in_office(text)


def test_add_time_counts_as_time_between_does() -> None:
    assert add_time(dt.date(2001, 1, 31), 0, 1, 1) == dt.date(2001, 3, 1)  # 31 Jan + 1 month = 28 Feb, + 1 day
    assert add_time(dt.date(1937, 4, 23), 1, 1, 0) == dt.date(1938, 5, 23)
    assert add_time(dt.date(1937, 4, 23), 0, -6, 0) == dt.date(1936, 10, 23)
    start, end = dt.date(1964, 12, 7), dt.date(1986, 12, 16)
    assert add_time(start, *time_between(start, end)) == end


@pytest.mark.parametrize(
    ("start", "end", "stated", "agrees"),
    [
        ("23 April 1937", "24 May 1938", "1 year, 31 days", True),
        ("23 April 1937", "24 May 1938", "1 year, 30 days", True),  # a day either way
        ("23 April 1937", "24 May 1938", "1 year, 33 days", False),
        ("24 May 1938", "July 1945", "7 years, 2 months", True),  # the end is any day of July
        ("July 1945", "1950", "2 years", False),  # at least 4 years 5 months
        ("1950", "1952", "2 years, 3 months", True),
        ("23 April 1937", "23 May 1938", "1 year", True),  # cut to whole years
        ("23 April 1937", "23 May 1938", "2 years", False),  # more than half a year off
    ],
)
def test_stated_time_is_compared_at_the_dates_precision(start: str, end: str, stated: str, agrees: bool) -> None:
    assert stated_time_agrees(parse_date(start), parse_date(end), parse_time_in_office(stated)) is agrees


D = dt.date


@pytest.mark.parametrize(
    ("lexical", "datatype", "bounds"),
    [
        ("1937-04-23", XSD_DATE, (D(1937, 4, 23), D(1937, 4, 23))),
        ("1937-04-23Z", XSD_DATE, (D(1937, 4, 23), D(1937, 4, 23))),
        ("1937-04-23+05:00", XSD_DATE, (D(1937, 4, 23), D(1937, 4, 23))),
        ("1960-02", XSD_GYEARMONTH, (D(1960, 2, 1), D(1960, 2, 29))),
        ("1961-02-05:00", XSD_GYEARMONTH, (D(1961, 2, 1), D(1961, 2, 28))),
        ("1936", XSD_GYEAR, (D(1936, 1, 1), D(1936, 12, 31))),
        ("1936Z", XSD_GYEAR, (D(1936, 1, 1), D(1936, 12, 31))),
    ],
)
def test_xsd_date_bounds_are_the_first_and_last_day_meant(lexical: str, datatype: str, bounds: tuple[dt.date, dt.date]) -> None:
    assert xsd_date_bounds(lexical, datatype) == bounds


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("1937-13", XSD_GYEARMONTH), ("1951-02-30", XSD_DATE), ("1937-00-10", XSD_DATE), ("0000", XSD_GYEAR),
        ("1937", XSD_DATE), ("1937-04-23", XSD_GYEAR), ("1937-04", XSD_DATE), ("37", XSD_GYEAR), ("1937-4-23", XSD_DATE),
        ("1937-04-23T00:00:00", XSD_DATE), ("1937-04-23+5:00", XSD_DATE), (" 1937", XSD_GYEAR),
        ("1937", "http://www.w3.org/2001/XMLSchema#string"), ("1937-04-23", "http://www.w3.org/2001/XMLSchema#dateTime"),
    ],
)
def test_xsd_date_bounds_of_an_ill_formed_value_are_none(lexical: str, datatype: str) -> None:
    assert xsd_date_bounds(lexical, datatype) is None


def test_a_year_later_and_earlier() -> None:
    assert plus_year(D(1960, 6, 1)) == D(1961, 6, 1) and minus_year(D(1960, 6, 1)) == D(1959, 6, 1)
    assert plus_year(D(1960, 2, 29)) == D(1961, 3, 1)
    assert minus_year(D(1960, 2, 29)) == D(1959, 2, 28)
    assert plus_year(D(1959, 2, 28)) == D(1960, 2, 28) and minus_year(D(1961, 3, 1)) == D(1960, 3, 1)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("1937-04-23", PartialDate(1937, 4, 23)), ("1930-05", PartialDate(1930, 5)), ("1936", PartialDate(1936)),
        ("1937-04-23Z", PartialDate(1937, 4, 23)), ("1937-04-23T10:00:00", PartialDate(1937, 4, 23)), ("1937-4", PartialDate(1937)),
        ("1937-13", None), ("1951-02-30", None), ("c. 1937", None), ("", None),
    ],
)
def test_lexical_date_keeps_the_precision_written(text: str, date: PartialDate | None) -> None:
    assert lexical_date(text) == date


def test_wikidata_time_values() -> None:
    assert wikidata_date("1937-04-23T00:00:00Z") == D(1937, 4, 23)
    assert wikidata_date("+1937-00-00T00:00:00Z") == D(1937, 1, 1)
    assert wikidata_date("-0500-01-01T00:00:00Z") is None and wikidata_date("1937-04") is None and wikidata_date("1937-02-30T00:00:00Z") is None
    # A year or month is stored as its first day: it may mean any day up to its last.
    assert wikidata_latest(D(1937, 1, 1)) == D(1937, 12, 31)
    assert wikidata_latest(D(1960, 2, 1)) == D(1960, 2, 29)
    assert wikidata_latest(D(1937, 4, 23)) == D(1937, 4, 23)


def test_one_duration_writer() -> None:
    assert xsd_duration(7, 2, 0) == "P7Y2M0D"
    assert xsd_duration(7, 2, 0, unit=Precision.MONTH) == "P7Y2M"
    assert xsd_duration(1, 0, 31, unit=Precision.DAY) == "P1Y31D"
    assert xsd_duration(0, 0, 0, unit=Precision.DAY) == "P0D"
    assert Duration(0, 5, 0, Precision.MONTH).isoformat() == "P5M"
    assert parse_time_in_office("1 year, 31 days").isoformat() == "P1Y31D"
    assert duration_between(D(1960, 1, 19), D(1962, 12, 7)) == "P2Y10M18D"
    assert duration_between(D(1960, 1, 19), D(1960, 1, 19)) == "P0Y0M0D"


def test_xsd_dates_and_durations_take_only_ascii_digits() -> None:
    # "١٩٣٧" is 1937 in Arabic-Indic digits: Python's \d takes it, XSD does not.
    assert xsd_date_bounds("١٩٣٧", XSD_GYEAR) is None
    assert parse_duration("P١Y") is None
