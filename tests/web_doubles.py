"""Stand-ins for the site's HTML pages (``qkp_rdf.web.pages``) and VoID writer
(``qkp_rdf.web.void``) while those modules are not in this branch, and a launcher that runs the
real command line with them: ``python -m tests.web_doubles serve FILE ...``.

A stand-in is used only where the real module cannot be imported: once both are there, the
launcher is ``python -m qkp_rdf`` and the tests of ``serve`` check the real pages. The stand-ins
render what the server's plumbing must carry intact (each label, escaped) and nothing more; so,
with them, a test that a ``<script>`` label arrives escaped checks the server's path from the
data to the bytes, not the real pages' escaping.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from collections.abc import Sequence
from html import escape

from qkp_rdf.web.resources import Data, Resource

ASSETS = {"assets/site.css": b"body { font-family: serif; }\n"}


def _html(title: str, body: str) -> str:
    return f'<!DOCTYPE html>\n<html><head><title>{escape(title)}</title><link rel="stylesheet" href="assets/site.css"></head><body>{body}</body></html>\n'


def page(data: Data, resource: Resource, *, findings: Sequence[object] = (), sparql: str | None = None) -> str:
    return _html(data.label(resource.iri), f"<h1>{escape(data.label(resource.iri))}</h1><p>{escape(resource.iri)}</p>")


def index_page(data: Data, *, sparql: str | None = None) -> str:
    items = "".join(f'<li><a href="{escape(r.doc)}.html">{escape(data.label(r.iri))}</a></li>' for r in data.resources)
    form = f'<form action="{escape(sparql)}"><textarea name="query"></textarea></form>' if sparql else ""
    return _html("index", f"<ul>{items}</ul>{form}")


def people_page(data: Data) -> str:
    return _html("people", "".join(f"<p>{escape(data.label(r.iri))}</p>" for r in data.of_kind("person")))


def search_index(data: Data) -> str:
    return json.dumps([{"label": data.label(r.iri), "url": f"{r.doc}.html"} for r in data.resources], ensure_ascii=False)


def ontology_page() -> str:
    return _html("ontology", "<h1>The qkp ontology</h1>")


def void_description(data: Data, *, sparql_endpoint: str | None) -> str:
    endpoint = f" ;\n    void:sparqlEndpoint <{sparql_endpoint}>" if sparql_endpoint else ""
    return f"@prefix void: <http://rdfs.org/ns/void#> .\n\n<{data.base}id/dataset/qkp> a void:Dataset ;\n    void:triples {len(data.store)}{endpoint} .\n"


def install() -> list[str]:
    """Make the stand-ins importable as the real modules where those are missing; the names replaced."""
    replaced = []
    for name, functions in (("qkp_rdf.web.pages", (page, index_page, people_page, search_index, ontology_page)), ("qkp_rdf.web.void", (void_description,))):
        if importlib.util.find_spec(name) is None:
            module = types.ModuleType(name)
            for function in functions:
                setattr(module, function.__name__, function)
            if name.endswith("pages"):
                module.ASSETS = ASSETS  # type: ignore[attr-defined]
            sys.modules[name] = module
            replaced.append(name)
    return replaced


if __name__ == "__main__":
    install()
    from qkp_rdf.cli import main

    sys.exit(main(sys.argv[1:]))
