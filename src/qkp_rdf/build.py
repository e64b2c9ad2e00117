"""The pipeline: article files -> models -> one graph -> published files."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rdflib import Graph
from rdflib.graph import ReadOnlyGraphAggregate

from .dates import PartialDate
from .errors import InputError
from .extract import extract
from .ids import Minter
from .mapping import map_article, map_dataset
from .model import ArticleModel
from .parse import decode, parse_article
from .reconcile import same_as_links
from .serialize import FILES, canonical, serialize_all, write_atomically
from .settings import Settings
from .validate import GROUP, REPORT_FILE, Finding, Report, compiled_shapes, report_of, validate_across, validate_group
from .vocab import new_graph

BUNDLED_ARTICLE = "communist-party-of-kazakhstan.txt"
#: Every file a successful build writes: the data in three formats and the SHACL report.
OUTPUT_FILES = (*FILES.values(), REPORT_FILE)


def bundled_article() -> tuple[str, bytes]:
    """The article the project ships as its default input: (file name, bytes)."""
    return BUNDLED_ARTICLE, files("qkp_rdf").joinpath(f"data/{BUNDLED_ARTICLE}").read_bytes()


def read_bytes(path: str | Path) -> bytes:
    """An input file's bytes, or an :class:`InputError` naming it."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as e:
        raise InputError("no such file", source=path) from e
    except IsADirectoryError as e:
        raise InputError("is a directory, not an article file", source=path) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", source=path) from e


def model_article(name: str, data: bytes) -> ArticleModel:
    """Parse and extract one article given its file name and bytes."""
    return extract(parse_article(decode(data, name), name), article_bytes=data)


def load_models(paths: Sequence[str | Path]) -> list[ArticleModel]:
    """Models for the given article files, or for the bundled article when there are none."""
    inputs = [bundled_article()] if not paths else [(str(p), read_bytes(p)) for p in paths]
    models = [model_article(name, data) for name, data in inputs]
    seen: dict[str, str] = {}
    for (name, _), model in zip(inputs, models):
        if model.article.slug in seen:
            raise InputError(f"same file name as {seen[model.article.slug]}: rename one of them", source=name)
        seen[model.article.slug] = name
    return models


def generated_at(models: Sequence[ArticleModel], settings: Settings) -> dt.datetime:
    """When the dataset was generated, reproducibly.

    ``SOURCE_DATE_EPOCH`` (passed in through the settings) wins. Otherwise the time is
    derived from the input: the last day any of the articles describes (their latest
    date, at the end of its precision). Never the wall clock or a file's modification
    time, which change with every run or clone.
    """
    if settings.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(settings.source_date_epoch, tz=dt.timezone.utc)
    dates: list[PartialDate] = []
    for model in models:
        dates += [d for t in model.terms for d in (t.start, t.end) if d]
        dates += [e.date for e in model.events if e.date]
    latest = max((d.latest() for d in dates), default=dt.date(1970, 1, 1))
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc)


def group_graph(models: Sequence[ArticleModel], mint: Minter) -> Graph:
    """Some articles' triples in one graph: the unit the shapes validate (see :data:`GROUP`)."""
    graph = new_graph(mint.base)
    for model in models:
        for triple in map_article(model, mint):
            graph.add(triple)
    return graph


def dataset_graph(models: Sequence[ArticleModel], mint: Minter, settings: Settings) -> Graph:
    """The dataset's own triples: which articles it was derived from and when."""
    graph = new_graph(mint.base)
    for triple in map_dataset(models, mint, generated_at(models, settings)):
        graph.add(triple)
    return graph


def graph_parts(models: Sequence[ArticleModel], settings: Settings) -> tuple[Graph, list[Graph]]:
    """The dataset's own graph and one graph per group of :data:`GROUP` articles."""
    mint = Minter(settings.base)
    return dataset_graph(models, mint, settings), [group_graph(models[i : i + GROUP], mint) for i in range(0, len(models), GROUP)]


def build_graph(models: Sequence[ArticleModel], settings: Settings) -> Graph:
    """The dataset graph for the models in one rdflib graph, unvalidated (``build`` publishes
    from the parts without this copy)."""
    dataset, groups = graph_parts(models, settings)
    graph = new_graph(settings.base)
    for part in (dataset, *groups):
        graph += part
    return graph


@dataclass(frozen=True)
class BuildResult:
    triples: int  # in the published graph
    models: tuple[ArticleModel, ...]
    report: Report
    written: tuple[Path, ...]

    @property
    def published(self) -> bool:
        """Whether the data files were written (only when the data conforms to the shapes)."""
        return self.report.conforms


# A worker's groups: handed over by fork, which copies the parent's memory, so no graph is
# pickled or mapped again (either would cost more than validating it).
_worker_groups: Sequence[Graph] = ()


def _receive(groups: Sequence[Graph]) -> None:
    global _worker_groups
    _worker_groups = groups


def _validate_nth(index: int) -> list[Finding]:
    return validate_group(_worker_groups[index])


def default_jobs() -> int:
    """How many processes validation may use: the CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def validate_groups(groups: Sequence[Graph], dataset: Graph, jobs: int) -> Report:
    """Validate the groups of articles (``graph_parts``), in up to ``jobs`` processes, then
    what needs several groups together. The report does not depend on ``jobs``.

    pySHACL's cost is Python work per focus node and constraint, so separate processes are
    the way to use more than one core. They are forked (where the system cannot fork, one
    process does the work), and each gets a contiguous run of groups.
    """
    jobs = max(1, min(jobs, len(groups)))
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        findings = [f for group in groups for f in validate_group(group)]
    else:
        compiled_shapes()  # built here, once: the workers inherit them
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_receive, initargs=(groups,)) as pool:
            runs = pool.map(_validate_nth, range(len(groups)), chunksize=-(-len(groups) // jobs))
            findings = [f for run in runs for f in run]
    return report_of(findings + validate_across(groups, dataset))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while building: rdflib's graphs are millions of small
    objects that the collector would scan again and again, a third of the build's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    settings: Settings,
    *,
    jobs: int = 1,
    links: str | Path | None = None,
    progress: Callable[[str], None] = lambda text: None,
) -> BuildResult:
    """Parse, extract, map, validate and publish the articles (the bundled one when ``paths`` is empty).

    The SHACL report is always written. The data files are written only when the data
    conforms; otherwise the folder's earlier data files, if any, are left as they were.
    ``links`` is a reconcile cache whose owl:sameAs links to Wikidata are published too.
    ``progress`` is told what each stage did, for a long build.
    """
    with _gc_paused():
        models = load_models(paths)
        progress(f"{len(models)} article(s), {sum(len(m.terms) for m in models)} terms")
        dataset, groups = graph_parts(models, settings)
        parts = [dataset, *groups]
        if links is not None:
            # From the cache file only, so the build stays reproducible.
            parts.append(same_as_links(links, ReadOnlyGraphAggregate(parts)))
        # Published from the parts, never merged into one rdflib graph (a copy of every triple).
        # Sorted before validation, which adds its view to the groups.
        data = canonical(parts)
        progress(f"{len(data.triples)} triples; validating {len(groups)} group(s) of up to {GROUP} articles")
        report = validate_groups(groups, dataset, jobs)
        out = Path(out_dir)
        contents = {out / REPORT_FILE: report.to_turtle()}
        if report.conforms:
            contents.update({out / name: text for name, text in serialize_all(data).items()})
        write_atomically(contents)
        return BuildResult(len(data.triples), tuple(models), report, tuple(contents))
