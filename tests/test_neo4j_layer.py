"""The Neo4j side of the connection layer, against a stand-in for the official driver.

No Neo4j server installs from the registries these machines reach, so what is Neo4j-only
is checked here without one: the explicit database on every ``execute_query``, one
transaction per source write (rolled back on failure), constraints before indexes, values
only ever as parameters, credentials from the environment. The store's Cypher itself runs
on FalkorDB in the contract suite, and on a real Neo4j when NEO4J_URI is set.
"""

from __future__ import annotations

import pytest

neo4j = pytest.importorskip("neo4j")

from graph.errors import StoreError  # noqa: E402
from graph.model import Claim, Document, Entity, Evidence  # noqa: E402
from graph.store import SourceBatch  # noqa: E402


class FakeTx:
    def __init__(self, log, fail_on=None):
        self.log, self.fail_on, self.state = log, fail_on, "open"

    def run(self, query, params):
        self.log.append(("tx", query, params))
        if self.fail_on and self.fail_on in query:
            raise neo4j.exceptions.ClientError("boom")
        return []

    def commit(self):
        self.state = "committed"

    def rollback(self):
        self.state = "rolled back"


class FakeSession:
    def __init__(self, driver, database):
        self.driver, self.database = driver, database

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def begin_transaction(self):
        tx = FakeTx(self.driver.log, self.driver.fail_on)
        self.driver.transactions.append((self.database, tx))
        return tx


class FakeDriver:
    def __init__(self, uri, auth=None):
        self.uri, self.auth, self.log, self.transactions, self.fail_on = uri, auth, [], [], None

    def verify_connectivity(self):
        pass

    def execute_query(self, query, params, database_=None):
        self.log.append(("auto", query, params, database_))
        return [], None, []

    def session(self, database=None):
        return FakeSession(self, database)

    def close(self):
        pass


@pytest.fixture()
def driver(monkeypatch):
    made = []

    def make(uri, auth=None):
        made.append(FakeDriver(uri, auth))
        return made[-1]

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", make)
    monkeypatch.setenv("NEO4J_AUTH", "neo4j/hemligt")
    monkeypatch.delenv("NEO4J_USER", raising=False)
    return made


def test_location_database_and_credentials(driver):
    from graph.store.cypher import connect

    conn = connect("neo4j://db.example:7687/ansvar")
    d = driver[-1]
    assert (d.uri, d.auth, conn.database) == ("neo4j://db.example:7687", ("neo4j", "hemligt"), "ansvar")
    conn.run("RETURN $x", {"x": 1})
    assert d.log[-1] == ("auto", "RETURN $x", {"x": 1}, "ansvar")
    connect("bolt://u:p%40ss@localhost?database=other")
    assert (driver[-1].auth, driver[-1].uri) == (("u", "p@ss"), "bolt://localhost")


def test_schema_then_one_transaction_per_source_with_values_as_parameters(driver):
    from graph.store.cypher import open_cypher_store

    store = open_cypher_store("neo4j://localhost:7687")
    d = driver[-1]
    schema = [q for kind, q, *_ in d.log if kind == "auto"]
    constraints = [i for i, q in enumerate(schema) if q.startswith("CREATE CONSTRAINT")]
    indexes = [i for i, q in enumerate(schema) if q.startswith("CREATE INDEX")]
    assert constraints and indexes and max(constraints) < min(indexes)
    assert all("IF NOT EXISTS" in q for q in schema if q.startswith("CREATE"))
    assert all(db == "neo4j" for kind, _, _, db in (e for e in d.log if e[0] == "auto"))

    secret = "Hemlig Sträng 'x' \"y\""
    claim = Claim(
        subject="x/ks",
        predicate="responsible_for",
        issue="integration",
        jurisdiction="x",
        evidence=[Evidence(document="d1", quote=secret)],
    )
    d.log.clear()
    store.write(
        SourceBatch(
            source="s.yaml",
            documents=[Document(id="d1", title=secret)],
            entities=[Entity(id="x/ks", name=secret, type="board")],
            claims=[claim],
        )
    )
    assert len(d.transactions) == 1 and d.transactions[0][0] == "neo4j"
    assert d.transactions[0][1].state == "committed"
    queries = [q for kind, q, *_ in d.log]
    assert queries and all(kind == "tx" for kind, *_ in d.log)
    assert not any(secret in q or "s.yaml" in q or "x/ks" in q for q in queries)
    upserts = [q for q in queries if "UNWIND $rows" in q]
    assert upserts.index(next(q for q in upserts if "SUPPORTS" in q)) > upserts.index(
        next(q for q in upserts if "MERGE (e:Evidence" in q)
    )  # nodes before relationships


def test_a_failed_write_is_rolled_back_whole(driver):
    from graph.store.cypher import open_cypher_store

    store = open_cypher_store("neo4j://localhost:7687")
    d = driver[-1]
    d.fail_on = "MERGE (e:Evidence"
    claim = Claim(subject="x/ks", predicate="responsible_for", issue="integration", evidence=[Evidence(document="d1")])
    with pytest.raises(StoreError):
        store.write(SourceBatch(source="s", claims=[claim]))
    assert d.transactions[-1][1].state == "rolled back"
