"""The store contract: every backend (embedded SQLite, Cypher on FalkorDB and Neo4j) passes the same tests.

Writing by source (idempotent re-ingest, replacing exactly a source's contribution, two
sources on one claim), the records (entities, evidence, documents, sources, reviews), the
slices the queries read, and the queries themselves on top. Backends that cannot run here
are skipped with the reason (tests/store_backends.py).
"""

from __future__ import annotations

import pytest

from graph.model import Claim, Document, Entity, Evidence, Review
from graph.store import SourceBatch
from tests.store_backends import backend_params

pytestmark = pytest.mark.parametrize("backend", backend_params(), indirect=True)


def batch(
    source: str, doc: str, *claims: Claim, entities: list[Entity] | None = None, text: str = "text"
) -> SourceBatch:
    return SourceBatch(
        source=source,
        content_hash=doc,
        loader="test",
        documents=[Document(id=doc, title=f"doc {doc}", text=text, published="2019-03")],
        entities=entities or [],
        claims=list(claims),
    )


def ev(doc: str, quote: str = "q", start: int | None = None) -> list[Evidence]:
    return [Evidence(document=doc, quote=quote, start=start, end=None if start is None else start + len(quote))]


KS = Entity(id="x/kommunstyrelsen", name="Kommunstyrelsen", type="board", jurisdiction="x")
SOC = Entity(id="x/socialforvaltningen", name="Socialförvaltningen", type="administration", jurisdiction="x")
PERSON = Entity(id="person/a-b", name="A B", type="person", role="chef", affiliation=SOC.id)
OWNS = dict(
    subject="x/kommunstyrelsen", predicate="responsible_for", issue="integration", jurisdiction="x", mode="owns"
)
AWKWARD = "Kommun\x07styrelsen \"leder\" 'arbetet'\r\n\tmed <b>åäö</b> & \\ slutet; ∑"


@pytest.fixture()
def store(backend):
    return backend.open()


def test_write_and_read_back(store):
    report = store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    assert (report.claims, report.evidence, report.entities, report.documents) == (1, 1, 1, 1)
    assert store.entity("x/kommunstyrelsen") == KS
    rows = store.slice("x", ["integration"])
    assert [r.mode for r in rows] == ["owns"]
    assert store.evidence([rows[0].id])[rows[0].id][0].quote == "q"
    assert store.stats() == {
        "entities": 1,
        "claims": 1,
        "evidence": 1,
        "documents": 1,
        "sources": 1,
        "jurisdictions": 1,
    }


def test_reingest_is_idempotent(store):
    b = batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS])
    store.write(b)
    before = (store.stats(), list(store.iter_claims()), list(store.iter_entities()), store.documents())
    report = store.write(b)
    assert (report.removed_claims, report.removed_entities) == (0, 0)
    assert (store.stats(), list(store.iter_claims()), list(store.iter_entities()), store.documents()) == before


def test_reingest_replaces_only_that_source(store):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    other = Claim(
        subject="x/kommunstyrelsen",
        predicate="lacks",
        issue="settlement",
        jurisdiction="x",
        what="plan",
        evidence=ev("d2"),
    )
    store.write(batch("b.yaml", "d2", other, entities=[KS]))
    new = Claim(**{**OWNS, "mode": "leads"}, evidence=ev("d1"))
    report = store.write(batch("a.yaml", "d1", new, entities=[KS]))
    assert report.removed_claims == 1
    assert sorted(r.predicate + (r.mode or "") for r in store.iter_claims()) == ["lacks", "responsible_forleads"]
    assert store.entity("x/kommunstyrelsen") is not None
    assert store.stats()["evidence"] == 2


def test_delete_source_removes_exactly_its_evidence_and_orphans(store):
    shared = Claim(**OWNS, evidence=ev("d1", "first"))
    only_a = Claim(subject=SOC.id, predicate="part_of", object=KS.id, jurisdiction="x", evidence=ev("d1"))
    store.write(batch("a.yaml", "d1", shared, only_a, entities=[KS, SOC]))
    store.write(batch("b.yaml", "d2", Claim(**OWNS, evidence=ev("d2", "second")), entities=[KS]))
    report = store.delete_source("a.yaml")
    assert (report.removed_claims, report.removed_entities) == (1, 1)
    assert [r.id for r in store.iter_claims()] == [shared.id]
    assert [e.quote for e in store.evidence([shared.id])[shared.id]] == ["second"]
    assert store.entity(SOC.id) is None and store.entity(KS.id) is not None
    assert [s.source for s in store.sources()] == ["b.yaml"]
    assert store.document("d1") is None and store.document("d2") is not None


