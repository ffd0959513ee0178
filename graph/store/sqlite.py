"""The embedded store: a SQLite file is the record, a networkx index answers the queries.

One transaction per source: writing a source first removes every piece of evidence,
entity record and document that source gave before, so re-ingesting is idempotent and
touches nothing else. Claims and entities stay while any source still supports them. The
in-memory index is built on first read and rebuilt after a write.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from sys import intern
from typing import Any

from graph.errors import AnsvarError, StoreError, WorkspaceBusy, WorkspaceDamaged
from graph.model import Document, Entity, Evidence, Review
from graph.store.base import (
    CLAIM_COLUMNS,
    ROW_FIELDS,
    ClaimRow,
    SourceBatch,
    SourceInfo,
    Store,
    StoredArea,
    WriteReport,
    chunks,
)
from graph.store.index import GraphIndex
from graph.store.merge import merge_entity_records, plan_update
from graph.vocabulary import vocabulary

SCHEMA = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")
SCHEMA_VERSION = "1"
EVIDENCE_COLUMNS = ["id", "claim_id", "source", "document", "start", '"end"', "quote", "rule", "confidence", "review"]
CHUNK = 500  # ids named in one query
PARSED_ENTITIES = 10_000  # merged records kept parsed between writes (graph/store/merge.py reads, never changes, them)
DEFAULT_BUSY_TIMEOUT = 30.0


def resolve_busy_timeout(value: float | None = None) -> float:
    """Seconds a writer waits for another writer: ``value``, else $ANSVAR_BUSY_TIMEOUT, else 30.

    >>> resolve_busy_timeout(2), resolve_busy_timeout()
    (2.0, 30.0)
    """
    return max(0.0, float(value)) if value is not None else env_seconds("ANSVAR_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT)


def env_seconds(name: str, default: float) -> float:
    """A number of seconds from the environment variable ``name`` (``default`` when unset); a
    StoreError naming the variable when it is not a number.

    >>> env_seconds("ANSVAR_NOT_SET", 5)
    5
    """
    raw = os.environ.get(name, "").strip()
    try:
        return max(0.0, float(raw)) if raw else default
    except ValueError:
        raise StoreError(f"{name}={raw!r} is not a number of seconds", hint=f"e.g. {name}=10") from None


def store_error(exc: sqlite3.Error, path: str, timeout: float | None = None) -> StoreError:
    """The library error for a SQLite error on the workspace at ``path``."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        waited = f" (waited {timeout:g} s)" if timeout is not None else ""
        return WorkspaceBusy(
            f"the workspace {path} is busy: another process is writing to it{waited}",
            hint="try again when it is done, or wait longer with ANSVAR_BUSY_TIMEOUT=SECONDS",
        )
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return WorkspaceDamaged(
            f"the workspace {path} is damaged or not a workspace: {text}", hint=f"run `ansvar --db {path} check`"
        )
    return StoreError(f"workspace {path}: {text}")


class _Rows:
    """A cursor whose SQLite errors (also those met while iterating) become StoreErrors."""

    __slots__ = ("_conn", "_cursor")

    def __init__(self, cursor: sqlite3.Cursor, conn: _Connection):
        self._cursor, self._conn = cursor, conn

    def __iter__(self) -> Iterator[tuple]:
        try:
            yield from self._cursor
        except sqlite3.Error as exc:
            raise store_error(exc, self._conn.workspace, self._conn.busy) from exc

    def fetchone(self) -> Any:  # as sqlite3's: a row, or None
        try:
            return self._cursor.fetchone()
        except sqlite3.Error as exc:
            raise store_error(exc, self._conn.workspace, self._conn.busy) from exc

    def fetchall(self) -> list[tuple]:
        try:
            return self._cursor.fetchall()
        except sqlite3.Error as exc:
            raise store_error(exc, self._conn.workspace, self._conn.busy) from exc

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class _Connection(sqlite3.Connection):
    """A connection whose SQLite errors become StoreErrors naming the workspace."""

    workspace = ""
    busy: float | None = None

    def execute(self, sql: str, parameters=(), /) -> _Rows:  # type: ignore[override]
        try:
            return _Rows(super().execute(sql, parameters), self)
        except sqlite3.Error as exc:
            raise store_error(exc, self.workspace, self.busy) from exc

    def executemany(self, sql: str, parameters, /) -> _Rows:  # type: ignore[override]
        try:
            return _Rows(super().executemany(sql, parameters), self)
        except sqlite3.Error as exc:
            raise store_error(exc, self.workspace, self.busy) from exc

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        try:
            return super().executescript(script)
        except sqlite3.Error as exc:
            raise store_error(exc, self.workspace, self.busy) from exc


