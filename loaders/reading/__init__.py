"""Reading documents: a file (.txt .md .html .pdf .docx) or a string → one normalised ``TextDocument``.

The stored text is the normalised text; paragraph offsets, and every quote later shown to a
user, point into it. Bad input raises ``graph.errors.InputError`` (``EmptyDocument`` for a file
without text, ``UnsupportedFormat`` for a format no reader handles) naming the file and the reason.

Modules, one topic each: ``reader`` (dispatch), ``files`` (size limit, sniffing), ``decode``
(encodings), ``normalise`` (text clean-up, paragraphs), ``plain_text``, ``html_text``,
``pdf_text``, ``docx_text``, ``zip_guard`` (zip bombs), ``metadata`` (titles, dates), ``document``.
"""

from loaders.reading.document import TextDocument
from loaders.reading.reader import DEFAULT_MAX_BYTES, FORMATS, read_document, read_text

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "TextDocument", "read_document", "read_text"]
