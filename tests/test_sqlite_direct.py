"""The SQLite store read directly (indexed=False, as the command line opens it) on a workspace
written before the direct reads' indexes existed: a read writes nothing and answers as the
in-memory graph does; the next write adds the indexes."""

from __future__ import annotations

import sqlite3

from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch
from graph.store.sqlite import READ_INDEXES, SQLiteStore

KS = Entity(id="x/kommunstyrelsen", name="Kommunstyrelsen", type="board", jurisdiction="x")
CLAIM = Claim(
    subject=KS.id,
    predicate="responsible_for",
    issue="integration",
    jurisdiction="x",
    mode="owns",
    evidence=[Evidence(document="d", quote="q")],
)


def test_a_workspace_from_before_the_read_indexes_is_read_without_writing(tmp_path):
    path = tmp_path / "old.db"
    with SQLiteStore(path) as s:
        s.write(SourceBatch(source="a", documents=[Document(id="d", title="d")], entities=[KS], claims=[CLAIM]))
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
