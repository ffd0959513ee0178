"""The Swedish prose extractor on small invented texts: one test per rule family, people,
coreference, section scoping and metadata.

Every text here is written for these tests (fictional people, real municipalities that the
shared corpus is not about), so the rules are checked on sentences they were not built from.
"""

from __future__ import annotations

import pytest

from loaders.extract import Extraction, extract


def run(text: str, **kw) -> Extraction:
    return extract(text, doc_id="test", **kw)


def triples(ex: Extraction) -> set[tuple]:
    """(predicate, subject, object) of every claim."""
    return {(c.predicate, c.subject, c.object) for c in ex.claims}


def facts(ex: Extraction, predicate: str | None = None) -> set[tuple]:
    """(predicate, subject, object, issue, negated) of every claim (of one predicate)."""
    return {
        (c.predicate, c.subject, c.object, c.issue, c.negated)
        for c in ex.claims
        if predicate is None or c.predicate == predicate
    }


def claim(ex: Extraction, predicate: str, subject: str, issue: str | None = None):
    found = [
        c
        for c in ex.claims
        if c.predicate == predicate and c.subject == subject and (issue is None or c.issue == issue)
    ]
    assert found, f"no {predicate} of {subject} in {sorted(facts(ex))}"
    return found[0]


# ---------------------------------------------------------------- responsible_for


def test_owns_by_statement():
    ex = run("Ansvar i Mora\n\nKommunstyrelsen i Mora har det övergripande ansvaret för integrationen.")
    c = claim(ex, "responsible_for", "mora/kommunstyrelsen", "integration")
    assert (c.mode, c.basis, c.status, c.negated) == ("owns", "statement", "current", False)


def test_assignment_and_coordination_modes():
    ex = run("Mottagandet i Ystad\n\nArbetsmarknadsenheten i Ystad fick till uppgift att samordna etableringen.")
    modes = {c.mode for c in ex.claims if c.subject == "ystad/arbetsmarknadsenheten" and c.issue == "employment"}
    assert "coordinates" in modes
    assert any(c.basis == "decision" for c in ex.claims if c.subject == "ystad/arbetsmarknadsenheten")


def test_decision_gives_owner_with_basis_decision():
    ex = run("Nytt i Ystad\n\nKommunfullmäktige i Ystad beslutade att socialnämnden ska ansvara för bosättningen.")
    decider = claim(ex, "responsible_for", "ystad/kommunfullmaktige", "settlement")
    assert (decider.mode, decider.basis) == ("owns", "decision")
    assert claim(ex, "responsible_for", "ystad/socialnamnden", "settlement")


def test_led_by_and_provides():
    ex = run(
        "Språk i Ystad\n\nSpråkcaféet drivs under ledning av Röda Korset. "
        "Folkbiblioteket i Ystad tillhandahåller svenskundervisning."
    )
    assert claim(ex, "responsible_for", "org/roda-korset", "language_training").mode == "leads"
    assert claim(ex, "responsible_for", "ystad/folkbiblioteket", "language_training").mode == "executes"


def test_former_status_and_adverb_between_verb_and_preposition():
    ex = run(
        "Etablering i Mora\n\nTidigare ansvarade arbetsmarknadsenheten för etableringen. "
        "Sedan 2019 är kommunstyrelsen ansvarig för bosättningen."
    )
    assert claim(ex, "responsible_for", "mora/arbetsmarknadsenheten", "employment").status == "former"
    assert claim(ex, "responsible_for", "mora/kommunstyrelsen", "settlement").status == "current"


def test_negation_between_verb_and_preposition():
    ex = run("Etablering i Mora\n\nSocialförvaltningen i Mora ansvarar inte för etableringen.")
    c = claim(ex, "responsible_for", "mora/socialforvaltningen", "employment")
    assert c.negated is True


@pytest.mark.parametrize(
    "sentence",
    [
        "Ansvaret för bosättningen har delegerats till socialnämnden i Mora.",  # passive
        "Kommunstyrelsen i Mora överlämnade ansvaret för bosättningen till socialnämnden.",  # active
    ],
)
def test_responsibility_handed_to_a_body(sentence):
    ex = run("Bosättning i Mora\n\n" + sentence)
    c = claim(ex, "responsible_for", "mora/socialnamnden", "settlement")
    assert (c.mode, c.basis) == ("owns", "decision")
    assert c.evidence[0].rule == "responsible.transferred"


def test_work_done_by_an_agent_in_the_passive():
    ex = run("Samhällsorientering i Mora\n\nI Mora sköts samhällsorienteringen av vuxenutbildningen.")
    c = claim(ex, "responsible_for", "mora/vuxenutbildningen", "integration")
    assert (c.mode, c.basis) == ("executes", "practice")


def test_star_for_needs_an_actor_before_and_an_issue_after():
    ex = run(
        "Språk i Mora\n\nI Mora är det arbetsmarknadsenheten som står för svenskundervisningen. "
        "SFI står för svenska för invandrare."
    )
    assert {(s, i) for _, s, _, i, _ in facts(ex, "responsible_for")} == {
        ("mora/arbetsmarknadsenheten", "language_training")
    }


def test_coordinated_verbs_keep_their_own_issues():
    # "ska samordna X och ansvara för Y": Y is the second verb's issue, not the first's
    ex = run(
        "Språk i Mora\n\nSocialförvaltningen i Mora ska samordna insatserna för nyanlända och ansvara "
        "för SFI. Integrationen är viktig för kommunen."
    )
    modes = {(c.mode, c.issue) for c in ex.claims if c.subject == "mora/socialforvaltningen"}
    assert ("owns", "language_training") in modes
    assert ("coordinates", "language_training") not in modes


def test_an_anaphoric_noun_refers_to_the_last_body_with_its_head():
    ex = run(
        "Ny organisation i Falun\n\nIntegrationsenheten i Falun flyttas från socialförvaltningen till "
        "kommunledningsförvaltningen. Enheten ska samordna integrationen."
    )
    assert claim(ex, "responsible_for", "falun/integrationsenheten", "integration").mode == "coordinates"


@pytest.mark.parametrize(("noun", "owner"), [("Kommunen", "mora"), ("Regionen", "dalarna"), ("Landstinget", "dalarna")])
def test_a_jurisdiction_noun_is_the_place_in_scope_or_its_region(noun, owner):
    """ "Kommunen" is the municipality the text is about; "regionen" and "landstinget" (the
    region's name before 2019) the region it lies in (organisations.yaml region_nouns)."""
    ex = run(f"{noun} ansvarar för integrationen.", default_jurisdiction="mora")
    assert claim(ex, "responsible_for", owner, "integration")


@pytest.mark.parametrize(
    "sentence",
    [
        "Kommunstyrelsen i Mora uppdrar åt socialnämnden att utreda bosättningen.",
        "Kommunstyrelsen i Mora ger socialnämnden i uppdrag att utreda bosättningen.",
    ],
)
def test_a_board_commissions_another(sentence):
    ex = run("Beslut i Mora\n\n" + sentence)
    c = claim(ex, "responsible_for", "mora/socialnamnden", "settlement")
    assert (c.mode, c.basis) == ("executes", "decision")


def test_gapped_clauses_each_give_their_owner():
    ex = run(
        "Ansvar i Mora\n\nSocialnämnden i Mora ansvarar för bosättningen, utbildningsnämnden för SFI och "
        "kulturnämnden för språkcaféerna."
    )
    owners = {(c.subject, c.issue) for c in ex.claims if c.predicate == "responsible_for"}
    assert owners == {
        ("mora/socialnamnden", "settlement"),
        ("mora/utbildningsnamnden", "language_training"),
        ("mora/kulturnamnden", "language_training"),
    }


def test_huvudman_is_an_owner():
    ex = run("Mottagande i Mora\n\nKommunstyrelsen i Mora är huvudman för flyktingmottagandet.")
    assert claim(ex, "responsible_for", "mora/kommunstyrelsen", "refugee_reception").mode == "owns"


def test_responsibility_lies_with_the_body_named_after_the_trigger():
    ex = run(
        "Integration i Mora\n\nPer Lind är socialchef i Mora. Han menar att ansvaret för integrationen "
        "ligger hos kulturnämnden."
    )
    c = claim(ex, "responsible_for", "mora/kulturnamnden", "integration")
    assert c.attributed_to == "person/per-lind"
    assert not [
        c for c in ex.claims if c.predicate == "responsible_for" and c.subject == "person/per-lind" and c.mode == "owns"
    ]


