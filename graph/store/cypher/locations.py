"""Which locations name a Cypher database, and how to connect to each.

- ``neo4j://host:7687``, ``neo4j+s://…``, ``bolt://…``, ``bolt+s://…`` (optionally
  ``/database`` or ``?database=name``; else $NEO4J_DATABASE, else ``neo4j``), credentials
  from NEO4J_USER and NEO4J_PASSWORD, or NEO4J_AUTH as ``user/password``;
- ``falkordb://[user:password@]host:6379[/graph]`` — a FalkorDB server (graph ``ansvar``
  unless named); credentials may also come from FALKORDB_USER / FALKORDB_PASSWORD;
- ``falkordblite:PATH`` (or ``falkordblite:///abs/path``) — embedded FalkorDB in a file
  (falkordblite, Python >= 3.12).

>>> is_cypher_location("neo4j://localhost:7687"), is_cypher_location("falkordblite:/tmp/g.db")
(True, True)
>>> is_cypher_location("ansvar.db")
False
>>> parse_falkordb("falkordb://u:p@db.example:6380/work")
('db.example', 6380, 'work', 'u', 'p')
>>> lite_path("falkordblite:///tmp/x.db"), lite_path("falkordblite:rel/x.db")
('/tmp/x.db', 'rel/x.db')
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit

from graph.errors import StoreError
from graph.store.cypher.connection import Connection, FalkorConnection, Neo4jConnection

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
FALKOR_SCHEMES = ("falkordb", "redis")
LITE_SCHEME = "falkordblite"


def scheme(location: str) -> str:
    return location.split(":", 1)[0].lower() if ":" in location else ""


def is_cypher_location(location: str | None) -> bool:
    return bool(location) and scheme(location or "") in (*NEO4J_SCHEMES, *FALKOR_SCHEMES, LITE_SCHEME)


def parse_falkordb(location: str) -> tuple[str, int, str, str | None, str | None]:
    parts = urlsplit(location)
    graph = parts.path.strip("/") or "ansvar"
    user = unquote(parts.username) if parts.username else os.environ.get("FALKORDB_USER")
    password = unquote(parts.password) if parts.password else os.environ.get("FALKORDB_PASSWORD")
    return parts.hostname or "localhost", parts.port or 6379, graph, user, password


def lite_path(location: str) -> str:
    rest = location.split(":", 1)[1]
    return rest[2:] if rest.startswith("//") else rest


def connect(location: str) -> Connection:
    """A connection to the database at ``location`` (StoreError when it cannot be reached)."""
    kind = scheme(location)
    if kind in NEO4J_SCHEMES:
        parts = urlsplit(location)
        database = parse_qs(parts.query).get("database", [None])[0] or parts.path.strip("/") or None
        base = f"{parts.scheme}://{parts.hostname or 'localhost'}" + (f":{parts.port}" if parts.port else "")
        auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        return Neo4jConnection(base, database=database, auth=auth)
    if kind in FALKOR_SCHEMES:
        host, port, graph, user, password = parse_falkordb(location)
        return FalkorConnection.server(host, port, graph, user, password)
    if kind == LITE_SCHEME:
        path = lite_path(location)
        if not path:
            raise StoreError(f"no file in {location!r}", hint="falkordblite:PATH")
        return FalkorConnection.embedded(path)
    raise StoreError(
        f"not a graph database location: {location!r}",
        hint="neo4j://host:7687, falkordb://host:6379 or falkordblite:FILE",
    )
