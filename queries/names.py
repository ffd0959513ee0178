"""Names as users type them → the ids the store holds: the one path every query takes.

A jurisdiction may be given as a slug, a name or a genitive ("Huddinge", "Eksjö kommun"),
an issue as an id or a Swedish or English form ("integrationen"). Every query that takes
them resolves them here, so the CLI, the HTTP API and the map answer the same for the same
words; an unknown name is UnknownJurisdiction / UnknownIssue with close matches.
"""

from __future__ import annotations

from typing import overload

from graph.store.base import Store
from graph.taxonomy import taxonomy
from queries.places import resolve_jurisdiction


@overload
def resolve_issue(text: str) -> str: ...
@overload
def resolve_issue(text: str | None) -> str | None: ...
def resolve_issue(text: str | None) -> str | None:
    """The issue id for ``text``; no filter (None) for None or an empty string."""
    return taxonomy().resolve(text) if text else None


@overload
def resolve_place(store: Store, text: str) -> str: ...
@overload
def resolve_place(store: Store, text: str | None) -> str | None: ...
def resolve_place(store: Store, text: str | None) -> str | None:
    """The jurisdiction slug for ``text``; no filter (None) for None or an empty string."""
    return resolve_jurisdiction(store, text) if text else None
