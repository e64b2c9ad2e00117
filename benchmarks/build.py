"""Benchmark: the whole `qkp-rdf build` over 100 and 1,000 generated articles.

Run from the project root:  python benchmarks/build.py [--sizes 100 1000] [--jobs N] [--engines NAME ...]

For each size, the generated articles (benchmarks/articles.py) are written to a temporary
folder and built in a fresh process, exactly as the command line builds them
(`qkp_rdf.cli.main`): parsed, mapped, validated and serialized to Turtle, JSON-LD and
N-Triples, once with each SHACL engine (pySHACL, the reference, first; the ratio is its wall
time over each engine's), each with an empty cache. It prints the wall time, articles per
second and the peak memory (maximum resident set size) of the build process and of its
largest worker process; then the wall time of a rebuild after one article was changed (the
others from the cache). Times leave out start-up (imports, the shapes compiled): see the
README's start-up figures. Then, in another fresh process, the same stages run one after the
other in one process, to show what each costs (the build spreads the per-article stages over
the workers and overlaps the last ones). The load average is printed first: figures are only
worth comparing on an otherwise idle machine.
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

# The build as `qkp-rdf build` runs it; the workers are children of this process.
BUILD = r"""
import contextlib, io, json, re, resource, sys, time
from pathlib import Path
from qkp_rdf.cli import main
from qkp_rdf.shacl import engine

folder, out, jobs, name, cache = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
paths = sorted(folder.glob("*.txt"))
engine(name)  # imported, shapes parsed, once per process in any build; not part of the figures
err = io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    code = main(["build", *map(str, paths), "--out", out, "--jobs", jobs, "--engine", name, "--cache-dir", cache])
wall = time.perf_counter() - start
counts = re.search(r"(\d+) terms\n.*?(\d+) triples", err.getvalue())
summary = re.search(r"validation: (.*)", err.getvalue())
print(json.dumps({"code": code, "wall": wall, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "worker_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "terms": int(counts[1]), "triples": int(counts[2]),
                  "summary": summary[1], "bytes": {p.name: p.stat().st_size for p in sorted(Path(out).iterdir())}}))
"""

# The same stages one after the other, in one process, through the pipeline's public stage
# functions (the collector paused around an article's work and run after a task's, as in a worker).
STAGES = r"""
import contextlib, gc, json, sys, tempfile, time
from pathlib import Path
from qkp_rdf.cache import Cache, Entry
from qkp_rdf.config import Config
from qkp_rdf.ids import Minter
from qkp_rdf.merge import across, merge
from qkp_rdf.pipeline import TASK, article_lines, dataset_lines, model_article
from qkp_rdf.shacl import check_across, check_lines, engine
from qkp_rdf.shacl.model_view import models_view
from qkp_rdf.sinks import JsonLd, NTriples, Turtle

folder = Path(sys.argv[1])
validator = engine(sys.argv[2])
stages = dict.fromkeys(["read, parse, extract", "map to N-Triples lines", "view and validate", "write the run and entry", "collect garbage",
                        "merge runs", "check across articles", "write N-Triples", "write Turtle", "write JSON-LD", "keep the cache"], 0.0)
