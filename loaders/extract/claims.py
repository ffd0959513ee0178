"""Claim output: the rules of data/extraction/claims.yaml applied to each sentence with a
trigger, and the claims they give, each with one piece of evidence whose quote is exactly
``text[start:end]``.

The parts live beside this module: whole triggers (``triggers``), where actors stand
(``positions``) and the rule sides that use them (``finders``), what the words around a
trigger say — negation, status, basis, what is missing, whether the rule may speak
(``clause_cues``) — and the claim's issue (``clause_issues``). Here they are put together:
coordination ("Både A och B …" gives a claim for each), reciprocal deferral, gapping,
attribution, and the evidence span.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from graph.model import Claim, Evidence
from graph.scoping import claim_jurisdiction
from loaders.extract import clause_cues as cues
from loaders.extract.clause_issues import IssueReader
from loaders.extract.config import Rule, config
from loaders.extract.discourse import Discourse, SentenceView
from loaders.extract.entities import Registry
from loaders.extract.finders import OBJECTS, Place, entities_of, find_subjects
from loaders.extract.positions import (
    gapped,
    reciprocal,
)
from loaders.extract.triggers import Hit, find_hits, trigger_matches

MAX_QUOTE = 300  # characters: a quote longer than this is cut around its trigger
SHORT_QUOTE = 120  # characters: a sentence this short is quoted whole
MAX_LIST_QUOTE = 500  # characters: a lead sentence and its list items quoted together up to this


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


class _Extractor:
    """The claims of one document, sentence by sentence (``sentence``), kept by claim id."""

    def __init__(self, ctx: DocumentContext):
        self.ctx = ctx
        self.cues = config().cues
        self.claims: dict[str, Claim] = {}
        self.issue_reader = IssueReader(ctx)

    # -- main -------------------------------------------------------------------------------
    def sentence(self, view: SentenceView, hits: list[Hit]) -> None:
        chain: list[tuple[set[int], list[str]]] = []
        for n, hit in enumerate(hits):
            rule = hit.rule
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
            objects: Sequence[str | None] = [None]
            if rule.object != "none":
                if rule.object != "scope" and len(subjects) > 1 and reciprocal(view, hit):
                    objects = list(subjects)  # "A och B hänvisar till varandra": each to the other
                else:
                    place.subjects = subjects
                    found = OBJECTS[rule.object](place)
                    objects = list(found.given) if found.given is not None else entities_of(found.actors)
                    if found.given is None and view.speaker:  # "…, säger Sara Lind": who speaks is no object
                        objects = [o for o in objects if o not in view.speaker]
                    # the place in scope stands in for an object nobody names, unless a later clause of
                    # the predicate in the sentence speaks ("Vår bedömning är att det finns brister i hur
                    # ärendet beretts av kommunstyrelsen": the shortcoming names whom it concerns)
                    if not objects and rule.object_fallback == "scope" and view.scope and stop == view.sent.last:
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
        objects: Sequence[str | None],
        factor: float,
        from_speaker: bool,
        stop: int | None = None,
    ) -> None:
        listed = self.issue_reader.list_issues(view, hit) if rule.predicate == "responsible_for" else []
        item_ends = {issue: end for issue, end in listed if end - view.sent.start <= MAX_LIST_QUOTE}
        if listed:  # "Nämnden ansvarar för:" and its items: each item's issue, quoted with the lead
            issues, issue_factor = list(item_ends), 1.0
        else:
            issues, issue_factor = self.issue_reader.issues(view, hit, rule, stop)
        if not issues and rule.predicate in ("responsible_for", "lacks", "defers_to", "disputes_responsibility"):
            return
        what = cues.what(view, hit, rule) if rule.predicate == "lacks" else None
        if rule.predicate == "lacks" and what is None:
            return
        negated = rule.negated != (rule.negatable and cues.negated(view, hit))  # a denying rule, negated, affirms
        lowers = view.par.lowers
        after_words = [lowers[i] for i in range(hit.last, min(view.sent.last, hit.last + 3))]
        basis_status: tuple[str | None, str | None] | None = None
        claim_issues: list[str | None] = [*issues] or [None]  # no issue read: claims without one
        for subject in subjects:
            mode = rule.mode
            stype = self.ctx.registry.type_of(subject)
            if rule.predicate == "responsible_for":
                mode = next((rule.mode_after[w] for w in after_words if w in rule.mode_after), mode)
                mode = rule.mode_by_subject_type.get(stype or "", mode)
            for obj in objects:
                if obj == subject or self._related(subject, obj):
                    continue
                for issue in claim_issues:
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
                            found = cues.status(view, hit, self.ctx.year)
                            found = rule.status_shift.get(found or "none", found)
                            basis_status = (cues.basis(view, rule), found)
                        fields.update(mode=mode, basis=basis_status[0], status=basis_status[1])
                    if rule.predicate == "lacks":
                        fields["what"] = what
                    conf = rule.confidence * factor * issue_factor
                    if negated:
                        conf *= self.cues.confidence.get("negated", 0.95)
                    self.add(view, hit, fields, conf, rule.id, item_ends.get(issue) if issue else None)

    def _related(self, a: str, b: str | None) -> bool:
        """A chapter and its national organisation are not two parties to one claim."""
        if b is None:
            return False
        chapters = self.ctx.registry.chapters
        return chapters.get(a) == b or chapters.get(b) == a

    def add(
        self, view: SentenceView, hit: Hit, fields: dict, confidence: float, rule_id: str, until: int | None = None
    ) -> None:
        """Keep the claim of ``fields`` with its evidence: the quote ``quote_span`` gives, or the
        lead sentence through the list item at ``until`` that names the claim's issue."""
        if until is None:
            start, end = quote_span(view, hit, (fields["subject"], fields.get("object")))
        else:
            start, end = view.sent.start, until
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


