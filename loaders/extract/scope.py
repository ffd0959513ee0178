"""Which jurisdiction each part of a text is about.

- The document's own jurisdiction: the caller's default, else the municipality or region
  that dominates the text's mentions, else the state when the text is about the
  government (data/extraction/documents.yaml), else none.
- Sections: a heading line ("Så arbetar Lund med mottagandet", "Kommun: Ystads kommun")
  that names exactly one municipality or region opens a section about it; a table of
  contents does not.
- A paragraph that names other municipalities than its section is about the one it names
  most; a sentence that names exactly one is about that one.
Names inside an organisation's name ("Länsstyrelsen i Stockholms län") do not count:
they are not mentions of the kind ``jurisdiction``.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from graph.gazetteer import gazetteer
from loaders.extract.config import config
from loaders.extract.mentions import Mention
from loaders.extract.text import Paragraph


def _local(m: Mention) -> bool:
    """A mention of a municipality or region (not the state)."""
    if m.kind != "jurisdiction" or m.key is None:
        return False
    j = gazetteer().jurisdictions.get(m.key)
    return j is not None and j.kind != "state"


@dataclass
class Scopes:
    """The jurisdiction in scope at any offset of the text."""

    default: str | None
    jurisdictions: list[str]
    paragraph: dict[int, str | None] = field(default_factory=dict)
    sentences: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def of_sentence(self, par: Paragraph, sentence) -> str | None:
        """``at(par, sentence.start)`` for a sentence of ``par``, without looking it up."""
        key = (sentence.start, sentence.end)
        if key in self.sentences:
            return self.sentences[key]
        return self.paragraph.get(par.index, self.default)

    def at(self, par: Paragraph, offset: int) -> str | None:
        s = par.sentence_of(offset)
        if s is not None and (s.start, s.end) in self.sentences:
            return self.sentences[(s.start, s.end)]
        return self.paragraph.get(par.index, self.default)


def document_jurisdictions(
    paragraphs: list[Paragraph], mentions: list[Mention], default: str | None = None
) -> tuple[str | None, list[str]]:
    """(the text's own jurisdiction, the jurisdictions it is about, most named first)."""
    cfg = config().documents
    counts = Counter(m.key for m in mentions if m.key is not None and _local(m))
    counts.update(m.place for m in mentions if m.kind == "chapter" and m.place)
    total = sum(counts.values())
    markers = _markers_in(paragraphs, cfg.national_markers)
    own = default
    if own is None and counts:
        top, n = counts.most_common(1)[0]
        if n >= cfg.min_mentions and n / total >= cfg.dominant_share:
            own = top
    if own is None and len(counts) == 1 and markers < 2:
        own = next(iter(counts))  # the only municipality or region named, if only once
    if own is None and markers >= 2:
        own = cfg.state
    about = [j for j, n in counts.most_common() if n >= cfg.min_mentions]
    if own and own not in about:
        about.insert(0, own)
    elif own:
        about.remove(own)
        about.insert(0, own)
    return own, about


def _markers_in(paragraphs: list[Paragraph], markers: frozenset[str]) -> int:
    """How many tokens of the text are national markers ("regeringen"): where a marker occurs
    is asked of the text's ``TextScan`` once for the whole text, and only the tokens at those
    places are looked up (most paragraphs hold none, and are not visited). Paragraphs that do
    not share one scan, or overlap, are counted one by one (``_marker_count``)."""
    scan = paragraphs[0].scan if paragraphs else None
    ordered = all(p.scan is scan for p in paragraphs) and all(
        a.end <= b.start for a, b in itertools.pairwise(paragraphs)
    )
    hits = scan.hits(_sorted(markers), 0, len(scan.text)) if scan is not None and ordered else None
    if hits is None:
        return sum(_marker_count(p, markers) for p in paragraphs)
    starts = [p.start for p in paragraphs]
    total = 0
    for offset in hits:
        k = bisect_right(starts, offset) - 1
        if k < 0 or offset >= paragraphs[k].end:
            continue
        par = paragraphs[k]
        i = bisect_left(par.starts, offset - par.start)
        if i < len(par.starts) and par.starts[i] == offset - par.start and par.lowers[i] in markers:
            total += 1
    return total


def _marker_count(par: Paragraph, markers: frozenset[str]) -> int:
    """How many tokens of the paragraph are national markers ("regeringen"): looked up only
    at the places where a marker occurs in the text (the document's ``TextScan``), not
    token by token."""
    hits = par.scan.hits(_sorted(markers), par.start, par.end) if par.scan is not None else None
    if hits is None:
        return sum(map(markers.__contains__, par.lowers))
    found = set()
    for offset in hits:
        k = bisect_left(par.starts, offset)
        if k < len(par.starts) and par.starts[k] == offset and par.lowers[k] in markers:
            found.add(k)
    return len(found)


@lru_cache(maxsize=4)
def _sorted(words: frozenset[str]) -> tuple[str, ...]:
    """A set of words as one stable tuple (the ``TextScan`` keys its look-ups by the tuple)."""
    return tuple(sorted(words))


def _pick(named: list[str], preferred: str | None) -> str | None:
    """The jurisdiction a passage is about, given the ones it names in order."""
    if not named:
        return preferred
    if preferred in named:
        return preferred
    counts = Counter(named)
    best = max(counts.values())
    return next(j for j in named if counts[j] == best)


def assign_scopes(
    paragraphs: list[Paragraph], mentions: list[Mention], default: str | None, about: list[str]
) -> Scopes:
    """The scope of every paragraph and sentence (see the module docstring)."""
    scopes = Scopes(default, about)
    by_paragraph: dict[int, list[Mention]] = {}
    for m in mentions:
        if _local(m):
            by_paragraph.setdefault(m.paragraph, []).append(m)
    section = default
    for par in paragraphs:
        local = by_paragraph.get(par.index)
        if local is None:  # names no place (most paragraphs): its lines and sentences keep the section
            scopes.paragraph[par.index] = section
            continue
        if not par.toc:
            for start, end, heading in par.lines:
                on_line = {m.key for m in local if m.key is not None and start <= m.start < end}
                if heading and len(on_line) == 1:
                    section = on_line.pop()
        para_scope = _pick([m.key for m in local if m.key is not None], section)
        scopes.paragraph[par.index] = para_scope
        for s in par.sentences:
            named = [m.key for m in local if m.key is not None and s.start <= m.start < s.end]
            if named:
                scopes.sentences[(s.start, s.end)] = named[0] if len(set(named)) == 1 else _pick(named, para_scope)
    return scopes
