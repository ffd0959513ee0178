"""The sides of a rule: one small named finder per place a rule may look for its subject or
object (``subject: before``, ``object: list_after``, ``fallback: scope`` in claims.yaml), kept
in registries that the rule schema's names must match (tests/test_extract_rules.py checks it).

A finder reads a :class:`Place` (the sentence, the trigger, the rule, where the next clause of
the same predicate begins, the document) and returns a :class:`Found`: actors of the sentence,
or entity ids it gives outright (the speaker, the jurisdiction in scope, the auditor), which
end the search even when there are none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from loaders.extract.config import config
from loaders.extract.discourse import Actor, SentenceView
from loaders.extract.mentions import MentionKind
from loaders.extract.positions import (
    actor_after,
    actors_before,
    actors_inside,
    actors_inside_all,
    agent,
    auditor_near,
    coordinated_right,
    genitive_before,
    list_after,
)
from loaders.extract.rule_schema import Rule
from loaders.extract.triggers import Hit

Chain = list[tuple[set[int], list[str]]]  # actors already taken as objects of collaboration, and their subjects


@dataclass
class Place:
    """What a finder may read."""

    view: SentenceView
    hit: Hit
    rule: Rule
    stop: int  # where the next clause of the same predicate begins (or the sentence ends)
    doc: Any  # the DocumentContext: registry, auditor, author
    chain: Chain = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # for object finders: who the subjects are


@dataclass
class Found:
    """Actors of the sentence, or entity ids given outright (``given``: no fallback after them)."""

    actors: list[Actor] = field(default_factory=list)
    given: list[str] | None = None
    from_speaker: bool = False


Finder = Callable[[Place], Found]
SUBJECTS: dict[str, Finder] = {}
OBJECTS: dict[str, Finder] = {}
Subjects = tuple[list[str], float, bool]  # entity ids, a confidence factor, whether from the speaker
FALLBACKS: dict[str, Callable[[Place], Subjects]] = {}


def _register(table: dict, name: str):
    def add(fn):
        table[name] = fn
        return fn

    return add


def entities_of(actors: list[Actor]) -> list[str]:
    """The entity ids of ``actors``, each once, in order."""
    out: list[str] = []
    for a in actors:
        for e in a.entities:
            if e and e not in out:
                out.append(e)
    return out


# -- subjects ---------------------------------------------------------------------------------
@_register(SUBJECTS, "before")
def _subject_before(p: Place) -> Found:
    """The nearest actor before the trigger; else the subjects of the sentence's last collaboration."""
    found = actors_before(p.view, p.hit, {i for objs, _ in p.chain for i in objs})
    if not found and p.chain:
        return Found(given=p.chain[-1][1])
    return Found(found)


@_register(SUBJECTS, "after")
def _subject_after(p: Place) -> Found:
    return Found(actors_inside(p.view, p.hit) or actor_after(p.view, p.hit))


@_register(SUBJECTS, "inside")
def _subject_inside(p: Place) -> Found:
    """Only the actor within the trigger ("är kommunstyrelsens ansvar")."""
    return Found(actors_inside(p.view, p.hit))


@_register(SUBJECTS, "either")
def _subject_either(p: Place) -> Found:
    """Inside, then before, then an actor right after the trigger (inverted word order); a
    genitive inside the trigger ("leder kommunens arbete") determines its noun, so it comes
    after the actor before."""
    near = [a for a in actor_after(p.view, p.hit) if a.first - p.hit.last <= 2]
    inside = actors_inside(p.view, p.hit)
    if inside and inside[0].mention is not None and inside[0].mention.genitive:
        return Found(actors_before(p.view, p.hit, set()) or inside or near)
    return Found(inside or actors_before(p.view, p.hit, set()) or near)


@_register(SUBJECTS, "agent")
def _subject_agent(p: Place) -> Found:
    return Found(agent(p.view, p.hit))


@_register(SUBJECTS, "list_after")
def _subject_list(p: Place) -> Found:
    return Found(list_after(p.view, p.hit, p.stop))


@_register(SUBJECTS, "list_first")
def _subject_list_first(p: Place) -> Found:
    return Found(list_after(p.view, p.hit, p.stop)[:1])


