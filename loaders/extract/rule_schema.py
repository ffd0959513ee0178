"""The schema of a claim rule (data/extraction/claims.yaml), typed and checked once at load.

A rule is a pydantic model: unknown keys are refused, every side, fallback and issue mode is
one of the names the finders know (``loaders/extract/finders.py`` registers one function per
name), word lists are lower-cased sets, and the values the vocabulary owns (predicates,
modes, bases, kinds of missing thing, document kinds) are checked against
data/vocabulary.yaml. ``load_rules`` turns the file into ``{id: Rule}`` or raises one
VocabularyError naming the file, the rule and the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from graph.errors import VocabularyError
from graph.vocabulary import vocabulary
from loaders.extract.phrases import phrase_problem

SubjectSide = Literal[
    "before",
    "after",
    "either",
    "inside",
    "agent",
    "list_after",
    "list_first",
    "speaker",
    "scope",
    "auditor_near",
    "auditor",
    "author",
    "genitive",
    "inverted",
]
ObjectSide = Literal["none", "before", "after", "head", "either", "inside", "list_after", "scope"]
Fallback = Literal["scope", "speaker", "auditor", "author", "before", "list_first", "none"]
IssueMode = Literal["after", "sentence", "following", "topic"]
SUBJECT_SIDES = frozenset(get_args(SubjectSide))
OBJECT_SIDES = frozenset(get_args(ObjectSide))
FALLBACKS = frozenset(get_args(Fallback))

Words = frozenset[str]


class Rule(BaseModel):
    """One claim rule: where its trigger is, where its actors are, and what it claims."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    predicate: str
    triggers: tuple[str, ...] = Field(min_length=1, description="phrases: word, (a|b), ~lemma, ... for a gap")
    subject: SubjectSide = "before"
    object: ObjectSide = "none"
    fallback: Fallback | None = None
    object_fallback: Fallback | None = None
    mode: str | None = None
    basis: str | None = None
    what: str | None = None
    issue: IssueMode = "after"
    max_gap: int = Field(4, ge=0)
    confidence: float = Field(0.7, gt=0, le=1)
    mode_after: dict[str, str] = Field(default_factory=dict, description="word after the trigger → mode")
    mode_by_subject_type: dict[str, str] = Field(default_factory=dict)
    subject_types: Words | None = None
    object_types: Words | None = None
    subject_active: Words = frozenset()  # first words of the trigger after which the subject stands before
    unless: Words = frozenset()  # words before the trigger in its sentence that block the rule
    unless_later: Words = frozenset()  # words after the trigger in its sentence that block the rule
    unless_before: Words = frozenset()  # words right before the trigger that block it
    unless_after: Words = frozenset()  # the word right after the trigger that blocks it
    unless_inside: Words = frozenset()  # words in a gap of the trigger that block it ("har tagit … ansvaret")
    needs_after: Words = frozenset()  # one of these must follow the trigger in its sentence
    issue_words: Words = frozenset()
    suppresses: frozenset[str] = frozenset()  # rule ids this one overrides where they overlap
    # the status the subject has for the status the words around give ("none": no cue): the
    # body a move is "from" holds it while the move is planned, held it once it is done
    status_shift: dict[str, str] = Field(default_factory=dict)
    alongside: frozenset[str] = frozenset()  # rule ids of the same predicate whose hits may overlap this one's
    self_attributed: bool = False
    before_window: int = Field(3, ge=0)
    suppress_window: int = Field(0, ge=0)
    kinds: frozenset[str] | None = None  # the document kinds the rule reads (None: every kind)
    negatable: bool = True  # False: a negation near the trigger is the claim's content, not its denial
    negated: bool = False  # True: the rule states that something is NOT so
    for_organisation: bool = False  # True: a speaker subject stands for the organisation they are in

    @field_validator(
        "subject_active",
        "unless",
        "unless_later",
        "unless_before",
        "unless_after",
        "unless_inside",
        "needs_after",
        "issue_words",
        mode="before",
    )
    @classmethod
    def _lower_words(cls, value: Any) -> Any:
        """Word lists are matched on lower-case tokens."""
        return frozenset(str(w).lower() for w in value) if isinstance(value, list | tuple | set) else value

    @field_validator("mode_after", mode="before")
    @classmethod
    def _lower_keys(cls, value: Any) -> Any:
        return {str(k).lower(): v for k, v in value.items()} if isinstance(value, dict) else value

    @field_validator("triggers")
    @classmethod
    def _phrases(cls, triggers: tuple[str, ...]) -> tuple[str, ...]:
        """A phrase that could never match (a space inside an alternative, a gap at an end) is refused."""
        for phrase in triggers:
            problem = phrase_problem(phrase)
            if problem is not None:
                raise ValueError(f"{phrase!r}: {problem}")
        return triggers

    @model_validator(mode="after")
    def _fits_the_vocabulary(self) -> Rule:
        """Predicate, modes, basis, what and kinds are the vocabulary's; an object side iff the
        predicate takes an object."""
        v = vocabulary()
        if self.predicate not in v.predicates:
            raise ValueError(f"unknown predicate {self.predicate!r}")
        has_object = v.predicates[self.predicate].object_types is not None
        if (self.object != "none") != has_object:
            raise ValueError(f"object: {self.predicate} " + ("needs an object" if has_object else "takes no object"))
        modes = [self.mode, *self.mode_after.values(), *self.mode_by_subject_type.values()]
        bad = [m for m in modes if m is not None and m not in v.modes]
        if bad:
            raise ValueError(f"unknown mode {bad[0]!r}")
        if self.basis not in (None, *v.bases):
            raise ValueError(f"unknown basis {self.basis!r}")
        if self.what not in (None, "from_noun", *v.lacks_what):
            raise ValueError(f"unknown what {self.what!r}")
        shift = set(self.status_shift) | set(self.status_shift.values())
        if not shift <= {"none", *v.statuses}:
            raise ValueError(f"status_shift: statuses ({', '.join(v.statuses)}) or none")
        if self.kinds is not None and not self.kinds <= set(v.document_kinds):
            raise ValueError(f"kinds: a list of document kinds ({', '.join(v.document_kinds)})")
        return self


