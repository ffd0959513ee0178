"""GET /map: the interactive responsibility map as an HTML page, and the files it loads.

The page is built in a worker thread from the current snapshot (visualisation/), with the
view's data JSON-encoded inside it; its scripts and style sheets — vis-network from the
installed pyvis package, and the map's own — are served from /map/assets/<name> (same
origin, no CDN), and a Content-Security-Policy lets the page run those and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal
from urllib.parse import quote

from anyio import to_thread
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.params import IssueFilter, JurisdictionFilter
from api.problems import problem_responses
from graph.taxonomy import taxonomy
from queries.names import resolve_issue
from visualisation.assets import ASSET_TYPES, asset_text
from visualisation.render import SERVED_CSP, map_html
from visualisation.style import map_style
from visualisation.view import MAX_HOPS

router = APIRouter()
if TYPE_CHECKING:  # the names are data: a plain string to the type checker, a closed set to FastAPI
    AssetName = str
else:
    AssetName = Literal[tuple(ASSET_TYPES)]
PAGE_HEADERS = {
    "Content-Security-Policy": SERVED_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@router.get(
    "/map",
    tags=["graph"],
    response_class=HTMLResponse,
    responses={200: {"description": "the map page", "content": {"text/html": {}}}, **problem_responses(404, 422)},
    summary="The interactive responsibility map (HTML)",
)
async def map_page(
    request: Request,
    jurisdiction: JurisdictionFilter = None,
    issue: IssueFilter = None,
    hops: Annotated[
        str | None,
        Query(
            pattern=f"^[0-{MAX_HOPS}]?$",
            examples=["1"],
            description=f"neighbourhood, in hops (0-{MAX_HOPS}; empty or absent: 1 with a jurisdiction, else 0)",
        ),
    ] = None,
) -> Response:
    """A page drawing the view's network: nodes by type, edges by predicate, gaps highlighted;
    click a node or edge for its claims and quotes. Empty parameters count as absent (a plain
    form can send them). Unknown issue or jurisdiction → 404.

    With no place, a workspace of more places than the style's ``national_places`` opens on the
    issue's national overview (GET /issue/{issue}; the taxonomy's first issue when none is
    given), each of whose places links to its own map."""
    workspace = request.app.state.workspaces.get()
    root = request.scope.get("root_path", "").rstrip("/")
    base = root + "/map/assets"
    if not jurisdiction:
        with workspace.reading() as store:
            national = len(store.jurisdictions()) > map_style().layout["national_places"]
        if national:
            target = quote(resolve_issue(issue) if issue else taxonomy().ids()[0], safe="")
            return RedirectResponse(f"{root}/issue/{target}", status_code=303)

    def build() -> str:
        with workspace.reading() as store:
            return map_html(
                store,
                jurisdiction=jurisdiction or None,
                issue=issue or None,
                hops=int(hops) if hops else None,
                standalone=False,
                asset_base=base,
            )

    html = await to_thread.run_sync(build)
    return HTMLResponse(html, headers=PAGE_HEADERS)


@router.get("/map/assets/{name}", tags=["graph"], include_in_schema=False)
async def map_asset(name: Annotated[AssetName, Path()]) -> Response:
    """vis-network (from the installed pyvis package) and the map's own script and styles."""
    return Response(
        asset_text(name),
        media_type=ASSET_TYPES[name],
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
