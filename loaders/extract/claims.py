"""Sentence-level claim rules (data/extraction/claims.yaml) applied to the actors of each
sentence: triggers found by the PhraseMatcher, the subject and object looked for on the
side the rule says, negation, status, basis, the issue, coordination ("Både A och B …"
gives a claim for each), attribution, and one piece of evidence per claim whose quote is
exactly ``text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

from graph.model import Claim, Evidence
from graph.scoping import claim_jurisdiction
from loaders.extract.config import Rule, config
from loaders.extract.conventions import is_auditor as auditor_record
from loaders.extract.discourse import Actor, Discourse, SentenceView, ends_at
from loaders.extract.entities import Registry
from loaders.extract.issues import broadest, common_issue, find_issues, issues_within
from loaders.extract.nlp import TriggerPart, resources
from loaders.extract.text import Paragraph, Sentence

_YEAR = re.compile(r"\b(19|20)\d\d\b")
_CLAUSE_END = re.compile(r"[;:.!?]")  # a comma may go on a list of issues: the join test decides
MAX_QUOTE = 300


@dataclass
class Hit:
    """One trigger found in a sentence: token span, gaps inside it, and its rule."""

    rule: Rule
    first: int
    last: int
    gaps: list[tuple[int, int]] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.last - self.first


@dataclass
class DocumentContext:
    doc_id: str
    text: str
    registry: Registry
    discourse: Discourse
    topic: str
    year: int | None
    auditor: str | None
    author: str | None
    paragraph_issues: dict[int, list[str]]
    entities: dict = field(default_factory=dict)  # id → graph.model.Entity, for claim_jurisdiction
    paragraph_hits: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)  # find_issues by paragraph
    kind: str = "other"  # the document's kind (documents.yaml): rules may read only some kinds


# -- triggers ---------------------------------------------------------------------------------
def find_hits(sent: Sentence, matches: list[tuple[TriggerPart, int, int]]) -> list[Hit]:
    """Trigger hits inside one sentence, parts of gapped triggers chained, overlaps resolved.

    ``matches`` are the trigger matches of the paragraph (part, first token, end token) that
    start inside the sentence, in order of their start."""
    rules = config().rules
    s0, s1 = sent.first, sent.last
    parts: dict[tuple[str, int], tuple[TriggerPart, dict[int, list[tuple[int, int]]]]] = {}
    for tp, s, e in matches:
        if s0 <= s and e <= s1:
            entry = parts.get(tp.group)
            if entry is None:
                entry = parts[tp.group] = (tp, {})
            entry[1].setdefault(tp.part, []).append((s, e))
    hits: list[Hit] = []
    for (rule_id, _), (tp, by_part) in parts.items():
        firsts = by_part.get(0)
        n = tp.parts  # every part of a trigger knows how many parts it has
        if not firsts or len(by_part) < n:  # a part is missing: the trigger cannot be complete
            continue
        rule = rules[rule_id]
        for s, e in firsts:
            first, last, gaps = s, e, []
            for p in range(1, n):
                reach = last + rule.max_gap
                nxt = min(((a, b) for a, b in by_part[p] if last <= a <= reach), default=None)
                if nxt is None:
                    break
                a, b = nxt
                if a > last:
                    gaps.append((last, a))
                last = b
            else:
                hits.append(Hit(rule, first, last, gaps))
    return _resolve_hits(hits) if len(hits) > 1 else hits  # one hit has nothing to clash with


@lru_cache(maxsize=1)
def _rule_order() -> dict[str, int]:
    """The position of every rule in data/extraction/claims.yaml (earlier wins a tie)."""
    return {rule_id: n for n, rule_id in enumerate(config().rules)}


@lru_cache(maxsize=1)
def _lacks_index() -> tuple[tuple[str, frozenset[str], frozenset[str], tuple[tuple[int, tuple[str, ...]], ...]], ...]:
    """The nouns of cues.yaml ``lacks_what``, kind by kind in order: (kind, its one-word
    nouns, its two-word nouns, its nouns of four letters or more by length). A word names the
    kind when it is one of the nouns, or ends in one of the longer nouns (a compound,
    "handlingsplanen"); two words when they are one of the two-word nouns."""
    out = []
    for what, nouns in config().cues.lacks_what.items():
        single = [n for n in nouns if " " not in n]
        by_length: dict[int, list[str]] = {}
        for n in single:
            if len(n) >= 4:
                by_length.setdefault(len(n), []).append(n)
        out.append(
            (
                what,
                frozenset(single),
                frozenset(n for n in nouns if " " in n),
                tuple((n, tuple(group)) for n, group in sorted(by_length.items())),
            )
        )
    return tuple(out)


@lru_cache(maxsize=65536)
def _lacks_word(low: str) -> int | None:
    """The position in ``_lacks_index`` of the first kind a word names by itself (one of its
    nouns, or a compound ending in one of its longer nouns), or None: a table per word."""
    for n, (_, words, _, suffixes) in enumerate(_lacks_index()):
        if low in words or any(len(low) > length + 2 and low.endswith(group) for length, group in suffixes):
            return n
    return None


@lru_cache(maxsize=1)
def _lacks_pairs() -> dict[str, int]:
    """The two-word nouns of ``_lacks_index``, each with the position of the first kind it names."""
    out: dict[str, int] = {}
    for n, (_, _, pairs, _) in enumerate(_lacks_index()):
        for pair in pairs:
            out.setdefault(pair, n)
    return out


@lru_cache(maxsize=1)
def _status_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(status, its cues as " cue ") for "former", then "planned": what ``status`` looks for
    in the words around a trigger joined by spaces, padded once rather than at every look."""
    status = config().cues.status
    return tuple((name, tuple(f" {cue} " for cue in status.get(name, ()))) for name in ("former", "planned"))


