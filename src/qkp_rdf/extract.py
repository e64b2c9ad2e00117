"""From a parsed :class:`Document` to the domain model, with small, documented rules.

Infobox keys win where an article has them; otherwise facts come from prose, and each
keeps the sentence it came from. The rules (see the README, "How facts are extracted" and
"Office-holder tables"):

* what the page is about: a party, a regional or city committee (a unit of the party its
  name gives), or an office of an organization (`Post` / `Body` infobox, "Chairman of the X");
* names: the infobox name line is the party's English name; the first parenthesis of the
  lead gives the abbreviation, the native-script name and its Latin transliteration;
* founding: infobox `Founded` / `Foundation` / ... , else the first sentence where the
  party's name, "the party" or a leading "It" is followed by "was founded / established /
  formed / created" (or ", established on"); the first date after the verb is the founding
  date, and "as (the) X" names a former name;
* dissolution: infobox `Dissolved` / `Banned`, else the first dated sentence saying the party
  was dissolved / disbanded / banned;
* the office's own dates: "The position was created on ... and abolished in ...";
* successors: the infobox `Successor` entry, "(de jure)" / "(de facto)" telling them apart;
  the fuller name and date come from the first sentence after the dissolution sentence
  that names the successor with a creation verb (created, recreated, formed, ...);
* the office-holder table: columns are recognised by their content, never by header
  position (see :func:`_columns`); a row whose only text is in its first cell is an office
  title (a new post below it), a dated gap, or a description of the officeholder row above.

Nothing a real page writes loses the article: a cell or row that cannot be read as written
is left out with a :class:`~qkp_rdf.model.ReadWarning`, and only a file that is no article
(no title, no table of holders) is an :class:`InputError`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .claims import claims_in, corroborated, roman_value
from .dates import DATE_IN_TEXT, TIME_IN_OFFICE, Decade, PartialDate, looks_like_date, parse_date, parse_decade, parse_time_in_office
from .errors import DateError, InputError
from .ids import slugify
from .model import (
    Article,
    ArticleModel,
    Event,
    EventKind,
    Interruption,
    Leader,
    Logo,
    Org,
    Party,
    Person,
    Post,
    PostLife,
    ReadWarning,
    Source,
    SourceKind,
    Succession,
    SuccessionKind,
    Term,
)
from .parse import Document, InfoboxEntry, Row, Section, Table

_UNKNOWN = {"", "—", "–", "-", "?", "unknown", "n/a"}
_OPEN_END = {"incumbent", "present", "current", "to date"}
_FOOTNOTE_MARK = re.compile(r"\[(?:\d+|[a-z]|note \d+|citation needed)\]")
# "7", "7.", "(7).", "#7", "No. 7", "7th", "VII".
_ORDINAL = re.compile(r"^(?:#|(?i:No)\.?\s*)?(?:\(?(?P<n>\d{1,5})\)?(?:st|nd|rd|th)?|(?P<roman>[IVXLC]{1,7}))\.?$")
_HEADER_NUMBER = re.compile(r"^(?:No\.?|#|Number|Nr\.?)$", re.I)
_HEADER_LIFE = re.compile(r"life\s*(?:years|span)|birth\s*[–—-]\s*death|born\s*[–—-]\s*died", re.I)
_ROLE = re.compile(r"^\((?P<role>[^()]{1,40})\)\s*(?P<rest>\S.*)$")
_TRAILING_PAREN = re.compile(r"\s*\((?P<inner>[^()]*)\)$")
_LIFE = re.compile(r"(?P<birth>[^–—]*?)\s*(?:[–—]|\s-\s|(?<=[\d?])-(?=[\d?]|$))\s*(?P<death>[^–—]*?)")
_VAGUE_YEAR = re.compile(r"\d{1,3}[.?xX]+")
_BORN = re.compile(r"(?:born|b\.)\s*(?P<date>.+)", re.I)
_DIED = re.compile(r"(?:died|d\.)\s*(?P<date>.+)", re.I)
# An office title: up to three words that rank an office, then the office ("First Secretary",
# "Chairman of the Central Committee"); no digits or sentence punctuation (a description is prose).
_OFFICE_TITLE = re.compile(
    r"^(?:(?:first|second|third|general|executive|responsible|acting|deputy|chief|honorary|provisional|political|party)\s+){0,3}"
    r"(?:secretar(?:y|ies)|chair(?:man|men|woman|women|person|persons)?|presidents?|leaders?|heads?|premiers?|governors?)"
    r"(?:[- ]general)?(?:\s+(?:of|to)\s+[^;.:!?\d()]+)?$",
    re.I,
)
# A parenthesis after a name that says how the term was held, not another name: "(acting)", "(2nd time)".
_ROLE_NOTE = re.compile(r"acting|interim|provisional|caretaker|temporary|de facto|(?:\d+(?:st|nd|rd|th)|first|second|third)\s+(?:time|term)", re.I)
_VACANT = {"vacant", "vacancy", "(vacant)", "office vacant"}
# A party's unit below the republic: "Osh Regional Committee", "Kiev City Committee", "obkom".
_COMMITTEE_WORDS = r"(?:Regional|City|District|Provincial|Oblast|Krai|Okrug|Town|County|Republican|Area)\s+Committee|Obkom|Gorkom|Raikom"
_COMMITTEE = re.compile(rf"\b(?:{_COMMITTEE_WORDS})\b")
# What follows an office's "of" when it names the organization rather than the office.
_ORGANIZATION_WORDS = re.compile(rf"\b(?:Party|{_COMMITTEE_WORDS})\b")
_UNIT_OF = re.compile(r"\bCommittee\s+of\s+(?P<party>.+)$")
_LEAD_NAME = re.compile(r"^The\s+(?P<name>[A-Z][^,()]*?)(?=\s*(?:,|\(|\s+(?:was|is|were)\b))")
_POSITION_CREATED = re.compile(r"\b[Tt]he\s+(?:position|post)(?:\s+of\s+(?P<office>[^,]+?))?\s+was\s+(?:created|established|instituted|introduced)\b")
_POSITION_ABOLISHED = re.compile(r"\babolished\b", re.I)
_FOUNDED_KEYS = ("Founded", "Foundation", "Established", "Formed", "Formation")
_DISSOLVED_KEYS = ("Dissolved", "Banned", "Abolished")
#: On an office's page these entries date the office, not its organization.
_OFFICE_CREATED_KEYS = ("Formation", "Formed", "Established", "Created")
_OFFICE_ABOLISHED_KEYS = ("Abolished", "Abolition")
_GAP = re.compile(r"(?P<label>[^()]*[A-Za-z][^()]*?)\s*\((?P<span>[^()]+)\)")
# "1961 – 1982", "1961—present", "1946-1956" (a hyphen only between years: 1937-04-23 is one date).
_RANGE = re.compile(r"^(?P<start>.+?)\s*(?:[–—]|\s-\s|(?<=\d)-(?=\d{4}\b)|\bto\b)\s*(?P<end>.*)$")
_IMAGE = re.compile(r"^(?:file|image):|\.(?:jpe?g|png|svg|gif|webp|tiff?)$", re.I)
# Header cells: which say "dates here", "the name here", or "something else here".
_HEADER_DATES = re.compile(r"^(?:took office|left office|assumed office|term(?: of office)?|tenure|in office|start|end|from|to|years?)$", re.I)
_HEADER_NAME = re.compile(r"^(?:name|holder|office ?holder|incumbent|leader|(?:first )?secretary|chair(?:man|woman|person)?|president)$", re.I)
_HEADER_OTHER = re.compile(r"^(?:portrait|image|photo|picture|(?:political )?party|notes?|remarks|ref(?:erence)?s?|sources?|time in office|length of term|duration)$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ABBREVIATIONS = {"art", "c", "ca", "no", "nos", "st", "mr", "mrs", "dr", "jr", "sr", "vs", "gen", "col", "lt", "sgt", "prof", "vol", "p", "pp"}
_CONGRESS = re.compile(r"\b(?P<n>\d+(?:st|nd|rd|th))\s+(?:Extraordinary\s+)?Congress\b")
# After the subject: "was (officially) founded", or ", established on" (a participle after a comma).
_FOUNDED_VERB = r"(?:officially\s+|formally\s+)?(?:founded|established|formed|created)\b"
_FOUNDED = re.compile(rf"\s+(?:was|were|had been)\s+{_FOUNDED_VERB}")
_FOUNDED_PARTICIPLE = re.compile(rf"\s*,\s*{_FOUNDED_VERB}\s+(?:on|in)\b")
# "founded 1936 as the X" names a former name; "founded by leaders such as X" does not.
_FORMER_NAME = re.compile(r"^\s*(?:in\s+|on\s+)?[^,;]*?(?<!\bsuch )\bas\s+(?:the\s+)?(?P<name>[A-Z][^,;]*?)(?=\s*(?:,|;|\.|$|\bwhen\b|\bin\s+\d|\bon\s+))")
# "decided to dissolve the party", "dissolved itself", "the party was dissolved" (the party's own
# name is added where the rule is used); "dissolved the Agrarian party" is some other party.
_DISSOLVED = re.compile(
    r"\b(?:dissolve|dissolved|disband|disbanded|abolish|abolished|ban|banned)\s+(?:the party|this party)\b"
    r"|\bthe party\s+(?:was|had been)\s+(?:formally\s+|officially\s+)?(?:dissolved|disbanded|abolished|banned)\b",
    re.I,
)
_CREATED = re.compile(r"\b(?:created|re-?created|founded|re-?founded|formed|re-?formed|established|re-?established|set up)\b", re.I)
_SUCCESSION_KIND = re.compile(r"\s*\((?P<kind>de\s+jure|de\s+facto)\)\s*", re.I)
_LOGO = re.compile(r"(?P<name>.+?)\s*\((?P<start>\d{4})\s*[–—-]\s*(?P<end>\d{4}|present)?\)", re.I)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


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


def _is_non_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("LATIN" not in unicodedata.name(c, "") for c in letters)


def _first_date(text: str, line: int, warn: Warnings, position: int = 0) -> PartialDate | None:
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


def _singular(heading: str) -> str:
    heading = re.sub(r"^(?:list of|the)\s+", "", heading, flags=re.I).strip()
    words = heading.split()
    if not words:
        return heading
    last = words[-1]
    for plural, singular in (("ies", "y"), ("men", "man"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if last.lower().endswith(plural) and not last.lower().endswith("ss"):
            words[-1] = last[: len(last) - len(plural)] + singular
            break
    result = " ".join(words)
    return result[:1].upper() + result[1:]


# --- the office-holder table ------------------------------------------------------------


class Warnings:
    """The warnings of one article, in the order they were found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[ReadWarning] = []

    def __call__(self, line: int, message: str) -> None:
        self.items.append(ReadWarning(self.source, line, message))


