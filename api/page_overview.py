"""The pages that look across places: an issue's national overview and the gaps with facets.

``/issue/{issue}`` lists every place of the workspace with the one verdict of the issue there
(queries/verdict.py, the same as GET /ownership and the place page), filterable by county and
status and sortable, and draws the places grouped by county as a row of coloured cells that
reads at a glance. ``/gaps`` (for browsers) lists GET /gaps's gaps with Datasette-like facets
(county, place, issue, kind, stated or inferred, severity) counted over the gaps shown, each
value a link that adds it as a filter. Nothing is judged here; each page's ``.json`` is the
model built here, so the page and its JSON cannot differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from pydantic import BaseModel, Field

from api.page_data import VerdictRow, judged_rows, rank
from graph.gazetteer import gazetteer
from graph.store.base import Store
from graph.vocabulary import vocabulary
from queries import gaps as find_gaps
from queries.messages import issue_label, kind_label, status_label
from queries.names import resolve_issue
from queries.places import known_jurisdictions

OVERVIEW_SORTS = ("status", "name", "county")
GAP_SORTS = ("severity", "place", "issue", "kind")


def severity_band(severity: float) -> str:
    """The band of data/vocabulary.yaml ``severity_bands`` a severity (0 or more) falls in: the
    last band starts at 0, so one always does.

    >>> severity_band(0.9), severity_band(0.5), severity_band(0.45)
    ('high', 'medium', 'low')
    """
    bands = vocabulary().severity_bands
    return next(name for name, floor in bands.items() if severity >= floor)


class OverviewRow(VerdictRow):
    """One place's verdict of the issue."""

    jurisdiction: str = Field(description="jurisdiction slug", examples=["norrbacka"])
    name: str = Field(description="its name", examples=["Norrbacka kommun"])
    county: str | None = Field(None, description="the county it lies in", examples=["Dalarnas län"])


class CountyGroup(BaseModel):
    """The places of one county, for the compact picture."""

    county: str = Field(description="the county, or '–' for places outside any", examples=["Dalarnas län"])
    places: list[OverviewRow] = Field(description="its places, by name")


class IssueOverview(BaseModel):
    """Every place of the workspace with its verdict of one issue."""

    issue: str = Field(description="issue id", examples=["integration"])
    issue_label: str = Field(description="its name in the asked language", examples=["integration"])
    county: str | None = Field(None, description="the county filter, if any")
    status: str | None = Field(None, description="the status filter, if any")
    sort: str = Field("status", description="the order: " + ", ".join(OVERVIEW_SORTS))
    statuses: dict[str, int] = Field(description="how many places (before the filters) have each status")
    counties: list[str] = Field(description="the counties of the workspace's places, for the filter")
    rows: list[OverviewRow] = Field(description="the places that pass the filters, in the order asked")
    groups: list[CountyGroup] = Field(description="the same places grouped by county")


def issue_overview(
    store: Store, issue: str, lang: str, county: str | None = None, status: str | None = None, sort: str = "status"
) -> IssueOverview:
    """The verdict of ``issue`` (id or name) in every place of the workspace."""
    issue_id = resolve_issue(issue)
    places = known_jurisdictions(store)
    rows = []
    for (slug, _), verdict, owners, gaps in judged_rows(store, [(slug, issue_id) for slug in places], lang):
        rows.append(
            OverviewRow(
                jurisdiction=slug,
                name=places[slug],
                county=gazetteer().county(slug),
                status=verdict.status,
                status_label=status_label(verdict.status, lang),
                owners=owners,
                gaps=gaps,
            )
        )
    statuses = dict(Counter(r.status for r in rows))
    counties = sorted({r.county for r in rows if r.county})
    shown = [r for r in rows if (not county or r.county == county) and (not status or r.status == status)]
    shown.sort(key=_overview_order(sort))
    groups: dict[str, list[OverviewRow]] = {}
    for r in sorted(shown, key=lambda r: r.name):
        groups.setdefault(r.county or "–", []).append(r)
    return IssueOverview(
        issue=issue_id,
        issue_label=issue_label(issue_id, lang),
        county=county or None,
        status=status or None,
        sort=sort,
        statuses=statuses,
        counties=counties,
        rows=shown,
        groups=[CountyGroup(county=c, places=p) for c, p in sorted(groups.items())],
    )


def _overview_order(sort: str) -> Callable[[OverviewRow], tuple]:
    """The sort key of an overview row: gravest status first, or by name, or by county."""
    if sort == "name":
        return lambda r: (r.name, r.jurisdiction)
    if sort == "county":
        return lambda r: (r.county or "~", r.name)
    return lambda r: (rank(r.status), -max((g.severity for g in r.gaps), default=0.0), r.name)