@lru_cache(maxsize=64)
def _padded(words: frozenset[str]) -> tuple[str, ...]:
    """ " word " for each of ``words``: what is looked for in words joined by spaces."""
    return tuple(f" {w} " for w in words)


def _resolve_hits(hits: list[Hit]) -> list[Hit]:
    order = _rule_order()
    hits.sort(key=lambda h: (-h.length, order[h.rule.id], h.first))
    kept: list[Hit] = []
    for h in hits:
        clash = [k for k in kept if k.first < h.last and h.first < k.last]
        if any(h.rule.id in k.rule.suppresses for k in clash):
            continue
        # a rule that suppresses one it overlaps wins even when shorter ("drivs under
        # ledning av X": led_by over done_by); otherwise the longer hit of a predicate does
        if any(k.rule.id in h.rule.suppresses for k in clash):
            kept = [k for k in kept if k not in clash]
        elif any(k.rule.predicate == h.rule.predicate for k in clash):
            continue
        kept.append(h)
    kept.sort(key=lambda h: h.first)
    return [
        h
        for h in kept
        if not any(
            k.rule.suppress_window
            and h.rule.id in k.rule.suppresses
            and k.last <= h.first <= k.last + k.rule.suppress_window
            for k in kept
        )
    ]


# -- finding actors ---------------------------------------------------------------------------
def _coordinated_left(view: SentenceView, idx: int) -> list[Actor]:
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


def _before(view: SentenceView, hit: Hit, skip: set[int]) -> list[Actor]:
    """The nearest actor before the trigger, with those coordinated with it. After a
    relative "som" the subject is the actor right before "som" ("avdelningen som ansvarar"),
    or the subject of a copula ("X är en av många föreningar som arbetar"); a noun that
    is no actor ("den tjänsteman som har") leaves the rule without a subject. A possessive
    pronoun ("deras uppdrag") is no subject."""
    lowers = view.par.lowers
    grammar = config().grammar
    parenthetical = _relative_clause_before(view, hit.first)
    if parenthetical is not None:  # "Enheten, som tillhör nämnden, ansvarar för": the head, not the nämnd
        head = [i for i, a in enumerate(view.actors) if ends_at(lowers, a.last, parenthetical) and i not in skip]
        if head:
            return _coordinated_left(view, head[-1])
    if hit.first > view.sent.first and lowers[hit.first - 1] == grammar.relative:
        som = hit.first - 1
        # "avdelningen som ansvarar", "Kommunstyrelsen, som ansvarar"
        adjacent = [
            i
            for i, a in enumerate(view.actors)
            if (ends_at(lowers, a.last, som) or lowers[som - 1] == "," and ends_at(lowers, a.last, som - 1))
            and i not in skip
        ]
        if adjacent:
            return _coordinated_left(view, adjacent[-1])
        for i, a in enumerate(view.actors):
            if a.last < som and a.last < view.sent.last and lowers[a.last] in grammar.copulas and i not in skip:
                return _coordinated_left(view, i)
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
        if (
            a.kind == "jurisdiction"
            and idx > 0
            and lowers[view.actors[idx - 1].last] in places
            and a.first == view.actors[idx - 1].last + 1
        ):
            idx -= 1  # "Somaliska föreningen i Växjö kritiserar": the place is the association's
        return [g for g in _coordinated_left(view, idx)]
    return []


def _relative_clause_before(view: SentenceView, first: int) -> int | None:
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


