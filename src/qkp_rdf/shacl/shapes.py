"""The shapes the project publishes (``shapes/qkp-shapes.ttl``, shipped in the package)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import Graph, Namespace

QKPSH = Namespace("https://w3id.org/qkp/shapes#")
SHAPES_FILE = "qkp-shapes.ttl"


def shapes_text() -> str:
    """The shapes file shipped with the package."""
    return files("qkp_rdf").joinpath(f"shapes/{SHAPES_FILE}").read_text("utf-8")


@cache
def shapes_graph() -> Graph:
    """The shapes as published, parsed once per process (treat it as read-only)."""
    return Graph().parse(data=shapes_text(), format="turtle")
