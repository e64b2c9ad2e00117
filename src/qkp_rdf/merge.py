"""The groups' sorted runs merged into the published N-Triples, and what the check across groups needs.

Each group of articles is validated alone (:mod:`qkp_rdf.pipeline`); what needs several groups
together is found here, once, on the merged stream (:func:`across`): the dataset's own triples,
and each resource that several groups describe (a person who led two parties, a parent party),
so that two articles cannot give one person two names, or one party two founding dates.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from .ntriples import subject_of

_RDF_TYPE = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


@dataclass(frozen=True)
class Merged:
    """The published N-Triples, merged from the runs, and what the check across groups needs."""

    ntriples: Path
    triples: int
    shared: list[str]  # the groups' lines about the subjects several groups describe
    types: Path  # the groups' rdf:type lines of the other subjects


def merge(runs: Sequence[Path], dataset: Sequence[str], links: Sequence[str], scratch: Path) -> Merged:
    """Merge the groups' sorted runs with the dataset's and the links' lines, each line once (a
    links line only for a subject the data describes).

    The lines come sorted, so each subject's lines come together, tagged with the group they came
    from: the subjects several groups describe are found on the way, in flat memory.
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
                elif source < ngroups and line.startswith(_RDF_TYPE, len(subject)):
                    types.write(line)

        block: list[tuple[str, int]] = []
        subject = ""
        for line, source in heapq.merge(*streams):
            if (start := subject_of(line)) != subject:
                flush(block, subject)
                block, subject = [], start
            block.append((line, source))
        flush(block, subject)
    return Merged(scratch / "qkp.nt", count, shared, scratch / "types.nt")


def _objects(lines: Iterable[str]) -> set[str]:
    """The IRIs and blank nodes the lines link to (canonical terms: no literal starts with < or _)."""
    return {line[line.index(" ", len(subject_of(line)) + 1) + 1 : -3] for line in lines}


def across(merged: Merged, dataset: Sequence[str]) -> tuple[list[str], list[URIRef]]:
    """What the check across groups validates: the lines of the subjects several groups describe,
    the dataset's, and the types of what they link to; and its focus nodes, the shared subjects
    and the dataset's (IRIs: a blank node is local to the group that wrote it)."""
    linked = _objects([*merged.shared, *dataset])
    with open(merged.types, encoding="utf-8", newline="\n") as lines:
        types = [line for line in lines if subject_of(line) in linked]
    focus = {URIRef(term[1:-1]) for line in [*merged.shared, *dataset] if (term := subject_of(line)).startswith("<")}
    return [*merged.shared, *dataset, *types], sorted(focus)
