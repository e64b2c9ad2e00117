"""The pipeline: article files -> models -> graphs, validated -> published files.

``build`` works in groups of :data:`GROUP` articles: each group is mapped into its own rdflib
graph, written as sorted N-Triples lines (a "run" on disk) and validated, in worker processes,
and the graph is dropped. The main process merges the runs into the published N-Triples and
writes Turtle and JSON-LD from that stream, so no graph of the whole dataset is ever held.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import itertools
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from .dates import Decade, PartialDate
from .errors import InputError
from .extract import extract
from .ids import Minter
from .mapping import Triple, map_article, map_dataset
from .model import ArticleModel, ReadWarning
from .parse import decode, parse_article
from .reconcile import same_as_links
from .serialize import FILES, Lines, ntriples_lines, used_prefixes, write_atomically, write_jsonld, write_turtle
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


def model_article(name: str, data: bytes, *, strict: bool = False) -> ArticleModel:
    """Parse and extract one article given its file name and bytes. With ``strict``, the first
    thing that could not be read as written (see :class:`~qkp_rdf.model.ReadWarning`) is an
    :class:`InputError` instead of a warning."""
    model = extract(parse_article(decode(data, name), name), article_bytes=data)
    if strict and model.warnings:
        first = model.warnings[0]
        raise InputError(f"{first.message} (--strict)", source=first.source, line=first.line)
    return model


def _inputs(paths: Sequence[str | Path]) -> list[tuple[str, bytes]]:
    """(name, bytes) of every input, all read before any is parsed: a missing file is reported first."""
    return [bundled_article()] if not paths else [(str(p), read_bytes(p)) for p in paths]


def _check_names(inputs: Sequence[tuple[str, bytes]], models: Sequence[ArticleModel]) -> None:
    seen: dict[str, str] = {}
    for (name, _), model in zip(inputs, models):
        if model.article.slug in seen:
            raise InputError(f"same file name as {seen[model.article.slug]}: rename one of them", source=name)
        seen[model.article.slug] = name


def load_models(paths: Sequence[str | Path]) -> list[ArticleModel]:
    """Models for the given article files, or for the bundled article when there are none."""
    inputs = _inputs(paths)
    models = [model_article(name, data) for name, data in inputs]
    _check_names(inputs, models)
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
    dates: list[PartialDate | Decade] = []
    for model in models:
        dates += [d for t in model.terms for d in (t.start, t.end) if d]
        dates += [e.date for e in model.events if e.date]
    latest = max((d.latest() for d in dates), default=dt.date(1970, 1, 1))
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc)


def group_graph(models: Sequence[ArticleModel], mint: Minter) -> Graph:
    """Some articles' triples in one graph: the unit the shapes validate (see :data:`GROUP`)."""
    return _graph(mint.base, (triple for model in models for triple in map_article(model, mint)))


def _group_graphs(models: Sequence[ArticleModel], mint: Minter) -> list[Graph]:
    """One graph per group of :data:`GROUP` articles."""
    return [group_graph(models[i : i + GROUP], mint) for i in range(0, len(models), GROUP)]


def _graph(base: str, triples: Iterable[Triple]) -> Graph:
    graph = new_graph(base)
    for triple in triples:
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
    return dataset_graph(models, mint, settings), _group_graphs(models, mint)


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


@dataclass(frozen=True)
class _Group:
    """What a worker hands back for one group of articles; its graph stays behind."""

    findings: list[Finding]
    run: Path  # the group's triples as sorted canonical N-Triples lines
    namespaces: set[str]
    tags: dict[str, str]


def _map_write_validate(models: Sequence[ArticleModel], base: str, run: Path) -> _Group:
    """One group of articles, in a worker process: mapped into its graph, written as a sorted
    run of N-Triples lines, then validated (which adds the validation view to the graph)."""
    with _gc_paused():
        mint = Minter(base)
        triples = [triple for model in models for triple in map_article(model, mint)]
        graph = _graph(base, triples)
        lines = ntriples_lines(triples)  # cheaper from the list than from the graph
        run.write_text("".join(lines.lines), "utf-8")
        group = _Group(validate_group(graph), run, lines.namespaces, lines.tags)
    del graph
    gc.collect(0)
    return group


