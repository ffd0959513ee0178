"""The gap detectors: the six kinds of gold/FORMAT.md, each read from one slice.

Each detector reads one slice (jurisdiction, issue), after the evidence rules of
queries/rules.py, and returns the gaps it finds; a gap stated in a text ("no one
coordinates") is explicit, one inferred from missing claims is weaker and says so.
queries/verdict.py runs them and turns their findings into answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graph.store.base import Store
from queries.facts import SliceFacts


@dataclass
class Finding:
    """A gap before its evidence is fetched: which claims show it."""

    kind: str
    explicit: bool
    message: str  # key in data/messages.yaml gap_summaries
    actors: list[str]
    claims: list[str]
    values: dict[str, str] = field(default_factory=dict)
    disagreements: list = field(default_factory=list)  # queries/rules.py Disagreement, set by the verdict
    sub_owners: dict[str, list[str]] = field(default_factory=dict)  # owned sub-issues, for an unowned gap
    covers: list[str] = field(default_factory=list)  # sub-issues folded into this gap


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
    if len(rivals) < 2 or not _claimed_by_itself([r for r in owns if r.subject in rivals], store):
        return []
    return [Finding("contested", True, "contested", rivals, [r.id for r in owns if r.subject in rivals])]


def _claimed_by_itself(owns, store: Store) -> bool:
    """Whether a rival says the responsibility is its own (the claim is attributed to it or to
    someone speaking for it): owners a text merely names side by side are an overlap to sort
    out, not a contest (the gold files flag none from such statements)."""
    speakers = store.entities_by_id({r.attributed_to for r in owns if r.attributed_to})
    for r in owns:
        who = r.attributed_to
        person = speakers.get(who) if who else None
        if who == r.subject or (person is not None and person.affiliation == r.subject):
            return True
    return False


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
    """A designated owner that is criticised for its handling, or said not to exercise the role.

    Designated: an owner claim, or a body of the jurisdiction audited on the issue (an audit
    reviews the body that answers for it). Criticism of the jurisdiction as a whole counts
    against its designated owners. Steering said to fail ("styrningen har brustit") is an
    owner not exercising the role: its designated owners', else the jurisdiction's own, which
    answers for its duties when it names no body."""
    out = []
    designated = {r.subject for r in facts.owners} | facts.audited_bodies
    failing = facts.lacking("steering")
    if facts.designated_elsewhere and not designated:
        # an unclear mandate where someone was made owner: that owner could not exercise it
        designated, failing = facts.designated_elsewhere, failing + facts.lacking("owner")
    if failing and not designated:
        designated = {facts.jurisdiction}
    # criticism of the jurisdiction as a whole falls on its designated owners, unless the text
    # says what is wrong is the missing coordination (that is the uncoordinated gap)
    of_all = [] if facts.lacking("coordination") else [r for r in facts.criticisms if r.object == facts.jurisdiction]
    for owner in sorted(designated):
        against = [r for r in facts.criticisms if r.object == owner] + [r for r in facts.denied if r.subject == owner]
        if owner != facts.jurisdiction:
            against += of_all
        against += failing
        if against:
            own = [r.id for r in facts.owners if r.subject == owner] + [
                r.id for r in facts.audited if r.object == owner
            ]
            out.append(Finding("nominal", True, "nominal", [owner], own + _ids(against)))
    return _one_per_slice(out)


def _one_per_slice(findings: list[Finding]) -> list[Finding]:
    """Several designated owners found nominal in one slice are one gap with all their evidence."""
    if len(findings) < 2:
        return findings
    first = findings[0]
    for f in findings[1:]:
        first.actors += [a for a in f.actors if a not in first.actors]
        first.claims += [c for c in f.claims if c not in first.claims]
    return [first]


def find_unowned(facts: SliceFacts, store: Store) -> list[Finding]:
    """Stated: something says nobody owns it. Inferred elsewhere (see ``infer_unowned``)."""
    stated = facts.lacking("owner")
    if facts.designated_elsewhere and not facts.owner_ids:
        return []  # someone was made owner and could not exercise it: nominal (find_nominal)
    return [Finding("unowned", True, "unowned", [], _ids(stated))] if stated else []


def find_orphaned(facts: SliceFacts, store: Store) -> list[Finding]:
    """A former owner, or a post said to stand empty ("det finns ingen näringslivschef"), with
    nobody holding the responsibility now."""
    empty = facts.lacking("post")
    if not (facts.former or empty) or facts.owner_ids:
        return []
    actors = sorted({r.subject for r in facts.former})
    return [Finding("orphaned", True, "orphaned", actors, _ids(facts.former) + _ids(empty))]


def find_uncoordinated(facts: SliceFacts, store: Store) -> list[Finding]:
    """Stated lack of coordination, or several doers and nobody leading."""
    stated = facts.lacking("coordination")
    if stated:
        return [Finding("uncoordinated", True, "uncoordinated", [], _ids(stated))]
    doers = sorted({r.subject for r in facts.contributors})
    if len(_org_lines(doers, store)) >= 2 and not facts.owner_ids and not facts.audited_bodies:
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
    """No owner at all, work on the issue, a sign of trouble (a lack, a dispute, a deferral,
    a former owner, criticism), and no other gap explains it: weak evidence.

    Only the jurisdiction's own organisation at work counts as work: a state agency's grant or
    a voluntary group's café in a municipality says nothing about who in the municipality owns
    the issue, and a lack or a dispute alone is a sign of trouble, not work on the issue (on
    the 35 gold texts, inferring from them matched no gap a reader found).
    """
    if found or facts.owner_ids or not facts.contributors or facts.audited_bodies:
        return []  # an audited body answers for the issue: the audit names its owner
    if not (facts.lacks or facts.disputes or facts.defers or facts.former or facts.criticisms):
        return []  # work shown and nothing amiss: no sign that nobody owns it
    if store is not None and not _own_organisation_active(facts.jurisdiction, facts.contributors, store):
        return []
    rows = facts.contributors + facts.former + facts.disputes + facts.lacks
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
    the state: its agencies)."""
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
