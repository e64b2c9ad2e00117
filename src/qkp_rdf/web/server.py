"""The live server: the static site's pages, every resource's description by content negotiation,
and a SPARQL endpoint, from one :class:`~.resources.Data`, as a plain ASGI app run by uvicorn.

Routes (GET and HEAD; OPTIONS everywhere, for CORS preflight; POST only at ``/sparql``):

- ``/`` and ``/index.html``, ``/people.html``, ``/ontology.html``, ``/search.json``, ``/assets/…``,
  ``/sitemap.xml``, ``/.well-known/void``: the site's paths, generated on request;
- ``/id/<kind>/<slug>``: the thing; a 303 to ``/doc/<kind>/<slug>.<ext>``, the description in
  the format ``Accept`` prefers (:mod:`.conneg`; ``Vary: Accept``), 406 if it takes none, 404 for
  a resource the data does not describe;
- ``/doc/<kind>/<slug>``: the description by ``Accept`` (200, with ``Content-Location`` naming the
  file answered), and ``/doc/<kind>/<slug>.html`` ``.ttl`` ``.jsonld`` ``.nt`` ``.rdf``: one format;
- ``/sparql``: the SPARQL 1.1 Protocol endpoint (:mod:`.sparql`).

Every answer is generated from a parsed path, never read from a file named by it: a path with a
dot segment, an encoded slash, backslash or NUL, or bytes that are not UTF-8, is refused (400)
before routing, and any other unknown path is a 404. Every answer carries
``Access-Control-Allow-Origin: *`` (the data is public). Nothing escapes the app as a traceback:
an error it did not foresee is a 500 with one line, logged.

The pages come from :mod:`.pages` and the dataset's files (the dumps, VoID, the sitemap, the
ontology and the shapes) from the functions the static site writes them with, so the server
answers what the site holds; only VoID adds the endpoint, and the sitemap the server's own origin.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from ..errors import RequestError
from ..shacl.shapes import shapes_text
from . import pages, sparql
from .conneg import negotiate, not_acceptable
from .http import PLAIN, Response, refusal
from .resources import BY_EXTENSION, FORMATS, HTML, Data, Format, Resource
from .vocabulary import ontology_text
from .void import DUMPS, dumps, sitemap, void_description
from .workers import Pool

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("qkp_rdf.web")
access = logging.getLogger("qkp_rdf.web.access")

#: The longest path read (a resource's path is under 100 characters).
MAX_PATH = 2048
_UTF8 = "; charset=utf-8"
#: The endpoint's path under the root, as the pages link it (relative: ``../../sparql`` from a resource's page).
SPARQL_PATH = "sparql"
_CORS = [("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "Content-Location, Location, Link, X-Result-Truncated, X-Result-Limit")]
_ASSET_TYPES = {".css": "text/css" + _UTF8, ".js": "text/javascript" + _UTF8, ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".woff2": "font/woff2", ".json": "application/json"}
_HOST = re.compile(r"(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?")
#: Media type -> the format of a description; the canonical types first (their order is the
#: server's preference: HTML, then Turtle), then the aliases clients send.
DOC_TYPES: dict[str, Format] = {
    **{f.media_type: f for f in FORMATS},
    "application/xhtml+xml": HTML,
    "application/x-turtle": BY_EXTENSION[".ttl"],
    "application/json": BY_EXTENSION[".jsonld"],
}


@dataclass(frozen=True)
class Settings:
    """How the server bounds its work: a query's seconds, an answer's rows (or triples), and how
    many queries run at once (worker processes)."""

    timeout: float = 10.0
    limit: int = 10_000
    workers: int = 2


def parse_path(raw: bytes) -> tuple[str, ...]:
    """A request target's path as decoded segments (``/`` is ``()``); a :class:`RequestError`
    (400) for one that could reach outside the served set if it named files: dot segments,
    encoded slashes or backslashes, NUL and control characters, bytes that are not UTF-8."""
    if len(raw) > MAX_PATH:
        raise RequestError(414, f"the path is too long (at most {MAX_PATH} bytes)")
    if re.match(rb"(?i)https?://", raw):  # the absolute form a proxy sends: its path is what counts
        raw = b"/" + raw.split(b"/", 3)[3] if raw.count(b"/") >= 3 else b"/"
    if not raw.startswith(b"/"):
        raise RequestError(400, "the path must begin with /")
    segments = []
    for part in raw[1:].split(b"/"):
        try:
            segment = urllib.parse.unquote_to_bytes(part).decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(400, "the path is not UTF-8") from None
        if segment in (".", "..") or any(c in segment for c in "/\\") or any(ord(c) < 32 or ord(c) == 127 for c in segment):
            raise RequestError(400, "no such path: dot segments, encoded slashes and control characters are refused")
        segments.append(segment)
    return () if segments == [""] else tuple(segments)


def origin(scope: Scope, headers: Mapping[str, str]) -> str:
    """The scheme and authority the client reached the server at (its ``Host``, if well formed,
    else the address the server listens on), for the absolute URLs a sitemap and VoID need."""
    host = headers.get("host", "")
    if not _HOST.fullmatch(host):
        address, port = (scope.get("server") or ("127.0.0.1", 80))[:2]
        host = f"[{address}]:{port}" if ":" in str(address) else f"{address}:{port}"
    return f"{scope.get('scheme', 'http')}://{host}"


class App:
    """The ASGI application (``lifespan`` and ``http`` scopes). ``on_ready`` is called once the
    query workers have started, before the first request is answered."""

    def __init__(
        self, data: Data, settings: Settings = Settings(), *, findings: Mapping[str, Sequence[str]] | None = None,
        on_ready: Callable[[], None] | None = None,
    ) -> None:
        self.data, self.settings, self.on_ready = data, settings, on_ready
        self.findings = findings or {}  # by resource IRI: shown on its page, as the site shows them
        self.pool = Pool(data.store, size=settings.workers, timeout=settings.timeout)
        self.startup_error: str | None = None
        self._render = lru_cache(maxsize=2048)(self._render_uncached)

    @cached_property
    def dumps(self) -> dict[str, bytes]:
        """The whole data in each dump's format, as the site writes them (made on first use)."""
        return dumps(self.data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.pool.start()
                except Exception as e:  # noqa: BLE001  (said in one line; the CLI ends with it)
                    self.startup_error = f"cannot start the query workers: {type(e).__name__}: {e}"
                    await self.pool.close()
                    await send({"type": "lifespan.startup.failed", "message": self.startup_error})
                    return
                if self.on_ready is not None:
                    self.on_ready()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.monotonic()
        try:
            response = await self._respond(scope, receive)
        except RequestError as e:
            response = refusal(e)
        except Exception as e:  # noqa: BLE001  (never a traceback to the client; one line in the log)
            log.error("%s %s: %s: %s", scope.get("method"), _shown(scope), type(e).__name__, " ".join(str(e).split())[:300], exc_info=log.isEnabledFor(logging.DEBUG))
            response = Response(500, f"internal error ({type(e).__name__}); it has been logged\n".encode("utf-8"))
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in [*_CORS, *response.headers]]
        if response.content_type is not None:
            headers += [(b"content-type", response.content_type.encode("latin-1")), (b"x-content-type-options", b"nosniff")]
        if response.status != 204:
            headers.append((b"content-length", str(len(response.body)).encode("latin-1")))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" or response.status == 204 else response.body})
        client = scope.get("client") or ("-", 0)
        access.info('%s - "%s %s HTTP/%s" %d %d %.1fms', client[0], scope["method"], _shown(scope), scope.get("http_version", "1.1"), response.status, len(response.body), 1000 * (time.monotonic() - started))

    async def _respond(self, scope: Scope, receive: Receive) -> Response:
        method = scope["method"]
        path = parse_path(scope.get("raw_path") or scope["path"].encode("utf-8"))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        accept = headers.get("accept")
        if method == "OPTIONS":
            return self._preflight(path, headers)
        allowed = ("GET", "HEAD", "POST") if path == ("sparql",) else ("GET", "HEAD")
        if method not in allowed:
            raise RequestError(405, f"{method} is not allowed here: {', '.join(allowed)}", headers=(("Allow", ", ".join((*allowed, "OPTIONS"))),))
        if path == ("sparql",):
            return await self._sparql(scope, receive, headers)
        if len(path) == 3 and path[0] in ("id", "doc"):
            return await (self._thing(path[1], path[2], accept) if path[0] == "id" else self._document(path[1], path[2], accept))
        return await self._site(path, scope, headers)

    def _preflight(self, path: tuple[str, ...], headers: Mapping[str, str]) -> Response:
        methods = "GET, HEAD, POST, OPTIONS" if path == ("sparql",) else "GET, HEAD, OPTIONS"
        asked = headers.get("access-control-request-headers", "")
        allowed = asked if re.fullmatch(r"[A-Za-z0-9, -]{0,512}", asked) and asked else "Accept, Content-Type"
        return Response(204, content_type=None, headers=[("Allow", methods), ("Access-Control-Allow-Methods", methods), ("Access-Control-Allow-Headers", allowed), ("Access-Control-Max-Age", "86400")])

    def _resource(self, kind: str, slug: str) -> Resource:
        resource = self.data.find(f"doc/{kind}/{slug}")
        if resource is None:
            raise RequestError(404, f"no such resource: {self.data.base}id/{kind}/{slug[:100]} is not described by this data")
        return resource

    @staticmethod
    def _negotiated(accept: str | None) -> Format:
        chosen = negotiate(accept, list(DOC_TYPES))
        if chosen is None:
            raise not_acceptable([f.media_type for f in FORMATS])
        return DOC_TYPES[chosen]

    async def _thing(self, kind: str, slug: str, accept: str | None) -> Response:
        resource = self._resource(kind, slug)
        fmt = self._negotiated(accept)
        where = f"/{resource.doc}{fmt.extension}"
        return Response(303, f"See {where}\n".encode("utf-8"), PLAIN, [("Location", where), ("Vary", "Accept")])

    async def _document(self, kind: str, name: str, accept: str | None) -> Response:
        stem, dot, extension = name.rpartition(".")
        if dot and f".{extension}" in BY_EXTENSION:
            resource, fmt, negotiated = self._resource(kind, stem), BY_EXTENSION[f".{extension}"], False
        else:
            resource, negotiated = self._resource(kind, name), True
            fmt = self._negotiated(accept)
        body = await asyncio.to_thread(self._render, resource.doc, fmt.extension)
        links = ", ".join(f'</{resource.doc}{f.extension}>; rel="alternate"; type="{f.media_type}"' for f in FORMATS if f is not fmt)
        headers = [("Link", links)]
        if negotiated:
            headers += [("Content-Location", f"/{resource.doc}{fmt.extension}"), ("Vary", "Accept")]
        return Response(200, body, _media(fmt), headers)

    def _render_uncached(self, doc: str, extension: str) -> bytes:
        resource = self.data.find(doc)
        assert resource is not None  # only found resources are rendered
        if extension == HTML.extension:
            return pages.page(self.data, resource, findings=self.findings.get(resource.iri, ()), sparql=SPARQL_PATH).encode("utf-8")
        return self.data.serialize(self.data.description(resource), BY_EXTENSION[extension])

    async def _site(self, path: tuple[str, ...], scope: Scope, headers: Mapping[str, str]) -> Response:
        html = "text/html" + _UTF8
        if path in ((), ("index.html",)):
            return Response(200, await self._text(lambda: pages.index_page(self.data, sparql=SPARQL_PATH)), html)
        if path == ("people.html",):
            return Response(200, await self._text(lambda: pages.people_page(self.data)), html)
        if path == ("ontology.html",):
            return Response(200, await self._text(pages.ontology_page), html)
        if path == ("search.json",):
            return Response(200, await self._text(lambda: pages.search_index(self.data)), "application/json")
        if path == ("sitemap.xml",):
            listed = ["index.html", "people.html", "ontology.html", *(f"{r.doc}.html" for r in self.data.resources)]
            return Response(200, await self._text(lambda: sitemap(origin(scope, headers) + "/", listed)), "application/xml")
        if path == (".well-known", "void"):
            endpoint = origin(scope, headers) + "/sparql"
            files = await asyncio.to_thread(lambda: self.dumps)
            return Response(200, await self._text(lambda: void_description(self.data, files, sparql=endpoint)), "text/turtle" + _UTF8)
        if path == ("ontology.ttl",):
            return Response(200, ontology_text().encode("utf-8"), "text/turtle" + _UTF8)
        if path == ("shapes.ttl",):
            return Response(200, shapes_text().encode("utf-8"), "text/turtle" + _UTF8)
        if len(path) == 1 and path[0] in {d.file for d in DUMPS}:
            dump = next(d for d in DUMPS if d.file == path[0])
            body = (await asyncio.to_thread(lambda: self.dumps))[dump.file]
            return Response(200, body, dump.syntax.media_type + (_UTF8 if dump.syntax.media_type.startswith("text/") else ""))
        if len(path) == 2 and path[0] == "assets":
            asset = pages.ASSETS.get(f"assets/{path[1]}")
            if asset is not None:
                return Response(200, asset, _ASSET_TYPES.get(path[1][path[1].rfind("."):], "application/octet-stream"), [("Cache-Control", "max-age=3600")])
        raise RequestError(404, "no such page")

    @staticmethod
    async def _text(make: Callable[[], str]) -> bytes:
        text = await asyncio.to_thread(make)
        return text.encode("utf-8")

    async def _sparql(self, scope: Scope, receive: Receive, headers: Mapping[str, str]) -> Response:
        body = await _body(receive, headers) if scope["method"] == "POST" else b""
        request = sparql.read_request(scope["method"], scope.get("query_string", b""), headers.get("content-type"), body)
        if request.query is None:
            endpoint = origin(scope, headers) + "/sparql"
            return sparql.description_response(endpoint, headers.get("accept"), triples=len(self.data.store), timeout=self.settings.timeout, limit=self.settings.limit)
        return await sparql.answer(request, headers.get("accept"), self.pool, limit=self.settings.limit)


async def _body(receive: Receive, headers: Mapping[str, str]) -> bytes:
    """A POST's body, read up to :data:`.sparql.MAX_QUERY` bytes (a form's escapes allowed for)."""
    limit = 3 * sparql.MAX_QUERY + 1024
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestError(413, f"the request body is too long ({declared} bytes; a query may have at most {sparql.MAX_QUERY})")
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RequestError(400, "the client went away before sending the whole body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"the request body is too long (a query may have at most {sparql.MAX_QUERY} bytes)")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _media(fmt: Format) -> str:
    return fmt.media_type + (_UTF8 if fmt.media_type.startswith("text/") else "")


def _shown(scope: Scope) -> str:
    """The request's target for the log, with anything unprintable escaped (no forged log lines)."""
    target = (scope.get("raw_path") or b"").decode("latin-1")[:300]
    if scope.get("query_string"):
        target += "?" + scope["query_string"].decode("latin-1")[:200]
    return target.encode("unicode_escape").decode("ascii").replace('"', "%22")
