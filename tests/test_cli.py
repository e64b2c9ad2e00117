"""The command line contract: outputs, exit codes and one-line errors."""

import csv
import io
import json
from pathlib import Path

import pytest

from qkp_rdf.cli import main

from .conftest import FIXTURES
from .test_graph import EXPECTED_TERMS


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_writes_data_and_report(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "build", "--out", str(tmp_path))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qkp.jsonld", "qkp.nt", "qkp.ttl", "validation-report.ttl"]
    assert "13 terms" in err and f"wrote {tmp_path / 'qkp.ttl'}" in out


def test_build_several_articles_into_one_dataset(tmp_path: Path, capsys) -> None:
    articles = sorted(str(p) for p in (FIXTURES / "articles").glob("*.txt"))
    code, _, err = run(capsys, "build", *articles, "--out", str(tmp_path))
    assert code == 0 and f"{len(articles)} article(s)" in err


def test_query_officeholders_csv(tmp_path: Path, capsys) -> None:
    run(capsys, "build", "--out", str(tmp_path))
    for name in ("qkp.ttl", "qkp.jsonld", "qkp.nt"):
        code, out, _ = run(capsys, "query", "officeholders", "--data", str(tmp_path / name), "--format", "csv")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(int(r["ordinal"]), r["name"], r["start"], r["end"]) for r in rows] == EXPECTED_TERMS, name
        assert rows[0]["timeInOffice"] == "P1Y1M" and rows[0]["post"] == "First Secretary of the Communist Party of Kazakhstan"


def test_query_keeps_reduced_precision(tmp_path: Path, capsys) -> None:
    run(capsys, "build", str(FIXTURES / "articles" / "labour-party-of-ruritania.txt"), "--out", str(tmp_path))
    code, out, _ = run(capsys, "query", "officeholders", "--data", str(tmp_path / "qkp.ttl"), "--format", "csv")
    starts = {r["start"] for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and starts and all(len(s) in (4, 7) for s in starts)


def test_query_formats(tmp_path: Path, capsys) -> None:
    run(capsys, "build", "--out", str(tmp_path))
    data = str(tmp_path / "qkp.nt")
    _, table, _ = run(capsys, "query", "officeholders", "--data", data)
    assert table.splitlines()[0].split()[:4] == ["ordinal", "name", "start", "end"] and "Levon Mirzoyan" in table
    _, out, _ = run(capsys, "query", "officeholders", "--data", data, "--format", "json")
    result = json.loads(out)
    assert result["head"]["vars"][:4] == ["ordinal", "name", "start", "end"]
    assert result["results"]["bindings"][0]["start"] == {
        "type": "literal",
        "value": "1937-04-23",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    _, out, _ = run(capsys, "query", "officeholders", "--data", data, "--format", "tsv")
    header, first = out.splitlines()[:2]
    assert header.startswith("?ordinal\t?name\t?start") and '"1937-04-23"^^<http://www.w3.org/2001/XMLSchema#date>' in first


def _article(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


GOOD_HEAD = b"= P =\n\nP\n- Abbreviation: P\n\n== Leaders ==\n| No. | Name | Took office | Left office |\n"


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        ("empty.txt", b"", "empty.txt", "empty article"),
        ("latin1.txt", b"= P =\n\nCaf\xe9\n", "latin1.txt:3", "not UTF-8"),
        ("notable.txt", b"= P =\n\n== A ==\nNo table here.\n", "notable.txt", "no office-holder table"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path: Path, capsys, name, content, where, message) -> None:
    article = _article(tmp_path, name, content)
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "build", article, "--out", str(out_dir))
    assert code == 2
    lines = [l for l in err.splitlines() if l.startswith("error:")]
    assert len(lines) == 1 and lines[0].startswith(f"error: {tmp_path / where}") and message in lines[0], err
    assert "Traceback" not in err and not out_dir.exists()


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        ("ragged.txt", GOOD_HEAD + b"| 1 | A B | 1950 | 1952 |\n| 2 | C D | 1952 |\n", "ragged.txt:9", "ragged row"),
        ("baddate.txt", GOOD_HEAD + b"| 1 | A B | 31 February 1951 | 1952 |\n", "baddate.txt:8", "impossible date"),
        ("noname.txt", GOOD_HEAD + b"| 1 | A B | 1950 | 1952 |\n| 2 |  | 1952 | 1953 |\n", "noname.txt:9", "names no holder"),
    ],
)
def test_an_odd_cell_warns_and_publishes_and_strict_refuses_it(tmp_path: Path, capsys, name, content, where, message) -> None:
    article = _article(tmp_path, name, content)
    code, out, err = run(capsys, "build", article, "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0 and (tmp_path / "out" / "qkp.nt").is_file(), err
    assert any(l.startswith(f"warning: {tmp_path / where}: ") and message in l for l in err.splitlines()), err
    code, out, err = run(capsys, "build", article, "--out", str(tmp_path / "strict"), "--strict")
    lines = [l for l in err.splitlines() if l.startswith("error:")]
    assert code == 2 and len(lines) == 1 and lines[0].startswith(f"error: {tmp_path / where}: ") and message in lines[0], err
    assert "Traceback" not in err and not (tmp_path / "strict").exists()


def test_missing_file(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert code == 2 and f"error: {tmp_path / 'nope.txt'}: no such file" in err


def test_one_bad_article_among_good_ones_writes_nothing(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "out"
    bad = _article(tmp_path, "bad.txt", b"")
    code, _, _ = run(capsys, "build", str(FIXTURES / "articles" / "labour-party-of-ruritania.txt"), bad, "--out", str(out_dir))
    assert code == 2 and not out_dir.exists()


def test_unknown_query_and_usage_errors(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "query", "nonsense", "--data", "x.ttl")
    assert code == 2 and "unknown query 'nonsense'" in err and "officeholders" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--bogus"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--base", "not an iri", "--out", str(tmp_path / "o")])
    assert exit_info.value.code == 2 and "argument --base: not an absolute IRI (RFC 3987): 'not an iri'" in capsys.readouterr().err


def test_query_syntax_error(tmp_path: Path, capsys) -> None:
    run(capsys, "build", "--out", str(tmp_path))
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?y }")
    code, _, err = run(capsys, "query", str(bad), "--data", str(tmp_path / "qkp.nt"))
    assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1


