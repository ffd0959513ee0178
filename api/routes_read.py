"""Read endpoints: questions, ownership, gaps, entities, claims, documents, taxonomy, health.

Each answers from the current snapshot of the workspace (graph/store/live.py): the
in-memory index and the SQLite snapshot it was built from. Answers are serialised once per
snapshot and kept in its bounded cache, so a repeated question costs a dictionary lookup;
a write swaps the snapshot, and with it the cache. For /ownership and /gaps even the
framework is skipped on a hit (api/fastpath.py, keyed by ``ownership_key`` / ``gaps_key``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from api import pages
from api.page_overview import GAP_SORTS
from api.params import IssueFilter, JurisdictionFilter
from api.problems import problem_responses
from api.schemas import DocumentView, Health, IssueInfo, JurisdictionInfo, Page
from graph.answers import AskAnswer, Gap, Ownership
from graph.model import Document, Entity, ReviewedClaim
from graph.store.live import LiveWorkspace, SnapshotStore
from graph.taxonomy import taxonomy, when_taxonomy_changes
from graph.vocabulary import vocabulary
from queries import ask as ask_question
from queries import gaps as find_gaps
from queries import who_owns
from queries.claims import claim_detail, find_claims
from queries.entity import EntityView, describe_entity, find_entities
from queries.evidence import document_quotes
from queries.places import known_jurisdictions

router = APIRouter()

Lang = Literal["en", "sv"]
if TYPE_CHECKING:  # the names are data: plain strings to the type checker, closed sets to FastAPI
    EntityType = str
    PredicateName = str
    ReviewName = str
else:
    EntityType = Literal[tuple(vocabulary().entity_types)]
    PredicateName = Literal[tuple(vocabulary().predicates)]
    ReviewName = Literal[tuple(vocabulary().review_states)]

IssueQuery = Query(
    description="issue id, or its Swedish or English name", examples=["integration"], min_length=1, max_length=200
)
JurisdictionQuery = Query(description="jurisdiction slug or name", examples=["huddinge"], min_length=1, max_length=200)
LangQuery = Query(description="language of the summaries: en or sv", examples=["sv"])
Limit = Annotated[int, Query(ge=0, le=1000, description="page size", examples=[100])]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip", examples=[0])]


class JSONBytes(Response):
    media_type = "application/json"


def workspace(request: Request) -> LiveWorkspace:
    return request.app.state.workspaces.get()


def answer(request: Request, key: tuple, compute: Callable[[SnapshotStore], BaseModel | list]) -> JSONBytes:
    """The serialised answer for ``key`` from the current snapshot's cache, computed on a miss."""
    with workspace(request).reading() as store:
        body = store.answer(key, lambda: _dump(compute(store)))
    return JSONBytes(body)


def ownership_key(issue: str, jurisdiction: str, lang: str = "en") -> tuple:
    """The cache key of GET /ownership (api/fastpath.py answers repeated questions with it)."""
    return ("ownership", issue, jurisdiction, lang)


def gaps_key(
    jurisdiction: str | None = None,
    issue: str | None = None,
    kind: str | None = None,
    min_severity: float = 0.0,
    lang: str = "en",
) -> tuple:
    """The cache key of GET /gaps (api/fastpath.py answers repeated questions with it)."""
    return ("gaps", jurisdiction, issue, kind, min_severity, lang)


# The string parameters (and which are required) of the GETs whose cached answers
# api/fastpath.py may send before the framework runs; the key functions take them by name.
CACHED_GETS: dict[str, tuple[Callable[..., tuple], frozenset[str], frozenset[str]]] = {
    "/ownership": (ownership_key, frozenset({"issue", "jurisdiction", "lang"}), frozenset({"issue", "jurisdiction"})),
    "/gaps": (gaps_key, frozenset({"jurisdiction", "issue", "kind", "lang"}), frozenset()),
}


def _dump(value: BaseModel | list) -> bytes:
    if isinstance(value, BaseModel):
        return value.model_dump_json().encode()
    return b"[" + b",".join(v.model_dump_json().encode() for v in value) + b"]"


@router.get(
    "/ask",
    response_model=AskAnswer,
    tags=["questions"],
    responses=problem_responses(422),
    summary="Answer a question in Swedish or English",
)
async def ask(
    request: Request,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            description="the question",
            examples=["Vem ansvarar för integrationen i Huddinge?"],
        ),
    ],
    lang: Annotated[
        Lang | None, Query(description="answer in this language (default: the question's)", examples=["sv"])
    ] = None,
) -> JSONBytes:
    """Parse the question (intent, issue, jurisdiction) and answer it: ownership or gaps, wholly
    in the question's language (or ``lang``).

    A question without an issue or a place answers 422 with example questions about what the
    workspace holds.
    """
    return answer(request, ("ask", q, lang), lambda store: ask_question(store, q, lang=lang))


