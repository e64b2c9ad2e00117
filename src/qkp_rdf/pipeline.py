"""The build: article files -> documents -> models -> N-Triples lines, validated -> published files.

Each stage is a module of its own, and the path runs one way through them:

1. :mod:`qkp_rdf.readers`: an article file -> a :class:`~qkp_rdf.document.Document`;
2. :mod:`qkp_rdf.extract`: the document -> an :class:`~qkp_rdf.model.ArticleModel`;
3. :mod:`qkp_rdf.mapping` (IRIs from :mod:`qkp_rdf.ids`): the model -> triples, written once as
   sorted N-Triples lines (:mod:`qkp_rdf.ntriples`), the one currency between later stages;
4. :mod:`qkp_rdf.shacl`: an article's lines -> findings, by an engine (:mod:`qkp_rdf.shacl.engines`);
5. :mod:`qkp_rdf.merge`: every article's lines -> one sorted stream, and what several articles
   share, which :func:`qkp_rdf.shacl.check_across` validates once;
6. :mod:`qkp_rdf.sinks`: the stream -> the published files, put in place together.

Steps 3 and 4 run per article, a few articles a task, in worker processes
(:mod:`qkp_rdf.executors`), while the next articles are read; an article's lines go to disk as a
sorted run in the cache (:mod:`qkp_rdf.cache`), so no graph of the whole dataset is held (but for
the rare check across articles that finds something: :func:`~qkp_rdf.shacl.check_across` then
reads the merged data to say where each finding came from), and an unchanged article is not
read, mapped or validated again.
"""

from __future__ import annotations

import datetime as dt
import gc
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, Entry, default_cache_dir
from .config import Config
from .dates import Decade, PartialDate
from .errors import InputError, QkpError
from .executors import executor
from .extract import extract
from .ids import Minter
from .mapping import map_article, map_dataset
from .merge import across, merge
from .model import ArticleModel, ReadWarning
from .ntriples import Lines, ntriples_lines
from .rdfio import used_prefixes
from .readers import read_document, read_inputs
from .reconcile import same_as_links
from .shacl import REPORT_FILE, Report, check_across, check_lines, engine, report_of
from .shacl.model_view import models_view
from .sinks import DATA_SINKS, publish
from .vocab import prefixes

#: Every file a successful build writes: the data in three formats and the SHACL report.
OUTPUT_FILES = (*(sink.file for sink in DATA_SINKS), REPORT_FILE)


def model_article(name: str, data: bytes, *, strict: bool = False) -> ArticleModel:
    """Read and extract one article given its file name and bytes. With ``strict``, the first
    thing that could not be read as written (see :class:`~qkp_rdf.model.ReadWarning`) is an
    :class:`InputError` instead of a warning."""
    return _checked(extract(read_document(name, data)), strict)


def _checked(model: ArticleModel, strict: bool) -> ArticleModel:
    if strict and model.warnings:
        first = model.warnings[0]
        raise InputError(f"{first.message} (--strict)", source=first.source, line=first.line)
    return model


def article_lines(models: Sequence[ArticleModel], mint: Minter) -> Lines:
    """Some articles' triples as sorted N-Triples lines."""
    return ntriples_lines(triple for model in models for triple in map_article(model, mint))


def generated_at(models: Sequence[ArticleModel], config: Config) -> dt.datetime:
    """When the dataset was generated, reproducibly.

    ``SOURCE_DATE_EPOCH`` (passed in through the config) wins. Otherwise the time is derived
    from the input: the last day any of the articles describes (their latest date, at the end
    of its precision). Never the wall clock or a file's modification time, which change with
    every run or clone.
    """
    if config.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(config.source_date_epoch, tz=dt.timezone.utc)
    dates: list[PartialDate | Decade] = []
    for model in models:
        dates += [d for t in model.terms for d in (t.start, t.end) if d]
        dates += [e.date for e in model.events if e.date]
    latest = max((d.latest() for d in dates), default=dt.date(1970, 1, 1))
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc)


def dataset_lines(models: Sequence[ArticleModel], mint: Minter, config: Config) -> Lines:
    """The dataset's own triples: which articles it was derived from and when."""
    return ntriples_lines(map_dataset(models, mint, generated_at(models, config), config.dataset))


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


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a task is worked on: rdflib's graphs are millions of
    small objects that the collector would scan again and again, a third of the build's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Articles sent to a worker at once: each is read, mapped and validated alone there, and its
#: model and findings come back.
TASK = 16


def _map_validate(work: Sequence[tuple[str, str, bytes]], cache: Cache, engine_name: str) -> list[Entry]:
    """Steps 2 to 4 for some articles (key, file name, bytes), in a worker: each read, mapped,
    validated alone, its lines written as a sorted run in the build's new cache folder."""
    entries = []
    with _gc_paused():
        mint = Minter(cache.base)
        validator = engine(engine_name)
        for key, name, data in work:
            model = model_article(name, data)
            lines = article_lines([model], mint)
            cache.write_run(key, lines.lines)
            entries.append(Entry(model, tuple(check_lines(lines.lines, models_view([model], mint), validator)), frozenset(lines.namespaces)))
    gc.collect(0)
    return entries


