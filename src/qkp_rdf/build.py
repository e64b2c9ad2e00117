"""The pipeline: article files -> models -> one graph -> published files."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

from .dates import PartialDate
from .errors import InputError
from .extract import extract
from .ids import Minter
from .mapping import map_article, map_dataset
from .model import ArticleModel
from .parse import decode, parse_article
from .serialize import FILES, serialize_all, write_atomically
from .settings import Settings
from .validate import REPORT_FILE, Finding, Report, shapes_graph, validate_across, validate_article
from .vocab import new_graph

BUNDLED_ARTICLE = "communist-party-of-kazakhstan.txt"
#: Every file a successful build writes: the data in three formats and the SHACL report.
OUTPUT_FILES = (*FILES.values(), REPORT_FILE)
# Below this many articles per process, starting processes costs more than it saves.
_ARTICLES_PER_JOB = 8


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


def article_graph(model: ArticleModel, mint: Minter) -> Graph:
    """One article's triples on their own: the unit the shapes validate."""
    graph = new_graph(mint.base)
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
    """The dataset's own graph and one graph per article (the units validation works on)."""
    mint = Minter(settings.base)
    return dataset_graph(models, mint, settings), [article_graph(model, mint) for model in models]


def merge(base: str, parts: Sequence[Graph]) -> Graph:
    """The published graph: the only place the parts become one Graph."""
    graph = new_graph(base)
    for part in parts:
        graph += part
    return graph


def build_graph(models: Sequence[ArticleModel], settings: Settings) -> Graph:
    """The dataset graph for the models, unvalidated."""
    dataset, articles = graph_parts(models, settings)
    return merge(settings.base, [dataset, *articles])


@dataclass(frozen=True)
class BuildResult:
    graph: Graph
    models: tuple[ArticleModel, ...]
    report: Report
    written: tuple[Path, ...]

    @property
    def published(self) -> bool:
        """Whether the data files were written (only when the data conforms to the shapes)."""
        return self.report.conforms


def _validate_chunk(models: Sequence[ArticleModel], base: str) -> list[Finding]:
    """Worker: map and validate a run of articles (models travel between processes cheaply; graphs do not)."""
    mint = Minter(base)
    return [finding for model in models for finding in validate_article(article_graph(model, mint))]


def default_jobs() -> int:
    """How many processes validation may use: the CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def validate_models(models: Sequence[ArticleModel], articles: Sequence[Graph], dataset: Graph, base: str, jobs: int) -> Report:
    """Validate each article on its own, in ``jobs`` processes when there are enough articles to
    share out, then what needs several articles together. Results do not depend on ``jobs``.

    pySHACL's cost is Python work per focus node and constraint, so separate processes are
    the way to use more than one core. Articles are dealt out in contiguous runs.
    """
    jobs = max(1, min(jobs, len(models) // _ARTICLES_PER_JOB))
    if jobs == 1:
        # In process: validate the article graphs themselves (they get the derived view added,
        # which is why they are validated only after being merged into the published graph).
        findings = [finding for graph in articles for finding in validate_article(graph)]
    else:
        size = -(-len(models) // jobs)
        runs = [models[i : i + size] for i in range(0, len(models), size)]
        shapes_graph()  # parsed once here; forked workers inherit it
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            findings = [f for run in pool.map(_validate_chunk, runs, [base] * len(runs)) for f in run]
    findings += validate_across(articles, dataset)
    return Report(tuple(sorted(set(findings))))


def build(paths: Sequence[str | Path], out_dir: str | Path, settings: Settings, *, jobs: int = 1) -> BuildResult:
    """Parse, extract, map, validate and publish the articles (the bundled one when ``paths`` is empty).

    The SHACL report is always written. The data files are written only when the data
    conforms; otherwise the folder's earlier data files, if any, are left as they were.
    """
    models = load_models(paths)
    dataset, articles = graph_parts(models, settings)
    graph = merge(settings.base, [dataset, *articles])
    report = validate_models(models, articles, dataset, settings.base, jobs)
    out = Path(out_dir)
    contents = {out / REPORT_FILE: report.to_turtle()}
    if report.conforms:
        contents.update({out / name: text for name, text in serialize_all(graph).items()})
    write_atomically(contents)
    return BuildResult(graph, tuple(models), report, tuple(contents))
