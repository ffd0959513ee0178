"""who_owns: the owners of an issue in a jurisdiction, how they got it, and what is missing."""

from __future__ import annotations

from graph.answers import Deferral, Missing, Ownership, Role, SubIssueOwners
from graph.store.base import ClaimRow, Store
from graph.vocabulary import vocabulary
from queries.conflicts import to_conflicts
from queries.evidence import quotes
from queries.messages import issue_label, status_label
from queries.names import resolve_issue, resolve_place
from queries.places import jurisdiction_name
from queries.verdict import slice_verdict, to_gaps


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


def who_owns(store: Store, issue: str, jurisdiction: str, lang: str = "en") -> Ownership:
    """Owners, contributors, deferral chains and gaps of ``issue`` in ``jurisdiction``.

    ``issue`` may be an id or a Swedish/English form; ``jurisdiction`` a slug or a name.
    The verdict is queries/verdict.py's, the one every surface shows. Owners of sub-issues
    are rolled up under ``sub_issues``; former owners are listed apart under ``former`` (never
    among the owners); where sources disagree, ``conflicts`` names both sides and the side kept.
    """
    issue = resolve_issue(issue)
    jurisdiction = resolve_place(store, jurisdiction)
    verdict = slice_verdict(store, jurisdiction, issue)
    facts = verdict.facts
    chains = facts.deferral_chains
    subs = verdict.sub_owners
    rows = facts.inherited + facts.owners + facts.former + facts.contributors + [r for o in subs.values() for r in o]
    lacks = [r for r in facts.lacks if not r.negated]
    evidence = quotes(store, [r.id for r in rows + facts.defers + lacks])
    entities = store.entities_by_id(
        {r.subject for r in rows} | {x for r in lacks for x in (r.subject, r.attributed_to) if x}
    )
    gaps = to_gaps(store, [(jurisdiction, issue, f) for f in verdict.findings], lang)
    return Ownership(
        issue=issue,
        issue_label=issue_label(issue, lang),
        jurisdiction=jurisdiction,
        jurisdiction_name=jurisdiction_name(jurisdiction, store),
        status=verdict.status,
        status_label=status_label(verdict.status, lang),
        owners=_roles(store, facts.owners + facts.inherited, evidence, entities),
        former=_roles(store, facts.former, evidence, entities),
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
                entity_name=entities[r.subject].name if r.subject in entities else jurisdiction_name(r.subject, store),
                attributed_to=r.attributed_to,
                attributed_name=entities[r.attributed_to].name if r.attributed_to in entities else r.attributed_to,
                evidence=evidence.get(r.id, []),
            )
            for r in sorted(lacks, key=lambda r: (r.what or "", r.subject))
        ],
        conflicts=to_conflicts(store, verdict.disagreements, jurisdiction, issue, lang),
    )
