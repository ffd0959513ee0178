"""GEXF 1.2 for Gephi and networkx (``nx.read_gexf``), written as a stream.

Attributes are declared once per class with their one type; a node's label is its name,
an edge's label its predicate, an edge's id its claim id (networkx's multigraph key). Gaps
are nodes of type "gap" with their kind, severity, summary, claims and evidence.
Nodes and edges sit in separate sections, which ``export_store``'s order (every node
before the first edge) lets us write without holding the graph in memory.
"""

from __future__ import annotations

from typing import Any

from graph.export.attributes import EDGE_FIELDS, GAP_FIELDS, NODE_FIELDS, scalar_attributes
from graph.export.base import GraphExporter
from graph.export.sink import Output, TextSink
from graph.export.xmlwrite import XML_DECLARATION, XML_TYPES, xml_attr, xml_value

_HEADER = (
    '<gexf xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
    "<meta><creator>ansvarskarta</creator></meta>\n"
    '<graph defaultedgetype="directed" mode="static">\n'
)
_NODE_KEYS = {**NODE_FIELDS, **GAP_FIELDS}  # gaps are nodes of type "gap"
_NODE_IDS = {name: str(i) for i, name in enumerate(_NODE_KEYS)}
_EDGE_IDS = {name: str(i) for i, name in enumerate(EDGE_FIELDS)}


def _declare(scope: str, fields: dict[str, type], ids: dict[str, str]) -> str:
    rows = "".join(f'<attribute id="{ids[n]}" title="{n}" type="{XML_TYPES[k]}"/>\n' for n, k in fields.items())
    return f'<attributes class="{scope}" mode="static">\n{rows}</attributes>\n'


def _attvalues(values: dict[str, Any], ids: dict[str, str]) -> str:
    if not values:
        return ""
    inner = "".join(f'<attvalue for="{ids[k]}" value="{xml_attr(xml_value(v))}"/>' for k, v in values.items())
    return f"<attvalues>{inner}</attvalues>"


class GEXFExporter(GraphExporter):
    """A directed, static GEXF 1.2 graph."""

    name = "gexf"
    extension = "gexf"
    media_type = "application/gexf+xml"

    def __init__(self, out: Output):
        super().__init__(out)
        self.sink = TextSink(out)
        self.sink.write(
            XML_DECLARATION
            + _HEADER
            + _declare("node", _NODE_KEYS, _NODE_IDS)
            + _declare("edge", EDGE_FIELDS, _EDGE_IDS)
            + "<nodes>\n"
        )
        self.in_edges = False

    def _start_edges(self) -> None:
        if not self.in_edges:
            self.sink.write("</nodes>\n<edges>\n")
            self.in_edges = True

    def write_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        label = xml_attr(attrs.get("name", node_id))
        values = _attvalues(scalar_attributes(attrs, NODE_FIELDS), _NODE_IDS)
        self.sink.write(f'<node id="{xml_attr(node_id)}" label="{label}">{values}</node>\n')

    def write_gap_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        label = xml_attr(attrs.get("name", node_id))
        values = _attvalues(scalar_attributes(attrs, _NODE_KEYS), _NODE_IDS)
        self.sink.write(f'<node id="{xml_attr(node_id)}" label="{label}">{values}</node>\n')

    def write_edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        self._start_edges()
        values = _attvalues(scalar_attributes(attrs, EDGE_FIELDS), _EDGE_IDS)
        self.sink.write(
            f'<edge id="{xml_attr(edge_id)}" source="{xml_attr(source)}" target="{xml_attr(target)}" '
            f'label="{xml_attr(attrs.get("predicate", ""))}">{values}</edge>\n'
        )

    def finalize(self) -> None:
        self._start_edges()
        self.sink.write("</edges>\n</graph>\n</gexf>\n")
        self.sink.close()

    def abort(self) -> None:
        self.sink.abort()
