"""Disagreements between sources as users read them: both sides, their sources and dates, and
the side the status rules kept (queries/rules.py), in one sentence of data/messages.yaml."""

from __future__ import annotations

from graph.answers import Conflict, Quote
from graph.store.base import ClaimRow, Store
from graph.vocabulary import vocabulary
from queries.evidence import quotes
from queries.messages import issue_label, join_names, messages
from queries.rules import Disagreement


def _source_label(side: list[Quote], lang: str) -> str:
    """The documents of one side as "title (date)", each once."""
    no_date = messages()["conflicts"][lang]["no_date"]
    labels = [f"«{q.title or q.document}» ({q.published or no_date})" for q in side]
    return join_names(list(dict.fromkeys(labels)), lang)


def _owners(rows: list[ClaimRow], names: dict[str, str], lang: str) -> str:
    """ "Birgitta Eek (coordinates)": each owner once with its modes in the language."""
    modes: dict[str, list[str]] = {}
    for r in rows:
        word = vocabulary().modes.get(r.mode or "", {}).get(lang, r.mode or "")
        modes.setdefault(r.subject, [])
        if word and word not in modes[r.subject]:
            modes[r.subject].append(word)
    return join_names([f"{names.get(s, s)} ({', '.join(m)})" if m else names.get(s, s) for s, m in modes.items()], lang)


def _sentence(d: Disagreement, first: list[Quote], second: list[Quote], owners: str, issue: str, lang: str) -> str:
    text = messages()["conflicts"][lang]
    one, two = _source_label(first, lang), _source_label(second, lang)
    if d.kind == "owner_vs_lack":
        lack = text["lack"][d.what or "owner"].format(issue=issue)
        key = f"owner_vs_lack.{d.decision}" + ("_same" if d.decision == "both" and one == two else "")
        return text[key].format(owner_source=one, lack_source=two, source=one, owners=owners, lack=lack)
    key = f"current_vs_former.{d.decision}" + ("_same" if d.rule == "same_date" else "")
    return text[key].format(current_source=one, former_source=two, owners=owners, issue=issue)


def to_conflicts(
    store: Store, disagreements: list[Disagreement], jurisdiction: str, issue: str, lang: str = "en"
) -> list[Conflict]:
    """The answers for ``disagreements`` of one slice, with the quotes of both sides."""
    if not disagreements:
        return []
    rows = [r for d in disagreements for r in d.first + d.second]
    evidence = quotes(store, [r.id for r in rows])
    names = {eid: e.name for eid, e in store.entities_by_id({r.subject for r in rows}).items()}
    out: list[Conflict] = []
    for d in disagreements:
        first = [q for r in d.first for q in evidence.get(r.id, [])]
        second = [q for r in d.second for q in evidence.get(r.id, [])]
        owners = _owners(d.first, names, lang)
        out.append(
            Conflict(
                kind=d.kind,
                decision=d.decision,
                rule=d.rule,
                summary=_sentence(d, first, second, owners, issue_label(d.issue or issue, lang), lang),
                actors=d.actors,
                owner_side=first,
                other_side=second,
            )
        )
    unique = {c.summary: c for c in reversed(out)}  # the same disagreement met in several sub-issues: once
    return [c for c in out if unique.get(c.summary) is c]
