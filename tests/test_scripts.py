"""The one script check: which scripts a text's letters are in."""

import pytest

from qkp_rdf.scripts import CYRILLIC, LATIN, letter_scripts


@pytest.mark.parametrize(
    ("text", "scripts"),
    [
        ("Dinmukhamed Kunaev", {LATIN}),
        ("József Kováč, 1937", {LATIN}),
        ("Ｋｕｎａｅｖ", {LATIN}),  # fullwidth Latin letters are Latin
        ("Қазақстан Коммунистік партиясы", {CYRILLIC}),
        ("ҚКП (KKP)", {CYRILLIC, LATIN}),
        ("Κομμουνιστικό", {"GREEK"}),
        ("1937 – 1991, (?)", set()),
        ("", set()),
    ],
)
def test_letter_scripts(text: str, scripts: set[str]) -> None:
    assert letter_scripts(text) == scripts


def test_the_checks_the_callers_make() -> None:
    def latin_only(text: str) -> bool:
        return letter_scripts(text) <= {LATIN}

    def non_latin(text: str) -> bool:
        scripts = letter_scripts(text)
        return bool(scripts) and LATIN not in scripts

    assert latin_only("Kunaev") and latin_only("1937") and not latin_only("Кунаев") and not latin_only("Kunaev Кунаев")
    assert non_latin("Кунаев") and not non_latin("1937") and not non_latin("Kunaev Кунаев") and not non_latin("Kunaev")
