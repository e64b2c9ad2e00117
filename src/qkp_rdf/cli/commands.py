"""The commands: each reads its options, checks them, calls the library and says what it did.

Each imports the part of the library it needs when it runs (see :mod:`qkp_rdf.cli`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QkpError, UsageError
from ..inputs import input_file
from .checks import input_files, input_syntax, out_file, out_folder, rdf_inputs

if TYPE_CHECKING:
    from ..progress import Reporter
    from ..reconcile.wikidata import Select


def _build(args: argparse.Namespace, say: Reporter) -> int:
    from ..config import Config
    from ..pipeline import OUTPUT_FILES, build
    from ..shacl import engine

    config = Config.from_environment(base=args.base, dataset=args.dataset, engine=args.engine)
    out = out_folder(args.out)
    input_files(args.files)
    if args.links:
        input_file(args.links)
    engine(config.engine)  # an unknown engine is a usage error before anything is read
    names = args.files
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
    from ..shacl import engine, validate_files
    from ..sinks import publish

    report_file = out_file(args.report, "--report") if args.report else None
    files = rdf_inputs(args)
    syntax = input_syntax(args)
    validator = engine(args.engine)
    with say.counter("read", None, "triples") as counter:

        def checking(triples: int) -> None:
            counter.close()
            say.note(f"validating {triples} triples (the view's included) with {validator.name}")

        report = validate_files(files, validator, syntax=syntax, progress=counter.set, checking=checking)
    for line in report.lines():
        print(line)
    checked = f"; {report.checked} resource(s) checked against the shapes" if report.checked is not None else ""
    print(report.summary() + checked)
    if report.checked == 0:
        say.warn("nothing in this data is a resource the shapes check (of our classes and properties: qkp:, org:, foaf: ...): is it in our vocabulary?")
    if report_file:
        publish({report_file: report.to_turtle()})
    return 0 if report.conforms else 1


def _query(args: argparse.Namespace, say: Reporter) -> int:
    from ..query import check_format, format_result, load_query, local_store, query_listing, run_query, run_remote, show_query
    from ..remote import Retry, credentials, server_url
    from ..sinks import publish

    out = out_file(args.out, "--out") if args.out else None
    width = _terminal_width() if not out else None
    if args.list or args.show:
        if args.query or args.files or args.data or args.endpoint:
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
            if args.files or args.data:
                raise UsageError("give data files or --endpoint, not both: files are queried in process, --endpoint sends the query")
            endpoint, in_url = server_url(args.endpoint, "--endpoint")
            result = run_remote(endpoint, bound, graph=args.graph, auth=credentials(args.auth, in_url), retry=Retry(attempts=args.retries + 1), on_retry=say.note)
            # Oxigraph's and Fuseki's default graph leaves out the named graph `load` wrote.
            if not args.graph and not (result.rows or result.triples or result.form == "ASK"):
                nothing = "no rows" if result.form == "SELECT" else "no triples"
                say.note(f"{nothing}; the endpoint's default graph may be empty: give --graph IRI (qkp-rdf load prints it)")
        else:
            if args.graph:
                raise UsageError("--graph needs --endpoint: local files are queried as one graph")
            result = run_query(local_store(rdf_inputs(args), input_syntax(args)), bound)
        text = format_result(result, fmt, width=width)
    if out:
        publish({out: text})
    else:
        sys.stdout.write(text)
    return 0


def _terminal_width() -> int | None:
    """An aligned table is cut to the terminal's width; a file or a pipe gets whole values."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _param(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise UsageError(f"--param must be NAME=VALUE, not {text!r}")
    return name, value


def _load(args: argparse.Namespace, say: Reporter) -> int:
    from shlex import quote

    from ..inputs import shown
    from ..load import load_files
    from ..remote import Retry, credentials, server_url

    store, in_url = server_url(args.store, "--store")
    files = rdf_inputs(args)
    syntax = input_syntax(args)
    sent: list[int] = []  # requests answered, of how many: empty until the first goes out

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
        if sent:  # a request went out: the graph may hold part of the files, so "nothing written" would not be true
            raise KeyboardInterrupt(f"interrupted after {sent[0]} of {sent[1]} requests answered: the graph may hold part of the files; run load again to replace it") from None
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
    from ..rdfio import read_graph
    from ..reconcile import Cache, reconcile
    from ..reconcile.scoring import Status
    from ..reconcile.wikidata import endpoint_select
    from ..remote import USER_AGENT, server_url
    from ..sinks import publish

    outputs_named = [(args.out, "--out"), (args.quickstatements, "--quickstatements"), (args.cache, "--cache")]
    for path, option in outputs_named:
        if path:
            out_file(path, option)
    if not args.offline:
        server_url(args.endpoint, "--endpoint")  # a URL that cannot be one is said before any work
    if args.offline and not Path(args.cache).exists():
        raise UsageError(f"{args.cache}: no such file: --offline answers from the cache, which does not exist (run reconcile without --offline first, or give --cache FILE)")
    files = rdf_inputs(args)
    graph = read_graph(files, input_syntax(args))
    cache = Cache.load(args.cache)
    sent: list[str] = []
    endpoint = None if args.offline else _counted(endpoint_select(args.endpoint, agent=args.user_agent or USER_AGENT), sent)

    result = reconcile(graph, cache.select(endpoint, source=args.cache), threshold=args.threshold)
    cache.links = result.links()
    rows = result.format(args.format, width=_terminal_width() if not args.out else None)
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


def _site(args: argparse.Namespace, say: Reporter) -> int:
    from ..web.resources import Data
    from ..web.site import check_site_folder, findings_beside, write_site

    out = out_folder(args.out)
    try:
        check_site_folder(out)  # a folder that is not a site is refused before anything is read
    except QkpError as e:
        raise UsageError(f"--out {e}") from None
    files = rdf_inputs(args)
    data = Data.from_files(files, base=args.base, syntax=input_syntax(args))
    if not data.resources:
        say.warn(f"no resource under {data.base}id/: the site has no pages but its indexes (is --base the base the data was built with?)")
    with say.counter("site", len(data.resources), "resources") as counter:
        result = write_site(data, out, findings=findings_beside(files), progress=counter.set)
    for iri in result.skipped:
        say.warn(f"<{iri}>: left out of the site: its kind and slug must be letters, digits and - . _ ~ to be a file name and a URL alike")
    print(f"wrote {out}: {result.files} files, {result.resources} resources under {data.base}id/")
    return 0


def _serve(args: argparse.Namespace, say: Reporter) -> int:
    from ..web.resources import Data
    from ..web.serve import serve
    from ..web.server import Settings
    from ..web.site import findings_beside

    files = rdf_inputs(args)
    data = Data.from_files(files, base=args.base, syntax=input_syntax(args))

    def ready(url: str) -> None:
        # Said even with --quiet: it is where the server is, not progress.
        print(f"qkp-rdf: serving {len(data.resources)} resources at {url} (SPARQL at /sparql); Ctrl-C stops", file=sys.stderr, flush=True)

    settings = Settings(timeout=args.timeout, limit=args.limit, workers=args.workers)
    stopped = serve(data, host=args.host, port=args.port, settings=settings, findings=findings_beside(files), on_ready=ready, access_log=not args.quiet)
    print(f"qkp-rdf: stopped{f' by {stopped}' if stopped else ''}", file=sys.stderr)
    return 0


#: Command name -> what runs it.
COMMANDS = {"build": _build, "validate": _validate, "query": _query, "load": _load, "reconcile": _reconcile, "site": _site, "serve": _serve}
