"""A real ``qkp-rdf serve`` on 127.0.0.1, for tests, and a plain HTTP client that sends paths as
they are written (no normalisation of ``..`` or percent escapes, as curl and requests do).

    with QkpServer([data], "--timeout", "2") as server:
        status, headers, body = server.request("GET", "/doc/person/x.ttl", accept="text/turtle")

The server is the command line itself, ``python -m qkp_rdf serve``, on a free port; it is ready when its "serving" line is written, and is stopped with
SIGTERM by ``stop()``, which returns its exit code.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from .conftest import ROOT
from .oxigraph_server import free_port


def build_bundled(folder: Path) -> Path:
    """The bundled article built into ``folder``; its N-Triples."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "qkp_rdf", "build", "-o", str(folder), "--no-cache", "-q"], check=True, env=env, capture_output=True, timeout=300)
    return folder / "qkp.nt"


def living(*, parent: int | None = None, session: int | None = None) -> list[int]:
    """The processes alive (not zombies) whose parent, or whose session, is the one given (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state, ppid, _, sid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:4]
            except (OSError, ValueError):
                continue
            if state != "Z" and (int(ppid) == parent or int(sid) == session):
                found.append(int(entry.name))
    return found


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    return living(parent=pid)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class QkpServer:
    """One ``qkp-rdf serve`` process on 127.0.0.1."""

    def __init__(self, files: Sequence[Path], *options: str) -> None:
        self.files, self.options = list(files), options
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(prefix="qkp-serve-", suffix=".log", delete=False)  # noqa: SIM115 (kept for stop())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return Path(self._log.name).read_text("utf-8", errors="replace")

    def start(self) -> QkpServer:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        command = [sys.executable, "-m", "qkp_rdf", "serve", *map(str, self.files), "--port", str(self.port), *self.options]
        # The log goes to a file: a pipe nobody reads would stop the server once it is full.
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + 60
        while "Ctrl-C stops" not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"qkp-rdf serve did not start: {self.log()}")
            time.sleep(0.05)
        return self

    def stop(self, sent: signal.Signals = signal.SIGTERM) -> int | None:
        """Stop the server with a signal; its exit code (None: it had to be killed)."""
        if self.process is None:
            return None
        code: int | None
        if self.process.poll() is None:
            self.process.send_signal(sent)
            try:
                code = self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                code = None
        else:
            code = self.process.returncode
        self.process = None
        return code

    def __enter__(self) -> QkpServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
        os.unlink(self._log.name)

    def request(
        self, method: str, path: str, *, accept: str | None = None, body: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 30
    ) -> tuple[int, dict[str, str], bytes]:
        """One request, the path sent exactly as given; the status, headers (lower-case names) and body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            sent = dict(headers or {})
            if accept is not None:
                sent["Accept"] = accept
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def get(self, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, accept=accept)
