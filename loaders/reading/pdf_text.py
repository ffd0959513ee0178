"""PDF: the text layer, page by page (pypdf), with layout line breaks reflowed into prose.

A PDF has no paragraphs, only lines placed on a page, so its line breaks are rebuilt:
a line that wraps mid-sentence (the next line starts in lower case, or the line does not end
a sentence) is joined to the next with a space; a short line before a capital (the last line
of a paragraph, a heading) ends a paragraph, and so does the line before a heading; list
items keep their own lines; a line ending in a hyphen is left for ``normalise`` to rejoin.

A PDF that needs a password, or whose pages carry no text (a scan), is an ``InputError``:
there is nothing to quote from it without OCR.

>>> reflow("Kommunstyrelsen har det\\növergripande ansvaret för\\nintegrationen.\\nBakgrund\\nNämnderna svarar.")
'Kommunstyrelsen har det övergripande ansvaret för integrationen.\\n\\nBakgrund\\n\\nNämnderna svarar.'
"""

from __future__ import annotations

import itertools
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import quantiles

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from graph.errors import InputError
from loaders.reading.document import TextDocument, make_document
from loaders.reading.files import check_file, too_large

# A line shorter than this share of the page's typical line ends its paragraph (if it ends a sentence).
SHORT_LINE_SHARE = 0.7
_SENTENCE_END = tuple('.!?:;»”"')
_LIST_ITEM = re.compile(r"^\s*(?:[-–•▪◦*·]|\d{1,2}[.)]|[a-z][.)])\s")


def read_pdf(path: Path, *, max_bytes: int) -> TextDocument:
    """A .pdf file's text layer as a ``TextDocument``; ``InputError`` if encrypted or image-only."""
    check_file(path, max_bytes)
    name = str(path)
    try:
        with _quiet_pypdf():
            reader = PdfReader(path)
            _unlock(reader, name)
            pages = [reflow(page.extract_text() or "") for page in reader.pages]
            title, published = _metadata(reader)
    except InputError:
        raise
    except (PdfReadError, DependencyError, FileNotDecryptedError) as exc:
        raise InputError(f"not a readable PDF ({exc})", file=name) from None
    except Exception as exc:
        raise InputError(f"not a readable PDF ({type(exc).__name__}: {exc})", file=name) from None
    if not any(page.strip() for page in pages):
        raise InputError(
            f"the PDF has no text layer ({len(pages)} page(s) of images or nothing)",
            file=name,
            expected="a PDF with selectable text",
            hint="run OCR on it first, e.g. ocrmypdf",
        )
    text = "\n\n".join(pages)
    if len(text) > max_bytes:
        raise too_large(path, len(text), max_bytes, what="text of the PDF")
    return make_document(text, origin=name, format="pdf", title=title, published=published)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's own complaints about a damaged file ("EOF marker not found") off stderr: the
    reader's one-line InputError is what the user sees (pypdf logs them, and warns on some)."""
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def _unlock(reader: PdfReader, name: str) -> None:
    """Open an encrypted PDF that has an empty user password (only "permissions"); refuse the rest."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise InputError(f"cannot decrypt the PDF ({exc})", file=name, hint="pip install cryptography") from None
    if not opened:
        raise InputError(
            "the PDF is encrypted with a password",
            file=name,
            expected="an unencrypted PDF",
            hint="save an unprotected copy and read that",
        )


def _metadata(reader: PdfReader) -> tuple[str | None, str | None]:
    info = reader.metadata
    if not info:
        return None, None
    title = info.get("/Title")
    published = info.get("/CreationDate") or info.get("/ModDate")
    return (str(title) if title else None), (str(published) if published else None)


def reflow(page: str) -> str:
    """The lines of one page joined into paragraphs (see the module docstring)."""
    lines = [line.strip() for line in page.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    lengths = [len(line) for line in lines]
    typical = max(30, quantiles(lengths, n=5)[-1] if len(lengths) > 1 else lengths[0])
    out = [lines[0]]
    for previous, line in itertools.pairwise(lines):
        out.append(_break(previous, line, typical))
        out.append(line)
    return "".join(out)


def _break(previous: str, line: str, typical: float) -> str:
    """What goes between two lines of a page: a paragraph break, a line break or a space."""
    if previous.endswith(("-", "\u00ad", "\u2010")) or _LIST_ITEM.match(line):
        return "\n"
    if not (line[0].isupper() or line[0].isdigit()):
        return " "
    if _is_short(previous, typical) or _is_heading(line, typical):
        return "\n\n"
    return "\n" if previous.endswith(_SENTENCE_END) else " "


def _is_short(line: str, typical: float) -> bool:
    return len(line) < SHORT_LINE_SHARE * typical


def _is_heading(line: str, typical: float) -> bool:
    return _is_short(line, typical) and not line.endswith((*_SENTENCE_END, ","))
