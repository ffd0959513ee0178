"""Where the actors of a clause stand relative to a trigger: before it (with those coordinated
with it, through a relative "som" or a parenthetical clause), after it, inside a gapped
trigger, after an agent preposition, in a list after it, in the genitive right before it,
and the auditor nearest to it; and the clauses that leave out their verb (gapping)."""

from __future__ import annotations

from loaders.extract.config import config
from loaders.extract.conventions import is_auditor as auditor_record
from loaders.extract.discourse import Actor, SentenceView, ends_at
from loaders.extract.entities import Registry
from loaders.extract.triggers import Hit


def coordinated_left(view: SentenceView, idx: int) -> list[Actor]:
    """The actor at ``idx`` in view.actors and those coordinated before it ("Både A och B")."""
    lowers = view.par.lowers
    coordinators = config().grammar.coordinators
    group = [view.actors[idx]]
    j = idx - 1
    while j >= 0:
        gap = lowers[view.actors[j].last : group[0].first]
        if len(gap) and all(low in coordinators for low in gap):
            group.insert(0, view.actors[j])
            j -= 1
        else:
            break
    return group


def coordinated_right(view: SentenceView, idx: int) -> list[Actor]:
    """The actor at ``idx`` in view.actors and those coordinated after it ("granskat regeringens,
    Migrationsverkets och Integrationsverkets insatser")."""
    lowers = view.par.lowers
    coordinators = config().grammar.coordinators
    group = [view.actors[idx]]
    for nxt in view.actors[idx + 1 :]:
        gap = lowers[group[-1].last : nxt.first]
        if not (len(gap) and all(low in coordinators for low in gap)):
            break
        group.append(nxt)
    return group


def actors_before(view: SentenceView, hit: Hit, skip: set[int]) -> list[Actor]:
    """The nearest actor before the trigger, with those coordinated with it. After a
    relative "som" the subject is the actor right before "som" ("avdelningen som ansvarar"),
    or the subject of a copula ("X är en av många föreningar som arbetar"); a noun that
    is no actor ("den tjänsteman som har") leaves the rule without a subject. A possessive
    pronoun ("deras uppdrag") is no subject."""
    lowers = view.par.lowers
    grammar = config().grammar
    parenthetical = relative_clause_before(view, hit.first)
    if parenthetical is not None:  # "Enheten, som tillhör nämnden, ansvarar för": the head, not the nämnd
        head = [i for i, a in enumerate(view.actors) if ends_at(lowers, a.last, parenthetical) and i not in skip]
        if head:
            return coordinated_left(view, head[-1])
    if hit.first > view.sent.first and lowers[hit.first - 1] == grammar.relative:
        som = hit.first - 1
        # "avdelningen som ansvarar", "Kommunstyrelsen, som ansvarar"
        adjacent = [
            i
            for i, a in enumerate(view.actors)
            if (ends_at(lowers, a.last, som) or (lowers[som - 1] == "," and ends_at(lowers, a.last, som - 1)))
            and i not in skip
        ]
        if adjacent:
            return coordinated_left(view, adjacent[-1])
        for i, a in enumerate(view.actors):
            if a.last < som and a.last < view.sent.last and lowers[a.last] in grammar.copulas and i not in skip:
                return coordinated_left(view, i)
        return []
    cues = config().cues
    places = grammar.place_prepositions
    for idx in range(len(view.actors) - 1, -1, -1):
        a = view.actors[idx]
        if a.last > hit.first or idx in skip or (a.kind == "pronoun" and lowers[a.first] in cues.possessives):
            continue
        if not grammar.subject_barriers.isdisjoint(lowers[a.last : hit.first]):
            return []  # the actor stands in a clause of its own ("…, men programmet saknar")
        if a.first > view.sent.first and lowers[a.first - 1] in cues.attribution_preposition:
            continue  # "Enligt Riksrevisionen ansvarar kommunerna": the speaker, not the subject
        if idx > 0 and a.first > view.sent.first and lowers[a.first - 1] in grammar.noun_complement_prepositions:
            continue  # "Migrationsverkets information till kommunerna är otillräcklig": the noun's complement
        if (
            a.kind == "jurisdiction"
            and idx > 0
            and lowers[view.actors[idx - 1].last] in places
            and a.first == view.actors[idx - 1].last + 1
        ):
            idx -= 1  # "Somaliska föreningen i Växjö kritiserar": the place is the association's
        return [g for g in coordinated_left(view, idx)]
    return []


