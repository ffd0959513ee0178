"""The HTTP API: a FastAPI app over the same store and queries as the command line.

``create_app(store_location, token=…)`` builds it; ``ansvar serve`` runs it with uvicorn.
Reads answer from the workspace's current snapshot; writes need a bearer token and swap in
a new snapshot when done (graph/store/live.py). Errors are RFC 9457 problem details
(api/problems.py). OpenAPI is at /openapi.json, the interactive docs at /docs and /redoc (api/docs_offline.py,
no CDN); the pages people read are api/pages.py's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import docs_offline, pages, problems, routes_export, routes_map, routes_read, routes_write
from api.fastpath import CachedAnswers
from api.limits import BodyLimit
from api.security import configured_token
from graph.limits import MAX_FILE_BYTES
from graph.store.cypher.live import live_workspace
from graph.store.live import LiveWorkspace
from graph.workspace_taxonomy import use_workspace_taxonomy

log = logging.getLogger("ansvar.http")

DESCRIPTION = """Who is responsible for what in public governance, and where nobody is.

Every answer is traced to quotes in documents. Reads are open; writes (uploads, claims,
reviews) need `Authorization: Bearer <token>`. Errors are `application/problem+json`
(RFC 9457) with a `code` and, where it helps, `known_issues`, `close_matches` or
`suggestions`.
"""

TAGS = [
    {"name": "questions", "description": "Ownership, gaps and questions in plain words."},
    {"name": "graph", "description": "Entities, claims, issues and jurisdictions."},
    {"name": "documents", "description": "Documents with their text and evidence spans."},
    {"name": "export", "description": "The graph for other tools."},
    {"name": "write", "description": "Uploads and reviews (bearer token)."},
    {"name": "server", "description": "Health."},
]


@dataclass
class Settings:
    """How the server runs; every limit has a default that suits one person's workspace."""

    store_location: str = "ansvar.db"
    token: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    max_file_bytes: int = MAX_FILE_BYTES  # the one limit the readers and the command line use too
    max_upload_bytes: int = 64 * 1024 * 1024
    max_json_bytes: int = 1024 * 1024
    max_files: int = 20
    answer_cache: int = 4096
    refresh_seconds: float = 2.0
    # FastAPI's OpenTelemetry spans and metrics (they need a configured provider); off, they
    # cost nothing per request, on, every request checks for a provider first.
    telemetry: bool = False


class Workspaces:
    """The app's live workspace: opened with the app, closed at shutdown, reopened if used again."""

    def __init__(self, location: str, answer_cache: int):
        self.location, self.answer_cache = location, answer_cache
        self._lock = threading.Lock()
        self._open: LiveWorkspace | None = None
        self.get()

    def get(self) -> LiveWorkspace:
        ws = self._open
        if ws is None:
            with self._lock:
                if self._open is None:
                    self._open = live_workspace(self.location, answer_cache=self.answer_cache)
                    use_workspace_taxonomy(self._open.snapshot)
                ws = self._open
        return ws

    def close(self) -> None:
        with self._lock:
            ws, self._open = self._open, None
        if ws is not None:
            ws.close()


def _cors_from_env() -> list[str]:
    return [o.strip() for o in os.environ.get("ANSVAR_CORS_ORIGINS", "").split(",") if o.strip()]


async def _refresh(workspaces: Workspaces, every: float) -> None:
    """Pick up writes made by other processes (``ansvar ingest`` beside the server)."""
    while True:
        await asyncio.sleep(every)
        try:
            ws = workspaces.get()
            if await asyncio.to_thread(ws.refresh_if_changed):
                use_workspace_taxonomy(ws.snapshot)  # `ansvar taxonomy add` beside the server
        except Exception:  # keep serving the current snapshot; try again later
            log.exception("refreshing the workspace failed")


def create_app(
    store_location: str | None = None,
    token: str | None = None,
    *,
    token_file: str | None = None,
    cors_origins: list[str] | None = None,
    **limits: Any,
) -> FastAPI:
    """The API over the workspace at ``store_location`` (default $ANSVAR_DB or ansvar.db).

    ``token`` (else $ANSVAR_TOKEN, else ``token_file`` / $ANSVAR_TOKEN_FILE) enables writes;
    ``cors_origins`` (else $ANSVAR_CORS_ORIGINS, comma-separated) enables CORS for those
    origins only; ``limits`` override the other fields of ``Settings``.
    """
    settings = Settings(
        store_location=store_location or os.environ.get("ANSVAR_DB") or "ansvar.db",
        token=configured_token(token, token_file),
        cors_origins=cors_origins if cors_origins is not None else _cors_from_env(),
        **limits,
    )
    workspaces = Workspaces(settings.store_location, int(settings.answer_cache))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = (
            asyncio.create_task(_refresh(workspaces, settings.refresh_seconds))
            if settings.refresh_seconds > 0
            else None
        )
        try:
            yield
        finally:
            if task:
                task.cancel()
            workspaces.close()

    otel = bool(settings.telemetry)
    app = FastAPI(
        title="Ansvarskarta",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # api/docs_offline.py serves /docs and /redoc without a CDN
        redoc_url=None,
        telemetry={"tracing": otel, "metrics": otel, "logs": otel},
    )
    app.state.settings, app.state.workspaces = settings, workspaces
    problems.install(app)
    for module in (routes_read, routes_write, routes_export):
        app.include_router(module.router)
    app.include_router(routes_map.router)
    app.include_router(docs_offline.router)
    app.include_router(pages.router)
    app.openapi_schema = None
    _register_problem_schema(app)

    def limit_for(path: str) -> int:
        return settings.max_upload_bytes if path.rstrip("/") == "/documents" else settings.max_json_bytes

    app.add_middleware(CachedAnswers, workspace=workspaces.get)  # innermost: CORS and limits wrap it
    app.add_middleware(BodyLimit, limit_for=limit_for, token=lambda: settings.token)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def _register_problem_schema(app: FastAPI) -> None:
    """Make sure the Problem schema is in the OpenAPI components (the error responses refer to it)."""
    original = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = original()
            comps = schema.setdefault("components", {}).setdefault("schemas", {})
            comps.setdefault("Problem", problems.Problem.model_json_schema())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
