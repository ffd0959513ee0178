"""The organisation description format (YAML or JSON), as pydantic models.

A researcher writes sources, jurisdictions, organisations, people and facts by hand; each
fact section names its parts in plain words (``actor``, ``from``/``to``, ``critic``/
``target`` …) and maps to one predicate of data/vocabulary.yaml. ``claims`` is the generic
form for any predicate. The vocabulary checks (issue ids, modes, dates …) are the model's
own (graph/model.py), so the file and the graph can never disagree on a name.

>>> d = Description.model_validate({"jurisdictions": ["huddinge", {"id": "norrbacka", "name": "Norrbacka"}],
...     "deferrals": [{"from": "huddinge/a", "to": "huddinge/b", "issue": "integration"}]})
>>> [j.id for j in d.jurisdictions], d.deferrals[0].claim_fields()["subject"]
(['huddinge', 'norrbacka'], 'huddinge/a')
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.model import Basis, EntityType, IssueId, LacksWhat, Mode, PartialDate, Predicate, Status
from loaders.structured.citations import SourceSpec

FORMAT_TAG = "ansvarskarta/1"


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class JurisdictionSpec(Spec):
    """A gazetteer slug, or a place the gazetteer does not know (then with its name)."""

    id: str = Field(min_length=1)
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    note: str | None = None


class OrganisationSpec(Spec):
    """A board, administration, civil-society organisation, agency, company (or a group of jurisdictions)."""

    id: str | None = Field(None, description="derived from name, type and jurisdiction when absent")
    name: str = Field(min_length=1)
    type: EntityType
    jurisdiction: str | None = None
    parent: str | None = Field(None, description="id of the organisation or jurisdiction it is part of")
    aliases: list[str] = Field(default_factory=list)
    source: Any = Field(None, description="source of the part_of claim")
    quote: str | None = None
    note: str | None = None


class PersonSpec(Spec):
    """A named person; with ``organisation`` a holds_role claim is made (``role`` is the title)."""

    id: str | None = None
    name: str = Field(min_length=1)
    role: str | None = None
    organisation: str | None = None
    aliases: list[str] = Field(default_factory=list)
    source: Any = None
    quote: str | None = None
    note: str | None = None


class FactSpec(Spec):
    """What every fact may carry besides its parts."""

    predicate: ClassVar[str]
    subject_field: ClassVar[str]
    object_field: ClassVar[str | None] = None
    # fields copied to the claim under the same name
    copied: ClassVar[tuple[str, ...]] = ("issue", "negated", "attributed_to")

    source: Any = Field(None, description="a key of `sources`, or an inline {title, publisher, date, url, kind}")
    quote: str | None = Field(None, description="the exact words of the source, if quoted")
    note: str | None = Field(None, description="free text for the reader of the file; not stored")
    negated: bool = False
    attributed_to: str | None = None
    jurisdiction: str | None = Field(None, description="the jurisdiction the fact is about, if its parts do not say")

    @classmethod
    def alias_of(cls, attr: str) -> str:
        """The name of field ``attr`` as written in the file."""
        return cls.model_fields[attr].alias or attr

    def claim_fields(self) -> dict[str, Any]:
        """The fields of the claim this fact states (without evidence and jurisdiction)."""
        out: dict[str, Any] = {"predicate": self.predicate, "subject": getattr(self, self.subject_field)}
        if self.object_field:
            out["object"] = getattr(self, self.object_field)
        for name in self.copied:
            out[name] = getattr(self, name)
        return out

    def references(self) -> list[tuple[str, str, str]]:
        """(role, field as written, id) of every entity the fact names; role is subject/object/attributed_to."""
        refs = [("subject", self.alias_of(self.subject_field), getattr(self, self.subject_field))]
        if self.object_field and getattr(self, self.object_field):
            refs.append(("object", self.alias_of(self.object_field), getattr(self, self.object_field)))
        if self.attributed_to:
            refs.append(("attributed_to", "attributed_to", self.attributed_to))
        return refs


class ResponsibilitySpec(FactSpec):
    predicate = "responsible_for"
    subject_field = "actor"
    copied = ("issue", "negated", "attributed_to", "mode", "basis", "status", "since", "until")

    actor: str
    issue: IssueId
    mode: Mode | None = None
    basis: Basis | None = None
    status: Status | None = None
    since: PartialDate = None
    until: PartialDate = None


class DeferralSpec(FactSpec):
    predicate = "defers_to"
    subject_field, object_field = "from_", "to"

    from_: str = Field(alias="from")
    to: str
    issue: IssueId


class DisputeSpec(FactSpec):
    predicate = "disputes_responsibility"
    subject_field = "actor"

    actor: str
    issue: IssueId


class CollaborationSpec(FactSpec):
    predicate = "collaborates_with"
    subject_field, object_field = "actor", "with_"

    actor: str
    with_: str = Field(alias="with")
    issue: IssueId | None = None


class AuditSpec(FactSpec):
    predicate = "audits"
    subject_field, object_field = "auditor", "auditee"

    auditor: str
    auditee: str
    issue: IssueId | None = None


class CriticismSpec(FactSpec):
    predicate = "criticises"
    subject_field, object_field = "critic", "target"

    critic: str
    target: str
    issue: IssueId | None = None


class MissingSpec(FactSpec):
    predicate = "lacks"
    subject_field = "actor"
    copied = ("issue", "negated", "attributed_to", "what")

    actor: str
    issue: IssueId
    what: LacksWhat


class ClaimSpec(FactSpec):
    """Any predicate, with the claim's own field names."""

    subject_field, object_field = "subject", "object"
    copied = ("issue", "negated", "attributed_to", "mode", "basis", "status", "role", "what", "since", "until")

    subject: str
    predicate: Predicate  # type: ignore[misc]  # a field here, a class constant elsewhere
    object: str | None = None
    issue: IssueId | None = None
    mode: Mode | None = None
    basis: Basis | None = None
    status: Status | None = None
    role: str | None = None
    what: LacksWhat | None = None
    since: PartialDate = None
    until: PartialDate = None


