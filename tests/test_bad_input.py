"""Bad input, one fixture per kind: one `error: FILE:LINE: ...` line, exit 2, no traceback,
and no output file created or touched. A date that parses but makes no sense is not bad
input: it reaches validation and fails there (exit 1). An odd cell or row in a real article
(fixtures/odd/) is no bad input either: a warning naming file, line and cell, the rest
published; ``--strict`` makes it an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from qkp_rdf.cli import main

from .conftest import FIXTURES

BAD = FIXTURES / "bad"
ODD = FIXTURES / "odd"
GOOD = FIXTURES / "articles" / "labour-party-of-ruritania.txt"

#: fixture -> (line, what the message says)
CASES = {
    "empty.txt": (1, "empty article"),
    "not-utf8.txt": (8, "not UTF-8 text (byte 0xfd"),
    "no-table.txt": (9, "no office-holder table found"),
    "no-title.txt": (1, "expected a title line"),
}


def _build(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["build", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _assert_one_error_line(err: str, expected: str) -> None:
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert errors[0].startswith(f"error: {expected}"), err
    assert "Traceback" not in err and "File \"" not in err, err


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BAD.glob("*.txt")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_article_is_one_line_exit_2_and_writes_nothing(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line, message = CASES[name]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = _build(capsys, str(BAD / name), "--out", str(out_dir))
    assert code == 2
    _assert_one_error_line(err, f"{BAD / name}:{line}: ")
    assert message in err
    assert list(out_dir.iterdir()) == [] and out == ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_article_among_good_ones_leaves_earlier_output_alone(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    assert _build(capsys, str(GOOD), "--out", str(out_dir))[0] == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    code, _, err = _build(capsys, str(GOOD), str(BAD / name), "--out", str(out_dir))
    assert code == 2 and str(BAD / name) in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before


#: odd fixture -> (line, what the warning says, the terms published as (ordinal, name, start, end))
ODD_CASES = {
    "ragged-row.txt": (9, "ragged row: 3 cells where the table's other rows have 4; read as far as it goes", [(1, "Jan Novotny", "1920", "1931"), (2, "Karel Benes", "1931", None), (3, "Ota Kriz", "1935", "1948")]),
    "impossible-date.txt": (9, "end cell: impossible date '31 February 1951'", [(1, "Jan Novotny", "1920", "1931"), (2, "Karel Benes", "1931", None), (3, "Ota Kriz", "1951", "1960")]),
    "no-name.txt": (9, "name cell '' names no holder", [(1, "Jan Novotny", "1920", "1931"), (2, None, "1931", "1935"), (3, "Ota Kriz", "1935", "1948")]),
    "not-a-date.txt": (10, "end cell: not a date: 'after the war'", [(1, "Jan Novotny", "1920", "1931"), (2, "Karel Benes", "1931", "1935"), (3, "Ota Kriz", "1935", None), (4, "Eva Mala", "1948", "1960")]),
}


def test_every_odd_fixture_has_a_case() -> None:
    assert sorted(p.name for p in ODD.glob("*.txt")) == sorted(ODD_CASES)


@pytest.mark.parametrize("name", sorted(ODD_CASES))
def test_odd_cell_is_a_warning_and_the_rest_is_published(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line, message, terms = ODD_CASES[name]
    code, _, err = _build(capsys, str(ODD / name), "--out", str(tmp_path), "--jobs", "1")
    assert code == 0, err
    warnings = [w for w in err.splitlines() if w.startswith(f"warning: {ODD / name}:")]
    assert warnings == [f"warning: {ODD / name}:{line}: {message}" + warnings[0].split(message, 1)[1]], err
    graph = Graph().parse(tmp_path / "qkp.nt", format="nt")
    published = sorted(
        (int(r.ordinal), str(r.name) if r.name is not None else None, str(r.start) if r.start is not None else None, str(r.end) if r.end is not None else None)  # type: ignore[union-attr]
        for r in graph.query(HOLDERS)
    )
    assert published == terms


@pytest.mark.parametrize("name", sorted(ODD_CASES))
def test_strict_makes_an_odd_cell_an_error_and_writes_nothing(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line, message, _ = ODD_CASES[name]
    out_dir = tmp_path / "out"
    code, out, err = _build(capsys, str(ODD / name), "--out", str(out_dir), "--strict")
    assert code == 2
    _assert_one_error_line(err, f"{ODD / name}:{line}: {message}")
    assert not out_dir.exists() and out == ""


HOLDERS = """
PREFIX qkp: <https://w3id.org/qkp/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <http://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?ordinal ?name ?start ?end WHERE {
    ?term a qkp:TermOfOffice ; qkp:ordinal ?ordinal .
    OPTIONAL { ?term org:member/foaf:name ?name }
    OPTIONAL { ?term schema:validFrom ?start }
    OPTIONAL { ?term schema:validThrough ?end }
}
"""


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _build(capsys, str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert code == 2
    _assert_one_error_line(err, f"{tmp_path / 'nope.txt'}: no such file")
    assert not (tmp_path / "out").exists()


def test_a_directory_is_not_an_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _build(capsys, str(BAD), "--out", str(tmp_path / "out"))
    assert code == 2
    _assert_one_error_line(err, f"{BAD}: is a directory")
    assert not (tmp_path / "out").exists()


def test_unreadable_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path through a file (`empty.txt/x.txt`): the operating system refuses to read it."""
    path = BAD / "empty.txt" / "x.txt"
    code, _, err = _build(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 2
    _assert_one_error_line(err, f"{path}: cannot read: Not a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_file_without_read_permission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "secret.txt"
    shutil.copy(GOOD, path)
    path.chmod(0)
    code, _, err = _build(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 2
    _assert_one_error_line(err, f"{path}: cannot read: Permission denied")


def test_verbose_shows_a_traceback_the_default_does_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["build", str(BAD / "not-utf8.txt"), "--out", str(tmp_path / "out")]
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["--verbose", *argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "UnicodeDecodeError" in err


def test_term_ending_before_it_starts_reaches_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not bad input: it parses, so validation reports it (exit 1) and publishes no data."""
    article = FIXTURES / "validation" / "term-ends-before-start.txt"
    code, _, err = _build(capsys, str(article), "--out", str(tmp_path), "--jobs", "1")
    assert code == 1
    assert "violation: term-ends-before-start.txt:14: " in err and "The term ends before it starts." in err
    assert "error:" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["validation-report.ttl"]
