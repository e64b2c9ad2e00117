"""Benchmark: `qkp-rdf serve` under load on loopback: requests per second, latency, and memory.

Run from the project root:  python benchmarks/serve.py [--requests 10000] [--threads 4]

Builds the bundled article, starts a real server on 127.0.0.1 (as the tests do), and sends the
requests from a few client threads, each on its own keep-alive connection, in turn: a person's
page (HTML), a post's description (Turtle) and a bundled query (officeholders, CSV, POST). Prints
the rate over all, p50 and p99 latency per kind, and the resident memory of the server and of its
query workers at the start, half-way and at the end: it should stay level (answers are cached per
description, so the server's memory is bounded; the workers hold nothing between queries).
Client and server share this machine's cores, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qkp_rdf.query import load_query  # noqa: E402
from tests.serve_server import QkpServer, build_bundled, children  # noqa: E402

PAGE = "/doc/person/dinmukhamed-kunaev.html"
TURTLE = "/doc/post/communist-party-of-kazakhstan-soviet-union-first-secretary.ttl"
KINDS = ("page", "turtle", "query")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory(pid: int) -> tuple[int, int]:
    """The server's resident memory and its workers' together, in kB."""
    return rss_kb(pid), sum(rss_kb(child) for child in children(pid))


def client(port: int, count: int, query: bytes, latencies: dict[str, list[float]], lock: threading.Lock, failures: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    mine: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        started = time.perf_counter()
        if kind == "query":
            connection.request("POST", "/sparql", body=query, headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
        else:
            connection.request("GET", PAGE if kind == "page" else TURTLE)
        response = connection.getresponse()
        body = response.read()
        mine[kind].append(time.perf_counter() - started)
        if response.status != 200 or not body:
            failures.append(f"{kind}: {response.status}")
    connection.close()
    with lock:
        for kind, values in mine.items():
            latencies[kind].extend(values)


def run(port: int, requests: int, threads: int, query: bytes) -> tuple[float, dict[str, list[float]], list[str]]:
    latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
    failures: list[str] = []
    lock = threading.Lock()
    workers = [threading.Thread(target=client, args=(port, requests // threads, query, latencies, lock, failures)) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started, latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    query = load_query("officeholders").text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        data = build_bundled(Path(folder) / "out")
        with QkpServer([data], "-q") as server:
            assert server.process is not None
            pid = server.process.pid
            run(server.port, 30, 3, query)  # warm: the first answers fill the caches
            figures = [("start", *memory(pid))]
            half = args.requests // 2
            seconds, latencies, failures = run(server.port, half, args.threads, query)
            figures.append(("middle", *memory(pid)))
            more_seconds, more, more_failures = run(server.port, args.requests - half, args.threads, query)
            figures.append(("end", *memory(pid)))
    failures += more_failures
    for kind in KINDS:
        latencies[kind] += more[kind]
    total = sum(len(v) for v in latencies.values())
    print(f"{total} requests over {args.threads} connections in {seconds + more_seconds:.2f} s: {total / (seconds + more_seconds):.0f} requests/s; {len(failures)} failed")
    print(f"{'kind':<8} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for kind in KINDS:
        values = sorted(latencies[kind])
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        print(f"{kind:<8} {len(values):>8} {1000 * statistics.median(values):>8.2f} {1000 * p99:>8.2f}")
    print(f"{'memory':<8} {'server MB':>10} {'workers MB':>10}")
    for when, server_kb, workers_kb in figures:
        print(f"{when:<8} {server_kb / 1024:>10.1f} {workers_kb / 1024:>10.1f}")
    if failures:
        sys.exit(f"failed requests: {failures[:5]}")


if __name__ == "__main__":
    main()
