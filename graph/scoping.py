"""Which jurisdiction a claim is about, from the entities it connects.

Queries read the graph by slice (jurisdiction, issue), so every claim needs a
jurisdiction. The structured loaders and the prose extractor both ask
:func:`claim_jurisdiction`: the subject decides, then the object, then a default the
caller knows (a fact's explicit jurisdiction, the only jurisdiction of a description or
of its source).

>>> from graph.model import Entity
>>> ents = {e.id: e for e in [
...     Entity(id="huddinge", name="Huddinge kommun", type="jurisdiction"),
...     Entity(id="huddinge/socialnamnden", name="Socialnämnden", type="board", jurisdiction="huddinge"),
...     Entity(id="sverige/kommunerna", name="kommunerna", type="jurisdiction", jurisdiction="sverige"),
...     Entity(id="org/regeringen", name="Regeringen", type="agency"),
...     Entity(id="person/anna", name="Anna", type="person", affiliation="huddinge/socialnamnden"),
...     Entity(id="person/bo", name="Bo", type="person", affiliation="org/regeringen")]}
>>> claim_jurisdiction("huddinge/socialnamnden", None, ents, None)
'huddinge'
>>> claim_jurisdiction("huddinge", None, ents, "sverige")
'huddinge'
>>> claim_jurisdiction("sverige/kommunerna", None, ents, None)
'sverige'
>>> claim_jurisdiction("person/anna", None, ents, None)
'huddinge'
>>> claim_jurisdiction("org/regeringen", "huddinge/socialnamnden", ents, "sverige")
'huddinge'
>>> claim_jurisdiction("person/bo", None, ents, "sverige")
'sverige'
>>> claim_jurisdiction("org/regeringen", None, ents, None) is None
True
>>> claim_jurisdiction("eksjo", None, {"eksjo": Entity(id="eksjo", name="Eksjö kommun", type="jurisdiction",
...                                                   jurisdiction="jonkoping")}, None)
'eksjo'

Ids that are not in ``entities`` are read by the id scheme of gold/FORMAT.md: a bare slug
is a jurisdiction, ``<jurisdiction>/<slug>`` lies in that jurisdiction, and ``org/…`` and
``person/…`` say nothing about place.

>>> claim_jurisdiction("eksjo/revisorerna", None, {}, None), claim_jurisdiction("eksjo", None, {}, None)
('eksjo', 'eksjo')
>>> claim_jurisdiction("org/komredo", "person/x", {}, "eksjo")
'eksjo'
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.model import Entity

# Id prefixes of the scheme in gold/FORMAT.md that are not places.
PLACELESS_PREFIXES = ("org", "person")


def entity_jurisdiction(entity_id: str | None, entities: Mapping[str, Entity]) -> str | None:
    """The jurisdiction an entity belongs to, or None when it has none (national bodies).

    A jurisdiction is its own place unless it is a group inside another
    (``sverige/kommunerna`` → ``sverige``); a person is placed by the organisation of their
    role, followed upward at most a few steps.
    """
    seen: set[str] = set()
    current = entity_id
    while current and current not in seen:
        seen.add(current)
        entity = entities.get(current)
        if entity is None:
            return jurisdiction_from_id(current)
        if entity.type == "jurisdiction":
            # a municipality is its own place even if filed under its region; a group is not
            return (entity.jurisdiction or jurisdiction_from_id(entity.id)) if "/" in entity.id else entity.id
        if entity.jurisdiction:
            return entity.jurisdiction
        if entity.type != "person":
            return None
        current = entity.affiliation
    return None


def jurisdiction_from_id(entity_id: str) -> str | None:
    """Read the place from an id alone: ``huddinge`` and ``huddinge/x`` → huddinge."""
    head, sep, _ = entity_id.partition("/")
    if not sep:
        return head or None
    return None if head in PLACELESS_PREFIXES else head


def claim_jurisdiction(
    subject: str | None, object: str | None, entities: Mapping[str, Entity], default: str | None
) -> str | None:
    """The jurisdiction a claim is about: the subject's, else the object's, else ``default``."""
    return entity_jurisdiction(subject, entities) or entity_jurisdiction(object, entities) or default
