"""Every SHACL engine gives the reference engine's findings (focus node, shape, severity, value) on
every shapes test file, the validation fixtures, the real articles, the bundled article and a
generated corpus with faults; a build publishes the same bytes whichever engine validates it; and
a default engine that cannot be imported gives way to the reference engine with one warning."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from benchmarks.articles import article
from qkp_rdf.cli import main
from qkp_rdf.config import Config
from qkp_rdf.errors import InputError, UsageError
from qkp_rdf.pipeline import TASK, build, model_article
from qkp_rdf.shacl import QKPSH, check, engine, engines

from .conftest import FIXTURES, ROOT
from .reference import build_graph, load_models


def _installed(name: str) -> bool:
    """Whether an engine's package is here (pyproject.toml installs ``shacl`` only where it has wheels)."""
    try:
        return engine(name).name == name  # a missing default engine gives way to the reference
    except UsageError:
        return False


OTHERS = [pytest.param(name, marks=pytest.mark.skipif(not _installed(name), reason=f"engine {name} not installed")) for name in sorted(set(engines.ENGINES) - {engines.REFERENCE})]
SHAPES = sorted((ROOT / "tests" / "shapes").glob("*/*.ttl"))
REAL = sorted((ROOT.parent / "shared" / "real-articles").glob("*.txt"))
TERM = "https://w3id.org/qkp/id/term/example-party-leader-1"

Key = tuple[str, str, str, str]

def _keys(graph: Graph, name: str) -> set[Key]:
    copy = Graph()
    copy += graph  # the same blank nodes for every engine
    return {(f.focus, f.shape, f.severity, f.value_key) for f in check(copy, engine(name))}


def _same_findings(graph: Graph, other: str) -> set[Key]:
    reference, found = _keys(graph, engines.REFERENCE), _keys(graph, other)
    assert (reference - found, found - reference) == (set(), set()), "(only the reference's findings, only the other engine's)"
    return reference


