"""Stores: the record of entities, claims, evidence and documents, and the slices queries read.

``open_store(location)`` picks the backend from the location: a file path (default
``ansvar.db``) opens the embedded SQLite store.
"""
from __future__ import annotations

from graph.store.base import ClaimRow, SourceBatch, Store, WriteReport


def open_store(location: str | None = None) -> Store:
    """Open the store at ``location`` (a SQLite file path; created when missing)."""
    from graph.store.sqlite import SQLiteStore

    return SQLiteStore(location or "ansvar.db")


__all__ = ["ClaimRow", "SourceBatch", "Store", "WriteReport", "open_store"]
