"""Issues named in a passage: the taxonomy's surface forms (graph.taxonomy), adjective
endings on every word of a form ("den interkulturella strategin"), and compounds that
begin with an issue word ("integrationssamordnare", "bosättningsansvaret";
data/extraction/issues.yaml).

>>> [i for i, _, _ in find_issues("Den interkulturella strategin och integrationsutmaningen")]
['antidiscrimination', 'integration']
>>> broadest(["integration", "refugee_reception"]), broadest(["settlement", "education"])
(['integration'], ['settlement', 'education'])
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from graph.taxonomy import taxonomy, when_taxonomy_changes
from graph.textmatch import ENDINGS, normalise
from loaders.extract.config import config
from loaders.extract.mentions import ORG_KINDS
from loaders.extract.scan import TextScan

_WORD = re.compile(r"\w+(?:-\w+)*-?", re.UNICODE)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], list[tuple[str, str]]]:
    """First word → [(form words, issue)], and (compound prefix, issue) pairs."""
    tax = taxonomy()
    cfg = config().issues
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for issue in tax.issues.values():
        for form in {normalise(f) for f in (*issue.surface_forms, issue.sv)}:
            if tax.owner_of(form) not in (issue.id, None):
                continue  # a later area (a user's) took this word: it names that area only
            words = tuple(form.split())
            by_first.setdefault(words[0], []).append((words, issue.id))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    prefixes = [(p, i) for i, ps in cfg.compound_prefixes.items() for p in ps if len(p) >= 3]
    prefixes += _form_prefixes(tax, cfg.min_compound, {p for p, _ in prefixes})
    prefixes.sort(key=lambda p: -len(p[0]))
    return by_first, prefixes


def _form_prefixes(tax, shortest: int, known: set[str]) -> list[tuple[str, str]]:
    """Every one-word surface form of at least ``shortest`` letters, as a compound prefix of its
    issue: a Swedish compound begins with its first element ("upphandlingspolicy",
    "dricksvattenförsörjningen"), so any policy area, shipped or added by a user, is found in
    compounds without listing them. A form two issues share names neither."""
    owner: dict[str, str | None] = {}
    for issue in tax.issues.values():
        for form in {normalise(f) for f in issue.surface_forms}:
            if " " in form or len(form) < shortest or form in known:
                continue
            owner[form] = issue.id if owner.get(form, issue.id) == issue.id else None
    return [(form, issue) for form, issue in owner.items() if issue is not None]


def _stem_candidates(word: str, last: bool) -> list[str]:
    endings = ENDINGS if last else config().grammar.adjective_endings
    return [word[: len(word) - len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= 2]


@lru_cache(maxsize=65536)
def _stems(word: str) -> frozenset[str]:
    """The word and its possible stems (bounded cache: words repeat across a batch)."""
    return frozenset((word, *_stem_candidates(word, True), *_stem_candidates(word, False)))


def find_issues(text: str, scan: TextScan | None = None, start: int = 0) -> list[tuple[str, int, int]]:
    """(issue, start, end) of every issue named in ``text``, in order.

    Only the places where an issue word can begin are looked at: ``str.find`` of the
    index's first words and compound prefixes in the lower-case text (C speed), then the
    words from there; most words of a text never reach the matching below. ``scan``, the
    ``TextScan`` of a document that holds ``text`` at offset ``start``, has those places
    already (found once for the whole document).
    """
    hits = scan.hits(_literals(), start, start + len(text)) if scan is not None else None
    if hits == []:  # the scan (whose text keeps its length lower-cased, as then ``text`` does) found none
        return []
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: every word, slowly
        words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
        return _scan(words, range(len(words)))
    out: list[tuple[str, int, int]] = []
    reach, longest = -1, _longest_form()
    skip = config().issues.not_issue_words
    for pos in _word_starts(low, hits):
        if pos < reach:
            continue
        first = _WORD.search(low, pos)  # the first word, as ``_scan`` would see it
        if first is None:
            continue
        word = first.group(0)
        if word in skip or not _may_name_issue(word):
            continue  # no issue begins here: spare collecting the words that follow
        found = _issue_at(low, first, word, longest)
        if found:
            out.append(found)
            reach = found[2]
    return out


def issues_within(
    text: str, found: list[tuple[str, int, int]], a: int, b: int, scan: TextScan | None = None, start: int = 0
) -> list[tuple[str, int, int]]:
    """The issues of ``text[a:b]`` as ``find_issues(text[a:b], scan, start + a)`` gives them,
    read off ``found``, the issues of the whole ``text`` (``find_issues(text, scan, start)``):
    the issues of a sentence from those of its paragraph, without scanning it again.

    They are the same when no word runs across either edge of the part (the character
    before it and the one after it join no word), no issue of the whole runs across an
    edge, and every literal an issue word begins with is one word: then ``find_issues``
    sees the same words from the same places inside the part and reads no further than the
    issues it found in the whole. Otherwise the part is scanned again.

    >>> text = "Vi har integration. Och samverkan."
    >>> issues_within(text, find_issues(text), 20, 34) == find_issues(text[20:34])
    True
    """
    same_length = scan.lower_keeps_length if scan is not None else False  # else: lower-case ``text`` to know
    if (
        not _joins_no_word(text, a - 1)
        or not _joins_no_word(text, b)
        or not _literals_are_words()
        or "\u03a3" in text
        or (not same_length and len(text.lower()) != len(text))
    ):
        return find_issues(text[a:b], scan, start + a)
    out = []
    for issue, s, e in found:
        if s < a:
            if e > a:
                return find_issues(text[a:b], scan, start + a)
        elif s < b:
            if e > b:
                return find_issues(text[a:b], scan, start + a)
            out.append((issue, s - a, e - a))
        else:
            break
    return out


def _joins_no_word(text: str, i: int) -> bool:
    """Whether the character at ``i`` (none outside the text) joins no word across an edge:
    lower-cased, it is no word character (``_WORD``) and no hyphen."""
    if i < 0 or i >= len(text):
        return True
    low = text[i].lower()
    return len(low) == 1 and not (low.isalnum() or low == "_" or low == "-")


@lru_cache(maxsize=1)
def _literals_are_words() -> bool:
    """Whether every literal an issue word begins with is made of word characters only (so
    that none runs across a character that joins no word)."""
    return all(_WORD_CHARS.fullmatch(lit) for lit in _literals())


_WORD_CHARS = re.compile(r"\w+\s?")  # a word, and the gap after it of a short first word (``_literals``)

SHORT_FIRST_WORD = 2  # letters
WORD_GAPS = (" ", "\n", "\t", "\u00a0")  # what may stand between the words of a form in a text


def _issue_at(low: str, first: re.Match, word: str, longest: int) -> tuple[str, int, int] | None:
    """The issue named from the word ``first`` on (``_scan`` at one place): the longest form
    that begins with one of its stems, else a compound; only as many following words are
    read as the word's longest form has, and only the forms whose first word ``word`` is
    are tried (``_forms_from``)."""
    forms = _forms_from(word)
    if forms:
        most = len(forms[0][0])
        if most == 1:  # no form of several words begins here: the word alone decides
            return forms[0][1], first.start(), first.end()
        following = [m for _, m in zip(range(min(most, longest) - 1), _WORD.finditer(low, first.end()), strict=False)]
        texts = [m.group(0) for m in following]
        for form, issue in forms:
            n = len(form)
            if n - 1 <= len(texts) and all(_word_is(form[k], texts[k - 1], k == n - 1) for k in range(1, n)):
                return issue, first.start(), (following[n - 2] if n > 1 else first).end()
    compound = _compound_issue(word)
    return (compound, first.start(), first.end()) if compound else None


@lru_cache(maxsize=65536)
def _forms_from(word: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The (form, issue) entries of ``_forms_of(word)`` whose first word ``word`` is, the
    longest first and otherwise in their order: the first of them whose other words follow
    is the longest form ``_scan`` finds (a per-word table)."""
    forms = [entry for entry in _forms_of(word)[0] if _word_is(entry[0][0], word, len(entry[0]) == 1)]
    forms.sort(key=lambda entry: -len(entry[0]))  # stable: forms of one length keep their order
    return tuple(forms)