@pytest.mark.parametrize(
    "sentence, subject, issue, mode",
    [
        (
            "Sedan 2019 samordnar kommunstyrelsen i Mora integrationsarbetet.",
            "mora/kommunstyrelsen",
            "integration",
            "coordinates",
        ),  # V2: the subject after the verb
        ("I dag leder kommunstyrelsen i Mora integrationsarbetet.", "mora/kommunstyrelsen", "integration", "leads"),
        ("Integrationen i Mora samordnas av kommunstyrelsen.", "mora/kommunstyrelsen", "integration", "coordinates"),
        ("Numera leds integrationsarbetet i Mora av kommunstyrelsen.", "mora/kommunstyrelsen", "integration", "leads"),
        (
            "Fram till dess ligger ansvaret för integrationen kvar hos kommunstyrelsen i Mora.",
            "mora/kommunstyrelsen",
            "integration",
            "owns",
        ),
        ("Integrationen är kommunstyrelsens ansvar i Mora.", "mora/kommunstyrelsen", "integration", "owns"),
        (
            "Socialförvaltningen i Mora har hand om bosättningen av nyanlända.",
            "mora/socialforvaltningen",
            "settlement",
            "executes",
        ),
        (
            "Socialnämnden i Mora får huvudansvaret för flyktingmottagandet.",
            "mora/socialnamnden",
            "refugee_reception",
            "owns",
        ),
        ("Det är kommunstyrelsen i Mora som äger integrationsfrågan.", "mora/kommunstyrelsen", "integration", "owns"),
        (
            "Socialtjänsten i Mora ansvarar för mottagandet av ensamkommande.",
            "mora/socialtjansten",
            "unaccompanied_minors",
            "owns",
        ),
        (
            "Kommunstyrelsen i Mora, som ansvarar för integrationen, har inte agerat.",
            "mora/kommunstyrelsen",
            "integration",
            "owns",
        ),  # a relative clause set off by commas
        (
            "Arbetsmarknadsenheten i Mora, som tillhör socialnämnden, ansvarar för etableringen.",
            "mora/arbetsmarknadsenheten",
            "employment",
            "owns",
        ),  # the head, not the body in the clause
    ],
)
def test_everyday_word_orders_and_phrasings(sentence, subject, issue, mode):
    ex = run("Integration i Mora\n\n" + sentence)
    assert claim(ex, "responsible_for", subject, issue).mode == mode
    assert {c.subject for c in ex.claims if c.predicate == "responsible_for"} == {subject}


# ---------------------------------------------------------------- defers, disputes, lacks


def test_coordinated_subjects_dispute_and_defer():
    ex = run(
        "Oklart ansvar i Ystad\n\nBåde socialnämnden och kultur- och fritidsnämnden i Ystad ifrågasätter om "
        "ansvaret för integrationen verkligen är deras. Enligt dem borde den frågan hanteras "
        "av kommunstyrelsen."
    )
    disputes = facts(ex, "disputes_responsibility")
    assert {s for _, s, _, _, _ in disputes} == {"ystad/socialnamnden", "ystad/kultur-och-fritidsnamnden"}
    defers = {(s, o) for _, s, o, _, _ in facts(ex, "defers_to")}
    assert defers == {
        ("ystad/socialnamnden", "ystad/kommunstyrelsen"),
        ("ystad/kultur-och-fritidsnamnden", "ystad/kommunstyrelsen"),
    }
    assert all(c.attributed_to == c.subject for c in ex.claims if c.predicate == "defers_to")


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("Socialnämnden i Mora anser att kommunstyrelsen bör ansvara för integrationen.", "mora/socialnamnden"),
        (
            "Enligt socialchef Anna Berg är det kommunstyrelsen i Mora som borde hantera integrationen.",
            "person/anna-berg",
        ),
        ("Anna Berg säger att integrationen i Mora borde lösas av kommunstyrelsen.", "person/anna-berg"),
    ],
)
def test_a_speaker_who_says_another_should_carry_it_defers(sentence, speaker):
    ex = run("Integration i Mora\n\n" + sentence)
    assert ("defers_to", speaker, "mora/kommunstyrelsen", "integration", False) in facts(ex)


def test_without_a_speaker_should_is_no_deferral():
    ex = run("Integration i Mora\n\nKommunstyrelsen i Mora bör ansvara för integrationen.")
    assert not facts(ex, "defers_to")


def test_a_possessive_pronoun_is_no_subject():
    # "deras" determines "uppdrag"; the body that points elsewhere is the clause's subject,
    # not the group of the sentence before
    ex = run(
        "Språk i Ystad\n\nSpråkcaféet på stadsbiblioteket i Ystad har stängt. Kulturförvaltningen säger att "
        "svenskundervisningen aldrig var deras uppdrag, och hänvisar till arbetsmarknadsenheten."
    )
    assert {s for _, s, _, _, _ in facts(ex, "defers_to")} == {"ystad/kulturforvaltningen"}
    assert {s for _, s, _, _, _ in facts(ex, "disputes_responsibility")} == {"ystad/kulturforvaltningen"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Socialnämnden och kommunstyrelsen i Ystad hänvisar till varandra i frågan om integrationen.",
        "Socialnämnden och kommunstyrelsen i Ystad pekar på varandra när det gäller integrationen.",
    ],
)
def test_bodies_pointing_at_each_other_defer_both_ways(sentence):
    ex = run("Ansvar i Ystad\n\n" + sentence)
    assert {(s, o) for _, s, o, _, _ in facts(ex, "defers_to")} == {
        ("ystad/socialnamnden", "ystad/kommunstyrelsen"),
        ("ystad/kommunstyrelsen", "ystad/socialnamnden"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Enligt socialnämnden bör integrationen hanteras av kommunstyrelsen.",  # V2 inversion
        "Socialnämnden hänvisar till kommunstyrelsen när det gäller integrationen.",
    ],
)
def test_defers_to_forms(sentence):
    ex = run("Ansvar i Ystad\n\n" + sentence)
    assert ("defers_to", "ystad/socialnamnden", "ystad/kommunstyrelsen", "integration", False) in facts(ex)


def test_lacks_with_what_and_attribution():
    ex = run(
        "Bosättning i Ystad\n\nPer Lind, ordförande i socialnämnden i Ystad, menar att det saknas en plan "
        "för bosättningen."
    )
    c = claim(ex, "lacks", "ystad", "settlement")
    assert c.what == "plan" and c.attributed_to == "person/per-lind"  # the person, not the body in the title


@pytest.mark.parametrize(
    "sentence",
    [
        "Än så länge är det oklart vem som ansvarar för integrationen.",
        "Vem som ska leda integrationsarbetet framöver är fortfarande oklart.",
    ],
)
def test_unclear_owner(sentence):
    ex = run("Integration i Mora\n\nMora kommun har många nya invånare. " + sentence)
    assert claim(ex, "lacks", "mora", "integration").what == "owner"


@pytest.mark.parametrize(
    "sentence",
    [
        "Ingen tar ansvar för integrationen.",
        "Ingen förvaltning har tagit på sig ansvaret för integrationen.",
        "Ingen i kommunen har i dag ett uppdrag att samordna integrationen.",
    ],
)
def test_nobody_takes_responsibility(sentence):
    ex = run("Integration i Mora\n\nMora kommun har många nya invånare. " + sentence)
    assert claim(ex, "lacks", "mora", "integration").what == "owner"
    # "ingen" is no actor: the municipality is not said to take (or not take) the responsibility
    assert not facts(ex, "responsible_for")


def test_an_unclear_division_of_responsibility_is_a_gap_not_a_division():
    ex = run(
        "Uppföljning i Mora\n\nVi bedömer att ansvarsfördelningen mellan kommunstyrelsen och socialnämnden "
        "i Mora fortfarande är otydlig när det gäller integrationen."
    )
    assert claim(ex, "lacks", "mora", "integration").what == "owner"
    assert not facts(ex, "responsible_for")


@pytest.mark.parametrize(
    "sentence, what",
    [
        ("Samordningen av integrationsarbetet i Mora har inte fungerat.", "coordination"),
        ("Förvaltningarna i Mora gör sin del utan att någon samordnar integrationsarbetet.", "coordination"),
        ("Ingen i Mora vet riktigt vem som äger integrationsfrågan.", "owner"),
        ("Det är oklart om det är socialnämnden eller kommunstyrelsen i Mora som ska leda integrationen.", "owner"),
        ("Sedan dess är det ingen i Mora som har ansvar för integrationsarbetet.", "owner"),
        ("Uppföljningen av integrationsprogrammet i Mora är bristfällig.", "follow_up"),
        ("Ingen i Mora följer upp insatserna för integrationen.", "follow_up"),
        ("Tjänsten som integrationssamordnare i Mora har varit vakant sedan hösten 2019.", "post"),
        ("Sedan i maj finns det ingen integrationschef i Mora.", "post"),
        ("Mora kommer inte att rekrytera någon ny integrationssamordnare.", "post"),
        ("Förvaltningarna i Mora har arbetat med integrationen utan samordning.", "coordination"),
        ("Integrationsarbetet i Mora har inte fungerat eftersom styrningen och ledningen har brustit.", "steering"),
        ("Integrationen i Mora har inte haft en tillfredsställande ledning.", "steering"),
    ],
)
def test_more_ways_of_saying_something_is_missing(sentence, what):
    ex = run("Integration i Mora\n\n" + sentence)
    assert claim(ex, "lacks", "mora", "integration").what == what


