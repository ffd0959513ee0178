"""Errors as RFC 9457 problem details (application/problem+json), built only here.

The library raises ``AnsvarError``s (graph/errors.py); this module maps that one tree to
HTTP statuses and adds what a client can act on: the known issues, close matches of an
unknown name, example questions, the file and place of a bad input. Request validation
errors, HTTP errors of the framework and unexpected failures get the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graph import errors
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/problems/"
log = logging.getLogger("ansvar.http")

# The status of each library error; the first class in the exception's MRO that is here wins.
STATUS: dict[type[errors.AnsvarError], int] = {
    errors.UnsupportedFormat: 415,
    errors.InputError: 422,
    errors.NotFound: 404,
    errors.QuestionNotUnderstood: 422,
    errors.StoreError: 503,
    errors.VocabularyError: 500,
    errors.AnsvarError: 400,
}

TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal server error",
    503: "Service unavailable",
}


class Problem(BaseModel):
    """An error: what went wrong, for a person (title, detail) and a program (type, code, extras)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI reference naming the kind of problem", examples=["/problems/unknown_issue"])
    title: str = Field(description="short summary of the kind of problem", examples=["Unknown issue"])
    status: int = Field(description="the HTTP status code", examples=[404])
    detail: str = Field(
        description="what went wrong this time, for a person",
        examples=["unknown issue 'integrashun' (known issues: integration, …)"],
    )
    code: str = Field(description="stable machine-readable name of the problem", examples=["unknown_issue"])


class ProblemException(Exception):
    """An HTTP-level problem (authentication, size limits) raised by the shell itself."""

    def __init__(self, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None, **extras: Any):
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers, self.extras = status, code, detail, headers, extras


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extras: Any,
) -> JSONResponse:
    """A problem+json response."""
    body = {
        "type": TYPE_BASE + code,
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    body.update({k: v for k, v in extras.items() if v not in (None, [], {})})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def status_of(exc: errors.AnsvarError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def extras_of(exc: errors.AnsvarError) -> dict[str, Any]:
    """What a client can act on, beyond the message."""
    extras: dict[str, Any] = {"hint": exc.hint}
    if isinstance(exc, errors.UnknownIssue):
        extras["known_issues"] = taxonomy().ids()
    if isinstance(exc, errors.UnknownGapKind):
        extras["known_kinds"] = list(vocabulary().gap_kinds)
    if isinstance(exc, errors.NotFound):
        extras["close_matches"] = exc.close_matches
    if isinstance(exc, errors.QuestionNotUnderstood):
        extras["suggestions"] = exc.suggestions
    if isinstance(exc, errors.InputError):
        extras.update(file=exc.file, location=exc.location, expected=exc.expected)
    return extras


def _title(exc: errors.AnsvarError) -> str:
    return exc.code.replace("_", " ").capitalize()


async def on_library_error(request: Request, exc: errors.AnsvarError) -> JSONResponse:
    retry = {"Retry-After": "5"} if isinstance(exc, errors.WorkspaceBusy) else None  # another writer: try again
    return problem_response(status_of(exc), exc.code, str(exc), title=_title(exc), headers=retry, **extras_of(exc))


async def on_problem(request: Request, exc: ProblemException) -> JSONResponse:
    return problem_response(exc.status, exc.code, exc.detail, headers=exc.headers, **exc.extras)


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [{"location": _where(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors()]
    detail = "; ".join(f"{p['location']}: {p['message']}" for p in problems[:5]) or "invalid request"
    return problem_response(422, "invalid_request", detail, errors=problems)


def _routes(routes: list) -> Iterator[Any]:
    """Every endpoint route, also those inside included routers (which have no methods of their own)."""
    for route in routes:
        inner = getattr(route, "routes", None) or getattr(getattr(route, "original_router", None), "routes", None)
        if inner and not getattr(route, "methods", None):
            yield from _routes(inner)
        else:
            yield route


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (the framework lists only the first route's)."""
    methods: set[str] = set()
    for route in _routes(request.app.routes):
        if not getattr(route, "methods", None):
            continue
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(route.methods)
    return sorted(methods)


async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = {404: "no_such_route", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "error")
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 400:  # the framework could not parse the body: a request problem like any other
        return problem_response(422, "invalid_request", f"the request body could not be read: {detail}")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no endpoint at {request.url.path}; see /docs for the API"
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.method} is not allowed at {request.url.path}; allowed: {headers['Allow']}"
    return problem_response(exc.status_code, code, detail, headers=headers or None)


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(500, "internal_error", "the server failed to answer; the error is logged")


def install(app: FastAPI) -> None:
    """Register the handlers: library errors, shell problems, validation, HTTP and the rest."""
    handlers: dict[type[Exception], Callable[[Request, Any], Awaitable[JSONResponse]]] = {
        errors.AnsvarError: on_library_error,
        ProblemException: on_problem,
        RequestValidationError: on_validation_error,
        StarletteHTTPException: on_http_error,
        Exception: on_unexpected,
    }
    for exc_type, handler in handlers.items():
        app.add_exception_handler(exc_type, handler)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem statuses an endpoint can answer."""
    return {
        s: {
            "model": Problem,
            "description": TITLES.get(s, "Error"),
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }
