"""The actors of each sentence, who says it, and what its pronouns stand for.

- Actors: the resolved mentions of a sentence, plus its pronouns: "hon"/"han" is the last
  person named, "de"/"dem" the subject group of the sentence before ("Både miljönämnden
  och vård- och omsorgsförvaltningen … Enligt dem …"), "jag"/"mig" the speaker, "vi" the
  speaker's organisation inside a quote and the document's author outside one.
- Speaker (attribution): "säger X", "X menar att", "enligt X", a paragraph reporting an
  interview ("I samtalet med X kom det fram att"), and dash quotes ("– …") said by the person
  named in or just before the quote.

Claims are made only in the sentences with a trigger (about one in five), so the actors and
the speaker of a sentence are worked out when first asked for (``_Reading``), together with
what they depend on in the sentences before: the result is the same as reading every
sentence in order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from loaders.extract.config import config
from loaders.extract.entities import Registry
from loaders.extract.mentions import SPEAKER_KINDS, Mention
from loaders.extract.people import title_of
from loaders.extract.scope import Scopes
from loaders.extract.text import Paragraph, Sentence

# a paragraph that ends by introducing the quote in the next one ("… säger hon:")
_PLURAL_REACH = 3  # "de" may stand for the subject group of one of the three sentences before


def _introduces_quote(text: str) -> bool:
    """Whether ``text`` ends in a quote-introducing word of cues.yaml (``quote_intro``, with an
    optional full stop) or a colon. Tried only near the end: a match is followed by nothing
    but white space, so it begins within the reach of the text's last visible character
    (the pattern would otherwise be tried at every position)."""
    pattern, reach = _quote_intro_pattern(config().cues.quote_intro)
    tail = len(text.rstrip())
    return pattern.search(text, max(0, tail - reach)) is not None


@lru_cache(maxsize=4)
def _quote_intro_pattern(words: tuple[str, ...]) -> tuple[re.Pattern, int]:
    """The pattern of ``_introduces_quote`` and its reach (the longest word and a full stop).

    >>> pattern, reach = _quote_intro_pattern(("säger", "svarar"))
    >>> bool(pattern.search("… säger hon: ")), bool(pattern.search("Det säger.")), reach
    (True, True, 7)
    """
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = rf"(?:{alternatives})\.?\s*$|:\s*$" if words else r":\s*$"
    return re.compile(pattern), max((len(w) for w in words), default=0) + 1


@lru_cache(maxsize=4)
def _padded(phrases: tuple[str, ...]) -> tuple[tuple[str, str, str, str], ...]:
    """(phrase, " phrase ", "phrase ", its first word): what is looked for in a sentence's
    words joined by spaces; a token holds no space, so the first word must be a token."""
    return tuple((p, " " + p + " ", p + " ", p.split(" ")[0]) for p in phrases)


@lru_cache(maxsize=4)
def _interview_patterns(cues: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    """The interview cues of data/extraction/cues.yaml with their patterns, compiled once."""
    return tuple((cue, re.compile(re.escape(cue) + r"\s")) for cue in cues)


@dataclass(frozen=True)
class _Words:
    """The word sets of data/extraction/cues.yaml that the reading tests sentences against."""

    pronouns: frozenset[str]  # every pronoun
    plural: frozenset[str]  # "de", "dem": they may stand for an earlier sentence's subjects
    said: frozenset[str]  # every word that can signal a speaker: a sentence with none has none
    speech: frozenset[str]  # the words after or before which a speaker is named ("enligt X", "säger X")


@lru_cache(maxsize=1)
def _words() -> _Words:
    """The ``_Words`` of the configuration, built once."""
    c = config().cues
    return _Words(
        pronouns=frozenset(w for words in c.pronouns.values() for w in words),
        plural=frozenset(c.pronouns.get("plural", ())),
        said=c.attribution_preposition
        | c.attribution_after
        | frozenset(p.split()[0] for p in c.attribution_before if p.split()),
        speech=c.attribution_preposition | c.attribution_after,
    )


@lru_cache(maxsize=1)
def _group_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that may open a subject group ahead of its first actor, and those that may
    join its actors (data/extraction/grammar.yaml)."""
    g = config().grammar
    return g.group_separators | g.group_lead_words, g.group_separators | g.appositive_words