def test_declining_a_responsibility_is_a_dispute_not_a_claim_to_lead():
    ex = run(
        "Integration i Mora\n\nKommunstyrelsens ordförande uppger att kommunstyrelsen i Mora inte ser det "
        "som sitt ansvar att leda integrationsarbetet."
    )
    assert ("disputes_responsibility", "mora/kommunstyrelsen", None, "integration", False) in facts(ex)
    assert not facts(ex, "responsible_for")


def test_a_plans_responsibility_lines():
    ex = run(
        "Handlingsplan för etablering i Mora\n\nMål 1: Fler nyanlända i arbete och etablering. Ansvarig: "
        "arbetsmarknadsnämnden. Medverkande: socialnämnden och Arbetsförmedlingen."
    )
    modes = {(c.subject, c.mode) for c in ex.claims if c.predicate == "responsible_for"}
    assert modes == {
        ("mora/arbetsmarknadsnamnden", "owns"),
        ("mora/socialnamnden", "supports"),
        ("org/arbetsformedlingen", "supports"),
    }


def test_missing_coordination():
    ex = run("Språk i Lund\n\nDet saknas en samordning av svenskundervisningen i Lunds kommun.")
    assert claim(ex, "lacks", "lund", "language_training").what == "coordination"


# ---------------------------------------------------------------- criticism, audits, collaboration


def test_the_firm_that_carried_out_a_review_audits():
    ex = run(
        "Revisionsskrivelse om integrationen i Mora\n\nRevisorerna i Mora har följt upp granskningen av "
        "integrationen. Uppföljningen har genomförts av EY."
    )
    assert ex.document.kind == "audit_memo"
    assert ("audits", "org/ey", "mora", "integration", False) in facts(ex)


def test_audit_commissioned_and_criticism():
    ex = run(
        "Granskning av integrationsarbetet i Mora\n\nPå uppdrag av de förtroendevalda revisorerna i Mora "
        "kommun har Revisionskraft AB granskat kommunstyrelsens arbete med integrationen. Kommunstyrelsen "
        "får kritik för hur den leder arbetet med etableringen. Revisorerna ser brister i socialnämndens "
        "uppföljning av försörjningsstödet."
    )
    assert ex.document.kind == "audit_report"
    audits = {(s, o) for _, s, o, _, _ in facts(ex, "audits")}
    assert ("org/revisionskraft-ab", "mora/kommunstyrelsen") in audits and ("mora/revisorerna", "mora") in audits
    criticised = {(s, o, i) for _, s, o, i, _ in facts(ex, "criticises")}
    assert ("mora/revisorerna", "mora/kommunstyrelsen", "employment") in criticised
    assert ("mora/revisorerna", "mora/socialnamnden", "economic_assistance") in criticised
    types = {e.id: e.type for e in ex.entities}
    assert types["org/revisionskraft-ab"] == "company" and types["mora/revisorerna"] == "board"


def test_collaboration():
    ex = run("Läxhjälp i Ystad\n\nYstads kommun samarbetar med Svenska kyrkan kring svenskundervisningen.")
    assert ("collaborates_with", "ystad", "org/svenska-kyrkan", "language_training", False) in facts(ex)


# ---------------------------------------------------------------- people, roles, coreference


def test_a_title_of_an_organisation_in_apposition_after_a_name():
    ex = run(
        "Integration i Kumla\n\n– Vi har många aktörer, säger Lars Nilsson (S), kommunstyrelsens ordförande.\n\n"
        "– Det går bra, säger Eva Ek, socialnämndens ordförande i Kumla."
    )
    people = {e.id: e for e in ex.entities if e.type == "person"}
    assert (people["person/lars-nilsson"].role, people["person/lars-nilsson"].affiliation) == (
        "ordförande",
        "kumla/kommunstyrelsen",
    )
    assert people["person/eva-ek"].affiliation == "kumla/socialnamnden"
    assert ("holds_role", "person/eva-ek", "kumla/socialnamnden", None, False) in facts(ex)


def test_people_patterns_give_roles_and_affiliations():
    ex = run(
        "Mötesanteckningar\n\nNils Berg från Länsstyrelsen i Skåne och Sara Ek på Migrationsverket deltog. "
        "Omar Said, verksamhetschef vid Arbetsförmedlingen, berättade om etableringen."
    )
    people = {e.id: e for e in ex.entities if e.type == "person"}
    assert people["person/nils-berg"].affiliation == "org/lansstyrelsen-skane-lan"
    assert people["person/sara-ek"].affiliation == "org/migrationsverket"
    assert people["person/omar-said"].role == "verksamhetschef"
    assert ("holds_role", "person/omar-said", "org/arbetsformedlingen", None, False) in facts(ex)


def test_title_before_name_and_x_ar_ordforande_i_y():
    ex = run(
        "Integration i Mora\n\nLena Holm är integrationssamordnare på kommunledningskontoret i Mora. "
        "Erik Dahl, ordförande i Röda Korsets Moraskrets, var där."
    )
    people = {e.id: e for e in ex.entities if e.type == "person"}
    assert people["person/lena-holm"].affiliation == "mora/kommunledningskontoret"
    assert people["person/erik-dahl"].role == "ordförande"
    coordinator = claim(ex, "responsible_for", "person/lena-holm")
    assert coordinator.mode == "coordinates"


def test_genitive_organisation_before_a_title_is_the_affiliation():
    ex = run("Integration i Mora\n\nSocialförvaltningens direktör Mats Ek berättade om mottagandet i Mora.")
    assert ("holds_role", "person/mats-ek", "mora/socialforvaltningen", None, False) in facts(ex)


@pytest.mark.parametrize("left", ["har bytt jobb", "har gått i pension", "slutade i våras"])
def test_ways_of_leaving_a_post(left):
    ex = run(f"Integration i Mora\n\nIntegrationssamordnaren Karl Nilsson {left} och ingen ersättare har utsetts.")
    assert claim(ex, "responsible_for", "person/karl-nilsson", "integration").status == "former"


def test_a_coordinator_who_left_held_the_responsibility_formerly():
    ex = run(
        "Integration i Mora\n\nIntegrationssamordnaren Karl Nilsson slutade i våras och tjänsten är vakant. "
        "Projektledaren Eva Lund leder arbetet med etableringen."
    )
    c = claim(ex, "responsible_for", "person/karl-nilsson", "integration")
    assert (c.mode, c.status) == ("coordinates", "former")
    assert "slutade" in c.evidence[0].quote


def test_surname_coreference_for_attribution():
    ex = run(
        "Språk i Lund\n\nKarin Sjövall är integrationssamordnare i Lunds kommun. "
        "Det saknas en samordning av svenskundervisningen, säger Sjövall."
    )
    assert claim(ex, "lacks", "lund", "language_training").attributed_to == "person/karin-sjovall"
    assert [e.id for e in ex.entities if e.type == "person"] == ["person/karin-sjovall"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Erik Lind säger att socialnämnden i Kalmar ansvarar för integrationen.",
        "Socialchefen Erik Lind menar att socialnämnden i Kalmar ansvarar för integrationen.",
        "Socialnämnden i Kalmar ansvarar för integrationen, säger socialchefen Erik Lind.",
    ],
)
def test_the_speaker_is_who_says_it_not_what_is_said_about(sentence):
    ex = run("Integration i Kalmar\n\n" + sentence)
    assert claim(ex, "responsible_for", "kalmar/socialnamnden", "integration").attributed_to == "person/erik-lind"


@pytest.mark.parametrize(
    "sentence",
    [
        "Socialnämndens ordförande Eva Ek menar att kommunstyrelsen i Växjö ansvarar för integrationen, säger hon.",
        "Eva Ek (S) säger att kommunstyrelsen i Växjö ansvarar för integrationen.",
        "Eva Ek (S), ordförande i socialnämnden i Växjö, menar att kommunstyrelsen ansvarar för integrationen.",
    ],
)
def test_speakers_named_by_pronoun_or_with_a_party_marker(sentence):
    ex = run("Integration i Växjö\n\n" + sentence)
    assert claim(ex, "responsible_for", "vaxjo/kommunstyrelsen", "integration").attributed_to == "person/eva-ek"


def test_a_party_marker_does_not_hide_the_title():
    ex = run(
        "Integration i Växjö\n\nEnligt Eva Ek (M), ordförande i utbildningsnämnden i Växjö, har "
        "kommunstyrelsen ansvaret för integrationen."
    )
    assert ("holds_role", "person/eva-ek", "vaxjo/utbildningsnamnden", None, False) in facts(ex)


