"""What one (jurisdiction, issue) slice says, sorted into the roles the queries reason about."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from graph.store.base import ClaimRow, Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from queries.deferrals import Chain, analyse_deferrals


@dataclass
class SliceFacts:
    """The live (not rejected) claims of one slice, by role."""

    jurisdiction: str
    issue: str
    owners: list[ClaimRow] = field(default_factory=list)
    inherited: list[ClaimRow] = field(default_factory=list)
    disclaimed: list[ClaimRow] = field(default_factory=list)  # owner claims of those who dispute it
    contributors: list[ClaimRow] = field(default_factory=list)
    former: list[ClaimRow] = field(default_factory=list)
    denied: list[ClaimRow] = field(default_factory=list)
    defers: list[ClaimRow] = field(default_factory=list)
    disputes: list[ClaimRow] = field(default_factory=list)
    lacks: list[ClaimRow] = field(default_factory=list)
    criticisms: list[ClaimRow] = field(default_factory=list)
    audited: list[ClaimRow] = field(default_factory=list)  # audits claims: their objects answer for the issue

    @property
    def owner_ids(self) -> set[str]:
        """Everyone who owns the issue here, directly or through a parent issue."""
        return {r.subject for r in self.owners} | {r.subject for r in self.inherited}

    @property
    def active(self) -> bool:
        """True when the slice says anything about responsibility."""
        return bool(self.owners or self.contributors or self.former or self.defers or self.disputes or self.lacks)

    @property
    def audited_bodies(self) -> set[str]:
        """The bodies of the jurisdiction an audit reviews on the issue (the jurisdiction itself
        aside): an audit reviews the body that answers for the issue."""
        return {r.object for r in self.audited if r.object and r.object != self.jurisdiction}

    @property
    def designated_elsewhere(self) -> set[str]:
        """Those made overall owner who do not hold it now: the former owners and the owners who
        dispute it ("hon kunde inte ta ansvar för sitt uppdrag"). The jurisdiction itself is no
        designation: that it once did the work names nobody."""
        rows = [r for r in self.former + self.disclaimed if r.mode == "owns"]
        return {r.subject for r in rows if r.subject != self.jurisdiction}

    def lacking(self, what: str) -> list[ClaimRow]:
        """The lacks claims that say ``what`` is missing."""
        return [r for r in self.lacks if r.what == what]

    @cached_property
    def deferral_chains(self) -> list[Chain]:
        """The slice's deferral chains (cycles, dead ends, accepted), analysed once: who_owns
        lists them and the gap detectors read them from the same facts."""
        return analyse_deferrals(self.defers, accepts=lambda n: n in self.owner_ids)


def _is_owner_claim(row: ClaimRow) -> bool:
    return (
        row.predicate == "responsible_for"
        and row.mode in vocabulary().owner_modes
        and not row.negated
        and (row.status or "current") == "current"
    )


def slice_facts(store: Store, jurisdiction: str, issue: str) -> SliceFacts:
    """Sort the claims about ``issue`` in ``jurisdiction`` (and owners of its parents)."""
    v = vocabulary()
    rows = [r for r in store.slice(jurisdiction, [issue]) if r.review != "rejected"]
    parents = taxonomy().ancestors(issue)
    parent_rows = [r for r in store.slice(jurisdiction, parents) if r.review != "rejected"] if parents else []
    disputers = {r.subject for r in rows + parent_rows if r.predicate == "disputes_responsibility" and not r.negated}
    facts = SliceFacts(jurisdiction, issue)
    facts.inherited = [r for r in parent_rows if _is_owner_claim(r) and r.subject not in disputers]
    # criticism of a body's handling of the broader issue is criticism of its handling of this part
    facts.criticisms = [r for r in parent_rows if r.predicate == "criticises" and not r.negated]
    for r in rows:
        p = r.predicate
        if p == "responsible_for":
            if _is_owner_claim(r) and r.subject not in disputers:
                facts.owners.append(r)
            elif _is_owner_claim(r):
                facts.disclaimed.append(r)
            elif r.negated and r.mode in v.owner_modes:
                facts.denied.append(r)
            elif not r.negated and r.status == "former" and r.mode in v.owner_modes:
                facts.former.append(r)
            elif not r.negated and (r.status or "current") == "current" and r.mode in v.contributor_modes:
                facts.contributors.append(r)
        elif p == "defers_to" and not r.negated:
            facts.defers.append(r)
        elif p == "disputes_responsibility" and not r.negated:
            facts.disputes.append(r)
        elif p == "lacks" and not r.negated:
            facts.lacks.append(r)
        elif p == "criticises" and not r.negated:
            facts.criticisms.append(r)
        elif p == "audits" and not r.negated:
            facts.audited.append(r)
    return facts
