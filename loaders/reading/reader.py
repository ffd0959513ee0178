"""``read_document`` (a file → ``TextDocument``) and ``read_text`` (a string → ``TextDocument``).

The format comes from the suffix; the content overrides it where it is unmistakable (a PDF
saved as .txt is read as a PDF), and decides for a file without a suffix.

>>> doc = read_text("# Ansvar\\n\\nNämnden ansvarar för\\u00a0frågan.", name="anteckning.md")
>>> doc.format, doc.title, doc.text
('md', 'Ansvar', 'Ansvar\\n\\nNämnden ansvarar för frågan.')
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from graph.errors import UnsupportedFormat
from graph.limits import MAX_FILE_BYTES
from loaders.formats import FORMATS, Format
from loaders.reading.document import TextDocument, make_document
from loaders.reading.docx_text import read_docx
from loaders.reading.files import check_file, read_head
from loaders.reading.html_text import html_to_text, read_html
from loaders.reading.pdf_text import read_pdf
from loaders.reading.plain_text import prose_document, read_plain

DEFAULT_MAX_BYTES = MAX_FILE_BYTES
_HINTS = {
    ".doc": "save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".pages": "export it as .docx or .pdf",
}


def read_document(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> TextDocument:
    """Read a .txt, .md, .html/.htm, .pdf or .docx file into a normalised ``TextDocument``.

    Raises ``InputError`` (naming the file and the reason) for a missing, binary, empty,
    too large, encrypted or image-only file, ``EmptyDocument`` when no text is left, and
    ``UnsupportedFormat`` for any other kind of file.
    """
    path = Path(path)
    check_file(path, max_bytes)
    format = detect_format(path)
    if format == "pdf":
        return read_pdf(path, max_bytes=max_bytes)
    if format == "docx":
        return read_docx(path, max_bytes=max_bytes)
    if format == "html":
        return read_html(path, max_bytes=max_bytes)
    return read_plain(path, format=format, max_bytes=max_bytes)


def read_text(text: str, *, name: str) -> TextDocument:
    """A string (a paste, an upload's text) as a ``TextDocument``; ``name`` is its origin.

    A ``name`` ending in .md or .html/.htm reads the string as Markdown or HTML; anything
    else as plain text.
    """
    format = FORMATS.get(Path(name).suffix.lower(), "txt")
    if format == "html":
        body, title, published = html_to_text(text)
        return make_document(body, origin=name, format="html", title=title, published=published)
    return prose_document(text, origin=name, format="md" if format == "md" else "txt")


def detect_format(path: Path) -> Format:
    """The format of ``path``: "txt", "md", "html", "pdf" or "docx"; ``UnsupportedFormat`` otherwise."""
    head = read_head(path, 1024)
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if suffix in FORMATS:
        return FORMATS[suffix]
    if head.startswith(b"PK\x03\x04") and _is_docx(path):
        return "docx"
    if not suffix:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return "html" if start.startswith((b"<!doctype html", b"<html")) else "txt"
    raise UnsupportedFormat(
        f"unsupported file type {suffix!r}",
        file=str(path),
        expected="a .txt, .md, .html, .htm, .pdf or .docx file",
        hint=_HINTS.get(suffix),
    )


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
