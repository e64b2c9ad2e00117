"""A stand-in for :mod:`qkp_rdf.web.pages` in the site's tests: pages that say which resource
they are about (its label, escaped) and its findings, so that the tests of the site's files,
atomicity and servers do not depend on the templates; and the HTTP client those tests use."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from email.message import Message
from html import escape
from pathlib import Path

import pytest

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(server: subprocess.Popen[str], port: int) -> None:
    """Until the server started accepts connections on the port; fails with its output if it ends."""
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"{server.args[0]} did not start: {server.communicate()[0]}")
            time.sleep(0.05)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a 303 is what is tested, not where it leads


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str, accept: str | None = None) -> tuple[int, Message, bytes]:
    """A GET whose redirects are not followed: status, headers, body."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept is not None else {})
    try:
        with _OPENER.open(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