@dataclass(frozen=True)
class _Columns:
    name: int
    start: int
    end: int | None  # None when one column holds "start – end"
    ordinal: int | None = None
    time_in_office: int | None = None
    life: int | None = None  # a "Life years" column: "1898–1937", "1903–?"


def _is_date_cell(cell: str) -> bool:
    # An impossible date is still a date here: it is reported later, with its line.
    return cell.lower() not in _UNKNOWN | _OPEN_END and (looks_like_date(cell) or parse_decade(cell) is not None)


def _range(cell: str) -> tuple[str, str] | None:
    """(start, end) of a "start – end" cell whose start is a date and whose end is a date, an
    open end or unknown."""
    match = _RANGE.match(cell)
    if not match:
        return None
    start, end = match.group("start"), match.group("end")
    if _is_date_cell(start) and (_is_date_cell(end) or end.lower() in _OPEN_END | _UNKNOWN):
        return start, end
    return None


def _is_range_cell(cell: str) -> bool:
    return _range(cell) is not None


def _is_data_row(cells: Sequence[str]) -> bool:
    return any(_is_date_cell(c) or _is_range_cell(c) for c in cells)


def _is_header_row(cells: Sequence[str]) -> bool:
    """A header repeated inside the table (`| No. | Name | Took office | Left office |`)."""
    filled = [c for c in cells if c]
    headers = (_HEADER_DATES, _HEADER_NAME, _HEADER_OTHER, _HEADER_LIFE, _HEADER_NUMBER)
    return len(filled) > 1 and all(any(h.search(c) if h is _HEADER_LIFE else h.match(c) for h in headers) for c in filled)


