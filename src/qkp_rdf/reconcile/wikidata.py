"""The questions reconciliation asks a Wikidata-shaped SPARQL endpoint, and what the answers say.

Only standard SPARQL 1.1 over Wikidata's RDF model (``wd:``, ``wdt:``, ``p:``, ``ps:``, ``pq:``,
``rdfs:label``, ``skos:altLabel``): no WDQS-only service, so any endpoint holding Wikidata-shaped
data answers. Look-ups are batched with ``VALUES``; every query's text depends only on our graph,
so answers can be cached by query text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from rdflib import Graph, Literal

from ..dates import wikidata_date
from ..remote import USER_AGENT, Retry, server_url
from ..sparql_http import lexical_rows, post_query


#: Runs one SELECT query and returns its rows: variable name -> lexical value (IRIs as text);
#: unbound variables are left out. Anything that can answer SPARQL can be one.
Select = Callable[[str], list[dict[str, str]]]

WD = "http://www.wikidata.org/entity/"
HUMAN, POLITICAL_PARTY, POSITION = "Q5", "Q7278", "Q4164871"
BIRTH, DEATH, INCEPTION, DISSOLVED = "P569", "P570", "P571", "P576"
#: Wikidata properties between two items that our graph's links correspond to (see scoring).
LINK_PROPERTIES = ("P155", "P156", "P355", "P361", "P527", "P749", "P1365", "P1366", "P2388", "P2389")

T = TypeVar("T")
NAMES_PER_QUERY = 300
ITEMS_PER_QUERY = 100

_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def qid(iri: str) -> str | None:
    """``Q42`` for ``http://www.wikidata.org/entity/Q42``; None for anything else."""
    return iri[len(WD) :] if re.fullmatch(re.escape(WD) + r"Q\d+", iri) else None


def _batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _items(qids: Iterable[str]) -> str:
    return " ".join(f"wd:{q}" for q in qids)


def names_query(names: Iterable[tuple[str, str]]) -> str:
    """Items whose label or alias is exactly one of ``names`` ((text, language) pairs)."""
    values = " ".join(Literal(text, lang=lang).n3() for text, lang in names)
    return _PREFIXES + f"""SELECT DISTINCT ?item ?text ?lang ?how WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name . BIND("label" AS ?how) }}
  UNION
  {{ ?item skos:altLabel ?name . BIND("alias" AS ?how) }}
  FILTER(STRSTARTS(STR(?item), "{WD}Q"))
  BIND(STR(?name) AS ?text)
  BIND(LANG(?name) AS ?lang)
}}
"""


def classes_query(qids: Iterable[str]) -> str:
    """Which of the items are (instances of subclasses of) human, political party, position."""
    return _PREFIXES + f"""SELECT DISTINCT ?item ?class WHERE {{
  VALUES ?item {{ {_items(qids)} }}
  VALUES ?class {{ wd:{HUMAN} wd:{POLITICAL_PARTY} wd:{POSITION} }}
  ?item wdt:P31/wdt:P279* ?class .
}}
"""


def dates_query(qids: Iterable[str]) -> str:
    """Birth, death, inception and dissolution dates of the items."""
    properties = " ".join(f"wdt:{p}" for p in (BIRTH, DEATH, INCEPTION, DISSOLVED))
    return _PREFIXES + f"""SELECT DISTINCT ?item ?property ?date WHERE {{
  VALUES ?item {{ {_items(qids)} }}
  VALUES ?property {{ {properties} }}
  ?item ?property ?value .
  FILTER(isLiteral(?value))
  BIND(STR(?value) AS ?date)
}}
"""


def links_query(qids: Iterable[str]) -> str:
    """The items' links to other items by the properties in :data:`LINK_PROPERTIES`."""
    properties = " ".join(f"wdt:{p}" for p in LINK_PROPERTIES)
    return _PREFIXES + f"""SELECT DISTINCT ?item ?property ?other WHERE {{
  VALUES ?item {{ {_items(qids)} }}
  VALUES ?property {{ {properties} }}
  ?item ?property ?other .
  FILTER(isIRI(?other))
}}
"""


def positions_query(qids: Iterable[str]) -> str:
    """The items' position-held (P39) statements that are not deprecated, with start and end."""
    return _PREFIXES + f"""SELECT DISTINCT ?item ?statement ?position ?start ?end WHERE {{
  VALUES ?item {{ {_items(qids)} }}
  ?item p:P39 ?statement .
  ?statement ps:P39 ?position .
  OPTIONAL {{ ?statement pq:P580 ?startValue }}
  OPTIONAL {{ ?statement pq:P582 ?endValue }}
  FILTER NOT EXISTS {{ ?statement wikibase:rank wikibase:DeprecatedRank }}
  BIND(STR(?startValue) AS ?start)
  BIND(STR(?endValue) AS ?end)
}}
"""