def _organisation_of(p: Place, speaker: str) -> str:
    """The body or organisation a person speaks for; the person when that is only a place and
    the person holds a title there (a municipal title says which municipality, not which of its
    bodies); the place when the person has no title ("Hans Forsberg på Sundsvalls kommun"
    speaks for the municipality)."""
    registry = p.doc.registry
    organisation = registry.spoken_for(speaker)
    if registry.type_of(organisation) != "jurisdiction":
        return organisation
    record = registry.records.get(speaker)
    return organisation if record is not None and not record.role and organisation != speaker else speaker


@_register(SUBJECTS, "speaker")
def _subject_speaker(p: Place) -> Found:
    """Who says the sentence; for a rule with ``for_organisation`` (pointing elsewhere), the
    organisation a person speaks for ("det får förvaltningen ta hand om, säger NN, ordförande i
    nämnden")."""
    if not p.view.speaker:
        return Found()
    speakers = list(p.view.speaker)
    if p.rule.for_organisation:
        speakers = list(dict.fromkeys(_organisation_of(p, s) for s in speakers))
    return Found(given=speakers, from_speaker=True)


@_register(SUBJECTS, "auditor")
def _subject_auditor(p: Place) -> Found:
    """The document's auditor (the elected auditors, else the firm)."""
    return Found(given=[p.doc.auditor] if p.doc.auditor else [])


@_register(SUBJECTS, "author")
def _subject_author(p: Place) -> Found:
    """The voice of an audit's "vi": the firm, else the auditors."""
    return Found(given=[p.doc.author] if p.doc.author else [])


@_register(SUBJECTS, "genitive")
def _subject_genitive(p: Place) -> Found:
    """The genitive right before the trigger: "Migrationsverkets insatser"."""
    return Found(genitive_before(p.view, p.hit))


@_register(SUBJECTS, "inverted")
def _subject_inverted(p: Place) -> Found:
    """The subject of a clause whose object is fronted (Swedish puts the finite verb second):
    in the last gap of "För X har Y svarat", else right after "För X ansvarar Y"; a genitive
    there determines a noun and is passed over."""
    if len(p.hit.gaps) >= 2:
        g0, g1 = p.hit.gaps[-1]
        inside = [a for a in p.view.actors if g0 <= a.first and a.last <= g1]
        return Found([a for a in inside if not (a.mention is not None and a.mention.genitive)][:1])
    after = actor_after(p.view, p.hit)
    return Found([a for a in after if a.first - p.hit.last <= 1])


@_register(SUBJECTS, "auditor_near")
def _subject_auditor_near(p: Place) -> Found:
    return Found(auditor_near(p.view, p.hit, p.doc.registry))


@_register(SUBJECTS, "scope")
def _subject_scope(p: Place) -> Found:
    return Found(given=[p.view.scope] if p.view.scope else [])


def find_subjects(p: Place) -> Subjects:
    """The rule's subjects (its side, else its fallback), a confidence factor, and whether
    they came from the speaker."""
    side = p.rule.subject
    if p.rule.subject_active and p.view.par.lowers[p.hit.first] in p.rule.subject_active:
        side = "before"
    found = SUBJECTS[side](p)
    if found.given is not None:
        return found.given, 1.0, found.from_speaker
    subjects = entities_of(found.actors)
    if any(a.kind == MentionKind.PRONOUN for a in found.actors):
        return subjects, config().cues.confidence.get("subject_from_pronoun", 0.85), False
    if subjects:
        return subjects, 1.0, False
    fallback = FALLBACKS.get(p.rule.fallback or "none")
    return fallback(p) if fallback else ([], 1.0, False)


# -- fallbacks --------------------------------------------------------------------------------
def _scope_factor() -> float:
    return config().cues.confidence.get("subject_from_scope", 0.8)


@_register(FALLBACKS, "scope")
def _fallback_scope(p: Place) -> Subjects:
    return ([p.view.scope], _scope_factor(), False) if p.view.scope else ([], 1.0, False)


@_register(FALLBACKS, "speaker")
def _fallback_speaker(p: Place) -> Subjects:
    return (_we(p, list(p.view.speaker)), 1.0, True) if p.view.speaker else ([], 1.0, False)


@_register(FALLBACKS, "before")
def _fallback_before(p: Place) -> Subjects:
    return entities_of(actors_before(p.view, p.hit, set())), 1.0, False


