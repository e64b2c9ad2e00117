"""The HTML pages (qkp_rdf.web.pages): what they show, that every value is escaped, that the
embedded JSON-LD is the resource's description (pyld and a real extractor read it back), that
every relative link lands on a file the site has, and that the same data gives the same bytes."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from qkp_rdf.query import list_queries
from qkp_rdf.web.pages import ASSETS, DUMPS, ROOT_PAGES, index_page, ontology_page, page, people_page, search_index
from qkp_rdf.web.resources import BY_EXTENSION, FORMATS, Data, Resource
from qkp_rdf.web.vocabulary import ontology, ontology_text

from .conftest import ROOT

EVIL = '<script>alert(1)</script> "quoted" & co'
SEED_POST = "doc/post/communist-party-of-kazakhstan-soviet-union-first-secretary"
KUNAEV = "doc/person/dinmukhamed-kunaev"

#: Made-up data with every date form and end a timeline draws, and labels that try to break out
#: of the HTML: a gap (1925-06 .. 1927-01-01), an overlap (1929-03-01 before the decade "193."
#: ends), an unknown end, an incumbent.
ODD = f"""
@prefix qkp: <https://w3id.org/qkp/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://example.org/qkp/id/dataset/odd> a void:Dataset ; dcterms:title {json.dumps(EVIL)}@en ;
    prov:wasDerivedFrom <https://example.org/qkp/id/article/odd> .
<https://example.org/qkp/id/article/odd> a schema:Article ; schema:identifier "odd \\"file\\" & <name>.txt" ;
    rdfs:label {json.dumps(EVIL)}@en .
<https://example.org/qkp/id/excerpt/odd-1> a qkp:TableRow ; prov:value "</script><script>alert(2)</script> & \\"x\\"" ;
    qkp:line 3 ; dcterms:isPartOf <https://example.org/qkp/id/article/odd> .
<https://example.org/qkp/id/party/odd> a qkp:PoliticalParty, org:FormalOrganization ;
    skos:prefLabel {json.dumps(EVIL)}@en ; rdfs:label {json.dumps(EVIL)}@en ;
    schema:foundingDate "1919"^^xsd:gYear ; owl:sameAs <javascript:alert(3)> .
<https://example.org/qkp/id/post/odd-chair> a org:Post ; rdfs:label "Chair of the odd party"@en ;
    org:postIn <https://example.org/qkp/id/party/odd> .
<https://example.org/qkp/id/person/evil> a foaf:Person ; foaf:name {json.dumps(EVIL)} ; rdfs:label {json.dumps(EVIL)} .
<https://example.org/qkp/id/person/b> a foaf:Person ; foaf:name "Bea" ; rdfs:label "Bea" .
<https://example.org/qkp/id/person/c> a foaf:Person ; foaf:name "Cyd" ; rdfs:label "Cyd" .
<https://example.org/qkp/id/person/d> a foaf:Person ; foaf:name "Dee" ; rdfs:label "Dee" .
<https://example.org/qkp/id/term/odd-chair-1> a qkp:TermOfOffice ; opengov:post <https://example.org/qkp/id/post/odd-chair> ;
    org:member <https://example.org/qkp/id/person/evil> ; qkp:position 1 ; qkp:ordinal 1 ;
    schema:validFrom "1920"^^xsd:gYear ; schema:validThrough "1925-06"^^xsd:gYearMonth ;
    prov:wasDerivedFrom <https://example.org/qkp/id/excerpt/odd-1> ; qkp:nextTerm <https://example.org/qkp/id/term/odd-chair-2> .
<https://example.org/qkp/id/term/odd-chair-2> a qkp:TermOfOffice ; opengov:post <https://example.org/qkp/id/post/odd-chair> ;
    org:member <https://example.org/qkp/id/person/b> ; qkp:position 2 ;
    schema:validFrom "1927-01-01"^^xsd:date ; qkp:earliestEnd "1930-01-01"^^xsd:date ; qkp:latestEnd "1939-12-31"^^xsd:date ;
    qkp:previousTerm <https://example.org/qkp/id/term/odd-chair-1> ; qkp:nextTerm <https://example.org/qkp/id/term/odd-chair-3> .
<https://example.org/qkp/id/term/odd-chair-3> a qkp:TermOfOffice ; opengov:post <https://example.org/qkp/id/post/odd-chair> ;
    org:member <https://example.org/qkp/id/person/c> ; qkp:position 3 ; schema:validFrom "1929-03-01"^^xsd:date ;
    qkp:previousTerm <https://example.org/qkp/id/term/odd-chair-2> ; qkp:nextTerm <https://example.org/qkp/id/term/odd-chair-4> .