def test_claim_from_two_sources_keeps_both_evidence(store):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1", "first")), entities=[KS]))
    store.write(batch("b.yaml", "d2", Claim(**OWNS, evidence=ev("d2", "second")), entities=[KS]))
    (cid,) = [r.id for r in store.iter_claims()]
    evidence = store.evidence([cid])[cid]
    assert [(e.quote, e.document, e.source) for e in evidence] == [
        ("first", "d1", "a.yaml"),
        ("second", "d2", "b.yaml"),
    ]
    store.delete_source("a.yaml")
    assert [e.quote for e in store.evidence([cid])[cid]] == ["second"]
    store.delete_source("b.yaml")
    assert list(store.iter_claims()) == [] and store.entity("x/kommunstyrelsen") is None
    assert store.stats() == {
        "entities": 0,
        "claims": 0,
        "evidence": 0,
        "documents": 0,
        "sources": 0,
        "jurisdictions": 0,
    }


def test_entity_records_merge_across_sources(store):
    store.write(batch("a.yaml", "d1", entities=[KS.model_copy(update={"aliases": ["KS"]})]))
    store.write(batch("b.yaml", "d2", entities=[KS.model_copy(update={"aliases": ["styrelsen"], "name": "KS"})]))
    assert store.entity(KS.id).aliases == ["KS", "styrelsen"]
    assert store.entity(KS.id).name == "Kommunstyrelsen"
    store.delete_source("a.yaml")
    assert store.entity(KS.id).aliases == ["styrelsen"] and store.entity(KS.id).name == "KS"


def test_each_entity_stays_the_merge_of_its_sources_in_source_order(store):
    """The merge is kept up to date write by write (graph/store/merge.py), yet must always be
    what merging every record in source order gives: a later source only fills what is
    empty, an earlier one that says something new takes precedence, and a rewrite or a
    deletion gives back what the others say."""

    def person(role: str | None, *aliases: str) -> Entity:
        return Entity(id="person/a-b", name="A B", type="person", role=role, aliases=list(aliases))

    def write(source: str, who: Entity) -> None:
        store.write(batch(source, f"d-{source}", entities=[who]))

    write("m.yaml", person(None, "AB"))
    write("t.yaml", person("chef", "AB", "Anna"))  # sorts last: fills the role, adds an alias
    assert (store.entity("person/a-b").role, store.entity("person/a-b").aliases) == ("chef", ["AB", "Anna"])
    write("s.yaml", person("chef", "AB"))  # sorts between, says nothing new
    assert store.entity("person/a-b").role == "chef"
    write("c.yaml", person("rektor", "Anna"))  # sorts first and says something new: it wins
    assert (store.entity("person/a-b").role, store.entity("person/a-b").aliases) == ("rektor", ["Anna", "AB"])
    write("c.yaml", person(None))  # rewritten: the others' values come back
    assert (store.entity("person/a-b").role, store.entity("person/a-b").aliases) == ("chef", ["AB", "Anna"])
    store.delete_source("t.yaml")
    store.delete_source("s.yaml")
    assert (store.entity("person/a-b").role, store.entity("person/a-b").aliases) == (None, ["AB"])


def test_org_path_and_entity_claims(store):
    claims = [
        Claim(subject=PERSON.id, predicate="holds_role", object=SOC.id, role="chef", evidence=ev("d1")),
        Claim(subject=SOC.id, predicate="part_of", object=KS.id, evidence=ev("d1")),
        Claim(subject=KS.id, predicate="part_of", object="x", evidence=ev("d1")),
    ]
    store.write(batch("a.yaml", "d1", *claims, entities=[PERSON, SOC, KS]))
    assert store.org_path(PERSON.id) == [PERSON.id, SOC.id, KS.id, "x"]
    assert {r.predicate for r in store.entity_claims(SOC.id)} == {"holds_role", "part_of"}
    assert store.entity_claims("nobody") == []
    assert store.org_path("nobody") == ["nobody"]


