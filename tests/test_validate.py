"""Validation end to end: corruptions of the real seed graph, build behaviour, reports, `validate`."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, SH, XSD
from rdflib.term import Node

from qkp_rdf.pipeline import TASK
from qkp_rdf.cli import main
from qkp_rdf.dates import xsd_date_bounds
from qkp_rdf.merge import merge
from qkp_rdf.shacl import QKPSH, QKPV, validate_graph, validation_view
from qkp_rdf.vocab import OPENGOV, ORG, QKP, SCHEMA

from .conftest import FIXTURES, ROOT

GROUP = TASK  # articles a worker is given at once

ID = "https://w3id.org/qkp/id/"
TERM = URIRef(f"{ID}term/communist-party-of-kazakhstan-soviet-union-first-secretary-1")
TERM_2 = URIRef(f"{ID}term/communist-party-of-kazakhstan-soviet-union-first-secretary-2")
MIRZOYAN = URIRef(f"{ID}person/levon-mirzoyan")


def _set(graph: Graph, subject: URIRef, prop: URIRef, value: Literal | URIRef) -> None:
    graph.set((subject, prop, value))


def _positions(graph: Graph, first: int, second: int) -> None:
    _set(graph, TERM, QKP.position, Literal(first))
    _set(graph, TERM_2, QKP.position, Literal(second))


CORRUPTIONS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "holder removed": (lambda g: g.remove((TERM, ORG.member, None)), "TermHolderStated"),
    "holder and holder unknown": (lambda g: g.add((TERM, QKP.holderUnknown, Literal(True))), "TermHolderAndUnknown"),
    "second holder": (lambda g: g.add((TERM, ORG.member, URIRef(f"{ID}person/leonid-brezhnev"))), "TermHolder"),
    "ends before it starts": (lambda g: _set(g, TERM, SCHEMA.validThrough, Literal("1936", datatype=XSD.gYear)), "TermEndsAfterStart"),
    "date as a plain string": (lambda g: _set(g, TERM, SCHEMA.validFrom, Literal("23 April 1937")), "TermStartType"),
    "position removed": (lambda g: g.remove((TERM, QKP.position, None)), "TermPosition"),
    "two terms in one position": (lambda g: _positions(g, 1, 1), "TermPositionUnique"),
    "previous term in a later position": (lambda g: _positions(g, 3, 2), "TermPreviousPosition"),
    "person without a name": (lambda g: g.remove((MIRZOYAN, FOAF.name, None)), "PersonName"),
    "holder does not exist": (lambda g: _set(g, TERM, ORG.member, URIRef(f"{ID}person/nobody")), "TermHolder"),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_validate_catches_a_corrupted_seed_graph(name: str, seed_graph: Graph, tmp_path: Path, capsys) -> None:
    corrupt, shape = CORRUPTIONS[name]
    graph = Graph()
    graph += seed_graph
    corrupt(graph)
    data, report = tmp_path / "corrupt.ttl", tmp_path / "report.ttl"
    graph.serialize(data, format="turtle")
    assert main(["validate", str(data), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    results = Graph().parse(report)
    violated = {results.value(r, SH.sourceShape) for r in results.subjects(SH.resultSeverity, SH.Violation)}
    assert QKPSH[shape] in violated, out
    assert "violation: " in out and "does not conform" in out


@pytest.mark.parametrize("name", ["qkp.ttl", "qkp.jsonld", "qkp.nt"])
def test_the_published_files_conform_in_every_format(name: str, capsys) -> None:
    assert main(["validate", str(ROOT / "output" / name)]) == 0
    out = capsys.readouterr().out
    assert "conforms: 0 violation(s), 1 warning(s)" in out


def test_seed_build_warns_about_the_article_6_dates(tmp_path: Path, capsys) -> None:
    assert main(["build", "--out", str(tmp_path)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    (line,) = warnings
    # Both dates, and the file and line each came from: the prose (line 22) and term 13's description row (line 55).
    assert "Article 6" in line and "1990-04-24" in line and "1990-10-24" in line
    assert "communist-party-of-kazakhstan.txt:22" in line and "communist-party-of-kazakhstan.txt:55" in line


def test_overlapping_terms_build_with_a_warning_naming_both(tmp_path: Path, capsys) -> None:
    article = FIXTURES / "validation" / "overlapping-terms.txt"
    assert main(["build", str(article), "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if line.startswith("warning:")]
    assert "Overlaps another term of the same post" in line
    assert "Milena Horák" in line and "(no. 2)" in line and "Anton Vrba" in line and "(no. 1)" in line
    assert "overlapping-terms.txt:14" in line and "overlapping-terms.txt:13" in line
    assert (tmp_path / "qkp.ttl").exists()


def test_a_violation_fails_the_build_and_publishes_only_the_report(tmp_path: Path, capsys) -> None:
    article = FIXTURES / "validation" / "term-ends-before-start.txt"
    assert main(["build", str(article), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "violation: term-ends-before-start.txt:14: Karel Beneš" in err and "ends before it starts" in err
    assert [p.name for p in tmp_path.iterdir()] == ["validation-report.ttl"]
    assert "from an earlier build" not in err
    report = Graph().parse(tmp_path / "validation-report.ttl")
    assert (None, SH.conforms, Literal(False)) in report


def test_a_failed_build_leaves_the_earlier_publication_alone(tmp_path: Path, capsys) -> None:
    assert main(["build", "--out", str(tmp_path)]) == 0
    before = (tmp_path / "qkp.nt").read_bytes()
    capsys.readouterr()
    assert main(["build", str(FIXTURES / "validation" / "term-ends-before-start.txt"), "--out", str(tmp_path)]) == 1
    assert (tmp_path / "qkp.nt").read_bytes() == before
    assert f"qkp.ttl, qkp.jsonld, qkp.nt in {tmp_path} are from an earlier build" in capsys.readouterr().err


def _parties(tmp_path: Path, count: int) -> list[str]:
    """``count`` article files about different parties, each with one overlap of terms."""
    text = (FIXTURES / "validation" / "overlapping-terms.txt").read_text("utf-8")
    paths = []
    for n in range(count):
        path = tmp_path / f"party-{n}.txt"
        path.write_text(text.replace("Elbonia", f"Elbonia {n}"), "utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("between", [0, GROUP], ids=["same group", "different groups"])
def test_the_cross_article_check_sees_what_two_articles_say_about_one_resource(tmp_path: Path, capsys, between: int) -> None:
    # Two files about the same party (same title) that disagree on its founding date: each
    # article alone conforms, together the party has two founding dates. Validated in one
    # group or in two, the problem is found, and reported once.
    text = (FIXTURES / "validation" / "overlapping-terms.txt").read_text("utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(text, "utf-8")
    second.write_text(text.replace("founded on 1 May 1946", "founded on 1 May 1945"), "utf-8")
    others = _parties(tmp_path, between)
    assert main(["build", str(first), *others, str(second), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    found = [line for line in err.splitlines() if line.startswith("violation:") and "at most one founding date" in line]
    assert len(found) == 1, err
    assert "overlapping-terms" not in found[0] and ("a.txt" in found[0] or "b.txt" in found[0]), found


def test_the_report_is_byte_identical_and_a_shacl_report(tmp_path: Path, capsys) -> None:
    main(["build", "--out", str(tmp_path / "a")])
    main(["build", "--out", str(tmp_path / "b")])
    text = (tmp_path / "a" / "validation-report.ttl").read_bytes()
    assert text == (tmp_path / "b" / "validation-report.ttl").read_bytes()
    report = Graph().parse(data=text, format="turtle")
    (result,) = report.subjects(RDF.type, SH.ValidationResult)
    assert report.value(result, SH.sourceShape) == QKPSH.ClaimsAgree
    assert report.value(result, SH.resultSeverity) == SH.Warning
    assert report.value(result, SH.value) == Literal("1990-10-24", datatype=XSD.date)


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n", ".ttl", "bad.ttl:3: not valid Turtle"),
        ("<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> c .\n", ".nt", "bad.nt:2: not valid N-Triples"),
        ('{"@id": "http://e/a",\n "http://e/b": [}', ".jsonld", "bad.jsonld:2: not valid JSON-LD"),
        ("<a/>", ".csv", "bad.csv: unknown RDF file type"),
        ("", ".ttl", "bad.ttl: no RDF triples in this file"),
        ("[1, 2]", ".jsonld", "bad.jsonld: no RDF triples in this file"),
    ],
)
def test_validate_rejects_bad_files_with_file_and_line(content: str, suffix: str, message: str, tmp_path: Path, capsys) -> None:
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(content)
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path / message}") and err.count("\n") == 1


def test_validate_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "none.ttl")]) == 2
    assert "none.ttl: no such file" in capsys.readouterr().err


def test_validate_someone_elses_data_in_our_vocabulary(capsys) -> None:
    # A graph written by hand, not by qkp-rdf: a term whose holder is not described.
    data = Graph().parse(
        data="""
        @prefix qkp: <https://w3id.org/qkp/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
        @prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <http://example.org/t1> a qkp:TermOfOffice ; org:member <http://example.org/p1> ;
            schema:validFrom "1950"^^xsd:gYear ; qkp:ordinal 1 .
        """,
        format="turtle",
    )
    report = validate_graph(data)
    assert not report.conforms
    assert {f.shape.rsplit("#")[1] for f in report.findings} >= {"TermHolder", "TermPost", "TermOrganization", "TermLabel"}


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        (Literal("1937-04-23", datatype=XSD.date), ("1937-04-23", "1937-04-23")),
        (Literal("1940-02", datatype=XSD.gYearMonth), ("1940-02-01", "1940-02-29")),
        (Literal("1937", datatype=XSD.gYear), ("1937-01-01", "1937-12-31")),
        (Literal("1937-02-30", datatype=XSD.date), None),
        (Literal("1937"), None),
        (Literal("1937-04-23", datatype=XSD.dateTime), None),
    ],
)
def test_date_bounds(value: Literal, bounds: tuple[str, str] | None) -> None:
    got = xsd_date_bounds(str(value), str(value.datatype or XSD.string))
    assert (tuple(d.isoformat() for d in got) if got else None) == bounds


def test_the_view_types_dates_and_pairs_terms_with_one_ordinal() -> None:
    term, post = URIRef("http://e/t"), URIRef("http://e/post")
    graph = Graph()
    graph.add((term, SCHEMA.validFrom, Literal("1937-13-01", datatype=XSD.date)))  # no 13th month
    graph.add((term, SCHEMA.validThrough, Literal("1940-02-29", datatype=XSD.date)))
    graph.add((term, QKP.ordinal, Literal(3)))
    graph.add((term, QKP.position, Literal(4)))
    graph.add((term, OPENGOV.post, post))
    view = set(validation_view(graph))
    assert (term, QKPV.validFromDatatype, QKPV.IllFormed) in view
    assert (term, QKPV.validThroughDatatype, XSD.date) in view
    assert (term, QKPV.validThroughLatestPlusYear, Literal("1941-03-01", datatype=XSD.date)) in view
    assert (term, QKPV.validThroughGapLimit, Literal("1941-03-01", datatype=XSD.date)) in view
    assert not any(p in (QKPV.sameOrdinalAs, QKPV.samePositionAs) for _, p, _ in view)
    other = URIRef("http://e/other")
    graph.add((other, QKP.ordinal, Literal(3)))
    graph.add((other, QKP.position, Literal(5)))
    graph.add((other, OPENGOV.post, post))
    view = set(validation_view(graph))
    assert {(s, o) for s, p, o in view if p == QKPV.sameOrdinalAs} == {(term, other), (other, term)}
    assert not any(p == QKPV.samePositionAs for _, p, _ in view)
    assert not any(p == QKPV.validFromEarliest for _, p, _ in view)


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def test_the_view_bounds_a_decade_from_the_terms_own_bounds() -> None:
    term = URIRef("http://e/t")
    graph = Graph()
    graph.add((term, QKP.earliestStart, _day("1930-01-01")))
    graph.add((term, QKP.latestStart, _day("1939-12-31")))
    graph.add((term, QKP.earliestEnd, _day("1940-01-01")))
    graph.add((term, QKP.latestEnd, _day("1949-12-31")))
    view = set(validation_view(graph))
    assert {(p, o) for s, p, o in view if s == term and p != QKPV.holderStated} == {
        (QKPV.validFromEarliest, _day("1930-01-01")),
        (QKPV.validFromLatest, _day("1939-12-31")),
        (QKPV.validThroughEarliest, _day("1940-01-01")),
        (QKPV.validThroughLatest, _day("1949-12-31")),
        (QKPV.validThroughLatestPlusYear, _day("1950-12-31")),
        (QKPV.validThroughGapLimit, _day("1950-12-31")),
        (QKPV.startStated, Literal(True)),
    }
    # A stated date wins over bounds (a violation of its own would say why both are there).
    graph.add((term, SCHEMA.validFrom, Literal("1935", datatype=XSD.gYear)))
    view = set(validation_view(graph))
    assert {o for s, p, o in view if p == QKPV.validFromEarliest} == {_day("1935-01-01")}


@pytest.mark.parametrize("flag", [QKP.startUncertain, QKP.startApproximate])
def test_an_uncertain_date_is_a_year_wider_like_an_approximate_one(flag: URIRef) -> None:
    term = URIRef("http://e/t")
    graph = Graph()
    graph.add((term, SCHEMA.validFrom, Literal("1943", datatype=XSD.gYear)))
    graph.add((term, flag, Literal(True)))
    view = set(validation_view(graph))
    assert (term, QKPV.validFromEarliest, _day("1942-01-01")) in view
    assert (term, QKPV.validFromLatest, _day("1944-12-31")) in view


def test_the_view_says_who_states_the_holder_and_types_life_dates() -> None:
    known, unknown, both, person = (URIRef(f"http://e/{n}") for n in ("known", "unknown", "both", "person"))
    graph = Graph()
    graph.add((known, ORG.member, person))
    graph.add((unknown, QKP.holderUnknown, Literal(True)))
    graph.add((both, ORG.member, person))
    graph.add((both, QKP.holderUnknown, Literal(True)))
    graph.add((person, SCHEMA.birthDate, Literal("1896", datatype=XSD.gYear)))
    graph.add((person, SCHEMA.deathDate, Literal("1937-04", datatype=XSD.gYearMonth)))
    view = set(validation_view(graph))
    held = {(s, o) for s, p, o in view if p == QKPV.holderStated}
    assert held == {(known, ORG.member), (unknown, QKP.holderUnknown), (both, ORG.member), (both, QKP.holderUnknown)}
    assert (person, QKPV.birthDateDatatype, XSD.gYear) in view
    assert (person, QKPV.deathDateLatest, _day("1937-04-30")) in view


def _terms(graph: Graph, post: URIRef, rows: list[tuple[int, str, str, str | None]]) -> list[URIRef]:
    """Terms of ``post`` as (position, start year, end year, role) rows."""
    terms = []
    for position, start, end, role in rows:
        term = URIRef(f"{post}-term-{position}")
        graph.add((term, OPENGOV.post, post))
        graph.add((term, QKP.position, Literal(position)))
        graph.add((term, SCHEMA.validFrom, Literal(start, datatype=XSD.gYear)))
        graph.add((term, SCHEMA.validThrough, Literal(end, datatype=XSD.gYear)))
        if role:
            graph.add((term, QKP.role, Literal(role, lang="en")))
        terms.append(term)
    return terms


def test_overlaps_follow_positions_and_split_roles() -> None:
    post = URIRef("http://e/post")
    graph = Graph()
    one, industrial, rural, acting = _terms(graph, post, [(1, "1950", "1960", None), (2, "1962", "1964", "Industrial"), (3, "1962", "1964", "Rural"), (4, "1963", "1966", None)])
    # Ordinals play no part: the source may number rows in any order, or not at all.
    graph.add((one, QKP.ordinal, Literal(9)))
    overlaps = {(s, o) for s, p, o in validation_view(graph) if p == QKPV.overlapsTerm}
    assert overlaps == {(acting, industrial), (acting, rural)}


def test_an_interruption_that_follows_on_extends_the_gap_limit() -> None:
    post = URIRef("http://e/post")
    graph = Graph()
    before, _ = _terms(graph, post, [(1, "1938", "1941", None), (2, "1947", "1950", None)])

    def limit() -> set[Node]:
        return {o for s, p, o in validation_view(graph) if s == before and p == QKPV.validThroughGapLimit}

    assert limit() == {_day("1942-12-31")}
    for name, start, end in [("occupation", "1941", "1943"), ("later", "1944", "1945"), ("too-late", "1947", "1948")]:
        interruption = URIRef(f"http://e/{name}")
        graph.add((post, QKP.interruption, interruption))
        graph.add((interruption, SCHEMA.startDate, Literal(start, datatype=XSD.gYear)))
        graph.add((interruption, SCHEMA.endDate, Literal(end, datatype=XSD.gYear)))
    # 1941-1943 follows on from the end, 1944-1945 from it; 1947 is more than a year after 1945.
    assert limit() == {_day("1946-12-31")}


def test_the_merge_finds_the_subjects_several_groups_describe(tmp_path: Path) -> None:
    # Only the person both groups describe goes to the check across groups, with all its lines.
    person = f"<{ID}person/p>"
    runs = []
    for n in range(2):
        lines = [f'{person} <{FOAF.name}> "P" .\n', f'<{ID}person/only-in-{n}> <{FOAF.name}> "Q{n}" .\n']
        if n:
            lines.append(f"{person} <{RDF.type}> <{FOAF.Person}> .\n")
        runs.append(tmp_path / f"run-{n}.nt")
        runs[-1].write_text("".join(sorted(lines)), "utf-8")
    merged = merge(runs, [], [], tmp_path)
    assert merged.triples == 4
    assert merged.shared == sorted([f'{person} <{FOAF.name}> "P" .\n', f"{person} <{RDF.type}> <{FOAF.Person}> .\n"])


def test_validation_in_several_processes_gives_the_same_files(tmp_path: Path, capsys) -> None:
    # Three groups of articles, enough to share out between two processes; each article has one overlap warning.
    articles = _parties(tmp_path, 2 * GROUP + 1)
    assert main(["build", *articles, "--jobs", "1", "--out", str(tmp_path / "one")]) == 0
    assert main(["build", *articles, "--jobs", "2", "--out", str(tmp_path / "two")]) == 0
    for name in ("validation-report.ttl", "qkp.nt"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    report = Graph().parse(tmp_path / "two" / "validation-report.ttl")
    assert len(set(report.subjects(SH.sourceShape, QKPSH.TermOverlap))) == 2 * GROUP + 1


def test_a_report_with_many_findings_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    # Three files about one party (one title) with different dates: its terms get several start
    # and end dates each, so findings differ only in which date they show. Which one is shown,
    # and the report file, must not depend on Python's hash seed.
    text = (FIXTURES / "validation" / "overlapping-terms.txt").read_text("utf-8")
    articles = []
    for n, year in enumerate(("1935", "1940", "1952")):
        path = tmp_path / f"copy-{n}.txt"
        path.write_text(text.replace("1953", year), "utf-8")
        articles.append(str(path))
    reports = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"out-{seed}"
        environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "qkp_rdf", "build", *articles, "--out", str(out)], env=environment, capture_output=True, text=True)
        assert done.returncode == 1, done.stderr
        reports.append(((out / "validation-report.ttl").read_bytes(), done.stderr.replace(str(out), "OUT")))
    assert reports[0] == reports[1] == reports[2]


def test_an_impossible_date_in_rdf_is_one_line_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "impossible.ttl"
    path.write_text((ROOT / "tests" / "shapes" / "invalid" / "end-date-ill-formed.ttl").read_text("utf-8").replace('"1938-13"^^xsd:gYearMonth', '"1938-02-30"^^xsd:date'), "utf-8")
    assert '"1938-02-30"' in path.read_text("utf-8")
    done = subprocess.run([sys.executable, "-m", "qkp_rdf", "validate", str(path)], capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "violation:" in done.stdout and "1938-02-30" in done.stdout, done.stdout


def test_a_file_repeating_another_is_not_empty(capsys) -> None:
    seed = str(ROOT / "output" / "qkp.nt")
    assert main(["validate", seed, seed]) == 0