def relative_clause_before(view: SentenceView, first: int) -> int | None:
    """Where the noun phrase ends that a relative clause set off by commas describes, when
    that clause closes right before token ``first``: in "Enheten, som tillhör nämnden,
    ansvarar" the clause ", som tillhör nämnden," ends before "ansvarar" and the phrase
    "Enheten" ends at the first comma. None otherwise."""
    lowers, start = view.par.lowers, view.sent.first
    if first - 1 <= start or lowers[first - 1] != ",":
        return None
    relative = config().grammar.relative
    for j in range(first - 2, start, -1):
        if lowers[j] == ",":
            return None  # another comma first: no single relative clause
        if lowers[j] == relative and lowers[j - 1] == ",":
            return j - 1
    return None


def gapped(view: SentenceView, hit: Hit, stop: int) -> list[tuple[Actor, Hit]]:
    """The actors of clauses that leave out the verb (gapping): in "Socialnämnden ansvarar
    för bosättningen, utbildningsnämnden för SFI och kulturnämnden för språkcaféerna" each
    later body is followed by the trigger's closing preposition alone. Each comes with a
    stand-in hit on that preposition, so that its issue is the one that follows it."""
    lowers, grammar = view.par.lowers, config().grammar
    prep = lowers[hit.last - 1]
    if prep not in grammar.gapping_prepositions:
        return []
    joins = grammar.gapping_joins
    out = []
    for actor in view.actors:
        if actor.first <= hit.last or actor.last >= min(stop, view.sent.last):
            continue
        if lowers[actor.last] == prep and lowers[actor.first - 1] in joins:
            out.append((actor, Hit(hit.rule, actor.last, actor.last + 1)))
    return out


def reciprocal(view: SentenceView, hit: Hit) -> bool:
    """Whether the trigger ends in, or is followed by, a reciprocal pronoun ("varandra")."""
    lowers, recip = view.par.lowers, config().grammar.reciprocals
    return lowers[hit.last - 1] in recip or (hit.last < view.sent.last and lowers[hit.last] in recip)


def actors_inside_all(view: SentenceView, hit: Hit) -> list[Actor]:
    """Every actor within the gaps of a gapped trigger, in order."""
    return [a for a in view.actors if any(g0 <= a.first and a.last <= g1 for g0, g1 in hit.gaps)]


def actors_inside(view: SentenceView, hit: Hit) -> list[Actor]:
    """The first actor within a gap of the trigger, with those coordinated after it there
    ("I Mora har socialnämnden och kommunstyrelsen ansvaret för bosättningen")."""

    def inside(a: Actor) -> bool:
        return any(g0 <= a.first and a.last <= g1 for g0, g1 in hit.gaps)

    for idx, a in enumerate(view.actors):
        if inside(a):
            return [b for b in coordinated_right(view, idx) if inside(b)]
    return []


def actor_after(view: SentenceView, hit: Hit, start: int | None = None) -> list[Actor]:
    """The first actor after the trigger; a genitive determines the noun after it, so an actor
    right behind a genitive is the one meant ("kommunens säkerhetschef Magdalena Lind")."""
    pos = hit.last if start is None else start
    later = [a for a in view.actors if a.first >= pos]
    if not later:
        return []
    first = later[0]
    if first.mention is not None and first.mention.genitive and len(later) > 1 and later[1].first - first.last <= 2:
        return [later[1]]
    return [first]


