"""The build's outputs: sinks that write the merged N-Triples stream as published files.

Each sink reads the merged, sorted N-Triples file (so no graph of the whole dataset is held) and
writes its file into a scratch folder; :func:`publish` moves them, and the SHACL report, into
place together. The syntaxes are :mod:`qkp_rdf.rdfio`'s: the N-Triples are read by pyoxigraph's
parser and Turtle written by its serializer; JSON-LD is our own compaction (:mod:`qkp_rdf.jsonld`),
node by node. A web site or another format is one more sink.
"""

from __future__ import annotations

import heapq
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .errors import InputError, QkpError
from .jsonld import write_records
from .merge import Merged, node_records_of, records_of
from .ntriples import subject_of
from .rdfio import JSON_LD, N_TRIPLES, TURTLE, read_triples, write_turtle

#: The published files are ``qkp`` with each syntax's own extension.
_NAME = "qkp"


class Sink(Protocol):
    #: The published file's name.
    file: str

    def write(self, merged: Merged, out: Path, prefixes: Mapping[str, str]) -> None:
        """Write the file from the merged N-Triples, with these Turtle-style prefixes."""
        ...


def _merged(path: Path) -> Iterator[ox.Triple]:
    """The merged N-Triples' triples, as a stream, blank-node labels kept."""
    try:
        yield from read_triples(path, fresh_blank_nodes=False)
    except InputError as e:  # an IRI rdflib let through that N-Triples cannot hold
        raise QkpError(f"cannot serialize the graph: {e.reason}") from e


class NTriples:
    """The merged lines as they are: sorted canonical N-Triples, one triple a line."""

    file = _NAME + N_TRIPLES.extensions[0]

    def write(self, merged: Merged, out: Path, prefixes: Mapping[str, str]) -> None:
        shutil.copyfile(merged.ntriples, out)


class Turtle:
    """Turtle grouped by subject and predicate, subjects in N-Triples order, prefixes sorted."""

    file = _NAME + TURTLE.extensions[0]

    def write(self, merged: Merged, out: Path, prefixes: Mapping[str, str]) -> None:
        write_turtle(_merged(merged.ntriples), out, prefixes)


class JsonLd:
    """Compacted JSON-LD with our context inline (:mod:`qkp_rdf.jsonld`): the node records of the
    articles' runs, and of the subjects no one article describes alone, merged."""

    file = _NAME + JSON_LD.extensions[0]

    def write(self, merged: Merged, out: Path, prefixes: Mapping[str, str]) -> None:
        but = {subject_of(line) for line in merged.rewritten}
        write_records(heapq.merge(node_records_of(merged.runs, but), records_of(merged.rewritten)), out)


#: The data files a build publishes, in the order they are listed.
DATA_SINKS: tuple[Sink, ...] = (Turtle(), JsonLd(), NTriples())


def publish(contents: Mapping[Path, str | Path]) -> None:
    """Write every file to a temporary sibling first and rename them into place only when all
    are written: a failure while writing (disk full, bad input found late) leaves no file
    half-written and the old files untouched. A value is the text to write, or a finished
    file (a :class:`~pathlib.Path`) to move there."""
    for path in contents:
        if path.is_dir():
            raise QkpError(f"{path}: cannot write: is a directory")
    temps: list[tuple[Path, str]] = []
    try:
        for path, content in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((path, tmp))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                if isinstance(content, str):
                    handle.write(content)
            if isinstance(content, Path):
                shutil.move(content, tmp)  # a rename when on the same file system
            os.chmod(tmp, 0o644)  # mkstemp's private 0600 would survive the rename
        for path, tmp in temps:
            os.replace(tmp, path)
    except OSError as e:
        raise QkpError(f"{e.filename or 'output'}: cannot write: {e.strerror}") from e
    finally:
        for _, tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
