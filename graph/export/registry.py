"""The export formats by name; a new format is one more entry here.

>>> sorted(EXPORTERS)
['csv', 'gexf', 'graphml', 'json']
>>> exporter_class("graphml").extension
'graphml'
"""
from __future__ import annotations

from graph.errors import UnknownFormat
from graph.export.base import Exporter
from graph.export.csvfiles import CSVExporter
from graph.export.gexf import GEXFExporter
from graph.export.graphml import GraphMLExporter
from graph.export.nodelink import NodeLinkExporter

EXPORTERS: dict[str, type[Exporter]] = {
    "json": NodeLinkExporter,
    "graphml": GraphMLExporter,
    "gexf": GEXFExporter,
    "csv": CSVExporter,
}


def exporter_class(fmt: str) -> type[Exporter]:
    """The exporter of format ``fmt``, or UnknownFormat naming the known ones."""
    try:
        return EXPORTERS[fmt.lower()]
    except KeyError:
        raise UnknownFormat(f"unknown export format {fmt!r}", expected="one of " + ", ".join(EXPORTERS)) from None
