"""Titles and dates from a document's text or its file metadata.

>>> title_from_text("\\n\\nOklart ansvar i kommunen\\n\\nBrödtext som är lång.")
'Oklart ansvar i kommunen'
>>> title_from_text("Bildtext om något.\\nRubriken\\nBrödtext.")
'Rubriken'
>>> clean_title("Microsoft Word - rapport_v3.docx") is None
True
>>> metadata_date("D:20190312093000+01'00'"), metadata_date("2016-05-04T10:00:00Z"), metadata_date("maj 2016")
('2019-03-12', '2016-05-04', None)
"""

from __future__ import annotations

import re

# A title longer than this is a paragraph, not a title.
MAX_TITLE_CHARS = 150
_FILENAME_LIKE = re.compile(
    r"(\.(docx?|pdf|indd|odt|rtf|txt|html?)$)|^(microsoft word|untitled|namnlös|dokument\d*$)", re.IGNORECASE
)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")


def clean_title(title: str | None) -> str | None:
    """``title`` with white space collapsed, or None when it is empty, too long or a file name."""
    if not title:
        return None
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE_CHARS or _FILENAME_LIKE.search(title):
        return None
    return title


def title_from_text(text: str, *, lines: int = 10) -> str | None:
    """The first of the first ``lines`` non-empty lines that is short and not a sentence.

    A long first line is a lead or a photo caption, a line ending in a full stop a sentence,
    and "Av …", "Foto: …" a byline; a headline is none of these (it may be a question).

    >>> title_from_text("Av Nils Berg\\n\\nVem leder arbetet?\\n\\nNämnden svarar.")
    'Vem leder arbetet?'
    """
    candidates = (line.strip().lstrip("#").strip() for line in text.split("\n", 4 * lines)[: 4 * lines])
    for line in [line for line in candidates if line][:lines]:
        if not line.endswith((".", ":", ";", ",")) and not _BYLINE.match(line) and clean_title(line):
            return clean_title(line)
    return None


_BYLINE = re.compile(r"(?i)^(av|text|foto|bild|publicerad|uppdaterad)\b[: ]")


def metadata_date(raw: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD from an ISO 8601 or PDF ("D:YYYYMMDD…") date; None otherwise."""
    if not raw:
        return None
    raw = raw.strip()
    match = _PDF_DATE.match(raw) or _ISO_DATE.match(raw)
    if not match:
        return None
    parts = [p for p in match.groups() if p]
    if (
        not 1000 <= int(parts[0]) <= 2999
        or (len(parts) > 1 and not 1 <= int(parts[1]) <= 12)
        or (len(parts) > 2 and not 1 <= int(parts[2]) <= 31)
    ):
        return None
    return "-".join(parts)
