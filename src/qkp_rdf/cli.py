"""The `qkp-rdf` command line: a thin layer over the library.

Exit codes: 0 success (warnings allowed), 1 the data does not conform, 2 bad input or usage (with
`build --strict`, also a cell that cannot be read), 130 interrupted (Ctrl-C or SIGTERM).

Only this module and the light ones it names at the top are imported before the arguments are
read: each command imports the library it needs, so ``--help`` and ``--version`` answer at once.
Every option is checked before any work (IRIs, output folders, input files), and nothing but a
one-line message reaches the user without ``--verbose``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from . import __version__
from .config import (
    ATTEMPTS, AUTH_ENV, DEFAULT_BASE, DEFAULT_CACHE, DEFAULT_CHUNK, DEFAULT_DATA, DEFAULT_DATASET, DEFAULT_ENGINE, DEFAULT_OUT, DEFAULT_THRESHOLD, ENGINE_NAMES,
    WIKIDATA_ENDPOINT,
)
from .errors import InputError, QkpError, UsageError
from .inputs import check_inputs, input_file, is_stdin

if TYPE_CHECKING:
    from .progress import Reporter
    from .reconcile.wikidata import Select

#: What an interrupted command says (and nothing more), with exit code 130.
INTERRUPTED = "interrupted; nothing written"


def _exit_codes(*lines: str) -> str:
    return "exit codes:\n" + "".join(f"  {line}\n" for line in (*lines, "2    bad input or usage (one line naming the file or option)", "130  interrupted (Ctrl-C, SIGTERM): nothing written"))


def _examples(*lines: str) -> str:
    return "examples:\n" + "".join(f"  {line}\n" for line in lines) + "\n"


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors follow the same one-line, exit-2 rule as ours.
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """-v and -q, before the command or after it: a command's copy only sets what was given."""
    default: object = False if top else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="store_true", default=default, help="show tracebacks of errors, and rdflib's log")
    group.add_argument("-q", "--quiet", action="store_true", default=default, help="print no progress or notes (warnings, errors and results still)")


def _command(commands: argparse._SubParsersAction[_Parser], name: str, summary: str, description: str, examples: Sequence[str], codes: Sequence[str]) -> _Parser:
    parser = commands.add_parser(name, help=summary, description=description, epilog=_examples(*examples) + _exit_codes(*codes))
    _common(parser, top=False)
    return parser


def _inputs(parser: argparse.ArgumentParser, what: str, default: str | None) -> None:
    """RDF inputs, the same way in every command: positional files (``-`` for standard input),
    ``--data FILE`` as another way to name one, and ``--input-format`` for their syntax."""
    where = f" (default: {default})" if default else ""
    parser.add_argument("files", nargs="*" if default else "+", metavar="FILE", help=f"{what}{where}; - reads standard input")
    if default:
        parser.add_argument("--data", action="append", default=[], metavar="FILE", help="one more input file (kept for older scripts; give it once per file)")
    _input_format(parser)


