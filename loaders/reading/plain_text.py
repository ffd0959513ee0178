"""Plain text and Markdown files.

Markdown is read as the prose it is: ATX heading lines ("## Bakgrund") lose their ``#``
marks and become paragraphs of their own; the first heading is the title. Other markup
(emphasis, links) is left as written.

>>> markdown_to_prose("# Rubrik\\nText direkt under.\\n## Del 2\\nMer.")
'Rubrik\\n\\nText direkt under.\\n\\nDel 2\\n\\nMer.'
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders.formats import Format
from loaders.reading.decode import decode_text
from loaders.reading.document import TextDocument, make_document
from loaders.reading.files import read_bytes

_BLANK_RUN = re.compile(r"\n{3,}")
_ATX_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)


def read_plain(path: Path, *, format: Format, max_bytes: int) -> TextDocument:
    """A .txt or .md file as a ``TextDocument``."""
    text, encoding = decode_text(read_bytes(path, max_bytes), file=str(path))
    return prose_document(text, origin=str(path), format=format, encoding=encoding)


def prose_document(text: str, *, origin: str, format: Format, encoding: str | None = None) -> TextDocument:
    """``text`` (already decoded) as a document; Markdown headings become paragraphs."""
    title = None
    if format == "md":
        heading = _ATX_HEADING.search(text)
        title = heading.group(1) if heading else None
        text = markdown_to_prose(text)
    return make_document(text, origin=origin, format=format, title=title, encoding=encoding)


def markdown_to_prose(text: str) -> str:
    """Heading lines without their ``#`` marks, each set off by blank lines."""
    text = _ATX_HEADING.sub(lambda m: f"\n\n{m.group(1)}\n\n", text.replace("\r\n", "\n"))
    return _BLANK_RUN.sub("\n\n", text).strip("\n")
