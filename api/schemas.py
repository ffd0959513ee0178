"""Response wrappers of the HTTP API around the library's own models (graph/, queries/)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from graph.answers import Quote
from graph.model import Document
from graph.store.base import WriteReport

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: the items and how many there are in all."""

    data: list[T] = Field(description="the items of this page")
    count: int = Field(ge=0, description="how many items match in all (not only on this page)", examples=[42])
    limit: int = Field(ge=0, description="the page size asked for", examples=[100])
    offset: int = Field(ge=0, description="how many matching items come before this page", examples=[0])


class MovedForm(BaseModel):
    """A surface form the added file took from a shipped issue."""

    form: str = Field(description="the form", examples=["bostadsförsörjning"])
    was: str = Field(description="the shipped issue that listed it", examples=["settlement"])
    now: str = Field(description="the added issue that names it now", examples=["housing_supply"])


class TaxonomyAdded(BaseModel):
    """What POST /issues stored in the workspace."""

    added: list[str] = Field(description="ids of new issues", examples=[["snow_clearing"]])
    replaced: list[str] = Field(description="ids whose entries the upload replaced", examples=[[]])
    moved: list[MovedForm] = Field(default_factory=list, description="forms taken from shipped issues")
    documents: int = Field(
        ge=0, description="documents the workspace holds, read before these areas (`ansvar ingest --reread`)"
    )


class IssueInfo(BaseModel):
    """One issue of the taxonomy."""

    id: str = Field(description="issue id, as used in every query", examples=["refugee_reception"])
    parent: str | None = Field(
        None, description="the broader issue; its answers include this one", examples=["integration"]
    )
    sv: str = Field(description="Swedish label", examples=["flyktingmottagande"])
    en: str = Field(description="English label", examples=["refugee reception"])
    surface_forms: list[str] = Field(
        default_factory=list,
        description="Swedish forms recognised in questions",
        examples=[["flyktingmottagande", "mottagandet av nyanlända"]],
    )


class JurisdictionInfo(BaseModel):
    """A jurisdiction the workspace knows: declared, or named by claims."""

    id: str = Field(description="jurisdiction slug", examples=["huddinge"])
    name: str = Field(description="its name", examples=["Huddinge"])
    issues: list[str] = Field(
        default_factory=list,
        description="issues with claims in this jurisdiction",
        examples=[["employment", "integration"]],
    )


class Health(BaseModel):
    """The server is up and its workspace answers."""

    status: str = Field(
        description="ok when the workspace answers (otherwise the answer is a 503 problem)", examples=["ok"]
    )
    generation: int = Field(description="how many times the in-memory graph was swapped since start", examples=[3])
    writes_enabled: bool = Field(description="true when a write token is configured", examples=[True])
    counts: dict[str, int] = Field(
        description="entities, claims, evidence, documents, sources, jurisdictions",
        examples=[
            {"entities": 120, "claims": 800, "evidence": 950, "documents": 12, "sources": 12, "jurisdictions": 9}
        ],
    )


class DocumentView(BaseModel):
    """A document with its text and the evidence spans in it, so that a client can highlight them."""

    document: Document = Field(description="the document, with its text")
    evidence: list[Quote] = Field(
        default_factory=list, description="every piece of evidence pointing into the document, by position"
    )


class UploadFailure(BaseModel):
    """A file of an upload that was not stored, and why."""

    file: str = Field(description="the file name as uploaded", examples=["notes.exe"])
    error: str = Field(
        description="why, for a person", examples=["no loader for '.exe'; allowed: .csv, .json, .yaml, .yml"]
    )
    code: str = Field(description="the problem code (as in problem+json)", examples=["unsupported_format"])


class StoredUpload(BaseModel):
    """A file of an upload that was stored: its name as uploaded, its source id, and whether
    it replaced an earlier upload of the same name."""

    file: str = Field(description="the file name as uploaded", examples=["Protokoll KS 2023.pdf"])
    source: str = Field(
        description="the source id: a hash of the name as uploaded, then the name made safe",
        examples=["upload:3f2a9b0c1d2e/Protokoll_KS_2023.pdf"],
    )
    replaced: bool = Field(description="true when a file of the same name had been uploaded before and was replaced")


class UploadReport(BaseModel):
    """What an upload stored (one transaction per file) and what failed."""

    loaded: list[WriteReport] = Field(default_factory=list, description="one report per file stored")
    stored: list[StoredUpload] = Field(
        default_factory=list, description="per file stored, in the order of `loaded`: its name, source id, replaced"
    )
    failed: list[UploadFailure] = Field(default_factory=list, description="the files not stored, and why")