@lru_cache(maxsize=1)
def _issue_join() -> re.Pattern:
    """What may stand between issues named together ("SFI och arbetsmarknad", "med bostäder,
    med SFI samt med skolan"): a comma or a conjunction of grammar.yaml (or both), and the
    preposition repeated after it (grammar.yaml gapping_prepositions).

    >>> bool(_issue_join().fullmatch(", med ")), bool(_issue_join().fullmatch(" samt med ")), bool(_issue_join().fullmatch(" men "))
    (True, True, False)
    """
    g = config().grammar
    words = "|".join(re.escape(w) for w in g.conjunctions)
    preps = "|".join(re.escape(w) for w in sorted(g.gapping_prepositions))
    return re.compile(rf"\s*(?:,\s*(?:(?:{words})\s+)?|(?:{words})\s+)(?:(?:{preps})\s+)?\s*|\s*(?:{words}|,)\s*")


_LIST_ITEM = re.compile(r"\s*(?:[–—•*-]|\d{1,2}[.)])\s")


def _gapped(view: SentenceView, hit: Hit, stop: int) -> list[tuple[Actor, Hit]]:
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


def _unasserted(view: SentenceView, hit: Hit) -> bool:
    """Whether the trigger stands in a clause that is wished, demanded or denied ("vill att",
    "kräver att", "håller inte med om att": cues.yaml unasserted), in its sentence before it."""
    words = view.par.lowers[view.sent.first : hit.first]
    if _unasserted_heads().isdisjoint(words):
        return False
    joined = f" {' '.join(words)} "
    return any(f" {phrase} " in joined for phrase in config().cues.unasserted)


@lru_cache(maxsize=1)
def _unasserted_heads() -> frozenset[str]:
    """The first words of the unasserted phrases: a sentence without one needs no closer look."""
    return frozenset(phrase.split()[0] for phrase in config().cues.unasserted)


_ASSERTED_ONLY = ("responsible_for", "lacks", "collaborates_with")


def _reciprocal(view: SentenceView, hit: Hit) -> bool:
    """Whether the trigger ends in, or is followed by, a reciprocal pronoun ("varandra")."""
    lowers, recip = view.par.lowers, config().grammar.reciprocals
    return lowers[hit.last - 1] in recip or (hit.last < view.sent.last and lowers[hit.last] in recip)


def _inside(view: SentenceView, hit: Hit) -> list[Actor]:
    return [a for a in view.actors if any(g0 <= a.first and a.last <= g1 for g0, g1 in hit.gaps)][:1]


def _after(view: SentenceView, hit: Hit, start: int | None = None) -> list[Actor]:
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


def _genitive_before(view: SentenceView, hit: Hit) -> list[Actor]:
    """The actor in the genitive that ends right before the trigger, an adjective or two
    between ("Migrationsverkets information", "socialnämndens samlade insatser")."""
    for a in reversed(view.actors):
        if a.last <= hit.first:
            close = hit.first - a.last <= 2 and not any(view.par.punct[a.last : hit.first])
            return [a] if close and a.mention is not None and a.mention.genitive else []
    return []


def _agent(view: SentenceView, hit: Hit) -> list[Actor]:
    """The actor right after the trigger, or after an agent preposition ("av", "från": grammar.yaml)
    that follows it."""
    pos = hit.last
    if pos < view.sent.last and view.par.lowers[pos] in config().grammar.agent_prepositions:
        pos += 1
    return [a for a in view.actors if a.first == pos][:1]


def _list_after(view: SentenceView, hit: Hit, stop: int) -> list[Actor]:
    """The actors listed after the trigger, up to the next clause or trigger."""
    lowers = view.par.lowers
    grammar = config().grammar
    out: list[Actor] = []
    for a in view.actors:
        if a.first < hit.last or a.first >= stop:
            continue
        gap = lowers[(out[-1].last if out else hit.last) : a.first]
        if any(low in grammar.clause_ends for low in gap):
            break
        if out:
            prev = lowers[a.first - 1] if a.first > 0 else ""
            if prev not in grammar.list_separators:
                continue
        elif a.first - hit.last > 12:
            break
        out.append(a)
    return out


def _auditor_near(view: SentenceView, hit: Hit, registry: Registry) -> list[Actor]:
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


