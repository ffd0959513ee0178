"""Conventions of document kinds that no single sentence states.

An audit in a Swedish municipality is the elected auditors' (revisorerna) and is carried out
by the firm they commission: whatever one of them audits, the other audits too. The
sentence that says the firm reviewed something is the evidence for both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.model import Claim, Evidence
from loaders.extract.config import config
from loaders.extract.entities import Registry


def _name(record: Any) -> str:
    return (record.preferred or record.names[0]).lower()


def is_auditor_board(record: Any) -> bool:
    """An elected auditors' board: a board whose name holds an auditor word (organisations.yaml)."""
    return record.type == "board" and any(w in _name(record) for w in config().organisations.auditor_words)


def is_auditor(record: Any) -> bool:
    """Anyone who audits: a firm, the elected auditors, an auditing or inspecting agency."""
    return (
        record.type == "company"
        or is_auditor_board(record)
        or (record.type == "agency" and any(w in _name(record) for w in config().organisations.supervisor_words))
    )


def _names_in(registry: Registry, entity: str, text: str) -> bool:
    """Whether ``text`` names ``entity`` by one of the names the registry holds for it."""
    record = registry.records.get(entity)
    low = text.lower()
    return record is not None and any(n.lower() in low for n in record.names)


def auditors_and_firms(registry: Registry) -> tuple[list[str], list[str]]:
    """The auditor boards and the firms a text names, each in text order."""
    records = sorted(registry.records.values(), key=lambda r: r.first)
    return [r.id for r in records if is_auditor_board(r)], [r.id for r in records if r.type == "company"]


def auditing_agencies(registry: Registry) -> list[str]:
    """The auditing or inspecting agencies a text names ("Riksrevisionen"), in text order: the
    auditor of a national audit, where no elected auditors or firm are named."""
    records = sorted(registry.records.values(), key=lambda r: r.first)
    return [r.id for r in records if r.type == "agency" and is_auditor(r)]


def shared_audits(
    claims: list[Claim], registry: Registry, kind: str, sentence_of: Callable[[Evidence], str]
) -> list[Claim]:
    """The audits claims an audit text implies: for every auditor board and firm of an audit
    text, the audits the other of them states (same object, issue and quote), at lower confidence.

    Only where the text names both an auditor board and a firm, and only from a sentence that
    names both (the commission: "EY har på uppdrag av revisorerna granskat …"): ``sentence_of``
    gives the sentence a piece of evidence stands in."""
    if kind not in config().documents.audit_kinds:
        return []
    boards, firms = auditors_and_firms(registry)
    if not boards or not firms:
        return []
    pairs = {boards[0]: firms[0], firms[0]: boards[0]}
    stated = {(c.subject, c.object, c.issue) for c in claims if c.predicate == "audits"}
    out: list[Claim] = []
    for c in claims:
        other = pairs.get(c.subject) if c.predicate == "audits" else None
        if other is None or other == c.object or (other, c.object, c.issue) in stated:
            continue
        if not _names_in(registry, other, sentence_of(c.evidence[0]) if c.evidence else ""):
            continue  # only the sentence that names both: the one where the auditors commission the firm
        stated.add((other, c.object, c.issue))
        evidence = [
            Evidence(**{**e.model_dump(), "rule": "audits.partner", "confidence": round(e.confidence * 0.9, 3)})
            for e in c.evidence[:1]
        ]
        out.append(
            Claim.model_validate({**c.model_dump(exclude={"id", "evidence"}), "subject": other, "evidence": evidence})
        )
    return out


def without_auditors_duties(claims: list[Claim], registry: Registry, auditors: set[str]) -> list[Claim]:
    """The claims less the responsibilities stated for the audit's own parties: the elected
    auditors and the firm or agency that audits (``auditors``). "Revisorerna har beslutat att
    genomföra en granskning", "EY har fått i uppdrag att granska": the task is the audit, which
    the audits claims state; auditors answer for no policy area they review."""
    boards = {eid for eid, record in registry.records.items() if is_auditor_board(record)}
    return [c for c in claims if not (c.predicate == "responsible_for" and c.subject in auditors | boards)]
