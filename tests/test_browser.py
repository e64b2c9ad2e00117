"""The pages in a real browser: Debian's headless Chromium, driven by Playwright, reads the
pages of the bundled article from a real HTTP server on 127.0.0.1 (a person, the post they held
with its timeline, the party), searches offline, and asks for nothing outside the site.

``python -m tests.test_browser tests/screenshots`` takes the README's screenshots (a person page and a post's
timeline) the same way."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from qkp_rdf.web.pages import ASSETS, index_page, ontology_page, page, people_page, search_index
from qkp_rdf.web.resources import Data

CHROMIUM = Path("/usr/bin/chromium")
# Debian's browser, headless, with nothing that reaches out (updates, sync, first-run pages).
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
KUNAEV = "doc/person/dinmukhamed-kunaev.html"
POST = "doc/post/communist-party-of-kazakhstan-soviet-union-first-secretary.html"


def write_site(data: Data, folder: Path) -> None:
    """The pages at the paths the static site gives them (the RDF files beside them are the site
    writer's; the browser only reads HTML, the assets and the search index)."""
    files = {f"{r.doc}.html": page(data, r).encode("utf-8") for r in data.resources}
    files |= {"index.html": index_page(data).encode(), "people.html": people_page(data).encode(), "ontology.html": ontology_page().encode()}
    files |= {"search.json": search_index(data).encode("utf-8"), **ASSETS}
    for path, body in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(body)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 (a free port), as a base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def browser_page() -> Iterator[Any]:
    """A fresh page of Debian's Chromium (skips the test where it or Playwright is missing)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (the test extra) drives the browser")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page(viewport={"width": 1100, "height": 900})
        finally:
            browser.close()


@pytest.fixture
def site(seed_graph: Any, tmp_path: Path) -> Iterator[str]:
    data_file = tmp_path / "qkp.nt"
    seed_graph.serialize(data_file, format="nt", encoding="utf-8")
    write_site(Data.from_files([data_file]), tmp_path / "site")
    with served(tmp_path / "site") as base:
        yield base


def test_person_to_post_timeline_to_party(site: str, tmp_path: Path) -> None:
    with browser_page() as tab:
        requested: list[str] = []
        errors: list[str] = []
        tab.on("request", lambda request: requested.append(request.url))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.goto(site + KUNAEV)
        assert tab.locator("h1").inner_text() == "Dinmukhamed Kunaev"
        tab.locator("table.terms a", has_text="First Secretary").first.click()
        tab.wait_for_url(site + POST)
        bars = tab.locator("svg.timeline rect.term")
        assert bars.count() == 13
        assert all(bars.nth(i).bounding_box()["width"] > 0 for i in range(13))  # type: ignore[index]
        tab.locator("dl.facts a", has_text="Communist Party of Kazakhstan").click()
        tab.wait_for_url(site + "doc/party/communist-party-of-kazakhstan-soviet-union.html")
        assert "First Secretary" in tab.locator("table.posts").inner_text()
        tab.screenshot(path=str(tmp_path / "party.png"), full_page=True)
        assert (tmp_path / "party.png").stat().st_size > 10_000
        assert all(url.startswith(site) for url in requested), [u for u in requested if not u.startswith(site)]
        assert site + "assets/site.css" in requested and not errors


def test_search_box_works_offline(site: str) -> None:
    with browser_page() as tab:
        tab.goto(site + "index.html")
        tab.locator("#search-box").fill("kunaev")
        result = tab.locator("#search-results a")
        result.first.wait_for()
        assert result.count() == 1 and result.first.inner_text() == "Dinmukhamed Kunaev"
        result.first.click()
        tab.wait_for_url(site + KUNAEV)
        tab.goto(site + "index.html")
        tab.locator("#search-box").fill("First Secretary")
        tab.locator("#search-results a").first.wait_for()
        assert [a.inner_text() for a in tab.locator("#search-results a").all()] == ["First Secretary of the Communist Party of Kazakhstan"]


def screenshots(out: Path) -> list[Path]:
    """Screenshots of Kunaev's page and of the First Secretary's timeline, as PNG files in ``out``."""
    import tempfile

    from qkp_rdf.pipeline import build
    from qkp_rdf.config import Config
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        build([], Path(scratch) / "data", Config(), use_cache=False)
        write_site(Data.from_files([Path(scratch) / "data" / "qkp.nt"]), Path(scratch) / "site")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            with served(Path(scratch) / "site") as base:
                tab = browser.new_page(viewport={"width": 1100, "height": 760})
                tab.goto(base + KUNAEV)
                tab.screenshot(path=str(out / "person-page.png"))
                tab.goto(base + POST)
                tab.screenshot(path=str(out / "post-timeline.png"))
        finally:
            browser.close()
    return [out / "person-page.png", out / "post-timeline.png"]


if __name__ == "__main__":
    for written in screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/screenshots")):
        print(f"wrote {written}")
