"""The loader of prose documents (.txt .md .html .pdf .docx): read, extract, one batch.

Registered in ``loaders/__init__.py`` for every suffix the reader knows, so ``ansvar ingest``
takes documents beside descriptions. Reading errors (binary, empty, too large, encrypted or
image-only PDF, zip bomb) are ``InputError`` naming the file; nothing is returned for a file
that fails, so nothing partial of it can be stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.store.base import SourceBatch
from loaders.formats import FORMATS

# The suffixes this loader is registered for: every format the reader knows. This module
# imports the reader and spaCy only when a file is loaded.
PROSE_SUFFIXES = tuple(FORMATS)


def extract_document(path: Path | str, *, default_jurisdiction: str | None = None, max_bytes: int | None = None):
    """Read ``path`` and run the extractor on its text: an ``Extraction``.

    ``max_bytes`` is the size limit of the file (default: the reader's, 20 MB).
    """
    from loaders.extract import extract
    from loaders.reading import DEFAULT_MAX_BYTES, read_document

    doc = read_document(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    extraction = extract(
        doc.text,
        doc_id=doc.id,
        title=doc.title,
        published=doc.published_date,
        default_jurisdiction=default_jurisdiction,
        paragraphs=list(doc.paragraphs),
    )
    extraction.document.origin = extraction.document.origin or doc.origin
    return extraction


def load_prose(
    path: Path, *, default_jurisdiction: str | None = None, max_bytes: int | None = None, **_options: Any
) -> SourceBatch:
    """One document as a SourceBatch: its text, entities and claims with evidence."""
    from loaders.extract import extraction_to_batch

    extraction = extract_document(path, default_jurisdiction=default_jurisdiction, max_bytes=max_bytes)
    return extraction_to_batch(extraction, source=str(Path(path).resolve()))