class GapRow(BaseModel):
    """One gap, as GET /gaps gives it, without its evidence (the who-owns page shows that)."""

    jurisdiction: str = Field(description="jurisdiction slug", examples=["eksjo"])
    jurisdiction_name: str = Field(description="its name", examples=["Eksjö kommun"])
    county: str | None = Field(None, description="the county it lies in", examples=["Jönköpings län"])
    issue: str = Field(description="issue id", examples=["integration"])
    issue_label: str = Field(description="its name in the asked language", examples=["integration"])
    kind: str = Field(description="the gap kind", examples=["uncoordinated"])
    kind_label: str = Field(description="the kind in the asked language", examples=["samordning saknas"])
    severity: float = Field(description="how grave, 0–1", examples=[0.6])
    explicit: bool = Field(description="true when a text states it; false when inferred", examples=[True])
    summary: str = Field(description="one sentence for a person, in the asked language")


class FacetValue(BaseModel):
    value: str = Field(description="the filter value", examples=["uncoordinated"])
    label: str = Field(description="how the page names it", examples=["samordning saknas"])
    count: int = Field(description="how many of the gaps shown have it", examples=[3])
    selected: bool = Field(False, description="true when it is the filter in use")


class Facet(BaseModel):
    name: str = Field(description="the filter's query parameter", examples=["kind"])
    values: list[FacetValue] = Field(description="its values among the gaps shown, most frequent first")


GAP_FILTERS = ("county", "jurisdiction", "issue", "kind", "stated", "severity")


class GapsPage(BaseModel):
    """The gaps that pass the filters, with facets counted over them."""

    filters: dict[str, str] = Field(default_factory=dict, description="the filters in use (query parameters)")
    sort: str = Field("severity", description="the order: " + ", ".join(GAP_SORTS))
    facets: list[Facet] = Field(description="county, jurisdiction, issue, kind, stated, severity")
    rows: list[GapRow] = Field(description="the gaps, in the order asked")


def gaps_page(store: Store, filters: dict[str, str], lang: str, sort: str = "severity") -> GapsPage:
    """GET /gaps's gaps in ``lang``, filtered by ``filters`` (GAP_FILTERS), with their facets."""
    rows = [
        GapRow(
            jurisdiction=g.jurisdiction,
            jurisdiction_name=g.jurisdiction_name or g.jurisdiction,
            county=gazetteer().county(g.jurisdiction),
            issue=g.issue,
            issue_label=g.issue_label or g.issue,
            kind=g.kind,
            kind_label=g.kind_label or g.kind,
            severity=g.severity,
            explicit=g.explicit,
            summary=g.summary,
        )
        for g in find_gaps(store, lang=lang)
    ]
    used = {k: v for k, v in filters.items() if k in GAP_FILTERS and v}
    shown = [r for r in rows if all(_facet_value(r, k) == v for k, v in used.items())]
    shown.sort(key=_gap_order(sort))
    return GapsPage(filters=used, sort=sort, facets=_facets(shown, used, lang), rows=shown)


def _facet_value(row: GapRow, name: str) -> str:
    """The value a gap has for facet ``name``."""
    if name == "stated":
        return "stated" if row.explicit else "inferred"
    if name == "severity":
        return severity_band(row.severity)
    return str(getattr(row, name) or "")


def _facets(rows: list[GapRow], used: dict[str, str], lang: str) -> list[Facet]:
    """Each facet's values among ``rows`` with their counts, most frequent first."""
    labels: dict[str, Callable[[GapRow], str]] = {
        "county": lambda r: r.county or "",
        "jurisdiction": lambda r: r.jurisdiction_name,
        "issue": lambda r: r.issue_label,
        "kind": lambda r: kind_label(r.kind, lang),
        "stated": lambda r: "stated" if r.explicit else "inferred",
        "severity": lambda r: severity_band(r.severity),
    }
    out = []
    for name in GAP_FILTERS:
        counts = Counter(_facet_value(r, name) for r in rows)
        label = {_facet_value(r, name): labels[name](r) for r in rows}
        values = [
            FacetValue(value=v, label=label[v], count=n, selected=used.get(name) == v)
            for v, n in sorted(counts.items(), key=lambda p: (-p[1], p[0]))
            if v
        ]
        out.append(Facet(name=name, values=values))
    return out


def _gap_order(sort: str) -> Callable[[GapRow], tuple]:
    """The sort key of a gap row: gravest first (GET /gaps's order), or by place, issue or kind."""
    orders: dict[str, Callable[[GapRow], tuple]] = {
        "place": lambda r: (r.jurisdiction_name, -r.severity, r.issue),
        "issue": lambda r: (r.issue_label, -r.severity, r.jurisdiction_name),
        "kind": lambda r: (r.kind, -r.severity, r.jurisdiction_name),
    }
    return orders.get(sort, lambda r: (-r.severity, r.jurisdiction, r.issue))
