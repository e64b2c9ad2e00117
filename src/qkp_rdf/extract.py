"""From a parsed :class:`Document` to the domain model, with small, documented rules.

Infobox keys win where an article has them; otherwise facts come from prose, and each
keeps the sentence it came from. The rules (see the README, "How facts are extracted"):

* names: the infobox name line is the party's English name; the first parenthesis of the
  lead gives the abbreviation, the native-script name and its Latin transliteration;
* founding: the first sentence where the party's name (or abbreviation) is followed by
  "was founded / established / formed / created"; the first date after the verb is the
  founding date, and "as (the) X" names a former name;
* dissolution: the first dated sentence saying the party was dissolved / disbanded
  ("decided to dissolve the party", "the party was dissolved");
* successors: the infobox `Successor` entry, "(de jure)" / "(de facto)" telling them apart;
  the fuller name and date come from the first sentence after the dissolution sentence
  that names the successor with a creation verb (created, recreated, formed, ...);
* the office-holder table: columns are recognised by their content, never by header
  position (see :func:`_columns`); a row whose only text is in its first cell describes the
  officeholder row above it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .claims import claims_in, corroborated
from .dates import DATE_IN_TEXT, TIME_IN_OFFICE, PartialDate, looks_like_date, parse_date, parse_time_in_office
from .errors import DateError, InputError
from .ids import slugify
from .model import (
    Article,
    ArticleModel,
    Event,
    EventKind,
    Leader,
    Logo,
    Org,
    Party,
    Person,
    Post,
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
_ORDINAL = re.compile(r"^(?:#|No\.?\s*)?(?P<n>\d{1,4})\.?$", re.I)
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
_FOUNDED = re.compile(r"\b(?:was|were|had been)\s+(?:officially\s+)?(?:founded|established|formed|created)\b")
_FORMER_NAME = re.compile(r"^\s*(?:in\s+|on\s+)?[^,;]*?\bas\s+(?:the\s+)?(?P<name>[A-Z][^,;]*?)(?=\s*(?:,|;|\.|$|\bwhen\b|\bin\s+\d|\bon\s+))")
# "decided to dissolve the party", "dissolved itself", "the party was dissolved" (the party's own
# name is added where the rule is used); "dissolved the Agrarian party" is some other party.
_DISSOLVED = re.compile(
    r"\b(?:dissolve|dissolved|disband|disbanded|abolish|abolished)\s+(?:the party|this party|itself)\b|\bthe party\s+(?:was|had been)\s+(?:dissolved|disbanded|abolished)\b",
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


def _first_date(text: str, source: str, line: int, position: int = 0) -> PartialDate | None:
    """The first date written in ``text`` from ``position`` on; a bad one is an error at ``line``."""
    match = DATE_IN_TEXT.search(text, position)
    if not match:
        return None
    return _date(match.group(0), source, line)


def _date(text: str, source: str, line: int) -> PartialDate:
    try:
        return parse_date(text)
    except DateError as e:
        raise InputError(str(e), source=source, line=line) from e


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


@dataclass(frozen=True)
class _Columns:
    name: int
    start: int
    end: int | None  # None when one column holds "start – end"
    ordinal: int | None = None
    time_in_office: int | None = None


def _is_date_cell(cell: str) -> bool:
    # An impossible date is still a date here: it is reported later, with its line.
    return cell.lower() not in _UNKNOWN | _OPEN_END and looks_like_date(cell)


def _is_range_cell(cell: str) -> bool:
    match = _RANGE.match(cell)
    if not match:
        return False
    end = match.group("end")
    return _is_date_cell(match.group("start")) and (_is_date_cell(end) or end.lower() in _OPEN_END | _UNKNOWN)


def _is_data_row(cells: Sequence[str]) -> bool:
    return any(_is_date_cell(c) or _is_range_cell(c) for c in cells)


def _is_description_row(cells: Sequence[str]) -> bool:
    # Text in the first cell only (or a lone unpadded cell), not an ordinal.
    return bool(cells[0]) and not any(cells[1:]) and not _ORDINAL.match(cells[0])


def _columns(rows: Sequence[tuple[str, ...]], headers: Sequence[tuple[str, ...]] = ()) -> _Columns | None:
    """Recognise the columns of an office-holder table from its data rows' content.

    A date column is one where most cells that are not blank or unknown (`?`, `—`) are dates;
    a column of "start – end" ranges stands for both. An ordinal column holds only numbers; a
    time-in-office column only lengths of time ("1 year, 31 days"). The name column is a
    column of names (text starting with a letter, not an image file): the one a header row
    calls "Name" (anywhere) when that header row lines up with the data (its "Took office" / "Term"
    headings sit over the date columns; headers flattened from merged cells do not), else
    the first column before the dates whose names mostly differ from row to row (a party
    column repeats one value). None when the table has no dates or no names: it is some
    other table (elections, congresses).
    """
    if not rows:
        return None
    width = len(rows[0])
    # Cells that say something: not blank, not "unknown", not "incumbent".
    informative = [[r[col] for r in rows if r[col].lower() not in _UNKNOWN | _OPEN_END] for col in range(width)]

    def all_match(col: int, test: Callable[[str], bool]) -> bool:
        return bool(informative[col]) and all(test(c) for c in informative[col])

    # Most informative cells are dates: a stray non-date in a date column is then an error
    # reported with its line, not a reason to overlook the column.
    date_cols = [c for c in range(width) if (n := sum(map(_is_date_cell, informative[c]))) and n * 2 > len(informative[c])]
    range_cols = [c for c in range(width) if c not in date_cols and any(_is_range_cell(x) for x in informative[c])]
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
    ordinal = next((c for c in range(start) if all_match(c, lambda x: bool(_ORDINAL.match(x)))), None)
    time_col = next((c for c in range(width) if c not in (start, end) and all_match(c, lambda x: bool(TIME_IN_OFFICE.match(x)))), None)
    labels = _aligned_header(headers, {c for c in (start, end) if c is not None})

    def holds_names(col: int) -> bool:
        cells = [r[col] for r in rows if r[col]]
        return len(cells) * 2 >= len(rows) and sum(map(_is_name, cells)) * 2 > len(cells)

    candidates = [
        c
        for c in range(width)
        if c not in (start, end, ordinal, time_col) and holds_names(c) and not (labels and _HEADER_OTHER.match(labels[c]))
    ]
    named = [c for c in candidates if labels and _HEADER_NAME.match(labels[c])]
    before = [c for c in candidates if c < start]
    varied = [c for c in before if len(set(informative[c])) * 2 > len(informative[c])]
    name = next(iter(named or varied or before), None)
    if name is None:
        return None
    return _Columns(name=name, start=start, end=end, ordinal=ordinal, time_in_office=time_col)


def _aligned_header(headers: Sequence[tuple[str, ...]], date_cols: set[int]) -> tuple[str, ...] | None:
    """The last header row whose date headings ("Took office", "Term") are exactly over the date columns."""
    for cells in reversed(headers):
        if {i for i, cell in enumerate(cells) if _HEADER_DATES.match(cell)} == date_cols:
            return cells
    return None


def _is_name(cell: str) -> bool:
    """A person's name starts with a letter ("18th", "1,234" are not names) and is no image file."""
    return cell[:1].isalpha() and not _IMAGE.search(cell)


