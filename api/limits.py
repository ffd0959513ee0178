"""Before a write's body is read: the bearer token is checked, a declared Content-Length over
the limit is refused, and a body that grows past the limit while streaming (chunked uploads)
is cut off with the same 413 — so nobody without the token can make the server spool a body."""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import ProblemException, problem_response
from api.security import check_token


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than this server takes ({limit:,} bytes)")


class BodyLimit:
    """Pure ASGI middleware: ``limit_for(path)`` gives the byte limit of a request with a body,
    ``token()`` the configured write token (None: writes disabled)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int], token: Callable[[], str | None]):
        self.app, self.limit_for, self.token = app, limit_for, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        try:  # every write is a POST; other methods fall through to 405 with the allowed ones
            if scope["method"] == "POST":
                check_token(self.token(), headers.get(b"authorization", b"").decode("latin-1"))
        except ProblemException as exc:
            await problem_response(exc.status, exc.code, exc.detail, headers=exc.headers)(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            response = problem_response(413, "too_large", BodyTooLarge(limit).detail, limit_bytes=limit)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)
