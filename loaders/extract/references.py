"""Words that stand for an actor without naming it: "kommunen" (the jurisdiction in scope),
"varje nämnd" (the jurisdiction acting through its boards), "länets kommuner" (a group of
municipalities), "myndigheterna" (the state), "myndigheten" (the last agency named), and
"Länsstyrelsen" (the county board of the county in scope).

>>> from loaders.extract.text import segment
>>> text = "Kommunen och länets kommuner. Varje nämnd fick i uppdrag. Myndigheten svarar."
>>> [(str(m.kind), m.text) for m in find_references(segment(text)[0], text)]
[('scope_noun', 'Kommunen'), ('group', 'länets kommuner'), ('collective', 'Varje nämnd'), ('anaphor', 'Myndigheten')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.extract.config import config
from loaders.extract.mentions import Mention, MentionKind
from loaders.extract.scan import first_words
from loaders.extract.sweep import Sweep, matches
from loaders.extract.text import Paragraph


@lru_cache(maxsize=1)
def _name_after() -> re.Pattern:
    """The word after which an anaphoric noun is a name ("Myndigheten för …"; organisations.yaml)."""
    words = "|".join(re.escape(w) for w in config().organisations.name_continuations)
    return re.compile(rf"\s+(?:{words})\s")


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, dict]]:
    cfg = config()
    org = cfg.organisations
    groups = {form: of for forms, of in org.municipality_groups for form in forms}
    out = []

    def add(kind: str, words, info: dict) -> None:
        if words:
            literals = first_words(words)
            info = {**info, "literals": literals, "spaced": _spaced(words, literals)}
            out.append((kind, re.compile(rf"(?<![\w-])({_alternation(words)})(?![\w-])", re.IGNORECASE), info))

    add("group", groups, {"groups": groups})
    add("collective", org.collective_nouns, {})
    add("scope_noun", org.jurisdiction_nouns, {})
    add("state", cfg.cues.state_nouns, {})
    add("anaphor", org.anaphoric_nouns, {"types": org.anaphoric_nouns})
    county = {w: t for w, t in org.county_organisations.items()}
    county.update({w + "s": t for w, t in org.county_organisations.items()})
    add("county_org", county, {"templates": county})
    return out


_SHORT = 3  # a literal this short is found inside many words


def _spaced(words, literals: tuple[str, ...]) -> frozenset[str]:
    """The short literals that only ever begin a phrase of several words ("de" of "de olika
    förvaltningarna"): the pattern can only match at one where white space follows it, and
    most of their hits have none ("de" is in "det", "den", "andel"). (Longer ones have few
    hits, and are found faster without that condition.)"""
    out = set()
    for literal in literals:
        if len(literal) > _SHORT:
            continue
        covered = [w.split() for w in words if w.split() and w.split()[0].lower().startswith(literal)]
        if covered and all(len(ws) > 1 and ws[0].lower() == literal for ws in covered):
            out.add(literal)
    return frozenset(out)


def sweep_literals() -> tuple[str, ...]:
    """The lower-case literals these finders ask the sweep for, white space after them or not."""
    return tuple(w for _, _, info in _patterns() for w in info["literals"] if w not in info["spaced"])


def find_references(par: Paragraph, text: str) -> list[Mention]:
    """Actor-referring words in one paragraph."""
    return references_by_paragraph(Sweep([par], text)).get(par.index, [])


def references_by_paragraph(sweep: Sweep) -> dict[int, list[Mention]]:
    """Actor-referring words of a whole text, by paragraph index (paragraphs without any left
    out), each paragraph's in text order."""
    text = sweep.text
    out: dict[int, list[Mention]] = {}
    for kind, pattern, info in _patterns():
        for par, offsets in sweep.hits(info["literals"], spaced=info["spaced"]):
            found = out.setdefault(par.index, [])
            for m in matches(pattern, par, offsets, info["literals"], text):
                mention = _reference(kind, info, m, text, par.index)
                if mention is not None:
                    found.append(mention)
    for par, mention in _counted_groups(sweep):
        out.setdefault(par.index, []).append(mention)
    for found in out.values():
        found.sort(key=lambda m: m.start)
    return out


@lru_cache(maxsize=1)
def _count_before() -> re.Pattern:
    """A count that ends right before a counted noun (organisations.yaml count_words): "drygt
    60", "ett trettiotal", "tolv"."""
    words = config().organisations.count_words
    approx = _alternation(words.get("approximations", ())) or "(?!)"
    numbers = _alternation(words.get("numbers", ())) or "(?!)"
    tens = _alternation(words.get("tens", ())) or "(?!)"
    count = rf"(?:\d[\d ]*|ett\s+[^\W\d_]+(?:{tens})|{numbers})"
    return re.compile(rf"(?<![\w-])((?:(?:{approx})\s+)?{count})\s+$", re.IGNORECASE)


def _counted_groups(sweep: Sweep) -> list[tuple[Paragraph, Mention]]:
    """Groups named by a count before their noun ("Drygt 60 kommuner sa nej"), each a group
    mention from the count to the noun (organisations.yaml counted_groups)."""
    text, out = sweep.text, []
    for noun, of in config().organisations.counted_groups:
        for par, offsets in sweep.hits((noun,)):
            if offsets is None:
                offsets = [m.start() for m in re.finditer(re.escape(noun), par.text.lower())]
            for offset in offsets:
                start, end = par.start + offset, par.start + offset + len(noun)
                if end < par.end and (text[end].isalnum() or text[end] == "-"):
                    continue  # "kommunernas", "kommuner-" are other words
                count = _count_before().search(text, max(par.start, start - 40), start)
                if count is not None:
                    begin = count.start(1)
                    surface = text[begin:end]
                    group = Mention(begin, end, surface, MentionKind.GROUP, "jurisdiction", of, surface)
                    group.paragraph = par.index
                    out.append((par, group))
    return out


def _reference(kind: str, info: dict, m: re.Match, text: str, paragraph: int) -> Mention | None:
    """The mention of one pattern match, or None ("Myndigheten för …" is a name)."""
    surface = m.group(1)
    key = " ".join(surface.lower().split())
    if kind == "group":
        return Mention(
            m.start(),
            m.end(),
            surface,
            MentionKind.GROUP,
            "jurisdiction",
            info["groups"][key],
            surface,
            paragraph=paragraph,
        )
    if kind == "anaphor":
        if _name_after().match(text[m.end() : m.end() + 6]):
            return None  # "Myndigheten för …" is a name, not a reference back
        return Mention(
            m.start(), m.end(), surface, MentionKind.ANAPHOR, info["types"][key], key, surface, paragraph=paragraph
        )
    if kind == "county_org":
        genitive = key not in config().organisations.county_organisations
        return Mention(
            m.start(),
            m.end(),
            surface,
            MentionKind.ORG,
            "agency",
            None,
            surface[:-1] if genitive else surface,
            genitive=genitive,
            paragraph=paragraph,
            extra={"county_template": info["templates"][key]},
        )
    return Mention(
        m.start(),
        m.end(),
        surface,
        MentionKind(kind),
        "jurisdiction",
        key,
        surface,
        genitive=key.endswith("s") and kind == "scope_noun",
        paragraph=paragraph,
    )