def _date_or_none(cell: str, source: str, line: int) -> tuple[PartialDate | None, bool]:
    """A date cell: (date, open-ended?)."""
    if cell.lower() in _OPEN_END:
        return None, True
    if cell.lower() in _UNKNOWN:
        return None, False
    return _date(cell, source, line), False


def extract_terms(table: Table, post: Post, section: Section, source: str) -> list[Term]:
    """Terms of office from one office-holder table."""
    width = max(len(row.cells) for row in table.rows)
    # A one-cell row is a full-width description row written without padding; a row with
    # no text at all says nothing.
    cleaned = [(row, tuple(clean_cell(c) for c in row.cells) + ("",) * (width - len(row.cells))) for row in table.rows]
    cleaned = [(row, cells) for row, cells in cleaned if any(cells)]
    first_data = next((i for i, (_, cells) in enumerate(cleaned) if _is_data_row(cells)), None)
    if first_data is None:
        return []
    body = cleaned[first_data:]
    data_rows = [cells for _, cells in body if not _is_description_row(cells)]
    cols = _columns(data_rows, [cells for _, cells in cleaned[:first_data]])
    if cols is None:
        return []
    terms: list[Term] = []
    pending: list[tuple[Row, tuple[str, ...], list[Source]]] = []
    for row, cells in body:
        if _is_description_row(cells):
            if not pending:
                raise InputError("description row with no officeholder row above it", source=source, line=row.line)
            if cells[0] not in _UNKNOWN:
                # A description row's excerpt is its one cell: the other cells are empty padding.
                pending[-1][2].append(Source(SourceKind.ROW, section.heading, row.line, cells[0]))
            continue
        pending.append((row, cells, []))
    for position, (row, cells, descriptions) in enumerate(pending, start=1):
        name = cells[cols.name]
        if not name or name in _UNKNOWN:
            raise InputError("officeholder row has no name", source=source, line=row.line)
        if cols.end is None:
            match = _RANGE.match(cells[cols.start])
            start_text, end_text = (match.group("start"), match.group("end")) if match else (cells[cols.start], "")
        else:
            start_text, end_text = cells[cols.start], cells[cols.end]
        start, _ = _date_or_none(start_text, source, row.line)
        end, incumbent = _date_or_none(end_text, source, row.line)
        ordinal = position
        if cols.ordinal is not None and (m := _ORDINAL.match(cells[cols.ordinal])):
            ordinal = int(m.group("n"))
        time_text = cells[cols.time_in_office] if cols.time_in_office is not None else ""
        stated = None
        if time_text.lower() not in _UNKNOWN | _OPEN_END:
            try:
                stated = parse_time_in_office(time_text)
            except DateError as e:
                raise InputError(str(e), source=source, line=row.line) from e
        terms.append(
            Term(
                ordinal=ordinal,
                holder=Person(name),
                post=post,
                start=start,
                end=end,
                source=Source(SourceKind.ROW, section.heading, row.line, row.text),
                description=" ".join(d.text for d in descriptions) or None,
                description_sources=tuple(descriptions),
                incumbent=incumbent,
                time_in_office_text=time_text if stated else None,
                stated_time_in_office=stated,
            )
        )
    return terms


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


