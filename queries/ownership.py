"""who_owns: the owners of an issue in a jurisdiction, how they got it, and what is missing."""

from __future__ import annotations

from graph.answers import Deferral, Gap, Missing, Ownership, Role, SubIssueOwners
from graph.store.base import ClaimRow, Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from queries.evidence import quotes
from queries.facts import slice_facts
from queries.gaps import slice_findings, to_gaps
from queries.names import resolve_issue, resolve_place


def _roles(store: Store, rows: list[ClaimRow], evidence: dict, entities: dict) -> list[Role]:
    """The actors of responsible_for ``rows`` as answers: current before former, owners first."""
    roles = []
    for r in sorted(
        rows,
        key=lambda r: ((r.status or "current") != "current", vocabulary().ownership_rank(r.mode), r.subject, r.issue),
    ):
        ent = entities.get(r.subject)
        # responsible_for claims: the model requires the issue and fills in mode and basis
        assert r.issue is not None and r.mode is not None and r.basis is not None
        roles.append(
            Role(
                entity=r.subject,
                name=ent.name if ent else None,
                type=ent.type if ent else None,
                issue=r.issue,
                mode=r.mode,
                basis=r.basis,
                status=r.status or "current",
                since=r.since,
                until=r.until,
                attributed_to=r.attributed_to,
                path=store.org_path(r.subject),
                evidence=evidence.get(r.id, []),
            )
        )
    return roles


def _status(gaps: list[Gap], has_owner: bool) -> str:
    flagged = {g.kind for g in gaps}
    for kind in vocabulary().status_precedence:
        if kind in flagged:
            return kind
    return "owned" if has_owner else "unowned"


def who_owns(store: Store, issue: str, jurisdiction: str, lang: str = "en") -> Ownership:
    """Owners, contributors, deferral chains and gaps of ``issue`` in ``jurisdiction``.

    ``issue`` may be an id or a Swedish/English form; ``jurisdiction`` a slug or a name.
    Owners of sub-issues are rolled up under ``sub_issues``; former owners are listed after
    the current ones with ``status`` "former" (they never make the issue owned).
    """
    tax = taxonomy()
    issue = resolve_issue(issue)
    jurisdiction = resolve_place(store, jurisdiction)
    facts = slice_facts(store, jurisdiction, issue)
    chains = facts.deferral_chains
    findings = slice_findings(store, facts)
    subs = {sub: slice_facts(store, jurisdiction, sub).owners for sub in tax.descendants(issue)}
    rows = facts.inherited + facts.owners + facts.former + facts.contributors + [r for o in subs.values() for r in o]
    lacks = [r for r in facts.lacks if not r.negated]
    evidence = quotes(store, [r.id for r in rows + facts.defers + lacks])
    entities = store.entities_by_id({r.subject for r in rows})
    gaps = to_gaps(store, [(jurisdiction, issue, f) for f in findings], lang)
    return Ownership(
        issue=issue,
        jurisdiction=jurisdiction,
        status=_status(gaps, bool(facts.owner_ids)),
        owners=_roles(store, facts.owners + facts.inherited + facts.former, evidence, entities),
        contributors=_roles(store, facts.contributors, evidence, entities),
        deferrals=[
            Deferral(
                kind=c.kind, chain=c.chain, issue=issue, evidence=[q for cid in c.claims for q in evidence.get(cid, [])]
            )
            for c in chains
        ],
        gaps=sorted(gaps, key=lambda g: -g.severity),
        sub_issues=[SubIssueOwners(issue=s, owners=_roles(store, o, evidence, entities)) for s, o in subs.items() if o],
        missing=[
            Missing(
                what=r.what or "unspecified",
                entity=r.subject,
                attributed_to=r.attributed_to,
                evidence=evidence.get(r.id, []),
            )
            for r in sorted(lacks, key=lambda r: (r.what or "", r.subject))
        ],
    )
