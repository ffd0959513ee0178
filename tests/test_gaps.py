"""Each gap kind on a minimal graph, deferral cycles of any length, and the no-gap case."""

from __future__ import annotations

import pytest

from graph.errors import UnknownGapKind, UnknownJurisdiction
from queries import gaps


def kinds(store, **kw):
    return sorted((g.issue, g.kind, g.explicit) for g in gaps(store, **kw))


def test_owned_issue_has_no_gap(store, build):
    ks = build.org("kommunstyrelsen")
    build.claim(ks, "responsible_for", issue="integration", mode="leads", basis="decision")
    build.claim(
        build.org("socialforvaltningen", "administration"), "responsible_for", issue="integration", mode="executes"
    )
    build.write()
    assert kinds(store) == []


def test_stated_unowned(store, build):
    build.claim("x", "lacks", issue="settlement", what="owner")
    build.write()
    (gap,) = gaps(store)
    assert (gap.kind, gap.explicit, gap.severity) == ("unowned", True, 0.9)
    assert gap.evidence[0].quote == "x lacks settlement"


def test_inferred_unowned_is_weaker(store, build):
    office = build.org("kulturforvaltningen", "administration")
    build.claim(office, "responsible_for", issue="education", mode="executes")
    build.claim("x", "lacks", issue="education", what="plan")  # a sign of trouble beside the work
    build.write()
    (gap,) = gaps(store)
    assert (gap.kind, gap.explicit) == ("unowned", False) and gap.severity < 0.9


def test_a_board_at_work_and_disputing_an_issue_nobody_owns_is_the_evidence_of_unowned(store, build):
    board = build.org("socialnamnden")
    build.claim(board, "responsible_for", issue="education", mode="executes")
    build.claim(board, "disputes_responsibility", issue="education")
    build.write()
    (gap,) = gaps(store)
    assert (gap.kind, gap.explicit, gap.actors) == ("unowned", False, [board]) and gap.evidence


@pytest.mark.parametrize("sign", ["disputes_responsibility", "lacks"])
def test_a_sign_of_trouble_without_work_on_the_issue_infers_no_unowned_gap(store, build, sign):
    # a board refusing a task, or a missing plan, with nobody shown at work: the gold texts
    # flag no unowned issue from that alone (a dispute is a dispute, a lack its own claim)
    build.claim(build.org("socialnamnden"), sign, issue="education", **({"what": "plan"} if sign == "lacks" else {}))
    build.write()
    assert [g.kind for g in gaps(store)] == []


def test_deflected_dead_end(store, build):
    social, culture, ksf = (
        build.org("socialnamnden"),
        build.org("kulturforvaltningen", "administration"),
        build.org("kommunstyrelsens-forvaltning", "administration"),
    )
    for who in (social, culture):
        build.claim(who, "disputes_responsibility", issue="integration")
        build.claim(who, "defers_to", object=ksf, issue="integration")
    build.write()
    (gap,) = gaps(store)
    assert gap.kind == "deflected" and set(gap.actors) == {social, culture, ksf}
    assert len(gap.evidence) == 4


def test_deferral_accepted_by_owner_is_no_gap(store, build):
    social, ks = build.org("socialnamnden"), build.org("kommunstyrelsen")
    build.claim(social, "defers_to", object=ks, issue="integration")
    build.claim(ks, "responsible_for", issue="integration", mode="owns")
    build.write()
    assert kinds(store) == []


@pytest.mark.parametrize("length", [2, 3, 5])
def test_deferral_cycle_of_any_length(store, build, length):
    boards = [build.org(f"namnd-{i}") for i in range(length)]
    for a, b in zip(boards, boards[1:] + boards[:1], strict=True):
        build.claim(a, "defers_to", object=b, issue="integration")
    build.write()
    (gap,) = gaps(store)
    assert gap.kind == "deflected" and gap.actors == boards and len(gap.evidence) == length


def test_contested(store, build):
    # each board owns employment, and one of them says so itself
    a, b = build.org("kommunstyrelsen"), build.org("socialnamnden")
    build.claim(a, "responsible_for", issue="employment", mode="owns", attributed_to=a)
    build.claim(b, "responsible_for", issue="employment", mode="owns")
    build.write()
    assert kinds(store) == [("employment", "contested", True)]


def test_owners_a_text_names_side_by_side_are_no_contest(store, build):
    # "fullmäktige har antagit en policy; styrelsen har beslutat om riktlinjer": nobody claims
    # the issue for itself against the other (the gold files flag no contest from such texts)
    for who in (build.org("kommunfullmaktige"), build.org("kommunstyrelsen")):
        build.claim(who, "responsible_for", issue="employment", mode="owns")
    build.write()
    assert kinds(store) == []


def test_owner_and_its_own_unit_are_not_contested(store, build):
    ks, office = build.org("kommunstyrelsen"), build.org("kommunledningskontoret", "administration")
    build.claim(office, "part_of", object=ks)
    for who in (ks, office):
        build.claim(who, "responsible_for", issue="employment", mode="owns")
    build.write()
    assert kinds(store) == []


def test_stated_uncoordinated(store, build):
    build.claim(build.org("socialnamnden"), "responsible_for", issue="integration", mode="executes")
    build.claim("x", "lacks", issue="integration", what="coordination")
    build.write()
    assert kinds(store) == [("integration", "uncoordinated", True)]


