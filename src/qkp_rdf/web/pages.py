"""The HTML pages of the published graph: one per resource (``doc/<kind>/<slug>.html``), the
index, the people index, the ontology, the offline search index and the static assets. The
static site and the live server both call these, so a page is the same bytes either way.

Every link is relative (a resource's page is two folders below the site's root), so the site
works from any folder and under any host. Every value reaches the HTML through an autoescaping
template; each resource page embeds its own description as JSON-LD (the same triples as its
``.jsonld`` file) and links its other formats with ``<link rel="alternate">``."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from markupsafe import Markup

from ..query import list_queries
from . import facts, void
from .facts import Link, iri, link, links, text
from .organizations import life
from .resources import BY_EXTENSION, RDF_FORMATS, RDF_TYPE, Data, Resource
from .templating import render
from .timeline import layout, svg
from .vocabulary import SECTIONS, compact, ontology

#: The static files every page may use, by their path under the site's root.
ASSETS: dict[str, bytes] = {
    f"assets/{name}": files("qkp_rdf.web").joinpath(f"assets/{name}").read_bytes() for name in ("site.css", "search.js", "icon.svg")
}
#: The pages at the site's root besides the resources' own.
ROOT_PAGES = ("index.html", "people.html", "ontology.html")
#: The published dumps the index links (written beside it by the site).
DUMPS = tuple((d.file, d.syntax.media_type, d.syntax.name) for d in void.DUMPS)
_PERSON = iri("foaf:Person").value
_ORGANIZATION_KINDS = ("party", "committee")
_DESCRIBED = {iri("qkp:PoliticalParty").value, iri("org:OrganizationalUnit").value}


def _title(data: Data, resource: Resource) -> str:
    """What a page calls its resource: its label, or the title of a dataset (which has no label)."""
    return text(data, resource.iri, "dcterms:title") or data.label(resource.iri)


def json_script(body: bytes | str) -> Markup:
    """JSON text made safe inside ``<script>``: ``<``, ``>`` and ``&`` as JSON escapes, so no
    string in the data can close the element (``</script>``) or open a comment; it parses the same."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


@dataclass(frozen=True)
class Value:
    """One value of a statement: a link, or a literal with its language or datatype."""

    text: str
    link: Link | None
    note: str


@dataclass(frozen=True)
class Statement:
    label: str
    name: str  # prefixed name of the property
    anchor: str | None  # its place in ontology.html, when the ontology describes it
    values: tuple[Value, ...]


def _property(prop: str) -> tuple[str, str, str | None]:
    entry = next((e for e in ontology().entries if e.iri == prop), None)
    name = compact(prop)
    return (entry.label if entry and entry.label else name), name, entry.anchor if entry else None


def _value(data: Data, obj: facts.Term) -> Value:
    if isinstance(obj, ox.NamedNode):
        return Value(data.label(obj.value), link(data, obj.value), "")
    if isinstance(obj, ox.Literal):
        note = obj.language or ("" if obj.datatype.value.endswith("#string") else compact(obj.datatype.value))
        return Value(obj.value, None, note)
    return Value(str(obj), None, "")


def statements(data: Data, node: str) -> list[Statement]:
    """Everything the data says about a resource, property by property (its types apart)."""
    grouped: dict[str, list[Value]] = {}
    for quad in data.store.quads_for_pattern(ox.NamedNode(node), None, None, ox.DefaultGraph()):
        if quad.predicate != RDF_TYPE:
            grouped.setdefault(quad.predicate.value, []).append(_value(data, quad.object))
    found = [Statement(*_property(p), tuple(sorted(v, key=lambda v: (v.text, v.note)))) for p, v in grouped.items()]
    return sorted(found, key=lambda s: (s.label.casefold(), s.name))


def incoming(data: Data, node: str) -> list[tuple[str, str, str | None, list[Link]]]:
    """What links to a resource: (property label, prefixed name, anchor, the resources), by property."""
    grouped: dict[str, set[Link]] = {}
    for quad in data.store.quads_for_pattern(None, None, ox.NamedNode(node), ox.DefaultGraph()):
        if isinstance(quad.subject, ox.NamedNode):
            grouped.setdefault(quad.predicate.value, set()).add(link(data, quad.subject.value))
    rows = [(*_property(p), sorted(found, key=lambda f: (f.label.casefold(), f.iri))) for p, found in grouped.items()]
    return sorted(rows, key=lambda r: (r[0].casefold(), r[1]))