def _infobox_date(doc: Document, key: str) -> tuple[PartialDate | None, Source | None]:
    """The first date in an infobox entry (`Founded: 1936`), with the entry as its source."""
    entry = doc.infobox.get(key) if doc.infobox else None
    date = _first_date(entry.value, doc.source, entry.line) if entry else None
    return (date, _entry_source(entry)) if entry and date else (None, None)


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


def extract(doc: Document, *, article_bytes: bytes) -> ArticleModel:
    """The domain model of one parsed article."""
    source = doc.source
    title_name = re.sub(r"\s*\([^)]*\)\s*$", "", doc.title).strip()
    name = doc.infobox.name if doc.infobox and doc.infobox.name else title_name
    abbreviation, native, translit = _lead_names(doc)
    abbreviation = _value(doc, "Abbreviation") or abbreviation
    native = _value(doc, "Native Name") or native
    native_lang = _value(doc, "Native Name Lang")
    if native_lang and not _LANGUAGE_TAG.fullmatch(native_lang):
        entry = doc.infobox.get("Native Name Lang") if doc.infobox else None
        raise InputError(f"'Native Name Lang' must be a language code such as kk or ru, not {native_lang!r}", source=source, line=entry.line if entry else None)
    translit = _value(doc, "Transliteration") or translit
    all_sentences = [s for section in doc.sections for s in sentences(section)]
    party_names = _name_pattern(name, title_name, abbreviation)

    # Parent: the infobox's national party; prose "a branch of X (ABBR)" gives its abbreviation.
    parent = None
    parent_name = _value(doc, "National") or _value(doc, "Parent")
    if parent_name:
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
    founded, founding_source = _infobox_date(doc, "Founded")
    if founded is None:
        for s in all_sentences:
            # The party (by name, abbreviation or "the party"), an optional parenthesis, then the verb.
            m = re.search(rf"\b(?:{party_names}|[Tt]he party)\b(?:\s*\([^)]*\))?\s+{_FOUNDED.pattern}", s.text)
            if m:
                founded = _first_date(s.text, source, s.line, m.end())
                former = _FORMER_NAME.match(s.text[m.end():])
                if former and former.group("name") != name:
                    former_names.append(former.group("name").strip())
                founding_source, founding_sentence = s.source(), s
                break
    if founded and founding_source:
        label_name = former_names[0] if former_names else name
        events.append(Event(EventKind.FOUNDING, f"Founding of the {label_name}", founded, founding_source, party_role="resulting"))

    dissolution_index, dissolver = None, None
    dissolved, dissolution_source = _infobox_date(doc, "Dissolved")
    dissolved_pattern = re.compile(rf"{_DISSOLVED.pattern}|\b(?:{party_names})\s+(?:was|had been)\s+(?:dissolved|disbanded|abolished)\b", re.I)
    for index, s in enumerate(all_sentences):
        if dissolved_pattern.search(s.text) and DATE_IN_TEXT.search(s.text):
            dissolution_index = index
            if dissolved is None:
                dissolved = _first_date(s.text, source, s.line)
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
            kind = SuccessionKind(" ".join(kind_match.group("kind").lower().split())) if kind_match else SuccessionKind.UNSPECIFIED
            short = _strip_article(_SUCCESSION_KIND.sub(" ", item).strip())
            full, detail, date = short, None, None
            for s in after:
                names = re.findall(rf"\b{re.escape(short)}(?:\s+of(?:\s+the)?(?:\s+[A-Z][\w'-]*)+)?", s.text)
                if names and _CREATED.search(s.text):
                    full = max(names, key=len)
                    detail = s.source()
                    date = _first_date(s.text, source, s.line)
                    break
            successions.append(
                Succession(Org(full), kind, _entry_source(entry), date, detail)
            )

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
        title=doc.title,
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
    )

    terms = _office_holders(doc)
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
    article = Article(name=file_name, slug=slugify(Path(file_name).stem), sha256=hashlib.sha256(article_bytes).hexdigest())
    texts = [(s.text, s.source()) for s in all_sentences]
    texts += [(d.text, d) for t in terms for d in t.description_sources]
    claims = corroborated(c for text, where in texts for c in claims_in(text, where, source))
    return ArticleModel(article, party, posts, tuple(terms), tuple(successions), tuple(events), claims)


def _office_holders(doc: Document) -> list[Term]:
    """Terms from every office-holder table, each post named after its section.

    A table under a `===` sub-heading belongs to the `==` section's post ("First
    Secretaries" / "=== Kazakh SSR ==="), unless several sub-sections of one section have
    tables: then each sub-heading names its own post ("Leaders" / "=== First Secretaries ===").
    """
    found = [(section, extract_terms(table, Post("", ""), section, doc.source)) for section in doc.sections for table in section.tables]
    found = [(section, terms) for section, terms in found if terms]
    subsections = Counter(section.parent for section, _ in found if section.parent)
    terms: list[Term] = []
    seen: dict[tuple[Post, int], int] = {}
    for section, table_terms in found:
        heading = section.parent if section.parent and subsections[section.parent] == 1 else section.heading
        post = Post(_singular(heading), heading)
        for term in table_terms:
            key = (post, term.ordinal)
            if key in seen:
                raise InputError(f"ordinal {term.ordinal} repeats the one on line {seen[key]}", source=doc.source, line=term.source.line)
            seen[key] = term.source.line
            terms.append(replace(term, post=post))
    return terms
