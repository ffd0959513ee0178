"""Triggers: the rule phrases the PhraseMatcher found in a paragraph, chained into whole
triggers inside one sentence (gapped parts joined within a rule's ``max_gap``), overlaps
resolved (a longer or suppressing rule wins)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.extract.config import config
from loaders.extract.nlp import TriggerPart, resources
from loaders.extract.rule_schema import Rule
from loaders.extract.text import Paragraph, Sentence


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


def find_hits(
    sent: Sentence,
    matches: list[tuple[TriggerPart, int, int]],
    lowers: Sequence[str],
    allowed: Callable[[Hit], bool] | None = None,
) -> list[Hit]:
    """Trigger hits inside one sentence, parts of gapped triggers chained, overlaps resolved.

    ``matches`` are the trigger matches of the paragraph (part, first token, end token) that
    start inside the sentence, in order of their start; ``lowers`` the paragraph's lower-case
    tokens. A gap holding a word of the rule's ``unless_inside`` makes no hit, and neither does
    a hit ``allowed`` refuses (a rule that may not speak there: ``clause_cues.blocked``), so
    neither takes the place of another rule's hit ("har tagit över ansvaret för" is a
    take-over only; "brister" in an audit is its shortcoming even where the general rule for
    failings is blocked)."""
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
                if not _blocked_inside(rule, gaps, lowers):
                    hits.append(Hit(rule, first, last, gaps))
    if allowed is not None and hits:
        hits = [h for h in hits if allowed(h)]
    return _resolve_hits(hits) if len(hits) > 1 else hits  # one hit has nothing to clash with


def _blocked_inside(rule: Rule, gaps: list[tuple[int, int]], lowers: Sequence[str]) -> bool:
    """Whether a gap of the trigger holds a word of the rule's ``unless_inside``."""
    return bool(rule.unless_inside) and any(lowers[i] in rule.unless_inside for a, b in gaps for i in range(a, b))


@lru_cache(maxsize=1)
def _rule_order() -> dict[str, int]:
    """The position of every rule in data/extraction/claims.yaml (earlier wins a tie)."""
    return {rule_id: n for n, rule_id in enumerate(config().rules)}


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
        elif any(k.rule.predicate == h.rule.predicate and not _alongside(h.rule, k.rule) for k in clash):
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


def _alongside(a: Rule, b: Rule) -> bool:
    """Whether two rules of one predicate may both speak where their triggers overlap (claims.yaml
    ``alongside``): "flytta från A till B" says something of A and of B."""
    return a.id in b.alongside or b.id in a.alongside


def trigger_matches(par: Paragraph) -> list[tuple[TriggerPart, int, int]]:
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
