"""The status rules: where sources disagree, the verdict decides by evidence and says so.

Each test writes claims from documents of known dates (one source file per document) and
checks who-owns, the gaps list and ask together: the side the rules keep, the side set aside,
and a disagreement that names both sources with their dates.
"""

from __future__ import annotations

import pytest

from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch
from queries import ask, gaps, who_owns

PLACE = Entity(id="x", name="Xby kommun", type="jurisdiction")
KS = Entity(id="x/kommunstyrelsen", name="Kommunstyrelsen", type="board", jurisdiction="x")
SOC = Entity(id="x/socialforvaltningen", name="Socialförvaltningen", type="administration", jurisdiction="x")
ANNA = Entity(id="person/anna-berg", name="Anna Berg", type="person")


def say(store, doc: str, date: str | None, *claims: dict) -> None:
    """Write ``claims`` as stated by document ``doc`` published on ``date``."""
    made = [
        Claim(jurisdiction="x", evidence=[Evidence(document=doc, quote=f"{c['subject']} {c['predicate']}")], **c)
        for c in claims
    ]
    store.write(
        SourceBatch(
            source=f"{doc}.txt",
            documents=[Document(id=doc, title=f"Rapport {doc}", published=date)],
            entities=[PLACE, KS, SOC, ANNA],
            claims=made,
        )
    )


def coordinates(subject: str, issue: str = "integration") -> dict:
    return dict(subject=subject, predicate="responsible_for", issue=issue, mode="coordinates", basis="statement")


def lacks(what: str, issue: str = "integration") -> dict:
    return dict(subject="x", predicate="lacks", issue=issue, what=what)


def owns(subject: str, issue: str = "integration", status: str = "current") -> dict:
    return dict(subject=subject, predicate="responsible_for", issue=issue, mode="owns", status=status)


def test_a_newer_text_saying_coordination_is_missing_sets_the_older_coordinator_aside(store):
    say(store, "a", "2019-05-02", coordinates(ANNA.id))
    say(store, "b", "2021-03", lacks("coordination"))
    answer = who_owns(store, "integration", "x")
    assert answer.status == "uncoordinated" and answer.owners == []
    (conflict,) = answer.conflicts
    assert (conflict.kind, conflict.decision, conflict.rule) == ("owner_vs_lack", "gap", "newer_source")
    assert "Rapport b» (2021-03)" in conflict.summary and "Rapport a» (2019-05-02)" in conflict.summary
    assert "Anna Berg" in conflict.summary
    assert [q.document for q in conflict.owner_side] == ["a"] and [q.document for q in conflict.other_side] == ["b"]
    (gap,) = gaps(store, jurisdiction="x")
    assert gap.kind == "uncoordinated" and gap.conflicts == answer.gaps[0].conflicts == [conflict]


def test_a_newer_coordinator_outweighs_an_older_lack(store):
    say(store, "a", "2018", lacks("coordination"))
    say(store, "b", "2020-01-10", coordinates(ANNA.id))
    answer = who_owns(store, "integration", "x")
    assert answer.status == "owned" and [o.entity for o in answer.owners] == [ANNA.id]
    assert answer.gaps == [] and gaps(store) == [] and answer.missing == []
    (conflict,) = answer.conflicts
    assert (conflict.decision, conflict.rule) == ("owner", "newer_source") and "(2018)" in conflict.summary


def test_on_the_same_date_both_stand_and_the_answer_says_the_sources_disagree(store):
    say(store, "a", "2020-02", coordinates(ANNA.id))
    say(store, "b", "2020-02-20", lacks("coordination"))
    answer = who_owns(store, "integration", "x")
    assert answer.status == "uncoordinated" and [o.entity for o in answer.owners] == [ANNA.id]
    (conflict,) = answer.gaps[0].conflicts
    assert (conflict.decision, conflict.rule) == ("both", "same_date")
    assert conflict.summary.startswith("Sources disagree:")
    sv = ask(store, "Vem ansvarar för integrationen i Xby kommun?")
    assert "Källorna säger emot varandra" in sv.answer and "osamordnad" in sv.answer