def _check_names(inputs: Sequence[tuple[str, bytes]], models: Sequence[ArticleModel], mint: Minter) -> None:
    """Two files whose names give one article IRI would be one article: refuse them."""
    seen: dict[str, str] = {}
    for (name, _), model in zip(inputs, models):
        if (iri := mint.article(model.article)) in seen:
            raise InputError(f"same file name as {seen[iri]}: rename one of them", source=name)
        seen[iri] = name


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    config: Config,
    *,
    jobs: int = 1,
    links: str | Path | None = None,
    strict: bool = False,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    progress: Callable[[str], None] = lambda text: None,
    warn: Callable[[ReadWarning], None] = lambda warning: None,
    articles_done: Callable[[int], None] = lambda count: None,
) -> BuildResult:
    """Read, extract, map, validate and publish the articles (the bundled one when ``paths`` is empty).

    The SHACL report is always written. The data files are written only when the data conforms;
    otherwise the folder's earlier data files, if any, are left as they were. ``links`` is a
    reconcile cache whose owl:sameAs links to Wikidata are published too. ``progress`` is told
    what each stage did, for a long build, ``articles_done`` how many articles are mapped and validated
    as they are, and ``warn`` each cell or row that could not be read as written (``strict`` makes the first one an error instead). An article unchanged since the
    last build is taken from the cache (:mod:`qkp_rdf.cache`, in ``cache_dir``, by default
    :func:`~qkp_rdf.cache.default_cache_dir`), which ``use_cache=False`` neither reads nor writes.
    The files and the report are the same whatever ``jobs`` is, and with or without the cache.
    """
    mint = Minter(config.base)
    validator = engine(config.engine)  # imported here, before any worker is forked
    inputs = read_inputs(paths)
    cache = Cache(cache_dir or default_cache_dir(out_dir), base=mint.base, engine=validator.name, engine_version=validator.version)
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qkp-build-")))
        fresh = cache.sibling(scratch / "runs")  # what this build maps and validates
        if use_cache:
            try:
                fresh = stack.enter_context(cache.fresh())
            except QkpError as e:  # a cache that cannot be kept costs time only
                progress(f"warning: {e}; building without it")
                use_cache = False
        pool = stack.enter_context(executor(min(jobs, -(-len(inputs) // TASK))))
        keys: list[str] = []
        runs: list[Path] = []
        entries: list[Entry | None] = []  # an article's, from the cache or (None until it is back) from a worker
        work: list[int] = []
        # Each task goes to a worker as soon as its articles are looked up, while the next ones are.
        tasks: list[tuple[list[int], Future[list[Entry]]]] = []
        for number, (name, data) in enumerate(inputs):
            keys.append(cache.key(name, data))
            entries.append(cache.get(keys[-1]) if use_cache else None)
            runs.append((cache if entries[-1] else fresh).run(keys[-1]))
            if entries[-1] is None:
                work.append(number)
            if len(work) == TASK or (work and number == len(inputs) - 1):
                tasks.append((work, pool.submit(_map_validate, [(keys[i], *inputs[i]) for i in work], fresh, config.engine)))
                work = []
        reused = finished = len(inputs) - sum(len(numbers) for numbers, _ in tasks)
        articles_done(finished)
        for numbers, task in tasks:
            for number, entry in zip(numbers, task.result()):
                entries[number] = entry
            finished += len(numbers)
            articles_done(finished)
        done = [entry for entry in entries if entry is not None]
        models = [_checked(entry.model, strict) for entry in done]
        for model in models:
            for warning in model.warnings:
                warn(warning)
        _check_names(inputs, models, mint)
        cached = f", {reused} unchanged (from the cache)" if reused else ""
        progress(f"{len(models)} article(s){cached}, {sum(len(m.terms) for m in models)} terms")
        dataset = dataset_lines(models, mint, config)
        linked = ntriples_lines(same_as_links(links)) if links is not None else Lines([], set())
        merged = merge(runs, dataset.lines, linked.lines, scratch)
        progress(f"{merged.triples} triples; {len(models)} article(s) validated, now what several share")
        namespaces = set().union(dataset.namespaces, linked.namespaces, *(entry.namespaces for entry in done))
        used = used_prefixes(prefixes(mint.base), namespaces)
        # The data files are written (by the workers, idle by now) while this process checks what
        # several articles share; they are published only if the data conforms.
        (scratch / "out").mkdir()
        writing = [pool.submit(sink.write, merged, scratch / "out" / sink.file, used) for sink in DATA_SINKS]
        # What several articles describe is judged on all their lines, by the check across them alone.
        shared = merged.shared_subjects
        alone = [f for entry in done for f in entry.findings if f"<{f.focus}>" not in shared]
        report = report_of(alone + check_across(*across(merged, dataset.lines), merged.ntriples, validator))
        for written in writing:
            written.result()  # an IRI that N-Triples cannot hold fails the build whether or not the data conforms
        out = Path(out_dir)
        contents: dict[Path, str | Path] = {out / REPORT_FILE: report.to_turtle()}
        if report.conforms:
            contents.update({out / sink.file: scratch / "out" / sink.file for sink in DATA_SINKS})
        publish(contents)
        if use_cache:
            try:
                cache.keep(dict(zip(keys, done)), fresh)
            except QkpError as e:  # the files are published: a cache that cannot be kept costs time only
                progress(f"warning: {e}")
        return BuildResult(merged.triples, tuple(models), report, tuple(contents))