<https://example.org/qkp/id/term/odd-chair-4> a qkp:TermOfOffice ; opengov:post <https://example.org/qkp/id/post/odd-chair> ;
    org:member <https://example.org/qkp/id/person/d> ; qkp:position 4 ; schema:validFrom "1950"^^xsd:gYear ; qkp:incumbent true ;
    qkp:previousTerm <https://example.org/qkp/id/term/odd-chair-3> .
"""


class Node:
    """An element of a parsed page: its tag, attributes, and content (text and elements, in order)."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs = tag, attrs
        self.content: list[Node | str] = []

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.content)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and (cls is None or cls in n.classes)]


_VOID = {"meta", "link", "br", "input", "img", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].content.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].content.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse(html: str) -> Node:
    """The page as a tree, by the standard library's HTML parser; every element must be closed in order."""
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [tree.root], [n.tag for n in tree.stack]
    return tree.root


@pytest.fixture(scope="module")
def seed(seed_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Data:
    path = tmp_path_factory.mktemp("seed") / "qkp.nt"
    seed_graph.serialize(path, format="nt", encoding="utf-8")
    return Data.from_files([path])


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Data:
    path = tmp_path_factory.mktemp("odd") / "odd.ttl"
    path.write_text(ODD, "utf-8")
    return Data.from_files([path])


def _find(data: Data, doc: str) -> Resource:
    found = data.find(doc)
    assert found is not None, doc
    return found


def _embedded(tree: Node) -> list[object]:
    return [json.loads(s.text) for s in tree.find("script") if s.attrs.get("type") == "application/ld+json"]


def _graph(text: str, fmt: str) -> Graph:
    graph = Graph().parse(data=text, format=fmt)
    # pyld lower-cases language tags (design.md, Known pitfalls): compare them case-insensitively.
    lowered = Graph()
    for s, p, o in graph:
        lowered.add((s, p, Literal(str(o), lang=o.language.lower()) if isinstance(o, Literal) and o.language else o))
    return lowered


def _site_files(data: Data) -> set[str]:
    """Every path the static site has, from its root."""
    files = {f"{r.doc}{f.extension}" for r in data.resources for f in FORMATS}
    return files | set(ASSETS) | set(ROOT_PAGES) | {"search.json", ".well-known/void", "ontology.ttl", *(d[0] for d in DUMPS)}


def _all_pages(data: Data) -> Iterator[tuple[str, str]]:
    for resource in data.resources:
        yield f"{resource.doc}.html", page(data, resource)
    yield "index.html", index_page(data)
    yield "people.html", people_page(data)
    yield "ontology.html", ontology_page()


def test_labels_and_excerpts_render_as_text(odd: Data) -> None:
    for path, html in _all_pages(odd):
        tree = parse(html)
        for script in tree.find("script"):
            # Only data (JSON-LD) or the site's own script file: nothing the data could have written.
            assert script.attrs.get("type") == "application/ld+json" or (not script.text and script.attrs.get("src") == "assets/search.js"), (path, script.attrs)
        for embedded in _embedded(tree):
            assert isinstance(embedded, dict) and "@context" in embedded
        assert not [n for n in tree.walk() if any(k.startswith("on") for k in n.attrs)], path
        assert not [n for n in tree.walk() if n.attrs.get("href", "").startswith("javascript:")], path
    person = parse(page(odd, _find(odd, "doc/person/evil")))
    assert EVIL in person.find("h1")[0].text
    assert EVIL in json.dumps(_embedded(person), ensure_ascii=False) or EVIL in str(_embedded(person))
    excerpt = parse(page(odd, _find(odd, "doc/excerpt/odd-1")))
    assert '</script><script>alert(2)</script> & "x"' in excerpt.find("blockquote")[0].text
    assert 'odd "file" & <name>.txt, line 3' in excerpt.find("figcaption")[0].text


def test_findings_are_shown_as_text(seed: Data) -> None:
    tree = parse(page(seed, _find(seed, KUNAEV), findings=["<b>two</b> & birth dates", "second"]))
    section = tree.find("section", "findings")[0]
    assert [li.text for li in section.find("li")] == ["<b>two</b> & birth dates", "second"]
    assert not tree.find("b")
    assert not parse(page(seed, _find(seed, KUNAEV))).find("section", "findings")


@pytest.mark.parametrize("doc", [KUNAEV, SEED_POST, "doc/party/communist-party-of-kazakhstan-soviet-union", "doc/term/communist-party-of-kazakhstan-soviet-union-first-secretary-11",
                                 "doc/event/communist-party-of-kazakhstan-soviet-union-dissolution", "doc/dataset/qkp", "doc/section/communist-party-of-kazakhstan-origin"])
def test_embedded_jsonld_is_the_description(seed: Data, doc: str) -> None:
    resource = _find(seed, doc)
    html = page(seed, resource)
    [embedded] = _embedded(parse(html))
    expanded = jsonld.to_rdf(embedded, {"format": "application/n-quads"})
    turtle = seed.serialize(seed.description(resource), BY_EXTENSION[".ttl"]).decode("utf-8")
    got, want = _graph(expanded, "nt"), _graph(turtle, "turtle")
    if not isomorphic(got, want):
        _, missing, extra = graph_diff(to_isomorphic(want), to_isomorphic(got))
        pytest.fail(f"missing:\n{missing.serialize(format='nt')}\nextra:\n{extra.serialize(format='nt')}")
    extruct = pytest.importorskip("extruct", reason="extruct (the test extra) reads the page as a crawler would")
    items = extruct.extract(html, base_url=f"{seed.base}{resource.doc}.html", syntaxes=["json-ld"])["json-ld"]
    assert items == [json.loads(seed.serialize(seed.description(resource), BY_EXTENSION[".jsonld"]))]


def test_pages_link_their_alternates_and_canonical(seed: Data) -> None:
    resource = _find(seed, KUNAEV)
    head = parse(page(seed, resource)).find("head")[0]
    alternates = {(n.attrs["type"], n.attrs["href"]) for n in head.find("link") if n.attrs.get("rel") == "alternate"}
    assert alternates == {(f.media_type, f"dinmukhamed-kunaev{f.extension}") for f in FORMATS[1:]}
    assert [n.attrs["href"] for n in head.find("link") if n.attrs.get("rel") == "canonical"] == [f"{seed.base}{KUNAEV}.html"]


def test_post_timeline_has_one_bar_per_term(seed: Data) -> None:
    tree = parse(page(seed, _find(seed, SEED_POST)))
    [svg] = tree.find("svg", "timeline")
    bars = svg.find("rect", "term")
    assert len(bars) == 13
    assert len([b for b in bars if "Dinmukhamed Kunaev" in b.text]) == 2
    assert len(tree.find("table", "terms")[0].find("tbody")[0].find("tr")) == 13
    # Terms given to the day, one after the other: no fading, no gap, no overlap marked.
    assert not svg.find("lineargradient") and not svg.find("rect", "gap") and not svg.find("rect", "overlap")
    assert all("end-known" in b.classes for b in bars)


def test_timeline_shows_vague_unknown_and_open_ends_gaps_and_overlaps(odd: Data) -> None:
    [svg] = parse(page(odd, _find(odd, "doc/post/odd-chair"))).find("svg", "timeline")
    bars = svg.find("rect", "term")
    assert [sorted(b.classes - {"term"}) for b in bars] == [
        ["end-known", "fuzzy-end", "fuzzy-start"],  # 1920 .. 1925-06
        ["end-known", "fuzzy-end"],  # 1927-01-01 .. 193.
        ["end-unknown", "fuzzy-end"],
        ["end-open", "fuzzy-start"],  # 1950 .. still in office
    ]
    assert [b.attrs["fill"] for b in bars[:3]] == ["url(#timeline-fade-0)", "url(#timeline-fade-1)", "url(#timeline-fade-2)"]
    fade = {g.attrs["id"]: [float(s.attrs["stop-opacity"]) for s in g.find("stop")] for g in svg.find("lineargradient")}  # html.parser lower-cases tag names
    assert fade["timeline-fade-1"][0] == 1 and fade["timeline-fade-1"][-1] < 1  # a day, then a decade
    assert bars[2].attrs.get("stroke-dasharray") and svg.find("text", "unknown-end")
    assert len(svg.find("path", "open-end")) == 1
    [gap] = svg.find("rect", "gap")
    assert "1925-06" in gap.text and "1927-01-01" in gap.text
    [overlap] = svg.find("rect", "overlap")
    assert "1929-03-01" in overlap.text and "193." in overlap.text


def test_dates_keep_the_precision_the_source_gives(odd: Data) -> None:
    rows = parse(page(odd, _find(odd, "doc/post/odd-chair"))).find("table", "terms")[0].find("tbody")[0].find("tr")
    dates = [[td.text for td in row.find("td")[2:4]] for row in rows]
    assert dates == [["1920", "1925-06"], ["1927-01-01", "193."], ["1929-03-01", "unknown"], ["1950", "in office"]]
    times = {n.attrs["datetime"] for n in parse(page(odd, _find(odd, "doc/term/odd-chair-1"))).find("time")}
    assert times == {"1920", "1925-06"}


def test_person_page_links_the_previous_and_next_holders(seed: Data) -> None:
    rows = parse(page(seed, _find(seed, KUNAEV))).find("table", "terms")[0].find("tbody")[0].find("tr")

    def holder(row: Node, cls: str) -> tuple[str, str]:
        [a] = [td for td in row.find("td") if cls in td.classes][0].find("a")
        return a.text, a.attrs["href"]

    assert [(holder(r, "previous"), holder(r, "next")) for r in rows] == [
        (("Nikolai Belyaev", "../../doc/person/nikolai-belyaev.html"), ("Ismail Yusupov", "../../doc/person/ismail-yusupov.html")),
        (("Ismail Yusupov", "../../doc/person/ismail-yusupov.html"), ("Gennady Kolbin", "../../doc/person/gennady-kolbin.html")),
    ]
    assert [r.find("td")[2].text for r in rows] == ["1960-01-19", "1964-12-07"]


def test_every_term_links_its_source_excerpt(seed: Data) -> None:
    post = parse(page(seed, _find(seed, SEED_POST)))
    sources = [a.attrs["href"] for a in post.find("a", "source")]
    assert len(sources) == 13 and all(s.startswith("../../doc/excerpt/") for s in sources)
    excerpt = _find(seed, "doc/excerpt/communist-party-of-kazakhstan-first-secretaries-row-f450eab3")
    assert f"../../{excerpt.doc}.html" in sources
    tree = parse(page(seed, excerpt))
    assert "Dinmukhamed Kunaev | 19 January 1960" in tree.find("blockquote")[0].text
    assert tree.find("figcaption")[0].text.startswith("communist-party-of-kazakhstan.txt, line 46")


def test_party_page_tells_its_life_and_posts(seed: Data) -> None:
    tree = parse(page(seed, _find(seed, "doc/party/communist-party-of-kazakhstan-soviet-union")))
    life = [[td.text for td in tr.find("td")] for tr in tree.find("table", "life")[0].find("tbody")[0].find("tr")]
    assert [(row[0], row[1].split(":")[0]) for row in life] == [("1936", "founding"), ("1991-09-07", "dissolution"), ("1991-10", "successor created")]
    successors = [li.text for li in tree.find("ul", "successors")[0].find("li")]
    assert successors == ["Socialist Party: de jure successor, 1991-09-07 (line 25)", "Communist Party of Kazakhstan: de facto successor, 1991-10 (line 25)"]
    assert "Communist Party of the Soviet Union" in tree.text
    [post] = tree.find("table", "posts")[0].find("tbody")[0].find("tr")
    assert [td.text for td in post.find("td")] == ["First Secretary of the Communist Party of Kazakhstan", "13", "12", "1937-04-23", "1991-08-28"]


@pytest.mark.parametrize("which", ["seed", "odd"])
def test_relative_links_land_on_files_the_site_has(which: str, request: pytest.FixtureRequest) -> None:
    data: Data = request.getfixturevalue(which)
    files = _site_files(data)
    anchors = {n.attrs["id"] for n in parse(ontology_page()).walk() if "id" in n.attrs}
    for path, html in _all_pages(data):
        for node in parse(html).walk():
            target = node.attrs.get("href") or (node.attrs.get("src") if node.tag == "script" else None)
            if target is None:
                continue
            if target.startswith(("http://", "https://")):
                # Absolute links go out of the site only: the canonical IRI, or someone else's page.
                assert node.attrs.get("rel") in ("canonical", "external"), (path, target)
                continue
            assert not target.startswith(("/", "javascript:")) and "://" not in target, (path, target)
            where, _, fragment = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), where.partition("?")[0])) if where else path
            assert resolved in files, (path, target)
            if fragment and resolved == "ontology.html":
                assert fragment in anchors, (path, target)


