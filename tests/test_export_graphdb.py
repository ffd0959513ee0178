"""The Cypher export loaded into a real graph database gives the export's counts and values.

FalkorDB (falkordblite, `make test-graph`), and Neo4j when NEO4J_URI is set; skipped otherwise.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.export import export_store
from graph.export.attributes import clean_text
from graph.export.cypher import literal
from graph.store.cypher.script import run_script
from tests.store_backends import backend_params
from tests.test_export_research import CLAIMS, QUOTE
from tests.test_export_research import store as workspace  # noqa: F401 - the fixture

pytestmark = pytest.mark.parametrize("backend", backend_params("falkordb", "neo4j"), indirect=True)


def test_cypher_export_loads_with_the_same_counts(backend, workspace, tmp_path):
    path = tmp_path / "graph.cypher"
    report = export_store(workspace, "cypher", path)
    conn = backend.open().conn
    conn.run("MATCH (n:Entity) DETACH DELETE n")
    with path.open(encoding="utf-8") as fh:
        assert run_script(conn, fh) >= 3
    assert conn.run("MATCH (n:Entity) RETURN count(n)")[0][0] == report.nodes
    assert conn.run("MATCH (:Entity)-[r]->(:Entity) RETURN count(r)")[0][0] == report.edges == len(CLAIMS)
    assert conn.run("MATCH (n:Board) RETURN count(n)")[0][0] == 3
    (row,) = conn.run(
        "MATCH (a:Entity {id: 'x/ks'})-[r:RESPONSIBLE_FOR]->(i:Issue) "
        "RETURN a.name, a.aliases, r.mode, r.since, r.negated, r.confidence, r.evidence, i.id"
    )
    assert row[:6] == ("Kommunstyrelsen", ["KS", "styrelsen; x"], "leads", "2015", False, 1.0)
    assert QUOTE in __import__("json").loads(row[6])[0]["quote"] and row[7] == "integration"
    # idempotent: running the script again changes nothing
    with path.open(encoding="utf-8") as fh:
        run_script(conn, fh)
    assert conn.run("MATCH (n:Entity) RETURN count(n)")[0][0] == report.nodes
    assert conn.run("MATCH (:Entity)-[r]->(:Entity) RETURN count(r)")[0][0] == report.edges
    conn.run("MATCH (n:Entity) DETACH DELETE n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=40))
def test_cypher_literals_read_back_as_written(backend, text):
    """Every string the export writes as a Cypher literal reads back as the cleaned string."""
    conn = backend.open().conn
    cleaned = clean_text(text)
    assert conn.run(f"RETURN {literal(cleaned)}")[0][0] == cleaned
