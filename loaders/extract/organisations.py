"""Organisations outside the gazetteer, by name patterns, and local chapters.

- a capitalised word with an organisation ending: "Ängskyrkan", "Hembygdssällskapet",
  "Finansdepartementet" (civil society churches keep a following "i <place>");
- a common noun followed by a name: "körföreningen Tonfall", "organisationen Alla
  Barns Rätt", "en ekonomisk förening Gröna Händer";
- a name followed by a company form: "Revisionskraft AB";
- local chapters of national civil society: "Rädda Barnen i Mora", "Röda Korsets
  Moraskrets", "Svenska kyrkan i Lund", "Refugees Welcome Malmö".

>>> from loaders.extract.text import segment
>>> text = "Läxhjälp i samverkan med Ängskyrkan i Mora och körföreningen Tonfall."
>>> [(m.name, m.type) for m in find_pattern_organisations(segment(text)[0], text)]
[('Ängskyrkan i Mora', 'civil_society'), ('Tonfall', 'civil_society')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.gazetteer import gazetteer
from loaders.extract.config import config
from loaders.extract.mentions import Mention, MentionKind
from loaders.extract.scan import minimal
from loaders.extract.sweep import Sweep, words_at
from loaders.extract.text import Paragraph

_CAP = r"[A-ZÅÄÖÉÜ][\w&'’-]*"
_NAME = rf"{_CAP}(?:\s+(?:{_CAP}|&))*"
_IN_PLACE = re.compile(rf"^\s+i\s+({_CAP})")
_PLACE_COMPOUND = re.compile(r"^\s+([A-ZÅÄÖ][\w]*?)")
_COMPOUND_AFTER = re.compile(r"^\s+([A-ZÅÄÖ][\w]*)")  # "Röda Korsets Moraskrets"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    cfg = config().organisations
    suffixes = "|".join(re.escape(s) for s, _, _ in cfg.organisation_suffixes)
    suffix = re.compile(rf"(?<![\w-])([A-ZÅÄÖÉ][\w]*?(?:{suffixes}))(s?)(?![\w-])")
    # a head in lower case or capitalised ("Föreningen Välkommen" opening a sentence)
    heads = "|".join(
        f"[{h[0]}{h[0].upper()}]{re.escape(h[1:])}" for h in sorted(cfg.appositive_heads, key=len, reverse=True)
    )
    appositive = re.compile(rf"(?<![\w-])(\w*?(?:{heads}))\s+({_CAP}(?:\s+{_CAP}){{0,4}})", re.UNICODE)
    markers = "|".join(re.escape(m) for m in cfg.company_markers)
    # a company's name stays on its line: "3 Sammanfattning\nDeloitte AB" is Deloitte AB
    company = re.compile(rf"(?<![\w-])({_CAP}(?:[ \t]+{_CAP}){{0,3}}[ \t]+(?:{markers}))(?![\w-])")
    return suffix, appositive, company


@lru_cache(maxsize=1)
def _stems() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What organisation suffixes and appositive heads contain, to find candidate words fast."""
    cfg = config().organisations
    # a head of several words ("ekonomisk förening") is found by its first word
    return minimal(s for s, _, _ in cfg.organisation_suffixes), minimal(h.split()[0] for h in cfg.appositive_heads)


def sweep_literals() -> tuple[str, ...]:
    """The lower-case literals these finders ask the sweep for: suffix and head stems."""
    return _stems()[0] + _stems()[1]


def _matches_at(pattern: re.Pattern, sweep: Sweep, stems: tuple[str, ...]):
    """(paragraph, match) for ``pattern``'s matches that begin at a word containing one of
    ``stems`` (non-overlapping within a paragraph, as ``finditer`` would give them), without
    trying the pattern at every position."""
    for par, offsets in sweep.hits(stems):
        last = par.start
        for a, _ in words_at(sweep, par, offsets, stems):
            if a < last:
                continue
            m = pattern.match(sweep.text, a, par.end)
            if m:
                last = m.end()
                yield par, m


