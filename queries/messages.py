"""Sentences for people, from data/messages.yaml."""

from __future__ import annotations

from functools import lru_cache

from graph.paths import data_dir
from graph.taxonomy import taxonomy
from graph.vocabulary import vocabulary
from graph.yamlfile import read_data_yaml


@lru_cache(maxsize=1)
def messages() -> dict:
    """The message templates, loaded once."""
    return read_data_yaml(data_dir() / "messages.yaml")


def gap_summary(key: str, lang: str = "en", **values: str) -> str:
    """The summary sentence of a gap kind (``key`` may carry a variant: ``unowned_inferred``)."""
    return messages()["gap_summaries"][lang][key].format(**values)


def issue_label(issue: str, lang: str = "en") -> str:
    """An issue's name in the language (its id when the taxonomy does not know it).

    >>> issue_label("refugee_reception", "sv"), issue_label("refugee_reception", "en")
    ('flyktingmottagande', 'refugee reception')
    """
    tax = taxonomy()
    if issue not in tax:
        return issue
    return tax.get(issue).en if lang == "en" else tax.get(issue).sv


def kind_label(kind: str, lang: str = "en") -> str:
    """A gap kind's name in the language (data/vocabulary.yaml).

    >>> kind_label("deflected", "sv")
    'bortskjuten'
    """
    spec = vocabulary().gap_kinds.get(kind, {})
    return str(spec.get(lang, kind))


def status_label(status: str, lang: str = "en") -> str:
    """An ownership status in the language: a gap kind's name, or one of the statuses of a
    slice without gaps (data/messages.yaml ``statuses``).

    >>> status_label("owned_in_sub_issues", "sv"), status_label("unowned", "sv")
    ('ägd i delfrågor', 'ägarlös')
    """
    if status in vocabulary().gap_kinds:
        return kind_label(status, lang)
    return messages()["statuses"][lang].get(status, status)


def answer_text(key: str, lang: str = "en", **values: str) -> str:
    return messages()["answers"][lang][key].format(**values)


def join_names(names: list[str], lang: str = "en") -> str:
    """'A', 'A and B', 'A, B and C'.

    >>> join_names(["A", "B", "C"], "sv")
    'A, B och C'
    """
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {messages()['answers'][lang]['and']} " + names[-1]
