"""Rules that read the prose, each fact keeping its sentence: the lead's names, the founding and
dissolution sentences, the successors' creation, and the office's own creation and abolition."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..dates import DATE_IN_TEXT, PartialDate
from ..document import Document, InfoboxEntry
from ..model import Org, PostLife, Source, Succession, SuccessionKind, Term
from ..scripts import LATIN, letter_scripts
from .infobox import OFFICE_ABOLISHED_KEYS, OFFICE_CREATED_KEYS, entry_source, infobox_date
from .offices import UNIT_OF, named_office
from .text import Sentence, Warnings, first_date, split_list, strip_article

_LEAD_NAME = re.compile(r"^The\s+(?P<name>[A-Z][^,()]*?)(?=\s*(?:,|\(|\s+(?:was|is|were)\b))")
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
_POSITION_CREATED = re.compile(r"\b[Tt]he\s+(?:position|post)(?:\s+of\s+(?P<office>[^,]+?))?\s+was\s+(?:created|established|instituted|introduced)\b")
_POSITION_ABOLISHED = re.compile(r"\babolished\b", re.I)


def lead_names(doc: Document) -> tuple[str | None, str | None, str | None]:
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
            scripts = letter_scripts(part)
            non_latin = bool(scripts) and LATIN not in scripts  # letters, none of them Latin
            if re.fullmatch(r"[A-ZА-ЯЁ]{2,8}", part) and abbreviation is None:
                abbreviation = part
            elif non_latin and native is None:
                native = part
            elif native is not None and translit is None and not non_latin:
                translit = part
    return abbreviation, native, translit


def lead_subject(doc: Document, title_name: str) -> str | None:
    """The name the lead's first sentence gives its subject ("The Osh Regional Committee of the
    Communist Party of Kirghizia, commonly ..."), when it starts like the title."""
    if not doc.lead.paragraphs:
        return None
    m = _LEAD_NAME.match(doc.lead.paragraphs[0].text)
    # Only a fuller name: one that still says whose committee it is.
    if not m or m.group("name").split()[0] != title_name.split()[0] or not UNIT_OF.search(m.group("name")):
        return None
    return m.group("name").strip()


def name_pattern(*names: str | None) -> str:
    """A regular expression for any of ``names``, the longest first."""
    return "|".join(re.escape(n) for n in sorted({n for n in names if n}, key=len, reverse=True))


def abbreviation_of(name: str, sentences: Sequence[Sentence]) -> str | None:
    """The abbreviation prose gives an organization: "a branch of X (ABBR)"."""
    for s in sentences:
        m = re.search(rf"{re.escape(strip_article(name))}\s*\((?P<abbr>[A-Z]{{2,8}})\)", s.text)
        if m:
            return m.group("abbr")
    return None


@dataclass(frozen=True)
class Founding:
    """The first sentence saying the organization was founded, its date and the former name it gives."""

    sentence: Sentence
    date: PartialDate | None
    former_name: str | None


def founding(sentences: Sequence[Sentence], name: str, party_names: str, *, committee: bool, warn: Warnings) -> Founding | None:
    """The first sentence where the organization's name, "the party" or a leading "It" is followed
    by "was founded / established / formed / created" (or ", established on"): the first date after
    the verb is the founding date, and "as (the) X" names a former name."""
    # The subject is the organization (never "the youth wing of the party"); "the party" on a
    # committee's page is the committee's party, and ", established on" follows its name only.
    subject = rf"(?<!of )(?:{'' if committee else '[Tt]he party|'}\b(?:{party_names})\b)"
    pattern = re.compile(
        rf"(?:{subject})(?:\s*\([^)]*\))?{_FOUNDED.pattern}|\b(?:{party_names})\b(?:\s*\([^)]*\))?{_FOUNDED_PARTICIPLE.pattern}|^It{_FOUNDED.pattern}"
    )
    for s in sentences:
        m = pattern.search(s.text)
        if m:
            date = first_date(s.text, s.line, warn, m.end())
            former = _FORMER_NAME.match(s.text[m.end():])
            return Founding(s, date, former.group("name").strip() if former and former.group("name") != name else None)
    return None


