"""Load an organisation description (YAML or JSON) into a SourceBatch.

The file is read whole and checked before anything is returned: the format (schema.py),
then every reference (an id must be declared in the file, or be a jurisdiction or
national organisation of the gazetteer), the entity types each predicate allows, and
the source of every fact. The first problem is raised as an InputError naming the file,
the line and the field; nothing of an invalid file reaches a store.

Each fact becomes a Claim with one Evidence pointing at its cited source (a Document
whose id is a hash of the citation). The claim's jurisdiction is the fact's explicit
``jurisdiction:``, else that of its subject or object (graph/scoping.py), else the only
jurisdiction of its source, of the file, or the caller's ``default_jurisdiction``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.ids import content_hash, entity_id
from graph.model import Claim, Entity, Evidence
from graph.scoping import claim_jurisdiction
from graph.store.base import SourceBatch
from loaders.structured.batch import BatchBuilder
from loaders.structured.checks import organisation_types, type_problem
from loaders.structured.citations import SourceSpec, document_id, to_document
from loaders.structured.known import known_entity, suggest_jurisdiction
from loaders.structured.problems import Problems, field_path
from loaders.structured.schema import Description, FactSpec
from loaders.structured.source_text import parse_json, parse_yaml, read_utf8

LOADER = "description"
RULE = "description"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


def load_description(path: Path, *, default_jurisdiction: str | None = None, **_options: Any) -> SourceBatch:
    """Everything the description at ``path`` states, as one SourceBatch (or an InputError)."""
    path = Path(path)
    raw, text = read_utf8(path)
    parse = parse_json if path.suffix.lower() == ".json" else parse_yaml
    data, lines = parse(text, str(path))
    problems = Problems(str(path), lines)
    if data is None:
        raise problems.error("the file is empty", expected="an organisation description")
    if not isinstance(data, dict):
        raise problems.error(
            "the top level is not a mapping",
            expected="a mapping with sections such as sources, organisations, responsibilities",
        )
    description = problems.validate(Description, data)
    reader = DescriptionReader(
        description,
        problems,
        source=str(path.resolve()),
        content_hash=content_hash(raw),
        default_jurisdiction=default_jurisdiction,
    )
    return reader.read()


class DescriptionReader:
    """Turns a validated Description into entities, claims and documents, checking references."""

    def __init__(
        self,
        description: Description,
        problems: Problems,
        *,
        source: str,
        content_hash: str,
        default_jurisdiction: str | None = None,
    ):
        self.d, self.problems = description, problems
        self.batch = BatchBuilder(source, content_hash, LOADER)
        self.default_jurisdiction = default_jurisdiction
        self.declared_at: dict[str, tuple] = {}
        self.cited: dict[str, tuple[SourceSpec, set[str]]] = {}

    def read(self) -> SourceBatch:
        self._check_sources()
        self._declare_jurisdictions()
        self._declare_organisations()
        self._declare_people()
        self._check_declared_references()
        self._structure_claims()
        for section, i, fact in self.d.facts():
            self._fact(fact, (section, i))
        for spec, places in self.cited.values():
            self.batch.add_document(to_document(spec, self.batch.source, sorted(places)))
        return self.batch.build()

    # -- declarations ------------------------------------------------------------------
    def _declare(self, entity: Entity, path: tuple) -> None:
        if not ID_PATTERN.match(entity.id):
            raise self.problems.error(
                f"id {entity.id!r} is not a slug",
                (*path, "id"),
                expected="lower-case ASCII words joined by '-', parts by '/' (e.g. huddinge/socialnamnden)",
            )
        conflict = self.batch.add_entity(entity)
        if conflict:
            first = self.declared_at[entity.id]
            old = getattr(self.batch.entities[entity.id], conflict)
            line = self.problems.line_of(first)
            raise self.problems.error(
                f"id {entity.id!r} is declared twice with different {conflict}: {old!r} and "
                f"{getattr(entity, conflict)!r}",
                path,
                expected=f"one {conflict} per id (first declared at {_where(first, line)})",
            )
        self.declared_at.setdefault(entity.id, path)

    def _declare_jurisdictions(self) -> None:
        for i, spec in enumerate(self.d.jurisdictions):
            path = ("jurisdictions", i)
            name = spec.name or (known.name if (known := known_entity(spec.id)) else None)
            if not name:
                hint = _did_you_mean(suggest_jurisdiction(spec.id))
                raise self.problems.error(
                    f"unknown jurisdiction {spec.id!r}",
                    path,
                    expected="a gazetteer slug (e.g. huddinge) or {id, name} for another place",
                    hint=hint,
                )
            code, county = (known.code, known.county) if (known := known_entity(spec.id)) else (None, None)
            self._declare(
                Entity(id=spec.id, name=name, type="jurisdiction", aliases=spec.aliases, code=code, county=county), path
            )

    def _declare_organisations(self) -> None:
        allowed = organisation_types()
        for i, spec in enumerate(self.d.organisations):
            path = ("organisations", i)
            if spec.type not in allowed:
                raise self.problems.error(
                    f"type {spec.type!r} is not an organisation type",
                    (*path, "type"),
                    expected="one of: " + ", ".join(allowed),
                    hint="people go under `people:`" if spec.type == "person" else None,
                )
            if spec.jurisdiction:
                self._jurisdiction(spec.jurisdiction, (*path, "jurisdiction"))
            oid = spec.id or entity_id(spec.name, spec.type, spec.jurisdiction)
            self._declare(
                Entity(id=oid, name=spec.name, type=spec.type, jurisdiction=spec.jurisdiction, aliases=spec.aliases),
                path,
            )

    def _declare_people(self) -> None:
        for i, spec in enumerate(self.d.people):
            pid = spec.id or entity_id(spec.name, "person")
            self._declare(
                Entity(
                    id=pid,
                    name=spec.name,
                    type="person",
                    role=spec.role,
                    affiliation=spec.organisation,
                    aliases=spec.aliases,
                ),
                ("people", i),
            )

    def _check_declared_references(self) -> None:
        """Parents and organisations of people must exist and be of a type that fits."""
        for i, spec in enumerate(self.d.organisations):
            if spec.parent:
                self._typed_ref(spec.parent, "part_of", "object", ("organisations", i, "parent"))
        for i, person in enumerate(self.d.people):
            if person.organisation:
                self._typed_ref(person.organisation, "holds_role", "object", ("people", i, "organisation"))

    # -- references --------------------------------------------------------------------
    def _ref(self, ref: str, path: tuple) -> Entity:
        """The entity ``ref`` names: declared in the file, or known to the gazetteer."""
        entity = self.batch.entities.get(ref)
        if entity is not None:
            return entity
        known = known_entity(ref)
        if known is None:
            close = difflib.get_close_matches(ref, list(self.batch.entities), n=1, cutoff=0.75)
            hint = _did_you_mean(close[0] if close else None if "/" in ref else suggest_jurisdiction(ref))
            raise self.problems.error(
                f"unknown id {ref!r}",
                path,
                hint=hint,
                expected="an id declared under organisations, people or jurisdictions, "
                "a gazetteer jurisdiction or a known national organisation",
            )
        self.batch.add_entity(known)
        if known.jurisdiction:
            self._jurisdiction(known.jurisdiction, path)
        return known

    def _typed_ref(self, ref: str, predicate: str, role: str, path: tuple) -> Entity:
        entity = self._ref(ref, path)
        problem = type_problem(predicate, role, entity)
        if problem:
            raise self.problems.error(problem[0], path, expected=problem[1])
        return entity

    def _jurisdiction(self, ref: str, path: tuple) -> str:
        """Check that ``ref`` is a jurisdiction (declared, or in the gazetteer) and include it."""
        entity = self.batch.entities.get(ref) or known_entity(ref)
        if entity is None or entity.type != "jurisdiction":
            raise self.problems.error(
                f"unknown jurisdiction {ref!r}",
                path,
                expected="a gazetteer slug or a jurisdiction declared under `jurisdictions:`",
                hint=_did_you_mean(suggest_jurisdiction(ref)),
            )
        self.batch.add_entity(entity)
        return ref

    # -- sources -----------------------------------------------------------------------
    def _check_sources(self) -> None:
        if self.d.default_source and self.d.default_source not in self.d.sources:
            raise self.problems.error(
                f"unknown source {self.d.default_source!r}", ("default_source",), expected=_one_of(self.d.sources)
            )

    def _source(self, value: Any, path: tuple) -> SourceSpec:
        """The cited source of a fact: a key of `sources`, an inline citation, or the default."""
        where = (*path, "source")
        if value is None:
            if not self.d.default_source:
                raise self.problems.error(
                    "missing source",
                    where,
                    expected="source: a key of `sources` or {title, publisher, date}, "
                    "or a `default_source` for the file",
                )
            value, where = self.d.default_source, ("default_source",)
        if isinstance(value, str):
            if value not in self.d.sources:
                raise self.problems.error(f"unknown source {value!r}", where, expected=_one_of(self.d.sources))
            spec, where = self.d.sources[value], ("sources", value)
        elif isinstance(value, dict):
            spec = self.problems.validate(SourceSpec, value, where)
        else:
            raise self.problems.error(
                f"wrong value {value!r} for 'source'",
                where,
                expected="a key of `sources` or a mapping {title, publisher, date, url}",
            )
        for k, place in enumerate(spec.jurisdictions):
            self._jurisdiction(place, (*where, "jurisdictions", k))
        return spec

    def _evidence(self, spec: SourceSpec, quote: str | None) -> Evidence:
        return Evidence(document=document_id(spec), source=self.batch.source, quote=quote, rule=RULE, confidence=1.0)

    # -- claims ------------------------------------------------------------------------
    def _default_place(self, spec: SourceSpec) -> str | None:
        if len(spec.jurisdictions) == 1:
            return spec.jurisdictions[0]
        if len(self.d.jurisdictions) == 1:
            return self.d.jurisdictions[0].id
        return self.default_jurisdiction

    def _add_claim(
        self,
        fields: dict[str, Any],
        spec: SourceSpec,
        quote: str | None,
        path: tuple,
        explicit_place: str | None = None,
    ) -> None:
        place = explicit_place or claim_jurisdiction(
            fields["subject"], fields.get("object"), self.batch.entities, self._default_place(spec)
        )
        if fields.get("issue") and not place:
            raise self.problems.error(
                "cannot tell which jurisdiction this fact is about",
                path,
                expected="a `jurisdiction:` on the fact, its source, or a single jurisdiction in the file",
            )
        try:
            claim = Claim(**fields, jurisdiction=place, evidence=[self._evidence(spec, quote)])
        except ValidationError as exc:
            raise self.problems.from_validation(exc, None, path) from None
        self.batch.add_claim(claim)
        doc = self.cited.setdefault(document_id(spec), (spec, set()))
        if place:
            doc[1].add(place)

    def _structure_claims(self) -> None:
        """part_of from `parent:`, holds_role from a person's `organisation:`."""
        for i, spec in enumerate(self.d.organisations):
            if spec.parent:
                path = ("organisations", i)
                oid = spec.id or entity_id(spec.name, spec.type, spec.jurisdiction)
                self._add_claim(
                    {"subject": oid, "predicate": "part_of", "object": spec.parent},
                    self._source(spec.source, path),
                    spec.quote,
                    path,
                )
        for i, person in enumerate(self.d.people):
            if person.organisation:
                path = ("people", i)
                pid = person.id or entity_id(person.name, "person")
                self._add_claim(
                    {"subject": pid, "predicate": "holds_role", "object": person.organisation, "role": person.role},
                    self._source(person.source, path),
                    person.quote,
                    path,
                )

    def _fact(self, fact: FactSpec, path: tuple) -> None:
        fields = fact.claim_fields()
        for role, name, ref in fact.references():
            if role == "attributed_to":
                self._ref(ref, (*path, name))
            else:
                self._typed_ref(ref, fields["predicate"], role, (*path, name))
        place = self._jurisdiction(fact.jurisdiction, (*path, "jurisdiction")) if fact.jurisdiction else None
        self._add_claim(fields, self._source(fact.source, path), fact.quote, path, place)


def _one_of(keys) -> str:
    keys = list(keys)
    return ("one of: " + ", ".join(keys)) if keys else "a key declared under `sources:` (there are none)"


def _did_you_mean(candidate: str | None) -> str | None:
    return f"did you mean {candidate!r}?" if candidate else None


def _where(path: tuple, line: int | None) -> str:
    return f"line {line}, {field_path(path)}" if line else field_path(path)
