"""Exports of the graph for other tools: node-link JSON, GraphML, GEXF, CSV, Cypher, neo4j-admin, FtM.

>>> sorted(EXPORTERS)
['csv', 'cypher', 'ftm', 'gexf', 'graphml', 'json', 'neo4j-admin', 'sqlite']

``export_store(store, "graphml", path, jurisdiction="huddinge")`` writes one; a new format
is an ``Exporter`` subclass (graph/export/base.py) registered in graph/export/registry.py.
"""

from __future__ import annotations

from graph.export.base import Exporter, ExportReport, GraphExporter
from graph.export.registry import EXPORTERS, exporter_class
from graph.export.stream import export_store

__all__ = ["EXPORTERS", "ExportReport", "Exporter", "GraphExporter", "export_store", "exporter_class"]
