"""Structure claims and what titles say: part_of (a body under its board or jurisdiction, a
chapter under its national organisation, a ministry under Regeringskansliet), holds_role
(a person's title in an organisation), and the responsibility a title names
("integrationssamordnare" coordinates integration).
"""

from __future__ import annotations

from graph.gazetteer import gazetteer
from graph.ids import entity_id
from graph.model import Claim, Evidence
from graph.textmatch import normalise
from loaders.extract.config import config
from loaders.extract.entities import Registry
from loaders.extract.issues import find_issues
from loaders.extract.mentions import Mention
from loaders.extract.people import PersonFact
from loaders.extract.scope import Scopes
from loaders.extract.text import Paragraph

STRUCTURE_RULE = "structure.part_of"
ROLE_RULE = "structure.holds_role"
TITLE_RULE = "responsible.title"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_span(paragraphs: list[Paragraph], m: Mention, text: str) -> tuple[int, int]:
    par = paragraphs[m.paragraph]
    s = par.sentence_of(m.start)
    if s is None or s.end - s.start > 300:
        return _trimmed(text, max(par.start, m.start - 60), min(par.end, m.end + 60))
    return s.start, s.end


def _evidence(doc_id: str, text: str, span: tuple[int, int], rule: str, confidence: float) -> Evidence:
    start, end = _trimmed(text, *span)
    return Evidence(document=doc_id, start=start, end=end, quote=text[start:end], rule=rule, confidence=confidence)


def part_of_claims(
    doc_id: str, text: str, paragraphs: list[Paragraph], mentions: list[Mention], registry: Registry
) -> list[Claim]:
    """One part_of claim per body, chapter and gazetteer organisation whose parent is named."""
    gaz = gazetteer()
    serves = config().organisations.serves
    first: dict[str, Mention] = {}
    for m in mentions:
        if m.entity and m.entity not in first:
            first[m.entity] = m
    out: list[Claim] = []
    for eid, rec in registry.records.items():
        mention = first.get(eid)
        if mention is None:
            continue
        parent = None
        if rec.type in ("board", "administration") and rec.jurisdiction and "/" in eid:
            boss = serves.get(normalise(rec.preferred or rec.names[0]))
            boss_id = entity_id(boss, "board", rec.jurisdiction) if boss else None
            parent = boss_id if boss_id in registry.records else rec.jurisdiction
        elif eid in registry.chapters:
            parent = registry.chapters[eid]
        elif eid in gaz.organisations and gaz.organisations[eid].parent in first:
            parent = gaz.organisations[eid].parent
        if parent and parent != eid:
            ev = _evidence(doc_id, text, _sentence_span(paragraphs, mention, text), STRUCTURE_RULE, 0.8)
            out.append(
                Claim(subject=eid, predicate="part_of", object=parent, jurisdiction=rec.jurisdiction, evidence=[ev])
            )
    return out


def apply_person_facts(
    facts: list[PersonFact], registry: Registry, scopes: Scopes, paragraphs: list[Paragraph]
) -> None:
    """Fill each person's title and affiliation from the first fact that gives them."""
    cfg = config().people
    gaz = gazetteer()
    for f in facts:
        rec = registry.records.get(entity_id(f.name, "person"))
        if rec is None:
            continue
        if f.role and not rec.role:
            rec.role = f.role
        if rec.affiliation:
            continue
        scope = scopes.at(paragraphs[f.mention.paragraph], f.mention.start)
        local_scope = scope if scope in gaz.jurisdictions and gaz.jurisdictions[scope].kind != "state" else None
        if f.affiliation is not None and f.affiliation.entity:
            rec.affiliation = f.affiliation.entity
        elif (f.scope_affiliation and local_scope) or (
            f.role and local_scope and any(f.role.split("/")[0].endswith(s) for s in cfg.municipal_title_suffixes)
        ):
            rec.affiliation = local_scope


def role_claims(
    doc_id: str, text: str, facts: list[PersonFact], registry: Registry, paragraphs: list[Paragraph]
) -> list[Claim]:
    """holds_role for every person with a title and an organisation, and the responsibility
    an issue-named title carries."""
    out: list[Claim] = []
    cfg = config()
    done: set[str] = set()
    for f in facts:
        pid = entity_id(f.name, "person")
        rec = registry.records.get(pid)
        if rec is None or not f.role or pid in done or not rec.affiliation:
            continue
        done.add(pid)
        ev = _evidence(doc_id, text, (f.start, f.end), ROLE_RULE, 0.8)
        out.append(
            Claim(
                subject=pid,
                predicate="holds_role",
                object=rec.affiliation,
                role=f.role,
                jurisdiction=_place(rec.affiliation, registry),
                evidence=[ev],
            )
        )
        title = f.role.split("/")[0]
        for suffix, mode in cfg.people.title_responsibilities:
            if not title.endswith(suffix) or len(title) <= len(suffix):
                continue
            issues = [i for i, s, _ in find_issues(title[: len(title) - len(suffix)] + " " + title) if s == 0]
            if issues:
                left = _left_until(paragraphs, text, f)  # the quote then runs on to say so
                ev = _evidence(doc_id, text, (f.start, left or f.end), TITLE_RULE, 0.7)
                out.append(
                    Claim(
                        subject=pid,
                        predicate="responsible_for",
                        issue=issues[0],
                        mode=mode,
                        basis="statement",
                        status="former" if left else "current",
                        jurisdiction=_place(rec.affiliation, registry),
                        evidence=[ev],
                    )
                )
            break
    return out


def _left_until(paragraphs: list[Paragraph], text: str, fact: PersonFact, window: int = 8) -> int | None:
    """Where the person's sentence ends, if the words around their title say the post is no
    longer theirs ("integrationssamordnaren Karl Nilsson slutade i våras", "f.d.
    samordnaren"): a `former` status cue (data/extraction/cues.yaml) among the three words
    before the title or the ``window`` words after the name, in that sentence; else None."""
    sent = paragraphs[fact.mention.paragraph].sentence_of(fact.start)
    start, end = (sent.start, sent.end) if sent is not None else (fact.start, fact.end)
    words = (
        text[start : fact.start].lower().split()[-3:] + text[fact.end : end].lower().replace(",", " ").split()[:window]
    )
    joined = f" {' '.join(words)} "
    if any(f" {cue} " in joined for cue in config().cues.status.get("former", ())):
        return end
    return None


def _place(entity: str | None, registry: Registry) -> str | None:
    if entity is None:
        return None
    rec = registry.records.get(entity)
    if rec is None:
        return entity if "/" not in entity else entity.split("/")[0]
    return rec.jurisdiction
