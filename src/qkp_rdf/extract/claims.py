"""Dated claims: what the article says happened when, so that claims about one event can be compared.

An article often dates one event in two places, say in its prose and in an officeholder's
description row, and the two do not always agree. The rules (see the README, "Dated claims"):

* Texts: every prose sentence and every description row of an office-holder table.
* Clauses: a text with one date is one clause. A text with several dates is cut at ``;``
  and before the conjunctions *and, but, before, after, while, whereas, until, then*; each
  piece holding exactly one date is a clause, the others are skipped (whose date is it?).
* A claim is a clause that names an **action** and an **object** besides its date:

  - the action is a verb or its noun from a small lexicon, reduced to one name
    (*excluded*, *exclusion* → exclusion; *dissolve*, *dissolution* → dissolution; ...);
  - the object is a numbered reference: *Article 6*, *Art. 6*, *Article VI*, *Section 2*,
    *Resolution No. 12*, *the 18th Congress*, *the 3rd Plenum* (normalised, so that
    *Art. 6* and *Article VI* are both "Article 6").

* Two claims are about the **same event** when they name the same action and the same
  object. A date alone, or a date with a verb but no numbered object, does not say which
  event it dates, so it makes no claim: a wrong match would report a disagreement that is
  not there.
* Only events claimed in at least two places are kept: one claim cannot disagree with
  anything. Whether the claims agree is for validation to say (at each date's precision:
  "April 1990" agrees with "24 April 1990").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from ..dates import DATE_IN_TEXT, parse_date
from ..errors import DateError
from ..model import Claim, Source
from .text import roman_value

# One name per action, and the words (verbs and nouns) that say it.
_ACTIONS: dict[str, str] = {
    "exclusion": r"exclu(?:de|ded|des|ding|sion)",
    "abolition": r"abolish(?:ed|es|ing)?|abolition",
    "dissolution": r"dissol(?:ve|ved|ves|ving|ution)",
    "founding": r"found(?:ed|ing)|establish(?:ed|ment)?",
    "adoption": r"adopt(?:ed|s|ion)?",
    "amendment": r"amend(?:ed|s|ment)?",
    "repeal": r"repeal(?:ed|s)?",
    "ratification": r"ratif(?:y|ied|ies|ication)",
    "signing": r"sign(?:ed|ing)",
    "election": r"elect(?:ed|ion)",
    "appointment": r"appoint(?:ed|ment)",
    "removal": r"remov(?:ed|al)|dismiss(?:ed|al)|ousted",
    "resignation": r"resign(?:ed|ation)",
    "convening": r"convened|convocation|held|opened",
}
_ACTION = re.compile("|".join(rf"\b(?P<{name}>{words})\b" for name, words in _ACTIONS.items()), re.I)

_DOCUMENT_PART = r"Article|Art\.|Section|Sect\.|Paragraph|Clause|Amendment|Resolution|Decree|Law"
_OBJECT = re.compile(
    rf"\b(?P<kind>{_DOCUMENT_PART})\s*(?:No\.\s*)?(?P<n>\d+|[IVXLC]+)\b"
    r"|\b(?P<ordinal>\d+(?:st|nd|rd|th))\s+(?:(?:Extraordinary|Party|All-Union)\s+)?(?P<body>Congress|Plenum|Conference|Session|Convention)\b"
)
_ABBREVIATED = {"Art.": "Article", "Sect.": "Section"}
_CLAUSE_BREAK = re.compile(r";|\s+(?=(?:and|but|before|after|while|whereas|until|then)\s)")


def _objects(clause: str) -> list[str]:
    found = []
    for m in _OBJECT.finditer(clause):
        if m.group("kind"):
            n = m.group("n")
            number = n if n.isdigit() else str(roman_value(n))
            found.append(f"{_ABBREVIATED.get(m.group('kind'), m.group('kind'))} {number}")
        else:
            found.append(f"{m.group('ordinal')} {m.group('body')}")
    return list(dict.fromkeys(found))


def _clauses(text: str) -> Iterator[tuple[str, str]]:
    """(clause, its one date as written) for each clause of ``text`` holding exactly one date."""
    pieces = [text] if len(DATE_IN_TEXT.findall(text)) <= 1 else _CLAUSE_BREAK.split(text)
    for piece in pieces:
        dates = DATE_IN_TEXT.findall(piece)
        if len(dates) == 1:
            yield piece, dates[0]


def claims_in(text: str, source: Source, warn: Callable[[int, str], None]) -> Iterator[Claim]:
    """Every claim the text makes; a date that does not exist makes none (``warn`` is told, with the source's line)."""
    for clause, written in _clauses(text):
        actions = list(dict.fromkeys(name for m in _ACTION.finditer(clause) for name, value in m.groupdict().items() if value))
        objects = _objects(clause)
        if not actions or not objects:
            continue
        try:
            date = parse_date(written)
        except DateError as e:
            warn(source.line, f"{e}; left out")
            continue
        for action in actions:
            for subject in objects:
                yield Claim(action, subject, date, source)


def corroborated(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """The claims about events that at least two different places date, in text order."""
    by_event: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if all(c.source != claim.source for c in by_event[claim.event]):
            by_event[claim.event].append(claim)
    kept = [c for group in by_event.values() if len(group) > 1 for c in group]
    return tuple(sorted(kept, key=lambda c: (c.event, c.source.line, c.source.index)))
