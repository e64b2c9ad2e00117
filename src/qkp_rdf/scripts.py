"""Which scripts a text's letters are written in (Latin, Cyrillic, ...): the one check behind
"is this name in Latin letters" and "is this the native-script name"."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LATIN = "LATIN"
CYRILLIC = "CYRILLIC"


@lru_cache(maxsize=4096)
def _script(letter: str) -> str:
    # From the letter's Unicode name: any name with LATIN in it is Latin (FULLWIDTH LATIN CAPITAL
    # LETTER A too); otherwise its first word (CYRILLIC, GREEK, ARABIC, CJK, ...).
    name = unicodedata.name(letter, "")
    return LATIN if LATIN in name else name.split(" ", 1)[0]


def letter_scripts(text: str) -> frozenset[str]:
    """The scripts of the letters in ``text`` (:data:`LATIN`, :data:`CYRILLIC`, ``"GREEK"``, ...;
    ``""`` for a letter without a Unicode name); digits, spaces and punctuation have none.

    Latin letters only (with or without diacritics): ``letter_scripts(t) <= {LATIN}`` (true of no
    letters at all too); letters, none of them Latin: ``scripts and LATIN not in scripts``."""
    return frozenset(_script(c) for c in text if c.isalpha())
