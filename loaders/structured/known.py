"""Entities a file may refer to without declaring them: the gazetteer's jurisdictions and
national organisations (``huddinge``, ``org/migrationsverket``).

The gazetteer (graph/gazetteer.py) is data; this module only turns its records into
entities for a batch, and never fails when a lookup misses.
"""

from __future__ import annotations

from functools import lru_cache

from graph.errors import AnsvarError
from graph.model import Entity


def _gazetteer():
    from graph.gazetteer import gazetteer  # imported late: the loaders must import without it

    return gazetteer()


def is_known_jurisdiction(entity_id: str) -> bool:
    """True when ``entity_id`` is a jurisdiction slug of the gazetteer."""
    try:
        return bool(_gazetteer().is_jurisdiction(entity_id))
    except AnsvarError:
        return False


@lru_cache(maxsize=4096)
def known_entity(entity_id: str) -> Entity | None:
    """The gazetteer's entity for ``entity_id`` (a jurisdiction or organisation), or None."""
    g = _gazetteer()
    try:
        if g.is_jurisdiction(entity_id):
            j = g.jurisdiction(entity_id)
            return Entity(id=entity_id, name=j.name, type="jurisdiction", code=j.code or None, county=j.county or None)
        org = g.organisation(entity_id)
    except AnsvarError:
        return None
    if org is None:
        return None
    return Entity(
        id=org.id, name=org.name, type=org.type, jurisdiction=org.jurisdiction or None, aliases=list(org.aliases or ())
    )


def suggest_jurisdiction(text: str) -> str | None:
    """The gazetteer slug a name like "Hässleholms kommun" stands for, if any (for hints)."""
    try:
        return _gazetteer().resolve_jurisdiction(text) or None
    except (AnsvarError, ValueError, KeyError):
        return None
