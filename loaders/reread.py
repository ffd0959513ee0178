"""``ansvar ingest --reread``: read the workspace's stored documents again with the taxonomy
in use, so that documents ingested before a policy area was added get its issue.

Each document is extracted again from the text the workspace holds (every stored quote is a
span of it), under the source that stored it, one transaction per source as an ingest would
(review decisions survive: they live apart from evidence). A document's only jurisdiction
is passed as the default jurisdiction, so a text that never names its own place keeps the
one it was ingested with.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.errors import AnsvarError
from graph.store.base import Store
from loaders.ingest import Failure, IngestReport


def reread_documents(store: Store, progress: Callable[[int, int, str], None] | None = None) -> IngestReport:
    """Extract every stored prose document again and write it back under its source."""
    from loaders.extract import extract, extraction_to_batch
    from loaders.extract.result import LOADER

    sources = [s for s in store.sources() if s.loader == LOADER]
    report = IngestReport()
    for done, info in enumerate(sources, start=1):
        try:
            batches = []
            for doc_id in info.documents:
                doc = store.document(doc_id)
                if doc is None or not doc.text:
                    continue
                default = doc.jurisdictions[0] if len(doc.jurisdictions) == 1 else None
                extraction = extract(
                    doc.text, doc_id=doc.id, title=doc.title, published=doc.published, default_jurisdiction=default
                )
                extraction.document.origin = doc.origin
                batches.append(extraction_to_batch(extraction, source=info.source))
            if batches:
                batch = batches[0]
                for more in batches[1:]:  # a source of several documents is written whole, once
                    batch.documents += more.documents
                    batch.entities += more.entities
                    batch.claims += more.claims
                batch.content_hash = info.content_hash
                report.loaded.append(store.write(batch))
        except AnsvarError as exc:
            report.failed.append(Failure(path=info.source, error=str(exc), code=exc.code))
        if progress:
            progress(done, len(sources), info.source)
    return report
