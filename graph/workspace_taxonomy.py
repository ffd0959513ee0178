"""The workspace's taxonomy: the policy areas a user added, stored with the workspace and laid
over the shipped taxonomy (data/taxonomy.yaml) whenever the workspace is opened, so that
ingest, extract, who-owns, gaps, ask, the map, the API and every export read the same issues.

``add_taxonomy`` checks a file (graph/taxonomy_file.py) and stores its areas in one write;
``use_workspace_taxonomy`` lays a store's areas over the shipped taxonomy for this process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from graph.store.base import Store, StoredArea
from graph.taxonomy import Issue, Taxonomy, shipped_taxonomy, use_workspace_issues
from graph.taxonomy_file import TaxonomyPlan, check_taxonomy_text, taxonomy_for_checks


@dataclass
class AddReport:
    """What ``add_taxonomy`` stored: the new and replaced ids, the forms taken from shipped
    issues (form, from, to), and how many stored documents were read before the change."""

    file: str
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)
    documents: int = 0


def _issue(area: StoredArea) -> Issue:
    return Issue(area.id, area.parent, area.sv, area.en, area.surface_forms)


def stored_issues(store: Store) -> dict[str, Issue]:
    """The workspace's policy areas as taxonomy issues, in the order they were added."""
    return {a.id: _issue(a) for a in store.taxonomy_areas()}


def use_workspace_taxonomy(store: Store) -> Taxonomy:
    """Lay ``store``'s policy areas over the shipped taxonomy for this process (nothing is
    dropped from the caches when they are the areas already in use)."""
    return use_workspace_issues(stored_issues(store).values())


def plan_taxonomy(store: Store, text: str, file: str, replace: bool = False) -> TaxonomyPlan:
    """Check a taxonomy file's text against the workspace; InputError names the first problem."""
    stored = stored_issues(store)
    return check_taxonomy_text(text, file, base=taxonomy_for_checks(stored), stored=stored, replace=replace)


def add_taxonomy_text(store: Store, text: str, file: str, replace: bool = False) -> AddReport:
    """Check and store the areas of a taxonomy file's text in one write (nothing stored when
    any check fails), then lay the workspace's taxonomy over the shipped one."""
    plan = plan_taxonomy(store, text, file, replace)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    store.store_taxonomy_areas(
        [StoredArea(i.id, i.parent, i.sv, i.en, i.surface_forms, file=file, added_at=now) for i in plan.issues]
    )
    use_workspace_taxonomy(store)
    return AddReport(
        file=file,
        added=[i.id for i in plan.issues if i.id not in plan.replaced],
        replaced=plan.replaced,
        moved=plan.moved,
        documents=len(store.documents()),
    )


def add_taxonomy(store: Store, path: Path, replace: bool = False) -> AddReport:
    """``add_taxonomy_text`` of a file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read taxonomy file: {exc}", file=str(path), expected="a UTF-8 YAML file") from None
    return add_taxonomy_text(store, text, str(path), replace)


def origins(store: Store | None) -> dict[str, str]:
    """Where each issue in use comes from: "shipped", or the file that added it to the workspace."""
    out = {i: "shipped" for i in shipped_taxonomy().ids()}
    if store is not None:
        out.update({a.id: a.file or "workspace" for a in store.taxonomy_areas()})
    return out
