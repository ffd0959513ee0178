"""The narrow store interface that every backend (SQLite + networkx, Neo4j) implements.

Writing is by source: a ``SourceBatch`` is everything one ingested file says, written in
one transaction that first removes what that source said before. Reading is by slice: the
queries ask for the claims of one (jurisdiction, issue), the claims around one entity, or
an entity's organisational path, so that no query scans the whole graph.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from graph.errors import AnsvarError
from graph.model import CLAIM_KEY_FIELDS, Claim, Document, Entity, Evidence, Review, ReviewedClaim

T = TypeVar("T")


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    """``items`` in slices of at most ``size``: as many as one query may name at a time.

    >>> [list(c) for c in chunks([1, 2, 3], 2)]
    [[1, 2], [3]]
    """
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SourceBatch(BaseModel):
    """Everything one source (a file, an upload) contributes, written atomically."""

    source: str = Field(description="stable key of the source, e.g. its path")
    content_hash: str = ""
    loader: str = ""
    documents: list[Document] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class WriteReport(BaseModel):
    """What a write changed."""

    source: str = Field(
        description="the source key written (a file, an upload, a review)", examples=["upload:huddinge.yaml"]
    )
    documents: int = Field(0, description="documents stored", examples=[1])
    entities: int = Field(0, description="entity records stored", examples=[12])
    claims: int = Field(0, description="claims stored", examples=[40])
    evidence: int = Field(0, description="pieces of evidence stored", examples=[44])
    removed_claims: int = Field(0, description="claims the source no longer states, removed", examples=[0])
    removed_entities: int = Field(0, description="entity records the source no longer has, removed", examples=[0])

    @classmethod
    def of_batch(cls, batch: SourceBatch, removed_claims: int, removed_entities: int) -> WriteReport:
        """What writing ``batch`` stored (its distinct claims), whichever store wrote it."""
        return cls(
            source=batch.source,
            documents=len(batch.documents),
            entities=len(batch.entities),
            claims=len({c.id for c in batch.claims}),
            evidence=sum(len(c.evidence) for c in batch.claims),
            removed_claims=removed_claims,
            removed_entities=removed_entities,
        )


@dataclass(slots=True)
class ClaimRow:
    """A claim without its evidence: the light record that queries work on.

    Its fields are the claim's (graph/model.py ``Claim``) in the same order, evidence left
    out and the review state added; a mismatch fails on import (``ROW_FIELDS`` below).
    """

    id: str
    subject: str
    predicate: str
    object: str | None = None
    issue: str | None = None
    jurisdiction: str | None = None
    mode: str | None = None
    basis: str | None = None
    status: str | None = None
    negated: bool = False
    attributed_to: str | None = None
    role: str | None = None
    what: str | None = None
    since: str | None = None
    until: str | None = None
    review: str = "extracted"

    @classmethod
    def from_claim(cls, claim: Claim, review: str = "extracted") -> ClaimRow:
        """The light row of a full claim."""
        return cls(**{f: getattr(claim, f) for f in CLAIM_COLUMNS}, review=review)

    def claim_fields(self) -> dict[str, Any]:
        """The claim's fields (id and what it states) by name, without the review state."""
        return {f: getattr(self, f) for f in CLAIM_COLUMNS}

    def to_claim(self, evidence: list[Evidence] | None = None) -> Claim:
        """A full claim with the given evidence."""
        return Claim(**self.claim_fields(), evidence=evidence or [])

    def to_reviewed(self, evidence: list[Evidence] | None = None, history: list[Review] | None = None) -> ReviewedClaim:
        """A full claim with its evidence, its review state and (optionally) its review history."""
        return ReviewedClaim(**self.claim_fields(), evidence=evidence or [], review=self.review, history=history or [])


# A claim's id and what it states (the columns of a stored claim), then the row's review state.
CLAIM_COLUMNS: tuple[str, ...] = ("id", *CLAIM_KEY_FIELDS)
ROW_FIELDS: tuple[str, ...] = tuple(ClaimRow.__dataclass_fields__)
if (*CLAIM_COLUMNS, "review") != ROW_FIELDS:  # pragma: no cover - a programming error, caught on import
    raise TypeError(f"ClaimRow's fields {ROW_FIELDS} do not mirror Claim's {CLAIM_COLUMNS} + review")