def test_local_chapter_is_linked_to_its_national_organisation():
    ex = run("Språk i Ystad\n\nRädda Barnen i Ystad bedriver språkcaféer.")
    assert ("part_of", "ystad/radda-barnen", "org/radda-barnen", None, False) in facts(ex)
    assert claim(ex, "responsible_for", "ystad/radda-barnen", "language_training").mode == "supports"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Föreningen Solkatten driver läxhjälp i Ystad.", "föreningen solkatten"),  # written as its name
        # a lower-case head describes the name ("organisationen Ge Rasismen Rött Kort" is
        # Ge Rasismen Rött Kort in the gold files)
        ("I Ystad driver föreningen Solkatten läxhjälp.", "solkatten"),
    ],
)
def test_an_association_named_after_its_head_noun(text, name):
    ex = run("Läxhjälp i Ystad\n\n" + text)
    named = {e.name.lower(): e.type for e in ex.entities}
    assert named.get(name) == "civil_society", named


def test_an_association_named_by_an_adjective_and_its_place():
    ex = run(
        "Föreningar i Växjö\n\nSomaliska föreningen i Växjö kritiserar socialnämnden för integrationsarbetet. "
        "Nya föreningen har startat."
    )
    named = {e.name: e.type for e in ex.entities if e.type == "civil_society"}
    assert named == {"Somaliska föreningen": "civil_society"}  # "Nya" opens a sentence, names nothing
    assert ("criticises", "org/somaliska-foreningen", "vaxjo/socialnamnden", "integration", False) in facts(ex)


def test_an_all_capitals_heading_is_no_association():
    ex = run("FÖRENINGEN OCH KOMMUNEN I YSTAD\n\nKommunen i Ystad samarbetar med föreningarna.")
    assert not [e for e in ex.entities if e.type == "civil_society"]


@pytest.mark.parametrize(
    "text, fact",
    [
        (
            "Språk i Lund\n\nSpråkcaféet drivs av Röda Korset i Lund.",
            ("responsible_for", "lund/roda-korset", None, "language_training", False),
        ),
        (
            "Bosättning\n\nKommunerna ansvarar för SFI.",  # no place named: the country's municipalities
            ("responsible_for", "sverige/kommunerna", None, "language_training", False),
        ),
        (
            "Mottagande i Dalarna\n\nKommunerna i Dalarnas län ansvarar för flyktingmottagandet.",
            ("responsible_for", "dalarna/kommunerna", None, "refugee_reception", False),
        ),
        (
            "Granskning\n\nEnligt Riksrevisionen ansvarar kommunerna för SFI.",
            ("responsible_for", "sverige/kommunerna", None, "language_training", False),
        ),
        (
            "Integration i Mora\n\nAnsvaret för integrationen i Mora faller ofta mellan stolarna.",
            ("lacks", "mora", None, "integration", False),
        ),
        (
            "Integration i Mora\n\nSocialnämnden i Mora har ingen plan för integrationen.",
            ("lacks", "mora/socialnamnden", None, "integration", False),
        ),
        (
            "Civilsamhället i Mora\n\nSakrådet med civilsamhället i Mora har inte sammanträtt sedan 2019.",
            ("lacks", "mora", None, "civil_society_cooperation", False),
        ),
        (
            "Integration i Mora\n\nKommunen i Mora har tecknat ett idéburet offentligt partnerskap med Röda Korset.",
            ("collaborates_with", "mora", "org/roda-korset", "civil_society_cooperation", False),
        ),
        (
            "Språk i Mora\n\nMora kommun har sedan 2019 ett samarbete med Rädda Barnen om språkcaféer.",
            ("collaborates_with", "mora", "org/radda-barnen", "language_training", False),
        ),
        (
            "Integration i Mora\n\nÖverenskommelsen mellan Röda Korset och Mora kommun gäller integrationen.",
            ("collaborates_with", "org/roda-korset", "mora", "integration", False),
        ),
        (
            "Strategi i Skåne\n\nRegionfullmäktige i Region Skåne antog i juni 2022 en regional strategi för integration.",
            ("responsible_for", "skane/regionfullmaktige", None, "integration", False),
        ),
        (
            "Granskning\n\nRiksrevisionen har granskat Arbetsförmedlingens arbete med etableringen.",
            ("audits", "org/riksrevisionen", "org/arbetsformedlingen", "employment", False),
        ),
    ],
)
def test_regional_national_and_civil_society_phrasings(text, fact):
    assert fact in facts(run(text))


@pytest.mark.parametrize(
    "text, predicate",
    [
        (
            "Etablering i Vännäs\n\nVi hänvisas till en kundtjänst på Arbetsförmedlingen, säger Petra Ek i Vännäs.",
            "defers_to",
        ),  # a passive "hänvisas" is a complaint, not a deferral
        (
            "Integration i Skåne\n\nDet saknas en tydlig ansvarsfördelning mellan Region Skåne och kommunerna.",
            "responsible_for",
        ),  # the division a text says is missing is no division
    ],
)
def test_phrasings_that_give_no_claim_of_a_kind(text, predicate):
    assert not facts(run(text), predicate)


def test_a_place_in_a_newspapers_name_is_not_the_place_written_about():
    ex = run(
        "Språkcafé i Varberg\n\nHallands Nyheter 12 mars 2024\n\nSocialförvaltningen ansvarar för "
        "språkcaféet i Varberg."
    )
    assert ex.document.jurisdictions == ["varberg"]
    assert claim(ex, "responsible_for", "varberg/socialforvaltningen", "language_training")


def test_a_body_saying_it_is_not_its_responsibility_disputes_it():
    ex = run(
        "Bosättning i Mora\n\nSocialnämnden i Mora menar att bosättningen inte är nämndens ansvar och "
        "hänvisar till kommunstyrelsen."
    )
    assert ("disputes_responsibility", "mora/socialnamnden", None, "settlement", False) in facts(ex)
    assert ("defers_to", "mora/socialnamnden", "mora/kommunstyrelsen", "settlement", False) in facts(ex)
    assert not [c for c in ex.claims if c.predicate == "responsible_for" and c.subject == "mora/kommunstyrelsen"]


@pytest.mark.parametrize(
    "text, predicate",
    [
        (
            "Integration i Mora\n\nOppositionen vill att kommunen i Mora inrättar en tjänst med uppdrag att samordna "
            "integrationen.",
            "responsible_for",
        ),  # wished, not stated
        (
            "Integration i Mora\n\nDet är viktigt att alla nämnder i Mora tar ansvar för integrationen.",
            "responsible_for",
        ),
        (
            "Granskning i Mora\n\nRevisorerna har granskat hur kommunstyrelsen och socialnämnden i Mora styr, samordnar "
            "och följer upp integrationsarbetet.",
            "responsible_for",
        ),  # what the audit examines
        (
            "Granskning i Mora\n\nVi rekommenderar socialnämnden i Mora att tillsammans med kommunstyrelsen återuppta "
            "dialogen med civilsamhället.",
            "collaborates_with",
        ),
        ("Bosättning i Mora\n\nAnna Holm håller inte med om att planen för bosättning i Mora saknas.", "lacks"),
        (
            "Språk i Mora\n\nVi stöttar gärna språkcaféet i Mora, men vi kan inte bära ansvaret, säger Eva Ek på "
            "Röda Korset.",
            "responsible_for",
        ),  # an offer
        (
            "Integration i Mora\n\nKommunen i Mora hänvisar ofta personer till Röda Korset när det gäller integrationen.",
            "defers_to",
        ),  # sending people is no deferral
        (
            "Granskning i Mora\n\nRevisorerna i Mora har granskat integrationen. Vi har inte granskat undervisningens "
            "kvalitet.",
            "audits_negated",
        ),
    ],
)
def test_sentences_that_state_no_such_claim(text, predicate):
    ex = run(text)
    if predicate == "audits_negated":
        assert not [c for c in ex.claims if c.predicate == "audits" and c.negated]
    else:
        assert not facts(ex, predicate)


@pytest.mark.parametrize(
    "text, fact",
    [
        (
            "Integration i Mora\n\nAnsvarsfördelningen mellan nämnderna i Mora upplevs som otydlig.",
            ("lacks", "mora", None, "integration", False),
        ),
        (
            "Bosättning i Mora\n\nFrån årsskiftet flyttas ansvaret för bosättningen till samhällsbyggnadsförvaltningen i Mora.",
            ("responsible_for", "mora/samhallsbyggnadsforvaltningen", None, "settlement", False),
        ),
        (
            "Integration i Mora\n\nI Mora har kommunstyrelsen sedan 2020 det samlade ansvaret för integrationen.",
            ("responsible_for", "mora/kommunstyrelsen", None, "integration", False),
        ),
        (
            "Integration i Mora\n\nKommunstyrelsen i Mora har det övergripande ansvaret för kommunens integrationsarbete.",
            ("responsible_for", "mora/kommunstyrelsen", None, "integration", False),
        ),
        (
            "Integration i Mora\n\nKommunfullmäktige i Mora antog ett integrationsprogram, men programmet saknar en "
            "handlingsplan.",
            ("lacks", "mora", None, "integration", False),
        ),
        (
            "Ensamkommande i Mora\n\nAnsvaret för ensamkommande barn i kommunen ligger på socialnämnden i Mora.",
            ("responsible_for", "mora/socialnamnden", None, "unaccompanied_minors", False),
        ),
        (
            "Bosättning i Mora\n\nKommunstyrelsen i Mora samordnar bostadsfrågan.",
            ("responsible_for", "mora/kommunstyrelsen", None, "settlement", False),
        ),
        (
            "Bosättning i Mora\n\n– Det är inte vår uppgift att ordna bosättning, säger Ulf Berg, ordförande i "
            "socialnämnden i Mora.",
            ("disputes_responsibility", "mora/socialnamnden", None, "settlement", False),
        ),
        (
            "Bosättning i Mora\n\nSocialnämnden i Mora anser att kommunstyrelsen borde ta ett tydligare ansvar för "
            "bosättningen.",
            ("defers_to", "mora/socialnamnden", "mora/kommunstyrelsen", "settlement", False),
        ),
        (  # a quantified group of municipalities, and a refusal with an adverbial inside it
            "Bosättning i Sverige\n\nMånga kommuner sa i fjol nej till att ta emot nyanlända för bosättning.",
            ("disputes_responsibility", "sverige/kommunerna", None, "settlement", False),
        ),
    ],
)
def test_claims_found_in_long_reports_and_features(text, fact):
    assert fact in facts(run(text))