def test_sparql_links_and_the_query_form_only_with_an_endpoint(seed: Data) -> None:
    resource = _find(seed, KUNAEV)
    assert "sparql" not in page(seed, resource) and not parse(index_page(seed)).find("textarea")
    links = [a.attrs["href"] for a in parse(page(seed, resource, sparql="sparql")).find("a") if "sparql" in a.attrs["href"]]
    assert links == ["../../sparql?query=DESCRIBE%20%3Chttps%3A%2F%2Fw3id.org%2Fqkp%2Fid%2Fperson%2Fdinmukhamed-kunaev%3E"]
    forms = parse(index_page(seed, sparql="sparql")).find("form")
    queries = [f for f in forms if f.attrs.get("action") == "sparql"]
    assert all(f.attrs.get("method") == "get" and [t.attrs["name"] for t in f.find("textarea")] == ["query"] for f in queries)
    texts = [f.find("textarea")[0].text for f in queries[1:]]
    assert texts == [q.text for q in list_queries().values()]


def test_index_page_lists_the_data_and_links_what_the_site_offers(seed: Data) -> None:
    tree = parse(index_page(seed))
    hrefs = {a.attrs["href"] for a in tree.find("a")}
    assert {".well-known/void", "ontology.html", "people.html", "qkp.ttl", "qkp.jsonld", "qkp.nt", f"{SEED_POST}.html"} <= hrefs
    assert "doc/party/communist-party-of-kazakhstan-soviet-union.html" in hrefs
    assert "All 12 people" in tree.text
    assert tree.find("h1")[0].text == "Office holders of the Communist Party of Kazakhstan"
    # The party the article is about has a row; the ones it only names (one of the same name) come after.
    rows = tree.find("section")[1].find("tbody")[0].find("tr")
    assert [r.find("a")[0].attrs["href"] for r in rows] == ["doc/party/communist-party-of-kazakhstan-soviet-union.html"]
    assert "Also named by the articles: Communist Party of Kazakhstan, Communist Party of the Soviet Union, Socialist Party." in tree.text
    counts = {tr.find("th")[0].text: tr.find("td")[0].text for tr in tree.find("table", "counts")[0].find("tr")}
    assert counts["person"] == "12" and counts["term"] == "13" and counts["triples"] == str(len(seed.store))
    assert tree.find("input")[0].attrs["type"] == "search"


