"""The static site: every resource's five files, descriptions that agree in every format, a
byte-identical site for the same data, a site replaced whole or not at all, a dataset description
whose counts, sizes and checksums are the data's and the files', and a sitemap of every page."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from qkp_rdf.cli import main
from qkp_rdf.errors import QkpError
from qkp_rdf.shacl import shapes_text
from qkp_rdf.web import site as site_module
from qkp_rdf.web.resources import FORMATS, RDF_FORMATS, Data, Format
from qkp_rdf.web.site import check_site_folder, findings_beside, write_site
from qkp_rdf.web.vocabulary import ontology_text
from qkp_rdf.web.void import DUMPS, LICENSE, Dump, dataset_iri, void_description

from .conftest import ROOT
from .site_pages import PUBLISHED, StandInPages, snapshot

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def data() -> Data:
    return Data.from_files([PUBLISHED])


@pytest.fixture(scope="module")
def site(data: Data, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    write_site(data, out, pages=StandInPages(), findings=findings_beside([PUBLISHED]))
    return out


def _graph(text: bytes | str, fmt: str) -> Graph:
    """A graph read from a serialization, with language tags lower-cased (pyld lower-cases them;
    BCP 47 tags are case-insensitive)."""
    if fmt == "json-ld":  # expanded by pyld, a second implementation, not by our own compaction's reader
        text, fmt = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads"}), "nt"
    read = Graph().parse(data=text, format=fmt)
    graph = Graph()
    for s, p, o in read:
        graph.add((s, p, Literal(o, lang=o.language.lower(), datatype=o.datatype) if isinstance(o, Literal) and o.language else o))
    return graph


def _same(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail("graphs differ:\n" + "\n".join(sorted(f"- {t}" for t in only_a)) + "\n" + "\n".join(sorted(f"+ {t}" for t in only_b)))


def _triples_graph(triples: list[ox.Triple]) -> Graph:
    return _graph("".join(f"{t} .\n" for t in triples), "nt")


def _void(site: Path) -> Graph:
    return Graph().parse(site / ".well-known" / "void", format="turtle")


# --- files -------------------------------------------------------------------------------------


def test_every_resource_has_its_five_files_and_nothing_else_is_in_doc(data: Data, site: Path) -> None:
    assert len(data.resources) == 69  # the bundled article's: a site with no resources would pass vacuously
    expected = {f"{r.doc}{f.extension}" for r in data.resources for f in FORMATS}
    found = {p.relative_to(site).as_posix() for p in (site / "doc").rglob("*") if p.is_file()}
    assert found == expected
    person = data.of_kind("person")[0]
    assert f"<h1>{data.label(person.iri)}</h1>" in (site / f"{person.doc}.html").read_text("utf-8")


def test_the_site_has_its_indexes_assets_ontology_shapes_and_configurations(site: Path) -> None:
    for name in ("index.html", "people.html", "ontology.html", "search.json", "assets/site.css", "sitemap.xml", ".htaccess", "nginx.conf", ".well-known/void"):
        assert (site / name).is_file(), name
    assert (site / "ontology.ttl").read_text("utf-8") == ontology_text()
    assert (site / "shapes.ttl").read_text("utf-8") == shapes_text()


def test_the_package_ships_the_published_ontology() -> None:
    assert ontology_text() == (ROOT / "ontology" / "qkp.ttl").read_text("utf-8"), "copy ontology/qkp.ttl to src/qkp_rdf/data/ontology.ttl"


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_every_description_holds_the_resources_triples_in_every_format(data: Data, site: Path, fmt: Format) -> None:
    reader = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".rdf": "xml"}[fmt.extension]
    for resource in data.resources:
        expected = _triples_graph(data.description(resource))
        assert len(expected) > 0
        _same(_graph((site / f"{resource.doc}{fmt.extension}").read_bytes(), reader), expected)


@pytest.mark.parametrize("dump", DUMPS, ids=lambda d: d.file)
def test_each_dump_holds_the_whole_data(data: Data, site: Path, dump: Dump) -> None:
    whole = _triples_graph([q.triple for q in data.store.quads_for_pattern(None, None, None, ox.DefaultGraph())])
    reader = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}[dump.syntax.extensions[0]]
    _same(_graph((site / dump.file).read_bytes(), reader), whole)
    assert len(whole) == 430


def test_the_same_data_gives_a_byte_identical_site(data: Data, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    fresh = Data.from_files([PUBLISHED])  # read again: nothing may depend on a store's own state
    write_site(fresh, again, pages=StandInPages(), findings=findings_beside([PUBLISHED]))
    first, second = snapshot(site), snapshot(again)
    assert first.keys() == second.keys()
    # The nginx configuration names the folder it serves; every other byte is the data's.
    assert {name for name in first if first[name] != second[name]} == {"nginx.conf"}
    write_site(fresh, again, pages=StandInPages(), findings=findings_beside([PUBLISHED]))
    assert snapshot(again) == second


def test_findings_are_shown_on_the_page_of_the_resource_they_are_about(data: Data, site: Path) -> None:
    findings = findings_beside([PUBLISHED])
    [(focus, lines)] = findings.items()  # the bundled article's report has one warning
    assert lines == ("warning: Another source gives a different date for the same event. [1990-10-24]",)
    resource = data.resource_of(ox.NamedNode(focus))
    assert resource is not None
    pages_with_findings = [p.relative_to(site).as_posix() for p in (site / "doc").rglob("*.html") if "class=finding" in p.read_text("utf-8")]
    assert pages_with_findings == [f"{resource.doc}.html"]


def test_progress_counts_the_resources_written(data: Data, tmp_path: Path) -> None:
    said: list[int] = []
    result = write_site(data, tmp_path / "site", pages=StandInPages(), progress=said.append)
    assert said == list(range(1, len(data.resources) + 1)) and result.resources == len(data.resources)
    assert result.files == len(snapshot(tmp_path / "site"))


def test_a_resource_whose_slug_is_no_file_name_is_left_out(tmp_path: Path) -> None:
    source = tmp_path / "odd.nt"
    base = "https://example.org/kz/"
    source.write_text(
        f'<{base}id/person/plain> <http://www.w3.org/2000/01/rdf-schema#label> "Plain" .\n'
        f'<{base}id/person/a%20b> <http://www.w3.org/2000/01/rdf-schema#label> "Spaced" .\n'
        f'<{base}id/../index> <http://www.w3.org/2000/01/rdf-schema#label> "Climber" .\n'
        f'<{base}id/person/..> <http://www.w3.org/2000/01/rdf-schema#label> "Dots" .\n'
    )
    result = write_site(Data.from_files([source], base=base), tmp_path / "site", pages=StandInPages())
    assert sorted(result.skipped) == sorted([f"{base}id/person/a%20b", f"{base}id/../index", f"{base}id/person/.."])
    assert sorted(p.name for p in (tmp_path / "site" / "doc").rglob("*") if p.is_file()) == [f"plain{f.extension}" for f in sorted(FORMATS, key=lambda f: f.extension)]
    assert "Climber" not in (tmp_path / "site" / "index.html").read_text()


# --- replaced whole, or not at all ---------------------------------------------------------------


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
@pytest.mark.parametrize("error", [RuntimeError("a template is broken"), KeyboardInterrupt()], ids=["error", "ctrl-c"])
def test_a_failure_midway_leaves_the_old_site_and_no_temporary_folder(data: Data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool, error: BaseException) -> None:
    if not exchange:
        monkeypatch.setattr(site_module, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    write_site(data, out, pages=StandInPages())
    before = snapshot(out)
    with pytest.raises(type(error)):
        write_site(data, out, pages=StandInPages(fail_at=10, error=error))
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_site_replaces_the_old_one_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setattr(site_module, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    one, two = tmp_path / "one.nt", tmp_path / "two.nt"
    one.write_text('<https://w3id.org/qkp/id/person/first> <http://www.w3.org/2000/01/rdf-schema#label> "First" .\n')
    two.write_text('<https://w3id.org/qkp/id/person/second> <http://www.w3.org/2000/01/rdf-schema#label> "Second" .\n')
    write_site(Data.from_files([one]), out, pages=StandInPages())
    write_site(Data.from_files([two]), out, pages=StandInPages())
    assert not (out / "doc/person/first.html").exists() and (out / "doc/person/second.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.nt", "site", "two.nt"]


def test_a_failed_rename_puts_the_old_site_back(data: Data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_module, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    write_site(data, out, pages=StandInPages())
    before = snapshot(out)
    rename = os.rename

    def failing(source: os.PathLike[str], target: os.PathLike[str]) -> None:
        if Path(source).name.endswith(".new") and Path(target) == out:  # the new site into place: the disk is gone
            raise OSError(5, "Input/output error", str(target))
        rename(source, target)

    monkeypatch.setattr(site_module.os, "rename", failing)
    with pytest.raises(QkpError, match="cannot write the site: Input/output error"):
        write_site(data, out, pages=StandInPages())
    monkeypatch.setattr(site_module.os, "rename", rename)
    assert [p.name for p in tmp_path.iterdir()] == ["site"] and snapshot(out) == before


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "thesis.tex").write_text("years of work")
    with pytest.raises(QkpError, match="holds no site"):
        write_site(Data.from_files([PUBLISHED]), tmp_path / "home", pages=StandInPages())
    assert (tmp_path / "home" / "thesis.tex").read_text() == "years of work"
    (tmp_path / "empty").mkdir()
    check_site_folder(tmp_path / "empty")
    check_site_folder(tmp_path / "new")


# --- the dataset description -------------------------------------------------------------------


def _count(data: Data, query: str) -> int:
    [row] = list(data.store.query(query))
    return int(row[0].value)


def _value(void: Graph, subject: URIRef, prop: str) -> int:
    [value] = list(void.objects(subject, URIRef(VOID + prop)))
    return int(value)


def test_the_void_counts_are_sparql_counts_over_the_data(data: Data, site: Path) -> None:
    void, dataset = _void(site), URIRef(dataset_iri(data))
    assert _value(void, dataset, "triples") == _count(data, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    space = str(void.value(dataset, URIRef(VOID + "uriSpace")))
    assert space == data.base + "id/"
    assert _value(void, dataset, "entities") == _count(data, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{space}")) }}')
    classes = {URIRef(r[0].value) for r in data.store.query("SELECT DISTINCT ?c WHERE { ?s a ?c }")}
    properties = {URIRef(r[0].value) for r in data.store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    for term, kind, unit, known in (("classPartition", "class", "entities", classes), ("propertyPartition", "property", "triples", properties)):
        partitions = list(void.objects(dataset, URIRef(VOID + term)))
        assert {void.value(p, URIRef(VOID + kind)) for p in partitions} == known and len(partitions) == len(known)
        for partition in partitions:
            iri = void.value(partition, URIRef(VOID + kind))
            where = f"?s a <{iri}>" if kind == "class" else f"?s <{iri}> ?o"
            counted = _count(data, f"SELECT (COUNT({'DISTINCT ?s' if kind == 'class' else '*'}) AS ?n) WHERE {{ {where} }}")
            assert _value(void, partition, unit) == counted, iri


def test_each_distribution_gives_the_size_and_checksum_of_its_file(data: Data, site: Path) -> None:
    void, dataset = _void(site), URIRef(dataset_iri(data))
    dumps = {str(u) for u in void.objects(dataset, URIRef(VOID + "dataDump"))}
    assert dumps == {data.base + d.file for d in DUMPS}
    distributions = list(void.objects(dataset, URIRef(DCAT + "distribution")))
    assert len(distributions) == len(DUMPS)
    for distribution in distributions:
        url = str(void.value(distribution, URIRef(DCAT + "downloadURL")))
        body = (site / url.removeprefix(data.base)).read_bytes()
        assert int(void.value(distribution, URIRef(DCAT + "byteSize"))) == len(body)
        checksum = void.value(distribution, URIRef(SPDX + "checksum"))
        assert void.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_sha256")
        assert str(void.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(body).hexdigest()
        [dump] = [d for d in DUMPS if url.endswith(d.file)]
        assert str(void.value(distribution, URIRef(DCAT + "mediaType"))).endswith("/" + dump.syntax.media_type)


def test_the_void_names_the_dataset_its_licence_sources_and_examples(data: Data, site: Path) -> None:
    void, dataset = _void(site), URIRef(dataset_iri(data))
    assert dataset == URIRef(data.base + "id/dataset/qkp")
    assert void.value(dataset, URIRef(DCT + "license")) == URIRef(LICENSE)
    assert set(void.objects(dataset, URIRef(DCT + "source"))) == {URIRef(data.base + "id/article/communist-party-of-kazakhstan")}
    assert str(void.value(dataset, URIRef(DCT + "title"))) == "Office holders of the Communist Party of Kazakhstan"
    examples = {str(e) for e in void.objects(dataset, URIRef(VOID + "exampleResource"))}
    assert examples and all(data.find(data.resource_of(ox.NamedNode(e)).doc) for e in examples)
    assert (None, URIRef(VOID + "sparqlEndpoint"), None) not in void
    assert not any(isinstance(term, type(None)) or str(term).startswith("_:") for t in void for term in t)
    served = Graph().parse(data=void_description(data, {}, sparql="http://127.0.0.1:8080/sparql"), format="turtle")
    assert served.value(dataset, URIRef(VOID + "sparqlEndpoint")) == URIRef("http://127.0.0.1:8080/sparql")


def test_the_sitemap_lists_every_page(data: Data, site: Path) -> None:
    import xml.etree.ElementTree as ET

    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    assert len(pages) == len(data.resources) + 3
    assert sorted(locs) == sorted(data.base if p == "index.html" else data.base + p for p in pages)


# --- the command --------------------------------------------------------------------------------


def test_the_site_command_writes_the_site_and_refuses_a_folder_that_is_not_one(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_module, "_pages", StandInPages)
    out = tmp_path / "public"
    assert main(["site", str(PUBLISHED), "-o", str(out), "-q"]) == 0
    said = capsys.readouterr()
    assert said.out == f"wrote {out}: {len(snapshot(out))} files, 69 resources under https://w3id.org/qkp/id/\n" and not said.err
    assert (out / "doc/person/dinmukhamed-kunaev.html").is_file()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    assert main(["site", str(PUBLISHED), "-o", str(tmp_path / "notes")]) == 2
    assert capsys.readouterr().err.startswith(f"error: --out {tmp_path / 'notes'}: is not empty and holds no site")
    assert main(["site", str(PUBLISHED), "-o", str(tmp_path / "elsewhere"), "--base", "https://example.org/other/"]) == 0
    assert "warning: no resource under https://example.org/other/id/" in capsys.readouterr().err
