"""The evidence rules: what the verdict keeps when the sources of one slice disagree.

Two disagreements are weighed, each by the date of its sources (the newest document that
states each side):

- *current vs former*: an actor said to hold the issue now and, elsewhere, to have held it
  before. The newer source decides; on the same date (or undated) the current claim stands.
- *owner vs stated lack*: a named owner or coordinator, and a text saying that nobody owns
  or coordinates the issue (which modes a lack contradicts is data:
  ``lack_contradicted_by`` in data/vocabulary.yaml). The newer source decides; on the same
  date both stand and the gap carries the disagreement.

Inferred gaps never weigh against a stated owner: they are only drawn when nobody is named
(queries/gaps.py). The side set aside is kept, with its quotes, in the disagreement, so the
answer can cite both sources and dates.

>>> newer("2020-02", "2019-11-12"), newer("2020-02", "2020-02-15"), newer(None, "2020")
(1, 0, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.store.base import ClaimRow, Store
from graph.vocabulary import vocabulary
from queries.facts import SliceFacts


@dataclass
class Disagreement:
    """Two sides of one slice that cannot both be true, and which side the rules keep.

    ``decision`` names the side kept: ``former`` / ``current`` for an actor's status,
    ``gap`` / ``owner`` / ``both`` for a stated lack against named owners. ``rule`` is
    ``newer_source`` when dates decided, ``same_date`` when they could not.
    """

    kind: str  # current_vs_former | owner_vs_lack
    decision: str
    rule: str
    first: list[ClaimRow]  # the owner side (current claims, or named owners)
    second: list[ClaimRow]  # the other side (former claims, or the lack)
    what: str | None = None  # for owner_vs_lack: owner | coordination
    actors: list[str] = field(default_factory=list)
    issue: str = ""  # the issue of the slice it was found in


def newer(a: str | None, b: str | None) -> int:
    """1 when date ``a`` is later than ``b``, -1 when earlier, 0 when equal at the coarser
    precision of the two or when either is unknown."""
    if not a or not b:
        return 0
    n = min(len(a), len(b))
    return (a[:n] > b[:n]) - (a[:n] < b[:n])


def claim_dates(store: Store, rows: list[ClaimRow]) -> dict[str, str | None]:
    """Claim id → the date of the newest dated document that states it (None when undated)."""
    evidence = store.evidence(r.id for r in rows)
    docs = store.documents_by_id({ev.document for evs in evidence.values() for ev in evs})
    out: dict[str, str | None] = {}
    for r in rows:
        dates = [d.published for ev in evidence.get(r.id, []) if (d := docs.get(ev.document)) and d.published]
        out[r.id] = _latest(dates)
    return out


def _latest(dates: Sequence[str | None]) -> str | None:
    known = [d for d in dates if d]
    return max(known, key=lambda d: (d, len(d))) if known else None


def _side_date(rows: list[ClaimRow], dates: dict[str, str | None]) -> str | None:
    return _latest([dates.get(r.id) for r in rows])


def _candidates(facts: SliceFacts) -> tuple[list[tuple[str, list[ClaimRow], list[ClaimRow]]], list[tuple]]:
    """The pairs that may disagree: (actor, current, former) and (what, owners, lacks)."""
    former_of: dict[str, list[ClaimRow]] = {}
    for r in facts.former:
        former_of.setdefault(r.subject, []).append(r)
    status_pairs = [
        (actor, [r for r in facts.owners if r.subject == actor], rows)
        for actor, rows in sorted(former_of.items())
        if any(r.subject == actor for r in facts.owners)
    ]
    lack_pairs = []
    for what, modes in vocabulary().lack_contradicted_by.items():
        lacks = facts.lacking(what)
        owners = [r for r in facts.owners + facts.inherited if r.mode in modes]
        if lacks and owners:
            lack_pairs.append((what, owners, lacks))
    return status_pairs, lack_pairs


def weigh(store: Store, facts: SliceFacts) -> list[Disagreement]:
    """Apply the rules to ``facts`` in place (the side set aside leaves it) and return the
    disagreements found. Dates are read only when a slice has a disagreement at all."""
    status_pairs, lack_pairs = _candidates(facts)
    if not status_pairs and not lack_pairs:
        return []
    rows = [r for _, a, b in status_pairs + lack_pairs for r in a + b]
    dates = claim_dates(store, rows)
    out = []
    for actor, current, former in status_pairs:
        order = newer(_side_date(former, dates), _side_date(current, dates))
        if order > 0:
            facts.owners = [r for r in facts.owners if r not in current]
            out.append(Disagreement("current_vs_former", "former", "newer_source", current, former, actors=[actor]))
        else:
            facts.former = [r for r in facts.former if r not in former]
            rule = "newer_source" if order < 0 else "same_date"
            out.append(Disagreement("current_vs_former", "current", rule, current, former, actors=[actor]))
    for what, owners, lacks in lack_pairs:
        owners = [r for r in owners if r in facts.owners or r in facts.inherited]  # a former one left above
        if not owners:
            continue
        actors = sorted({r.subject for r in owners})
        order = newer(_side_date(lacks, dates), _side_date(owners, dates))
        if order > 0:
            facts.owners = [r for r in facts.owners if r not in owners]
            facts.inherited = [r for r in facts.inherited if r not in owners]
            out.append(Disagreement("owner_vs_lack", "gap", "newer_source", owners, lacks, what, actors))
        elif order < 0:
            facts.lacks = [r for r in facts.lacks if r not in lacks]
            out.append(Disagreement("owner_vs_lack", "owner", "newer_source", owners, lacks, what, actors))
        else:
            out.append(Disagreement("owner_vs_lack", "both", "same_date", owners, lacks, what, actors))
    for d in out:
        d.issue = facts.issue
    return out