def _types(data: Data, node: str) -> list[tuple[str, str | None]]:
    """The resource's classes: (prefixed name, anchor in ontology.html or None)."""
    anchors = {e.iri: e.anchor for e in ontology().entries}
    return [(compact(t), anchors.get(t)) for t in sorted(facts.types(data, node))]


def _person(data: Data, resource: Resource) -> dict[str, Any]:
    return {"terms": facts.person_terms(data, resource.iri), "other_names": sorted(o.value for o in data.objects(resource.iri, iri("skos:altLabel")) if isinstance(o, ox.Literal)),
            "born": facts.date_of(data, resource.iri, "schema:birthDate"), "died": facts.date_of(data, resource.iri, "schema:deathDate")}


def _post(data: Data, resource: Resource) -> dict[str, Any]:
    terms = facts.post_terms(data, resource.iri)
    breaks = facts.interruptions(data, resource.iri)
    timeline = layout(terms, breaks, post=data.label(resource.iri))
    return {
        "terms": terms,
        "interruptions": breaks,
        "timeline": Markup(svg(timeline, root="../../")) if timeline else None,
        "organizations": links(data, resource.iri, "org:postIn"),
        "created": facts.date_of(data, resource.iri, "schema:startDate"),
        "abolished": facts.date_of(data, resource.iri, "schema:endDate"),
    }


def _term(data: Data, resource: Resource) -> dict[str, Any]:
    return {"row": facts.term_row(data, resource.iri), "organizations": links(data, resource.iri, "org:organization"),
            "notes": text(data, resource.iri, "schema:description"), "previous_term": links(data, resource.iri, "qkp:previousTerm"),
            "next_term": links(data, resource.iri, "qkp:nextTerm")}


def _event(data: Data, resource: Resource) -> dict[str, Any]:
    return {"date": facts.date_of(data, resource.iri, "dcterms:date"), "original": links(data, resource.iri, "org:originalOrganization"),
            "resulting": links(data, resource.iri, "org:resultingOrganization"), "about": links(data, resource.iri, "qkp:aboutEvent")}


def _excerpt(data: Data, resource: Resource) -> dict[str, Any]:
    return {"excerpt_text": text(data, resource.iri, "prov:value"), "line": text(data, resource.iri, "qkp:line"),
            "file": facts.article_file(data, resource.iri), "part_of": links(data, resource.iri, "dcterms:isPartOf"),
            "derived": [link(data, s) for s in facts.subjects(data, "prov:wasDerivedFrom", resource.iri)]}


def _dataset(data: Data, resource: Resource) -> dict[str, Any]:
    articles = [(a, text(data, a.iri, "schema:identifier"), text(data, a.iri, "qkp:sha256")) for a in links(data, resource.iri, "prov:wasDerivedFrom")]
    return {"generated": text(data, resource.iri, "prov:generatedAtTime"), "articles": articles, "subjects": links(data, resource.iri, "dcterms:subject"),
            "counts": _counts(data), "dumps": DUMPS}


def _organization(data: Data, resource: Resource) -> dict[str, Any]:
    return {"life": life(data, resource.iri)}


#: What each kind of resource's page shows besides what every page does (the others: only that).
_VIEWS: dict[str, Callable[[Data, Resource], dict[str, Any]]] = {
    "person": _person, "post": _post, "term": _term, "event": _event, "claim": _event, "excerpt": _excerpt, "dataset": _dataset,
    **{kind: _organization for kind in _ORGANIZATION_KINDS},
}


def page(data: Data, resource: Resource, *, findings: Sequence[str] = (), sparql: str | None = None) -> str:
    """The HTML page of a resource, at ``doc/<kind>/<slug>.html``: what it is, what the data says
    about it (for a person their terms, for a post its holders and their timeline, for a party its
    life and posts), where each fact came from, and the validation ``findings`` about it.
    ``sparql`` is the SPARQL endpoint's path under the site's root, when there is one."""
    view = _VIEWS.get(resource.kind)
    described = data.description(resource)
    jsonld = data.serialize(described, BY_EXTENSION[".jsonld"])
    describe = f"DESCRIBE <{resource.iri}>"
    linked_from = incoming(data, resource.iri)
    return render(
        "resource.html",
        root="../../",
        resource=resource,
        view=resource.kind if view else "generic",
        title=_title(data, resource),
        canonical=f"{data.base}{resource.doc}.html",
        alternates=[(f.media_type, f"{resource.slug}{f.extension}", f.name) for f in RDF_FORMATS],
        jsonld=json_script(jsonld),
        types=_types(data, resource.iri),
        sources=facts.sources(data, resource.iri),
        statements=statements(data, resource.iri),
        incoming=linked_from,
        incoming_count=sum(len(found) for *_, found in linked_from),
        findings=list(findings),
        sparql_href=f"../../{sparql}?query={quote(describe, safe='')}" if sparql else None,
        **(view(data, resource) if view else {}),
    )