def _input_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--input-format", metavar="SYNTAX",
        help="the inputs' RDF syntax, when their extension does not say it (turtle, ntriples, nquads, trig, jsonld, rdfxml, n3; standard input: turtle)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qkp-rdf",
        description="Publish encyclopedia articles about political parties as linked data: build the RDF, validate it, query it, load it into a triplestore, reconcile it with Wikidata.",
        epilog=_examples("qkp-rdf build", "qkp-rdf query officeholders", "qkp-rdf COMMAND --help") + _exit_codes("0    success", "1    the data does not conform to the shapes"),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    b = _command(
        commands, "build", "parse articles and publish Turtle, JSON-LD and N-Triples",
        "Read the articles, map them to RDF, validate it with the SHACL shapes and publish qkp.ttl, qkp.jsonld,\n"
        "qkp.nt and validation-report.ttl in the output folder. The data files are replaced only when the data\n"
        "conforms; the report is always written. Unchanged articles come from a cache.",
        ["qkp-rdf build                                  # the bundled article -> output/", "qkp-rdf build a.txt b.txt -o site/ --dataset my-corpus", "qkp-rdf build *.txt --strict --base https://example.org/kz/"],
        ["0    published (warnings allowed)", "1    the data does not conform: report written, data files left as they were"],
    )
    b.add_argument("articles", nargs="*", metavar="ARTICLE", help="article files; - reads one from standard input (default: the bundled Communist Party of Kazakhstan article)")
    b.add_argument("-o", "--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default: {DEFAULT_OUT}/)")
    b.add_argument("--base", default=DEFAULT_BASE, type=_base, metavar="IRI", help=f"base of minted resource IRIs, an absolute IRI ending in / or # (default: {DEFAULT_BASE})")
    b.add_argument("--dataset", default=DEFAULT_DATASET, metavar="NAME", help=f"the dataset's name: its IRI is <base>id/dataset/<slug of NAME>, the named graph `load` replaces, so give each corpus in one store its own (default: {DEFAULT_DATASET}, whatever the articles)")
    b.add_argument("-j", "--jobs", type=_positive, default=_cpus(), metavar="N", help="worker processes that map, validate and write (default: the number of CPUs; output is the same for any N)")
    b.add_argument("--strict", action="store_true", help="make a warning about a cell or row that cannot be read as written an error (exit 2, nothing written)")
    b.add_argument("--links", metavar="FILE", help="merge the owl:sameAs links of a reconcile cache (see `reconcile --cache`) into the published graph")
    _engine_option(b)
    cached = b.add_mutually_exclusive_group()
    cached.add_argument("--cache-dir", metavar="DIR", help="keep each article's validated triples in DIR, so that a rebuild works on the changed articles only (default: a folder per output folder in $XDG_CACHE_HOME/qkp-rdf/build, else ~/.cache/qkp-rdf/build)")
    cached.add_argument("--no-cache", action="store_true", help="a clean build: neither read nor write the cache (the files are the same either way)")

    v = _command(
        commands, "validate", "validate RDF files against the shapes",
        "Validate RDF files, together as one graph, against the published SHACL shapes, and print one line\n"
        "per finding and a summary that says how many resources of our classes were checked.",
        ["qkp-rdf validate output/qkp.jsonld", "qkp-rdf validate a.ttl b.nt --report report.ttl", "curl -s https://example.org/qkp.nt | qkp-rdf validate - --input-format ntriples"],
        ["0    the data conforms (warnings allowed)", "1    the data does not conform"],
    )
    _inputs(v, "RDF files, validated together as one graph", None)
    v.add_argument("--report", metavar="FILE", help="also write the full SHACL report as Turtle to FILE")
    _engine_option(v)

    q = commands.add_parser("query", help="run a bundled SPARQL query by name, or a .rq file")
    _common(q, top=False)
    q.add_argument("query", metavar="NAME|FILE.rq", help=f"bundled: {', '.join(_bundled_names())}")
    where = q.add_mutually_exclusive_group()
    where.add_argument("--data", nargs="+", metavar="FILE", help=f"RDF files to query in process (default: {DEFAULT_DATA})")
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint to send the query to instead")
    q.add_argument("--graph", metavar="IRI", type=_iri, help="with --endpoint: the graph to query (sent as default-graph-uri)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a value for a query parameter (holders-on: --param date=1960-06-01)")
    q.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table", help="output format (default: table)")
    _auth_option(q)

    ld = _command(
        commands, "load", "replace a named graph in a triplestore with RDF files (SPARQL 1.1 Graph Store Protocol)",
        "Replace one named graph of a triplestore with the files' triples, over the SPARQL 1.1 Graph Store\n"
        "Protocol: the first request PUTs (replacing the graph), the others POST, each retried after a\n"
        "transient failure. The files are checked whole before anything is sent. The last line says how\n"
        "to query what was loaded.",
        ["qkp-rdf load --store http://localhost:7878/store", "qkp-rdf load output/qkp.ttl --store http://localhost:7878/store --graph urn:qkp:test", "qkp-rdf load --store https://user:secret@db.example.org/store --retries 10"],
        ["0    loaded: the graph holds exactly the files' triples"],
    )
    _inputs(ld, "RDF files, loaded together as one graph", DEFAULT_DATA)
    ld.add_argument("--store", required=True, metavar="URL", help="the Graph Store endpoint, e.g. Oxigraph http://localhost:7878/store")
    ld.add_argument("--graph", metavar="IRI", type=_iri, help="the named graph to replace (default: the IRI of the dataset the files describe)")
    ld.add_argument("--chunk-size", type=_positive, default=DEFAULT_CHUNK, metavar="N", help=f"triples per request (default: {DEFAULT_CHUNK})")
    ld.add_argument("--retries", type=_count, default=ATTEMPTS - 1, metavar="N", help="retries of a request after a transient failure (default: %(default)s)")
    _auth_option(ld)

    r = _command(
        commands, "reconcile", "link people, parties and posts to Wikidata items, with evidence; QuickStatements for what Wikidata lacks",
        "Find the Wikidata items of the graph's people, parties and posts, score them with evidence and decide\n"
        "matched / ambiguous / unmatched. The endpoint's answers and the links are kept in the cache file,\n"
        "so a second run needs no network (--offline), and `build --links` publishes the owl:sameAs links.",
        ["qkp-rdf reconcile --format csv -o links.csv", "qkp-rdf reconcile --offline", "qkp-rdf reconcile output/qkp.ttl --endpoint http://localhost:7878/query --quickstatements qs.txt"],
        ["0    reconciled (any mix of matched, ambiguous and unmatched)"],
    )
    _inputs(r, "RDF files to reconcile", DEFAULT_DATA)
    source = r.add_mutually_exclusive_group()
    source.add_argument("--endpoint", default=WIKIDATA_ENDPOINT, metavar="URL", help="a SPARQL 1.1 endpoint holding Wikidata-shaped data (default: %(default)s)")
    source.add_argument("--offline", action="store_true", help="answer from the cache only; never contact an endpoint")
    r.add_argument("--cache", default=DEFAULT_CACHE, metavar="FILE", help="the endpoint's answers and the links, read and rewritten (default: %(default)s)")
    r.add_argument("--threshold", type=_positive, default=DEFAULT_THRESHOLD, metavar="N", help="the score a candidate needs to match (default: %(default)s)")
    r.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    r.add_argument("-o", "--out", metavar="FILE", help="write the rows to FILE instead of standard output")
    r.add_argument("--quickstatements", metavar="FILE", help="write QuickStatements for the terms of office Wikidata lacks to FILE")
    r.add_argument("--user-agent", default=None, metavar="TEXT", help="the User-Agent header sent (add your contact for the Wikidata Query Service; default: qkp-rdf's name and version)")
    return parser


