"""The finders' words looked up once per document, and handed to the paragraphs they lie in.

The mention finders (``references``, ``bodies``, ``organisations``) start where one of their
literal words occurs. Asking for those words paragraph by paragraph cost more than the
finders' real work, since most paragraphs hold none of a finder's words. A :class:`Sweep`
finds each set of literals once in the whole text and gives each paragraph its own hits, so a
finder visits only the paragraphs where it can find something. :func:`matches` and
:func:`words_at` then do what ``scan.finditer`` and ``scan.words_containing`` do with the hits.
A literal that holds a shorter one ("nämnderna", "nämnd") or begins like others ("kommunen",
"kommunerna") is read off the hits of that core (:func:`derivation_plan`, built once from the
finders' literal tables) rather than found by a pass of ``str.find`` of its own.

>>> import re
>>> from loaders.extract.text import segment
>>> text = "Kommunen ansvarar.\\n\\nIngenting här.\\n\\nSocialnämnden och kommunen."
>>> sweep = Sweep(segment(text), text)
>>> [(par.index, offsets) for par, offsets in sweep.hits(("kommunen", "nämnd"))]
[(0, [0]), (2, [6, 18])]
>>> par, offsets = sweep.hits(("nämnd",))[0]
>>> [text[a:b] for a, b in words_at(sweep, par, offsets, ("nämnd",))]
['Socialnämnden']
"""

from __future__ import annotations

import itertools
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from loaders.extract.scan import after_acronym, finditer, matches_at, words_containing
from loaders.extract.text import Paragraph

_WORD_REST = re.compile(r"\w*")


class Sweep:
    """Where literals occur in one document's text, by paragraph (see the module docstring)."""

    def __init__(self, paragraphs: list[Paragraph], text: str, plan: dict[str, tuple[str, int]] | None = None):
        self.paragraphs, self.text = paragraphs, text
        # lower-case literal → (a shorter literal in it, its offset there): see ``derivation_plan``
        self.plan = plan or {}
        low = text.lower()
        self.in_order = all(0 <= a.start <= a.end <= b.start for a, b in itertools.pairwise(paragraphs))
        # None: the text cannot be swept whole (some character lower-cases longer, or the
        # paragraphs overlap): every paragraph is then scanned by itself, the usual way
        self.low = low if self.in_order and len(low) == len(text) else None
        self._starts = [p.start for p in paragraphs]
        # (literal, lower, spaced) → its (start, end) hits: finders that share a literal
        # ("myndigheten", "stiftelsen") have it looked for once per document
        self._spans: dict[tuple[str, bool, bool], list[tuple[int, int]]] = {}

    def hits(
        self, literals: tuple[str, ...], lower: bool = True, spaced: frozenset[str] = frozenset()
    ) -> list[tuple[Paragraph, list[int] | None]]:
        """(paragraph, offsets) for each paragraph in which one of ``literals`` lies wholly
        (lower-cased text when ``lower``): the sorted, distinct offsets from the paragraph's
        start that ``TextScan.hits`` gives for it, less those of the ``spaced`` literals that
        no white space follows (the caller's pattern cannot match there). When the text
        cannot be swept whole, every paragraph with None instead: the caller scans it itself."""
        low = self.low
        if low is None:
            return [(par, None) for par in self.paragraphs]
        found: list[tuple[int, int]] = []
        for word in literals:
            found += self._spans_of(low, word, lower, word in spaced)
        found.sort()
        out: list[tuple[Paragraph, list[int] | None]] = []
        starts, paragraphs = self._starts, self.paragraphs
        current: Paragraph | None = None
        offsets: list[int] = []
        for a, b in found:
            k = bisect_right(starts, a) - 1
            if k < 0 or b > paragraphs[k].end:
                continue
            par = paragraphs[k]
            if par is not current:
                current, offsets = par, []
                out.append((par, offsets))
            if not offsets or offsets[-1] != a - par.start:
                offsets.append(a - par.start)
        return out

    def _spans_of(self, low: str, word: str, lower: bool, spaced: bool) -> list[tuple[int, int]]:
        """The (start, end) hits of one literal in the text (lower-cased, ``low``, when ``lower``;
        only where white space follows it when ``spaced``), looked for once per document."""
        key = (word, lower, spaced)
        spans = self._spans.get(key)
        if spans is None:
            hay = low if lower else self.text
            core = self.plan.get(word) if lower and not spaced else None
            if core is not None:
                spans = self._derived(low, word, *core)
            elif spaced:
                spans = [(m.start(), m.end()) for m in _before_space(word).finditer(hay)]
            else:
                spans = []
                size = len(word)
                i = hay.find(word)
                while i >= 0:
                    spans.append((i, i + size))
                    i = hay.find(word, i + 1)
            self._spans[key] = spans
        return spans

    def _derived(self, low: str, word: str, core: str, offset: int) -> list[tuple[int, int]]:
        """The hits of ``word`` in the lower-cased text, read off those of ``core``, which
        ``word`` holds at ``offset``: every hit of ``word`` has one of ``core`` there, so
        only those places are compared (few, where a pass of ``str.find`` reads the text)."""
        size = len(word)
        starts = [a - offset for a, _ in self._spans_of(low, core, True, False)]
        return [(q, q + size) for q in starts if q >= 0 and low.startswith(word, q)]

    def offsets_by_paragraph(self, spans: Iterable[tuple[int, int]]) -> dict[int, list[int]] | None:
        """The offsets from its paragraph's start of each of ``spans`` (absolute, in text
        order) that a paragraph holds wholly, by paragraph index; None when the paragraphs
        are not in text order (any may hold one)."""
        if not self.in_order:
            return None
        starts, paragraphs = self._starts, self.paragraphs
        out: dict[int, list[int]] = {}
        for a, b in spans:
            k = bisect_right(starts, a) - 1
            if k >= 0 and b <= paragraphs[k].end:
                par = paragraphs[k]
                out.setdefault(par.index, []).append(a - par.start)
        return out