def _only_first(cells: Sequence[str]) -> bool:
    # Text in the first cell only (or a lone unpadded cell), not an ordinal.
    return bool(cells[0]) and not any(cells[1:]) and not _ordinal_value(cells[0])


def _ordinal_value(cell: str) -> int | None:
    """The number an ordinal cell writes: ``7``, ``7.``, ``(7).``, ``#7``, ``No. 7``, ``7th``, ``VII``."""
    match = _ORDINAL.match(cell)
    if not match:
        return None
    if match.group("n"):
        return int(match.group("n"))
    return roman_value(match.group("roman"))


def _counts(cells: Sequence[str]) -> bool:
    """Whether a column's numbers count rows (1, 2, 3 ... mostly one apart), as an ordinal column
    does and a column of years (1921, 1921, 1923) does not: so numbers past 1000 stay ordinals."""
    numbers = [_ordinal_value(c) for c in cells]
    if len(numbers) < 2 or None in numbers:
        return False
    steps = [b - a for a, b in zip(numbers, numbers[1:]) if a is not None and b is not None]
    if max(n for n in numbers if n is not None) >= 1000:
        return all(step == 1 for step in steps)  # could be years: only a strict count is no column of years
    return sum(step == 1 for step in steps) * 2 >= len(steps)


def _is_life_cell(cell: str) -> bool:
    """A life-years cell: "1898–1937", "1903–?", "1919–", "?–1937", "?–?", "born 1941"."""
    return _life_years(cell) is not None


def _columns(rows: Sequence[tuple[str, ...]], headers: Sequence[tuple[str, ...]] = ()) -> _Columns | None:
    """Recognise the columns of an office-holder table from its data rows' content.

    A date column is one where most cells that are not blank or unknown (`?`, `—`) are dates;
    a column of "start – end" ranges stands for both. An ordinal column holds only numbers
    that count the rows (so a column 998, 999, 1000 is no column of years); a time-in-office
    column only lengths of time ("1 year, 31 days"); a life-years column only year ranges
    ("1898–1937", "1903–?") besides separate date columns, or under a "Life years" header. The
    name column is a column of names (text starting with a letter, not an image file): the one
    a header row calls "Name" (anywhere) when that header row lines up with the data (its "Took
    office" / "Term" headings sit over the date columns; headers flattened from merged cells do
    not), else the first column before the dates whose names mostly differ from row to row (a
    party column repeats one value). None when the table has no dates or no names: it is some
    other table (elections, congresses).
    """
    if not rows:
        return None
    width = len(rows[0])
    # Cells that say something: not blank, not "unknown", not "incumbent".
    informative = [[r[col] for r in rows if r[col].lower() not in _UNKNOWN | _OPEN_END] for col in range(width)]

    def all_match(col: int, test: Callable[[str], bool]) -> bool:
        return bool(informative[col]) and all(test(c) for c in informative[col])

    def holds_names(col: int) -> bool:
        # "?" in a name column is a holder the source does not name: there, but no name.
        present = [r[col] for r in rows if r[col]]
        named = [c for c in present if c.strip("?")]
        return len(present) * 2 >= len(rows) and sum(map(_is_name, named)) * 2 > len(named)

    # An ordinal column stands before the names (a column of years counting up stands after them).
    counting = next((c for c in range(width) if _counts(informative[c]) and any(holds_names(n) for n in range(c + 1, width))), None)
    # Most informative cells are dates: a stray non-date in a date column is then reported
    # with its line and left out, not a reason to overlook the column.
    date_cols = [c for c in range(width) if c != counting and (n := sum(map(_is_date_cell, informative[c]))) and n * 2 > len(informative[c])]
    range_cols = [c for c in range(width) if c not in date_cols and any(_is_range_cell(x) for x in informative[c])]
    life_header = any(_HEADER_LIFE.search(cell) for cells in headers for cell in cells)
    # Most cells year spans: one odd cell is reported and left out, the column stays one of life years.
    # Without two date columns the first column of spans is the term's, and a later one under a
    # "Life years" header is the life's.
    life_cols = [
        c for c in (range_cols if len(date_cols) >= 2 else range_cols[1:] if life_header else [])
        if sum(map(_is_life_cell, informative[c])) * 2 > len(informative[c])
    ]
    range_cols = [c for c in range_cols if c not in life_cols]
    if date_cols:
        start, end = date_cols[0], (date_cols[1] if len(date_cols) > 1 else None)
        if end is None and range_cols:
            start = range_cols[0]
    elif range_cols:
        start, end = range_cols[0], None
    else:
        return None
    if end is None and start not in range_cols:
        # An end column with no known date yet ("Incumbent", "?"): the next column that
        # holds nothing but such markers.
        end = next((c for c in range(start + 1, width) if not informative[c] and any(r[c] for r in rows)), None)
    ordinal = counting if counting is not None and counting < start else next((c for c in range(start) if all_match(c, lambda x: _ordinal_value(x) is not None)), None)
    time_col = next((c for c in range(width) if c not in (start, end) and all_match(c, lambda x: bool(TIME_IN_OFFICE.match(x)))), None)
    labels = _aligned_header(headers, {c for c in (start, end) if c is not None})

    candidates = [
        c
        for c in range(width)
        if c not in (start, end, ordinal, time_col, *life_cols) and holds_names(c) and not (labels and _HEADER_OTHER.match(labels[c]))
    ]
    named = [c for c in candidates if labels and _HEADER_NAME.match(labels[c])]
    before = [c for c in candidates if c < start]
    varied = [c for c in before if len(set(informative[c])) * 2 > len(informative[c])]
    # A "Name" column the page left empty (its names were links it lost): holders unknown, each said.
    unnamed = [c for c in range(width) if labels and _HEADER_NAME.match(labels[c]) and not any(r[c].strip("?") for r in rows) and c not in (start, end)]
    name = next(iter(named or varied or before or unnamed), None)
    if name is None:
        return None
    return _Columns(name=name, start=start, end=end, ordinal=ordinal, time_in_office=time_col, life=next(iter(life_cols), None))


