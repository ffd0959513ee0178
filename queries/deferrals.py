"""Deferral chains: who points the responsibility at whom, and whether anyone accepts it.

The defers_to claims of one slice form a small directed graph. Strongly connected
components with more than one node (or a self loop) are owners pointing at each other;
only inside such a component are the simple cycles listed. A chain that ends at someone
who never accepts is a dead end.

>>> from graph.store.base import ClaimRow
>>> rows = [ClaimRow(f"c{i}", a, "defers_to", object=b, issue="integration")
...         for i, (a, b) in enumerate([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e")])]
>>> [(c.kind, c.chain) for c in analyse_deferrals(rows, accepts=lambda n: False)]
[('cycle', ['a', 'b', 'c', 'a']), ('dead_end', ['d', 'e'])]
>>> [(c.kind, c.chain) for c in analyse_deferrals(rows[3:], accepts=lambda n: n == "e")]
[('accepted', ['d', 'e'])]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graph.store.base import ClaimRow


@dataclass
class Chain:
    kind: str  # cycle | dead_end | accepted
    chain: list[str]
    claims: list[str]


def _edge_claims(graph: nx.DiGraph, path: list[str]) -> list[str]:
    return [cid for a, b in itertools.pairwise(path) for cid in graph.edges[a, b]["claims"]]


def analyse_deferrals(rows: list[ClaimRow], accepts: Callable[[str], bool]) -> list[Chain]:
    """Cycles, dead ends and accepted chains among the defers_to claims ``rows``."""
    graph = nx.DiGraph()
    for r in rows:
        if graph.has_edge(r.subject, r.object):
            graph.edges[r.subject, r.object]["claims"].append(r.id)
        else:
            graph.add_edge(r.subject, r.object, claims=[r.id])
    chains: list[Chain] = []
    in_cycle: set[str] = set()
    for comp in sorted(nx.strongly_connected_components(graph), key=min):
        if len(comp) > 1 or graph.has_edge(next(iter(comp)), next(iter(comp))):
            in_cycle |= comp
            for cycle in sorted(nx.simple_cycles(graph.subgraph(comp)), key=lambda c: (len(c), c)):
                start = cycle.index(min(cycle))
                cycle = cycle[start:] + cycle[:start]
                path = [*cycle, cycle[0]]
                chains.append(Chain("cycle", path, _edge_claims(graph, path)))
    for target in sorted(n for n in graph if graph.out_degree(n) == 0):
        starts = sorted(n for n in nx.ancestors(graph, target) if graph.in_degree(n) == 0 and n not in in_cycle)
        kind = "accepted" if accepts(target) else "dead_end"
        for start in starts:
            path = nx.shortest_path(graph, start, target)
            chains.append(Chain(kind, path, _edge_claims(graph, path)))
    return chains
