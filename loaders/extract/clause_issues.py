"""The issue of a claim: the one named after the trigger in its clause (with those listed
with it), else in its sentence, else its paragraph's, else the document's topic, by what the
rule asks (``issue: following | sentence | after | topic``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from loaders.extract.config import config
from loaders.extract.discourse import SentenceView
from loaders.extract.issues import broadest, common_issue, find_issues, issues_within, outside_names
from loaders.extract.rule_schema import Rule
from loaders.extract.text import LIST_ITEM
from loaders.extract.triggers import Hit

_CLAUSE_END = re.compile(r"[;:.!?]")  # a comma may go on a list of issues: the join test decides


@lru_cache(maxsize=1)
def _issue_join() -> re.Pattern:
    """What may stand between issues named together ("SFI och arbetsmarknad", "med bostäder,
    med SFI samt med skolan"): a comma or a conjunction of grammar.yaml (or both), and the
    preposition repeated after it (grammar.yaml gapping_prepositions).

    >>> [bool(_issue_join().fullmatch(s)) for s in (", med ", " samt med ", " men ")]
    [True, True, False]
    """
    g = config().grammar
    words = "|".join(re.escape(w) for w in g.conjunctions)
    preps = "|".join(re.escape(w) for w in sorted(g.gapping_prepositions))
    return re.compile(rf"\s*(?:,\s*(?:(?:{words})\s+)?|(?:{words})\s+)(?:(?:{preps})\s+)?\s*|\s*(?:{words}|,)\s*")


_ITEM_WORDS = 16  # a list item is a phrase; a longer line after a dash is a quote ("– Ja det är …")


def _list_item(line: str) -> bool:
    """Whether a line is an item of a list: a dash, a bullet or a number first, a phrase of a
    few words, and no speech verb (people.yaml: "– Ja, det är bra, säger Ivan Daza" is a quote).

    >>> _list_item("– bosättning av nyanlända"), _list_item("– Ja det är bra, säger Ivan Daza.")
    (True, False)
    """
    if not LIST_ITEM.match(line):
        return False
    words = [w.strip(",.;:!?") for w in line.lower().split()]
    return len(words) <= _ITEM_WORDS and config().people.speech_verbs.isdisjoint(words)


class IssueReader:
    """The issues of the claims of one document: those named after a trigger, in its
    sentence, its paragraph, or the document's topic, with a confidence factor for the weaker
    places. A sentence's issues are found once (``sentence_issues``)."""

    def __init__(self, doc: Any):
        self.ctx = doc  # the DocumentContext: paragraph issues, topic
        self.cues = config().cues
        self._issues: dict[int, list[tuple[str, int, int]]] = {}  # sentence index → its issues

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
            names = [a.mention for a in view.actors if a.mention is not None]
            found = outside_names(found, sent.start, names)  # "utbildningsnämnden" names a body, not an issue
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
                # named elsewhere in the trigger's clause: weaker, and only for a rule sure enough to stay
                # above the line ("För bosättningen ansvarar …"); another clause's issue is that clause's
                chosen, conf = [i for i, _, _ in self.in_clause(view, hit, found)], factor
            if not chosen and not found and self._task_follows(view, hit):
                chosen, conf = self.passage_issue(view)
                conf *= factor
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

    @staticmethod
    def _task_follows(view: SentenceView, hit: Hit) -> bool:
        """Whether an infinitive follows the trigger ("ges ansvar för att erbjuda …"): a task that
        names no issue is done for the passage's or the document's, at lower confidence."""
        return hit.last < view.sent.last and view.par.lowers[hit.last] == config().grammar.infinitive_marker

    def in_clause(self, view: SentenceView, hit: Hit, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """The issues of ``found`` in the clause of the trigger: between the clause words
        (grammar.yaml clause_ends: "medan", "men", "som", …) or semicolons around it."""
        lowers, ends = view.par.lowers, config().grammar.clause_ends
        lo = hit.first
        while lo > view.sent.first and lowers[lo - 1] not in ends and lowers[lo - 1] != ";":
            lo -= 1
        hi = hit.last
        while hi < view.sent.last and lowers[hi] not in ends and lowers[hi] != ";":
            hi += 1
        a, b = view.par.token_start(lo) - view.sent.start, view.par.token_end(max(hi, lo + 1) - 1) - view.sent.start
        return [f for f in found if a <= f[1] and f[2] <= b]

    def list_issues(self, view: SentenceView, hit: Hit) -> list[tuple[str, int]]:
        """The issues of the list a lead sentence ending in a colon opens, when the trigger names
        none itself ("Socialnämnden ansvarar för:" over "– bosättning", "1. ensamkommande barn"):
        (issue, end offset of the item that names it), each issue once, in item order. The list
        is the lines right after the lead that begin with a dash, a bullet or a number."""
        if not view.text.rstrip().endswith(":") or self.following_issues(view, hit, self.sentence_issues(view)):
            return []
        out: list[tuple[str, int]] = []
        for a, b, scan in self._lines_after(view):
            line = self.ctx.text[a:b]
            if not _list_item(line):
                break
            for issue, _, _ in find_issues(line, scan, a):
                if issue not in (i for i, _ in out):
                    out.append((issue, b))
        return out

    def _lines_after(self, view: SentenceView) -> Iterator[tuple[int, int, Any]]:
        """The lines after sentence ``view`` (start, end, the paragraph's scan), in its paragraph
        and those that follow it."""
        reading, seen = self.ctx.discourse.reading, set()
        for k in range(view.index, len(reading.sents)):
            par = reading.pars[k]
            if par.index in seen:
                continue
            seen.add(par.index)
            for a, b, _ in par.lines:
                if a >= view.sent.end:
                    yield a, b, par.scan

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
        # an issue may begin with the trigger's last word ("beviljar insatser enligt LSS")
        last_word = view.par.token_start(hit.last - 1) - base
        after = [(i, s, e) for i, s, e in found if start <= s < limit or (last_word <= s < start < e)]
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