def _aligned_header(headers: Sequence[tuple[str, ...]], date_cols: set[int]) -> tuple[str, ...] | None:
    """The last header row whose date headings ("Took office", "Term") are exactly over the date columns."""
    for cells in reversed(headers):
        if {i for i, cell in enumerate(cells) if _HEADER_DATES.match(cell)} == date_cols:
            return cells
    return None


def _is_name(cell: str) -> bool:
    """A person's name starts with a letter or a role in parentheses ("18th", "1,234" are not
    names) and is no image file."""
    return (cell[:1].isalpha() or bool(_ROLE.match(cell))) and not _IMAGE.search(cell)


def _life_years(text: str) -> tuple[PartialDate | None, PartialDate | None] | None:
    """(birth, death) from life years as written: "1893–1938", "?–?", "1896–?", "1955– ",
    "born 1941", "b. 1941", "died 1950"; None when the text is no such thing."""
    text = text.strip()
    if (m := _BORN.fullmatch(text)) and (born := _plain_date(m.group("date"))):
        return born, None
    if (m := _DIED.fullmatch(text)) and (died := _plain_date(m.group("date"))):
        return None, died
    m = _LIFE.fullmatch(text)
    if not m:
        return None
    parts = [m.group("birth").strip(), m.group("death").strip()]
    # "?", and a year with digits missing ("19..", "193?"), say the year is not known.
    unknown = [not p.strip("?") or bool(_VAGUE_YEAR.fullmatch(p)) for p in parts]
    if any(not gone and _plain_date(p) is None for p, gone in zip(parts, unknown)):
        return None
    born, died = (None if gone else _plain_date(p) for p, gone in zip(parts, unknown))
    return born, died


def _plain_date(text: str) -> PartialDate | None:
    try:
        return parse_date(text)
    except DateError:
        return None


@dataclass(frozen=True)
class _Holder:
    person: Person | None
    role: str | None


def _holder(cell: str, life_cell: str, line: int, warn: Warnings) -> _Holder:
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
        life = _life_years(inner)
        if life is not None:
            birth, death = life
        elif role is None and (_ROLE_NOTE.fullmatch(inner) or (inner[:1].islower() and not any(c.isdigit() for c in inner))):
            role = inner
        elif inner[:1].isupper() and not any(c.isdigit() for c in inner):
            aliases.insert(0, inner)
        else:
            break
        name = name[: m.start()].strip()
    if life_cell and life_cell.lower() not in _UNKNOWN:
        life = _life_years(life_cell)
        if life is None:
            warn(line, f"life years cell {life_cell!r} is no span of years; left out")
        else:
            birth, death = life
    if name.strip("?").strip() == "" or name.lower() in _UNKNOWN:
        return _Holder(None, role)
    return _Holder(Person(name, birth, death, tuple(aliases)), role)


def _cell_date(cell: str, line: int, column: str, warn: Warnings) -> tuple[PartialDate | Decade | None, bool]:
    """A start or end cell: (date, open-ended?). What is no date is left out with a warning."""
    if cell.lower() in _OPEN_END:
        return None, True
    if cell.lower().strip("? ") in _UNKNOWN:
        return None, False
    if (decade := parse_decade(cell)) is not None:
        return decade, False
    try:
        return parse_date(cell), False
    except DateError as e:
        warn(line, f"{column} cell: {e}; left out")
        return None, False


def _interruption(text: str) -> tuple[str, str, str] | None:
    """(label, start, end) of a gap row such as "Nazi German occupation (1941–1943)". Asked only
    of rows that name no office: :func:`_split_office` drops a title's years, so "First
    Secretary (1954–1981)" is a sub-header before it gets here."""
    m = _GAP.fullmatch(text)
    if not m:
        return None
    span = _range(m.group("span"))
    return (m.group("label").strip(" ,:"), *span) if span else None


def _gap(post: Post, label: str, start: PartialDate | Decade | None, end: PartialDate | Decade | None, row: Row, section: Section) -> Interruption:
    # An interruption's dates are schema:startDate / endDate values: a decade has none.
    return Interruption(post, label, start if isinstance(start, PartialDate) else None, end if isinstance(end, PartialDate) else None, Source(SourceKind.ROW, section.heading, row.line, row.text))


