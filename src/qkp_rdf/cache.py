"""The build's cache: each article's validated run, found again by a hash of all it depends on.

An article's triples and findings depend on nothing but its file's name and bytes, the base
IRI, the SHACL engine and this code (an article is validated alone; what several articles
share is checked after the merge, :mod:`qkp_rdf.merge`). So a key is the SHA-256 of those
(the code as the bytes of every file of the package, shapes included), and an unchanged article
is neither parsed, mapped nor validated again, whatever else changed in the corpus.

The cache folder holds:

- ``<key>.nt`` for each article: its run (:func:`~qkp_rdf.merge.write_run`), the sorted canonical
  N-Triples lines the merge reads and the JSON-LD node records of its subjects;
- ``entries.pickle``: for each key, the article's model (for the dataset's triples, the warnings
  and ``--strict``), its findings and the namespaces its lines use; one file, read once (files
  are slow to make on some disks: one an article is enough). A pickle runs code as it loads: the
  cache is as trusted as the folder it is in, the user's own.

A build writes its new runs in a temporary folder of the cache's own; only a build that ran to
its end moves them in (renames) and then replaces the index whole, with the entries of its own
articles only, so the cache holds one build's articles. An entry that cannot be read (an index
from another version of Python, a run removed by hand) is a miss.
"""

from __future__ import annotations

import hashlib
import copy
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from . import __version__
from .errors import QkpError, UsageError
from .merge import write_run
from .model import ArticleModel
from .shacl.report import Finding
from .sinks import publish

_FORMAT = "3"  # bumped when an entry's layout changes
_INDEX = "entries.pickle"


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
    """A folder of articles' runs and the index of their entries."""

    def __init__(self, folder: str | Path, *, base: str, engine: str, engine_version: str) -> None:
        self.folder, self.base = Path(folder), base
        settings = (_FORMAT, __version__, _code(), f"{sys.version_info[0]}.{sys.version_info[1]}", base, engine, engine_version)
        self._settings = hashlib.sha256("\0".join(settings).encode()).digest()
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(f"{self.folder}: cannot be the cache folder: not a folder")

    def sibling(self, folder: Path) -> Cache:
        """A cache with the same keys in another folder (where a build makes its new runs)."""
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

    @cached_property
    def _index(self) -> dict[str, Entry]:
        try:
            index = pickle.loads((self.folder / _INDEX).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return {}
        return index if isinstance(index, dict) else {}

    def get(self, key: str) -> Entry | None:
        entry = self._index.get(key)
        return entry if isinstance(entry, Entry) and self.run(key).is_file() else None

    def write_run(self, key: str, lines: Sequence[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_run(self.run(key), lines)

    @contextmanager
    def fresh(self) -> Iterator[Cache]:
        """A cache for the runs a build makes: a temporary folder in this one (so that keeping a
        run is a rename), removed at the end with whatever was not kept."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            scratch = tempfile.TemporaryDirectory(dir=self.folder, prefix=".build-")
        except OSError as e:
            raise QkpError(f"{self.folder}: cannot make the cache folder: {e.strerror}") from e
        with scratch as folder:
            yield self.sibling(Path(folder))

    def keep(self, entries: Mapping[str, Entry], new: Cache) -> None:
        """Make ``entries`` (key -> entry) this cache's, with the runs ``new`` has of them (the
        ones this cache lacked or could not read), and remove the others."""
        try:
            for key in entries:
                if new.run(key).exists():
                    os.replace(new.run(key), self.run(key))
            (new.folder / _INDEX).write_bytes(pickle.dumps(dict(entries), protocol=pickle.HIGHEST_PROTOCOL))
            publish({self.folder / _INDEX: new.folder / _INDEX})
            wanted = {f"{key}.nt" for key in entries}
            for path in self.folder.glob("*.nt"):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
        except (OSError, QkpError) as e:
            raise QkpError(f"{getattr(e, 'filename', None) or self.folder}: cannot keep the cache: {getattr(e, 'strerror', None) or e}") from e
