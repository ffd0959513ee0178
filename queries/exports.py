"""An export as a user asks for it: jurisdiction and issue names resolved, then streamed.

graph/export takes ids only (it sits below the queries); the shells (``ansvar export``,
``GET /export/{format}``) call this, so an export takes the same names as every other
question (queries/names.py).
"""

from __future__ import annotations

from graph.export import ExportReport, export_store
from graph.export.sink import Output
from graph.store.base import Store
from queries.names import resolve_issue, resolve_place


def export(
    store: Store,
    fmt: str,
    out: Output,
    *,
    jurisdiction: str | None = None,
    issue: str | None = None,
    redact_persons: bool = False,
) -> ExportReport:
    """Write ``store`` (or its part in ``jurisdiction`` / about ``issue``, ids or names) as ``fmt``."""
    return export_store(
        store,
        fmt,
        out,
        jurisdiction=resolve_place(store, jurisdiction),
        issue=resolve_issue(issue),
        redact_persons=redact_persons,
    )
