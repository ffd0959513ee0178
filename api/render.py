"""Human output for the CLI: short blocks of text that read well in any terminal width.

No logic beyond layout: every figure comes from the answer models of graph/answers.py, and
every word from data/messages.yaml (``labels``) or data/vocabulary.yaml, in the answer's
language. Quotes are shown whole, wrapped at word boundaries, never cut.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.terminal import printable
from graph.answers import Conflict, Gap, Ownership, Quote, Role
from graph.vocabulary import vocabulary
from queries.messages import issue_label, messages

WRAP = 100  # the width of wrapped quotes when the output is not a terminal


def _label(key: str, lang: str, **values: str) -> str:
    return messages()["labels"][lang][key].format(**values)


def _word(section: str, name: str | None, lang: str) -> str:
    """A mode, basis or status in the language (data/vocabulary.yaml)."""
    return getattr(vocabulary(), section).get(name or "", {}).get(lang, name or "")


def _width(console: Console) -> int:
    return console.width if console.is_terminal else WRAP


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` on lines of at most ``width`` (at least 20) characters, broken only between
    words (a word longer than a line stands alone on its line, whole).

    >>> wrap("ett två tre fyra fem sex sju åtta nio tio", 20)
    ['ett två tre fyra fem', 'sex sju åtta nio tio']
    >>> wrap("se kommunstyrelsensförvaltningen nu", 20)
    ['se', 'kommunstyrelsensförvaltningen', 'nu']
    """
    return textwrap.wrap(
        " ".join(text.split()),
        width=max(width, 20),
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def quote_lines(q: Quote, width: int = WRAP, indent: str = "", lang: str = "en") -> list[str]:
    """“the whole quote” — title (date), wrapped to ``width``; the cited document alone when
    there is no quote."""
    where = " ".join(p for p in (q.title or q.document, f"({q.published})" if q.published else "") if p)
    if not q.quote:
        return wrap(f"{_label('source', lang)}: {where}", width, indent, indent + "  ")
    return wrap(f"“{' '.join(q.quote.split())}” — {where}", width, indent, indent + " ")


def quote_line(q: Quote, width: int = WRAP) -> str:
    """The quote and its source as one string, wrapped lines joined (never cut)."""
    return "\n".join(quote_lines(q, width))


def _role_line(r: Role, issue: str, lang: str) -> str:
    how = ", ".join(
        p
        for p in (
            _word("modes", r.mode, lang),
            _word("bases", r.basis, lang),
            _label("since", lang, date=r.since) if r.since else "",
            _label("until", lang, date=r.until) if r.until else "",
            "" if r.status == "current" else _word("statuses", r.status, lang),
            "" if r.issue == issue else _label("via", lang, issue=issue_label(r.issue, lang)),
        )
        if p
    )
    path = (" (" + " → ".join(r.path[1:]) + ")") if len(r.path) > 1 else ""
    return f"{r.name or r.entity} [{how}]{path}"


def _evidence(console: Console, quotes: list[Quote], lang: str, limit: int = 2, indent: str = "      ") -> None:
    """The first ``limit`` quotes, a passage that is evidence of several claims shown once."""
    seen: set[tuple] = set()
    unique = []
    for q in quotes:
        if (q.document, q.start, q.end, q.quote) not in seen:
            seen.add((q.document, q.start, q.end, q.quote))
            unique.append(q)
    for q in unique[:limit]:
        for line in quote_lines(q, _width(console), indent, lang):
            console.print(escape(line), style="dim")
    if len(unique) > limit:
        console.print(indent + _label("more", lang, count=str(len(unique) - limit)), style="dim")


def _text(console: Console, text: str, indent: str) -> None:
    for line in wrap(text, _width(console), indent):
        console.print(escape(line))


def quoted(console: Console, text: str, indent: str = "") -> None:
    """A quote in quotation marks, whole, wrapped between words under ``indent`` (dimmed)."""
    for line in wrap(f"“{text}”", _width(console), indent):
        console.print(escape(line), style="dim")


def paragraph(console: Console, text: str) -> None:
    """A paragraph of prose, wrapped at word boundaries."""
    _text(console, text, "")


def _conflicts(console: Console, items: list[Conflict], lang: str, indent: str) -> None:
    """Each disagreement: its sentence (both sources, dates, the side kept), then a quote of each side."""
    for c in items:
        console.print(f"{indent}{_label('disagreement', lang)}:")
        _text(console, c.summary, indent + "  ")
        first = c.owner_side[:1]
        second = [q for q in c.other_side[:1] if not first or quote_lines(q, 200) != quote_lines(first[0], 200)]
        _evidence(console, first + second, lang, limit=2, indent=indent + "    ")


def ownership(console: Console, answer: Ownership, lang: str = "en") -> None:
    """Owners, former owners, contributors, deferrals, sub-issue owners, gaps and disagreements."""
    issue = escape(answer.issue_label or answer.issue)
    place = escape(answer.jurisdiction_name or answer.jurisdiction)
    status = escape(answer.status_label or answer.status)
    console.print(f"[bold]{issue}[/] {_label('in', lang)} [bold]{place}[/]: [bold]{status}[/]")
    sections = (("owners", answer.owners), ("former", answer.former), ("contributors", answer.contributors))
    for key, roles in sections:
        if key == "former" and not roles:
            continue
        console.print(f"  {_label(key, lang)}:" + ("" if roles else " " + _label("none_recorded", lang)))
        for r in roles:
            console.print("    " + escape(_role_line(r, answer.issue, lang)))
            _evidence(console, r.evidence, lang)
    for sub in answer.sub_issues:
        owners = ", ".join(_role_line(o, sub.issue, lang) for o in sub.owners)
        label = _label("owners_of", lang, issue=issue_label(sub.issue, lang))
        console.print(f"  {escape(label)}: " + escape(owners))
    for d in answer.deferrals:
        kind = messages()["labels"][lang]["deferral_kinds"].get(d.kind, d.kind)
        console.print(f"  {_label('deferral', lang)} ({kind}): " + escape(" → ".join(d.chain)))
    for m in answer.missing:
        who = m.attributed_name or m.attributed_to
        said = ", " + _label("according_to", lang, who=who) if who else ""
        what = vocabulary().lacks_what.get(m.what, {}).get(lang, m.what)
        console.print(
            f"  {_label('missing', lang)}: {escape(what)} ({escape(m.entity_name or m.entity)}{escape(said)})"
        )
        _evidence(console, m.evidence, lang, limit=1)
    if answer.conflicts:
        _conflicts(console, answer.conflicts, lang, "  ")
    if answer.gaps:
        gaps(console, answer.gaps, indent="  ", lang=lang, conflicts=False)
    console.print()


def gaps(console: Console, items: list[Gap], indent: str = "", lang: str = "en", conflicts: bool = True) -> None:
    """Each gap: where, what kind, how grave, in a sentence, with its strongest quotes and the
    sources that disagree with it (unless an ownership answer above has listed them)."""
    if not items:
        console.print(indent + _label("no_gaps", lang))
        return
    console.print(f"{indent}{_label('gaps', lang)} ({len(items)}):")
    for g in items:
        kind = (g.kind_label or g.kind) + ("" if g.explicit else ", " + _label("inferred", lang))
        place, issue = g.jurisdiction_name or g.jurisdiction, g.issue_label or g.issue
        console.print(
            f"{indent}  [bold]{escape(place)} · {escape(issue)} · {escape(kind)}[/] "
            f"({_label('severity', lang)} {g.severity:.2f})"
        )
        _text(console, g.summary, indent + "    ")
        if g.covers:
            console.print(
                f"{indent}    "
                + escape(_label("covers", lang, issues=", ".join(issue_label(c, lang) for c in g.covers))),
                style="dim",
            )
        _evidence(console, g.evidence, lang)
        if conflicts and g.conflicts:
            _conflicts(console, g.conflicts, lang, indent + "    ")


def rows(console: Console, title: str, columns: list[str], data: Sequence[Sequence[object]]) -> None:
    """A plain table."""
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col)
    for row in data:
        table.add_row(*[escape(printable(str(v))) if v is not None else "" for v in row])
    console.print(table)