@router.get(
    "/ownership",
    response_model=Ownership,
    tags=["questions"],
    responses=problem_responses(404, 422),
    summary="Who owns an issue in a jurisdiction",
)
async def ownership(
    request: Request,
    issue: Annotated[str, IssueQuery],
    jurisdiction: Annotated[str, JurisdictionQuery],
    lang: Annotated[Lang, LangQuery] = "en",
) -> JSONBytes:
    """Owners (with how and since when), contributors, deferral chains, gaps and sub-issue owners,
    each backed by quotes. Unknown issue → 404 listing the known ones; unknown jurisdiction →
    404 with close matches."""
    return answer(
        request, ownership_key(issue, jurisdiction, lang), lambda store: who_owns(store, issue, jurisdiction, lang=lang)
    )


@router.get(
    "/gaps",
    response_model=list[Gap],
    tags=["questions"],
    responses=problem_responses(404, 422),
    summary="Ownership gaps, gravest first",
)
async def gaps(
    request: Request,
    jurisdiction: JurisdictionFilter = None,
    issue: IssueFilter = None,
    kind: Annotated[
        str | None,
        Query(
            description="only this kind: " + ", ".join(vocabulary().gap_kinds), examples=["deflected"], max_length=100
        ),
    ] = None,
    min_severity: Annotated[
        float, Query(ge=0, le=1, description="only gaps at least this severe (0–1)", examples=[0.5])
    ] = 0.0,
    lang: Annotated[Lang, LangQuery] = "en",
) -> Response:
    """Every gap (unowned, deflected, contested, uncoordinated, orphaned, nominal) with its evidence.

    A browser (Accept: text/html) gets the gaps page instead: the gaps with facets, filtered by
    the query's county, jurisdiction, issue, kind, stated and severity (api/pages.py)."""
    if pages.wants_html(request):
        sort = request.query_params.get("sort", "severity")
        return await pages.gaps_page(
            request, None, request.query_params.get("lang"), sort if sort in GAP_SORTS else "severity"
        )

    def compute(store: SnapshotStore) -> list[Gap]:
        return find_gaps(store, jurisdiction=jurisdiction, issue=issue, kind=kind, min_severity=min_severity, lang=lang)

    return answer(request, gaps_key(jurisdiction, issue, kind, min_severity, lang), compute)