with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
    scratch, mint = Path(tmp), Minter()
    cache = Cache(scratch / "cache", base=mint.base, engine=validator.name, engine_version=validator.version)
    fresh = stack.enter_context(cache.fresh())
    t = time.perf_counter()
    paths = sorted(folder.glob("*.txt"))
    keys = [cache.key(p.name, data) for p in paths for data in [p.read_bytes()]]
    models = [model_article(p.name, p.read_bytes()) for p in paths]
    stages["read, parse, extract"] = time.perf_counter() - t
    entries = []
    for number, (key, model) in enumerate(zip(keys, models), start=1):
        gc.disable()
        t = time.perf_counter()
        lines = article_lines([model], mint)
        stages["map to N-Triples lines"] += time.perf_counter() - t; t = time.perf_counter()
        found = check_lines(lines.lines, models_view([model], mint), validator)
        stages["view and validate"] += time.perf_counter() - t; t = time.perf_counter()
        fresh.write_run(key, lines.lines)
        entries.append(Entry(model, tuple(found), frozenset(lines.namespaces)))
        stages["write the run and entry"] += time.perf_counter() - t; t = time.perf_counter()
        gc.enable()
        if number % TASK == 0:
            gc.collect(0)
        stages["collect garbage"] += time.perf_counter() - t
    t = time.perf_counter()
    dataset = dataset_lines(models, mint, Config(source_date_epoch=0))
    merged = merge([fresh.run(key) for key in keys], dataset.lines, [], scratch)
    stages["merge runs"] = time.perf_counter() - t; t = time.perf_counter()
    check_across(*across(merged, dataset.lines), merged.ntriples, validator)
    stages["check across articles"] = time.perf_counter() - t
    for stage, sink in (("write N-Triples", NTriples()), ("write Turtle", Turtle()), ("write JSON-LD", JsonLd())):
        t = time.perf_counter()
        sink.write(merged, scratch / f"out-{sink.file}", {})
        stages[stage] = time.perf_counter() - t
    t = time.perf_counter()
    cache.keep(dict(zip(keys, entries)), fresh)
    stages["keep the cache"] = time.perf_counter() - t
print(json.dumps(stages))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: the number of CPUs)")
    from qkp_rdf.executors import default_jobs
    from qkp_rdf.shacl.engines import ENGINES, REFERENCE

    names = [REFERENCE, *sorted(set(ENGINES) - {REFERENCE})]
    parser.add_argument("--engines", nargs="+", default=names, choices=names, help="the SHACL engines to compare, the first the reference (default: all)")
    args = parser.parse_args()

    jobs = args.jobs or default_jobs()
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f"; {jobs} worker process(es)")
    print(f"{'articles':>8} {'engine':>8} {'terms':>6} {'triples':>8} {'wall s':>7} {'ratio':>6} {'articles/s':>10} {'build MiB':>9} {'worker MiB':>10} {'rebuild s':>9}  result")
    breakdowns = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            for i in range(size):
                name, text = article(i)
                (folder / name).write_text(text, "utf-8")
            # The engines one after the other on the same corpus, so that they meet the same machine.
            reference_wall = None
            for name in args.engines:
                out, cache = str(Path(tmp) / f"out-{name}"), str(Path(tmp) / f"cache-{name}")
                done = subprocess.run([sys.executable, "-c", BUILD, str(folder), out, str(jobs), name, cache], check=True, capture_output=True, text=True)
                figures = json.loads(done.stdout)
                # One article changed: the rest come from the cache.
                changed = folder / article(size // 2)[0]
                original = changed.read_text("utf-8")
                changed.write_text(original + "\nOne more sentence.\n", "utf-8")
                again = subprocess.run([sys.executable, "-c", BUILD, str(folder), out, str(jobs), name, cache], check=True, capture_output=True, text=True)
                changed.write_text(original, "utf-8")
                figures["rebuild"] = json.loads(again.stdout)["wall"]
                stages = subprocess.run([sys.executable, "-c", STAGES, str(folder), name], check=True, capture_output=True, text=True)
                figures["stages"] = json.loads(stages.stdout)
                reference_wall = reference_wall or figures["wall"]
                print(
                    f"{size:>8} {name:>8} {figures['terms']:>6} {figures['triples']:>8} {figures['wall']:>7.2f} {reference_wall / figures['wall']:>5.1f}x"
                    f" {size / figures['wall']:>10.0f} {figures['peak_kib'] / 1024:>9.0f} {figures['worker_kib'] / 1024:>10.0f} {figures['rebuild']:>9.2f}  {figures['summary']}",
                    flush=True,
                )
                breakdowns.append((size, name, figures))
    for size, name, figures in breakdowns:
        print(f"\nwhat each stage costs, {size} articles, engine {name} (one after the other, in one process):")
        for stage, seconds in figures["stages"].items():
            print(f"  {stage:<28} {seconds:>7.2f} s  {seconds * 1000 / size:>6.2f} ms/article")
        print("  output: " + ", ".join(f"{file} {n / 1e6:.1f} MB" for file, n in figures["bytes"].items()))


if __name__ == "__main__":
    main()