def _counts(data: Data) -> list[tuple[str, int]]:
    kinds: dict[str, int] = {}
    for resource in data.resources:
        kinds[resource.kind] = kinds.get(resource.kind, 0) + 1
    return [("triples", len(data.store)), *sorted(kinds.items())]


def _people(data: Data) -> list[tuple[Link, list[tuple[Link | None, str]]]]:
    people = []
    for person in data.of_kind("person"):
        if _PERSON not in facts.types(data, person.iri):
            continue
        terms = facts.person_terms(data, person.iri)
        posts: dict[str, list[facts.TermRow]] = {}
        for term in terms:
            posts.setdefault(term.post.iri if term.post else "", []).append(term)
        held = [(rows[0].post, facts.years(rows)) for _, rows in sorted(posts.items())]
        people.append((link(data, person.iri), held))
    return sorted(people, key=lambda p: (p[0].label.casefold(), p[0].iri))


def index_page(data: Data, *, sparql: str | None = None) -> str:
    """``index.html``: the dataset, its parties, posts and people, with counts; an offline search
    box (``search.json``); links to the VoID description, the ontology and the dumps; and, when
    ``sparql`` (the endpoint's path) is given, a query form with the bundled queries as examples."""
    datasets = data.of_kind("dataset")
    organizations = [(link(data, r.iri), life(data, r.iri)) for kind in _ORGANIZATION_KINDS for r in data.of_kind(kind)]
    # An organization an article is about (a party, a committee, one with posts) gets a row; one it
    # only names (a parent, a successor) is listed after, so two of one name are told apart.
    described = [o for o in organizations if o[1].posts or _DESCRIBED & facts.types(data, o[0].iri)]
    posts = [(link(data, p.iri), facts.post_terms(data, p.iri), links(data, p.iri, "org:postIn")) for p in data.of_kind("post")]
    description = data.description(datasets[0]) if len(datasets) == 1 else []
    return render(
        "index.html",
        root="",
        title=_title(data, datasets[0]) if len(datasets) == 1 else "Office holders of political parties",
        datasets=[(link(data, d.iri), text(data, d.iri, "prov:generatedAtTime")) for d in datasets],
        organizations=described,
        mentioned=sorted((o[0] for o in organizations if o not in described), key=lambda o: (o.label.casefold(), o.iri)),
        posts=sorted(posts, key=lambda p: (p[0].label.casefold(), p[0].iri)),
        people=len([p for p in data.of_kind("person") if _PERSON in facts.types(data, p.iri)]),
        counts=_counts(data),
        dumps=DUMPS,
        jsonld=json_script(data.serialize(description, BY_EXTENSION[".jsonld"])) if description else None,
        sparql=sparql,
        queries=list(list_queries().items()) if sparql else [],
    )


def people_page(data: Data) -> str:
    """``people.html``: every person, with the posts they held and their years in each."""
    return render("people.html", root="", title="People", people=_people(data))


def ontology_page() -> str:
    """``ontology.html``: every class and property of the ontology with its label, comment and
    Wikidata correspondence."""
    vocabulary = ontology()
    sections = [{"name": name, "anchor": "section-" + name.lower().replace(" ", "-"), "entries": vocabulary.section(name)} for name in SECTIONS]
    return render("ontology.html", root="", title="Ontology", ontology=vocabulary, sections=[s for s in sections if s["entries"]])


def search_index(data: Data) -> str:
    """``search.json``: label, kind and page (``doc/<kind>/<slug>``, no extension) of every person,
    party, committee and post, sorted, one entry a line."""
    entries = [
        {"label": data.label(r.iri), "kind": r.kind, "doc": r.doc}
        for r in data.resources
        if r.kind in ("person", "post", *_ORGANIZATION_KINDS)
    ]
    entries.sort(key=lambda e: (e["label"].casefold(), e["kind"], e["doc"]))
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"
