"""Where the build's per-article work runs: here, or in a pool of forked worker processes.

pySHACL's cost is Python work, so separate processes are the way to use more than one core.
They are forked (where the system cannot fork, this process does the work), so they inherit
the parsed shapes and the imported engine; each task's article files are sent to them (pickled: a
few kB an article) and only small results come back.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Executor(Protocol):
    def submit(self, fn: Callable[..., T], /, *args: Any) -> Future[T]: ...


class Here:
    """Does the work at once, in this process."""

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Future[T]:
        done: Future[T] = Future()
        done.set_result(fn(*args))
        return done


def default_jobs() -> int:
    """How many processes the build may use: the CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def executor(jobs: int) -> Iterator[Executor]:
    """Up to ``jobs`` forked worker processes, or :class:`Here` for one job (or no fork)."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield Here()
        return
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_worker_signals)
    try:
        yield pool
    except BaseException:
        # Interrupted (or failed): no worker goes on with a task whose result nobody will read,
        # and none is left behind. (The pool has no public way to stop its workers before 3.14.)
        processes: dict[int, multiprocessing.process.BaseProcess] = getattr(pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # after bad input, no task waits to be done


def _worker_signals() -> None:
    """A worker leaves Ctrl-C to the build process, which stops it: a terminal sends SIGINT to
    every process of the group, and each worker would print a traceback of its own. SIGTERM ends
    it at once (it inherits the build's handler, which raises KeyboardInterrupt, when forked)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
