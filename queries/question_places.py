"""The place a question is about: by name, genitive, county, region, the national level, or a
near miss of a name ("Hudinge").

Tried in order, the first that finds something wins: the workspace's places and the
gazetteer's forms ("Huddinges", "Region Skåne", "Jämtlands län"); the national words of
data/questions.yaml ("nationellt", "på nationell nivå", "Sweden") for the gazetteer's state;
a county's own name ("Jämtland") for its region; then a fuzzy match of each word against the
names of the workspace's places, then of all places. Within one step the earliest mention in
the question wins.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from graph.paths import data_dir
from graph.store.base import Store
from graph.textmatch import WORD, find_phrases, normalise
from graph.yamlfile import read_data_yaml
from queries.places import _gazetteer, known_jurisdictions


@lru_cache(maxsize=1)
def cues() -> dict:
    """data/questions.yaml, loaded once."""
    return read_data_yaml(data_dir() / "questions.yaml")


def _first(found: list[tuple[str, int, int]]) -> str | None:
    return min(found, key=lambda f: f[1])[0] if found else None


def _named(store: Store, text: str) -> str | None:
    forms = {}
    slugs = store.jurisdictions()
    for slug, entity in store.entities_by_id(slugs).items():
        for alias in entity.aliases:
            forms[normalise(alias)] = slug
    for slug, name in known_jurisdictions(store).items():
        forms[normalise(name)] = slug
        forms[slug.replace("-", " ")] = slug
        forms[slug] = slug
    found = find_phrases(text, forms)
    gaz = _gazetteer()
    if gaz:
        found += gaz.find_jurisdictions(text)
    return _first(found)


def state_slug(store: Store) -> str | None:
    """The national level: a state the workspace holds, else the gazetteer's first state."""
    gaz = _gazetteer()
    states = [j.slug for j in gaz.jurisdictions.values() if j.kind == "state"] if gaz else []
    held = set(store.jurisdictions())
    return next((s for s in states if s in held), states[0] if states else None)


def _national(store: Store, text: str) -> str | None:
    words = [w for lang in ("sv", "en") for w in cues()["national"][lang]]
    if not find_phrases(text, {normalise(w): "national" for w in words}):
        return None
    return state_slug(store)


@lru_cache(maxsize=1)
def _county_forms() -> dict[str, str]:
    """ "jämtland" → the region whose county is "Jämtlands län"."""
    gaz = _gazetteer()
    if gaz is None:
        return {}
    suffixes = [normalise(w) for w in cues()["county_words"]]
    out: dict[str, str] = {}
    for j in gaz.jurisdictions.values():
        if j.kind != "region" or not j.county:
            continue
        name = normalise(j.county)
        for suffix in suffixes:
            if name.endswith(" " + suffix):
                name = name[: -len(suffix) - 1]
        out.setdefault(name[:-1] if name.endswith("s") else name, j.slug)
    return out


def _county(text: str) -> str | None:
    return _first(find_phrases(text, _county_forms()))


def _fuzzy(store: Store, text: str) -> str | None:
    """A word (or two) of the question close to a place's short name: the workspace's first."""
    settings = cues()["fuzzy"]
    words = [w.lower() for w in WORD.findall(text) if len(w) >= settings["min_length"]]
    words += [f"{a} {b}" for a, b in pairwise(words)]
    gaz = _gazetteer()
    held: dict[str, str] = {}
    for slug, name in known_jurisdictions(store).items():
        if "/" in slug:  # a group inside a place ("the municipalities of the county"): never guessed
            continue
        held[normalise(name)] = slug
        for word in normalise(name).split():  # "Norrbacka kommun": "norrbacka", not the common "kommun"
            if word not in _common_name_words():
                held.setdefault(word, slug)
    if gaz:
        for slug in store.jurisdictions():
            if gaz.is_jurisdiction(slug):
                held.setdefault(normalise(gaz.jurisdiction(slug).short), slug)
    pools = [held]
    if gaz:
        pools.append({normalise(j.short): j.slug for j in gaz.jurisdictions.values()})
    for pool in pools:
        best = None
        for w in words:
            match = process.extractOne(w, list(pool), scorer=fuzz.ratio, score_cutoff=settings["place_score"])
            if match and (best is None or match[1] > best[1]):
                best = match
        if best:
            return pool[best[0]]
    return None


@lru_cache(maxsize=1)
def _common_name_words() -> frozenset[str]:
    """Words found in the names of several places ("kommun", "region"): no place by themselves."""
    gaz = _gazetteer()
    if gaz is None:
        return frozenset()
    counts: dict[str, int] = {}
    for j in gaz.jurisdictions.values():
        for word in set(normalise(j.name).split()):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n > 2)


def find_place(store: Store, text: str) -> str | None:
    """The slug of the place ``text`` asks about, or None."""
    return _named(store, text) or _national(store, text) or _county(text) or _fuzzy(store, text)