@dataclass
class SourceInfo:
    source: str
    content_hash: str
    loader: str
    loaded_at: str
    claims: int = 0
    documents: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StoredArea:
    """A policy area a user added to the workspace (``ansvar taxonomy add``): one taxonomy
    entry in the shape of data/taxonomy.yaml, with the file it came from and when."""

    id: str
    parent: str | None
    sv: str
    en: str
    surface_forms: tuple[str, ...] = ()
    file: str = ""
    added_at: str = ""

    def to_json(self) -> str:
        """The entry as stored (JSON of id, parent, sv, en, surface_forms)."""
        return json.dumps(
            {
                "id": self.id,
                "parent": self.parent,
                "sv": self.sv,
                "en": self.en,
                "surface_forms": list(self.surface_forms),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str, file: str = "", added_at: str = "") -> StoredArea:
        raw = json.loads(data)
        return cls(
            raw["id"], raw.get("parent"), raw["sv"], raw["en"], tuple(raw.get("surface_forms") or ()), file, added_at
        )


class Store(ABC):
    """What the queries, the CLI and the API need from a store, and nothing more."""

    # -- writing ---------------------------------------------------------------------
    @abstractmethod
    def write(self, batch: SourceBatch) -> WriteReport:
        """Replace everything ``batch.source`` said before with ``batch``, atomically."""

    def write_many(self, batches: Iterable[SourceBatch]) -> Iterator[WriteReport | AnsvarError]:
        """Write each batch atomically and yield its report, or the error that kept it
        out (the rest go on). A backend with a cheaper bulk path overrides this."""
        for batch in batches:
            try:
                yield self.write(batch)
            except AnsvarError as exc:
                yield exc

    @abstractmethod
    def delete_source(self, source: str) -> WriteReport:
        """Remove a source's documents, entity records and evidence; drop claims left bare."""

    @abstractmethod
    def clear(self) -> None:
        """Remove everything the workspace holds (sources, claims, entities, reviews), atomically."""

    # -- records ---------------------------------------------------------------------
    @abstractmethod
    def entity(self, entity_id: str) -> Entity | None: ...

    @abstractmethod
    def entities_by_id(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        """Several entities in one round trip; unknown ids are left out."""

    @abstractmethod
    def entities(
        self,
        type: str | None = None,
        jurisdiction: str | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Entity]: ...

    @abstractmethod
    def count_entities(self, type: str | None = None, jurisdiction: str | None = None, q: str | None = None) -> int: ...

    @abstractmethod
    def evidence(self, claim_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        """The evidence of each claim, in one round trip."""

    @abstractmethod
    def document(self, document_id: str) -> Document | None: ...

    @abstractmethod
    def documents_by_id(self, document_ids: Iterable[str]) -> dict[str, Document]:
        """Several documents' metadata (without text) in one round trip."""

    @abstractmethod
    def documents(self) -> list[Document]:
        """All documents, without their text."""

    @abstractmethod
    def sources(self) -> list[SourceInfo]: ...

    def has_source(self, source: str) -> bool:
        """Whether ``source`` is stored (backends answer it without listing every source)."""
        return any(s.source == source for s in self.sources())

    @abstractmethod
    def stats(self) -> dict[str, int]: ...

    @abstractmethod
    def iter_entities(self) -> Iterator[Entity]: ...

    @abstractmethod
    def iter_claims(self) -> Iterator[ClaimRow]: ...

    # -- slices the queries read -------------------------------------------------------
    @abstractmethod
    def slice(self, jurisdiction: str, issues: Iterable[str]) -> list[ClaimRow]:
        """The claims about any of ``issues`` in ``jurisdiction``."""

    @abstractmethod
    def slice_keys(self, jurisdiction: str | None = None, issue: str | None = None) -> list[tuple[str, str]]:
        """The (jurisdiction, issue) pairs that have claims, optionally restricted."""

    @abstractmethod
    def entity_claims(self, entity_id: str) -> list[ClaimRow]:
        """The claims with this entity as subject or object."""

    @abstractmethod
    def org_path(self, entity_id: str) -> list[str]:
        """The organisational path upward: person → administration → board → jurisdiction."""

    @abstractmethod
    def jurisdictions(self) -> list[str]:
        """The jurisdictions that have claims or entities."""

    # -- single records and reviews ----------------------------------------------------
    @abstractmethod
    def claim(self, claim_id: str) -> ClaimRow | None:
        """One claim (with its review state), or None."""

    @abstractmethod
    def document_evidence(self, document_id: str) -> dict[str, list[Evidence]]:
        """Claim id → the evidence that points into this document (spans to highlight)."""

    @abstractmethod
    def reviews(self, claim_ids: Iterable[str]) -> dict[str, list[Review]]:
        """Every review decision on each claim, oldest first; unreviewed claims are left out."""

    @abstractmethod
    def apply_review(self, reviews: list[Review], batch: SourceBatch | None = None) -> WriteReport | None:
        """Record review decisions (and the reviewer's own source, if any) in one transaction.

        Decisions live apart from evidence, so re-ingesting a source never undoes them.
        """

    # -- the workspace's own policy areas (laid over data/taxonomy.yaml) ------------------
    @abstractmethod
    def taxonomy_areas(self) -> list[StoredArea]:
        """The policy areas added to this workspace, in the order they were first added."""

    @abstractmethod
    def store_taxonomy_areas(self, areas: list[StoredArea]) -> None:
        """Store ``areas`` in one transaction; an area with a stored id replaces it in place."""

    def claims(
        self,
        subject: str | None = None,
        predicate: str | None = None,
        issue: str | None = None,
        jurisdiction: str | None = None,
    ) -> list[Claim]:
        """Full claims (with evidence) matching every given filter."""
        if subject:
            rows = self.entity_claims(subject)
            rows = [r for r in rows if r.subject == subject]
        elif jurisdiction and issue:
            rows = self.slice(jurisdiction, [issue])
        else:
            rows = list(self.iter_claims())
        rows = [
            r
            for r in rows
            if (not predicate or r.predicate == predicate)
            and (not issue or r.issue == issue)
            and (not jurisdiction or r.jurisdiction == jurisdiction)
        ]
        ev = self.evidence(r.id for r in rows)
        return [r.to_claim(ev.get(r.id, [])) for r in rows]

    def close(self) -> None:  # noqa: B027 - a store without connections has nothing to release
        """Release connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
