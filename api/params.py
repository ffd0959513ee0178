"""Query parameters several routes share, declared once so they validate and read alike.

``/gaps``, ``/entities``, ``/map`` and ``/export`` filter by the same jurisdiction and (where
they take one) the same issue with its sub-issues; ``/claims`` filters by one issue only and
so says so in its own declaration.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

JurisdictionFilter = Annotated[
    str | None,
    Query(description="only this jurisdiction (slug or name)", max_length=200, examples=["huddinge"]),
]
IssueFilter = Annotated[
    str | None,
    Query(description="only this issue (id or name) and its sub-issues", max_length=200, examples=["integration"]),
]
