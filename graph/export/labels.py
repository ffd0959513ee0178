"""Labels and relationship types for the property-graph exports (Cypher, neo4j-admin), from the vocabulary.

Every node is an ``Entity`` and carries its type's label too (``board`` → ``Board``,
``civil_society`` → ``CivilSociety``); every claim is a relationship typed by its predicate
(``responsible_for`` → ``RESPONSIBLE_FOR``). Only names the vocabulary declares become labels
or types, so nothing from the data is ever spliced into Cypher.

>>> node_labels("civil_society"), node_labels(None)
(['Entity', 'CivilSociety'], ['Entity'])
>>> relationship_type("responsible_for")
'RESPONSIBLE_FOR'
"""

from __future__ import annotations

from functools import cache

from graph.errors import InputError
from graph.vocabulary import vocabulary

BASE_LABEL = "Entity"


@cache
def _type_labels() -> dict[str, str]:
    names = set(vocabulary().entity_types) | {"issue"}
    return {t: "".join(part.capitalize() for part in t.split("_")) for t in names}


def node_labels(entity_type: str | None) -> list[str]:
    """``Entity`` and the label of a known entity type."""
    label = _type_labels().get(entity_type or "")
    return [BASE_LABEL, label] if label else [BASE_LABEL]


def relationship_type(predicate: str) -> str:
    """The relationship type of a vocabulary predicate (InputError for anything else)."""
    if predicate not in vocabulary().predicates:
        raise InputError(f"not a predicate of the vocabulary: {predicate!r}")
    return predicate.upper()
