"""The gaps of the issues a map shows: one entry per (jurisdiction, issue) node that has any.

The gap detectors of queries/gaps.py run on each issue node's slice; their answers (kind,
severity, stated or inferred, summary, the claims that show it) go into the node's label
and side panel.
"""

from __future__ import annotations

from graph.answers import Gap
from graph.store.base import Store
from queries.facts import slice_facts
from queries.gaps import slice_findings, to_gaps
from visualisation.view import MapView, issue_node


def view_gaps(store: Store, view: MapView, lang: str = "en") -> dict[str, list[Gap]]:
    """Issue node id → its gaps, gravest first (issue nodes without a jurisdiction have none)."""
    items = []
    for _node, (issue, jurisdiction) in sorted(view.issue_nodes.items()):
        if jurisdiction is None:
            continue
        for finding in slice_findings(store, slice_facts(store, jurisdiction, issue)):
            items.append((jurisdiction, issue, finding))
    out: dict[str, list[Gap]] = {}
    for gap in to_gaps(store, items, lang):
        out.setdefault(issue_node(gap.issue, gap.jurisdiction), []).append(gap)
    for gaps in out.values():
        gaps.sort(key=lambda g: (-g.severity, g.kind))
    return out


def gap_claims(gaps: list[Gap]) -> list[str]:
    """The ids of the claims that evidence the gaps, in order, once each."""
    return list(dict.fromkeys(q.claim for g in gaps for q in g.evidence))
