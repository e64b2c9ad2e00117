"""Benchmark: SHACL validation time for 1, 100 and 1,000 generated articles.

Run from the project root:  python benchmarks/validation.py [--sizes 1 100 1000]

Prints, for each size, the time spent validating alone (the same group runs as `qkp-rdf build`,
plus the cross-article check over the whole groups, through `build.validate_groups`; the build
itself interleaves validation with mapping and writing, see benchmarks/build.py) and the time
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

from qkp_rdf.build import default_jobs, graph_parts, model_article, validate_groups  # noqa: E402
from qkp_rdf.settings import Settings  # noqa: E402
from qkp_rdf.validate import compiled_shapes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    args = parser.parse_args()
    compiled_shapes()  # built once per process, as in a build; not part of any figure
    # One validation first: rdflib and pySHACL set things up on their first run (~30 ms).
    name, text = article(0)
    dataset, groups = graph_parts([model_article(name, text.encode())], Settings())
    validate_groups(groups, dataset, 1)
    jobs = default_jobs()
    # Other work on the machine skews wall times, the several-process column most: say how busy it was.
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{'articles':>8} {'terms':>6} {'triples':>8} {'model+map s':>11} {'1 process s':>11} {'ms/article':>10} {f'{jobs} processes s':>13} {'ms/article':>10}  result")
    for size in args.sizes:
        t0 = time.perf_counter()
        models = [model_article(name, text.encode()) for name, text in (article(i) for i in range(size))]
        dataset, groups = graph_parts(models, Settings())
        triples = len(dataset) + sum(len(g) for g in groups)  # before validation adds its view
        t1 = time.perf_counter()
        validate_groups(groups, dataset, jobs)
        t2 = time.perf_counter()
        report = validate_groups(groups, dataset, 1)
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