@pytest.mark.parametrize("other", OTHERS)
@pytest.mark.parametrize("path", SHAPES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shapes_files(path: Path, other: str) -> None:
    _same_findings(Graph().parse(path, format="turtle"), other)


@pytest.mark.parametrize("other", OTHERS)
@pytest.mark.parametrize("path", [*sorted((FIXTURES / "validation").glob("*.txt")), None], ids=lambda p: p.name if p else "bundled")
def test_validation_fixtures_and_the_bundled_article(path: Path | None, other: str) -> None:
    found = _same_findings(build_graph(load_models([path] if path else []), Config()), other)
    assert found or path is None  # each fixture has its fault


@pytest.mark.skipif(not REAL, reason="the real-article corpus is not here (../shared/real-articles/)")
@pytest.mark.parametrize("other", OTHERS)
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_articles(path: Path, other: str) -> None:
    _same_findings(build_graph(load_models([path]), Config()), other)


@pytest.mark.parametrize("other", OTHERS)
def test_values_come_back_as_the_data_states_them(other: str) -> None:
    # Escapes, an explicit xsd:string and a tag's case, none of which N-Triples text keeps apart.
    label, alias = Literal('Anna\t"A" \\ \n\u00e9\u0001', datatype=XSD.string), Literal("Anna", lang="kk-Latn")
    graph = Graph().parse(ROOT / "tests" / "shapes" / "invalid" / "label-without-language.ttl", format="turtle")
    graph.set((URIRef(TERM), RDFS.label, label))
    graph.add((URIRef("https://w3id.org/qkp/id/person/anna-alpha"), SKOS.altLabel, alias))
    found = _same_findings(graph, other)
    assert {value for _, _, _, value in found} >= {label.n3(), alias.n3()}


@pytest.mark.parametrize("other", OTHERS)
def test_data_the_engine_cannot_read_is_an_input_error(other: str) -> None:
    graph = Graph()
    graph.add((URIRef("http://example.org/a b"), RDFS.label, Literal("an IRI rdflib lets through")))
    with pytest.raises(InputError, match=f"SHACL engine '{other}' cannot read the data"):
        check(graph, engine(other))


_ROW = re.compile(r"^\| (\d+) \| \| ([^|]+) \| ([^|]+) \| ([^|]+) \|", re.M)


def _row(text: str, ordinal: int) -> re.Match[str]:
    return next(m for m in _ROW.finditer(text) if m[1] == str(ordinal))


def _later(date: str, years: int) -> str:
    day, month, year = date.split()
    return f"{day} {month} {int(year) + years}"


def _corpus(count: int = 40) -> list[tuple[str, str]]:
    """Generated articles (people shared between them), three with a fault: an overlap, a gap,
    and one person given two spellings of a name in different articles."""
    texts = dict(article(n) for n in range(count))
    names = list(texts)

    def change(number: int, fault: Callable[[str], str]) -> None:
        texts[names[number]] = fault(texts[names[number]])

    def overlap(text: str) -> str:  # term 1 ends five years into term 2
        row = _row(text, 1)
        return text.replace(row[0], f"| 1 | | {row[2]} | {row[3]} | {_later(row[4], 5)} |")

    def gap(text: str) -> str:  # term 2 starts (and ends) three years later
        row = _row(text, 2)
        return text.replace(row[0], f"| 2 | | {row[2]} | {_later(row[3], 3)} | {_later(row[4], 3)} |")

    def second_name(text: str) -> str:  # the same person's identifier, another spelling
        holder = _row(text, 1)[2]
        return text.replace(holder, holder.replace("a", "á", 1), 1)

    change(3, overlap)
    change(5, gap)
    change(37, second_name)
    return list(texts.items())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in _corpus():
        (folder / name).write_text(text, "utf-8")
    return sorted(folder.glob("*.txt"))


@pytest.mark.parametrize("other", OTHERS)
def test_a_generated_corpus_with_faults(corpus: list[Path], other: str) -> None:
    models = [model_article(p.name, p.read_bytes()) for p in corpus]
    found = _same_findings(build_graph(models, Config()), other)
    assert {shape.rsplit("#", 1)[1] for _, shape, _, _ in found} == {"TermOverlap", "TermGap", "PersonOneName"}


@pytest.mark.parametrize("other", OTHERS)
def test_the_build_publishes_the_same_bytes_with_either_engine(corpus: list[Path], other: str, tmp_path: Path) -> None:
    results = {}
    for name in (engines.REFERENCE, other):
        results[name] = build(corpus, tmp_path / name, Config(engine=name, source_date_epoch=0), jobs=2)
    reference = results[engines.REFERENCE]
    assert len(corpus) > 2 * TASK  # several groups, and the check across them
    assert [f.line() for f in results[other].report.findings] == [f.line() for f in reference.report.findings]
    assert any(f.shape == str(QKPSH.PersonOneName) for f in reference.report.findings)  # found across groups
    files = sorted(p.name for p in (tmp_path / engines.REFERENCE).iterdir())
    assert files == sorted(p.name for p in (tmp_path / other).iterdir()) and len(files) == 4
    for file in files:
        assert (tmp_path / other / file).read_bytes() == (tmp_path / engines.REFERENCE / file).read_bytes(), file


@pytest.mark.parametrize("other", OTHERS)
def test_validate_with_either_engine(other: str, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for name in (engines.REFERENCE, other):
        assert main(["validate", "--engine", name, str(ROOT / "output" / "qkp.nt")]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "1 warning(s)" in outputs[0]


@pytest.mark.parametrize("command", [["build", "--out", "never-written"], ["validate", str(ROOT / "output" / "qkp.nt")]])
def test_an_unknown_engine_is_a_usage_error(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--engine", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == ["error: unknown SHACL engine 'nope' (available: pyshacl, shacl)"]


@pytest.fixture
def shacl_missing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The package ``shacl`` as if it were not installed (None in sys.modules: import fails)."""
    monkeypatch.setitem(sys.modules, "shacl", None)
    monkeypatch.delitem(sys.modules, "qkp_rdf.shacl.engines.shacl_engine", raising=False)
    engines._load.cache_clear()
    yield
    engines._load.cache_clear()  # before monkeypatch puts the modules back


def test_a_missing_default_engine_falls_back_to_pyshacl_with_one_warning(
    shacl_missing: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(engines, "DEFAULT_ENGINE", "shacl")
    assert engine("shacl").name == engines.REFERENCE
    assert engine("shacl") is engine(engines.REFERENCE)
    assert main(["build", "--engine", "shacl", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err.splitlines()
    warnings = [line for line in err if "warning: SHACL engine" in line]
    assert warnings == ["qkp-rdf: warning: SHACL engine 'shacl' cannot be used (import of shacl halted; None in sys.modules); using pyshacl"]
    assert not any("Traceback" in line for line in err) and "qkp-rdf: validation: conforms: 0 violation(s), 1 warning(s)" in err
    assert (tmp_path / "qkp.ttl").is_file()


def test_a_missing_engine_that_is_not_the_default_is_a_usage_error(
    shacl_missing: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(engines, "DEFAULT_ENGINE", engines.REFERENCE)
    assert main(["validate", "--engine", "shacl", str(ROOT / "output" / "qkp.nt")]) == 2
    assert capsys.readouterr().err.splitlines() == ["error: SHACL engine 'shacl' cannot be used: import of shacl halted; None in sys.modules"]
