"""The seed's graph against a reviewed expected graph, compared by isomorphism."""

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from .conftest import ROOT

EXPECTED = ROOT / "tests" / "expected" / "communist-party-of-kazakhstan.ttl"


def describe_diff(actual: Graph, expected: Graph, limit: int = 40) -> str:
    """The triples only one side has, as sorted N-Triples lines, for a readable failure."""
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))

    def lines(graph: Graph) -> list[str]:
        text = graph.serialize(format="nt")
        return sorted(line for line in text.splitlines() if line.strip())[:limit]

    return "\n".join(
        ["only in the built graph:", *("  + " + l for l in lines(only_actual)), "only in the expected graph:", *("  - " + l for l in lines(only_expected))]
    )


def test_seed_graph_matches_the_reviewed_graph(seed_graph) -> None:
    expected = Graph().parse(EXPECTED)
    assert to_isomorphic(seed_graph) == to_isomorphic(expected), describe_diff(seed_graph, expected)


def test_diff_names_the_differing_triples(seed_graph) -> None:
    changed = Graph().parse(EXPECTED)
    victim = next(iter(sorted(changed)))
    changed.remove(victim)
    report = describe_diff(seed_graph, changed)
    assert "only in the built graph:" in report and victim[0].n3() in report