def test_a_capitalised_title_is_no_part_of_a_name():
    ex = run("Bostäder i Mora\n\nVd Stefan Lund säger att bolaget i Mora bygger bostäder för nyanlända.")
    assert [e.id for e in ex.entities if e.type == "person"] == ["person/stefan-lund"]


# ---------------------------------------------------------------- scoping and metadata

SECTIONS = """Integration i två kommuner

Av Erik Dahl

Publicerad 2021-04-12

Mora

Kommunstyrelsen har det övergripande ansvaret för integrationen. Mora har tagit emot många nyanlända.

Ystad

Socialnämnden har i uppdrag att samordna mottagandet av nyanlända. Ystad har ett nytt språkcafé, säger Erik Dahl."""


def test_sections_assign_bodies_to_their_municipality():
    ex = run(SECTIONS)
    bodies = {e.id for e in ex.entities if e.type == "board"}
    assert bodies == {"mora/kommunstyrelsen", "ystad/socialnamnden"}
    assert sorted(ex.document.jurisdictions) == ["mora", "ystad"]


def test_metadata_title_kind_and_date():
    ex = run(SECTIONS)
    assert (ex.document.title, ex.document.kind, ex.document.published) == (
        "Integration i två kommuner",
        "news",
        "2021-04-12",
    )


def test_a_reports_own_month_under_its_title_dates_it():
    ex = run(
        "Granskning av integrationen i Mora\nRevisionsrapport, mars 2021\n\nVid intervjuerna den 4 maj 2020 "
        "framkom att socialnämnden i Mora ansvarar för bosättningen."
    )
    assert ex.document.published == "2021-03"


def test_items_of_a_decision_list_have_basis_decision():
    ex = run(
        "Beslut i Mora\n\nKommunfullmäktige i Mora beslutar att\n– socialnämnden ansvarar för bosättningen,\n"
        "– utbildningsnämnden ansvarar för SFI."
    )
    for subject in ("mora/socialnamnden", "mora/utbildningsnamnden"):
        assert claim(ex, "responsible_for", subject).basis == "decision"


def test_default_jurisdiction_for_a_text_that_never_names_its_own():
    text = "Lokalt\n\nKommunstyrelsen ansvarar för integrationen. Socialnämnden stöttar arbetet."
    assert {e.jurisdiction for e in run(text, default_jurisdiction="Ystads kommun").entities} == {"ystad"}
    assert {e.jurisdiction for e in run(text, default_jurisdiction="mora").entities} == {"mora"}


def test_every_quote_is_an_exact_substring_with_its_span():
    ex = run(SECTIONS)
    for c in ex.claims:
        for e in c.evidence:
            assert SECTIONS[e.start : e.end] == e.quote and e.rule and 0 < e.confidence <= 1


AUDIT = """Revisionsrapport: styrningen av integrationsarbetet

På uppdrag av de förtroendevalda revisorerna i Ludvika kommun har Revisionskraft AB granskat om \
kommunstyrelsen säkerställer en ändamålsenlig styrning av integrationsarbetet. Vår bedömning är att \
kommunstyrelsen inte säkerställer en tillräcklig styrning av arbetet.

Kommunfullmäktige beslutade 2017 att kommunstyrelsen har det övergripande ansvaret för integrationsfrågorna. \
Socialnämnden ansvarar för försörjningsstödet."""


def test_a_municipality_named_once_is_the_documents_own():
    ex = run(AUDIT)
    assert ex.document.jurisdictions == ["ludvika"]
    assert {"ludvika/kommunfullmaktige", "ludvika/socialnamnden"} <= {e.id for e in ex.entities}


def test_audit_formula_denies_steering_but_not_in_the_audit_question():
    ex = run(AUDIT)
    steering = [c for c in ex.claims if c.predicate == "responsible_for" and c.mode == "leads"]
    assert [(c.subject, c.negated) for c in steering] == [("ludvika/kommunstyrelsen", True)]


def test_an_audit_question_with_two_bodies_states_nothing():
    ex = run(
        "Granskning i Mora\n\nRevisionsfrågan är om kommunstyrelsen och socialnämnden i Mora säkerställer en "
        "ändamålsenlig styrning av integrationsarbetet."
    )
    assert not facts(ex, "responsible_for")


def test_bare_kommunerna_in_a_regional_text_is_the_regions_municipalities():
    ex = run(
        "Mottagandet i Dalarna\n\nTräffen samlade Länsstyrelsen Dalarna och Region Dalarna. "
        "Kommunerna ansvarar för bosättningen."
    )
    assert claim(ex, "responsible_for", "dalarna/kommunerna", "settlement").mode == "owns"


def test_a_task_in_an_infinitive_is_done_for_the_documents_issue():
    # "ges ansvar för att erbjuda …" names a task, not an issue: the claim takes the text's
    # issue, at lower confidence than one whose issue is named after the trigger
    ex = run(
        "Organisation för flyktingmottagandet i Mora\n\nVuxenutbildningsnämnden i Mora ges ansvar för att "
        "erbjuda samhällsinformation till målgruppen."
    )
    c = claim(ex, "responsible_for", "mora/vuxenutbildningsnamnden", "refugee_reception")
    assert c.mode == "owns" and c.evidence[0].confidence < 0.8


NATIONAL_AUDIT = (
    "Revisionsrapport: Statens insatser för nyanlända\n\n"
    "Riksrevisionen har granskat regeringens och Migrationsverkets insatser för flyktingmottagandet. "
    "Granskningen visar att regeringens styrning är otillräcklig. "
    "Migrationsverkets information till kommunerna om flyktingmottagandet är bristfällig."
)


def test_an_auditing_agency_is_the_voice_of_a_national_audit():
    # no elected auditors or firm: Riksrevisionen judges, and what it judges is criticised
    ex = run(NATIONAL_AUDIT)
    assert ("criticises", "org/riksrevisionen", "org/regeringen", "refugee_reception", False) in facts(ex)


def test_an_actor_completing_a_noun_is_not_what_a_judgement_is_about():
    # "Migrationsverkets information till kommunerna är bristfällig": the agency's information
    # is judged, not the municipalities it went to
    objects = {c.object for c in run(NATIONAL_AUDIT).claims if c.predicate == "criticises"}
    assert "org/migrationsverket" in objects and "sverige/kommunerna" not in objects


def test_a_newspaper_named_in_a_text_is_a_company():
    ex = run("Färdtjänst i Sundsvall\n\nDet skriver Sundsvalls Tidning, som granskat färdtjänsten i kommunen.")
    assert ("org/sundsvalls-tidning", "company") in {(e.id, e.type) for e in ex.entities}


@pytest.mark.parametrize(
    "text, people",
    [
        ("Sjukpensionären Elisabeth Öberg i Sundsvall är inte nöjd.", {"person/elisabeth-oberg"}),
        ("Revisionsrapport Anna Gröndahl Henrik Sandberg\n\nGranskning av Mora kommun.", {"person/anna-grondahl"}),
        ("Anna Karin Berg säger att det är bra.", {"person/anna-karin-berg"}),
    ],
)
def test_a_capitalised_run_is_cut_at_a_given_name(text, people):
    # a noun capitalised before a name, or two names run together, are not one person
    assert people <= {e.id for e in run(text).entities if e.type == "person"}


def test_agencies_and_organisations_of_other_policy_areas_are_known():
    ex = run(
        "Vatten i Mora\n\nHavs- och vattenmyndigheten och Myndigheten för delaktighet har gett vägledning, "
        "och PRO har framfört synpunkter."
    )
    found = {(e.id, e.type) for e in ex.entities}
    assert {
        ("org/havs-och-vattenmyndigheten", "agency"),
        ("org/myndigheten-for-delaktighet", "agency"),
        ("org/pro", "civil_society"),
    } <= found


