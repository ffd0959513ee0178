"""Public bodies by their morphology: compounds ending in -nämnd(en), -styrelse(n),
-fullmäktige, -förvaltning(en), -kontor(et) … (data/extraction/organisations.yaml).

Handles coordinated names ("kultur- och fritidsförvaltningen"), genitives
("socialnämndens"), a genitive body's own administration ("kommunstyrelsens
förvaltning"), the indefinite form after a genitive ("kommunens socialförvaltning"),
abbreviations (KS, KF) and whole words (revisorerna). The name given is the definite
singular, capitalised: "Socialförvaltningen"; the bodies of one kind together, in the plural
("stadsdelsnämnderna", "samtliga stadsdelsnämnder"), are named in the definite plural.

>>> from loaders.extract.text import segment
>>> text = "Både miljönämnden och vård- och omsorgsförvaltningen pekar på kommunstyrelsens förvaltning."
>>> [(m.name, m.type) for m in find_bodies(segment(text)[0], text)]  # doctest: +NORMALIZE_WHITESPACE
[('Miljönämnden', 'board'), ('Vård- och omsorgsförvaltningen', 'administration'),
 ('Kommunstyrelsens förvaltning', 'administration')]
>>> text = "Varje nämnd fick i uppdrag. Kommunens socialförvaltning och de förtroendevalda revisorerna."
>>> [(m.text, m.name) for m in find_bodies(segment(text)[0], text)]
[('Kommunens socialförvaltning', 'Socialförvaltningen'), ('förtroendevalda revisorerna', 'Revisorerna')]
>>> text = "Ansvaret vilar på samtliga stadsdelsnämnder. Stadsdelsnämnderna och några facknämnder."
>>> [(m.text, m.name) for m in find_bodies(segment(text)[0], text)]
[('samtliga stadsdelsnämnder', 'Stadsdelsnämnderna'), ('Stadsdelsnämnderna', 'Stadsdelsnämnderna')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.extract.config import BodyHead, config
from loaders.extract.mentions import Mention, MentionKind
from loaders.extract.scan import first_words, minimal
from loaders.extract.sweep import Sweep, matches, words_at
from loaders.extract.text import Paragraph


@lru_cache(maxsize=1)
def _coord_before() -> re.Pattern:
    """A truncated compound coordinated before a body ("barn- och utbildningsnämnden"): the
    conjunctions of grammar.yaml."""
    words = "|".join(re.escape(w) for w in config().grammar.conjunctions)
    return re.compile(rf"((?:[^\W\d_]+-\s*,\s*)*[^\W\d_]+-\s+(?:{words})\s+)$")


# The last word of a passage that ends in white space, from its first letter: ``.*`` runs to
# the end and gives back one character at a time, so the word is found from the end (a search
# would try it from every position of the passage), as a search finds it.
_WORD_BEFORE = re.compile(r"(?s:.*)(?<![\w:])[\w:]*?([^\W\d_][\w:]*)\s+$")
_WORD_AFTER = re.compile(r"^\s+([^\W\d_]+)")


def _coordinated_before(text: str, start: int) -> re.Match | None:
    """``_COORD_BEFORE`` in the 120 characters before ``start``, searched only when they end
    in a conjunction and white space, as any match does (most do not: the search would try
    the pattern at every letter of them)."""
    window = text[max(0, start - 120) : start]
    head = window.rstrip()
    if len(head) == len(window) or not head.endswith(config().grammar.conjunctions):
        return None
    return _coord_before().search(window)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, dict[str, BodyHead], re.Pattern, re.Pattern]:
    cfg = config().organisations
    heads: dict[str, BodyHead] = {}
    for h in cfg.body_heads:
        for form in (h.definite, h.indefinite, h.plural, h.plural_definite):
            if form:
                heads.setdefault(form, h)
    alternatives = "|".join(re.escape(f) for f in sorted(heads, key=len, reverse=True))
    body = re.compile(rf"(?<![\w-])([^\W\d_][\w]*?(?:{alternatives}))(s?)(?![\w-])", re.IGNORECASE)
    words = "|".join(re.escape(w) for w in sorted(cfg.body_words, key=len, reverse=True))
    whole = re.compile(rf"(?<![\w-])({words})(s?)(?![\w-])", re.IGNORECASE)
    abbrevs = "|".join(re.escape(a) for a in sorted(cfg.abbreviations, key=len, reverse=True))
    abbrev = re.compile(rf"(?<![\w-])({abbrevs})(:s)?(?![\w-])")
    return body, heads, whole, abbrev


def _head_of(word: str, heads: dict[str, BodyHead]) -> tuple[str, BodyHead] | None:
    """The longest head form that ``word`` ends with, and its head: the word's endings looked
    up from the longest down (one look-up per letter, not one comparison per head form)."""
    low = word.lower()
    for k in range(len(low) + 1):
        head = heads.get(low[k:])
        if head is not None:
            return low[k:], head
    return None


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


def _preceded_by_genitive(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a genitive ("kommunens", "Ystads", "KS:s") or a
    possessive pronoun ("vår socialförvaltning", cues.yaml possessive_pronouns): either makes
    an indefinite head a body of its own."""
    m = _WORD_BEFORE.match(text[max(0, start - 60) : start])
    if m is None:
        return False
    word = m.group(1).lower()
    if word in config().cues.possessives:
        return True
    return word.endswith("s") and word not in config().grammar.not_genitives and len(word) > 2


