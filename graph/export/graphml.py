"""GraphML for networkx (``nx.read_graphml``), Gephi, yEd and Cytoscape, written as a stream.

Each attribute is declared once with its one type (graph/export/attributes.py); nodes and
edges carry a ``label`` too (an entity's name, a claim's predicate), which Gephi shows.
Edge ids are claim ids, which networkx reads back as the multigraph keys; each edge also
carries its claim id as data (``claim_id``), which igraph keeps. Gaps are nodes of type
"gap" with their kind, severity, summary, claims and evidence (graph/export/attributes.py).
"""

from __future__ import annotations

from typing import Any

from graph.export.attributes import EDGE_FIELDS, GAP_FIELDS, NODE_FIELDS, scalar_attributes
from graph.export.base import GraphExporter
from graph.export.sink import Output, TextSink
from graph.export.xmlwrite import XML_DECLARATION, XML_TYPES, xml_attr, xml_text, xml_value

_HEADER = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
NODE_KEYS = {"label": str, **NODE_FIELDS, **GAP_FIELDS}
# "claim_id" repeats the edge's id as data: igraph reads an edge's XML id into the same "id"
# attribute as the vertices' ids and loses it; a data key it keeps.
EDGE_KEYS = {"label": str, "claim_id": str, **EDGE_FIELDS}


def _keys(scope: str, fields: dict[str, type]) -> str:
    prefix = scope[0]
    return "".join(
        f'<key id="{prefix}_{name}" for="{scope}" attr.name="{name}" attr.type="{XML_TYPES[kind]}"/>\n'
        for name, kind in fields.items()
    )


def _data(prefix: str, values: dict[str, Any]) -> str:
    return "".join(f'<data key="{prefix}_{k}">{xml_text(xml_value(v))}</data>' for k, v in values.items())


class GraphMLExporter(GraphExporter):
    """A directed GraphML graph with typed keys."""

    name = "graphml"
    extension = "graphml"
    media_type = "application/graphml+xml"

    def __init__(self, out: Output):
        super().__init__(out)
        self.sink = TextSink(out)
        self.sink.write(
            XML_DECLARATION
            + _HEADER
            + _keys("node", NODE_KEYS)
            + _keys("edge", EDGE_KEYS)
            + '<graph id="ansvarskarta" edgedefault="directed">\n'
        )

    def write_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        values = scalar_attributes({"label": attrs.get("name", node_id), **attrs}, NODE_KEYS)
        self.sink.write(f'<node id="{xml_attr(node_id)}">{_data("n", values)}</node>\n')

    def write_gap_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        values = scalar_attributes({"label": attrs.get("name", node_id), **attrs}, NODE_KEYS)
        self.sink.write(f'<node id="{xml_attr(node_id)}">{_data("n", values)}</node>\n')

    def write_edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        values = scalar_attributes({"label": attrs.get("predicate", ""), "claim_id": edge_id, **attrs}, EDGE_KEYS)
        self.sink.write(
            f'<edge id="{xml_attr(edge_id)}" source="{xml_attr(source)}" target="{xml_attr(target)}">'
            f"{_data('e', values)}</edge>\n"
        )

    def finalize(self) -> None:
        self.sink.write("</graph>\n</graphml>\n")
        self.sink.close()

    def abort(self) -> None:
        self.sink.abort()
