"""SPARQL queries run in worker processes, so that a slow one neither blocks the server nor
outlives its timeout.

Oxigraph cannot interrupt a query from another thread, and a query holds no lock the server could
wait on: a query that overruns is ended by killing its process. So the graph is written once into
an on-disk store (a temporary folder) that each worker opens read-only; a worker answers one
query at a time, and one that overruns is killed and replaced (opening the store takes a few
milliseconds; starting Python, about half a second), while the other workers go on answering.
Workers are started with ``spawn``, never forked from the server: its threads (the event loop's,
the executor's) may hold locks a forked child would wait on forever.

A worker checks, runs and writes the answer itself (:func:`answer`), so the server's process
only moves bytes: a syntax check that is slow on a long malformed query is under the timeout too.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import signal
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError, RequestError

#: How long a new worker may take to start and open the store.
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Job:
    """A query to answer: its text and form, the protocol's dataset (IRIs; None: the store's
    default graph and all named graphs), the output format's name, and the most rows (or triples)
    to answer with."""

    text: str
    form: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    fmt: str
    limit: int


@dataclass(frozen=True)
class Result:
    """The answer's bytes, how many rows or triples it holds, and whether the limit cut it short."""

    body: bytes
    count: int
    truncated: bool


def answer(store: ox.Store, job: Job) -> Result:
    """Check and run a query and write its answer in ``job.fmt`` (a name from
    :mod:`qkp_rdf.answers`, or ``xml``/``rdfxml``), at most ``job.limit`` rows or triples: a
    :class:`RequestError` (400) for a query that cannot be parsed or run."""
    from ..answers import Answer, Term, format_result
    from ..sparql_syntax import check_syntax, syntax_error, uses_service

    if uses_service(job.text):  # here, under the timeout: the next line would send it
        raise RequestError(400, "SERVICE is not allowed: this endpoint answers from its own data only")
    try:
        form = check_syntax(job.text, "query")
        result = store.query(
            job.text,
            default_graph=None if job.default_graphs is None else [ox.NamedNode(g) for g in job.default_graphs],
            named_graphs=None if job.named_graphs is None else [ox.NamedNode(g) for g in job.named_graphs],
        )
        truncated = False
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows: list[tuple[Term | None, ...]] = []
            for solution in result:
                if len(rows) == job.limit:
                    truncated = True
                    break
                rows.append(tuple(solution[i] for i in range(len(variables))))
            found = Answer("SELECT", variables, tuple(rows))
            count = len(rows)
        elif isinstance(result, ox.QueryBoolean):
            found, count = Answer("ASK", boolean=bool(result)), 1
        else:
            triples: list[ox.Triple] = []
            for triple in result:
                if len(triples) == job.limit:
                    truncated = True
                    break
                triples.append(triple)
            found, count = Answer(form, triples=tuple(triples)), len(triples)
    except SyntaxError as e:
        raise RequestError(400, str(syntax_error(job.text, "query"))) from e
    except QueryError as e:
        raise RequestError(400, str(e)) from e
    except (OSError, ValueError, TypeError) as e:  # evaluation errors, an IRI that is not one
        raise RequestError(400, f"query failed: {' '.join(str(e).split())[:300]}") from e
    if job.fmt == "xml":
        # Oxigraph writes SPARQL XML; it reads our JSON, whose terms are the answer's own.
        parsed = ox.parse_query_results(format_result(found, "json").encode("utf-8"), format=ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=ox.QueryResultsFormat.XML)
    elif job.fmt == "rdfxml":
        body = ox.serialize(found.triples, format=ox.RdfFormat.RDF_XML)
    else:
        body = format_result(found, job.fmt).encode("utf-8")
    assert body is not None  # no output file given: the bytes come back
    return Result(body, count, truncated)


def _work(path: str, connection: Connection) -> None:
    """A worker: open the store, say so, then answer jobs until told to stop (None) or the server
    goes (the pipe closes)."""
    # Ctrl-C reaches the whole process group: the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    store = ox.Store.read_only(path)
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply: Result | tuple[int, str] = answer(store, job)
        except RequestError as e:
            reply = (e.status, str(e))
        except Exception as e:  # noqa: BLE001  (any other failure is this query's, not the worker's)
            reply = (500, f"query failed: {type(e).__name__}: {' '.join(str(e).split())[:200]}")
        connection.send(reply)


