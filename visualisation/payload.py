"""The data of one map page: styled nodes and edges, the claims with their quotes, the gaps,
the documents, the filters and the legend — everything the page's script needs, as plain
JSON-able values. Text from documents stays text here; the page shows it with textContent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import networkx as nx

from graph.store.base import ClaimRow, Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from queries.places import jurisdiction_name
from visualisation.gaps import covered_gaps, gap_claims, view_gaps
from visualisation.layout import positions
from visualisation.style import GAP_LINK, MapStyle, map_style
from visualisation.view import MapView, endpoints, parse_issue_node

CLAIM_FIELDS = (
    "subject",
    "predicate",
    "object",
    "issue",
    "jurisdiction",
    "mode",
    "basis",
    "status",
    "negated",
    "attributed_to",
    "role",
    "what",
    "since",
    "until",
    "review",
)


def _issue_label(issue: str) -> str:
    return taxonomy().get(issue).en.capitalize() if issue in taxonomy() else issue


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


def _claim_record(row: ClaimRow, names: dict[str, str], quotes: list[dict]) -> dict[str, Any]:
    rec = {f: getattr(row, f) for f in CLAIM_FIELDS if getattr(row, f) not in (None, False)}
    rec["subject_name"] = names.get(row.subject, row.subject)
    if row.object:
        rec["object_name"] = names.get(row.object, row.object)
    if row.issue:
        rec["issue_label"] = _issue_label(row.issue)
    if row.attributed_to:
        rec["attributed_name"] = names.get(row.attributed_to, row.attributed_to)
    rec["quotes"] = quotes
    return rec


def build_payload(store: Store, view: MapView, style: MapStyle | None = None, lang: str = "en") -> dict[str, Any]:
    """Everything the page draws and shows for ``view``."""
    style = style or map_style()
    layout = style.layout
    gaps = view_gaps(store, view, lang)
    covered = covered_gaps(gaps, view)
    weights = _weights(view, style)
    evidence = store.evidence(view.claims)
    docs = store.documents_by_id({ev.document for evs in evidence.values() for ev in evs})
    extra_names = {r.attributed_to for r in view.claims.values() if r.attributed_to} - set(view.entities)
    named = {**view.entities, **store.entities_by_id(extra_names)} if extra_names else view.entities
    names = {eid: e.name for eid, e in named.items()}
    jnames = {j: jurisdiction_name(j, store) for j in {p[1] for p in view.issue_nodes.values() if p[1]}}
    many_places = len(jnames) > 1 or view.jurisdiction is None

    large = len(view.nodes) > layout["physics_max_nodes"]
    labels_on_demand = len(view.nodes) > layout["labels_max_nodes"]
    node_claims = view.node_claims()
    nodes, groups = [], {}
    for node in sorted(view.nodes):
        parsed = parse_issue_node(node)
        issue: str | None = None
        type_: str | None
        jurisdiction: str | None
        if parsed:
            issue, place = parsed
            name = _issue_label(issue) + (f" · {jnames.get(place, place)}" if place and many_places else "")
            type_, jurisdiction = "issue", place
        else:
            ent = view.entities.get(node)
            name, type_, jurisdiction = (ent.name, ent.type, ent.jurisdiction) if ent else _unrecorded(node, store)
        kinds = list(dict.fromkeys([g.kind for g in gaps.get(node, [])] + [g.kind for g, _ in covered.get(node, [])]))
        label = style.gap_label(name, kinds)
        rec: dict[str, Any] = {
            "id": node,
            "name": name,
            "type": type_ or "unknown",
            "jurisdiction": jurisdiction,
            "fullLabel": label,
            "title": f"{name} ({type_ or 'unknown'})",
            "claims": node_claims.get(node, []),
            "gaps": kinds,
            **style.node(type_, weights.get(node, 0.0), kinds),
        }
        if issue:
            rec["issue"] = issue
        if node in view.unexpanded:
            rec["more"] = view.unexpanded[node]
        if not labels_on_demand or kinds:
            rec["label"] = label
        nodes.append(rec)
        groups[node] = jurisdiction if type_ != "jurisdiction" else node

    edges = []
    pair_count: dict[tuple[str, str], int] = defaultdict(int)
    for row in sorted(view.claims.values(), key=lambda r: r.id):
        ends = endpoints(row)
        if ends is None or not style.drawn(row) or ends[0] not in view.nodes or ends[1] not in view.nodes:
            continue
        pair = (min(ends), max(ends))
        k = pair_count[pair]
        pair_count[pair] += 1
        e = {
            "id": row.id,
            "from": ends[0],
            "to": ends[1],
            "predicate": row.predicate,
            "issue": row.issue,
            "title": _edge_title(row, names),
            **style.edge(row),
        }
        if not large and k:
            e["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * k}
        edges.append(e)

    edges += _gap_links(gaps, edges, view, style)

    # positions from Python for every map: a large one draws them as they are (no physics); a
    # small one starts from them and settles in a few physics iterations instead of hundreds
    g = nx.Graph()
    g.add_nodes_from(view.nodes)
    g.add_edges_from((e["from"], e["to"]) for e in edges)
    pos = positions(g, groups, dense_max=layout["dense_layout_max"])
    for rec in nodes:
        rec["x"], rec["y"] = pos[rec["id"]]

    claim_quotes = {
        cid: [{"quote": ev.quote, "document": ev.document, "review": ev.review} for ev in evs]
        for cid, evs in evidence.items()
    }
    claims = {cid: _claim_record(row, names, claim_quotes.get(cid, [])) for cid, row in view.claims.items()}
    documents = {
        d.id: {
            k: v
            for k, v in (("title", d.title), ("published", d.published), ("kind", d.kind), ("publisher", d.publisher))
            if v
        }
        for d in docs.values()
    }
    gap_data: dict[str, list[dict[str, Any]]] = {node: [_gap_record(g) for g in gs] for node, gs in gaps.items()}
    for node, items in covered.items():
        gap_data.setdefault(node, []).extend({**_gap_record(g), "includedIn": parent} for g, parent in items)
    return {
        "meta": {
            "title": _title(view, jnames, store),
            "jurisdiction": view.jurisdiction,
            "issue": view.issue,
            "hops": view.hops,
            "large": large,
            "labelsOnDemand": labels_on_demand,
            "truncated": view.truncated,
            "counts": {
                "nodes": len(nodes),
                "edges": len(edges),
                "claims": len(claims),
                "gaps": sum(len(v) for v in gaps.values()),
            },
            "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        },
        "nodes": nodes,
        "edges": edges,
        "claims": claims,
        "documents": documents,
        "gaps": gap_data,
        "filters": _filters(nodes, edges),
        "legend": style.legend(),
    }


def _gap_record(g) -> dict[str, Any]:
    """One gap as the page shows it."""
    return {
        "kind": g.kind,
        "severity": g.severity,
        "explicit": g.explicit,
        "summary": g.summary,
        "claims": gap_claims([g]),
        "covers": g.covers,
        "conflicts": [c.summary for c in g.conflicts],
    }


def _unrecorded(node: str, store: Store) -> tuple[str, str | None, str | None]:
    """Name, type and jurisdiction of a node with no entity: a place known by its name (a
    workspace written before places became entities), else its id."""
    name = jurisdiction_name(node, store)
    return (name, "jurisdiction", None) if name != node else (node, None, None)


def _gap_links(gaps: dict[str, list], edges: list[dict], view: MapView, style: MapStyle) -> list[dict]:
    """A link from each issue with a gap to each actor of the gap that no drawn claim joins to it."""
    joined = {(e["from"], e["to"]) for e in edges} | {(e["to"], e["from"]) for e in edges}
    out = []
    for node, gs in sorted(gaps.items()):
        for actor in dict.fromkeys(a for g in gs for a in g.actors):
            if actor in view.nodes and (node, actor) not in joined:
                kinds = ", ".join(g.kind for g in gs if actor in g.actors)
                parsed = parse_issue_node(node)
                out.append(
                    {
                        "id": f"gap:{node}:{actor}",
                        "from": node,
                        "to": actor,
                        "predicate": GAP_LINK,
                        "issue": parsed[0] if parsed else None,
                        "title": f"named in the gap: {kinds}",
                        **style.gap_link(),
                    }
                )
                joined.add((node, actor))
    return out


def _edge_title(row: ClaimRow, names: dict[str, str]) -> str:
    verb = ("not " if row.negated else "") + row.predicate.replace("_", " ")
    target = names.get(row.object, row.object) if row.object else _issue_label(row.issue or "")
    extra = ", ".join(v for v in (row.mode, row.basis, row.status if row.status != "current" else None) if v)
    about = f" (about {_issue_label(row.issue)})" if row.object and row.issue else ""
    return f"{names.get(row.subject, row.subject)} {verb} {target}{about}" + (f" [{extra}]" if extra else "")


def _title(view: MapView, jnames: dict[str, str], store: Store) -> str:
    parts = []
    if view.issue:
        parts.append(_issue_label(view.issue))
    if view.jurisdiction:
        parts.append(jurisdiction_name(view.jurisdiction, store))
    return "Responsibility map" + (": " + " in ".join(parts) if parts else "")


def _filters(nodes: list[dict], edges: list[dict]) -> dict[str, list]:
    v = vocabulary()
    types = sorted(
        {n["type"] for n in nodes}, key=lambda t: list(v.entity_types).index(t) if t in v.entity_types else 99
    )
    predicates = [p for p in (*v.predicates, GAP_LINK) if any(e["predicate"] == p for e in edges)]
    issues = sorted({n["issue"] for n in nodes if n.get("issue")} | {e["issue"] for e in edges if e.get("issue")})
    kinds = [k for k in v.gap_kinds if any(k in n["gaps"] for n in nodes)]
    return {
        "types": types,
        "predicates": predicates,
        "issues": [[i, _issue_label(i)] for i in issues],
        "gapKinds": kinds,
    }
