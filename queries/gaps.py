"""Ownership gaps: the six kinds of gold/FORMAT.md, each with its evidence chain and severity.

Each detector reads one slice (jurisdiction, issue) and returns the gaps it finds; a gap
stated in a text ("no one coordinates") is explicit, one inferred from missing claims is
weaker and says so. ``gaps`` runs them over every slice the filters select.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graph.answers import Gap
from graph.errors import UnknownGapKind
from graph.store.base import Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from queries.evidence import quotes
from queries.facts import SliceFacts, slice_facts
from queries.messages import gap_summary, join_names
from queries.names import resolve_issue, resolve_place
from queries.places import jurisdiction_name


@dataclass
class Finding:
    """A gap before its evidence is fetched: which claims show it."""

    kind: str
    explicit: bool
    message: str  # key in data/messages.yaml gap_summaries
    actors: list[str]
    claims: list[str]
    values: dict[str, str] = field(default_factory=dict)


def _ids(rows) -> list[str]:
    return [r.id for r in rows]


def find_deflected(facts: SliceFacts, store: Store) -> list[Finding]:
    """Deferral cycles and deferrals to someone who never takes it."""
    out = []
    for chain in facts.deferral_chains:  # shared with who_owns: findings get their own lists
        disputes = [r.id for r in facts.disputes if r.subject in chain.chain]
        if chain.kind == "cycle":
            out.append(Finding("deflected", True, "deflected_cycle", chain.chain[:-1], [*chain.claims, *disputes]))
        elif chain.kind == "dead_end":
            out.append(
                Finding(
                    "deflected",
                    True,
                    "deflected_dead_end",
                    list(chain.chain),
                    [*chain.claims, *disputes],
                    {"target": chain.chain[-1]},
                )
            )
    return _merge_same_target(out)


def _merge_same_target(findings: list[Finding]) -> list[Finding]:
    """Several actors deferring to the same target are one gap, not one each."""
    merged: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.message, f.values.get("target"), tuple(sorted(f.actors)) if f.message == "deflected_cycle" else None)
        if key in merged:
            m = merged[key]
            m.actors += [a for a in f.actors if a not in m.actors]
            m.claims += [c for c in f.claims if c not in m.claims]
        else:
            merged[key] = f
    return list(merged.values())


def find_contested(facts: SliceFacts, store: Store) -> list[Finding]:
    """Two or more claim overall ownership, neither above the other in the organisation."""
    owns = [r for r in facts.owners if r.mode == "owns"]
    subjects = sorted({r.subject for r in owns})
    if len(subjects) < 2:
        return []
    paths = {s: set(store.org_path(s)) for s in subjects}
    rivals = [s for s in subjects if not any(o != s and (o in paths[s] or s in paths[o]) for o in subjects)]
    rivals = [s for s in rivals if not _only_assigns(s, owns, store)]
    if len(rivals) < 2:
        return []
    return [Finding("contested", True, "contested", rivals, [r.id for r in owns if r.subject in rivals])]


def _only_assigns(subject: str, owns, store: Store) -> bool:
    """Whether every ownership claim of ``subject`` is a decision stated in the very words that
    name another owner: "Fullmäktige beslutade att styrelsen har ansvaret" makes the board
    the owner; the assembly that decided it is no rival."""
    mine = [r for r in owns if r.subject == subject]
    if not mine or any(r.basis != "decision" for r in mine):
        return False
    others = [r for r in owns if r.subject != subject]
    evidence = store.evidence([r.id for r in mine + others])
    spans = {(e.document, e.start, e.end) for r in others for e in evidence.get(r.id, []) if e.start is not None}
    return all(any((e.document, e.start, e.end) in spans for e in evidence.get(r.id, [])) for r in mine)


def find_nominal(facts: SliceFacts, store: Store) -> list[Finding]:
    """An owner that is criticised for its handling, or said not to exercise the role."""
    out = []
    for owner in sorted({r.subject for r in facts.owners}):
        against = [r for r in facts.criticisms if r.object == owner] + [r for r in facts.denied if r.subject == owner]
        if against:
            own = [r.id for r in facts.owners if r.subject == owner]
            out.append(Finding("nominal", True, "nominal", [owner], own + _ids(against)))
    return out


def find_unowned(facts: SliceFacts, store: Store) -> list[Finding]:
    """Stated: something says nobody owns it. Inferred elsewhere (see ``infer_unowned``)."""
    stated = facts.lacking("owner")
    return [Finding("unowned", True, "unowned", [], _ids(stated))] if stated else []


def find_orphaned(facts: SliceFacts, store: Store) -> list[Finding]:
    """A former owner with nobody holding the responsibility now."""
    if not facts.former or facts.owner_ids:
        return []
    return [Finding("orphaned", True, "orphaned", sorted({r.subject for r in facts.former}), _ids(facts.former))]


def find_uncoordinated(facts: SliceFacts, store: Store) -> list[Finding]:
    """Stated lack of coordination, or several doers and nobody leading."""
    stated = facts.lacking("coordination")
    if stated:
        return [Finding("uncoordinated", True, "uncoordinated", [], _ids(stated))]
    doers = sorted({r.subject for r in facts.contributors})
    if len(_org_lines(doers, store)) >= 2 and not facts.owner_ids:
        return [Finding("uncoordinated", False, "uncoordinated_inferred", doers, _ids(facts.contributors))]
    return []


def _org_lines(actors: list[str], store: Store) -> list[list[str]]:
    """``actors`` grouped by organisational line: a unit and the body above it (an office
    and its municipality) are one actor when counting who does the work."""
    paths = {a: set(store.org_path(a)) for a in actors}
    lines: list[list[str]] = []
    for a in actors:
        line = next((ln for ln in lines if any(a in paths[b] or b in paths[a] for b in ln)), None)
        if line is None:
            lines.append([a])
        else:
            line.append(a)
    return lines


def infer_unowned(facts: SliceFacts, found: list[Finding], store: Store | None = None) -> list[Finding]:
    """No owner at all, activity on the issue, and no other gap explains it: weak evidence.

    Only the jurisdiction's own organisation at work counts as activity: a state agency's
    grant or a voluntary group's café in a municipality says nothing about who in the
    municipality owns the issue, so it is no evidence that nobody does.
    """
    if found or facts.owner_ids or not facts.active:
        return []
    rows = facts.contributors + facts.former + facts.disputes + facts.lacks
    if store is not None and not _own_organisation_active(facts.jurisdiction, rows, store):
        return []
    return [Finding("unowned", False, "unowned_inferred", sorted({r.subject for r in rows}), _ids(rows))]


def _is_state(jurisdiction: str) -> bool:
    """Whether the jurisdiction is a state (the gazetteer's kind), whose agencies are its own."""
    from graph.errors import AnsvarError
    from graph.gazetteer import gazetteer

    try:
        return gazetteer().jurisdiction(jurisdiction).kind == "state"
    except AnsvarError:  # not in the gazetteer: a municipality's group or an unknown place
        return False


def _own_organisation_active(jurisdiction: str, rows, store: Store) -> bool:
    """Whether any of ``rows`` is by the jurisdiction itself or a public body inside it (for
    the state: its agencies), or states a lack."""
    if any(r.predicate == "lacks" for r in rows):
        return True
    entities = store.entities_by_id({r.subject for r in rows})
    national = _is_state(jurisdiction)
    for r in rows:
        e = entities.get(r.subject)
        if r.subject == jurisdiction or (
            e is not None
            and e.type in ("board", "administration", "jurisdiction")
            and e.jurisdiction in (jurisdiction, None)
        ):
            return True
        if national and e is not None and e.type == "agency":
            return True
    return False


DETECTORS: list[Callable[[SliceFacts, Store], list[Finding]]] = [
    find_unowned,
    find_deflected,
    find_contested,
    find_uncoordinated,
    find_orphaned,
    find_nominal,
]


def slice_findings(store: Store, facts: SliceFacts) -> list[Finding]:
    """Every gap of one slice."""
    found = [f for detect in DETECTORS for f in detect(facts, store)]
    return found + infer_unowned(facts, found, store)


def fold_sub_issues(items: list[tuple[str, str, Finding]]) -> list[tuple[str, str, Finding]]:
    """A gap on a sub-issue is part of the same kind of gap on an issue above it in the same
    jurisdiction: one gap, the nearest ancestor's, with the evidence and actors of both
    (stated if either is). "Nobody owns integration" covers refugee reception."""
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
        if f.explicit and not parent.explicit:
            parent.explicit, parent.message = True, f.message
    return out


def to_gaps(store: Store, items: list[tuple[str, str, Finding]], lang: str = "en") -> list[Gap]:
    """Fetch the evidence of every finding in one call and make the answers."""
    v, tax = vocabulary(), taxonomy()
    evidence = quotes(store, [c for _, _, f in items for c in f.claims])
    wanted = {a for _, _, f in items for a in f.actors} | {f.values.get("target", "") for _, _, f in items}
    names = {eid: e.name for eid, e in store.entities_by_id(wanted).items()}
    out = []
    for jurisdiction, issue, f in items:
        label = tax.get(issue).en if lang == "en" else tax.get(issue).sv
        values = {k: names.get(val, val) for k, val in f.values.items()}
        summary = gap_summary(
            f.message,
            lang,
            issue=label,
            jurisdiction=jurisdiction_name(jurisdiction, store),
            actors=join_names([names.get(a, a) for a in f.actors if a != f.values.get("target")], lang),
            **values,
        )
        out.append(
            Gap(
                jurisdiction=jurisdiction,
                issue=issue,
                kind=f.kind,
                explicit=f.explicit,
                severity=v.gap_severity(f.kind, f.explicit),
                summary=summary,
                actors=f.actors,
                evidence=[q for cid in f.claims for q in evidence.get(cid, [])],
            )
        )
    return out


def gaps(
    store: Store,
    jurisdiction: str | None = None,
    issue: str | None = None,
    kind: str | None = None,
    min_severity: float = 0.0,
    lang: str = "en",
) -> list[Gap]:
    """Every gap in the store, optionally for one jurisdiction, issue (with sub-issues) or kind.

    ``jurisdiction`` may be a slug or a name and ``issue`` an id or a Swedish or English
    name (queries/names.py). Sorted by severity (highest first), then jurisdiction and issue.
    """
    if kind is not None and kind not in vocabulary().gap_kinds:
        raise UnknownGapKind(f"unknown gap kind {kind!r}", hint="known kinds: " + ", ".join(vocabulary().gap_kinds))
    jurisdiction, issue = resolve_place(store, jurisdiction), resolve_issue(issue)
    issues = None if issue is None else [taxonomy().get(issue).id, *taxonomy().descendants(issue)]
    keys = store.slice_keys(jurisdiction) if issues is None or jurisdiction else []
    if issues is not None:
        keys = (
            [k for k in keys if k[1] in issues]
            if jurisdiction
            else [k for i in issues for k in store.slice_keys(issue=i)]
        )
    items = [
        (j, i, f)
        for j, i in keys
        for f in slice_findings(store, slice_facts(store, j, i))
        if kind is None or f.kind == kind
    ]
    items = [
        (j, i, f) for j, i, f in fold_sub_issues(items) if vocabulary().gap_severity(f.kind, f.explicit) >= min_severity
    ]
    result = to_gaps(store, items, lang)
    return sorted(result, key=lambda g: (-g.severity, g.jurisdiction, g.issue, g.kind))
