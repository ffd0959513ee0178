"""GET /docs and /redoc: the interactive API docs, working without internet.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, so offline they are blank. Here
the same pages load them from the installed ``fastapi-offline`` package (its ``static``
folder: the Swagger UI bundle and style sheet, ReDoc's standalone bundle and a favicon),
served from /docs/assets/<name> on the app's own origin. Swagger UI's online validator
badge (a request to another host) is switched off, ReDoc is told not to load fonts, and the
one picture ReDoc's bundle fetches from its maker's CDN (the logo in its menu) is pointed at
the favicon served here instead.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, FastAPI, Path, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
if TYPE_CHECKING:  # a plain string to the type checker, a closed set to FastAPI
    AssetName = str
else:
    AssetName = Literal[tuple(ASSET_TYPES)]

# URLs on other hosts inside the bundles, and what they are replaced with ({base}: the app's root path)
OUTSIDE_URLS = {"redoc.standalone.js": {b"https://cdn.redoc.ly/redoc/logo-mini.svg": "{base}/docs/assets/favicon.png"}}

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=8)
def asset_bytes(name: str, base: str = "") -> bytes:
    """One of the docs' files, from the installed fastapi-offline package, with the URLs of
    ``OUTSIDE_URLS`` pointed at this server."""
    data = (files("fastapi_offline") / "static" / name).read_bytes()
    for outside, inside in OUTSIDE_URLS.get(name, {}).items():
        data = data.replace(outside, inside.format(base=base).encode())
    return data


def _base(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json, its script and styles from this server."""
    app: FastAPI = request.app
    base = _base(request)
    return get_swagger_ui_html(
        openapi_url=f"{base}{app.openapi_url}",
        title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{base}/docs/assets/swagger-ui-bundle.js",
        swagger_css_url=f"{base}/docs/assets/swagger-ui.css",
        swagger_favicon_url=f"{base}/docs/assets/favicon.png",
        swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
    )


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    """ReDoc over /openapi.json, its script from this server and no web fonts."""
    app: FastAPI = request.app
    base = _base(request)
    return get_redoc_html(
        openapi_url=f"{base}{app.openapi_url}",
        title=f"{app.title} - ReDoc",
        redoc_js_url=f"{base}/docs/assets/redoc.standalone.js",
        redoc_favicon_url=f"{base}/docs/assets/favicon.png",
        with_google_fonts=False,
    )


@router.get("/docs/assets/{name}")
async def docs_asset(request: Request, name: Annotated[AssetName, Path()]) -> Response:
    """The Swagger UI and ReDoc bundles (fastapi-offline's copies)."""
    return Response(
        asset_bytes(name, _base(request)),
        media_type=ASSET_TYPES[name],
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