def _bundled_names() -> list[str]:
    from importlib.resources import files

    return sorted(p.name[:-3] for p in files("qkp_rdf").joinpath("queries").iterdir() if p.name.endswith(".rq"))


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _engine_option(parser: argparse.ArgumentParser) -> None:
    # Not argparse's choices: an unknown name is the engine seam's one-line usage error.
    parser.add_argument("--engine", default=DEFAULT_ENGINE, metavar="NAME", help=f"the SHACL engine that validates: {', '.join(ENGINE_NAMES)} (default: {DEFAULT_ENGINE}; README, Validation: Engines)")


def _auth_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--auth", metavar="USER:PASSWORD", help=f"HTTP basic auth (default: ${AUTH_ENV}, or the URL's user:password@)")


def _checked(check: Callable[[str], str]) -> Callable[[str], str]:
    """An argparse type from a library check: its UsageError is argparse's one-line error."""

    def convert(text: str) -> str:
        try:
            return check(text)
        except UsageError as e:
            raise argparse.ArgumentTypeError(str(e)) from None

    return convert


def _iri(text: str) -> str:
    from .iris import absolute_iri

    return _checked(absolute_iri)(text)


def _base(text: str) -> str:
    from .iris import base_iri

    return _checked(base_iri)(text)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


# --- checks made before any work ---------------------------------------------------------------


def _nearest(path: Path) -> Path:
    """The path itself or its nearest ancestor that exists."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable(folder: Path, shown: Path, option: str) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {shown}: cannot write in {folder}: permission denied")


def out_folder(path: str | Path, option: str = "--out") -> Path:
    """A folder a command will write into: it is one, or can be made, and can be written in."""
    path = Path(path)
    found = _nearest(path)
    if not found.is_dir():
        raise UsageError(f"{option} {path}: {'not a folder' if found == path.absolute() else f'{found} is a file, not a folder'}")
    _writable(found, path, option)
    return path


def out_file(path: str | Path, option: str) -> Path:
    """A file a command will write: not a folder, in a folder that is one or can be made, writable."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a directory, not a file")
    out_folder(path.parent, option) if str(path.parent) not in ("", ".") else _writable(Path.cwd(), path, option)
    return path


