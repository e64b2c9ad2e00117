"""The generated nginx configuration, in a real nginx (Debian's package) serving a static site on
127.0.0.1: id/ IRIs answer 303 to the description the Accept header asks for, with Vary: Accept;
each file has its media type; what is not there is 404; no path leads out of the site."""

from __future__ import annotations

import http.client
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from qkp_rdf.web.configs import nginx_conf
from qkp_rdf.web.resources import Data
from qkp_rdf.web.site import write_site

from .site_pages import PUBLISHED, StandInPages, free_port, get, wait_for

NGINX = Path("/usr/sbin/nginx")
pytestmark = pytest.mark.skipif(not NGINX.is_file(), reason="needs nginx (Debian package `nginx`, /usr/sbin/nginx); .ci/run installs it")

SECRET = "a file beside the site that no request may read"
PERSON = "dinmukhamed-kunaev"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """nginx serving a site built from the published graph; its URL and the site's folder."""
    top = tmp_path_factory.mktemp("nginx")
    site, prefix = top / "site", top / "prefix"
    write_site(Data.from_files([PUBLISHED]), site, pages=StandInPages())
    (top / "secret.txt").write_text(SECRET)
    prefix.mkdir()
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(str(site), listen=f"127.0.0.1:{port}"))
    # In the foreground, one process: stopped with the test, and (run as root, as in CI) never
    # switched to a user that could not read the test's private temporary folder.
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(conf), "-e", "stderr", "-g", "daemon off; master_process off;"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        wait_for(nginx, port)
        yield f"http://127.0.0.1:{port}", site
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)


def test_the_site_holds_the_configuration_tested_here(server: tuple[str, Path]) -> None:
    _, site = server
    assert (site / "nginx.conf").read_text("utf-8") == nginx_conf(str(site))


@pytest.mark.parametrize(
    ("accept", "extension", "media_type"),
    [
        ("text/turtle", ".ttl", "text/turtle"),
        ("application/ld+json", ".jsonld", "application/ld+json"),
        ("application/n-triples", ".nt", "application/n-triples"),
        ("application/rdf+xml", ".rdf", "application/rdf+xml"),
        ("text/turtle;q=1.0, */*;q=0.1", ".ttl", "text/turtle"),
        (FIREFOX, ".html", "text/html"),
        (CHROME, ".html", "text/html"),
        ("application/xml", ".html", "text/html"),  # XML is not RDF/XML
        ("*/*", ".html", "text/html"),
        (None, ".html", "text/html"),
    ],
)
def test_an_iri_answers_303_to_the_description_asked_for(server: tuple[str, Path], accept: str | None, extension: str, media_type: str) -> None:
    url, site = server
    iri = f"{url}/id/person/{PERSON}"
    status, headers, _ = get(iri, accept)
    assert status == 303 and headers["Vary"] == "Accept"
    target = urllib.parse.urljoin(iri, headers["Location"])
    assert target == f"{url}/doc/person/{PERSON}{extension}"
    status, headers, body = get(target)
    assert status == 200 and headers["Content-Type"] == f"{media_type}; charset=utf-8"
    assert body == (site / f"doc/person/{PERSON}{extension}").read_bytes()


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/.well-known/void", "text/turtle"), ("/qkp.ttl", "text/turtle"), ("/qkp.jsonld", "application/ld+json"), ("/qkp.nt", "application/n-triples"),
        ("/ontology.ttl", "text/turtle"), ("/sitemap.xml", "application/xml"), ("/search.json", "application/json"), ("/assets/site.css", "text/css"),
        ("/", "text/html"), ("/people.html", "text/html"),
    ],
)
def test_each_file_is_served_with_its_media_type(server: tuple[str, Path], path: str, media_type: str) -> None:
    url, site = server
    status, headers, body = get(url + path)
    assert status == 200 and headers["Content-Type"] == f"{media_type}; charset=utf-8"
    assert body == (site / (path.lstrip("/") or "index.html")).read_bytes()


@pytest.mark.parametrize(
    "path", ["/id/person/nobody", "/id/person", "/id/nothing/here", "/doc/person/nobody.html", "/doc/", "/doc", "/.htaccess", "/nginx.conf", "/id/person/dinmukhamed-kunaev.ttl"],
)
def test_what_is_not_there_is_404(server: tuple[str, Path], path: str) -> None:
    url, _ = server
    status, _, _ = get(url + path, "text/turtle")
    assert status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt", "/doc/../../secret.txt", "/%2e%2e/secret.txt", "/doc/%2e%2e/%2e%2e/secret.txt", "/doc%2F..%2F..%2Fsecret.txt",
        "/id/person/..%2F..%2F..%2Fsecret", "/id/..%2F..%2Fsecret/txt", "//secret.txt", "/doc/person/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
    ],
)
def test_no_path_leads_out_of_the_site(server: tuple[str, Path], path: str) -> None:
    url, _ = server
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)  # sent as written: urllib might tidy it
    answer = connection.getresponse()
    body = answer.read().decode("utf-8", "replace")
    connection.close()
    assert answer.status in (400, 404) and SECRET not in body, (answer.status, answer.getheader("Location"))
