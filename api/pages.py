"""The pages people read in a browser, beside the JSON API (which keeps its paths).

``/`` (home: one search box handed to ask), ``/place/{jurisdiction}`` (every issue with its
status, owners and gap kinds, gravest first) and ``/place/{jurisdiction}/{issue}`` (who owns
it: owners with mode and basis, every quote whole with its source's title and date, gaps).
Content negotiation: a client whose Accept names text/html gets the page, any other the
same data as JSON; ``…/index.json``, ``/place/{jurisdiction}.json`` and
``/place/{jurisdiction}/{issue}.json`` always give the JSON, and the place and who-owns pages
are also ``.csv`` (api/page_csv.py). The words are data
(data/messages.yaml ``pages``), in English or Swedish by ``?lang=`` or Accept-Language.

The data comes from api/page_data.py (the query layer); the templates only lay it out,
with Jinja2's autoescaping on, and the pages run no script: their Content-Security-Policy
allows the page's own style sheet and nothing else, so no request leaves the origin and no
markup in a name, quote or title can run.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from anyio import to_thread
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from api import page_csv, page_data, page_overview, page_records
from api.problems import problem_responses, status_of
from graph import errors
from graph.store.live import SnapshotStore
from graph.vocabulary import vocabulary
from queries.messages import messages, status_label

router = APIRouter(tags=["pages"])
LANGS = ("en", "sv")
# the pages' own style sheet and script (review.js, on the entity page) and nothing else: no
# inline script, no request leaving the origin
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
    "Vary": "Accept, Accept-Language",
}
PlaceParam = Annotated[
    str,
    Path(
        description="jurisdiction slug or name (…/x.json for JSON, …/x.csv for CSV)",
        examples=["norrbacka"],
        max_length=200,
    ),
]
IssueParam = Annotated[
    str,
    Path(description="issue id or name (…/x.json for JSON, …/x.csv for CSV)", examples=["integration"], max_length=200),
]
LangParam = Annotated[str | None, Query(description="interface language: en or sv", pattern="^(en|sv)?$")]

_env = Environment(loader=PackageLoader("api", "templates"), autoescape=select_autoescape(default=True))
_env.filters["url"] = lambda s: quote(str(s), safe="/")  # a slug may hold a slash: sverige/kommunerna
TEMPLATES: dict[type[BaseModel], str] = {
    page_data.HomePage: "home.html",
    page_data.PlacePage: "place.html",
    page_data.WhoOwnsPage: "who_owns.html",
    page_overview.IssueOverview: "issue.html",
    page_overview.GapsPage: "gaps.html",
    page_records.EntityPage: "entity.html",
    page_records.DocumentPage: "document.html",
}
PAGE_MODELS: dict[str, type[BaseModel]] = {m.__name__: m for m in TEMPLATES}  # what a cached page's data is


def language(request: Request, lang: str | None) -> str:
    """``?lang=`` if given, else the first of en/sv in Accept-Language by its weight, else en.

    >>> from starlette.requests import Request as R
    >>> language(R({"type": "http", "headers": [(b"accept-language", b"de;q=1, sv-SE;q=0.8, en;q=0.5")]}), None)
    'sv'
    """
    if lang in LANGS:
        return lang
    best, weight = "en", -1.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in LANGS and q > weight:
            best, weight = code, q
    return best


def wants_html(request: Request) -> bool:
    """True when the Accept header names text/html (a browser); JSON for everybody else."""
    return "text/html" in request.headers.get("accept", "")


def _words(lang: str) -> dict[str, Any]:
    return messages()["pages"][lang]


def _render(request: Request, template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` in ``lang``, with the words, the vocabulary's labels and the links."""
    html = _env.get_template(template).render(
        t=_words(lang),
        lang=lang,
        base=request.scope.get("root_path", "").rstrip("/"),
        switch=request.url.path
        + "?"
        + str(request.url.include_query_params(lang="sv" if lang == "en" else "en").query),
        bases={k: v.get(lang, k) for k, v in vocabulary().bases.items()},
        modes={k: v.get(lang, k) for k, v in vocabulary().modes.items()},
        types={k: v.get(lang, k) for k, v in vocabulary().entity_types.items()},
        kinds={k: (v if lang == "sv" else k.replace("_", " ")) for k, v in vocabulary().document_kinds.items()},
        predicates=_words(lang)["predicates"],
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


async def _page(
    request: Request,
    lang: str,
    fmt: str | None,
    build: Callable[[SnapshotStore], BaseModel],
) -> Response:
    """Build the page's data in a worker thread from the current snapshot; send it as HTML, JSON
    or CSV (``fmt`` from the URL's extension, else HTML when the client asks for it, else JSON).
    A library error is the API's problem+json for programs and an error page for browsers."""
    workspace = request.app.state.workspaces.get()
    # a page's data is computed once per snapshot, as the API's answers are: the key is the
    # path, the query and the language, all the builders read
    key = ("page", request.url.path, tuple(sorted(request.query_params.multi_items())), lang)

    def run() -> BaseModel:
        with workspace.reading() as store:
            made: list[BaseModel] = []

            def compute() -> bytes:
                made.append(build(store))
                return type(made[0]).__name__.encode() + b"\n" + made[0].model_dump_json().encode()

            body = store.answer(key, compute)
        if made:
            return made[0]
        name, _, data = body.partition(b"\n")
        return PAGE_MODELS[name.decode()].model_validate_json(data)

    html = fmt is None and wants_html(request)
    try:
        data = await to_thread.run_sync(run)
    except errors.AnsvarError as exc:
        if not html:
            raise
        return _render(request, "error.html", lang, status=status_of(exc), error=exc)
    writer: Callable[[Any], str] | None = page_csv.WRITERS.get(type(data))
    if fmt == "csv" and writer is not None:
        return Response(
            writer(data), media_type="text/csv; charset=utf-8", headers={"X-Content-Type-Options": "nosniff"}
        )
    if not html:
        return Response(data.model_dump_json(), media_type="application/json", headers={"Vary": "Accept"})
    return _render(request, TEMPLATES[type(data)], lang, page=data, **_listing_context(request, lang, data))


def _band_label(band: str, words: dict[str, Any]) -> str:
    """A severity band's name with its bounds from the vocabulary: "high (0.8 or more)"."""
    bands = vocabulary().severity_bands
    names = list(bands)
    above = names.index(band) - 1
    upper = bands[names[above]] if above >= 0 else 1.0

    def number(x: float) -> str:
        return f"{x:g}".replace(".", words["decimal_mark"])

    return str(words["severity_" + band]).format(floor=number(bands[band]), upper=number(upper))


def _listing_context(request: Request, lang: str, data: BaseModel) -> dict[str, Any]:
    """What the overview and gaps pages lay out besides their data: the status and facet labels,
    the sort orders, and links that keep the query while changing one parameter."""
    words = _words(lang)
    params = {k: v for k, v in request.query_params.items() if v}

    def query(**changes: str) -> str:
        return urlencode({**params, "lang": lang, **changes})

    def value_label(facet: str, value: page_overview.FacetValue) -> str:
        if facet == "stated":
            return words[value.value]
        if facet == "severity":
            return _band_label(value.value, words)
        return value.label

    return {
        "query": query(),
        "statuses": {s: status_label(s, lang) for s in vocabulary().ownership_statuses},
        "sorts": page_overview.GAP_SORTS if isinstance(data, page_overview.GapsPage) else page_overview.OVERVIEW_SORTS,
        "facet_names": {
            "county": words["county"],
            "jurisdiction": words["place"],
            "issue": words["issue"],
            "kind": words["kind"],
            "stated": words["stated_or_inferred"],
            "severity": words["severity_heading"],
        },
        "value_label": value_label,
        "with_filter": lambda name, value: query(**{name: value}),
        "with_sort": lambda sort: query(sort=sort),
    }


def _split_format(name: str) -> tuple[str, str | None]:
    """``x.json`` → (x, "json"), ``x.csv`` → (x, "csv"), else (name, None)."""
    for fmt in ("json", "csv"):
        if name.endswith("." + fmt):
            return name[: -len(fmt) - 1], fmt
    return name, None


@router.get(
    "/",
    response_model=page_data.HomePage,
    responses={200: {"content": {"text/html": {}}}, **problem_responses(422)},
    summary="Home: the places, and a search handed to ask (HTML for browsers)",
)
async def home(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="a place, an issue or a question")] = None,
    lang: LangParam = None,
) -> Response:
    """The workspace's places and one search box; a search is answered by GET /ask's query, in
    ``lang`` when given (the page's form sends its own), else in the question's language."""
    chosen = language(request, lang)
    return await _page(request, chosen, None, lambda s: page_data.home_page(s, q, lang or None))


