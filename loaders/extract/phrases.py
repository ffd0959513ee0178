"""Trigger phrases as written in data/extraction/claims.yaml, expanded to token sequences.

A phrase is a list of parts separated by ``...`` (a gap of a few words); each part is a
sequence of word slots; a slot is a word, ``(a|b|c)`` (any of these) or ``~lemma`` (every
inflected form of the lemma, from the lookup lemmatizer of spacy-lookups-data read
backwards, so that "~ansvara" also matches "ansvarar", "ansvarade", "ansvarat").

>>> parse_phrase("(har|hade) ... ansvar för", lambda w: {w})
[[('har', 'hade')], [('ansvar',), ('för',)]]
>>> sorted(expand_part([("har", "hade"), ("ansvar",)]))
[('hade', 'ansvar'), ('har', 'ansvar')]
"""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Callable, Iterable, Set
from pathlib import Path

GAP = "..."

Slot = tuple[str, ...]
Part = list[Slot]


def _slot(word: str, inflect: Callable[[str], Set[str]]) -> Slot:
    if word.startswith("(") and word.endswith(")"):
        return tuple(dict.fromkeys(w.strip().lower() for w in word[1:-1].split("|") if w.strip()))
    if word.startswith("~") and len(word) > 1:
        return tuple(sorted(inflect(word[1:].lower())))
    return (word.lower(),)


def phrase_problem(phrase: str) -> str | None:
    """What is wrong with a trigger phrase's syntax, or None. Alternatives are single words
    (a space inside parentheses splits the slot, and the phrase would never match).

    >>> phrase_problem("~ansvaret ... (ligger|låg) (på|hos)") is None
    True
    >>> phrase_problem("(till|på|över på)")
    "'(till|på|över': an alternative (a|b) is one word each, with no spaces"
    >>> phrase_problem("tar över (~ansvar|huvudansvar)")
    "'(~ansvar|huvudansvar)': '~' (inflections) stands before a single word, not inside an alternative"
    >>> phrase_problem("... ansvarar")
    'a gap (...) stands between words, not at an end'
    """
    words = phrase.split()
    if not words:
        return "empty phrase"
    if GAP in (words[0], words[-1]):
        return f"a gap ({GAP}) stands between words, not at an end"
    for word in words:
        alternatives = word.startswith("(") and word.endswith(")") and len(word) > 2
        if not alternatives and any(c in word for c in "()|"):
            return f"{word!r}: an alternative (a|b) is one word each, with no spaces"
        if alternatives and (any(c in word[1:-1] for c in "()") or "" in word[1:-1].split("|")):
            return f"{word!r}: an empty or nested alternative"
        if word == "~":
            return "'~' needs a lemma after it"
        if alternatives and "~" in word:
            return f"{word!r}: '~' (inflections) stands before a single word, not inside an alternative"
    return None


def parse_phrase(phrase: str, inflect: Callable[[str], Set[str]] | None = None) -> list[Part]:
    """The parts of a trigger phrase, each a list of slots (tuples of alternative words)."""
    inflect_word = inflect or inflections
    parts: list[Part] = [[]]
    for word in phrase.split():
        if word == GAP:
            if parts[-1]:
                parts.append([])
            continue
        parts[-1].append(_slot(word, inflect_word))
    return [p for p in parts if p]


def expand_part(part: Part) -> Iterable[tuple[str, ...]]:
    """Every token sequence a part matches (the product of its slots)."""
    return itertools.product(*part)


def _lookup_path() -> Path | None:
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - the prose extra is installed with the extractor
        return None
    path = Path(spacy_lookups_data.__file__).parent / "data" / "sv_lemma_lookup.json.gz"
    return path if path.exists() else None


_FORMS: dict[str, frozenset[str]] = {}


def lemmas_in(phrases: Iterable[str]) -> set[str]:
    """The ``~lemma`` slots used by ``phrases``.

    >>> sorted(lemmas_in(["~ansvara för", "har ~ansvar"]))
    ['ansvar', 'ansvara']
    """
    return {w[1:].lower() for p in phrases for w in p.split() if w.startswith("~") and len(w) > 1}


def load_inflections(lemmas: Iterable[str]) -> None:
    """Read the lookup table once and keep the forms of ``lemmas`` (only those: the table
    has 660 000 entries). Forms shorter than the lemma are left out, because the table folds
    unrelated short words into some lemmas ("men" under "mena")."""
    wanted = {lemma for lemma in lemmas if lemma not in _FORMS}
    if not wanted:
        return
    found: dict[str, set[str]] = {lemma: {lemma} for lemma in wanted}
    path = _lookup_path()
    if path is not None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            raw = fh.read()
        for lemma in wanted:  # scanning the JSON text is 5x faster than parsing it
            needle = f'": "{json.dumps(lemma, ensure_ascii=False)[1:-1]}"'
            pos = raw.find(needle)
            while pos != -1:
                form = raw[raw.rfind('"', 0, pos) + 1 : pos]
                if len(form) >= len(lemma) and " " not in form and "\\" not in form:
                    found[lemma].add(form.lower())
                pos = raw.find(needle, pos + len(needle))
    _FORMS.update({lemma: frozenset(forms) for lemma, forms in found.items()})


def inflections(lemma: str) -> frozenset[str]:
    """The lemma and its inflected forms.

    >>> {"ansvarar", "ansvarade", "ansvarat"} <= inflections("ansvara")
    True
    >>> "men" in inflections("mena")
    False
    """
    if lemma not in _FORMS:
        load_inflections([lemma])
    return _FORMS[lemma]
