"""The embedded store's bulk path: many sources to a transaction, each still atomic.

A commit per source is most of what writing a small source costs (the pages it touched are
written to the WAL and the write lock taken again each time). ``write_many`` keeps a
transaction open for up to ``ANSVAR_COMMIT_SECONDS`` (5 s by default; at 1 s the commits of
a national load took a quarter of its time), committing early when sources come slowly (so
that the write lock is not held while big files are read), and writes each source inside a
savepoint of its own: a source that fails is rolled back alone and reported as its error,
the sources before it stay, and the rest go on. A load into an empty workspace (a first
``ingest`` of a folder, ``pull``, the benchmarks) drops the secondary indexes first and
builds each once at the end, which is cheaper than keeping them up to date row by row;
should the process die half-way, the next write builds them (SQLiteStore._add_read_indexes
runs schema.sql, all IF NOT EXISTS).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from graph.errors import AnsvarError, StoreError
from graph.store.base import SourceBatch, WriteReport
from graph.store.sqlite import env_seconds, schema_statements

if TYPE_CHECKING:
    from graph.store.sqlite import SQLiteStore

# How long one transaction of a bulk load stays open: long enough that commits cost little,
# short enough that another writer (``serve``, a second ingest) waits no more than this
# (readers never wait).
DEFAULT_COMMIT_SECONDS = 5.0

# A source that took this long to come (a big file being read) makes the load commit before
# asking for the next: the write lock is then free while the next is read.
SLOW_SECONDS = 0.25

# SQLite's page cache during a bulk load (negative: in KiB), 128 MB where the default is 2: the
# claims' and evidence's keys are hashes, so every insert lands on a page of its own, and the
# two key indexes of a national workspace (about 120 MB at 1M claims) then stay in memory
# (at 64 MB, inserting took 12% longer).
BULK_CACHE_KB = -131072

# The indexes schema.sql creates besides the primary keys: not kept up to date during a bulk
# load into an empty workspace (no write of it looks anything up through them).
INDEX_STATEMENT = re.compile(r"CREATE INDEX IF NOT EXISTS (\w+)")
SECONDARY_INDEXES = tuple(m.group(1) for m in map(INDEX_STATEMENT.match, schema_statements()) if m)


def write_many(store: SQLiteStore, batches: Iterable[SourceBatch]) -> Iterator[WriteReport | AnsvarError]:
    """Write each batch, several to a transaction, and yield its report, or the error
    that kept it out (the sources written before it stay; the rest go on)."""
    conn, seconds = store.conn, commit_seconds()
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size={BULK_CACHE_KB}")
    empty = _is_empty(store) and _dropped_secondary_indexes(store)
    written: set[str] = set()
    opened = 0.0
    pending, slow = iter(batches), False
    try:
        while True:
            if slow and conn.in_transaction:
                conn.execute("COMMIT")  # sources come slowly: let others write while the next one is read
            asked = time.monotonic()
            batch = next(pending, None)
            if batch is None:
                break
            slow = time.monotonic() - asked >= SLOW_SECONDS
            rows = store._rows(batch)
            try:
                if not conn.in_transaction:
                    conn.execute("BEGIN IMMEDIATE")
                    opened = time.monotonic()
                if not empty:
                    store._add_read_indexes()
                conn.execute("SAVEPOINT source")
            except AnsvarError as exc:
                yield exc
                continue
            try:
                report = store._write_source(batch, rows, new=empty and batch.source not in written)
                conn.execute("RELEASE source")
            except BaseException as exc:  # an interrupt or a bug too: the file is kept out whole
                conn.execute("ROLLBACK TO source")
                conn.execute("RELEASE source")
                if not isinstance(exc, AnsvarError):
                    raise
                yield exc
                continue
            written.add(batch.source)
            if time.monotonic() - opened >= seconds:
                conn.execute("COMMIT")
            yield report
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # every source written so far is whole (savepoints released)
        if empty:
            with store._transaction():
                store._add_read_indexes()
        conn.execute(f"PRAGMA cache_size={cache}")
        store._forget()


def commit_seconds() -> float:
    """How long a bulk transaction stays open: $ANSVAR_COMMIT_SECONDS, else 5 (0: a commit per source).

    >>> commit_seconds()
    5.0
    """
    return env_seconds("ANSVAR_COMMIT_SECONDS", DEFAULT_COMMIT_SECONDS)


def _is_empty(store: SQLiteStore) -> bool:
    """Whether the workspace holds no source and no claim yet."""
    q = store.conn.execute
    return (
        q("SELECT 1 FROM sources LIMIT 1").fetchone() is None and q("SELECT 1 FROM claims LIMIT 1").fetchone() is None
    )


def _dropped_secondary_indexes(store: SQLiteStore) -> bool:
    """Drop the secondary indexes for the length of a bulk load; False when the workspace is
    busy (then the load goes the ordinary way, and each source reports the busy workspace)."""
    try:
        with store._transaction():
            for name in SECONDARY_INDEXES:
                store.conn.execute(f"DROP INDEX IF EXISTS {name}")
    except StoreError:
        return False
    store._read_indexes = False
    return True