@_register(FALLBACKS, "list_first")
def _fallback_list_first(p: Place) -> Subjects:
    return entities_of(list_after(p.view, p.hit, p.stop)[:1]), 1.0, False


@_register(FALLBACKS, "auditor")
def _fallback_auditor(p: Place) -> Subjects:
    return ([p.doc.auditor], _scope_factor(), False) if p.doc.auditor else ([], 1.0, False)


@_register(FALLBACKS, "author")
def _fallback_author(p: Place) -> Subjects:
    return ([p.doc.author], _scope_factor(), False) if p.doc.author else ([], 1.0, False)


@_register(FALLBACKS, "none")
def _fallback_none(p: Place) -> Subjects:
    return [], 1.0, False


def _we(p: Place, speakers: list[str]) -> list[str]:
    """The speakers, or the organisation a person speaks for when the trigger says "vår"/
    "vårt" ("Det är inte vår uppgift, säger NN, ordförande i nämnden": the nämnd)."""
    we = config().cues.pronouns.get("first_person_plural", frozenset())
    if we.isdisjoint(p.view.par.lowers[p.hit.first : p.hit.last]):
        return speakers
    return list(dict.fromkeys(map(p.doc.registry.spoken_for, speakers)))


# -- objects ----------------------------------------------------------------------------------
def _of_types(p: Place, actors: list[Actor]) -> list[Actor]:
    """The actors whose type the rule's ``object_types`` allows (all when it names none)."""
    if not p.rule.object_types:
        return actors
    return [a for a in actors if p.doc.registry.type_of(a.entities[0]) in p.rule.object_types]


@_register(OBJECTS, "after")
def _object_after(p: Place) -> Found:
    """The first actor after the trigger, before the next clause, that is no subject, with the
    actors coordinated after it."""
    return _first_after(p, complements=False)


@_register(OBJECTS, "head")
def _object_head(p: Place) -> Found:
    """As ``after``, passing over an actor that completes a noun ("granskning av rutinerna för
    ersättning från Migrationsverket" reviews the routines, not the agency)."""
    return _first_after(p, complements=True)


def _first_after(p: Place, complements: bool) -> Found:
    taken = set(p.subjects)
    skip = config().grammar.noun_complement_prepositions if complements else frozenset()
    lowers = p.view.par.lowers
    cands = _of_types(
        p,
        [
            a
            for a in p.view.actors
            if p.hit.last <= a.first < p.stop
            and not set(a.entities) & taken
            and not (a.first > p.hit.last and lowers[a.first - 1] in skip)
        ],
    )
    if not cands:
        return Found([])
    group = coordinated_right(p.view, p.view.actors.index(cands[0]))
    return Found([a for a in _of_types(p, group) if a.first < p.stop and not set(a.entities) & taken])


@_register(OBJECTS, "before")
def _object_before(p: Place) -> Found:
    return Found(actors_before(p.view, p.hit, set())[-1:])


@_register(OBJECTS, "either")
def _object_either(p: Place) -> Found:
    """The actor the clause is about, before the trigger or else after it, passing over an
    actor that completes a noun ("rutinerna för ansökan till Migrationsverket" are about the
    municipality's routines, not the agency)."""
    taken = set(p.subjects)
    found = [a for a in actors_before(p.view, p.hit, set())[-1:] if not set(a.entities) & taken]
    return Found(_of_types(p, found)) if _of_types(p, found) else _first_after(p, complements=True)


@_register(OBJECTS, "inside")
def _object_inside(p: Place) -> Found:
    """The actor within a gapped trigger that is no subject ("det får tekniska förvaltningen ta hand om")."""
    taken = set(p.subjects)
    return Found(_of_types(p, [a for a in actors_inside_all(p.view, p.hit) if not set(a.entities) & taken])[:1])


@_register(OBJECTS, "list_after")
def _object_list(p: Place) -> Found:
    return Found(list_after(p.view, p.hit, p.stop))


@_register(OBJECTS, "scope")
def _object_scope(p: Place) -> Found:
    return Found(given=[p.view.scope] if p.view.scope else [])


@_register(OBJECTS, "none")
def _object_none(p: Place) -> Found:
    return Found(given=[])