T = TypeVar("T")


def _submit(pool: ProcessPoolExecutor | None, work: Callable[..., T], *args: Any) -> Future[T]:
    """Work for a worker process, or done here and now when there is no pool."""
    if pool is not None:
        return pool.submit(work, *args)
    done: Future[T] = Future()
    done.set_result(work(*args))
    return done


@contextmanager
def _workers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """Up to ``jobs`` forked worker processes, or None for working in this process.

    pySHACL's cost is Python work, so separate processes are the way to use more than one
    core. Forked (where the system cannot fork, one process does the work), they inherit the
    compiled shapes; each group's models are sent to them (pickled: a few kB an article).
    """
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    compiled_shapes()  # built here, once: the workers inherit them
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # after bad input, no group waits to be done


@dataclass(frozen=True)
class _Merged:
    """The published N-Triples, merged from the runs, and what the cross-group check needs."""

    ntriples: Path
    triples: int
    shared: list[str]  # the groups' lines about the subjects several groups describe
    types: Path  # the groups' rdf:type lines of the other subjects


_TYPE = f" <{RDF.type}> "


def _merge(runs: Sequence[Path], dataset: Sequence[str], links: Sequence[str], scratch: Path) -> _Merged:
    """Merge the groups' sorted runs with the dataset's and the links' lines, each line once
    (a links line only for a subject the data describes, as :func:`same_as_links` does).

    The lines come sorted, so each subject's lines come together, tagged with the group they
    came from: a subject that several groups describe is found on the way, in flat memory.
    """
    ngroups, from_dataset, from_links = len(runs), len(runs), len(runs) + 1
    shared: list[str] = []
    count = 0
    with ExitStack() as stack:
        sources: list[Iterable[str]] = [stack.enter_context(open(run, encoding="utf-8", newline="\n")) for run in runs]
        streams = [zip(lines, itertools.repeat(i)) for i, lines in enumerate([*sources, dataset, links])]
        out = stack.enter_context(open(scratch / "qkp.nt", "w", encoding="utf-8", newline="\n"))
        types = stack.enter_context(open(scratch / "types.nt", "w", encoding="utf-8", newline="\n"))

        def flush(block: list[tuple[str, int]], subject: str) -> None:
            nonlocal count
            groups = {source for _, source in block if source < ngroups}
            described = bool(groups) or any(source == from_dataset for _, source in block)
            previous = ""
            for line, source in block:
                if line == previous or (source == from_links and not described):
                    continue
                out.write(line)
                count += 1
                previous = line
                if source < ngroups and len(groups) > 1:
                    shared.append(line)
                elif source < ngroups and line.startswith(_TYPE, len(subject)):
                    types.write(line)

        block: list[tuple[str, int]] = []
        subject = ""
        for line, source in heapq.merge(*streams):
            if (start := line[: line.index(" ")]) != subject:
                flush(block, subject)
                block, subject = [], start
            block.append((line, source))
        flush(block, subject)
    return _Merged(scratch / "qkp.nt", count, shared, scratch / "types.nt")