def test_a_plural_noun_is_no_organisation_of_the_same_name():
    # "fastighetsägarna", "företagarna": the property owners and the business owners, not the
    # national associations that bear those names
    ex = run("VA i Mora\n\nFastighetsägarna i området och företagarna i centrum vill bygga själva.")
    assert not [e for e in ex.entities if e.type == "civil_society"]


@pytest.mark.parametrize(
    "sentence, subject, issue",
    [
        # the duty fronted, the verb before its subject (verb second)
        ("För bosättningen ansvarar socialnämnden i Mora.", "mora/socialnamnden", "settlement"),
        ("För språkcaféerna har kulturnämnden i Mora svarat sedan 2019.", "mora/kulturnamnden", "language_training"),
        ("Kulturnämnden i Mora svarar för språkcaféerna.", "mora/kulturnamnden", "language_training"),
        (
            "Därefter delegeras till kommunledningskontoret i Mora att samordna bosättningen.",
            "mora/kommunledningskontoret",
            "settlement",
        ),
        (
            "Integrationssamordnaren är placerad på kommunledningskontoret i Mora.",
            "mora/kommunledningskontoret",
            "integration",
        ),
        # a subordinate clause leaves out "har"
        (
            "Det är bra att kulturnämnden i Mora arbetat fram en plan för språkcaféerna.",
            "mora/kulturnamnden",
            "language_training",
        ),
        (
            "Arbetsmarknadsnämnden i Mora, med ansvar för SFI, bildades 2019.",
            "mora/arbetsmarknadsnamnden",
            "language_training",
        ),
        ("Kulturnämnden i Mora ska se till att språkcaféerna fungerar.", "mora/kulturnamnden", "language_training"),
        ("Kulturnämnden i Mora förvaltar språkcaféerna.", "mora/kulturnamnden", "language_training"),
        ("Kulturnämnden i Mora handhar språkcaféerna.", "mora/kulturnamnden", "language_training"),
        ("Om språkcaféerna: ansvarig nämnd är kulturnämnden i Mora.", "mora/kulturnamnden", "language_training"),
        (
            "Mål 1: Fler språkcaféer i Mora.\nAnsvarig förvaltning: Kulturförvaltningen i Mora",
            "mora/kulturforvaltningen",
            "language_training",
        ),
        ("Kulturnämnden i Mora har mandat att besluta om SFI.", "mora/kulturnamnden", "language_training"),
    ],
)
def test_more_ways_of_saying_who_answers_for_a_duty(sentence, subject, issue):
    assert claim(run("Integration i Mora\n\n" + sentence), "responsible_for", subject, issue)


def test_answering_for_a_share_is_no_duty():
    ex = run("Integration i Mora\n\nSocialnämnden i Mora svarar för en stor del av kostnaderna för integrationen.")
    assert not facts(ex, "responsible_for")


def test_an_issue_may_begin_with_the_triggers_last_word(user_area):
    # "beviljar insatser enligt LSS": the issue "insatser enligt LSS" starts inside the trigger
    user_area("disability_support", "LSS", ["lss", "insatser enligt lss"])
    ex = run("Stöd i Mora\n\nSocialnämnden i Mora beviljar insatser enligt LSS.")
    assert claim(ex, "responsible_for", "mora/socialnamnden", "disability_support")


def test_who_says_a_sentence_is_not_its_object():
    # "… men de hänvisar till varandra, säger Sara Lind": Sara Lind reports the deferral
    ex = run(
        "Skolskjuts i Mora\n\nVi har hört av oss till förvaltningarna i Mora, men de hänvisar till varandra, "
        "säger Sara Lind, förälder."
    )
    assert "person/sara-lind" not in {c.object for c in ex.claims}


def test_an_audit_of_several_bodies_named_together_audits_each():
    ex = run(
        "Revisionsrapport\n\nPå uppdrag av de förtroendevalda revisorerna i Mora kommun har PwC granskat "
        "socialnämndens, kulturnämndens och kommunstyrelsens arbete med integrationen. "
        "Granskningsobjekt för uppföljningen är socialnämnden respektive kommunstyrelsen."
    )
    audited = {c.object for c in ex.claims if c.predicate == "audits" and c.subject == "org/pwc"}
    assert {"mora/socialnamnden", "mora/kulturnamnden", "mora/kommunstyrelsen"} <= audited


def test_a_body_named_by_an_acronym_and_a_hyphen():
    ex = run("IT-säkerhet i Mora\n\nIT-avdelningen i Mora och LSS-enheten samarbetar; e-tjänsten är ny.")
    bodies = {(e.id, e.type) for e in ex.entities}
    assert {("mora/it-avdelningen", "administration"), ("mora/lss-enheten", "administration")} <= bodies
    assert not [e for e in ex.entities if "tjansten" in e.id]


def test_a_possessive_pronoun_determines_the_body_after_it():
    # "tillsammans med vår IT-avdelning": the department, not "vår" read as the speaker's municipality
    ex = run(
        "IT-säkerhet i Mora\n\n– Jag har tillsammans med vår IT-avdelning diskuterat rapporten, säger "
        "Lena Holm, kommunchef i Mora."
    )
    assert {c.object for c in ex.claims if c.predicate == "collaborates_with"} == {"mora/it-avdelningen"}


def test_discontent_with_a_body_is_criticism_of_it():
    ex = run("Integration i Mora\n\nAnna Berg är inte helt positiv till socialnämnden i Mora.")
    assert ("criticises", "person/anna-berg", "mora/socialnamnden", "integration", False) in facts(ex)


def test_a_place_after_a_noun_does_not_voice_discontent():
    # "Föräldrarna i Mora är missnöjda": the parents, not the municipality, are unhappy
    ex = run("Integration i Mora\n\nFöräldrarna i Mora är missnöjda med socialnämnden.")
    assert not facts(ex, "criticises")


def test_an_audit_reviews_the_head_of_its_phrase_not_a_complement():
    # "granskning av rutinerna för ansökan om ersättning från Migrationsverket": the municipality's
    # routines are reviewed, not the agency that pays
    ex = run(
        "Revisionsrapport\n\nPå uppdrag av revisorerna i Mora kommun har Deloitte genomfört en granskning av "
        "rutinerna för ansökan om ersättning från Migrationsverket för flyktingmottagandet."
    )
    assert "org/migrationsverket" not in {c.object for c in ex.claims if c.predicate == "audits"}


def test_a_decision_not_taken_denies_no_ownership():
    # "nämnden har inte beslutat om några mål": a missing plan, not a board disowning the issue
    ex = run("Integration i Mora\n\nSocialnämnden i Mora har inte beslutat om några mål för integrationen.")
    assert not [c for c in ex.claims if c.predicate == "responsible_for" and c.negated]


def test_the_auditors_answer_for_no_policy_area_they_review():
    # "revisorerna har beslutat att genomföra en granskning": the task is the audit
    ex = run(
        "Revisionsrapport\n\nDe förtroendevalda revisorerna i Mora kommun har beslutat att genomföra en granskning "
        "av flyktingmottagandet och har gett EY i uppdrag att granska socialnämndens arbete med flyktingmottagandet."
    )
    owners = {c.subject for c in ex.claims if c.predicate == "responsible_for"}
    assert not owners & {"mora/revisorerna", "org/ey"}
    assert [c for c in ex.claims if c.predicate == "audits"]


@pytest.mark.parametrize(
    "sentence, subject",
    [
        ("När ett barn anvisas till Mora hamnar ansvaret för flyktingmottagandet på den kommunen.", "mora"),
        ("Ansvaret för flyktingmottagandet läggs på kommunstyrelsen i Mora.", "mora/kommunstyrelsen"),
        ("Mora har valt att lägga ansvaret för flyktingmottagandet på kommunstyrelsen i Mora.", "mora/kommunstyrelsen"),
        # a take-over with the duty named in words that name no issue: the passage's issue
        ("Socialförvaltningen i Mora har tagit över ansvaret för boendena.", "mora/socialforvaltningen"),
    ],
)
def test_responsibility_that_lands_on_someone(sentence, subject):
    """Also taken over or laid on someone in the active voice (below)."""
    assert claim(run("Flyktingmottagande i Mora\n\n" + sentence), "responsible_for", subject, "refugee_reception")


def test_a_negation_stays_in_its_clause():
    # "Planen har inte följts och det saknas en utredning": the lack is stated, not denied
    ex = run("Miljötillsyn i Mora\n\nTillsynsplanen i Mora har inte följts och det saknas en handlingsplan.")
    lacks = [c for c in ex.claims if c.predicate == "lacks"]
    assert lacks and not any(c.negated for c in lacks)


def test_a_negation_of_manner_denies_no_responsibility():
    # "bedriver inte tillsynen på ett tillfredsställande sätt": it does, not well enough
    ex = run(
        "Revisionsrapport om miljötillsyn i Mora\n\nVår bedömning är att miljönämnden i Mora inte bedriver "
        "tillsynen av integrationen på ett tillfredsställande sätt."
    )
    assert not [c for c in ex.claims if c.predicate == "responsible_for" and c.negated]


