"""Ownership gaps over the workspace: the verdicts' gaps (queries/verdict.py), filtered.

The same gaps, with the same summaries and evidence, are what who-owns lists for one slice,
what the map draws on its issue nodes and what the exports write.
"""

from __future__ import annotations

from graph.answers import Gap
from graph.errors import UnknownGapKind
from graph.store.base import Store
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from queries.names import resolve_issue, resolve_place
from queries.verdict import gap_items, to_gaps


def gap_keys(store: Store, jurisdiction: str | None = None, issue: str | None = None) -> list[tuple[str, str]]:
    """Every (jurisdiction, issue) slice with claims, for one jurisdiction and/or one issue
    with its sub-issues."""
    issues = None if issue is None else [taxonomy().get(issue).id, *taxonomy().descendants(issue)]
    if issues is None:
        return list(store.slice_keys(jurisdiction))
    if jurisdiction:
        return [k for k in store.slice_keys(jurisdiction) if k[1] in issues]
    return [k for i in issues for k in store.slice_keys(issue=i)]


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
    v = vocabulary()
    jurisdiction, issue = resolve_place(store, jurisdiction), resolve_issue(issue)
    if kind is not None and kind not in v.gap_kinds:
        raise UnknownGapKind(f"unknown gap kind {kind!r}", hint="known kinds: " + ", ".join(v.gap_kinds))
    items = gap_items(store, gap_keys(store, jurisdiction, issue), kind)
    items = [(j, i, f) for j, i, f in items if v.gap_severity(f.kind, f.explicit) >= min_severity]
    return sorted(to_gaps(store, items, lang), key=lambda g: (-g.severity, g.jurisdiction, g.issue, g.kind))
