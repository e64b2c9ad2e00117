"""The command line behaves like the standard tools: options checked before any work, the same
words for the same mistake in every command, one line and exit 130 when interrupted, help with
examples and exit codes, progress that fits where it is printed."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qkp_rdf.cli.options import parse, parser
from qkp_rdf.config import ENGINE_NAMES
from qkp_rdf.cli import main
from qkp_rdf.progress import Counter, Reporter

from .conftest import ROOT
from .serve_server import living

VALID = ROOT / "tests" / "shapes" / "valid" / "committee.ttl"

sys.path.insert(0, str(ROOT / "benchmarks"))
from articles import article  # noqa: E402  (the benchmarks' generated articles)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one error line of a command that must fail with exit 2 before doing anything."""
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


# --- IRIs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["urn:x:y/", "tag:example.org,2024:qkp/", "https://example.org/kz#", "ftp://x/"])
def test_every_absolute_base_iri_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str) -> None:
    code, _, err = run(capsys, "build", "--base", base, "-o", str(tmp_path), "--no-cache")
    assert code == 0, err
    assert f"<{base}id/party/communist-party-of-kazakhstan>" in (tmp_path / "qkp.nt").read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "--base", "example.org/"], "not an absolute IRI"),
        (["build", "--base", "http://a b/"], "invalid IRI code point ' '"),
        (["build", "--base", "urn:x:y"], "must end with '/' or '#'"),
        (["query", "officeholders", "--endpoint", "http://127.0.0.1:9/query", "--graph", "graph"], "not an absolute IRI"),
        (["load", "--store", "http://127.0.0.1:9/store", "--graph", "http://x/%zz"], "invalid IRI percent encoding"),
    ],
)
def test_iri_options_are_checked_before_any_work(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    line = usage_error(capsys, *argv)
    assert line.startswith("error: argument") and message in line


# --- arguments checked before any work -----------------------------------------------------


def test_an_output_folder_that_is_a_file_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    in_the_way = tmp_path / "afile"
    in_the_way.write_text("x")
    # Nothing may be read first: a build that got as far as the articles would say so.
    monkeypatch.setattr("qkp_rdf.readers.read_inputs", lambda paths: pytest.fail("read before the options were checked"))
    assert run(capsys, "build", "-o", str(in_the_way))[2] == f"error: --out {in_the_way}: not a folder\n"
    assert run(capsys, "build", "-o", str(in_the_way / "sub"))[2] == f"error: --out {in_the_way / 'sub'}: {in_the_way} is a file, not a folder\n"
    assert run(capsys, "validate", str(VALID), "--report", str(tmp_path))[2] == f"error: --report {tmp_path}: is a directory, not a file\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder: permissions cannot be tested as root")
def test_an_unwritable_output_folder_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    code, _, err = run(capsys, "build", "-o", str(locked / "out"))
    assert code == 2 and err == f"error: --out {locked / 'out'}: cannot write in {locked}: permission denied\n"


def _commands_with_an_input(path: str) -> list[list[str]]:
    return [
        ["build", path],
        ["build", "--links", path],
        ["validate", path],
        ["load", "--store", "http://127.0.0.1:9/store", path],
        ["reconcile", "--offline", "--cache", path],
        ["reconcile", path, "--offline"],
    ]


@pytest.mark.parametrize("index", range(len(_commands_with_an_input(""))))
def test_a_missing_file_and_a_directory_are_said_the_same_way_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str], index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reconcile-cache.json").write_text('{"format": "qkp-rdf reconcile cache 1", "links": {}, "answers": []}')
    missing, folder = tmp_path / "missing.nt", tmp_path / "folder"
    folder.mkdir()
    said = []
    for path, words in ((missing, "no such file"), (folder, "is a directory, not a file")):
        code, out, err = run(capsys, *_commands_with_an_input(str(path))[index])
        said.append(err)
        assert code == 2 and not out and f"{path}: {words}" in err.splitlines()[-1], err
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("command", [["query", "officeholders"], ["reconcile", "--offline"], ["load", "--store", "http://127.0.0.1:9/store"]])
def test_a_missing_default_input_says_which_command_makes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reconcile-cache.json").write_text('{"format": "qkp-rdf reconcile cache 1", "links": {}, "answers": []}')
    code, _, err = run(capsys, *command)
    assert code == 2 and "output/qkp.nt: no such file" in err and "run `qkp-rdf build`" in err


def test_offline_without_a_cache_says_it_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "reconcile", "--offline", "--cache", "nothing.json", str(VALID))
    assert code == 2 and "nothing.json: no such file" in err and "which does not exist" in err and "holds no answer" not in err


