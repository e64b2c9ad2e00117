"""The build's pipeline (groups mapped, validated and written as sorted runs by workers, the runs
merged into the published files) gives what the whole graph in memory gives."""

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import to_isomorphic

from benchmarks.articles import article
from qkp_rdf.cli import main
from qkp_rdf.ntriples import ntriples_lines
from qkp_rdf.ids import Minter
from qkp_rdf.merge import merge, write_run
from qkp_rdf.pipeline import TASK, article_lines, build
from qkp_rdf.sinks import DATA_SINKS, publish
from qkp_rdf.reconcile import Cache, same_as_links
from qkp_rdf.config import Config
from qkp_rdf.shacl import validate_graph

from .reference import build_graph, load_models, written
from .test_golden import describe_diff

CONFIG = Config(source_date_epoch=0)
GROUP = TASK  # articles a worker is given at once


def _articles(folder: Path, count: int, change: dict[int, tuple[str, str]] | None = None) -> list[Path]:
    """``count`` generated articles (people's names shared between them), some text replaced."""
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        name, text = article(number)
        old, new = (change or {}).get(number, ("", ""))
        (folder / name).write_text(text.replace(old, new, 1) if old else text, "utf-8")
        paths.append(folder / name)
    return paths


def _first_holder(number: int) -> str:
    return article(number)[1].split("| 1 | | ")[1].split(" |")[0]


def _whole(paths: list[Path], folder: Path, *extra: Graph) -> tuple[Graph, dict[str, str], str]:
    """The reference graph, the files the build's writers make of it, and its report when it
    is validated as one unit."""
    graph = build_graph(load_models(paths), CONFIG)
    for part in extra:
        graph += part
    files = written(graph, folder)
    return graph, files, validate_graph(build_graph(load_models(paths), CONFIG)).to_turtle()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_pipeline_publishes_what_the_whole_graph_gives(tmp_path: Path, jobs: int) -> None:
    paths = _articles(tmp_path / "in", GROUP + 3)  # two groups, the second one short
    result = build(paths, tmp_path / "out", CONFIG, jobs=jobs)
    graph, files, report = _whole(paths, tmp_path / "whole")
    assert result.published and result.triples == len(graph)
    published = Graph().parse(tmp_path / "out" / "qkp.nt", format="nt")
    assert to_isomorphic(published) == to_isomorphic(graph), describe_diff(published, graph)
    for name, text in files.items():
        assert (tmp_path / "out" / name).read_text("utf-8") == text, name
    assert (tmp_path / "out" / "validation-report.ttl").read_text("utf-8") == report


def test_a_finding_across_groups_is_reported_as_the_whole_graph_reports_it(tmp_path: Path) -> None:
    # The first holder of article GROUP + 1 takes the name of article 0's with a diacritic:
    # one IRI, two names, in two groups. The check across groups, run on the shared subjects
    # alone, must find it, and the report must say what the whole graph says.
    holder = _first_holder(0)
    paths = _articles(tmp_path / "in", GROUP + 2, {GROUP + 1: (f"| 1 | | {_first_holder(GROUP + 1)} |", f"| 1 | | {holder.replace('a', 'á', 1)} |")})
    reports = []
    for jobs in (1, 2):
        result = build(paths, tmp_path / f"out-{jobs}", CONFIG, jobs=jobs)
        assert result.published and result.report.count("warning") == 1, list(result.report.lines())
        reports.append((tmp_path / f"out-{jobs}" / "validation-report.ttl").read_text("utf-8"))
    assert reports[0] == reports[1] == _whole(paths, tmp_path / "whole")[2]