def test_inferred_uncoordinated(store, build):
    for slug in ("socialnamnden", "utbildningsnamnden"):
        build.claim(build.org(slug), "responsible_for", issue="language_training", mode="executes")
    build.write()
    assert kinds(store) == [("language_training", "uncoordinated", False)]


def test_orphaned(store, build):
    contact = build.person("anna-berg", "Anna Berg")
    build.claim(contact, "responsible_for", issue="civil_society_cooperation", mode="coordinates", status="former")
    build.write()
    (gap,) = gaps(store)
    assert gap.kind == "orphaned" and gap.actors == [contact] and "Anna Berg" in gap.summary


def test_former_owner_with_successor_is_no_gap(store, build):
    build.claim(
        build.org("socialforvaltningen", "administration"),
        "responsible_for",
        issue="integration",
        mode="leads",
        status="former",
    )
    build.claim(build.org("kommunstyrelsen"), "responsible_for", issue="integration", mode="leads")
    build.write()
    assert kinds(store) == []


def test_nominal_owner_criticised(store, build):
    ks, auditors = build.org("kommunstyrelsen"), build.org("revisorerna")
    build.claim(ks, "responsible_for", issue="integration", mode="leads", basis="decision")
    build.claim(auditors, "criticises", object=ks, issue="integration")
    build.write()
    assert kinds(store) == [("integration", "nominal", True)]


def test_criticism_on_the_broader_issue_counts_against_the_owner_of_a_part(store, build):
    # "kommunstyrelsen har inte säkerställt att verksamheten bedrivs enligt lag", read as the
    # report's broader issue, while the board owns the part the report is about
    ks, auditors = build.org("kommunstyrelsen"), build.org("revisorerna")
    build.claim(ks, "responsible_for", issue="settlement", mode="leads")
    build.claim(auditors, "criticises", object=ks, issue="integration")
    build.write()
    assert ("settlement", "nominal", True) in kinds(store)


def test_nominal_owner_said_not_to_lead(store, build):
    ks = build.org("kommunstyrelsen")
    build.claim(ks, "responsible_for", issue="integration", mode="leads", basis="decision")
    build.claim(ks, "responsible_for", issue="integration", mode="leads", basis="practice", negated=True)
    build.write()
    assert kinds(store) == [("integration", "nominal", True)]


def test_failing_steering_is_the_designated_owner_on_paper_only(store, build):
    # "styrningen och ledningen har brustit": the owner does not exercise the role (nominal);
    # missing coordination would be nobody holding the parts together (uncoordinated)
    ks = build.org("kommunstyrelsen")
    build.claim(ks, "responsible_for", issue="integration", mode="owns")
    build.claim("x", "lacks", issue="integration", what="steering")
    build.write()
    (gap,) = gaps(store)
    assert (gap.kind, gap.actors) == ("nominal", [ks])


def test_failing_steering_with_no_body_named_falls_on_the_jurisdiction(store, build):
    build.claim("x", "lacks", issue="integration", what="steering")
    build.write()
    (gap,) = gaps(store)
    assert (gap.kind, gap.actors) == ("nominal", ["x"])


def test_an_unclear_mandate_of_an_owner_who_left_is_nominal_not_unowned(store, build):
    # "ytterst ansvarig var säkerhetschefen, som sa upp sig: en otydlighet kring mandat och
    # ansvar": someone was made owner and could not exercise it
    chief = build.person("lena-holm", "Lena Holm")
    build.claim(chief, "responsible_for", issue="integration", mode="owns", status="former")
    build.claim("x", "lacks", issue="integration", what="owner")
    build.write()
    assert kinds(store) == [("integration", "nominal", True), ("integration", "orphaned", True)]


def test_the_jurisdiction_once_coordinating_is_no_designated_owner(store, build):
    build.claim("x", "responsible_for", issue="integration", mode="owns", status="former")
    build.claim("x", "lacks", issue="integration", what="owner")
    build.write()
    assert ("integration", "unowned", True) in kinds(store)


def test_an_empty_post_is_orphaned_not_unowned(store, build):
    # "sedan i maj finns det ingen näringslivschef": the post holder left and nobody followed
    build.claim("x", "lacks", issue="integration", what="post")
    build.write()
    assert kinds(store) == [("integration", "orphaned", True)]


def test_filters_and_unknown_kind(store, build):
    build.claim("x", "lacks", issue="settlement", what="owner")
    build.claim("x", "lacks", issue="integration", what="coordination")
    build.write()
    assert kinds(store, kind="unowned") == [("settlement", "unowned", True)]
    assert kinds(store, issue="integration") == kinds(store)  # sub-issues included
    assert kinds(store, issue="settlement") == [("settlement", "unowned", True)]
    assert kinds(store, jurisdiction="X") == kinds(store)  # a name, resolved as every shell does
    with pytest.raises(UnknownJurisdiction):  # as from the CLI and the HTTP API, not an empty list
        gaps(store, jurisdiction="elsewhere")
    assert [g.kind for g in gaps(store, min_severity=0.8)] == ["unowned"]
    with pytest.raises(UnknownGapKind):
        gaps(store, kind="lost")


def test_rejected_claims_do_not_count(store, build):
    cid = build.claim("x", "lacks", issue="settlement", what="owner")
    build.write()
    store.conn.execute("INSERT INTO reviews VALUES (?, 'rejected', 'r', '', '2026-01-01')", (cid,))
    store._index = None
    assert kinds(store) == []
