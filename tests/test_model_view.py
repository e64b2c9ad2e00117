"""The validation view computed from the model equals the view derived from the article's graph:
on the bundled article, every fixture article, the real articles and generated ones, and on a
group of articles (the union of their views)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.articles import article
from qkp_rdf.config import Config
from qkp_rdf.errors import QkpError
from qkp_rdf.ids import Minter
from qkp_rdf.dates import Decade, Duration, PartialDate, Precision
from qkp_rdf.model import ArticleModel, Interruption, Logo, Post, PostLife
from qkp_rdf.ntriples import ntriples_lines
from qkp_rdf.pipeline import model_article
from qkp_rdf.shacl import validation_view
from qkp_rdf.shacl.model_view import model_view, models_view

from .conftest import FIXTURES, ROOT
from .reference import build_graph, load_models

FIXTURE_ARTICLES = sorted(p for p in FIXTURES.rglob("*.txt") if "bad" not in p.relative_to(FIXTURES).parts)
REAL = sorted((ROOT.parent / "shared" / "real-articles").glob("*.txt"))
GENERATED = range(40)


def _diff(got: set[str], want: set[str]) -> str:
    lines = [f"only in model_view: {line}" for line in sorted(got - want)]
    lines += [f"only in validation_view: {line}" for line in sorted(want - got)]
    return "".join(lines)


def _assert_same(models: list[ArticleModel]) -> None:
    """The same N-Triples lines, the text the engine reads."""
    want = set(ntriples_lines(validation_view(build_graph(models, Config()))).lines)
    got = set(ntriples_lines(models_view(models, Minter())).lines)
    assert got == want, "\n" + _diff(got, want)


def _models(path: Path) -> list[ArticleModel]:
    try:
        return load_models([path])
    except QkpError as e:  # a fixture of a read that fails is some other test's business
        pytest.skip(f"{path.name} does not load: {e}")


def test_bundled_article() -> None:
    models = load_models([])
    _assert_same(models)
    assert set(model_view(models[0], Minter())) == set(models_view(models, Minter()))


@pytest.mark.parametrize("path", FIXTURE_ARTICLES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_articles(path: Path) -> None:
    _assert_same(_models(path))


@pytest.mark.skipif(not REAL, reason="no real articles here")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_articles(path: Path) -> None:
    _assert_same(_models(path))


@pytest.mark.parametrize("number", GENERATED)
def test_generated_articles(number: int) -> None:
    name, text = article(number)
    _assert_same([model_article(name, text.encode())])


def test_a_group_is_the_union_of_its_articles() -> None:
    """Generated articles share people (one name pool): their birth and death triples are alike."""
    _assert_same([model_article(name, text.encode()) for name, text in map(article, range(10))])


def test_the_real_articles_together() -> None:
    if not REAL:
        pytest.skip("no real articles here")
    _assert_same(load_models(REAL))


def _edited() -> ArticleModel:
    """The bundled article, edited to have what no article here has: approximate and uncertain
    dates, decades (one approximate in the same term IRI), a split post (roles), interruptions that
    extend a gap limit, two posts minting one IRI (so terms share IRIs, positions and ordinals),
    a person's two birth dates, a logo year no xsd:gYear can say, and a post's life."""
    model = load_models([])[0]
    post = model.posts[0]
    twin = Post(post.label, "Another section")  # the same label: the same post IRI
    terms = list(model.terms)
    terms[0] = replace(terms[0], start=replace(terms[0].start, approximate=True), stated_time_in_office=Duration(1, 1, 0, Precision.MONTH))  # type: ignore[type-var]
    terms[1] = replace(terms[1], end=replace(terms[1].end, uncertain=True), role="Industrial")  # type: ignore[type-var]
    terms[2] = replace(terms[2], start=Decade(1930), end=Decade(1940), role="Rural")
    terms[3] = replace(terms[3], start=None, holder=None)
    terms[4] = replace(terms[4], holder=replace(terms[4].holder, birth=PartialDate(1900)))  # type: ignore[type-var]
    terms[5] = replace(terms[5], holder=replace(terms[5].holder, birth=PartialDate(1901, 2)))  # type: ignore[type-var]
    extra = [replace(terms[2], post=twin, start=PartialDate(1935, approximate=True), end=Decade(1950), ordinal=terms[2].ordinal)]
    extra.append(replace(terms[6], post=twin, position=99, ordinal=terms[6].ordinal))
    source = terms[0].source
    gaps = (
        Interruption(post, "Occupation", PartialDate(1941), PartialDate(1943, 6), source),
        Interruption(post, "Occupation", PartialDate(1942), None, source),  # one IRI, two starts
        Interruption(post, "Vacancy", PartialDate(1944, 1, 2), PartialDate(1950, 3, 4), source),
        Interruption(twin, "Undated", None, PartialDate(1960), source),
    )
    party = replace(model.party, logos=(*model.party.logos, Logo("Odd", -5, 12345), Logo("Emblem of Kazakhstan", 1990, None)))
    life = PostLife(post, PartialDate(1937, 4), PartialDate(1991, 12, 1), (source,))
    return replace(model, party=party, posts=(*model.posts, twin), terms=(*terms, *extra), interruptions=gaps, post_lives=(life,))


def test_an_edited_model() -> None:
    _assert_same([_edited()])
