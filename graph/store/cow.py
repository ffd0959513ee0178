"""A new GraphIndex from an old one and what changed, sharing everything that did not change.

Rebuilding the index of a national workspace (a million claims) takes tens of seconds; a
review or an upload changes a handful of claims. ``derive_index`` copies only the outer
dictionaries of the old index (a few tens of milliseconds for a million claims) and, for
each node, slice or set that a change touches, that one inner container; everything else
is shared with the old index, which readers may still be using and which is never
modified. The result equals a full rebuild (tests/test_live_store.py checks that).

It works on the networkx MultiDiGraph's adjacency dictionaries directly (``_node``,
``_succ``, ``_pred``, where ``_succ[u][v]`` and ``_pred[v][u]`` are one shared key dict),
because networkx's own mutators would change the containers the old index shares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from graph.store.base import ClaimRow
from graph.store.index import GraphIndex


class _CowGraph:
    """Copy-on-write edits of a MultiDiGraph whose outer dicts were already copied."""

    def __init__(self, old: nx.MultiDiGraph):
        self.old = old
        self.new = old.__class__.__new__(old.__class__)
        self.new.graph = dict(old.graph)
        self.new._node = dict(old._node)
        self.new._succ = self.new._adj = dict(old._succ)
        self.new._pred = dict(old._pred)
        self.new.__networkx_cache__ = {}
        self._succ_copied: set = set()
        self._pred_copied: set = set()
        self._keys_copied: set = set()

    def _succ(self, u) -> dict:
        if u not in self._succ_copied:
            self.new._succ[u] = dict(self.new._succ.get(u, {}))
            self._succ_copied.add(u)
        return self.new._succ[u]

    def _pred(self, v) -> dict:
        if v not in self._pred_copied:
            self.new._pred[v] = dict(self.new._pred.get(v, {}))
            self._pred_copied.add(v)
        return self.new._pred[v]

    def _keys(self, u, v, create: bool) -> dict | None:
        """The key dict of edge (u, v), owned by the new graph; None if absent and not ``create``."""
        succ, pred = self._succ(u), self._pred(v)
        old = succ.get(v)
        if (u, v) in self._keys_copied and old is not None:
            return old
        if old is None and not create:
            return None
        keys = dict(old or {})
        succ[v] = pred[u] = keys
        self._keys_copied.add((u, v))
        return keys

    def ensure_node(self, node, **attrs) -> None:
        if node not in self.new._node:
            self.new._node[node] = attrs
            self.new._succ[node], self.new._pred[node] = {}, {}
            self._succ_copied.add(node)
            self._pred_copied.add(node)

    def set_node(self, node, **attrs) -> None:
        self.ensure_node(node)
        self.new._node[node] = dict(attrs)

    def remove_node_if_bare(self, node) -> None:
        if node in self.new._node and not self.new._succ.get(node) and not self.new._pred.get(node):
            del self.new._node[node], self.new._succ[node], self.new._pred[node]

    def add_edge(self, u, v, key, data: dict) -> None:
        self.ensure_node(u)
        self.ensure_node(v)
        keys = self._keys(u, v, create=True)
        assert keys is not None  # created when absent
        keys[key] = data

    def remove_edge(self, u, v, key) -> None:
        keys = self._keys(u, v, create=False)
        if keys is None or key not in keys:
            return
        del keys[key]
        if not keys:
            del self.new._succ[u][v], self.new._pred[v][u]


# The attributes of a GraphIndex this module knows how to derive; an index with others (a
# newer GraphIndex) is rebuilt instead (``derive_index`` returns None).
KNOWN_ATTRIBUTES = {
    "graph",
    "claims",
    "slices",
    "issues_by_jurisdiction",
    "jurisdictions_by_issue",
    "structure",
    "structure_predicates",
    "_jurisdictions",
}


def derive_index(
    old: GraphIndex,
    changed_claims: Iterable[str],
    claim_rows: dict[str, ClaimRow],
    changed_entities: Iterable[str],
    entity_rows: dict[str, tuple],
) -> GraphIndex | None:
    """``old`` with the changed claims and entities replaced by their current rows.

    ``claim_rows`` / ``entity_rows`` hold the current record of each changed id that still
    exists (entity rows are ``(type, name, jurisdiction)``); a changed id missing from them
    was deleted. None when ``old`` has attributes this module does not know.
    """
    if set(vars(old)) - KNOWN_ATTRIBUTES:
        return None
    idx = GraphIndex.__new__(GraphIndex)
    cow = _CowGraph(old.graph)
    idx.graph = cow.new
    idx.claims = dict(old.claims)
    idx.slices = defaultdict(list, old.slices)
    idx.issues_by_jurisdiction = defaultdict(set, old.issues_by_jurisdiction)
    idx.jurisdictions_by_issue = defaultdict(set, old.jurisdictions_by_issue)
    idx.structure = defaultdict(list, old.structure)
    idx.structure_predicates = old.structure_predicates
    idx._jurisdictions = None
    copied_slices: set = set()
    copied_structure: set = set()
    touched_nodes: set = set()

    def own_slice(key: tuple) -> list:
        if key not in copied_slices:
            idx.slices[key] = list(idx.slices.get(key, ()))
            copied_slices.add(key)
        return idx.slices[key]

    def own_structure(subject: str) -> list:
        if subject not in copied_structure:
            idx.structure[subject] = list(idx.structure.get(subject, ()))
            copied_structure.add(subject)
        return idx.structure[subject]

    for cid in set(changed_claims):
        row = idx.claims.pop(cid, None)
        if row is None:
            continue
        target = row.object or row.issue
        cow.remove_edge(row.subject, target, cid)
        touched_nodes |= {row.subject, target}
        if row.issue and row.jurisdiction:
            key = (row.jurisdiction, row.issue)
            rows = own_slice(key)
            rows[:] = [r for r in rows if r.id != cid]
        if row.subject in idx.structure:
            rows = own_structure(row.subject)
            rows[:] = [r for r in rows if r.id != cid]
    for cid in sorted(set(changed_claims)):
        row = claim_rows.get(cid)
        if row is None or (row.object or row.issue) is None:
            continue
        target = row.object or row.issue
        for node in (row.subject, target):
            cow.ensure_node(node, type="issue" if node == row.issue and not row.object else None)
        cow.add_edge(row.subject, target, cid, {"claim": row})
        idx.claims[cid] = row
        if row.issue and row.jurisdiction:
            own_slice((row.jurisdiction, row.issue)).append(row)
        if row.predicate in idx.structure_predicates and row.object:
            own_structure(row.subject).append(row)
    for subject in copied_structure:
        if not idx.structure[subject]:
            del idx.structure[subject]
    _settle_slices(idx, copied_slices)
    for eid in set(changed_entities):
        if eid in entity_rows:
            type_, name, jurisdiction = entity_rows[eid]
            cow.set_node(eid, type=type_, name=name, jurisdiction=jurisdiction)
        else:
            touched_nodes.add(eid)
            if eid in idx.graph._node:
                cow.set_node(eid, type=_implied_type(idx, eid))
    for node in touched_nodes:
        if node not in entity_rows and (node not in idx.graph._node or "name" not in idx.graph._node[node]):
            cow.remove_node_if_bare(node)
    return idx


def _implied_type(idx: GraphIndex, node: str) -> str | None:
    """The type a full rebuild gives a node that no entity record describes."""
    for _, _, data in idx.graph.in_edges(node, data=True):
        row: ClaimRow = data["claim"]
        if row.issue == node and not row.object:
            return "issue"
    for _, _, data in idx.graph.out_edges(node, data=True):
        row = data["claim"]
        if row.issue == node and not row.object:
            return "issue"
    return None


def _settle_slices(idx: GraphIndex, keys: set) -> None:
    """Drop emptied slices and keep the per-jurisdiction and per-issue key sets in step."""
    for key in keys:
        jurisdiction, issue = key
        has = bool(idx.slices.get(key))
        if not has:
            idx.slices.pop(key, None)
        issues = set(idx.issues_by_jurisdiction.get(jurisdiction, ()))
        places = set(idx.jurisdictions_by_issue.get(issue, ()))
        (issues.add if has else issues.discard)(issue)
        (places.add if has else places.discard)(jurisdiction)
        _store_set(idx.issues_by_jurisdiction, jurisdiction, issues)
        _store_set(idx.jurisdictions_by_issue, issue, places)


def _store_set(mapping: dict, key: str, values: set) -> None:
    if values:
        mapping[key] = values
    else:
        mapping.pop(key, None)
