"""``evaluate(gold_dir, corpus_dir)``: extract every corpus document that has a gold file,
score it, and sum the counts (micro average). Gaps come from the system's own gap analysis
(queries.gaps) over a temporary store holding only that document's extraction."""

from __future__ import annotations

import tempfile
from pathlib import Path

from graph.errors import InputError
from graph.vocabulary import vocabulary
from loaders.extract import Extraction, extraction_to_batch
from scoring.gold import Gold, gold_files, read_gold
from scoring.matching import claim_matches, entity_matches, issue_matches, match_all, ref_matches
from scoring.report import CONFIDENCE_LEVELS, FIELDS, Accuracy, DateScore, DocumentScore, EvalReport, Score

CORPUS_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


def _corpus_file(corpus_dir: Path, stem: str) -> Path:
    for suffix in CORPUS_SUFFIXES:
        path = corpus_dir / f"{stem}{suffix}"
        if path.exists():
            return path
    raise InputError(
        f"no corpus document for gold file {stem!r}",
        file=str(corpus_dir),
        expected="a file named like the gold file (.txt, .md, .html, .pdf, .docx)",
    )


def extract_file(path: Path, default_jurisdiction: str | None = None) -> Extraction:
    """Read a corpus file and extract it."""
    from loaders.prose import extract_document

    return extract_document(path, default_jurisdiction=default_jurisdiction)


def _label(c: dict) -> str:
    parts = [c["predicate"], c["subject"]]
    if c.get("object"):
        parts.append("→ " + c["object"])
    if c.get("issue"):
        parts.append(f"[{c['issue']}]")
    if c.get("negated"):
        parts.append("NOT")
    return " ".join(parts)


def _score(matched: dict[int, int], extracted: list, gold: list, label) -> Score:
    used = set(matched.values())
    return Score(
        matched=len(matched),
        extracted=len(extracted),
        gold=len(gold),
        missed=[label(g) for i, g in enumerate(gold) if i not in matched],
        spurious=[label(e) for i, e in enumerate(extracted) if i not in used],
    )


def _claim_dicts(extraction: Extraction) -> list[dict]:
    return [c.model_dump(exclude={"evidence", "id"}) for c in extraction.claims]


def _accuracy(pairs: dict[int, int], ext: list[dict], gold: list[dict], ents, gents) -> dict[str, Accuracy]:
    v = vocabulary()
    out = {f: Accuracy() for f in FIELDS}
    for g, e in pairs.items():
        gc, ec = gold[g], ext[e]
        if gc["predicate"] == "responsible_for":
            defaults = {"mode": v.default_mode, "basis": v.default_basis, "status": v.default_status}
            for f in ("mode", "basis", "status"):
                out[f].total += 1
                out[f].correct += (ec.get(f) or defaults[f]) == (gc.get(f) or defaults[f])
        out["attributed_to"].total += 1
        out["attributed_to"].correct += ref_matches(ec.get("attributed_to"), gc.get("attributed_to"), ents, gents)
    return out


def _gap_score(extraction: Extraction, gold: Gold, stated_only: bool = False) -> Score | None:
    try:
        from graph.store import open_store
        from queries.gaps import gaps
    except ImportError:  # the store or the queries are not there: gaps are not scored
        return None
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "eval.db"))
        try:
            store.write(extraction_to_batch(extraction, source=gold.document))
            flagged = [
                {"jurisdiction": g.jurisdiction, "issue": g.issue, "kind": g.kind, "explicit": g.explicit}
                for g in gaps(store)
                if g.explicit or not stated_only
            ]
        finally:
            store.close()

    def fits(e, g):
        return (
            e["jurisdiction"] == g["jurisdiction"] and e["kind"] == g["kind"] and issue_matches(e["issue"], g["issue"])
        )

    pairs = match_all(flagged, gold.gaps, fits)

    def label(g):
        return f"{g['kind']} {g['jurisdiction']} [{g['issue']}]" + ("" if g.get("explicit", True) else " (inferred)")

    return _score(pairs, flagged, gold.gaps, label)


