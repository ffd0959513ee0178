"""Jurisdictions as users name them: slugs, names, genitives; names for display."""

from __future__ import annotations

from rapidfuzz import process

from graph.errors import UnknownJurisdiction
from graph.store.base import Store
from graph.textmatch import normalise


def _gazetteer():
    """The gazetteer, or None where its data is not installed."""
    try:
        from graph.gazetteer import gazetteer
    except ImportError:  # pragma: no cover - the gazetteer ships with the package
        return None
    return gazetteer()


def known_jurisdictions(store: Store) -> dict[str, str]:
    """Slug → display name of every jurisdiction the store knows (declared or with claims)."""
    slugs = store.jurisdictions()
    ents = store.entities_by_id(slugs)
    return {s: (ents[s].name if s in ents else jurisdiction_name(s)) for s in slugs}


def jurisdiction_name(slug: str, store: Store | None = None) -> str:
    """A jurisdiction's name for display: the store's entity, else the gazetteer's, else the slug."""
    if store is not None:
        ent = store.entities_by_id([slug]).get(slug)
        if ent:
            return ent.name
    gaz = _gazetteer()
    if gaz and gaz.is_jurisdiction(slug):
        return gaz.jurisdiction(slug).short
    return slug


def resolve_jurisdiction(store: Store, text: str) -> str:
    """The slug for ``text``: a slug the store knows, a gazetteer name, or a declared name."""
    key = normalise(text)
    if key in store.jurisdictions():  # a known slug: no need to fetch every jurisdiction's name
        return key
    known = known_jurisdictions(store)
    for slug, name in known.items():
        if normalise(name) == key:
            return slug
    gaz = _gazetteer()
    if gaz:
        try:
            return gaz.resolve_jurisdiction(text)
        except UnknownJurisdiction:
            pass
    choices = list(dict.fromkeys(list(known) + (list(gaz.jurisdictions) if gaz else [])))
    close = [m[0] for m in process.extract(key, choices, limit=5, score_cutoff=60)]
    raise UnknownJurisdiction(
        f"unknown jurisdiction {text!r}", hint=("did you mean: " + ", ".join(close)) if close else None
    )
