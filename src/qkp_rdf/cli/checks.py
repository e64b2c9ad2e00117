"""What the commands check before any work: the folders and files they will write, and their inputs."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import DEFAULT_DATA
from ..errors import InputError, UsageError
from ..inputs import check_inputs, input_file, is_stdin

if TYPE_CHECKING:
    from ..rdfio import Syntax


def _nearest(path: Path) -> Path:
    """The path itself or its nearest ancestor that exists."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable(folder: Path, shown: Path, option: str) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {shown}: cannot write in {folder}: permission denied")


def out_folder(path: str | Path, option: str = "--out") -> Path:
    """A folder a command will write into: it is one, or can be made, and can be written in."""
    path = Path(path)
    found = _nearest(path)
    if not found.is_dir():
        raise UsageError(f"{option} {path}: {'not a folder' if found == path.absolute() else f'{found} is a file, not a folder'}")
    _writable(found, path, option)
    return path


def out_file(path: str | Path, option: str) -> Path:
    """A file a command will write: not a folder, in a folder that is one or can be made, writable."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a directory, not a file")
    found = _nearest(path.parent)
    if not found.is_dir():
        raise UsageError(f"{option} {path}: {found} is a file, not a folder")
    _writable(found, path, option)
    return path


def rdf_inputs(args: argparse.Namespace) -> list[str]:
    """The RDF inputs named (positional and ``--data``), else the published N-Triples; each
    checked to exist now, a missing default with the command that makes it."""
    files = [*args.files, *getattr(args, "data", [])]
    if not files:
        if not Path(DEFAULT_DATA).is_file():
            raise InputError("no such file (the default input: run `qkp-rdf build` here to make it, or name RDF files)", source=DEFAULT_DATA)
        return [DEFAULT_DATA]
    return input_files(files)


def input_files(names: list[str]) -> list[str]:
    """Input names, each a file that can be read or standard input (named once)."""
    check_inputs(names)
    for name in names:
        if not is_stdin(name):
            input_file(name)
    return names


def input_syntax(args: argparse.Namespace) -> Syntax | None:
    """The syntax ``--input-format`` names, if it names one."""
    from ..rdfio import syntax_named

    return syntax_named(args.input_format) if args.input_format else None
