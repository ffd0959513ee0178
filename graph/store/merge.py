"""One entity as all its sources say it: the merge of its records, and that merge kept up to date.

Each source that names an entity gives a record of it; the entity is their merge in source
order (the first value of a field wins, aliases are united in order of first appearance).
A national body is named by thousands of sources, so a write must not re-read them all:
``merged_after_adding`` updates the merge from the new record alone, and says when it
cannot (the new record comes before another source's and says something the merge does
not), which is the only time all records are read again.
"""

from __future__ import annotations


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