@router.get(
    "/entities",
    response_model=Page[Entity],
    tags=["graph"],
    responses=problem_responses(404, 422),
    summary="List entities",
)
async def entities(
    request: Request,
    type: Annotated[EntityType | None, Query(description="only this entity type", examples=["board"])] = None,
    jurisdiction: JurisdictionFilter = None,
    q: Annotated[
        str | None, Query(description="text in the name, id or aliases", examples=["social"], max_length=200)
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> JSONBytes:
    """Entities sorted by id, one page at a time, with the total count. Unknown jurisdiction →
    404 with close matches."""

    def compute(store: SnapshotStore) -> Page[Entity]:
        data, count = find_entities(store, type=type, jurisdiction=jurisdiction, q=q, limit=limit, offset=offset)
        return Page[Entity](data=data, count=count, limit=limit, offset=offset)

    return answer(request, ("entities", type, jurisdiction, q, limit, offset), compute)


@router.get(
    "/entities/{entity_id:path}",
    response_model=EntityView,
    tags=["graph"],
    responses=problem_responses(404, 422),
    summary="One entity, its path and its claims",
)
async def entity(
    request: Request,
    entity_id: Annotated[str, Path(description="entity id (may contain /)", examples=["huddinge/socialnamnden"])],
) -> JSONBytes:
    """The entity, its organisational path upward, and every claim in and out with evidence and
    review state. Unknown id → 404 with close matches."""
    return answer(request, ("entity", entity_id), lambda store: describe_entity(store, entity_id))


@router.get(
    "/claims",
    response_model=Page[ReviewedClaim],
    tags=["graph"],
    responses=problem_responses(404, 422),
    summary="List claims",
)
async def claims(
    request: Request,
    subject: Annotated[
        str | None, Query(description="subject entity id", max_length=300, examples=["huddinge/socialnamnden"])
    ] = None,
    predicate: Annotated[
        PredicateName | None, Query(description="only this predicate", examples=["responsible_for"])
    ] = None,
    issue: Annotated[
        str | None,
        Query(
            description="only claims about this issue (id or name; not its sub-issues)",
            max_length=200,
            examples=["integration"],
        ),
    ] = None,
    jurisdiction: Annotated[
        str | None,
        Query(description="only claims in this jurisdiction (slug or name)", max_length=200, examples=["huddinge"]),
    ] = None,
    review: Annotated[
        ReviewName | None, Query(description="only claims in this review state", examples=["rejected"])
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> JSONBytes:
    """Claims matching every filter, sorted by id, with evidence and review state (rejected
    claims included: filter with review=rejected to see them). Unknown issue → 404 listing the
    known ones; unknown jurisdiction → 404 with close matches."""

    def compute(store: SnapshotStore) -> Page[ReviewedClaim]:
        data, count = find_claims(
            store,
            subject=subject,
            predicate=predicate,
            issue=issue,
            jurisdiction=jurisdiction,
            review=review,
            limit=limit,
            offset=offset,
        )
        return Page[ReviewedClaim](data=data, count=count, limit=limit, offset=offset)

    return answer(request, ("claims", subject, predicate, issue, jurisdiction, review, limit, offset), compute)


@router.get(
    "/claims/{claim_id}",
    response_model=ReviewedClaim,
    tags=["graph"],
    responses=problem_responses(404, 422),
    summary="One claim with its review history",
)
async def claim(
    request: Request,
    claim_id: Annotated[str, Path(max_length=100, description="claim id", examples=["c_3f2a9b0c1d2e4f56"])],
) -> JSONBytes:
    """The claim, its evidence, its review state and every review decision on it."""
    return answer(request, ("claim", claim_id), lambda store: claim_detail(store, claim_id))


_ISSUES: list[IssueInfo] | None = None


@when_taxonomy_changes
def _forget_issues() -> None:
    """The taxonomy changed (a workspace's areas were added or laid over it): list it again."""
    global _ISSUES
    _ISSUES = None


@router.get("/issues", response_model=list[IssueInfo], tags=["graph"], summary="The issue taxonomy")
async def issues() -> JSONBytes:
    """Every issue id with its parent, labels and recognised Swedish forms."""
    global _ISSUES
    if _ISSUES is None:
        _ISSUES = [
            IssueInfo(id=i.id, parent=i.parent, sv=i.sv, en=i.en, surface_forms=list(i.surface_forms))
            for i in taxonomy().issues.values()
        ]
    return JSONBytes(_dump(_ISSUES))


@router.get(
    "/jurisdictions",
    response_model=list[JurisdictionInfo],
    tags=["graph"],
    summary="The jurisdictions in the workspace",
)
async def jurisdictions(request: Request) -> JSONBytes:
    """Every jurisdiction declared or named by claims, with the issues that have claims there."""

    def compute(store: SnapshotStore) -> list[JurisdictionInfo]:
        return [
            JurisdictionInfo(id=slug, name=name, issues=[i for _, i in store.slice_keys(slug)])
            for slug, name in known_jurisdictions(store).items()
        ]

    return answer(request, ("jurisdictions",), compute)


@router.get(
    "/documents",
    response_model=Page[Document],
    tags=["documents"],
    responses=problem_responses(422),
    summary="List documents",
)
async def documents(request: Request, limit: Limit = 100, offset: Offset = 0) -> JSONBytes:
    """Documents sorted by id, without their text."""

    def compute(store: SnapshotStore) -> Page[Document]:
        docs = store.documents()
        return Page[Document](data=docs[offset : offset + limit], count=len(docs), limit=limit, offset=offset)

    return answer(request, ("documents", limit, offset), compute)


@router.get(
    "/documents/{document_id}",
    response_model=DocumentView,
    tags=["documents"],
    responses=problem_responses(404, 422),
    summary="One document with its text and evidence spans",
)
async def document(
    request: Request,
    document_id: Annotated[
        str, Path(max_length=200, description="document id (GET /documents lists them)", examples=["6aa7afb308a055d2"])
    ],
) -> JSONBytes:
    """The document's metadata and text, and every piece of evidence in it (claim, start, end,
    quote) sorted by position, so that a client can highlight the spans."""

    def compute(store: SnapshotStore) -> DocumentView:
        doc, quotes = document_quotes(store, document_id)
        return DocumentView(document=doc, evidence=quotes)

    return answer(request, ("document", document_id), compute)


@router.get(
    "/health",
    response_model=Health,
    tags=["server"],
    responses=problem_responses(503),
    summary="The server and its workspace answer",
)
async def health(request: Request) -> Health:
    """Checks that the workspace answers a query now, and gives its counts."""
    ws = workspace(request)
    ws.check()
    with ws.reading() as store:
        return Health(
            status="ok",
            generation=store.generation,
            counts=store.stats(),
            writes_enabled=request.app.state.settings.token is not None,
        )