def _suffix_spec(word: str) -> tuple[str, str, bool] | None:
    low = word.lower()
    for suffix, type_, local in config().organisations.organisation_suffixes:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            return suffix, type_, local
    return None


def find_pattern_organisations(par: Paragraph, text: str) -> list[Mention]:
    """Organisations recognised by their form (see the module docstring)."""
    return pattern_organisations_by_paragraph(Sweep([par], text)).get(par.index, [])


def pattern_organisations_by_paragraph(sweep: Sweep) -> dict[int, list[Mention]]:
    """Organisations recognised by their form in a whole text, by paragraph index (paragraphs
    without any left out): organisation endings, then appositives, then company forms."""
    suffix_re, appositive_re, company_re = _patterns()
    cfg = config().organisations
    gaz = gazetteer()
    text = sweep.text
    out: dict[int, list[Mention]] = {}
    for par, m in _matches_at(suffix_re, sweep, _stems()[0]):
        word = m.group(1)
        spec = _suffix_spec(word)
        if spec is None or word in cfg.not_organisations or gaz.organisation_by_name(word):
            continue
        _, type_, local = spec
        end, name = m.end(), word
        place = _IN_PLACE.match(text[m.end() : m.end() + 60]) if local and not m.group(2) else None
        if place:
            end, name = m.end() + place.end(), f"{word} i {place.group(1)}"
        out.setdefault(par.index, []).append(
            Mention(
                m.start(),
                end,
                text[m.start() : end],
                MentionKind.SUFFIX_ORG,
                type_,
                None,
                name,
                genitive=bool(m.group(2)) and not place,
                paragraph=par.index,
                extra={"local": local},
            )
        )
    for par, m in _matches_at(appositive_re, sweep, _stems()[1]):
        head_text = m.group(1).lower()
        head_type = next((cfg.appositive_heads[h] for h in _appositive_heads() if head_text.endswith(h)), None)
        name = m.group(2).rstrip(" &")
        if head_type is None or name in cfg.not_organisations:
            continue
        start = m.start(2)
        out.setdefault(par.index, []).append(
            Mention(
                start,
                start + len(name),
                name,
                MentionKind.NAMED,
                head_type,
                None,
                name,
                paragraph=par.index,
                extra={"alias": text[m.start() : start + len(name)]},
            )
        )
    adjective_re = _adjective_pattern()
    if adjective_re is not None:
        for par, _ in sweep.hits(tuple(cfg.adjective_heads)):
            for m in adjective_re.finditer(text, par.start, par.end):
                word, head = m.group(1), m.group(2)
                name = f"{word} {head}"
                if word in cfg.not_adjective_names or gaz.organisation_by_name(name):
                    continue
                out.setdefault(par.index, []).append(
                    Mention(
                        m.start(),
                        m.end(),
                        m.group(0),
                        MentionKind.NAMED,
                        cfg.adjective_heads[head],
                        None,
                        name,
                        paragraph=par.index,
                    )
                )
    for par in _with_company_marker(sweep):
        for m in company_re.finditer(text, par.start, par.end):
            start, name = _without_section_words(m.start(), m.group(1))
            out.setdefault(par.index, []).append(
                Mention(start, m.end(), name, MentionKind.NAMED, "company", None, name, paragraph=par.index)
            )
    return out


@lru_cache(maxsize=1)
def _adjective_pattern() -> re.Pattern | None:
    """ "Somaliska föreningen": a capitalised adjective in -a, then a head of
    ``adjective_heads`` in lower case."""
    heads = config().organisations.adjective_heads
    if not heads:
        return None
    alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])([A-ZÅÄÖ][\w-]*a)\s+({alternatives})(?![\w-])")


@lru_cache(maxsize=1)
def _appositive_heads() -> tuple[str, ...]:
    """The appositive heads, longest first (the most specific ending decides the type)."""
    return tuple(sorted(config().organisations.appositive_heads, key=len, reverse=True))


