"""The ontology parses, and every qkp: term the code, the JSON-LD context and the queries use
is declared in it with a type, an English label and a comment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "qkp.ttl"
PACKAGE = ROOT / "src" / "qkp_rdf"
CONTEXT = PACKAGE / "data" / "context.jsonld"
QUERIES = PACKAGE / "queries"

QKP = Namespace("https://w3id.org/qkp/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY, format="turtle")
    return graph


def _used_terms() -> dict[str, set[str]]:
    """Every qkp: local name, with the files that use it."""
    used: dict[str, set[str]] = {}

    def add(names: list[str], path: Path) -> None:
        for name in names:
            used.setdefault(name, set()).add(str(path.relative_to(ROOT)))

    for path in sorted(PACKAGE.rglob("*.py")):
        add(re.findall(r"QKP\.([A-Za-z_]\w*)", path.read_text("utf-8")), path)
    add(re.findall(r"\bqkp:([A-Za-z_]\w*)", CONTEXT.read_text("utf-8")), CONTEXT)
    if QUERIES.is_dir():
        for path in sorted(QUERIES.rglob("*.rq")):
            add(re.findall(r"\bqkp:([A-Za-z_]\w*)", path.read_text("utf-8")), path)
    return used


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [
        o for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language is not None and o.language.lower().startswith("en") and str(o).strip()
    ]


def test_ontology_parses_with_one_header(ontology: Graph) -> None:
    headers = set(ontology.subjects(RDF.type, OWL.Ontology))
    assert headers == {URIRef("https://w3id.org/qkp/ontology")}
    header = next(iter(headers))
    assert (header, OWL.versionInfo, Literal("0.1.0")) in ontology


def test_code_finds_terms() -> None:
    # Guards the regexes: if they stopped matching, the next test would pass vacuously.
    used = _used_terms()
    assert {"TermOfOffice", "ordinal", "previousTerm", "PoliticalParty"} <= used.keys()


def test_every_used_term_is_declared(ontology: Graph) -> None:
    problems = []
    for name, where in sorted(_used_terms().items()):
        term = QKP[name]
        missing = [
            what for what, ok in (
                ("rdf:type", (term, RDF.type, None) in ontology),
                ("English rdfs:label", bool(_english(ontology, term, RDFS.label))),
                ("rdfs:comment", any(True for _ in ontology.objects(term, RDFS.comment))),
            ) if not ok
        ]
        if missing:
            problems.append(f"qkp:{name} (used in {', '.join(sorted(where))}) lacks {', '.join(missing)}")
    assert not problems, "\n".join(problems)


def test_every_declared_term_has_label_and_comment(ontology: Graph) -> None:
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(QKP))}
    assert declared
    problems = [
        f"{term.n3(ontology.namespace_manager)} lacks an English label or a comment"
        for term in sorted(declared)
        if not _english(ontology, term, RDFS.label) or not _english(ontology, term, RDFS.comment)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("prop", ["P39", "P580", "P582", "P1545", "P1365", "P1366", "P571", "P576", "P569", "P570", "P1319", "P1326", "P749"])
def test_wikidata_alignment(ontology: Graph, prop: str) -> None:
    assert (None, QKP.wikidataProperty, WD[prop]) in ontology


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("position", OWL.DatatypeProperty),
        ("holderUnknown", OWL.DatatypeProperty),
        ("role", OWL.DatatypeProperty),
        ("startUncertain", OWL.DatatypeProperty),
        ("endUncertain", OWL.DatatypeProperty),
        ("earliestStart", OWL.DatatypeProperty),
        ("latestStart", OWL.DatatypeProperty),
        ("earliestEnd", OWL.DatatypeProperty),
        ("latestEnd", OWL.DatatypeProperty),
        ("interruption", OWL.ObjectProperty),
        ("Interruption", OWL.Class),
    ],
)
def test_the_terms_real_pages_need_are_declared(ontology: Graph, name: str, kind: URIRef) -> None:
    # The mapper publishes them for real pages before any code may name them.
    assert (QKP[name], RDF.type, kind) in ontology
    assert _english(ontology, QKP[name], RDFS.label) and _english(ontology, QKP[name], RDFS.comment)