@dataclass
class _TableRead:
    """What one office-holder table gives: its terms (under the post it was given, or the one a
    sub-header row names) and its interruptions."""

    terms: list[Term]
    interruptions: list[Interruption]


def extract_terms(table: Table, post: Post, section: Section, source: str, warn: Warnings | None = None) -> _TableRead:
    """Terms of office from one office-holder table, under ``post`` until a sub-header row names another."""
    warn = warn if warn is not None else Warnings(source)
    width = max(len(row.cells) for row in table.rows)
    # A one-cell row is a full-width description row written without padding; a row with
    # no text at all says nothing.
    cleaned = [(row, tuple(clean_cell(c) for c in row.cells) + ("",) * (width - len(row.cells))) for row in table.rows]
    cleaned = [(row, cells) for row, cells in cleaned if any(cells)]
    first_data = next((i for i, (_, cells) in enumerate(cleaned) if _is_data_row(cells)), None)
    read = _TableRead([], [])
    if first_data is None:
        return read
    body = [(row, cells) for row, cells in cleaned[first_data:] if not _is_header_row(cells)]
    data_rows = [cells for _, cells in body if not _only_first(cells)]
    cols = _columns(data_rows, [cells for _, cells in cleaned[:first_data]])
    if cols is None:
        return read
    # A flattened header may be shorter than the data: a row is ragged against the rows like it.
    expected = Counter(len(row.cells) for row, cells in body if not _only_first(cells)).most_common(1)[0][0]
    for row, _ in body:
        if len(row.cells) not in (expected, 1):
            warn(row.line, f"ragged row: {len(row.cells)} cells where the table's other rows have {expected}; read as far as it goes")
    # An office title among the header rows ("| First Secretary | | |") names the first rows' post.
    for _, cells in cleaned[:first_data]:
        if _only_first(cells) and (office := _office(cells[0])):
            post = Post(office, post.section) if office != post.label else post
    pending: list[tuple[Row, tuple[str, ...], Post, list[Source]]] = []
    for row, cells in body:
        if _only_first(cells):
            text = cells[0]
            if office := _office(text):
                if office != post.label:
                    post = Post(office, post.section)
            elif gap := _interruption(text):
                label, start_text, end_text = gap
                start, _ = _cell_date(start_text, row.line, "interruption start", warn)
                end, _ = _cell_date(end_text, row.line, "interruption end", warn)
                read.interruptions.append(_gap(post, label, start, end, row, section))
            elif not pending:
                warn(row.line, f"description row {text[:40]!r} with no officeholder row above it; left out")
            elif text not in _UNKNOWN:
                # A description row's excerpt is its one cell: the other cells are empty padding.
                pending[-1][3].append(Source(SourceKind.ROW, section.heading, row.line, text))
            continue
        pending.append((row, cells, post, []))
    for row, cells, row_post, descriptions in pending:
        if cols.end is None:
            # Split at the range mark whatever its start says ("– – c. 1902": start unknown).
            match = _RANGE.match(cells[cols.start])
            start_text, end_text = (match.group("start"), match.group("end")) if match else (cells[cols.start], "")
        else:
            start_text, end_text = cells[cols.start], cells[cols.end]
        start, _ = _cell_date(start_text, row.line, "start", warn)
        end, incumbent = _cell_date(end_text, row.line, "end", warn)
        if cells[cols.name].lower() in _VACANT:
            # "Vacant" with dates: nobody held the office then.
            read.interruptions.append(_gap(row_post, cells[cols.name].strip("()").capitalize(), start, end, row, section))
            continue
        holder = _holder(cells[cols.name], cells[cols.life] if cols.life is not None else "", row.line, warn)
        if holder.person is None and not cells[cols.name]:
            # "?" says the source does not know (the shapes warn of it); an empty cell may be a slip.
            warn(row.line, f"name cell {cells[cols.name]!r} names no holder: published as a term whose holder is unknown")
        ordinal = _ordinal_value(cells[cols.ordinal]) if cols.ordinal is not None else None
        time_text = cells[cols.time_in_office] if cols.time_in_office is not None else ""
        stated = None
        if time_text.lower() not in _UNKNOWN | _OPEN_END:
            try:
                stated = parse_time_in_office(time_text)
            except DateError as e:
                warn(row.line, f"time in office cell: {e}; left out")
        read.terms.append(
            Term(
                ordinal=ordinal,
                holder=holder.person,
                post=row_post,
                start=start,
                end=end,
                source=Source(SourceKind.ROW, section.heading, row.line, row.text),
                role=holder.role,
                description=" ".join(d.text for d in descriptions) or None,
                description_sources=tuple(descriptions),
                incumbent=incumbent,
                time_in_office_text=time_text if stated else None,
                stated_time_in_office=stated,
            )
        )
    # A dated row over terms that start inside its span ("Kazakh SSR (1936–1991)") names a period
    # of the office, not a gap in it.
    read.interruptions = [gap for gap in read.interruptions if not any(_starts_within(t, gap) for t in read.terms)]
    return read


def _starts_within(term: Term, gap: Interruption) -> bool:
    return bool(term.post == gap.post and term.start and gap.start and gap.end and gap.start.latest() < term.start.earliest() and term.start.latest() < gap.end.earliest())


# --- the party ---------------------------------------------------------------------------