def _determiner_before(text: str, start: int) -> int | None:
    """Where the word before ``start`` begins, when it is one that makes an indefinite plural
    head the bodies of that kind (organisations.yaml plural_determiners: "samtliga
    stadsdelsnämnder"); else None."""
    window = max(0, start - 40)
    m = _WORD_BEFORE.match(text[window:start])
    if m is None or m.group(1).lower() not in config().organisations.plural_determiners:
        return None
    return window + m.start(1)


_ACRONYM_HYPHEN = re.compile(r"(?<![\w-])([A-ZÅÄÖ0-9]{1,6})-\Z")  # "IT-", "LSS-", "VA-" before a head


def _hyphenated(text: str, start: int, end: int, par: Paragraph) -> Mention | None:
    """A body named by an acronym and a hyphen before its head ("IT-avdelningen",
    "LSS-enheten", "VA-enheten"), definite or after a genitive ("vår IT-avdelning")."""
    _, heads, _, _ = _patterns()
    acronym = _ACRONYM_HYPHEN.search(text, max(par.start, start - 8), start)
    word = text[start:end]
    genitive = word.endswith("s") and word[:-1].lower() in heads
    found = heads.get((word[:-1] if genitive else word).lower())
    if acronym is None or found is None:
        return None
    begin = acronym.start(1)
    if (word[:-1] if genitive else word).lower() != found.definite and not _preceded_by_genitive(text, begin):
        return None
    name = text[begin:start] + found.definite
    return _body_mention(text, begin, end, found, name, genitive, par)


def _body(text: str, start: int, end: int, par: Paragraph) -> Mention | None:
    body_re, heads, _, _ = _patterns()
    cfg = config().organisations
    hyphenated = _hyphenated(text, start, end, par) if start > par.start and text[start - 1] == "-" else None
    if hyphenated is not None:
        return hyphenated
    m = body_re.fullmatch(text, start, end)
    if m is None:  # a bare head ("kontoret"): a body only when an adjective names it
        bare = _head_of(text[start:end], heads)
        if bare is None or text[start:end].lower() != bare[1].definite:
            return None
        return _named_by_adjective(text, start, end, bare[1], par)
    word, genitive = m.group(1), bool(m.group(2))
    found = _head_of(word, heads)
    if found is None:
        return None
    form, head = found
    low = word.lower()
    prefix = low[: len(low) - len(form)]
    stem = prefix + head.indefinite
    if low in cfg.not_bodies or stem in cfg.not_bodies or (prefix + head.definite) in cfg.not_bodies:
        return None
    coord = _coordinated_before(text, start)
    if len(prefix) < cfg.min_prefix and not coord:
        return None
    plural = form in (head.plural, head.plural_definite)
    if plural and coord:  # "kultur- och äldreförvaltningarna": several bodies, not one name
        return None
    definite = form in (head.definite, head.plural_definite)
    determiner = None
    if not definite and not coord and not _preceded_by_genitive(text, start):
        determiner = _determiner_before(text, start) if plural else None
        if determiner is None:
            return None
    begin = start - len(coord.group(1)) if coord else start
    lead = text[begin:start] if coord else ""
    if determiner is not None:  # "samtliga stadsdelsnämnder": the determiner is part of the mention
        begin = determiner
    ending = head.plural_definite if plural and head.plural_definite else head.definite
    name = _capitalise(lead + word[: len(word) - len(form)] + ending)
    return _body_mention(text, begin, m.end(), head, name, genitive, par)


def _body_mention(
    text: str, begin: int, end: int, head: BodyHead, name: str, genitive: bool, par: Paragraph
) -> Mention:
    return Mention(
        begin,
        end,
        text[begin:end],
        MentionKind.BODY,
        head.type,
        name.lower(),
        name,
        genitive=genitive,
        paragraph=par.index,
    )


