"""Cited sources: the document a structured fact comes from, and its stable id.

A description or CSV row cites a source by title, publisher, date and url; the document's
id is a hash of that citation, so the same report cited in two files is one document.

>>> spec = SourceSpec(title="Inspiration för integration", publisher="KSL", date=2016)
>>> document_id(spec) == document_id(SourceSpec(title=" Inspiration för integration", publisher="KSL", date="2016"))
True
>>> document_id(spec).startswith("d_"), spec.kind
(True, 'other')
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from graph.ids import stable_hash
from graph.model import Document, DocumentKind, PartialDate


class SourceSpec(BaseModel):
    """A cited document as a researcher writes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1)
    publisher: str | None = None
    date: PartialDate = None
    url: str | None = None
    kind: DocumentKind = "other"
    jurisdictions: list[str] = Field(
        default_factory=list, description="what the document is about; by default the facts' jurisdictions"
    )
    note: str | None = Field(None, description="free text for the reader of the file; not stored")


def document_id(spec: SourceSpec) -> str:
    """``d_`` + a hash of title, publisher, date and url."""
    return stable_hash({"title": spec.title, "publisher": spec.publisher, "date": spec.date, "url": spec.url}, "d_")


def to_document(spec: SourceSpec, origin: str, jurisdictions: list[str]) -> Document:
    """The Document record of a cited source."""
    return Document(
        id=document_id(spec),
        title=spec.title,
        kind=spec.kind,
        published=spec.date,
        publisher=spec.publisher,
        url=spec.url,
        origin=origin,
        jurisdictions=list(spec.jurisdictions) or sorted(set(jurisdictions)),
    )
