"""GET /export/{format}: the graph (or its part in a jurisdiction / about an issue) as a download.

The export is written in a worker thread into a server-side temporary file from one pinned
snapshot (a write meanwhile does not change it), then streamed with the format's media type
and a file name that says what it holds.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Annotated, Literal

from anyio import to_thread
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse

from api.params import IssueFilter, JurisdictionFilter
from api.problems import problem_responses
from graph.export import EXPORTERS, exporter_class
from graph.ids import slugify
from queries.export import export_workspace

router = APIRouter()
if TYPE_CHECKING:  # the names are data: a plain string to the type checker, a closed set to FastAPI
    Format = str
else:
    Format = Literal[tuple(EXPORTERS)]
CHUNK = 1 << 16


def download_name(fmt: str, jurisdiction: str | None, issue: str | None) -> str:
    """``ansvarskarta[-<jurisdiction>][-<issue>].<extension>``.

    >>> download_name("csv", "Huddinge", None), download_name("graphml", None, "refugee_reception")
    ('ansvarskarta-huddinge.zip', 'ansvarskarta-refugee-reception.graphml')
    """
    parts = ["ansvarskarta"] + [slugify(p) for p in (jurisdiction, issue) if p and slugify(p)]
    return "-".join(parts) + "." + exporter_class(fmt).extension


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := fh.read(CHUNK):
            yield chunk
    finally:
        fh.close()


def _media_types() -> dict[str, dict]:
    """The download's content per format: JSON is an object (node-link data), the rest are files."""

    def schema(media_type: str) -> dict:
        if media_type == "application/json":
            return {"type": "object", "description": "node-link JSON (networkx.node_link_data)"}
        return {"type": "string", "format": "binary"}

    return {cls.media_type: {"schema": schema(cls.media_type)} for cls in EXPORTERS.values()}


@router.get(
    "/export/{format}",
    tags=["export"],
    response_class=StreamingResponse,
    responses={200: {"description": "the export file", "content": _media_types()}, **problem_responses(404, 422)},
    summary="Download the graph as " + ", ".join(EXPORTERS),
)
async def export(
    request: Request,
    format: Annotated[
        Format,
        Path(
            description="json (node-link), graphml, gexf, csv (a zip of CSVs), "
            "cypher (a Neo4j script), neo4j-admin (a zip of import "
            "CSVs), ftm (FollowTheMoney JSON lines), sqlite (tables and views for browsing)",
            examples=["graphml"],
        ),
    ],
    jurisdiction: JurisdictionFilter = None,
    issue: IssueFilter = None,
    redact_persons: Annotated[
        bool, Query(description="replace people's names by stable pseudonyms (roles kept)")
    ] = False,
) -> StreamingResponse:
    """Stream the export as an attachment. Unknown issue or jurisdiction → 404 before anything is sent."""
    workspace = request.app.state.workspaces.get()

    def write() -> IO[bytes]:
        out = tempfile.TemporaryFile()  # noqa: SIM115 - returned open: the response streams and closes it
        try:
            with workspace.reading() as store:
                export_workspace(
                    store, format, out, jurisdiction=jurisdiction, issue=issue, redact_persons=redact_persons
                )
        except BaseException:
            out.close()
            raise
        out.seek(0)
        return out

    fh = await to_thread.run_sync(write)
    size = fh.seek(0, 2)
    fh.seek(0)
    headers = {
        "Content-Disposition": f'attachment; filename="{download_name(format, jurisdiction, issue)}"',
        "Content-Length": str(size),
    }
    return StreamingResponse(_chunks(fh), media_type=exporter_class(format).media_type, headers=headers)