def _named_by_adjective(text: str, start: int, end: int, head: BodyHead, par: Paragraph) -> Mention | None:
    """A bare definite head named by the adjective before it: "Tekniska kontoret", "sociala
    nämnden" (organisations.yaml body_adjectives); None for any other adjective."""
    before = _WORD_BEFORE.match(text[max(par.start, start - 40) : start])
    if before is None or before.group(1).lower() not in config().organisations.body_adjectives:
        return None
    begin = start - (before.end() - before.start(1))
    name = _capitalise(f"{before.group(1).lower()} {head.definite}")
    return _body_mention(text, begin, end, head, name, False, par)


def _with_modifier(text: str, m: Mention) -> Mention:
    """Extend a body mention over an adjective that belongs to it ("förtroendevalda revisorerna")."""
    before = _WORD_BEFORE.match(text[max(0, m.start - 40) : m.start])
    if before and before.group(1).lower() in config().organisations.body_modifiers:
        m.start -= before.end() - before.start(1)
        m.text = text[m.start : m.end]
    return m


def _genitive_administration(text: str, m: Mention) -> Mention | None:
    """ "kommunstyrelsens förvaltning": a genitive body followed by an administration head."""
    after = _WORD_AFTER.match(text[m.end : m.end + 40])
    if not after or not m.genitive:
        return None
    word = after.group(1).lower()
    heads = config().organisations.genitive_administration_heads
    _, head_forms, _, _ = _patterns()
    if word not in heads and not any(word == head_forms[h].definite for h in heads if h in head_forms):
        return None
    end = m.end + after.end(1)
    name = text[m.start : end]
    name = _capitalise(" ".join(name.split()))
    return Mention(
        m.start, end, text[m.start : end], MentionKind.BODY, "administration", name.lower(), name, paragraph=m.paragraph
    )


@lru_cache(maxsize=1)
def _head_stems() -> tuple[str, ...]:
    """The shortest distinct lower-case head forms ("nämnd" covers "nämnden", "nämnds")."""
    return minimal(_patterns()[1])


@lru_cache(maxsize=1)
def _literals() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The first words of the body words (lower case) and of the abbreviations (as written)."""
    cfg = config().organisations
    return first_words(cfg.body_words), first_words(cfg.abbreviations, lower=False)


def sweep_literals() -> tuple[str, ...]:
    """The lower-case literals these finders ask the sweep for: head stems and body words."""
    return _head_stems() + _literals()[0]


def find_bodies(par: Paragraph, text: str) -> list[Mention]:
    """Body mentions in one paragraph (absolute offsets into ``text``)."""
    return bodies_by_paragraph(Sweep([par], text)).get(par.index, [])


def bodies_by_paragraph(sweep: Sweep) -> dict[int, list[Mention]]:
    """Body mentions of a whole text, by paragraph index (paragraphs without any left out):
    compounds on a body head, then whole body words, then abbreviations."""
    text = sweep.text
    _, _, whole_re, abbrev_re = _patterns()
    cfg = config().organisations
    out: dict[int, list[Mention]] = {}
    stems = _head_stems()
    for par, offsets in sweep.hits(stems):
        for a, b in words_at(sweep, par, offsets, stems):
            found = _body(text, a, b, par)
            if found is None:
                continue
            admin = _genitive_administration(text, found)
            out.setdefault(par.index, []).append(admin or _with_modifier(text, found))
    words, abbreviations = _literals()
    for par, offsets in sweep.hits(words):
        for m in matches(whole_re, par, offsets, words, text):
            spec = cfg.body_words[m.group(1).lower()]
            mention = Mention(
                m.start(),
                m.end(),
                m.group(0),
                MentionKind.BODY,
                spec["type"],
                spec["name"].lower(),
                spec["name"],
                genitive=bool(m.group(2)),
                paragraph=par.index,
            )
            out.setdefault(par.index, []).append(_with_modifier(text, mention))
    for par, offsets in sweep.hits(abbreviations, lower=False):
        for m in matches(abbrev_re, par, offsets, abbreviations, text, lower=False):
            name = cfg.abbreviations[m.group(1)]
            head_found = _head_of(name.split()[-1], _patterns()[1])
            type_ = head_found[1].type if head_found else "board"
            out.setdefault(par.index, []).append(
                Mention(
                    m.start(),
                    m.end(),
                    m.group(0),
                    MentionKind.BODY,
                    type_,
                    name.lower(),
                    name,
                    genitive=bool(m.group(2)),
                    paragraph=par.index,
                    extra={"abbreviation": True},
                )
            )
    return out