def _lead_names(doc: Document) -> tuple[str | None, str | None, str | None]:
    """(abbreviation, native name, transliteration) from the lead's first parenthesis."""
    if not doc.lead.paragraphs:
        return None, None, None
    text = doc.lead.paragraphs[0].text
    match = re.search(r"\(([^()]*)\)", text)
    if not match:
        return None, None, None
    abbreviation = native = translit = None
    for chunk in match.group(1).split(";"):
        for part in (p.strip() for p in chunk.split(",")):
            if not part:
                continue
            if re.fullmatch(r"[A-ZА-ЯЁ]{2,8}", part) and abbreviation is None:
                abbreviation = part
            elif _is_non_latin(part) and native is None:
                native = part
            elif native is not None and translit is None and not _is_non_latin(part):
                translit = part
    return abbreviation, native, translit


def _entry_source(entry: InfoboxEntry) -> Source:
    return Source(SourceKind.INFOBOX, "infobox", entry.line, f"{entry.key}: {entry.value}")


def _infobox_date(doc: Document, keys: Sequence[str], warn: Warnings) -> tuple[PartialDate | None, Source | None]:
    """The first date in the first of the infobox entries ``keys`` that has one (`Founded: 1936`,
    `Foundation: 1920-02-20`), with the entry as its source."""
    for key in keys:
        entry = doc.infobox.get(key) if doc.infobox else None
        if entry is None:
            continue
        value = entry.value.strip()
        date = _plain_date(value) if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", value) else _first_date(value, entry.line, warn)
        if date:
            return date, _entry_source(entry)
    return None, None


def _value(doc: Document, key: str) -> str | None:
    entry = doc.infobox.get(key) if doc.infobox else None
    return entry.value if entry and entry.value else None


def _numbered(doc: Document, pattern: str) -> list[tuple[str, str]]:
    """Infobox entries whose key matches ``pattern`` (e.g. `Country`, `Country2`), in order."""
    if not doc.infobox:
        return []
    return [(e.key, e.value) for e in doc.infobox.entries if re.fullmatch(pattern, e.key, re.I) and e.value]


def _strip_article(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I)


def _orgs(value: str | None) -> tuple[Org, ...]:
    return tuple(Org(_strip_article(v)) for v in split_list(value)) if value else ()


def _name_pattern(*names: str | None) -> str:
    return "|".join(re.escape(n) for n in sorted({n for n in names if n}, key=len, reverse=True))


def _split_office(text: str) -> tuple[str, str | None] | None:
    """(office, organization) of a text naming an office: "List of First Secretaries of the
    Central Committee of the Communist Party of Estonia" is ("First Secretary of the Central
    Committee", "Communist Party of Estonia"); "Chairman of the Organization Bureau" has no
    organization. The office is singular. None when the text names no office."""
    text = re.sub(r"^(?:list of|the)\s+", "", text.strip(), flags=re.I).strip()
    text = re.sub(r"\s*\([^()]*\d[^()]*\)$", "", text)  # its years: "Presidents (1912–1914)"
    if not _OFFICE_TITLE.match(text):
        return None
    head, *pieces = re.split(r"\s+of\s+", text)
    # "of the Communist Party (of ...)", "of the Regional Committee": the organization, not the office.
    at = next((i for i, piece in enumerate(pieces) if _ORGANIZATION_WORDS.search(piece)), len(pieces))
    office = " of ".join([_singular(head), *pieces[:at]])
    if len(office.split()) > 10:  # a sentence about an office, not its title
        return None
    organization = _strip_article(" of ".join(pieces[at:])) if at < len(pieces) else None
    return office, organization


def _office(text: str) -> str | None:
    """The office a heading, sub-header row or title names (see :func:`_split_office`)."""
    split = _split_office(text)
    return split[0] if split else None


def _lead_subject(doc: Document, title_name: str) -> str | None:
    """The name the lead's first sentence gives its subject ("The Osh Regional Committee of the
    Communist Party of Kirghizia, commonly ..."), when it starts like the title."""
    if not doc.lead.paragraphs:
        return None
    m = _LEAD_NAME.match(doc.lead.paragraphs[0].text)
    # Only a fuller name: one that still says whose committee it is.
    if not m or m.group("name").split()[0] != title_name.split()[0] or not _UNIT_OF.search(m.group("name")):
        return None
    return m.group("name").strip()


