"""A real HTTP server in front of another (Oxigraph), as a reverse proxy would be, for tests of what
a plain Oxigraph server never does: ask for basic auth, or answer 5xx and 429 while busy."""

from __future__ import annotations

import base64
import http.server
import threading
import time
import urllib.request


class FrontServer:
    """A real HTTP server in front of Oxigraph, as a reverse proxy would be: it may require basic
    auth, and answers the first requests with the given statuses (None: forward that one) before it
    forwards the others."""

    def __init__(self, upstream: str, faults: list[tuple[int | None, dict[str, str]]] | None = None, auth: tuple[str, str] | None = None) -> None:
        self.faults = list(faults or [])
        self.log: list[tuple[str, int, float]] = []
        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                self.handle_any()

            def do_POST(self) -> None:
                self.handle_any()

            def handle_any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, headers, payload = front.answer(self.command, self.path, dict(self.headers), body)
                front.log.append((self.command, status, time.monotonic()))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.upstream = upstream
        self.auth = auth
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if self.auth:
            expected = "Basic " + base64.b64encode(":".join(self.auth).encode()).decode()
            if headers.get("Authorization") != expected:
                return 401, {"WWW-Authenticate": 'Basic realm="store"'}, b"Unauthorized"
        if self.faults:
            status, extra = self.faults.pop(0)
            if status is not None:  # None: this request goes through
                return status, extra, b"try again later"
        request = urllib.request.Request(self.upstream + path, data=body, method=method, headers={"Content-Type": headers["Content-Type"]})
        with urllib.request.urlopen(request) as response:
            return response.status, {}, response.read()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
