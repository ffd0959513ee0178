"""The pages of the record itself: one entity with every claim that names it, and one
document with its text and every evidence span in it highlighted and linked to its claim.

``/entity/{id}`` is GET /entities/{id}'s view (queries/entity.py) with the names of the
entities it mentions; ``/document/{id}`` is GET /documents/{id}'s text cut into segments at
the edges of its evidence spans, so that overlapping quotes each keep their place. Nothing
is judged here; each page's ``.json`` is the model built here.
"""

from __future__ import annotations

from itertools import pairwise

from pydantic import BaseModel, Field

from graph.answers import Quote
from graph.model import Document
from graph.store.base import Store
from queries.entity import EntityView, describe_entity
from queries.evidence import document_quotes
from queries.messages import issue_label


class EntityPage(BaseModel):
    """GET /entities/{id}'s view and the names of the entities and issues it mentions."""

    view: EntityView = Field(description="the entity, its path and every claim that names it")
    names: dict[str, str] = Field(default_factory=dict, description="entity id → name")
    issue_labels: dict[str, str] = Field(default_factory=dict, description="issue id → its name")


def entity_page(store: Store, entity_id: str, lang: str) -> EntityPage:
    """The entity ``entity_id`` (an id, or a place's name) with its claims and their names."""
    view = describe_entity(store, entity_id)
    ids = set(view.path) | {x for c in view.claims for x in (c.subject, c.object, c.attributed_to) if x}
    names = {eid: e.name for eid, e in sorted(store.entities_by_id(ids).items())}
    labels = {c.issue: issue_label(c.issue, lang) for c in view.claims if c.issue}
    return EntityPage(view=view, names=names, issue_labels=labels)


class Segment(BaseModel):
    """A stretch of the text between two span edges, and the evidence that covers it."""

    start: int = Field(description="offset of its first character", examples=[0])
    text: str = Field(description="the text", examples=["Kommunstyrelsen ansvarar för"])
    claims: list[str] = Field(default_factory=list, description="the claims whose evidence covers it")
    opens: list[int] = Field(default_factory=list, description="the spans starting here (their start offsets)")


class ClaimRef(BaseModel):
    """What a piece of evidence backs: the claim in brief."""

    id: str = Field(description="claim id (GET /claims/{id})", examples=["c_3f2a9b0c1d2e4f56"])
    subject: str = Field(description="subject entity id", examples=["huddinge/socialnamnden"])
    predicate: str = Field(description="the predicate", examples=["defers_to"])
    object: str | None = Field(None, description="object entity id, if any")
    issue: str | None = Field(None, description="issue id, if any", examples=["integration"])
    jurisdiction: str | None = Field(None, description="the claim's jurisdiction", examples=["huddinge"])
    negated: bool = Field(False, description="true when the text says it is not so")
    review: str = Field("extracted", description="its review state")


class DocumentPage(BaseModel):
    """A document's text in segments, and its evidence with the claims it backs."""

    document: Document = Field(description="the document (its text is in the segments)")
    segments: list[Segment] = Field(description="the text cut at every span's start and end")
    evidence: list[Quote] = Field(description="every piece of evidence in the document, by position")
    claims: dict[str, ClaimRef] = Field(default_factory=dict, description="the claims the evidence backs")
    names: dict[str, str] = Field(default_factory=dict, description="entity id → name")
    issue_labels: dict[str, str] = Field(default_factory=dict, description="issue id → its name")


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """``text`` cut at the edges of ``spans`` (start, end, claim): each segment lists the claims
    covering it and the spans opening at its start.

    >>> [(s.text, s.claims) for s in segments("abcdef", [(1, 4, "x"), (2, 5, "y")])]
    [('a', []), ('b', ['x']), ('cd', ['x', 'y']), ('e', ['y']), ('f', [])]
    """
    edges = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    out = []
    for a, b in pairwise(edges):
        if a >= b:
            continue
        covering = sorted({c for s, e, c in spans if s <= a and b <= e})
        opens = sorted({s for s, _, _ in spans if s == a})
        out.append(Segment(start=a, text=text[a:b], claims=covering, opens=opens))
    return out


def document_page(store: Store, document_id: str, lang: str) -> DocumentPage:
    """The document's text in segments, its evidence by position and the claims it backs."""
    doc, quotes = document_quotes(store, document_id)
    text = doc.text or ""
    spans = [(q.start, q.end, q.claim) for q in quotes if q.start is not None and q.end is not None]
    rows = [r for r in (store.claim(cid) for cid in sorted({q.claim for q in quotes})) if r is not None]
    claims = {
        r.id: ClaimRef(
            id=r.id,
            subject=r.subject,
            predicate=r.predicate,
            object=r.object,
            issue=r.issue,
            jurisdiction=r.jurisdiction,
            negated=r.negated,
            review=r.review or "extracted",
        )
        for r in rows
    }
    ids = {x for c in claims.values() for x in (c.subject, c.object) if x}
    names = {eid: e.name for eid, e in sorted(store.entities_by_id(ids).items())}
    return DocumentPage(
        document=doc.model_copy(update={"text": None}),
        segments=segments(text, spans),
        evidence=quotes,
        claims=claims,
        names=names,
        issue_labels={c.issue: issue_label(c.issue, lang) for c in claims.values() if c.issue},
    )
