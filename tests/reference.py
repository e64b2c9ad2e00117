"""The references the tests hold the build to: the mapper's triples for some models, gathered
in one rdflib graph, with none of the build's streaming, grouping or writers in between."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from qkp_rdf.ids import Minter
from qkp_rdf.mapping import map_article, map_dataset
from qkp_rdf.merge import merge, write_run
from qkp_rdf.model import ArticleModel
from qkp_rdf.ntriples import ntriples_lines
from qkp_rdf.pipeline import generated_at, model_article
from qkp_rdf.readers import read_inputs
from qkp_rdf.config import Config
from qkp_rdf.rdfio import used_prefixes
from qkp_rdf.sinks import DATA_SINKS
from qkp_rdf.vocab import prefixes


def load_models(paths: Sequence[str | Path]) -> list[ArticleModel]:
    """Models for the given article files, or for the bundled article when there are none."""
    return [model_article(name, data) for name, data in read_inputs(paths)]


def new_graph(base: str | None = None) -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace)
    return graph


def build_graph(models: Sequence[ArticleModel], config: Config) -> Graph:
    """The dataset graph the build publishes for these models (unvalidated): the mapper's
    triples, N-Triples text, read by rdflib's own parser."""
    mint = Minter(config.base)
    triples = [*map_dataset(models, mint, generated_at(models, config), config.dataset)]
    triples += [triple for model in models for triple in map_article(model, mint)]
    return new_graph(config.base).parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in triples), format="nt")


def written(graph: Graph, folder: Path) -> dict[str, str]:
    """The build's writers (its N-Triples lines and its sinks) applied to a graph: the text of
    each published file, by name."""
    lines = ntriples_lines(graph)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "merged").mkdir(exist_ok=True)
    write_run(folder / "merged" / "run.nt", lines.lines)
    merged = merge([folder / "merged" / "run.nt"], [], [], folder / "merged")
    used = used_prefixes({p: str(ns) for p, ns in graph.namespaces()}, lines.namespaces)
    for sink in DATA_SINKS:
        sink.write(merged, folder / sink.file, used)
    return {sink.file: (folder / sink.file).read_text("utf-8") for sink in DATA_SINKS}
