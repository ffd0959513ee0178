"""The extraction data (data/extraction/*.yaml) is checked when it is loaded: a missing or
malformed entry fails with the file and the key, before any text is read."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from graph.errors import VocabularyError
from graph.paths import data_dir
from loaders.extract.config import load_config


@pytest.fixture()
def folder(tmp_path):
    target = tmp_path / "extraction"
    shutil.copytree(data_dir() / "extraction", target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_projects_data_loads(folder):
    cfg = load_config(folder)
    assert "och" in cfg.grammar.coordinators and cfg.grammar.relative == "som"
    assert cfg.cues.article_word == "de" and "flesta" in cfg.cues.article_next_words


def test_a_missing_grammar_key_names_file_and_key(folder):
    _edit(folder / "grammar.yaml", lambda d: d.pop("copulas"))
    with pytest.raises(VocabularyError, match=r"grammar\.yaml: missing keys \['copulas'\]"):
        load_config(folder)


def test_a_word_list_given_as_one_word_fails(folder):
    _edit(folder / "grammar.yaml", lambda d: d.update(coordinators="och"))
    with pytest.raises(VocabularyError, match=r"grammar\.yaml: coordinators: a list expected"):
        load_config(folder)


def test_a_rule_with_an_unknown_predicate_fails(folder):
    _edit(folder / "claims.yaml", lambda d: d["rules"][0].update(predicate="owns_everything"))
    with pytest.raises(VocabularyError, match=r"claims\.yaml"):
        load_config(folder)


def test_a_trigger_with_spaces_inside_an_alternative_fails(folder):
    # "(får|har fått) kritik" splits into two broken slots and would never match: refused
    _edit(folder / "claims.yaml", lambda d: d["rules"][0]["triggers"].append("(får|har fått) kritik"))
    with pytest.raises(VocabularyError, match=r"claims\.yaml: rules\.responsible\.owns\.triggers: .*one word each"):
        load_config(folder)


def test_a_rule_with_an_unknown_key_fails(folder):
    # a misspelt key ("unles") would silently do nothing: refused with the rule and the key
    _edit(folder / "claims.yaml", lambda d: d["rules"][0].update(unles=["vem"]))
    with pytest.raises(VocabularyError, match=r"rules\.responsible\.owns: unknown keys \['unles'\]"):
        load_config(folder)


def test_a_rule_for_an_unknown_document_kind_fails(folder):
    _edit(folder / "claims.yaml", lambda d: d["rules"][0].update(kinds=["blog_post"]))
    with pytest.raises(VocabularyError, match=r"rules\.responsible\.owns: kinds: a list of document kinds"):
        load_config(folder)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status_shift": {"planned": "later"}}, r"status_shift: statuses"),
        ({"alongside": ["responsible.nowhere"]}, r"alongside: unknown rules \['responsible.nowhere'\]"),
    ],
)
def test_a_rules_status_shift_and_alongside_are_checked(folder, change, message):
    _edit(folder / "claims.yaml", lambda d: d["rules"][0].update(change))
    with pytest.raises(VocabularyError, match=r"rules\.responsible\.owns.*" + message):
        load_config(folder)


def test_unless_and_needs_after_are_read(folder):
    cfg = load_config(folder)
    practice = cfg.rules["responsible.practice"]
    assert "granskningen" in practice.unless
    judgement = cfg.rules["criticises.audit_judgement"]
    assert "inte" in judgement.needs_after and not judgement.negatable
    assert judgement.kinds == frozenset({"audit_report", "audit_memo"})


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "organisations.yaml",
            lambda d: d.update(jurisdiction_noun=["kommunen"]),
            r"unknown keys \['jurisdiction_noun'\]",
        ),
        ("organisations.yaml", lambda d: d["same_body"][0].update(bar=[]), r"same_body\[0\]: unknown keys \['bar'\]"),
        ("organisations.yaml", lambda d: d["body_words"]["komvux"].update(typ=""), r"body_words.komvux: unknown keys"),
        ("organisations.yaml", lambda d: d["same_body"][0]["names"].append("x"), r"same_body\[0\]: needs names"),
        ("organisations.yaml", lambda d: d["body_heads"][0].update(plural_def="x"), r"body_heads\[0\]: unknown keys"),
        ("organisations.yaml", lambda d: d["count_words"].update(tiotal=[]), r"count_words: unknown keys"),
        ("people.yaml", lambda d: d.update(titel=["chef"]), r"unknown keys \['titel'\]"),
        ("documents.yaml", lambda d: d.update(audit_kind=["news"]), r"unknown keys \['audit_kind'\]"),
        ("cues.yaml", lambda d: d["attribution"].update(efter=["säger"]), r"attribution: unknown keys \['efter'\]"),
        ("cues.yaml", lambda d: d.update(article_word="de"), r"unknown keys \['article_word'\]"),
    ],
)
def test_a_misspelt_key_is_refused_not_ignored(folder, file, change, message):
    """A key no loader reads would leave its words unused without a word: it is refused,
    naming the file (a field filled from a section is no key of its own: article_word)."""
    _edit(folder / file, change)
    with pytest.raises(VocabularyError, match=re.escape(file) + ": " + message):
        load_config(folder)
