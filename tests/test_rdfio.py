"""Reading RDF (qkp_rdf.rdfio, qkp_rdf.inputs): every syntax, named graphs merged, standard input,
and the one wording of a file that cannot be read."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from qkp_rdf.cli import main
from qkp_rdf.errors import InputError, UsageError
from qkp_rdf.inputs import input_file
from qkp_rdf.rdfio import N_QUADS, SYNTAXES, TRIG, TURTLE, read_graph, read_quads, read_triples, syntax_named, syntax_of
from qkp_rdf.reconcile import same_as_links

EX = "https://example.org/"

NAMED_GRAPHS = """
@prefix ex: <https://example.org/> .
ex:a ex:name "A" .
ex:g1 { ex:b ex:name "B" . ex:a ex:knows ex:b . }
GRAPH ex:g2 { ex:c ex:name "C"@kk-Latn . ex:a ex:name "A" . }
_:g3 { ex:d ex:name "D" }
"""

#: The merged graph of NAMED_GRAPHS.
MERGED = """
@prefix ex: <https://example.org/> .
ex:a ex:name "A" ; ex:knows ex:b .
ex:b ex:name "B" . ex:c ex:name "C"@kk-latn . ex:d ex:name "D" .
"""


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_every_syntax_is_read_to_the_same_graph(seed_graph: Graph, tmp_path: Path) -> None:
    assert {s.oxigraph for s in SYNTAXES} >= {N_QUADS.oxigraph, TRIG.oxigraph, syntax_named("n3").oxigraph}
    for syntax in SYNTAXES:
        for extension in syntax.extensions:
            path = tmp_path / f"seed{extension}"
            if syntax.has_graphs:  # rdflib writes quads of a Dataset only: the seed as one named graph
                dataset = Dataset()
                named = dataset.graph(URIRef(f"{EX}seed"))
                named += seed_graph
                dataset.serialize(path, format=syntax.rdflib, encoding="utf-8")
            else:
                seed_graph.serialize(path, format=syntax.rdflib, encoding="utf-8")
            graph = read_graph([path])
            assert len(graph) == len(seed_graph) and isomorphic(graph, seed_graph), (syntax.name, extension)
            assert sum(1 for _ in read_triples(path)) == len(seed_graph), (syntax.name, extension)


def test_rdflib_sees_literals_as_its_own_parser_does(tmp_path: Path) -> None:
    path = tmp_path / "literals.nt"
    path.write_text(f'<{EX}a> <{EX}p> "plain" .\n<{EX}a> <{EX}p> "tagged"@en .\n<{EX}a> <{EX}p> "1938-02-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n')
    assert set(read_graph([path])) == set(Graph().parse(path, format="nt"))
    assert (URIRef(f"{EX}a"), URIRef(f"{EX}p"), Literal("plain")) in read_graph([path])  # no datatype, as rdflib writes a plain literal


@pytest.mark.parametrize("extension, syntax", [(".trig", "trig"), (".nq", "nquads")])
def test_named_graphs_are_merged_into_one(extension: str, syntax: str, tmp_path: Path) -> None:
    source = tmp_path / "named.trig"
    source.write_text(NAMED_GRAPHS)
    path = tmp_path / f"data{extension}"
    if extension == ".nq":  # the same quads, as N-Quads
        ox.serialize(ox.parse(path=source, format=ox.RdfFormat.TRIG), path, ox.RdfFormat.N_QUADS)
        assert f"<{EX}g1> ." in path.read_text()
    else:
        path.write_text(NAMED_GRAPHS)
    assert isomorphic(read_graph([path]), Graph().parse(data=MERGED, format="turtle"))
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in read_quads(path))
    assert syntax_of(path) is syntax_named(syntax)


def test_an_n3_formula_is_refused_rather_than_asserted(tmp_path: Path) -> None:
    plain = tmp_path / "plain.n3"
    plain.write_text(f"@prefix ex: <{EX}> .\nex:a ex:b ex:c .\n")
    assert len(read_graph([plain])) == 1
    rule = tmp_path / "rule.n3"
    rule.write_text(f"@prefix ex: <{EX}> .\n{{ ex:a ex:b ex:c }} => {{ ex:a ex:b ex:d }} .\n")
    with pytest.raises(InputError, match=r"rule\.n3: N3 formulas .* are not RDF"):
        read_graph([rule])


def test_input_format_names_and_a_file_without_extension(tmp_path: Path) -> None:
    assert [syntax_named(n).name for n in ("turtle", "TTL", "ntriples", "nt", "nquads", "nq", "trig", "jsonld", "json-ld", "rdfxml", "xml", "n3")] == [
        "Turtle", "Turtle", "N-Triples", "N-Triples", "N-Quads", "N-Quads", "TriG", "JSON-LD", "JSON-LD", "RDF/XML", "RDF/XML", "N3",
    ]
    with pytest.raises(UsageError) as info:
        syntax_named("csv")
    assert str(info.value) == "unknown input format 'csv': use one of turtle, ntriples, jsonld, rdfxml, nquads, trig, n3"
    data = tmp_path / "data"
    data.write_text(NAMED_GRAPHS)
    with pytest.raises(InputError) as error:
        read_graph([data])
    assert str(error.value).startswith(f"{data}: no file extension to tell its RDF syntax: give --input-format (turtle, ntriples")
    assert isomorphic(read_graph([data], syntax_named("trig")), Graph().parse(data=MERGED, format="turtle"))
    # The syntax given wins over the extension.
    wrong = tmp_path / "data.nt"
    wrong.write_text(NAMED_GRAPHS)
    assert len(read_graph([wrong], syntax=TRIG)) == 5


def test_an_unknown_extension_lists_every_extension_read(tmp_path: Path) -> None:
    path = tmp_path / "data.foo"
    path.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    with pytest.raises(InputError) as info:
        read_graph([path])
    assert str(info.value) == (
        f"{path}: unknown RDF file type '.foo': give --input-format (turtle, ntriples, jsonld, rdfxml, nquads, trig, n3) "
        "or use .ttl .turtle .nt .jsonld .json .rdf .owl .nq .trig .n3"
    )


def test_a_missing_file_and_a_directory_are_worded_alike_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing, folder = tmp_path / "missing.ttl", tmp_path / "folder.ttl"
    folder.mkdir()
    for path, reason in ((missing, "no such file"), (folder, "is a directory, not a file")):
        expected = f"{path}: {reason}"
        for read in (input_file, lambda p: read_graph([p]), lambda p: list(read_quads(p)), same_as_links):
            with pytest.raises(InputError) as info:
                read(path)
            assert str(info.value) == expected
        assert main(["query", "officeholders", "--data", str(path)]) == 2
        assert capsys.readouterr().err.strip() == f"error: {expected}"


def test_a_missing_file_of_unknown_type_is_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_graph([tmp_path / "gone.csv"])


def test_relative_iris_resolve_against_the_file(tmp_path: Path) -> None:
    path = tmp_path / "relative.ttl"
    path.write_text("<a> <b> <c> .\n")
    assert {t.subject.value for t in read_triples(path)} == {(tmp_path / "a").as_uri()}


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes(f'<{EX}a> <{EX}b> "c" .\n<{EX}a> <{EX}b> "caf'.encode() + b'\xe9" .\n')
    with pytest.raises(InputError, match=r"latin1\.ttl:2: not UTF-8 text"):
        read_graph([path])


def test_standard_input_is_read_once_and_named_stdin(seed_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "seed.ttl"
    seed_graph.serialize(path, format="turtle", encoding="utf-8")
    assert main(["query", "officeholders", "--data", str(path), "--format", "csv"]) == 0
    from_file = capsys.readouterr().out
    set_stdin(monkeypatch, path.read_bytes())
    assert main(["query", "officeholders", "--data", "-", "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_file and from_file.count("\n") > 5
    # Read once: a second reader of the same stream gets the same bytes, not an empty stream.
    assert isomorphic(read_graph(["-"]), seed_graph) and isomorphic(read_graph(["-"]), seed_graph)
    # N-Triples is Turtle, the default; any other syntax must be named.
    set_stdin(monkeypatch, seed_graph.serialize(format="nt", encoding="utf-8"))
    assert len(read_graph(["-"])) == len(seed_graph)
    set_stdin(monkeypatch, seed_graph.serialize(format="json-ld", encoding="utf-8"))
    assert isomorphic(read_graph(["-"], syntax_named("jsonld")), seed_graph)
    with pytest.raises(InputError, match=r"^<stdin>:2: not valid Turtle"):
        read_graph(["-"])


def test_standard_input_given_twice_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    set_stdin(monkeypatch, b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    assert main(["query", "officeholders", "--data", "-", "-"]) == 2
    assert capsys.readouterr().err.strip() == "error: standard input (-) can be given only once"


def test_empty_standard_input_holds_no_triples(monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, b"")
    with pytest.raises(InputError) as info:
        read_graph(["-"])
    assert str(info.value) == "<stdin>: no RDF triples in this file"
    assert syntax_of("-") is TURTLE and syntax_of(Path("x.nq")) is N_QUADS