@lru_cache(maxsize=65536)
def _compound_issue(word: str) -> str | None:
    """The issue of the first compound prefix ``word`` begins with, if it is long enough to be
    a compound (a per-word table)."""
    if len(word) < config().issues.min_compound:
        return None
    return _prefix_issue(word)


_HEAD = 3  # compound prefixes are looked up by their first letters (every prefix has at least three)


@lru_cache(maxsize=1)
def _prefixes_by_head() -> dict[str, tuple[tuple[str, str], ...]]:
    """The compound prefixes by their first ``_HEAD`` letters, longest first within each (the
    order of ``_index``): a word is tried against the few that share its beginning."""
    out: dict[str, list[tuple[str, str]]] = {}
    for p, issue in _index()[1]:
        out.setdefault(p[:_HEAD], []).append((p, issue))
    return {head: tuple(group) for head, group in out.items()}


def _prefix_issue(word: str) -> str | None:
    """The issue of the longest compound prefix ``word`` begins with and is longer than."""
    for p, issue in _prefixes_by_head().get(word[:_HEAD], ()):
        if word.startswith(p) and len(word) > len(p):
            return issue
    return None


@lru_cache(maxsize=65536)
def _forms_of(word: str) -> tuple[tuple[tuple[tuple[str, ...], str], ...], int]:
    """The (form, issue) entries of the index under any stem of ``word``, in the order
    ``_scan`` tries them, and the number of words of the longest (a per-word table)."""
    by_first = _index()[0]
    forms = tuple(entry for stem in _stems(word) for entry in by_first.get(stem, ()))
    return forms, max((len(form) for form, _ in forms), default=0)