@dataclass(frozen=True)
class Dissolution:
    """The first dated sentence saying the organization was dissolved, disbanded or banned."""

    index: int  # the sentence's place among the article's sentences
    sentence: Sentence
    verb_end: int
    dissolver: str | None  # "18th Congress"

    def date(self, warn: Warnings) -> PartialDate | None:
        """The date after the verb ("dissolved on 6 November 1991"), else the one before it."""
        s = self.sentence
        return first_date(s.text, s.line, warn, self.verb_end) or first_date(s.text, s.line, warn)


def dissolution(sentences: Sequence[Sentence], party_names: str) -> Dissolution | None:
    """The dissolution sentence (see :class:`Dissolution`), the congress that dissolved the party when it names one."""
    pattern = re.compile(
        rf"{_DISSOLVED.pattern}|(?:\b(?:{party_names})|^It)\s+(?:(?:was|had been)\s+(?:formally\s+|officially\s+)?(?:dissolved|disbanded|abolished|banned)\b|dissolved itself\b)", re.I
    )
    for index, s in enumerate(sentences):
        if (said := pattern.search(s.text)) and DATE_IN_TEXT.search(s.text):
            congress = _CONGRESS.search(s.text)
            return Dissolution(index, s, said.end(), congress.group(0) if congress else None)
    return None


def successors(entry: InfoboxEntry, after: Sequence[Sentence], warn: Warnings) -> list[Succession]:
    """The successors the `Successor` entry names, "(de jure)" / "(de facto)" telling them apart;
    the fuller name and date come from the first of the sentences ``after`` the dissolution that
    names the successor with a creation verb (created, recreated, formed, ...)."""
    found = []
    for item in split_list(entry.value):
        kind_match = _SUCCESSION_KIND.search(item)
        succession_kind = SuccessionKind(" ".join(kind_match.group("kind").lower().split())) if kind_match else SuccessionKind.UNSPECIFIED
        short = strip_article(_SUCCESSION_KIND.sub(" ", item).strip())
        full, detail, date = short, None, None
        for s in after:
            names = re.findall(rf"\b{re.escape(short)}(?:\s+of(?:\s+the)?(?:\s+[A-Z][\w'-]*)+)?", s.text)
            if names and _CREATED.search(s.text):
                full = max(names, key=len)
                detail = s.source()
                date = first_date(s.text, s.line, warn)
                break
        found.append(Succession(Org(full), succession_kind, entry_source(entry), date, detail))
    return found


def post_lives(doc: Document, terms: Sequence[Term], all_sentences: Sequence[Sentence], office_page: bool, warn: Warnings) -> tuple[PostLife, ...]:
    """When the office was created and abolished: "The position (of First Secretary) was created
    on 27 February 1932, and abolished in August 1991", or an office page's `Formation` /
    `Abolished` entries. The dates belong to the post the sentence names, else the first one."""
    created = abolished = None
    sources: list[Source] = []
    # A sentence that does not say which office is about the page's main one: the post most rows hold.
    held = Counter(t.post for t in terms)
    post = max(held, key=lambda p: held[p])
    if office_page:
        created, created_source = infobox_date(doc, OFFICE_CREATED_KEYS, warn)
        abolished, abolished_source = infobox_date(doc, OFFICE_ABOLISHED_KEYS, warn)
        sources += [s for s in (created_source, abolished_source) if s]
    for s in all_sentences:
        m = _POSITION_CREATED.search(s.text)
        if not m:
            continue
        named = named_office(m.group("office") or "")
        post = next((p for p in held if p.label == named), post)
        created = created or first_date(s.text, s.line, warn, m.end())
        if (gone := _POSITION_ABOLISHED.search(s.text, m.end())) and abolished is None:
            abolished = first_date(s.text, s.line, warn, gone.end())
        sources.append(s.source())
        break
    if created is None and abolished is None:
        return ()
    return (PostLife(post, created, abolished, tuple(dict.fromkeys(sources))),)
