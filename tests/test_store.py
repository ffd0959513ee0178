"""What only the embedded store does: a failed write rolls back whole; an unopenable file is a StoreError.

The behaviour every backend shares (idempotent re-ingest, replacing a source, evidence from
two sources, merged entity records, slices, paths, reopening) is the store contract:
tests/test_store_contract.py, run on this store and on the Cypher store.
"""

from __future__ import annotations

import pytest

from graph.errors import StoreError
from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch, open_store


def batch(source: str, doc: str, *claims: Claim, entities: list[Entity] | None = None) -> SourceBatch:
    return SourceBatch(
        source=source,
        content_hash=doc,
        loader="test",
        documents=[Document(id=doc, title=f"doc {doc}", text="text")],
        entities=entities or [],
        claims=list(claims),
    )


def ev(doc: str, quote: str = "q") -> list[Evidence]:
    return [Evidence(document=doc, quote=quote)]


KS = Entity(id="x/kommunstyrelsen", name="Kommunstyrelsen", type="board", jurisdiction="x")
OWNS = dict(
    subject="x/kommunstyrelsen", predicate="responsible_for", issue="integration", jurisdiction="x", mode="owns"
)


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "w.db"))
    yield s
    s.close()


def test_failed_write_leaves_nothing(store, monkeypatch):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    before = store.stats()
    store.conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON evidence WHEN NEW.quote = 'explode' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    bad = batch("a.yaml", "d1", Claim(**{**OWNS, "mode": "leads"}, evidence=ev("d1", "explode")), entities=[KS])
    with pytest.raises(StoreError):
        store.write(bad)
    assert store.stats() == before
    assert [r.mode for r in store.slice("x", ["integration"])] == ["owns"]


def test_unopenable_workspace_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "missing-dir" / "w.db"))