def test_entities_filters_and_pages(store):
    y = Entity(id="y/ks", name="Kommunstyrelsen", type="board", jurisdiction="y")
    store.write(batch("a.yaml", "d1", entities=[KS, SOC, PERSON, y]))
    assert [e.id for e in store.entities()] == sorted([KS.id, SOC.id, PERSON.id, y.id])
    assert [e.id for e in store.entities(type="board")] == [KS.id, y.id]
    assert [e.id for e in store.entities(type="board", jurisdiction="y")] == [y.id]
    assert [e.id for e in store.entities(q="förvaltningen")] == [SOC.id]
    assert [e.id for e in store.entities(limit=2, offset=1)] == sorted([KS.id, SOC.id, PERSON.id, y.id])[1:3]
    assert store.count_entities() == 4 and store.count_entities(type="board") == 2
    assert store.count_entities(q="styrelsen") == 2
    assert set(store.entities_by_id([KS.id, "unknown", PERSON.id])) == {KS.id, PERSON.id}
    assert store.entities_by_id([PERSON.id])[PERSON.id] == PERSON
    assert [e.id for e in store.iter_entities()] == sorted([KS.id, SOC.id, PERSON.id, y.id])


def test_documents_and_their_evidence(store):
    text = "Kommunstyrelsen äger integrationen."
    c = Claim(**OWNS, evidence=ev("d1", "äger integrationen", start=16))
    store.write(batch("a.yaml", "d1", c, entities=[KS], text=text))
    doc = store.document("d1")
    assert (doc.title, doc.published, doc.text) == ("doc d1", "2019-03", text)
    assert store.document("missing") is None
    assert set(store.documents_by_id(["d1", "missing"])) == {"d1"}
    assert store.documents_by_id(["d1"])["d1"].text is None
    assert [d.id for d in store.documents()] == ["d1"]
    spans = store.document_evidence("d1")
    assert [(e.start, e.end) for e in spans[c.id]] == [(16, 34)]
    (info,) = store.sources()
    assert (info.source, info.content_hash, info.loader, info.claims, info.documents) == (
        "a.yaml",
        "d1",
        "test",
        1,
        ["d1"],
    )


def test_slices_keys_and_jurisdictions(store):
    claims = [
        Claim(**OWNS, evidence=ev("d1")),
        Claim(subject=KS.id, predicate="lacks", issue="settlement", jurisdiction="x", what="plan", evidence=ev("d1")),
        Claim(subject="y/ks", predicate="responsible_for", issue="integration", jurisdiction="y", evidence=ev("d1")),
        Claim(subject=SOC.id, predicate="part_of", object=KS.id, evidence=ev("d1")),
    ]
    store.write(batch("a.yaml", "d1", *claims, entities=[KS, SOC, Entity(id="z", name="Z", type="jurisdiction")]))
    assert store.slice_keys() == [("x", "integration"), ("x", "settlement"), ("y", "integration")]
    assert store.slice_keys(jurisdiction="x") == [("x", "integration"), ("x", "settlement")]
    assert store.slice_keys(issue="integration") == [("x", "integration"), ("y", "integration")]
    assert store.slice_keys("y", "settlement") == []
    assert sorted(r.predicate for r in store.slice("x", ["integration", "settlement"])) == ["lacks", "responsible_for"]
    assert store.slice("q", ["integration"]) == []
    assert store.jurisdictions() == ["x", "y", "z"]
    assert [c.predicate for c in store.claims(subject=KS.id, predicate="lacks")] == ["lacks"]
    assert [c.subject for c in store.claims(issue="integration", jurisdiction="y")] == ["y/ks"]


def test_values_survive_the_round_trip(store):
    ks = KS.model_copy(update={"name": AWKWARD, "aliases": ["KS", 'a "b"', "å;ä"]})
    c = Claim(
        subject=KS.id,
        predicate="responsible_for",
        issue="integration",
        jurisdiction="x",
        mode="leads",
        basis="decision",
        status="former",
        since="2015",
        until="2019-06-30",
        negated=True,
        attributed_to="org/ey",
        evidence=[Evidence(document="d1", quote=AWKWARD, start=0, end=3, rule="rule:x", confidence=0.25)],
    )
    store.write(batch("a.yaml", "d1", c, entities=[ks], text=AWKWARD))
    assert store.entity(KS.id) == ks
    (row,) = store.iter_claims()
    assert row.to_claim() == c.model_copy(update={"evidence": []})
    assert row.review == "extracted" and row.negated is True
    (e,) = store.evidence([c.id])[c.id]
    assert (e.quote, e.rule, e.confidence, e.start, e.end, e.source) == (AWKWARD, "rule:x", 0.25, 0, 3, "a.yaml")
    assert store.document("d1").text == AWKWARD


