"""The answers the queries give: ownership, gaps, parsed questions (pydantic, for CLI and API)."""
from __future__ import annotations

from pydantic import BaseModel, Field

from graph.model import Evidence, GapKind


class Quote(BaseModel):
    """A piece of evidence as shown to a user: the claim it supports and where it is said."""

    claim: str = Field(description="id of the claim")
    document: str
    title: str | None = Field(None, description="title of the document")
    published: str | None = Field(None, description="when the document was published")
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    source: str | None = None
    rule: str = "structured"
    confidence: float = 1.0
    review: str = "extracted"

    @classmethod
    def of(cls, claim_id: str, ev: Evidence) -> "Quote":
        return cls(claim=claim_id, **ev.model_dump(exclude={"id"}))


class Role(BaseModel):
    """An actor's part in an issue: owner or contributor."""

    entity: str = Field(examples=["vallentuna/kommunstyrelsen"])
    name: str | None = None
    type: str | None = None
    issue: str = Field(description="the issue the claim is about (a sub-issue when rolled up)")
    mode: str
    basis: str
    status: str
    since: str | None = None
    until: str | None = None
    attributed_to: str | None = None
    path: list[str] = Field(default_factory=list, description="organisational path upward, the entity first")
    evidence: list[Quote] = Field(default_factory=list)


class Deferral(BaseModel):
    """A chain of "X says Y should carry it": a cycle, a dead end, or accepted by its end."""

    kind: str = Field(description="cycle | dead_end | accepted")
    chain: list[str] = Field(description="entity ids in order; a cycle repeats its first id at the end")
    issue: str
    evidence: list[Quote] = Field(default_factory=list)


class Gap(BaseModel):
    """An ownership gap of one kind for one (jurisdiction, issue), with its evidence chain."""

    jurisdiction: str
    issue: str
    kind: GapKind
    severity: float = Field(ge=0, le=1)
    explicit: bool = Field(description="true when a text states it; false when inferred from missing claims")
    summary: str
    actors: list[str] = Field(default_factory=list)
    evidence: list[Quote] = Field(default_factory=list)


class Missing(BaseModel):
    """Something a text states is missing for the issue: an owner, coordination, a plan …"""

    what: str = Field(description="owner | coordination | plan | follow_up | dialogue", examples=["plan"])
    entity: str = Field(description="who lacks it (a jurisdiction or an organisation)")
    attributed_to: str | None = Field(None, description="who says so, when the text attributes it")
    evidence: list[Quote] = Field(default_factory=list)


class SubIssueOwners(BaseModel):
    issue: str
    owners: list[Role] = Field(default_factory=list)


class Ownership(BaseModel):
    """Who owns an issue in a jurisdiction, how, and what is missing."""

    issue: str
    jurisdiction: str
    status: str = Field(description="owned | contested | deflected | nominal | unowned | orphaned | uncoordinated")
    owners: list[Role] = Field(default_factory=list)
    contributors: list[Role] = Field(default_factory=list)
    deferrals: list[Deferral] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    sub_issues: list[SubIssueOwners] = Field(default_factory=list, description="owners of sub-issues, rolled up")
    missing: list[Missing] = Field(default_factory=list,
                                   description="what the texts say is missing (a plan, follow-up, dialogue …)")


class ParsedQuestion(BaseModel):
    text: str
    intent: str = Field(description="who_owns | gaps")
    issue: str | None = None
    jurisdiction: str | None = None
    language: str = "sv"


class AskAnswer(BaseModel):
    question: ParsedQuestion
    answer: str = Field(description="one paragraph in the question's language")
    ownership: Ownership | None = None
    gaps: list[Gap] = Field(default_factory=list)