class _Worker:
    def __init__(self, path: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process: BaseProcess = context.Process(target=_work, args=(path, theirs), name="qkp-rdf sparql worker", daemon=True)
        self.process.start()
        theirs.close()
        if not self.connection.poll(START_TIMEOUT) or self.connection.recv() != "ready":
            self.kill()
            raise RequestError(503, "a query worker did not start")

    def run(self, job: Job, timeout: float) -> Result | tuple[int, str] | None:
        """The worker's reply, or None if it overran the timeout or died (it is then killed)."""
        try:
            self.connection.send(job)
            if self.connection.poll(timeout):
                reply: Result | tuple[int, str] = self.connection.recv()
                return reply
        except (EOFError, OSError):
            pass
        self.kill()
        return None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        else:
            self.connection.close()


class Pool:
    """Worker processes answering queries over a copy of ``store``, ``size`` at a time: a query
    that overruns ``timeout`` seconds (waiting for a free worker included) gets a 503 and its
    worker is replaced. Start it in the server's event loop (:meth:`start`), stop it there (:meth:`close`)."""

    def __init__(self, store: ox.Store, *, size: int, timeout: float) -> None:
        self.size, self.timeout = size, timeout
        self._folder = tempfile.mkdtemp(prefix="qkp-rdf-serve-")
        self._path = str(Path(self._folder) / "store")
        disk = ox.Store(self._path)
        disk.bulk_extend(store)
        disk.flush()
        del disk  # the last reference: the store is closed, and may be opened read-only
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: list[_Worker] = []
        self._closed = False
        self._starting: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start every worker (in parallel) and wait until each has opened the store."""
        workers = await asyncio.gather(*(asyncio.to_thread(_Worker, self._path) for _ in range(self.size)))
        for worker in workers:
            self._all.append(worker)
            self._idle.put_nowait(worker)

    async def run(self, job: Job) -> Result:
        """The answer to a job; a :class:`RequestError`: the query's own (400), 503 for one that
        overran the timeout, 500 for a worker that died."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except asyncio.TimeoutError:
            raise RequestError(503, f"every query worker is busy: try again later (timeout {self.timeout:g} s)", headers=(("Retry-After", "5"),)) from None
        reply = await asyncio.to_thread(worker.run, job, max(0.0, deadline - loop.time()))
        if reply is None:
            self._replace(worker)
            if loop.time() >= deadline - 0.05:
                raise RequestError(503, f"the query ran longer than the server's timeout ({self.timeout:g} s) and was stopped")
            raise RequestError(500, "the query's worker stopped (out of memory?); it has been replaced")
        self._idle.put_nowait(worker)
        if isinstance(reply, Result):
            return reply
        raise RequestError(*reply)

    def _replace(self, worker: _Worker) -> None:
        self._all.remove(worker)
        if self._closed:
            return

        async def replace() -> None:
            new = await asyncio.to_thread(_Worker, self._path)
            if self._closed:
                new.stop()
                return
            self._all.append(new)
            self._idle.put_nowait(new)

        task = asyncio.get_running_loop().create_task(replace())
        self._starting.add(task)  # a task needs a reference until it ends
        task.add_done_callback(self._starting.discard)

    async def close(self) -> None:
        """Stop every worker (a busy one is killed) and remove the store."""
        self._closed = True
        for task in list(self._starting):
            await asyncio.wait([task], timeout=START_TIMEOUT)
        idle = []
        while not self._idle.empty():
            idle.append(self._idle.get_nowait())
        busy = [w for w in self._all if w not in idle]
        await asyncio.gather(*(asyncio.to_thread(w.kill) for w in busy), *(asyncio.to_thread(w.stop) for w in idle))
        self._all.clear()
        shutil.rmtree(self._folder, ignore_errors=True)
