"""Benchmark: how long the command line takes to answer `--version` and `--help`.

Run from the project root:  python benchmarks/startup.py [--runs 20]

Each command runs in a fresh process (`python -m qkp_rdf ...`, as the console script does, without
the script's own overhead), several times; the best and the median wall times are printed, beside
`python -c pass` (the interpreter alone) and `import rdflib, pyshacl` (what the command line must
not pay before it has work to do). The goal: `--version` and `--help` under 0.15 s. The load
average is printed first: figures are only worth comparing on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "import rdflib, pyshacl": ["-c", "import rdflib, pyshacl"],
    "qkp-rdf --version": ["-m", "qkp_rdf", "--version"],
    "qkp-rdf --help": ["-m", "qkp_rdf", "--help"],
    "qkp-rdf build --help": ["-m", "qkp_rdf", "build", "--help"],
    "qkp-rdf query --help": ["-m", "qkp_rdf", "query", "--help"],
}


def wall(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default: 20)")
    runs = parser.parse_args().runs
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'command':<24} {'best s':>8} {'median s':>9}")
    for name, args in COMMANDS.items():
        times = [wall(args) for _ in range(runs)]
        print(f"{name:<24} {min(times):8.3f} {statistics.median(times):9.3f}")


if __name__ == "__main__":
    main()
