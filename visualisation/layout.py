"""Positions for large maps, computed in Python so that the browser draws them without physics.

Nodes are grouped by jurisdiction (an issue node by the jurisdiction of its slice); each
group is laid out by force direction (networkx ``spring_layout``, seeded, so the same view
gets the same picture), scaled to its size, and the groups are packed in rows. A group's
layout depends only on its shape — its node count and which of its nodes (in sorted order)
are joined — so it is computed once per shape and kept (``shape_layout``, a bounded cache):
the next map of the same place, and any place of the same shape, reuse it. Nodes of no
jurisdiction (national agencies, organisations present everywhere) sit at the centre of
their neighbours, spread on a small circle when several would coincide or the centre is
taken (a node with one neighbour). A group larger than ``dense_layout_max`` is split into
its connected components first, and a component still larger is put on a sunflower spiral
(force direction on thousands of nodes at once would take too long).

>>> import networkx as nx
>>> g = nx.Graph([("a/1", "a/2"), ("b/1", "b/2"), ("a/1", "org/x"), ("b/1", "org/x")])
>>> pos = positions(g, {"a/1": "a", "a/2": "a", "b/1": "b", "b/2": "b"})
>>> sorted(pos) == sorted(g)
True
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache
from typing import TypeVar

import networkx as nx

N = TypeVar("N", str, int)  # a node: its id, or its index in a group's shape
SPACING = 100.0  # canvas units between neighbouring nodes
GAP = 2.0  # space between packed groups, in SPACING units


def _spiral(nodes: list[N]) -> dict[N, tuple[float, float]]:
    """Nodes on a sunflower spiral of unit spacing (no overlap, any count)."""
    golden = math.pi * (3 - math.sqrt(5))
    return {
        n: (math.sqrt(k + 0.5) * math.cos(k * golden), math.sqrt(k + 0.5) * math.sin(k * golden))
        for k, n in enumerate(nodes)
    }


def _group_layout(graph: nx.Graph, nodes: list[str], seed: int, dense_max: int) -> dict[str, tuple[float, float]]:
    """Positions of one group in units where neighbouring nodes are about 1 apart."""
    ordered = sorted(nodes)
    index = {n: k for k, n in enumerate(ordered)}
    edges = tuple(sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in graph.subgraph(nodes).edges}))
    return dict(zip(ordered, shape_layout(len(ordered), edges, seed, dense_max), strict=True))


@lru_cache(maxsize=8192)
def shape_layout(
    count: int, edges: tuple[tuple[int, int], ...], seed: int, dense_max: int
) -> tuple[tuple[float, float], ...]:
    """Positions of nodes 0 … count-1 joined by ``edges`` (index pairs): the layout of every group
    of that shape, computed once."""
    g = nx.Graph()
    g.add_nodes_from(range(count))
    g.add_edges_from(edges)
    pos = _int_layout(g, list(range(count)), seed, dense_max)
    return tuple(pos[k] for k in range(count))


def _int_layout(graph: nx.Graph, nodes: list[int], seed: int, dense_max: int) -> dict[int, tuple[float, float]]:
    """Force direction for a group that fits ``dense_max``; else its components, or a spiral."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    sub = graph.subgraph(nodes)
    if len(nodes) > dense_max:
        parts = sorted((sorted(c) for c in nx.connected_components(sub)), key=len, reverse=True)
        if len(parts) > 1:
            return _pack([_int_layout(graph, p, seed, dense_max) for p in parts])
        return _spiral(sorted(nodes, key=lambda n: -sub.degree(n)))
    radius = math.sqrt(len(nodes)) / 1.2
    pos = nx.spring_layout(sub, seed=seed, iterations=30 if len(nodes) < 400 else 25, scale=radius)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _pack(groups: list[dict[N, tuple[float, float]]]) -> dict[N, tuple[float, float]]:
    """Place groups (largest first) in rows of roughly square overall shape."""
    boxes = []
    for pos in groups:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + GAP, max(ys) - min(ys) + GAP))
    total = sum(w * h for _, _, _, w, h in boxes)
    row_width = max(math.sqrt(total) * 1.2, max(w for *_, w, _ in boxes))
    out: dict[N, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + px - x0, y + py - y0)
        x += w
        row_height = max(row_height, h)
    cx = sum(p[0] for p in out.values()) / len(out)
    cy = sum(p[1] for p in out.values()) / len(out)
    return {n: (px - cx, py - cy) for n, (px, py) in out.items()}


def positions(
    graph: nx.Graph, groups: dict[str, str | None], seed: int = 7, dense_max: int = 1500
) -> dict[str, tuple[int, int]]:
    """Canvas positions (x, y), in whole canvas units, of every node of ``graph``; ``groups``
    maps a node to its jurisdiction."""
    if len(graph) == 0:
        return {}
    members: dict[str, list[str]] = defaultdict(list)
    shared = []
    for n in sorted(graph):
        g = groups.get(n)
        (members[g].append(n) if g else shared.append(n))
    laid = [
        _group_layout(graph, nodes, seed, dense_max)
        for _, nodes in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    pos = _pack(laid) if laid else {}
    _place_shared(graph, shared, pos)
    return {n: (round(x * SPACING), round(y * SPACING)) for n, (x, y) in pos.items()}


def _place_shared(graph: nx.Graph, shared: list[str], pos: dict[str, tuple[float, float]]) -> None:
    """Each shared node at the centre of its placed neighbours, spread on a circle where
    several coincide or the centre is a placed node's spot (a node with one neighbour)."""
    if not shared:
        return
    taken = {(round(p[0]), round(p[1])) for p in pos.values()}
    spots: dict[tuple[int, int], list[str]] = defaultdict(list)
    centres = {}
    for n in shared:
        near = [pos[m] for m in graph.neighbors(n) if m in pos]
        c = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)) if near else (0.0, 0.0)
        centres[n] = c
        spots[(round(c[0]), round(c[1]))].append(n)
    for spot, crowd in spots.items():
        for k, n in enumerate(crowd):
            cx, cy = centres[n]
            if len(crowd) == 1 and spot not in taken:
                pos[n] = (cx, cy)
            else:
                angle = 2 * math.pi * k / len(crowd)
                r = max(1.5, len(crowd) / (2 * math.pi) * 1.5)
                pos[n] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
