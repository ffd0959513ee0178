"""What the extractor returns, and its two outward shapes: a store batch and the JSON of
``ansvar extract FILE --json`` (the shape of a gold file, with evidence fields inline)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from graph.model import Claim, Document, Entity
from graph.store.base import SourceBatch
from loaders.extract.config import config

LOADER = "prose"

ENTITY_FIELDS = ("id", "name", "type", "jurisdiction", "aliases", "role", "affiliation")
# the claim fields of a gold file (../shared/gold/FORMAT.md): `what` of lacks, `role` of holds_role
CLAIM_FIELDS = (
    "subject",
    "predicate",
    "object",
    "issue",
    "mode",
    "basis",
    "status",
    "negated",
    "attributed_to",
    "what",
    "role",
)


class Extraction(BaseModel):
    """One document's entities and claims (every claim with evidence in ``document``)."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    def confidence(self, claim: Claim) -> float:
        """The best confidence among the claim's evidence."""
        return max((e.confidence for e in claim.evidence), default=0.0)

    def is_low_confidence(self, claim: Claim) -> bool:
        """Kept but marked: below data/extraction/cues.yaml confidence.low_confidence."""
        return self.confidence(claim) < config().cues.confidence.get("low_confidence", 0.5)


def extraction_to_batch(extraction: Extraction, source: str) -> SourceBatch:
    """The store batch of one extracted document; every evidence names ``source``."""
    claims = []
    for claim in extraction.claims:
        evidence = [e.model_copy(update={"source": source}) for e in claim.evidence]
        claims.append(claim.model_copy(update={"evidence": evidence}))
    return SourceBatch(
        source=source,
        content_hash=extraction.document.id,
        loader=LOADER,
        documents=[extraction.document],
        entities=list(extraction.entities),
        claims=claims,
    )


JSON_CLAIM_FIELDS = (*CLAIM_FIELDS, "quote", "start", "end", "rule", "confidence")


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """{"document", "entities", "claims"} as printed by ``ansvar extract FILE --json``.

    Every claim has exactly the keys of ``JSON_CLAIM_FIELDS``: the gold file's claim fields
    and its best evidence (quote, character span, rule, confidence). A claim below the
    confidence threshold, named in the document as ``low_confidence_below``, is kept.
    """
    doc = extraction.document.model_dump(mode="json", exclude={"text"})
    doc["low_confidence_below"] = config().cues.confidence.get("low_confidence", 0.5)
    entities = [{f: getattr(e, f) for f in ENTITY_FIELDS} for e in extraction.entities]
    claims = []
    for c in extraction.claims:
        ev = max(c.evidence, key=lambda e: e.confidence) if c.evidence else None
        item: dict[str, Any] = {f: getattr(c, f) for f in CLAIM_FIELDS}
        item.update(
            quote=ev.quote if ev else None,
            start=ev.start if ev else None,
            end=ev.end if ev else None,
            rule=ev.rule if ev else None,
            confidence=ev.confidence if ev else None,
        )
        claims.append(item)
    return {"document": doc, "entities": entities, "claims": claims}
