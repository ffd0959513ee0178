"""The Cypher store: the Store interface on Neo4j or FalkorDB, through graph/store/cypher/connection.py.

Writing mirrors the embedded store statement for statement: a source's previous evidence,
entity records and documents go, its new ones are upserted in batches (``UNWIND … MERGE``,
nodes before relationships), claims left without evidence are dropped and the entities it
touched are re-merged from their remaining records. On Neo4j all of that is one
transaction; on FalkorDB the statements run in order (see connection.py).

Reading — the choice: the queries (ownership, gaps, questions, the map) ask for slices,
an entity's claims and organisational paths, many per answer and thousands per gap scan.
Rather than a Cypher round trip for each, the store builds the same in-memory
``GraphIndex`` the embedded store uses from three bulk reads (entities, claims, review
states), so every query runs unchanged and at in-memory speed. The index is rebuilt after
this process writes, and when another writer has changed the graph: every write bumps a
generation counter, which readers look at no more than once every ``refresh_seconds``.
Records (entities, evidence, documents, reviews) are read with single indexed statements.
With ``indexed=False`` the slice reads go to the database instead, one indexed statement
each (for a graph too big for one machine's memory); the contract suite runs both ways.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from graph.model import Document, Entity, Evidence, Review
from graph.store.base import (
    CLAIM_COLUMNS,
    ClaimRow,
    SourceBatch,
    SourceInfo,
    Store,
    StoredArea,
    WriteReport,
    chunks,
)
from graph.store.cypher import statements as Q
from graph.store.cypher.connection import Connection, Runner
from graph.store.cypher.schema import INDEXES, NODE_LABELS, UNIQUE, check_label, key
from graph.store.index import GraphIndex
from graph.store.merge import merge_entity_records, plan_update
from graph.store.sqlite import claim_row

BATCH = 2000
PAGE = 5000


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _evidence(row: tuple) -> Evidence:
    _claim, source, doc, start, end, quote, rule, conf, review = row
    return Evidence.model_construct(
        document=doc, source=source, start=start, end=end, quote=quote, rule=rule, confidence=float(conf), review=review
    )


def _claim_row(values: tuple, review: str | None) -> ClaimRow:
    return claim_row((*values, review or "extracted"))


class CypherStore(Store):
    """A workspace in a Cypher graph database."""

    def __init__(self, connection: Connection, *, indexed: bool = True, refresh_seconds: float = 1.0):
        self.conn = connection
        self.location = connection.description
        self.indexed = indexed
        self.refresh_seconds = refresh_seconds
        self._lock = threading.RLock()
        self._index: GraphIndex | None = None
        self._generation: Any = None
        self._checked = 0.0
        self._memo: dict[str, Any] = {}  # per generation: what direct reads ask again and again
        self.conn.ensure_schema(UNIQUE, INDEXES)

    # -- writing ---------------------------------------------------------------------
    def write(self, batch: SourceBatch) -> WriteReport:
        with self._lock, self.conn.transaction() as tx:
            report = self._write(tx, batch)
            self._bump(tx)
        return report

    def _bump(self, tx: Runner) -> None:
        """Tell every reader (this one included) that the graph changed."""
        rows = tx.run(Q.BUMP_GENERATION)
        self._generation = rows[0][0] if rows else None
        self._index, self._memo = None, {}

    def _write(self, tx: Runner, batch: SourceBatch) -> WriteReport:
        old_claims, old_records = self._remove_source(tx, batch.source)
        self._insert_batch(tx, batch)
        new_claims = {c.id for c in batch.claims}
        removed_claims = self._drop_bare_claims(tx, old_claims - new_claims)
        removed_entities = self._merge_records(tx, batch, old_records)
        tx.run(
            Q.UPSERT_SOURCE,
            {"source": batch.source, "content_hash": batch.content_hash, "loader": batch.loader, "loaded_at": _now()},
        )
        return WriteReport.of_batch(batch, removed_claims, removed_entities)

    def delete_source(self, source: str) -> WriteReport:
        with self._lock, self.conn.transaction() as tx:
            old_claims, old_records = self._remove_source(tx, source)
            removed_claims = self._drop_bare_claims(tx, old_claims)
            removed_entities = self._remerge_entities(tx, set(old_records))
            tx.run(Q.DELETE_SOURCE, {"source": source})
            self._bump(tx)
        return WriteReport(source=source, removed_claims=removed_claims, removed_entities=removed_entities)

    def _remove_source(self, tx: Runner, source: str) -> tuple[set[str], dict[str, str]]:
        """Delete what ``source`` gave; return the claims it supported and its entity records."""
        params = {"source": source}
        old_claims = {r[0] for r in tx.run(Q.SOURCE_CLAIMS, params)}
        old_records = {r[0]: r[1] for r in tx.run(Q.SOURCE_RECORDS, params)}
        for statement in (Q.DELETE_SOURCE_EVIDENCE, Q.DELETE_SOURCE_RECORDS, Q.DELETE_SOURCE_DOCUMENTS):
            tx.run(statement, params)
        return old_claims, old_records

    def _insert_batch(self, tx: Runner, batch: SourceBatch) -> None:
        src = batch.source
        docs = [
            {
                "key": key(d.id, src),
                "id": d.id,
                "source": src,
                "data": d.model_dump_json(exclude={"text"}),
                "text": d.text,
            }
            for d in batch.documents
        ]
        records = [
            {"key": key(e.id, src), "entity_id": e.id, "source": src, "data": e.model_dump_json()}
            for e in batch.entities
        ]
        claims = [{f: getattr(c, f) for f in CLAIM_COLUMNS} for c in batch.claims]
        evidence: dict[str, dict[str, Any]] = {}
        for c in batch.claims:
            for ev in c.evidence:
                eid = ev.id if ev.source == src else ev.model_copy(update={"source": src}).id
                evidence[key(c.id, eid)] = {
                    "key": key(c.id, eid),
                    "id": eid,
                    "claim_id": c.id,
                    "source": src,
                    "document": ev.document,
                    "span_start": ev.start,
                    "span_end": ev.end,
                    "quote": ev.quote,
                    "rule": ev.rule,
                    "confidence": float(ev.confidence),
                    "review": ev.review,
                }
        ev_rows = list(evidence.values())
        uploads: list[tuple[str, list[dict[str, Any]]]] = [
            (Q.UPSERT_DOCUMENTS, docs),
            (Q.UPSERT_RECORDS, records),
            (Q.UPSERT_CLAIMS, claims),
            (Q.UPSERT_EVIDENCE, ev_rows),
        ]
        for statement, rows in uploads:
            for chunk in chunks(rows, BATCH):
                tx.run(statement, {"rows": chunk})
        for chunk in chunks(ev_rows, BATCH):
            tx.run(Q.LINK_EVIDENCE, {"rows": [{"key": r["key"], "claim_id": r["claim_id"]} for r in chunk]})

    def _drop_bare_claims(self, tx: Runner, candidates: set[str]) -> int:
        removed = 0
        for chunk in chunks(sorted(candidates), BATCH):
            bare = [r[0] for r in tx.run(Q.BARE_CLAIMS, {"ids": chunk})]
            if bare:
                tx.run(Q.DELETE_CLAIMS, {"ids": bare})
                removed += len(bare)
        return removed

    def _merge_records(self, tx: Runner, batch: SourceBatch, old: dict[str, str]) -> int:
        """Bring the merged entities up to date after ``batch.source`` replaced its records
        ``old`` (graph/store/merge.py: from each entity's merge, not all its records)."""

        def merged_of(ids: list[str]) -> dict[str, dict]:
            return {eid: json.loads(data) for eid, data in tx.run(Q.ENTITIES_BY_ID, {"ids": ids})}

        def later_of(ids: list[str], source: str) -> set[str]:
            return {r[0] for r in tx.run(Q.LATER_RECORDS, {"ids": ids, "source": source})} if ids else set()

        given = {e.id: e for e in batch.entities}
        update = plan_update(batch.source, old, given, merged_of, later_of)
        merged = {**update.changed, **{eid: given[eid].model_dump(mode="json") for eid in update.as_given}}
        rows = [_entity_node(eid, m) for eid, m in merged.items()]
        for chunk in chunks(rows, BATCH):
            tx.run(Q.UPSERT_ENTITIES, {"rows": chunk})
        return self._remerge_entities(tx, update.again)

    def _remerge_entities(self, tx: Runner, entity_ids: set[str]) -> int:
        removed = 0
        for chunk in chunks(sorted(entity_ids), BATCH):
            records: dict[str, list[tuple[str, dict]]] = {}
            for eid, source, data in tx.run(Q.RECORDS_OF, {"ids": chunk}):
                records.setdefault(eid, []).append((source, json.loads(data)))
            gone = [eid for eid in chunk if eid not in records]
            if gone:
                removed += len(tx.run(Q.EXISTING_ENTITIES, {"ids": gone}))
                tx.run(Q.DELETE_ENTITIES, {"ids": gone})
            rows = [
                _entity_node(eid, merge_entity_records([r for _, r in sorted(recs, key=lambda sr: sr[0])]))
                for eid, recs in records.items()
            ]
            if rows:
                tx.run(Q.UPSERT_ENTITIES, {"rows": rows})
        return removed

    def clear(self) -> None:
        """Remove everything the store holds (the graph's other labels are left alone)."""
        with self._lock:
            for label in sorted(NODE_LABELS):
                statement = Q.DELETE_LABEL_BATCH.replace("{label}", check_label(label))
                while self.conn.run(statement, {"limit": 10_000})[0][0]:
                    pass
            self._bump(self.conn)

    # -- records ---------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        rows = self.conn.run(Q.ENTITY, {"id": entity_id})
        return Entity.model_validate_json(rows[0][0]) if rows else None

    def entities_by_id(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for chunk in chunks(sorted(set(entity_ids)), BATCH):
            out.update(
                (eid, Entity.model_validate_json(data)) for eid, data in self.conn.run(Q.ENTITIES_BY_ID, {"ids": chunk})
            )
        return out

    def _entity_filter(self, type: str | None, jurisdiction: str | None, q: str | None) -> tuple[str, dict]:
        given = {"type": type, "jurisdiction": jurisdiction, "q": q.lower() if q else None}
        params = {k: v for k, v in given.items() if v}
        where = " AND ".join(Q.ENTITY_FILTERS[k] for k in params)
        return (f" WHERE {where}" if where else ""), params

    def entities(
        self,
        type: str | None = None,
        jurisdiction: str | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Entity]:
        where, params = self._entity_filter(type, jurisdiction, q)
        page = " SKIP $offset" + (" LIMIT $limit" if limit is not None else "")
        rows = self.conn.run(
            f"MATCH (n:Entity){where} RETURN n.data ORDER BY n.id{page}", {**params, "offset": offset, "limit": limit}
        )
        return [Entity.model_validate_json(r[0]) for r in rows]

    def count_entities(self, type: str | None = None, jurisdiction: str | None = None, q: str | None = None) -> int:
        where, params = self._entity_filter(type, jurisdiction, q)
        return self.conn.run(f"MATCH (n:Entity){where} RETURN count(n)", params)[0][0]

    def evidence(self, claim_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        rows: list[tuple] = []
        for chunk in chunks(sorted(set(claim_ids)), BATCH):
            rows += self.conn.run(Q.EVIDENCE_OF, {"ids": chunk})
        rows.sort(key=lambda r: (r[0], r[2], -1 if r[3] is None else r[3]))
        out: dict[str, list[Evidence]] = {}
        for row in rows:
            out.setdefault(row[0], []).append(_evidence(row))
        return out

    def document(self, document_id: str) -> Document | None:
        rows = sorted(self.conn.run(Q.DOCUMENT, {"id": document_id}), key=lambda r: r[0])
        if not rows:
            return None
        return Document.model_validate_json(rows[0][1]).model_copy(update={"text": rows[0][2]})

    def _min_data(self, rows: Iterable[tuple]) -> dict[str, str]:
        best: dict[str, str] = {}
        for did, data in rows:
            if did not in best or data < best[did]:
                best[did] = data
        return best

    def documents_by_id(self, document_ids: Iterable[str]) -> dict[str, Document]:
        rows: list[tuple] = []
        for chunk in chunks(sorted(set(document_ids)), BATCH):
            rows += self.conn.run(Q.DOCUMENTS_BY_ID, {"ids": chunk})
        return {did: Document.model_validate_json(data) for did, data in self._min_data(rows).items()}

    def documents(self) -> list[Document]:
        best = self._min_data(self.conn.run(Q.ALL_DOCUMENTS))
        return [Document.model_validate_json(best[did]) for did in sorted(best)]

    def sources(self) -> list[SourceInfo]:
        out = []
        for source, chash, loader, at in self.conn.run(Q.SOURCES):
            n = self.conn.run(Q.SOURCE_CLAIM_COUNT, {"source": source})[0][0]
            docs = [r[0] for r in self.conn.run(Q.SOURCE_DOCUMENTS, {"source": source})]
            out.append(SourceInfo(source, chash, loader, at, n, docs))
        return out

    def stats(self) -> dict[str, int]:
        return {name: self.conn.run(statement)[0][0] for name, statement in Q.COUNT.items()}

    def iter_entities(self) -> Iterator[Entity]:
        after = ""
        while rows := self.conn.run(Q.ENTITY_PAGE, {"after": after, "limit": PAGE}):
            for _, data in rows:
                yield Entity.model_validate_json(data)
            after = rows[-1][0]

    def iter_claims(self) -> Iterator[ClaimRow]:
        after = ""
        while rows := self.conn.run(Q.CLAIM_PAGE, {"after": after, "limit": PAGE}):
            states = dict(self.conn.run(Q.REVIEW_STATES, {"ids": [r[0] for r in rows]}))
            for row in rows:
                yield _claim_row(row, states.get(row[0]))
            after = rows[-1][0]

    # -- the index ---------------------------------------------------------------------
    @property
    def index(self) -> GraphIndex:
        """The in-memory graph, rebuilt after a write here or elsewhere (generation counter)."""
        with self._lock:
            self._check_generation()
            if self._index is None:
                self._index = self._build_index()
            return self._index

    def _check_generation(self) -> None:
        """Forget the index and memos when another writer changed the graph (at most once a refresh)."""
        now = time.monotonic()
        if now - self._checked >= self.refresh_seconds:
            self._checked = now
            rows = self.conn.run(Q.GENERATION)
            generation = rows[0][0] if rows else None
            if generation != self._generation:
                self._generation = generation
                self._index, self._memo = None, {}

    def _build_index(self) -> GraphIndex:
        from sys import intern

        idx = GraphIndex()
        for eid, type_, name, jur in self.conn.run(Q.INDEX_ENTITIES):
            idx.add_entity(intern(eid), intern(type_), name, jur and intern(jur))
        states = dict(self.conn.run(Q.ALL_REVIEW_STATES))
        for row in self.conn.run(Q.INDEX_CLAIMS):
            idx.add_claim(_claim_row(row, states.get(row[0])))
        return idx

    def _rows(self, statement: str, params: dict) -> list[ClaimRow]:
        """Claim rows of one read, each with its review state, in one round trip."""
        return [_claim_row(r[:-1], r[-1]) for r in self.conn.run(Q.with_review(statement), params)]

    def slice(self, jurisdiction: str, issues: Iterable[str]) -> list[ClaimRow]:
        if self.indexed:
            return self.index.slice(jurisdiction, issues)
        issues = list(issues)
        rows = self._rows(Q.SLICE, {"jurisdiction": jurisdiction, "issues": issues})
        order = {issue: i for i, issue in enumerate(issues)}
        return sorted(rows, key=lambda r: order.get(r.issue or "", 0))

    def slice_keys(self, jurisdiction: str | None = None, issue: str | None = None) -> list[tuple[str, str]]:
        if self.indexed:
            return self.index.slice_keys(jurisdiction, issue)
        given = {"jurisdiction": jurisdiction, "issue": issue}
        params = {k: v for k, v in given.items() if v}
        where = "".join(f" AND c.{k} = ${k}" for k in params)
        rows = self.conn.run(f"{Q.SLICE_KEYS_MATCH}{where} RETURN DISTINCT c.jurisdiction, c.issue", params)
        return sorted((j, i) for j, i in rows)

    def entity_claims(self, entity_id: str) -> list[ClaimRow]:
        if self.indexed:
            return self.index.entity_claims(entity_id)
        out = self._rows(Q.CLAIMS_FROM, {"id": entity_id})
        out += self._rows(Q.CLAIMS_TO_OBJECT, {"id": entity_id})
        return out + self._rows(Q.CLAIMS_TO_ISSUE, {"id": entity_id})

    def org_path(self, entity_id: str) -> list[str]:
        if self.indexed:
            return self.index.org_path(entity_id)
        path, seen, current = [entity_id], {entity_id}, entity_id
        while True:
            candidates = [
                (r.predicate != "holds_role", r.object)
                for r in self._rows(Q.STRUCTURE_FROM, {"id": current})
                if r.object and not r.negated and r.review != "rejected"
            ]
            if not candidates:
                return path
            step = min(candidates)[1]
            if step in seen:
                return path
            path.append(step)
            seen.add(step)
            current = step

    def jurisdictions(self) -> list[str]:
        if self.indexed:
            return self.index.jurisdictions()
        with self._lock:
            self._check_generation()
            if "jurisdictions" not in self._memo:
                declared = {r[0] for r in self.conn.run(Q.DECLARED_JURISDICTIONS)}
                used = {r[0] for r in self.conn.run(Q.USED_JURISDICTIONS)}
                self._memo["jurisdictions"] = sorted(declared | used)
            return list(self._memo["jurisdictions"])

    # -- single records and reviews ------------------------------------------------------
    def claim(self, claim_id: str) -> ClaimRow | None:
        rows = self._rows(Q.CLAIM, {"id": claim_id})
        return rows[0] if rows else None

    def document_evidence(self, document_id: str) -> dict[str, list[Evidence]]:
        rows = sorted(
            self.conn.run(Q.DOCUMENT_EVIDENCE, {"id": document_id}), key=lambda r: (-1 if r[3] is None else r[3], r[0])
        )
        out: dict[str, list[Evidence]] = {}
        for row in rows:
            out.setdefault(row[0], []).append(_evidence(row))
        return out

    def reviews(self, claim_ids: Iterable[str]) -> dict[str, list[Review]]:
        rows: list[tuple] = []
        for chunk in chunks(sorted(set(claim_ids)), BATCH):
            rows += self.conn.run(Q.REVIEW_LOG, {"ids": chunk})
        out: dict[str, list[Review]] = {}
        for cid, state, reviewer, comment, at, corrected, _ in sorted(rows, key=lambda r: r[-1]):
            out.setdefault(cid, []).append(
                Review(claim=cid, state=state, reviewer=reviewer, comment=comment, at=at, corrected_to=corrected)
            )
        return out

    def apply_review(self, reviews: list[Review], batch: SourceBatch | None = None) -> WriteReport | None:
        report = None
        with self._lock, self.conn.transaction() as tx:
            if batch is not None:
                report = self._write(tx, batch)
                report.removed_entities = 0
            if reviews:
                last = tx.run(Q.NEXT_REVIEW_SEQ, {"n": len(reviews)})[0][0]
                first = last - len(reviews) + 1
                current, log = {}, []
                for i, r in enumerate(reviews):
                    at = r.at or _now()
                    current[r.claim] = {
                        "claim_id": r.claim,
                        "state": r.state,
                        "reviewer": r.reviewer,
                        "comment": r.comment,
                        "at": at,
                    }
                    log.append(
                        {
                            "claim_id": r.claim,
                            "seq": first + i,
                            "state": r.state,
                            "reviewer": r.reviewer,
                            "comment": r.comment,
                            "at": at,
                            "corrected_to": r.corrected_to,
                        }
                    )
                tx.run(Q.UPSERT_REVIEWS, {"rows": list(current.values())})
                tx.run(Q.CREATE_REVIEW_LOG, {"rows": log})
            self._bump(tx)
        return report

    # -- per-source records, for copying a workspace (graph/store/cypher/copy.py) ----------
    def source_batch(self, info: SourceInfo) -> SourceBatch:
        """Everything one source contributed, as the batch that would write it again."""
        params = {"source": info.source}
        docs = [
            Document.model_validate_json(data).model_copy(update={"text": text})
            for data, text in self.conn.run(Q.SOURCE_DOCUMENT_RECORDS, params)
        ]
        entities = [Entity.model_validate_json(r[0]) for r in self.conn.run(Q.SOURCE_ENTITY_RECORDS, params)]
        evidence: dict[str, list[Evidence]] = {}
        for row in self.conn.run(Q.SOURCE_EVIDENCE, params):
            evidence.setdefault(row[0], []).append(_evidence(row))
        claims = []
        for chunk in chunks(sorted(evidence), BATCH):
            for row in self.conn.run(Q.CLAIMS_BY_ID, {"ids": chunk}):
                claims.append(_claim_row(row, None).to_claim(evidence[row[0]]))
        return SourceBatch(
            source=info.source,
            content_hash=info.content_hash,
            loader=info.loader,
            documents=docs,
            entities=entities,
            claims=claims,
        )

    def taxonomy_areas(self) -> list[StoredArea]:
        rows = self.conn.run(Q.TAXONOMY_AREAS, {})
        return [StoredArea.from_json(data, file or "", at or "") for _, _, data, file, at in rows]

    def store_taxonomy_areas(self, areas: list[StoredArea]) -> None:
        with self._lock, self.conn.transaction() as tx:
            positions = {i: p for i, p, *_ in tx.run(Q.TAXONOMY_AREAS, {})}
            nxt = max(positions.values(), default=0) + 1
            rows = []
            for area in areas:
                pos = positions.get(area.id)
                if pos is None:
                    pos, nxt = nxt, nxt + 1
                rows.append(
                    {
                        "id": area.id,
                        "position": pos,
                        "data": area.to_json(),
                        "file": area.file,
                        "added_at": area.added_at or _now(),
                    }
                )
            if rows:
                tx.run(Q.UPSERT_TAXONOMY, {"rows": rows})
            self._bump(tx)

    def review_log(self) -> list[Review]:
        """Every review decision, oldest first."""
        rows = sorted(self.conn.run(Q.ALL_REVIEW_LOG), key=lambda r: r[-1])
        return [
            Review(claim=cid, state=state, reviewer=reviewer, comment=comment, at=at, corrected_to=corrected)
            for cid, state, reviewer, comment, at, corrected, _ in rows
        ]

    def close(self) -> None:
        self.conn.close()


def _entity_node(entity_id: str, merged: dict) -> dict:
    """The properties of an entity's node, from its merged record."""
    return {
        "id": entity_id,
        "type": merged["type"],
        "name": merged["name"],
        "jurisdiction": merged.get("jurisdiction"),
        "data": json.dumps(merged, ensure_ascii=False),
    }