def test_reviews_are_kept_apart_and_survive_reingest(store):
    b = batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS])
    store.write(b)
    (cid,) = [r.id for r in store.iter_claims()]
    assert store.claim(cid).review == "extracted" and store.claim("c_missing") is None
    assert store.reviews([cid]) == {}
    store.apply_review(
        [Review(claim=cid, state="rejected", reviewer="anna", comment="fel", at="2024-01-01T00:00:00+00:00")]
    )
    store.apply_review([Review(claim=cid, state="confirmed", reviewer="bo", at="2024-01-02T00:00:00+00:00")])
    assert store.claim(cid).review == "confirmed"
    assert [(r.state, r.reviewer) for r in store.reviews([cid])[cid]] == [("rejected", "anna"), ("confirmed", "bo")]
    store.write(b)
    assert store.claim(cid).review == "confirmed"
    assert [r.review for r in store.slice("x", ["integration"])] == ["confirmed"]


def test_review_with_the_reviewers_own_source(store):
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    (old,) = [r.id for r in store.iter_claims()]
    fixed = Claim(**{**OWNS, "mode": "leads"}, evidence=[Evidence(document="review:1", rule="review")])
    review_batch = SourceBatch(
        source="review:anna", loader="review", documents=[Document(id="review:1")], claims=[fixed]
    )
    report = store.apply_review(
        [Review(claim=old, state="rejected", reviewer="anna", corrected_to=fixed.id)], review_batch
    )
    assert report.claims == 1
    assert {r.id: r.review for r in store.iter_claims()} == {old: "rejected", fixed.id: "extracted"}
    assert store.reviews([old])[old][0].corrected_to == fixed.id


def test_queries_run_unchanged(store):
    from queries import gaps, who_owns
    from tests.conftest import GraphBuilder

    g = GraphBuilder(store)
    ks, soc = g.org("ks"), g.org("soc", "administration")
    g.claim(soc, "part_of", object=ks)
    g.claim(ks, "responsible_for", issue="integration", mode="owns")
    g.claim(soc, "defers_to", object=ks, issue="settlement")
    g.claim(ks, "defers_to", object=soc, issue="settlement")
    g.write()
    answer = who_owns(store, "integration", "x")
    assert [o.entity for o in answer.owners] == [ks]
    assert answer.owners[0].evidence[0].quote
    kinds = {(gap.issue, gap.kind) for gap in gaps(store, jurisdiction="x")}
    assert ("settlement", "deflected") in kinds


def test_workspace_survives_reopen(backend):
    with backend.open() as s:
        s.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    with backend.open() as s:
        assert s.stats()["claims"] == 1 and s.slice_keys() == [("x", "integration")]


def test_policy_areas_are_stored_in_order_and_replaced_in_place(store):
    from graph.store.base import StoredArea

    assert store.taxonomy_areas() == []
    snow = StoredArea("snow_clearing", "streets_roads", "snöröjning", "snow clearing", ("snöröjningen",), "a.yaml")
    art = StoredArea("street_art", None, "gatukonst", "street art", ("gatukonsten",), "a.yaml")
    store.store_taxonomy_areas([snow, art])
    again = StoredArea("snow_clearing", None, "vinterväghållning", "winter road care", (), "b.yaml")
    store.store_taxonomy_areas([again])
    areas = store.taxonomy_areas()
    assert [a.id for a in areas] == ["snow_clearing", "street_art"]  # replaced in place, not moved last
    assert (areas[0].parent, areas[0].sv, areas[0].surface_forms, areas[0].file) == (
        None,
        "vinterväghållning",
        (),
        "b.yaml",
    )
    assert areas[1] == StoredArea(
        "street_art", None, "gatukonst", "street art", ("gatukonsten",), "a.yaml", areas[1].added_at
    )
    assert areas[1].added_at


def test_clear_empties_the_workspace(store):
    """``clear`` is part of the interface (``ansvar push --replace`` calls it on any store)."""
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS, SOC]))
    (cid,) = [r.id for r in store.iter_claims()]
    store.apply_review([Review(claim=cid, state="confirmed", reviewer="anna")])
    store.clear()
    assert set(store.stats().values()) == {0}
    assert store.slice_keys() == [] and store.jurisdictions() == [] and store.sources() == []
    assert store.reviews([cid]) == {} and store.claim(cid) is None and store.entity(KS.id) is None
    store.write(batch("a.yaml", "d1", Claim(**OWNS, evidence=ev("d1")), entities=[KS]))
    assert store.claim(cid).review == "extracted" and store.stats()["claims"] == 1
