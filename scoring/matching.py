"""The matching rules of score.md, and a one-to-one assignment that matches as many pairs
as possible (each gold item can be matched once).

>>> normalised(" «Kommunstyrelsens  förvaltning». ")
'kommunstyrelsens förvaltning'
>>> sorted(best_pairs([[0, 1], [0]]).items())
[(0, 1), (1, 0)]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

from graph.model import Entity
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from scoring.gold import GoldEntity

_PUNCT = " \t\n.,;:!?\"'()[]{}«»“”‘’–—-*_"
SCOPED = ("board", "administration")


def normalised(name: str) -> str:
    """Lower case, NFC, single spaces, surrounding punctuation stripped."""
    text = " ".join(unicodedata.normalize("NFC", name).lower().split())
    return text.strip(_PUNCT)


def entity_matches(ext: Entity, gold: GoldEntity) -> bool:
    """Types equal, the extracted name is the gold name or an alias, and for boards and
    administrations the jurisdictions are equal."""
    if ext.type != gold.type:
        return False
    if normalised(ext.name) not in {normalised(n) for n in (gold.name, *gold.aliases)}:
        return False
    return gold.type not in SCOPED or ext.jurisdiction == gold.jurisdiction


def ref_matches(
    ext_id: str | None, gold_id: str | None, ext_entities: dict[str, Entity], gold_entities: dict[str, GoldEntity]
) -> bool:
    """A claim's subject or object: the same entity by the entity rule, or the same
    jurisdiction or issue id."""
    if ext_id is None or gold_id is None:
        return ext_id is None and gold_id is None
    gold = gold_entities.get(gold_id)
    ext = ext_entities.get(ext_id)
    if (gold is None or gold.type in ("jurisdiction", "issue")) and ext_id == gold_id:
        return True
    if gold is not None and ext is not None:
        return entity_matches(ext, gold)
    return False


def issue_matches(ext: str | None, gold: str | None) -> bool:
    """Equal, or one is the other's parent."""
    if ext is None or gold is None:
        return ext == gold
    tax = taxonomy()
    gold = tax.canonical(gold)  # a gold file's id from another taxonomy: data/taxonomy_aliases.yaml
    if ext not in tax or gold not in tax:
        return ext == gold
    return tax.related(ext, gold)


def claim_matches(ext: dict, gold: dict, ext_entities: dict[str, Entity], gold_entities: dict[str, GoldEntity]) -> bool:
    if ext["predicate"] != gold["predicate"]:
        return False
    if bool(ext.get("negated")) != bool(gold.get("negated")):
        return False
    if not issue_matches(ext.get("issue"), gold.get("issue")):
        return False
    if not ref_matches(ext["subject"], gold["subject"], ext_entities, gold_entities):
        return False
    if vocabulary().predicates[gold["predicate"]].object_types is not None:
        return ref_matches(ext.get("object"), gold.get("object"), ext_entities, gold_entities)
    return True


def best_pairs(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """A maximum one-to-one matching: candidates[i] lists the gold items extracted item i
    may match; returns {gold index: extracted index}. (Augmenting paths; inputs are small.)"""
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for g in candidates[i]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or assign(owner[g], seen):
                owner[g] = i
                return True
        return False

    for i in range(len(candidates)):
        assign(i, set())
    return owner


E = TypeVar("E")  # an extracted item
G = TypeVar("G")  # a gold item


def match_all(extracted: Sequence[E], gold: Sequence[G], fits: Callable[[E, G], bool]) -> dict[int, int]:
    """{gold index: extracted index} of a maximum matching under ``fits``."""
    return best_pairs([[g for g, item in enumerate(gold) if fits(e, item)] for e in extracted])
