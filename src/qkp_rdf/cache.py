"""The build's cache: each article's validated run, found again by a hash of all it depends on.

An article's triples and findings depend on nothing but its file's name and bytes, the base
IRI, the SHACL engine and this code (an article is validated alone; what several articles
share is checked after the merge, :mod:`qkp_rdf.merge`). So a key is the SHA-256 of those
(the code as the bytes of every file of the package, shapes included), and an unchanged article
is neither parsed, mapped nor validated again, whatever else changed in the corpus.

An entry is two files:

- ``<key>.nt``: the article's sorted canonical N-Triples lines, the run the merge reads;
- ``<key>.pickle``: its model (for the dataset's triples, the warnings and ``--strict``), its
  findings and the namespaces its lines use. (A pickle runs code as it loads: the cache is as
  trusted as the folder it is in, the user's own.)

A build writes its new entries in its scratch folder; only a build that ran to its end puts
them in the cache, all together and each file whole (:func:`~qkp_rdf.sinks.publish`), and removes
the entries it did not use, so the cache holds one build's articles. An entry that cannot be
read (from another version of Python, or a file removed by hand) is a miss.
"""

from __future__ import annotations

import hashlib
import copy
import os
import pickle
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import __version__
from .errors import UsageError
from .model import ArticleModel
from .shacl.report import Finding
from .sinks import publish

_FORMAT = "1"  # bumped when an entry's layout changes


@dataclass(frozen=True)
class Entry:
    """One article's part of a build."""

    model: ArticleModel
    findings: tuple[Finding, ...]  # of the article validated alone
    namespaces: frozenset[str]  # the namespaces of its lines' IRIs, for the prefixes


def default_cache_dir(out_dir: str | Path, environ: Mapping[str, str] = os.environ) -> Path:
    """Where a build's cache is kept unless told otherwise: in the user's cache folder
    (``$XDG_CACHE_HOME``, else ``~/.cache``), one folder per output folder, so that the output
    folder holds the published files only."""
    root = Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "qkp-rdf" / "build" / hashlib.sha256(str(Path(out_dir).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]


@cache
def _code() -> str:
    """A hash of the package's files (sources, shapes, queries): other code may map or validate otherwise."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Cache:
    """A folder of entries, made when the first is put there."""

    def __init__(self, folder: str | Path, *, base: str, engine: str, engine_version: str) -> None:
        self.folder, self.base = Path(folder), base
        settings = (_FORMAT, __version__, _code(), f"{sys.version_info[0]}.{sys.version_info[1]}", base, engine, engine_version)
        self._settings = hashlib.sha256("\0".join(settings).encode()).digest()
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(f"{self.folder}: cannot be the cache folder: not a folder")

    def sibling(self, folder: Path) -> Cache:
        """A cache with the same key in another folder (a build's new entries, in its scratch folder)."""
        other = copy.copy(self)
        other.folder = folder
        return other

    def key(self, name: str, data: bytes) -> str:
        digest = hashlib.sha256(self._settings)
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def run(self, key: str) -> Path:
        return self.folder / f"{key}.nt"

    def _pickle(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> Entry | None:
        try:
            entry = pickle.loads(self._pickle(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return entry if isinstance(entry, Entry) and self.run(key).is_file() else None

    def put(self, key: str, entry: Entry, lines: Sequence[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.run(key).write_text("".join(lines), "utf-8", newline="\n")
        self._pickle(key).write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def keep(self, keys: Collection[str], new: Cache) -> None:
        """Make the entries of ``keys`` this cache's, those ``new`` has from it (the ones this
        cache lacked or could not read), and remove the others."""
        moved: dict[Path, str | Path] = {}
        for key in keys:
            if new._pickle(key).exists():
                moved |= {self.run(key): new.run(key), self._pickle(key): new._pickle(key)}  # the pickle last
        publish(moved)
        wanted = {f"{key}{suffix}" for key in keys for suffix in (".nt", ".pickle")}
        for path in self.folder.iterdir() if self.folder.is_dir() else ():
            if path.name not in wanted and path.suffix in (".nt", ".pickle", ".tmp"):
                path.unlink(missing_ok=True)