@dataclass
class Actor:
    """An actor in a sentence: token positions in the paragraph's Doc and the entities."""

    entities: list[str]
    first: int
    last: int  # index after the last token
    kind: str
    start: int
    end: int
    mention: Mention | None = None


class SentenceView:
    """One sentence of the discourse: its paragraph, its span, its jurisdiction (``scope``),
    whether it is part of a quote, and (worked out when first asked for) its actors, in
    text order, and its speaker."""

    __slots__ = ("_actors", "_reading", "_speaker", "in_quote", "index", "par", "scope", "sent")

    def __init__(self, index: int, par: Paragraph, sent: Sentence, scope: str | None, reading: _Reading):
        self.index, self.par, self.sent, self.scope = index, par, sent, scope
        self.in_quote = par.quote
        self._reading = reading
        self._actors: list[Actor] | None = None
        self._speaker: list[str] | None = None

    @property
    def actors(self) -> list[Actor]:
        if self._actors is None:
            self._actors = self._reading.actors(self.index)
        return self._actors

    @property
    def speaker(self) -> list[str]:
        if self._speaker is None:
            self._speaker = self._reading.speaker(self.index)
        return self._speaker

    @property
    def text(self) -> str:
        return self.par.text_of(self.sent)

    def lowers(self) -> list[str]:
        """The lower-case words of the sentence."""
        return self.par.lowers[self.sent.first : self.sent.last]


class Discourse:
    """Sentences in order with their actors and speakers.

    A sentence's ``SentenceView`` is made when first asked for (``view``): claims look at
    the sentences with a trigger only, about one in five, and its scope is looked up then."""

    def __init__(
        self,
        paragraphs: list[Paragraph],
        mentions: list[Mention],
        registry: Registry,
        scopes: Scopes,
        author: str | None,
    ):
        self.registry, self.author = registry, author
        self.cues = config().cues
        self.scopes = scopes
        self.reading = _Reading(paragraphs, mentions, registry, author)
        self._views: dict[int, SentenceView] = {}

    def view(self, k: int) -> SentenceView:
        """The view of sentence ``k`` (in text order, as ``_Reading`` numbers them)."""
        found = self._views.get(k)
        if found is None:
            reading = self.reading
            par, sent = reading.pars[k], reading.sents[k]
            found = self._views[k] = SentenceView(k, par, sent, self.scopes.of_sentence(par, sent), reading)
        return found

    @property
    def sentences(self) -> list[SentenceView]:
        """Every sentence's view, in text order."""
        return [self.view(k) for k in range(len(self.reading.sents))]


