"""Readers: article files in some format -> :class:`~qkp_rdf.document.Document`.

A reader is a module of this package with ``SUFFIXES`` (the file name endings it takes) and
``read(name, data) -> Document``; :data:`READERS` chooses one by the file's name. The plain-text
format (:mod:`.text`) is the first; wikitext or HTML would be one more module listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path
from types import ModuleType

from ..document import Document
from ..errors import InputError
from ..inputs import STDIN_NAME, is_stdin, stdin_bytes
from . import text

_MODULES: tuple[ModuleType, ...] = (text,)
#: File name ending -> the reader for it.
READERS: dict[str, Callable[[str, bytes], Document]] = {suffix: m.read for m in _MODULES for suffix in m.SUFFIXES}
#: The reader for a file whose ending no reader names (an article may have no extension).
DEFAULT_READER = text.read
BUNDLED_ARTICLE = "communist-party-of-kazakhstan.txt"


def read_document(name: str, data: bytes) -> Document:
    """The document in an article file's bytes, read by the reader its name asks for."""
    return READERS.get(Path(name).suffix.lower(), DEFAULT_READER)(name, data)


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
        raise InputError("is a directory, not a file", source=path) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", source=path) from e


def read_inputs(paths: Sequence[str | Path]) -> list[tuple[str, bytes]]:
    """(name, bytes) of every input (the bundled article when there is none; ``-`` is standard
    input), all read before any is parsed: a missing file is reported first."""
    if not paths:
        return [bundled_article()]
    # An article read from standard input is named <stdin>, its IRI .../article/stdin.
    return [(STDIN_NAME, stdin_bytes()) if is_stdin(p) else (str(p), read_bytes(p)) for p in paths]