# -- claims -----------------------------------------------------------------------------------
class _Extractor:
    def __init__(self, ctx: DocumentContext):
        self.ctx = ctx
        self.cues = config().cues
        self.claims: dict[str, Claim] = {}
        self._issues: dict[int, list[tuple[str, int, int]]] = {}  # sentence index → its issues

    def entities_of(self, actors: list[Actor]) -> list[str]:
        out: list[str] = []
        for a in actors:
            for e in a.entities:
                if e and e not in out:
                    out.append(e)
        return out

    # -- cues -------------------------------------------------------------------------------
    def _window(self, view: SentenceView, hit: Hit, before: int, after: int) -> list[str]:
        lo = max(view.sent.first, hit.first - before)
        hi = min(view.sent.last, hit.last + after)
        return view.par.lowers[lo:hi] if lo < hi else []

    def negated(self, view: SentenceView, hit: Hit) -> bool:
        lowers = view.par.lowers
        inside = {i for g0, g1 in hit.gaps for i in range(g0, g1)}
        trigger_words = {lowers[i] for i in range(hit.first, hit.last) if i not in inside}
        lo = max(view.sent.first, hit.first - self.cues.negation_before)
        hi = min(view.sent.last, hit.last + self.cues.negation_after)
        for i in range(lo, hi):
            low = lowers[i]
            if low in self.cues.negation and (i in inside or not (hit.first <= i < hit.last)):
                if low in trigger_words and not (i in inside or i < hit.first or i >= hit.last):
                    continue
                return True
        return False

    def status(self, view: SentenceView, hit: Hit) -> str | None:
        words = self._window(view, hit, self.cues.status_window, self.cues.status_window)
        joined = " " + " ".join(words) + " "
        for status, cues in _status_cues():
            if any(cue in joined for cue in cues):
                return status
        if self.ctx.year:
            for w in words:
                if _YEAR.fullmatch(w) and int(w) > self.ctx.year:
                    return "planned"
        return None

    def basis(self, view: SentenceView, rule: Rule) -> str | None:
        """A basis cue in the sentence, else in the lead line of the list it is an item of
        ("Kommunfullmäktige beslutar att / – socialnämnden ansvarar för …"), else the rule's."""
        words = set(view.lowers())
        if _LIST_ITEM.match(view.text):
            before = view.par.text[: view.sent.start - view.par.start].lower().split()
            words.update(w.strip(".,:;") for w in before)
        for basis in ("decision", "recommendation"):
            if not words.isdisjoint(self.cues.basis.get(basis, ())):
                return basis
        return rule.basis

    def sentence_issues(self, view: SentenceView) -> list[tuple[str, int, int]]:
        """``find_issues`` of the sentence, once per sentence: read off the paragraph's issues
        when the pipeline found them (``issues_within``)."""
        found = self._issues.get(view.index)
        if found is None:
            par, sent = view.par, view.sent
            hits = self.ctx.paragraph_hits.get(par.index)
            if hits is None:
                found = find_issues(view.text, par.scan, sent.start)
            else:
                found = issues_within(par.text, hits, sent.start - par.start, sent.end - par.start, par.scan, par.start)
            self._issues[view.index] = found
        return found

    def issues(self, view: SentenceView, hit: Hit, rule: Rule, stop: int | None = None) -> tuple[list[str], float]:
        """The claim's issues and a confidence factor. Issues named after ``stop``, the next
        trigger of the same predicate when a conjunction joins it ("ska samordna X och
        ansvara för Y"), are that trigger's; one it governs ("fick i uppdrag att samordna X")
        shares them."""
        found = self.sentence_issues(view)
        if (
            stop is not None
            and view.sent.first < stop < view.sent.last
            and view.par.lowers[stop - 1] in config().grammar.coordinators
        ):
            cut = view.par.token_start(stop) - view.sent.start
            found = [f for f in found if f[1] < cut]
        conf = 1.0
        if rule.issue == "following":
            chosen = self.following_issues(view, hit, found)
            factor = self.cues.confidence.get("issue_elsewhere_in_sentence", 0.8)
            if not chosen and found and rule.confidence * factor >= self.cues.confidence.get("low_confidence", 0.5):
                # named elsewhere in the sentence: weaker, and only for a rule sure enough to stay above the line
                chosen, conf = [i for i, _, _ in found], factor
        elif rule.issue == "topic":  # what the whole text is about ("Granskningen har omfattat …")
            chosen = [self.ctx.topic]
        elif rule.issue == "sentence":
            chosen = [i for i, _, _ in found]
            words = set(view.lowers())
            if not chosen and words & rule.issue_words:
                chosen, conf = self.passage_issue(view)
        else:
            chosen = self.following_issues(view, hit, found) or [i for i, _, _ in found]
            if not chosen:
                chosen, conf = self.passage_issue(view)
        chosen = broadest(chosen)
        if rule.predicate not in ("responsible_for", "lacks"):
            one = common_issue(chosen)
            chosen = [one] if one else []
        return chosen, conf

    def passage_issue(self, view: SentenceView) -> tuple[list[str], float]:
        """The paragraph's issue, else the document's topic, with their confidence factors."""
        para = common_issue(self.ctx.paragraph_issues.get(view.par.index, []))
        if para:
            return [para], self.cues.confidence.get("issue_from_paragraph", 0.9)
        return [self.ctx.topic], self.cues.confidence.get("issue_from_document", 0.8)

    def following_issues(self, view: SentenceView, hit: Hit, found: list[tuple[str, int, int]]) -> list[str]:
        """The first issue named after the trigger in its clause, with the issues coordinated
        with it ("SFI och arbetsmarknad"); the clause ends at punctuation or the next actor."""
        base = view.sent.start
        start = view.par.token_end(hit.last - 1) - base
        limit = view.sent.end - base
        for a in view.actors:
            if a.start - base >= start and not (a.mention is not None and a.mention.genitive):
                limit = min(limit, a.start - base)  # a genitive ("kommunens integrationsarbete") goes on
                break
        clause = _CLAUSE_END.search(view.text[start:limit])
        if clause:
            limit = start + clause.start()
        after = [(i, s, e) for i, s, e in found if start <= s < limit]
        if not after:
            return []
        out, prev_end = [after[0][0]], after[0][2]
        for i, s, e in after[1:]:
            if _issue_join().fullmatch(view.text[prev_end:s]):
                out.append(i)
                prev_end = e
            else:
                break
        return out

    def what(self, view: SentenceView, hit: Hit, rule: Rule) -> str | None:
        """What is missing: the rule's own, or the nearest known noun in the trigger's clause."""
        if rule.what != "from_noun":
            return rule.what
        lowers = view.par.lowers
        stops = config().grammar.lacks_clause_stops
        candidates: list[tuple[int, int]] = []
        for direction, begin in ((1, hit.last), (-1, hit.first - 1)):
            i, dist = begin, 1
            while view.sent.first <= i < view.sent.last and dist <= 10:
                if lowers[i] in stops:
                    break
                candidates.append((dist * 2 + (0 if direction == 1 else 1), i))
                i += direction
                dist += 1
        candidates += [(0, i) for g0, g1 in hit.gaps for i in range(g0, g1)]
        index, pairs = _lacks_index(), _lacks_pairs()
        for _, i in sorted(candidates):
            low = lowers[i]
            nxt = lowers[i + 1] if i + 1 < view.sent.last else ""
            kinds = [k for k in (_lacks_word(low), pairs.get(f"{low} {nxt}")) if k is not None]
            if kinds:
                return index[min(kinds)][0]
        return None

    def blocked(self, view: SentenceView, hit: Hit, rule: Rule) -> bool:
        """Whether the rule must not speak here: a document kind it does not read, a word of
        its ``unless`` before the trigger in the sentence, a blocking word right before or after the trigger, a
        question, no word of its ``needs_after`` after the trigger, or an unasserted clause ("vill att", "rekommenderar")."""
        lowers = view.par.lowers
        if rule.kinds is not None and self.ctx.kind not in rule.kinds:
            return True
        if rule.unless and not rule.unless.isdisjoint(lowers[view.sent.first : hit.first]):
            return True
        if rule.needs_after and rule.needs_after.isdisjoint(lowers[hit.last : view.sent.last]):
            return True
        if rule.unless_before:
            before = " " + " ".join(lowers[max(view.sent.first, hit.first - rule.before_window) : hit.first]) + " "
            if any(w in before for w in _padded(rule.unless_before)):
                return True
        if rule.predicate == "responsible_for":
            for i in range(hit.first - 1, max(view.sent.first, hit.first - self.cues.question_window) - 1, -1):
                low = lowers[i]
                if low in (",", ";", ":"):
                    break
                if low in self.cues.question_words:
                    return True
        if rule.predicate in _ASSERTED_ONLY and _unasserted(view, hit):
            return True
        if hit.last < view.sent.last and lowers[hit.last] in rule.unless_after:
            return True
        if rule.predicate == "responsible_for" and view.text.rstrip().endswith("?"):
            return True
        return False

    # -- subjects and objects -------------------------------------------------------------------
    def subjects(
        self, view: SentenceView, hit: Hit, rule: Rule, stop: int, chain: list[tuple[set[int], list[str]]]
    ) -> tuple[list[str], float, bool]:
        """Subject entities, a confidence factor, and whether they came from the speaker."""
        side = rule.subject
        first_word = view.par.lowers[hit.first]
        if rule.subject_active and first_word in rule.subject_active:
            side = "before"
        found: list[Actor] = []
        from_speaker = False
        if side == "before":
            skip = {i for objs, _ in chain for i in objs}
            found = _before(view, hit, skip)
            if not found and chain:
                return chain[-1][1], 1.0, False
        elif side == "after":
            found = _inside(view, hit) or _after(view, hit)
        elif side == "inside":  # "är kommunstyrelsens ansvar": only the actor within the trigger
            found = _inside(view, hit)
        elif side == "either":
            near = [a for a in _after(view, hit) if a.first - hit.last <= 2]
            found = _inside(view, hit) or _before(view, hit, set()) or near
        elif side == "agent":
            found = _agent(view, hit)
        elif side == "list_after":
            found = _list_after(view, hit, stop)
        elif side == "list_first":
            found = _list_after(view, hit, stop)[:1]
        elif side == "speaker":
            if view.speaker:
                return list(view.speaker), 1.0, True
        elif side == "auditor":  # the document's auditor
            return ([self.ctx.auditor] if self.ctx.auditor else []), 1.0, False
        elif side == "genitive":  # the genitive right before the trigger: "Migrationsverkets insatser"
            found = _genitive_before(view, hit)
        elif side == "author":  # the voice of an audit's "vi": the firm, else the auditors
            return ([self.ctx.author] if self.ctx.author else []), 1.0, False
        elif side == "auditor_near":
            found = _auditor_near(view, hit, self.ctx.registry)
        elif side == "scope":
            return ([view.scope] if view.scope else []), 1.0, False
        subjects = self.entities_of(found)
        if any(a.kind == "pronoun" for a in found):
            return subjects, self.cues.confidence.get("subject_from_pronoun", 0.85), False
        if subjects:
            return subjects, 1.0, from_speaker
        return self.fallback(view, hit, rule.fallback, stop)

    def fallback(self, view: SentenceView, hit: Hit, how: str | None, stop: int) -> tuple[list[str], float, bool]:
        scope_factor = self.cues.confidence.get("subject_from_scope", 0.8)
        if how == "scope" and view.scope:
            return [view.scope], scope_factor, False
        if how == "speaker" and view.speaker:
            return self._we(view, hit, list(view.speaker)), 1.0, True
        if how == "before":
            return self.entities_of(_before(view, hit, set())), 1.0, False
        if how == "list_first":
            return self.entities_of(_list_after(view, hit, stop)[:1]), 1.0, False
        if how == "auditor" and self.ctx.auditor:
            return [self.ctx.auditor], scope_factor, False
        if how == "author" and self.ctx.author:
            return [self.ctx.author], scope_factor, False
        return [], 1.0, False

    def _we(self, view: SentenceView, hit: Hit, speakers: list[str]) -> list[str]:
        """The speakers, or the organisation a person speaks for when the trigger says "vår"/
        "vårt" ("Det är inte vår uppgift, säger NN, ordförande i nämnden": the nämnd)."""
        we = self.cues.pronouns.get("first_person_plural", frozenset())
        if we.isdisjoint(view.par.lowers[hit.first : hit.last]):
            return speakers
        return list(dict.fromkeys(map(self.ctx.registry.spoken_for, speakers)))

    def objects(self, view: SentenceView, hit: Hit, rule: Rule, stop: int, subjects: list[str]) -> list[Actor]:
        side = rule.object
        if side == "after":
            cands = [
                a for a in view.actors if a.first >= hit.last and a.first < stop and not set(a.entities) & set(subjects)
            ]
            if rule.object_types:
                cands = [a for a in cands if self.ctx.registry.type_of(a.entities[0]) in rule.object_types]
            return cands[:1]
        if side == "before":
            return _before(view, hit, set())[-1:]
        if side == "either":  # the actor the clause is about, before the trigger or else after it
            found = [a for a in _before(view, hit, set())[-1:] if not set(a.entities) & set(subjects)]
            if rule.object_types:
                found = [a for a in found if self.ctx.registry.type_of(a.entities[0]) in rule.object_types]
            return found or self.objects(view, hit, replace(rule, object="after"), stop, subjects)
        if side == "list_after":
            return _list_after(view, hit, stop)
        return []

    # -- main -------------------------------------------------------------------------------
    def sentence(self, view: SentenceView, hits: list[Hit]) -> None:
        chain: list[tuple[set[int], list[str]]] = []
        for n, hit in enumerate(hits):
            rule = hit.rule
            if self.blocked(view, hit, rule):
                continue
            stop = next(
                (  # the next clause of the same predicate; a noun read with its genitive starts no clause
                    h.first
                    for h in hits[n + 1 :]
                    if h.first >= hit.last and h.rule.predicate == rule.predicate and h.rule.subject != "genitive"
                ),
                view.sent.last,
            )
            subjects, factor, from_speaker = self.subjects(view, hit, rule, stop, chain)
            objects: list[str | None] = [None]
            if rule.object != "none":
                if rule.object == "scope":
                    objects = [view.scope] if view.scope else []
                elif len(subjects) > 1 and _reciprocal(view, hit):
                    objects = list(subjects)  # "A och B hänvisar till varandra": each to the other
                else:
                    found = self.objects(view, hit, rule, stop, subjects)
                    objects = self.entities_of(found)
                    if not objects and rule.object_fallback == "scope" and view.scope:
                        objects = [view.scope]
                    if rule.predicate == "collaborates_with":
                        chain.append(({view.actors.index(a) for a in found if a in view.actors}, subjects))
            if rule.subject_types:
                subjects = [s for s in subjects if self.ctx.registry.type_of(s) in rule.subject_types]
            if not subjects or not objects:
                continue
            self.emit(view, hit, rule, subjects, objects, factor, from_speaker, stop)
            if rule.predicate == "responsible_for" and rule.issue == "following":
                for actor, elided in _gapped(view, hit, stop):
                    self.emit(view, elided, rule, self.entities_of([actor]), [None], factor, from_speaker, stop)

    def emit(
        self,
        view: SentenceView,
        hit: Hit,
        rule: Rule,
        subjects: list[str],
        objects: list[str | None],
        factor: float,
        from_speaker: bool,
        stop: int | None = None,
    ) -> None:
        issues, issue_factor = self.issues(view, hit, rule, stop)
        if not issues and rule.predicate in ("responsible_for", "lacks", "defers_to", "disputes_responsibility"):
            return
        what = self.what(view, hit, rule) if rule.predicate == "lacks" else None
        if rule.predicate == "lacks" and what is None:
            return
        negated = rule.negated != (rule.negatable and self.negated(view, hit))  # a denying rule, negated, affirms
        lowers = view.par.lowers
        after_words = [lowers[i] for i in range(hit.last, min(view.sent.last, hit.last + 3))]
        basis_status: tuple[str | None, str | None] | None = None
        for subject in subjects:
            mode = rule.mode
            stype = self.ctx.registry.type_of(subject)
            if rule.predicate == "responsible_for":
                mode = next((rule.mode_after[w] for w in after_words if w in rule.mode_after), mode)
                mode = rule.mode_by_subject_type.get(stype or "", mode)
            for obj in objects:
                if obj == subject or self._related(subject, obj):
                    continue
                for issue in issues or [None]:
                    attributed = (
                        subject if rule.self_attributed or from_speaker else (view.speaker[0] if view.speaker else None)
                    )
                    fields = dict(
                        subject=subject,
                        predicate=rule.predicate,
                        object=obj,
                        issue=issue,
                        negated=negated,
                        attributed_to=attributed,
                    )
                    if rule.predicate == "responsible_for":
                        if basis_status is None:  # the same for every claim of the hit
                            basis_status = (self.basis(view, rule), self.status(view, hit))
                        fields.update(mode=mode, basis=basis_status[0], status=basis_status[1])
                    if rule.predicate == "lacks":
                        fields["what"] = what
                    conf = rule.confidence * factor * issue_factor
                    if negated:
                        conf *= self.cues.confidence.get("negated", 0.95)
                    self.add(view, hit, fields, conf, rule.id)

    def _related(self, a: str, b: str | None) -> bool:
        """A chapter and its national organisation are not two parties to one claim."""
        if b is None:
            return False
        chapters = self.ctx.registry.chapters
        return chapters.get(a) == b or chapters.get(b) == a

    def add(self, view: SentenceView, hit: Hit, fields: dict, confidence: float, rule_id: str) -> None:
        start, end = quote_span(view, hit)
        quote = self.ctx.text[start:end]
        assert quote == self.ctx.text[start:end]
        jurisdiction = claim_jurisdiction(fields["subject"], fields.get("object"), self.ctx.entities, view.scope)
        claim = Claim(jurisdiction=jurisdiction, **fields)
        evidence = Evidence(
            document=self.ctx.doc_id,
            start=start,
            end=end,
            quote=quote,
            rule=rule_id,
            confidence=round(min(1.0, confidence), 3),
        )
        existing = self.claims.get(claim.id)
        if existing is None:
            claim.evidence = [evidence]
            self.claims[claim.id] = claim
        elif all((e.start, e.end) != (start, end) for e in existing.evidence):
            existing.evidence.append(evidence)


