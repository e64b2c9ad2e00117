"""Benchmark: SHACL validation time for 1, 100 and 1,000 generated articles.

Run from the project root:  python benchmarks/validation.py [--sizes 1 100 1000] [--engine NAME]

Prints, for each size, the time spent validating alone (the same group runs as `qkp-rdf build`,
through the pipeline's public stage functions; the build itself interleaves validation with mapping and writing, see benchmarks/build.py) and the time
per article, in one process and in as many processes as there are CPUs, so you can see that the
per-article cost stays flat as the dataset grows. Parsing and mapping are timed apart.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from articles import article  # noqa: E402

from qkp_rdf.executors import default_jobs, executor  # noqa: E402
from qkp_rdf.ids import Minter  # noqa: E402
from qkp_rdf.model import ArticleModel  # noqa: E402
from qkp_rdf.ntriples import to_graph  # noqa: E402
from qkp_rdf.pipeline import article_lines, model_article  # noqa: E402
from qkp_rdf.config import DEFAULT_ENGINE  # noqa: E402
from qkp_rdf.shacl import Finding, Report, check, engine, report_of  # noqa: E402
from qkp_rdf.shacl.engines import ENGINES  # noqa: E402


def _validate(lines: list[str], name: str) -> list[Finding]:
    return check(to_graph(lines), engine(name))


def validate(groups: list[list[str]], jobs: int, name: str) -> Report:
    """Validate each group's lines, in up to ``jobs`` processes, as the build does."""
    with executor(min(jobs, len(groups))) as pool:
        runs = [pool.submit(_validate, lines, name) for lines in groups]
        return report_of([f for run in runs for f in run.result()])


def grouped(models: list[ArticleModel], name: str) -> list[list[str]]:
    size, mint = engine(name).batch, Minter()
    return [article_lines(models[i : i + size], mint).lines for i in range(0, len(models), size)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--engine", default=DEFAULT_ENGINE, choices=sorted(ENGINES), help=f"the SHACL engine (default: {DEFAULT_ENGINE})")
    args = parser.parse_args()
    # One validation first: rdflib and pySHACL set things up on their first run (~30 ms).
    name, text = article(0)
    validate(grouped([model_article(name, text.encode())], args.engine), 1, args.engine)
    jobs = default_jobs()
    # Other work on the machine skews wall times, the several-process column most: say how busy it was.
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f"; engine {args.engine}, groups of {engine(args.engine).batch}")
    print(f"{'articles':>8} {'terms':>6} {'triples':>8} {'model+map s':>11} {'1 process s':>11} {'ms/article':>10} {f'{jobs} processes s':>13} {'ms/article':>10}  result")
    for size in args.sizes:
        t0 = time.perf_counter()
        models = [model_article(name, text.encode()) for name, text in (article(i) for i in range(size))]
        groups = grouped(models, args.engine)
        triples = sum(len(lines) for lines in groups)
        t1 = time.perf_counter()
        validate(groups, jobs, args.engine)
        t2 = time.perf_counter()
        report = validate(groups, 1, args.engine)
        t3 = time.perf_counter()
        terms = sum(len(m.terms) for m in models)
        one, many = t3 - t2, t2 - t1
        print(
            f"{size:>8} {terms:>6} {triples:>8} {t1 - t0:>11.2f} {one:>11.2f} {one * 1000 / size:>10.1f}"
            f" {many:>13.2f} {many * 1000 / size:>10.1f}  {report.summary()}",
            flush=True,
        )


if __name__ == "__main__":
    main()
