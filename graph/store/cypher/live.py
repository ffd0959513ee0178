"""The HTTP API's workspace on a Cypher store: what graph/store/live.py's LiveWorkspace offers, on Neo4j or FalkorDB.

One ``CypherStore`` serves every reader (its index is rebuilt when the graph's generation
counter moves, whoever wrote) and one writer at a time. Finished answers are cached per
generation, as each SQLite snapshot caches its own. There are no pinned snapshots: a
reader that runs while a write lands may see the graph before or after it, never a
half-built index (the index is swapped whole).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from graph.errors import StoreError
from graph.store.cypher.store import CypherStore

T = TypeVar("T")


class ServedCypherStore(CypherStore):
    """A CypherStore with the snapshot extras the HTTP API uses: ``generation`` and cached answers."""

    def __init__(self, *args: Any, answer_cache: int = 4096, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._answers: OrderedDict[tuple, bytes] = OrderedDict()
        self._answer_limit = answer_cache
        self._answer_lock = threading.Lock()

    @property
    def generation(self) -> int:
        """How many writes the graph has seen (its generation counter)."""
        with self._lock:
            self._check_generation()
            return int(self._generation or 0)

    def answer(self, key: tuple, compute: Callable[[], bytes]) -> bytes:
        """A finished answer for ``key`` (serialised JSON), computed once per generation (LRU)."""
        full = (self.generation, *key)
        with self._answer_lock:
            if full in self._answers:
                self._answers.move_to_end(full)
                return self._answers[full]
        value = compute()
        if self._answer_limit > 0:
            with self._answer_lock:
                self._answers[full] = value
                while len(self._answers) > self._answer_limit:
                    self._answers.popitem(last=False)
        return value

    def cached_answer(self, key: tuple) -> bytes | None:
        """The finished answer for ``key`` at this generation, else None (never computes)."""
        with self._answer_lock:
            return self._answers.get((self.generation, *key))


class CypherWorkspace:
    """``reading``, ``write``, ``snapshot``, ``refresh_if_changed``, ``check``, ``close`` over a graph database."""

    def __init__(self, location: str, answer_cache: int = 4096):
        from graph.store.cypher.locations import connect

        self.location = location
        self._store = ServedCypherStore(connect(location), answer_cache=answer_cache)
        self._write_lock = threading.Lock()

    @property
    def snapshot(self) -> ServedCypherStore:
        return self._store

    @contextmanager
    def reading(self) -> Iterator[ServedCypherStore]:
        yield self._store

    def write(self, change: Callable[[CypherStore], T]) -> T:
        with self._write_lock:
            return change(self._store)

    def refresh_if_changed(self) -> bool:
        before = self._store._generation
        return self._store.generation != (before or 0)

    def check(self) -> None:
        try:
            self._store.stats()
        except StoreError as exc:
            raise StoreError(f"the workspace does not answer: {exc}") from exc

    def close(self) -> None:
        self._store.close()


def live_workspace(location: str, answer_cache: int = 4096):
    """The served workspace at ``location``: a Cypher database, or an embedded SQLite file."""
    from graph.store.cypher.locations import is_cypher_location

    if is_cypher_location(location):
        return CypherWorkspace(location, answer_cache=answer_cache)
    from graph.store.live import LiveWorkspace

    return LiveWorkspace(location, answer_cache=answer_cache)
