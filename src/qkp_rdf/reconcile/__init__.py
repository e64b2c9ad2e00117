"""Reconcile our people, parties and posts with Wikidata items, with evidence.

``reconcile(graph, select)`` finds candidate items by name over any SPARQL endpoint holding
Wikidata-shaped data (see :mod:`.wikidata`), scores them (:mod:`.scoring`) and decides
matched / ambiguous / unmatched. The answers and the links are kept in a cache file
(:class:`Cache`), so a second run needs no endpoint and ``build --links`` can merge the
``owl:sameAs`` links into the published graph reproducibly. :mod:`.quickstatements` writes
the terms of office that Wikidata lacks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from ..config import DEFAULT_THRESHOLD
from ..errors import InputError, UsageError
from ..inputs import input_file
from ..tables import table
from .entities import Entity, entities, languages
from .quickstatements import Batch, quickstatements
from .scoring import Candidate, Decision, Status, decide, lookups
from .wikidata import WD, Facts, Select, fetch, sorted_rows

__all__ = ["Cache", "Reconciliation", "reconcile", "same_as_links", "FORMATS", "DEFAULT_THRESHOLD"]

FORMATS = ("table", "csv", "json")
COLUMNS = ("entity", "label", "qid", "score", "status", "evidence")
#: Written into the cache file; a file with another value is not read.
CACHE_FORMAT = "qkp-rdf reconcile cache 1"


@dataclass(frozen=True)
class Reconciliation:
    """The decisions for every entity, and the facts they were made from."""

    decisions: tuple[Decision, ...]
    facts: Facts

    def links(self) -> dict[str, str]:
        """Entity IRI -> QID, for the matched entities."""
        return {d.entity.iri: d.qid for d in self.decisions if d.qid}

    def rows(self) -> list[dict[str, Any]]:
        """One row per entity: ``entity, label, qid, score, status, evidence`` (evidence a list)."""
        return [_row(d) for d in self.decisions]

    def format(self, fmt: str, *, width: int | None = None) -> str:
        """The rows as an aligned table (cut to ``width``, a terminal's, when given), CSV
        (evidence joined with `` | ``) or JSON."""
        rows = self.rows()
        if fmt == "json":
            return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        flat = [{**r, "evidence": " | ".join(r["evidence"]), "score": str(r["score"])} for r in rows]
        return table(fmt, COLUMNS, [[r[c] for c in COLUMNS] for r in flat], rule=False, width=width, empty="nothing to reconcile: no person, party or post in the graph")

    def quickstatements(self) -> Batch:
        return quickstatements(self.decisions, self.facts)


#: An unmatched row names at most this many candidates.
SHOWN = 5


def _describe(c: Candidate) -> str:
    return f"{c.qid} excluded: {c.excluded}" if c.excluded else f"{c.qid} ({c.score}): {'; '.join(c.evidence)}"


def _row(d: Decision) -> dict[str, Any]:
    if d.status is Status.MATCHED:
        evidence = list(d.chosen[0].evidence) + [f"runner-up {_describe(c)}" for c in d.candidates[1:2] if not c.excluded]
    else:
        shown = d.chosen or d.candidates[:SHOWN]
        evidence = [_describe(c) for c in shown] or ["no item has any of these names"]
        if len(d.candidates) > len(shown) and not d.chosen:
            evidence.append(f"and {len(d.candidates) - len(shown)} more")
        if d.status is Status.UNMATCHED and any(not c.excluded for c in d.candidates):
            evidence.append("not enough evidence")
    if d.note:
        evidence.append(d.note)
    qid = " ".join(c.qid for c in d.chosen) if d.status is not Status.UNMATCHED else ""
    return {"entity": d.entity.iri, "label": d.entity.label, "qid": qid, "score": d.score, "status": d.status.value, "evidence": evidence}


def reconcile(graph: Graph, select: Select, *, threshold: int = DEFAULT_THRESHOLD) -> Reconciliation:
    """Reconcile every person, organization and post of ``graph`` with the items ``select`` finds."""
    found: list[Entity] = entities(graph)
    facts = fetch(lookups(found, languages(graph)), select)
    return Reconciliation(tuple(decide(found, facts, threshold=threshold)), facts)


@dataclass
class Cache:
    """The endpoint's answers (by query text) and the links of the last run, kept in a JSON file.

    A run asks the cache first and the endpoint only for what it lacks; the file then keeps
    exactly the answers that run used, sorted, so the same graph gives the same file."""

    answers: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: str | Path) -> Cache:
        """The cache in ``path``; an empty one if there is no such file."""
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text("utf-8"))
        except json.JSONDecodeError as e:
            raise InputError(f"not a reconcile cache: {e.msg}", source=path, line=e.lineno) from e
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"cannot read: {getattr(e, 'strerror', None) or e}", source=path) from e
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise InputError(f"not a reconcile cache (its \"format\" must be {CACHE_FORMAT!r})", source=path)
        try:
            answers = {str(a["query"]): [{str(k): str(v) for k, v in row.items()} for row in a["rows"]] for a in data["answers"]}
            links = {str(k): str(v) for k, v in data["links"].items()}
        except (KeyError, TypeError, AttributeError) as e:
            raise InputError(f"not a reconcile cache: {e!r}", source=path) from e
        bad = sorted(q for q in links.values() if not re.fullmatch(r"Q[1-9]\d*", q))
        if bad:
            raise InputError(f"not a Wikidata item id: {bad[0]!r}", source=path)
        return cls(answers, links)

    def select(self, endpoint: Select | None, *, source: str | Path = "the cache") -> Select:
        """Answers from the cache, else from ``endpoint``; without one, a missing answer is an error."""

        def select(text: str) -> list[dict[str, str]]:
            if text not in self.answers:
                if endpoint is None:
                    raise UsageError(f"{source}: holds no answer to one of the queries this graph needs; run reconcile with an endpoint")
                self.answers[text] = sorted_rows(endpoint(text))
            self.used.add(text)
            return self.answers[text]

        return select

    def text(self) -> str:
        """The file's content: the answers used in this run, and the links."""
        answers = [{"query": q, "rows": self.answers[q]} for q in sorted(self.used)]
        data = {"format": CACHE_FORMAT, "links": dict(sorted(self.links.items())), "answers": answers}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def same_as_links(path: str | Path, graph: Graph | None = None) -> Graph:
    """``owl:sameAs`` triples from a reconcile cache's links, for the entities ``graph`` describes
    (a cache made from another graph links nothing it does not hold); all of them without one."""
    links = Graph()
    for entity, qid in sorted(Cache.load(input_file(path)).links.items()):
        subject = URIRef(entity)
        if graph is None or (subject, None, None) in graph:
            links.add((subject, OWL.sameAs, URIRef(WD + qid)))
    return links
