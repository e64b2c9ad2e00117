"""Input files and standard input, worded alike by every command.

:func:`input_file` is the one check of a path given as input (RDF files, a reconcile cache, a
``.rq`` query, build's ``--links``): a missing path, a directory and an unreadable file each get
one wording. The string ``-`` names standard input (:data:`STDIN`), shown as ``<stdin>`` in
messages; :func:`stdin_bytes` reads it once and hands the same bytes to every later reader.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from .errors import InputError, UsageError

#: The input name that means standard input (as for riot, rapper, cat): the string, not a Path,
#: so that a library caller can still read a file called ``-`` as ``Path("-")``.
STDIN = "-"
#: How messages name standard input.
STDIN_NAME = "<stdin>"

# A stream can be read only once, and a command may read its inputs twice (load checks them
# before it sends anything): what each stream gave is kept, by the stream itself, so that a
# replaced sys.stdin (a test, an embedding program) is read anew.
_READ: weakref.WeakKeyDictionary[IO[bytes], bytes] = weakref.WeakKeyDictionary()


def is_stdin(name: str | Path) -> bool:
    """Whether an input name means standard input."""
    return isinstance(name, str) and name == STDIN


def shown(name: str | Path) -> str:
    """An input's name as messages show it."""
    return STDIN_NAME if is_stdin(name) else str(name)


def input_file(path: str | Path) -> Path:
    """The path, if it names a file that can be read; else an :class:`InputError` naming it."""
    path = Path(path)
    if path.is_dir():  # checked first: opening a directory fails differently on each system
        raise InputError("is a directory, not a file", source=path)
    try:
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise InputError("no such file", source=path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", source=path) from e
    return path


def stdin_bytes() -> bytes:
    """Everything on standard input, read on the first call and the same bytes on later ones."""
    stream: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("standard input is closed", source=STDIN_NAME)
    if stream not in _READ:
        try:
            _READ[stream] = stream.read()
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror or e}", source=STDIN_NAME) from e
    return _READ[stream]


def check_inputs(names: Sequence[str | Path]) -> None:
    """A :class:`UsageError` if standard input is named twice: one command reads it once."""
    if sum(1 for name in names if is_stdin(name)) > 1:
        raise UsageError(f"standard input ({STDIN}) can be given only once")
