"""The three published files: same graph, valid JSON-LD, byte-identical builds, output/ current."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from qkp_rdf.errors import QkpError
from qkp_rdf.jsonld import context
from qkp_rdf.ntriples import ntriples_lines, to_graph
from qkp_rdf.pipeline import OUTPUT_FILES, build, model_article
from qkp_rdf.config import Config
from qkp_rdf.sinks import DATA_SINKS, publish

from .conftest import ROOT
from .reference import build_graph, new_graph, written
from .test_golden import describe_diff

FILES = [sink.file for sink in DATA_SINKS]


def to_ntriples(graph: Graph) -> str:
    return "".join(ntriples_lines(graph).lines)


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format={".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[path.suffix])


def _lower_tags(graph: Graph) -> Graph:
    """The graph with language tags in lower case (kk-Latn -> kk-latn), as every published file
    and pyld write them; BCP 47 tags are case-insensitive."""
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, Literal(str(o), lang=o.language.lower()) if isinstance(o, Literal) and o.language else o))
    return out


def test_three_files_hold_the_same_graph(tmp_path: Path, seed_graph) -> None:
    build([], tmp_path, Config())
    graphs = {name: _parse(tmp_path / name) for name in FILES}
    for name, graph in graphs.items():
        assert to_isomorphic(graph) == to_isomorphic(seed_graph), f"{name}:\n{describe_diff(graph, seed_graph)}"


def test_pyld_expands_the_jsonld_to_the_same_graph(tmp_path: Path, seed_graph) -> None:
    build([], tmp_path, Config())
    document = json.loads((tmp_path / "qkp.jsonld").read_text("utf-8"))
    nquads = jsonld.to_rdf(jsonld.expand(document), {"format": "application/n-quads"})
    expanded = Graph().parse(data=nquads, format="nt")
    assert len(expanded) == len(seed_graph)
    assert to_isomorphic(_lower_tags(expanded)) == to_isomorphic(_lower_tags(seed_graph)), describe_diff(expanded, seed_graph)


def test_jsonld_uses_the_friendly_context(tmp_path: Path) -> None:
    build([], tmp_path, Config())
    document = json.loads((tmp_path / "qkp.jsonld").read_text("utf-8"))
    term = next(n for n in document["@graph"] if n.get("type") == "TermOfOffice" and n.get("ordinal") == 1)
    assert term["holder"] == "https://w3id.org/qkp/id/person/levon-mirzoyan"
    assert term["start"] == {"type": "xsd:date", "@value": "1937-04-23"}


def test_second_build_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build([], first, Config())
    build([], second, Config())
    for name in OUTPUT_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def _cli_build(out: Path, **env: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    subprocess.run([sys.executable, "-m", "qkp_rdf", "build", "--out", str(out)], check=True, env=environment, capture_output=True)


def test_builds_do_not_depend_on_hash_seed(tmp_path: Path) -> None:
    _cli_build(tmp_path / "a", PYTHONHASHSEED="1")
    _cli_build(tmp_path / "b", PYTHONHASHSEED="2")
    for name in OUTPUT_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_source_date_epoch_sets_the_generation_time(tmp_path: Path) -> None:
    _cli_build(tmp_path, SOURCE_DATE_EPOCH="1700000000")
    assert '"2023-11-14T22:13:20+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in (tmp_path / "qkp.nt").read_text()


def test_published_output_is_up_to_date(tmp_path: Path) -> None:
    _cli_build(tmp_path)
    for name in OUTPUT_FILES:
        assert (ROOT / "output" / name).read_bytes() == (tmp_path / name).read_bytes(), f"output/{name} is stale: run `qkp-rdf build`"


def test_ntriples_are_sorted(seed_graph) -> None:
    lines = to_ntriples(seed_graph).splitlines()
    assert lines == sorted(lines) and len(lines) == len(seed_graph)


def test_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "qkp.nt").mkdir()  # a folder where a file should go: os.replace fails
    with pytest.raises(QkpError, match="is a directory"):
        publish({target / "qkp.ttl": "a", target / "qkp.nt": "b"})
    assert sorted(p.name for p in target.iterdir()) == ["qkp.nt"]


def _normalised(document: dict) -> list:
    """Nodes in id order, arrays in a fixed order, language tags in lower case (as pyld writes them)."""

    def walk(value):
        if isinstance(value, dict):
            return {k: (v.lower() if k == "@language" else walk(v)) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((walk(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value

    nodes = document.get("@graph", [{k: v for k, v in document.items() if k != "@context"}])
    return sorted((walk(n) for n in nodes), key=lambda n: n["id"])


ODD_VALUES = """
@prefix org: <http://www.w3.org/ns/org#> . @prefix qkp: <https://w3id.org/qkp/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix schema: <http://schema.org/> .
<https://w3id.org/qkp/id/term/t> a qkp:TermOfOffice, <http://example.org/Other> ;
    org:member "a literal where an IRI is expected", <http://schema.org/Person> ;
    schema:validFrom <https://w3id.org/qkp/id/x> ;
    qkp:timeInOffice "P1Y"^^xsd:duration, "not a duration" ;
    qkp:unknownProperty 5, "+7"^^xsd:integer, "1"^^xsd:boolean, "1.5"^^xsd:decimal, "x"@kk-Latn ;
    qkp:incumbent true ; qkp:line "12"^^xsd:integer ; <http://example.org/p> "plain" .
