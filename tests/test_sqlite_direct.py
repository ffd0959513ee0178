"""The SQLite store read directly (indexed=False, as the command line opens it) on a workspace
written before the direct reads' indexes existed: a read writes nothing and answers as the
in-memory graph does; the next write adds the indexes."""

from __future__ import annotations

import sqlite3

from conftest import GraphBuilder

from graph.store import SourceBatch
from graph.store.sqlite import READ_INDEXES, SQLiteStore


def test_a_workspace_from_before_the_read_indexes_is_read_without_writing(tmp_path):
    path = tmp_path / "old.db"
    with SQLiteStore(path) as s:
        b = GraphBuilder(s)
        b.claim(b.org("kommunstyrelsen"), "responsible_for", issue="integration", mode="owns")
        b.write("a")
    con = sqlite3.connect(path)
    for name in READ_INDEXES:
        con.execute(f"DROP INDEX {name}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with SQLiteStore(path, indexed=False) as direct, SQLiteStore(path) as whole:
        assert direct.slice_keys() == whole.slice_keys() == [("x", "integration")]
    assert path.read_bytes() == before
    with SQLiteStore(path, indexed=False) as s:
        s.write(SourceBatch(source="b"))
    names = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(READ_INDEXES) <= names
