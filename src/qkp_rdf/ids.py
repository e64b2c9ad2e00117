"""The one place IRIs are minted: `<base>id/<kind>/<slug>`, stable and deterministic."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError
from .model import Article, Org, Party, Post, Source, SourceKind

DEFAULT_BASE = "https://w3id.org/qkp/"

#: The vocabulary does not move with ``--base``: shapes, queries and users depend on it.
VOCABULARY = "https://w3id.org/qkp/ontology#"


@lru_cache(maxsize=1 << 16)  # the same names and titles are slugged for every triple that mentions them
def slugify(text: str) -> str:
    """Lower-case words joined by hyphens; Latin diacritics dropped, other scripts kept (IRIs allow them)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^\w]+", "-", stripped.lower().replace("'", "").replace("’", "")).strip("-_")
    return re.sub(r"_+", "-", slug) or "unnamed"


@dataclass(frozen=True)
class Minter:
    """Mints every resource IRI from a base; the same input always gives the same IRIs."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^[a-z][a-z0-9+.-]*://[^\s<>\"{}|\\^`]+[/#]$", self.base, re.I):
            raise UsageError(f"base IRI must be absolute and end with '/' or '#': {self.base!r}")

    def iri(self, kind: str, slug: str) -> str:
        return f"{self.base}id/{kind}/{slug}"

    def party(self, party: Party) -> str:
        """The article's own organization: a party, or a committee (a unit of a party)."""
        return self.iri("committee" if party.kind == "committee" else "party", slugify(party.title))

    def org(self, org: Org, party: Party) -> str:
        """An organisation the article about ``party`` names. A name that does not say its
        country ("Socialist Party") is qualified by the article's first country, so that two
        countries' parties of the same name stay apart; one that would take the article's
        own party's IRI (a party recreated under the same name) gets "-successor"."""
        slug = slugify(org.name)
        if party.countries and not any(slugify(c) in slug for c in party.countries):
            slug = f"{slug}-{slugify(party.countries[0])}"
        iri = self.iri("party", slug)
        return iri + "-successor" if iri == self.party(party) else iri

    def person(self, name: str) -> str:
        # People are identified by name across articles (see the README): one name, one person.
        return self.iri("person", slugify(name))

    def post(self, party: Party, post: Post) -> str:
        return self.iri("post", f"{slugify(party.title)}-{slugify(post.label)}")

    def term(self, party: Party, post: Post, position: int) -> str:
        """A term by its place in the post's series (the source's own numbers may skip or repeat)."""
        return self.iri("term", f"{slugify(party.title)}-{slugify(post.label)}-{position}")

    def interruption(self, party: Party, post: Post, label: str) -> str:
        return self.iri("interruption", f"{slugify(party.title)}-{slugify(post.label)}-{slugify(label)}")

    def event(self, party: Party, kind: str, other: str | None = None) -> str:
        return self.iri("event", f"{slugify(party.title)}-{slugify(kind)}" + (f"-{slugify(other)}" if other else ""))

    def article(self, article: Article) -> str:
        return self.iri("article", article.slug)

    def section(self, article: Article, heading: str) -> str:
        return self.iri("section", f"{article.slug}-{slugify(heading)}")

    def excerpt(self, article: Article, source: Source) -> str:
        suffix = f"-s{source.index}" if source.kind is SourceKind.SENTENCE else ""
        return self.iri("excerpt", f"{article.slug}-line-{source.line}{suffix}")

    def claim(self, article: Article, source: Source, event: str) -> str:
        return self.iri("claim", f"{self.excerpt(article, source).rsplit('/', 1)[1]}-{slugify(event)}")

    def concept(self, scheme: str, label: str) -> str:
        return self.iri(scheme, slugify(label))

    def dataset(self, articles: tuple[Article, ...]) -> str:
        slug = articles[0].slug if len(articles) == 1 else "-".join(sorted(a.slug for a in articles))
        if len(slug) > 120:
            slug = "combined-" + hashlib.sha256(slug.encode()).hexdigest()[:16]
        return self.iri("dataset", slug)
