"""``ansvar push`` and ``ansvar pull``: copy a workspace between stores, source by source.

Every source is read back as the ``SourceBatch`` that wrote it (its documents with their
text, its entity records and its claims with its evidence) and written to the other store
through its bulk path (``Store.write_many``), as an ingest of a folder is, so the copy ends
with the same merged entities, claims and evidence; then the review decisions are replayed
in their order. Works between any two backends (SQLite → Cypher, Cypher → SQLite, …).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from pydantic import BaseModel

from graph.errors import AnsvarError, StoreError
from graph.model import Document, Entity, Review
from graph.store.base import CLAIM_COLUMNS, SourceBatch, SourceInfo, Store, chunks
from graph.store.sqlite import CHUNK, EVIDENCE_SELECT, SQLiteStore, claim_row, evidence_by_claim

REVIEW_CHUNK = 1000


class CopyReport(BaseModel):
    """What a copy moved, and both stores' counts afterwards."""

    sources: int = 0
    claims: int = 0
    reviews: int = 0
    areas: int = 0
    source_stats: dict[str, int] = {}
    target_stats: dict[str, int] = {}

    @property
    def matches(self) -> bool:
        return self.source_stats == self.target_stats


def _sqlite_batch(store: SQLiteStore, info: SourceInfo) -> SourceBatch:
    q = store.conn.execute
    docs = [
        Document.model_validate_json(data).model_copy(update={"text": text})
        for data, text in q("SELECT data, text FROM documents WHERE source=? ORDER BY id", (info.source,))
    ]
    entities = [
        Entity.model_validate_json(data)
        for (data,) in q("SELECT data FROM entity_records WHERE source=? ORDER BY entity_id", (info.source,))
    ]
    sql = f"SELECT {EVIDENCE_SELECT} FROM evidence WHERE source=? ORDER BY claim_id, document, start"
    evidence = evidence_by_claim(q(sql, (info.source,)))
    claims = []
    for chunk in chunks(sorted(evidence), CHUNK):
        sql = (
            f"SELECT {', '.join(CLAIM_COLUMNS)}, 'extracted' FROM claims "
            f"WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id"
        )
        claims += [r.to_claim(evidence[r.id]) for r in map(claim_row, q(sql, chunk))]
    return SourceBatch(
        source=info.source,
        content_hash=info.content_hash,
        loader=info.loader,
        documents=docs,
        entities=entities,
        claims=claims,
    )


def _sqlite_review_log(store: SQLiteStore) -> list[Review]:
    rows = store.conn.execute(
        "SELECT claim_id, state, reviewer, comment, at, corrected_to FROM review_log ORDER BY rowid"
    )
    return [Review(claim=c, state=s, reviewer=r, comment=m, at=a, corrected_to=x) for c, s, r, m, a, x in rows]


def source_batches(store: Store) -> Iterator[tuple[SourceInfo, SourceBatch]]:
    """Each source of ``store`` with the batch that would write it again."""
    for info in store.sources():
        if isinstance(store, SQLiteStore):
            yield info, _sqlite_batch(store, info)
        elif hasattr(store, "source_batch"):
            yield info, store.source_batch(info)
        else:
            raise StoreError(f"cannot copy from a {type(store).__name__}")


def review_log(store: Store) -> list[Review]:
    """Every review decision of ``store``, oldest first."""
    if isinstance(store, SQLiteStore):
        return _sqlite_review_log(store)
    if hasattr(store, "review_log"):
        return store.review_log()
    raise StoreError(f"cannot copy reviews from a {type(store).__name__}")


def is_empty(store: Store) -> bool:
    stats = store.stats()
    busy = any(stats.get(k) for k in ("entities", "claims", "evidence", "documents", "sources"))
    return not busy and not review_log(store) and not store.taxonomy_areas()


def copy_workspace(source: Store, target: Store, progress: Callable[[int, int, str], None] | None = None) -> CopyReport:
    """Write every source and review of ``source`` into ``target``; report both stores' counts."""
    report = CopyReport()
    areas = source.taxonomy_areas()  # the workspace's policy areas first: its claims may name them
    if areas:
        target.store_taxonomy_areas(areas)
    report.areas = len(areas)
    infos = source.sources()

    def batches() -> Iterator[SourceBatch]:
        for _, batch in source_batches(source):
            report.claims += len(batch.claims)
            yield batch

    for i, written in enumerate(target.write_many(batches()), 1):  # the target's bulk path
        if isinstance(written, AnsvarError):
            raise written
        report.sources += 1
        if progress:
            progress(i, len(infos), written.source)
    log = review_log(source)
    for chunk in chunks(log, REVIEW_CHUNK):
        target.apply_review(chunk)
    report.reviews = len(log)
    report.source_stats, report.target_stats = source.stats(), target.stats()
    return report


def snapshot(store: Store) -> dict:
    """Everything a workspace holds, comparable between backends (load times left out)."""
    claims = list(store.iter_claims())
    evidence = store.evidence(c.id for c in claims)
    return {
        "stats": store.stats(),
        "entities": [e.model_dump() for e in store.iter_entities()],
        "claims": [
            (c, sorted(json.dumps(e.model_dump(), sort_keys=True) for e in evidence.get(c.id, []))) for c in claims
        ],
        "documents": [d.model_dump() for d in store.documents()],
        "texts": {d.id: doc.text for d in store.documents() if (doc := store.document(d.id))},
        "sources": [(s.source, s.content_hash, s.loader, s.claims, sorted(s.documents)) for s in store.sources()],
        "reviews": [(r.claim, r.state, r.reviewer, r.comment, r.at, r.corrected_to) for r in review_log(store)],
        "taxonomy": [(a.id, a.to_json(), a.file, a.added_at) for a in store.taxonomy_areas()],
    }


__all__ = ["CopyReport", "copy_workspace", "is_empty", "review_log", "snapshot", "source_batches"]
