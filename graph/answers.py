"""The answers the queries give: ownership, gaps, parsed questions (pydantic, for CLI and API)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph.model import Evidence, GapKind
from graph.vocabulary import one_of


class Quote(BaseModel):
    """A piece of evidence as shown to a user: the claim it supports and where it is said."""

    claim: str = Field(description="id of the claim", examples=["c_3f2a9b0c1d2e4f56"])
    document: str = Field(description="id of the document (GET /documents/{id})", examples=["6aa7afb308a055d2"])
    title: str | None = Field(None, description="title of the document", examples=["Xby-Bladet"])
    published: str | None = Field(None, description="when the document was published", examples=["2019-04"])
    quote: str | None = Field(
        None, description="the words that state the claim", examples=["bör hanteras av kommunstyrelsens förvaltning"]
    )
    start: int | None = Field(None, description="character offset of the quote in the document text", examples=[1042])
    end: int | None = Field(None, description="character offset just after the quote", examples=[1086])
    source: str | None = Field(
        None, description="the ingested file or upload it came from", examples=["upload:huddinge.yaml"]
    )
    rule: str = Field(
        "structured", description="the extraction rule or loader that produced it", examples=["structured"]
    )
    confidence: float = Field(1.0, description="how sure the rule is, 0–1", examples=[0.9])
    review: str = Field("extracted", description=one_of("review_states"), examples=["extracted"])

    @classmethod
    def of(cls, claim_id: str, ev: Evidence) -> Quote:
        return cls(claim=claim_id, **ev.model_dump(exclude={"id"}))


class Role(BaseModel):
    """An actor's part in an issue: owner or contributor."""

    entity: str = Field(description="entity id", examples=["vallentuna/kommunstyrelsen"])
    name: str | None = Field(None, description="its name", examples=["Kommunstyrelsen"])
    type: str | None = Field(None, description="its entity type", examples=["board"])
    issue: str = Field(
        description="the issue the claim is about (a sub-issue when rolled up)", examples=["integration"]
    )
    mode: str = Field(description=one_of("modes"), examples=["owns"])
    basis: str = Field(description=one_of("bases"), examples=["decision"])
    status: str = Field(description=one_of("statuses"), examples=["current"])
    since: str | None = Field(None, description="from when (YYYY[-MM[-DD]])", examples=["2016"])
    until: str | None = Field(None, description="until when (YYYY[-MM[-DD]])", examples=[None])
    attributed_to: str | None = Field(
        None, description="who says so, when the text attributes it", examples=["person/anna-karlsson"]
    )
    path: list[str] = Field(
        default_factory=list,
        description="organisational path upward, the entity first",
        examples=[["vallentuna/kommunstyrelsen", "vallentuna"]],
    )
    evidence: list[Quote] = Field(default_factory=list, description="the quotes that say so")


class Deferral(BaseModel):
    """A chain of "X says Y should carry it": a cycle, a dead end, or accepted by its end."""

    kind: str = Field(description="cycle | dead_end | accepted", examples=["dead_end"])
    chain: list[str] = Field(
        description="entity ids in order; a cycle repeats its first id at the end",
        examples=[["x/socialnamnden", "x/forvaltningen"]],
    )
    issue: str = Field(description="issue id", examples=["integration"])
    evidence: list[Quote] = Field(default_factory=list, description="the quotes of each step")


class Conflict(BaseModel):
    """Sources that disagree about one (jurisdiction, issue), and which side the status rules keep."""

    kind: str = Field(description="current_vs_former | owner_vs_lack", examples=["owner_vs_lack"])
    decision: str = Field(
        description="the side kept: former | current (an actor's status); gap | owner | both (a stated lack "
        "against named owners; both when the dates cannot decide)",
        examples=["both"],
    )
    rule: str = Field(
        description="newer_source (the newer document decided) | same_date (equal or unknown dates)",
        examples=["same_date"],
    )
    summary: str = Field(
        description="one sentence naming both sides, their sources and dates, in the asked language",
        examples=[
            (
                "Sources disagree: Intervjuer (2020-02) names Birgitta Eek (coordinates), while Rapport (2020-02) "
                "says nobody coordinates integration."
            )
        ],
    )
    actors: list[str] = Field(default_factory=list, description="ids of the owners concerned", examples=[["x/ks"]])
    owner_side: list[Quote] = Field(default_factory=list, description="the quotes naming the owner (or current holder)")
    other_side: list[Quote] = Field(
        default_factory=list, description="the quotes of the other side: the stated lack, or the former status"
    )