def quote_span(view: SentenceView, hit: Hit) -> tuple[int, int]:
    """The sentence, or for a long one the words around the trigger, trimmed of spaces."""
    start, end = view.sent.start, view.sent.end
    if end - start > MAX_QUOTE:
        par = view.par
        lo = max(view.sent.first, hit.first - 12)
        hi = min(view.sent.last, hit.last + 14)
        start, end = par.token_start(lo), par.token_end(hi - 1)
    text = view.par.text
    while start < end and text[start - view.par.start].isspace():
        start += 1
    while end > start and text[end - 1 - view.par.start].isspace():
        end -= 1
    return start, end


def _trigger_matches(par: Paragraph) -> list[tuple[TriggerPart, int, int]]:
    """The trigger parts matched in a paragraph, in order of their start (the PhraseMatcher
    walked the Doc once, in ``text.segment``), less those of triggers with a part the paragraph lacks: they cannot
    be completed in any of its sentences ("har" alone, without "ansvar" after it). Each
    match stands for the parts of one token sequence (``nlp._trigger_matcher``)."""
    matches = par.triggers
    if not matches:
        return []
    table = _match_table()
    ids = {k for k, _, _ in matches}
    complete = _complete_triggers(ids, table)
    if not complete:
        return []
    parts_of = resources().trigger_ids
    useful = {k for k in ids if not table.groups[k].isdisjoint(complete)}
    return [(tp, s, e) for k, s, e in matches if k in useful for tp in parts_of[k] if tp.group in complete]


