"""``--redact-persons``: people's names replaced by stable pseudonyms, their roles kept.

A person (an entity of type ``person``, or an id under ``person/``) gets a pseudonymous id
and name derived from its id — ``person/p-3f2a9b0c1d`` and ``Person 3F2A9B`` — the same in
every export of the same workspace, so exports can be joined. Aliases are dropped; role and
affiliation stay. The person's name, its aliases and each of their words of three letters
or more are replaced by the pseudonym in evidence quotes; claims that name a person as
subject, object or ``attributed_to`` point at the pseudonym instead, and get an id of their
own (the claim id is a hash of what the claim says, names included).

The pseudonyms are keyed hashes: set ANSVAR_PSEUDONYM_KEY to a secret to make them
impossible to recompute from a guessed name (without it, the key is fixed and public).
Document titles and texts are not exported by the formats, so not touched here.

>>> r = Redactor(key="k")
>>> e = r.entity(Entity(id="person/anna-oberg", name="Anna Öberg", type="person", role="socialchef"))
>>> e.id.startswith("person/p-"), e.name.startswith("Person "), e.role
(True, True, 'socialchef')
>>> r.quote("Enligt Anna Öberg leder Öberg arbetet") == f"Enligt {e.name} leder {e.name} arbetet"
True
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import re
from typing import overload

from graph.answers import Gap
from graph.model import Entity, Evidence
from graph.store.base import ClaimRow, Store

DEFAULT_KEY = "ansvarskarta-pseudonyms"


class Redactor:
    """Maps people's ids, names and quotes to pseudonyms, learning names as entities pass."""

    def __init__(self, key: str | None = None):
        self.key = (key or os.environ.get("ANSVAR_PSEUDONYM_KEY") or DEFAULT_KEY).encode()
        self.people: set[str] = set()
        self.names: dict[str, str] = {}  # a name or word of a person → that person's pseudonym
        self._pattern: re.Pattern | None = None

    def _digest(self, entity_id: str) -> str:
        return hmac.new(self.key, entity_id.encode(), hashlib.sha256).hexdigest()

    def is_person(self, entity_id: str | None) -> bool:
        if not entity_id:
            return False
        return entity_id in self.people or entity_id.startswith("person/")

    def pseudonym_id(self, entity_id: str) -> str:
        return "person/p-" + self._digest(entity_id)[:10]

    def pseudonym_name(self, entity_id: str) -> str:
        return "Person " + self._digest(entity_id)[:6].upper()

    @overload
    def map_id(self, entity_id: str) -> str: ...
    @overload
    def map_id(self, entity_id: str | None) -> str | None: ...
    def map_id(self, entity_id: str | None) -> str | None:
        return self.pseudonym_id(entity_id) if entity_id and self.is_person(entity_id) else entity_id

    def entity(self, entity: Entity) -> Entity:
        """The entity as exported: a person pseudonymised, anything else as it is."""
        if entity.type != "person" and not self.is_person(entity.id):
            return entity
        self.people.add(entity.id)
        pseudonym = self.pseudonym_name(entity.id)
        for name in [entity.name, *entity.aliases]:
            if name and name != entity.id:
                self.names.setdefault(name, pseudonym)
                for word in re.findall(r"\w{3,}", name):
                    if word[0].isupper():
                        self.names.setdefault(word, pseudonym)
        self._pattern = None
        return entity.model_copy(update={"id": self.pseudonym_id(entity.id), "name": pseudonym, "aliases": []})

    def quote(self, text: str | None) -> str | None:
        if not text or not self.names:
            return text
        if self._pattern is None:
            names = sorted(self.names, key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
        return self._pattern.sub(lambda m: self.names[m.group(1)], text)

    def claim(self, row: ClaimRow) -> ClaimRow:
        if not any(self.is_person(x) for x in (row.subject, row.object, row.attributed_to)):
            return row
        return dataclasses.replace(
            row,
            id="c_" + self._digest(row.id)[:16],
            subject=self.map_id(row.subject),
            object=self.map_id(row.object),
            attributed_to=self.map_id(row.attributed_to),
        )

    def gap(self, gap: Gap, store: Store) -> Gap:
        """A gap as exported: people among its actors pseudonymised, names in its summary and
        quotes replaced, and its claims' ids those the redacted claims get."""
        ids = {q.claim for q in gap.evidence}
        rows = {cid: store.claim(cid) for cid in ids}
        new_id = {cid: (self.claim(row).id if row is not None else cid) for cid, row in rows.items()}
        return gap.model_copy(
            update={
                "summary": self.quote(gap.summary) or gap.summary,
                "actors": [self.map_id(a) or a for a in gap.actors],
                "evidence": [
                    q.model_copy(update={"claim": new_id.get(q.claim, q.claim), "quote": self.quote(q.quote)})
                    for q in gap.evidence
                ],
            }
        )

    def evidence(self, evidence: list[Evidence]) -> list[Evidence]:
        return [ev.model_copy(update={"quote": self.quote(ev.quote)}) if ev.quote else ev for ev in evidence]