def extract(doc: Document, *, article_bytes: bytes) -> ArticleModel:
    """The domain model of one parsed article."""
    source = doc.source
    warn = Warnings(source)
    title_name = re.sub(r"\s*\([^)]*\)\s*$", "", doc.title).strip()
    # A page about an office ("Chairman of the Mongolian People's Party", "List of First
    # Secretaries of ..."): the organization is the office's; its posts are named by the office.
    office_entry = _value(doc, "Post")
    title_office = _split_office(title_name)
    office_page = bool(office_entry) or bool(title_office and title_office[1])
    body = _value(doc, "Body")
    org_name = _strip_article(body) if body else title_office[1] if title_office and title_office[1] else None
    default_office = office_entry or (title_office[0] if office_page and title_office else None)
    if office_page and org_name:
        name = org_name
    elif doc.infobox and doc.infobox.name:
        name = doc.infobox.name
    else:
        # A committee's page may name it more fully in its first sentence than in its title.
        subject = _lead_subject(doc, title_name) if _COMMITTEE.search(title_name) else None
        name = subject if subject and _COMMITTEE.search(subject) else title_name
    kind = "committee" if _COMMITTEE.search(name) else "party"
    abbreviation, native, translit = _lead_names(doc)
    abbreviation = _value(doc, "Abbreviation") or abbreviation
    native = _value(doc, "Native Name") or native
    native_lang = _value(doc, "Native Name Lang")
    if native_lang and not _LANGUAGE_TAG.fullmatch(native_lang):
        entry = doc.infobox.get("Native Name Lang") if doc.infobox else None
        warn(entry.line if entry else 1, f"'Native Name Lang' must be a language code such as kk or ru, not {native_lang!r}; left out")
        native_lang = None
    translit = _value(doc, "Transliteration") or translit
    all_sentences = [s for section in doc.sections for s in sentences(section)]
    party_names = _name_pattern(name, title_name, abbreviation)

    parent = None
    if kind == "committee" and (unit_of := _UNIT_OF.search(name)):
        # "Osh Regional Committee of the Communist Party of Kirghizia" is a unit of that party.
        parent = Org(_strip_article(unit_of.group("party")))
    # Parent: the infobox's national party; prose "a branch of X (ABBR)" gives its abbreviation.
    parent_name = _value(doc, "National") or _value(doc, "Parent")
    if parent_name and parent is None:
        parent_abbr = None
        for s in all_sentences:
            m = re.search(rf"{re.escape(_strip_article(parent_name))}\s*\((?P<abbr>[A-Z]{{2,8}})\)", s.text)
            if m:
                parent_abbr = m.group("abbr")
                break
        parent = Org(_strip_article(parent_name), parent_abbr)

    former_names: list[str] = []
    events: list[Event] = []
    founding_sentence = None
    # On an office's page "Formation" is the office's own creation (see post_lives below).
    founded, founding_source = _infobox_date(doc, [k for k in _FOUNDED_KEYS if not (office_page and k in _OFFICE_CREATED_KEYS)], warn)
    if founded is None:
        # The subject is the organization (never "the youth wing of the party"); "the party" on a
        # committee's page is the committee's party, and ", established on" follows its name only.
        subject = rf"(?<!of )(?:{'' if kind == 'committee' else '[Tt]he party|'}\b(?:{party_names})\b)"
        founding = re.compile(
            rf"(?:{subject})(?:\s*\([^)]*\))?{_FOUNDED.pattern}|\b(?:{party_names})\b(?:\s*\([^)]*\))?{_FOUNDED_PARTICIPLE.pattern}|^It{_FOUNDED.pattern}"
        )
        for s in all_sentences:
            m = founding.search(s.text)
            if m:
                founded = _first_date(s.text, s.line, warn, m.end())
                former = _FORMER_NAME.match(s.text[m.end():])
                if former and former.group("name") != name:
                    former_names.append(former.group("name").strip())
                founding_source, founding_sentence = s.source(), s
                break
    if founded and founding_source:
        label_name = former_names[0] if former_names else name
        events.append(Event(EventKind.FOUNDING, f"Founding of the {label_name}", founded, founding_source, party_role="resulting"))

    dissolution_index, dissolver = None, None
    dissolved, dissolution_source = _infobox_date(doc, [k for k in _DISSOLVED_KEYS if not (office_page and k in _OFFICE_ABOLISHED_KEYS)], warn)
    dissolved_pattern = re.compile(
        rf"{_DISSOLVED.pattern}|(?:\b(?:{party_names})|^It)\s+(?:(?:was|had been)\s+(?:formally\s+|officially\s+)?(?:dissolved|disbanded|abolished|banned)\b|dissolved itself\b)", re.I
    )
    for index, s in enumerate(all_sentences):
        if (said := dissolved_pattern.search(s.text)) and DATE_IN_TEXT.search(s.text):
            dissolution_index = index
            if dissolved is None:
                # The date after the verb ("dissolved on 6 November 1991"), else the one before it.
                dissolved = _first_date(s.text, s.line, warn, said.end()) or _first_date(s.text, s.line, warn)
                dissolution_source = s.source()
            congress = _CONGRESS.search(s.text)
            dissolver = congress.group(0) if congress else None
            break

    # Successors: the infobox says who and which kind; prose after the dissolution says more.
    successions: list[Succession] = []
    entry = doc.infobox.get("Successor") if doc.infobox else None
    if entry:
        after = all_sentences[(dissolution_index + 1) if dissolution_index is not None else 0 :]
        after = [s for s in after if s is not founding_sentence]
        for item in split_list(entry.value):
            kind_match = _SUCCESSION_KIND.search(item)
            succession_kind = SuccessionKind(" ".join(kind_match.group("kind").lower().split())) if kind_match else SuccessionKind.UNSPECIFIED
            short = _strip_article(_SUCCESSION_KIND.sub(" ", item).strip())
            full, detail, date = short, None, None
            for s in after:
                names = re.findall(rf"\b{re.escape(short)}(?:\s+of(?:\s+the)?(?:\s+[A-Z][\w'-]*)+)?", s.text)
                if names and _CREATED.search(s.text):
                    full = max(names, key=len)
                    detail = s.source()
                    date = _first_date(s.text, s.line, warn)
                    break
            successions.append(Succession(Org(full), succession_kind, _entry_source(entry), date, detail))

    if dissolved and dissolution_source:
        by = f" by the {dissolver}" if dissolver else ""
        heirs = tuple(s.successor for s in successions if s.date is None or s.date == dissolved)
        events.append(Event(EventKind.DISSOLUTION, f"Dissolution of the {name}{by}", dissolved, dissolution_source, resulting=heirs))
    for succession in successions:
        if succession.date is not None and succession.date != dissolved and succession.detail:
            label = f"Creation of the {succession.successor.name}, {succession.kind.value} successor"
            events.append(Event(EventKind.SUCCESSION, label, succession.date, succession.detail, resulting=(succession.successor,)))

    logos = []
    for _, value in _numbered(doc, r"Logo\d*"):
        for item in split_list(value):
            item = re.sub(r"\.(?:svg|png|jpe?g|gif)$", "", item, flags=re.I)
            if m := _LOGO.fullmatch(item):
                end = m.group("end")
                logos.append(Logo(m.group("name"), int(m.group("start")), int(end) if end and end.isdigit() else None))
            else:
                logos.append(Logo(item))

    leaders = []
    for key, title in _numbered(doc, r"Leader\d+\s*Title"):
        number = re.search(r"\d+", key)
        person = _value(doc, f"Leader{number.group(0) if number else ''} Name")
        if person:
            leaders.append(Leader(title, person))

    see_also = tuple(item.text for section in doc.sections if section.heading.lower() == "see also" for lst in section.lists for item in lst.items)

    party = Party(
        name=name,
        title=name if office_page else doc.title,
        abbreviation=abbreviation,
        native_name=native,
        native_language=native_lang if native else None,
        transliteration=translit if native else None,
        former_names=tuple(former_names),
        ideologies=tuple(split_list(_value(doc, "Ideology") or "")),
        countries=tuple(_strip_article(v) for _, v in _numbered(doc, r"Country\d*")),
        parent=parent,
        predecessors=_orgs(_value(doc, "Predecessor")),
        headquarters=_value(doc, "Headquarters"),
        newspaper=_value(doc, "Newspaper"),
        logos=tuple(logos),
        leaders=tuple(leaders),
        see_also=see_also,
        founded=founded,
        dissolved=dissolved,
        kind=kind,
    )

    terms, interruptions = _office_holders(doc, default_office, warn)
    if not terms:
        # Point at the first table that was not one, else at the end of the article.
        first_table = next((t for s in doc.sections for t in s.tables), None)
        found = "its tables have no column of names and dates" if first_table else "the article has no pipe table"
        raise InputError(
            f"no office-holder table found ({found}; expected rows like '| 1 | Name | 23 April 1937 | 1938 |')",
            source=source,
            line=first_table.line if first_table else doc.last_line,
        )

    posts = tuple(dict.fromkeys(t.post for t in terms))
    file_name = Path(source).name
    article = Article(name=file_name, slug=slugify(Path(file_name).stem), sha256=hashlib.sha256(article_bytes).hexdigest(), title=doc.title)
    texts = [(s.text, s.source()) for s in all_sentences]
    texts += [(d.text, d) for t in terms for d in t.description_sources]
    claims = corroborated(c for text, where in texts for c in claims_in(text, where, warn))
    lives = _post_lives(doc, terms, all_sentences, office_page, warn)
    return ArticleModel(article, party, posts, tuple(terms), tuple(successions), tuple(events), claims, lives, tuple(interruptions), tuple(warn.items))


