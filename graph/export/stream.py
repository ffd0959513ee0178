"""``export_store``: stream a store's entities and claims, whole or filtered, into an exporter.

The order is the exporters' contract: first every node — the stored entities, then nodes
the claims need that no entity record describes (issues from the taxonomy, jurisdictions,
and bare ids) — then the gaps the caller passes (the gap analysis of queries/gaps.py: the
export never computes a gap itself), then every claim, read in chunks with its evidence and
the metadata of the evidence's documents fetched per chunk, so memory stays bounded by the
node ids and the documents, not by the claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from graph.answers import Gap
from graph.export.base import ExportReport, bare_entity
from graph.export.redact import Redactor
from graph.export.registry import exporter_class
from graph.export.selection import Selection, select
from graph.export.sink import Output
from graph.model import Entity
from graph.store.base import ClaimRow, Store
from graph.taxonomy import taxonomy

CHUNK = 500


def chunks(rows: Iterable[ClaimRow], size: int = CHUNK) -> Iterator[list[ClaimRow]]:
    """Lists of up to ``size`` rows (itertools.batched is Python 3.12)."""
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def implied_entities(sel: Selection, written: set[str]) -> Iterator[Entity]:
    """Nodes the kept claims need that no stored entity gave: issues, jurisdictions, bare ids.

    An issue is named from the taxonomy, a jurisdiction by its id; any other id becomes a
    node with only its id and name (a claim names it, no source describes it).
    """
    seen = set(written)
    for issue in sorted(sel.issues - seen):
        if issue in taxonomy():
            i = taxonomy().get(issue)
            yield Entity(id=issue, name=i.sv, type="issue", aliases=[i.en] if i.en != i.sv else [])
        else:
            yield bare_entity(issue, "issue")
    seen |= sel.issues
    for place in sorted(sel.jurisdictions - seen):
        yield _place(place)
    seen |= sel.jurisdictions
    for node in sorted(sel.endpoints - seen):
        yield bare_entity(node)


def _place(slug: str) -> Entity:
    """A place the workspace has no entity for: the gazetteer's name, code and county, else its slug."""
    from graph.errors import AnsvarError
    from graph.gazetteer import gazetteer

    try:
        j = gazetteer().jurisdiction(slug)
    except AnsvarError:
        return Entity(id=slug, name=slug, type="jurisdiction")
    return Entity(id=slug, name=j.name, type="jurisdiction", code=j.code or None, county=j.county or None)


def export_store(
    store: Store,
    fmt: str,
    out: Output,
    *,
    jurisdiction: str | None = None,
    issue: str | None = None,
    redact_persons: bool = False,
    gaps: Iterable[Gap] = (),
) -> ExportReport:
    """Write ``store`` (or its part in ``jurisdiction`` / about ``issue``) as ``fmt`` to ``out``.

    ``out`` is a path or a binary stream (graph/export/sink.py). Raises UnknownFormat,
    UnknownIssue or UnknownJurisdiction before anything is written. ``redact_persons``
    replaces people's ids, names and names in quotes by stable pseudonyms
    (graph/export/redact.py). ``gaps`` are the gap analysis's findings for the same part
    (queries/export.py passes them), written after the nodes by the formats that hold gaps.
    Every piece of evidence carries its document's title, date, kind and url. An exporter that
    asks for documents (``documents_needed``) receives their metadata after the last claim.
    """
    cls = exporter_class(fmt)
    sel = select(store, jurisdiction=jurisdiction, issue=issue)
    exporter = cls(out)
    report = ExportReport(format=cls.name)
    redactor = Redactor() if redact_persons else None
    try:
        written: set[str] = set()
        for entity in store.iter_entities():
            if sel.keeps_entity(entity.id):
                exporter.write_entity(redactor.entity(entity) if redactor else entity)
                written.add(entity.id)
        for entity in implied_entities(sel, written):
            exporter.write_entity(redactor.entity(entity) if redactor else entity)
            written.add(entity.id)
        report.nodes = len(written)
        for gap in gaps:
            exporter.write_gap(redactor.gap(gap, store) if redactor else gap)
            report.gaps += 1
        kept = (row for row in store.iter_claims() if sel.keeps_claim(row.id))
        for chunk in chunks(kept):
            evidence = store.evidence(row.id for row in chunk)
            wanted = {ev.document for found in evidence.values() for ev in found} - set(exporter.document_info)
            if wanted:
                exporter.document_info.update(store.documents_by_id(wanted))
            for row in chunk:
                found = evidence.get(row.id, [])
                if redactor:
                    exporter.write_claim(redactor.claim(row), redactor.evidence(found))
                else:
                    exporter.write_claim(row, found)
                report.edges += 1
                report.evidence += len(found)
        needed = sorted(exporter.documents_needed())
        for start in range(0, len(needed), CHUNK):
            for document in store.documents_by_id(needed[start : start + CHUNK]).values():
                exporter.write_document(document)
        exporter.finalize()
    except BaseException:
        exporter.abort()
        raise
    return report
