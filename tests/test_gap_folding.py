"""Gap analysis refinements for precision: a sub-issue's gap folded into the same kind of gap
on its parent issue, units of one organisation counted as one doer, and an unowned issue
inferred only from the jurisdiction's own organisation at work beside a sign of trouble."""

from __future__ import annotations

from queries import gaps


def kinds(store, **kw):
    return sorted((g.issue, g.kind, g.explicit) for g in gaps(store, **kw))


def test_sub_issue_gap_of_the_same_kind_joins_the_parent_gap(store, build):
    build.claim("x", "lacks", issue="integration", what="coordination")
    build.claim("x", "lacks", issue="language_training", what="coordination")
    build.claim("x", "lacks", issue="employment", what="coordination")
    build.write()
    (gap,) = gaps(store)
    assert (gap.issue, gap.kind, gap.explicit) == ("integration", "uncoordinated", True)
    assert len(gap.evidence) == 3
    assert kinds(store, issue="language_training") == [("language_training", "uncoordinated", True)]


def test_stated_sub_issue_gap_makes_an_inferred_parent_gap_stated(store, build):
    build.claim(
        build.org("socialforvaltningen", "administration"), "responsible_for", issue="integration", mode="executes"
    )
    build.claim("x", "lacks", issue="integration", what="plan")  # a sign of trouble on the parent
    build.claim("x", "lacks", issue="settlement", what="owner")
    build.write()
    assert kinds(store) == [("integration", "unowned", True)]


def test_gaps_of_other_kinds_stay_apart(store, build):
    build.claim("x", "lacks", issue="integration", what="coordination")
    build.claim("x", "lacks", issue="settlement", what="owner")
    build.write()
    assert kinds(store) == [("integration", "uncoordinated", True), ("settlement", "unowned", True)]


def test_a_unit_and_its_board_are_one_doer(store, build):
    ks, office = build.org("kommunstyrelsen"), build.org("kommunledningskontoret", "administration")
    build.claim(office, "part_of", object=ks)
    for who in (ks, office):
        build.claim(who, "responsible_for", issue="antidiscrimination", mode="executes")
    build.claim("x", "lacks", issue="antidiscrimination", what="plan")
    build.write()
    assert kinds(store) == [("antidiscrimination", "unowned", False)]


def test_only_outside_actors_at_work_is_no_evidence_of_an_unowned_issue(store, build):
    from graph.model import Entity

    build.entities["x/grannskap"] = Entity(
        id="x/grannskap", name="Föreningen Grannskap", type="civil_society", jurisdiction="x"
    )
    build.claim("x/grannskap", "responsible_for", issue="language_training", mode="supports")
    build.write()
    assert kinds(store) == []


def test_the_states_agencies_are_its_own_organisation(store, build):
    from graph.model import Entity

    build.jurisdiction = "sverige"
    build.entities["org/verket"] = Entity(id="org/verket", name="Verket", type="agency")
    build.claim("org/verket", "responsible_for", issue="employment", mode="executes")
    build.claim("org/verket", "disputes_responsibility", issue="employment")
    build.write()
    assert kinds(store) == [("employment", "unowned", False)]


def test_work_shown_with_nothing_amiss_is_no_evidence_of_an_unowned_issue(store, build):
    # the gold files flag no gap where a text only shows a body at work: an unowned issue is
    # inferred only beside a sign of trouble (a lack, a dispute, a deferral, a former owner, criticism)
    build.claim(
        build.org("socialforvaltningen", "administration"), "responsible_for", issue="settlement", mode="executes"
    )
    build.write()
    assert kinds(store) == []


def test_the_body_that_decided_an_assignment_is_no_rival(store, build):
    from graph.model import Claim, Evidence

    kf, ks = build.org("kommunfullmaktige"), build.org("kommunstyrelsen")
    said = Evidence(
        document="d1", start=0, end=60, quote="Fullmäktige beslutade att styrelsen har ansvaret för frågan."
    )
    build.claims += [
        Claim(
            subject=kf,
            predicate="responsible_for",
            issue="integration",
            mode="owns",
            basis="decision",
            jurisdiction="x",
            evidence=[said],
        ),
        Claim(
            subject=ks,
            predicate="responsible_for",
            issue="integration",
            mode="owns",
            basis="statement",
            jurisdiction="x",
            evidence=[said],
        ),
    ]
    build.write()
    assert kinds(store) == []
    # a body that says, in a sentence of its own, that it owns it does contest it
    other = build.org("socialnamnden")
    build.claims.append(
        Claim(
            subject=other,
            predicate="responsible_for",
            issue="integration",
            mode="owns",
            jurisdiction="x",
            attributed_to=other,
            evidence=[Evidence(document="d1", start=70, end=99, quote="nämnden")],
        )
    )
    build.write()
    assert kinds(store) == [("integration", "contested", True)]


def test_an_audited_body_answers_for_the_issue_so_nothing_is_inferred_unowned(store, build):
    board = build.org("socialnamnden")
    build.claim(
        build.org("socialforvaltningen", "administration"), "responsible_for", issue="settlement", mode="executes"
    )
    build.claim("x", "lacks", issue="settlement", what="plan")  # a sign of trouble, which alone would infer it
    build.claim(build.org("revisorerna"), "audits", object=board, issue="settlement")
    build.write()
    assert kinds(store) == []