def _where(error: ErrorDetails) -> str:
    return ".".join(str(p) for p in error["loc"]) if error["loc"] else ""


def load_rules(raw: dict[str, Any], path: Path) -> dict[str, Rule]:
    """The rules of a claims file (``defaults`` and ``rules``), by id, in file order."""
    defaults = raw.get("defaults") or {}
    unknown = sorted(set(defaults) - {"max_gap", "confidence"})
    if unknown:
        raise VocabularyError(f"{path}: defaults: unknown keys {unknown}; expected max_gap, confidence")
    out: dict[str, Rule] = {}
    for n, spec in enumerate(raw.get("rules") or []):
        if not isinstance(spec, dict) or not spec.get("id"):
            raise VocabularyError(f"{path}: rules[{n}]: every rule needs an id")
        where = f"rules.{spec['id']}"
        try:
            rule = Rule.model_validate({**defaults, **spec})
        except ValidationError as exc:
            first = exc.errors()[0]
            key = _where(first)
            if first["type"] == "extra_forbidden":
                extra = sorted(set(spec) - set(Rule.model_fields))
                raise VocabularyError(
                    f"{path}: {where}: unknown keys {extra}; expected some of {sorted(Rule.model_fields)}"
                ) from None
            message = first["msg"].removeprefix("Value error, ")
            raise VocabularyError(f"{path}: {where}{'.' + key if key else ''}: {message}") from None
        if rule.id in out:
            raise VocabularyError(f"{path}: duplicate rule id {rule.id!r}")
        out[rule.id] = rule
    for rule in out.values():
        for key in ("suppresses", "alongside"):
            unknown_ids = getattr(rule, key) - set(out)
            if unknown_ids:
                raise VocabularyError(f"{path}: rules.{rule.id}.{key}: unknown rules {sorted(unknown_ids)}")
    return out
