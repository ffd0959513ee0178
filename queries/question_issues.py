"""The issue a question is about, by any surface form of the taxonomy.

Tried in order: the taxonomy's surface forms, inflected ("flyktingmottagandet"); a compound
that begins with a one-word form ("arbetsmarknadsfrågor" → employment); a word that occurs in
the multi-word forms of issues, standing for the nearest issue above them all ("nyanlända"
is in forms of refugee reception, settlement and education: integration); then a near miss
of a one-word form ("integrasion"). Nothing here names an issue: the words are the
taxonomy's (data/taxonomy.yaml) and the thresholds data/questions.yaml's.

>>> find_issue("Vem ansvarar för arbetsmarknadsfrågor i Ydre?"), find_issue("Vem tar hand om nyanlända?")
('employment', 'integration')
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from graph.taxonomy import taxonomy
from graph.textmatch import WORD, normalise
from queries.question_places import cues


@lru_cache(maxsize=1)
def _word_forms() -> dict[str, str]:
    """Every one-word surface form and label → its issue."""
    tax = taxonomy()
    out: dict[str, str] = {}
    for iid in tax.ids():
        i = tax.get(iid)
        for form in (i.sv, i.en, *i.surface_forms):
            form = normalise(form)
            if " " not in form:
                out.setdefault(form, iid)
    return out


@lru_cache(maxsize=1)
def _shared_words() -> dict[str, str]:
    """A word of multi-word surface forms → the nearest issue above every issue using it."""
    tax = taxonomy()
    users: dict[str, set[str]] = {}
    least = cues()["shared_word_min_length"]
    for iid in tax.ids():
        for form in tax.get(iid).surface_forms:
            words = normalise(form).split()
            if len(words) > 1:
                for w in words:
                    if len(w) >= least:
                        users.setdefault(w, set()).add(iid)
    return {w: common for w, ids in users.items() if (common := _common_ancestor(sorted(ids)))}


def _common_ancestor(ids: list[str]) -> str | None:
    tax = taxonomy()
    lines = [[i, *tax.ancestors(i)] for i in ids]
    return next((a for a in lines[0] if all(a in line for line in lines[1:])), None)


def _compound(words: list[str]) -> str | None:
    forms = sorted(_word_forms().items(), key=lambda fi: -len(fi[0]))
    for w in words:
        for form, iid in forms:
            if len(form) >= 6 and w.startswith(form) and len(w) - len(form) >= 3:
                return iid
    return None


def _fuzzy(words: list[str]) -> str | None:
    settings = cues()["fuzzy"]
    forms = _word_forms()
    best = None
    for w in words:
        if len(w) < settings["min_length"]:
            continue
        match = process.extractOne(w, list(forms), scorer=fuzz.ratio, score_cutoff=settings["issue_score"])
        if match and (best is None or match[1] > best[1]):
            best = match
    return forms[best[0]] if best else None


def find_issue(text: str) -> str | None:
    """The issue id ``text`` asks about, or None."""
    found = taxonomy().find(text)
    if found:
        return found[0][0]
    words = [w.lower() for w in WORD.findall(normalise(text))]
    shared = _shared_words()
    return _compound(words) or next((shared[w] for w in words if w in shared), None) or _fuzzy(words)
