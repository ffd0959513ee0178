"""The extractor, start to end: text → paragraphs → mentions → scopes → entities →
claims, for one document. ``extract`` is the public entry point (re-exported by the package).
"""

from __future__ import annotations

from functools import lru_cache

from graph.gazetteer import gazetteer
from graph.model import Claim, Document
from loaders.extract import bodies, organisations, references
from loaders.extract.bodies import bodies_by_paragraph
from loaders.extract.claims import DocumentContext, extract_claims
from loaders.extract.config import config
from loaders.extract.conventions import auditing_agencies, auditors_and_firms, shared_audits, without_auditors_duties
from loaders.extract.discourse import Discourse
from loaders.extract.entities import Registry, build_registry, coreference_mentions, resolve_titles
from loaders.extract.issues import find_issues, outside_names, topic_of
from loaders.extract.mentions import Mention, find_gazetteer_organisations, find_places, resolve_overlaps
from loaders.extract.metadata import document_kind, text_date, text_title
from loaders.extract.organisations import find_chapters, pattern_organisations_by_paragraph
from loaders.extract.people import PersonFact, find_people, name_starts, signature_facts
from loaders.extract.references import references_by_paragraph
from loaders.extract.result import Extraction
from loaders.extract.scope import assign_scopes, document_jurisdictions
from loaders.extract.structure import apply_person_facts, part_of_claims, role_claims
from loaders.extract.sweep import Sweep, derivation_plan
from loaders.extract.text import Paragraph, segment


@lru_cache(maxsize=1)
def _sweep_plan() -> dict[str, tuple[str, int]]:
    """How the sweep finds the lower-case literals of the mention finders (``derivation_plan``)."""
    return derivation_plan(references.sweep_literals() + bodies.sweep_literals() + organisations.sweep_literals())


def sweep_of(paragraphs: list[Paragraph], text: str) -> Sweep:
    """The text's :class:`Sweep`, with the plan by which it finds the finders' literals."""
    return Sweep(paragraphs, text, _sweep_plan())


def find_mentions(
    paragraphs: list[Paragraph], text: str, sweep: Sweep | None = None
) -> tuple[list[Mention], list[PersonFact]]:
    """Every mention of the text, overlaps resolved paragraph by paragraph, and the people facts.

    The finders that start from given words look for them once in the whole text (a
    :class:`Sweep`) and give their mentions by paragraph, and ``find_people`` runs only where
    two capitalised words stand in a row: most paragraphs cost only a few look-ups here.
    ``sweep`` is the text's sweep when the caller has made it (it is made here otherwise).
    """
    mentions: list[Mention] = []
    facts: list[PersonFact] = []
    sweep = sweep or sweep_of(paragraphs, text)
    bodies = bodies_by_paragraph(sweep)
    named = pattern_organisations_by_paragraph(sweep)
    references = references_by_paragraph(sweep)
    names = name_starts(sweep)
    for par in paragraphs:
        i = par.index
        found = find_places(par, text) + find_gazetteer_organisations(par, text)
        if found:
            found += find_chapters(par, text, found)
        found += bodies.get(i, ())
        found += named.get(i, ())
        found += references.get(i, ())
        if len(found) > 1:
            found = resolve_overlaps(found)
        if names is None or i in names:
            people = find_people(par, text, found, None if names is None else names[i])
            facts += people.facts
            if people.mentions or people.new_orgs:
                found = resolve_overlaps(found + people.mentions + people.new_orgs)
        mentions += found  # resolving resolved mentions again would change nothing
    return mentions, facts


def _author_and_auditor(registry: Registry, kind: str) -> tuple[str | None, str | None]:
    """The voice of "vi" in an audit text (the firm, else the auditors, else an auditing
    agency such as Riksrevisionen) and the auditor."""
    auditors, firms = auditors_and_firms(registry)
    audit = kind in config().documents.audit_kinds
    agencies = auditing_agencies(registry) if audit and not (auditors or firms) else []
    auditor = auditors[0] if auditors else (firms[0] if firms and audit else (agencies[0] if agencies else None))
    author = (firms[0] if firms else auditor) if audit else None
    return author, auditor


def _merge(claims: list[Claim]) -> list[Claim]:
    out: dict[str, Claim] = {}
    for c in claims:
        if c.id in out:
            spans = {(e.start, e.end) for e in out[c.id].evidence}
            out[c.id].evidence += [e for e in c.evidence if (e.start, e.end) not in spans]
        else:
            out[c.id] = c
    return list(out.values())


def _sentence_text(pars: list[Paragraph], text: str, offset: int | None) -> str:
    """The sentence of the text that holds ``offset`` (empty when none does)."""
    for par in pars:
        if offset is not None and par.start <= offset < par.end:
            sent = par.sentence_of(offset)
            return text[sent.start : sent.end] if sent else ""
    return ""


def _year(published: str | None) -> int | None:
    return int(published[:4]) if published else None


def extract(
    text: str,
    *,
    doc_id: str,
    title: str | None = None,
    default_jurisdiction: str | None = None,
    published: str | None = None,
    paragraphs: list[tuple[int, int]] | None = None,
) -> Extraction:
    """Entities and claims of one Swedish text, every claim with its evidence span.

    ``default_jurisdiction`` is the jurisdiction of a text that never names its own (a
    slug or a name: "ystad", "Ystads kommun"); ``paragraphs`` are (start, end)
    spans when the reader already knows them.
    """
    if default_jurisdiction:
        default_jurisdiction = gazetteer().resolve_jurisdiction(default_jurisdiction)
    pars = segment(text, paragraphs)
    sweep = sweep_of(pars, text)
    mentions, facts = find_mentions(pars, text, sweep)
    title = title or text_title([p.text for p in pars])
    kind = document_kind(title, text, sweep.low)  # the lower-cased text, when the sweep has it
    published = published or text_date(text, title)
    own, about = document_jurisdictions(pars, mentions, default_jurisdiction)
    scopes = assign_scopes(pars, mentions, own, about)
    mentions = sorted(mentions + coreference_mentions(pars, text, mentions, facts), key=lambda m: m.start)
    registry = build_registry(pars, text, mentions, scopes)
    facts += signature_facts(pars, text, mentions, {f.name: f for f in facts})
    apply_person_facts(facts, registry, scopes, pars)
    resolve_titles(mentions, facts, scopes, pars, registry)
    author, auditor = _author_and_auditor(registry, kind)
    discourse = Discourse(pars, mentions, registry, scopes, author)
    paragraph_hits = {p.index: outside_names(find_issues(p.text, p.scan, p.start), p.start, mentions) for p in pars}
    paragraph_issues = {k: [i for i, _, _ in hits] for k, hits in paragraph_hits.items()}
    ctx = DocumentContext(
        doc_id=doc_id,
        text=text,
        registry=registry,
        discourse=discourse,
        topic=topic_of(list(paragraph_issues.values())),
        year=_year(published),
        auditor=auditor,
        author=author,
        paragraph_issues=paragraph_issues,
        paragraph_hits=paragraph_hits,
        kind=kind,
        entities=registry.entity_map(),
    )
    claims = without_auditors_duties(extract_claims(ctx), registry, {a for a in (author, auditor) if a})
    claims += shared_audits(claims, registry, kind, lambda e: _sentence_text(pars, text, e.start))
    claims += part_of_claims(doc_id, text, pars, mentions, registry)
    claims += role_claims(doc_id, text, facts, registry, pars)
    document = Document(id=doc_id, title=title, kind=kind, published=published, jurisdictions=about, text=text)
    return Extraction(document=document, entities=registry.entities(), claims=_merge(claims))
