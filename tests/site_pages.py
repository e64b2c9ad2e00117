"""A stand-in for :mod:`qkp_rdf.web.pages` in the site's tests: pages that say which resource
they are about (its label, escaped) and its findings, so that the tests of the site's files,
atomicity and servers do not depend on the templates."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from qkp_rdf.web.resources import Data, Resource

from .conftest import ROOT

PUBLISHED = ROOT / "output" / "qkp.nt"


class StandInPages:
    ASSETS = {"assets/site.css": b"body { margin: 0 }\n", "assets/search.js": b"// search\n"}

    def __init__(self, fail_at: int | None = None, error: BaseException | None = None) -> None:
        self.calls = 0
        self.fail_at, self.error = fail_at, error

    def page(self, data: Data, resource: Resource, *, findings: Sequence[str] = (), sparql: str | None = None) -> str:
        self.calls += 1
        if self.fail_at is not None and self.calls == self.fail_at:
            raise self.error or RuntimeError("a page cannot be made")
        notes = "".join(f"<p class=finding>{escape(f)}</p>" for f in findings)
        return f"<!doctype html><title>{escape(data.label(resource.iri))}</title><h1>{escape(data.label(resource.iri))}</h1>{notes}\n"

    def index_page(self, data: Data, *, sparql: str | None = None) -> str:
        return f"<!doctype html><title>index</title><p>{len(data.resources)} resources\n"

    def people_page(self, data: Data) -> str:
        return "<!doctype html><title>people</title>" + "".join(f"<a href='{r.doc}.html'>{escape(data.label(r.iri))}</a>" for r in data.of_kind("person")) + "\n"

    def search_index(self, data: Data) -> str:
        return "[" + ",".join(f'"{r.slug}"' for r in data.resources) + "]\n"

    def ontology_page(self) -> str:
        return "<!doctype html><title>ontology</title>\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by its path there, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
