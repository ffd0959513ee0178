"""The place and who-owns pages as CSV (Datasette's convention: the same URL with ``.csv``).

One row per issue for a place; one row per quote for who-owns (the role, gap, deferral or
stated lack it backs, with the actor, mode, basis and the source's title and date), so that
a spreadsheet holds what the page shows. A cell that a spreadsheet would read as a formula
(``=``, ``+``, ``-``, ``@`` first) is written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from api.page_data import GapRef, HomePage, OwnerRef, PlacePage, WhoOwnsPage
from api.page_overview import GapsPage, IssueOverview
from api.page_records import DocumentPage, EntityPage
from graph.answers import Quote, Role

PLACE_COLUMNS = ["issue", "issue_label", "status", "status_label", "owners", "gaps"]
OVERVIEW_COLUMNS = ["jurisdiction", "name", "county", "status", "status_label", "owners", "gaps"]
GAPS_COLUMNS = [
    "jurisdiction",
    "jurisdiction_name",
    "county",
    "issue",
    "issue_label",
    "kind",
    "kind_label",
    "severity",
    "explicit",
    "summary",
]
WHO_OWNS_COLUMNS = [
    "section",
    "issue",
    "entity",
    "name",
    "mode",
    "basis",
    "since",
    "until",
    "kind",
    "summary",
    "claim",
    "quote",
    "title",
    "published",
    "document",
]


def cell(value: object) -> str:
    """A value as a CSV cell that no spreadsheet runs as a formula.

    >>> cell("=HYPERLINK(1)"), cell("Socialnämnden"), cell(None), cell(0.9)
    ("'=HYPERLINK(1)", 'Socialnämnden', '', '0.9')
    """
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(columns: list[str], rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(row.get(k)) for k in columns})
    return out.getvalue()


def verdict_cells(owners: Iterable[OwnerRef], gaps: Iterable[GapRef]) -> dict[str, str]:
    """The owners (name and mode) and the gap kinds of one verdict, as two cells."""
    return {
        "owners": "; ".join(f"{o.name} ({o.mode_label})" for o in owners),
        "gaps": "; ".join(g.kind for g in gaps),
    }


def place_csv(page: PlacePage) -> str:
    """One row per issue: its status, its owners (name and mode) and its gap kinds."""
    return to_csv(
        PLACE_COLUMNS,
        (
            {
                "issue": r.issue,
                "issue_label": r.issue_label,
                "status": r.status,
                "status_label": r.status_label,
                **verdict_cells(r.owners, r.gaps),
            }
            for r in page.issues
        ),
    )


def _quoted(base: dict[str, object], quotes: list[Quote]) -> Iterable[dict[str, object]]:
    """``base`` once per quote with the quote's fields (once without, when there is none)."""
    if not quotes:
        yield dict(base)
    for q in quotes:
        yield {
            **base,
            "claim": q.claim,
            "quote": q.quote,
            "title": q.title,
            "published": q.published,
            "document": q.document,
        }


def _role_rows(section: str, roles: list[Role]) -> Iterable[dict[str, object]]:
    for r in roles:
        base: dict[str, object] = {
            "section": section,
            "issue": r.issue,
            "entity": r.entity,
            "name": r.name,
            "mode": r.mode,
            "basis": r.basis,
            "since": r.since,
            "until": r.until,
        }
        yield from _quoted(base, r.evidence)


def who_owns_csv(page: WhoOwnsPage) -> str:
    """One row per quote of the who-owns page, with what it backs."""
    o = page.ownership
    rows: list[dict[str, object]] = []
    rows += _role_rows("owner", o.owners)
    rows += [r for s in o.sub_issues for r in _role_rows("sub_issue_owner", s.owners)]
    rows += _role_rows("contributor", o.contributors)
    rows += _role_rows("former", o.former)
    for g in o.gaps:
        rows += _quoted({"section": "gap", "issue": g.issue, "kind": g.kind, "summary": g.summary}, g.evidence)
    for d in o.deferrals:
        chain = " → ".join(page.names.get(x, x) for x in d.chain)
        rows += _quoted({"section": "deferral", "issue": d.issue, "kind": d.kind, "summary": chain}, d.evidence)
    for m in o.missing:
        lack: dict[str, object] = {"section": "missing", "issue": o.issue, "entity": m.entity, "kind": m.what}
        rows += _quoted({**lack, "name": m.entity_name}, m.evidence)
    return to_csv(WHO_OWNS_COLUMNS, rows)


def issue_overview_csv(page: IssueOverview) -> str:
    """One row per place: its county, the issue's status there, its owners and gap kinds."""
    return to_csv(
        OVERVIEW_COLUMNS,
        (
            {
                "jurisdiction": r.jurisdiction,
                "name": r.name,
                "county": r.county,
                "status": r.status,
                "status_label": r.status_label,
                **verdict_cells(r.owners, r.gaps),
            }
            for r in page.rows
        ),
    )


def gaps_csv(page: GapsPage) -> str:
    """One row per gap shown, in the page's order."""
    return to_csv(GAPS_COLUMNS, (r.model_dump() for r in page.rows))


ENTITY_COLUMNS = [
    "claim",
    "subject",
    "predicate",
    "object",
    "issue",
    "jurisdiction",
    "mode",
    "negated",
    "review",
    "quote",
    "document",
    "start",
    "end",
    "rule",
    "confidence",
]
DOCUMENT_COLUMNS = [
    "claim",
    "subject",
    "predicate",
    "object",
    "issue",
    "negated",
    "quote",
    "start",
    "end",
    "rule",
    "confidence",
]


def entity_csv(page: EntityPage) -> str:
    """One row per piece of evidence of each claim that names the entity."""
    return to_csv(
        ENTITY_COLUMNS,
        (
            {
                **c.model_dump(
                    include={"subject", "predicate", "object", "issue", "jurisdiction", "mode", "negated", "review"}
                ),
                "claim": c.id,
                **e.model_dump(include={"quote", "document", "start", "end", "rule", "confidence"}),
            }
            for c in page.view.claims
            for e in c.evidence
        ),
    )


def document_csv(page: DocumentPage) -> str:
    """One row per piece of evidence in the document, by position, with the claim it backs."""
    rows = []
    for q in page.evidence:
        c = page.claims.get(q.claim)
        claim = c.model_dump(include={"subject", "predicate", "object", "issue", "negated"}) if c else {}
        rows.append(
            {**claim, "claim": q.claim, **q.model_dump(include={"quote", "start", "end", "rule", "confidence"})}
        )
    return to_csv(DOCUMENT_COLUMNS, rows)


def home_csv(page: HomePage) -> str:
    """One row per place of the workspace."""
    return to_csv(["id", "name"], (p.model_dump() for p in page.places))


WRITERS: dict[type, Callable[[Any], str]] = {
    HomePage: home_csv,
    PlacePage: place_csv,
    WhoOwnsPage: who_owns_csv,
    IssueOverview: issue_overview_csv,
    GapsPage: gaps_csv,
    EntityPage: entity_csv,
    DocumentPage: document_csv,
}
