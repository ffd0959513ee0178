"""The actors of each sentence, who says it, and what its pronouns stand for.

- Actors: the resolved mentions of a sentence, plus its pronouns: "hon"/"han" is the last
  person named, "de"/"dem" the subject group of the sentence before ("Både miljönämnden
  och vård- och omsorgsförvaltningen … Enligt dem …"), "jag"/"mig" the speaker, "vi" the
  speaker's organisation inside a quote and the document's author outside one.
- Speaker (attribution): "säger X", "X menar att", "enligt X", a paragraph reporting an
  interview ("I samtalet med X kom det fram att"), and dash quotes ("– …") said by the person
  named in or just before the quote.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.extract.config import config
from loaders.extract.entities import Registry
from loaders.extract.mentions import Mention
from loaders.extract.people import title_of
from loaders.extract.scope import Scopes
from loaders.extract.text import Paragraph, Sentence

_SEPARATORS = {",", "och", "samt", "både", "eller", "&", "/", "såväl", "som", "liksom"}
_APPOSITIVE = {"från", "på", "vid", "i", "för", "hos", "kommun", "kommuns", "inom"}
_JOINERS = _SEPARATORS | _APPOSITIVE
# a paragraph that ends by introducing the quote in the next one ("… säger hon:")
_INTRODUCES_QUOTE = re.compile(r"(fortsätter|fortsatte|svarar|säger)\.?\s*$|:\s*$")
_INTRODUCES_QUOTE_REACH = 11  # the longest cue word and its full stop


def _introduces_quote(text: str) -> bool:
    """``_INTRODUCES_QUOTE.search(text)``, tried only near the end: a match is a cue word (or a
    colon) followed by nothing but white space, so it begins within the reach of the text's
    last visible character (the pattern would otherwise be tried at every position)."""
    tail = len(text.rstrip())
    return _INTRODUCES_QUOTE.search(text, max(0, tail - _INTRODUCES_QUOTE_REACH)) is not None


@lru_cache(maxsize=4)
def _padded(phrases: tuple[str, ...]) -> tuple[tuple[str, str, str, str], ...]:
    """(phrase, " phrase ", "phrase ", its first word): what is looked for in a sentence's
    words joined by spaces; a token holds no space, so the first word must be a token."""
    return tuple((p, " " + p + " ", p + " ", p.split(" ")[0]) for p in phrases)


@lru_cache(maxsize=4)
def _interview_patterns(cues: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    """The interview cues of data/extraction/cues.yaml with their patterns, compiled once."""
    return tuple((cue, re.compile(re.escape(cue) + r"\s")) for cue in cues)


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


@dataclass
class SentenceView:
    index: int
    par: Paragraph
    sent: Sentence
    actors: list[Actor] = field(default_factory=list)
    scope: str | None = None
    speaker: list[str] = field(default_factory=list)
    in_quote: bool = False

    @property
    def text(self) -> str:
        return self.par.text_of(self.sent)

    def lowers(self) -> list[str]:
        """The lower-case words of the sentence."""
        return self.par.lowers[self.sent.first:self.sent.last]


class Discourse:
    """Sentences in order with their actors and speakers."""

    def __init__(self, paragraphs: list[Paragraph], mentions: list[Mention], registry: Registry, scopes: Scopes,
                 author: str | None):
        self.registry, self.author = registry, author
        self.cues = config().cues
        self.sentences: list[SentenceView] = []
        by_par: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.entity and not m.extra.get("attached"):
                by_par.setdefault(m.paragraph, []).append(m)
        for par in paragraphs:
            ms = sorted(by_par.get(par.index, []), key=lambda m: m.start)
            starts = [m.start for m in ms]
            for sent in par.sentences:
                view = SentenceView(len(self.sentences), par, sent, scope=scopes.of_sentence(par, sent))
                # the mentions that start inside the sentence (``ms`` is in text order)
                for m in ms[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]:
                    first = par.token_at(m.start)
                    last = par.token_at(max(m.start, m.end - 1)) + 1
                    view.actors.append(Actor([m.entity], first, last, m.kind, m.start, m.end, m))
                self.sentences.append(view)
        self._last_person: list[tuple[int, str]] = []  # (offset, person id) in text order
        for m in mentions:
            if m.entity and registry.type_of(m.entity) == "person":
                self._last_person.append((m.start, m.entity))
        self._last_person.sort()
        self._last_person_starts = [start for start, _ in self._last_person]
        self._assign_speakers()
        for view in self.sentences:
            self._add_pronouns(view)

    # -- pronouns ---------------------------------------------------------------------------
    def _pronoun_words(self) -> frozenset[str]:
        """Every pronoun of data/extraction/cues.yaml, for a quick membership test."""
        if not hasattr(self, "_pronouns"):
            self._pronouns = frozenset(w for words in self.cues.pronouns.values() for w in words)
        return self._pronouns

    def last_person(self, offset: int) -> str | None:
        """The person named last before ``offset``."""
        k = bisect_left(self._last_person_starts, offset)
        return self._last_person[k - 1][1] if k else None

    def subject_group(self, view: SentenceView) -> list[str]:
        """The actors that open a sentence, with those coordinated with them."""
        if not view.actors:
            return []
        par = view.par
        first = view.actors[0]
        opening = range(view.sent.first, first.first)
        lead = [par.lowers[i] for i in opening if not par.punct[i]]
        if len(lead) > 2 and not set(lead) <= _SEPARATORS | {"enligt"}:
            return []
        group = [first]
        for actor in view.actors[1:]:
            gap = range(group[-1].last, actor.first)
            if all(par.punct[i] or par.lowers[i] in _JOINERS or title_of(par.words[i]) for i in gap):
                group.append(actor)
            else:
                break
        out: list[str] = []
        for actor in group:
            for e in actor.entities:
                rec = self.registry.records.get(e)
                target = rec.affiliation if rec is not None and rec.type == "person" and rec.affiliation and \
                    len(group) > 1 else e
                if target not in out:
                    out.append(target)
        return out

    def previous_group(self, view: SentenceView) -> list[str]:
        for back in range(view.index - 1, max(-1, view.index - 4), -1):
            group = self.subject_group(self.sentences[back])
            if group:
                return group
        return []

    def _add_pronouns(self, view: SentenceView) -> None:
        p = self.cues.pronouns
        lowers = view.par.lowers
        pronouns = self._pronoun_words()
        if pronouns.isdisjoint(lowers[view.sent.first:view.sent.last]):
            view.actors.sort(key=lambda a: a.first)
            return
        for i in range(view.sent.first, view.sent.last):
            low = lowers[i]
            if low not in pronouns or any(a.first <= i < a.last for a in view.actors):
                continue
            entities: list[str] = []
            if low in p.get("person", ()):
                person = self.last_person(view.par.token_start(i))
                entities = [person] if person else []
            elif low in p.get("plural", ()):
                if low == "de" and i + 1 < view.sent.last:
                    nxt = lowers[i + 1]
                    if nxt in {"som", "flesta", "andra", "olika", "två", "tre"} or nxt.endswith(("a", "na", "ande")):
                        continue
                entities = self.previous_group(view)
            elif low in p.get("first_person_singular", ()):
                entities = [s for s in view.speaker if self.registry.type_of(s) == "person"][:1]
            elif low in p.get("first_person_plural", ()):
                if view.in_quote and view.speaker:
                    rec = self.registry.records.get(view.speaker[0])
                    entities = [rec.affiliation] if rec is not None and rec.affiliation else view.speaker[:1]
                elif self.author:
                    entities = [self.author]
            if entities:
                view.actors.append(Actor(entities, i, i + 1, "pronoun", view.par.token_start(i),
                                         view.par.token_end(i)))
        view.actors.sort(key=lambda a: a.first)

    # -- speakers ---------------------------------------------------------------------------
    def _actor_after(self, view: SentenceView, i: int, within: int = 2) -> Actor | None:
        for a in view.actors:
            if i <= a.first <= i + within:
                return a
        return None

    def _actor_before(self, view: SentenceView, i: int) -> Actor | None:
        best = None
        for a in view.actors:
            if a.last <= i and i - a.last <= 1:
                best = a
        if best is None or best.kind != "person":
            return self._apposition_head(view, i) or best
        return best

    def _apposition_head(self, view: SentenceView, i: int, longest: int = 10) -> Actor | None:
        """The person an apposition ending at ``i`` describes: in "Per Lind, ordförande i
        nämnden i Mora, menar" the speaker is Per Lind, not a body or place in the title."""
        words = view.par.words
        if i - 1 < view.sent.first or words[i - 1] != ",":
            return None
        for k in range(i - 2, max(view.sent.first, i - 2 - longest) - 1, -1):
            if words[k] == ",":
                return next((a for a in view.actors if a.kind == "person" and a.last == k), None)
        return None

    def _pronoun_speaker(self, view: SentenceView, i: int) -> list[str]:
        """"Hon menar att", "De menar att", "enligt dem"."""
        low = view.par.lowers[i]
        p = self.cues.pronouns
        if low in p.get("person", ()):
            person = self.last_person(view.par.token_start(i))
            return [person] if person else []
        if low in p.get("plural", ()):
            return self.previous_group(view)
        return []

    def _attribution_words(self) -> frozenset[str]:
        """Every word that can signal a speaker: a sentence with none of them has none."""
        if not hasattr(self, "_said"):
            c = self.cues
            self._said = c.attribution_preposition | c.attribution_after | \
                frozenset(p.split()[0] for p in c.attribution_before if p.split())
        return self._said

    def _speech_words(self) -> frozenset[str]:
        """The words after or before which a speaker is named ("enligt X", "säger X")."""
        if not hasattr(self, "_speech"):
            self._speech = self.cues.attribution_preposition | self.cues.attribution_after
        return self._speech

    def _sentence_speaker(self, view: SentenceView) -> list[str]:
        lows = view.par.lowers[view.sent.first:view.sent.last]
        if self._attribution_words().isdisjoint(lows):
            return []
        base = view.sent.first
        # "enligt X", "säger X": only a sentence with one of those words is read word by word
        said_near = () if self._speech_words().isdisjoint(lows) else enumerate(lows)
        for k, low in said_near:
            i = base + k
            if low in self.cues.attribution_preposition:
                actor = self._actor_after(view, i + 1, 0)
                if actor:
                    return actor.entities
                return self._pronoun_speaker(view, i + 1) if i + 1 < view.sent.last else []
            if low in self.cues.attribution_after and k > 0:
                actor = self._actor_after(view, i + 1, 1)
                if actor and actor.kind in ("person", "org", "body", "chapter", "named"):
                    return actor.entities
        text = " ".join(lows)
        present = set(lows)
        for phrase, inner, lead, head in _padded(self.cues.attribution_before):
            if head not in present:  # the phrase's first word is no word of the sentence
                continue
            pos = text.find(inner) if not text.startswith(lead) else 0
            if pos < 0:
                continue
            k = len(text[:pos + 1].split())  # token index of the phrase
            actor = self._actor_before(view, base + k)
            if actor and actor.kind in ("person", "org", "body", "chapter", "named"):
                return actor.entities
            if k > 0:
                spoken = self._pronoun_speaker(view, base + k - 1)
                if spoken:
                    return spoken
        return []

    def _assign_speakers(self) -> None:
        last_speaker: list[str] = []
        by_par: dict[int, list[SentenceView]] = {}
        for v in self.sentences:
            by_par.setdefault(v.par.index, []).append(v)
        previous_intro: list[str] = []
        for pindex in sorted(by_par):
            views = by_par[pindex]
            par = views[0].par
            found = [(v, self._sentence_speaker(v)) for v in views]
            par_speaker: list[str] = []
            low = par.text.lower()
            for cue, pattern in _interview_patterns(tuple(self.cues.interview)):
                m = pattern.search(low) if cue in low else None
                if m:
                    view = next((v for v in views if v.sent.start <= par.start + m.end() < v.sent.end), None)
                    actor = self._actor_after(view, par.token_at(par.start + m.end()), 1) if view else None
                    if actor:
                        par_speaker = actor.entities
                    break
            if par.quote:
                said = next((s for _, s in found if s), None)
                par_speaker = said or previous_intro or last_speaker
            for v, s in found:
                v.in_quote = par.quote
                v.speaker = s or par_speaker
                if v.speaker:
                    last_speaker = v.speaker
            previous_intro = []
            if _introduces_quote(par.text):
                intro = [a for v in views for a in v.actors if a.kind == "person"]
                previous_intro = intro[0].entities if intro else []
