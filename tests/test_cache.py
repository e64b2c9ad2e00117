"""Incremental rebuilds: an article unchanged since the last build comes from the cache, and the
published files are byte for byte those of a clean build, whatever was changed, added or removed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.articles import article
from qkp_rdf import cache as cache_module, pipeline
from qkp_rdf.cache import default_cache_dir
from qkp_rdf.cli import main
from qkp_rdf.config import Config
from qkp_rdf.errors import InputError
from qkp_rdf.model import ArticleModel
from qkp_rdf.pipeline import OUTPUT_FILES, TASK, build

from .conftest import FIXTURES

CONFIG = Config(source_date_epoch=0)


def _corpus(folder: Path, count: int) -> list[Path]:
    """Generated articles (one pool of names: people shared between articles) and one with an
    overlap of terms, so that the report has findings of one article and findings across them."""
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        name, text = article(number)
        paths.append(folder / name)
        paths[-1].write_text(text, "utf-8")
    paths.append(folder / "overlap.txt")
    shutil.copy(FIXTURES / "validation" / "overlapping-terms.txt", paths[-1])
    return paths


def _keys(cache: Path) -> list[str]:
    return sorted(p.stem for p in cache.glob("*.nt"))


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the articles the build reads and extracts (in this process: jobs=1)."""
    names: list[str] = []
    original = pipeline.model_article

    def counting(name: str, data: bytes, *, strict: bool = False) -> ArticleModel:
        names.append(Path(name).name)
        return original(name, data, strict=strict)

    monkeypatch.setattr(pipeline, "model_article", counting)
    return names


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rebuild_is_byte_identical_to_a_clean_build(tmp_path: Path, jobs: int) -> None:
    paths = _corpus(tmp_path / "in", TASK + 4)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(paths, out, CONFIG, jobs=jobs, cache_dir=cache)
    # One article changed (its first holder takes another article's holder's name, with a
    # diacritic: a finding across articles), one added, one removed.
    own, other = (article(n)[1].split("| 1 | | ")[1].split(" |")[0] for n in (3, 0))
    paths[3].write_text(paths[3].read_text("utf-8").replace(f"| 1 | | {own} |", f"| 1 | | {other.replace('a', 'á', 1)} |"), "utf-8")
    name, text = article(TASK + 10)
    (tmp_path / "in" / name).write_text(text, "utf-8")
    paths = [*paths[:5], *paths[6:], tmp_path / "in" / name]
    progress: list[str] = []
    rebuilt = build(paths, out, CONFIG, jobs=jobs, cache_dir=cache, progress=progress.append)
    assert f"{len(paths)} article(s), {len(paths) - 2} unchanged (from the cache)" in progress[0]
    clean = build(paths, tmp_path / "clean", CONFIG, jobs=jobs, use_cache=False)
    assert _files(out) == _files(tmp_path / "clean")
    assert rebuilt.report == clean.report
    assert clean.report.count("warning") >= 2  # the overlap in one article, the two names across two
    # The cache holds this build's articles only: the removed one's entry is gone.
    assert sorted(p.name for p in cache.iterdir()) == sorted(["entries.pickle", *(f"{key}.nt" for key in _keys(cache))])
    assert len(_keys(cache)) == len(paths)


