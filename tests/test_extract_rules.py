"""The rule language: every side, fallback and object place the schema names has its finder,
and a rule file that says something the schema does not know is refused at load."""

from __future__ import annotations

import pytest

from graph.errors import VocabularyError
from loaders.extract.finders import FALLBACKS, OBJECTS, SUBJECTS
from loaders.extract.rule_schema import FALLBACKS as FALLBACK_NAMES
from loaders.extract.rule_schema import OBJECT_SIDES, SUBJECT_SIDES, Rule, load_rules


def test_every_side_the_schema_names_has_a_finder_and_no_finder_is_unnamed():
    assert set(SUBJECTS) == SUBJECT_SIDES
    assert set(OBJECTS) == OBJECT_SIDES
    assert set(FALLBACKS) == FALLBACK_NAMES


def _rules(**changes) -> dict:
    rule = {"id": "r.one", "predicate": "responsible_for", "triggers": ["ansvarar för"], **changes}
    return {"defaults": {"confidence": 0.6}, "rules": [rule]}


def test_a_valid_rule_takes_the_files_defaults_and_lower_cases_its_words():
    rule = load_rules(_rules(unless_before=["Vem"]), path="claims.yaml")["r.one"]  # type: ignore[arg-type]
    assert isinstance(rule, Rule) and rule.confidence == 0.6 and rule.unless_before == frozenset({"vem"})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subjekt": "before"}, r"rules\.r\.one: unknown keys \['subjekt'\]"),
        ({"subject": "beside"}, r"rules\.r\.one\.subject: Input should be"),
        ({"object": "after"}, r"rules\.r\.one: object: responsible_for takes no object"),
        ({"mode": "rules"}, r"rules\.r\.one: unknown mode 'rules'"),
        ({"confidence": 1.5}, r"rules\.r\.one\.confidence"),
        ({"triggers": ["(har|har fått) ansvar"]}, r"rules\.r\.one\.triggers: .*one word each"),
        ({"kinds": ["tweet"]}, r"rules\.r\.one: kinds"),
    ],
)
def test_a_rule_the_schema_does_not_accept_is_refused_with_its_id_and_key(changes, message):
    with pytest.raises(VocabularyError, match=message):
        load_rules(_rules(**changes), path="claims.yaml")  # type: ignore[arg-type]


def test_a_suppressed_rule_must_exist():
    with pytest.raises(VocabularyError, match=r"suppresses: unknown rules \['r\.two'\]"):
        load_rules(_rules(suppresses=["r.two"]), path="claims.yaml")  # type: ignore[arg-type]
