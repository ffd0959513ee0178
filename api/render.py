"""Human output for the CLI: rich tables and short paragraphs. No logic beyond layout."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from graph.answers import Gap, Ownership, Quote


def _quote(q: Quote, width: int = 90) -> str:
    text = (q.quote or "(no quote)").replace("\n", " ")
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"“{text}” [{q.document}]"


def ownership(console: Console, answer: Ownership) -> None:
    """Owners, contributors, deferrals and gaps as tables."""
    console.print(f"[bold]{answer.issue}[/] in [bold]{answer.jurisdiction}[/]: status [bold]{answer.status}[/]")
    for title, roles in (("Owners", answer.owners), ("Contributors", answer.contributors)):
        if not roles:
            continue
        table = Table(title=title, title_justify="left")
        for col in ("entity", "mode", "basis", "status", "since", "path", "evidence"):
            table.add_column(col)
        for r in roles:
            table.add_row(r.name or r.entity, r.mode + ("" if r.issue == answer.issue else f" ({r.issue})"),
                          r.basis, r.status, r.since or "", " → ".join(r.path[1:]),
                          "\n".join(_quote(q) for q in r.evidence[:2]))
        console.print(table)
    for sub in answer.sub_issues:
        console.print(f"  sub-issue {sub.issue}: " + ", ".join(f"{o.name or o.entity} ({o.mode})" for o in sub.owners))
    for d in answer.deferrals:
        console.print(f"  deferral ({d.kind}): " + " → ".join(d.chain))
    if answer.gaps:
        gaps(console, answer.gaps)


def gaps(console: Console, items: list[Gap]) -> None:
    """One row per gap with its strongest quote."""
    if not items:
        console.print("No gaps found.")
        return
    table = Table(title=f"Gaps ({len(items)})", title_justify="left")
    for col in ("jurisdiction", "issue", "kind", "severity", "summary", "evidence"):
        table.add_column(col)
    for g in items:
        kind = g.kind + ("" if g.explicit else " (inferred)")
        table.add_row(g.jurisdiction, g.issue, kind, f"{g.severity:.2f}", g.summary,
                      "\n".join(_quote(q) for q in g.evidence[:2]))
    console.print(table)


def rows(console: Console, title: str, columns: list[str], data: list[list[str]]) -> None:
    """A plain table."""
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col)
    for row in data:
        table.add_row(*[str(v) if v is not None else "" for v in row])
    console.print(table)
