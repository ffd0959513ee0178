"""The graph exported with the gap analysis's findings: ``export_workspace``.

Exports carry the gaps (a table in CSV and node-link JSON, nodes of type "gap" in GraphML and
GEXF) as the gap analysis finds them for the same part of the graph: the one ``gaps`` query
(queries/gaps.py) computes them, the exporter only writes them. The CLI and the HTTP API
export through here, so every surface shows the same gaps.
"""

from __future__ import annotations

from graph.export import ExportReport, export_store
from graph.export.sink import Output
from graph.store.base import Store
from queries.gaps import gaps
from queries.names import resolve_issue, resolve_place


def export_workspace(
    store: Store,
    fmt: str,
    out: Output,
    *,
    jurisdiction: str | None = None,
    issue: str | None = None,
    redact_persons: bool = False,
) -> ExportReport:
    """Write ``store`` (or its part in ``jurisdiction`` / about ``issue``, ids or names as every
    question takes them: queries/names.py) as ``fmt`` to ``out``, with the gaps of that part
    (graph/export/stream.py ``export_store``)."""
    jurisdiction, issue = resolve_place(store, jurisdiction), resolve_issue(issue)
    found = gaps(store, jurisdiction=jurisdiction, issue=issue)
    return export_store(
        store, fmt, out, jurisdiction=jurisdiction, issue=issue, redact_persons=redact_persons, gaps=found
    )
