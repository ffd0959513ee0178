"""Word .docx: body paragraphs and table cells in document order (python-docx).

The zip is checked for bombs before python-docx opens it. Page headers and footers are left
out (like navigation on a web page). The title is the document property "Title", else the
first paragraph in a Title or Heading style, else the first short line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from graph.errors import InputError
from loaders.reading.document import TextDocument, make_document
from loaders.reading.files import check_file, read_head, too_large
from loaders.reading.zip_guard import check_zip

# The unpacked parts may be this many times the size limit of the .docx file itself.
UNPACKED_PER_BYTE = 10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TITLE_STYLES = ("title", "heading 1", "rubrik", "rubrik 1")


def read_docx(path: Path, *, max_bytes: int) -> TextDocument:
    """A .docx file as a ``TextDocument`` (format "docx")."""
    name = str(path)
    check_file(path, max_bytes)
    if read_head(path) == _OLE_MAGIC:
        raise InputError(
            "an old binary Word (.doc) file, not .docx",
            file=name,
            expected="a .docx file",
            hint="open it in Word or LibreOffice and save as .docx",
        )
    check_zip(path, max_unpacked=UNPACKED_PER_BYTE * max_bytes)
    try:
        document = docx.Document(str(path))
        paragraphs = [p for p in _paragraphs(document) if p.text.strip()]
        texts = [p.text for p in paragraphs]
        properties = document.core_properties
        title = properties.title or _styled_title(paragraphs)
        published = properties.created.isoformat() if properties.created else None
    except InputError:
        raise
    except Exception as exc:
        raise InputError(
            f"not a readable .docx ({type(exc).__name__}: {exc})", file=name, expected="a Word document saved as .docx"
        ) from None
    size = sum(len(t) for t in texts)
    if size > max_bytes:
        raise too_large(path, size, max_bytes, what="text of the document")
    return make_document("\n\n".join(texts), origin=name, format="docx", title=title, published=published)


def _paragraphs(document: WordDocument) -> Iterator[Paragraph]:
    """Body paragraphs and the paragraphs of table cells (merged cells once), in order."""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        else:
            yield from _table_paragraphs(block)


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    seen: set[object] = set()  # the cells' XML elements: a merged cell appears in several rows/columns
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            for block in cell.iter_inner_content():
                if isinstance(block, Paragraph):
                    yield block
                else:
                    yield from _table_paragraphs(block)


def _styled_title(paragraphs: list[Paragraph]) -> str | None:
    for paragraph in paragraphs[:10]:
        style = paragraph.style.name.lower() if paragraph.style is not None and paragraph.style.name else ""
        if style in _TITLE_STYLES:
            return paragraph.text
    return None