# section name → the spec of its items, in the order facts are read
FACT_SECTIONS: dict[str, type[FactSpec]] = {
    "responsibilities": ResponsibilitySpec,
    "deferrals": DeferralSpec,
    "disputes": DisputeSpec,
    "collaborations": CollaborationSpec,
    "audits": AuditSpec,
    "criticism": CriticismSpec,
    "missing": MissingSpec,
    "claims": ClaimSpec,
}


class Description(Spec):
    """One organisation description file."""

    format: str | None = Field(None, description=f"optional version tag, {FORMAT_TAG!r}")
    title: str | None = None
    note: str | None = None
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    default_source: str | None = None
    jurisdictions: list[JurisdictionSpec] = Field(default_factory=list)
    organisations: list[OrganisationSpec] = Field(default_factory=list)
    people: list[PersonSpec] = Field(default_factory=list)
    responsibilities: list[ResponsibilitySpec] = Field(default_factory=list)
    deferrals: list[DeferralSpec] = Field(default_factory=list)
    disputes: list[DisputeSpec] = Field(default_factory=list)
    collaborations: list[CollaborationSpec] = Field(default_factory=list)
    audits: list[AuditSpec] = Field(default_factory=list)
    criticism: list[CriticismSpec] = Field(default_factory=list)
    missing: list[MissingSpec] = Field(default_factory=list)
    claims: list[ClaimSpec] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _empty_sections(cls, data: Any) -> Any:
        """An empty section (``people:`` with nothing under it) is an empty list."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (v is None and k in cls.model_fields)}
        return data

    @field_validator("jurisdictions", mode="before")
    @classmethod
    def _slugs(cls, value: Any) -> Any:
        """A bare slug stands for ``{id: slug}``."""
        if isinstance(value, list):
            return [{"id": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        if value is not None and value != FORMAT_TAG:
            raise ValueError(f"unsupported format {value!r}; expected {FORMAT_TAG!r}")
        return value

    def facts(self):
        """(section, index, fact) for every fact, section by section."""
        for section in FACT_SECTIONS:
            for i, fact in enumerate(getattr(self, section)):
                yield section, i, fact
