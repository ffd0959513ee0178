"""The data of one map page: what the page draws, and every claim it shows on a click, each once.

Plain JSON-able values, text from documents kept as text (the page shows it with
textContent). What repeats is said once: a node's look is its type's vis-network group
(in ``options.groups``), an edge's look one of ``edgeStyles``, a claim's words (predicate,
issue, place, mode …) indexes into ``words``, a node it names an index into ``nodes``, a
quote's document an index into ``documents``; fields with nothing in them are left out.

- ``nodes``: ``[id, name, type, jurisdiction, x, y, size]`` (type and jurisdiction as
  words, jurisdiction null for none), and an eighth item ``{"issue", "gaps", "group",
  "more"}`` for an issue node, a node with gaps or a hub the view did not follow;
- ``claims``: one object per claim of the view, sorted by id: ``id``; ``s`` subject, ``o``
  object, ``a`` attributed to (a node's index, or an id named in ``names``); ``p``
  predicate, ``i`` issue, ``j`` jurisdiction, ``m`` mode, ``b`` basis, ``st`` status
  (words); ``n`` 1 when negated; ``r`` review state unless "extracted"; ``role``, ``what``,
  ``since``, ``until``; ``q`` its quotes ``[quote, document index]``; ``e`` the index of
  its edge's style when it is drawn (its edge's id is the claim's id); ``g`` 1 for a claim
  not in the view that only a gap cites;
- ``gapLinks``: their predicate, style and ``links``, each ``[from, to, kinds]``, from an
  issue with a gap to each actor of the gap no drawn claim joins to it;
- ``gaps``: node id → its gaps, their evidence as claim indexes.

``visualisation.unpack.read_payload`` reads a payload back into nodes and edges as the page does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.store.base import Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from queries.places import jurisdiction_name
from visualisation.gaps import covered_gaps, gap_claims, view_gaps
from visualisation.layout import positions
from visualisation.style import GAP_LINK, MapStyle, gap_group, map_style
from visualisation.view import MapView, endpoints, parse_issue_node

EXTRACTED = "extracted"  # the review state of a claim nobody reviewed: not shown


def _issue_label(issue: str) -> str:
    return taxonomy().get(issue).en.capitalize() if issue in taxonomy() else issue


class Words:
    """Strings said once: each distinct value gets an index in ``values``.

    >>> w = Words(); [w("owns"), w("leads"), w("owns"), w(None)], w.values
    ([0, 1, 0, None], ['owns', 'leads'])
    """

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int | None:
        if value is None:
            return None
        k = self._index.get(value)
        if k is None:
            k = self._index[value] = len(self.values)
            self.values.append(value)
        return k


def _weights(view: MapView, style: MapStyle) -> dict[str, float]:
    """Responsibility passing through each node: its own, that of everyone below it, and
    for an issue node, all responsibility claimed for it."""
    own: dict[str, float] = defaultdict(float)
    parents: dict[str, set[str]] = defaultdict(set)
    structure = set(vocabulary().structure_predicates)
    for row in view.claims.values():
        if not style.drawn(row):
            continue
        w = style.responsibility_weight(row)
        if w:
            ends = endpoints(row)
            own[row.subject] += w
            if ends:
                own[ends[1]] += w
        if row.predicate in structure and row.object and not row.negated:
            parents[row.subject].add(row.object)
    total = dict(own)
    for node, w in own.items():
        if parse_issue_node(node):
            continue
        seen, stack = {node}, list(parents.get(node, ()))
        while stack:
            up = stack.pop()
            if up in seen:
                continue
            seen.add(up)
            total[up] = total.get(up, 0.0) + w
            stack.extend(parents.get(up, ()))
    return total


def build_payload(store: Store, view: MapView, style: MapStyle | None = None, lang: str = "en") -> dict[str, Any]:
    """Everything the page draws and shows for ``view`` (the format is in the module's docstring)."""
    style = style or map_style()
    layout = style.layout
    gaps = view_gaps(store, view, lang)
    covered = covered_gaps(gaps, view)
    issue_nodes = view.issue_nodes
    jnames = {j: jurisdiction_name(j, store) for j in {p[1] for p in issue_nodes.values() if p[1]}}
    many_places = len(jnames) > 1 or view.jurisdiction is None
    large = len(view.nodes) > layout["physics_max_nodes"]
    words = Words()

    order = sorted(view.nodes)
    index = {node: k for k, node in enumerate(order)}
    weights = _weights(view, style)
    nodes: list[list[Any]] = []
    kinds_of: dict[str, list[str]] = {}
    types: dict[str, str] = {}
    groups: dict[str, str | None] = {}
    for node in order:
        parsed = issue_nodes.get(node)
        type_: str | None
        if parsed:
            issue, place = parsed
            name = _issue_label(issue) + (f" · {jnames.get(place, place)}" if place and many_places else "")
            type_, jurisdiction = "issue", place
        else:
            ent = view.entities.get(node)
            name, type_, jurisdiction = (ent.name, ent.type, ent.jurisdiction) if ent else _unrecorded(node, store)
        kind_of_node = type_ or "unknown"
        kinds = list(dict.fromkeys([g.kind for g in gaps.get(node, [])] + [g.kind for g, _ in covered.get(node, [])]))
        size = style.node_size(weights.get(node, 0.0))
        size = style.gap_size(size) if kinds else size
        row: list[Any] = [node, name, words(kind_of_node), words(jurisdiction), 0, 0, size]
        extra: dict[str, Any] = {}
        if parsed:
            extra["issue"] = words(parsed[0])
        if kinds:
            extra["gaps"], extra["group"] = kinds, gap_group(kind_of_node)
            kinds_of[node] = kinds
        if node in view.unexpanded:
            extra["more"] = view.unexpanded[node]
        if extra:
            row.append(extra)
        nodes.append(row)
        types[node] = kind_of_node
        groups[node] = jurisdiction if kind_of_node != "jurisdiction" else node

    table = _claims(store, view, gaps, index, words, style)
    claims, edges = table.claims, table.edges
    gap_links = _gap_links(gaps, edges, index)

    # positions from Python for every map: a large one draws them as they are (no physics); a
    # small one starts from them and settles in a few physics iterations instead of hundreds
    g = nx.Graph()
    g.add_nodes_from(order)
    g.add_edges_from(edges)
    g.add_edges_from((order[a], order[b]) for a, b, _ in gap_links)
    pos = positions(g, groups, dense_max=layout["dense_layout_max"])
    for row in nodes:
        row[4], row[5] = pos[row[0]]

    claim_index = {c["id"]: k for k, c in enumerate(claims)}
    gap_data: dict[str, list[dict[str, Any]]] = {
        node: [_gap_record(g, claim_index) for g in gs] for node, gs in gaps.items()
    }
    for node, items in covered.items():
        folded = ({**_gap_record(g, claim_index), "includedIn": parent} for g, parent in items)
        gap_data.setdefault(node, []).extend(folded)
    used_types = sorted(set(types.values()), key=_type_order)
    gap_types = sorted({types[n] for n in kinds_of}, key=_type_order)
    predicates = {words.values[c["p"]] for c in claims if "e" in c} | ({GAP_LINK} if gap_links else set())
    issues = sorted(
        {p[0] for p in issue_nodes.values()} | {words.values[c["i"]] for c in claims if "e" in c and "i" in c}
    )
    return {
        "meta": {
            "title": _title(view, store),
            "jurisdiction": view.jurisdiction,
            "issue": view.issue,
            "hops": view.hops,
            "large": large,
            "labelsOnDemand": len(view.nodes) > layout["labels_max_nodes"],
            "truncated": view.truncated,
            "counts": {
                "nodes": len(nodes),
                "edges": len(edges) + len(gap_links),
                "claims": len(view.claims),
                "gaps": sum(len(v) for v in gaps.values()),
            },
            "gapSymbol": style.raw["gap"]["symbol"],
            "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        },
        "options": style.options(large, style.groups(used_types, gap_types)),
        "words": words.values,
        "nodes": nodes,
        "claims": claims,
        "edgeStyles": table.edge_styles,
        "gapLinks": {"predicate": GAP_LINK, "style": style.gap_link(), "links": gap_links},
        "names": table.names,
        "issueLabels": {i: _issue_label(i) for i in sorted({words.values[c["i"]] for c in claims if "i" in c})},
        "documents": _documents(store, table.documents),
        "gaps": gap_data,
        "filters": {
            "types": used_types,
            "predicates": [p for p in (*vocabulary().predicates, GAP_LINK) if p in predicates],
            "issues": [[i, _issue_label(i)] for i in issues],
            "gapKinds": [k for k in vocabulary().gap_kinds if any(k in ks for ks in kinds_of.values())],
        },
        "legend": style.legend(),
    }


def _type_order(type_: str) -> int:
    known = list(vocabulary().entity_types)
    return known.index(type_) if type_ in known else len(known)


@dataclass
class ClaimTable:
    """The claims of a page (the view's, then those only a gap cites), the drawn edges as
    (from, to), the names of the ids that are not nodes, the edge styles and the documents
    quoted, in the order of their indexes."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    edge_styles: list[dict[str, Any]] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def _claims(
    store: Store, view: MapView, gaps: dict[str, list], index: dict[str, int], words: Words, style: MapStyle
) -> ClaimTable:
    """The claim table of ``view``."""
    rows = dict(sorted(view.claims.items()))
    for cid in sorted(set(gap_claims([g for gs in gaps.values() for g in gs])) - set(rows)):
        row = store.claim(cid)
        if row is not None:
            rows[cid] = row
    cited_only = set(rows) - set(view.claims)
    evidence = store.evidence(rows)
    others = {x for r in rows.values() for x in (r.subject, r.object, r.attributed_to) if x and x not in index}
    named = {**view.entities, **store.entities_by_id(others - set(view.entities))}
    table = ClaimTable(names={x: named[x].name if x in named else jurisdiction_name(x, store) for x in sorted(others)})
    documents: dict[str, int] = {}
    styles: dict[str, int] = {}

    def ref(x: str) -> int | str:
        return index.get(x, x)

    for cid, row in rows.items():
        rec: dict[str, Any] = {"id": cid, "s": ref(row.subject), "p": words(row.predicate)}
        if row.object:
            rec["o"] = ref(row.object)
        for key, value in (("i", row.issue), ("j", row.jurisdiction), ("m", row.mode), ("b", row.basis)):
            if value:
                rec[key] = words(value)
        if row.status:
            rec["st"] = words(row.status)
        if row.negated:
            rec["n"] = 1
        if row.attributed_to:
            rec["a"] = ref(row.attributed_to)
        if row.review != EXTRACTED:
            rec["r"] = row.review
        for key in ("role", "what", "since", "until"):
            if getattr(row, key):
                rec[key] = getattr(row, key)
        if cid in cited_only:
            rec["g"] = 1
        rec["q"] = [[ev.quote, documents.setdefault(ev.document, len(documents))] for ev in evidence.get(cid, [])]
        ends = endpoints(row)
        if cid in view.claims and ends and style.drawn(row) and ends[0] in index and ends[1] in index:
            look = style.edge(row)
            key = repr(sorted(look.items()))
            if key not in styles:
                styles[key] = len(table.edge_styles)
                table.edge_styles.append(look)
            rec["e"] = styles[key]
            table.edges.append(ends)
        table.claims.append(rec)
    table.documents = list(documents)
    return table


def _documents(store: Store, order: list[str]) -> list[dict[str, str]]:
    """The documents the quotes cite (id, and title, date, kind, publisher when known), in ``order``."""
    docs = store.documents_by_id(order)
    out = []
    for doc_id in order:
        d = docs.get(doc_id)
        rec = {"id": doc_id}
        if d:
            for k, v in (("title", d.title), ("published", d.published), ("kind", d.kind), ("publisher", d.publisher)):
                if v:
                    rec[k] = v
        out.append(rec)
    return out


def _gap_record(g, claim_index: dict[str, int]) -> dict[str, Any]:
    """One gap as the page shows it, its evidence as claim indexes."""
    return {
        "kind": g.kind,
        "severity": g.severity,
        "explicit": g.explicit,
        "summary": g.summary,
        "claims": [claim_index[c] for c in gap_claims([g]) if c in claim_index],
        "covers": g.covers,
        "conflicts": [c.summary for c in g.conflicts],
    }


def _unrecorded(node: str, store: Store) -> tuple[str, str | None, str | None]:
    """Name, type and jurisdiction of a node with no entity: a place known by its name (a
    workspace written before places became entities), else its id."""
    name = jurisdiction_name(node, store)
    return (name, "jurisdiction", None) if name != node else (node, None, None)


def _gap_links(gaps: dict[str, list], edges: list[tuple[str, str]], index: dict[str, int]) -> list[list[Any]]:
    """A link from each issue with a gap to each actor of the gap that no drawn claim joins to it."""
    joined = set(edges) | {(b, a) for a, b in edges}
    out = []
    for node, gs in sorted(gaps.items()):
        for actor in dict.fromkeys(a for g in gs for a in g.actors):
            if actor in index and (node, actor) not in joined:
                out.append([index[node], index[actor], ", ".join(g.kind for g in gs if actor in g.actors)])
                joined.add((node, actor))
    return out


def _title(view: MapView, store: Store) -> str:
    parts = []
    if view.issue:
        parts.append(_issue_label(view.issue))
    if view.jurisdiction:
        parts.append(jurisdiction_name(view.jurisdiction, store))
    return "Responsibility map" + (": " + " in ".join(parts) if parts else "")