def _nt(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else f"<{node}>"


def _validate_across(merged: _Merged, dataset: Graph, models: Sequence[ArticleModel], mint: Minter) -> list[Finding]:
    """:func:`validate_across` given two small graphs in place of the groups: the triples of the
    subjects several groups describe, with the types of what they and the dataset link to,
    and one triple of each of those subjects again, so that it sees them described twice.

    The cross-group graph it builds from them is the one the whole groups give, and so are
    pySHACL's results. But a finding's labels and article locations are looked up in every
    group: when there is any finding (rare: two spellings of one person's name, two founding
    dates of a shared party), the groups are mapped again, whole, for the report to say what
    it always says.
    """
    shared = Graph().parse(data="".join(merged.shared), format="nt") if merged.shared else Graph()
    again = Graph()
    for subject in set(shared.subjects()):
        again.add((subject, *next(shared.predicate_objects(subject))))
    linked = {_nt(o) for graph in (dataset, shared) for o in graph.objects() if not isinstance(o, Literal)}
    with open(merged.types, encoding="utf-8", newline="\n") as lines:
        types = "".join(line for line in lines if line[: line.index(" ")] in linked)
    if types:
        shared.parse(data=types, format="nt")
    findings = validate_across([shared, again], dataset)
    if not findings:
        return []
    with _gc_paused():
        return validate_across(_group_graphs(models, mint), dataset)


def _link_lines(path: str | Path) -> Lines:
    """The owl:sameAs links of a reconcile cache, for whatever entities they name (:func:`_merge`
    keeps those of the entities the data describes)."""
    return ntriples_lines(same_as_links(path))


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    settings: Settings,
    *,
    jobs: int = 1,
    links: str | Path | None = None,
    strict: bool = False,
    progress: Callable[[str], None] = lambda text: None,
    warn: Callable[[ReadWarning], None] = lambda warning: None,
) -> BuildResult:
    """Parse, extract, map, validate and publish the articles (the bundled one when ``paths`` is empty).

    The SHACL report is always written. The data files are written only when the data
    conforms; otherwise the folder's earlier data files, if any, are left as they were.
    ``links`` is a reconcile cache whose owl:sameAs links to Wikidata are published too.
    ``progress`` is told what each stage did, for a long build, and ``warn`` each cell or row
    that could not be read as written (``strict`` makes the first one an error instead). The
    files and the report are the same whatever ``jobs`` is.
    """
    mint = Minter(settings.base)
    inputs = _inputs(paths)
    ngroups = -(-len(inputs) // GROUP)
    with tempfile.TemporaryDirectory(prefix="qkp-build-") as tmp, _workers(min(jobs, ngroups)) as pool:
        scratch = Path(tmp)
        # Each group goes to a worker as soon as it is parsed, while the next ones are parsed.
        groups: list[Future[_Group]] = []
        models: list[ArticleModel] = []
        for number, (name, data) in enumerate(inputs, start=1):
            models.append(model_article(name, data, strict=strict))
            for warning in models[-1].warnings:
                warn(warning)
            if number % GROUP == 0 or number == len(inputs):
                group, run = models[len(groups) * GROUP :], scratch / f"group-{len(groups)}.nt"
                groups.append(_submit(pool, _map_write_validate, group, mint.base, run))
        _check_names(inputs, models)
        progress(f"{len(models)} article(s), {sum(len(m.terms) for m in models)} terms")
        dataset = dataset_graph(models, mint, settings)
        own = ntriples_lines(dataset)
        linked = _link_lines(links) if links is not None else Lines([], set(), {})
        done = [group.result() for group in groups]
        merged = _merge([group.run for group in done], own.lines, linked.lines, scratch)
        progress(f"{merged.triples} triples; {len(done)} group(s) of up to {GROUP} articles validated, now what several share")
        # As if written from one graph of the parts (dataset, groups, links): which prefixes are
        # bound, and which of two cases of a language tag is written, is decided by the last.
        namespaces = {p: str(ns) for g in (dataset, new_graph(mint.base), *([Graph()] if links is not None else [])) for p, ns in g.namespaces()}
        parts: list[Lines | _Group] = [own, *done, linked]
        tags = {k: v for part in parts for k, v in part.tags.items()}
        prefixes = used_prefixes(namespaces, set().union(*(part.namespaces for part in parts)))
        # Turtle and JSON-LD are written (by the workers, idle by now) while this process checks
        # what several groups share; they are published only if the data conforms.
        (scratch / "jsonld").mkdir()
        writing = [
            _submit(pool, write_turtle, merged.ntriples, scratch / FILES["turtle"], prefixes, tags),
            _submit(pool, write_jsonld, merged.ntriples, scratch / FILES["json-ld"], tags, scratch / "jsonld"),
        ]
        report = report_of([f for group in done for f in group.findings] + _validate_across(merged, dataset, models, mint))
        for written in writing:
            written.result()  # an IRI that N-Triples cannot hold fails the build whether or not the data conforms
        out = Path(out_dir)
        contents: dict[Path, str | Path] = {out / REPORT_FILE: report.to_turtle()}
        if report.conforms:
            contents.update({out / FILES[k]: scratch / FILES[k] for k in ("turtle", "json-ld")})
            contents[out / FILES["nt"]] = merged.ntriples
        write_atomically(contents)
        return BuildResult(merged.triples, tuple(models), report, tuple(contents))
