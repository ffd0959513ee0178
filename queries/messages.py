"""Sentences for people, from data/messages.yaml."""

from __future__ import annotations

from functools import lru_cache

from graph.paths import data_dir
from graph.yamlfile import read_data_yaml


@lru_cache(maxsize=1)
def messages() -> dict:
    """The message templates, loaded once."""
    return read_data_yaml(data_dir() / "messages.yaml")


def gap_summary(key: str, lang: str = "en", **values: str) -> str:
    """The summary sentence of a gap kind (``key`` may carry a variant: ``unowned_inferred``)."""
    return messages()["gap_summaries"][lang][key].format(**values)


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