def test_a_violation_across_groups_publishes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Two files about one party (one title) in different groups, with different founding dates.
    paths = _articles(tmp_path / "in", GROUP + 2)
    text = paths[0].read_text("utf-8")
    founded = text.split("- Founded: ")[1].split("\n")[0]
    (tmp_path / "in" / "copy.txt").write_text(text.replace(f"- Founded: {founded}", "- Founded: 1 May 1917"), "utf-8")
    out = tmp_path / "out"
    assert main(["build", *map(str, paths), str(tmp_path / "in" / "copy.txt"), "--out", str(out), "--jobs", "2"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["validation-report.ttl"]
    assert "at most one founding date" in capsys.readouterr().err


def test_links_are_published_only_for_what_the_data_describes(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "in", GROUP + 1)
    person = "https://w3id.org/qkp/id/person/" + _first_holder(0).lower().replace(" ", "-")
    cache = tmp_path / "cache.json"
    cache.write_text(Cache(links={person: "Q5", "https://w3id.org/qkp/id/person/nobody": "Q6"}).text(), "utf-8")
    build(paths, tmp_path / "out", CONFIG, jobs=2, links=cache)
    graph = build_graph(load_models(paths), CONFIG)
    _, files, _ = _whole(paths, tmp_path / "whole", same_as_links(cache, graph))
    for name, text in files.items():
        assert (tmp_path / "out" / name).read_text("utf-8") == text, name
    nt = (tmp_path / "out" / "qkp.nt").read_text("utf-8")
    assert f"<{person}> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q5> ." in nt and "Q6" not in nt


def test_bad_input_late_in_a_long_list_leaves_nothing_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Earlier groups are already with the workers when the bad file is read.
    paths = _articles(tmp_path / "in", 2 * GROUP)
    paths.append(Path(__file__).parent / "fixtures" / "bad" / "ragged-row.txt")
    out = tmp_path / "out"
    assert main(["build", *map(str, paths), "--out", str(out), "--jobs", "2"]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"error: {paths[-1]}:")
    assert not out.exists()


def test_the_published_ntriples_are_the_sorted_distinct_lines_of_the_graph(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "in", 3)
    build(paths, tmp_path / "out", CONFIG)
    lines = ntriples_lines(build_graph(load_models(paths), CONFIG)).lines
    assert (tmp_path / "out" / "qkp.nt").read_text("utf-8") == "".join(lines)


def test_a_finished_file_is_moved_into_place_atomically(tmp_path: Path) -> None:
    done, target = tmp_path / "done.txt", tmp_path / "out" / "published.txt"
    done.write_text("data", "utf-8")
    publish({target: done, tmp_path / "out" / "note.txt": "text"})
    assert target.read_text("utf-8") == "data" and not done.exists()
    assert oct(os.stat(target).st_mode & 0o777) == "0o644"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["note.txt", "published.txt"]


def test_two_articles_of_one_party_in_one_group_are_validated_as_the_whole_graph_is(tmp_path: Path) -> None:
    # One party's post in two files of one group: their terms meet in one series, so the view
    # comes from the group's graph, not from each article's model (tests/test_model_view.py).
    paths = _articles(tmp_path / "in", 2)
    text = paths[0].read_text("utf-8")
    founded = text.split("- Founded: ")[1].split("\n")[0]
    (tmp_path / "in" / "copy.txt").write_text(text.replace("| 1 | | ", "| 1 | | Other ").replace(f"- Founded: {founded}", "- Founded: 1 May 1917"), "utf-8")
    paths.append(tmp_path / "in" / "copy.txt")
    result = build(paths, tmp_path / "out", CONFIG)
    assert not result.published and {"TermHolder", "TermLabel"} <= {f.shape.rsplit("#")[-1] for f in result.report.findings}
    assert (tmp_path / "out" / "validation-report.ttl").read_text("utf-8") == _whole(paths, tmp_path / "whole")[2]


def test_runs_merged_in_parts_publish_the_same(tmp_path: Path) -> None:
    # More runs than may be open at once are merged in parts first (here three parts of two):
    # the same files, and the same subjects found shared, node records and all.
    mint = Minter()
    runs = []
    for number, model in enumerate(load_models(_articles(tmp_path / "in", 6))):
        runs.append(tmp_path / f"run-{number}.nt")
        write_run(runs[-1], article_lines([model], mint).lines)
    found = []
    for fan_in in (None, 2):
        scratch = tmp_path / f"merged-{fan_in}"
        scratch.mkdir()
        merged = merge(runs, [], [], scratch, fan_in)
        (scratch / "out").mkdir()
        for sink in DATA_SINKS:
            sink.write(merged, scratch / "out" / sink.file, {})
        found.append(({sink.file: (scratch / "out" / sink.file).read_bytes() for sink in DATA_SINKS}, merged.shared, merged.rewritten))
    assert found[0] == found[1] and found[0][1]
