"""The part of the graph one map shows: a jurisdiction, an issue, or both, and N hops around it.

The *core* of a view is the claims about the issue (and its sub-issues) in the
jurisdiction — every issue when none is given, every jurisdiction when none is given.
Each hop then adds the claims touching the nodes reached so far (inside the jurisdiction,
when the view has one); a node with more claims than ``hub_claims`` (a national agency
present everywhere) is shown but not expanded through. Finally the organisational
structure above every entity is added (``part_of``/``holds_role`` followed upward), so that
a board appears under its council and a person in their administration.

An issue is drawn once per jurisdiction: its node id is ``issue:<issue>@<jurisdiction>``,
so that each (jurisdiction, issue) slice carries its own gaps. Every read goes through the
store interface (slices, the claims of one entity), so the same code runs on every backend.

>>> issue_node("integration", "huddinge"), parse_issue_node("issue:integration@huddinge")
('issue:integration@huddinge', ('integration', 'huddinge'))
>>> issue_node("integration", None), parse_issue_node("huddinge/ks")
('issue:integration', None)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.errors import InputError, ViewTooLarge
from graph.model import Entity
from graph.store.base import ClaimRow, Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from queries.names import resolve_issue, resolve_place
from visualisation.style import map_style

ISSUE_PREFIX = "issue:"
MAX_HOPS = 5


def issue_node(issue: str, jurisdiction: str | None) -> str:
    """The node id of ``issue`` in ``jurisdiction`` (or of the issue with no jurisdiction)."""
    return f"{ISSUE_PREFIX}{issue}@{jurisdiction}" if jurisdiction else f"{ISSUE_PREFIX}{issue}"


def parse_issue_node(node: str) -> tuple[str, str | None] | None:
    """(issue, jurisdiction) of an issue node id, None for an entity id."""
    if not node.startswith(ISSUE_PREFIX):
        return None
    issue, _, jurisdiction = node[len(ISSUE_PREFIX) :].partition("@")
    return issue, jurisdiction or None


def endpoints(row: ClaimRow) -> tuple[str, str] | None:
    """The (from, to) node ids of a claim's edge; None for a claim with neither object nor issue."""
    if row.object:
        return row.subject, row.object
    if row.issue:
        return row.subject, issue_node(row.issue, row.jurisdiction)
    return None


@dataclass
class MapView:
    """The claims and nodes of one map, before styling."""

    jurisdiction: str | None
    issue: str | None
    hops: int
    claims: dict[str, ClaimRow] = field(default_factory=dict)
    nodes: set[str] = field(default_factory=set)
    entities: dict[str, Entity] = field(default_factory=dict)
    core: set[str] = field(default_factory=set)
    unexpanded: dict[str, int] = field(default_factory=dict)  # hub node → its number of claims
    truncated: bool = False

    def add(self, row: ClaimRow) -> list[str]:
        """Add a claim and return the nodes it brought in."""
        ends = endpoints(row)
        if ends is None or row.id in self.claims:
            return []
        self.claims[row.id] = row
        if not map_style().drawn(row):  # rejected: listed in the panel, never drawn nor followed
            return []
        # the issue node of the claim's slice too, so that a slice of deferrals alone has one
        slice_node = issue_node(row.issue, row.jurisdiction) if row.issue and row.jurisdiction else None
        new = [n for n in dict.fromkeys((*ends, slice_node) if slice_node else ends) if n not in self.nodes]
        self.nodes.update(new)
        return new

    @property
    def issue_nodes(self) -> dict[str, tuple[str, str | None]]:
        """Issue node id → (issue, jurisdiction)."""
        out = {}
        for n in self.nodes:
            parsed = parse_issue_node(n)
            if parsed:
                out[n] = parsed
        return out


def _scope(issue: str | None) -> list[str] | None:
    if issue is None:
        return None
    t = taxonomy()
    return [issue, *t.descendants(issue)]


