"""The `qkp-rdf` command line: a thin layer over the library.

Exit codes: 0 success (warnings allowed), 1 the data does not conform, 2 bad input or usage (with `build --strict`, also a cell that cannot be read).
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import DEFAULT_CACHE, DEFAULT_CHUNK, DEFAULT_DATA, DEFAULT_ENGINE, DEFAULT_OUT, Config
from .errors import QkpError, UsageError
from .executors import default_jobs
from .ids import DEFAULT_BASE, DEFAULT_DATASET
from .load import load_files
from .pipeline import OUTPUT_FILES, build
from .query import FORMATS, bundled_queries, format_result, load_query, run_query, run_remote
from .rdfio import read_graph
from .reconcile import DEFAULT_THRESHOLD, FORMATS as RECONCILE_FORMATS, Cache, reconcile
from .reconcile.scoring import Status
from .reconcile.wikidata import WIKIDATA_ENDPOINT, Select, endpoint_select
from .remote import AUTH_ENV, USER_AGENT, Retry, credentials, server_url
from .shacl import engine, validate_files
from .shacl.engines import ENGINES
from .sinks import publish


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
    b.add_argument("--dataset", default=DEFAULT_DATASET, metavar="NAME", help=f"the dataset's name: its IRI is <base>id/dataset/<slug of NAME>, the named graph `load` replaces, so give each corpus in one store its own (default: {DEFAULT_DATASET}, whatever the articles)")
    b.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N", help="worker processes that map, validate and write (default: the number of CPUs; output is the same for any N)")
    b.add_argument("--strict", action="store_true", help="make a warning about a cell or row that cannot be read as written an error (exit 2, nothing written)")
    b.add_argument("--links", metavar="FILE", help="merge the owl:sameAs links of a reconcile cache (see `reconcile --cache`) into the published graph")
    _engine_option(b)
    cached = b.add_mutually_exclusive_group()
    cached.add_argument("--cache-dir", metavar="DIR", help="keep each article's validated triples in DIR, so that a rebuild works on the changed articles only (default: a folder per output folder in $XDG_CACHE_HOME/qkp-rdf/build, else ~/.cache/qkp-rdf/build)")
    cached.add_argument("--no-cache", action="store_true", help="a clean build: neither read nor write the cache (the files are the same either way)")

    v = commands.add_parser("validate", help="validate RDF files (Turtle, JSON-LD, N-Triples) against the shapes")
    v.add_argument("files", nargs="+", metavar="FILE", help="RDF files, validated together as one graph")
    v.add_argument("--report", metavar="FILE", help="also write the full SHACL report as Turtle to FILE")
    _engine_option(v)

    q = commands.add_parser("query", help="run a bundled SPARQL query by name, or a .rq file, over RDF files or an endpoint")
    q.add_argument("query", nargs="?", metavar="NAME|FILE.rq", help=f"bundled: {', '.join(sorted(bundled_queries()))} (see --list)")
    q.add_argument("files", nargs="*", metavar="FILE", help=f"RDF files, right after the query, queried in process as one graph (default: {DEFAULT_DATA})")
    q.add_argument("--data", action="append", default=[], metavar="FILE", help="one more RDF file to query (the same as a FILE after the query, but may come anywhere; repeat for more)")
    q.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint to send the query to instead of reading files")
    q.add_argument("--graph", metavar="IRI", help="with --endpoint: the graph to query (sent as default-graph-uri; `qkp-rdf load` prints it)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a value for a query parameter (holders-on: --param date=1960-06-01)")
    q.add_argument("--format", choices=FORMATS, metavar="FORMAT", help="for SELECT and ASK: table (default), csv, tsv, json; for CONSTRUCT and DESCRIBE: turtle (default), ntriples, jsonld")
    q.add_argument("-o", "--out", metavar="FILE", help="write the result to FILE (replaced whole, or not at all) instead of standard output")
    shown = q.add_mutually_exclusive_group()
    shown.add_argument("--list", action="store_true", help="list the bundled queries: name, parameters, what each answers")
    shown.add_argument("--show", metavar="NAME", help="print the text of a bundled query (or a .rq file)")
    _auth_option(q)

    ld = commands.add_parser("load", help="replace a named graph in a triplestore with RDF files (SPARQL 1.1 Graph Store Protocol)")
    ld.add_argument("files", nargs="*", metavar="FILE", help=f"RDF files (default: {DEFAULT_DATA})")
    ld.add_argument("--store", required=True, metavar="URL", help="the Graph Store endpoint, e.g. Oxigraph http://localhost:7878/store")
    ld.add_argument("--graph", metavar="IRI", help="the named graph to replace (default: the IRI of the dataset the files describe)")
    ld.add_argument("--chunk-size", type=_positive, default=DEFAULT_CHUNK, metavar="N", help=f"triples per request (default: {DEFAULT_CHUNK})")
    ld.add_argument("--retries", type=_count, default=Retry().attempts - 1, metavar="N", help="retries of a request after a transient failure (default: %(default)s)")
    _auth_option(ld)

    r = commands.add_parser("reconcile", help="link people, parties and posts to Wikidata items, with evidence; QuickStatements for what Wikidata lacks")
    r.add_argument("--data", nargs="+", metavar="FILE", help=f"RDF files to reconcile (default: {DEFAULT_DATA})")
    source = r.add_mutually_exclusive_group()
    source.add_argument("--endpoint", default=WIKIDATA_ENDPOINT, metavar="URL", help="a SPARQL 1.1 endpoint holding Wikidata-shaped data (default: %(default)s)")
    source.add_argument("--offline", action="store_true", help="answer from the cache only; never contact an endpoint")
    r.add_argument("--cache", default=DEFAULT_CACHE, metavar="FILE", help="the endpoint's answers and the links, read and rewritten (default: %(default)s)")
    r.add_argument("--threshold", type=_positive, default=DEFAULT_THRESHOLD, metavar="N", help="the score a candidate needs to match (default: %(default)s)")
    r.add_argument("--format", choices=RECONCILE_FORMATS, default="table", help="output format (default: table)")
    r.add_argument("--out", metavar="FILE", help="write the rows to FILE instead of standard output")
    r.add_argument("--quickstatements", metavar="FILE", help="write QuickStatements for the terms of office Wikidata lacks to FILE")
    r.add_argument("--user-agent", default=USER_AGENT, metavar="TEXT", help="the User-Agent header sent (add your contact for the Wikidata Query Service)")
    return parser


def _engine_option(parser: argparse.ArgumentParser) -> None:
    # Not argparse's choices: an unknown name is the engine seam's one-line usage error.
    names = ", ".join(sorted(ENGINES))
    parser.add_argument("--engine", default=DEFAULT_ENGINE, metavar="NAME", help=f"the SHACL engine that validates: {names} (default: {DEFAULT_ENGINE}; README, Validation: Engines)")


def _auth_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--auth", metavar="USER:PASSWORD", help=f"HTTP basic auth (default: ${AUTH_ENV}, or the URL's user:password@)")


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def _build(args: argparse.Namespace) -> int:
    config = Config.from_environment(base=args.base, dataset=args.dataset, engine=args.engine)
    engine(config.engine)  # an unknown engine is a usage error before anything is read
    names = args.articles
    what = "the bundled article" if not names else ", ".join(names) if len(names) <= 3 else f"{len(names)} articles ({names[0]} … {names[-1]})"
    print(f"qkp-rdf: building {what}", file=sys.stderr)
    result = build(
        names, args.out, config, jobs=args.jobs, links=args.links, strict=args.strict, cache_dir=args.cache_dir, use_cache=not args.no_cache,
        progress=lambda text: print(f"qkp-rdf: {text}", file=sys.stderr),
        warn=lambda warning: print(f"warning: {warning}", file=sys.stderr),
    )
    for line in result.report.lines():
        print(line, file=sys.stderr)
    print(f"qkp-rdf: validation: {result.report.summary()}", file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}")
    if not result.published:
        print(f"qkp-rdf: no data files published: fix the violations above (full report in {result.written[0]})", file=sys.stderr)
        stale = [name for name in OUTPUT_FILES[:-1] if (Path(args.out) / name).exists()]
        if stale:
            print(f"qkp-rdf: {', '.join(stale)} in {args.out} are from an earlier build, left as they were", file=sys.stderr)
        return 1
    return 0


def _validate(args: argparse.Namespace) -> int:
    validator = engine(args.engine)
    report = validate_files(args.files, validator)
    for line in report.lines():
        print(line)
    print(report.summary())
    if args.report:
        publish({Path(args.report): report.to_turtle()})
    return 0 if report.conforms else 1


def _query(args: argparse.Namespace) -> int:
    import shutil

    from .query import check_format, local_store, query_listing, show_query

    # An aligned table is cut to the terminal's width; a file or a pipe gets whole values.
    width = shutil.get_terminal_size().columns if not args.out and sys.stdout.isatty() else None
    files = [*args.files, *args.data]
    if args.list or args.show:
        if args.query or files or args.endpoint:
            raise UsageError(f"{'--list' if args.list else '--show'} takes no query, data or endpoint")
        text = query_listing(width) if args.list else show_query(args.show)
    else:
        if not args.query:
            raise UsageError("give a query: a bundled NAME or a FILE.rq (`qkp-rdf query --list` lists the bundled ones)")
        query = load_query(args.query)
        fmt = check_format(query.form, args.format)  # before anything is read or sent
        params: dict[str, str] = {}
        for name, value in map(_param, args.param):
            if name in params:
                raise UsageError(f"--param {name} is given twice")
            params[name] = value
        bound = query.bind(params)
        if args.endpoint:
            if files:
                raise UsageError("give data files or --endpoint, not both: files are queried in process, --endpoint sends the query")
            endpoint, in_url = server_url(args.endpoint, "--endpoint")
            result = run_remote(endpoint, bound, graph=args.graph, auth=credentials(args.auth, in_url))
            # Oxigraph's and Fuseki's default graph leaves out the named graph `load` wrote.
            if not args.graph and not (result.rows or result.triples or result.form == "ASK"):
                nothing = "no rows" if result.form == "SELECT" else "no triples"
                print(f"qkp-rdf: {nothing}; the endpoint's default graph may be empty: give --graph IRI (qkp-rdf load prints it)", file=sys.stderr)
        else:
            if args.graph:
                raise UsageError("--graph needs --endpoint: local files are queried as one graph")
            result = run_query(local_store(files or [DEFAULT_DATA]), bound)
        text = format_result(result, fmt, width=width)
    if args.out:
        publish({Path(args.out): text})
    else:
        sys.stdout.write(text)
    return 0


def _param(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise UsageError(f"--param must be NAME=VALUE, not {text!r}")
    return name, value


def _load(args: argparse.Namespace) -> int:
    store, in_url = server_url(args.store, "--store")
    files = args.files or [DEFAULT_DATA]

    def progress(number: int, total: int) -> None:
        print(f"qkp-rdf: sent chunk {number}/{total}", file=sys.stderr)

    result = load_files(
        files, store, graph=args.graph, auth=credentials(args.auth, in_url), chunk_size=args.chunk_size,
        retry=Retry(attempts=args.retries + 1), progress=progress,
    )
    print(f"loaded {result.triples} triples from {', '.join(files)} into <{result.graph}> at {store}")
    return 0


def _counted(select: Select, sent: list[str]) -> Select:
    def counted(text: str) -> list[dict[str, str]]:
        sent.append(text)
        return select(text)

    return counted


def _reconcile(args: argparse.Namespace) -> int:
    graph = read_graph(args.data or [DEFAULT_DATA])
    cache = Cache.load(args.cache)
    sent: list[str] = []
    endpoint = None if args.offline else _counted(endpoint_select(args.endpoint, agent=args.user_agent), sent)
    result = reconcile(graph, cache.select(endpoint, source=args.cache), threshold=args.threshold)
    cache.links = result.links()
    rows = result.format(args.format)
    outputs = {Path(args.cache): cache.text()}
    if args.out:
        outputs[Path(args.out)] = rows
    if args.quickstatements:
        batch = result.quickstatements()
        outputs[Path(args.quickstatements)] = batch.text()
        for note in batch.notes:
            print(f"note: {note}", file=sys.stderr)
    publish(outputs)
    if not args.out:
        sys.stdout.write(rows)
    counts = {s.value: sum(1 for d in result.decisions if d.status is s) for s in Status}
    print(f"qkp-rdf: reconcile: {', '.join(f'{n} {s}' for s, n in counts.items())}; {len(sent)} of {len(cache.used)} queries sent to the endpoint", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    args = _parser().parse_args(argv)
    # rdflib logs a literal it cannot read ("1938-02-30"^^xsd:date) with a traceback; the shapes
    # report such a value in one line, so the traceback is for --verbose only.
    logging.getLogger("rdflib").setLevel(logging.NOTSET if args.verbose else logging.ERROR)
    try:
        handler = {"build": _build, "validate": _validate, "query": _query, "load": _load, "reconcile": _reconcile}[args.command]
        return handler(args)
    except QkpError as e:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
