"""Questions in plain Swedish or English: "Vem ansvarar för integrationen i Huddinge?".

The issue comes from the taxonomy's surface forms (queries/question_issues.py) and the place
from the workspace's places, the gazetteer, the national words and near misses
(queries/question_places.py); the cue words are data (data/questions.yaml). The answer is
the verdict every surface shows (queries/verdict.py), told wholly in the question's language
(or ``lang``): labels, statuses, kinds and sentences from data/messages.yaml and
data/vocabulary.yaml. A question not understood raises QuestionNotUnderstood with example
questions about what the workspace holds.
"""

from __future__ import annotations

from graph.answers import AskAnswer, Ownership, ParsedQuestion
from graph.errors import QuestionNotUnderstood
from graph.store.base import Store
from graph.taxonomy import taxonomy
from graph.textmatch import find_phrases, normalise
from graph.vocabulary import vocabulary
from queries.gaps import gaps
from queries.messages import answer_text, issue_label, join_names, messages
from queries.ownership import who_owns
from queries.places import jurisdiction_name
from queries.question_issues import find_issue
from queries.question_places import cues, find_place, state_slug


def _language(text: str) -> str:
    words = set(normalise(text).replace("?", " ").split())
    return "en" if len(words & set(cues()["english_cues"])) >= 2 else "sv"


def parse_question(store: Store, text: str, lang: str | None = None) -> ParsedQuestion:
    """The intent, issue and jurisdiction of a question (None where not found)."""
    language = lang or _language(text)
    gap_forms = {normalise(c): "gaps" for lng in ("sv", "en") for c in cues()["gap_cues"][lng]}
    intent = "gaps" if find_phrases(text, gap_forms) else "who_owns"
    return ParsedQuestion(
        text=text, intent=intent, language=language, issue=find_issue(text), jurisdiction=find_place(store, text)
    )


def _suggestions(store: Store, q: ParsedQuestion) -> list[str]:
    """Example questions about slices the workspace holds: the place asked about, the issue
    asked about, else the slices of the first places."""
    keys = list(store.slice_keys())
    if not keys:  # nothing said yet: the places the workspace has, about the first issue of the taxonomy
        places: list[str | None] = (
            [q.jurisdiction] if q.jurisdiction else [*list(store.jurisdictions())[:2]] or [state_slug(store)]
        )
        root = q.issue or next(i for i in taxonomy().ids() if not taxonomy().parent(i))
        keys = [(j, root) for j in places if j is not None]
    if q.jurisdiction:
        keys = [k for k in keys if k[0] == q.jurisdiction] or keys
    if q.issue:
        keys = [k for k in keys if k[1] == q.issue] or keys
    weight = {j: sum(1 for k in keys if k[0] == j) for j, _ in keys}  # the places the workspace says most about
    top = sorted([k for k in keys if not _has_parent_in(k, keys)] or keys, key=lambda k: (-weight[k[0]], k))
    out: list[str] = []
    for j, i in top[:3]:
        place, label = jurisdiction_name(j, store), issue_label(i, q.language)
        out += [e.format(jurisdiction=place, issue=label) for e in cues()["examples"][q.language]]
    return list(dict.fromkeys(out))[:4]


def _has_parent_in(key: tuple[str, str], keys: list[tuple[str, str]]) -> bool:
    return any((key[0], a) in keys for a in taxonomy().ancestors(key[1]))


def _owner_sentence(store: Store, answer: Ownership, lang: str) -> str:
    """One sentence naming each owner once with its modes, then the status, the gaps and the
    disagreements between sources."""
    label, place = answer.issue_label or issue_label(answer.issue, lang), answer.jurisdiction_name
    if not answer.owners and answer.sub_issues:
        parts = join_names(
            [
                f"{issue_label(s.issue, lang)} ({join_names([o.name or o.entity for o in s.owners], lang)})"
                for s in answer.sub_issues
            ],
            lang,
        )
        text = answer_text("owned_in_parts", lang, issue=label, jurisdiction=place, parts=parts)
    elif not answer.owners:
        text = answer_text("no_owner", lang, issue=label, jurisdiction=place)
    else:
        modes: dict[str, list[str]] = {}
        for o in answer.owners:
            word = vocabulary().modes[o.mode][lang]
            modes.setdefault(o.name or o.entity, [])
            if word not in modes[o.name or o.entity]:
                modes[o.name or o.entity].append(word)
        names = join_names([f"{n} ({', '.join(m)})" for n, m in modes.items()], lang)
        verb = messages()["answers"][lang]["is_are"]["one" if len(modes) == 1 else "many"]
        text = answer_text("owned", lang, owners=f"{names} {verb}".strip(), issue=label, jurisdiction=place)
    text += " " + answer_text("status", lang, status=answer.status_label or answer.status)
    return " ".join([text] + [g.summary for g in answer.gaps] + [c.summary for c in answer.conflicts])


def ask(store: Store, text: str, lang: str | None = None) -> AskAnswer:
    """Answer a question about ownership or gaps; QuestionNotUnderstood with suggestions otherwise."""
    q = parse_question(store, text, lang)
    if q.intent == "gaps":
        found = gaps(store, jurisdiction=q.jurisdiction, issue=q.issue, lang=q.language)
        scope = f" ({jurisdiction_name(q.jurisdiction, store)})" if q.jurisdiction else ""
        head = answer_text("gaps_some" if found else "gaps_none", q.language, count=str(len(found)), scope=scope)
        return AskAnswer(question=q, answer=" ".join([head] + [g.summary for g in found]), gaps=found)
    if not q.issue or not q.jurisdiction:
        missing = "issue" if not q.issue else "jurisdiction"
        raise QuestionNotUnderstood(f"could not find the {missing} in {text!r}", suggestions=_suggestions(store, q))
    answer = who_owns(store, q.issue, q.jurisdiction, lang=q.language)
    return AskAnswer(question=q, answer=_owner_sentence(store, answer, q.language), ownership=answer, gaps=answer.gaps)
