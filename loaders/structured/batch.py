"""Collect what one file says into a SourceBatch: entities once each, claims merged by id.

Two facts that say the same thing (the same claim id) become one claim with the evidence
of both; an id declared twice must agree on what it names.

>>> from graph.model import Claim, Entity, Evidence
>>> b = BatchBuilder("f.yaml", "h", "description")
>>> b.add_entity(Entity(id="x/a", name="A", type="board")), b.add_entity(Entity(id="x/a", name="A", type="agency"))
(None, 'type')
>>> c = lambda doc: Claim(subject="x/a", predicate="disputes_responsibility", issue="integration",
...                       evidence=[Evidence(document=doc)])
>>> b.add_claim(c("d1")); b.add_claim(c("d2")); b.add_claim(c("d2"))
>>> [len(c.evidence) for c in b.build().claims]
[2]
"""

from __future__ import annotations

from graph.model import Claim, Document, Entity
from graph.store.base import SourceBatch

# The fields of an entity that two declarations of one id must agree on.
IDENTITY_FIELDS = ("type", "name", "jurisdiction", "role", "affiliation")


class BatchBuilder:
    """Entities, claims and documents of one source, in the order first seen."""

    def __init__(self, source: str, content_hash: str, loader: str):
        self.source, self.content_hash, self.loader = source, content_hash, loader
        self.entities: dict[str, Entity] = {}
        self.claims: dict[str, Claim] = {}
        self.documents: dict[str, Document] = {}

    def add_entity(self, entity: Entity) -> str | None:
        """Add ``entity``; None when fine, else the field on which it conflicts with an earlier one."""
        old = self.entities.get(entity.id)
        if old is None:
            self.entities[entity.id] = entity
            return None
        for name in IDENTITY_FIELDS:
            new_value = getattr(entity, name)
            if new_value is not None and getattr(old, name) is not None and new_value != getattr(old, name):
                return name
        merged = {n: getattr(old, n) if getattr(old, n) is not None else getattr(entity, n) for n in IDENTITY_FIELDS}
        aliases = list(dict.fromkeys([*old.aliases, *entity.aliases]))
        self.entities[entity.id] = old.model_copy(update={**merged, "aliases": aliases})
        return None

    def add_claim(self, claim: Claim) -> None:
        """Add ``claim``, or add its evidence to the same claim seen before."""
        old = self.claims.get(claim.id)
        if old is None:
            self.claims[claim.id] = claim
            return
        known = {e.id for e in old.evidence}
        old.evidence.extend(e for e in claim.evidence if e.id not in known)

    def add_document(self, document: Document) -> None:
        """Add a document once (the first record of an id wins)."""
        self.documents.setdefault(document.id, document)

    def build(self) -> SourceBatch:
        return SourceBatch(
            source=self.source,
            content_hash=self.content_hash,
            loader=self.loader,
            documents=list(self.documents.values()),
            entities=list(self.entities.values()),
            claims=list(self.claims.values()),
        )
