"""The spaCy objects of the extractor, built once per process.

``resources()`` holds a blank Swedish pipeline (tokenizer only), a sentencizer called
directly, and three PhraseMatchers on lower-cased tokens: jurisdiction forms of the
gazetteer, organisation names of the gazetteer, and the trigger phrases of the claim rules.
Building them takes a second or two (the lookup lemmatizer table is read once to inflect
the triggers); every document after that only tokenises and matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from graph.gazetteer import Gazetteer, gazetteer
from graph.textmatch import normalise
from loaders.extract.config import ExtractionConfig, config
from loaders.extract.phrases import expand_part, lemmas_in, load_inflections, parse_phrase

_MIN_LOWERCASE_NAME = 7


@dataclass(frozen=True)
class OrgForm:
    """A surface form of a gazetteer organisation and how strictly its case must match."""

    org_id: str
    form: str
    case: str  # any | capital | exact
    genitive: bool = False


@dataclass(frozen=True)
class TriggerPart:
    """One part of a trigger phrase (gapped triggers have several) of one claim rule."""

    rule: str
    trigger: int
    part: int
    parts: int
    group: tuple[str, int]  # (rule, trigger): the parts of one trigger share it


@dataclass
class Resources:
    nlp: Language
    senter: Sentencizer
    jurisdictions: PhraseMatcher
    organisations: PhraseMatcher
    triggers: PhraseMatcher
    jurisdiction_forms: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)
    org_forms: dict[str, list[OrgForm]] = field(default_factory=dict)
    trigger_parts: dict[str, TriggerPart] = field(default_factory=dict)
    trigger_gaps: dict[str, int] = field(default_factory=dict)
    trigger_ids: dict[int, tuple[TriggerPart, ...]] = field(default_factory=dict)  # match id → its parts


def _doc(nlp: Language, text: str) -> Doc:
    return nlp.make_doc(text)


def _jurisdiction_matcher(nlp: Language, gaz: Gazetteer) -> tuple[PhraseMatcher, dict]:
    """Forms of every jurisdiction; ambiguous short names are marked weak (context check)."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    forms: dict[str, list[tuple[str, str, bool]]] = {}
    for j in gaz.jurisdictions.values():
        for form in j.forms():
            if form == j.slug and form != normalise(j.short):
                continue  # an ASCII slug is no word of running text
            weak = j.short in gaz.ambiguous and form in (j.short, j.genitive)
            key = normalise(form)
            entries = forms.setdefault(key, [])
            if not any(slug == j.slug for slug, _, _ in entries):
                entries.append((j.slug, form, weak))
    for key in forms:
        matcher.add("J", [_doc(nlp, key)])
    return matcher, forms


def _org_variants(name: str) -> list[tuple[str, bool, bool]]:
    """(form, derived, genitive) variants of an organisation name: the name, its genitive,
    and for a definite single word its indefinite stem ("Migrationsverket" → "Migrationsverk")."""
    out = [(name, False, False)]
    if not name.endswith("s"):
        out.append((name + "s", False, True))
    words = name.split()
    if len(words) == 1 and len(name) >= _MIN_LOWERCASE_NAME and not name.isupper():
        low = name.lower()
        for ending in config().grammar.name_definite_endings:  # "Migrationsverket" → "Migrationsverk"
            if low.endswith(ending):
                out.append((name[: -len(ending)], True, False))
    return out


def _case_rule(form: str, derived: bool) -> str:
    if len(form.split()) > 1:
        return "any"
    if form.isupper() or (any(c.isupper() for c in form[1:]) and len(form) <= 5):
        return "exact"
    low = form.lower()
    grammar = config().grammar
    plural = low.endswith(grammar.name_plural_endings)
    if not derived and not plural and len(form) >= _MIN_LOWERCASE_NAME and low.endswith(grammar.definite_endings):
        return "any"
    return "capital"


def _organisation_matcher(nlp: Language, gaz: Gazetteer) -> tuple[PhraseMatcher, dict]:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    forms: dict[str, list[OrgForm]] = {}
    for org in gaz.organisations.values():
        for name in (org.name, *org.aliases):
            base_rule = _case_rule(name, False)
            for form, derived, genitive in _org_variants(name):
                key = normalise(form)
                rule = base_rule if genitive else _case_rule(form, derived)
                forms.setdefault(key, []).append(OrgForm(org.id, form, rule, genitive))
    for key in forms:
        matcher.add("O", [_doc(nlp, key)])
    return matcher, forms


def _trigger_matcher(nlp: Language, cfg: ExtractionConfig) -> tuple[PhraseMatcher, dict, dict, dict]:
    """A PhraseMatcher with one key per distinct token sequence (lower case) of the trigger
    parts, and for each key's match id the trigger parts that sequence stands for.

    Many parts share a sequence: "har" begins a dozen triggers. One key per part (the
    matcher's natural use) returns a dozen matches for every "har" of the text; one key per
    sequence returns one, expanded to its parts only where a trigger can be completed
    (``claims``). The parts of a sequence are listed in the order in which a matcher with
    one key per part gives them (probed once here), so the expansion is the same list of
    matches as that matcher's, in the same order."""
    per_part = PhraseMatcher(nlp.vocab, attr="LOWER")
    parts_of: dict[str, TriggerPart] = {}
    gaps: dict[str, int] = {}
    sequences: dict[tuple[str, ...], None] = {}
    load_inflections(lemmas_in(t for rule in cfg.rules.values() for t in rule.triggers))
    for rule in cfg.rules.values():
        for t, phrase in enumerate(rule.triggers):
            parts = parse_phrase(phrase)
            for p, part in enumerate(parts):
                key = f"{rule.id}|{t}|{p}"
                parts_of[key] = TriggerPart(rule.id, t, p, len(parts), (rule.id, t))
                gaps[key] = rule.max_gap
                patterns = [Doc(nlp.vocab, words=list(words)) for words in expand_part(part)]
                per_part.add(key, patterns)
                for doc in patterns:
                    sequences[tuple(tok.lower_ for tok in doc)] = None
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    ids: dict[int, tuple[TriggerPart, ...]] = {}
    strings = nlp.vocab.strings
    for n, seq in enumerate(sequences):
        probe = Doc(nlp.vocab, words=list(seq))
        order = [parts_of[strings[k]] for k, s, e in per_part(probe) if s == 0 and e == len(seq)]
        key = f"trigger#{n}"
        matcher.add(key, [probe])
        ids[strings[key]] = tuple(order)
    return matcher, parts_of, gaps, ids


@lru_cache(maxsize=1)
def resources() -> Resources:
    """The pipeline and matchers, built on first use and kept for the process."""
    nlp = spacy.blank("sv")
    senter = nlp.add_pipe("sentencizer")
    gaz = gazetteer()
    cfg = config()
    jm, jforms = _jurisdiction_matcher(nlp, gaz)
    om, oforms = _organisation_matcher(nlp, gaz)
    tm, parts, gaps, ids = _trigger_matcher(nlp, cfg)
    return Resources(
        nlp=nlp,
        senter=senter,
        jurisdictions=jm,
        organisations=om,
        triggers=tm,
        jurisdiction_forms=jforms,
        org_forms=oforms,
        trigger_parts=parts,
        trigger_gaps=gaps,
        trigger_ids=ids,
    )
