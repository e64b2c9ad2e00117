"""IRIs as text: whether one is absolute (RFC 3987), and the slugs that names become in them.

Light on purpose (the settings check their base with it before the library is imported); the
minter, :mod:`qkp_rdf.ids`, builds the resource IRIs from these slugs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pyoxigraph as ox

from .errors import UsageError


@lru_cache(maxsize=1 << 16)  # the same names and titles are slugged for every triple that mentions them
def slugify(text: str) -> str:
    """Lower-case words joined by hyphens; Latin diacritics dropped, other scripts kept (IRIs allow them)."""
    return _words(text) or "unnamed"


def _words(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^\w]+", "-", stripped.lower().replace("'", "").replace("’", "")).strip("-_")
    return re.sub(r"_+", "-", slug)


def dataset_slug(name: str) -> str:
    """The slug of a dataset's name; a name with no letter or digit to slug is a usage error."""
    slug = _words(name)
    if not slug:
        raise UsageError(f"a dataset name needs a letter or digit: {name!r}")
    return slug


def absolute_iri(text: str, what: str = "") -> str:
    """``text``, if it is an absolute IRI as RFC 3987 defines one (``https:``, ``urn:``, ``tag:``
    alike); else a :class:`UsageError` saying why. pyoxigraph's parser is the judge, as it is of
    every IRI we write, so what passes here can always be published."""
    try:
        ox.NamedNode(text)
    except ValueError as e:
        raise UsageError(f"{what + ': ' if what else ''}not an absolute IRI (RFC 3987): {text!r} ({str(e)[:1].lower()}{str(e)[1:]})") from None
    return text


def base_iri(text: str, what: str = "") -> str:
    """An absolute IRI that ends with ``/`` or ``#``, so that names can follow it."""
    absolute_iri(text, what)
    if not text.endswith(("/", "#")):
        raise UsageError(f"{what + ': ' if what else ''}a base IRI must end with '/' or '#': {text!r}")
    return text
