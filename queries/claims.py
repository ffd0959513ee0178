"""Claims as a reviewer browses them: filtered, paged, with evidence and review state."""

from __future__ import annotations

from graph.model import ReviewedClaim
from graph.review import reviewed_claim
from graph.store.base import ClaimRow, Store
from queries.names import resolve_issue, resolve_place


def _candidates(store: Store, subject: str | None, issue: str | None, jurisdiction: str | None) -> list[ClaimRow]:
    """The smallest set of rows the filters allow, read from a slice when one fits."""
    if subject:
        return [r for r in store.entity_claims(subject) if r.subject == subject]
    if jurisdiction and issue:
        return store.slice(jurisdiction, [issue])
    return list(store.iter_claims())


def find_claims(
    store: Store,
    subject: str | None = None,
    predicate: str | None = None,
    issue: str | None = None,
    jurisdiction: str | None = None,
    review: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[ReviewedClaim], int]:
    """The claims matching every given filter, sorted by id: one page and the total.

    ``issue`` (an id or a name; not its sub-issues) and ``jurisdiction`` (a slug or a name)
    are resolved by queries/names.py; the other filters are exact values.
    """
    issue, jurisdiction = resolve_issue(issue), resolve_place(store, jurisdiction)
    rows = [
        r
        for r in _candidates(store, subject, issue, jurisdiction)
        if (not predicate or r.predicate == predicate)
        and (not issue or r.issue == issue)
        and (not jurisdiction or r.jurisdiction == jurisdiction)
        and (not review or r.review == review)
    ]
    rows.sort(key=lambda r: r.id)
    page = rows[offset : offset + limit]
    evidence = store.evidence(r.id for r in page)
    return [r.to_reviewed(evidence.get(r.id, [])) for r in page], len(rows)


def claim_detail(store: Store, claim_id: str) -> ReviewedClaim:
    """One claim with its evidence and every review decision on it."""
    return reviewed_claim(store, claim_id)