def test_only_the_changed_article_is_read_again(tmp_path: Path, parsed: list[str]) -> None:
    paths = _corpus(tmp_path / "in", 5)
    build(paths, tmp_path / "out", CONFIG)
    assert len(parsed) == len(paths)
    paths[2].write_text(paths[2].read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    parsed.clear()
    build(paths, tmp_path / "out", CONFIG)
    assert parsed == [paths[2].name]
    parsed.clear()
    build(paths, tmp_path / "out", CONFIG, use_cache=False)
    assert len(parsed) == len(paths)


def test_what_the_key_holds_each_give_other_entries(tmp_path: Path, parsed: list[str]) -> None:
    # The base IRI and the engine change every article's triples or findings; a renamed file its IRIs.
    paths = _corpus(tmp_path / "in", 2)
    build(paths, tmp_path / "out", CONFIG)
    for config in (Config(source_date_epoch=0, base="https://example.org/qkp/"), Config(source_date_epoch=0, engine="pyshacl")):
        parsed.clear()
        build(paths, tmp_path / "out", config)
        assert len(parsed) == len(paths), config
    renamed = paths[0].with_name("renamed.txt")
    paths[0].rename(renamed)
    parsed.clear()
    build([renamed, *paths[1:]], tmp_path / "out", Config(source_date_epoch=0, engine="pyshacl"))
    assert parsed == ["renamed.txt"]


def test_a_damaged_entry_is_made_again(tmp_path: Path, parsed: list[str]) -> None:
    paths = _corpus(tmp_path / "in", 3)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(paths, out, CONFIG, cache_dir=cache)
    before = _files(out)
    sorted(cache.glob("*.nt"))[1].unlink()  # a run removed by hand: that article is read again
    parsed.clear()
    build(paths, out, CONFIG, cache_dir=cache)
    assert len(parsed) == 1 and _files(out) == before
    index = cache / "entries.pickle"
    index.write_bytes(index.read_bytes()[:100])  # cut short: every article is read again
    parsed.clear()
    build(paths, out, CONFIG, cache_dir=cache)
    assert len(parsed) == len(paths) and _files(out) == before
    parsed.clear()
    build(paths, out, CONFIG, cache_dir=cache)
    assert parsed == []


def test_a_cached_article_still_warns_and_fails_a_strict_build(tmp_path: Path) -> None:
    odd = FIXTURES / "odd" / "ragged-row.txt"
    warned: list[str] = []
    for _ in range(2):
        build([odd], tmp_path / "out", CONFIG, warn=lambda w: warned.append(str(w)))
    assert len(warned) == 2 and warned[0] == warned[1]
    with pytest.raises(InputError, match=r"ragged row.*--strict"):
        build([odd], tmp_path / "out", CONFIG, strict=True)


def test_a_failed_build_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    paths = _corpus(tmp_path / "in", 2)
    cache = tmp_path / "cache"
    build(paths, tmp_path / "out", CONFIG, cache_dir=cache)
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    paths[0].write_text(paths[0].read_text("utf-8").replace("Elbonia", "Elbonia!"), "utf-8")
    bad = FIXTURES / "bad" / "empty.txt"
    with pytest.raises(InputError):
        build([*paths, bad], tmp_path / "out", CONFIG, cache_dir=cache)
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before


def test_a_cache_that_cannot_be_kept_costs_time_not_the_build(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    progress: list[str] = []
    result = build(_corpus(tmp_path / "in", 1), tmp_path / "out", CONFIG, cache_dir=blocker / "cache", progress=progress.append)
    assert result.published and all((tmp_path / "out" / name).exists() for name in OUTPUT_FILES)
    assert any(line.startswith("warning: ") and "a-file" in line and "building without it" in line for line in progress), progress


def test_the_command_line_keeps_the_cache_outside_the_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", "--out", str(out), "--no-cache"]) == 0
    assert not default_cache_dir(out).exists()
    assert main(["build", "--out", str(out)]) == 0
    assert main(["build", "--out", str(out)]) == 0
    assert "1 unchanged (from the cache)" in capsys.readouterr().err
    assert sorted(p.suffix for p in default_cache_dir(out).iterdir()) == [".nt", ".pickle"]
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    with pytest.raises(SystemExit):
        main(["build", "--out", str(out), "--no-cache", "--cache-dir", str(tmp_path / "c")])
    assert "not allowed with argument" in capsys.readouterr().err


def test_other_code_is_another_key(tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The package's files are part of the key: a changed mapper or shape never reuses an entry.
    paths = _corpus(tmp_path / "in", 2)
    build(paths, tmp_path / "out", CONFIG)
    monkeypatch.setattr(cache_module, "_code", lambda: "other code")
    parsed.clear()
    build(paths, tmp_path / "out", CONFIG)
    assert len(parsed) == len(paths)


def test_a_cache_folder_that_is_a_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cache").write_text("", "utf-8")
    assert main(["build", "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"error: {tmp_path / 'cache'}: cannot be the cache folder: not a folder"
    assert not (tmp_path / "out").exists()
