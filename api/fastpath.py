"""Repeated questions answered before the framework: a cache lookup for the hot GETs.

GET /ownership and GET /gaps keep their serialised answers in the current snapshot's
answer cache (api/routes_read.py, graph/store/live.py). Parsing and validating the query
through FastAPI's dependency machinery costs several times more than sending those bytes,
so this pure ASGI middleware looks the answer up first, under the same key the endpoint
uses, and sends it when the snapshot has it (never to a browser, which gets the gaps page).
Anything else — a miss, a parameter the endpoint does not take, a repeated or missing one, a
number (``min_severity``) — goes through the framework as usual, which validates, answers (problem+json on errors) and
fills the cache. Only keys the endpoint itself stored can hit, so a hit is exactly the
answer the endpoint gave to the same parameters on the same snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Receive, Scope, Send

from api.routes_read import CACHED_GETS
from graph.store.live import LiveWorkspace

_HEADERS = [(b"content-type", b"application/json")]


def query_params(query_string: bytes) -> dict[str, str] | None:
    """The parameters of a query string, decoded as Starlette decodes them (``parse_qsl`` with
    blank values kept); None when a name repeats.

    >>> query_params(b"issue=integration&jurisdiction=H%C3%A4ssleholm&lang="), query_params(b"a=1&a=2")
    ({'issue': 'integration', 'jurisdiction': 'Hässleholm', 'lang': ''}, None)
    """
    params: dict[str, str] = {}
    for field in query_string.decode("latin-1").split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        if "%" in name or "+" in name:
            name = unquote_plus(name)
        if "%" in value or "+" in value:
            value = unquote_plus(value)
        if name in params:
            return None
        params[name] = value
    return params


def _wants_html(scope: Scope) -> bool:
    """Whether the client asks for a page (Accept names text/html): the framework answers it."""
    return any(name == b"accept" and b"text/html" in value for name, value in scope.get("headers", []))


class CachedAnswers:
    """Send a cached answer to a hot GET without entering the framework; else pass the request on."""

    def __init__(self, app: ASGIApp, workspace: Callable[[], LiveWorkspace]):
        self.app, self.workspace = app, workspace

    def key(self, scope: Scope) -> tuple | None:
        """The endpoint's cache key for this request, or None when only the framework may answer it."""
        route = CACHED_GETS.get(scope["path"])
        if route is None or scope["method"] != "GET" or _wants_html(scope):
            return None
        key_of, names, required = route
        params = query_params(scope["query_string"])
        if params is None or not names.issuperset(params) or not required.issubset(params):
            return None
        return key_of(**params)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            key = self.key(scope)
            body = self.workspace().snapshot.cached_answer(key) if key is not None else None
            if body is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [*_HEADERS, (b"content-length", str(len(body)).encode())],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
