"""Every benchmark still runs, on a size small enough for the tests, and prints its figures: a
benchmark is where the speed goals live, so one broken by a change must not wait to be noticed."""

from __future__ import annotations

import os
import subprocess
import sys

from qkp_rdf.shacl.engines import ENGINES

from .conftest import ROOT

ENGINE = sorted(ENGINES)[0]  # one engine is enough to see that the script runs


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_build_benchmark() -> None:
    out = _run("benchmarks/build.py", "--sizes", "3", "--engines", *sorted(ENGINES))
    assert out.startswith("load average: ")
    rows = [line.split() for line in out.splitlines() if line.split()[:1] == ["3"]]
    assert [row[1] for row in rows] == sorted(ENGINES) and all(float(row[4]) > 0 and float(row[9]) > 0 for row in rows), out  # the wall time and the rebuild's
    assert "what each stage costs, 3 articles" in out and "write JSON-LD" in out


def test_validation_benchmark() -> None:
    out = _run("benchmarks/validation.py", "--articles", "3", "--engines", ENGINE)
    assert "qkp.nt: " in out and f"{ENGINE:>8} " in out and "conforms" in out, out


def test_reconcile_benchmark() -> None:
    out = _run("benchmarks/reconcile.py", "--sizes", "1")
    assert "matched / ambiguous / unmatched" in out and out.splitlines()[-1].split()[0] == "1", out


def test_load_benchmark() -> None:
    out = _run("benchmarks/load.py", "--sizes", "1000", "--chunk-size", "500")
    assert out.splitlines()[-1].split()[:3] == ["1000", "0", "2"], out


def test_startup_benchmark() -> None:
    out = _run("benchmarks/startup.py", "--runs", "1")
    rows = {line[:24].strip(): line[24:].split() for line in out.splitlines()[2:]}
    assert set(rows) >= {"qkp-rdf --version", "qkp-rdf --help"} and all(float(best) > 0 for best, _ in rows.values()), out


def test_serve_benchmark() -> None:
    out = _run("benchmarks/serve.py", "--requests", "300", "--threads", "2")
    assert out.splitlines()[0].startswith("300 requests over 2 connections") and out.splitlines()[0].endswith("; 0 failed"), out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:5]}
    assert set(rows) == {"page", "turtle", "query"} and all(int(n) == 100 and 0 < float(p50) <= float(p99) for n, p50, p99 in rows.values()), out
    assert [line.split()[0] for line in out.splitlines()[-3:]] == ["start", "middle", "end"], out
