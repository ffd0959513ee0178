"""The extractor's data (data/extraction/*.yaml), loaded and validated once.

Everything Swedish the extractor knows — body morphology, titles, trigger phrases, cue
words, document kinds — lives in those files; the code only reads this object. A rule that
names an unknown predicate, mode or side fails here, at load time, with the file and rule.

>>> cfg = config()
>>> cfg.rules["responsible.owns"].predicate, cfg.rules["responsible.owns"].mode
('responsible_for', 'owns')
>>> "revisorerna" in cfg.organisations.body_words
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import VocabularyError
from graph.paths import data_dir
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from graph.yamlfile import read_data_yaml
from loaders.extract.rule_schema import Rule, load_rules


@dataclass(frozen=True)
class BodyHead:
    indefinite: str
    definite: str
    type: str
    plural: str | None = None  # "nämnder": a body only after a determiner ("samtliga stadsdelsnämnder")
    plural_definite: str | None = None  # "nämnderna": the bodies of that kind together ("stadsdelsnämnderna")


@dataclass(frozen=True)
class OrganisationData:
    body_heads: tuple[BodyHead, ...]
    min_prefix: int
    not_bodies: frozenset[str]
    body_words: dict[str, dict[str, str]]
    body_modifiers: frozenset[str]
    plural_determiners: frozenset[str]  # "samtliga stadsdelsnämnder": words that make a plural head bodies
    genitive_administration_heads: tuple[str, ...]
    abbreviations: dict[str, str]
    serves: dict[str, str]
    organisation_suffixes: tuple[tuple[str, str, bool], ...]  # (suffix, type, local)
    county_organisations: dict[str, str]
    not_organisations: frozenset[str]
    appositive_heads: dict[str, str]
    adjective_heads: dict[str, str]
    not_adjective_names: frozenset[str]
    company_markers: frozenset[str]
    chapter_suffixes: tuple[str, ...]
    jurisdiction_nouns: frozenset[str]
    region_nouns: frozenset[str]  # the jurisdiction nouns that name the region in scope ("regionen")
    collective_nouns: tuple[str, ...]
    municipality_groups: tuple[tuple[tuple[str, ...], str], ...]
    # a count before a plural noun names a group too ("drygt 60 kommuner", "ett trettiotal
    # kommuner"): (noun, of), and the words of a count
    counted_groups: tuple[tuple[str, str], ...]
    count_words: dict[str, tuple[str, ...]]
    anaphoric_nouns: dict[str, str]
    auditor_words: tuple[str, ...]  # a board whose name holds one is the elected auditors ("revisorerna")
    supervisor_words: tuple[str, ...]  # an agency whose name holds one audits or inspects
    section_words: frozenset[str]  # a report's section headings: never the first word of a name
    body_adjectives: frozenset[str]  # "Tekniska kontoret": an adjective that names a bare body head
    name_continuations: tuple[str, ...]  # "Myndigheten för …": after one, an anaphoric noun is a name
    municipality_nouns: tuple[str, ...]  # "Ystads kommun": the noun after a place's genitive
    # names of one body of a jurisdiction: (full names, bare names), each the lower-case
    # canonical names of body_words ("kommunrevisionen", "kommunrevisorerna"; "revisorerna")
    same_body: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class PeopleData:
    titles: frozenset[str]
    title_suffixes: tuple[str, ...]
    not_titles: frozenset[str]
    municipal_title_suffixes: tuple[str, ...]
    title_responsibilities: tuple[tuple[str, str], ...]
    affiliation_prepositions: frozenset[str]
    workplace_prepositions: frozenset[str]  # "Sara Ek på X", "Nils Berg från X"
    org_articles: frozenset[str]  # "vid den X": an article before an organisation's name
    title_modifiers: frozenset[str]  # "är avgående ordförande i": a word before a title, no part of it
    title_purposes: frozenset[str]  # "samordnare för äldreomsorg på SKR": what opens a title's purpose
    name_joiners: frozenset[str]  # "A och B": what joins coordinated names
    byline_words: frozenset[str]  # "Av A, B": what opens a byline (as written)
    organisation_endings: tuple[str, ...]  # "Räddningstjänsten Storgöteborg" begins no person's name
    speech_verbs: frozenset[str]
    not_names: frozenset[str]
    first_names: frozenset[str]


@dataclass(frozen=True)
class CueData:
    negation: frozenset[str]
    negation_before: int
    negation_after: int
    negated_manner: tuple[str, ...]  # "inte … på ett tillfredsställande sätt": how well, not whether
    status_window: int
    status: dict[str, tuple[str, ...]]
    basis: dict[str, tuple[str, ...]]
    lacks_what: dict[str, tuple[str, ...]]
    attribution_after: frozenset[str]
    attribution_before: tuple[str, ...]
    attribution_preposition: frozenset[str]
    interview: tuple[str, ...]
    quote_intro: tuple[str, ...]
    quote_marks: tuple[str, ...]
    pronouns: dict[str, frozenset[str]]
    possessives: frozenset[str]  # pronouns that determine a noun ("deras uppdrag"): never a clause's subject
    article_word: str  # the plural pronoun that is also an article ("de")
    article_next_words: frozenset[str]  # after it: an article, not a pronoun
    article_next_endings: tuple[str, ...]
    state_nouns: tuple[str, ...]
    question_words: frozenset[str]
    unasserted: tuple[str, ...]  # "vill att", "kräver att": what follows is not stated
    question_window: int
    confidence: dict[str, float]


@dataclass(frozen=True)
class DocumentData:
    title_weight: float
    min_score: float
    kinds: dict[str, tuple[dict[str, Any], ...]]
    months: tuple[str, ...]
    national_markers: frozenset[str]
    dominant_share: float
    min_mentions: int
    state: str
    newspaper_words: frozenset[str]  # "Hallands Nyheter": the place is a paper's name
    audit_kinds: frozenset[str]  # the document kinds written in an auditor's voice


@dataclass(frozen=True)
class IssueData:
    min_compound: int
    compound_prefixes: dict[str, tuple[str, ...]]
    not_issue_words: frozenset[str]
    default_topic: str


@dataclass(frozen=True)
class GrammarData:
    """Closed-class words and endings the rules read (grammar.yaml)."""

    coordinators: frozenset[str]
    list_separators: frozenset[str]
    clause_ends: frozenset[str]
    relative: str
    infinitive_marker: str  # "ansvar för att erbjuda …": a task, not a named issue, follows
    clause_subjects: frozenset[str]  # "… och det saknas": a new clause after och/men
    subordinators: frozenset[str]
    reciprocals: frozenset[str]
    gapping_prepositions: frozenset[str]
    gapping_joins: frozenset[str]
    agent_prepositions: frozenset[str]
    subject_barriers: frozenset[str]
    copulas: frozenset[str]
    lacks_clause_stops: frozenset[str]
    group_separators: frozenset[str]
    group_lead_words: frozenset[str]
    appositive_words: frozenset[str]
    place_prepositions: frozenset[str]
    noun_complement_prepositions: frozenset[str]  # "information till kommunerna": no subject
    conjunctions: tuple[str, ...]
    not_genitives: frozenset[str]
    adjective_endings: tuple[str, ...]
    definite_endings: tuple[str, ...]
    quote_edges: frozenset[str]  # punctuation a quote of a long sentence may start or end at
    name_definite_endings: tuple[str, ...]  # a definite name's endings, stripped for its stem
    name_plural_endings: tuple[str, ...]  # "Företagarna": a name that is also a plural noun, capitalised only
    attach_prepositions: tuple[str, ...]  # "nämnden i Mora": what joins a body to its place


@dataclass(frozen=True)
class ExtractionConfig:
    organisations: OrganisationData
    people: PeopleData
    rules: dict[str, Rule]
    cues: CueData
    documents: DocumentData
    issues: IssueData
    grammar: GrammarData


def _low(values: Any) -> tuple[str, ...]:
    return tuple(str(v).lower() for v in (values or ()))


def _need(cond: bool, path: Path, message: str) -> None:
    if not cond:
        raise VocabularyError(f"{path}: {message}")


def _only(raw: dict, path: Path, known: Iterable[str], where: str = "") -> None:
    """Refuse keys no loader reads: a misspelt key would otherwise switch its words off unseen."""
    known = set(known)
    unknown = sorted(set(raw) - known)
    _need(not unknown, path, f"{where}unknown keys {unknown}; expected some of {sorted(known)}")


def _fields(data_class: type) -> set[str]:
    """The field names of a data class: the keys of a file that maps one to one onto it."""
    return {f.name for f in dataclasses.fields(data_class)}


def _organisations(path: Path) -> OrganisationData:
    raw = read_data_yaml(path)
    _only(raw, path, _fields(OrganisationData))
    types = set(vocabulary().entity_types)
    heads = []
    for i, h in enumerate(raw.get("body_heads") or []):
        _need(
            isinstance(h, dict) and {"indefinite", "definite", "type"} <= set(h),
            path,
            f"body_heads[{i}]: needs indefinite, definite and type",
        )
        _only(h, path, ("indefinite", "definite", "type", "plural", "plural_definite"), f"body_heads[{i}]: ")
        _need(h["type"] in types, path, f"body_heads[{i}]: unknown type {h['type']!r}")
        plural, plural_definite = h.get("plural"), h.get("plural_definite")
        heads.append(
            BodyHead(
                h["indefinite"].lower(),
                h["definite"].lower(),
                h["type"],
                plural.lower() if plural else None,
                plural_definite.lower() if plural_definite else None,
            )
        )
    suffixes = []
    for i, s in enumerate(raw.get("organisation_suffixes") or []):
        _need(s.get("type") in types, path, f"organisation_suffixes[{i}]: unknown type {s.get('type')!r}")
        suffixes.append((s["suffix"].lower(), s["type"], bool(s.get("local", False))))
    for word, spec in (raw.get("body_words") or {}).items():
        _only(spec, path, ("name", "type"), f"body_words.{word}: ")
        _need(spec.get("type") in types, path, f"body_words.{word}: unknown type")
    for noun, t in {
        **(raw.get("appositive_heads") or {}),
        **(raw.get("anaphoric_nouns") or {}),
        **(raw.get("adjective_heads") or {}),
    }.items():
        _need(t in types, path, f"{noun}: unknown type {t!r}")
    stray = set(_low(raw.get("region_nouns"))) - set(_low(raw.get("jurisdiction_nouns")))
    _need(not stray, path, f"region_nouns: not among jurisdiction_nouns: {sorted(stray)}")
    groups = []
    for g in raw.get("municipality_groups") or []:
        _need(g.get("of") in ("region", "state", "scope"), path, "municipality_groups: `of` is region, state or scope")
        groups.append((_low(g["forms"]), g["of"]))
    counted = []
    for i, g in enumerate(raw.get("counted_groups") or []):
        _only(g, path, ("noun", "of"), f"counted_groups[{i}]: ")
        _need(g.get("of") in ("region", "state", "scope"), path, f"counted_groups[{i}]: `of` is region, state or scope")
        counted.append((str(g["noun"]).lower(), g["of"]))
    count_words = raw.get("count_words") or {}
    _only(count_words, path, ("approximations", "numbers", "tens"), "count_words: ")
    return OrganisationData(
        body_heads=tuple(sorted(heads, key=lambda h: -len(h.definite))),
        min_prefix=int(raw.get("min_prefix", 3)),
        not_bodies=frozenset(_low(raw.get("not_bodies"))),
        body_words={k.lower(): v for k, v in (raw.get("body_words") or {}).items()},
        body_modifiers=frozenset(_low(raw.get("body_modifiers"))),
        plural_determiners=frozenset(_low(raw.get("plural_determiners"))),
        genitive_administration_heads=_low(raw.get("genitive_administration_heads")),
        abbreviations=dict(raw.get("abbreviations") or {}),
        serves={k.lower(): v for k, v in (raw.get("serves") or {}).items()},
        organisation_suffixes=tuple(sorted(suffixes, key=lambda s: -len(s[0]))),
        county_organisations={k.lower(): v for k, v in (raw.get("county_organisations") or {}).items()},
        not_organisations=frozenset(raw.get("not_organisations") or ()),
        appositive_heads={k.lower(): v for k, v in (raw.get("appositive_heads") or {}).items()},
        adjective_heads={k.lower(): v for k, v in (raw.get("adjective_heads") or {}).items()},
        not_adjective_names=frozenset(raw.get("not_adjective_names") or ()),
        company_markers=frozenset(raw.get("company_markers") or ()),
        chapter_suffixes=tuple(sorted(_low(raw.get("chapter_suffixes")), key=len, reverse=True)),
        jurisdiction_nouns=frozenset(_low(raw.get("jurisdiction_nouns"))),
        region_nouns=frozenset(_low(raw.get("region_nouns"))),
        collective_nouns=_low(raw.get("collective_nouns")),
        municipality_groups=tuple(groups),
        counted_groups=tuple(counted),
        count_words={k: _low(v) for k, v in count_words.items()},
        anaphoric_nouns={k.lower(): v for k, v in (raw.get("anaphoric_nouns") or {}).items()},
        auditor_words=_low(raw.get("auditor_words")),
        supervisor_words=_low(raw.get("supervisor_words")),
        section_words=frozenset(_low(raw.get("section_words"))),
        body_adjectives=frozenset(_low(raw.get("body_adjectives"))),
        name_continuations=_low(raw.get("name_continuations")),
        municipality_nouns=_low(raw.get("municipality_nouns")),
        same_body=_same_body(raw, path),
    )


def _same_body(raw: dict, path: Path) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """organisations.yaml ``same_body``: each group's full and bare names, which must be the
    canonical names of body_words (a name no word gives would never be met)."""
    canonical = {spec["name"].lower() for spec in (raw.get("body_words") or {}).values()}
    out = []
    for i, group in enumerate(raw.get("same_body") or []):
        _only(group, path, ("names", "bare"), f"same_body[{i}]: ")
        names, bare = _low(group.get("names")), _low(group.get("bare"))
        stray = sorted(set(names + bare) - canonical)
        message = f"same_body[{i}]: needs names, all canonical names of body_words: {stray}"
        _need(bool(names) and not stray, path, message)
        out.append((names, bare))
    return tuple(out)


def _people(path: Path) -> PeopleData:
    raw = read_data_yaml(path)
    _only(raw, path, _fields(PeopleData))
    modes = set(vocabulary().modes)
    responsibilities = []
    for i, r in enumerate(raw.get("title_responsibilities") or []):
        _need(r.get("mode") in modes, path, f"title_responsibilities[{i}]: unknown mode {r.get('mode')!r}")
        responsibilities.append((r["suffix"].lower(), r["mode"]))
    return PeopleData(
        titles=frozenset(_low(raw.get("titles"))),
        title_suffixes=tuple(sorted(_low(raw.get("title_suffixes")), key=len, reverse=True)),
        not_titles=frozenset(_low(raw.get("not_titles"))),
        municipal_title_suffixes=_low(raw.get("municipal_title_suffixes")),
        title_responsibilities=tuple(responsibilities),
        affiliation_prepositions=frozenset(_low(raw.get("affiliation_prepositions"))),
        workplace_prepositions=frozenset(_low(raw.get("workplace_prepositions"))),
        org_articles=frozenset(_low(raw.get("org_articles"))),
        title_modifiers=frozenset(_low(raw.get("title_modifiers"))),
        title_purposes=frozenset(_low(raw.get("title_purposes"))),
        name_joiners=frozenset(_low(raw.get("name_joiners"))),
        byline_words=frozenset(raw.get("byline_words") or ()),
        organisation_endings=_low(raw.get("organisation_endings")),
        speech_verbs=frozenset(_low(raw.get("speech_verbs"))),
        not_names=frozenset(raw.get("not_names") or ()),
        first_names=frozenset(raw.get("first_names") or ()),
    )


def _rules(path: Path) -> dict[str, Rule]:
    """The claim rules of claims.yaml, each checked by its schema (``rule_schema``)."""
    return load_rules(read_data_yaml(path), path)


# the sections of cues.yaml and their keys
_CUE_SECTIONS = {
    "attribution": ("after", "before", "preposition", "interview", "quote_intro", "quote_marks"),
    "negation_window": ("before", "after"),
    "plural_article": ("word", "next_words", "next_endings"),
}
# the CueData fields read from a section of cues.yaml (or under another name), not from a key of their own
_CUE_SECTION_FIELDS = {
    "negation_before",
    "negation_after",
    "attribution_after",
    "attribution_before",
    "attribution_preposition",
    "interview",
    "quote_intro",
    "quote_marks",
    "possessives",
    "article_word",
    "article_next_words",
    "article_next_endings",
}


def _cues(path: Path) -> CueData:
    raw = read_data_yaml(path)
    v = vocabulary()
    status = {k: _low(vs) for k, vs in (raw.get("status") or {}).items()}
    basis = {k: _low(vs) for k, vs in (raw.get("basis") or {}).items()}
    what = {k: _low(vs) for k, vs in (raw.get("lacks_what") or {}).items()}
    _need(set(status) <= set(v.statuses), path, "status: unknown status")
    _need(set(basis) <= set(v.bases), path, "basis: unknown basis")
    _need(set(what) <= set(v.lacks_what), path, "lacks_what: unknown kind of missing thing")
    attribution = raw.get("attribution") or {}
    window = raw.get("negation_window") or {}
    article = raw.get("plural_article") or {}
    _only(raw, path, _fields(CueData) - _CUE_SECTION_FIELDS | set(_CUE_SECTIONS) | {"possessive_pronouns"})
    for name, keys in _CUE_SECTIONS.items():
        _only(raw.get(name) or {}, path, keys, f"{name}: ")
    return CueData(
        negation=frozenset(_low(raw.get("negation"))),
        negation_before=int(window.get("before", 4)),
        negation_after=int(window.get("after", 2)),
        negated_manner=_low(raw.get("negated_manner")),
        status_window=int(raw.get("status_window", 8)),
        status=status,
        basis=basis,
        lacks_what=what,
        attribution_after=frozenset(_low(attribution.get("after"))),
        attribution_before=_low(attribution.get("before")),
        attribution_preposition=frozenset(_low(attribution.get("preposition"))),
        interview=_low(attribution.get("interview")),
        quote_intro=_low(attribution.get("quote_intro")),
        quote_marks=tuple(attribution.get("quote_marks") or ()),
        pronouns={k: frozenset(_low(vs)) for k, vs in (raw.get("pronouns") or {}).items()},
        possessives=frozenset(_low(raw.get("possessive_pronouns"))),
        article_word=str(article.get("word", "")).lower(),
        article_next_words=frozenset(_low(article.get("next_words"))),
        article_next_endings=_low(article.get("next_endings")),
        state_nouns=_low(raw.get("state_nouns")),
        question_words=frozenset(_low(raw.get("question_words"))),
        unasserted=_low(raw.get("unasserted")),
        question_window=int(raw.get("question_window", 8)),
        confidence={k: float(x) for k, x in (raw.get("confidence") or {}).items()},
    )


def _documents(path: Path) -> DocumentData:
    raw = read_data_yaml(path)
    # `dates` and `titles` are read and checked by the metadata readers (loaders/extract and loaders/reading)
    _only(raw, path, _fields(DocumentData) | {"dates", "titles"})
    kinds = raw.get("kinds") or {}
    _need(set(kinds) <= set(vocabulary().document_kinds), path, "kinds: unknown document kind")
    audit = set(raw.get("audit_kinds") or ())
    _need(audit <= set(vocabulary().document_kinds), path, "audit_kinds: unknown document kind")
    return DocumentData(
        title_weight=float(raw.get("title_weight", 3)),
        min_score=float(raw.get("min_score", 2)),
        kinds={k: tuple(cues) for k, cues in kinds.items()},
        months=_low(raw.get("months")),
        national_markers=frozenset(_low(raw.get("national_markers"))),
        dominant_share=float(raw.get("dominant_share", 0.6)),
        min_mentions=int(raw.get("min_mentions", 2)),
        state=str(raw.get("state", "sverige")),
        newspaper_words=frozenset(raw.get("newspaper_words") or ()),
        audit_kinds=frozenset(raw.get("audit_kinds") or ()),
    )


def _issues(path: Path) -> IssueData:
    raw = read_data_yaml(path)
    _only(raw, path, _fields(IssueData))
    prefixes = {k: _low(vs) for k, vs in (raw.get("compound_prefixes") or {}).items()}
    unknown = [k for k in prefixes if k not in taxonomy()]
    _need(not unknown, path, f"compound_prefixes: unknown issues {unknown}")
    topic = raw.get("default_topic")
    if not isinstance(topic, str) or topic not in taxonomy():  # the taxonomy's ids are strings
        raise VocabularyError(f"{path}: default_topic: unknown issue {topic!r}")
    return IssueData(
        min_compound=int(raw.get("min_compound", 8)),
        compound_prefixes=prefixes,
        not_issue_words=frozenset(_low(raw.get("not_issue_words"))),
        default_topic=topic,
    )


def _grammar(path: Path) -> GrammarData:
    raw = read_data_yaml(path)
    _only(raw, path, _fields(GrammarData))
    names = [f for f in GrammarData.__dataclass_fields__]
    missing = [n for n in names if n not in raw]
    _need(not missing, path, f"missing keys {missing}")
    values: dict[str, Any] = {}
    for name in names:
        kind = GrammarData.__dataclass_fields__[name].type
        if kind == "str":
            _need(isinstance(raw[name], str), path, f"{name}: one word expected")
            values[name] = raw[name].lower()
        else:
            _need(isinstance(raw[name], list), path, f"{name}: a list expected")
            words = _low(raw[name])
            values[name] = words if kind.startswith("tuple") else frozenset(words)
    return GrammarData(**values)


def load_config(folder: Path) -> ExtractionConfig:
    """Read and validate every extraction data file in ``folder``."""
    return ExtractionConfig(
        organisations=_organisations(folder / "organisations.yaml"),
        people=_people(folder / "people.yaml"),
        rules=_rules(folder / "claims.yaml"),
        cues=_cues(folder / "cues.yaml"),
        documents=_documents(folder / "documents.yaml"),
        issues=_issues(folder / "issues.yaml"),
        grammar=_grammar(folder / "grammar.yaml"),
    )


@lru_cache(maxsize=1)
def config() -> ExtractionConfig:
    """The project's extraction data, loaded once from data/extraction/."""
    return load_config(data_dir() / "extraction")
