"""Evidence as users see it: each quote with the title and date of its document."""

from __future__ import annotations

from collections.abc import Iterable

from graph.answers import Quote
from graph.errors import UnknownDocument
from graph.model import Document
from graph.store.base import Store


def quotes(store: Store, claim_ids: Iterable[str]) -> dict[str, list[Quote]]:
    """Claim id → its quotes, each naming its document, in two round trips."""
    evidence = store.evidence(claim_ids)
    docs = store.documents_by_id({ev.document for evs in evidence.values() for ev in evs})
    out: dict[str, list[Quote]] = {}
    for cid, evs in evidence.items():
        for ev in evs:
            doc = docs.get(ev.document)
            out.setdefault(cid, []).append(
                Quote(
                    claim=cid,
                    document=ev.document,
                    title=doc.title if doc else None,
                    published=doc.published if doc else None,
                    quote=ev.quote,
                    start=ev.start,
                    end=ev.end,
                    source=ev.source,
                    rule=ev.rule,
                    confidence=ev.confidence,
                    review=ev.review,
                )
            )
    return out


def document_quotes(store: Store, document_id: str) -> tuple[Document, list[Quote]]:
    """A document and every piece of evidence in it, by position (GET /documents/{id} and the
    document page); UnknownDocument when the workspace has no such document."""
    doc = store.document(document_id)
    if doc is None:
        raise UnknownDocument(f"unknown document {document_id!r}", hint="GET /documents lists them")
    found = store.document_evidence(document_id)
    quotes = sorted(
        (Quote.of(cid, ev) for cid, evs in found.items() for ev in evs),
        key=lambda q: (q.start if q.start is not None else -1, q.claim),
    )
    return doc, quotes
