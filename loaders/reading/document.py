"""``TextDocument``: the normalised text of one file, its paragraphs and its metadata.

>>> doc = make_document("Rubrik\\n\\nKommunstyrelsen ansvarar för\\u00a0integrationen.", origin="a.txt", format="txt")
>>> doc.title, doc.paragraphs
('Rubrik', ((0, 6), (8, 51)))
>>> [text for _, _, text in doc.iter_paragraphs()][1]
'Kommunstyrelsen ansvarar för integrationen.'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph.errors import EmptyDocument
from graph.ids import content_hash
from loaders.formats import Format
from loaders.reading.metadata import clean_title, metadata_date, plausible_date, title_from_text
from loaders.reading.normalise import normalise, paragraph_spans


@dataclass(frozen=True)
class TextDocument:
    """A document as read: ``text`` is normalised, and all offsets point into it.

    ``id`` is ``graph.ids.content_hash(text)``, so the same text read from a .txt or a .docx
    gets the same id. ``published`` is the date as the file's metadata gives it (raw);
    ``published_date`` is that date as YYYY[-MM[-DD]] when it can be read and is plausible for
    the text (loaders/reading/metadata.py ``plausible_date``).
    """

    id: str
    text: str
    title: str | None
    origin: str
    format: Format
    paragraphs: tuple[tuple[int, int], ...]
    published: str | None = None
    encoding: str | None = None

    @property
    def published_date(self) -> str | None:
        """``published`` as YYYY, YYYY-MM or YYYY-MM-DD, or None when unreadable or implausible."""
        return plausible_date(metadata_date(self.published), self.text)

    def iter_paragraphs(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, text) of each paragraph, in order."""
        for start, end in self.paragraphs:
            yield start, end, self.text[start:end]

    def __repr__(self) -> str:
        return (
            f"TextDocument(id={self.id!r}, origin={self.origin!r}, format={self.format!r}, "
            f"title={self.title!r}, chars={len(self.text)}, paragraphs={len(self.paragraphs)})"
        )


def make_document(
    raw_text: str,
    *,
    origin: str,
    format: Format,
    title: str | None = None,
    published: str | None = None,
    encoding: str | None = None,
) -> TextDocument:
    """Normalise ``raw_text`` and wrap it; ``EmptyDocument`` if no text is left.

    ``title`` is the metadata title, if the format has one; else the first short line.
    """
    text = normalise(raw_text)
    del raw_text
    if not text:
        raise EmptyDocument("no text in the document (empty or white space only)", file=origin)
    title = clean_title(title) or title_from_text(text)
    return TextDocument(
        id=content_hash(text),
        text=text,
        title=title,
        origin=origin,
        format=format,
        paragraphs=tuple(paragraph_spans(text)),
        published=published or None,
        encoding=encoding,
    )
