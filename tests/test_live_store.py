"""The live workspace: snapshots that never change under a reader, swapped whole after a write,
and indexes derived from the previous one that equal a full rebuild."""

from __future__ import annotations

import random

import pytest

from bench.synth import iter_batches, make_plan
from graph.errors import StoreError
from graph.model import Claim, Document, Evidence, Review
from graph.store import SourceBatch, open_store
from graph.store.live import LiveWorkspace, SnapshotStore


def owns(subject: str, issue: str = "integration", quote: str = "q") -> Claim:
    return Claim(
        subject=subject,
        predicate="responsible_for",
        issue=issue,
        jurisdiction="x",
        mode="owns",
        evidence=[Evidence(document="d", quote=quote)],
    )


def batch(source: str, *claims: Claim) -> SourceBatch:
    return SourceBatch(source=source, documents=[Document(id="d")], claims=list(claims))


@pytest.fixture()
def ws(tmp_path):
    w = LiveWorkspace(tmp_path / "w.db")
    yield w
    w.close()


def test_a_reader_keeps_its_snapshot_through_a_write(ws):
    ws.write(lambda s: s.write(batch("a", owns("x/ks"))))
    with ws.reading() as old:
        ws.write(lambda s: s.write(batch("a", owns("x/sn"))))
        assert [r.subject for r in old.slice("x", ["integration"])] == ["x/ks"]
        (row,) = old.slice("x", ["integration"])
        assert old.evidence([row.id])[row.id][0].quote == "q"  # the record agrees with the index
        assert old.stats()["claims"] == 1
    assert [r.subject for r in ws.snapshot.slice("x", ["integration"])] == ["x/sn"]
    with pytest.raises(StoreError, match="closed database"):
        old.conn.execute("SELECT 1")  # closed once its last reader finished


def test_snapshots_are_read_only(ws):
    with pytest.raises(StoreError):
        ws.snapshot.write(batch("a", owns("x/ks")))


def test_only_a_committed_change_swaps_the_snapshot(ws):
    ws.write(lambda s: s.write(batch("a", owns("x/ks"))))
    current = ws.snapshot

    def fail(store):
        raise ValueError("boom")

    with pytest.raises(ValueError):
        ws.write(fail)
    ws.write(lambda s: s.claim("nope"))
    assert ws.snapshot is current

    def write_then_fail(store):
        store.write(batch("b", owns("x/sn")))
        raise ValueError("after the commit")

    with pytest.raises(ValueError):
        ws.write(write_then_fail)
    assert ws.snapshot is not current and len(ws.snapshot.slice("x", ["integration"])) == 2


def test_another_process_writing_is_picked_up(ws):
    assert ws.refresh_if_changed() is False
    with open_store(ws.path) as other:
        other.write(batch("b", owns("x/ks")))
    assert ws.refresh_if_changed() is True
    assert len(ws.snapshot.slice("x", ["integration"])) == 1


def _shape(store: SnapshotStore) -> dict:
    idx = store.index
    named = {n: dict(a) for n, a in idx.graph.nodes(data=True) if "name" in a}
    return {
        "claims": {k: tuple(vars(r).items()) if hasattr(r, "__dict__") else r for k, r in idx.claims.items()},
        "slices": {k: sorted(r.id for r in v) for k, v in idx.slices.items() if v},
        "by_j": {k: sorted(v) for k, v in idx.issues_by_jurisdiction.items() if v},
        "by_i": {k: sorted(v) for k, v in idx.jurisdictions_by_issue.items() if v},
        "structure": {k: sorted(r.id for r in v) for k, v in idx.structure.items() if v},
        "jurisdictions": idx.jurisdictions(),
        "nodes": sorted(idx.graph.nodes),
        "named": named,
        "edges": sorted((u, v, k) for u, v, k in idx.graph.edges(keys=True)),
        "in": {n: sorted(k for _, _, k in idx.graph.in_edges(n, keys=True)) for n in idx.graph},
    }


def test_derived_index_equals_a_full_rebuild(tmp_path):
    rng = random.Random(3)
    plan = make_plan(claims=4000, seed=5, municipalities=6)
    batches = list(iter_batches(plan))
    ws = LiveWorkspace(tmp_path / "w.db")
    try:
        ws.write(lambda s: [s.write(b) for b in batches])
        old = ws.snapshot
        target = batches[2]
        kept = [c for c in target.claims if rng.random() > 0.2]
        changed = [
            c.model_copy(update={"id": "", "mode": "supports"}) for c in kept[:5] if c.predicate == "responsible_for"
        ]
        new = target.model_copy(
            update={
                "claims": kept[5:] + [Claim(**c.model_dump(exclude={"id"})) for c in changed],
                "entities": target.entities[:-3],
            }
        )
        ws.write(lambda s: s.write(new))
        some = sorted(ws.snapshot.index.claims)[:7]
        ws.write(lambda s: s.apply_review([Review(claim=c, state="rejected") for c in some]))
        ws.write(lambda s: s.delete_source(batches[4].source))
        derived = ws.snapshot
        assert derived is not old and derived.generation == old.generation + 3
        rebuilt = SnapshotStore(ws.path)
        try:
            assert _shape(derived) == _shape(rebuilt)
            j = target.entities[0].jurisdiction or batches[3].entities[0].jurisdiction
            assert derived.slice_keys(j) == rebuilt.slice_keys(j)
        finally:
            rebuilt.close()
        assert _shape(old) != _shape(derived)  # the old index was not touched
    finally:
        ws.close()