def genitive_before(view: SentenceView, hit: Hit) -> list[Actor]:
    """The actor in the genitive that ends right before the trigger, an adjective or two
    between ("Migrationsverkets information", "socialnämndens samlade insatser")."""
    for a in reversed(view.actors):
        if a.last <= hit.first:
            close = hit.first - a.last <= 2 and not any(view.par.punct[a.last : hit.first])
            return [a] if close and a.mention is not None and a.mention.genitive else []
    return []


def agent(view: SentenceView, hit: Hit) -> list[Actor]:
    """The actor right after the trigger, or after an agent preposition ("av", "från": grammar.yaml)
    that follows it."""
    lowers = view.par.lowers
    pos = past_space(view, hit.last)
    if pos < view.sent.last and lowers[pos] in config().grammar.agent_prepositions:
        pos = past_space(view, pos + 1)
    if pos < view.sent.last and lowers[pos] in config().people.org_articles:
        pos = past_space(view, pos + 1)  # "hamnar ansvaret på den kommunen"
    return [a for a in view.actors if a.first == pos][:1]


def past_space(view: SentenceView, pos: int) -> int:
    """The first token at or after ``pos`` that is no line break: a sentence wrapped over
    lines holds its breaks as tokens of white space ("vilar på⏎socialnämnden")."""
    words = view.par.words
    while pos < view.sent.last and words[pos].isspace():
        pos += 1
    return pos


def list_after(view: SentenceView, hit: Hit, stop: int) -> list[Actor]:
    """The actors listed after the trigger, up to the next clause or trigger."""
    lowers = view.par.lowers
    grammar = config().grammar
    out: list[Actor] = []
    possessives = config().cues.possessives
    for a in view.actors:
        if a.first < hit.last or a.first >= stop:
            continue
        if a.kind == "pronoun" and lowers[a.first] in possessives:
            continue  # "tillsammans med vår IT-avdelning": the pronoun determines the noun after it
        gap = lowers[(out[-1].last if out else hit.last) : a.first]
        if any(low in grammar.clause_ends for low in gap):
            break
        if out:
            if _separator_before(view, a.first, out[-1].last) is None:
                continue
        elif a.first - hit.last > 12:
            break
        out.append(a)
    return out


_DESCRIPTION_WORDS = 4  # "och det kommunala bostadsbolaget Witalabostäder AB": words describing a name


def _separator_before(view: SentenceView, first: int, floor: int) -> int | None:
    """Where the list separator before the actor at ``first`` stands (not before ``floor``),
    passing over line breaks and a few lower-case words that describe the name after them
    ("och det kommunala bostadsbolaget Witalabostäder AB"); None when there is none."""
    lowers, words = view.par.lowers, view.par.words
    grammar = config().grammar
    not_descriptive = frozenset(grammar.place_prepositions) | frozenset(grammar.appositive_words)
    i, described = first - 1, 0
    while i >= floor:
        low = lowers[i]
        if low in grammar.list_separators:
            return i
        if low.isspace():
            i -= 1  # "kommunstyrelsen,⏎socialnämnden"
            continue
        # a describing noun in the definite right before the name, and articles or adjectives before it
        head_ok = described > 0 or low.endswith(grammar.definite_endings)
        if described < _DESCRIPTION_WORDS and head_ok and words[i].isalpha() and words[i].islower():
            if low in not_descriptive:
                return None
            described += 1
            i -= 1
            continue
        return None
    return None


def auditor_near(view: SentenceView, hit: Hit, registry: Registry) -> list[Actor]:
    def is_auditor(a: Actor) -> bool:
        rec = registry.records.get(a.entities[0])
        return rec is not None and auditor_record(rec)

    best, dist = None, None
    for a in view.actors:
        if not is_auditor(a):
            continue
        d = a.first - hit.last if a.first >= hit.last else hit.first - a.last
        if dist is None or d < dist:
            best, dist = a, d
    return [best] if best else []