@dataclass(frozen=True)
class _MatchTable:
    """What each match id of the trigger matcher holds: the triggers (rule, trigger index)
    of one part it completes by itself, and for triggers of several parts ("har … ansvar")
    the triggers whose first, second, … part it is."""

    whole: dict[int, frozenset[tuple[str, int]]]
    nth_part: dict[int, tuple[tuple[int, frozenset[tuple[str, int]]], ...]]  # match id → (n, triggers it is part n of)
    groups: dict[int, frozenset[tuple[str, int]]]  # match id → every trigger it holds a part of
    longer: tuple[frozenset[tuple[str, int]], ...]  # n → the triggers of more than n parts


@lru_cache(maxsize=1)
def _match_table() -> _MatchTable:
    """The ``_MatchTable`` of the trigger matcher, built once from its parts."""
    trigger_ids = resources().trigger_ids
    parts = [tp for tps in trigger_ids.values() for tp in tps]
    most = max(tp.parts for tp in parts)
    whole, nth_part, groups = {}, {}, {}
    for k, tps in trigger_ids.items():
        whole[k] = frozenset(tp.group for tp in tps if tp.parts == 1)
        nth = ((n, frozenset(tp.group for tp in tps if tp.parts > 1 and tp.part == n)) for n in range(most))
        nth_part[k] = tuple((n, groups) for n, groups in nth if groups)
        groups[k] = frozenset(tp.group for tp in tps)
    longer = tuple(frozenset(tp.group for tp in parts if tp.parts > n) for n in range(most))
    return _MatchTable(whole, nth_part, groups, longer)


