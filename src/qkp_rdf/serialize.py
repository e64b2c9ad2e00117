"""Write the graph as Turtle, JSON-LD and N-Triples: byte-identical for the same graph, atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from pyld import jsonld
from rdflib import Graph, Literal

from .errors import QkpError

FILES = {"turtle": "qkp.ttl", "json-ld": "qkp.jsonld", "nt": "qkp.nt"}


def context() -> dict[str, Any]:
    """The published JSON-LD context (short keys for our terms), as shipped in the package."""
    data: dict[str, Any] = json.loads(files("qkp_rdf").joinpath("data/context.jsonld").read_text("utf-8"))
    return data


def to_ntriples(graph: Graph) -> str:
    """N-Triples with lines sorted, so the same graph always gives the same bytes."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def to_turtle(graph: Graph) -> str:
    # rdflib's Turtle writer orders subjects, predicates and objects itself.
    return graph.serialize(format="turtle", encoding="utf-8").decode("utf-8")


def _canonical(value: Any) -> Any:
    """Sort JSON-LD keys (`id` and `type` first) and arrays, for stable output."""
    if isinstance(value, dict):
        first = [k for k in ("id", "type") if k in value]
        return {k: _canonical(value[k]) for k in first + sorted(k for k in value if k not in first)}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _restore_tag_case(value: Any, tags: Mapping[str, str]) -> Any:
    """Put back the case of language tags (kk-Latn) that pyld lower-cases."""
    if isinstance(value, dict):
        return {k: tags.get(v, v) if k == "@language" else _restore_tag_case(v, tags) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore_tag_case(v, tags) for v in value]
    return value


def to_jsonld(graph: Graph, ctx: Mapping[str, Any] | None = None) -> str:
    """Compacted JSON-LD with our context inline, produced by a real JSON-LD processor (pyld)."""
    ctx = dict(ctx or context())
    expanded = jsonld.from_rdf(to_ntriples(graph), {"format": "application/n-quads", "useNativeTypes": True})
    tags = {o.language.lower(): o.language for o in graph.objects() if isinstance(o, Literal) and o.language}
    compacted = _canonical(_restore_tag_case(jsonld.compact(expanded, ctx, {"compactArrays": True}), tags))
    # The context keeps its hand-written order; only the data is sorted.
    document = {"@context": ctx["@context"], **{k: v for k, v in compacted.items() if k != "@context"}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_atomically(contents: Mapping[Path, str]) -> None:
    """Write every file to a temporary sibling first and rename them into place only when all
    are written: a failure while writing (disk full, bad input found late) leaves no file
    half-written and the old files untouched."""
    for path in contents:
        if path.is_dir():
            raise QkpError(f"{path}: cannot write: is a directory")
    temps: list[tuple[Path, str]] = []
    try:
        for path, text in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((path, tmp))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)  # mkstemp's private 0600 would survive the rename
        for path, tmp in temps:
            os.replace(tmp, path)
    except OSError as e:
        raise QkpError(f"{e.filename or 'output'}: cannot write: {e.strerror}") from e
    finally:
        for _, tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def serialize_all(graph: Graph) -> dict[str, str]:
    """The three published serializations, keyed by file name."""
    return {FILES["turtle"]: to_turtle(graph), FILES["json-ld"]: to_jsonld(graph), FILES["nt"]: to_ntriples(graph)}
