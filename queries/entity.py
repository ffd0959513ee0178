"""One entity as a user looks it up: the record, its organisational path, its claims with evidence."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph.errors import UnknownEntity, UnknownJurisdiction
from graph.model import Entity, ReviewedClaim
from graph.store.base import Store
from queries.names import resolve_place
from queries.places import resolve_jurisdiction


class EntityView(BaseModel):
    """An entity, where it sits, and every claim that names it."""

    entity: Entity = Field(description="the entity")
    path: list[str] = Field(
        default_factory=list,
        description="organisational path upward, the entity first",
        examples=[["huddinge/socialforvaltningen", "huddinge/socialnamnden", "huddinge"]],
    )
    claims: list[ReviewedClaim] = Field(
        default_factory=list, description="claims in and out, with evidence and review state"
    )


def _place(store: Store, text: str) -> str | None:
    """The slug of the place ``text`` names, if any."""
    try:
        return resolve_jurisdiction(store, text)
    except UnknownJurisdiction:
        return None


def describe_entity(store: Store, entity_id: str) -> EntityView:
    """The entity, its path and every claim that names it; UnknownEntity with close ids otherwise."""
    entity = store.entity(entity_id)
    if entity is None and "/" not in entity_id:  # a place by its name: "Huddinge kommun", "Huddinges"
        entity_id = _place(store, entity_id) or entity_id
        entity = store.entity(entity_id)
    if entity is None:
        close = [e.id for e in store.entities(q=entity_id.split("/")[-1][:6], limit=5)]
        raise UnknownEntity(
            f"unknown entity {entity_id!r}", hint=("did you mean: " + ", ".join(close)) if close else None
        )
    rows = sorted(store.entity_claims(entity_id), key=lambda r: (r.predicate, r.subject, r.object or r.issue or ""))
    evidence = store.evidence(r.id for r in rows)
    return EntityView(
        entity=entity, path=store.org_path(entity_id), claims=[r.to_reviewed(evidence.get(r.id, [])) for r in rows]
    )


def find_entities(
    store: Store,
    type: str | None = None,
    jurisdiction: str | None = None,
    q: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Entity], int]:
    """Entities sorted by id matching every filter: one page and the total.

    ``jurisdiction`` may be a slug or a name (queries/names.py); UnknownJurisdiction with close
    matches otherwise.
    """
    jurisdiction = resolve_place(store, jurisdiction)
    found = store.entities(type=type, jurisdiction=jurisdiction, q=q, limit=limit, offset=offset)
    return found, store.count_entities(type=type, jurisdiction=jurisdiction, q=q)
