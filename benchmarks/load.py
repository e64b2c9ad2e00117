"""Benchmark: `qkp-rdf load` of large files into a local Oxigraph server, in chunks.

Run from the project root:  python benchmarks/load.py [--sizes 100000 1000000] [--chunk-size 50000]

For each size, writes an N-Triples file of that many triples (shaped like ours: IRIs, dates,
language-tagged labels, one blank node in a thousand), starts an in-memory Oxigraph server on
127.0.0.1, loads the file twice (the second load replaces the first) and prints the time, the rate and
the peak memory of this process, which streams the file and so should not grow with it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qkp_rdf.load import load_files  # noqa: E402
from tests.oxigraph_server import OxigraphServer  # noqa: E402


def write_triples(path: Path, count: int) -> None:
    base = "https://w3id.org/qkp/id/"
    with path.open("w", encoding="utf-8") as out:
        out.write(f"<{base}dataset/bench> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://rdfs.org/ns/void#Dataset> .\n")
        for i in range(1, count):
            subject = f"_:b{i}" if i % 1000 == 0 else f"<{base}term/t{i // 8}>"
            kind = i % 3
            if kind == 0:
                out.write(f'{subject} <http://schema.org/validFrom> "19{i % 90 + 10}-0{i % 9 + 1}-1{i % 9}"^^<http://www.w3.org/2001/XMLSchema#date> .\n')
            elif kind == 1:
                out.write(f'{subject} <http://www.w3.org/2000/01/rdf-schema#label> "Holder number {i}"@en .\n')
            else:
                out.write(f"{subject} <http://www.w3.org/ns/org#member> <{base}person/p{i % 5000}> .\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--chunk-size", type=int, default=50_000)
    args = parser.parse_args()
    print(f"{'triples':>9} {'MB':>6} {'chunks':>6} {'1st load s':>10} {'2nd load s':>10} {'triples/s':>10} {'peak RSS MB':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"bench-{size}.nt"
            write_triples(path, size)
            chunks: list[int] = []
            with OxigraphServer() as server:
                times = []
                for _ in range(2):
                    start = time.perf_counter()
                    load_files([path], server.store_url, chunk_size=args.chunk_size, progress=lambda n, total: chunks.append(total))
                    times.append(time.perf_counter() - start)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{size:>9} {path.stat().st_size / 1e6:>6.0f} {chunks[-1]:>6} {times[0]:>10.2f} {times[1]:>10.2f} {size / times[1]:>10.0f} {peak:>11.0f}")


if __name__ == "__main__":
    main()
