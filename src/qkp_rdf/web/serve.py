"""Run the server (:class:`.server.App`) on uvicorn until Ctrl-C or SIGTERM.

The socket is bound here, before the query workers start, so that a port in use is a one-line
error at once, and so that the "serving" line is said only when connections are already taken.
uvicorn stops on SIGINT and SIGTERM gracefully (requests in flight are answered, a query at most
until its timeout; the workers are stopped, the temporary store removed); unlike uvicorn's own
run, the signal is not raised again afterwards, so the command ends normally and says what
stopped it. Logs go to standard error: one access line per request (``--quiet``: none), and
errors.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import FrameType
from typing import Any

import uvicorn

from ..errors import QkpError, UsageError
from .resources import Data
from .server import App, Settings

#: Connections served at once; more get uvicorn's 503.
MAX_CONNECTIONS = 256


def log_config(*, access_log: bool) -> dict[str, Any]:
    """Logging for uvicorn and the app: one line each, on standard error, prefixed ``qkp-rdf:``
    for messages; access lines as they are (address, request line, status, bytes, time)."""
    stderr = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "qkp-rdf: %(message)s"}, "access": {"format": "%(asctime)s %(message)s"}},
        "handlers": {"plain": {**stderr, "formatter": "plain"}, "access": {**stderr, "formatter": "access"}},
        "loggers": {
            "uvicorn": {"handlers": ["plain"], "level": "WARNING", "propagate": False},
            "uvicorn.error": {"level": "WARNING"},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "qkp_rdf.web": {"handlers": ["plain"], "level": "INFO", "propagate": False},
            "qkp_rdf.web.access": {"handlers": ["access"], "level": "INFO" if access_log else "WARNING", "propagate": False},
        },
    }


def listening(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening; a :class:`UsageError` if it cannot be."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        # The protocol named (IPPROTO_TCP, not 0): asyncio sets TCP_NODELAY only on such sockets,
        # and without it a response's head and body wait on the client's delayed ACK (40 ms each).
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as e:
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn's server, stopped by SIGINT or SIGTERM without raising the signal again afterwards."""

    stopped_by: str | None = None

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.stopped_by = self.stopped_by or signal.Signals(sig).name
        super().handle_exit(sig, frame)


def serve(
    data: Data, *, host: str = "127.0.0.1", port: int = 8080, settings: Settings = Settings(),
    findings: Mapping[str, Sequence[str]] | None = None, on_ready: Callable[[str], None] | None = None, access_log: bool = True,
) -> str | None:
    """Serve ``data`` at ``host:port`` until a signal stops it; returns the signal's name (None
    if the server stopped by itself). ``on_ready`` is given the server's URL once it answers."""
    sock = listening(host, port)
    bound = sock.getsockname()
    url = f"http://{f'[{bound[0]}]' if ':' in bound[0] else bound[0]}:{bound[1]}/"
    app = App(data, settings, findings=findings, on_ready=(lambda: on_ready(url)) if on_ready else None)
    config = uvicorn.Config(
        app, log_config=log_config(access_log=access_log), access_log=False, lifespan="on", server_header=False,
        limit_concurrency=MAX_CONNECTIONS, timeout_graceful_shutdown=int(settings.timeout) + 2,
    )
    server = _Server(config)
    try:
        server.run(sockets=[sock])
    except SystemExit as e:  # uvicorn's way of saying the app could not start
        raise QkpError(app.startup_error or f"the server could not start (uvicorn exit {e.code})") from None
    finally:
        sock.close()
    return server.stopped_by
