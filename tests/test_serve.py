"""`qkp-rdf serve` over HTTP, against a real server on 127.0.0.1 serving the bundled article's
build: every route and media type, content negotiation and its edge cases, 303s, 404/405/406,
CORS, paths outside the served set, escaping, the access log and a clean stop on signals.

Conneg decisions checked here (and documented in :mod:`qkp_rdf.web.conneg`): no Accept, ``*/*``
and browsers' headers get HTML; equal qualities go to the more specific match, then to the type
the client named first; a malformed Accept is a 400 (not a guess), one over 8 kB a 431.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from .conftest import ROOT
from .serve_server import QkpServer, alive, build_bundled, children

PERSON = "doc/person/dinmukhamed-kunaev"
BASE = "https://w3id.org/qkp/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
PARSERS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML}
MEDIA = {".html": "text/html; charset=utf-8", ".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json", ".nt": "application/n-triples", ".rdf": "application/rdf+xml"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundled(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def server(data: Path) -> Iterator[QkpServer]:
    with QkpServer([data]) as running:
        yield running


def _triples(body: bytes, extension: str) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(body, format=PARSERS[extension])}


# --- the site's pages -------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "media_type", "needle"), [
    ("/", "text/html; charset=utf-8", b'href="doc/post/communist-party-of-kazakhstan-soviet-union-first-secretary.html"'),
    ("/index.html", "text/html; charset=utf-8", b'href="people.html"'),
    ("/people.html", "text/html; charset=utf-8", b"Dinmukhamed Kunaev"),
    ("/ontology.html", "text/html; charset=utf-8", b"ontology"),
    ("/assets/site.css", "text/css; charset=utf-8", b"{"),
    ("/index.html", "text/html; charset=utf-8", b'<form method="get" action="sparql">'),
    ("/qkp.ttl", "text/turtle; charset=utf-8", b"person:dinmukhamed-kunaev a foaf:Person"),
    ("/qkp.nt", "application/n-triples", b"<https://w3id.org/qkp/id/person/dinmukhamed-kunaev>"),
    ("/qkp.jsonld", "application/ld+json", b'"@context"'),
    ("/ontology.ttl", "text/turtle; charset=utf-8", b"owl:Ontology"),
    ("/shapes.ttl", "text/turtle; charset=utf-8", b"sh:NodeShape"),
])
def test_the_sites_pages(server: QkpServer, path: str, media_type: str, needle: bytes) -> None:
    status, headers, body = server.get(path)
    assert (status, headers["content-type"]) == (200, media_type) and needle in body, body[:300]


def test_the_search_index_sitemap_and_void(server: QkpServer) -> None:
    status, headers, body = server.get("/search.json")
    assert status == 200 and headers["content-type"] == "application/json" and json.loads(body)
    status, headers, body = server.get("/sitemap.xml")
    urls = [e.text for e in ET.fromstring(body).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert status == 200 and f"{server.url}/{PERSON}.html" in urls and f"{server.url}/" in urls  # the index as it is served
    assert len(urls) == len(set(urls)) == 3 + 69  # the index, people, the ontology, and a page per resource
    status, headers, body = server.get("/.well-known/void")
    endpoint = ox.Triple(ox.NamedNode(f"{BASE}id/dataset/qkp"), ox.NamedNode("http://rdfs.org/ns/void#sparqlEndpoint"), ox.NamedNode(f"{server.url}/sparql"))
    assert status == 200 and headers["content-type"] == "text/turtle; charset=utf-8" and endpoint in _triples(body, ".ttl")


# --- Cool URIs: /id/ is the thing, /doc/ its description --------------------------------------


@pytest.mark.parametrize(("accept", "extension"), [
    (None, ".html"),
    (BROWSER, ".html"),
    ("*/*", ".html"),
    ("text/turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/n-triples", ".nt"),
    ("application/rdf+xml", ".rdf"),
    ("text/html;q=0.9, text/turtle", ".ttl"),
    ("text/html;q=0.9,text/turtle;q=0.95", ".ttl"),
    ("application/*", ".jsonld"),
    ("application/ld+json, text/turtle", ".jsonld"),  # equal quality: the client's first
    ("text/turtle;q=0, */*;q=0.1", ".html"),
    ("text/*;q=0.5, text/html;q=0", ".ttl"),
    ("*; q=.2", ".html"),  # Java's default header
    ("text/turtle;charset=utf-8", ".ttl"),
    ("application/json", ".jsonld"),
    ("image/png, text/turtle;q=0.1", ".ttl"),
])
def test_an_iri_answers_303_to_the_description_accept_prefers(server: QkpServer, accept: str | None, extension: str) -> None:
    status, headers, body = server.get("/id/person/dinmukhamed-kunaev", accept)
    assert status == 303 and headers["location"] == f"/{PERSON}{extension}" and headers["vary"] == "Accept", (status, headers, body)
    status, headers, body = server.get(headers["location"], accept)
    assert status == 200 and headers["content-type"] == MEDIA[extension] and "vary" not in headers


@pytest.mark.parametrize("extension", sorted(PARSERS))
def test_every_format_holds_the_same_description(server: QkpServer, extension: str) -> None:
    expected = _triples(server.get(f"/{PERSON}.nt")[2], ".nt")
    status, headers, body = server.get(f"/{PERSON}{extension}")
    assert status == 200 and headers["content-type"] == MEDIA[extension] and headers["access-control-allow-origin"] == "*"
    assert _triples(body, extension) == expected and any(t.subject == ox.NamedNode(f"{BASE}id/person/dinmukhamed-kunaev") for t in expected)
    assert f'</{PERSON}.html>; rel="alternate"; type="text/html"' in headers["link"]


def test_the_html_page_names_the_resource(server: QkpServer) -> None:
    status, headers, body = server.get(f"/{PERSON}.html")
    assert status == 200 and headers["content-type"] == MEDIA[".html"] and b"Dinmukhamed Kunaev" in body


def test_a_description_without_extension_is_negotiated(server: QkpServer) -> None:
    status, headers, body = server.get(f"/{PERSON}", "text/turtle")
    assert status == 200 and headers["content-location"] == f"/{PERSON}.ttl" and headers["vary"] == "Accept"
    assert body == server.get(f"/{PERSON}.ttl")[2]
    status, headers, _ = server.get(f"/{PERSON}", BROWSER)
    assert status == 200 and headers["content-location"] == f"/{PERSON}.html" and headers["content-type"] == MEDIA[".html"]


@pytest.mark.parametrize("path", ["/id/person/dinmukhamed-kunaev", f"/{PERSON}"])
def test_a_type_not_offered_is_406_naming_what_is(server: QkpServer, path: str) -> None:
    status, headers, body = server.get(path, "image/png, text/turtle;q=0")
    assert status == 406 and headers["content-type"] == "text/plain; charset=utf-8"
    assert body.decode() == "not acceptable: offered as text/html, text/turtle, application/ld+json, application/n-triples, application/rdf+xml\n"


@pytest.mark.parametrize("accept", ["texthtml", "text/html;q=2", "text/html;q=abc", "*/html", "text/html garbage", "text/html;q=0.5;"])
def test_a_malformed_accept_is_400(server: QkpServer, accept: str) -> None:
    status, _, body = server.get("/id/person/dinmukhamed-kunaev", accept)
    if accept.endswith(";"):  # an empty parameter is allowed by the list syntax: taken as meant
        assert status == 303, body
    else:
        assert status == 400 and body.startswith(b"malformed Accept header") and body.count(b"\n") == 1, body


def test_an_oversized_accept_is_431(server: QkpServer) -> None:
    status, _, body = server.get(f"/{PERSON}", "text/turtle;q=0.5, " * 500)
    assert status == 431 and b"too long" in body


@pytest.mark.parametrize("path", [
    "/id/person/nobody", "/doc/person/nobody.ttl", "/doc/person/nobody", f"/{PERSON}.xyz", "/doc/nokind/dinmukhamed-kunaev.ttl",
    "/id/person", "/id/person/dinmukhamed-kunaev/more", "/nothing.html", "/assets/none.css", "/etc/passwd", "//etc/passwd", f"/{PERSON}.ttl/",
])
def test_what_the_data_does_not_describe_is_404(server: QkpServer, path: str) -> None:
    status, headers, body = server.get(path, "text/turtle")
    assert status == 404 and headers["content-type"] == "text/plain; charset=utf-8" and body.count(b"\n") == 1, (path, body)


def test_head_answers_the_headers_alone(server: QkpServer) -> None:
    _, full_headers, full = server.get(f"/{PERSON}.ttl")
    status, headers, body = server.request("HEAD", f"/{PERSON}.ttl")
    assert status == 200 and body == b"" and headers["content-length"] == str(len(full)) == full_headers["content-length"]


@pytest.mark.parametrize(("method", "path", "allow"), [("POST", "/index.html", "GET, HEAD, OPTIONS"), ("DELETE", f"/{PERSON}.ttl", "GET, HEAD, OPTIONS"), ("PUT", "/sparql", "GET, HEAD, POST, OPTIONS")])
def test_other_methods_are_405(server: QkpServer, method: str, path: str, allow: str) -> None:
    status, headers, _ = server.request(method, path, body=b"x")
    assert status == 405 and headers["allow"] == allow


def test_cors_preflight_and_headers(server: QkpServer) -> None:
    asked = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept"}
    status, headers, body = server.request("OPTIONS", f"/{PERSON}", headers=asked)
    assert status == 204 and body == b"" and headers["access-control-allow-origin"] == "*"
    assert headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS" and headers["access-control-allow-headers"] == "accept"
    _, headers, _ = server.get("/id/person/dinmukhamed-kunaev", "text/turtle")
    assert headers["access-control-allow-origin"] == "*" and "Location" in headers["access-control-expose-headers"]


# --- safety -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/doc/../pyproject.toml", "/assets/../../pyproject.toml", "/doc/%2e%2e/%2e%2e/pyproject.toml", "/doc/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/%2E%2E/%2E%2E/etc/passwd", "/doc/person%2Fdinmukhamed-kunaev.ttl", "/assets/..%2f..%2fpyproject.toml", "/assets/%5c..%5cpyproject.toml",
    "/doc/person/dinmukhamed-kunaev%00.ttl", "/%00", "/%ff%fe", "/doc/./person/dinmukhamed-kunaev.ttl", "http://evil.example/../../etc/passwd",
    "/" + "a" * 3000,
])
def test_no_path_outside_the_served_set(server: QkpServer, path: str) -> None:
    status, _, body = server.get(path, "text/turtle")
    assert 400 <= status < 500 and b"[project]" not in body and b"root:" not in body and b"Traceback" not in body, (path, status, body)
    assert status in (400, 414), (path, status)


def test_an_absolute_form_request_is_answered_by_its_path(server: QkpServer) -> None:
    status, _, body = server.get(f"http://127.0.0.1:{server.port}/{PERSON}.nt")
    assert status == 200 and body == server.get(f"/{PERSON}.nt")[2]


def test_a_label_holding_a_script_is_served_escaped(tmp_path: Path) -> None:
    """The label reaches the pages as data, escaped (the JSON-LD script carries it with `<` escaped too)."""
    data = tmp_path / "evil.ttl"
    data.write_text(f'<{BASE}id/person/evil> a <http://xmlns.com/foaf/0.1/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script> & co" .\n')
    with QkpServer([data]) as server:
        for path in ("/doc/person/evil.html", "/people.html"):
            status, _, body = server.get(path)
            assert status == 200 and b"<script>alert" not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body, (path, body)
        _, _, body = server.get("/doc/person/evil.ttl")
        assert b'"<script>alert(1)</script> & co"' in body  # data formats carry the label as it is


# --- the process: log, signals, errors at start -------------------------------------------------


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the query workers")
@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_cleanly_and_leaves_no_worker(data: Path, sent: signal.Signals) -> None:
    server = QkpServer([data], "--workers", "2").start()
    try:
        assert server.get(f"/{PERSON}.ttl")[0] == 200
        assert server.request("POST", "/sparql", body=b"ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"})[0] == 200
        assert server.process is not None
        workers = children(server.process.pid)
        assert len(workers) >= 2
        started = time.monotonic()
        code = server.stop(sent)
        assert code == 0 and time.monotonic() - started < 10
        # (multiprocessing's resource tracker, a child too, ends when it sees the server gone: a moment later)
        deadline = time.monotonic() + 5
        while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)]
        log = server.log()
        assert log.splitlines()[0].startswith("qkp-rdf: serving 69 resources at http://127.0.0.1:")
        assert f'"GET /{PERSON}.ttl HTTP/1.1" 200 ' in log and '"POST /sparql HTTP/1.1" 200 ' in log
        assert log.splitlines()[-1] == f"qkp-rdf: stopped by {sent.name}" and "Traceback" not in log, log
    finally:
        server.stop(signal.SIGKILL)


def test_a_port_in_use_is_one_line_and_exit_2(server: QkpServer, data: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qkp_rdf", "serve", str(data), "--port", str(server.port)], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2 and done.stderr == f"error: cannot listen on 127.0.0.1:{server.port}: Address already in use\n"


def test_the_server_still_answers_after_all_this(server: QkpServer) -> None:
    assert server.get(f"/{PERSON}.ttl", "text/turtle")[0] == 200
    assert "Traceback" not in server.log()


def test_a_resource_page_shows_the_warnings_of_the_report_beside_the_data(server: QkpServer, data: Path) -> None:
    assert (data.parent / "validation-report.ttl").is_file()  # the build wrote it beside qkp.nt
    status, _, body = server.get("/doc/claim/communist-party-of-kazakhstan-origin-sentence-9c9dea60-article-6-exclusion.html")
    assert status == 200 and b"warning: Another source gives a different date for the same event." in body
    assert b"warning: " not in server.get(f"/{PERSON}.html")[2]


def test_the_served_jsonld_expands_with_pyld_to_the_turtle_description(server: QkpServer) -> None:
    from pyld import jsonld

    document = json.loads(server.get(f"/{PERSON}.jsonld")[2])
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    expanded = {q.triple for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}
    assert expanded == _triples(server.get(f"/{PERSON}.ttl")[2], ".ttl") and expanded


def test_a_pages_link_to_the_endpoint_answers(server: QkpServer) -> None:
    import html.parser
    import urllib.parse as parse

    class Links(html.parser.HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            href = dict(attrs).get("href") or ""
            if tag == "a" and "sparql?" in href:
                self.found.append(href)

    links = Links()
    links.feed(server.get(f"/{PERSON}.html")[2].decode("utf-8"))
    assert links.found
    target = parse.urlsplit(parse.urljoin(f"{server.url}/{PERSON}.html", links.found[0]))
    status, headers, _ = server.get(f"{target.path}?{target.query}")
    assert (target.path, status) == ("/sparql", 200) and headers["content-type"].startswith("text/turtle")
