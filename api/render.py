"""Human output for the CLI: short blocks of text that read well in any terminal width.

No logic beyond layout: every figure comes from the answer models of graph/answers.py.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.terminal import printable
from graph.answers import Gap, Ownership, Quote, Role


def quote_line(q: Quote, width: int = 110) -> str:
    """“quote” — where it comes from (or the cited document when there is no quote)."""
    where = " ".join(p for p in (q.title or q.document, f"({q.published})" if q.published else "") if p)
    if not q.quote:
        return f"source: {where}"
    text = " ".join(q.quote.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"“{text}” — {where}"


def _role_line(r: Role, issue: str) -> str:
    how = (
        f"{r.mode}, {r.basis}"
        + (f", since {r.since}" if r.since else "")
        + (f", until {r.until}" if r.until else "")
        + ("" if r.status == "current" else f", {r.status}")
        + ("" if r.issue == issue else f", via {r.issue}")
    )
    path = (" (" + " → ".join(r.path[1:]) + ")") if len(r.path) > 1 else ""
    return f"{r.name or r.entity} [{how}]{path}"


def _evidence(console: Console, quotes: list[Quote], limit: int = 2) -> None:
    """The first ``limit`` quotes, a passage that is evidence of several claims shown once."""
    seen: set[tuple] = set()
    unique = []
    for q in quotes:
        if (q.document, q.start, q.end, q.quote) not in seen:
            seen.add((q.document, q.start, q.end, q.quote))
            unique.append(q)
    quotes = unique
    for q in quotes[:limit]:
        console.print("      " + escape(quote_line(q)), style="dim")
    if len(quotes) > limit:
        console.print(f"      … and {len(quotes) - limit} more", style="dim")


def ownership(console: Console, answer: Ownership) -> None:
    """Owners, contributors, deferrals, sub-issue owners and gaps."""
    console.print(f"[bold]{answer.issue}[/] in [bold]{answer.jurisdiction}[/]: [bold]{answer.status}[/]")
    for title, roles in (("owners", answer.owners), ("contributors", answer.contributors)):
        console.print(f"  {title}:" + ("" if roles else " none recorded"))
        for r in roles:
            console.print("    " + escape(_role_line(r, answer.issue)))
            _evidence(console, r.evidence)
    for sub in answer.sub_issues:
        console.print(f"  owners of {sub.issue}: " + escape(", ".join(_role_line(o, sub.issue) for o in sub.owners)))
    for d in answer.deferrals:
        console.print(f"  deferral ({d.kind}): " + escape(" → ".join(d.chain)))
    for m in answer.missing:
        said = f", according to {m.attributed_to}" if m.attributed_to else ""
        console.print(f"  missing: {m.what} ({escape(m.entity)}{escape(said)})")
        _evidence(console, m.evidence, limit=1)
    if answer.gaps:
        gaps(console, answer.gaps, indent="  ")
    console.print()


def gaps(console: Console, items: list[Gap], indent: str = "") -> None:
    """Each gap: where, what kind, how grave, in a sentence, with its strongest quotes."""
    if not items:
        console.print(indent + "No gaps found.")
        return
    console.print(f"{indent}gaps ({len(items)}):")
    for g in items:
        kind = g.kind + ("" if g.explicit else ", inferred")
        console.print(f"{indent}  [bold]{g.jurisdiction} · {g.issue} · {kind}[/] (severity {g.severity:.2f})")
        console.print(f"{indent}    " + escape(g.summary))
        _evidence(console, g.evidence)


def rows(console: Console, title: str, columns: list[str], data: list[list[str]]) -> None:
    """A plain table."""
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col)
    for row in data:
        table.add_row(*[escape(printable(str(v))) if v is not None else "" for v in row])
    console.print(table)
