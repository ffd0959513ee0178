"""One verdict per (jurisdiction, issue): who owns it now, who did before, its gaps, its
status and where its sources disagree, computed here once.

who-owns, gaps, ask, the map, the HTTP API and the exports all show these verdicts, so a
status, an owner or a gap can never differ between them. The order is fixed:

1. the slice's claims sorted into roles (queries/facts.py);
2. the evidence rules settle what the sources disagree about (queries/rules.py);
3. the detectors find the gaps (queries/detectors.py);
4. the status is the gravest gap, else ``owned`` (someone owns the issue itself),
   ``owned_in_sub_issues`` (only parts of it have owners) or ``no_owner_recorded``;
5. over several slices, a sub-issue's gap is folded into the same kind of gap of an issue
   above it in the same jurisdiction (``fold_sub_issues``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.answers import Gap
from graph.store.base import ClaimRow, Store
from graph.taxonomy import taxonomy
from graph.vocabulary import NO_GAP_STATUSES, vocabulary
from queries.conflicts import to_conflicts
from queries.detectors import Finding, slice_findings
from queries.evidence import quotes
from queries.facts import SliceFacts, slice_facts
from queries.messages import gap_summary, issue_label, join_names, kind_label
from queries.places import jurisdiction_name
from queries.rules import Disagreement, weigh

# the gap a stated lack of each kind stands for: a disagreement about it travels with that gap
LACK_GAP = {"owner": "unowned", "coordination": "uncoordinated"}


@dataclass
class SliceVerdict:
    """The verdict on one (jurisdiction, issue)."""

    jurisdiction: str
    issue: str
    facts: SliceFacts  # after the evidence rules: what was set aside is no longer in it
    findings: list[Finding]
    disagreements: list[Disagreement]
    sub_owners: dict[str, list[ClaimRow]] = field(default_factory=dict)  # sub-issue → its owners' claims
    status: str = "no_owner_recorded"


def _weighed(store: Store, jurisdiction: str, issue: str) -> tuple[SliceFacts, list[Disagreement]]:
    facts = slice_facts(store, jurisdiction, issue)
    return facts, weigh(store, facts)


def _status(findings: list[Finding], facts: SliceFacts, sub_owners: dict) -> str:
    """The gravest gap kind found, else whether the issue or only its parts have owners."""
    flagged = {f.kind for f in findings}
    for kind in vocabulary().status_precedence:
        if kind in flagged:
            return kind
    owned, in_parts, nobody = NO_GAP_STATUSES
    return owned if facts.owner_ids else in_parts if sub_owners else nobody


def _judge(store: Store, key: tuple[str, str], weighed: dict) -> SliceVerdict:
    jurisdiction, issue = key
    facts, disagreements = weighed[key]
    sub_owners = {
        sub: weighed[(jurisdiction, sub)][0].owners
        for sub in taxonomy().descendants(issue)
        if (jurisdiction, sub) in weighed and weighed[(jurisdiction, sub)][0].owners
    }
    findings = slice_findings(store, facts)
    for f in findings:
        f.disagreements = [d for d in disagreements if d.decision != "owner" and LACK_GAP.get(d.what or "") == f.kind]
        if f.kind == "unowned" and sub_owners:
            f.sub_owners = {sub: sorted({r.subject for r in rows}) for sub, rows in sub_owners.items()}
    return SliceVerdict(
        jurisdiction, issue, facts, findings, disagreements, sub_owners, _status(findings, facts, sub_owners)
    )


def verdicts(store: Store, keys: list[tuple[str, str]], complete: bool = False) -> dict[tuple[str, str], SliceVerdict]:
    """The verdict of every (jurisdiction, issue) in ``keys``. The sub-issues of each key are
    read too, for their owners, unless ``complete`` says ``keys`` already holds every slice
    with claims among them (as a scan of the store's slice keys does)."""
    tax = taxonomy()
    subs = [] if complete else [(j, sub) for j, i in keys for sub in tax.descendants(i)]
    wanted = list(dict.fromkeys([*keys, *subs]))
    weighed = {k: _weighed(store, *k) for k in wanted}
    return {k: _judge(store, k, weighed) for k in keys}


def slice_verdict(store: Store, jurisdiction: str, issue: str) -> SliceVerdict:
    """The verdict on ``issue`` in ``jurisdiction`` (ids, already resolved)."""
    return verdicts(store, [(jurisdiction, issue)])[(jurisdiction, issue)]


def fold_sub_issues(items: list[tuple[str, str, Finding]]) -> list[tuple[str, str, Finding]]:
    """A gap on a sub-issue is part of the same kind of gap on an issue above it in the same
    jurisdiction: one gap, the nearest ancestor's, with the evidence, actors and disagreements
    of both (stated if either is), naming the sub-issue in ``covers``. "Nobody owns
    integration" covers refugee reception."""
    tax = taxonomy()
    index = {(j, i, f.kind): f for j, i, f in items}
    out = []
    for j, i, f in items:
        parent = next((index[(j, a, f.kind)] for a in tax.ancestors(i) if (j, a, f.kind) in index), None)
        if parent is None:
            out.append((j, i, f))
            continue
        parent.actors += [a for a in f.actors if a not in parent.actors]
        parent.claims += [c for c in f.claims if c not in parent.claims]
        parent.disagreements += [d for d in f.disagreements if d not in parent.disagreements]
        parent.covers += [c for c in [i, *f.covers] if c not in parent.covers]
        if f.explicit and not parent.explicit:
            parent.explicit, parent.message = True, f.message
    return out


def _message(f: Finding) -> str:
    """The summary's key: an unowned issue whose parts have owners says so."""
    return f.message + "_sub_owned" if f.kind == "unowned" and f.sub_owners else f.message


def to_gaps(store: Store, items: list[tuple[str, str, Finding]], lang: str = "en") -> list[Gap]:
    """Fetch the evidence of every finding in one call and make the answers."""
    v = vocabulary()
    evidence = quotes(store, [c for _, _, f in items for c in f.claims])
    wanted = {a for _, _, f in items for a in f.actors} | {f.values.get("target", "") for _, _, f in items}
    wanted |= {a for _, _, f in items for owners in f.sub_owners.values() for a in owners}
    names = {eid: e.name for eid, e in store.entities_by_id(wanted).items()}
    places: dict[str, str] = {}
    out = []
    for jurisdiction, issue, f in items:
        values = {k: names.get(val, val) for k, val in f.values.items()}
        parts = join_names(
            [
                f"{issue_label(sub, lang)} ({join_names([names.get(a, a) for a in owners], lang)})"
                for sub, owners in f.sub_owners.items()
            ],
            lang,
        )
        place = places.setdefault(jurisdiction, jurisdiction_name(jurisdiction, store))
        summary = gap_summary(
            _message(f),
            lang,
            issue=issue_label(issue, lang),
            jurisdiction=place,
            actors=join_names([names.get(a, a) for a in f.actors if a != f.values.get("target")], lang),
            parts=parts,
            **values,
        )
        out.append(
            Gap(
                jurisdiction=jurisdiction,
                jurisdiction_name=place,
                issue=issue,
                issue_label=issue_label(issue, lang),
                kind=f.kind,
                kind_label=kind_label(f.kind, lang),
                explicit=f.explicit,
                severity=v.gap_severity(f.kind, f.explicit),
                summary=summary,
                actors=f.actors,
                evidence=[q for cid in f.claims for q in evidence.get(cid, [])],
                covers=f.covers,
                conflicts=to_conflicts(store, f.disagreements, jurisdiction, issue, lang),
            )
        )
    return out


def gap_items(
    store: Store, keys: list[tuple[str, str]], kind: str | None = None, complete: bool = True
) -> list[tuple[str, str, Finding]]:
    """The findings of the verdicts on ``keys``, sub-issues folded into their issues."""
    judged = verdicts(store, keys, complete)
    items = [(j, i, f) for (j, i), verdict in judged.items() for f in verdict.findings if kind in (None, f.kind)]
    return fold_sub_issues(items)