@lru_cache(maxsize=1)
def _without_section_words(start: int, name: str) -> tuple[int, str]:
    """A company name less the section words a report's heading left before it ("Sammanfattning
    Deloitte AB" is Deloitte AB; organisations.yaml section_words), with its new start."""
    words = config().organisations.section_words
    while True:
        first, _, rest = name.partition(" ")
        if first.lower() not in words or not rest:
            return start, name
        start, name = start + len(first) + 1, rest.lstrip(" ")


def _company_markers() -> tuple[str, ...]:
    return tuple(config().organisations.company_markers)


def _with_company_marker(sweep: Sweep) -> list[Paragraph]:
    """The paragraphs in which a company marker ("AB", "Ltd") occurs, as written."""
    markers = _company_markers()
    found = sweep.hits(markers, lower=False)
    if found and found[0][1] is None:  # not swept whole: look in each paragraph
        return [par for par, _ in found if any(k in par.text for k in markers)]
    return [par for par, _ in found]


def find_chapters(par: Paragraph, text: str, mentions: list[Mention]) -> list[Mention]:
    """Local chapters built on national civil-society mentions already found."""
    national = [m for m in mentions if m.kind == "org" and m.type == "civil_society" and m.paragraph == par.index]
    if not national:  # most paragraphs: no chapter can be built
        return []
    cfg = config().organisations
    out = []
    starts = {m.start: m for m in mentions if m.kind == "jurisdiction"}
    for m in national:
        after = text[m.end : m.end + 80]
        if m.genitive:
            # "Röda Korsets Moraskrets": genitive + <Place><krets|avdelning|…>
            compound = _COMPOUND_AFTER.match(after)
            if compound:
                word = compound.group(1)
                suffix = next((s for s in cfg.chapter_suffixes if word.lower().endswith(s)), None)
                if suffix and len(word) > len(suffix):
                    place = _jurisdiction_of(word[: len(word) - len(suffix)])
                    end = m.end + compound.end(1)
                    out.append(_chapter(m, end, text, place, par))
            continue
        in_place = _IN_PLACE.match(after)
        if in_place:
            end = m.end + in_place.end(1)
            place_text = in_place.group(1)
            slug = _jurisdiction_of(place_text)
            if _is_state(slug):
                continue
            out.append(_chapter(m, end, text, slug, par, local_place=None if slug else place_text))
            continue
        # "LRF Älvsbyn", "Rädda Barnen Mora.": a place named right after the name
        place_mention = starts.get(m.end + 1) if after[:1] == " " else None
        if place_mention is not None and not place_mention.genitive and not _is_state(place_mention.key):
            out.append(_chapter(m, place_mention.end, text, place_mention.key, par))
    return out


def _is_state(slug: str | None) -> bool:
    """Whether a place is the country (the gazetteer's kind ``state``): a national
    organisation "i Sverige" is the organisation itself, no local chapter."""
    place = gazetteer().jurisdictions.get(slug) if slug else None
    return place is not None and place.kind == "state"


def _jurisdiction_of(name: str) -> str | None:
    if name.lower() not in _place_words():
        return None  # no jurisdiction's short name or genitive: not worth a look-up that fails slowly
    try:
        slug = gazetteer().resolve_jurisdiction(name)
    except Exception:
        return None
    j = gazetteer().jurisdictions.get(slug)
    if j is None or name.lower() not in {j.short.lower(), j.genitive.lower()}:
        return None
    return slug


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """The short names and genitives of the jurisdictions, lower case (``_jurisdiction_of``
    accepts nothing else)."""
    return frozenset(w.lower() for j in gazetteer().jurisdictions.values() for w in (j.short, j.genitive))


def _chapter(
    national: Mention, end: int, text: str, place: str | None, par: Paragraph, local_place: str | None = None
) -> Mention:
    surface = text[national.start : end]
    name = " ".join(surface.split())
    return Mention(
        national.start,
        end,
        surface,
        MentionKind.CHAPTER,
        "civil_society",
        national.key,
        name,
        place=place,
        paragraph=par.index,
        extra={"national": national.key, "national_name": national.name, "local_place": local_place},
    )
