"""networkx node-link JSON, written as a stream.

The layout is what ``nx.node_link_data(G)`` gives for a MultiDiGraph in networkx 3.6
(``"edges"``, ``"key"``), so ``nx.node_link_graph(json.load(f))`` reads it back as a
MultiDiGraph with the claim ids as edge keys. Lists (aliases, evidence) stay JSON lists.
The gaps of the gap analysis follow as a table, ``"gaps": [...]`` (networkx ignores it).
"""

from __future__ import annotations

import json
from typing import Any

from graph.answers import Gap
from graph.export.attributes import gap_attributes, gap_id
from graph.export.base import GraphExporter
from graph.export.sink import Output, TextSink


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class NodeLinkExporter(GraphExporter):
    """``{"directed": true, "multigraph": true, "graph": {}, "nodes": [...], "edges": [...]}``."""

    name = "json"
    extension = "json"
    media_type = "application/json"

    def __init__(self, out: Output):
        super().__init__(out)
        self.sink = TextSink(out)
        self.sink.write('{"directed":true,"multigraph":true,"graph":{},"nodes":[')
        self.first = True
        self.in_edges = False
        self.gaps: list[dict[str, Any]] = []

    def _item(self, record: dict[str, Any]) -> None:
        self.sink.write(("\n" if self.first else ",\n") + _dump(record))
        self.first = False

    def _start_edges(self) -> None:
        if not self.in_edges:
            self.sink.write('\n],"edges":[')
            self.in_edges, self.first = True, True

    def write_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        self._item({"id": node_id, **attrs})

    def write_edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        self._start_edges()
        self._item({"source": source, "target": target, "key": edge_id, **attrs})

    def write_gap(self, gap: Gap) -> None:
        self.gaps.append({"id": gap_id(gap), **gap_attributes(gap)})

    def finalize(self) -> None:
        self._start_edges()
        self.sink.write('\n],"gaps":[' + ",".join("\n" + _dump(g) for g in self.gaps) + "\n]}\n")
        self.sink.close()

    def abort(self) -> None:
        self.sink.abort()
