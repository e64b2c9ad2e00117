"""Benchmark: reconciling 1, 100 and 1,000 generated articles against a Wikidata-shaped store.

Run from the project root:  python benchmarks/reconcile.py [--sizes 1 100 1000]

For each size it builds the dataset, makes a Wikidata-shaped extract from it (for every person
an item with the person's name, human, born 45 years before their first term, holding the post
in a dated statement, and a namesake born after the terms; for every party an item with its
founding date and links to its parent and successors; for every post a position item linked
to its party), loads the extract into an
in-process pyoxigraph store, and reconciles. It prints the entities, the name look-ups, the
queries and the largest query's size (what an endpoint receives), the time spent in our code
(reading the graph, name forms, scoring) apart from the time the store took to answer, and the
decisions; a link to another item than the one made for the entity counts as WRONG.

Not everything can match, by design of the generator: its names come from small pools, and
one name is one person (see the README), so a "person" may hold office in many articles over
more years than a life allows (excluded); and every article's parent party is a separate
entity of the same name, all fitting the one item (ambiguous).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pyoxigraph as ox  # noqa: E402
from articles import article  # noqa: E402

from qkp_rdf.ids import Minter  # noqa: E402
from qkp_rdf.ntriples import to_graph  # noqa: E402
from qkp_rdf.pipeline import article_lines, model_article  # noqa: E402
from qkp_rdf.reconcile import reconcile  # noqa: E402
from qkp_rdf.reconcile.entities import Entity, Kind, Relation, entities, languages  # noqa: E402
from qkp_rdf.reconcile.scoring import lookups  # noqa: E402

WD, WDT, P, PS, PQ = (f"http://www.wikidata.org/{s}" for s in ("entity/", "prop/direct/", "prop/", "prop/statement/", "prop/qualifier/"))
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


def extract(graph_entities: list[Entity], store: ox.Store) -> dict[str, str]:
    """Wikidata-shaped items for the entities; returns entity IRI -> the QID made for it. Parties
    and posts of one name share one item (the parent party every generated article names)."""
    by_name: dict[tuple[Kind, str], str] = {}
    qids = {e.iri: by_name.setdefault((e.kind, e.label) if e.kind is not Kind.PERSON else (e.kind, e.iri), f"Q{1000 + i}") for i, e in enumerate(graph_entities)}
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o))

    def day(year: int, month: int | None = 1, date: int | None = 1) -> ox.Literal:
        return ox.Literal(f"{year:04d}-{month or 1:02d}-{date or 1:02d}T00:00:00Z", datatype=DATETIME)

    for e in {qids[e.iri]: e for e in reversed(graph_entities)}.values():
        item = WD + qids[e.iri]
        quads.append(ox.Quad(ox.NamedNode(item), LABEL, ox.Literal(e.label, language="en")))
        if e.kind is Kind.PERSON:
            add(item, WDT + "P31", ox.NamedNode(WD + "Q5"))
            first = min(t.start.year for t in e.terms if t.start)
            add(item, WDT + "P569", day(first - 45))
            for t in e.terms:
                statement = f"{item}-{t.iri.rsplit('/', 1)[1]}"
                add(item, P + "P39", ox.NamedNode(statement))
                add(statement, PS + "P39", ox.NamedNode(WD + qids[t.post]))
                if t.start:
                    add(statement, PQ + "P580", day(t.start.year, t.start.month, t.start.day))
            namesake = f"{item}9"
            quads.append(ox.Quad(ox.NamedNode(namesake), LABEL, ox.Literal(e.label, language="en")))
            add(namesake, WDT + "P31", ox.NamedNode(WD + "Q5"))
            add(namesake, WDT + "P569", day(first + 30))
        elif e.kind is Kind.PARTY:
            add(item, WDT + "P31", ox.NamedNode(WD + "Q7278"))
            if e.founded:
                add(item, WDT + "P571", day(e.founded.year))
            for relation, other in e.links:
                add(item, WDT + ("P749" if relation is Relation.PARENT else "P1366"), ox.NamedNode(WD + qids[other]))
        else:
            add(item, WDT + "P31", ox.NamedNode(WD + "Q4164871"))
            for _, party in e.links:
                add(item, WDT + "P2389", ox.NamedNode(WD + qids[party]))
    store.extend(quads)
    return qids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    args = parser.parse_args()
    print(f"{'articles':>8} {'entities':>8} {'look-ups':>8} {'queries':>7} {'largest':>9} {'our code':>9} {'store':>8}  matched / ambiguous / unmatched / WRONG")
    for size in args.sizes:
        graph = to_graph(article_lines([model_article(*_encoded(article(n))) for n in range(size)], Minter()).lines)
        found = entities(graph)
        store = ox.Store()
        made = extract(found, store)
        sent: list[int] = []
        in_store = 0.0

        def select(text: str) -> list[dict[str, str]]:
            nonlocal in_store
            sent.append(len(text.encode("utf-8")))
            started = time.perf_counter()
            answers = store.query(text)
            names = [v.value for v in answers.variables]  # type: ignore[union-attr]
            rows = [{n: solution[n].value for n in names if solution[n] is not None} for solution in answers]  # type: ignore[union-attr]
            in_store += time.perf_counter() - started
            return rows

        started = time.perf_counter()
        result = reconcile(graph, select)
        total = time.perf_counter() - started
        counts = Counter("WRONG" if d.qid and d.qid != made[d.entity.iri] else d.status.value for d in result.decisions)
        print(
            f"{size:>8} {len(found):>8} {len(lookups(found, languages(graph))):>8} {len(sent):>7} {max(sent) / 1024:>7.1f}KB"
            f" {total - in_store:>8.2f}s {in_store:>7.2f}s  {' / '.join(str(counts[k]) for k in ('matched', 'ambiguous', 'unmatched', 'WRONG'))}"
        )


def _encoded(named: tuple[str, str]) -> tuple[str, bytes]:
    return named[0], named[1].encode("utf-8")


if __name__ == "__main__":
    main()
