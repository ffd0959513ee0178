"""Loading a synthetic workspace, timed apart: generation, the store, and the floor.

The synthetic batches (bench/synth.py) are made one at a time while the store writes them
through its bulk path (``Store.write_many``); their generation is timed apart from the
store (``load``). The floor (``floor``, run in a process of its own by bench/core.py, so
that the two files are not written at once) is what SQLite itself needs for the same rows:
each batch's rows, as the store would store them, by plain ``executemany`` into a new file
in one transaction, the secondary indexes created after; building the rows is not counted.
Both end with the WAL checkpointed into the database file, and both count it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import AnsvarError
from graph.store.base import CLAIM_COLUMNS, SourceBatch
from graph.store.bulk import INDEX_STATEMENT
from graph.store.sqlite import EVIDENCE_COLUMNS, SQLiteStore, schema_statements


@dataclass
class LoadTimes:
    generate_s: float = 0.0
    store_s: float = 0.0


def _schema(indexes: bool) -> list[str]:
    """schema.sql's statements, with or without its secondary indexes."""
    statements = schema_statements()
    index = [s for s in statements if INDEX_STATEMENT.match(s)]
    return index if indexes else [s for s in statements if s not in index]


class Floor:
    """The same rows by plain executemany into a file of its own, in one transaction."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        for statement in _schema(indexes=False):
            self.conn.execute(statement)
        self.conn.execute("BEGIN")
        self.seconds = 0.0

    def add(self, batch: SourceBatch) -> None:
        rows = SQLiteStore._rows(batch)  # built outside the timing, as the store's rows are given
        entities = [(e.id, e.type, e.name, e.jurisdiction, e.model_dump_json()) for e in batch.entities]
        t = time.perf_counter()
        ex = self.conn.executemany
        ex("INSERT OR REPLACE INTO documents VALUES (?,?,?,?)", rows["documents"])
        ex("INSERT OR REPLACE INTO entity_records VALUES (?,?,?)", rows["entity_records"])
        ex("INSERT OR IGNORE INTO entities VALUES (?,?,?,?,?)", entities)
        ex(f"INSERT OR IGNORE INTO claims VALUES ({','.join('?' * len(CLAIM_COLUMNS))})", rows["claims"])
        ex(f"INSERT OR REPLACE INTO evidence VALUES ({','.join('?' * len(EVIDENCE_COLUMNS))})", rows["evidence"])
        self.conn.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?)", (batch.source, "", "", ""))
        self.seconds += time.perf_counter() - t

    def finish(self) -> float:
        """Commit, create the secondary indexes, checkpoint; the floor's seconds."""
        t = time.perf_counter()
        self.conn.execute("COMMIT")
        for statement in _schema(indexes=True):
            self.conn.execute(statement)
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.seconds += time.perf_counter() - t
        self.conn.close()
        return self.seconds


def load(store: SQLiteStore, batches: Iterator[SourceBatch]) -> LoadTimes:
    """Write ``batches`` into ``store`` (bulk path, then a checkpoint), generation timed apart."""
    times = LoadTimes()

    def timed() -> Iterator[SourceBatch]:
        while True:
            t = time.perf_counter()
            batch = next(batches, None)
            times.generate_s += time.perf_counter() - t
            if batch is None:
                return
            yield batch

    t0 = time.perf_counter()
    for written in store.write_many(timed()):
        if isinstance(written, AnsvarError):
            raise written
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    times.store_s = time.perf_counter() - t0 - times.generate_s
    return times


def floor(batches: Iterator[SourceBatch], path: Path) -> float:
    """The floor's seconds for ``batches`` (the file is removed after)."""
    timer = Floor(path)
    for batch in batches:
        timer.add(batch)
    seconds = timer.finish()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return seconds
