"""Benchmark: the whole `qkp-rdf build` over 100 and 1,000 generated articles.

Run from the project root:  python benchmarks/build.py [--sizes 100 1000] [--jobs N]

For each size, the generated articles (benchmarks/articles.py) are written to a temporary folder and built in a fresh process, exactly as the
command line builds them (`qkp_rdf.cli.main`): parsed, mapped, validated and serialized to Turtle, JSON-LD and
N-Triples. It prints the wall time, articles per second and the peak memory (maximum
resident set size) of the build process and of the largest process (the build or a
validation worker). A second run of the same
build, stage by stage, shows where the time goes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from articles import article  # noqa: E402

# Runs in the child process: the build as `qkp-rdf build` runs it, then the same stages timed one by one.
CHILD = r"""
import contextlib, gc, io, json, re, resource, sys, time
from pathlib import Path
from qkp_rdf.build import graph_parts, load_models, validate_groups
from qkp_rdf.cli import main
from qkp_rdf.serialize import canonical, serialize_all
from qkp_rdf.settings import Settings
from qkp_rdf.validate import shapes_graph

folder, out, jobs = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
paths = sorted(folder.glob("*.txt"))
shapes_graph()  # parsed once per process in any build; not part of the figures
err = io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    code = main(["build", *map(str, paths), "--out", out, "--jobs", jobs])
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
counts = re.search(r"(\d+) terms\n.*?(\d+) triples", err.getvalue())
summary = re.search(r"validation: (.*)", err.getvalue())
# The same stages one by one (without the collector, as the command runs them).
gc.disable()
settings, stages = Settings(source_date_epoch=0), {}
t = time.perf_counter()
models = load_models(paths); stages["read, parse, extract"] = time.perf_counter() - t; t = time.perf_counter()
dataset, groups = graph_parts(models, settings); stages["map to group graphs"] = time.perf_counter() - t; t = time.perf_counter()
data = canonical([dataset, *groups]); stages["sort N-Triples lines"] = time.perf_counter() - t; t = time.perf_counter()
files = serialize_all(data); stages["serialize (3 formats)"] = time.perf_counter() - t; t = time.perf_counter()
validate_groups(groups, dataset, int(jobs)); stages[f"validate ({jobs} processes)"] = time.perf_counter() - t
print(json.dumps({"code": code, "wall": wall, "peak_kib": peak, "terms": int(counts[1]), "triples": int(counts[2]), "summary": summary[1],
                  "stages": stages, "bytes": {k: len(v.encode()) for k, v in files.items()}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=None, help="validation processes (default: the number of CPUs)")
    args = parser.parse_args()
    from qkp_rdf.build import default_jobs

    jobs = args.jobs or default_jobs()
    print(f"{'articles':>8} {'terms':>6} {'triples':>8} {'wall s':>7} {'articles/s':>10} {'build MiB':>9} {'largest MiB':>11}  result")
    breakdowns = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            for i in range(size):
                name, text = article(i)
                (folder / name).write_text(text, "utf-8")
            done = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(Path(tmp) / "out"), str(jobs)], check=True, capture_output=True, text=True)
            # The largest resident set of any process so far: the build or one of its workers.
            largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            figures = json.loads(done.stdout)
        print(
            f"{size:>8} {figures['terms']:>6} {figures['triples']:>8} {figures['wall']:>7.2f} {size / figures['wall']:>10.0f}"
            f" {figures['peak_kib'] / 1024:>9.0f} {largest / 1024:>11.0f}  {figures['summary']}",
            flush=True,
        )
        breakdowns.append((size, figures))
    for size, figures in breakdowns:
        print(f"\nwhere the time goes, {size} articles (the same stages run one by one):")
        for stage, seconds in figures["stages"].items():
            print(f"  {stage:<28} {seconds:>7.2f} s  {seconds * 1000 / size:>6.1f} ms/article")
        print("  output: " + ", ".join(f"{name} {n / 1e6:.1f} MB" for name, n in figures["bytes"].items()))


if __name__ == "__main__":
    main()
