"""What a node and an edge carry in an export, and how values are made safe to write.

Every format shows the same attributes, each with one declared type (``NODE_FIELDS``,
``EDGE_FIELDS``), so that GraphML and GEXF declare each key once and Gephi and networkx
read every value back with the same type. Two steps:

- ``node_attributes`` / ``edge_attributes``: plain values — strings cleaned of what XML 1.0
  cannot carry, ``None`` and empty values dropped, lists and dicts kept (node-link JSON
  writes them as they are);
- ``scalar``: one value in its field's declared type for the formats that only take scalars
  (GraphML, GEXF, CSV): lists and dicts become JSON text.

>>> scalar(["Soc", "åäö"], list)
'["Soc","åäö"]'
>>> scalar(1, float), scalar(0, bool)
(1.0, False)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from graph.answers import Gap
from graph.model import Document, Entity, Evidence
from graph.store.base import ClaimRow
from graph.taxonomy import taxonomy

# C0 controls except tab, newline and carriage return; DEL and C1 controls; surrogates and
# the two non-characters XML 1.0 excludes.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# The attributes of a node and of an edge, with their one type. ``list`` means: a list (or
# dict) in node-link JSON, its JSON text in GraphML, GEXF and CSV.
NODE_FIELDS: dict[str, type] = {
    "type": str,
    "name": str,
    "jurisdiction": str,
    "aliases": list,
    "role": str,
    "affiliation": str,
    "code": str,
    "county": str,
    "parent": str,
}
EDGE_FIELDS: dict[str, type] = {
    "predicate": str,
    "issue": str,
    "jurisdiction": str,
    "mode": str,
    "basis": str,
    "status": str,
    "negated": bool,
    "attributed_to": str,
    "role": str,
    "what": str,
    "since": str,
    "until": str,
    "review": str,
    "confidence": float,
    "evidence": list,
}
EVIDENCE_FIELDS = ("document", "quote", "start", "end", "rule", "confidence")
# What a researcher needs to cite a piece of evidence, from its document's record.
DOCUMENT_FIELDS = ("title", "published", "kind", "url")
# A gap as a node (GraphML, GEXF) or a row (CSV, node-link JSON's "gaps" table): the finding
# of the gap analysis (queries/gaps.py), with the claims and the evidence it rests on.
GAP_FIELDS: dict[str, type] = {
    "type": str,
    "name": str,
    "jurisdiction": str,
    "issue": str,
    "kind": str,
    "severity": float,
    "explicit": bool,
    "summary": str,
    "actors": list,
    "claims": list,
    "evidence": list,
}


def clean_text(text: str) -> str:
    """``text`` without control characters (tab, newline and CR stay) and XML-illegal code points.

    >>> clean_text("Soc\\x07ialnämnden\\t<b>\\r\\n")
    'Socialnämnden\\t<b>\\r\\n'
    """
    return _UNSAFE.sub("", text)


def plain(value: Any) -> Any:
    """``value`` with every string in it cleaned (lists, tuples and dicts walked).

    >>> plain({"quote": "a\\x00b", "tags": ("x\\x1b", None)})
    {'quote': 'ab', 'tags': ['x', None]}
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): plain(v) for k, v in value.items()}
    return value


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def drop_empty(attrs: dict[str, Any]) -> dict[str, Any]:
    """Clean every value and leave out those that are None or empty after cleaning.

    >>> drop_empty({"name": "\\x07", "role": None, "aliases": [], "negated": False})
    {'negated': False}
    """
    cleaned = {k: plain(v) for k, v in attrs.items()}
    return {k: v for k, v in cleaned.items() if _present(v)}


def node_attributes(entity: Entity) -> dict[str, Any]:
    """The attributes of an entity's node; an issue's node also names its parent issue."""
    attrs = {f: getattr(entity, f, None) for f in NODE_FIELDS if f != "parent"}
    if entity.type == "issue" and entity.id in taxonomy():
        attrs["parent"] = taxonomy().parent(entity.id)
    return drop_empty(attrs)


def evidence_record(ev: Evidence, documents: Mapping[str, Document] | None = None) -> dict[str, Any]:
    """One piece of evidence as the export shows it, with its document's title, date, kind and
    url to cite it by (keys always present, null when unknown)."""
    doc = (documents or {}).get(ev.document)
    return {
        **{f: getattr(ev, f, None) for f in EVIDENCE_FIELDS},
        **{f: getattr(doc, f, None) for f in DOCUMENT_FIELDS},
    }


def edge_attributes(
    claim: ClaimRow, evidence: list[Evidence], documents: Mapping[str, Document] | None = None
) -> dict[str, Any]:
    """The attributes of a claim's edge: its fields, the best confidence, and its evidence
    (each piece with its document's citation fields from ``documents``)."""
    attrs: dict[str, Any] = {f: getattr(claim, f) for f in EDGE_FIELDS if hasattr(claim, f)}
    attrs["negated"] = bool(claim.negated)
    if evidence:
        attrs["confidence"] = max(float(ev.confidence) for ev in evidence)
        attrs["evidence"] = [evidence_record(ev, documents) for ev in evidence]
    return drop_empty(attrs)


def gap_id(gap: Gap) -> str:
    """A gap's node id: ``gap/<jurisdiction>/<issue>/<kind>`` (one gap of a kind per pair).

    >>> gap_id(Gap(jurisdiction="eksjo", issue="integration", kind="unowned", severity=0.5, explicit=True, summary="."))
    'gap/eksjo/integration/unowned'
    """
    return f"gap/{gap.jurisdiction}/{gap.issue}/{gap.kind}"


def gap_attributes(gap: Gap) -> dict[str, Any]:
    """A gap's plain attributes: its finding, the ids of its claims and its evidence, each
    piece citable (document id, title, date, quote)."""
    evidence = [
        {"claim": q.claim, "document": q.document, "title": q.title, "published": q.published, "quote": q.quote}
        for q in gap.evidence
    ]
    attrs = {
        "type": "gap",
        "name": gap.summary,
        "jurisdiction": gap.jurisdiction,
        "issue": gap.issue,
        "kind": gap.kind,
        "severity": float(gap.severity),
        "explicit": bool(gap.explicit),
        "summary": gap.summary,
        "actors": list(gap.actors),
        "claims": sorted({q.claim for q in gap.evidence}),
        "evidence": evidence,
    }
    out = drop_empty(attrs)
    out["explicit"] = bool(gap.explicit)
    return out


def scalar(value: Any, kind: type) -> str | bool | float | int:
    """``value`` as its field's declared scalar type; lists and dicts become JSON text."""
    if kind is bool:
        return bool(value)
    if kind is float:
        return float(value)
    if kind is int:
        return int(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def scalar_attributes(attrs: dict[str, Any], fields: dict[str, type]) -> dict[str, str | bool | float | int]:
    """Every attribute as its declared scalar type, in the order of ``fields``."""
    return {name: scalar(attrs[name], kind) for name, kind in fields.items() if name in attrs}