@router.get(
    "/index.json", response_model=page_data.HomePage, responses=problem_responses(422), summary="The home page's data"
)
async def home_json(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="a place, an issue or a question")] = None,
    lang: LangParam = None,
) -> Response:
    """What the home page shows, as JSON."""
    chosen = language(request, lang)
    return await _page(request, chosen, "json", lambda s: page_data.home_page(s, q, lang or None))


@router.get(
    "/index.csv",
    responses={200: {"content": {"text/csv": {}}}, **problem_responses(422)},
    summary="The home page's places as CSV",
)
async def home_csv(request: Request, lang: LangParam = None) -> Response:
    """One row per place of the workspace (id, name)."""
    chosen = language(request, lang)
    return await _page(request, chosen, "csv", lambda s: page_data.home_page(s, None, lang or None))


@router.get(
    "/place/{jurisdiction:path}/{issue}",
    response_model=page_data.WhoOwnsPage,
    responses={200: {"content": {"text/html": {}, "text/csv": {}}}, **problem_responses(404, 422)},
    summary="Who owns an issue in a place (HTML for browsers; .json, .csv)",
)
async def who_owns_page(
    request: Request, jurisdiction: PlaceParam, issue: IssueParam, lang: LangParam = None
) -> Response:
    """GET /ownership's answer as a page: owners with mode and basis, quotes, deferrals, gaps.

    A jurisdiction's slug may hold a slash (``sverige/kommunerna``): a path that is a whole
    slug of the workspace is that place's page."""
    chosen = language(request, lang)
    name, fmt = _split_format(issue)

    def build(store: SnapshotStore) -> BaseModel:
        if f"{jurisdiction}/{name}" in store.jurisdictions():
            return page_data.place_page(store, f"{jurisdiction}/{name}", chosen)
        return page_data.who_owns_page(store, jurisdiction, name, chosen)

    return await _page(request, chosen, fmt, build)


