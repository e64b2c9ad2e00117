"""Dated claims: which clauses make claims, what counts as the same event, and what is kept."""

from __future__ import annotations

import pytest

from qkp_rdf.extract.claims import claims_in, corroborated
from qkp_rdf.dates import PartialDate
from qkp_rdf.model import Claim, Source, SourceKind


def _source(line: int, text: str = "") -> Source:
    return Source(SourceKind.SENTENCE, "History", line, text)


def _claims(text: str, line: int = 1) -> list[tuple[str, str]]:
    return [(c.event, c.date.isoformat()) for c in claims_in(text, _source(line, text), lambda line, message: None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The object may be abbreviated or in Roman numerals; the action a verb or a noun.
        ("On 12 March 1990 Art. 6 was excluded from the constitution.", [("Article 6: exclusion", "1990-03-12")]),
        ("The exclusion of Article VI followed in March 1990.", [("Article 6: exclusion", "1990-03")]),
        ("The 18th Congress, held on September 7, 1991, decided to dissolve the party.",
         [("18th Congress: dissolution", "1991-09-07"), ("18th Congress: convening", "1991-09-07")]),
        ("Resolution No. 12 was adopted in 1956.", [("Resolution 12: adoption", "1956")]),
        # Several dates: each clause keeps its own.
        ("He oversaw the exclusion of Article 6 on 24 October 1990 and the transition to the Presidency in April 1990.",
         [("Article 6: exclusion", "1990-10-24")]),
        # No numbered object, or no action: no claim, a date alone does not say which event.
        ("He was arrested in 1938 and executed in February 1939.", []),
        ("Article 6 of the constitution dates from 1977.", []),
        # The verb is in the second clause: only that clause's plenum and date make a claim.
        ("The 3rd Plenum in 1962 and the 4th Plenum in 1963 were held in Alma-Ata.", [("4th Plenum: convening", "1963")]),
    ],
)
def test_claims_in(text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(_claims(text)) == sorted(expected)


def test_a_date_that_does_not_exist_makes_no_claim_and_a_warning_at_its_line() -> None:
    told: list[tuple[int, str]] = []
    text = "Article 2 was abolished on 31 February 1951."
    assert list(claims_in(text, _source(7, text), lambda line, message: told.append((line, message)))) == []
    assert [line for line, _ in told] == [7] and "impossible date '31 February 1951'" in told[0][1]


def test_only_events_claimed_in_two_places_are_kept() -> None:
    def claim(line: int, event: tuple[str, str], date: PartialDate) -> Claim:
        return Claim(event[1], event[0], date, _source(line))

    exclusion, abolition = ("Article 6", "exclusion"), ("Article 7", "abolition")
    claims = [
        claim(9, exclusion, PartialDate(1990, 10, 24)),
        claim(3, exclusion, PartialDate(1990, 4, 24)),
        claim(3, exclusion, PartialDate(1990, 4, 24)),  # the same place twice counts once
        claim(5, abolition, PartialDate(1991)),
        claim(5, abolition, PartialDate(1991)),
    ]
    kept = corroborated(claims)
    assert [(c.event, c.source.line) for c in kept] == [("Article 6: exclusion", 3), ("Article 6: exclusion", 9)]


def test_the_seed_keeps_both_article_6_claims(seed_model) -> None:
    assert [(c.event, c.date.isoformat(), c.source.kind, c.source.line) for c in seed_model.claims] == [
        ("Article 6: exclusion", "1990-04-24", SourceKind.SENTENCE, 22),
        ("Article 6: exclusion", "1990-10-24", SourceKind.ROW, 55),
    ]
