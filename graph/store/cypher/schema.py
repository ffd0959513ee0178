"""The property-graph layout of the Cypher store, and the whitelist every label comes from.

The store keeps the same record as the embedded SQLite store, one node label per table:

| label        | key (unique)  | what                                                          |
|--------------|---------------|---------------------------------------------------------------|
| Entity       | id            | the merged entity (type, name, jurisdiction; ``data`` JSON)   |
| EntityRecord | key           | what one source says of one entity (``entity_id``, ``source``) |
| Claim        | id            | the claim's fields (ClaimRow without ``review``)              |
| Evidence     | key           | one piece of evidence; ``(Evidence)-[:SUPPORTS]->(Claim)``     |
| Document     | key           | one source's copy of a document (``id``, ``source``, ``text``)  |
| Source       | source        | an ingested source (hash, loader, when)                       |
| Review       | claim_id      | the current review state of a claim                           |
| ReviewLog    | (claim_id, seq) | every decision, in order                                    |
| Meta         | key           | the generation counter that tells readers the graph changed   |
| TaxonomyArea | id            | a policy area the user added (``data`` JSON, ``position``, ``file``) |

Composite keys are joined with U+001F (``key``), a character no id contains. Labels,
relationship types and property names in query text come only from the sets below
(``check_label`` refuses anything else); values are always parameters.
"""

from __future__ import annotations

import re

from graph.errors import StoreError

NODE_LABELS = frozenset(
    {"Entity", "EntityRecord", "Claim", "Evidence", "Document", "Source", "Review", "ReviewLog", "Meta", "TaxonomyArea"}
)
RELATIONSHIP_TYPES = frozenset({"SUPPORTS"})
SEP = "\x1f"

UNIQUE: list[tuple[str, str]] = [
    ("Entity", "id"),
    ("EntityRecord", "key"),
    ("Claim", "id"),
    ("Evidence", "key"),
    ("Document", "key"),
    ("Source", "source"),
    ("Review", "claim_id"),
    ("Meta", "key"),
    ("TaxonomyArea", "id"),
]
INDEXES: list[tuple[str, str]] = [
    ("Entity", "type"),
    ("Entity", "jurisdiction"),
    ("EntityRecord", "source"),
    ("EntityRecord", "entity_id"),
    ("Claim", "jurisdiction"),
    ("Claim", "issue"),
    ("Claim", "subject"),
    ("Claim", "object"),
    ("Evidence", "source"),
    ("Evidence", "claim_id"),
    ("Evidence", "document"),
    ("Document", "id"),
    ("Document", "source"),
    ("ReviewLog", "claim_id"),
]

_PROPERTY = re.compile(r"^[a-z_][a-z0-9_]*$")


def check_label(name: str) -> str:
    """``name`` when it is one of the store's labels or relationship types, else StoreError.

    >>> check_label("Claim")
    'Claim'
    >>> check_label("Claim) DETACH DELETE (n")
    Traceback (most recent call last):
    graph.errors.StoreError: not a label of the store: 'Claim) DETACH DELETE (n'
    """
    if name not in NODE_LABELS and name not in RELATIONSHIP_TYPES:
        raise StoreError(f"not a label of the store: {name!r}")
    return name


def check_property(name: str) -> str:
    """``name`` when it is a plain lower-case property name, else StoreError."""
    if not _PROPERTY.match(name):
        raise StoreError(f"not a property name: {name!r}")
    return name


def key(*parts: object) -> str:
    """A composite key.

    >>> key("x/ks", "a.yaml") == "x/ks\\x1fa.yaml"
    True
    """
    return SEP.join("" if p is None else str(p) for p in parts)
