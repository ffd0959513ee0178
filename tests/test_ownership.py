"""who_owns: owners with mode, basis and path; roll-up of sub-issues; status; errors; ask()."""

from __future__ import annotations

import pytest

from graph.errors import QuestionNotUnderstood, UnknownIssue, UnknownJurisdiction
from queries import ask, parse_question, who_owns


@pytest.fixture()
def vallentuna_like(store, build):
    kf, ks = build.org("kommunfullmaktige"), build.org("kommunstyrelsen")
    office = build.org("kommunledningskontoret", "administration")
    social = build.org("socialforvaltningen", "administration")
    chief = build.person("eva-ek", "Eva Ek")
    build.claim(ks, "part_of", object=kf, jurisdiction=None)
    build.claim(kf, "part_of", object="x", jurisdiction=None)
    build.claim(office, "part_of", object=ks, jurisdiction=None)
    build.claim(chief, "holds_role", object=office, role="integrationschef", jurisdiction=None)
    build.claim(ks, "responsible_for", issue="integration", mode="leads", basis="decision", since=2015)
    build.claim(social, "responsible_for", issue="integration", mode="leads", status="former")
    build.claim(office, "responsible_for", issue="integration", mode="executes", basis="practice")
    build.claim(chief, "responsible_for", issue="refugee_reception", mode="coordinates")
    build.write()
    return store


def test_owned_with_path_basis_and_roll_up(vallentuna_like):
    answer = who_owns(vallentuna_like, "integration", "x")
    assert answer.status == "owned" and answer.gaps == []
    (owner,) = answer.owners  # a former owner is never among the owners
    (former,) = answer.former
    assert (former.entity, former.status) == ("x/socialforvaltningen", "former")
    assert (owner.entity, owner.mode, owner.basis, owner.since) == ("x/kommunstyrelsen", "leads", "decision", "2015")
    assert owner.path == ["x/kommunstyrelsen", "x/kommunfullmaktige", "x"]
    assert owner.evidence and owner.evidence[0].quote
    assert [c.entity for c in answer.contributors] == ["x/kommunledningskontoret"]
    (sub,) = answer.sub_issues
    assert sub.issue == "refugee_reception" and sub.owners[0].path == [
        "person/eva-ek",
        "x/kommunledningskontoret",
        "x/kommunstyrelsen",
        "x/kommunfullmaktige",
        "x",
    ]


def test_a_former_owner_alone_owns_nothing(store, build):
    social = build.org("socialforvaltningen", "administration")
    build.claim(social, "responsible_for", issue="integration", mode="owns", status="former")
    build.write()
    answer = who_owns(store, "integration", "x")
    assert answer.owners == [] and [o.status for o in answer.former] == ["former"] and answer.status == "orphaned"
    assert "socialförvaltningen" not in ask(store, "Vem ansvarar för integrationen i x?").answer.split(".")[0].lower()


def test_sub_issue_inherits_parent_owner(vallentuna_like):
    answer = who_owns(vallentuna_like, "settlement", "x")
    assert [o.entity for o in answer.owners] == ["x/kommunstyrelsen"] and answer.owners[0].issue == "integration"


def test_issue_given_in_swedish_inflected_form(vallentuna_like):
    assert who_owns(vallentuna_like, "flyktingmottagandet", "x").issue == "refugee_reception"


def test_status_takes_the_gravest_gap(store, build):
    social, ksf = build.org("socialnamnden"), build.org("kommunstyrelsens-forvaltning", "administration")
    build.claim(social, "defers_to", object=ksf, issue="integration")
    build.claim("x", "lacks", issue="integration", what="coordination")
    build.write()
    answer = who_owns(store, "integration", "x")
    assert answer.status == "deflected"
    assert {g.kind for g in answer.gaps} == {"deflected", "uncoordinated"}
    assert answer.deferrals[0].kind == "dead_end" and answer.deferrals[0].chain == [social, ksf]


def test_no_claims_at_all_is_no_owner_recorded_and_no_gap(store, build):
    """Without evidence there is no unowned gap, so the status does not say unowned either."""
    build.write()
    answer = who_owns(store, "integration", "x")
    assert (answer.status, answer.owners, answer.gaps) == ("no_owner_recorded", [], [])


def test_unknown_issue_names_the_known_ones(store, build):
    build.write()
    with pytest.raises(UnknownIssue) as err:
        who_owns(store, "rymdfart", "x")
    assert "integration" in str(err.value)


def test_unknown_jurisdiction_suggests_close_ones(store, build):
    build.write()
    with pytest.raises(UnknownJurisdiction):
        who_owns(store, "integration", "Atlantis")


def test_ask_in_swedish_and_english(vallentuna_like):
    sv = ask(vallentuna_like, "Vem ansvarar för integrationen i X?")
    assert sv.question.language == "sv" and sv.ownership.owners[0].entity == "x/kommunstyrelsen"
    assert "Kommunstyrelsen (leder) ansvarar för integration i X" in sv.answer
    en = ask(vallentuna_like, "who owns refugee reception in x?")
    assert en.question.language == "en" and en.question.issue == "refugee_reception"
    assert en.ownership.owners[0].entity == "x/kommunstyrelsen"


def test_ask_for_gaps(store, build):
    build.claim("x", "lacks", issue="settlement", what="owner")
    build.write()
    answer = ask(store, "Vilka luckor finns i X?")
    assert answer.question.intent == "gaps" and [g.kind for g in answer.gaps] == ["unowned"]


def test_ask_without_issue_suggests_questions(store, build):
    build.write()
    with pytest.raises(QuestionNotUnderstood) as err:
        ask(store, "Vem bestämmer i X?")
    assert err.value.suggestions and "X" in err.value.suggestions[0]
    assert parse_question(store, "Vem bestämmer i X?").jurisdiction == "x"