# --- options the same way in every command ------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_and_verbose_before_or_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    argv = ["build", "-o", str(tmp_path), "--no-cache"]
    code, out, err = run(capsys, *(["-q", *argv] if where == "before" else [*argv, "-q"]))
    assert code == 0 and "qkp-rdf: building" not in err and "wrote" in out
    noisy = run(capsys, *(["-v", *argv] if where == "before" else [*argv, "--verbose"]))[2]
    assert "qkp-rdf: building the bundled article" in noisy
    assert "not allowed with argument" in usage_error(capsys, "build", "-q", "-v")


def test_data_takes_one_file_and_never_the_positional(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = VALID
    args = parser().parse_args(["reconcile", "--data", str(data), str(data.with_name("other.ttl"))])
    assert args.data == [str(data)] and args.files == [str(data.with_name("other.ttl"))]


# --- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "validate", "query", "load", "reconcile", "site", "serve"])
def test_every_command_help_has_a_description_examples_and_exit_codes(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    text = capsys.readouterr().out
    assert exit_.value.code == 0
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 8, description
    examples = text.split("examples:\n", 1)[1].split("\n\n")[0].splitlines()
    assert len(examples) >= 2 and all(line.strip().startswith("qkp-rdf " + command) or "| qkp-rdf " + command in line for line in examples)
    codes = text.split("exit codes:\n", 1)[1]
    assert "0 " in codes and "2 " in codes and "130" in codes


def test_help_and_version_import_neither_rdflib_nor_pyshacl() -> None:
    probe = (
        "import sys\nfrom qkp_rdf.cli import main\n"
        "for argv in (['--version'], ['--help'], ['build', '--help'], ['query', '--help']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyshacl', 'tqdm')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"


def test_the_help_names_every_engine() -> None:
    from qkp_rdf.shacl.engines import ENGINES

    assert tuple(sorted(ENGINES)) == ENGINE_NAMES


# --- errors -------------------------------------------------------------------------------


def test_an_unforeseen_error_is_one_line_without_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("unsupported operand type(s) for +: 'NoneType' and 'str'")

    monkeypatch.setattr("qkp_rdf.pipeline.build", broken)
    code, _, err = run(capsys, "build", "-o", str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert err.splitlines()[-1].startswith("error: TypeError: unsupported operand") and "--verbose" in err
    code, _, err = run(capsys, "build", "-o", str(tmp_path), "--verbose")
    assert code == 2 and "Traceback (most recent call last)" in err


# --- interrupted ----------------------------------------------------------------------------


def _corpus(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    names = []
    for number in range(count):
        name, text = article(number)
        (folder / name).write_text(text, encoding="utf-8")
        names.append(str(folder / name))
    return names


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to look for left-over worker processes")
@pytest.mark.parametrize(("sent", "to_group"), [(signal.SIGINT, True), (signal.SIGINT, False), (signal.SIGTERM, False)])
def test_an_interrupted_build_says_one_line_and_leaves_nothing(tmp_path: Path, sent: signal.Signals, to_group: bool) -> None:
    """A real build of many articles with two workers, interrupted while it works: by Ctrl-C at a
    terminal (SIGINT to every process of the group), SIGINT to the build alone, or SIGTERM."""
    articles = _corpus(tmp_path / "articles", 400)
    out, cache, scratch = tmp_path / "out", tmp_path / "cache", tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT / "src")}
    build = subprocess.Popen(
        [sys.executable, "-m", "qkp_rdf", "build", *articles, "-o", str(out), "--cache-dir", str(cache), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )
    # Interrupt it once it is at work: its first article task is being mapped.
    deadline = time.monotonic() + 60
    while not any(cache.glob(".build-*/*.nt")) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.02)
    assert build.poll() is None, "the build ended before it could be interrupted"
    os.killpg(build.pid, sent) if to_group else build.send_signal(sent)
    stdout, stderr = build.communicate(timeout=60)
    assert build.returncode == 130
    assert stderr.splitlines()[-1] == "qkp-rdf: interrupted; nothing written" and "Traceback" not in stderr, stderr
    assert not stdout and not out.exists()
    assert list(scratch.iterdir()) == [] and [p.name for p in cache.iterdir()] == []
    assert living(session=build.pid) == []  # no worker left in the build's session


# --- progress -----------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_lines_elsewhere_nothing_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Counter, "EVERY", 0.0)
    terminal, log, quiet = _Terminal(), io.StringIO(), io.StringIO()
    for stream, is_quiet in ((terminal, False), (log, False), (quiet, True)):
        with Reporter(quiet=is_quiet, stream=stream).counter("articles", 3, "articles") as counter:
            for _ in range(3):
                counter.advance()
    assert terminal.getvalue().startswith("\rqkp-rdf: articles:   0%|") and "0/3 [00:00" in terminal.getvalue()
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("qkp-rdf: articles: 1/3 articles (") and lines[-1].startswith("qkp-rdf: articles: 3/3 articles (") and len(lines) == 3
    assert quiet.getvalue() == ""


def test_a_long_build_reports_articles_as_they_are_done(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Counter, "EVERY", 0.0)
    articles = _corpus(tmp_path / "articles", 40)
    code, _, err = run(capsys, "build", *articles, "-o", str(tmp_path / "out"), "--no-cache", "--jobs", "1")
    counts = [line.split(": ")[2].split()[0] for line in err.splitlines() if line.startswith("qkp-rdf: articles: ")]
    assert code == 0 and counts == ["16/40", "32/40", "40/40"]
    code, _, err = run(capsys, "build", *articles, "-o", str(tmp_path / "out"), "--no-cache", "-q")
    assert code == 0 and "qkp-rdf: articles" not in err


def test_validate_says_what_it_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "build", "-o", str(tmp_path), "--no-cache")
    code, out, err = run(capsys, "validate", str(tmp_path / "qkp.nt"))
    assert code == 0 and out.splitlines()[-1].endswith("; 69 resource(s) checked against the shapes")
    foreign = tmp_path / "foreign.ttl"
    foreign.write_text("<http://example.org/people/> <http://example.org/knows> <http://example.org/them/> .\n")
    code, out, err = run(capsys, "validate", str(foreign))
    assert code == 0 and out.splitlines()[-1].endswith("; 0 resource(s) checked against the shapes")
    assert "warning: nothing in this data is a resource the shapes check" in err
    # Untyped data is checked too where a shape targets the subjects of a property it uses.
    untyped = tmp_path / "untyped.ttl"
    untyped.write_text('<https://example.org/t> <https://w3id.org/qkp/ontology#incumbent> "maybe" .\n')
    code, out, err = run(capsys, "validate", str(untyped))
    assert code == 1 and out.splitlines()[-1].endswith("; 1 resource(s) checked against the shapes") and "warning: nothing" not in err


def test_a_foreign_iri_is_named_whole_in_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    person = tmp_path / "person.ttl"
    person.write_text("<http://example.org/people/> a <http://xmlns.com/foaf/0.1/Person> .\n<urn:ex:people/alice> a <http://xmlns.com/foaf/0.1/Person> .\n")
    code, out, _ = run(capsys, "validate", str(person))
    assert code == 1 and "<http://example.org/people/>: " in out and "<urn:ex:people/alice>: " in out, out


def test_an_article_from_standard_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    name, text = article(7)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, _, err = run(capsys, "build", "-", "-o", str(tmp_path), "--no-cache")
    assert code == 0, err
    assert "/id/article/stdin>" in (tmp_path / "qkp.nt").read_text()
    assert "can be given only once" in usage_error_of(capsys, "build", "-", "-", "-o", str(tmp_path))


def usage_error_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, _, err = run(capsys, *argv)
    assert code == 2
    return err


@pytest.mark.parametrize("argv", [["validate", "{a}", "--engine", "pyshacl", "{b}"], ["validate", "--engine", "pyshacl", "{a}", "{b}"], ["validate", "{a}", "{b}", "--engine", "pyshacl"]])
def test_files_may_come_anywhere_among_the_options(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text(VALID.read_text())
    b.write_text("<https://example.org/x> <https://example.org/y> <https://example.org/z> .\n")
    args = parse([x.format(a=a, b=b) for x in argv])
    assert args.files == [str(a), str(b)] and args.engine == "pyshacl"
    assert "unrecognized arguments: --bogus" in usage_error(capsys, "validate", str(a), "--bogus")


def test_a_note_while_a_bar_is_drawn_goes_above_it() -> None:
    terminal = _Terminal()
    say = Reporter(quiet=False, stream=terminal)
    with say.counter("sent", 4, "requests") as counter:
        counter.advance()
        say.note("retrying in 2 s: HTTP 503")
        counter.advance()
    text = terminal.getvalue()
    # tqdm clears the bar's line, writes the note on a line of its own, and draws the bar again.
    assert "\rqkp-rdf: retrying in 2 s: HTTP 503\n" in text.replace("\x1b[A", "") or "\nqkp-rdf: retrying in 2 s: HTTP 503\n" in text, repr(text)
    assert text.rindex("qkp-rdf: sent:") > text.index("retrying")
