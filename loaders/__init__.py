"""Loaders: turn users' files (structured descriptions, claims CSV, prose) into SourceBatches.

``load_file`` picks the loader by suffix from the registry (loaders/registry.py):
.yaml/.yml/.json are organisation descriptions, .csv is one claim per row, .txt/.md/.html/
.pdf/.docx are prose documents read by loaders/reading and extracted by loaders/extract. Other loaders
register themselves here the same way, by ``"module:function"`` so that they are imported
only when a file needs them.
"""

from loaders.prose import PROSE_SUFFIXES
from loaders.registry import (
    iter_source_files,
    load_file,
    loader_for,
    register_loader,
    supported_suffixes,
    unregister_loader,
)

register_loader((".yaml", ".yml", ".json"), "loaders.structured.description:load_description")
register_loader(".csv", "loaders.structured.claims_csv:load_claims_csv")
register_loader(PROSE_SUFFIXES, "loaders.prose:load_prose")

__all__ = ["iter_source_files", "load_file", "loader_for", "register_loader", "supported_suffixes", "unregister_loader"]