def _core_rows(store: Store, jurisdiction: str | None, issues: list[str] | None) -> Iterable[ClaimRow]:
    if jurisdiction is None and issues is None:
        return store.iter_claims()
    if issues is None:
        keys = store.slice_keys(jurisdiction)
    elif jurisdiction is None:
        keys = [k for i in issues for k in store.slice_keys(issue=i)]
    else:
        keys = [(jurisdiction, i) for i in issues]
    return (row for j, i in keys for row in store.slice(j, [i]))


def _neighbour_rows(store: Store, node: str) -> list[ClaimRow]:
    parsed = parse_issue_node(node)
    if parsed is None:
        return store.entity_claims(node)
    issue, jurisdiction = parsed
    return store.slice(jurisdiction, [issue]) if jurisdiction else []


def default_hops(jurisdiction: str | None) -> int:
    """One hop around a jurisdiction's view; none around a national one (it is large already)."""
    return 1 if jurisdiction else 0


def build_view(
    store: Store,
    jurisdiction: str | None = None,
    issue: str | None = None,
    hops: int | None = None,
    max_nodes: int | None = None,
) -> MapView:
    """The claims and nodes of the map of ``issue`` in ``jurisdiction`` with ``hops`` of neighbourhood.

    ``hops`` defaults to 1 with a jurisdiction and 0 without (see ``default_hops``).
    ``jurisdiction`` may be a slug or a name and ``issue`` an id or a Swedish or English
    name (UnknownJurisdiction / UnknownIssue otherwise). A core larger than ``max_nodes``
    raises ViewTooLarge; hops stop adding once the view reaches it (``truncated``).
    """
    hops = default_hops(jurisdiction) if hops is None else hops
    if not 0 <= hops <= MAX_HOPS:
        raise InputError(f"hops must be between 0 and {MAX_HOPS}, not {hops}")
    layout = map_style().layout
    limit = max_nodes if max_nodes is not None else layout["max_nodes"]
    issue, jurisdiction = resolve_issue(issue), resolve_place(store, jurisdiction)
    view = MapView(jurisdiction, issue, hops)
    for row in _core_rows(store, jurisdiction, _scope(issue)):
        view.add(row)
        if len(view.nodes) > limit:
            raise ViewTooLarge(
                f"the map would have more than {limit} nodes",
                hint="narrow it to a jurisdiction (--in) or an issue (--issue)",
            )
    if jurisdiction and not view.claims:
        # a jurisdiction with entities but no issue claims yet: start from the place itself
        view.nodes.add(jurisdiction)
    view.core = set(view.nodes)
    _expand(store, view, hops, limit, layout["hub_claims"])
    _add_structure(store, view, limit)
    entity_ids = [n for n in view.nodes if parse_issue_node(n) is None]
    view.entities = store.entities_by_id(entity_ids)
    return view


def _inside(view: MapView, row: ClaimRow) -> bool:
    return view.jurisdiction is None or row.jurisdiction in (None, view.jurisdiction)


def _expand(store: Store, view: MapView, hops: int, limit: int, hub_claims: int) -> None:
    frontier = sorted(view.nodes)
    for _ in range(hops):
        reached: list[str] = []
        for node in frontier:
            rows = [r for r in _neighbour_rows(store, node) if _inside(view, r)]
            if len(rows) > hub_claims:
                view.unexpanded[node] = len(rows)
                continue
            for row in rows:
                reached += view.add(row)
            if len(view.nodes) >= limit:
                view.truncated = True
                return
        frontier = reached


def _add_structure(store: Store, view: MapView, limit: int) -> None:
    """Follow part_of / holds_role upward from every entity of the view."""
    structure = set(vocabulary().structure_predicates)
    queue = [n for n in view.nodes if parse_issue_node(n) is None]
    seen = set(queue)
    while queue:
        node = queue.pop()
        for row in store.entity_claims(node):
            if (
                row.predicate in structure
                and row.subject == node
                and row.object
                and not row.negated
                and map_style().drawn(row)
                and _inside(view, row)
            ):
                view.add(row)
                if row.object not in seen:
                    seen.add(row.object)
                    queue.append(row.object)
        if len(view.nodes) >= limit:
            view.truncated = True
            return