@router.get(
    "/place/{jurisdiction}",
    response_model=page_data.PlacePage,
    responses={200: {"content": {"text/html": {}, "text/csv": {}}}, **problem_responses(404, 422)},
    summary="A place: every issue with its status, owners and gaps (HTML for browsers; .json, .csv)",
)
async def place(request: Request, jurisdiction: PlaceParam, lang: LangParam = None) -> Response:
    """Every issue of the taxonomy in the jurisdiction (slug or name), gravest first."""
    chosen = language(request, lang)
    name, fmt = _split_format(jurisdiction)
    return await _page(request, chosen, fmt, lambda s: page_data.place_page(s, name, chosen))


CountyQuery = Annotated[str | None, Query(description="only places in this county", max_length=200)]
OverviewSortQuery = Annotated[
    str, Query(description="status (gravest first), name or county", pattern="^(status|name|county)$")
]


@router.get(
    "/issue/{issue}",
    response_model=page_overview.IssueOverview,
    responses={200: {"content": {"text/html": {}, "text/csv": {}}}, **problem_responses(404, 422)},
    summary="An issue in every place: the national overview (HTML for browsers; .json, .csv)",
)
async def issue_overview(
    request: Request,
    issue: IssueParam,
    county: CountyQuery = None,
    status: Annotated[str | None, Query(description="only places with this status", max_length=100)] = None,
    sort: OverviewSortQuery = "status",
    lang: LangParam = None,
) -> Response:
    """Every place of the workspace with the issue's verdict there (as GET /ownership's), and
    the places grouped by county as coloured cells."""
    chosen = language(request, lang)
    name, fmt = _split_format(issue)
    return await _page(
        request,
        chosen,
        fmt,
        lambda s: page_overview.issue_overview(s, name, chosen, county=county, status=status, sort=sort),
    )