def test_a_speaker_naming_another_as_the_owner_defers_to_it():
    ex = run(
        "Kollektivtrafik i Orsa\n\n– Det är regionen som ansvarar för kollektivtrafiken i Orsa, inte vi, säger "
        "kommunstyrelsens ordförande Anna Lind i Orsa."
    )
    assert ("defers_to", "orsa/kommunstyrelsen") in {(c.predicate, c.subject) for c in ex.claims}


def test_a_speaker_singling_out_another_body_defers_to_it():
    ex = run(
        "Miljötillsyn i Mora\n\nMiljönämndens ordförande Lars Berg säger att det är kommunstyrelsen i Mora som "
        "måste skjuta till pengar till miljötillsynen."
    )
    assert ("defers_to", "mora/miljonamnden", "mora/kommunstyrelsen") in triples(ex)


def test_a_participle_describing_a_decision_is_no_appeal():
    ex = run(
        "Hemtjänst i Halmstad\n\nFörvaltningsrätten upphäver det överklagade beslutet och återvisar det till "
        "hemvårdsnämnden i Halmstad."
    )
    assert not facts(ex, "disputes_responsibility")


def test_a_lower_case_head_describes_a_name_and_is_none_of_it():
    ex = run("Bostäder i Vetlanda\n\nGranskningen har omfattat det kommunala bostadsbolaget Witalabostäder AB.")
    assert "Witalabostäder AB" in {e.name for e in ex.entities if e.type == "company"}


def test_a_sectors_administration_is_part_of_its_municipality_and_an_office_of_its_board():
    # which board a sector's administration serves is each municipality's choice; the
    # municipality's central office serves its executive board everywhere
    ex = run(
        "Integration i Mora\n\nSocialnämnden och socialförvaltningen i Mora samverkar med kommunstyrelsen och "
        "kommunledningskontoret i Mora."
    )
    parts = {(c.subject, c.object) for c in ex.claims if c.predicate == "part_of"}
    assert ("mora/socialforvaltningen", "mora") in parts
    assert ("mora/kommunledningskontoret", "mora/kommunstyrelsen") in parts


def test_the_regions_official_belongs_to_the_region_not_the_municipality():
    ex = run("Kollektivtrafik i Orsa\n\nRegionens trafikdirektör Per Ek menar att Orsa kommun fått besked i tid.")
    roles = {(c.subject, c.object) for c in ex.claims if c.predicate == "holds_role"}
    assert roles and all(obj != "orsa" for _, obj in roles)


@pytest.mark.parametrize(
    "signature",
    ["Anna Holm\nKommundirektör, Lindesbergs kommun", "Anna Holm\n\nkommundirektör\n\nLindesbergs kommun"],
)
def test_a_signature_gives_the_title_and_the_organisation(signature):
    ex = run("Integration i Lindesberg\n\nKommunen arbetar med integration.\n\n" + signature + "\n")
    assert ("holds_role", "person/anna-holm", "lindesberg", None, False) in facts(ex)


def test_shifting_a_named_responsibility_onto_a_board_is_a_deferral_not_ownership():
    ex = run(
        "Äldreomsorg i Skövde\n\nKommunstyrelsen i Skövde har skjutit ansvaret för äldreomsorgen på "
        "vård- och omsorgsnämnden."
    )
    assert ("defers_to", "skovde/kommunstyrelsen", "skovde/vard-och-omsorgsnamnden") in triples(ex)
    assert not facts(ex, "responsible_for")


def test_a_supervisor_saying_a_board_has_not_ensured_criticises_it():
    ex = run(
        "Äldreomsorg i Skövde\n\nEnligt IVO har vård- och omsorgsnämnden i Skövde inte säkerställt att de "
        "boende i äldreomsorgen får tillsyn nattetid."
    )
    assert ("criticises", "org/inspektionen-for-vard-och-omsorg", "skovde/vard-och-omsorgsnamnden") in triples(ex)


def test_a_partly_fulfilled_audit_judgement_is_criticism():
    ex = run(
        "Revisionsrapport\n\nPå uppdrag av de förtroendevalda revisorerna i Mora kommun har EY granskat "
        "integrationsarbetet.\n\nVi bedömer att kommunstyrelsen i Mora delvis har en ändamålsenlig styrning av "
        "integrationsarbetet."
    )
    assert ("criticises", "org/ey", "mora/kommunstyrelsen") in triples(ex)


def test_the_municipality_is_the_one_named_even_where_a_region_is_named_too():
    # "Kommunen hänvisar till PTS, medan Region Gävleborg menar …": "kommunen" is Ljusdal
    ex = run(
        "Bredband i Ljusdal\n\nFlera byar i Ljusdals kommun saknar bredband. Kommunen hänvisar till Post- och "
        "telestyrelsen, medan Region Gävleborg menar att kommunen borde driva på bredbandsutbyggnaden."
    )
    deferrals = {(c.subject, c.object) for c in ex.claims if c.predicate == "defers_to"}
    assert ("ljusdal", "org/post-och-telestyrelsen") in deferrals


def test_responsibility_given_away_is_not_held():
    # "har lämnat ifrån sig ansvaret för": another verb's object; the board no longer holds it
    ex = run(
        "Integration i Mora\n\nSocialnämnden i Mora har lämnat ifrån sig ansvaret för integrationen. "
        "Kulturnämnden i Mora har sedan 2019 ansvaret för språkcaféerna."
    )
    owners = {c.subject for c in ex.claims if c.predicate == "responsible_for" and not c.negated}
    assert "mora/socialnamnden" not in owners and "mora/kulturnamnden" in owners


def test_the_names_of_the_elected_auditors_are_one_body():
    ex = run(
        "De förtroendevalda revisorerna i Ystads kommun har granskat socialnämnden. "
        "Kommunrevisionen bedömer att nämnden brister. Revisorerna rekommenderar en plan."
    )
    auditors = [e for e in ex.entities if "revis" in e.id]
    assert [(e.id, e.name) for e in auditors] == [("ystad/kommunrevisionen", "Kommunrevisionen")]
    assert "förtroendevalda revisorerna" in auditors[0].aliases


def test_bare_revisorerna_names_the_auditors_when_no_fuller_name_is_used():
    ex = run("Revisorerna i Ystads kommun har granskat socialnämnden.")
    assert [e.id for e in ex.entities if "revis" in e.id] == ["ystad/revisorerna"]


@pytest.mark.parametrize(
    ("sentence", "from_status"),
    [
        ("Ansvaret för bosättningen föreslås flytta från socialnämnden till kommunstyrelsen i Mora.", "current"),
        ("Ansvaret för bosättningen överfördes från socialnämnden till kommunstyrelsen i Mora.", "former"),
    ],
)
def test_a_move_of_responsibility_names_who_had_it_and_who_gets_it(sentence, from_status):
    ex = run(sentence)
    assert {c.subject for c in ex.claims if c.predicate == "responsible_for"} == {
        "mora/socialnamnden",
        "mora/kommunstyrelsen",
    }
    assert claim(ex, "responsible_for", "mora/socialnamnden").status == from_status


@pytest.mark.parametrize("brk", ["\n", "\n\n"])
def test_a_sentence_wrapped_over_lines_or_a_page_break_is_read_whole(brk):
    ex = run(f"Bosättning\n\nAnsvaret för bosättningen i Mora vilar på{brk}socialnämnden. Det{brk}Nästa stycke här.")
    assert ("responsible_for", "mora/socialnamnden", None) in triples(ex)
    quote = claim(ex, "responsible_for", "mora/socialnamnden").evidence[0].quote
    assert quote == f"Ansvaret för bosättningen i Mora vilar på{brk}socialnämnden."


def test_a_line_that_ends_its_sentence_still_ends_it():
    ex = run("Bosättning\n\nAnsvaret för bosättningen i Mora vilar på.\nsocialnämnden har annat att göra.")
    assert ("responsible_for", "mora/socialnamnden", None) not in triples(ex)


def test_a_collaboration_named_as_a_noun_is_the_places_with_whom_it_names():
    ex = run("Demensvård i Värmdö kommun\n\nEn viktig del är också samverkan med landstinget.")
    assert ("collaborates_with", "varmdo", "stockholms-lan") in triples(ex)


@pytest.mark.parametrize(
    "sentence",
    [
        "Det finns ett behov av samverkan med landstinget.",
        "Föreningarna upplever att samarbetet med landstinget brister.",
        "Samverkan med landstinget behöver utvecklas.",
    ],
)
def test_a_wished_or_failing_collaboration_is_none(sentence):
    ex = run(f"Demensvård i Värmdö kommun\n\n{sentence}")
    assert not facts(ex, "collaborates_with")


