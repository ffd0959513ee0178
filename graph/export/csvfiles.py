"""CSV: ``nodes.csv`` and ``edges.csv`` (UTF-8, header row), in a folder or a zip.

``out`` is a folder path, or a path ending in ``.zip``, or a binary stream (written as a
zip). Columns are ``id`` and the node attributes, and ``id,source,target`` and the edge
attributes (graph/export/attributes.py); lists are JSON text, booleans ``true``/``false``,
missing values empty cells. ``gaps.csv`` is the gap analysis's table: one row a gap, with
the ids of its claims and its evidence (each piece with its document's title and date).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import IO, Any

from graph.answers import Gap
from graph.errors import InputError
from graph.export.attributes import EDGE_FIELDS, GAP_FIELDS, NODE_FIELDS, gap_attributes, gap_id, scalar_attributes
from graph.export.base import GraphExporter
from graph.export.sink import Output, is_path, open_path

NODE_COLUMNS = ["id", *NODE_FIELDS]
EDGE_COLUMNS = ["id", "source", "target", *EDGE_FIELDS]
GAP_COLUMNS = ["id", *(f for f in GAP_FIELDS if f not in ("type", "name"))]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else repr(value)


class CSVExporter(GraphExporter):
    """Two tables, nodes then edges, written one after the other."""

    name = "csv"
    extension = "zip"
    media_type = "application/zip"

    def __init__(self, out: Output):
        super().__init__(out)
        self.folder: Path | None = None
        self.zip: zipfile.ZipFile | None = None
        self.zip_file: IO[bytes] | None = None
        self.created: list[Path] = []
        if is_path(out) and Path(out).suffix.lower() != ".zip":
            self.folder = Path(out)
        else:
            if not is_path(out) and not hasattr(out, "write"):
                raise InputError(
                    f"cannot write an export to {type(out).__name__}",
                    expected="a folder, a .zip path or a binary stream",
                )
            self.zip_file = open_path(Path(out)) if is_path(out) else None
            target = self.zip_file or out
            self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self.handle, self.writer = self._table("nodes.csv", NODE_COLUMNS)
        self.in_edges = False
        self.gaps: list[Gap] = []

    def _table(self, name: str, columns: list[str]) -> tuple[IO[str], Any]:
        if self.zip is not None:
            binary = self.zip.open(name, "w")
        else:
            assert self.folder is not None  # no zip: a folder
            path = self.folder / name
            binary = open_path(path)
            self.created.append(path)
        handle = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        writer = csv.writer(handle)
        writer.writerow(columns)
        return handle, writer

    def write_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        values = scalar_attributes(attrs, NODE_FIELDS)
        self.writer.writerow([node_id, *(_cell(values[f]) if f in values else "" for f in NODE_FIELDS)])

    def _start_edges(self) -> None:
        if not self.in_edges:
            self.handle.close()
            self.handle, self.writer = self._table("edges.csv", EDGE_COLUMNS)
            self.in_edges = True

    def write_edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        self._start_edges()
        values = scalar_attributes(attrs, EDGE_FIELDS)
        self.writer.writerow([edge_id, source, target, *(_cell(values[f]) if f in values else "" for f in EDGE_FIELDS)])

    def write_gap(self, gap: Gap) -> None:
        self.gaps.append(gap)

    def finalize(self) -> None:
        self._start_edges()
        self.handle.close()
        self.handle, self.writer = self._table("gaps.csv", GAP_COLUMNS)
        for gap in self.gaps:
            values = scalar_attributes(gap_attributes(gap), GAP_FIELDS)
            self.writer.writerow([gap_id(gap), *(_cell(values[f]) if f in values else "" for f in GAP_COLUMNS[1:])])
        self._close()

    def _close(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        if self.zip is not None:
            self.zip.close()
        if self.zip_file is not None:
            self.zip_file.close()

    def abort(self) -> None:
        try:
            self._close()
        finally:
            for path in self.created:
                path.unlink(missing_ok=True)
            if self.zip_file is not None and is_path(self.out):  # a .zip file we created
                Path(self.out).unlink(missing_ok=True)
