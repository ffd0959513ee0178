"""The records of the graph: Entity, Evidence, Claim, Document (pydantic v2).

Every name checked here comes from data/vocabulary.yaml and data/taxonomy.yaml, so a
new entity type or issue is a data change. A claim's id is a hash of what it says (not of
who said it), so two sources saying the same thing give one claim with two pieces of
evidence.

>>> c = Claim(subject="huddinge/socialnamnden", predicate="defers_to",
...           object="huddinge/kommunstyrelsens-forvaltning", issue="integration")
>>> c.id == Claim(subject="huddinge/socialnamnden", predicate="defers_to",
...               object="huddinge/kommunstyrelsens-forvaltning", issue="integration").id
True
>>> Claim(subject="eksjo", predicate="responsible_for", issue="integration").mode
'executes'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from graph.ids import stable_hash
from graph.taxonomy import taxonomy
from graph.vocabulary import one_of, vocabulary

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _in(section: str):
    """A validator that accepts only the names of one vocabulary section."""

    def check(value: str) -> str:
        known = getattr(vocabulary(), section)
        if value not in known:
            raise ValueError(
                f"unknown {section.rstrip('s').replace('_', ' ')} {value!r}; expected one of: " + ", ".join(known)
            )
        return value

    return check


def _issue(value: str) -> str:
    if value not in taxonomy():
        raise ValueError(f"unknown issue {value!r}; expected one of: " + ", ".join(taxonomy().ids()))
    return value


def partial_date(value: Any) -> Any:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (ints and dates too) and return it as a string."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"bad date {text!r}; expected YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValueError(
            f"bad date {text!r} (no such month or day); expected a real date as YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return text


EntityType = Annotated[str, AfterValidator(_in("entity_types"))]
Predicate = Annotated[str, AfterValidator(_in("predicates"))]
Mode = Annotated[str, AfterValidator(_in("modes"))]
Basis = Annotated[str, AfterValidator(_in("bases"))]
Status = Annotated[str, AfterValidator(_in("statuses"))]
LacksWhat = Annotated[str, AfterValidator(_in("lacks_what"))]
GapKind = Annotated[str, AfterValidator(_in("gap_kinds"))]
ReviewState = Annotated[str, AfterValidator(_in("review_states"))]
DocumentKind = Annotated[str, AfterValidator(_in("document_kinds"))]
IssueId = Annotated[str, AfterValidator(_issue)]
PartialDate = Annotated[str | None, BeforeValidator(partial_date)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Entity(Record):
    """An organisation, person, jurisdiction or issue; ``id`` is a slug (graph/ids.py)."""

    id: str = Field(
        min_length=1,
        description="stable slug: <jurisdiction>/<name>, org/<name>, person/<name>",
        examples=["huddinge/socialnamnden"],
    )
    name: str = Field(min_length=1, description="the name as written", examples=["Socialnämnden"])
    type: EntityType = Field(
        description=one_of("entity_types"),
        examples=["board"],
    )
    jurisdiction: str | None = Field(
        None,
        description="slug of the jurisdiction it belongs to (none for national or civil-society actors)",
        examples=["huddinge"],
    )
    aliases: list[str] = Field(default_factory=list, description="other names it goes by", examples=[["socialnämnden"]])
    role: str | None = Field(None, description="a person's title as written", examples=["socialchef"])
    affiliation: str | None = Field(
        None, description="id of the organisation a person's role is in", examples=["huddinge/socialforvaltningen"]
    )
    code: str | None = Field(
        None, description="a jurisdiction's official code (kommunkod, länskod, country code)", examples=["0126"]
    )
    county: str | None = Field(None, description="the county (län) a jurisdiction lies in", examples=["Stockholms län"])


class Evidence(Record):
    """Where a claim is stated: a document, a span and the quote, and who produced it."""

    document: str = Field(description="id of the document that states the claim", examples=["6aa7afb308a055d2"])
    source: str | None = Field(
        None, description="the ingested file or upload this evidence came from", examples=["upload:huddinge.yaml"]
    )
    start: int | None = Field(
        None, ge=0, description="character offset of the quote in the document text", examples=[1042]
    )
    end: int | None = Field(None, ge=0, description="character offset just after the quote", examples=[1086])
    quote: str | None = Field(
        None, description="the words that state the claim", examples=["bör hanteras av kommunstyrelsens förvaltning"]
    )
    rule: str = Field(
        "structured", description="the extraction rule or loader that produced it", examples=["structured"]
    )
    confidence: float = Field(1.0, ge=0, le=1, description="how sure the rule is, 0–1", examples=[0.9])
    review: ReviewState = Field("extracted", description=one_of("review_states"), examples=["extracted"])

    @property
    def id(self) -> str:
        return stable_hash([self.document, self.source, self.start, self.end, self.quote, self.rule], "e_")


class Claim(Record):
    """One statement: subject –predicate→ object and/or issue, with its evidence."""

    id: str = Field(
        "", description="hash of what the claim states; filled in when empty", examples=["c_3f2a9b0c1d2e4f56"]
    )
    subject: str = Field(
        min_length=1, description="id of the entity the claim is about", examples=["huddinge/socialnamnden"]
    )
    predicate: Predicate = Field(
        description=one_of("predicates"),
        examples=["responsible_for"],
    )
    object: str | None = Field(
        None, description="id of the other entity, for predicates that take one", examples=["huddinge/kommunstyrelsen"]
    )
    issue: IssueId | None = Field(
        None, description="issue id from the taxonomy (GET /issues)", examples=["integration"]
    )
    jurisdiction: str | None = Field(None, description="the jurisdiction the claim is about", examples=["huddinge"])
    mode: Mode | None = Field(None, description=f"how responsible: {one_of('modes')}", examples=["owns"])
    basis: Basis | None = Field(None, description=f"what it rests on: {one_of('bases')}", examples=["decision"])
    status: Status | None = Field(None, description=one_of("statuses"), examples=["current"])
    negated: bool = Field(False, description="true when the text says it is not so", examples=[False])
    attributed_to: str | None = Field(
        None, description="who asserts it; none when the source's author does", examples=["person/anna-karlsson"]
    )
    role: str | None = Field(None, description="the title held, for holds_role", examples=["förvaltningschef"])
    what: LacksWhat | None = Field(
        None,
        description=f"what is lacking, for lacks: {one_of('lacks_what')}",
        examples=["coordination"],
    )
    since: PartialDate = Field(None, description="from when: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2016-03"])
    until: PartialDate = Field(None, description="until when: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2019"])
    evidence: list[Evidence] = Field(default_factory=list, description="every place a source states it")

    @model_validator(mode="after")
    def _check_signature(self) -> Claim:
        spec = vocabulary().predicates[self.predicate]
        if spec.issue == "required" and not self.issue:
            raise ValueError(f"{self.predicate} needs an issue")
        if spec.issue == "none" and self.issue:
            raise ValueError(f"{self.predicate} takes no issue")
        if spec.object_types is None and self.object:
            raise ValueError(f"{self.predicate} takes no object")
        if spec.object_types is not None and not self.object:
            raise ValueError(f"{self.predicate} needs an object")
        for name in ("role", "mode", "basis", "status", "what", "since", "until"):
            if getattr(self, name) is not None and name not in spec.fields:
                raise ValueError(f"{self.predicate} takes no field {name!r}")
        if self.predicate == "responsible_for":
            v = vocabulary()
            self.mode = self.mode or v.default_mode
            self.basis = self.basis or v.default_basis
            self.status = self.status or v.default_status
        if not self.id:
            self.id = stable_hash([getattr(self, f) for f in CLAIM_KEY_FIELDS], "c_")
        return self


# The fields that say what a claim states, in the order of the class above; its id is their
# hash. Read from the class, so that a new field is added in one place (graph/store/base.py's
# ClaimRow checks that it mirrors them).
CLAIM_KEY_FIELDS: tuple[str, ...] = tuple(f for f in Claim.model_fields if f not in ("id", "evidence"))


class Document(Record):
    """A text (or a cited source) that evidence points into."""

    id: str = Field(
        min_length=1, description="content hash of the text, or hash of the citation", examples=["6aa7afb308a055d2"]
    )
    title: str | None = Field(None, description="the title", examples=["Granskning av integrationsarbetet"])
    kind: DocumentKind = Field(
        "other",
        description=one_of("document_kinds"),
        examples=["audit_report"],
    )
    published: PartialDate = Field(
        None, description="publication date: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2018-11-20"]
    )
    jurisdictions: list[str] = Field(
        default_factory=list, description="slugs of the jurisdictions it is about", examples=[["huddinge"]]
    )
    publisher: str | None = Field(None, description="who published it", examples=["PwC"])
    url: str | None = Field(None, description="where it can be read", examples=["https://www.example.se/rapport.pdf"])
    origin: str | None = Field(None, description="the file or upload it was read from", examples=["upload:rapport.pdf"])
    text: str | None = Field(
        None, description="the full text, when the source is a text", examples=["Revisorerna har granskat …"]
    )


class Review(Record):
    """A reviewer's decision on a claim, kept apart from the extracted evidence.

    Decisions are keyed by claim id, and a claim's id is a hash of what it states, so a
    decision survives re-ingesting the document that states the claim.
    """

    claim: str = Field(description="id of the claim decided on", examples=["c_3f2a9b0c1d2e4f56"])
    state: ReviewState = Field(description="confirmed or rejected (extracted: never reviewed)", examples=["rejected"])
    reviewer: str | None = Field(None, description="who decided", examples=["anna.k"])
    comment: str | None = Field(
        None,
        description="why, in the reviewer's words",
        examples=["the text attributes this to the administration, not the board"],
    )
    at: str = Field("", description="when, ISO 8601 UTC", examples=["2024-05-02T09:14:00+00:00"])
    corrected_to: str | None = Field(
        None, description="id of the corrected claim that replaces this one", examples=["c_9d1e2f3a4b5c6d7e"]
    )


class ReviewedClaim(Claim):
    """A claim with its review state: rejected claims stay visible but count nowhere."""

    review: ReviewState = Field(
        "extracted", description=f"{one_of('review_states')} (counts nowhere)", examples=["confirmed"]
    )
    history: list[Review] = Field(default_factory=list, description="every decision on the claim, oldest first")
