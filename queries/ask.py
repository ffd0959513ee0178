"""Questions in plain Swedish or English: "Vem ansvarar för integrationen i Huddinge?".

The issue comes from the taxonomy's surface forms and the jurisdiction from the store's
jurisdictions and the gazetteer, inflected forms included; the cue words are data
(data/questions.yaml).
"""

from __future__ import annotations

from functools import lru_cache

from graph.answers import AskAnswer, ParsedQuestion
from graph.errors import QuestionNotUnderstood
from graph.paths import data_dir
from graph.store.base import Store
from graph.taxonomy import taxonomy
from graph.textmatch import find_phrases, normalise
from graph.vocabulary import vocabulary
from graph.yamlfile import read_data_yaml
from queries.gaps import gaps
from queries.messages import answer_text, join_names, messages
from queries.ownership import who_owns
from queries.places import _gazetteer, jurisdiction_name, known_jurisdictions


@lru_cache(maxsize=1)
def _cues() -> dict:
    return read_data_yaml(data_dir() / "questions.yaml")


def _language(text: str) -> str:
    words = set(normalise(text).replace("?", " ").split())
    return "en" if len(words & set(_cues()["english_cues"])) >= 2 else "sv"


def _find_jurisdiction(store: Store, text: str) -> str | None:
    forms = {}
    for slug, name in known_jurisdictions(store).items():
        forms[normalise(name)] = slug
        forms[slug.replace("-", " ")] = slug
    found = find_phrases(text, forms)
    gaz = _gazetteer()
    if gaz:
        found += gaz.find_jurisdictions(text)
    return min(found, key=lambda f: f[1])[0] if found else None


def parse_question(store: Store, text: str) -> ParsedQuestion:
    """The intent, issue and jurisdiction of a question (None where not found)."""
    lang = _language(text)
    gap_forms = {normalise(c): "gaps" for c in _cues()["gap_cues"][lang]}
    intent = "gaps" if find_phrases(text, gap_forms) else "who_owns"
    issues = taxonomy().find(text)
    return ParsedQuestion(
        text=text,
        intent=intent,
        language=lang,
        issue=issues[0][0] if issues else None,
        jurisdiction=_find_jurisdiction(store, text),
    )


def _suggestions(store: Store, q: ParsedQuestion) -> list[str]:
    known = list(known_jurisdictions(store)) or ["huddinge"]
    place = jurisdiction_name(q.jurisdiction or known[0], store)
    return [e.format(jurisdiction=place) for e in _cues()["examples"][q.language]]


def _owner_sentence(store: Store, answer, q: ParsedQuestion) -> str:
    """One sentence naming each owner once with its modes, then the status and the gaps."""
    tax = taxonomy().get(answer.issue)
    label = tax.en if q.language == "en" else tax.sv
    place = jurisdiction_name(answer.jurisdiction, store)
    current = [o for o in answer.owners if o.status == "current"]  # former owners own nothing now
    if not current:
        text = answer_text("no_owner", q.language, issue=label, jurisdiction=place)
    else:
        modes: dict[str, list[str]] = {}
        for o in current:
            word = vocabulary().modes[o.mode][q.language]
            modes.setdefault(o.name or o.entity, [])
            if word not in modes[o.name or o.entity]:
                modes[o.name or o.entity].append(word)
        names = join_names([f"{n} ({', '.join(m)})" for n, m in modes.items()], q.language)
        verb = messages()["answers"][q.language]["is_are"]["one" if len(modes) == 1 else "many"]
        text = answer_text("owned", q.language, owners=f"{names} {verb}".strip(), issue=label, jurisdiction=place)
    text += " " + answer_text("status", q.language, status=answer.status)
    return " ".join([text] + [g.summary for g in answer.gaps])


def ask(store: Store, text: str) -> AskAnswer:
    """Answer a question about ownership or gaps; QuestionNotUnderstood with suggestions otherwise."""
    q = parse_question(store, text)
    if q.intent == "gaps":
        found = gaps(store, jurisdiction=q.jurisdiction, issue=q.issue, lang=q.language)
        scope = f" ({jurisdiction_name(q.jurisdiction, store)})" if q.jurisdiction else ""
        head = answer_text("gaps_some" if found else "gaps_none", q.language, count=str(len(found)), scope=scope)
        return AskAnswer(question=q, answer=" ".join([head] + [g.summary for g in found]), gaps=found)
    if not q.issue or not q.jurisdiction:
        missing = "issue" if not q.issue else "jurisdiction"
        raise QuestionNotUnderstood(f"could not find the {missing} in {text!r}", suggestions=_suggestions(store, q))
    answer = who_owns(store, q.issue, q.jurisdiction, lang=q.language)
    return AskAnswer(question=q, answer=_owner_sentence(store, answer, q), ownership=answer, gaps=answer.gaps)
