"""The shapes, tested with small data files: every valid file conforms, every invalid file
fails on exactly the shapes its first comment line names, and every shape has such a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from qkp_rdf.shacl import QKPSH, shapes_graph, shapes_text, validate_graph

HERE = Path(__file__).parent / "shapes"
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))


def _named_shapes(path: Path) -> set[str]:
    """The shapes a test file's first line names: `# qkpsh:TermHolder [qkpsh:Other ...] — why`."""
    first = path.read_text("utf-8").splitlines()[0]
    names = re.findall(r"qkpsh:(\w+)", first)
    assert first.startswith("#") and names, f"{path.name}: the first line must name the shape(s), e.g. '# qkpsh:TermHolder'"
    return {str(QKPSH[name]) for name in names}


def _all_shapes() -> set[str]:
    graph = Graph().parse(data=shapes_text(), format="turtle")
    return {str(s) for s in graph.subjects(SH.path, None)} | {str(s) for s in graph.subjects(RDF.type, SH.NodeShape) if (s, SH.nodeKind, None) in graph}


def test_there_are_test_files() -> None:
    assert len(VALID) >= 3 and len(INVALID) >= 20


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_file_conforms_without_warnings(path: Path) -> None:
    report = validate_graph(Graph().parse(path, format="turtle"))
    assert report.findings == (), "\n".join(report.lines())


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_file_fails_on_the_named_shapes(path: Path) -> None:
    expected = _named_shapes(path)
    report = validate_graph(Graph().parse(path, format="turtle"))
    assert {f.shape for f in report.findings} == expected, "\n".join(report.lines())


def test_every_shape_has_an_invalid_file() -> None:
    covered = set().union(*(_named_shapes(p) for p in INVALID))
    missing = sorted(s.rsplit("#", 1)[1] for s in _all_shapes() - covered)
    assert not missing, f"shapes with no file in tests/shapes/invalid/: {missing}"


def test_every_property_shape_has_a_message() -> None:
    graph = shapes_graph()
    silent = [str(s) for s in graph.subjects(SH.path, None) if isinstance(s, type(QKPSH.x)) and (s, SH.message, None) not in graph]
    assert not silent
