"""Sentence-level claim rules (data/extraction/claims.yaml) applied to the actors of each
sentence: triggers found by the PhraseMatcher, the subject and object looked for on the
side the rule says, negation, status, basis, the issue, coordination ("Både A och B …"
gives a claim for each), attribution, and one piece of evidence per claim whose quote is
exactly ``text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from graph.model import Claim, Evidence
from graph.scoping import claim_jurisdiction
from loaders.extract.config import Rule, config
from loaders.extract.discourse import Discourse, SentenceView
from loaders.extract.entities import Registry
from loaders.extract.finders import OBJECTS, Place, entities_of, find_subjects
from loaders.extract.issues import broadest, common_issue, find_issues, issues_within
from loaders.extract.positions import (
    gapped,
    reciprocal,
)
from loaders.extract.triggers import Hit, find_hits, trigger_matches

_YEAR = re.compile(r"\b(19|20)\d\d\b")
_CLAUSE_END = re.compile(r"[;:.!?]")  # a comma may go on a list of issues: the join test decides
MAX_QUOTE = 300


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


# -- finding actors ---------------------------------------------------------------------------


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


# -- claims -----------------------------------------------------------------------------------
class _Extractor:
    def __init__(self, ctx: DocumentContext):
        self.ctx = ctx
        self.cues = config().cues
        self.claims: dict[str, Claim] = {}
        self._issues: dict[int, list[tuple[str, int, int]]] = {}  # sentence index → its issues

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
            place = Place(view, hit, rule, stop, self.ctx, chain)
            subjects, factor, from_speaker = find_subjects(place)
            objects: list[str | None] = [None]
            if rule.object != "none":
                if rule.object != "scope" and len(subjects) > 1 and reciprocal(view, hit):
                    objects = list(subjects)  # "A och B hänvisar till varandra": each to the other
                else:
                    place.subjects = subjects
                    found = OBJECTS[rule.object](place)
                    objects = list(found.given) if found.given is not None else entities_of(found.actors)
                    if not objects and rule.object_fallback == "scope" and view.scope:
                        objects = [view.scope]
                    if rule.predicate == "collaborates_with" and found.given is None:
                        chain.append(({view.actors.index(a) for a in found.actors if a in view.actors}, subjects))
            if rule.subject_types:
                subjects = [s for s in subjects if self.ctx.registry.type_of(s) in rule.subject_types]
            if not subjects or not objects:
                continue
            self.emit(view, hit, rule, subjects, objects, factor, from_speaker, stop)
            if rule.predicate == "responsible_for" and rule.issue == "following":
                for actor, elided in gapped(view, hit, stop):
                    self.emit(view, elided, rule, entities_of([actor]), [None], factor, from_speaker, stop)

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


def extract_claims(ctx: DocumentContext) -> list[Claim]:
    """Every claim the rules find in the document's sentences: paragraph by paragraph, the
    sentences with a trigger hit only (their ``SentenceView`` made then)."""
    ex = _Extractor(ctx)
    discourse = ctx.discourse
    reading = discourse.reading
    for numbers in reading.par_sentences:  # the sentences of a paragraph, numbered in text order
        found = trigger_matches(reading.pars[numbers.start])
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
