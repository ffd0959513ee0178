"""The example descriptions under data/examples give the answers the demo promises.

They are data written by hand; these tests hold them to the ownership and gap rules, so
that a change to either that breaks the demo is seen here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.store import open_store
from loaders import iter_source_files, load_file
from queries.gaps import gaps
from queries.ownership import who_owns

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    for path in iter_source_files([EXAMPLES]):
        store.write(load_file(path))
    yield store
    store.close()


def kinds(store, jurisdiction, issue=None):
    return {(g.issue, g.kind) for g in gaps(store, jurisdiction=jurisdiction) if issue in (None, g.issue)}


def test_huddinge_integration_is_deflected_to_an_administration_that_never_took_it(demo):
    answer = who_owns(demo, "integration", "huddinge")
    assert answer.status == "deflected" and not answer.owners
    dead_ends = [d for d in answer.deferrals if d.kind == "dead_end"]
    assert {d.chain[0] for d in dead_ends} == {"huddinge/socialnamnden", "huddinge/kultur-och-fritidsforvaltningen"}
    assert {d.chain[-1] for d in dead_ends} == {"huddinge/kommunstyrelsens-forvaltning"}


def test_vallentuna_integration_is_owned_by_decision_with_no_gap(demo):
    answer = who_owns(demo, "integration", "vallentuna")
    assert answer.status == "owned" and not answer.gaps
    ks = {(r.mode, r.basis, r.since) for r in answer.owners if r.entity == "vallentuna/kommunstyrelsen"}
    assert ks == {("leads", "decision", "2015"), ("coordinates", "decision", "2015")}
    assert not kinds(demo, "vallentuna")
    former = [c for c in demo.claims(subject="vallentuna/socialforvaltningen", predicate="responsible_for")]
    assert [(c.issue, c.status) for c in former] == [("integration", "former")]


def test_eksjo_integration_is_uncoordinated(demo):
    assert who_owns(demo, "integration", "eksjo").status == "uncoordinated"


def test_hassleholm_executive_board_is_a_nominal_leader_and_the_plan_is_missing(demo):
    answer = who_owns(demo, "integration", "hassleholm")
    assert answer.status == "nominal"
    nominal = [g for g in answer.gaps if g.kind == "nominal"]
    assert nominal and nominal[0].actors == ["hassleholm/kommunstyrelsen"]
    lacks = demo.claims(subject="hassleholm", predicate="lacks", issue="integration")
    assert "plan" in {c.what for c in lacks}
    plan = [m for m in answer.missing if m.what == "plan"]
    assert plan and plan[0].entity == "hassleholm" and plan[0].evidence


def test_national_follow_up_of_the_conference_is_unowned(demo):
    assert ("civil_society_cooperation", "unowned") in kinds(demo, "sverige")
    assert who_owns(demo, "civil_society_cooperation", "sverige").status == "unowned"


def test_the_fictional_municipality_shows_each_gap_kind_once_and_one_owned_issue(demo):
    found = [(g.issue, g.kind) for g in gaps(demo, jurisdiction="norrbacka")]
    assert Counter(k for _, k in found) == Counter(
        ["unowned", "deflected", "contested", "uncoordinated", "orphaned", "nominal"]
    )
    assert len({i for i, _ in found}) == 6
    owned = who_owns(demo, "refugee_reception", "norrbacka")
    assert owned.status == "owned" and not owned.gaps
    assert {r.entity for r in owned.owners} == {"norrbacka/socialnamnden"}  # the description and the texts


def test_the_demo_reads_the_norrbacka_texts_and_its_answers_quote_them(demo):
    """The fictional texts go through the extractor: each gives claims whose quotes are spans of
    its text, and the answers about Norrbacka quote them."""
    texts = sorted((EXAMPLES / "norrbacka").glob("*.txt"))
    assert len(texts) == 4
    read = {d.id: d for d in demo.documents() if d.origin and d.origin.endswith(".txt")}
    assert len(read) == 4
    for doc_id in read:
        text = demo.document(doc_id).text
        evidence = [ev for evs in demo.document_evidence(doc_id).values() for ev in evs]
        assert evidence and all(text[ev.start : ev.end] == ev.quote for ev in evidence)
    quoted = {q.document for g in gaps(demo, jurisdiction="norrbacka") for q in g.evidence if q.quote}
    assert quoted & set(read)
    owners = who_owns(demo, "refugee_reception", "norrbacka").owners
    assert any(q.document in read for r in owners for q in r.evidence)


def test_the_norrbacka_description_quotes_the_words_of_its_sources(demo):
    """Where the description's sources are written out (data/examples/norrbacka/), its facts
    carry their exact words."""
    words = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in (EXAMPLES / "norrbacka").glob("*.txt"))
    described = [d.id for d in demo.documents() if (d.title or "").endswith("(fiktiv)")]
    assert len(described) == 3
    quotes = [ev.quote for d in described for evs in demo.document_evidence(d).values() for ev in evs]
    with_words = [q for q in quotes if q]
    assert len(with_words) >= 15
    assert all(" ".join(q.split()) in words for q in with_words)