def test_the_bodies_of_one_kind_together_are_one_entity_in_the_plural():
    ex = run(
        "Introduktion i Göteborg\n\nAnsvaret för introduktionen av flyktingar vilar på samtliga "
        "stadsdelsnämnder i Göteborg. Stadsdelsnämnderna ska samordna bosättningen."
    )
    assert [(e.id, e.name) for e in ex.entities if e.type == "board"] == [
        ("goteborg/stadsdelsnamnderna", "Stadsdelsnämnderna")
    ]
    assert ("responsible_for", "goteborg/stadsdelsnamnderna", None) in triples(ex)


@pytest.mark.parametrize(
    "text",
    [
        "Vi har samlat erfarenheterna i Göteborg.",  # a noun in -het, not a body
        "Göteborg har stadsdelsnämnder sedan 1990.",  # an indefinite plural without a determiner
        "Göteborgs kultur- och äldreförvaltningarna samverkar.",  # several bodies, not one name
    ],
)
def test_plural_words_that_name_no_body(text):
    assert not [e for e in run(f"Rubrik\n\n{text}").entities if e.type in ("board", "administration")]


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Enligt lagen finns en skyldighet för en kommun att ordna vatten och avlopp.", "responsible.duty_for"),
        ("Länsstyrelsen har förelagt kommunen att bygga ut vatten och avlopp.", "responsible.ordered"),
        ("Kommunfullmäktige tog beslut om att kommunen ska bygga ut vatten och avlopp.", "responsible.must_do"),
    ],
)
def test_a_duty_named_ordered_or_decided_falls_on_the_municipality(sentence, rule):
    ex = run(f"Vatten och avlopp i Nordanstig\n\n{sentence}")
    found = claim(ex, "responsible_for", "nordanstig", "water_sewage")
    assert found.evidence[0].rule == rule


def test_asking_whether_a_body_must_do_something_states_no_duty():
    ex = run("Vatten och avlopp i Nordanstig\n\nFrågan är om kommunen ska bygga ut vatten och avlopp.")
    assert not facts(ex, "responsible_for")


@pytest.mark.parametrize(
    "group", ["Drygt 60 kommuner", "Ett trettiotal kommuner", "Tolv kommuner", "Cirka 1 200 kommuner"]
)
def test_a_counted_group_of_municipalities_is_the_states_municipalities(group):
    ex = run(f"Hemtjänst\n\n{group} sa i våras nej till att ge hemtjänst till personer från andra kommuner.")
    assert ("disputes_responsibility", "sverige/kommunerna", None) in triples(ex)


def test_a_number_before_another_word_is_no_group():
    ex = run("Hemtjänst\n\nKommunen i Mora har 60 kommunanställda och säger nej till att ge hemtjänst.")
    assert "sverige/kommunerna" not in {e.id for e in ex.entities}


def test_a_plural_pronoun_opening_a_clause_stands_for_the_organisation_named_before_it():
    ex = run(
        "Hemtjänst i Halmstad\n\nNils Jakobsson är jurist.\n\nTvå domar slår fast att Halmstad gjorde fel "
        "när de nekade hemtjänst och bosättning i en annan kommun."
    )
    assert {c.subject for c in ex.claims if c.predicate == "disputes_responsibility"} == {"halmstad"}


def test_actors_coordinated_inside_a_trigger_each_speak():
    ex = run("Integration i Mora\n\nI Mora har socialnämnden och kommunstyrelsen ansvaret för bosättningen.")
    owners = {c.subject for c in ex.claims if c.predicate == "responsible_for"}
    assert owners == {"mora/socialnamnden", "mora/kommunstyrelsen"}


def test_a_decision_on_guidelines_is_about_the_passages_issue():
    ex = run(
        "Idéburet offentligt partnerskap i Uppsala kommun\n\nTvå nämnder, arbetsmarknadsnämnden och "
        "omsorgsnämnden, har redan fattat beslut om egna riktlinjer."
    )
    found = claim(ex, "responsible_for", "uppsala/arbetsmarknadsnamnden", "civil_society_cooperation")
    assert found.basis == "decision"


@pytest.mark.parametrize("end", [".", ",", " och Röda Korset."])
def test_a_chapter_named_by_its_place_alone_may_end_a_sentence_or_a_list_item(end):
    ex = run(f"Näringsliv i Älvsbyn\n\nUtredningen lyssnar på LRF Älvsbyn{end}")
    assert ("part_of", "alvsbyn/lrf", "org/lrf") in triples(ex)


@pytest.mark.parametrize(
    ("sentence", "person", "organisation"),
    [
        (
            "Per Davidsson är avgående ordförande i kommunrevisionen i Tierps kommun.",
            "person/per-davidsson",
            "tierp/kommunrevisionen",
        ),
        (
            "Det säger Agneta Rönn som är kommunrevisionens ordförande i Tierps kommun.",
            "person/agneta-ronn",
            "tierp/kommunrevisionen",
        ),
        (
            "Lagen är otydlig, säger Greger Bengtsson, samordnare för äldreomsorg på SKR.",
            "person/greger-bengtsson",
            "org/sveriges-kommuner-och-regioner",
        ),
    ],
)
def test_a_title_with_a_word_before_or_a_purpose_after_still_names_its_organisation(sentence, person, organisation):
    ex = run(f"Revision i Tierp\n\n{sentence}")
    assert ("holds_role", person, organisation) in triples(ex)


def test_a_person_at_an_organisation_who_says_something_is_its_speaker():
    ex = run("Integration i Mora\n\nEva Ek på Mora kommun säger att socialnämnden i Mora ansvarar för bosättningen.")
    assert claim(ex, "responsible_for", "mora/socialnamnden", "settlement").attributed_to == "person/eva-ek"


def test_a_person_without_a_title_at_the_municipality_speaks_for_it():
    ex = run(
        "Färdtjänst och flyktingmottagande i Sundsvall\n\nHans Forsberg på Sundsvalls kommun säger att det "
        "beror på att Regionen inte har egna register över flyktingmottagandet."
    )
    assert ("defers_to", "sundsvall", "vasternorrland") in triples(ex)


def test_putting_the_cause_on_anothers_failing_points_at_it():
    ex = run(
        "Integration i Mora\n\nSocialchefen Eva Ek i Mora kommun säger att det beror på att Migrationsverket "
        "inte har skickat besked om bosättningen."
    )
    deferrals = [c for c in ex.claims if c.predicate == "defers_to"]
    assert [(c.object, c.negated) for c in deferrals] == [("org/migrationsverket", False)]


def test_a_fixed_phrase_wrapped_over_two_lines_is_still_read():
    ex = run("Bosättning i Mora\n\nEY har på uppdrag\nav revisorerna i Mora granskat bosättningen.")
    assert ("audits", "mora/revisorerna", "mora") in triples(ex)


def test_a_duty_with_ska_is_current_and_a_plan_is_planned():
    ex = run(
        "Integration i Mora\n\nSocialnämnden i Mora ska ansvara för bosättningen. Kommunstyrelsen i Mora "
        "kommer att ansvara för sfi."
    )
    assert claim(ex, "responsible_for", "mora/socialnamnden", "settlement").status == "current"
    assert claim(ex, "responsible_for", "mora/kommunstyrelsen", "language_training").status == "planned"


def test_a_proposed_responsibility_rests_on_a_recommendation():
    ex = run("Integration i Mora\n\nAnsvaret för bosättningen föreslås ligga hos socialnämnden i Mora.")
    assert claim(ex, "responsible_for", "mora/socialnamnden", "settlement").basis == "recommendation"


def test_a_name_masked_out_of_a_public_copy_is_no_person():
    ex = run("Riktlinjer i Uppsala\n\nHandläggare Xxxxxxxx Xxxxxx Jo\n\nKommunstyrelsen i Uppsala ansvarar för sfi.")
    assert not [e for e in ex.entities if e.type == "person"]


def test_a_lead_ending_in_a_colon_takes_the_issues_of_its_list():
    ex = run(
        "Reglemente för socialnämnden i Mora\n\nSocialnämnden ansvarar för:\n- bosättning av nyanlända\n"
        "- ensamkommande barn\n\nKommunstyrelsen ansvarar för följande:\n\n1. samordning av integrationsarbetet\n2. sfi"
    )
    owned = {(c.subject, c.issue) for c in ex.claims if c.predicate == "responsible_for"}
    assert owned == {
        ("mora/socialnamnden", "settlement"),
        ("mora/socialnamnden", "unaccompanied_minors"),
        ("mora/kommunstyrelsen", "integration"),
        ("mora/kommunstyrelsen", "language_training"),
    }
    quote = claim(ex, "responsible_for", "mora/socialnamnden", "unaccompanied_minors").evidence[0].quote
    assert quote == "Socialnämnden ansvarar för:\n- bosättning av nyanlända\n- ensamkommande barn"


def test_a_quote_after_a_colon_is_no_list():
    ex = run(
        "Etablering i Mora\n\nIvan Daza, som jobbar med flyktingmottagandet i Mora, välkomnar det:\n\n"
        "– Ja det är mer fokus på sfi och det är bra, säger Ivan Daza."
    )
    assert "language_training" not in {c.issue for c in ex.claims if c.predicate == "responsible_for"}