def _rdf_inputs(args: argparse.Namespace) -> list[str]:
    """The RDF inputs named (positional and ``--data``), else the published N-Triples; each
    checked to exist now, a missing default with the command that makes it."""
    files = [*args.files, *getattr(args, "data", [])]
    if not files:
        if not Path(DEFAULT_DATA).is_file():
            raise InputError("no such file (the default input: run `qkp-rdf build` here to make it, or name RDF files)", source=DEFAULT_DATA)
        return [DEFAULT_DATA]
    check_inputs(files)
    for name in files:
        if not is_stdin(name):
            input_file(name)
    return files


# --- the commands --------------------------------------------------------------------------


def _build(args: argparse.Namespace, say: Reporter) -> int:
    from .config import Config
    from .pipeline import OUTPUT_FILES, build
    from .shacl import engine

    config = Config.from_environment(base=args.base, dataset=args.dataset, engine=args.engine)
    out = out_folder(args.out)
    check_inputs(args.articles)
    for name in args.articles:
        if not is_stdin(name):
            input_file(name)
    if args.links:
        input_file(args.links)
    engine(config.engine)  # an unknown engine is a usage error before anything is read
    names = args.articles
    what = "the bundled article" if not names else ", ".join(names) if len(names) <= 3 else f"{len(names)} articles ({names[0]} … {names[-1]})"
    say.note(f"building {what}")
    with say.counter("articles", len(names) or 1, "articles") as counter:
        result = build(
            names, out, config, jobs=args.jobs, links=args.links, strict=args.strict, cache_dir=args.cache_dir, use_cache=not args.no_cache,
            progress=say.note, warn=lambda warning: say.warn(str(warning)), articles_done=counter.set,
        )
    for line in result.report.lines():
        print(line, file=sys.stderr)
    print(f"qkp-rdf: validation: {result.report.summary()}", file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}")
    if not result.published:
        print(f"qkp-rdf: no data files published: fix the violations above (full report in {result.written[0]})", file=sys.stderr)
        stale = [name for name in OUTPUT_FILES[:-1] if (out / name).exists()]
        if stale:
            print(f"qkp-rdf: {', '.join(stale)} in {out} are from an earlier build, left as they were", file=sys.stderr)
        return 1
    return 0


def _validate(args: argparse.Namespace, say: Reporter) -> int:
    from .shacl import engine, validate_files
    from .sinks import publish

    report_file = out_file(args.report, "--report") if args.report else None
    from .rdfio import syntax_named

    files = _rdf_inputs(args)
    syntax = syntax_named(args.input_format) if args.input_format else None
    validator = engine(args.engine)
    with say.counter("read", None, "triples") as counter:
        report = validate_files(files, validator, syntax=syntax, progress=counter.set)
    for line in report.lines():
        print(line)
    checked = f"; {report.checked} resource(s) of our classes checked" if report.checked is not None else ""
    print(report.summary() + checked)
    if report.checked == 0:
        say.warn("no resource of a class the shapes describe (qkp:, org:, foaf: ...): nothing was checked; is this data in our vocabulary?")
    if report_file:
        publish({report_file: report.to_turtle()})
    return 0 if report.conforms else 1


def _query(args: argparse.Namespace, say: Reporter) -> int:
    from .query import format_result, load_query, run_query, run_remote
    from .rdfio import read_graph
    from .remote import credentials, server_url

    query = load_query(args.query)
    params = dict(_param(p) for p in args.param)
    text = query.bind(params)
    if args.endpoint:
        endpoint, in_url = server_url(args.endpoint, "--endpoint")
        result = run_remote(endpoint, text, graph=args.graph, auth=credentials(args.auth, in_url))
    else:
        if args.graph:
            raise UsageError("--graph needs --endpoint: local files are queried as one graph")
        result = run_query(read_graph(args.data or [DEFAULT_DATA]), text)
    sys.stdout.write(format_result(result, args.format))
    return 0


