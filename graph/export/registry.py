"""The export formats by name; a new format is one more entry here.

>>> sorted(EXPORTERS)
['csv', 'cypher', 'ftm', 'gexf', 'graphml', 'json', 'neo4j-admin', 'sqlite']
>>> exporter_class("graphml").extension
'graphml'
"""

from __future__ import annotations

from graph.errors import UnknownFormat
from graph.export.base import Exporter
from graph.export.csvfiles import CSVExporter
from graph.export.cypher import CypherExporter
from graph.export.ftm import FtMExporter
from graph.export.gexf import GEXFExporter
from graph.export.graphml import GraphMLExporter
from graph.export.neo4j_admin import Neo4jAdminExporter
from graph.export.nodelink import NodeLinkExporter
from graph.export.sqlitedb import SQLiteExporter

EXPORTERS: dict[str, type[Exporter]] = {
    "json": NodeLinkExporter,
    "graphml": GraphMLExporter,
    "gexf": GEXFExporter,
    "csv": CSVExporter,
    "cypher": CypherExporter,
    "neo4j-admin": Neo4jAdminExporter,
    "ftm": FtMExporter,
    "sqlite": SQLiteExporter,
}


def exporter_class(fmt: str) -> type[Exporter]:
    """The exporter of format ``fmt``, or UnknownFormat naming the known ones."""
    try:
        return EXPORTERS[fmt.lower()]
    except KeyError:
        raise UnknownFormat(f"unknown export format {fmt!r}", expected="one of " + ", ".join(EXPORTERS)) from None
