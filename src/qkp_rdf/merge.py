"""The articles' sorted runs merged into the published N-Triples, and what the check across articles needs.

Each article is validated alone (:mod:`qkp_rdf.pipeline`); what needs several articles
together is found here, once, on the merged stream (:func:`across`): the dataset's own triples,
and each resource that several articles describe (a person who led two parties, a parent party),
so that two articles cannot give one person two names, or one party two founding dates.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .errors import QkpError
from .jsonld import node_records, record_id
from .ntriples import subject_of

_RDF_TYPE = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def runs_at_once() -> int:
    """How many runs to read at once (each an open file): as many as the process may open,
    less some for everything else; more runs are first merged in parts of this many. The
    limit is raised to the most allowed, where the system has limits (many allow 1,024 unless
    asked, and 1,000 articles are 1,000 runs)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise; the C runtime allows 512 streams
        return 448
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return max(16, min(soft, 1 << 20) - 64)


@dataclass(frozen=True)
class Merged:
    """The published N-Triples, merged from the runs, and what the check across articles and
    the JSON-LD sink need."""

    ntriples: Path
    triples: int
    shared: list[str]  # the articles' lines of the subjects several articles describe
    types: Path  # the articles' rdf:type lines of the other subjects
    runs: tuple[Path, ...]  # whose node records are those of the subjects one article alone describes
    rewritten: list[str]  # the lines of every other subject (shared, the dataset's, with links)

    @property
    def shared_subjects(self) -> set[str]:
        """The subjects (N-Triples terms) several articles describe."""
        return {subject_of(line) for line in self.shared}


def write_run(path: Path, lines: Sequence[str]) -> None:
    """An article's run: its sorted N-Triples lines, an empty line, and its JSON-LD node records
    (:func:`~qkp_rdf.jsonld.node_records`), which the JSON-LD sink merges for every subject that
    article alone describes."""
    path.write_text("".join([*lines, "\n", *records_of(lines)]), "utf-8", newline="\n")


def records_of(lines: Sequence[str]) -> list[str]:
    """The JSON-LD node records of some sorted N-Triples lines."""
    try:
        return node_records(quad.triple for quad in ox.parse("".join(lines), format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False))
    except SyntaxError as e:  # an IRI rdflib let through that N-Triples cannot hold
        raise QkpError(f"cannot serialize the graph: {e.msg}") from e


def _lines(run: Iterator[str]) -> Iterator[str]:
    """A run's N-Triples lines (leaving the file at its node records)."""
    return itertools.takewhile(lambda line: line != "\n", run)


def node_records_of(runs: Sequence[Path], but: Collection[str]) -> Iterator[str]:
    """The runs' node records merged in order, but those of the subjects ``but`` (N-Triples terms)."""
    excluded = {record_id(subject) for subject in but}
    with ExitStack() as stack:
        files = [stack.enter_context(open(run, encoding="utf-8", newline="\n")) for run in runs]
        for lines in files:
            for _ in _lines(lines):
                pass
        yield from heapq.merge(*((r for r in records if r[: r.index("\0")] not in excluded) for records in files))


def _blocks(sources: Sequence[Iterable[str]]) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """The sorted sources' lines merged, a subject's lines together, each tagged with its source."""
    block: list[tuple[str, int]] = []
    subject = ""
    for line, source in heapq.merge(*(zip(lines, itertools.repeat(i)) for i, lines in enumerate(sources))):
        if (start := subject_of(line)) != subject:
            if block:
                yield subject, block
            block, subject = [], start
        block.append((line, source))
    if block:
        yield subject, block


def _combine(runs: Sequence[Path], out: Path) -> set[str]:
    """Merge sorted runs into one, each line once, with the node records of the subjects one of
    them alone describes; returns the subjects more than one run describes."""
    several: set[str] = set()
    with ExitStack() as stack:
        sources = [stack.enter_context(open(run, encoding="utf-8", newline="\n")) for run in runs]
        target = stack.enter_context(open(out, "w", encoding="utf-8", newline="\n"))
        for subject, block in _blocks([_lines(lines) for lines in sources]):
            if len({source for _, source in block}) > 1:
                several.add(subject)
            target.writelines(dict.fromkeys(line for line, _ in block))
    target_records = node_records_of(runs, several)
    with open(out, "a", encoding="utf-8", newline="\n") as target:
        target.write("\n")
        target.writelines(target_records)
    return several


def merge(runs: Sequence[Path], dataset: Sequence[str], links: Sequence[str], scratch: Path, fan_in: int | None = None) -> Merged:
    """Merge the articles' sorted runs (one an article) with the dataset's and the links' lines,
    each line once (a links line only for a subject the data describes).

    The lines come sorted, so each subject's lines come together, tagged with the run they came
    from: the subjects several articles describe are found on the way, in flat memory.
    """
    several: set[str] = set()  # described by several of the runs merged into one part
    most = fan_in or runs_at_once()
    for level in itertools.count():
        if len(runs) <= most:
            break
        parts = [runs[i : i + most] for i in range(0, len(runs), most)]
        runs = [scratch / f"part-{level}-{i}.nt" for i in range(len(parts))]
        for part, combined in zip(parts, runs):
            several |= _combine(part, combined)
    narticles, from_dataset, from_links = len(runs), len(runs), len(runs) + 1
    shared: list[str] = []
    rewritten: list[str] = []
    count = 0
    with ExitStack() as stack:
        sources: list[Iterable[str]] = [_lines(stack.enter_context(open(run, encoding="utf-8", newline="\n"))) for run in runs]
        out = stack.enter_context(open(scratch / "qkp.nt", "w", encoding="utf-8", newline="\n"))
        types = stack.enter_context(open(scratch / "types.nt", "w", encoding="utf-8", newline="\n"))
        for subject, block in _blocks([*sources, dataset, links]):
            from_articles = {source for _, source in block if source < narticles}
            is_shared = len(from_articles) > 1 or subject in several
            described = bool(from_articles) or any(source == from_dataset for _, source in block)
            # One article's own node record holds the subject unless something else says more of it.
            alone = len(from_articles) == 1 and not is_shared and all(source < narticles for _, source in block)
            previous = ""
            for line, source in block:
                if line == previous or (source == from_links and not described):
                    continue
                out.write(line)
                count += 1
                previous = line
                if not alone:
                    rewritten.append(line)
                if source < narticles and is_shared:
                    shared.append(line)
                elif source < narticles and line.startswith(_RDF_TYPE, len(subject)):
                    types.write(line)
    return Merged(scratch / "qkp.nt", count, shared, scratch / "types.nt", tuple(runs), rewritten)


def _objects(lines: Iterable[str]) -> set[str]:
    """The IRIs and blank nodes the lines link to (canonical terms: no literal starts with < or _)."""
    return {line[line.index(" ", len(subject_of(line)) + 1) + 1 : -3] for line in lines}


def across(merged: Merged, dataset: Sequence[str]) -> tuple[list[str], list[URIRef]]:
    """What the check across articles validates: the lines of the subjects several articles
    describe, the dataset's, and the types of what they link to; and its focus nodes, the shared
    subjects and the dataset's (IRIs: a blank node is local to the article that wrote it)."""
    linked = _objects([*merged.shared, *dataset])
    with open(merged.types, encoding="utf-8", newline="\n") as lines:
        types = [line for line in lines if subject_of(line) in linked]
    focus = {URIRef(term[1:-1]) for line in [*merged.shared, *dataset] if (term := subject_of(line)).startswith("<")}
    return [*merged.shared, *dataset, *types], sorted(focus)
