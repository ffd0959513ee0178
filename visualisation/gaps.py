"""The gaps of the issues a map shows: one entry per (jurisdiction, issue) node that has any.

They are the verdicts' gaps (queries/gaps.py, the same list `ansvar gaps` and GET /gaps give
for the map's jurisdiction and issue), each put on its issue node: a sub-issue's gap folded
into its issue's is counted there, once, as everywhere else, and marks the sub-issue's node
too (``covered_gaps``).
"""

from __future__ import annotations

from graph.answers import Gap
from graph.store.base import Store
from queries.gaps import gaps
from visualisation.view import MapView, issue_node


def view_gaps(store: Store, view: MapView, lang: str = "en") -> dict[str, list[Gap]]:
    """Issue node id → its gaps, gravest first (issue nodes without a jurisdiction have none)."""
    out: dict[str, list[Gap]] = {}
    for gap in gaps(store, jurisdiction=view.jurisdiction, issue=view.issue, lang=lang):
        node = issue_node(gap.issue, gap.jurisdiction)
        if node in view.nodes:  # an issue node the view draws
            out.setdefault(node, []).append(gap)
    for found in out.values():
        found.sort(key=lambda g: (-g.severity, g.kind))
    return out


def covered_gaps(found: dict[str, list[Gap]], view: MapView) -> dict[str, list[tuple[Gap, str]]]:
    """Sub-issue node → each gap folded into an issue above it (``covers``), with that issue's
    node: the sub-issue is marked and shows the gap, which is still counted once."""
    out: dict[str, list[tuple[Gap, str]]] = {}
    for node, gaps_here in sorted(found.items()):
        for gap in gaps_here:
            for sub in gap.covers:
                sub_node = issue_node(sub, gap.jurisdiction)
                if sub_node in view.nodes:
                    out.setdefault(sub_node, []).append((gap, node))
    return out


def gap_claims(gaps: list[Gap]) -> list[str]:
    """The ids of the claims that evidence the gaps, in order, once each."""
    return list(dict.fromkeys(q.claim for g in gaps for q in g.evidence))
