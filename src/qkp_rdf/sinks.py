"""The build's outputs: sinks that write the merged N-Triples stream as published files.

Each sink reads the merged, sorted N-Triples file (so no graph of the whole dataset is held) and
writes its file into a scratch folder; :func:`publish` moves them into place together. The
N-Triples are read by pyoxigraph's parser, and Turtle written by its serializer (Rust), about a
hundred times faster than rdflib's; JSON-LD is our own compaction (:mod:`qkp_rdf.jsonld`), node
by node. A web site or another format is one more sink.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .errors import QkpError
from .jsonld import write_jsonld


class Sink(Protocol):
    #: The published file's name.
    file: str

    def write(self, ntriples: Path, out: Path, prefixes: Mapping[str, str]) -> None:
        """Write the file from the merged N-Triples, with these Turtle-style prefixes."""
        ...


def read_ntriples(path: Path) -> Iterator[ox.Triple]:
    """The triples of an N-Triples file, read as a stream."""
    try:
        for quad in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES):
            yield quad.triple
    except SyntaxError as e:  # an IRI rdflib let through that N-Triples cannot hold
        raise QkpError(f"cannot serialize the graph: {e}") from e


class NTriples:
    """The merged lines as they are: sorted canonical N-Triples, one triple a line."""

    file = "qkp.nt"

    def write(self, ntriples: Path, out: Path, prefixes: Mapping[str, str]) -> None:
        shutil.copyfile(ntriples, out)


def _turtle_layout(body: Iterable[str], prefixes: Mapping[str, str]) -> Iterator[str]:
    """pyoxigraph's Turtle lines laid out as we publish them: our prefix lines, sorted (pyoxigraph
    writes its own in a hash map's order), and a blank line before each subject."""
    for p, ns in sorted(prefixes.items()):
        yield f"@prefix {p}: <{ns}> .\n"
    for line in body:
        if line.startswith("@prefix "):
            continue
        if not line.startswith((" ", "\t")):
            yield "\n"
        yield line if line.endswith("\n") else line + "\n"


def turtle(lines: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """Turtle of some canonical N-Triples lines, laid out as :class:`Turtle` writes a file."""
    data = "".join(lines).encode("utf-8")
    body = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
    assert body is not None  # no output file given: pyoxigraph returns the bytes
    return "".join(_turtle_layout(io.StringIO(body.decode("utf-8")), prefixes))


class Turtle:
    """Turtle grouped by subject and predicate, subjects in N-Triples order."""

    file = "qkp.ttl"

    def write(self, ntriples: Path, out: Path, prefixes: Mapping[str, str]) -> None:
        raw = out.with_name(out.name + ".raw")
        try:
            ox.serialize(read_ntriples(ntriples), raw, ox.RdfFormat.TURTLE, prefixes=dict(prefixes))
            with open(raw, encoding="utf-8", newline="\n") as body, open(out, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(_turtle_layout(body, prefixes))
        finally:
            raw.unlink(missing_ok=True)


class JsonLd:
    """Compacted JSON-LD with our context inline (:mod:`qkp_rdf.jsonld`)."""

    file = "qkp.jsonld"

    def write(self, ntriples: Path, out: Path, prefixes: Mapping[str, str]) -> None:
        scratch = out.with_name(out.name + ".runs")
        scratch.mkdir()
        try:
            write_jsonld(read_ntriples(ntriples), out, scratch)
        finally:
            shutil.rmtree(scratch)


#: The data files a build publishes, in the order they are listed.
DATA_SINKS: tuple[Sink, ...] = (Turtle(), JsonLd(), NTriples())


def used_prefixes(prefixes: Mapping[str, str], namespaces: set[str]) -> dict[str, str]:
    """The prefixes some IRI in the data starts with (``namespaces`` are the data's, see
    :func:`qkp_rdf.ntriples.namespaces_of`), sorted."""
    return {p: ns for p, ns in sorted(prefixes.items()) if ns in namespaces}


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
