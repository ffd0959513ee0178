"""The small connection layer under the Cypher store: one ``run`` and one ``transaction``.

Two drivers speak the same Cypher (the openCypher subset that Neo4j 5 and FalkorDB share):

- ``Neo4jConnection``: the official ``neo4j`` driver; single statements go through
  ``Driver.execute_query`` with an explicit database, a source's write is one explicit
  transaction (``Session.begin_transaction``) that commits or rolls back whole;
- ``FalkorConnection``: FalkorDB over the Redis protocol, either a server (``falkordb``
  client) or embedded (``falkordblite``, which starts its own redis-server with the
  FalkorDB module). FalkorDB runs every statement atomically but has no multi-statement
  transactions, so ``transaction`` runs the statements one after another; the store's
  statements are idempotent, so a write that failed half-way is completed by writing the
  same source again.

What differs between the two is here and only here: connecting, errors, and how unique
constraints and indexes are declared. Every value travels as a parameter, never inside
the query text; labels and property names come from graph/store/cypher/schema.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

from graph.errors import StoreError
from graph.store.cypher.schema import check_label, check_property


class Runner(Protocol):
    def run(self, query: str, params: dict[str, Any] | None = None) -> list[tuple]: ...


class Connection:
    """A graph database that runs Cypher with parameters and returns rows as tuples."""

    dialect = "cypher"

    def __init__(self, description: str):
        self.description = description

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[tuple]:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[Runner]:
        """Statements that commit together where the database can (Neo4j), else in order."""
        yield self

    def ensure_schema(self, unique: list[tuple[str, str]], indexes: list[tuple[str, str]]) -> None:
        """Create unique constraints (which index their property) and plain indexes, if missing."""
        raise NotImplementedError

    def close(self) -> None: ...


# -- Neo4j ------------------------------------------------------------------------------


def neo4j_auth(env: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """Credentials from NEO4J_USER/NEO4J_PASSWORD, or NEO4J_AUTH as ``user/password``.

    >>> neo4j_auth({"NEO4J_AUTH": "neo4j/secret"}), neo4j_auth({"NEO4J_AUTH": "none"})
    (('neo4j', 'secret'), None)
    >>> neo4j_auth({"NEO4J_USER": "u", "NEO4J_PASSWORD": "p", "NEO4J_AUTH": "neo4j/x"})
    ('u', 'p')
    """
    user, password = env.get("NEO4J_USER"), env.get("NEO4J_PASSWORD")
    if user and password is not None:
        return user, password
    auth = env.get("NEO4J_AUTH")
    if auth and auth.lower() != "none":
        name, _, secret = auth.partition("/")
        return name, secret
    return None


class Neo4jConnection(Connection):
    """The official neo4j driver, one explicit database."""

    dialect = "neo4j"

    def __init__(self, uri: str, database: str | None = None, auth: tuple[str, str] | None = None):
        super().__init__(uri)
        try:
            import neo4j
        except ImportError as exc:  # pragma: no cover - neo4j is a dependency
            raise StoreError("the neo4j driver is not installed", hint="pip install neo4j") from exc
        self._neo4j = neo4j
        # the driver logs connection trouble; the library reports it as a StoreError instead
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
        self.database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=auth if auth is not None else neo4j_auth())
            self.driver.verify_connectivity()
        except Exception as exc:  # the driver raises several families (auth, service, config)
            raise StoreError(f"cannot connect to Neo4j at {uri}: {exc}") from exc

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[tuple]:
        try:
            records, _, _ = self.driver.execute_query(query, params or {}, database_=self.database)
        except self._neo4j.exceptions.Neo4jError as exc:
            raise StoreError(f"Neo4j statement failed: {exc}") from exc
        except self._neo4j.exceptions.DriverError as exc:
            raise StoreError(f"Neo4j connection failed: {exc}") from exc
        return [tuple(r.values()) for r in records]

    @contextmanager
    def transaction(self) -> Iterator[Runner]:
        errors = (self._neo4j.exceptions.Neo4jError, self._neo4j.exceptions.DriverError)
        try:
            with self.driver.session(database=self.database) as session:
                tx = session.begin_transaction()
                try:
                    yield _TxRunner(tx)
                except BaseException:
                    tx.rollback()
                    raise
                tx.commit()
        except errors as exc:
            raise StoreError(f"Neo4j write failed and was rolled back: {exc}") from exc

    def ensure_schema(self, unique: list[tuple[str, str]], indexes: list[tuple[str, str]]) -> None:
        for label, prop in unique:
            name = f"ansvar_{check_label(label).lower()}_{check_property(prop)}"
            self.run(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE")
        for label, prop in indexes:
            name = f"ansvar_{check_label(label).lower()}_{check_property(prop)}_idx"
            self.run(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
        self.run("CALL db.awaitIndexes(300)")

    def close(self) -> None:
        self.driver.close()


class _TxRunner:
    def __init__(self, tx: Any):
        self.tx = tx

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[tuple]:
        return [tuple(r.values()) for r in self.tx.run(query, params or {})]


# -- FalkorDB ---------------------------------------------------------------------------


class FalkorConnection(Connection):
    """FalkorDB: a server (``falkordb://host:port/graph``) or embedded (falkordblite file)."""

    dialect = "falkordb"

    def __init__(self, db: Any, graph: str, description: str, owns: bool = True):
        super().__init__(description)
        self.db = db
        self.owns = owns  # close the client (and an embedded server) on close
        self.graph_name = graph
        self.graph = db.select_graph(graph)
        import redis

        self._errors = (redis.exceptions.RedisError,)

    @classmethod
    def server(
        cls, host: str, port: int, graph: str, username: str | None = None, password: str | None = None
    ) -> FalkorConnection:
        try:
            from falkordb import FalkorDB
        except ImportError as exc:
            raise StoreError("the falkordb client is not installed", hint="pip install falkordb") from exc
        try:
            db = FalkorDB(host=host, port=port, username=username, password=password)
            db.connection.ping()
        except Exception as exc:  # redis raises ConnectionError, AuthenticationError, …
            raise StoreError(f"cannot connect to FalkorDB at {host}:{port}: {exc}") from exc
        return cls(db, graph, f"falkordb://{host}:{port}/{graph}")

    @classmethod
    def embedded(cls, path: str, graph: str = "ansvar") -> FalkorConnection:
        try:
            from redislite.falkordb_client import FalkorDB
        except ImportError as exc:
            raise StoreError(
                "falkordblite is not installed (it needs Python >= 3.12)", hint="pip install falkordblite"
            ) from exc
        try:
            db = FalkorDB(path)
        except Exception as exc:  # the embedded server failed to start
            raise StoreError(f"cannot open the FalkorDB file {path}: {exc}") from exc
        return cls(db, graph, f"falkordblite:{path}")

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[tuple]:
        try:
            result = self.graph.query(query, params or None)
        except self._errors as exc:
            raise StoreError(f"FalkorDB statement failed: {exc}") from exc
        return [tuple(row) for row in result.result_set]

    def ensure_schema(self, unique: list[tuple[str, str]], indexes: list[tuple[str, str]]) -> None:
        existing = self._indexed()
        for label, prop in [*unique, *indexes]:
            if (check_label(label), check_property(prop)) not in existing:
                self.run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                existing.add((label, prop))
        constraints = self._constraints()
        for label, prop in unique:
            if (label, prop) not in constraints:
                try:
                    self.db.connection.execute_command(
                        "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", label, "PROPERTIES", 1, prop
                    )
                except self._errors as exc:
                    raise StoreError(f"cannot create the unique constraint on {label}.{prop}: {exc}") from exc

    def _indexed(self) -> set[tuple[str, str]]:
        out = set()
        for row in self.run("CALL db.indexes()"):
            label, props = row[0], row[1]
            out |= {(label, p) for p in props}
        return out

    def _constraints(self) -> set[tuple[str, str]]:
        try:
            rows = self.run("CALL db.constraints()")
        except StoreError:
            return set()
        out = set()
        for row in rows:
            kind, label, props = row[0], row[1], row[2]
            if str(kind).lower() == "unique" and len(props) == 1:
                out.add((label, props[0]))
        return out

    def delete_graph(self) -> None:
        """Remove the whole graph (its data, indexes and constraints)."""
        with contextlib.suppress(*self._errors):  # no such graph yet
            self.graph.delete()
        self.graph = self.db.select_graph(self.graph_name)

    def close(self) -> None:
        if not self.owns:
            return
        with contextlib.suppress(Exception):  # closing is best effort
            self.db.close() if hasattr(self.db, "close") else self.db.connection.close()
