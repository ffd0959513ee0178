"""Mentions: the spans of a text that name a jurisdiction, an organisation or a person.

Finders (places here, ``bodies``, ``organisations``, ``people``) each propose mentions;
:func:`resolve_overlaps` keeps the longest (then the most specific) where they overlap, so
"Röda Korsets Moraskrets" is one chapter, not the national Röda Korset plus a place.
Resolving a mention to an entity id happens later, in ``entities``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter

from graph.gazetteer import gazetteer
from graph.textmatch import normalise
from loaders.extract.config import config
from loaders.extract.nlp import resources
from loaders.extract.text import Paragraph


class MentionKind(StrEnum):
    """What found a mention, and so how it is resolved to an entity (``entities``)."""

    JURISDICTION = "jurisdiction"  # a place of the gazetteer ("Ystad", "Ystads kommun")
    ORG = "org"  # a national organisation of the gazetteer
    BODY = "body"  # a body by its morphology ("socialnämnden", "KS")
    CHAPTER = "chapter"  # a local chapter ("Röda Korsets Moraskrets")
    PERSON = "person"
    NAMED = "named"  # a name before a company form or after an appositive head ("föreningen X")
    SUFFIX_ORG = "suffix_org"  # a name with an organisation ending ("-förbundet")
    GROUP = "group"  # municipalities named together ("kommunerna")
    COLLECTIVE = "collective"  # the bodies of a jurisdiction together ("nämnderna")
    SCOPE_NOUN = "scope_noun"  # "kommunen", "regionen": the jurisdiction in scope
    STATE = "state"  # "staten"
    ANAPHOR = "anaphor"  # "nämnden": the last body with that head
    TITLE = "title"  # "samordnaren": the person holding the title
    PRONOUN = "pronoun"  # an actor read from a pronoun (discourse); never a mention


# Which finder wins when two mentions cover the same span.
PRIORITY = {
    MentionKind.CHAPTER: 9,
    MentionKind.ORG: 8,
    MentionKind.PERSON: 7,
    MentionKind.NAMED: 7,
    MentionKind.BODY: 6,
    MentionKind.SUFFIX_ORG: 5,
    MentionKind.GROUP: 5,
    MentionKind.JURISDICTION: 4,
    MentionKind.COLLECTIVE: 3,
    MentionKind.SCOPE_NOUN: 2,
    MentionKind.STATE: 2,
    MentionKind.ANAPHOR: 1,
    MentionKind.TITLE: 1,
}
# The kinds of mention that name an actor of a claim: all but the pronoun, which is no mention.
ACTOR_KINDS = frozenset(MentionKind) - {MentionKind.PRONOUN}
# The kinds that may be a speaker ("säger X"): a person or a named organisation.
SPEAKER_KINDS = frozenset(
    {MentionKind.PERSON, MentionKind.ORG, MentionKind.BODY, MentionKind.CHAPTER, MentionKind.NAMED}
)
# The kinds that name an organisation a person may belong to ("Per Ek på socialförvaltningen").
ORG_KINDS = frozenset(
    {
        MentionKind.ORG,
        MentionKind.BODY,
        MentionKind.CHAPTER,
        MentionKind.NAMED,
        MentionKind.SUFFIX_ORG,
        MentionKind.JURISDICTION,
        MentionKind.SCOPE_NOUN,
    }
)


@dataclass(slots=True)
class Mention:
    """One span that names an actor; ``name`` is the name it gives (genitive dropped)."""

    start: int
    end: int
    text: str
    kind: MentionKind
    type: str | None = None
    key: str | None = None
    name: str | None = None
    genitive: bool = False
    place: str | None = None
    paragraph: int = -1
    entity: str | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = MentionKind(self.kind)  # a plain string is taken and checked: an unknown kind fails here

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """The longest, then highest-priority, mentions that do not overlap, in text order.

    >>> a = Mention(0, 12, "Röda Korsets", MentionKind.ORG)
    >>> b = Mention(0, 23, "Röda Korsets Moraskrets", MentionKind.CHAPTER)
    >>> [str(m.kind) for m in resolve_overlaps([a, b])]
    ['chapter']
    """
    chosen: list[Mention] = []
    for m in sorted(mentions, key=_rank):
        start, end = m.start, m.end
        for c in chosen:
            if start < c.end and c.start < end:
                break
        else:
            chosen.append(m)
    chosen.sort(key=_START)
    return chosen


def _rank(m: Mention) -> tuple[int, int, int]:
    """Longest first, then the highest priority, then the first in the text."""
    return m.start - m.end, -PRIORITY.get(m.kind, 0), m.start


_START = attrgetter("start")


# --- places ----------------------------------------------------------------------------


def _weak_place_ok(text: str, start: int, end: int) -> bool:
    """An ambiguous place name ("Vara", "Mark") counts when capitalised, not first in a
    sentence and not beside another capitalised word (a person's name), unless after a
    preposition of place."""
    if not text[start].isupper():
        return False
    # the characters around the name are read in place: copying the text before and after
    # it (``text[:start].rstrip()``) cost time in proportion to the document
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0 or text[i - 1] in ".!?:\n":
        return False
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    prev = text[j:i]  # the word before
    if prev[0].isupper() and prev.lower() not in config().grammar.place_prepositions:
        return False
    k = end
    while k < len(text) and text[k] == " ":
        k += 1
    return not (text[k : k + 1].isupper() and text[end : end + 1] == " ")


@lru_cache(maxsize=1)
def _first_words() -> tuple[frozenset[str], frozenset[str]]:
    """The first tokens (lower case) of the jurisdiction and of the organisation forms that
    the phrase matchers look for: a paragraph holding none of them has no match, and is
    passed over without calling the matcher (most paragraphs name no place)."""
    res = resources()

    def firsts(forms) -> frozenset[str]:
        return frozenset(doc[0].lower_ for doc in map(res.nlp.make_doc, forms) if len(doc))

    return firsts(res.jurisdiction_forms), firsts(res.org_forms)


@lru_cache(maxsize=8192)  # bounded: the surfaces of gazetteer names repeat across a batch
def _normal(surface: str) -> str:
    """``normalise`` of a surface the phrase matchers found (a name, normalised once)."""
    return normalise(surface)


@lru_cache(maxsize=8192)
def _genitive_form(slug: str, form: str) -> bool:
    """Whether a jurisdiction's form is its genitive ("Ystads", "Ystads kommun"), worked out
    once per gazetteer form rather than normalised again at every mention."""
    j = gazetteer().jurisdictions[slug]
    nouns = config().organisations.municipality_nouns
    return normalise(form) in {normalise(j.genitive), *(normalise(f"{j.genitive} {n}") for n in nouns)}


def find_places(par: Paragraph, full_text: str) -> list[Mention]:
    """Jurisdictions of the gazetteer named in the paragraph (inflected forms included)."""
    out: list[Mention] = []
    if _first_words()[0].isdisjoint(par.lowers):
        return out
    res = resources()
    gaz = gazetteer()
    for _, s, e in res.jurisdictions(par.doc):
        start, end = par.token_start(s), par.token_end(e - 1)
        surface = full_text[start:end]
        entries = res.jurisdiction_forms.get(_normal(surface))
        if not entries:
            continue
        slug, form, weak = entries[0]
        if form[:1].isupper() and not surface[:1].isupper():
            continue
        if weak and not _weak_place_ok(full_text, start, end):
            continue
        if _names_a_newspaper(full_text, end):
            continue  # "Hallands Nyheter", "Norrköpings Tidningar": a paper, not the place
        j = gaz.jurisdictions[slug]
        genitive = surface.lower().endswith("s") and _genitive_form(slug, form)
        out.append(
            Mention(
                start,
                end,
                surface,
                MentionKind.JURISDICTION,
                "jurisdiction",
                slug,
                j.name,
                genitive=genitive and surface.lower() == j.genitive.lower(),
                paragraph=par.index,
            )
        )
    return out


def _names_a_newspaper(text: str, end: int) -> bool:
    """Whether the place that ends at ``end`` is part of a newspaper's name: the word after it
    is one of `newspaper_words` (data/extraction/documents.yaml), capitalised.

    >>> _names_a_newspaper("Hallands Nyheter skriver", 8), _names_a_newspaper("Halland nyheter", 7)
    (True, False)
    """
    after = text[end : end + 30]
    m = _NEXT_CAPITALISED.match(after)
    return m is not None and m.group(1) in config().documents.newspaper_words


_NEXT_CAPITALISED = re.compile(r"[ -]([A-ZÅÄÖ][\w-]*)")


def find_gazetteer_organisations(par: Paragraph, full_text: str) -> list[Mention]:
    """Organisations of the gazetteer, by name, alias, genitive or indefinite form."""
    out: list[Mention] = []
    if _first_words()[1].isdisjoint(par.lowers):
        return out
    res = resources()
    gaz = gazetteer()
    for _, s, e in res.organisations(par.doc):
        start, end = par.token_start(s), par.token_end(e - 1)
        surface = full_text[start:end]
        for form in res.org_forms.get(_normal(surface), ()):
            if form.case == "exact" and surface != form.form and surface != form.form.upper():
                continue
            if form.case == "capital" and not surface[:1].isupper():
                continue
            org = gaz.organisations[form.org_id]
            name = surface[:-1] if form.genitive else surface
            out.append(
                Mention(
                    start,
                    end,
                    surface,
                    MentionKind.ORG,
                    org.type,
                    org.id,
                    name,
                    genitive=form.genitive,
                    place=org.jurisdiction,
                    paragraph=par.index,
                )
            )
            break
    return out
