"""Places are entities: every jurisdiction a source speaks of gets its gazetteer record.

A prose document names "Huddinge" and its claims say ``jurisdiction: huddinge``, but the
extractor writes no entity for the place itself; without one, the place would be shown by
its slug ("huddinge formerly held responsibility"), be unknown to ``show`` and be drawn as an
unknown node. Every batch a loader returns passes through ``with_places`` (loaders/registry.py),
which adds a jurisdiction entity — the gazetteer's name ("Huddinge kommun"), code and county
— for each gazetteer place the batch refers to and does not declare, and fills in the code
and county of one it declares without them. Places the gazetteer does not know are left as
the source declares them.

>>> from graph.model import Claim, Evidence
>>> batch = SourceBatch(source="a.txt", claims=[Claim(subject="huddinge", predicate="lacks", issue="integration",
...     what="owner", jurisdiction="huddinge", evidence=[Evidence(document="d")])])
>>> [(e.id, e.name, e.type, e.code, e.county) for e in with_places(batch).entities]
[('huddinge', 'Huddinge kommun', 'jurisdiction', '0126', 'Stockholms län')]
"""

from __future__ import annotations

from graph.errors import AnsvarError
from graph.model import Entity
from graph.store.base import SourceBatch


def place_entity(slug: str) -> Entity | None:
    """The gazetteer's jurisdiction entity for ``slug``, or None when it is not a gazetteer place."""
    from graph.gazetteer import gazetteer

    try:
        g = gazetteer()
        if not g.is_jurisdiction(slug):
            return None
        j = g.jurisdiction(slug)
    except AnsvarError:
        return None
    aliases = [f for f in (j.short, *j.aliases) if f and f != j.name]
    return Entity(
        id=j.slug,
        name=j.name,
        type="jurisdiction",
        aliases=list(dict.fromkeys(aliases)),
        code=j.code or None,
        county=j.county or None,
    )


def referenced_places(batch: SourceBatch) -> list[str]:
    """Every jurisdiction slug the batch names: of its documents, entities and claims, and
    subjects or objects that are themselves places, in the order first seen."""
    refs: list[str | None] = []
    for d in batch.documents:
        refs += list(d.jurisdictions or [])
    for e in batch.entities:
        refs += [e.jurisdiction, e.id if e.type == "jurisdiction" else None]
    for c in batch.claims:
        refs += [c.jurisdiction, c.subject, c.object]
    return [r for r in dict.fromkeys(refs) if r and "/" not in r]


def with_places(batch: SourceBatch) -> SourceBatch:
    """``batch`` with a jurisdiction entity for every gazetteer place it refers to."""
    declared = {e.id: i for i, e in enumerate(batch.entities)}
    entities = list(batch.entities)
    for slug in referenced_places(batch):
        place = place_entity(slug)
        if place is None:
            continue
        if slug not in declared:
            entities.append(place)
            declared[slug] = len(entities) - 1
            continue
        known = entities[declared[slug]]
        if known.type == "jurisdiction" and (known.code is None or known.county is None):
            entities[declared[slug]] = known.model_copy(
                update={"code": known.code or place.code, "county": known.county or place.county}
            )
    return batch.model_copy(update={"entities": entities}) if entities != batch.entities else batch
