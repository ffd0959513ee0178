"""The embedded store's bulk path (graph/store/bulk.py): many sources to a transaction, each atomic.

A bulk load must end with exactly what writing the sources one by one gives, with every
index of schema.sql in place, fewer commits than sources, and a failing source kept out
alone.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph.errors import StoreError
from graph.store import SourceBatch, open_store
from graph.store.bulk import SLOW_SECONDS
from graph.store.cypher.copy import snapshot
from graph.store.sqlite import SQLiteStore
from loaders import load_file
from loaders.ingest import ingest_paths
from loaders.sources import find_sources

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@pytest.fixture(scope="module")
def batches() -> list[SourceBatch]:
    files = find_sources([EXAMPLES], (), ()).files
    assert len(files) >= 10
    return [load_file(f) for f in files]


def indexes(store: SQLiteStore) -> list[str]:
    return sorted(
        r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    )


def test_a_bulk_load_ends_as_writing_one_by_one(tmp_path, batches):
    one = open_store(str(tmp_path / "one.db"))
    for b in batches:
        one.write(b)
    bulk = open_store(str(tmp_path / "bulk.db"))
    commits: list[str] = []
    bulk.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    reports = list(bulk.write_many(batches + batches[:2]))  # two sources written twice: replaced, not doubled
    bulk.conn.set_trace_callback(None)
    assert [r.source for r in reports] == [b.source for b in batches + batches[:2]]
    assert snapshot(bulk) == snapshot(one)
    assert indexes(bulk) == indexes(one) != []
    assert len(commits) < len(batches) // 2


def test_a_bulk_load_into_a_workspace_in_use_keeps_its_indexes(tmp_path, batches):
    store = open_store(str(tmp_path / "w.db"))
    store.write(batches[0])
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    list(store.write_many(batches[1:]))
    store.conn.set_trace_callback(None)
    assert not [s for s in statements if "DROP INDEX" in s]
    assert store.stats()["sources"] == len(batches)


def test_a_failing_source_is_kept_out_alone(tmp_path, batches):
    store = open_store(str(tmp_path / "w.db"))
    failing = batches[3].source
    store.conn.execute(
        f"CREATE TRIGGER boom BEFORE INSERT ON documents WHEN NEW.source = '{failing}' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    results = list(store.write_many(batches))
    assert isinstance(results[3], StoreError) and "boom" in str(results[3])
    assert [r for r in results if isinstance(r, StoreError)] == [results[3]]
    stored = {s.source for s in store.sources()}
    assert stored == {b.source for b in batches} - {batches[3].source}
    assert not store.conn.execute("SELECT 1 FROM entity_records WHERE source = ?", (batches[3].source,)).fetchone()


def test_stopping_half_way_keeps_what_was_written(tmp_path, batches):
    store = open_store(str(tmp_path / "w.db"))
    fresh = indexes(open_store(str(tmp_path / "fresh.db")))
    written = store.write_many(batches)
    first = [next(written) for _ in range(3)]
    written.close()
    assert {s.source for s in store.sources()} == {r.source for r in first}
    assert indexes(store) == fresh
    one = open_store(str(tmp_path / "one.db"))
    for b in batches[:3]:
        one.write(b)
    assert snapshot(open_store(str(tmp_path / "w.db"))) == snapshot(one)  # the three sources whole, as one by one


def test_ingest_of_a_folder_reports_every_file_in_order(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.yaml").write_text("not: [valid", encoding="utf-8")
    for name in ("b.txt", "c.txt"):
        (folder / name).write_text("Socialnämnden i Norrbacka ansvarar för integrationen.", encoding="utf-8")
    seen: list[str] = []
    report = ingest_paths(open_store(str(tmp_path / "w.db")), [folder], progress=lambda d, t, n: seen.append(n))
    assert seen == ["a.yaml", "b.txt", "c.txt"]
    assert [f.path for f in report.failed] == [str(folder / "a.yaml")]
    assert [r.source for r in report.loaded] == [str(folder / "b.txt"), str(folder / "c.txt")]


def test_a_commit_interval_that_is_no_number_is_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("ANSVAR_COMMIT_SECONDS", "soon")
    done = CliRunner().invoke(app, ["--db", str(tmp_path / "w.db"), "ingest", str(EXAMPLES)])
    assert done.exit_code == 6
    assert "ANSVAR_COMMIT_SECONDS='soon' is not a number of seconds" in done.output
    assert "Traceback" not in done.output


def test_the_write_lock_is_free_while_a_slow_source_is_read(tmp_path, batches):
    db = tmp_path / "w.db"
    store = open_store(str(db))
    store.write(batches[0])  # a workspace in use: the sources are written as they come
    free: list[bool] = []

    def read_slowly():
        for n, batch in enumerate(batches[1:5]):
            if n:  # from the second on, the load knows sources come slowly
                other = SQLiteStore(db, busy_timeout=0)  # another writer, who will not wait
                try:
                    other.conn.execute("BEGIN IMMEDIATE")
                    other.conn.execute("ROLLBACK")
                    free.append(True)
                except StoreError:
                    free.append(False)
                other.close()
            time.sleep(SLOW_SECONDS * 1.2)  # reading a big file
            yield batch

    assert all(not isinstance(r, StoreError) for r in store.write_many(read_slowly()))
    assert free == [True, True, True]
    assert store.stats()["sources"] == 5


class _InterruptedMidWrite:
    """A batch whose claims cannot be read once its documents are in the workspace: Ctrl-C
    while the file is half written."""

    def __init__(self, batch: SourceBatch, store: SQLiteStore):
        self._batch, self._store = batch, store

    def __getattr__(self, name: str):
        if name == "claims":
            half = self._store.conn.execute("SELECT 1 FROM documents WHERE source = ?", (self._batch.source,))
            if half.fetchone():
                raise KeyboardInterrupt
        return getattr(self._batch, name)


def test_an_interrupt_in_the_middle_of_a_file_keeps_all_of_it_out(tmp_path, batches):
    store = open_store(str(tmp_path / "w.db"))
    interrupted = batches[1]
    with pytest.raises(KeyboardInterrupt):
        list(store.write_many([batches[0], _InterruptedMidWrite(interrupted, store), batches[2]]))
    assert {s.source for s in store.sources()} == {batches[0].source}
    for table in ("documents", "entity_records", "evidence"):
        leftover = store.conn.execute(f"SELECT 1 FROM {table} WHERE source = ?", (interrupted.source,)).fetchone()
        assert leftover is None, table
