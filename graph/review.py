"""Review: a person confirms, rejects or corrects a claim, or adds one with a source.

Decisions are stored apart from the extracted evidence (``Store.apply_review``), keyed by
claim id; a claim's id is a hash of what it states, so a decision survives re-ingesting the
document that states it. A rejected claim stays in the store, visible as rejected, and the
queries skip it.

A correction never edits a claim in place: what the text states stays what it states. The
original is rejected (``corrected_to`` names its replacement) and a corrected claim is
written, carrying copies of the original's evidence (same document, span and quote, rule
``review:correction``), as the reviewer's own source ``review:correction:<original id>`` —
so it is never replaced by a re-ingest, and correcting the same claim again replaces the
earlier correction. A claim a reviewer adds is written as the source
``review:claim:<claim id>:<document id>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.errors import InputError, UnknownClaim, UnknownDocument, UnknownEntity
from graph.ids import stable_hash
from graph.model import (
    CLAIM_KEY_FIELDS,
    Basis,
    Claim,
    Document,
    DocumentKind,
    Entity,
    Evidence,
    IssueId,
    LacksWhat,
    Mode,
    PartialDate,
    Predicate,
    Record,
    Review,
    ReviewedClaim,
    Status,
)
from graph.store.base import SourceBatch, Store
from graph.vocabulary import one_of

CORRECTION_RULE = "review:correction"
REVIEWER_RULE = "review"


class ReviewRequest(Record):
    """A reviewer's decision on one claim."""

    # what review_claim takes, said in the schema too: corrections with `correct` only, and then some
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"decision": {"const": "correct"}}, "required": ["decision"]},
            "then": {
                "required": ["corrections"],
                "properties": {"corrections": {"type": "object", "minProperties": 1}},
            },
            "else": {
                "properties": {"corrections": {"anyOf": [{"type": "null"}, {"type": "object", "maxProperties": 0}]}}
            },
        }
    )

    decision: Literal["confirm", "reject", "correct"] = Field(
        description="confirm: the claim holds; reject: it stays visible as rejected and counts nowhere; "
        "correct: reject it and store a corrected claim",
        examples=["reject"],
    )
    reviewer: str = Field(min_length=1, max_length=200, description="who decides", examples=["anna.k"])
    comment: str | None = Field(
        None,
        max_length=4000,
        description="why, in the reviewer's words",
        examples=["the board only supports; the text says so"],
    )
    corrections: dict[str, str | bool | None] | None = Field(
        None,
        description="for `correct`: the claim fields to change (subject, predicate, object, issue, "
        "jurisdiction, mode, basis, status, negated, attributed_to, role, what, since, until)",
        examples=[{"mode": "supports"}],
        json_schema_extra={"propertyNames": {"enum": list(CLAIM_KEY_FIELDS)}},
    )


class CitedSource(Record):
    """Where a reviewer read a claim: a document already stored, or a citation of another one."""

    # a stored document, a title or a url (not blank): what _cited_document takes, said in the schema
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "string", "pattern": "\\S"}}}
                for name in ("document", "title", "url")
            ]
        }
    )

    document: str | None = Field(
        None, description="id of a stored document; the quote is located in its text", examples=["6aa7afb308a055d2"]
    )
    title: str | None = Field(
        None,
        max_length=500,
        description="title of a source that is not stored",
        examples=["Protokoll kommunstyrelsen 2023-05-10, § 84"],
    )
    url: str | None = Field(
        None,
        max_length=2000,
        description="where the source can be read",
        examples=["https://www.example.se/protokoll/ks-2023-05-10.pdf"],
    )
    publisher: str | None = Field(None, max_length=500, description="who published it", examples=["Huddinge kommun"])
    published: PartialDate = Field(
        None, description="publication date: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2023-05-10"]
    )
    kind: DocumentKind = Field(
        "other",
        description=one_of("document_kinds"),
        examples=["decision"],
    )
    quote: str | None = Field(
        None,
        max_length=4000,
        description="the words that state the claim",
        examples=["Kommunstyrelsen ansvarar för integrationsarbetet."],
    )


class NewClaim(Record):
    """A claim a reviewer adds, with the source it comes from."""

    subject: str = Field(
        min_length=1,
        description="id of the entity the claim is about (stored, or under `entities`)",
        examples=["huddinge/kommunstyrelsen"],
    )
    predicate: Predicate = Field(
        description=one_of("predicates"),
        examples=["responsible_for"],
    )
    object: str | None = Field(
        None, description="id of the other entity, for predicates that take one", examples=[None]
    )
    issue: IssueId | None = Field(None, description="issue id (GET /issues)", examples=["integration"])
    jurisdiction: str | None = Field(None, description="the jurisdiction the claim is about", examples=["huddinge"])
    mode: Mode | None = Field(None, description=one_of("modes"), examples=["owns"])
    basis: Basis | None = Field(None, description=one_of("bases"), examples=["decision"])
    status: Status | None = Field(None, description=one_of("statuses"), examples=["current"])
    negated: bool = Field(False, description="true when the source says it is not so", examples=[False])
    attributed_to: str | None = Field(None, description="who asserts it, when not the source's author", examples=[None])
    role: str | None = Field(None, description="the title held, for holds_role", examples=[None])
    what: LacksWhat | None = Field(
        None,
        description=f"what is lacking, for lacks: {one_of('lacks_what')}",
        examples=[None],
    )
    since: PartialDate = Field(None, description="from when: YYYY, YYYY-MM or YYYY-MM-DD", examples=["2023-05"])
    until: PartialDate = Field(None, description="until when: YYYY, YYYY-MM or YYYY-MM-DD", examples=[None])
    source: CitedSource = Field(description="where the reviewer read it")
    reviewer: str = Field(min_length=1, max_length=200, description="who adds it", examples=["anna.k"])
    comment: str | None = Field(
        None, max_length=4000, description="a note for other reviewers", examples=["read in the minutes, § 84"]
    )
    entities: list[Entity] = Field(default_factory=list, description="new entities the claim names")


