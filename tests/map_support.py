"""Shared by the map tests: a small workspace whose names, quotes and titles carry script payloads.

Jurisdiction ``x``: the executive board owns employment; social services defer integration
to the administration, which never takes it (deflected), and a text says nobody owns
integration (unowned); a former owner is faded; one claim is rejected by a reviewer.
"""

from __future__ import annotations

from pathlib import Path

from graph.model import Claim, Document, Entity, Evidence, Review
from graph.store import SourceBatch, open_store
from visualisation.unpack import read_payload  # noqa: F401  (the tests read pages with it)

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.__xss=1</script>"
HREF_TITLE = '<a href="javascript:window.__xss=3">href</a> Granskning'
QUOTE_KS = "Kommunstyrelsen äger arbetsmarknadsfrågan <img src=x onerror=window.__xss=4>"
QUOTE_DEFER = "Socialnämnden hänvisar </script><script>window.__xss=2</script> integrationen\u2028vidare <!--"


def build_payload_workspace(path: Path) -> dict[str, str]:
    """Write the workspace; return the claim ids by name and the node ids under ``nodes``."""
    place = Entity(id="x", name="Xby kommun", type="jurisdiction")
    ks = Entity(id="x/ks", name=f"Kommunstyrelsen {IMG}", type="board", jurisdiction="x")
    sn = Entity(id="x/sn", name=f"{SCRIPT}Socialnämnden", type="board", jurisdiction="x")
    fv = Entity(id="x/fv", name="Förvaltningen </script><!-- \u2028", type="administration", jurisdiction="x")
    anna = Entity(id="person/anna", name='Anna "href" <a href="#">Ek</a>', type="person")
    doc = Document(id="doc1", title=HREF_TITLE, kind="audit_report", published="2023-09-02")

    def ev(quote: str) -> list[Evidence]:
        return [Evidence(document="doc1", quote=quote)]

    claims = {
        "owns": Claim(
            subject=ks.id,
            predicate="responsible_for",
            issue="employment",
            jurisdiction="x",
            mode="owns",
            basis="decision",
            evidence=ev(QUOTE_KS),
        ),
        "defers": Claim(
            subject=sn.id,
            predicate="defers_to",
            object=fv.id,
            issue="integration",
            jurisdiction="x",
            evidence=ev(QUOTE_DEFER),
        ),
        "lacks": Claim(
            subject="x",
            predicate="lacks",
            issue="integration",
            jurisdiction="x",
            what="owner",
            evidence=ev("Ingen äger integrationen"),
        ),
        "former": Claim(
            subject=ks.id,
            predicate="responsible_for",
            issue="settlement",
            jurisdiction="x",
            mode="leads",
            status="former",
            evidence=ev("KS ledde tidigare bosättningen"),
        ),
        "ks_part": Claim(subject=ks.id, predicate="part_of", object="x", jurisdiction="x", evidence=ev("KS")),
        "sn_part": Claim(subject=sn.id, predicate="part_of", object="x", jurisdiction="x", evidence=ev("SN")),
        "fv_part": Claim(subject=fv.id, predicate="part_of", object=ks.id, jurisdiction="x", evidence=ev("FV")),
        "role": Claim(
            subject=anna.id,
            predicate="holds_role",
            object=fv.id,
            role="samordnare",
            jurisdiction="x",
            evidence=ev("Anna Ek, samordnare"),
        ),
        "rejected": Claim(
            subject=sn.id,
            predicate="responsible_for",
            issue="education",
            jurisdiction="x",
            mode="owns",
            evidence=ev("felaktigt utläst"),
        ),
    }
    batch = SourceBatch(
        source="xby.yaml",
        content_hash="h1",
        loader="test",
        documents=[doc],
        entities=[place, ks, sn, fv, anna],
        claims=list(claims.values()),
    )
    with open_store(str(path)) as store:
        store.write(batch)
        store.apply_review([Review(claim=claims["rejected"].id, state="rejected", reviewer="t", at="2024-01-01")])
    return {name: c.id for name, c in claims.items()}


# what the map of jurisdiction x shows: every entity, the issue nodes of the drawn claims'
# slices (the rejected claim's education slice is not drawn), every claim but the rejected
# one, and the two links from the deflected integration gap to its actors
EXPECTED_NODES = {
    "x",
    "x/ks",
    "x/sn",
    "x/fv",
    "person/anna",
    "issue:employment@x",
    "issue:integration@x",
    "issue:settlement@x",
}
EXPECTED_CLAIM_EDGES = 8
EXPECTED_GAP_LINKS = 2