def test_people_page_gives_everyones_posts_and_years(seed: Data) -> None:
    rows = parse(people_page(seed)).find("table", "people")[0].find("tbody")[0].find("tr")
    assert len(rows) == 12
    kunaev = [r for r in rows if r.find("td")[0].text == "Dinmukhamed Kunaev"][0]
    assert kunaev.find("td")[1].text == "First Secretary of the Communist Party of Kazakhstan 1960–1962, 1964–1986"


def test_search_index_is_small_sorted_and_points_at_pages(seed: Data) -> None:
    entries = json.loads(search_index(seed))
    assert entries == sorted(entries, key=lambda e: (e["label"].casefold(), e["kind"], e["doc"]))
    assert all(set(e) == {"label", "kind", "doc"} and seed.find(e["doc"]) for e in entries)
    assert {e["kind"] for e in entries} == {"person", "party", "post"}
    assert [e["doc"] for e in entries if e["label"] == "Dinmukhamed Kunaev"] == [KUNAEV]
    assert len([e for e in entries if e["kind"] == "person"]) == 12


def test_ontology_page_lists_every_term_with_its_wikidata_correspondence() -> None:
    assert ontology_text() == (ROOT / "ontology" / "qkp.ttl").read_text("utf-8"), "the package's copy of the ontology is out of date"
    tree = parse(ontology_page())
    articles = {n.attrs["id"]: n for n in tree.find("article", "term")}
    assert set(articles) == {e.anchor for e in ontology().entries}
    ordinal = articles["ordinal"]
    assert "series ordinal" in ordinal.find("h3")[0].text
    assert [a.attrs["href"] for a in ordinal.find("a")] == ["http://www.wikidata.org/entity/P1545"]
    assert "Q7278" in articles["PoliticalParty"].text and "P580" in articles["schema-validFrom"].text


def test_the_same_data_gives_the_same_bytes(seed: Data, seed_graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "again.nt"
    seed_graph.serialize(path, format="nt", encoding="utf-8")
    again = Data.from_files([path])
    assert dict(_all_pages(seed)) == dict(_all_pages(again))
    assert search_index(seed) == search_index(again)
    assert index_page(seed, sparql="sparql") == index_page(again, sparql="sparql")
