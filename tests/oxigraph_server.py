"""A real Oxigraph server (the `oxigraph` PyPI package) on 127.0.0.1, for tests.

    with OxigraphServer(data_dir=tmp_path / "db") as server:
        server.store_url   # SPARQL 1.1 Graph Store endpoint: http://127.0.0.1:PORT/store
        server.query_url   # SPARQL query endpoint
        server.update_url  # SPARQL update endpoint

The server listens on a free port (or the one given, to restart on the same address), is
ready when ``start()`` returns, and is stopped (SIGTERM, then SIGKILL) by ``stop()``.
Without ``data_dir`` the store lives in memory and is gone when the server stops; with one,
the data persists, so a stopped server can be started again on the same directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType


def oxigraph_executable() -> str:
    """The `oxigraph` command installed next to this Python (the venv's bin/), else on PATH."""
    here = Path(sys.executable).parent
    found = shutil.which("oxigraph", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))
    if found is None:
        raise RuntimeError("the `oxigraph` command is not installed: pip install -e '.[test]'")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OxigraphServer:
    """One `oxigraph serve` process on 127.0.0.1."""

    def __init__(self, data_dir: Path | None = None, *, port: int | None = None, extra_args: tuple[str, ...] = ()) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.extra_args = extra_args
        self.process: subprocess.Popen[bytes] | None = None
        self._log: tempfile._TemporaryFileWrapper[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store_url(self) -> str:
        return f"{self.base_url}/store"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 20.0) -> OxigraphServer:
        """Start the server and wait until it answers HTTP; raises with its log if it does not."""
        if self.running:
            return self
        command = [oxigraph_executable(), "serve", "--bind", f"127.0.0.1:{self.port}", *self.extra_args]
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            command += ["--location", str(self.data_dir)]
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}: {self.log()}")
            if self._answers():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph did not answer on {self.base_url} within {timeout} s: {self.log()}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means it is listening
        except OSError:
            return False

    def log(self) -> str:
        """What the server printed so far."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", errors="replace")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server: SIGTERM, and SIGKILL if it has not exited within ``timeout``."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