def _param(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise UsageError(f"--param must be NAME=VALUE, not {text!r}")
    return name, value


def _load(args: argparse.Namespace, say: Reporter) -> int:
    from shlex import quote

    from .inputs import shown
    from .load import load_files
    from .rdfio import syntax_named
    from .remote import Retry, credentials, server_url

    store, in_url = server_url(args.store, "--store")
    files = _rdf_inputs(args)
    syntax = syntax_named(args.input_format) if args.input_format else None
    sent = [0, 0]  # requests sent, of how many

    def progress(number: int, total: int) -> None:
        if counter.total is None:
            counter.expect(total)
        sent[:] = number, total
        counter.set(number)

    try:
        with say.counter("sent", None, "requests") as counter:
            result = load_files(
                files, store, graph=args.graph, syntax=syntax, auth=credentials(args.auth, in_url), chunk_size=args.chunk_size,
                retry=Retry(attempts=args.retries + 1), progress=progress, on_retry=say.note,
            )
    except KeyboardInterrupt:
        if sent[0]:  # the graph was replaced by part of the files: "nothing written" would not be true
            raise KeyboardInterrupt(f"interrupted after {sent[0]} of {sent[1]} requests: the graph holds part of the files; run load again to replace it") from None
        raise
    # Oxigraph answers queries at /query beside its Graph Store at /store; another store's query
    # endpoint cannot be told from its Graph Store URL.
    endpoint = f" --endpoint {quote(store.removesuffix('/store') + '/query')}" if store.endswith("/store") else ""
    names = ", ".join(map(shown, files))
    print(f"loaded {result.triples} triples from {names} into <{result.graph}> at {store}; query it with: qkp-rdf query NAME{endpoint} --graph {quote(result.graph)}")
    return 0


def _counted(select: Select, sent: list[str]) -> Select:
    def counted(text: str) -> list[dict[str, str]]:
        sent.append(text)
        return select(text)

    return counted


def _reconcile(args: argparse.Namespace, say: Reporter) -> int:
    from .rdfio import read_graph
    from .reconcile import Cache, reconcile
    from .reconcile.scoring import Status
    from .reconcile.wikidata import endpoint_select
    from .remote import USER_AGENT
    from .sinks import publish

    outputs_named = [(args.out, "--out"), (args.quickstatements, "--quickstatements"), (args.cache, "--cache")]
    for path, option in outputs_named:
        if path:
            out_file(path, option)
    if args.offline and not Path(args.cache).exists():
        raise UsageError(f"{args.cache}: no such file: --offline answers from the cache, which does not exist (run reconcile without --offline first, or give --cache FILE)")
    from .rdfio import syntax_named

    files = _rdf_inputs(args)
    graph = read_graph(files, syntax_named(args.input_format) if args.input_format else None)
    cache = Cache.load(args.cache)
    sent: list[str] = []
    endpoint = None if args.offline else _counted(endpoint_select(args.endpoint, agent=args.user_agent or USER_AGENT), sent)

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
            print(f"note: {note}", file=sys.stderr)  # about the data: said even with --quiet
    publish(outputs)
    if not args.out:
        sys.stdout.write(rows)
    counts = {s.value: sum(1 for d in result.decisions if d.status is s) for s in Status}
    say.note(f"reconcile: {', '.join(f'{n} {s}' for s, n in counts.items())}; {len(sent)} of {len(cache.used)} queries sent to the endpoint")
    return 0


# --- running ------------------------------------------------------------------------------


def _terminated(number: int, frame: FrameType | None) -> None:
    # SIGTERM ends the command as Ctrl-C does: through the same clean-up, with the same one line.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    args = _parser().parse_args(argv)
    import logging

    # rdflib logs a literal it cannot read ("1938-02-30"^^xsd:date) with a traceback; the shapes
    # report such a value in one line, so the traceback is for --verbose only.
    logging.getLogger("rdflib").setLevel(logging.NOTSET if args.verbose else logging.ERROR)
    handler = {"build": _build, "validate": _validate, "query": _query, "load": _load, "reconcile": _reconcile}[args.command]
    previous = signal.signal(signal.SIGTERM, _terminated) if _main_thread() else None
    try:
        from .progress import Reporter

        return handler(args, Reporter(quiet=args.quiet))
    except KeyboardInterrupt as e:  # (a command that did write something says what, in its place)
        print(f"qkp-rdf: {e.args[0] if e.args else INTERRUPTED}", file=sys.stderr)
        return 130
    except QkpError as e:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # a dependency's error we did not foresee: still one line, the traceback on request
        if args.verbose:
            traceback.print_exc()
        detail = " ".join(str(e).split())[:300]
        print(f"error: {type(e).__name__}: {detail or 'no message'} (qkp-rdf --verbose {args.command} ... shows where; please report it)", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