def _scan(words: list[tuple[str, int, int]], at) -> list[tuple[str, int, int]]:
    """Issues named at the word indexes ``at`` of ``words`` (lower case, with offsets);
    a multi-word form consumes its words."""
    by_first = _index()[0]
    cfg = config().issues
    out: list[tuple[str, int, int]] = []
    skip_to = 0
    for i in at:
        if i < skip_to:
            continue
        word, start, end = words[i]
        if word in cfg.not_issue_words or not _may_name_issue(word):
            continue
        match = None
        for stem in _stems(word):
            for form, issue in by_first.get(stem, ()):
                n = len(form)
                if i + n > len(words):
                    continue
                ok = all(_word_is(form[k], words[i + k][0], k == n - 1) for k in range(n))
                if ok and (match is None or n > match[0]):
                    match = (n, issue)
        if match:
            n, issue = match
            out.append((issue, start, words[i + n - 1][2]))
            skip_to = i + n
            continue
        if len(word) >= cfg.min_compound:
            compound = _prefix_issue(word)
            if compound:
                out.append((compound, start, end))
    return out


@lru_cache(maxsize=1)
def _literals() -> tuple[str, ...]:
    """Every string an issue word begins with (first words of forms, compound prefixes),
    none a prefix of another. A first word of one or two letters that begins only forms of
    several words ("i väntan på ambulans") is looked for with the space after it: alone it
    would be found inside most words of a text and stand for every literal it begins."""
    by_first, prefixes = _index()
    whole = {p for p, _ in prefixes} | {w for w, forms in by_first.items() if any(len(f) == 1 for f, _ in forms)}
    short = {w for w in by_first if len(w) <= SHORT_FIRST_WORD and w not in whole}
    spaced = {f"{w}{sep}" for w in short for sep in WORD_GAPS}
    words = sorted({*by_first, *(p for p, _ in prefixes), *spaced} - short, key=len)
    out: list[str] = []
    for w in words:
        if not any(w.startswith(o) for o in out):
            out.append(w)
    return tuple(out)


@lru_cache(maxsize=1)
def _longest_form() -> int:
    return max(len(form) for entries in _index()[0].values() for form, _ in entries)


