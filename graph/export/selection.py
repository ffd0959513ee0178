"""Which claims and nodes an export holds: everything, or one jurisdiction's or issue's part.

A filter keeps the claims that match it — jurisdiction J (``--in``), issue I or one of its
sub-issues (``--issue``), or both — and the organisational structure around the entities
they touch: the structure claims (``part_of``, ``holds_role``: vocabulary
``structure_predicates``) followed upward from every kept node until no new node is
reached (person → administration → board → council → jurisdiction), and the people who
hold roles in those organisations. The nodes are every subject, object, issue,
jurisdiction and ``attributed_to`` of a kept claim.

Works through the store interface only (one pass over ``iter_claims``), so it runs the
same on every backend.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph.errors import UnknownJurisdiction
from graph.store.base import ClaimRow, Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary


@dataclass
class Selection:
    """The kept claims (``None``: all) and the node ids they touch, by role."""

    claims: set[str] | None = None
    endpoints: set[str] = field(default_factory=set)
    issues: set[str] = field(default_factory=set)
    jurisdictions: set[str] = field(default_factory=set)
    attributed: set[str] = field(default_factory=set)
    filtered: bool = False

    def add(self, row: ClaimRow) -> bool:
        """Keep ``row`` and the nodes it touches; False when it was kept already."""
        if self.claims is not None:
            if row.id in self.claims:
                return False
            self.claims.add(row.id)
        self.endpoints.add(row.subject)
        for target, bucket in (
            (row.object, self.endpoints),
            (row.issue, self.issues),
            (row.jurisdiction, self.jurisdictions),
            (row.attributed_to, self.attributed),
        ):
            if target:
                bucket.add(target)
        return True

    def keeps_claim(self, claim_id: str) -> bool:
        return self.claims is None or claim_id in self.claims

    def keeps_entity(self, entity_id: str) -> bool:
        """Every entity without a filter; with one, those the kept claims touch."""
        return not self.filtered or any(
            entity_id in s for s in (self.endpoints, self.issues, self.jurisdictions, self.attributed)
        )


def issue_scope(issue: str | None) -> set[str] | None:
    """The issue and its sub-issues (UnknownIssue when it is not in the taxonomy)."""
    if issue is None:
        return None
    t = taxonomy()
    return {t.get(issue).id, *t.descendants(issue)}


def select(store: Store, jurisdiction: str | None = None, issue: str | None = None) -> Selection:
    """What an export of ``store`` holds under the filters (see the module docstring)."""
    issues = issue_scope(issue)
    if jurisdiction is None and issues is None:
        everything = Selection()
        for row in store.iter_claims():
            everything.add(row)
        return everything
    sel = Selection(claims=set(), filtered=True)
    structure = set(vocabulary().structure_predicates)
    roles = {p for p in structure if vocabulary().predicates[p].subject_types == {"person"}}
    upward: dict[str, list[ClaimRow]] = defaultdict(list)
    members: dict[str, list[ClaimRow]] = defaultdict(list)
    seen_jurisdiction = False
    for row in store.iter_claims():
        seen_jurisdiction = seen_jurisdiction or row.jurisdiction == jurisdiction
        if (jurisdiction is None or row.jurisdiction == jurisdiction) and (issues is None or row.issue in issues):
            sel.add(row)
        elif row.predicate in structure and row.object:
            upward[row.subject].append(row)
            if row.predicate in roles:
                members[row.object].append(row)
    if jurisdiction is not None and not seen_jurisdiction and store.entity(jurisdiction) is None:
        raise UnknownJurisdiction(f"no claims and no entity for jurisdiction {jurisdiction!r}")
    _add_structure(sel, upward, members)
    return sel


def _add_structure(sel: Selection, upward: dict[str, list[ClaimRow]], members: dict[str, list[ClaimRow]]) -> None:
    """Follow structure claims upward from the kept nodes, then add the people in them."""
    queue = list(sel.endpoints)
    while queue:
        for row in upward.pop(queue.pop(), ()):
            if sel.add(row) and row.object:
                queue.append(row.object)
    for org in list(sel.endpoints):
        for row in members.get(org, ()):
            sel.add(row)