@dataclass(frozen=True)
class NameHit:
    """An item found by one of the names we looked up."""

    text: str
    lang: str
    how: str  # "label" or "alias"


@dataclass(frozen=True)
class Statement:
    """A position held (P39) statement."""

    iri: str
    position: str
    starts: tuple[dt.date, ...]
    ends: tuple[dt.date, ...]

    @property
    def dated(self) -> bool:
        return bool(self.starts or self.ends)


@dataclass
class Item:
    """What the endpoint says about one candidate item."""

    qid: str
    hits: set[NameHit] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    dates: dict[str, list[dt.date]] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)

    def years(self, prop: str) -> list[int]:
        return sorted({d.year for d in self.dates.get(prop, [])})


@dataclass
class Facts:
    """Everything fetched: the candidate items and the links between items."""

    items: dict[str, Item]
    #: (subject QID, property, object QID)
    edges: set[tuple[str, str, str]]


def fetch(lookups: Iterable[tuple[str, str]], select: Select) -> Facts:
    """Find the items named by ``lookups`` ((text, language) pairs) and fetch what scoring needs about them."""
    names = sorted(set(lookups))
    items: dict[str, Item] = {}
    for batch in _batches(names, NAMES_PER_QUERY):
        for row in select(names_query(batch)):
            q = qid(row.get("item", ""))
            if q and {"text", "how"} <= row.keys():
                items.setdefault(q, Item(q)).hits.add(NameHit(row["text"], row.get("lang", ""), row["how"]))
    facts = Facts(items, set())
    for qids in _batches(sorted(items), ITEMS_PER_QUERY):
        _read_batch(qids, select, facts)
    return facts


def _read_batch(batch: Sequence[str], select: Select, facts: Facts) -> None:
    items = facts.items
    for row in select(classes_query(batch)):
        q, c = qid(row.get("item", "")), qid(row.get("class", ""))
        if q in items and c:
            items[q].classes.add(c)
    for row in select(dates_query(batch)):
        q, day = qid(row.get("item", "")), wikidata_date(row.get("date", ""))
        prop = row.get("property", "").rsplit("/", 1)[-1]
        if q in items and day:
            items[q].dates.setdefault(prop, []).append(day)
    for row in select(links_query(batch)):
        q, other = qid(row.get("item", "")), qid(row.get("other", ""))
        if q and other:
            facts.edges.add((q, row.get("property", "").rsplit("/", 1)[-1], other))
    statements: dict[tuple[str, str], tuple[str, set[dt.date], set[dt.date]]] = {}
    for row in select(positions_query(batch)):
        q, position = qid(row.get("item", "")), qid(row.get("position", ""))
        if q not in items or not position:
            continue
        _, starts, ends = statements.setdefault((q, row.get("statement", "")), (position, set(), set()))
        starts.update(d for d in [wikidata_date(row.get("start", ""))] if d)
        ends.update(d for d in [wikidata_date(row.get("end", ""))] if d)
    for (q, iri), (position, starts, ends) in sorted(statements.items()):
        items[q].statements.append(Statement(iri, position, tuple(sorted(starts)), tuple(sorted(ends))))


def sorted_rows(rows: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """Rows in a fixed order: endpoints return them in any order."""
    return sorted((dict(sorted(r.items())) for r in rows), key=lambda r: sorted(r.items()))


def graph_select(graph: Graph) -> Select:
    """A :data:`Select` over an in-process rdflib graph (a Wikidata extract on disk, say)."""

    def select(text: str) -> list[dict[str, str]]:
        result = graph.query(text)
        names = [str(v) for v in result.vars or []]
        return [{n: str(v) for n, v in zip(names, row) if v is not None} for row in result if isinstance(row, tuple)]

    return select


def endpoint_select(endpoint: str, *, agent: str = USER_AGENT, retry: Retry = Retry(), timeout: float = 120.0) -> Select:
    """A :data:`Select` over a SPARQL 1.1 endpoint, through :func:`~qkp_rdf.sparql_http.post_query`
    (POSTed form-encoded, JSON results asked for).

    The request says who sends it (``agent``). A 429 (too many requests) is retried after the
    ``Retry-After`` the server gives; 5xx answers, refused and dropped connections are retried
    with backoff (see :func:`~qkp_rdf.remote.send`)."""
    url, auth = server_url(endpoint, "--endpoint")

    def select(text: str) -> list[dict[str, str]]:
        return lexical_rows(post_query(url, text, auth=auth, agent=agent, retry=retry, timeout=timeout))

    return select
