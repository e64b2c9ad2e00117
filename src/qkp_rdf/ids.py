"""The one place IRIs are minted: `<base>id/<kind>/<slug>`, stable and deterministic."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import DEFAULT_BASE, DEFAULT_DATASET
from .document import Article
from .iris import base_iri, dataset_slug, slugify
from .model import Org, Party, Post, Source, SourceKind

#: The vocabulary does not move with ``--base``: shapes, queries and users depend on it.
VOCABULARY = "https://w3id.org/qkp/ontology#"


@lru_cache(maxsize=1 << 12)  # asked for every excerpt of the article
def _file_slug(name: str) -> str:
    return slugify(Path(name).stem)


def _slug(article: Article) -> str:
    """An article is named after its file (without the extension): two articles, two files."""
    return _file_slug(article.name)


@dataclass(frozen=True)
class Minter:
    """Mints every resource IRI from a base; the same input always gives the same IRIs."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        base_iri(self.base)

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
        return self.iri("article", _slug(article))

    def section(self, article: Article, heading: str) -> str:
        return self.iri("section", f"{_slug(article)}-{slugify(heading)}")

    def excerpt(self, article: Article, source: Source) -> str:
        """A row, sentence or infobox entry, named by where it is and what it says, never by its line.

        ``<article>-<section>-<label>-<hash>``: the section's slug (``lead`` for the prose before
        the first heading, ``infobox`` for the infobox), a label (``sentence``, ``row``, or an
        infobox entry's key) and the first 8 hex digits of the SHA-256 of the kind, section
        heading and exact text. Nothing in it moves when lines are added elsewhere in the
        article (the line stays as data, ``qkp:line``). A short hash rather than the first
        words: a sentence's first words are mostly "The Communist Party of" and a row's are an
        ordinal and an empty portrait cell, while a hash keeps every IRI short in any script.
        The key is kept for an entry because it says what the entry is (the same key twice
        still gives two IRIs, by the hash). The same text of the same kind in the same section
        is the same excerpt: :func:`~qkp_rdf.mapping.map_provenance` keeps its first line.
        """
        if source.kind is SourceKind.INFOBOX:
            place, label = "infobox", slugify(source.text.partition(":")[0])
        else:
            place = "lead" if source.section == article.title else slugify(source.section)
            label = source.kind.value
        digest = hashlib.sha256(f"{source.kind.value}\n{source.section}\n{source.text}".encode()).hexdigest()[:8]
        return self.iri("excerpt", f"{_slug(article)}-{place}-{label}-{digest}")

    def claim(self, article: Article, source: Source, event: str) -> str:
        """A dated claim: its excerpt's name and the event's."""
        return self.iri("claim", f"{self.excerpt(article, source).rsplit('/', 1)[1]}-{slugify(event)}")

    def concept(self, scheme: str, label: str) -> str:
        return self.iri(scheme, slugify(label))

    def dataset(self, name: str = DEFAULT_DATASET) -> str:
        """The dataset (and the named graph ``load`` replaces): by a name the user gives, not by
        its articles, so that a corpus keeps its graph in a store as articles are added."""
        return self.iri("dataset", dataset_slug(name))
