"""Predicate signatures (data/vocabulary.yaml): which entity types a predicate may connect.

>>> from graph.model import Entity
>>> person = Entity(id="person/a", name="A", type="person")
>>> type_problem("part_of", "subject", person)[0]
"part_of cannot have 'person/a' (a person) as its subject"
>>> type_problem("responsible_for", "subject", person) is None
True
"""

from __future__ import annotations

from graph.model import Entity
from graph.vocabulary import vocabulary


def organisation_types() -> list[str]:
    """The entity types that are organisations: those that can be part of another."""
    return sorted(vocabulary().predicates["part_of"].subject_types)


def type_problem(predicate: str, role: str, entity: Entity) -> tuple[str, str] | None:
    """(message, expected) when ``entity`` cannot be the ``role`` (subject/object) of ``predicate``."""
    spec = vocabulary().predicates[predicate]
    allowed = spec.subject_types if role == "subject" else spec.object_types
    if allowed is None or entity.type in allowed:
        return None
    return (
        f"{predicate} cannot have {entity.id!r} (a {entity.type}) as its {role}",
        "an entity of type " + ", ".join(sorted(allowed)),
    )
