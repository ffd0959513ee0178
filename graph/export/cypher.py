"""Cypher: a script that loads the graph into an empty Neo4j 5 (``cypher-shell -f``).

The unique constraint on ``Entity.id`` comes first, then the nodes and then the claims,
each as ``UNWIND [ … ] AS row MERGE …`` statements of up to ``BATCH`` rows, grouped by
label or relationship type (both from the vocabulary: graph/export/labels.py). One
statement per line, each ending in ``;``; values are Cypher literals (strings escaped,
everything non-ASCII written as it is, UTF-8). Node and edge properties are the export's
attributes (graph/export/attributes.py): lists of strings stay lists (``aliases``), the
evidence is JSON text, ``negated`` a boolean and ``confidence`` a float. Statements MERGE
on ids, so running the script twice changes nothing.

>>> literal("l'ä\\\\b\\n"), literal(True), literal(["a", 1.5])
("'l\\\\'ä\\\\\\\\b\\\\n'", 'true', "['a', 1.5]")
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from graph.export.attributes import EDGE_FIELDS, NODE_FIELDS
from graph.export.base import GraphExporter
from graph.export.labels import BASE_LABEL, node_labels, relationship_type
from graph.export.sink import Output, TextSink

BATCH = 500
CONSTRAINT = f"CREATE CONSTRAINT ansvar_entity_id IF NOT EXISTS FOR (n:{BASE_LABEL}) REQUIRE n.id IS UNIQUE;"
HEADER = """// Ansvarskarta: the responsibility graph as Cypher, for an empty Neo4j 5 database.
//   cypher-shell -a neo4j://localhost:7687 -u neo4j -p PASSWORD -f ansvarskarta.cypher
// Nodes are :Entity plus their type (:Board, :Person, :Issue …); every claim is a relationship
// typed by its predicate (:RESPONSIBLE_FOR …) with its evidence as JSON text.
"""


def literal(value: Any) -> str:
    """``value`` as a Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = (
            value.replace("\\", "\\\\")
            .replace("'", "\\'")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        return f"'{escaped}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _props(attrs: dict[str, Any], fields: dict[str, type]) -> dict[str, Any]:
    """Properties Neo4j can hold: lists of strings as they are, anything nested as JSON text."""
    out: dict[str, Any] = {}
    for name in fields:
        if name not in attrs:
            continue
        value = attrs[name]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[name] = value
        elif isinstance(value, (list, dict)):
            out[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            out[name] = value
    return out


class CypherExporter(GraphExporter):
    """Writes the script while the graph streams through, one batch at a time."""

    name = "cypher"
    extension = "cypher"
    media_type = "application/x-cypher-query"

    def __init__(self, out: Output):
        super().__init__(out)
        self.sink = TextSink(out)
        self.sink.write(HEADER + CONSTRAINT + "\n")
        self.nodes: dict[tuple[str, ...], list[dict]] = defaultdict(list)
        self.edges: dict[str, list[dict]] = defaultdict(list)
        self.statements = 1

    def write_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        labels = tuple(node_labels(attrs.get("type")))
        rows = self.nodes[labels]
        rows.append({"id": node_id, "props": _props(attrs, NODE_FIELDS)})
        if len(rows) >= BATCH:
            self._flush_nodes(labels)

    def _flush_nodes(self, labels: tuple[str, ...]) -> None:
        rows = self.nodes.pop(labels, [])
        if rows:
            extra = "".join(f", n:{label}" for label in labels[1:])
            self.sink.write(
                f"UNWIND {literal(rows)} AS row MERGE (n:{labels[0]} {{id: row.id}}) SET n += row.props{extra};\n"
            )
            self.statements += 1

    def write_edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        for labels in list(self.nodes):
            self._flush_nodes(labels)
        rel = relationship_type(attrs["predicate"])
        rows = self.edges[rel]
        rows.append({"id": edge_id, "source": source, "target": target, "props": _props(attrs, EDGE_FIELDS)})
        if len(rows) >= BATCH:
            self._flush_edges(rel)

    def _flush_edges(self, rel: str) -> None:
        rows = self.edges.pop(rel, [])
        if rows:
            self.sink.write(
                f"UNWIND {literal(rows)} AS row MATCH (a:{BASE_LABEL} {{id: row.source}}) "
                f"MATCH (b:{BASE_LABEL} {{id: row.target}}) MERGE (a)-[r:{rel} {{id: row.id}}]->(b) "
                "SET r += row.props;\n"
            )
            self.statements += 1

    def finalize(self) -> None:
        for labels in list(self.nodes):
            self._flush_nodes(labels)
        for rel in list(self.edges):
            self._flush_edges(rel)
        self.sink.close()

    def abort(self) -> None:
        self.sink.abort()