class _Reading:
    """The actors and speakers of the sentences of one document, each worked out when first
    asked for and kept. Sentences are numbered in text order; a paragraph without sentences
    is no paragraph here.

    Two readings of the actors: those named (mentions), which is what speakers are found
    among, and those with the pronouns added, which is what claims are made of. A pronoun
    depends on the speaker of its sentence and on the actors (with pronouns) of the few
    sentences before; a speaker on the sentence, its paragraph and, in a quote, the speakers
    before it."""

    def __init__(self, paragraphs: list[Paragraph], mentions: list[Mention], registry: Registry, author: str | None):
        self.registry, self.author = registry, author
        self.cues = config().cues
        self.words = _words()
        self.pars: list[Paragraph] = []
        self.sents: list[Sentence] = []
        self.par_of: list[int] = []  # sentence → its paragraph's number
        self.par_sentences: list[range] = []  # paragraph number → its sentences
        for par in paragraphs:
            if par.sentences:
                first = len(self.sents)
                self.par_of += [len(self.par_sentences)] * len(par.sentences)
                self.pars += [par] * len(par.sentences)
                self.sents += par.sentences
                self.par_sentences.append(range(first, len(self.sents)))
        self._mentions = self._mentions_by_paragraph(mentions)
        self._people, self._people_starts = self._people_index(mentions, registry)
        n = len(self.sents)
        self._named: list[list[Actor] | None] = [None] * n
        self._actors: list[list[Actor] | None] = [None] * n
        self._said_by: list[list[str] | None] = [None] * n  # sentence → the speaker it names
        self._own: list[list[str] | None] = [None] * len(self.par_sentences)  # paragraph → its own speaker
        self._last_speaker: dict[int, list[str]] = {}  # paragraph number → the last speaker up to it

    @staticmethod
    def _mentions_by_paragraph(mentions: list[Mention]) -> dict[int, tuple[list[Mention], list[int]]]:
        """Paragraph index → (its resolved mentions in text order, their starts); places
        attached to a body name where it is, not an actor."""
        by_par: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.entity and not m.extra.get("attached"):
                by_par.setdefault(m.paragraph, []).append(m)
        out = {}
        for index, ms in by_par.items():
            ms.sort(key=attrgetter("start"))
            out[index] = (ms, [m.start for m in ms])
        return out

    @staticmethod
    def _people_index(mentions: list[Mention], registry: Registry) -> tuple[list[tuple[int, str]], list[int]]:
        """(offset, person id) of every mention of a person, in text order, and the offsets."""
        people = sorted((m.start, m.entity) for m in mentions if m.entity and registry.type_of(m.entity) == "person")
        return people, [start for start, _ in people]

    def last_person(self, offset: int) -> str | None:
        """The person named last before ``offset``."""
        k = bisect_left(self._people_starts, offset)
        return self._people[k - 1][1] if k else None

    # -- actors -----------------------------------------------------------------------------
    def named(self, k: int) -> list[Actor]:
        """The actors named in sentence ``k``: the mentions that start inside it."""
        actors = self._named[k]
        if actors is None:
            actors = self._named[k] = self._named_actors(k)
        return actors

    def _named_actors(self, k: int) -> list[Actor]:
        par, sent = self.pars[k], self.sents[k]
        found = self._mentions.get(par.index)
        if found is None:
            return []
        ms, starts = found
        out = []
        offsets, base = par.starts, par.start
        for m in ms[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]:
            assert m.entity is not None, "only resolved mentions are kept (_mentions_by_paragraph)"
            # the tokens that hold the mention's first and last character (``Paragraph.token_at``)
            first = max(0, bisect_right(offsets, m.start - base) - 1)
            last = max(0, bisect_right(offsets, max(m.start, m.end - 1) - base) - 1) + 1
            out.append(Actor([m.entity], first, last, m.kind, m.start, m.end, m))
        return out

    def actors(self, k: int) -> list[Actor]:
        """The actors of sentence ``k``, pronouns included, in text order. The sentences
        before it whose pronouns it may refer back to are read first, oldest first."""
        actors = self._actors[k]
        if actors is not None:
            return actors
        oldest = j = k
        while j >= max(0, oldest):
            if self._actors[j] is None and self._may_refer_back(j):
                oldest = min(oldest, j - _PLURAL_REACH)
            j -= 1
        for j in range(max(0, oldest), k):
            if self._actors[j] is None:
                self._actors[j] = self._with_pronouns(j)
        actors = self._actors[k] = self._with_pronouns(k)
        return actors

    def _may_refer_back(self, k: int) -> bool:
        """Whether sentence ``k`` has a pronoun that may stand for an earlier subject group."""
        par, sent = self.pars[k], self.sents[k]
        return not self.words.plural.isdisjoint(par.lowers[sent.first : sent.last])

    def subject_group(self, k: int, actors: list[Actor]) -> list[str]:
        """The actors that open sentence ``k`` (of ``actors``), with those coordinated with them."""
        if not actors:
            return []
        par, sent = self.pars[k], self.sents[k]
        first = actors[0]
        opening = range(sent.first, first.first)
        lead = [par.lowers[i] for i in opening if not par.punct[i]]
        leading, joiners = _group_words()
        if len(lead) > 2 and not set(lead) <= leading:
            return []
        group = [first]
        for actor in actors[1:]:
            gap = range(group[-1].last, actor.first)
            if all(par.punct[i] or par.lowers[i] in joiners or title_of(par.words[i]) for i in gap):
                group.append(actor)
            else:
                break
        out: list[str] = []
        for actor in group:
            for e in actor.entities:
                target = self.registry.spoken_for(e) if len(group) > 1 else e
                if target not in out:
                    out.append(target)
        return out

    def previous_group(self, k: int, with_pronouns: bool) -> list[str]:
        """The subject group of the nearest of the sentences before ``k`` that has one."""
        for back in range(k - 1, max(-1, k - 1 - _PLURAL_REACH), -1):
            group = self.subject_group(back, self._settled(back) if with_pronouns else self.named(back))
            if group:
                return group
        return []

    def _earlier_in_sentence(self, k: int, named: list[Actor], i: int) -> list[str]:
        """What a plural pronoun opening a clause stands for when the sentence named an
        organisation before it: "Halmstad gjorde fel när de nekade hemtjänst" (grammar.yaml
        clause_ends and subordinators before the pronoun); nothing for a person, which no
        plural pronoun stands for."""
        par = self.pars[k]
        if i == 0 or par.lowers[i - 1] not in self._clause_openers():
            return []
        before = [a for a in named if a.last <= i - 1]
        for actor in reversed(before):
            kinds = {self.registry.type_of(e) for e in actor.entities}
            if "person" not in kinds:
                return list(actor.entities)
        return []

    @staticmethod
    @lru_cache(maxsize=1)
    def _clause_openers() -> frozenset[str]:
        grammar = config().grammar
        return frozenset(grammar.clause_ends) | frozenset(grammar.subordinators)

    def _settled(self, k: int) -> list[Actor]:
        """The actors of sentence ``k`` with its pronouns, read already."""
        actors = self._actors[k]
        assert actors is not None, "the sentences before are read first"
        return actors

    def _with_pronouns(self, k: int) -> list[Actor]:
        """The actors named in sentence ``k`` and those its pronouns stand for, in text order
        (the sentences before it already read)."""
        named = self.named(k)
        par, sent = self.pars[k], self.sents[k]
        lowers = par.lowers
        pronouns = self.words.pronouns
        if pronouns.isdisjoint(lowers[sent.first : sent.last]):
            return named
        p = self.cues.pronouns
        added: list[Actor] = []
        inside = {i for a in named for i in range(a.first, a.last)}  # the tokens of named actors
        for i in range(sent.first, sent.last):
            low = lowers[i]
            if low not in pronouns or i in inside:
                continue
            entities: list[str] = []
            if low in p.get("person", ()):
                person = self.last_person(par.token_start(i))
                entities = [person] if person else []
            elif low in p.get("plural", ()):
                if low == self.cues.article_word and i + 1 < sent.last:
                    nxt = lowers[i + 1]
                    if nxt in self.cues.article_next_words or nxt.endswith(self.cues.article_next_endings):
                        continue
                entities = self._earlier_in_sentence(k, named, i) or self.previous_group(k, with_pronouns=True)
            elif low in p.get("first_person_singular", ()):
                entities = [s for s in self.speaker(k) if self.registry.type_of(s) == "person"][:1]
            elif low in p.get("first_person_plural", ()):
                speaker = self.speaker(k)
                if speaker:  # "vi" of a speaker: the organisation they speak for
                    entities = [self.registry.spoken_for(speaker[0])]
                elif self.author:
                    entities = [self.author]
            if entities:
                added.append(Actor(entities, i, i + 1, "pronoun", par.token_start(i), par.token_end(i)))
        return sorted(named + added, key=lambda a: a.first) if added else named

    # -- speakers ---------------------------------------------------------------------------
    def speaker(self, k: int) -> list[str]:
        """Who says sentence ``k`` (entity ids; empty when the text's own voice does): the
        speaker it names, else the speaker of its paragraph."""
        return self._said(k) or self._paragraph_speaker(self.par_of[k])

    def _said(self, k: int) -> list[str]:
        """``_sentence_speaker(k)``, kept."""
        said = self._said_by[k]
        if said is None:
            said = self._said_by[k] = self._sentence_speaker(k)
        return said

    def _paragraph_speaker(self, p: int) -> list[str]:
        """The speaker of the sentences of paragraph ``p`` that name none: the paragraph's own
        (``_own_speaker``), else, in a quote, the last speaker before it."""
        speaker = self._own_speaker(p)
        if not speaker and self.pars[self.par_sentences[p].start].quote:
            return self.last_speaker_before(p)
        return speaker

    def _own_speaker(self, p: int) -> list[str]:
        """The speaker paragraph ``p`` gives the sentences that name none: in a quote the
        first speaker one of its sentences names, else the person introducing it in the
        paragraph before; otherwise the person an interview is reported with."""
        speaker = self._own[p]
        if speaker is None:
            sentences = self.par_sentences[p]
            if self.pars[sentences.start].quote:
                speaker = next((s for s in map(self._said, sentences) if s), None) or self._quote_intro(p)
            else:
                speaker = self._interview_speaker(p)
            self._own[p] = speaker
        return speaker

    def last_speaker_before(self, p: int) -> list[str]:
        """The speaker of the last sentence before paragraph ``p`` that has one."""
        walked: list[int] = []
        found: list[str] = []
        for q in range(p - 1, -1, -1):
            if q in self._last_speaker:
                found = self._last_speaker[q]
                break
            walked.append(q)
            last = self._last_speaker_in(q)
            if last:
                found = last
                break
        for q in walked:  # the last speaker up to each of them
            self._last_speaker[q] = found
        return found

    def _last_speaker_in(self, p: int) -> list[str]:
        """The speaker of the last sentence of paragraph ``p`` that has one, as far as the
        paragraph tells: a quote without a speaker of its own has the one before it, which
        is what is being looked for."""
        sentences = self.par_sentences[p]
        own = self._own_speaker(p)
        if own:  # every sentence has a speaker
            return self._said(sentences[-1]) or own
        return next((s for s in map(self._said, reversed(sentences)) if s), [])

    def _interview_speaker(self, p: int) -> list[str]:
        """The person a paragraph reports an interview with ("I samtalet med X …")."""
        sentences = self.par_sentences[p]
        par = self.pars[sentences.start]
        low = par.text.lower()
        for cue, pattern in _interview_patterns(tuple(self.cues.interview)):
            m = pattern.search(low) if cue in low else None
            if m:
                at = par.start + m.end()
                k = next((k for k in sentences if self.sents[k].start <= at < self.sents[k].end), None)
                actor = _actor_after(self.named(k), par.token_at(at), 1) if k is not None else None
                return actor.entities if actor else []
        return []

    def _quote_intro(self, p: int) -> list[str]:
        """The first person named in the paragraph before a quote when it ends by introducing
        it ("… säger hon:")."""
        if p == 0:
            return []
        sentences = self.par_sentences[p - 1]
        if not _introduces_quote(self.pars[sentences.start].text):
            return []
        intro = [a for k in sentences for a in self.named(k) if a.kind == "person"]
        return intro[0].entities if intro else []

    def _actor_before(self, k: int, i: int) -> Actor | None:
        i = _before_party(self.pars[k].words, i, self.sents[k].first)  # "Bo Ek (C) säger att"
        best = None
        lowers = self.pars[k].lowers
        for a in self.named(k):
            if a.last <= i and (i - a.last <= 1 or ends_at(lowers, a.last, i)):
                best = a
        if best is None or best.kind != "person":
            return self._apposition_head(k, i) or self._person_at(k, best) or best
        return best

    def _person_at(self, k: int, org: Actor | None) -> Actor | None:
        """The person named right before a preposition of affiliation (people.yaml: "på", "i",
        "vid" …) and the organisation ``org``: in "Hans Forsberg på Sundsvalls kommun säger
        att" the speaker is Hans Forsberg, not the municipality."""
        if org is None or org.first < 2:
            return None
        if self.pars[k].lowers[org.first - 1] not in config().people.affiliation_prepositions:
            return None
        return next((a for a in self.named(k) if a.kind == "person" and a.last == org.first - 1), None)

    def _apposition_head(self, k: int, i: int, longest: int = 10) -> Actor | None:
        """The person an apposition ending at ``i`` describes: in "Per Lind, ordförande i
        nämnden i Mora, menar" the speaker is Per Lind, not a body or place in the title."""
        words, first = self.pars[k].words, self.sents[k].first
        if i - 1 < first or words[i - 1] != ",":
            return None
        for j in range(i - 2, max(first, i - 2 - longest) - 1, -1):
            if words[j] == ",":
                end = _before_party(words, j, first)  # "Eva Ek (S), ordförande i nämnden, menar"
                return next((a for a in self.named(k) if a.kind == "person" and a.last == end), None)
        return None

    def _pronoun_speaker(self, k: int, i: int) -> list[str]:
        """ "Hon menar att", "De menar att", "enligt dem"."""
        par = self.pars[k]
        low = par.lowers[i]
        p = self.cues.pronouns
        if low in p.get("person", ()):
            person = self.last_person(par.token_start(i))
            return [person] if person else []
        if low in p.get("plural", ()):
            return self.previous_group(k, with_pronouns=False)
        return []

    def _sentence_speaker(self, k: int) -> list[str]:
        """The speaker sentence ``k`` names itself: "enligt X", "säger X", "X menar att"."""
        par, sent = self.pars[k], self.sents[k]
        lows = par.lowers[sent.first : sent.last]
        if self.words.said.isdisjoint(lows):
            return []
        base = sent.first
        # "enligt X", "säger X": only a sentence with one of those words is read word by word
        said_near = () if self.words.speech.isdisjoint(lows) else enumerate(lows)
        for n, low in said_near:
            i = base + n
            if low in self.cues.attribution_preposition:
                actor = _actor_after(self.named(k), i + 1, 0)
                if actor is None and n + 2 < len(lows) and title_of(par.words[i + 1]):
                    actor = _actor_after(self.named(k), i + 2, 0)  # "enligt socialchef Anna Berg"
                if actor:
                    return actor.entities
                return self._pronoun_speaker(k, i + 1) if i + 1 < sent.last else []
            if (
                low in self.cues.attribution_after
                and n > 0
                and (n + 1 == len(lows) or lows[n + 1] not in config().grammar.subordinators)
            ):
                actor = _actor_after(self.named(k), i + 1, 1)  # "säger X", not "säger att X …"
                if actor and actor.kind in SPEAKER_KINDS:
                    return actor.entities
                if actor is None and n + 1 < len(lows) and lows[n + 1] in self.cues.pronouns.get("person", ()):
                    spoken = self._pronoun_speaker(k, i + 1)  # "…, säger hon."
                    if spoken:
                        return spoken
        text = " ".join(lows)
        present = set(lows)
        for _phrase, inner, lead, head in _padded(self.cues.attribution_before):
            if head not in present:  # the phrase's first word is no word of the sentence
                continue
            pos = text.find(inner) if not text.startswith(lead) else 0
            if pos < 0:
                continue
            n = len(text[: pos + 1].split())  # token index of the phrase
            actor = self._actor_before(k, base + n)
            if actor and actor.kind in SPEAKER_KINDS:
                return actor.entities
            if n > 0:
                spoken = self._pronoun_speaker(k, base + n - 1)
                if spoken:
                    return spoken
        return []


