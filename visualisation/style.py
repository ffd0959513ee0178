"""How the map looks: node and edge attributes from the style table in data/map_style.yaml.

Nodes take their colour and shape from their entity type and their size from the
responsibility passing through them; an issue with gaps is highlighted and names the gap
kinds in its label. Edges take their look from their predicate: responsibility solid and
thicker for owning and leading, deferral dashed with an arrow, disputes and lacks in the
warning colour, former claims faded, negated ones dotted; rejected claims are not drawn.

>>> s = map_style()
>>> s.node("board", weight=0)["shape"], s.node("board", weight=0)["size"]
('dot', 10.0)
>>> s.edge(ClaimRow("c", "x/ks", "responsible_for", issue="integration", mode="owns"))["width"]
5.0
>>> s.edge(ClaimRow("c", "x/a", "defers_to", "x/b", issue="integration"))["dashes"]
[8, 6]
>>> s.drawn(ClaimRow("c", "x/a", "part_of", "x", review="rejected"))
False
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import VocabularyError
from graph.paths import data_dir
from graph.store.base import ClaimRow
from graph.vocabulary import vocabulary
from graph.yamlfile import read_data_yaml

STYLE_FILE = "map_style.yaml"
# vis-network shapes that draw the label outside the node and scale with ``size``
GAP_LINK = "gap_link"  # the predicate name of the links from gaps to their actors (not claims)
SHAPES = {"dot", "star", "square", "triangle", "triangleDown", "hexagon", "diamond"}
GAP_GROUP = "{type} gap"  # the vis-network group of a node of a type with a gap


def gap_group(type_: str) -> str:
    """The group of a node of ``type_`` with a gap: its shape, the gap's colours.

    >>> gap_group("issue")
    'issue gap'
    """
    return GAP_GROUP.format(type=type_)


@dataclass(frozen=True)
class MapStyle:
    """The style table, checked against the vocabulary."""

    raw: dict[str, Any]

    @property
    def layout(self) -> dict[str, int]:
        return self.raw["layout"]

    def node_type(self, type_: str | None) -> dict[str, str]:
        types = self.raw["node_types"]
        return types.get(type_ or "unknown", types["unknown"])

    def node_size(self, weight: float) -> float:
        size = self.raw["node_size"]
        return round(min(size["max"], size["min"] + size["per_unit"] * math.sqrt(max(weight, 0))), 1)

    def responsibility_weight(self, row: ClaimRow) -> float:
        """What one claim adds to the responsibility passing through its subject."""
        if row.predicate != "responsible_for" or row.negated or (row.status or "current") != "current":
            return 0.0
        return float(self.raw["responsibility_weight"].get(row.mode or "", 0))

    def node(self, type_: str | None, weight: float, gap_kinds: list[str] | None = None) -> dict[str, Any]:
        """vis-network attributes of a node: shape, colour, size, border (gap highlight)."""
        t = self.node_type(type_)
        attrs: dict[str, Any] = {
            "shape": t["shape"],
            "size": self.node_size(weight),
            "borderWidth": 1.5,
            "color": {
                "background": t["color"],
                "border": t["border"],
                "highlight": {"background": t["color"], "border": "#000000"},
                "hover": {"background": t["color"], "border": "#000000"},
            },
            "font": {"color": t["font"]},
        }
        if gap_kinds:
            g = self.raw["gap"]
            attrs["size"] = self.gap_size(attrs["size"])
            attrs["borderWidth"] = g["border_width"]
            attrs["color"] = {
                "background": g["color"],
                "border": g["border"],
                "highlight": {"background": g["color"], "border": g["border"]},
                "hover": {"background": g["color"], "border": g["border"]},
            }
            attrs["font"] = {"color": g["border"], "size": 16, "strokeWidth": 4, "strokeColor": "#ffffff"}
            attrs["shadow"] = {"enabled": True, "color": g["border"], "size": 12, "x": 0, "y": 0}
        return attrs

    def groups(self, types: list[str], gap_types: list[str]) -> dict[str, dict[str, Any]]:
        """vis-network groups: a node's shape, colours, border and font come from its type's group
        (``gap_group(type)`` when it has a gap), its size from the node itself."""
        out = {t: {k: v for k, v in self.node(t, 0).items() if k != "size"} for t in types}
        for t in gap_types:
            out[gap_group(t)] = {k: v for k, v in self.node(t, 0, ["gap"]).items() if k != "size"}
        return out

    def gap_size(self, size: float) -> float:
        """The size of a node with a gap whose responsibility alone gives ``size``."""
        return round(size + self.raw["gap"]["size_bonus"], 1)

    def options(self, large: bool, groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """The vis-network options of a map: a large one is drawn from the Python positions with
        no physics and no hover; a small one starts from them and settles on screen."""
        physics: dict[str, Any] | bool = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 120, "avoidOverlap": 0.5},
            "stabilization": {"enabled": False},  # drawn at once, then settled on screen
            "minVelocity": 1.5,
        }
        return {
            "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "multi": False}, "borderWidth": 1.5},
            "edges": {
                "smooth": False if large else {"enabled": True, "type": "dynamic"},
                "selectionWidth": 2,
                "hoverWidth": 0.5,
                "arrowStrikethrough": False,
            },
            "interaction": {
                "hover": not large,
                "tooltipDelay": 250,
                "hideEdgesOnDrag": large,
                "hideEdgesOnZoom": large,
                "navigationButtons": False,
                "keyboard": False,
            },
            "layout": {"improvedLayout": False, "randomSeed": 7},  # positions come from Python
            "physics": False if large else physics,
            "groups": groups,
        }

    def drawn(self, row: ClaimRow) -> bool:
        """False for claims in a hidden review state (rejected)."""
        return row.review not in self.raw["edges"]["hidden_reviews"]

    def edge(self, row: ClaimRow) -> dict[str, Any]:
        """vis-network attributes of the edge of one claim."""
        e = self.raw["edges"]
        spec = {**e["default"], **e["predicates"].get(row.predicate, {})}
        color, opacity = spec["color"], 1.0
        width = float(spec["width"])
        dashes = spec.get("dashes", False)
        if row.predicate == "responsible_for" and row.mode in e["mode_width"]:
            width = float(e["mode_width"][row.mode])
        if row.status == "former":
            color, opacity = e["former"]["color"], e["former"]["opacity"]
        elif row.status == "planned":
            dashes = e["planned"]["dashes"]
        if row.negated:
            opacity, dashes = min(opacity, e["negated"]["opacity"]), e["negated"]["dashes"]
        attrs: dict[str, Any] = {
            "color": {"color": color, "highlight": color, "hover": color, "opacity": opacity},
            "width": width,
            "dashes": dashes,
            "warning": bool(spec.get("warning")),
        }
        if spec.get("arrows"):
            attrs["arrows"] = spec["arrows"]
        return attrs

    def gap_link(self) -> dict[str, Any]:
        """vis-network attributes of the link from an issue with a gap to an actor of the gap."""
        g = self.raw["edges"]["gap_link"]
        return {
            "color": {"color": g["color"], "highlight": g["color"], "hover": g["color"], "opacity": g["opacity"]},
            "width": float(g["width"]),
            "dashes": g["dashes"],
            "warning": True,
        }

    def legend(self) -> dict[str, Any]:
        """What the legend shows: every node type and predicate, and the special edge looks."""
        v = vocabulary()
        nodes = [
            {
                "type": t,
                "label": v.entity_types[t]["en"] if t in v.entity_types else t,
                **{k: self.node_type(t)[k] for k in ("color", "border", "shape")},
            }
            for t in self.raw["node_types"]
            if t != "unknown"
        ]
        edges = [{"predicate": p, "label": p.replace("_", " "), **self.edge(ClaimRow("", "", p))} for p in v.predicates]
        extra = [
            {
                "predicate": "responsible_for",
                "label": "owns / leads",
                **self.edge(ClaimRow("", "", "responsible_for", mode="owns")),
            },
            {
                "predicate": "responsible_for",
                "label": "former responsibility",
                **self.edge(ClaimRow("", "", "responsible_for", mode="leads", status="former")),
            },
            {
                "predicate": "responsible_for",
                "label": "negated (“not responsible”)",
                **self.edge(ClaimRow("", "", "responsible_for", negated=True)),
            },
        ]
        extra.append({"predicate": GAP_LINK, "label": "named in a gap of the issue", **self.gap_link()})
        g = self.raw["gap"]
        return {
            "nodes": nodes,
            "edges": edges + extra,
            "gap": {"color": g["color"], "border": g["border"], "symbol": g["symbol"]},
        }


def _check(raw: dict[str, Any], path: Path) -> None:
    def need(cond: bool, message: str) -> None:
        if not cond:
            raise VocabularyError(f"{path}: {message}")

    for key in ("layout", "node_size", "responsibility_weight", "node_types", "gap", "edges"):
        need(isinstance(raw.get(key), dict), f"missing section {key!r}")
    v = vocabulary()
    types = raw["node_types"]
    need("unknown" in types, "node_types: needs an 'unknown' entry")
    for t in v.entity_types:
        need(t in types, f"node_types: no style for entity type {t!r}")
    for t, spec in types.items():
        for k in ("color", "border", "shape", "font"):
            need(isinstance(spec.get(k), str), f"node_types.{t}.{k}: expected a string")
        need(spec["shape"] in SHAPES, f"node_types.{t}.shape: expected one of {', '.join(sorted(SHAPES))}")
    need(set(raw["responsibility_weight"]) <= set(v.modes), "responsibility_weight: unknown mode")
    edges = raw["edges"]
    for k in ("default", "predicates", "mode_width", "former", "planned", "negated", "hidden_reviews", "gap_link"):
        need(k in edges, f"edges: missing {k!r}")
    need(set(edges["predicates"]) <= set(v.predicates), "edges.predicates: unknown predicate")
    need(set(edges["mode_width"]) <= set(v.modes), "edges.mode_width: unknown mode")
    need(set(edges["hidden_reviews"]) <= set(v.review_states), "edges.hidden_reviews: unknown review state")
    layout_keys = (
        "physics_max_nodes",
        "labels_max_nodes",
        "hub_claims",
        "max_nodes",
        "dense_layout_max",
        "national_places",
    )
    for k in layout_keys:
        need(isinstance(raw["layout"].get(k), int), f"layout.{k}: expected an integer")
    for k in ("min", "max", "per_unit"):
        need(isinstance(raw["node_size"].get(k), (int, float)), f"node_size.{k}: expected a number")


def load_style(path: Path) -> MapStyle:
    """Read and check a style table."""
    raw = read_data_yaml(path)
    _check(raw, path)
    return MapStyle(raw)


@lru_cache(maxsize=1)
def map_style() -> MapStyle:
    """The project's style table, loaded once from data/map_style.yaml."""
    return load_style(data_dir() / STYLE_FILE)
