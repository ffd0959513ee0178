"""Who may write: a bearer token from the server's settings, compared in constant time.

The token comes from, in order: the ``token`` argument, $ANSVAR_TOKEN, a token file (the
``token_file`` argument or $ANSVAR_TOKEN_FILE); surrounding spaces are dropped and a blank
token counts as none. With no token configured the API is read-only
and every write answers 403 saying how to enable writes.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import ProblemException
from graph.errors import StoreError

bearer = HTTPBearer(
    auto_error=False, description="The write token: `Authorization: Bearer <token>`. Reads need no token."
)

HOW_TO_ENABLE = (
    "writes are disabled on this server: start it with ANSVAR_TOKEN=<secret> in the environment, "
    "or with `ansvar serve --token-file FILE` (a file holding the token)"
)


def configured_token(token: str | None = None, token_file: str | Path | None = None) -> str | None:
    """The write token from the argument, the environment or a token file; None when there is none."""
    for given in (token, os.environ.get("ANSVAR_TOKEN")):
        if given and given.strip():  # a blank token could never match a header: it enables nothing
            return given.strip()
    path = token_file or os.environ.get("ANSVAR_TOKEN_FILE")
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise StoreError(f"cannot read the token file {path}: {exc.strerror or exc}") from exc
    if not text:
        raise StoreError(f"the token file {path} is empty", hint="put the write token on its first line")
    return text


def check_token(expected: str | None, authorization: str | None) -> None:
    """Raise the 403/401 problem unless ``authorization`` carries the configured write token."""
    if expected is None:
        raise ProblemException(403, "writes_disabled", HOW_TO_ENABLE)
    challenge = {"WWW-Authenticate": 'Bearer realm="ansvarskarta"'}
    scheme, _, credentials = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ProblemException(
            401, "token_required", "this endpoint writes: send `Authorization: Bearer <token>`", headers=challenge
        )
    if not hmac.compare_digest(credentials.strip().encode(), expected.encode()):
        raise ProblemException(
            401, "token_invalid", "the bearer token is not the server's write token", headers=challenge
        )


async def require_writer(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Let the request write only with the configured bearer token (401/403 problems otherwise).

    The body-limit middleware checks the same before a body is read (api/limits.py); this
    dependency also marks the write endpoints as secured in the OpenAPI schema.
    """
    check_token(request.app.state.settings.token, request.headers.get("authorization"))
