"""The embedded store: one transaction per source, idempotent re-ingest, evidence from two sources."""
from __future__ import annotations

import pytest

from graph.errors import StoreError
from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch, open_store


def batch(source: str, doc: str, *claims: Claim, entities: list[Entity] | None = None) -> SourceBatch:
    return SourceBatch(source=source, content_hash=doc, loader="test",
                       documents=[Document(id=doc, title=f"doc {doc}", text="text")],
                       entities=entities or [], claims=list(claims))


def ev(doc: str, quote: str = "q") -> list[Evidence]:
    return [Evidence(document=doc, quote=quote)]


KS = Entity(id="x/kommunstyrelsen", name="Kommunstyrelsen", type="board", jurisdiction="x")
OWNS = dict(subject="x/kommunstyrelsen", predicate="responsible_for", issue="integration", jurisdiction="x",
            mode="owns")


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "w.db"))
    yield s
    s.close()


def test_write_and_read_back(store):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    assert store.entity("x/kommunstyrelsen").name == "Kommunstyrelsen"
    rows = store.slice("x", ["integration"])
    assert [r.mode for r in rows] == ["owns"]
    assert store.evidence([rows[0].id])[rows[0].id][0].quote == "q"
    assert store.stats()["claims"] == 1


def test_reingest_is_idempotent(store):
    b = batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS])
    store.write(b)
    before = (store.stats(), [r.id for r in store.iter_claims()])
    store.write(b)
    assert (store.stats(), [r.id for r in store.iter_claims()]) == before


def test_reingest_replaces_only_that_source(store):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    other = Claim(subject="x/kommunstyrelsen", predicate="lacks", issue="settlement", jurisdiction="x",
                  what="plan", evidence=ev("d2"))
    store.write(batch("b.yaml", "d2", other, entities=[KS]))
    # source a now says something else: its old claim goes, b's claim stays
    new = Claim(**{**OWNS, "mode": "leads"}, evidence=ev("d1"))
    store.write(batch("a.yaml", "d1", new, entities=[KS]))
    assert sorted(r.predicate + (r.mode or "") for r in store.iter_claims()) == ["lacks", "responsible_forleads"]
    assert store.entity("x/kommunstyrelsen") is not None


def test_claim_from_two_sources_keeps_both_evidence(store):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1", "first")), entities=[KS]))
    store.write(batch("b.yaml", "d2", Claim(**OWNS, evidence=ev("d2", "second")), entities=[KS]))
    (cid,) = [r.id for r in store.iter_claims()]
    assert sorted(e.quote for e in store.evidence([cid])[cid]) == ["first", "second"]
    store.delete_source("a.yaml")
    assert [e.quote for e in store.evidence([cid])[cid]] == ["second"]
    store.delete_source("b.yaml")
    assert list(store.iter_claims()) == [] and store.entity("x/kommunstyrelsen") is None


def test_entity_records_merge_across_sources(store):
    store.write(batch("a.yaml", "d1", entities=[KS.model_copy(update={"aliases": ["KS"]})]))
    store.write(batch("b.yaml", "d2", entities=[KS.model_copy(update={"aliases": ["styrelsen"]})]))
    assert store.entity(KS.id).aliases == ["KS", "styrelsen"]
    store.delete_source("a.yaml")
    assert store.entity(KS.id).aliases == ["styrelsen"]


def test_failed_write_leaves_nothing(store, monkeypatch):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    before = store.stats()
    store.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON evidence WHEN NEW.quote = 'explode' "
                       "BEGIN SELECT RAISE(ABORT, 'boom'); END")
    bad = batch("a.yaml", "d1", Claim(**{**OWNS, "mode": "leads"}, evidence=ev("d1", "explode")), entities=[KS])
    with pytest.raises(StoreError):
        store.write(bad)
    assert store.stats() == before
    assert [r.mode for r in store.slice("x", ["integration"])] == ["owns"]


def test_org_path_and_entity_claims(store):
    person = Entity(id="person/a-b", name="A B", type="person")
    admin = Entity(id="x/socialforvaltningen", name="Socialförvaltningen", type="administration", jurisdiction="x")
    claims = [Claim(subject="person/a-b", predicate="holds_role", object=admin.id, role="chef", evidence=ev("d1")),
              Claim(subject=admin.id, predicate="part_of", object=KS.id, evidence=ev("d1")),
              Claim(subject=KS.id, predicate="part_of", object="x", evidence=ev("d1"))]
    store.write(batch("a.yaml", "d1", *claims, entities=[person, admin, KS]))
    assert store.org_path("person/a-b") == ["person/a-b", admin.id, KS.id, "x"]
    assert {r.predicate for r in store.entity_claims(admin.id)} == {"holds_role", "part_of"}


def test_workspace_survives_reopen(tmp_path):
    path = str(tmp_path / "w.db")
    with open_store(path) as s:
        s.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    with open_store(path) as s:
        assert s.stats()["claims"] == 1 and s.slice_keys() == [("x", "integration")]


def test_unopenable_workspace_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "missing-dir" / "w.db"))
