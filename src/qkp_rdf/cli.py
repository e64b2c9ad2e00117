"""The `qkp-rdf` command line: a thin layer over the library.

Exit codes: 0 success (warnings allowed), 1 the data does not conform, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .build import build, default_jobs
from .errors import QkpError, UsageError
from .ids import DEFAULT_BASE
from .query import FORMATS, bundled_queries, format_result, resolve_query, run_query
from .readers import load_graph
from .serialize import write_atomically
from .settings import Settings
from .validate import validate_graph

DEFAULT_OUT = "output"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors follow the same one-line, exit-2 rule as ours.
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qkp-rdf", description="Publish encyclopedia articles about political parties as linked data.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    b = commands.add_parser("build", help="parse articles and publish Turtle, JSON-LD and N-Triples")
    b.add_argument("articles", nargs="*", metavar="ARTICLE", help="article files (default: the bundled Communist Party of Kazakhstan article)")
    b.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default: {DEFAULT_OUT}/)")
    b.add_argument("--base", default=DEFAULT_BASE, metavar="IRI", help=f"base of minted resource IRIs (default: {DEFAULT_BASE})")
    b.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N", help="processes for validation (default: the number of CPUs; output is the same for any N)")

    v = commands.add_parser("validate", help="validate RDF files (Turtle, JSON-LD, N-Triples) against the shapes")
    v.add_argument("files", nargs="+", metavar="FILE", help="RDF files, validated together as one graph")
    v.add_argument("--report", metavar="FILE", help="also write the full SHACL report as Turtle to FILE")

    q = commands.add_parser("query", help="run a bundled SPARQL query by name, or a .rq file")
    q.add_argument("query", metavar="NAME|FILE.rq", help=f"bundled: {', '.join(sorted(bundled_queries()))}")
    q.add_argument("--data", nargs="+", metavar="FILE", help=f"RDF files to query (default: {DEFAULT_OUT}/qkp.nt)")
    q.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def _settings(base: str) -> Settings:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not epoch.strip().isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}")
    return Settings(base=base, source_date_epoch=int(epoch) if epoch is not None else None)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while building: rdflib's graphs are millions of small
    objects that the collector would scan again and again, a third of the build's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(args: argparse.Namespace) -> int:
    settings = _settings(args.base)
    what = ", ".join(args.articles) if args.articles else "the bundled article"
    print(f"qkp-rdf: building {what}", file=sys.stderr)
    with _gc_paused():
        result = build(args.articles, args.out, settings, jobs=args.jobs)
    terms = sum(len(m.terms) for m in result.models)
    print(f"qkp-rdf: {len(result.models)} article(s), {terms} terms, {len(result.graph)} triples", file=sys.stderr)
    for line in result.report.lines():
        print(line, file=sys.stderr)
    print(f"qkp-rdf: validation: {result.report.summary()}", file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}")
    if not result.published:
        print(f"qkp-rdf: no data files published: fix the violations above (full report in {result.written[0]})", file=sys.stderr)
        return 1
    return 0


def _validate(args: argparse.Namespace) -> int:
    report = validate_graph(load_graph(args.files))
    for line in report.lines():
        print(line)
    print(report.summary())
    if args.report:
        write_atomically({Path(args.report): report.to_turtle()})
    return 0 if report.conforms else 1


def _query(args: argparse.Namespace) -> int:
    text = resolve_query(args.query)
    data = args.data or [os.path.join(DEFAULT_OUT, "qkp.nt")]
    result = run_query(load_graph(data), text)
    sys.stdout.write(format_result(result, args.format))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    args = _parser().parse_args(argv)
    try:
        handler = {"build": _build, "validate": _validate, "query": _query}[args.command]
        return handler(args)
    except QkpError as e:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