def ends_at(lowers: list[str], last: int, pos: int) -> bool:
    """Whether an actor ending at token ``last`` ends at ``pos``, its place phrase included:
    "Kommunstyrelsen i Mora, som …" ends at the comma as "Kommunstyrelsen, som …" does
    (the place after a body is part of its name, not an actor of its own).

    >>> ends_at(["nämnden", "i", "mora", ","], 1, 3), ends_at(["nämnden", "och", "x", ","], 1, 3)
    (True, False)
    """
    return last == pos or (last + 2 == pos and lowers[last] in config().grammar.place_prepositions)


def _before_party(words: list[str], i: int, first: int) -> int:
    """``i``, moved back over a party marker that ends right before it ("Eva Ek (S)").

    >>> _before_party(["Eva", "Ek", "(", "S", ")", "säger"], 5, 0), _before_party(["Eva", "säger"], 1, 0)
    (2, 1)
    """
    if (
        i - 3 >= first
        and words[i - 1] == ")"
        and words[i - 3] == "("
        and 1 <= len(words[i - 2]) <= 4
        and words[i - 2][0].isupper()
    ):
        return i - 3
    return i


def _actor_after(actors: list[Actor], i: int, within: int = 2) -> Actor | None:
    """The first of ``actors`` that begins at token ``i`` or at most ``within`` tokens later."""
    for a in actors:
        if i <= a.first <= i + within:
            return a
    return None
