"""What the words around a trigger say about its claim: negation, status, basis, what is
missing, and whether the rule may speak at all here (the document kind, blocking words, a
question, an unasserted clause such as "vill att" or "rekommenderar"). The words are
data/extraction/cues.yaml and grammar.yaml."""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.extract.config import config
from loaders.extract.discourse import SentenceView
from loaders.extract.rule_schema import Rule
from loaders.extract.text import LIST_ITEM
from loaders.extract.triggers import Hit

_YEAR = re.compile(r"\b(19|20)\d\d\b")
_ASSERTED_ONLY = ("responsible_for", "lacks", "collaborates_with")


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


def _window(view: SentenceView, hit: Hit, before: int, after: int) -> list[str]:
    lo = max(view.sent.first, hit.first - before)
    hi = min(view.sent.last, hit.last + after)
    return view.par.lowers[lo:hi] if lo < hi else []


def negated(view: SentenceView, hit: Hit) -> bool:
    """Whether a negation word stands near the trigger (cues.yaml negation, negation_window),
    not one that is part of the trigger itself, nor one in the clause before ("Planen har inte
    följts och det saknas en utredning": nothing negates "saknas"); a negation that bears on
    the manner ("bedriver inte tillsynen på ett tillfredsställande sätt") denies nothing."""
    cues = config().cues
    lowers = view.par.lowers
    inside = {i for g0, g1 in hit.gaps for i in range(g0, g1)}
    trigger_words = {lowers[i] for i in range(hit.first, hit.last) if i not in inside}
    lo = max(view.sent.first, hit.first - cues.negation_before, _clause_start(view, hit.first))
    hi = min(view.sent.last, hit.last + cues.negation_after)
    for i in range(lo, hi):
        low = lowers[i]
        if low in cues.negation and (i in inside or not (hit.first <= i < hit.last)):
            if low in trigger_words and not (i in inside or i < hit.first or i >= hit.last):
                continue
            return not _of_manner(view, hit)
    return False


def _clause_start(view: SentenceView, first: int) -> int:
    """Where the clause of the token at ``first`` begins: after the last clause word, comma or
    semicolon before it, or after "och"/"men" that a new subject follows ("… och det saknas")."""
    lowers, grammar = view.par.lowers, config().grammar
    for i in range(first - 1, view.sent.first - 1, -1):
        low = lowers[i]
        if low in grammar.clause_ends or low in (",", ";"):
            return i + 1
        if low in grammar.conjunctions and i + 1 < first and lowers[i + 1] in grammar.clause_subjects:
            return i + 1
    return view.sent.first


def _of_manner(view: SentenceView, hit: Hit) -> bool:
    """Whether words of manner follow the trigger in its clause (cues.yaml negated_manner):
    the negation says how well, not whether."""
    lowers = view.par.lowers
    end = min(view.sent.last, hit.last + 10)
    words = []
    for i in range(hit.last, end):
        if lowers[i] in config().grammar.clause_ends or lowers[i] in (",", ";"):
            break
        words.append(lowers[i])
    joined = " " + " ".join(words) + " "
    return any(f" {m} " in joined for m in config().cues.negated_manner)


def status(view: SentenceView, hit: Hit, year: int | None) -> str | None:
    """A status cue near the trigger (cues.yaml status), or planned for a year after the
    document's ``year``; None when nothing says so."""
    cues = config().cues
    words = _window(view, hit, cues.status_window, cues.status_window)
    joined = " " + " ".join(words) + " "
    for name, padded in _status_cues():
        if any(cue in joined for cue in padded):
            return name
    if year:
        for w in words:
            if _YEAR.fullmatch(w) and int(w) > year:
                return "planned"
    return None


def basis(view: SentenceView, rule: Rule) -> str | None:
    """A basis cue in the sentence, else in the lead line of the list it is an item of
    ("Kommunfullmäktige beslutar att / – socialnämnden ansvarar för …"), else the rule's."""
    words = set(view.lowers())
    if LIST_ITEM.match(view.text):
        before = view.par.text[: view.sent.start - view.par.start].lower().split()
        words.update(w.strip(".,:;") for w in before)
    for basis in ("decision", "recommendation"):
        if not words.isdisjoint(config().cues.basis.get(basis, ())):
            return basis
    return rule.basis


def what(view: SentenceView, hit: Hit, rule: Rule) -> str | None:
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


def blocked(view: SentenceView, hit: Hit, rule: Rule, kind: str) -> bool:
    """Whether the rule must not speak here: a document kind it does not read, a word of its
    ``unless`` before the trigger in the sentence or of its ``unless_later`` after it, a
    blocking word right before or after the trigger, a question, no word of its
    ``needs_after`` after the trigger, or an unasserted clause ("vill att", "rekommenderar")."""
    lowers = view.par.lowers
    if rule.kinds is not None and kind not in rule.kinds:
        return True
    if rule.unless and not rule.unless.isdisjoint(lowers[view.sent.first : hit.first]):
        return True
    if rule.needs_after and rule.needs_after.isdisjoint(lowers[hit.last : view.sent.last]):
        return True
    if rule.unless_later and not rule.unless_later.isdisjoint(lowers[hit.last : view.sent.last]):
        return True
    if rule.unless_before:
        before = " " + " ".join(lowers[max(view.sent.first, hit.first - rule.before_window) : hit.first]) + " "
        if any(w in before for w in _padded(rule.unless_before)):
            return True
    if rule.predicate == "responsible_for":
        for i in range(hit.first - 1, max(view.sent.first, hit.first - config().cues.question_window) - 1, -1):
            low = lowers[i]
            if low in (",", ";", ":"):
                break
            if low in config().cues.question_words:
                return True
    if rule.predicate in _ASSERTED_ONLY and _unasserted(view, hit):
        return True
    if hit.last < view.sent.last and lowers[hit.last] in rule.unless_after:
        return True
    return bool(rule.predicate == "responsible_for" and view.text.rstrip().endswith("?"))
