"""Run a Cypher script (the ``cypher`` export) on a connection, one statement per line.

Neo4j runs every statement as written. FalkorDB declares constraints its own way, so a
``CREATE CONSTRAINT … FOR (n:Label) REQUIRE n.prop IS UNIQUE`` line goes through the
connection layer's schema call there (an index, then FalkorDB's unique constraint).
Comment lines (``//``) and blank lines are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.errors import StoreError
from graph.store.cypher.connection import Connection

_CONSTRAINT = re.compile(r"^CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE;$")


def run_script(conn: Connection, lines: Iterable[str]) -> int:
    """Run each statement; returns how many ran."""
    count = 0
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("//"):
            continue
        if not line.endswith(";"):
            raise StoreError(f"not a one-line Cypher statement: {line[:80]!r}")
        match = _CONSTRAINT.match(line)
        if match and conn.dialect == "falkordb":
            conn.ensure_schema([(match.group(1), match.group(2))], [])
        else:
            conn.run(line[:-1])
        count += 1
    return count
