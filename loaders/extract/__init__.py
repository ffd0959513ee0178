"""The Swedish prose extractor: text → entities and claims with evidence spans.

Public API: :func:`extract`, :class:`Extraction`, :func:`extraction_to_batch`,
:func:`extraction_json`. Everything Swedish it knows is data under data/extraction/.

Modules: ``config`` (the data), ``phrases`` (trigger syntax), ``nlp`` (spaCy objects),
``text`` (paragraphs, sentences), ``scan`` and ``sweep`` (candidate words found once per
document), ``mentions``/``bodies``/``organisations``/``references``/``people`` (finders),
``scope`` (sections), ``entities`` (ids, coreference), ``discourse`` (pronouns, speakers),
``issues``, ``claims`` (rules), ``structure`` (part_of, holds_role), ``metadata``,
``result``, ``pipeline``.
"""

from loaders.extract.pipeline import extract
from loaders.extract.result import Extraction, extraction_json, extraction_to_batch

__all__ = ["Extraction", "extract", "extraction_json", "extraction_to_batch"]
