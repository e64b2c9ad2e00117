"""IRIs that stay put: excerpts and claims by their place and text, not their line; the dataset by
a name, not by its articles (so `load`'s default named graph stays when a corpus grows)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF
from rdflib.term import Node

from qkp_rdf.cli import main
from qkp_rdf.errors import InputError, UsageError
from qkp_rdf.ids import DEFAULT_BASE, Minter
from qkp_rdf.model import Article, ArticleModel, Source, SourceKind
from qkp_rdf.pipeline import model_article
from qkp_rdf.config import Config
from qkp_rdf.vocab import QKP, VOID

from .conftest import FIXTURES, ROOT
from .reference import build_graph

SEED = ROOT / "src" / "qkp_rdf" / "data" / "communist-party-of-kazakhstan.txt"
SEED_NAME = SEED.name
ORIGIN = "== Origin ==\n"
#: A sentence no rule reads: it adds lines but no fact and no excerpt.
NEUTRAL = "The party kept an archive in Almaty."
EXCERPT_CLASSES = (QKP.Sentence, QKP.TableRow, QKP.InfoboxEntry)
ARTICLES = sorted(FIXTURES.rglob("*.txt")) + sorted((ROOT.parent / "shared" / "real-articles").glob("*.txt")) + [SEED]


def _graph(text: str, name: str = SEED_NAME, config: Config = Config()) -> Graph:
    return build_graph([model_article(name, text.encode())], config)


def _iris(graph: Graph) -> set[Node]:
    return {node for triple in graph for node in triple if isinstance(node, URIRef)}


def _without_lines(graph: Graph) -> set[tuple[Node, Node, Node]]:
    """The triples, less what moves with the text's lines: qkp:line, and the file's checksum."""
    return {t for t in graph if t[1] not in (QKP.line, QKP.sha256)}


def _lines(graph: Graph) -> set[tuple[Node, int]]:
    return {(x, int(str(line))) for x, line in graph.subject_objects(QKP.line)}


def _excerpts(graph: Graph) -> set[Node]:
    return {s for cls in EXCERPT_CLASSES for s in graph.subjects(RDF.type, cls)}


def _datasets(graph: Graph) -> set[Node]:
    return set(graph.subjects(RDF.type, VOID.Dataset))


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Graph:
    return _graph(seed_text)


# (a) a line added above a passage renames nothing


def test_blank_line_before_the_title_changes_only_line_numbers(seed_text: str, seed: Graph) -> None:
    moved = _graph("\n" + seed_text)
    assert _iris(moved) == _iris(seed)
    assert _without_lines(moved) == _without_lines(seed)
    # Every excerpt moved down one line, under the same IRI.
    assert {(x, line + 1) for x, line in _lines(seed)} == _lines(moved)


@pytest.mark.parametrize(
    ("change", "lines_move"),
    [
        pytest.param(lambda text: text.replace(ORIGIN, f"{ORIGIN}{NEUTRAL}\n\n", 1), True, id="new-first-paragraph"),
        pytest.param(lambda text: text.replace(ORIGIN, f"== Early history ==\n{NEUTRAL}\n\n{ORIGIN}", 1), True, id="new-section"),
        # The line stays; the sentence's index in its paragraph (once part of its name) moves.
        pytest.param(lambda text: text.replace(ORIGIN, f"{ORIGIN}{NEUTRAL} ", 1), False, id="new-first-sentence-of-a-paragraph"),
    ],
)
def test_new_prose_above_every_source_renames_nothing(
    seed_text: str, seed: Graph, change: Callable[[str], str], lines_move: bool
) -> None:
    text = change(seed_text)
    assert text != seed_text
    moved = _graph(text)
    assert _iris(moved) == _iris(seed)
    assert _without_lines(moved) == _without_lines(seed)
    assert (_lines(moved) != _lines(seed)) is lines_move  # with names made of line numbers, these would all differ


def test_a_new_cited_sentence_adds_only_its_own_excerpt_and_claim(seed_text: str, seed: Graph) -> None:
    """A sentence a rule reads adds its excerpt and what is derived from it; nothing is renamed."""
    moved = _graph(seed_text.replace(ORIGIN, f"{ORIGIN}On 24 April 1990 Art. 6 of the Constitution was excluded.\n\n", 1))
    [added] = _excerpts(moved) - _excerpts(seed)
    assert str(added).startswith(f"{DEFAULT_BASE}id/excerpt/communist-party-of-kazakhstan-origin-sentence-")
    assert _iris(seed) <= _iris(moved)
    assert {str(x) for x in _iris(moved) - _iris(seed)} == {str(added), str(added).replace("/excerpt/", "/claim/") + "-article-6-exclusion"}
    assert _without_lines(seed) <= _without_lines(moved)


# Identical passages: one excerpt, one line


def test_the_same_sentence_twice_in_a_section_is_one_excerpt_at_its_first_line(seed_text: str, seed: Graph) -> None:
    sentence = "April 24, 1990 from Art. 6 of the Constitution of the Kazakh SSR, the provision on the monopoly of the Communist Party of Kazakhstan on power was excluded."
    assert sentence in seed_text
    twice = seed_text.replace(sentence, f"{sentence}\n\nThe decision was debated.\n\n{sentence}", 1)
    graph = _graph(twice)
    [excerpt] = [x for x in _excerpts(graph) if str(graph.value(x, PROV.value)) == sentence]
    assert sorted(int(str(o)) for o in graph.objects(excerpt, QKP.line)) == [twice.splitlines().index(sentence) + 1]
    assert _excerpts(graph) == _excerpts(seed)


def test_the_same_text_in_another_section_or_of_another_kind_is_another_excerpt() -> None:
    mint, article = Minter(), Article("a.txt", "0" * 64, "A")
    row = Source(SourceKind.ROW, "Leaders", 10, "| 1 | X |")
    assert mint.excerpt(article, row) == mint.excerpt(article, Source(SourceKind.ROW, "Leaders", 99, "| 1 | X |"))
    others = [Source(SourceKind.ROW, "Chairmen", 10, "| 1 | X |"), Source(SourceKind.SENTENCE, "Leaders", 10, "| 1 | X |"), Source(SourceKind.ROW, "Leaders", 10, "| 2 | X |")]
    assert len({mint.excerpt(article, s) for s in [row, *others]}) == 4


def test_excerpt_iris_are_readable() -> None:
    mint, article = Minter(), Article("cpk.txt", "0" * 64, "Communist Party of Kazakhstan")
    entry = mint.excerpt(article, Source(SourceKind.INFOBOX, "infobox", 11, "Successor: Socialist Party"))
    lead = mint.excerpt(article, Source(SourceKind.SENTENCE, "Communist Party of Kazakhstan", 16, "It was a party.", 2))
    row = mint.excerpt(article, Source(SourceKind.ROW, "First Secretaries", 30, "| 1 | Levon Mirzoyan |"))
    assert entry.startswith(f"{DEFAULT_BASE}id/excerpt/cpk-infobox-successor-")
    assert lead.startswith(f"{DEFAULT_BASE}id/excerpt/cpk-lead-sentence-")
    assert row.startswith(f"{DEFAULT_BASE}id/excerpt/cpk-first-secretaries-row-")
    assert all(len(iri.rsplit("-", 1)[1]) == 8 and "line" not in iri for iri in (entry, lead, row))
    claim = mint.claim(article, Source(SourceKind.ROW, "First Secretaries", 30, "| 1 | Levon Mirzoyan |"), "Article 6: exclusion")
    assert claim == row.replace("/excerpt/", "/claim/") + "-article-6-exclusion"


def test_two_infobox_entries_with_one_key_are_two_excerpts() -> None:
    mint, article = Minter(), Article("a.txt", "0" * 64, "A")
    first, second = (Source(SourceKind.INFOBOX, "infobox", n, f"Logo: {name}") for n, name in ((3, "old.svg"), (4, "new.svg")))
    assert mint.excerpt(article, first) != mint.excerpt(article, second)


# (d) two different excerpts never share an IRI


def _models() -> list[ArticleModel]:
    models = []
    for path in ARTICLES:
        try:
            models.append(model_article(path.name, path.read_bytes()))
        except InputError:
            continue  # tests/fixtures/bad: no article to name excerpts of
    return models


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.article.name)
def test_different_excerpts_never_share_an_iri(model: ArticleModel) -> None:
    graph = build_graph([model], Config())
    excerpts = _excerpts(graph)
    assert excerpts
    for x in excerpts:
        # One IRI for two passages would show as two texts, kinds, places or lines.
        assert len(list(graph.objects(x, PROV.value))) == 1, x
        assert len([c for c in graph.objects(x, RDF.type) if c in EXCERPT_CLASSES]) == 1, x
        assert len(list(graph.objects(x, QKP.line))) == 1, x
        assert "-line-" not in str(x)


def test_different_excerpts_never_share_an_iri_across_the_corpus() -> None:
    """Every passage (kind, section, text) of every article, by what the mapper cites."""
    mint = Minter()
    seen: dict[str, set[tuple[str, SourceKind, str, str]]] = defaultdict(set)
    for model in _models():
        sources = [t.source for t in model.terms] + [e.source for e in model.events] + [c.source for c in model.claims]
        sources += [s.source for s in model.successions] + [s.detail for s in model.successions if s.detail]
        sources += [s for life in model.post_lives for s in life.sources] + [g.source for g in model.interruptions]
        sources += [s for t in model.terms for s in t.description_sources]
        for source in sources:
            seen[mint.excerpt(model.article, source)].add((model.article.name, source.kind, source.section, source.text))
    assert len(seen) > 100
    assert {iri: passages for iri, passages in seen.items() if len(passages) > 1} == {}


# (b) the dataset IRI does not depend on the articles


def test_dataset_iri_stays_when_an_article_is_added() -> None:
    two = [FIXTURES / "articles" / "communist-party-of-moldavia.txt", FIXTURES / "articles" / "labour-party-of-ruritania.txt"]
    models = [model_article(p.name, p.read_bytes()) for p in [*two, SEED]]
    assert _datasets(build_graph(models[:2], Config())) == _datasets(build_graph(models, Config())) == {URIRef(f"{DEFAULT_BASE}id/dataset/qkp")}
    assert _datasets(build_graph(models[:1], Config())) == {URIRef(f"{DEFAULT_BASE}id/dataset/qkp")}


def test_published_dataset_iri_stays_when_an_article_is_added(tmp_path: Path) -> None:
    """What `load` replaces by default: the void:Dataset of the published files."""
    two = [str(FIXTURES / "articles" / "communist-party-of-moldavia.txt"), str(FIXTURES / "articles" / "labour-party-of-ruritania.txt")]
    found = []
    for name, articles in (("two", two), ("three", [*two, str(SEED)])):
        assert main(["build", *articles, "--out", str(tmp_path / name)]) == 0
        found.append(_datasets(Graph().parse(tmp_path / name / "qkp.nt")))
    assert found[0] == found[1] == {URIRef(f"{DEFAULT_BASE}id/dataset/qkp")}


# (c) --dataset NAME


def test_dataset_option_names_the_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--dataset", "Soviet Republics’ Parties", "--base", "http://example.org/kz/", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    graph = Graph().parse(tmp_path / "qkp.nt")
    assert _datasets(graph) == {URIRef("http://example.org/kz/id/dataset/soviet-republics-parties")}


def test_dataset_setting_names_the_dataset() -> None:
    graph = _graph(SEED.read_text("utf-8"), config=Config(dataset="Kazakh SSR"))
    assert _datasets(graph) == {URIRef(f"{DEFAULT_BASE}id/dataset/kazakh-ssr")}


@pytest.mark.parametrize("name", ["", "  ", "---", "’"])
def test_a_dataset_name_with_nothing_to_slug_is_a_usage_error(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError):
        Config(dataset=name)
    assert main(["build", f"--dataset={name}", "--out", str(tmp_path)]) == 2
    assert "dataset name" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