class Gap(BaseModel):
    """An ownership gap of one kind for one (jurisdiction, issue), with its evidence chain."""

    jurisdiction: str = Field(description="jurisdiction slug", examples=["eksjo"])
    jurisdiction_name: str = Field("", description="the jurisdiction's name", examples=["Eksjö kommun"])
    issue: str = Field(description="issue id", examples=["integration"])
    issue_label: str = Field("", description="the issue's name in the asked language", examples=["integration"])
    kind: GapKind = Field(description=one_of("gap_kinds"), examples=["deflected"])
    kind_label: str = Field("", description="the kind in the asked language", examples=["bortskjuten"])
    severity: float = Field(ge=0, le=1, description="how grave, 0–1; gaps are listed gravest first", examples=[0.8])
    explicit: bool = Field(
        description="true when a text states it; false when inferred from missing claims", examples=[True]
    )
    summary: str = Field(
        description="one sentence for a person, in the asked language",
        examples=["Social services defer integration to the administration, which never takes it."],
    )
    actors: list[str] = Field(
        default_factory=list, description="ids of the entities involved", examples=[["x/socialnamnden"]]
    )
    evidence: list[Quote] = Field(default_factory=list, description="the evidence chain")
    covers: list[str] = Field(
        default_factory=list,
        description="sub-issues whose gap of the same kind this gap includes (folded into it)",
        examples=[["refugee_reception"]],
    )
    conflicts: list[Conflict] = Field(
        default_factory=list, description="sources that disagree with this gap, and how the rules weighed them"
    )


class Missing(BaseModel):
    """Something a text states is missing for the issue: an owner, coordination, a plan …"""

    what: str = Field(description=one_of("lacks_what"), examples=["plan"])
    entity: str = Field(description="who lacks it (a jurisdiction or an organisation)", examples=["eksjo"])
    entity_name: str = Field("", description="its name", examples=["Eksjö kommun"])
    attributed_to: str | None = Field(
        None, description="who says so, when the text attributes it", examples=["org/pwc"]
    )
    attributed_name: str | None = Field(None, description="the name of who says so", examples=["PwC"])
    evidence: list[Quote] = Field(default_factory=list, description="the quotes that say so")


class SubIssueOwners(BaseModel):
    """The owners of one sub-issue."""

    issue: str = Field(description="sub-issue id", examples=["refugee_reception"])
    owners: list[Role] = Field(default_factory=list, description="its owners")


class Ownership(BaseModel):
    """Who owns an issue in a jurisdiction, how, and what is missing."""

    issue: str = Field(description="issue id", examples=["integration"])
    issue_label: str = Field("", description="the issue's name in the asked language", examples=["integration"])
    jurisdiction: str = Field(description="jurisdiction slug", examples=["huddinge"])
    jurisdiction_name: str = Field("", description="the jurisdiction's name", examples=["Huddinge kommun"])
    status: str = Field(
        description=f"the gravest gap ({one_of('status_precedence')}), else "
        "owned | owned_in_sub_issues (only sub-issues have owners) | no_owner_recorded",
        examples=["owned"],
    )
    status_label: str = Field("", description="the status in the asked language", examples=["owned"])
    owners: list[Role] = Field(
        default_factory=list, description="who owns, leads or coordinates it now (never a former owner)"
    )
    former: list[Role] = Field(default_factory=list, description="who held it before, and no longer does")
    contributors: list[Role] = Field(default_factory=list, description="who executes or supports")
    deferrals: list[Deferral] = Field(default_factory=list, description='chains of "X says Y should carry it"')
    gaps: list[Gap] = Field(default_factory=list, description="the gaps found, gravest first")
    sub_issues: list[SubIssueOwners] = Field(default_factory=list, description="owners of sub-issues, rolled up")
    missing: list[Missing] = Field(
        default_factory=list, description="what the texts say is missing (a plan, follow-up, dialogue …)"
    )
    conflicts: list[Conflict] = Field(
        default_factory=list, description="where sources disagree, both sides with their dates, and the side kept"
    )


class ParsedQuestion(BaseModel):
    """What a question asks, as understood."""

    text: str = Field(description="the question as asked", examples=["Vem ansvarar för integrationen i Huddinge?"])
    intent: str = Field(description="who_owns | gaps", examples=["who_owns"])
    issue: str | None = Field(None, description="issue id found in it", examples=["integration"])
    jurisdiction: str | None = Field(None, description="jurisdiction slug found in it", examples=["huddinge"])
    language: str = Field("sv", description="sv or en", examples=["sv"])


class AskAnswer(BaseModel):
    """A question in plain words, how it was understood, and its answer."""

    question: ParsedQuestion = Field(description="how the question was understood")
    answer: str = Field(
        description="one paragraph in the question's language",
        examples=["Kommunstyrelsen äger integrationen i Huddinge (beslut, sedan 2016)."],
    )
    ownership: Ownership | None = Field(None, description="the full answer, for a who-owns question")
    gaps: list[Gap] = Field(default_factory=list, description="the gaps, for a where-are-the-gaps question")