EVIDENCE_SELECT = ", ".join(EVIDENCE_COLUMNS[1:])


def evidence_by_claim(
    rows: Iterable[Sequence[Any]], out: dict[str, list[Evidence]] | None = None
) -> dict[str, list[Evidence]]:
    """Group evidence rows (``EVIDENCE_SELECT``: the claim id, then the evidence's fields) by claim.

    One place turns a stored evidence row into an Evidence, whichever query read it; the rows
    come from the store itself, so they are trusted (``model_construct``, no validation).
    ``out`` lets chunked reads gather into one dict.
    """
    out = {} if out is None else out
    for cid, source, doc, start, end, quote, rule, conf, review in rows:
        out.setdefault(cid, []).append(
            Evidence.model_construct(
                document=doc,
                source=source,
                start=start,
                end=end,
                quote=quote,
                rule=rule,
                confidence=conf,
                review=review,
            )
        )
    return out


# The indexes of the direct reads (indexed=False): a slice, an entity's claims, a path. In
# schema.sql for a new workspace; a workspace written before they existed gets them at its
# next write (a read never writes).
READ_INDEXES = ("claims_slice", "claims_subject", "claims_object", "claims_issue")


class SQLiteStore(Store):
    """A workspace in one SQLite file (WAL)."""

    def __init__(self, path: str | Path, *, busy_timeout: float | None = None, indexed: bool = True):
        self.path = str(path)
        self._lock = threading.RLock()
        self._index: GraphIndex | None = None
        # indexed=False: slices, an entity's claims, paths and places are read from SQLite through
        # its indexes, not from the in-memory graph (a command asking one question need not
        # build the graph of a national workspace first); the answers are the same
        self.indexed = indexed
        self._read_indexes: bool | None = None  # whether the direct reads' indexes exist (None: not looked)
        self._places: list[str] | None = None  # jurisdictions() read directly, kept until a write
        # the merged records last parsed, by id, with the JSON they were parsed from: a national
        # body named by every source is parsed again only when its stored record changed
        self._parsed: dict[str, tuple[str, dict]] = {}
        timeout = resolve_busy_timeout(busy_timeout)
        try:
            conn = sqlite3.connect(
                self.path, timeout=timeout, check_same_thread=False, isolation_level=None, factory=_Connection
            )
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc
        conn.workspace, conn.busy = self.path, timeout
        self.conn: _Connection = conn
        self.conn.execute("PRAGMA synchronous=NORMAL")
        # checkpoint every 64 MB of WAL rather than 4 MB: a big source dirties thousands of
        # index pages, and checkpointing after nearly every source doubled load time
        self.conn.execute("PRAGMA wal_autocheckpoint=16384")
        if self._schema_version() is None:
            self._create()

    def _schema_version(self) -> str | None:
        """The workspace's schema version; None for a new (empty) file. Reads only."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone():
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return row[0] if row else None

    def _create(self) -> None:
        """Make a new file a workspace (WAL, the schema, its version): the only write on open."""
        self.conn.execute("PRAGMA journal_mode=WAL")
        version = f"INSERT OR IGNORE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');"
        try:
            self.conn.executescript(f"BEGIN IMMEDIATE;\n{SCHEMA}\n{version}\nCOMMIT;")
        except StoreError:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- writing -------------------------------------------------------------------
    def write(self, batch: SourceBatch) -> WriteReport:
        """Replace the source's previous contribution with ``batch`` in one transaction."""
        rows = self._rows(batch)
        with self._lock, self._transaction():
            self._add_read_indexes()
            report = self._write_source(batch, rows)
            self._forget()
        return report

    def write_many(self, batches: Iterable[SourceBatch]) -> Iterator[WriteReport | AnsvarError]:
        """Write many sources, several to a transaction, each still atomic (graph/store/bulk.py)."""
        from graph.store.bulk import write_many

        with self._lock:
            yield from write_many(self, batches)

    def _write_source(self, batch: SourceBatch, rows: dict[str, list[tuple]], *, new: bool = False) -> WriteReport:
        """Inside a transaction: replace what ``batch.source`` gave with ``rows`` (``new``: it
        is known to have given nothing yet, so there is nothing to look up and remove)."""
        old_claims, old_records = (set(), {}) if new else self._remove_source(batch.source)
        self._insert_rows(rows)
        removed_claims = self._drop_bare_claims(old_claims - {c.id for c in batch.claims})
        removed_entities = self._merge_records(batch, old_records, rows["entity_records"])
        self.conn.execute(
            "INSERT OR REPLACE INTO sources VALUES (?,?,?,?)", (batch.source, batch.content_hash, batch.loader, _now())
        )
        return WriteReport.of_batch(batch, removed_claims, removed_entities)

    def delete_source(self, source: str) -> WriteReport:
        """Remove everything ``source`` contributed."""
        with self._lock, self._transaction():
            old_claims, old_records = self._remove_source(source)
            removed_claims = self._drop_bare_claims(old_claims)
            removed_entities = self._remerge_entities(set(old_records))
            self.conn.execute("DELETE FROM sources WHERE source=?", (source,))
            self._forget()
        return WriteReport(source=source, removed_claims=removed_claims, removed_entities=removed_entities)

    def clear(self) -> None:
        """Empty every table of schema.sql but its own (``meta``), in one transaction."""
        with self._lock, self._transaction():
            tables = self.conn.execute("SELECT name FROM main.sqlite_master WHERE type='table' AND name != 'meta'")
            for (table,) in tables.fetchall():
                self.conn.execute(f'DELETE FROM main."{table}"')
            self._forget()

    def _transaction(self):
        conn = self.conn

        class _Tx:
            def __enter__(self_inner):
                conn.execute("BEGIN IMMEDIATE")

            def __exit__(self_inner, exc_type, exc, tb):
                conn.execute("COMMIT" if exc_type is None else "ROLLBACK")

        return _Tx()

    def _remove_source(self, source: str) -> tuple[set[str], dict[str, str]]:
        """Delete what ``source`` gave; return the claims it supported and its entity records."""
        q = self.conn.execute
        old_claims = {r[0] for r in q("SELECT DISTINCT claim_id FROM evidence WHERE source=?", (source,))}
        old_records = dict(q("SELECT entity_id, data FROM entity_records WHERE source=?", (source,)).fetchall())
        q("DELETE FROM evidence WHERE source=?", (source,))
        q("DELETE FROM entity_records WHERE source=?", (source,))
        q("DELETE FROM documents WHERE source=?", (source,))
        return old_claims, old_records

    @staticmethod
    def _rows(batch: SourceBatch) -> dict[str, list[tuple]]:
        """The rows ``batch`` adds, per table: built before the write transaction begins, so
        that the write lock is held for the SQL alone (a big source's rows take seconds to build)."""
        return {
            "documents": [(d.id, batch.source, d.model_dump_json(exclude={"text"}), d.text) for d in batch.documents],
            "entity_records": [(e.id, batch.source, e.model_dump_json()) for e in batch.entities],
            "claims": [_claim_values(c) for c in batch.claims],
            "evidence": [
                (
                    ev.id if ev.source == batch.source else ev.model_copy(update={"source": batch.source}).id,
                    c.id,
                    batch.source,
                    ev.document,
                    ev.start,
                    ev.end,
                    ev.quote,
                    ev.rule,
                    ev.confidence,
                    ev.review,
                )
                for c in batch.claims
                for ev in c.evidence
            ],
        }

    def _insert_rows(self, rows: dict[str, list[tuple]]) -> None:
        ex = self.conn.executemany
        ex("INSERT OR REPLACE INTO documents VALUES (?,?,?,?)", rows["documents"])
        ex("INSERT OR REPLACE INTO entity_records VALUES (?,?,?)", rows["entity_records"])
        ex(f"INSERT OR IGNORE INTO claims VALUES ({','.join('?' * len(CLAIM_COLUMNS))})", rows["claims"])
        ex(f"INSERT OR REPLACE INTO evidence VALUES ({','.join('?' * len(EVIDENCE_COLUMNS))})", rows["evidence"])

    def _drop_bare_claims(self, candidates: set[str]) -> int:
        removed = 0
        for chunk in chunks(sorted(candidates), CHUNK):
            marks = ",".join("?" * len(chunk))
            cur = self.conn.execute(
                f"DELETE FROM claims WHERE id IN ({marks}) AND id NOT IN "
                f"(SELECT claim_id FROM evidence WHERE claim_id IN ({marks}))",
                chunk + chunk,
            )
            removed += cur.rowcount
        return removed

    def _merge_records(self, batch: SourceBatch, old: dict[str, str], new: list[tuple]) -> int:
        """Bring the merged entities up to date after ``batch.source`` replaced its records
        ``old`` with ``new`` (graph/store/merge.py: from each entity's merge, not all its records)."""
        stored = {eid: data for eid, _, data in new}
        given = {e.id: e for e in batch.entities}
        update = plan_update(batch.source, old, given, self._merged_entities, self._with_later_sources)
        rows = [_entity_row(eid, m) for eid, m in update.changed.items()]
        rows += [
            (eid, given[eid].type, given[eid].name, given[eid].jurisdiction, stored[eid]) for eid in update.as_given
        ]
        self.conn.executemany("INSERT OR REPLACE INTO entities VALUES (?,?,?,?,?)", rows)
        return self._remerge_entities(update.again)

    def _merged_entities(self, entity_ids: list[str]) -> dict[str, dict]:
        """The stored merge of each of ``entity_ids`` the workspace has."""
        sql = f"SELECT id, data FROM entities WHERE id IN ({','.join('?' * len(entity_ids))})"
        out = {}
        for eid, data in self.conn.execute(sql, entity_ids):
            seen = self._parsed.get(eid)
            if seen is None or seen[0] != data:
                if len(self._parsed) >= PARSED_ENTITIES:
                    self._parsed.clear()
                seen = self._parsed[eid] = (data, json.loads(data))
            out[eid] = seen[1]
        return out

    def _with_later_sources(self, entity_ids: list[str], source: str) -> set[str]:
        """Those of ``entity_ids`` named by a source that sorts after ``source``."""
        marks = ",".join("?" * len(entity_ids))
        sql = f"SELECT DISTINCT entity_id FROM entity_records WHERE entity_id IN ({marks}) AND source > ?"
        return {r[0] for r in self.conn.execute(sql, [*entity_ids, source])}

    def _remerge_entities(self, entity_ids: set[str]) -> int:
        """Merge each entity again from all its records (an entity left with none is removed)."""
        removed = 0
        for chunk in chunks(sorted(entity_ids), CHUNK):
            marks = ",".join("?" * len(chunk))
            records: dict[str, list[dict]] = {}
            for eid, data in self.conn.execute(
                f"SELECT entity_id, data FROM entity_records WHERE entity_id IN ({marks}) ORDER BY source", chunk
            ):
                records.setdefault(eid, []).append(json.loads(data))
            gone = [eid for eid in chunk if eid not in records]
            if gone:
                removed += self.conn.execute(
                    f"DELETE FROM entities WHERE id IN ({','.join('?' * len(gone))})", gone
                ).rowcount
            rows = [_entity_row(eid, merge_entity_records(recs)) for eid, recs in records.items()]
            self.conn.executemany("INSERT OR REPLACE INTO entities VALUES (?,?,?,?,?)", rows)
        return removed

    # -- records -------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        row = self.conn.execute("SELECT data FROM entities WHERE id=?", (entity_id,)).fetchone()
        return Entity.model_validate_json(row[0]) if row else None

    def entities_by_id(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for chunk in chunks(sorted(set(entity_ids)), CHUNK):
            sql = f"SELECT id, data FROM entities WHERE id IN ({','.join('?' * len(chunk))})"
            out.update((eid, Entity.model_validate_json(data)) for eid, data in self.conn.execute(sql, chunk))
        return out

    def _entity_filter(self, type: str | None, jurisdiction: str | None, q: str | None) -> tuple[str, list]:
        where: list[str] = []
        args: list[str] = []
        if type:
            where.append("type=?")
            args.append(type)
        if jurisdiction:
            where.append("jurisdiction=?")
            args.append(jurisdiction)
        if q:
            # the text is matched as written: % and _ in it are not wildcards
            where.append("(name LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\' OR data LIKE ? ESCAPE '\\')")
            args += [f"%{_like_literal(q)}%"] * 3
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def entities(
        self,
        type: str | None = None,
        jurisdiction: str | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Entity]:
        where, args = self._entity_filter(type, jurisdiction, q)
        sql = f"SELECT data FROM entities{where} ORDER BY id LIMIT ? OFFSET ?"
        rows = self.conn.execute(sql, [*args, -1 if limit is None else limit, offset])
        return [Entity.model_validate_json(r[0]) for r in rows]

    def count_entities(self, type: str | None = None, jurisdiction: str | None = None, q: str | None = None) -> int:
        where, args = self._entity_filter(type, jurisdiction, q)
        return self.conn.execute(f"SELECT COUNT(*) FROM entities{where}", args).fetchone()[0]

    def evidence(self, claim_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        ids = sorted(set(claim_ids))
        out: dict[str, list[Evidence]] = {}
        for chunk in chunks(ids, CHUNK):
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT {EVIDENCE_SELECT} FROM evidence WHERE claim_id IN ({marks}) ORDER BY claim_id, document, start"
            )
            evidence_by_claim(self.conn.execute(sql, chunk), out)
        return out

    def document(self, document_id: str) -> Document | None:
        row = self.conn.execute(
            "SELECT data, text FROM documents WHERE id=? ORDER BY source LIMIT 1", (document_id,)
        ).fetchone()
        if not row:
            return None
        return Document.model_validate_json(row[0]).model_copy(update={"text": row[1]})

    def documents_by_id(self, document_ids: Iterable[str]) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for chunk in chunks(sorted(set(document_ids)), CHUNK):
            sql = f"SELECT id, MIN(data) FROM documents WHERE id IN ({','.join('?' * len(chunk))}) GROUP BY id"
            out.update((did, Document.model_validate_json(data)) for did, data in self.conn.execute(sql, chunk))
        return out

    def documents(self) -> list[Document]:
        rows = self.conn.execute("SELECT id, MIN(data) FROM documents GROUP BY id ORDER BY id")
        return [Document.model_validate_json(r[1]) for r in rows]

    def sources(self) -> list[SourceInfo]:
        out = []
        for source, chash, loader, at in self.conn.execute("SELECT * FROM sources ORDER BY source").fetchall():
            n = self.conn.execute("SELECT COUNT(DISTINCT claim_id) FROM evidence WHERE source=?", (source,)).fetchone()[
                0
            ]
            docs = [r[0] for r in self.conn.execute("SELECT id FROM documents WHERE source=?", (source,))]
            out.append(SourceInfo(source, chash, loader, at, n, docs))
        return out

    def has_source(self, source: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sources WHERE source=?", (source,)).fetchone() is not None

    def stats(self) -> dict[str, int]:

        def count(sql: str) -> int:
            return self.conn.execute(sql).fetchone()[0]

        return {
            "entities": count("SELECT COUNT(*) FROM entities"),
            "claims": count("SELECT COUNT(*) FROM claims"),
            "evidence": count("SELECT COUNT(*) FROM evidence"),
            "documents": count("SELECT COUNT(DISTINCT id) FROM documents"),
            "sources": count("SELECT COUNT(*) FROM sources"),
            "jurisdictions": count("SELECT COUNT(DISTINCT jurisdiction) FROM claims WHERE jurisdiction IS NOT NULL"),
        }

    def iter_entities(self) -> Iterator[Entity]:
        for (data,) in self.conn.execute("SELECT data FROM entities ORDER BY id"):
            yield Entity.model_validate_json(data)

    def iter_claims(self) -> Iterator[ClaimRow]:
        cols = ", ".join(f"c.{c}" for c in CLAIM_COLUMNS)
        sql = f"SELECT {cols}, COALESCE(r.state, 'extracted') FROM claims c LEFT JOIN reviews r ON r.claim_id = c.id"
        for row in self.conn.execute(sql + " ORDER BY c.id"):
            yield claim_row(row)

    # -- the index -----------------------------------------------------------------
    @property
    def index(self) -> GraphIndex:
        """The in-memory graph, built from the record on first use after a write."""
        idx = self._index
        if idx is None:
            with self._lock:
                if self._index is None:
                    self._index = self._build_index()
                idx = self._index
        return idx

    def _build_index(self) -> GraphIndex:
        idx = GraphIndex()
        for eid, type_, name, jur in self.conn.execute("SELECT id, type, name, jurisdiction FROM entities"):
            idx.add_entity(intern(eid), intern(type_), name, jur and intern(jur))
        cols = ", ".join(f"c.{c}" for c in CLAIM_COLUMNS)
        sql = f"SELECT {cols}, COALESCE(r.state, 'extracted') FROM claims c LEFT JOIN reviews r ON r.claim_id = c.id"
        for row in self.conn.execute(sql):
            idx.add_claim(claim_row(row))
        return idx

    def slice(self, jurisdiction: str, issues: Iterable[str]) -> list[ClaimRow]:
        if self.indexed or not self._has_read_indexes():
            return self.index.slice(jurisdiction, issues)
        issues = list(dict.fromkeys(issues))
        if not issues:
            return []
        marks = ", ".join("?" * len(issues))
        rows = self._claim_rows(f"c.jurisdiction = ? AND c.issue IN ({marks})", [jurisdiction, *issues])
        order = {issue: i for i, issue in enumerate(issues)}
        return sorted(rows, key=lambda r: order[r.issue or ""])  # stable: stored order within an issue

    def slice_keys(self, jurisdiction: str | None = None, issue: str | None = None) -> list[tuple[str, str]]:
        if self.indexed or not self._has_read_indexes():
            return self.index.slice_keys(jurisdiction, issue)
        where, params = ["jurisdiction IS NOT NULL", "issue IS NOT NULL"], []
        for column, value in (("jurisdiction", jurisdiction), ("issue", issue)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        sql = f"SELECT DISTINCT jurisdiction, issue FROM claims WHERE {' AND '.join(where)} ORDER BY 1, 2"
        return [(j, i) for j, i in self.conn.execute(sql, params)]

    def entity_claims(self, entity_id: str) -> list[ClaimRow]:
        if self.indexed or not self._has_read_indexes():
            return self.index.entity_claims(entity_id)
        out = self._claim_rows("c.subject = ? AND (c.object IS NOT NULL OR c.issue IS NOT NULL)", [entity_id])
        out += self._claim_rows("c.object = ?", [entity_id])
        return out + self._claim_rows("c.object IS NULL AND c.issue = ?", [entity_id])

    def org_path(self, entity_id: str) -> list[str]:
        if self.indexed or not self._has_read_indexes():
            return self.index.org_path(entity_id)
        structure = tuple(vocabulary().structure_predicates)
        marks = ", ".join("?" * len(structure))
        path, seen, current = [entity_id], {entity_id}, entity_id
        while True:
            where = f"c.subject = ? AND c.predicate IN ({marks}) AND c.object IS NOT NULL"
            rows = [r for r in self._claim_rows(where, [current, *structure]) if r.review != "rejected"]
            candidates = [(r.predicate != "holds_role", r.object) for r in rows if not r.negated]
            if not candidates:
                return path
            step = min(candidates)[1]
            assert step is not None  # the query keeps claims with an object
            if step in seen:
                return path
            path.append(step)
            seen.add(step)
            current = step

    def jurisdictions(self) -> list[str]:
        if self.indexed or not self._has_read_indexes():
            return self.index.jurisdictions()
        if self._places is None:  # queries ask for it on every call: read once until the next write
            declared = {r[0] for r in self.conn.execute("SELECT id FROM entities WHERE type = 'jurisdiction'")}
            sql = "SELECT DISTINCT jurisdiction FROM claims WHERE issue IS NOT NULL"
            used = {r[0] for r in self.conn.execute(sql)}
            self._places = sorted((declared | used) - {None})
        return list(self._places)

    def _forget(self) -> None:
        """Drop what was built from the record (the in-memory graph, the places read directly)."""
        self._index = None
        self._places = None

    def _claim_rows(self, where: str, params: list) -> list[ClaimRow]:
        """Claim rows with their review state, in stored order."""
        cols = ", ".join(f"c.{c}" for c in CLAIM_COLUMNS)
        sql = (
            f"SELECT {cols}, COALESCE(r.state, 'extracted') FROM claims c LEFT JOIN reviews r ON r.claim_id = c.id "
            f"WHERE {where} ORDER BY c.rowid"
        )
        return [claim_row(row) for row in self.conn.execute(sql, params)]

    def _has_read_indexes(self) -> bool:
        """Whether the claims table has the indexes the direct reads use (looked up once). A
        workspace written before they existed has them after its next write; until then the
        in-memory graph answers, as before: a read writes nothing."""
        if self._read_indexes is None:
            marks = ", ".join("?" * len(READ_INDEXES))
            sql = f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ({marks})"
            self._read_indexes = self.conn.execute(sql, READ_INDEXES).fetchone()[0] == len(READ_INDEXES)
        return self._read_indexes

    def _add_read_indexes(self) -> None:
        """Inside a write: bring a workspace written by an earlier version up to schema.sql (every
        statement of which is IF NOT EXISTS), which adds the direct reads' indexes."""
        if not self._has_read_indexes():
            for statement in schema_statements():
                self.conn.execute(statement)
            self._read_indexes = True

    def close(self) -> None:
        self.conn.close()

    # -- the workspace's policy areas --------------------------------------------------
    def taxonomy_areas(self) -> list[StoredArea]:
        rows = self.conn.execute("SELECT data, file, added_at FROM taxonomy ORDER BY position")
        return [StoredArea.from_json(data, file, at) for data, file, at in rows]

    def store_taxonomy_areas(self, areas: list[StoredArea]) -> None:
        with self._lock, self._transaction():
            positions: dict[str, int] = dict(self.conn.execute("SELECT id, position FROM taxonomy"))
            nxt = max(positions.values(), default=0) + 1
            for area in areas:
                pos = positions.get(area.id)
                if pos is None:
                    pos, nxt = nxt, nxt + 1
                self.conn.execute(
                    "INSERT OR REPLACE INTO taxonomy VALUES (?,?,?,?,?)",
                    (area.id, pos, area.to_json(), area.file, area.added_at or _now()),
                )
            self._forget()

    # -- single records and reviews (used by the HTTP API) ---------------------------
    def claim(self, claim_id: str) -> ClaimRow | None:
        cols = ", ".join(f"c.{c}" for c in CLAIM_COLUMNS)
        row = self.conn.execute(
            f"SELECT {cols}, COALESCE(r.state, 'extracted') FROM claims c "
            "LEFT JOIN reviews r ON r.claim_id = c.id WHERE c.id=?",
            (claim_id,),
        ).fetchone()
        return claim_row(row) if row else None

    def document_evidence(self, document_id: str) -> dict[str, list[Evidence]]:
        sql = f"SELECT {EVIDENCE_SELECT} FROM evidence WHERE document=? ORDER BY start, claim_id"
        return evidence_by_claim(self.conn.execute(sql, (document_id,)))

    def reviews(self, claim_ids: Iterable[str]) -> dict[str, list[Review]]:
        out: dict[str, list[Review]] = {}
        for chunk in chunks(sorted(set(claim_ids)), CHUNK):
            sql = (
                "SELECT claim_id, state, reviewer, comment, at, corrected_to FROM review_log "
                f"WHERE claim_id IN ({','.join('?' * len(chunk))}) ORDER BY rowid"
            )
            for cid, state, reviewer, comment, at, corrected in self.conn.execute(sql, chunk):
                out.setdefault(cid, []).append(
                    Review(claim=cid, state=state, reviewer=reviewer, comment=comment, at=at, corrected_to=corrected)
                )
        return out

    def apply_review(self, reviews: list[Review], batch: SourceBatch | None = None) -> WriteReport | None:
        """Write the reviewer's source (if any) and the decisions in one transaction."""
        report = None
        rows = self._rows(batch) if batch is not None else None
        with self._lock, self._transaction():
            if batch is not None and rows is not None:
                self._add_read_indexes()
                report = self._write_source(batch, rows)
            for r in reviews:
                at = r.at or _now()
                self.conn.execute(
                    "INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?)", (r.claim, r.state, r.reviewer, r.comment, at)
                )
                self.conn.execute(
                    "INSERT INTO review_log VALUES (?,?,?,?,?,?)",
                    (r.claim, r.state, r.reviewer, r.comment, at, r.corrected_to),
                )
            self._forget()
        return report


def schema_statements() -> list[str]:
    """schema.sql's statements one by one, comments left out.

    >>> schema_statements()[0].startswith("CREATE TABLE IF NOT EXISTS meta")
    True
    """
    code = "\n".join(line for line in SCHEMA.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in code.split(";") if s.strip()]


def _entity_row(entity_id: str, merged: dict) -> tuple:
    """The ``entities`` row of a merged record, its data compact JSON as ``Entity.model_dump_json``
    writes a record new to the workspace (one text form, whichever way an entity was written)."""
    data = json.dumps(merged, ensure_ascii=False, separators=(",", ":"))
    return (entity_id, merged["type"], merged["name"], merged.get("jurisdiction"), data)


_claim_values = operator.attrgetter(*CLAIM_COLUMNS)  # a claim's row of ``claims``, in CLAIM_COLUMNS order


def claim_row(values: Sequence[Any]) -> ClaimRow:
    """A ClaimRow from a stored claim's values (``CLAIM_COLUMNS``, then the review state).

    Its names are interned (one string per entity id, issue, mode … however many rows repeat
    it), which keeps a million-claim index a third smaller; ``negated`` is stored as an int.
    The positions come from the field names (``ROW_FIELDS``), never from numbers written here.
    """
    if len(values) != len(ROW_FIELDS):
        raise ValueError(f"a claim row has {len(ROW_FIELDS)} values ({', '.join(ROW_FIELDS)}), not {len(values)}")
    fields: list[Any] = [v if v is None or i in _NOT_INTERNED else intern(v) for i, v in enumerate(values)]
    fields[_NEGATED] = bool(fields[_NEGATED])
    return ClaimRow(*fields)


_NEGATED = ROW_FIELDS.index("negated")
# the claim id (unique anyway) and `negated` (an int) are not interned
_NOT_INTERNED = frozenset({ROW_FIELDS.index("id"), _NEGATED})


def _like_literal(text: str) -> str:
    r"""``text`` for a LIKE pattern with ESCAPE '\', matching itself only.

    >>> print(_like_literal(r"50%_a\b"))
    50\%\_a\\b
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
