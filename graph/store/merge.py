"""One entity as all its sources say it: the merge of its records, and that merge kept up to date.

Each source that names an entity gives a record of it; the entity is their merge in source
order (the first value of a field wins, aliases are united in order of first appearance).
A national body is named by thousands of sources, so a write must not re-read them all:
``merged_after_adding`` updates the merge from the new record alone, and says when it
cannot (the new record comes before another source's and says something the merge does
not), which is the only time all records are read again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graph.model import Entity
from graph.store.base import chunks

CHUNK = 500  # entities looked up per query


def merge_entity_records(records: list[dict]) -> dict:
    """Merge what several sources say of one entity: first value wins, aliases are united.

    >>> merge_entity_records([{"id": "a", "name": "A", "aliases": ["x"], "role": None},
    ...                       {"id": "a", "name": "B", "aliases": ["y", "x", "y"], "role": "chef"}])
    {'id': 'a', 'name': 'A', 'aliases': ['x', 'y'], 'role': 'chef'}
    """
    merged: dict = {}
    for rec in records:
        for key, value in rec.items():
            if key == "aliases":
                aliases = merged.setdefault("aliases", [])
                aliases += [a for a in dict.fromkeys(value or []) if a not in aliases]
            elif merged.get(key) is None:
                merged[key] = value
    return merged


def adds_nothing(merged: dict, record: dict) -> bool:
    """Whether ``record`` leaves ``merged`` as it is wherever it falls in the source order:
    each of its fields is empty or the merged value, and its aliases begin the merged ones.

    >>> merged = {"id": "a", "name": "A", "aliases": ["x", "y"], "role": "chef"}
    >>> adds_nothing(merged, {"id": "a", "name": "A", "aliases": ["x"], "role": None})
    True
    >>> adds_nothing(merged, {"id": "a", "name": "B", "aliases": [], "role": None})
    False
    >>> adds_nothing(merged, {"id": "a", "name": "A", "aliases": ["y"], "role": None})
    False
    """
    for key, value in record.items():
        if key == "aliases":
            aliases = list(dict.fromkeys(value or []))
            if aliases != merged.get("aliases", [])[: len(aliases)]:
                return False
        elif key not in merged or (value is not None and merged[key] != value):
            return False
    return True


def merged_after_adding(merged: dict | None, record: dict, *, last: bool) -> dict | None:
    """The merge once ``record`` is added, from the current merge alone; ``last`` when no
    other source of the entity sorts after the record's. None when every record must be read
    again: the record sorts before another source's and says something new.

    >>> merged_after_adding(None, {"id": "a", "name": "A", "aliases": []}, last=False)
    {'id': 'a', 'name': 'A', 'aliases': []}
    >>> merged = {"id": "a", "name": "A", "aliases": [], "role": None}
    >>> merged_after_adding(merged, {"id": "a", "name": "B", "aliases": [], "role": "chef"}, last=True)
    {'id': 'a', 'name': 'A', 'aliases': [], 'role': 'chef'}
    >>> merged_after_adding(merged, {"id": "a", "name": "B", "aliases": [], "role": "chef"}, last=False) is None
    True
    """
    if merged is None:
        return merge_entity_records([record])
    if adds_nothing(merged, record):
        return merged
    return merge_entity_records([merged, record]) if last else None


@dataclass
class MergeUpdate:
    """What a source's new entity records do to the merged entities (``plan_update``)."""

    changed: dict[str, dict] = field(default_factory=dict)  # entities whose merge is now this
    as_given: list[str] = field(default_factory=list)  # new to the workspace: the record is the merge
    again: set[str] = field(default_factory=set)  # to be merged again from all their records


def plan_update(
    source: str,
    old: dict[str, str],
    new: dict[str, Entity],
    merged_of: Callable[[list[str]], dict[str, dict]],
    later_of: Callable[[list[str], str], set[str]],
) -> MergeUpdate:
    """How the merged entities change when ``source`` replaces its records ``old`` (id → JSON)
    with ``new``, reading per entity only its current merge (``merged_of``) and whether a
    source sorting after ``source`` names it (``later_of``), never all its records: a record
    the source gave before unchanged needs nothing; only a record withdrawn or changed, or a
    new one that sorts before another source's and says something new, is merged again.
    ``new`` holds the records as stored (``Entity.model_dump_json``)."""
    added = {eid: e for eid, e in new.items() if eid not in old or old[eid] != e.model_dump_json()}
    update = MergeUpdate(again={eid for eid in old if eid in added or eid not in new})
    pending = sorted(set(added) - update.again)
    for chunk in chunks(pending, CHUNK):
        merged = merged_of(chunk)
        later = later_of(sorted(merged), source)  # an entity new to the workspace has no other source
        for eid in chunk:
            entity = added[eid]
            if eid not in merged and len(set(entity.aliases)) == len(entity.aliases):
                update.as_given.append(eid)
                continue
            m = merged_after_adding(merged.get(eid), entity.model_dump(mode="json"), last=eid not in later)
            if m is None:
                update.again.add(eid)
            elif m is not merged.get(eid):
                update.changed[eid] = m
    return update
