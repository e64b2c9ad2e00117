"""Bad input, one fixture per kind: one `error: FILE:LINE: ...` line, exit 2, no traceback,
and no output file created or touched. A date that parses but makes no sense is not bad
input: it reaches validation and fails there (exit 1)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from qkp_rdf.cli import main

from .conftest import FIXTURES

BAD = FIXTURES / "bad"
GOOD = FIXTURES / "articles" / "labour-party-of-ruritania.txt"

#: fixture -> (line, what the message says)
CASES = {
    "empty.txt": (1, "empty article"),
    "not-utf8.txt": (8, "not UTF-8 text (byte 0xfd"),
    "no-table.txt": (9, "no office-holder table found"),
    "ragged-row.txt": (9, "ragged table row: 3 cells where the table's first row has 4"),
    "impossible-date.txt": (9, "impossible date '31 February 1951'"),
    "no-name.txt": (9, "officeholder row has no name"),
    "not-a-date.txt": (10, "not a date: 'after the war'"),
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
    argv = ["build", str(BAD / "impossible-date.txt"), "--out", str(tmp_path / "out")]
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["--verbose", *argv]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "ImpossibleDateError" in err


def test_term_ending_before_it_starts_reaches_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not bad input: it parses, so validation reports it (exit 1) and publishes no data."""
    article = FIXTURES / "validation" / "term-ends-before-start.txt"
    code, _, err = _build(capsys, str(article), "--out", str(tmp_path), "--jobs", "1")
    assert code == 1
    assert "violation: term-ends-before-start.txt:14: " in err and "The term ends before it starts." in err
    assert "error:" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["validation-report.ttl"]