def _by_predicate(ext: list[dict], gold: list[dict], ents, gents) -> dict[str, Score]:
    """One score per predicate, each matched on its own (the predicate must be equal anyway)."""
    out = {}
    for predicate in vocabulary().predicates:
        e = [c for c in ext if c["predicate"] == predicate]
        g = [c for c in gold if c["predicate"] == predicate]
        if e or g:
            pairs = match_all(e, g, lambda x, y: claim_matches(x, y, ents, gents))
            out[predicate] = _score(pairs, e, g, _label)
    return out


def _by_confidence(
    extraction: Extraction, ext: list[dict], gold: list[dict], structure: set[str], ents, gents
) -> dict[str, Score]:
    """The responsibility line again, keeping only claims at or above each confidence level:
    does a claim's confidence mean something?"""
    kept = [
        (c, extraction.confidence(claim))
        for c, claim in zip(ext, extraction.claims, strict=True)
        if c["predicate"] not in structure
    ]
    wanted = [c for c in gold if c["predicate"] not in structure]
    out = {}
    for level in CONFIDENCE_LEVELS:
        e = [c for c, conf in kept if conf >= level]
        pairs = match_all(e, wanted, lambda x, y: claim_matches(x, y, ents, gents))
        out[str(level)] = _score(pairs, e, wanted, _label)
    return out


def date_score(found: str | None, published) -> DateScore:
    """The document's date as read (``found``) against the gold's ``published`` (YAML may give
    a date, a year as a number, or null)."""
    expected = None if published is None else str(published)
    same_year = (found or "")[:4] == (expected or "")[:4]
    return DateScore(
        documents=1,
        exact=int(found == expected),
        year=int(same_year),
        wrong=int(found is not None and not same_year),
        missing=int(found is None and expected is not None),
        found=found,
        expected=expected,
    )


def score_document(
    extraction: Extraction, gold: Gold, with_gaps: bool = True, stated_gaps: bool = False
) -> DocumentScore:
    """The scores of one extraction against its gold file; ``stated_gaps`` scores only the
    gaps a text states (leaving out those inferred from missing claims)."""
    ents = {e.id: e for e in extraction.entities}
    gents = gold.entities
    ext_entities = [e for e in extraction.entities if e.type not in ("jurisdiction", "issue")]
    gold_entities = gold.scored_entities()
    pairs = match_all(ext_entities, gold_entities, entity_matches)
    result = DocumentScore(
        document=gold.document,
        entities=_score(pairs, ext_entities, gold_entities, lambda e: f"{e.type} {e.id} {e.name!r}"),
    )
    structure = set(vocabulary().structure_predicates)
    accuracy = {f: Accuracy() for f in FIELDS}
    ext_claims = _claim_dicts(extraction)
    for line, wanted in (("structure", True), ("responsibility", False)):
        ext = [c for c in ext_claims if (c["predicate"] in structure) == wanted]
        gold_claims = [c for c in gold.claims if (c["predicate"] in structure) == wanted]
        pairs = match_all(ext, gold_claims, lambda e, g: claim_matches(e, g, ents, gents))
        setattr(result, line, _score(pairs, ext, gold_claims, _label))
        for f, acc in _accuracy(pairs, ext, gold_claims, ents, gents).items():
            accuracy[f] = accuracy[f].add(acc)
    result.accuracy = accuracy
    result.dates = date_score(extraction.document.published, gold.meta.get("published"))
    result.predicates = _by_predicate(ext_claims, gold.claims, ents, gents)
    result.confidence = _by_confidence(extraction, ext_claims, gold.claims, structure, ents, gents)
    if with_gaps:
        result.gaps = _gap_score(extraction, gold, stated_gaps)
    return result


def evaluate(
    gold_dir: Path,
    corpus_dir: Path,
    with_gaps: bool = True,
    stated_gaps: bool = False,
    default_jurisdictions: dict[str, str] | None = None,
) -> EvalReport:
    """Extract each corpus document that has a gold file and score it (score.md).

    ``default_jurisdictions`` maps a document (its file stem) to the jurisdiction of a text
    that never names its own, as ``ansvar extract --jurisdiction`` takes it."""
    defaults = default_jurisdictions or {}  # documents not in gold_dir are ignored (a subset of a corpus)
    scores = []
    for path in gold_files(Path(gold_dir)):
        gold = read_gold(path)
        extraction = extract_file(_corpus_file(Path(corpus_dir), path.stem), defaults.get(path.stem))
        scores.append(score_document(extraction, gold, with_gaps, stated_gaps))
    return EvalReport.of(scores)
