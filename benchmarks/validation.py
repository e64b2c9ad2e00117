"""Benchmark: `qkp-rdf validate` of a large file of our data, with each SHACL engine.

Run from the project root:  python benchmarks/validation.py [--articles 3000] [--engines NAME ...]

Generated articles (benchmarks/articles.py) are built once into N-Triples (about 330 triples an
article: 3,000 articles are about a million triples), then `qkp-rdf validate` runs on that file
in a fresh process per engine, exactly as the command line runs it (the file read into one
graph, the derived view added, the engine run over the whole). It prints the wall time of the
command (start-up included), its peak memory and its verdict. The load average is printed first:
figures are only worth comparing on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from articles import article  # noqa: E402

from qkp_rdf.shacl.engines import ENGINES, REFERENCE  # noqa: E402

# `qkp-rdf validate` as the command line runs it, imports included, in a fresh process.
VALIDATE = r"""
import time
start = time.perf_counter()
import contextlib, io, json, resource, sys
from qkp_rdf.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    code = main(["validate", sys.argv[1], "--engine", sys.argv[2]])
print(json.dumps({"wall": time.perf_counter() - start, "code": code, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "summary": out.getvalue().strip().splitlines()[-1]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="generated articles to build the file from (default: %(default)s)")
    names = [REFERENCE, *sorted(set(ENGINES) - {REFERENCE})]
    parser.add_argument("--engines", nargs="+", default=names, choices=names, help="the SHACL engines to run (default: all)")
    args = parser.parse_args()
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(args.articles):
            name, text = article(i)
            (folder / name).write_text(text, "utf-8")
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "qkp_rdf", "build", *map(str, sorted(folder.iterdir())), "--out", str(out), "--no-cache"], check=True, capture_output=True)
        data = out / "qkp.nt"
        triples = sum(1 for _ in open(data, "rb"))
        print(f"{data.name}: {triples:,} triples, {data.stat().st_size / 1e6:.0f} MB, from {args.articles:,} articles")
        print(f"{'engine':>8} {'wall s':>7} {'peak MiB':>8}  result")
        for name in args.engines:
            done = subprocess.run([sys.executable, "-c", VALIDATE, str(data), name], check=True, capture_output=True, text=True)
            figures = json.loads(done.stdout)
            print(f"{name:>8} {figures['wall']:>7.2f} {figures['peak_kib'] / 1024:>8.0f}  {figures['summary']} (exit {figures['code']})", flush=True)


if __name__ == "__main__":
    main()
