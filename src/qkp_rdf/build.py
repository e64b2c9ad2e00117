"""The pipeline: article files -> models -> one graph -> published files."""

from __future__ import annotations

import datetime as dt
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
from .validate import REPORT_FILE, Report, validate_articles
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


def build(paths: Sequence[str | Path], out_dir: str | Path, settings: Settings) -> BuildResult:
    """Parse, extract, map, validate and publish the articles (the bundled one when ``paths`` is empty).

    The SHACL report is always written. The data files are written only when the data
    conforms; otherwise the folder's earlier data files, if any, are left as they were.
    """
    models = load_models(paths)
    dataset, articles = graph_parts(models, settings)
    graph = merge(settings.base, [dataset, *articles])
    report = validate_articles(articles, dataset)  # after the merge: it adds derived triples to the parts
    out = Path(out_dir)
    contents = {out / REPORT_FILE: report.to_turtle()}
    if report.conforms:
        contents.update({out / name: text for name, text in serialize_all(graph).items()})
    write_atomically(contents)
    return BuildResult(graph, tuple(models), report, tuple(contents))