<https://w3id.org/qkp/id/term/u> qkp:ordinal 1 .
"""


@pytest.mark.parametrize("what", ["seed", "layouts", "odd values"])
def test_jsonld_compaction_matches_pyld(what: str, seed_graph, tmp_path: Path) -> None:
    """Our compaction gives what a JSON-LD processor (pyld) gives for the same triples."""
    if what == "seed":
        graph = seed_graph
    elif what == "layouts":
        paths = sorted((ROOT / "tests" / "fixtures" / "articles" / "layouts").glob("*.txt"))[:6]
        graph = build_graph([model_article(p.name, p.read_bytes()) for p in paths], Config())
    else:
        graph = Graph().parse(data=ODD_VALUES, format="turtle")
    ours = json.loads(written(graph, tmp_path)["qkp.jsonld"])
    expanded = jsonld.from_rdf(to_ntriples(graph), {"format": "application/n-quads", "useNativeTypes": True})
    theirs = jsonld.compact(expanded, context(), {"compactArrays": True})
    assert ours["@context"] == context()["@context"]
    assert _normalised(ours) == _normalised(theirs)


def test_every_file_writes_language_tags_in_lower_case(tmp_path: Path) -> None:
    # BCP 47 tags are case-insensitive; pyoxigraph writes them lower-case, and so does every file.
    build([], tmp_path, Config())
    assert '"Qazaqstan Kommunistık Partiasy"@kk-latn' in (tmp_path / "qkp.ttl").read_text("utf-8")
    assert '"Qazaqstan Kommunistık Partiasy"@kk-latn .' in (tmp_path / "qkp.nt").read_text("utf-8")
    assert '"@language": "kk-latn"' in (tmp_path / "qkp.jsonld").read_text("utf-8")


def test_hard_literals_survive_every_format(tmp_path: Path) -> None:
    """Quotes, backslashes, line ends, tabs, non-Latin text: each format reads back to the same graph."""
    graph = new_graph("https://w3id.org/qkp/")
    subject = URIRef("https://w3id.org/qkp/id/excerpt/x-lead-sentence-0123abcd")
    for text in ['say "no"', "back\\slash", "two\nlines\r\n", "tab\there", "Қазақстан — ǅ", "", "ends with \\"]:
        graph.add((subject, URIRef("http://www.w3.org/ns/prov#value"), Literal(text)))
    graph.add((subject, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal('a "b"', lang="kk-Latn")))
    graph.add((subject, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("C:\\", lang="kk-Latn")))  # ends with a backslash
    for name, text in written(graph, tmp_path).items():
        fmt = {"qkp.ttl": "turtle", "qkp.nt": "nt", "qkp.jsonld": "json-ld"}[name]
        back = Graph().parse(data=text, format=fmt)
        assert to_isomorphic(back) == to_isomorphic(_lower_tags(graph)), f"{name}:\n{describe_diff(back, graph)}"
    back = to_graph(ntriples_lines(graph).lines)  # the build's own reader of its lines
    assert to_isomorphic(back) == to_isomorphic(_lower_tags(graph)), describe_diff(back, graph)
    # RDF 1.1: an xsd:string literal is a plain literal; canonical N-Triples writes it without a datatype.
    graph.add((subject, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal("s", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"))))
    assert '<http://www.w3.org/2000/01/rdf-schema#comment> "s" .' in written(graph, tmp_path)["qkp.nt"]


def test_a_datatype_iri_is_written_in_full_where_it_is_also_a_term() -> None:
    # xsd:date as a datatype first, then as an object (the validation view says "this value is an xsd:date").
    xsd_date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    triples = [
        (URIRef("http://e/a"), URIRef("http://e/p"), Literal("1937-04-23", datatype=xsd_date)),
        (URIRef("http://e/b"), URIRef("http://e/datatype"), xsd_date),
    ]
    assert f"<http://e/b> <http://e/datatype> <{xsd_date}> .\n" in ntriples_lines(triples).lines