def test_verbose_shows_the_traceback(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "--verbose", "build", str(tmp_path / "nope.txt"))
    assert code == 2 and "Traceback" in err


def test_readme_example_query(tmp_path: Path, capsys) -> None:
    import re

    from .conftest import ROOT

    query = re.search(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S).group(1)
    (tmp_path / "twice.rq").write_text(query)
    run(capsys, "build", "--out", str(tmp_path))
    code, out, _ = run(capsys, "query", str(tmp_path / "twice.rq"), "--data", str(tmp_path / "qkp.ttl"), "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == ["Dinmukhamed Kunaev,9,1960-01-19,1962-12-26", "Dinmukhamed Kunaev,11,1964-12-07,1986-12-16"]


def test_ask_answers_and_an_update_is_an_error(tmp_path: Path, capsys) -> None:
    run(capsys, "build", "--out", str(tmp_path))
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }")
    assert run(capsys, "query", str(ask), "--data", str(tmp_path / "qkp.nt"))[:2] == (0, "true\n")
    update = tmp_path / "update.rq"
    update.write_text("DELETE WHERE { ?s ?p ?o }")
    code, _, err = run(capsys, "query", str(update), "--data", str(tmp_path / "qkp.nt"))
    assert code == 2 and "this is a SPARQL update (DELETE), not a query" in err


def test_published_files_are_world_readable(tmp_path: Path, capsys) -> None:
    run(capsys, "build", "--out", str(tmp_path))
    assert {oct(p.stat().st_mode & 0o777) for p in tmp_path.iterdir()} == {"0o644"}
