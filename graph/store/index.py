"""The in-memory graph the queries read: a networkx MultiDiGraph plus the indexes they need.

Entities and issues are nodes; every claim is one edge keyed by the claim id, from its
subject to its object (or to its issue when it has no object). Alongside the graph,
``slices`` maps (jurisdiction, issue) to its claims, so that ownership and gap queries
never scan all edges.

>>> from graph.store.base import ClaimRow
>>> idx = GraphIndex()
>>> idx.add_entity("huddinge/socialnamnden", "board", "Socialnämnden", "huddinge")
>>> idx.add_claim(ClaimRow("c1", "huddinge/socialnamnden", "disputes_responsibility",
...                        issue="integration", jurisdiction="huddinge"))
>>> [r.id for r in idx.slice("huddinge", ["integration"])]
['c1']
>>> idx.graph.has_edge("huddinge/socialnamnden", "integration")
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from graph.store.base import ClaimRow
from graph.vocabulary import vocabulary


class GraphIndex:
    """Graph + (jurisdiction, issue) slices + per-jurisdiction and per-issue key sets."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.claims: dict[str, ClaimRow] = {}
        self.slices: dict[tuple[str, str], list[ClaimRow]] = defaultdict(list)
        self.issues_by_jurisdiction: dict[str, set[str]] = defaultdict(set)
        self.jurisdictions_by_issue: dict[str, set[str]] = defaultdict(set)
        # part_of / holds_role claims by subject: org_path walks these, not every out-edge
        # (a national agency has thousands of out-edges, one per claim about it)
        self.structure: dict[str, list[ClaimRow]] = defaultdict(list)
        # which predicates are structure: the vocabulary's (data/vocabulary.yaml), read once
        self.structure_predicates = frozenset(vocabulary().structure_predicates)
        self._jurisdictions: list[str] | None = None

    def add_entity(self, entity_id: str, type_: str, name: str, jurisdiction: str | None) -> None:
        """Add or update a node."""
        self.graph.add_node(entity_id, type=type_, name=name, jurisdiction=jurisdiction)
        self._jurisdictions = None

    def add_claim(self, row: ClaimRow) -> None:
        """Add one claim as an edge and to its slice."""
        target = row.object or row.issue
        if target is None:
            return
        for node in (row.subject, target):
            if node not in self.graph:
                self.graph.add_node(node, type="issue" if node == row.issue and not row.object else None)
        self.graph.add_edge(row.subject, target, key=row.id, claim=row)
        self.claims[row.id] = row
        if row.predicate in self.structure_predicates and row.object:
            self.structure[row.subject].append(row)
        if row.issue and row.jurisdiction:
            self.slices[(row.jurisdiction, row.issue)].append(row)
            self.issues_by_jurisdiction[row.jurisdiction].add(row.issue)
            self.jurisdictions_by_issue[row.issue].add(row.jurisdiction)
        self._jurisdictions = None

    def jurisdictions(self) -> list[str]:
        """Declared jurisdictions (nodes of type jurisdiction) and those with claims, sorted.

        Computed once and kept until the next add: queries ask for it on every call.
        """
        if self._jurisdictions is None:
            declared = {n for n, t in self.graph.nodes(data="type") if t == "jurisdiction"}
            self._jurisdictions = sorted(declared | set(self.issues_by_jurisdiction))
        return list(self._jurisdictions)

    def slice(self, jurisdiction: str, issues: Iterable[str]) -> list[ClaimRow]:
        """The claims about any of ``issues`` in ``jurisdiction``."""
        out: list[ClaimRow] = []
        for issue in issues:
            out.extend(self.slices.get((jurisdiction, issue), ()))
        return out

    def slice_keys(self, jurisdiction: str | None = None, issue: str | None = None) -> list[tuple[str, str]]:
        """(jurisdiction, issue) pairs with claims, restricted by either, sorted."""
        if jurisdiction and issue:
            keys = [(jurisdiction, issue)] if (jurisdiction, issue) in self.slices else []
        elif jurisdiction:
            keys = [(jurisdiction, i) for i in self.issues_by_jurisdiction.get(jurisdiction, ())]
        elif issue:
            keys = [(j, issue) for j in self.jurisdictions_by_issue.get(issue, ())]
        else:
            keys = list(self.slices)
        return sorted(keys)

    def entity_claims(self, entity_id: str) -> list[ClaimRow]:
        """Claims on edges out of and into ``entity_id``."""
        if entity_id not in self.graph:
            return []
        out = [d["claim"] for _, _, d in self.graph.out_edges(entity_id, data=True)]
        out += [d["claim"] for _, _, d in self.graph.in_edges(entity_id, data=True)]
        return out

    def org_path(self, entity_id: str) -> list[str]:
        """Walk holds_role (for a person) then part_of upward: person → unit → board → jurisdiction."""
        path, seen = [entity_id], {entity_id}
        current = entity_id
        while True:
            step = self._parent(current)
            if step is None or step in seen:
                return path
            path.append(step)
            seen.add(step)
            current = step

    def _parent(self, node: str) -> str | None:
        if node not in self.graph:
            return None
        candidates = []
        for row in self.structure.get(node, ()):
            if not row.negated and row.review != "rejected":
                candidates.append((row.predicate != "holds_role", row.object))
        return min(candidates)[1] if candidates else None