_STEM = 5  # literals that begin alike for this many letters are found by what they share


@lru_cache(maxsize=8)
def derivation_plan(literals: tuple[str, ...]) -> dict[str, tuple[str, int]]:
    """How to find the finders' lower-case ``literals`` with fewer passes of ``str.find``:
    literal → (core, offset of the core in it), where the core is the shortest other literal
    it holds ("nämnd" in "nämnderna", "styrelse" in "länsstyrelsen"), else the longest
    beginning it shares with other literals that begin alike ("kommun" for "kommunen",
    "kommunerna", "kommunledningen"). Cores are found by ``str.find``; a literal then costs
    one comparison per hit of its core instead of a pass over the whole text.

    >>> plan = derivation_plan(("nämnd", "nämnderna", "kommunen", "kommunerna", "stab"))
    >>> sorted(plan.items())
    [('kommunen', ('kommune', 0)), ('kommunerna', ('kommune', 0)), ('nämnderna', ('nämnd', 0))]
    """
    words = sorted(set(literals), key=len)
    plan: dict[str, tuple[str, int]] = {}
    for i, word in enumerate(words):
        core = next((w for w in words[:i] if w != word and w in word), None)
        if core is not None:
            plan[word] = (core, word.find(core))
    alike: dict[str, list[str]] = {}
    for word in words:
        if word not in plan and len(word) > _STEM:
            alike.setdefault(word[:_STEM], []).append(word)
    for group in alike.values():
        if len(group) > 1:
            stem = os.path.commonprefix(group)  # noqa: RUF071 - a character prefix of words, not of paths
            for word in group:
                if word != stem:
                    plan[word] = (stem, 0)
    return plan


@lru_cache(maxsize=256)
def _before_space(word: str) -> re.Pattern:
    """``word`` where white space follows it (found by ``re``, which skips to the word's
    first letter at C speed)."""
    return re.compile(re.escape(word) + r"(?=\s)")


def matches(
    pattern: re.Pattern,
    par: Paragraph,
    offsets: list[int] | None,
    literals: tuple[str, ...],
    text: str,
    lower: bool = True,
) -> Iterator[re.Match]:
    """``pattern``'s matches in the paragraph that start at one of ``offsets`` (non-overlapping,
    as ``scan.finditer`` gives them); with no offsets, ``scan.finditer`` itself."""
    if offsets is None:
        yield from finditer(pattern, literals, text, par.start, par.end, lower, scan=par.scan)
        return
    yield from matches_at(pattern, text, par.start, par.end, offsets)


def words_at(sweep: Sweep, par: Paragraph, offsets: list[int] | None, stems: tuple[str, ...]) -> list[tuple[int, int]]:
    """The words of the paragraph around its hits of ``stems``, as ``scan.words_containing``
    gives them (words joined to another by a hyphen left out); with no offsets,
    ``scan.words_containing`` itself."""
    if offsets is None:
        return words_containing(sweep.text, par.start, par.end, stems, par.scan)
    low, start, end = sweep.low, par.start, par.end
    assert low is not None, "offsets come only from a text swept whole (Sweep.hits)"
    out: list[tuple[int, int]] = []
    last = -1
    for i in offsets:
        pos = start + i
        if pos < last:
            continue
        a = pos
        while a > start and (low[a - 1].isalnum() or low[a - 1] == "_"):
            a -= 1
        rest = _WORD_REST.match(low, pos, end)
        assert rest is not None  # \w* matches (if only the empty string) at every position
        b = rest.end()
        last = b
        if (a > start and low[a - 1] == "-" and not after_acronym(sweep.text, a)) or (b < end and low[b] == "-"):
            continue
        out.append((a, b))
    return out
