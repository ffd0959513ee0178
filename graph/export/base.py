"""The exporter protocol: entities and claims go in one at a time, a file comes out.

In the manner of followthemoney's exporters: an exporter is made with its output, receives
``write_entity`` for every node and then ``write_claim`` for every edge (``export_store``
guarantees that every node comes before the first edge, so streaming formats can write
their node section first), and ``finalize`` finishes the file. ``abort`` gives up and
leaves nothing half-written.

``GraphExporter`` is the base of the property-graph formats (node-link JSON, GraphML,
GEXF, CSV, and later Cypher and neo4j-admin CSV): it turns records into a node id with
attributes and an edge id, source, target and attributes (graph/export/attributes.py), and
its subclasses only write those. An exporter that needs the records themselves (the
FollowTheMoney one) subclasses ``Exporter`` directly.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel

from graph.answers import Gap
from graph.export.attributes import clean_text, edge_attributes, gap_attributes, gap_id, node_attributes
from graph.export.sink import Output
from graph.model import Document, Entity, Evidence
from graph.store.base import ClaimRow


def bare_entity(node_id: str, type_: str | None = None) -> Entity:
    """A node no stored record describes (a claim names it): its id as its name, and the
    type the caller knows (an issue) or none. Built without validation: a bare id may have
    no type at all."""
    fields: dict[str, Any] = dict(
        id=node_id, name=node_id, type=type_, jurisdiction=None, aliases=[], role=None, affiliation=None
    )
    return Entity.model_construct(**fields)


class ExportReport(BaseModel):
    """What an export wrote."""

    format: str
    nodes: int = 0
    edges: int = 0
    evidence: int = 0
    gaps: int = 0


class Exporter:
    """Receives the graph's entities, then its claims, and writes them to ``out``."""

    name: ClassVar[str] = ""
    extension: ClassVar[str] = ""
    media_type: ClassVar[str] = "application/octet-stream"

    def __init__(self, out: Output):
        self.out = out
        # the metadata of the documents the evidence written so far points into (export_store
        # fills it before each chunk of claims), so that evidence carries its citation
        self.document_info: dict[str, Document] = {}

    def write_entity(self, entity: Entity) -> None:
        """One node. Every entity comes before the first claim."""
        raise NotImplementedError

    def write_claim(self, claim: ClaimRow, evidence: list[Evidence]) -> None:
        """One claim with its evidence."""
        raise NotImplementedError

    def write_gap(self, gap: Gap) -> None:
        """One gap of the gap analysis; every gap comes after the entities and before the first
        claim. A format without a place for gaps leaves them out."""

    def documents_needed(self) -> set[str]:
        """Ids of the documents this exporter wants (``write_document``) after the last claim."""
        return set()

    def write_document(self, document: Document) -> None:
        """One document's metadata (without its text), for a format that describes sources."""

    def finalize(self) -> None:
        """Finish and close the output."""

    def abort(self) -> None:
        """Stop after a failure: close the output and remove a file this exporter created."""


class GraphExporter(Exporter):
    """An exporter of nodes and edges with the attribute sets of graph/export/attributes.py."""

    def __init__(self, out: Output):
        super().__init__(out)
        self.edges_started = False

    def write_entity(self, entity: Entity) -> None:
        if self.edges_started:
            raise RuntimeError("export order: every entity must be written before the first claim")
        self.write_node(clean_text(entity.id), node_attributes(entity))

    def write_claim(self, claim: ClaimRow, evidence: list[Evidence]) -> None:
        """The claim as an edge from its subject to its object, or to its issue when it has none."""
        target = claim.object or claim.issue
        if target is None:
            return
        self.edges_started = True
        self.write_edge(
            clean_text(claim.id),
            clean_text(claim.subject),
            clean_text(target),
            edge_attributes(claim, evidence, self.document_info),
        )

    def write_gap(self, gap: Gap) -> None:
        """A gap as a node of type "gap" (GraphML, GEXF); the table formats override this."""
        if self.edges_started:
            raise RuntimeError("export order: every gap must be written before the first claim")
        self.write_gap_node(clean_text(gap_id(gap)), gap_attributes(gap))

    def write_gap_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        """Write one gap node; a format that has no gap nodes leaves this out."""

    def write_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        """Write one node with its plain attributes."""
        raise NotImplementedError

    def write_edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        """Write one edge with its plain attributes."""
        raise NotImplementedError
