"""The infobox: entries by key, numbered entries (`Country`, `Country2`), the first date of an
entry, organizations, logos and leaders."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..dates import PartialDate
from ..document import Document, InfoboxEntry
from ..model import Leader, Logo, Org, Source, SourceKind
from .text import Warnings, first_date, plain_date, split_list, strip_article

#: Entries that date the organization's founding and dissolution.
FOUNDED_KEYS = ("Founded", "Foundation", "Established", "Formed", "Formation")
DISSOLVED_KEYS = ("Dissolved", "Banned", "Abolished")
#: On an office's page these entries date the office, not its organization.
OFFICE_CREATED_KEYS = ("Formation", "Formed", "Established", "Created")
OFFICE_ABOLISHED_KEYS = ("Abolished", "Abolition")
_LOGO = re.compile(r"(?P<name>.+?)\s*\((?P<start>\d{4})\s*[–—-]\s*(?P<end>\d{4}|present)?\)", re.I)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def entry_source(entry: InfoboxEntry) -> Source:
    """The entry as the source of a fact."""
    return Source(SourceKind.INFOBOX, "infobox", entry.line, f"{entry.key}: {entry.value}")


def infobox_date(doc: Document, keys: Sequence[str], warn: Warnings) -> tuple[PartialDate | None, Source | None]:
    """The first date in the first of the infobox entries ``keys`` that has one (`Founded: 1936`,
    `Foundation: 1920-02-20`), with the entry as its source."""
    for key in keys:
        entry = doc.infobox.get(key) if doc.infobox else None
        if entry is None:
            continue
        value = entry.value.strip()
        date = plain_date(value) if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", value) else first_date(value, entry.line, warn)
        if date:
            return date, entry_source(entry)
    return None, None


def entry_value(doc: Document, key: str) -> str | None:
    """The value of the infobox entry ``key``, when it has one."""
    entry = doc.infobox.get(key) if doc.infobox else None
    return entry.value if entry and entry.value else None


def numbered_entries(doc: Document, pattern: str) -> list[tuple[str, str]]:
    """Infobox entries whose key matches ``pattern`` (e.g. `Country`, `Country2`), in order."""
    if not doc.infobox:
        return []
    return [(e.key, e.value) for e in doc.infobox.entries if re.fullmatch(pattern, e.key, re.I) and e.value]


def orgs(value: str | None) -> tuple[Org, ...]:
    """The organizations a list value names (`Predecessor: A, B`)."""
    return tuple(Org(strip_article(v)) for v in split_list(value)) if value else ()


def native_language(doc: Document, warn: Warnings) -> str | None:
    """The `Native Name Lang` entry, when it is a language code such as kk or ru; else a warning."""
    native_lang = entry_value(doc, "Native Name Lang")
    if native_lang and not _LANGUAGE_TAG.fullmatch(native_lang):
        entry = doc.infobox.get("Native Name Lang") if doc.infobox else None
        warn(entry.line if entry else 1, f"'Native Name Lang' must be a language code such as kk or ru, not {native_lang!r}; left out")
        native_lang = None
    return native_lang


def logos(doc: Document) -> tuple[Logo, ...]:
    """The `Logo` entries' files, with the years in their names ("Logo (1936–1991).svg")."""
    found = []
    for _, value in numbered_entries(doc, r"Logo\d*"):
        for item in split_list(value):
            item = re.sub(r"\.(?:svg|png|jpe?g|gif)$", "", item, flags=re.I)
            if m := _LOGO.fullmatch(item):
                end = m.group("end")
                found.append(Logo(m.group("name"), int(m.group("start")), int(end) if end and end.isdigit() else None))
            else:
                found.append(Logo(item))
    return tuple(found)


def leaders(doc: Document) -> tuple[Leader, ...]:
    """The `LeaderN Title` / `LeaderN Name` pairs, in order."""
    found = []
    for key, title in numbered_entries(doc, r"Leader\d+\s*Title"):
        number = re.search(r"\d+", key)
        person = entry_value(doc, f"Leader{number.group(0) if number else ''} Name")
        if person:
            found.append(Leader(title, person))
    return tuple(found)
