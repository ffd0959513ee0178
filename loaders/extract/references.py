"""Words that stand for an actor without naming it: "kommunen" (the jurisdiction in scope),
"varje nämnd" (the jurisdiction acting through its boards), "länets kommuner" (a group of
municipalities), "myndigheterna" (the state), "myndigheten" (the last agency named), and
"Länsstyrelsen" (the county board of the county in scope).

>>> from loaders.extract.text import segment
>>> text = "Kommunen och länets kommuner. Varje nämnd fick i uppdrag. Myndigheten svarar."
>>> [(m.kind, m.text) for m in find_references(segment(text)[0], text)]
[('scope_noun', 'Kommunen'), ('group', 'länets kommuner'), ('collective', 'Varje nämnd'), ('anaphor', 'Myndigheten')]
"""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.extract.config import config
from loaders.extract.mentions import Mention
from loaders.extract.scan import finditer, first_words
from loaders.extract.text import Paragraph


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
            info = {**info, "literals": first_words(words)}
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


@lru_cache(maxsize=1)
def _any_literals() -> tuple[str, ...]:
    """The literals of every pattern at once, none a prefix of another: a paragraph where
    none occurs has no reference, and is passed over with one look-up instead of six."""
    words = sorted({w for _, _, info in _patterns() for w in info["literals"]}, key=len)
    out: list[str] = []
    for w in words:
        if not any(w.startswith(o) for o in out):
            out.append(w)
    return tuple(out)


def find_references(par: Paragraph, text: str) -> list[Mention]:
    """Actor-referring words in one paragraph."""
    out: list[Mention] = []
    if par.scan is not None and par.scan.hits(_any_literals(), par.start, par.end) == []:
        return out
    for kind, pattern, info in _patterns():
        for m in finditer(pattern, info["literals"], text, par.start, par.end, scan=par.scan):
            surface = m.group(1)
            key = " ".join(surface.lower().split())
            if kind == "group":
                out.append(Mention(m.start(), m.end(), surface, "group", "jurisdiction", info["groups"][key], surface,
                                   paragraph=par.index))
            elif kind == "anaphor":
                if re.match(r"\s+för\s", text[m.end():m.end() + 6]):
                    continue  # "Myndigheten för …" is a name, not a reference back
                out.append(Mention(m.start(), m.end(), surface, "anaphor", info["types"][key], key, surface,
                                   paragraph=par.index))
            elif kind == "county_org":
                genitive = key not in config().organisations.county_organisations
                out.append(Mention(m.start(), m.end(), surface, "org", "agency", None,
                                   surface[:-1] if genitive else surface, genitive=genitive, paragraph=par.index,
                                   extra={"county_template": info["templates"][key]}))
            else:
                out.append(Mention(m.start(), m.end(), surface, kind, "jurisdiction", key, surface,
                                   genitive=key.endswith("s") and kind == "scope_noun", paragraph=par.index))
    return sorted(out, key=lambda m: m.start)
