"""Load RDF files into a triplestore over the SPARQL 1.1 Graph Store HTTP Protocol.

The files replace what one named graph held: the first chunk is sent with ``PUT`` (which replaces
the graph), the others with ``POST`` (which adds to it), each to ``STORE?graph=IRI``. Whatever went
wrong in an earlier run, a new run therefore leaves exactly the files' triples in the graph.

Each request is retried, with exponential backoff, when the server refuses the connection (it may
be starting), drops it, times out, answers 5xx, or answers 429 (after the ``Retry-After`` it asks for).
A retried ``POST`` cannot duplicate anything: adding the same triples twice is a no-op, and triples
with blank nodes (whose copies would be new nodes) all travel in the ``PUT``.

The files are read twice, streaming (pyoxigraph's parsers, see :mod:`qkp_rdf.rdfio`: every syntax
it reads, named graphs merged, ``-`` for standard input): first to check them whole — nothing is sent
if any file is bad — and to find the blank-node triples, the dataset's IRI and the distinct triples,
then to send them. A triple given twice (two files, or the same graph in two syntaxes) is sent and
counted once, so the count is what the graph then holds. To tell a triple already seen without
keeping the triples in memory (a pyoxigraph store costs about 700 bytes a triple), the survey keeps
a 16-byte digest of each (about 80 bytes a triple with the set's own); the first sending of each
removes its digest, and when no triple was read twice (the usual case) the digests are dropped
before anything is sent. A store that keeps typed literals as values (Oxigraph holds ``"01"^^xsd:integer``
as ``1``) may count fewer triples where the files write one value two ways.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from .config import DEFAULT_CHUNK
from .errors import InputError, UsageError
from .inputs import check_inputs, shown
from .rdfio import N_TRIPLES, Syntax, read_triples
from .remote import USER_AGENT, Credentials, Retry, send

_VOID_DATASET = ox.NamedNode("http://rdfs.org/ns/void#Dataset")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class LoadResult:
    """What a load did: the graph it replaced and how many distinct triples it sent (which the graph now holds)."""

    graph: str
    triples: int


@dataclass
class _Survey:
    #: Digests of the distinct triples without blank nodes not sent yet.
    unsent: set[bytes] = field(default_factory=set)
    #: The blank-node triples, kept whole: a second parse would name their blank nodes anew.
    with_blank_nodes: dict[ox.Triple, None] = field(default_factory=dict)
    datasets: set[str] = field(default_factory=set)
    #: Triples read, duplicates included: when none was, the sending needs no digests.
    read: int = 0
    #: Distinct triples read (the count, kept as the sending empties ``unsent``).
    triples: int = 0


def _digest(triple: ox.Triple) -> bytes:
    # 128 bits: the odds of a collision among a billion triples are below 1 in 10**20.
    return hashlib.blake2b(str(triple).encode("utf-8"), digest_size=16).digest()


def _has_blank_node(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _survey(paths: Sequence[str | Path], syntax: Syntax | None) -> _Survey:
    survey = _Survey()
    for path in paths:
        before = survey.read
        for triple in read_triples(path, syntax=syntax):
            survey.read += 1
            if _has_blank_node(triple):
                survey.with_blank_nodes[triple] = None  # a dict: distinct, in the files' order
            else:
                survey.unsent.add(_digest(triple))
            if triple.predicate == _RDF_TYPE and triple.object == _VOID_DATASET and isinstance(triple.subject, ox.NamedNode):
                survey.datasets.add(triple.subject.value)
        if survey.read == before:  # an empty file among the inputs is a mistake, as in every command
            raise InputError("no RDF triples in this file", source=shown(path))
    survey.triples = len(survey.unsent) + len(survey.with_blank_nodes)
    return survey


def _chunks(paths: Sequence[str | Path], syntax: Syntax | None, survey: _Survey, size: int) -> Iterator[list[ox.Triple]]:
    """The first chunk holds the blank-node triples and then others up to ``size``; the other
    chunks hold ``size`` triples. Each triple is sent once: its digest leaves ``survey.unsent``."""
    chunk = list(survey.with_blank_nodes)
    repeats = survey.read > survey.triples
    if not repeats:
        survey.unsent.clear()  # the usual case: no triple to tell apart, and the memory back
    for path in paths:
        for triple in read_triples(path, syntax=syntax):
            if _has_blank_node(triple):
                continue
            if repeats:
                digest = _digest(triple)
                if digest not in survey.unsent:
                    continue  # sent already
                survey.unsent.remove(digest)
            if len(chunk) >= size:
                yield chunk
                chunk = []
            chunk.append(triple)
    yield chunk


def _chunk_count(survey: _Survey, size: int) -> int:
    blank = len(survey.with_blank_nodes)
    after_first = max(0, survey.triples - blank - max(0, size - blank))
    return 1 + math.ceil(after_first / size)


def _graph_of(survey: _Survey, graph: str | None) -> str:
    if graph:
        return graph
    if len(survey.datasets) != 1:
        found = "none" if not survey.datasets else ", ".join(sorted(survey.datasets))
        raise UsageError(f"give --graph IRI: the files describe one void:Dataset when loaded by default, they have {found}")
    return next(iter(survey.datasets))


def load_files(
    paths: Sequence[str | Path],
    store: str,
    *,
    graph: str | None = None,
    syntax: Syntax | None = None,
    auth: Credentials | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    retry: Retry = Retry(),
    timeout: float = 120.0,
    progress: Callable[[int, int], None] | None = None,
    on_retry: Callable[[str], None] | None = None,
) -> LoadResult:
    """Replace the named graph ``graph`` (default: the dataset's IRI) in the Graph Store ``store`` with the inputs' triples.

    ``syntax`` is the inputs' (default: each file's extension's; Turtle for ``-``, standard input);
    ``progress`` gets (0, chunks) before the first request and (chunk number, chunks) after each, ``on_retry`` a line before each
    wait to retry one (see :func:`qkp_rdf.remote.send`).
    """
    if chunk_size < 1:
        raise UsageError("the chunk size must be at least 1 triple")
    check_inputs(paths)
    survey = _survey(paths, syntax)  # (no input is empty: an empty PUT would empty the graph)
    target = _graph_of(survey, graph)
    triples, total = survey.triples, _chunk_count(survey, chunk_size)
    url = f"{store}{'&' if '?' in store else '?'}graph={quote(target, safe='')}"
    headers = {"Content-Type": N_TRIPLES.media_type, "User-Agent": USER_AGENT}
    if auth:
        headers["Authorization"] = auth.header()
    if progress:
        progress(0, total)
    for number, chunk in enumerate(_chunks(paths, syntax, survey, chunk_size), start=1):
        body = ox.serialize(chunk, format=N_TRIPLES.oxigraph) or b""  # bytes, as no output file is given
        method = "PUT" if number == 1 else "POST"
        send(method, url, body, headers, shown=store, action=f"{method} rejected with ", retry=retry, timeout=timeout, on_retry=on_retry)
        if progress:
            progress(number, total)
    return LoadResult(target, triples)