def test_one_source_saying_both_is_quoted_as_saying_both(store):
    say(store, "a", None, coordinates(ANNA.id), lacks("coordination"))
    (conflict,) = who_owns(store, "integration", "x").conflicts
    assert (
        conflict.summary
        == "«Rapport a» (no date) names Anna Berg (coordinates) and also says nobody coordinates integration."
    )


def test_a_stated_lack_of_an_owner_against_named_owners(store):
    say(store, "a", "2016", owns(KS.id))
    say(store, "b", "2019", lacks("owner"))
    answer = who_owns(store, "integration", "x")
    assert answer.status == "unowned" and answer.owners == []
    assert answer.conflicts[0].decision == "gap" and "Kommunstyrelsen (owns)" in answer.conflicts[0].summary


def test_a_former_owner_is_never_among_the_owners(store):
    say(store, "a", "2015", owns(SOC.id, status="former"), owns(KS.id))
    answer = who_owns(store, "integration", "x")
    assert [o.entity for o in answer.owners] == [KS.id] and [f.entity for f in answer.former] == [SOC.id]
    assert answer.status == "owned" and answer.conflicts == []


def test_current_and_former_of_one_actor_the_newer_source_decides(store):
    say(store, "a", "2015", owns(SOC.id))
    say(store, "b", "2019", owns(SOC.id, status="former"))
    answer = who_owns(store, "integration", "x")
    assert answer.owners == [] and [f.entity for f in answer.former] == [SOC.id] and answer.status == "orphaned"
    (conflict,) = answer.conflicts
    assert (conflict.kind, conflict.decision) == ("current_vs_former", "former")
    assert "Rapport b» (2019)" in conflict.summary and "Rapport a» (2015)" in conflict.summary


def test_current_and_former_of_one_actor_a_newer_current_claim_keeps_it(store):
    say(store, "a", "2015", owns(SOC.id, status="former"))
    say(store, "b", "2019", owns(SOC.id))
    answer = who_owns(store, "integration", "x")
    assert [o.entity for o in answer.owners] == [SOC.id] and answer.former == [] and answer.status == "owned"
    assert answer.conflicts[0].decision == "current"


def test_unowned_as_a_whole_but_owned_in_parts_says_exactly_that(store):
    say(store, "a", "2020", owns(SOC.id, issue="settlement"))
    answer = who_owns(store, "integration", "x")
    assert answer.status == "owned_in_sub_issues" and answer.owners == [] and answer.gaps == []
    assert [s.issue for s in answer.sub_issues] == ["settlement"]
    text = ask(store, "Who owns integration in Xby kommun?").answer
    assert text.startswith("Nobody is recorded as responsible for integration as a whole in Xby kommun;")
    assert "settlement (Socialförvaltningen)" in text and "Status: owned in sub-issues." in text


def test_a_stated_unowned_gap_names_the_owned_parts(store):
    say(store, "a", "2020", owns(SOC.id, issue="settlement"), lacks("owner"))
    (gap,) = gaps(store, jurisdiction="x")
    assert gap.kind == "unowned" and gap.summary == (
        "Nobody is responsible for integration as a whole in Xby kommun; parts of it have owners: "
        "settlement (Socialförvaltningen)."
    )
    assert who_owns(store, "integration", "x").gaps[0].summary == gap.summary


@pytest.mark.parametrize(
    ("lang", "status", "kind"),
    [("sv", "Status: osamordnad.", "osamordnad"), ("en", "Status: uncoordinated.", "uncoordinated")],
)
def test_statuses_and_kinds_in_the_asked_language(store, lang, status, kind):
    say(store, "a", "2020", lacks("coordination"), owns(KS.id))
    answer = ask(store, "Vem ansvarar för integrationen i Xby kommun?", lang=lang)
    assert status in answer.answer and answer.ownership.gaps[0].kind_label == kind