def quote_span(view: SentenceView, hit: Hit, entities: tuple[str | None, ...] = ()) -> tuple[int, int]:
    """The words a journalist would cite: the sentence when it is short; in a long one the
    clauses that hold the trigger and the claim's actors (``entities``, where the sentence
    names them), from the clause boundary before the first of them to the one after the last
    ("," ";" ":" or a dash: grammar.yaml quote_edges), never cutting a word; trimmed of spaces."""
    start, end = view.sent.start, view.sent.end
    if end - start > SHORT_QUOTE:
        first, last = _anchors(view, hit, entities)
        lo, hi = _clause_edges(view, first, last)
        if view.par.token_end(hi - 1) - view.par.token_start(lo) > MAX_QUOTE:  # no clause boundary near
            lo, hi = max(view.sent.first, hit.first - 12), min(view.sent.last, hit.last + 14)
        start, end = view.par.token_start(lo), view.par.token_end(hi - 1)
    text = view.par.text
    while start < end and text[start - view.par.start].isspace():
        start += 1
    while end > start and text[end - 1 - view.par.start].isspace():
        end -= 1
    return start, end


def _anchors(view: SentenceView, hit: Hit, entities: tuple[str | None, ...]) -> tuple[int, int]:
    """The first and last token the quote must hold: the trigger and, for each entity the
    sentence names, its mention nearest to the trigger."""
    first, last = hit.first, hit.last
    for entity in filter(None, entities):
        named = [a for a in view.actors if entity in a.entities]
        if named:
            nearest = min(named, key=lambda a: abs(a.first - hit.first))
            first, last = min(first, nearest.first), max(last, nearest.last)
    return first, last


def _clause_edges(view: SentenceView, first: int, last: int) -> tuple[int, int]:
    """The token span from the clause boundary before ``first`` to the one at or after ``last``."""
    lowers, ends = view.par.lowers, config().grammar.quote_edges
    lo = first
    while lo > view.sent.first and lowers[lo - 1] not in ends:
        lo -= 1
    hi = last
    while hi < view.sent.last and lowers[hi] not in ends:
        hi += 1
    return lo, max(hi, last)


def _may_speak(view: SentenceView, kind: str, hit: Hit) -> bool:
    """Whether the hit's rule may speak in this sentence (``clause_cues.blocked``): a hit that
    may not takes no other rule's place."""
    return not cues.blocked(view, hit, hit.rule, kind)


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
            if not inside:
                continue
            view = discourse.view(k)
            hits = find_hits(sent, inside, view.par.lowers, partial(_may_speak, view, ctx.kind))
            if hits:
                ex.sentence(view, hits)
    return list(ex.claims.values())