def _complete_triggers(ids: set[int], table: _MatchTable) -> set[tuple[str, int]]:
    """The triggers every part of which is among the match ids ``ids``."""
    complete: set[tuple[str, int]] = set()
    have: list[set[tuple[str, int]]] = [set() for _ in table.longer]  # n → the triggers whose part n is there
    for k in ids:
        complete |= table.whole[k]
        for n, groups in table.nth_part[k]:
            have[n] |= groups
    gapped = have[0] & have[1] if len(have) > 1 else set()
    for n in range(2, len(have)):
        if gapped & table.longer[n]:
            gapped -= table.longer[n] - have[n]
    return complete | gapped


def extract_claims(ctx: DocumentContext) -> list[Claim]:
    """Every claim the rules find in the document's sentences: paragraph by paragraph, the
    sentences with a trigger hit only (their ``SentenceView`` made then)."""
    ex = _Extractor(ctx)
    discourse = ctx.discourse
    reading = discourse.reading
    for numbers in reading.par_sentences:  # the sentences of a paragraph, numbered in text order
        found = _trigger_matches(reading.pars[numbers.start])
        if not found:  # no trigger can be completed in the paragraph
            continue
        starts = [m[1] for m in found]
        for k in numbers:
            sent = reading.sents[k]
            # only the matches that start inside the sentence (find_hits checks their ends)
            inside = found[bisect_left(starts, sent.first) : bisect_left(starts, sent.last)]
            hits = find_hits(sent, inside) if inside else []
            if hits:
                ex.sentence(discourse.view(k), hits)
    return list(ex.claims.values())