class ReviewOutcome(BaseModel):
    """The claim decided on, as it stands now, and the corrected claim if one was made."""

    claim: ReviewedClaim = Field(description="the claim decided on, with its review state and history")
    corrected: ReviewedClaim | None = Field(None, description="the corrected claim, for decision `correct`")


def _claim(fields: dict, evidence: list[Evidence]) -> Claim:
    try:
        return Claim(**fields, evidence=evidence)
    except ValidationError as exc:
        problems = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise InputError(f"not a valid claim: {problems}") from None


def _check_entities(store: Store, claim: Claim, new: Iterable[Entity] = ()) -> None:
    wanted = {claim.subject} | ({claim.object} if claim.object else set())
    missing = wanted - set(store.entities_by_id(wanted)) - {e.id for e in new}
    for eid in sorted(missing):
        close = [e.id for e in store.entities(q=eid.split("/")[-1][:6], limit=5)]
        raise UnknownEntity(
            f"unknown entity {eid!r}; add it under `entities`",
            hint=("did you mean: " + ", ".join(close)) if close else None,
        )


def reviewed_claim(store: Store, claim_id: str) -> ReviewedClaim:
    """One claim with its evidence, review state and review history; UnknownClaim otherwise."""
    row = store.claim(claim_id)
    if row is None:
        raise UnknownClaim(f"unknown claim {claim_id!r}")
    return row.to_reviewed(store.evidence([claim_id]).get(claim_id, []), store.reviews([claim_id]).get(claim_id))


def review_claim(store: Store, claim_id: str, request: ReviewRequest) -> ReviewOutcome:
    """Confirm, reject or correct a claim; returns the claim (and its correction) after the decision."""
    original = reviewed_claim(store, claim_id)
    base: dict[str, Any] = dict(claim=claim_id, reviewer=request.reviewer, comment=request.comment)
    if request.decision != "correct":
        if request.corrections:
            raise InputError("corrections are only taken with decision `correct`")
        state = "confirmed" if request.decision == "confirm" else "rejected"
        store.apply_review([Review(**base, state=state)])
        return ReviewOutcome(claim=reviewed_claim(store, claim_id))
    if not request.corrections:
        raise InputError("decision `correct` needs `corrections`", expected='e.g. {"mode": "supports"}')
    unknown = sorted(set(request.corrections) - set(CLAIM_KEY_FIELDS))
    if unknown:
        raise InputError(f"cannot correct {', '.join(unknown)}", expected="one of " + ", ".join(CLAIM_KEY_FIELDS))
    source = f"review:correction:{claim_id}"
    fields = {f: getattr(original, f) for f in CLAIM_KEY_FIELDS} | dict(request.corrections)
    evidence = [
        ev.model_copy(update={"rule": CORRECTION_RULE, "review": "confirmed", "source": source})
        for ev in original.evidence
    ]
    corrected = _claim(fields, evidence)
    if corrected.id == claim_id:
        raise InputError("the corrections change nothing in the claim")
    _check_entities(store, corrected)
    store.apply_review(
        [
            Review(**base, state="rejected", corrected_to=corrected.id),
            Review(**{**base, "claim": corrected.id}, state="confirmed"),
        ],
        SourceBatch(source=source, loader="review", claims=[corrected]),
    )
    return ReviewOutcome(claim=reviewed_claim(store, claim_id), corrected=reviewed_claim(store, corrected.id))


def _cited_document(store: Store, cited: CitedSource) -> tuple[Document | None, Evidence]:
    """The document the evidence points into (a new citation, or None for a stored one) and the evidence."""
    if cited.document:
        doc = store.document(cited.document)
        if doc is None:
            raise UnknownDocument(f"unknown document {cited.document!r}")
        span: dict[str, Any] = {}
        start = (doc.text or "").find(cited.quote) if cited.quote else -1
        if cited.quote and start >= 0:
            span = dict(start=start, end=start + len(cited.quote))
        return None, Evidence(document=doc.id, quote=cited.quote, rule=REVIEWER_RULE, review="confirmed", **span)
    if not (cited.title or cited.url):
        raise InputError("a source needs a stored `document`, or a `title` or `url`")
    citation = [cited.url, cited.title, cited.publisher, cited.published]
    doc = Document(
        id=stable_hash(citation, "cite_"),
        title=cited.title,
        url=cited.url,
        publisher=cited.publisher,
        published=cited.published,
        kind=cited.kind,
    )
    return doc, Evidence(document=doc.id, quote=cited.quote, rule=REVIEWER_RULE, review="confirmed")


def add_claim(store: Store, new: NewClaim) -> ReviewedClaim:
    """Write a reviewer's claim as its own source; it is confirmed by that reviewer."""
    doc, evidence = _cited_document(store, new.source)
    fields = new.model_dump(include=set(CLAIM_KEY_FIELDS))
    claim = _claim(fields, [])
    source = f"review:claim:{claim.id}:{evidence.document}"
    claim = claim.model_copy(update={"evidence": [evidence.model_copy(update={"source": source})]})
    _check_entities(store, claim, new.entities)
    if doc is not None:
        doc = doc.model_copy(update={"origin": source})
    batch = SourceBatch(
        source=source, loader="review", documents=[doc] if doc else [], entities=new.entities, claims=[claim]
    )
    store.apply_review([Review(claim=claim.id, state="confirmed", reviewer=new.reviewer, comment=new.comment)], batch)
    return reviewed_claim(store, claim.id)
