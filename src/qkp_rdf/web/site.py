"""The static site: every resource's page and descriptions, the indexes, the ontology and shapes,
the dumps and their description, and the web servers' configurations, in one folder that any
web server can host (see :mod:`.configs`).

The site goes live whole or not at all: it is written into a temporary sibling of the output
folder, which then takes the old site's place in one step (Linux's ``renameat2`` exchange; two
renames elsewhere), and only then is the old site removed. A failure or an interrupt leaves the
old site as it was and no temporary folder. The same data gives a byte-identical site: every
file is made from sorted triples, and nothing depends on the time or the order of a hash map.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

import pyoxigraph as ox

from ..errors import QkpError
from ..inputs import is_stdin
from ..shacl.report import REPORT_FILE
from ..shacl.shapes import shapes_text
from .configs import htaccess, nginx_conf
from .resources import HTML, RDF_FORMATS, Data, Resource, is_segment
from .vocabulary import ontology_text
from .void import VOID_PATH, dumps, sitemap, void_description

#: The pages at the top of the site, besides the resources' own, and the files that are not pages.
INDEX, PEOPLE, ONTOLOGY, SEARCH = "index.html", "people.html", "ontology.html", "search.json"
ONTOLOGY_FILE, SHAPES_FILE, SITEMAP = "ontology.ttl", "shapes.ttl", "sitemap.xml"
_SH = "http://www.w3.org/ns/shacl#"


class PagesLike(Protocol):
    """What makes the HTML: :mod:`qkp_rdf.web.pages`, or a stand-in with the same functions."""

    @property
    def ASSETS(self) -> Mapping[str, bytes]: ...  # noqa: N802 (a module constant's name)

    def page(self, data: Data, resource: Resource, *, findings: Sequence[str] = (), sparql: str | None = None) -> str: ...

    def index_page(self, data: Data, *, sparql: str | None = None) -> str: ...

    def people_page(self, data: Data) -> str: ...

    def search_index(self, data: Data) -> str: ...

    def ontology_page(self) -> str: ...


@dataclass(frozen=True)
class SiteResult:
    """What :func:`write_site` wrote."""

    out: Path
    #: Resources with a page and descriptions.
    resources: int
    #: Files written in all.
    files: int
    #: IRIs of resources left out: a kind or slug that is not a plain URL path segment.
    skipped: tuple[str, ...]


def _pages() -> PagesLike:
    # Imported when needed: a caller with its own pages (a test) never loads the templates.
    from . import pages

    return pages


def check_site_folder(out: Path) -> None:
    """Refuse an output folder that holds something other than a site (a site is replaced whole,
    and what was in the folder is removed): it must not exist, be empty, or hold a site."""
    if out.is_symlink():  # the swap would replace the link itself with a folder
        raise QkpError(f"{out}: is a symbolic link: give the folder it points to")
    if out.exists() and not out.is_dir():
        raise QkpError(f"{out}: not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / VOID_PATH).is_file():
        raise QkpError(f"{out}: is not empty and holds no site (no {VOID_PATH}): refusing to replace it; give an empty or new folder")


def write_site(
    data: Data, out: Path, *, pages: PagesLike | None = None, findings: Mapping[str, Sequence[str]] | None = None,
    progress: Callable[[int], None] | None = None,
) -> SiteResult:
    """Write the static site of the data into ``out``, replacing the site there whole.
    ``findings`` are the validation findings to show, by the IRI of the resource they are about;
    ``progress`` is told how many resources are written, as they are."""
    out = Path(out)
    check_site_folder(out)
    pages = pages if pages is not None else _pages()
    out.absolute().parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(dir=out.absolute().parent, prefix=f".{out.name}.", suffix=".new"))
    aside = new.with_suffix(".old")
    try:
        os.chmod(new, 0o755)  # mkdtemp's 0700 would keep the web server out
        written = _Writer(new)
        skipped = _write(written, data, pages, findings or {}, progress, root=out.absolute())
        _swap(new, aside, out)
    except OSError as e:
        raise QkpError(f"{e.filename or out}: cannot write the site: {e.strerror}") from e
    finally:
        if aside.exists() and not out.exists():  # interrupted between the two renames of _swap
            os.rename(aside, out)
        # After the swap these hold the old site; before it, the unfinished new one.
        for left in (new, aside):
            if left.exists():
                shutil.rmtree(left, ignore_errors=True)
    return SiteResult(out, len(data.resources), written.count, skipped)


class _Writer:
    """Files written under one folder, counted."""

    def __init__(self, root: Path) -> None:
        self.root, self.count = root, 0

    def put(self, path: str, content: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self.count += 1


def _write(out: _Writer, data: Data, pages: PagesLike, findings: Mapping[str, Sequence[str]], progress: Callable[[int], None] | None, *, root: Path) -> tuple[str, ...]:
    html = [INDEX, PEOPLE, ONTOLOGY]
    done = 0
    for resource in data.resources:
        triples = data.description(resource)
        for fmt in RDF_FORMATS:
            out.put(resource.doc + fmt.extension, data.serialize(triples, fmt))
        out.put(resource.doc + HTML.extension, pages.page(data, resource, findings=tuple(findings.get(resource.iri, ()))))
        html.append(resource.doc + HTML.extension)
        done += 1
        if progress is not None:
            progress(done)
    out.put(INDEX, pages.index_page(data))
    out.put(PEOPLE, pages.people_page(data))
    out.put(SEARCH, pages.search_index(data))
    out.put(ONTOLOGY, pages.ontology_page())
    for path, body in sorted(pages.ASSETS.items()):
        if not all(map(is_segment, path.split("/"))):
            raise QkpError(f"an asset's path is not a relative path of plain names: {path!r}")
        out.put(path, body)
    out.put(ONTOLOGY_FILE, ontology_text())
    out.put(SHAPES_FILE, shapes_text())
    files = dumps(data)
    for name, body in files.items():
        out.put(name, body)
    out.put(VOID_PATH, void_description(data, files))
    out.put(SITEMAP, sitemap(data.base, html))
    out.put(".htaccess", htaccess())
    out.put("nginx.conf", nginx_conf(str(root)))
    return data.skipped


def _swap(new: Path, aside: Path, out: Path) -> None:
    """Put the folder ``new`` at ``out``; what was at ``out`` ends up at ``new``, to be removed."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return
    # Two renames: for a moment there is no site at all, but never half of one.
    os.rename(out, aside)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(aside, out)
        raise
    os.rename(aside, new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system
    or the file system cannot."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE (linux/fcntl.h)
    if int(renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def findings_beside(inputs: Sequence[str | Path]) -> dict[str, tuple[str, ...]]:
    """The findings of the validation report a build wrote beside each input
    (``validation-report.ttl``), by the IRI of the resource they are about: ``"warning: message
    [value]"``, sorted. Reading the report costs nothing, where validating again would cost the
    shapes' run; a report that is not there gives none."""
    found: dict[str, set[str]] = {}
    reports = {(Path(path).absolute().parent / REPORT_FILE) for path in inputs if not is_stdin(str(path))}
    for report in sorted(p for p in reports if p.is_file()):
        try:
            store = ox.Store()
            store.bulk_extend(ox.parse(path=report, format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError) as e:
            raise QkpError(f"{report}: cannot read the validation report: {e}") from e
        for focus, line in _results(store):
            found.setdefault(focus, set()).add(line)
    return {focus: tuple(sorted(lines)) for focus, lines in sorted(found.items())}


def _results(store: ox.Store) -> list[tuple[str, str]]:
    query = f"""SELECT ?focus ?severity ?message ?value WHERE {{
        ?result a <{_SH}ValidationResult> ; <{_SH}focusNode> ?focus ; <{_SH}resultSeverity> ?severity .
        OPTIONAL {{ ?result <{_SH}resultMessage> ?message }}
        OPTIONAL {{ ?result <{_SH}value> ?value }}
        FILTER(isIRI(?focus))
    }}"""
    rows = []
    for row in cast(ox.QuerySolutions, store.query(query)):
        focus, severity, message, value = (row[name] for name in ("focus", "severity", "message", "value"))
        assert isinstance(focus, ox.NamedNode) and severity is not None  # the query binds both
        text = f"{severity.value.removeprefix(_SH).lower()}: {message.value if message is not None else 'a shape is not met'}"
        if value is not None:
            text += f" [{value.value}]"
        rows.append((focus.value, text))
    return rows