def _word_starts(low: str, found: list[int] | None = None) -> list[int]:
    """Sorted offsets in ``low`` where a literal begins a word (as ``_WORD`` splits words);
    ``found``: the offsets where a literal begins, when already known."""
    if found is None:
        places: set[int] = set()
        for lit in _literals():
            i = low.find(lit)
            while i >= 0:
                places.add(i)
                i = low.find(lit, i + 1)
        found = sorted(places)
    hits = []
    for i in found:
        prev = low[i - 1] if i else " "
        inside = (
            prev.isalnum() or prev == "_" or (prev == "-" and i > 1 and (low[i - 2].isalnum() or low[i - 2] == "_"))
        )
        if not inside:
            hits.append(i)
    return hits


@lru_cache(maxsize=65536)
def _may_name_issue(word: str) -> bool:
    """Whether ``word`` can begin an issue's surface form or be an issue compound (most
    words cannot; the answer is cached, so the scan costs one lookup per word)."""
    by_first = _index()[0]
    if any(stem in by_first for stem in _stems(word)):
        return True
    return len(word) >= config().issues.min_compound and any(
        word.startswith(p) for p, _ in _prefixes_by_head().get(word[:_HEAD], ())
    )


def _word_is(form: str, word: str, last: bool) -> bool:
    if word == form:
        return True
    rest = word[len(form) :] if word.startswith(form) else None
    if rest is None:
        return False
    return rest in (ENDINGS if last else config().grammar.adjective_endings)


def broadest(issues: list[str]) -> list[str]:
    """Distinct issues, dropping any whose parent is also named (the parent covers it)."""
    tax = taxonomy()
    distinct = list(dict.fromkeys(issues))
    return [i for i in distinct if not any(a in distinct for a in tax.ancestors(i))]


def common_issue(issues: list[str]) -> str | None:
    """One issue standing for several: the only one, else their common parent."""
    distinct = broadest(issues)
    if not distinct:
        return None
    if len(distinct) == 1:
        return distinct[0]
    tax = taxonomy()
    parents = {tax.parent(i) or i for i in distinct}
    return parents.pop() if len(parents) == 1 else Counter(issues).most_common(1)[0][0]


def outside_names(found: list[tuple[str, int, int]], offset: int, names: list) -> list[tuple[str, int, int]]:
    """The issues of ``found`` (offsets from ``offset``) that lie outside every name of an
    organisation: "utbildningsnämnden" and "integrationsenheten" name bodies, not issues.
    ``names`` are mentions (start, end, kind) in text order; places and pronouns do not count.

    >>> from loaders.extract.mentions import Mention, MentionKind
    >>> body = Mention(100, 117, "Utbildningsnämnden", MentionKind.BODY)
    >>> outside_names([("education", 0, 10), ("education", 20, 30)], 100, [body])
    [('education', 20, 30)]
    """
    spans = [(m.start - offset, m.end - offset) for m in names if m.kind in ORG_KINDS and m.kind != "jurisdiction"]
    if not spans:
        return found
    return [(i, s, e) for i, s, e in found if not any(a < e and s < b for a, b in spans)]


def document_topic(texts: list[str]) -> str:
    """The issue a document names most (its parent when that is named too), else the default."""
    return topic_of([[i for i, _, _ in find_issues(text)] for text in texts])


def topic_of(named: list[list[str]]) -> str:
    """``document_topic`` from the issues already found in each passage."""
    counts: Counter[str] = Counter(i for issues in named for i in issues)
    if not counts:
        return config().issues.default_topic
    tax = taxonomy()
    top = counts.most_common(1)[0][0]
    for ancestor in tax.ancestors(top):
        if counts.get(ancestor):
            return ancestor
    return top


@when_taxonomy_changes
def _forget_taxonomy() -> None:
    """Drop every table built from the taxonomy (a user's taxonomy file was laid over it)."""
    for cached in (
        _index,
        _forms_from,
        _compound_issue,
        _forms_of,
        _literals,
        _longest_form,
        _may_name_issue,
        _literals_are_words,
        _prefixes_by_head,
    ):
        cached.cache_clear()
