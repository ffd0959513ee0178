"""Shared by the HTTP API tests: a small workspace on disk and a client over the app."""

from __future__ import annotations

from pathlib import Path

from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "api"
TOKEN = "test-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# A made-up text; the evidence spans below point into it.
TEXT = "Kommunstyrelsen äger frågan om arbete. Socialnämnden hänvisar integrationen till förvaltningen."


def _span(quote: str) -> dict:
    start = TEXT.index(quote)
    return dict(start=start, end=start + len(quote), quote=quote)


def build_workspace(path: Path) -> dict[str, str]:
    """Jurisdiction x: the board owns employment; social services defer integration to the
    administration, which never takes it (a deflected gap). Returns the claim ids by name."""
    ks = Entity(id="x/kommunstyrelsen", name="Kommunstyrelsen", type="board", jurisdiction="x")
    sn = Entity(id="x/socialnamnden", name="Socialnämnden", type="board", jurisdiction="x")
    ksf = Entity(id="x/forvaltningen", name="Förvaltningen", type="administration", jurisdiction="x")
    place = Entity(id="x", name="Xby", type="jurisdiction")
    owns = Claim(
        subject=ks.id,
        predicate="responsible_for",
        issue="employment",
        jurisdiction="x",
        mode="owns",
        basis="decision",
        evidence=[Evidence(document="doc1", **_span("Kommunstyrelsen äger frågan"))],
    )
    defers = Claim(
        subject=sn.id,
        predicate="defers_to",
        object=ksf.id,
        issue="integration",
        jurisdiction="x",
        evidence=[Evidence(document="doc1", **_span("hänvisar integrationen till förvaltningen"))],
    )
    part = Claim(
        subject=ksf.id,
        predicate="part_of",
        object=ks.id,
        jurisdiction="x",
        evidence=[Evidence(document="doc1", quote="förvaltningen")],
    )
    batch = SourceBatch(
        source="xby.yaml",
        content_hash="h1",
        loader="test",
        documents=[Document(id="doc1", title="Xby-Bladet", kind="news", text=TEXT)],
        entities=[place, ks, sn, ksf],
        claims=[owns, defers, part],
    )
    with open_store(str(path)) as store:
        store.write(batch)
    return {"owns": owns.id, "defers": defers.id, "part": part.id}
