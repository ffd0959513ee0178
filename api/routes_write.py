"""Write endpoints (bearer token): upload documents, add a claim, review a claim.

Writes run in a worker thread, one at a time, through the live workspace's writer; the
readers keep answering from the previous snapshot until the new one is swapped in.
"""

from __future__ import annotations

from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from api.problems import ProblemException, problem_responses
from api.schemas import MovedForm, TaxonomyAdded, UploadReport
from api.security import require_writer
from api.uploads import Received, UploadFolder, allowed_suffixes, check_type, ingest_uploads, safe_name
from graph.errors import StoreError, WorkspaceBusy, WorkspaceDamaged
from graph.model import ReviewedClaim
from graph.review import NewClaim, ReviewOutcome, ReviewRequest, add_claim, review_claim

router = APIRouter(dependencies=[Depends(require_writer)])
CHUNK = 1 << 16


async def _save(upload: UploadFile, folder: UploadFolder, limit: int) -> Received:
    """Copy one upload into the private folder, refusing a file over ``limit`` bytes."""
    original = upload.filename or "upload"
    name = safe_name(original)
    item = Received(original=original, name=name, failure=check_type(original, name))
    if item.failure is not None:
        return item
    item.path = folder.place(name)
    item.name = item.path.name
    size = 0
    with item.path.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise ProblemException(
                    413, "too_large", f"{original} is larger than {limit:,} bytes", file=original, limit_bytes=limit
                )
            out.write(chunk)
    return item


@router.post(
    "/documents",
    response_model=UploadReport,
    status_code=201,
    tags=["write"],
    responses=problem_responses(401, 403, 413, 422, 503),
    summary="Upload documents to ingest",
)
async def upload_documents(
    request: Request,
    files: Annotated[
        list[UploadFile],
        File(min_length=1, description="one or more files; allowed types: " + ", ".join(allowed_suffixes())),
    ],
    jurisdiction: Annotated[
        str | None,
        Form(
            description="default jurisdiction for texts that never name theirs", max_length=200, examples=["huddinge"]
        ),
    ] = None,
) -> JSONResponse:
    """Ingest each file as one transaction (a reader sees a file entirely or not at all).

    Answers 201 with what was stored and what failed and why when anything was stored, 422
    (problem+json with `failed`) when nothing was, and 503 when the workspace could not take
    the files (another process held its write lock past the busy timeout). A file of the same
    name replaces what it said before (`stored[].replaced`).
    """
    settings = request.app.state.settings
    if len(files) > settings.max_files:
        raise ProblemException(
            413, "too_many_files", f"at most {settings.max_files} files per upload", limit_files=settings.max_files
        )
    folder = UploadFolder()
    try:
        received = [await _save(f, folder, settings.max_file_bytes) for f in files]
        report = await to_thread.run_sync(ingest_uploads, request.app.state.workspaces.get(), received, jurisdiction)
    finally:
        folder.close()
    busy = [f for f in report.failed if f.code in (WorkspaceBusy.code, WorkspaceDamaged.code, StoreError.code)]
    if not report.loaded and busy:
        raise ProblemException(
            503,
            busy[0].code,
            f"the workspace could not take the upload: {busy[0].error}",
            headers={"Retry-After": "5"} if busy[0].code == WorkspaceBusy.code else None,
            failed=[f.model_dump() for f in report.failed],
        )
    if not report.loaded:
        raise ProblemException(
            422,
            "nothing_stored",
            "no file of the upload could be stored",
            failed=[f.model_dump() for f in report.failed],
        )
    return JSONResponse(report.model_dump(mode="json"), status_code=201)


@router.post(
    "/claims",
    response_model=ReviewedClaim,
    status_code=201,
    tags=["write"],
    responses=problem_responses(401, 403, 404, 422),
    summary="Add a reviewer's claim with its source",
)
async def post_claim(request: Request, body: NewClaim) -> JSONResponse:
    """Store a claim a reviewer read in a source: a stored document (the quote is located in
    its text) or a citation (title and/or url). The claim is confirmed by that reviewer and
    kept as its own source (`review:claim:…`), so no re-ingest removes it."""
    claim = await to_thread.run_sync(request.app.state.workspaces.get().write, lambda store: add_claim(store, body))
    return JSONResponse(claim.model_dump(mode="json"), status_code=201)


@router.post(
    "/claims/{claim_id}/review",
    response_model=ReviewOutcome,
    tags=["write"],
    responses=problem_responses(401, 403, 404, 422),
    summary="Confirm, reject or correct a claim",
)
async def post_review(
    request: Request,
    claim_id: Annotated[str, Path(max_length=100, description="claim id", examples=["c_3f2a9b0c1d2e4f56"])],
    body: ReviewRequest,
) -> JSONResponse:
    """Record a decision. `reject`: the claim stays visible as rejected and no longer counts
    in ownership or gaps. `correct`: the original is rejected and a corrected claim (with
    copies of its evidence) is stored as the reviewer's source. Decisions survive re-ingest."""
    outcome = await to_thread.run_sync(
        request.app.state.workspaces.get().write, lambda store: review_claim(store, claim_id, body)
    )
    return JSONResponse(outcome.model_dump(mode="json"))


_TAXONOMY_BODY = {
    "required": True,
    "description": "A taxonomy file in the shape of data/taxonomy.yaml, as YAML (Content-Type: application/yaml) "
    "or the same mapping as JSON",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["issues"],
                "properties": {
                    "issues": {
                        "type": "object",
                        "description": "issue id → {parent, sv, en, surface_forms}",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {
                                "parent": {"type": ["string", "null"]},
                                "sv": {"type": "string"},
                                "en": {"type": "string"},
                                "surface_forms": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    }
                },
            },
            "example": {
                "issues": {
                    "snow_clearing": {
                        "parent": "streets_roads",
                        "sv": "snöröjning",
                        "en": "snow clearing",
                        "surface_forms": ["snöröjningen", "vinterväghållning"],
                    }
                }
            },
        },
        "application/yaml": {"schema": {"type": "string"}},
    },
}


@router.post(
    "/issues",
    response_model=TaxonomyAdded,
    status_code=201,
    tags=["write"],
    responses=problem_responses(401, 403, 422),
    summary="Add policy areas to the workspace's taxonomy",
    openapi_extra={"requestBody": _TAXONOMY_BODY},
)
async def post_issues(
    request: Request,
    replace: Annotated[bool, Query(description="let entries replace issues with the same id")] = False,
) -> JSONResponse:
    """Store the body's issues in the workspace (as `ansvar taxonomy add`); every answer then
    uses them. Refused whole (422, with the line and what was expected): an unknown parent,
    an existing id without `replace=true`, a form claimed by two issues, a form so short or
    common it would match everywhere. Documents read before are not re-read here
    (`documents` says how many; `ansvar ingest --reread` does it)."""
    from graph.errors import InputError
    from graph.workspace_taxonomy import add_taxonomy_text

    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8", file="body", expected="a UTF-8 YAML or JSON taxonomy") from None
    report = await to_thread.run_sync(
        request.app.state.workspaces.get().write, lambda store: add_taxonomy_text(store, text, "body", replace)
    )
    body = TaxonomyAdded(
        added=report.added,
        replaced=report.replaced,
        moved=[MovedForm(form=f, was=old, now=new) for f, old, new in report.moved],
        documents=report.documents,
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=201)
