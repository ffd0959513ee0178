"""neo4j-admin: node and relationship CSVs for ``neo4j-admin database import full`` (Neo4j 5).

Writes ``nodes.csv``, ``relationships.csv`` and ``README.txt`` (the command line that loads
them) into a folder, or into a zip when ``out`` ends in ``.zip`` or is a stream. Headers
are Neo4j 5's: ``id:ID`` and ``:LABEL`` for nodes, ``:START_ID``, ``:END_ID`` and ``:TYPE``
for relationships, typed columns (``negated:boolean``, ``confidence:float``) and typed
arrays (``aliases:string[]``, ``quotes:string[]``, ``documents:string[]``). Arrays and
multiple labels are separated by U+001F, a character the export strips from every value,
so no element can contain it; the import therefore needs ``--array-delimiter=U+001F``
and, since quotes span lines, ``--multiline-fields=true``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import IO, Any, ClassVar

from graph.export.attributes import EDGE_FIELDS, NODE_FIELDS
from graph.export.csvfiles import CSVExporter
from graph.export.labels import node_labels, relationship_type
from graph.export.sink import open_path

ARRAY = "\x1f"
NODE_HEADER = ["id:ID", ":LABEL", *(f"{f}:string[]" if kind is list else f for f, kind in NODE_FIELDS.items())]
EDGE_COLUMNS = [f for f in EDGE_FIELDS if f not in ("evidence",)]
_TYPED = {"negated": "negated:boolean", "confidence": "confidence:float"}
EDGE_HEADER = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "id",
    *(_TYPED.get(f, f) for f in EDGE_COLUMNS),
    "evidence",
    "quotes:string[]",
    "documents:string[]",
]
COMMAND = (
    "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv "
    "--array-delimiter=U+001F --multiline-fields=true --overwrite-destination=true neo4j"
)
README = f"""Ansvarskarta: the responsibility graph as CSV for neo4j-admin (Neo4j 5).

Stop the database, then, from this folder (or give the files' paths):

    {COMMAND}

and start it again; or name another database in place of the last word (then
CREATE DATABASE it). Nodes are :Entity plus their type's label (:Board, :Person, :Issue …),
every claim is a relationship typed by its predicate (:RESPONSIBLE_FOR …) with its id,
its fields, its best confidence, its evidence as JSON text and the quotes and document ids
as string arrays. Arrays and labels are separated by U+001F; quotes may span lines.
Then, for lookups by id: CREATE CONSTRAINT ansvar_entity_id FOR (n:Entity) REQUIRE n.id IS UNIQUE;
"""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ARRAY.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


class Neo4jAdminExporter(CSVExporter):
    """nodes.csv, then relationships.csv, then README.txt; folder or zip as the CSV export."""

    name = "neo4j-admin"
    extension = "zip"
    media_type = "application/zip"
    TABLES: ClassVar[dict[str, tuple[str, list[str]]]] = {
        "nodes.csv": ("nodes.csv", NODE_HEADER),
        "edges.csv": ("relationships.csv", EDGE_HEADER),
    }

    def _open(self, name: str) -> IO[bytes]:
        if self.zip is not None:
            return self.zip.open(name, "w")
        assert self.folder is not None  # no zip: a folder
        path = self.folder / name
        self.created.append(path)
        return open_path(path)

    def _table(self, name: str, columns: list[str]) -> tuple[IO[str], Any]:
        name, header = self.TABLES[name]
        handle = io.TextIOWrapper(self._open(name), encoding="utf-8", newline="")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        return handle, writer

    def write_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        labels = node_labels(attrs.get("type"))
        self.writer.writerow([node_id, ARRAY.join(labels), *(_cell(attrs.get(f)) for f in NODE_FIELDS)])

    def write_edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        self._start_edges()
        evidence = attrs.get("evidence", [])
        self.writer.writerow(
            [
                source,
                target,
                relationship_type(attrs["predicate"]),
                edge_id,
                *(_cell(attrs.get(f)) for f in EDGE_COLUMNS),
                json.dumps(evidence, ensure_ascii=False, separators=(",", ":")) if evidence else "",
                _cell([e["quote"] for e in evidence if e.get("quote")]),
                _cell(sorted({e["document"] for e in evidence if e.get("document")})),
            ]
        )

    def finalize(self) -> None:
        self._start_edges()
        self.handle.close()
        with self._open("README.txt") as fh:
            fh.write(README.encode("utf-8"))
        self._close()
