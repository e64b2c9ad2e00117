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
from .serialize import serialize_all, write_atomically
from .settings import Settings
from .vocab import new_graph

BUNDLED_ARTICLE = "communist-party-of-kazakhstan.txt"


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


def build_graph(models: Sequence[ArticleModel], settings: Settings) -> Graph:
    """The dataset graph for the models: the only place a published Graph is built."""
    mint = Minter(settings.base)
    graph = new_graph(settings.base)
    for triple in map_dataset(models, mint, generated_at(models, settings)):
        graph.add(triple)
    for model in models:
        for triple in map_article(model, mint):
            graph.add(triple)
    return graph


@dataclass(frozen=True)
class BuildResult:
    graph: Graph
    models: tuple[ArticleModel, ...]
    written: tuple[Path, ...]


def build(paths: Sequence[str | Path], out_dir: str | Path, settings: Settings) -> BuildResult:
    """Parse, extract, map and publish the articles (the bundled one when ``paths`` is empty)."""
    models = load_models(paths)
    graph = build_graph(models, settings)
    out = Path(out_dir)
    contents = {out / name: text for name, text in serialize_all(graph).items()}
    write_atomically(contents)
    return BuildResult(graph, tuple(models), tuple(contents))