GapSortQuery = Annotated[
    str, Query(description="severity (gravest first), place, issue or kind", pattern="^(severity|place|issue|kind)$")
]


async def gaps_page(request: Request, fmt: str | None, lang: str | None, sort: str) -> Response:
    """The gaps page (GET /gaps asked by a browser, /gaps.json, /gaps.csv): the filters are the
    query's facet parameters (county, jurisdiction, issue, kind, stated, severity)."""
    chosen = language(request, lang)
    filters = {k: v for k, v in request.query_params.items() if k in page_overview.GAP_FILTERS}
    return await _page(request, chosen, fmt, lambda s: page_overview.gaps_page(s, filters, chosen, sort))


@router.get(
    "/gaps.json",
    response_model=page_overview.GapsPage,
    responses=problem_responses(422),
    summary="The gaps page's data: gaps with facets (filters: county, jurisdiction, issue, kind, stated, severity)",
)
async def gaps_json(request: Request, sort: GapSortQuery = "severity", lang: LangParam = None) -> Response:
    """What the gaps page shows, as JSON."""
    return await gaps_page(request, "json", lang, sort)


@router.get(
    "/gaps.csv",
    responses={200: {"content": {"text/csv": {}}}, **problem_responses(422)},
    summary="The gaps page's rows as CSV",
)
async def gaps_csv(request: Request, sort: GapSortQuery = "severity", lang: LangParam = None) -> Response:
    """One row per gap the page shows."""
    return await gaps_page(request, "csv", lang, sort)


@router.get(
    "/entity/{entity_id:path}",
    response_model=page_records.EntityPage,
    responses={200: {"content": {"text/html": {}, "text/csv": {}}}, **problem_responses(404, 422)},
    summary="One entity with every claim that names it (HTML for browsers; .json, .csv)",
)
async def entity_page(
    request: Request,
    entity_id: Annotated[
        str, Path(description="entity id (may contain /; …/x.json, …/x.csv)", examples=["norrbacka/socialnamnden"])
    ],
    lang: LangParam = None,
) -> Response:
    """GET /entities/{id}'s view as a page: the entity, its path upward and every claim in and
    out, each quote linked to the document view at the quote."""
    chosen = language(request, lang)
    name, fmt = _split_format(entity_id)
    return await _page(request, chosen, fmt, lambda s: page_records.entity_page(s, name, chosen))


@router.get(
    "/document/{document_id}",
    response_model=page_records.DocumentPage,
    responses={200: {"content": {"text/html": {}, "text/csv": {}}}, **problem_responses(404, 422)},
    summary="One document with every evidence span highlighted and linked to its claim (HTML; .json, .csv)",
)
async def document_page(
    request: Request,
    document_id: Annotated[str, Path(max_length=200, description="document id (…/x.json, …/x.csv)")],
    lang: LangParam = None,
) -> Response:
    """GET /documents/{id} as a page: the text with each evidence span marked and linked to the
    claim it backs, and the list of evidence by position."""
    chosen = language(request, lang)
    name, fmt = _split_format(document_id)
    return await _page(request, chosen, fmt, lambda s: page_records.document_page(s, name, chosen))


@router.get("/pages/assets/review.js", include_in_schema=False)
async def review_script() -> Response:
    """The script of review in the browser (the entity page), served from this origin."""
    return Response(
        (files("api") / "static" / "review.js").read_bytes(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/pages/assets/pages.css", include_in_schema=False)
async def stylesheet() -> Response:
    """The pages' one style sheet."""
    return Response(
        (files("api") / "static" / "pages.css").read_bytes(),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
