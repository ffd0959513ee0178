"""What the pages people read show, gathered from the query layer: nothing is judged here.

The home page hands its search box to ``ask`` (queries/ask.py); the place page lists the
verdict of every issue of the taxonomy in one jurisdiction (queries/verdict.py: status,
owners, gap kinds); the who-owns page is ``who_owns`` (queries/ownership.py) with the
names of the entities it mentions. Each page's ``.json`` is the model built here, so the
page and its JSON cannot differ.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph.answers import AskAnswer, Ownership
from graph.errors import QuestionNotUnderstood
from graph.store.base import Store
from graph.taxonomy import taxonomy
from graph.vocabulary import NO_GAP_STATUSES, one_of, vocabulary
from queries import ask, who_owns
from queries.messages import issue_label, kind_label, status_label
from queries.names import resolve_place
from queries.places import jurisdiction_name, known_jurisdictions
from queries.verdict import SliceVerdict, verdicts


class PlaceRef(BaseModel):
    id: str = Field(description="jurisdiction slug", examples=["norrbacka"])
    name: str = Field(description="its name", examples=["Norrbacka kommun"])


class HomePage(BaseModel):
    """The home page: the places of the workspace and, when asked, the answer to the search."""

    places: list[PlaceRef] = Field(default_factory=list, description="the places of the workspace, by name")
    q: str | None = Field(None, description="the search as typed", examples=["Vem äger integrationen i Norrbacka?"])
    answer: AskAnswer | None = Field(None, description="ask's answer to it")
    not_understood: str | None = Field(None, description="why the search was not understood")
    suggestions: list[str] = Field(default_factory=list, description="example questions when it was not")


class OwnerRef(BaseModel):
    """An owner of the issue in the place, once per mode."""

    entity: str = Field(description="entity id", examples=["norrbacka/socialnamnden"])
    name: str = Field(description="its name", examples=["Socialnämnden"])
    mode: str = Field(description=one_of("owner_modes"), examples=["owns"])
    mode_label: str = Field(description="the mode in the asked language", examples=["äger"])


class GapRef(BaseModel):
    """A gap of the issue in the place (GET /ownership's gaps give its summary and evidence)."""

    kind: str = Field(description="the gap kind", examples=["unowned"])
    kind_label: str = Field(description="the kind in the asked language", examples=["ägarlös"])
    severity: float = Field(description="how grave, 0–1", examples=[0.9])
    explicit: bool = Field(description="true when a text states it; false when inferred", examples=[True])


class VerdictRow(BaseModel):
    """One (place, issue) verdict as a row of a page: status, owners and gaps."""

    status: str = Field(description="the verdict's status (as GET /ownership's)", examples=["unowned"])
    status_label: str = Field(description="the status in the asked language", examples=["ägarlös"])
    owners: list[OwnerRef] = Field(default_factory=list, description="who owns, leads or coordinates it now")
    gaps: list[GapRef] = Field(default_factory=list, description="its gaps, gravest first")


class PlaceIssue(VerdictRow):
    """One issue's verdict in the place."""

    issue: str = Field(description="issue id", examples=["integration"])
    issue_label: str = Field(description="its name in the asked language", examples=["integration"])


class PlacePage(BaseModel):
    """Every issue of the taxonomy in one jurisdiction with its verdict, gravest first."""

    jurisdiction: str = Field(description="jurisdiction slug", examples=["norrbacka"])
    jurisdiction_name: str = Field(description="its name", examples=["Norrbacka kommun"])
    issues: list[PlaceIssue] = Field(description="every issue of the taxonomy, gravest status first")


class WhoOwnsPage(BaseModel):
    """who_owns's answer and the names of the entities it mentions by id."""

    ownership: Ownership = Field(description="GET /ownership's answer")
    names: dict[str, str] = Field(default_factory=dict, description="entity id → name")
    issue_labels: dict[str, str] = Field(default_factory=dict, description="sub-issue id → its name")


def _places(store: Store) -> list[PlaceRef]:
    return [PlaceRef(id=s, name=n) for s, n in sorted(known_jurisdictions(store).items(), key=lambda p: p[1])]


def home_page(store: Store, q: str | None, lang: str | None) -> HomePage:
    """The places, and ask's answer to ``q`` (or why it was not understood, with examples), in
    ``lang`` when given, else in the question's language."""
    page = HomePage(places=_places(store), q=q or None)
    if q:
        try:
            page.answer = ask(store, q, lang=lang)
        except QuestionNotUnderstood as exc:
            page.not_understood, page.suggestions = exc.message, list(exc.suggestions)
    return page


def rank(status: str) -> int:
    """Gap statuses in the vocabulary's precedence, then owned in parts, owned, nothing recorded."""
    order = [*vocabulary().status_precedence, NO_GAP_STATUSES[1], NO_GAP_STATUSES[0], NO_GAP_STATUSES[2]]
    return order.index(status) if status in order else len(order)


def judged_rows(
    store: Store, keys: list[tuple[str, str]], lang: str
) -> list[tuple[tuple[str, str], SliceVerdict, list[OwnerRef], list[GapRef]]]:
    """Each (place, issue) of ``keys`` with its verdict, owners and gaps (``issue_row``), the
    owners' names read in one round trip: what the place page and the issue overview show."""
    judged = verdicts(store, keys)
    owner_ids = {r.subject for verdict in judged.values() for r in verdict.facts.owners}
    names = {eid: e.name for eid, e in store.entities_by_id(owner_ids).items()}
    return [(key, verdict, *issue_row(verdict, names, lang)) for key, verdict in judged.items()]


def issue_row(verdict: SliceVerdict, names: dict[str, str], lang: str) -> tuple[list[OwnerRef], list[GapRef]]:
    """One verdict's owners (once per mode, strongest first) and gaps (gravest first), as the
    place page and the issue overview show them."""
    v = vocabulary()
    owners: dict[tuple[str, str], OwnerRef] = {}
    for r in verdict.facts.owners:
        mode = r.mode or ""
        owners.setdefault(
            (r.subject, mode),
            OwnerRef(
                entity=r.subject,
                name=names.get(r.subject, r.subject),
                mode=mode,
                mode_label=v.modes.get(mode, {}).get(lang, mode),
            ),
        )
    gaps = sorted(
        (
            GapRef(
                kind=f.kind,
                kind_label=kind_label(f.kind, lang),
                severity=v.gap_severity(f.kind, f.explicit),
                explicit=f.explicit,
            )
            for f in verdict.findings
        ),
        key=lambda g: (-g.severity, g.kind),
    )
    return sorted(owners.values(), key=lambda o: (v.ownership_rank(o.mode), o.name, o.entity)), gaps


def place_page(store: Store, jurisdiction: str, lang: str) -> PlacePage:
    """The verdict of every issue of the taxonomy in ``jurisdiction`` (slug or name)."""
    slug = resolve_place(store, jurisdiction)
    assert slug is not None
    rows = []
    for (_, issue), verdict, owners, gaps in judged_rows(store, [(slug, i) for i in taxonomy().ids()], lang):
        rows.append(
            PlaceIssue(
                issue=issue,
                issue_label=issue_label(issue, lang),
                status=verdict.status,
                status_label=status_label(verdict.status, lang),
                owners=owners,
                gaps=gaps,
            )
        )
    rows.sort(key=lambda r: (rank(r.status), -max((g.severity for g in r.gaps), default=0.0), r.issue_label))
    return PlacePage(jurisdiction=slug, jurisdiction_name=jurisdiction_name(slug, store), issues=rows)


def who_owns_page(store: Store, jurisdiction: str, issue: str, lang: str) -> WhoOwnsPage:
    """who_owns's answer, with the names of the entities in its chains, gaps and paths."""
    answer = who_owns(store, issue, jurisdiction, lang=lang)
    roles = [*answer.owners, *answer.former, *answer.contributors, *(r for s in answer.sub_issues for r in s.owners)]
    ids = {x for d in answer.deferrals for x in d.chain} | {a for g in answer.gaps for a in g.actors}
    ids |= {x for r in roles for x in r.path} | {r.attributed_to for r in roles if r.attributed_to}
    names = {eid: e.name for eid, e in sorted(store.entities_by_id(ids).items())}
    labels = {s.issue: issue_label(s.issue, lang) for s in answer.sub_issues}
    return WhoOwnsPage(ownership=answer, names=names, issue_labels=labels)
