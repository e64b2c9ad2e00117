"""What a heading, title or row names: an office ("First Secretary of the Central Committee"),
the organization it is an office of, a party's committee."""

from __future__ import annotations

import re

from .text import strip_article

# An office title: up to three words that rank an office, then the office ("First Secretary",
# "Chairman of the Central Committee"); no digits or sentence punctuation (a description is prose).
_OFFICE_TITLE = re.compile(
    r"^(?:(?:first|second|third|general|executive|responsible|acting|deputy|chief|honorary|provisional|political|party)\s+){0,3}"
    r"(?:secretar(?:y|ies)|chair(?:man|men|woman|women|person|persons)?|presidents?|leaders?|heads?|premiers?|governors?)"
    r"(?:[- ]general)?(?:\s+(?:of|to)\s+[^;.:!?\d()]+)?$",
    re.I,
)
# A party's unit below the republic: "Osh Regional Committee", "Kiev City Committee", "obkom".
_COMMITTEE_WORDS = r"(?:Regional|City|District|Provincial|Oblast|Krai|Okrug|Town|County|Republican|Area)\s+Committee|Obkom|Gorkom|Raikom"
COMMITTEE = re.compile(rf"\b(?:{_COMMITTEE_WORDS})\b")
# What follows an office's "of" when it names the organization rather than the office.
_ORGANIZATION_WORDS = re.compile(rf"\b(?:Party|{_COMMITTEE_WORDS})\b")
#: "Osh Regional Committee of the Communist Party of Kirghizia": whose unit a committee is.
UNIT_OF = re.compile(r"\bCommittee\s+of\s+(?P<party>.+)$")


def singular(heading: str) -> str:
    """A plural heading made singular, without "List of" or "The": "First Secretaries" is "First Secretary"."""
    heading = re.sub(r"^(?:list of|the)\s+", "", heading, flags=re.I).strip()
    words = heading.split()
    if not words:
        return heading
    last = words[-1]
    for plural, one in (("ies", "y"), ("men", "man"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if last.lower().endswith(plural) and not last.lower().endswith("ss"):
            words[-1] = last[: len(last) - len(plural)] + one
            break
    result = " ".join(words)
    return result[:1].upper() + result[1:]


def split_office(text: str) -> tuple[str, str | None] | None:
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
    office = " of ".join([singular(head), *pieces[:at]])
    if len(office.split()) > 10:  # a sentence about an office, not its title
        return None
    organization = strip_article(" of ".join(pieces[at:])) if at < len(pieces) else None
    return office, organization


def named_office(text: str) -> str | None:
    """The office a heading, sub-header row or title names (see :func:`split_office`)."""
    split = split_office(text)
    return split[0] if split else None