def _post_lives(doc: Document, terms: Sequence[Term], all_sentences: Sequence[Sentence], office_page: bool, warn: Warnings) -> tuple[PostLife, ...]:
    """When the office was created and abolished: "The position (of First Secretary) was created
    on 27 February 1932, and abolished in August 1991", or an office page's `Formation` /
    `Abolished` entries. The dates belong to the post the sentence names, else the first one."""
    created = abolished = None
    sources: list[Source] = []
    # A sentence that does not say which office is about the page's main one: the post most rows hold.
    held = Counter(t.post for t in terms)
    post = max(held, key=lambda p: held[p])
    if office_page:
        created, created_source = _infobox_date(doc, _OFFICE_CREATED_KEYS, warn)
        abolished, abolished_source = _infobox_date(doc, _OFFICE_ABOLISHED_KEYS, warn)
        sources += [s for s in (created_source, abolished_source) if s]
    for s in all_sentences:
        m = _POSITION_CREATED.search(s.text)
        if not m:
            continue
        named = _office(m.group("office") or "")
        post = next((p for p in held if p.label == named), post)
        created = created or _first_date(s.text, s.line, warn, m.end())
        if (gone := _POSITION_ABOLISHED.search(s.text, m.end())) and abolished is None:
            abolished = _first_date(s.text, s.line, warn, gone.end())
        sources.append(s.source())
        break
    if created is None and abolished is None:
        return ()
    return (PostLife(post, created, abolished, tuple(dict.fromkeys(sources))),)


def _office_holders(doc: Document, default_office: str | None, warn: Warnings) -> tuple[list[Term], list[Interruption]]:
    """Terms and interruptions from every office-holder table, each post named after its section.

    The section heading names the post when it names an office ("List of First Secretaries of
    ..." is "First Secretary"); else the page's own office (`Post` entry, title), else the
    heading made singular. A table under a `===` sub-heading that names an office ("===
    Presidents (1912–1914) ===") has that post; under one that names a period ("=== Kazakh SSR
    ===") it has the `==` section's. A sub-header row naming an office starts that post for the
    rows below it. Each post's terms are numbered in table order (their position in the series).
    """
    # Each table is read once under a placeholder post; its post is named once it is known
    # which sections hold tables.
    placeholder = Post("", "")
    found = [(section, read) for section in doc.sections for table in section.tables if (read := extract_terms(table, placeholder, section, doc.source, warn)).terms]
    terms: list[Term] = []
    interruptions: list[Interruption] = []
    for section, read in found:
        # A sub-section names its own post when it names an office ("=== Presidents (1912–1914) ===");
        # sub-sections that name periods ("=== Kirghiz SSR ===") share their section's.
        own = section.parent is None or bool(_office(section.heading))
        heading = section.heading if own else section.parent or section.heading
        post = Post(_office(heading) or default_office or _singular(heading), heading)

        def named(p: Post) -> Post:
            return post if p == placeholder else Post(p.label, heading)

        terms += [replace(t, post=named(t.post)) for t in read.terms]
        interruptions += [replace(i, post=named(i.post)) for i in read.interruptions]
    positions: Counter[Post] = Counter()
    numbered = []
    for term in terms:
        positions[term.post] += 1
        numbered.append(replace(term, position=positions[term.post]))
    return numbered, interruptions
