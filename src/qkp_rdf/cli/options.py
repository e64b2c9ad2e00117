"""The command line's options: one parser, help that a user reads, and option values checked
as they are parsed (IRIs, counts). Nothing heavy is imported here: ``--help`` answers at once."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from ..config import (
    ATTEMPTS, AUTH_ENV, DEFAULT_BASE, DEFAULT_CACHE, DEFAULT_CHUNK, DEFAULT_DATA, DEFAULT_DATASET, DEFAULT_ENGINE, DEFAULT_OUT, DEFAULT_SITE, DEFAULT_THRESHOLD, ENGINE_NAMES,
    WIKIDATA_ENDPOINT,
)
from ..errors import UsageError


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


def parser() -> argparse.ArgumentParser:
    """The parser of every command's options."""
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
    b.add_argument("files", nargs="*", metavar="ARTICLE", help="article files; - reads one from standard input (default: the bundled Communist Party of Kazakhstan article)")
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

    q = _command(
        commands, "query", "run a bundled SPARQL query by name, or a .rq file, over RDF files or an endpoint",
        "Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE) with Oxigraph's engine: in process over\n"
        "RDF files, loaded as one graph, or sent to an endpoint. The same query gives the same bytes either\n"
        "way. Standard SPARQL: the query declares its prefixes. `--list` lists the bundled queries.",
        ["qkp-rdf query officeholders --format csv", "qkp-rdf query holders-on output/qkp.ttl --param date=1960-06-01", "qkp-rdf query mine.rq --endpoint http://localhost:7878/query --graph https://w3id.org/qkp/id/dataset/qkp"],
        ["0    answered (no rows included)"],
    )
    q.add_argument("query", nargs="?", metavar="NAME|FILE.rq", help=f"bundled: {', '.join(_bundled_names())} (see --list)")
    _inputs(q, "RDF files, queried in process as one graph", DEFAULT_DATA)
    q.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint to send the query to instead of reading files")
    q.add_argument("--graph", metavar="IRI", type=_iri, help="with --endpoint: the graph to query (sent as default-graph-uri; `qkp-rdf load` prints it)")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a value for a query parameter (holders-on: --param date=1960-06-01), once per name")
    q.add_argument(
        "--format", choices=("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld"), metavar="FORMAT",
        help="for SELECT and ASK: table (default), csv, tsv, json; for CONSTRUCT and DESCRIBE: turtle (default), ntriples, jsonld",
    )
    q.add_argument("-o", "--out", metavar="FILE", help="write the result to FILE (replaced whole, or not at all) instead of standard output")
    q.add_argument("--retries", type=_count, default=2, metavar="N", help="with --endpoint: retries after a transient failure, each said (default: %(default)s)")
    shown = q.add_mutually_exclusive_group()
    shown.add_argument("--list", action="store_true", help="list the bundled queries: name, parameters, what each answers")
    shown.add_argument("--show", metavar="NAME", help="print the text of a bundled query (or a .rq file)")
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

    st = _command(
        commands, "site", "write the published graph as a static Linked Data site: pages, descriptions, dumps, VoID",
        "Write a static site any web server can host: for every resource minted under the base, a page and its\n"
        "description in Turtle, JSON-LD, N-Triples and RDF/XML (doc/<kind>/<slug>.*); the index, people and\n"
        "ontology pages, an offline search index, the dumps, the dataset description (.well-known/void) and a\n"
        "sitemap; and an Apache .htaccess and nginx.conf that answer id/<kind>/<slug> with a 303 by Accept.\n"
        "The folder is replaced whole or not at all; the same data gives the same bytes. The warnings of the\n"
        "validation-report.ttl beside the inputs (a build writes one) are shown on the pages they are about.",
        ["qkp-rdf site                                   # output/qkp.nt -> site/", "qkp-rdf site output/qkp.ttl -o public/", "qkp-rdf site mine.nt --base https://example.org/kz/ -o /srv/www/kz"],
        ["0    the site is written"],
    )
    _inputs(st, "RDF files, published together as one graph", DEFAULT_DATA)
    st.add_argument("-o", "--out", default=DEFAULT_SITE, metavar="DIR", help=f"the site's folder, replaced whole: new, empty, or a site written before (default: {DEFAULT_SITE}/)")
    st.add_argument("--base", type=_base, metavar="IRI", help=f"where the site is served, and the base of the IRIs it answers for: <base>id/... (default: the base the data's dataset IRI is minted under, else {DEFAULT_BASE})")

    sv = _command(
        commands, "serve", "serve the data as linked data: pages, content negotiation, a read-only SPARQL endpoint",
        "Serve RDF files live on HTTP: a page per resource and the site's indexes, each IRI <base>id/KIND/SLUG\n"
        "answered at /id/KIND/SLUG with a 303 to its description (/doc/KIND/SLUG.html, .ttl, .jsonld, .nt, .rdf)\n"
        "by the Accept header, and a SPARQL 1.1 Protocol endpoint at /sparql (read-only, no SERVICE; each query\n"
        "stopped after --timeout seconds with a 503, each answer cut at --limit rows, saying so in its headers).\n"
        "One access line per request on standard error; Ctrl-C or SIGTERM stops the server gracefully.\n"
        "Try: curl -L -H 'Accept: text/turtle' http://127.0.0.1:8080/id/party/communist-party-of-kazakhstan",
        ["qkp-rdf serve                                   # output/qkp.nt at http://127.0.0.1:8080/", "qkp-rdf serve a.ttl b.nt --port 9000 --timeout 30 --limit 1000", "qkp-rdf serve --host 0.0.0.0 --base https://w3id.org/qkp/   # every interface: mind the firewall"],
        ["0    served until stopped by Ctrl-C or SIGTERM (130: stopped before it served)"],
    )
    _inputs(sv, "RDF files, served together as one graph", DEFAULT_DATA)
    sv.add_argument("--host", default="127.0.0.1", metavar="HOST", help="the address to listen on (default: %(default)s, this machine only; 0.0.0.0 for every interface)")
    sv.add_argument("--port", type=_port, default=8080, metavar="N", help="the port to listen on (default: %(default)s; 0 picks a free one, said on start)")
    sv.add_argument("--base", type=_base, metavar="IRI", help="the base the resources' IRIs are minted under (default: the one the data was built with)")
    sv.add_argument("--timeout", type=_seconds, default=10.0, metavar="S", help="seconds a SPARQL query may run before it is stopped with a 503 (default: %(default)g)")
    sv.add_argument("--limit", type=_positive, default=10_000, metavar="N", help="rows (or triples) an answer may hold; a longer one is cut, with the header X-Result-Truncated (default: %(default)s)")
    sv.add_argument("--workers", type=_positive, default=2, metavar="N", help="queries answered at once, each in its own process (default: %(default)s)")
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
    from ..iris import absolute_iri

    return _checked(absolute_iri)(text)


def _base(text: str) -> str:
    from ..iris import base_iri

    return _checked(base_iri)(text)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"must be a port number, 0 to 65535, not {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 86400:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return seconds


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The options of a command line. Files may come anywhere among the options, as for riot or
    cat: argparse alone stops filling a list of positionals at the first option after it
    (``query officeholders --format csv a.nt``), so what it leaves over are more files."""
    commands = parser()
    args, extra = commands.parse_known_args(argv)
    if any(a.startswith("-") and a != "-" for a in extra) or (extra and not hasattr(args, "files")):
        commands.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.files += extra
    return args
