"""From mentions to entities: ids (FORMAT.md "Ids"), names, aliases, jurisdictions, and the
in-document coreference that ties "Sjövall", "Karin", "samordnaren", "myndigheten" or
"KS" to the entity named in full elsewhere.

A body is placed in the jurisdiction attached to it ("Ystads kommunfullmäktige",
"Kommunfullmäktige i Mora", "beställarenheten på Lunds kommun") or else in the
jurisdiction in scope where it is named.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count

from graph.gazetteer import gazetteer
from graph.ids import entity_id, slugify
from graph.model import Entity
from graph.textmatch import normalise
from loaders.extract.config import config
from loaders.extract.mentions import Mention, MentionKind
from loaders.extract.people import PersonFact, title_of
from loaders.extract.scope import Scopes
from loaders.extract.text import Paragraph


@lru_cache(maxsize=1)
def _attach_after() -> re.Pattern:
    """What joins a body to the place after it ("nämnden i Mora"): grammar.yaml attach_prepositions."""
    words = "|".join(re.escape(w) for w in config().grammar.attach_prepositions)
    return re.compile(rf"^\s+(?:{words})\s+$")


@dataclass
class EntityRecord:
    id: str
    type: str
    jurisdiction: str | None = None
    names: list[str] = field(default_factory=list)
    preferred: str | None = None
    role: str | None = None
    affiliation: str | None = None
    first: int = 0

    def entity(self) -> Entity:
        name = self.preferred or max(self.names, key=len)
        seen = {normalise(name)}
        aliases = []
        for n in self.names:
            key = normalise(n)
            if key not in seen:
                seen.add(key)
                aliases.append(n)
        return Entity(
            id=self.id,
            name=name,
            type=self.type,
            jurisdiction=self.jurisdiction,
            aliases=aliases,
            role=self.role,
            affiliation=self.affiliation,
        )


@lru_cache(maxsize=1)
def _anaphoric_heads() -> dict[str, tuple[str, ...]]:
    """The anaphoric nouns by the entity type they refer to ("board": ("nämnden", …))."""
    out: dict[str, tuple[str, ...]] = {}
    for noun, type_ in config().organisations.anaphoric_nouns.items():
        out[type_] = (*out.get(type_, ()), noun)
    return out


@dataclass
class Registry:
    """Entities by id, and the entity id of every mention."""

    records: dict[str, EntityRecord] = field(default_factory=dict)
    chapters: dict[str, str] = field(default_factory=dict)  # chapter id → national id

    def add(
        self,
        entity: str,
        type_: str,
        surface: str | None,
        jurisdiction: str | None = None,
        preferred: str | None = None,
        at: int = 0,
    ) -> EntityRecord:
        rec = self.records.get(entity)
        if rec is None:
            rec = self.records[entity] = EntityRecord(entity, type_, jurisdiction, first=at)
        if surface and surface not in rec.names:
            rec.names.append(surface)
        if preferred and not rec.preferred:
            rec.preferred = preferred
        return rec

    def spoken_for(self, entity: str) -> str:
        """The organisation a person speaks for (their affiliation), else the entity itself:
        "vi" of a chair, or a person in a group of bodies, stands for the body."""
        rec = self.records.get(entity)
        return rec.affiliation if rec is not None and rec.type == "person" and rec.affiliation else entity

    def type_of(self, entity: str | None) -> str | None:
        if entity is None:
            return None
        rec = self.records.get(entity)
        if rec is not None:
            return rec.type
        return "jurisdiction" if "/" not in entity or entity.endswith("/kommunerna") else None

    def entity_map(self) -> dict[str, Entity]:
        """Entities by id (built afresh: records may still grow while claims are found)."""
        return {r.id: r.entity() for r in self.records.values()}

    def entities(self) -> list[Entity]:
        return [
            r.entity()
            for r in sorted(self.records.values(), key=lambda r: r.first)
            if r.type != "jurisdiction" or "/" in r.id
        ]


def _attached_place(m: Mention, mentions: list[Mention], i: int, text: str) -> str | None:
    """The jurisdiction written beside a body: genitive before it, or "i/på <place>" after.
    That place mention is marked ``attached``: it names where the body is, not an actor."""
    if i > 0:
        prev = mentions[i - 1]
        if prev.kind == "jurisdiction" and prev.genitive and not text[prev.end : m.start].strip():
            prev.extra["attached"] = True
            return prev.key
    if i + 1 < len(mentions):
        nxt = mentions[i + 1]
        if nxt.kind == "jurisdiction" and _attach_after().match(text[m.end : nxt.start]):
            nxt.extra["attached"] = True
            return nxt.key
    return None


def _group_owner(of: str, scope: str | None) -> str | None:
    """Whose municipalities a group is: the state's, the region's in scope, or — for a bare
    "kommunerna" (``of: scope``) — those of the region the passage is about, else the country's
    (a municipality's own text speaks of "kommunerna" as municipalities in general)."""
    state = config().documents.state
    if of == "state":
        return state
    if of == "scope":  # the region's municipalities in a region's passage, else the country's
        return scope if scope is not None and _region_of(scope) == scope else state
    return _region_of(scope)


def _is_region(slug: str | None) -> bool:
    j = gazetteer().jurisdictions.get(slug or "")
    return j is not None and j.kind == "region"


def _last_municipality(mentions: list[Mention], i: int) -> str | None:
    """The municipality mentioned last before mention ``i`` (a jurisdiction of kind municipality)."""
    gaz = gazetteer()
    for m in reversed(mentions[:i]):
        if m.kind == "jurisdiction" and m.key:
            j = gaz.jurisdictions.get(m.key)
            if j is not None and j.kind == "municipality":
                return j.slug
    return None


def _region_of(slug: str | None) -> str | None:
    """The region a jurisdiction lies in (itself when it is one)."""
    gaz = gazetteer()
    j = gaz.jurisdictions.get(slug or "")
    if j is None:
        return None
    if j.kind == "region":
        return j.slug
    return next((r.slug for r in gaz.jurisdictions.values() if r.kind == "region" and r.county == j.county), None)


def _county_organisation(m: Mention, scope: str | None) -> str | None:
    """ "Länsstyrelsen" → the county board of the county the scope lies in."""
    gaz = gazetteer()
    j = gaz.jurisdictions.get(scope or "")
    if j is None or not j.county:
        return None
    org = gaz.organisation_by_name(m.extra["county_template"].format(county=j.county))
    return org.id if org else None


class _Resolver:
    def __init__(self, paragraphs: list[Paragraph], text: str, scopes: Scopes, author_hint: str | None = None):
        self.paragraphs, self.text, self.scopes = paragraphs, text, scopes
        self.registry = Registry()
        self.gaz = gazetteer()
        self.body_names: dict[str, str] = {}

    def scope(self, m: Mention) -> str | None:
        return self.scopes.at(self.paragraphs[m.paragraph], m.start)

    def resolve(self, mentions: list[Mention]) -> None:
        """The entity of every mention, in text order. An anaphoric noun ("nämnden",
        "enheten") refers back to the last entity of its type whose name has that head
        ("integrationsenheten"), else to the last of its type (``last``: by type, and by
        ("head", noun))."""
        last: dict = {}
        heads = _anaphoric_heads()
        self.body_names = same_body_names(mentions)
        for i, m in enumerate(mentions):
            entity = self._entity(m, mentions, i, last)
            m.entity = entity
            if entity:
                t = self.registry.type_of(entity)
                if t:
                    last[t] = (entity, m.paragraph)
                if m.kind != "anaphor" and m.name and t in heads:
                    low = m.name.lower()
                    if low.endswith(heads[t]):
                        for noun in heads[t]:
                            if low.endswith(noun):
                                last[("head", noun)] = (entity, m.paragraph)

    def _entity(self, m: Mention, mentions: list[Mention], i: int, last: dict) -> str | None:
        """The entity id of one mention (the jurisdiction in scope is looked up only by the
        kinds that need it: most mentions name their entity themselves)."""
        reg = self.registry
        if m.kind == "jurisdiction":
            return m.key
        if m.kind in ("scope_noun", "collective"):
            scope = self.scope(m)
            if m.kind == "scope_noun" and m.key in config().organisations.region_nouns:
                return _region_of(scope)
            if m.kind == "scope_noun" and _is_region(scope):
                # "kommunen" where the passage names a region too: the municipality named last
                return _last_municipality(mentions, i) or scope
            return scope
        if m.kind == "state":
            return config().documents.state
        if m.kind == "group":
            assert m.key is not None, "a group mention carries the group's owner (references)"
            owner = _group_owner(m.key, self.scope(m))
            if owner is None:
                return None
            rec = reg.add(f"{owner}/kommunerna", "jurisdiction", m.text, owner, at=m.start)
            return rec.id
        if m.kind == "anaphor":
            for found in (last.get(("head", m.key)), last.get(m.type)):
                if found and m.paragraph - found[1] <= 2:
                    return found[0]
            return None
        if m.kind == "body":
            assert m.name is not None and m.type is not None, "a body mention carries its name and type (bodies)"
            place = _attached_place(m, mentions, i, self.text) or self.scope(m)
            if place is None:
                return None
            name = self.body_names.get(m.name.lower(), m.name)
            eid = entity_id(name, m.type, place)
            reg.add(eid, m.type, m.text if not m.genitive else m.text[:-1], place, preferred=name, at=m.start)
            return eid
        if m.kind == "org":
            org_id = m.key or (_county_organisation(m, self.scope(m)) if "county_template" in m.extra else None)
            if org_id is None:
                return None
            org = self.gaz.organisations[org_id]
            rec = reg.add(org_id, org.type, m.name, org.jurisdiction, at=m.start)
            name = normalise(org.name)
            if any(normalise(n) == name for n in rec.names):
                rec.preferred = org.name
            return org_id
        if m.kind == "chapter":
            assert m.name is not None, "a chapter mention carries its name (organisations)"
            place = m.place or self.scope(m)
            national = m.extra["national"]
            nat = self.gaz.organisations[national]
            reg.add(national, nat.type, m.extra.get("national_name") or nat.name, nat.jurisdiction, at=m.start)
            if m.extra.get("local_place") or not place:
                eid = f"{place or 'org'}/{slugify(m.name)}"
            else:
                eid = f"{place}/{national.split('/', 1)[1]}"
            reg.add(eid, "civil_society", m.name, place, at=m.start)
            reg.chapters[eid] = national
            return eid
        if m.kind in ("named", "suffix_org"):
            assert m.name is not None and m.type is not None, "an organisation by its form has a name and type"
            known = self.gaz.organisation_by_name(m.name)
            if known is not None:
                reg.add(known.id, known.type, m.name, known.jurisdiction, at=m.start)
                return known.id
            local = m.extra.get("local") or m.extra.get("unknown")
            scope = self.scope(m)
            j = self.gaz.jurisdictions.get(scope or "")
            place = scope if local and j is not None and j.kind != "state" else None
            eid = entity_id(m.name, m.type, place) if place else f"org/{slugify(m.name)}"
            alias: str | None = m.extra.get("alias")
            # "bostadsbolaget Witalabostäder AB": a lower-case head describes the name, it is none of it
            described = alias is not None and alias[:1].islower()
            reg.add(eid, m.type, m.name, place, preferred=m.name if described else None, at=m.start)
            if alias:
                reg.records[eid].names.append(alias)
            return eid
        if m.kind == "person":
            assert m.name is not None, "a person mention carries the name (people, coreference)"
            eid = entity_id(m.name, "person")
            reg.add(eid, "person", m.name, at=m.start)
            return eid
        if m.kind == "title":
            return m.entity
        return None


def same_body_names(mentions: list[Mention]) -> dict[str, str]:
    """The name each body name of an organisations.yaml ``same_body`` group takes in this
    document: the first full name used, else the first bare one ("Kommunrevisionen" for
    "revisorerna" too, when the report says both).

    >>> from loaders.extract.mentions import MentionKind
    >>> def body(name):
    ...     return Mention(0, 1, name, MentionKind.BODY, "board", name.lower(), name)
    >>> same_body_names([body("Revisorerna"), body("Kommunrevisionen")])["revisorerna"]
    'Kommunrevisionen'
    >>> same_body_names([body("Revisorerna")])["revisorerna"]
    'Revisorerna'
    """
    first: dict[str, str] = {}
    for m in mentions:
        if m.kind == "body" and m.name:
            first.setdefault(m.name.lower(), m.name)
    out: dict[str, str] = {}
    for names, bare in config().organisations.same_body:
        used = [low for low in first if low in names] or [low for low in first if low in bare]
        chosen = first[used[0]] if used else None
        if chosen is not None:
            out.update(dict.fromkeys(names + bare, chosen))
    return out


def coreference_mentions(
    paragraphs: list[Paragraph], text: str, mentions: list[Mention], facts: list[PersonFact]
) -> list[Mention]:
    """Mentions of people by surname, given name or definite title ("Sjövall", "Karin",
    "samordnaren"), where the text names them in full elsewhere."""
    people: dict[str, PersonFact] = {}
    for f in facts:
        people.setdefault(f.name, f)
    if not people:
        return []
    surnames: dict[str, set[str]] = {}
    givens: dict[str, set[str]] = {}
    for name in people:
        parts = name.split()
        surnames.setdefault(parts[-1], set()).add(name)
        givens.setdefault(parts[0], set()).add(name)
    roles: dict[str, list[str]] = {}
    for f in facts:
        if f.role:
            roles.setdefault(f.role.split("/")[0], [])
            if f.name not in roles[f.role.split("/")[0]]:
                roles[f.role.split("/")[0]].append(f.name)
    is_taken = _span_index([(m.start, m.end) for m in mentions])
    # A word refers to a person when it is (or its genitive stem is) a known name part, or when
    # it is a definite title of someone's role: only such words are visited.
    name_parts = set(surnames) | set(givens)
    role_words = _role_words(paragraphs, roles) if roles else frozenset()
    named_words = _words_naming(name_parts)
    out = []
    for par in paragraphs:
        words, lowers = par.words, par.lowers
        for i in _word_indexes(words, lowers, named_words, role_words):
            word, low = words[i], lowers[i]
            if not word[:1].isalpha():
                continue
            nxt = words[i + 1] if i + 1 < len(words) else ""
            follows_name = nxt[:1].isupper() and nxt.isalpha()
            if follows_name:
                continue
            bare = word[:-1] if word.endswith("s") and len(word) > 3 else word
            target: str | list[str] | None = None
            if word[:1].isupper():
                for w in (word, bare):
                    named = surnames.get(w) if len(surnames.get(w, ())) == 1 else givens.get(w)
                    if named and len(named) == 1:
                        target = next(iter(named))
                        break
            if target is None and roles and low.endswith(config().grammar.definite_endings):
                title = title_of(word)
                if title and title != word.lower():
                    names = list(
                        dict.fromkeys(n for t, ns in roles.items() if t == title or t.endswith(title) for n in ns)
                    )
                    target = names[0] if len(names) == 1 else (names or None)
            if not target:
                continue
            start = par.start + par.starts[i]
            end = start + len(word)
            if target and is_taken(start, end):
                continue
            if isinstance(target, str):
                out.append(
                    Mention(
                        start,
                        end,
                        word,
                        MentionKind.PERSON,
                        "person",
                        target,
                        target,
                        paragraph=par.index,
                        extra={"coreference": True},
                    )
                )
            elif target:
                out.append(
                    Mention(
                        start,
                        end,
                        word,
                        MentionKind.TITLE,
                        "person",
                        None,
                        word,
                        paragraph=par.index,
                        extra={"candidates": target},
                    )
                )
    return out


def _words_naming(name_parts: set[str]) -> frozenset[str]:
    """The words that may name a known person: a name part or its genitive in -s ("Sjövall",
    "Sjövalls"; only a word in -s is read as a genitive). Built from the name parts alone,
    not from the text's words: a word here that names nobody is passed over anyway."""
    return frozenset(name_parts).union([part + "s" for part in name_parts])


def _word_indexes(words: list[str], lowers: list[str], named: frozenset[str], roles: frozenset[str]) -> list[int]:
    """The indexes, in order, of the paragraph's words that are in ``named`` or whose lower
    case is in ``roles`` (the set look-ups run at C speed; most paragraphs have none)."""
    found = [] if named.isdisjoint(words) else list(compress(count(), map(named.__contains__, words)))
    if not roles.isdisjoint(lowers):
        found = sorted(set(found).union(compress(count(), map(roles.__contains__, lowers))))
    return found


def _role_words(paragraphs: list[Paragraph], roles: dict[str, list[str]]) -> frozenset[str]:
    """The words of the text (lower case) that are a definite form of a title some named
    person holds ("samordnaren" for an "integrationssamordnare"), each word judged once."""
    distinct: set[str] = set()
    for par in paragraphs:
        distinct.update(par.lowers)
    out = set()
    for low in distinct:
        if not low.endswith(config().grammar.definite_endings):
            continue
        title = title_of(low)
        if title and title != low and any(t == title or t.endswith(title) for t in roles):
            out.add(low)
    return frozenset(out)


def _span_index(spans: list[tuple[int, int]]):
    """A test "does [start, end) overlap any of ``spans``" in O(log n).

    >>> taken = _span_index([(0, 5), (10, 20), (12, 14)])
    >>> taken(4, 6), taken(5, 10), taken(19, 25), taken(20, 30)
    (True, False, True, False)
    """
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach, top = [], -1
    for _, b in spans:
        top = max(top, b)
        reach.append(top)

    def overlaps(start: int, end: int) -> bool:
        j = bisect_left(starts, end)  # spans[:j] start before ``end``
        return j > 0 and reach[j - 1] > start

    return overlaps


def resolve_titles(
    mentions: list[Mention], facts: list[PersonFact], scopes: Scopes, paragraphs: list[Paragraph], registry: Registry
) -> None:
    """A definite title shared by several people ("samordnaren") is the one in scope."""
    for m in mentions:
        cands = m.extra.get("candidates")
        if m.kind != "title" or not cands:
            continue
        scope = scopes.at(paragraphs[m.paragraph], m.start)
        in_scope = [n for n in cands if _person_place(entity_id(n, "person"), registry) == scope]
        if len(in_scope) == 1:
            m.entity = entity_id(in_scope[0], "person")


def _person_place(pid: str, registry: Registry) -> str | None:
    rec = registry.records.get(pid)
    if rec is None or rec.affiliation is None:
        return None
    aff = registry.records.get(rec.affiliation)
    if aff is None:
        return rec.affiliation if "/" not in rec.affiliation else None
    return aff.jurisdiction


def build_registry(paragraphs: list[Paragraph], text: str, mentions: list[Mention], scopes: Scopes) -> Registry:
    """Resolve every mention (in text order) and collect the entities."""
    resolver = _Resolver(paragraphs, text, scopes)
    resolver.resolve(mentions)
    return resolver.registry
