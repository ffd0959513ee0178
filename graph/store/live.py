"""A workspace served to many readers while one writer at a time changes it.

Readers never see a write half done. Every write goes through one writer connection, one
transaction per source; after it commits, a new ``SnapshotStore`` is opened: its own
connection holds a read transaction pinned to that commit, and its in-memory index is built
from that same snapshot, so the index and everything a reader fetches from SQLite (evidence,
entities, documents) agree. The new snapshot is then swapped in with one reference
assignment; readers that started on the old one finish on it, and it is closed when the last
of them is done.

A snapshot never changes, so it memoises what the queries ask of it again and again
(jurisdictions, entities, evidence, organisational paths) and keeps a bounded cache of
finished answers (``answer``) for the shells.

>>> import tempfile, os
>>> from graph.model import Claim, Document, Evidence
>>> from graph.store.base import SourceBatch
>>> ws = LiveWorkspace(os.path.join(tempfile.mkdtemp(), "w.db"))
>>> before = ws.snapshot
>>> c = Claim(subject="x/ks", predicate="responsible_for", issue="integration", jurisdiction="x",
...           evidence=[Evidence(document="d1", quote="q")])
>>> _ = ws.write(lambda store: store.write(SourceBatch(source="a", documents=[Document(id="d1")], claims=[c])))
>>> len(before.slice("x", ["integration"])), len(ws.snapshot.slice("x", ["integration"]))
(0, 1)
>>> ws.close()
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from graph.errors import StoreError
from graph.model import Document, Entity, Evidence
from graph.store.base import CLAIM_COLUMNS, ClaimRow, SourceBatch, WriteReport, chunks
from graph.store.cow import derive_index
from graph.store.sqlite import CHUNK, SQLiteStore, claim_row

T = TypeVar("T")

# Memoised records per snapshot before a cache is emptied (bounds memory on big workspaces).
RECORD_CACHE_LIMIT = 300_000
# Above this many changed claims (or this share of all claims) a new index is built from scratch.
DERIVE_MAX_CLAIMS = 50_000
DERIVE_MAX_SHARE = 0.1

# Temporary triggers on the writer's connection log what each write changes, so that the
# next snapshot's index can be derived from the previous one (graph/store/cow.py).
_TRACKING = """
CREATE TEMP TABLE IF NOT EXISTS ansvar_changed (kind TEXT NOT NULL, id TEXT NOT NULL);
""" + "".join(
    f"CREATE TEMP TRIGGER IF NOT EXISTS ansvar_{table}_{event[0].lower()} AFTER {event} ON main.{table} "
    f"BEGIN INSERT INTO ansvar_changed VALUES ('{kind}', {row}.{column}); END;\n"
    for table, kind, column in (
        ("claims", "c", "id"),
        ("reviews", "c", "claim_id"),
        ("evidence", "c", "claim_id"),
        ("entities", "e", "id"),
        ("taxonomy", "t", "id"),
        # a source or document written without claims changes counts and lists all the same
        ("sources", "s", "source"),
        ("documents", "d", "id"),
    )
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "NEW"))
)


class Changes:
    """The claim and entity ids one write touched, the policy areas (taxonomy) it stored, and
    whether it touched sources or documents."""

    def __init__(self, claims: set[str], entities: set[str], areas: set[str] | None = None, records: bool = False):
        self.claims, self.entities, self.areas, self.records = claims, entities, areas or set(), records

    def __bool__(self) -> bool:
        return bool(self.claims or self.entities or self.areas or self.records)


class SnapshotStore(SQLiteStore):
    """A read-only store pinned to one committed state of the workspace, index included."""

    def __init__(
        self,
        path: str | Path,
        generation: int = 0,
        answer_cache: int = 4096,
        base: SnapshotStore | None = None,
        changes: Changes | None = None,
    ):
        super().__init__(path)
        self.generation = generation
        self.conn.execute("BEGIN")
        self.conn.execute("SELECT COUNT(*) FROM meta").fetchone()  # pins the snapshot (WAL)
        self._entities: dict[str, Entity | None] = {}
        self._evidence: dict[str, list[Evidence]] = {}
        if base is not None and changes is not None:
            self._derive(base, changes)
        self.index  # noqa: B018 - built now (unless derived), from the pinned snapshot, before anyone reads
        self._paths: dict[str, list[str]] = {}
        self._values: dict[str, object] = {}
        self._answers: OrderedDict[tuple, bytes] = OrderedDict()
        self._answer_limit = answer_cache
        self._answer_lock = threading.Lock()
        self._readers = 0
        self._retired = False

    def _derive(self, base: SnapshotStore, changes: Changes) -> None:
        """This snapshot's index and record memos from ``base`` plus what changed since."""
        rows: dict[str, ClaimRow] = {}
        cols = ", ".join(f"c.{c}" for c in CLAIM_COLUMNS)
        for chunk in chunks(sorted(changes.claims), CHUNK):
            sql = (
                f"SELECT {cols}, COALESCE(r.state, 'extracted') FROM claims c LEFT JOIN reviews r "
                f"ON r.claim_id = c.id WHERE c.id IN ({','.join('?' * len(chunk))})"
            )
            rows.update((r.id, r) for r in map(claim_row, self.conn.execute(sql, chunk)))
        entities: dict[str, tuple] = {}
        for chunk in chunks(sorted(changes.entities), CHUNK):
            sql = f"SELECT id, type, name, jurisdiction FROM entities WHERE id IN ({','.join('?' * len(chunk))})"
            entities.update((eid, (t, n, j)) for eid, t, n, j in self.conn.execute(sql, chunk))
        derived = derive_index(base.index, changes.claims, rows, changes.entities, entities)
        if derived is None:  # an index this module cannot derive: built from scratch instead
            return
        self._index = derived
        self._entities = {k: v for k, v in base._entities.items() if k not in changes.entities}
        self._evidence = {k: v for k, v in base._evidence.items() if k not in changes.claims}

    # -- read-only ----------------------------------------------------------------------
    def write(self, batch: SourceBatch) -> WriteReport:
        raise StoreError("a snapshot is read-only; write through the live workspace")

    def delete_source(self, source: str) -> WriteReport:
        raise StoreError("a snapshot is read-only; write through the live workspace")

    def apply_review(self, reviews, batch=None):
        raise StoreError("a snapshot is read-only; write through the live workspace")

    def store_taxonomy_areas(self, areas):
        raise StoreError("a snapshot is read-only; write through the live workspace")

    def clear(self) -> None:
        raise StoreError("a snapshot is read-only; write through the live workspace")

    # -- memoised reads -----------------------------------------------------------------
    def _value(self, name: str, compute: Callable[[], T]) -> T:
        if name not in self._values:
            self._values[name] = compute()
        return self._values[name]  # type: ignore[return-value]

    def jurisdictions(self) -> list[str]:
        return list(self._value("jurisdictions", super().jurisdictions))

    def stats(self) -> dict[str, int]:
        return dict(self._value("stats", super().stats))

    def documents(self) -> list[Document]:
        return list(self._value("documents", super().documents))

    def iter_claims(self) -> Iterator[ClaimRow]:
        rows = self._value("claims", lambda: [self.index.claims[k] for k in sorted(self.index.claims)])
        return iter(rows)

    def claim(self, claim_id: str) -> ClaimRow | None:
        return self.index.claims.get(claim_id)

    def entities_by_id(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        ids = set(entity_ids)
        missing = [i for i in ids if i not in self._entities]
        if missing:
            if len(self._entities) > RECORD_CACHE_LIMIT:
                self._entities.clear()
            found = super().entities_by_id(missing)
            for i in missing:
                self._entities[i] = found.get(i)
        return {i: e for i in ids if (e := self._entities.get(i)) is not None}

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities_by_id([entity_id]).get(entity_id)

    def evidence(self, claim_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        ids = set(claim_ids)
        missing = [i for i in ids if i not in self._evidence]
        if missing:
            if len(self._evidence) > RECORD_CACHE_LIMIT:
                self._evidence.clear()
            found = super().evidence(missing)
            for i in missing:
                self._evidence[i] = found.get(i, [])
        return {i: ev for i in ids if (ev := self._evidence.get(i))}

    def org_path(self, entity_id: str) -> list[str]:
        path = self._paths.get(entity_id)
        if path is None:
            if len(self._paths) > RECORD_CACHE_LIMIT:
                self._paths.clear()
            path = self._paths[entity_id] = super().org_path(entity_id)
        return list(path)

    def answer(self, key: tuple, compute: Callable[[], bytes]) -> bytes:
        """A finished answer for ``key`` (serialised JSON), computed once per snapshot (LRU)."""
        with self._answer_lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        value = compute()
        if self._answer_limit > 0:
            with self._answer_lock:
                self._answers[key] = value
                if len(self._answers) > self._answer_limit:
                    self._answers.popitem(last=False)
        return value

    def cached_answer(self, key: tuple) -> bytes | None:
        """The finished answer for ``key`` if this snapshot has it, else None (never computes)."""
        with self._answer_lock:
            value = self._answers.get(key)
            if value is not None:
                self._answers.move_to_end(key)
        return value

    def close(self) -> None:
        with suppress(Exception):
            self.conn.execute("COMMIT")
        super().close()


class LiveWorkspace:
    """One writer connection, and the current snapshot that readers use."""

    def __init__(self, path: str | Path, answer_cache: int = 4096):
        self.path = str(path)
        self.answer_cache = answer_cache
        self._write_lock = threading.Lock()
        self._swap_lock = threading.Lock()
        self._writer = SQLiteStore(self.path)
        self._writer.conn.executescript(_TRACKING)
        self._snapshot = SnapshotStore(self.path, 0, answer_cache)
        self._data_version = self._writer_data_version()

    @property
    def snapshot(self) -> SnapshotStore:
        """The current snapshot (use ``reading()`` to keep it open for a longer read)."""
        return self._snapshot

    @contextmanager
    def reading(self) -> Iterator[SnapshotStore]:
        """The current snapshot, kept open until the block ends even if a write swaps it out."""
        with self._swap_lock:
            snap = self._snapshot
            snap._readers += 1
        try:
            yield snap
        finally:
            with self._swap_lock:
                snap._readers -= 1
                done = snap._retired and snap._readers == 0
            if done:
                snap.close()

    def write(self, change: Callable[[SQLiteStore], T]) -> T:
        """Run ``change`` on the writer store (one writer at a time); publish a new snapshot if it wrote."""
        with self._write_lock:
            self._writer.conn.execute("DELETE FROM ansvar_changed")
            try:
                return change(self._writer)
            finally:
                changes = self._changes()
                if changes:
                    self._publish(changes)

    def refresh_if_changed(self) -> bool:
        """Publish a new snapshot if another process wrote to the workspace file; True if so."""
        with self._write_lock:
            if self._writer_data_version() == self._data_version:
                return False
            self._publish()
            return True

    def check(self) -> None:
        """Raise StoreError unless the current snapshot answers a query."""
        with self.reading() as snap:
            try:
                snap.conn.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
            except Exception as exc:
                raise StoreError(f"the workspace does not answer: {exc}") from exc

    def _changes(self) -> Changes:
        """What the writer changed since the log was last emptied (committed changes only)."""
        rows = self._writer.conn.execute("SELECT DISTINCT kind, id FROM ansvar_changed").fetchall()
        self._writer.conn.execute("DELETE FROM ansvar_changed")
        return Changes(
            {i for k, i in rows if k == "c"},
            {i for k, i in rows if k == "e"},
            {i for k, i in rows if k == "t"},
            any(k in "sd" for k, _ in rows),
        )

    def _writer_data_version(self) -> int:
        return self._writer.conn.execute("PRAGMA data_version").fetchone()[0]

    def _publish(self, changes: Changes | None = None) -> None:
        """Open the next snapshot (derived from the current one for a small change) and swap it in."""
        current = self._snapshot
        small = changes is not None and len(changes.claims) <= max(
            DERIVE_MAX_CLAIMS, DERIVE_MAX_SHARE * len(current.index.claims)
        )
        fresh = SnapshotStore(
            self.path,
            current.generation + 1,
            self.answer_cache,
            base=current if small else None,
            changes=changes if small else None,
        )
        with self._swap_lock:
            old, self._snapshot = self._snapshot, fresh
            old._retired = True
            done = old._readers == 0
        self._data_version = self._writer_data_version()
        if done:
            old.close()

    def close(self) -> None:
        with self._write_lock, self._swap_lock:
            self._snapshot._retired = True
            if self._snapshot._readers == 0:
                self._snapshot.close()
            self._writer.close()
