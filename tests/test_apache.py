"""The generated ``.htaccess``, in a real Apache httpd (Debian's package ``apache2``) serving the
static site under an Alias (``/qkp/``), as it would be beside other sites: id/ IRIs answer 303 to
the description the Accept header asks for, under the same path, with Vary: Accept; each file has
its media type; what is not there, and the site's private files, are 404."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from qkp_rdf.web.resources import Data
from qkp_rdf.web.site import write_site

from .site_pages import PUBLISHED, StandInPages, free_port, get, wait_for

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
pytestmark = pytest.mark.skipif(not APACHE.is_file(), reason="needs Apache httpd (Debian package `apache2`, /usr/sbin/apache2)")
PERSON = "dinmukhamed-kunaev"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """httpd serving a site built from the published graph at /qkp/; the site's URL."""
    # Not pytest's private temporary folder: run as root, httpd's child serves as `nobody`.
    top = Path(tempfile.mkdtemp(prefix="qkp-apache-"))
    try:
        top.chmod(0o755)
        site = top / "site"
        write_site(Data.from_files([PUBLISHED]), site, pages=StandInPages())
        port = free_port()
        modules = "".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so\n" for name in ("mpm_event", "authz_core", "mime", "dir", "alias", "rewrite", "headers"))
        types = "/etc/mime.types" if Path("/etc/mime.types").is_file() else "/dev/null"
        (top / "httpd.conf").write_text(
            f"ServerRoot {top}\nListen 127.0.0.1:{port}\nServerName localhost\nPidFile {top}/httpd.pid\nErrorLog /dev/stderr\n{modules}"
            f"User nobody\nTypesConfig {types}\nDocumentRoot {top}/empty\nAlias /qkp/ {site}/\n"
            f"<Directory {site}>\n    AllowOverride All\n    Require all granted\n</Directory>\n"
        )
        (top / "empty").mkdir()
        httpd = subprocess.Popen([str(APACHE), "-X", "-f", str(top / "httpd.conf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            wait_for(httpd, port)
            yield f"http://127.0.0.1:{port}/qkp"
        finally:
            httpd.terminate()
            httpd.wait(timeout=20)
    finally:
        shutil.rmtree(top, ignore_errors=True)


@pytest.mark.parametrize(
    ("accept", "extension"),
    [("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"), ("application/n-triples", ".nt"), ("application/rdf+xml", ".rdf"),
     ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ".html"), ("application/xml", ".html"), (None, ".html")],
)
def test_an_iri_answers_303_to_the_description_asked_for(server: str, accept: str | None, extension: str) -> None:
    iri = f"{server}/id/person/{PERSON}"
    status, headers, _ = get(iri, accept)
    assert status == 303 and headers["Vary"] == "Accept"
    assert urllib.parse.urljoin(iri, headers["Location"]) == f"{server}/doc/person/{PERSON}{extension}"


@pytest.mark.parametrize(
    ("path", "media_type"),
    [("/doc/person/dinmukhamed-kunaev.ttl", "text/turtle"), ("/doc/person/dinmukhamed-kunaev.jsonld", "application/ld+json"), ("/qkp.nt", "application/n-triples"),
     ("/doc/person/dinmukhamed-kunaev.rdf", "application/rdf+xml"), ("/.well-known/void", "text/turtle"), ("/", "text/html")],
)
def test_each_file_is_served_with_its_media_type(server: str, path: str, media_type: str) -> None:
    status, headers, _ = get(server + path)
    assert status == 200 and headers["Content-Type"] == f"{media_type}; charset=utf-8"


@pytest.mark.parametrize("path", ["/id/person/nobody", "/doc/person/nobody.html", "/.htaccess", "/nginx.conf", "/doc/"])
def test_what_is_not_there_is_404(server: str, path: str) -> None:
    assert get(server + path, "text/turtle")[0] == 404
