"""The pages across places (api/page_overview.py) over the real HTTP stack on the example
workspace: an issue's national overview shows the one verdict GET /ownership gives in every
place, filters and sorts as asked, and the gaps page lists GET /gaps's gaps with facets that
count what is shown; each page's .json and .csv hold what the page shows, and a client that
does not ask for HTML keeps today's JSON answer at /gaps."""

from __future__ import annotations

import html as htmllib
import re

import pytest
import yaml
from fastapi.testclient import TestClient
from pages_support import HTML, csv_rows, examples_client, outside_references

from api.http import create_app
from graph.errors import VocabularyError
from graph.paths import data_dir
from graph.vocabulary import load_vocabulary, vocabulary
from queries.messages import messages


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with examples_client(tmp_path_factory.mktemp("overview")) as c:
        yield c


def test_the_overview_shows_the_one_verdict_of_every_place(client):
    data = client.get("/issue/integration.json").json()
    places = {j["id"] for j in client.get("/jurisdictions").json()}
    assert {r["jurisdiction"] for r in data["rows"]} == places
    for r in data["rows"]:
        asked = client.get("/ownership", params={"issue": "integration", "jurisdiction": r["jurisdiction"]}).json()
        assert r["status"] == asked["status"], r["jurisdiction"]
    assert sum(data["statuses"].values()) == len(data["rows"])
    page = client.get("/issue/integration", headers=HTML)
    assert page.headers["content-type"].startswith("text/html") and not outside_references(page.text)
    for r in data["rows"]:
        assert f'href="/place/{r["jurisdiction"]}/integration?lang=en"' in page.text
        assert htmllib.escape(r["name"]) in page.text
    assert client.get("/issue/integration", headers={"Accept": "application/json"}).json() == data


def test_the_overview_filters_sorts_and_its_csv_holds_its_rows(client):
    every = client.get("/issue/integration.json").json()
    county = every["counties"][0]
    by_county = client.get("/issue/integration.json", params={"county": county}).json()
    assert by_county["rows"] and all(r["county"] == county for r in by_county["rows"])
    assert len(by_county["rows"]) == sum(r["county"] == county for r in every["rows"])
    status = every["rows"][0]["status"]
    by_status = client.get("/issue/integration.json", params={"status": status}).json()
    assert {r["status"] for r in by_status["rows"]} == {status}
    by_name = client.get("/issue/integration.json", params={"sort": "name"}).json()
    assert [r["name"] for r in by_name["rows"]] == sorted(r["name"] for r in every["rows"])
    table = csv_rows(client.get("/issue/integration.csv", params={"county": county}).text)
    assert [(r["jurisdiction"], r["status"]) for r in table] == [
        (r["jurisdiction"], r["status"]) for r in by_county["rows"]
    ]
    assert client.get("/issue/integration.json", params={"sort": "nonsense"}).status_code == 422


def test_an_unknown_issue_is_a_problem_for_programs_and_an_error_page_for_people(client):
    assert client.get("/issue/blabarssoppa.json").status_code == 404
    r = client.get("/issue/blabarssoppa", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


def test_gaps_for_a_browser_is_a_page_and_for_a_program_todays_answer(client):
    answer = client.get("/gaps").json()
    assert isinstance(answer, list) and answer
    page = client.get("/gaps", headers=HTML)
    assert page.headers["content-type"].startswith("text/html") and not outside_references(page.text)
    data = client.get("/gaps.json").json()
    assert len(data["rows"]) == len(answer)
    assert [(r["jurisdiction"], r["issue"], r["kind"]) for r in data["rows"]] == [
        (g["jurisdiction"], g["issue"], g["kind"]) for g in answer
    ]
    for r in data["rows"]:
        assert htmllib.escape(r["summary"]) in page.text
    table = csv_rows(client.get("/gaps.csv").text)
    assert [(r["jurisdiction"], r["issue"], r["kind"]) for r in table] == [
        (r["jurisdiction"], r["issue"], r["kind"]) for r in data["rows"]
    ]
    # the cached JSON answer is never sent to a browser
    assert client.get("/gaps", headers=HTML).headers["content-type"].startswith("text/html")


def test_gap_facets_count_what_is_shown_and_filter_it(client):
    data = client.get("/gaps.json").json()
    facets = {f["name"]: f["values"] for f in data["facets"]}
    assert set(facets) == {"county", "jurisdiction", "issue", "kind", "stated", "severity"}
    for name in ("kind", "stated", "severity", "jurisdiction"):
        assert sum(v["count"] for v in facets[name]) == len(data["rows"]), name
    kind = facets["kind"][0]
    narrowed = client.get("/gaps.json", params={"kind": kind["value"]}).json()
    assert len(narrowed["rows"]) == kind["count"] and {r["kind"] for r in narrowed["rows"]} == {kind["value"]}
    assert [v["selected"] for v in {f["name"]: f["values"] for f in narrowed["facets"]}["kind"]] == [True]
    page = client.get("/gaps", params={"kind": kind["value"]}, headers=HTML).text
    assert 'href="/gaps?lang=en"' in page  # remove the filters
    place = facets["jurisdiction"][0]["value"]
    assert f"jurisdiction={place}" in client.get("/gaps", headers=HTML).text
    by_place = client.get("/gaps.json", params={"sort": "place"}).json()
    assert [r["jurisdiction_name"] for r in by_place["rows"]] == sorted(r["jurisdiction_name"] for r in data["rows"])


def test_the_pages_across_places_speak_swedish(client):
    words = messages()["pages"]["sv"]
    overview = client.get("/issue/integration", params={"lang": "sv"}, headers=HTML).text
    assert words["overview_picture"] in overview and 'lang="sv"' in overview
    gaps = client.get("/gaps", params={"lang": "sv"}, headers=HTML).text
    assert words["gaps_title"] in gaps and words["stated_or_inferred"] in gaps
    # numbers in Swedish: the severity bands' bounds and each gap's severity with a decimal comma
    floor = vocabulary().severity_bands["high"]
    assert words["severity_high"].format(floor=f"{floor:g}".replace(".", ",")) in gaps
    severities = re.findall(r"<td>(\d[.,]\d\d)</td>", gaps)
    assert severities and all("," in s for s in severities)


def test_a_pages_data_is_computed_once_per_snapshot(client):
    first = client.get("/issue/integration.json", params={"sort": "name"})
    snapshot = client.app.state.workspaces.get().snapshot
    key = ("page", "/issue/integration.json", (("sort", "name"),), "en")
    cached = snapshot.cached_answer(key)
    assert cached is not None and cached.startswith(b"IssueOverview\n")
    again = client.get("/issue/integration.json", params={"sort": "name"})
    assert again.json() == first.json()
    html = client.get("/issue/integration", params={"sort": "name"}, headers=HTML)
    assert html.status_code == 200 and all(r["name"] in htmllib.unescape(html.text) for r in first.json()["rows"])


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    from bench.synth import make_plan, write_store
    from graph.store import open_store

    db = tmp_path_factory.mktemp("national") / "national.db"
    with open_store(str(db)) as store:
        write_store(store, make_plan(40 * 60, 7, 40))
    with TestClient(create_app(str(db), refresh_seconds=0)) as c:
        yield c


def test_the_map_at_national_scale_opens_on_the_overview_and_drills_down(national):
    from visualisation.style import map_style

    places = national.get("/jurisdictions").json()
    assert len(places) > map_style().layout["national_places"]
    r = national.get("/map", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/issue/integration"
    assert national.get("/map", params={"issue": "employment"}, follow_redirects=False).headers["location"] == (
        "/issue/employment"
    )
    overview = national.get("/issue/integration", headers=HTML).text
    place = next(p["id"] for p in places if "/" not in p["id"])
    link = f'href="/map?jurisdiction={place}&amp;issue=integration"'
    assert link in overview
    drawn = national.get("/map", params={"jurisdiction": place, "issue": "integration"})
    assert drawn.status_code == 200 and drawn.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("bands", [None, {"high": 0.8, "low": 0.2}, {"low": 0.0, "high": 0.8}])
def test_the_severity_bands_must_end_at_zero_gravest_first(tmp_path, bands):
    """The gaps page groups every gap in a band: none left out, none without a name."""
    raw = yaml.safe_load((data_dir() / "vocabulary.yaml").read_text(encoding="utf-8"))
    raw.pop("severity_bands")
    if bands is not None:
        raw["severity_bands"] = bands
    path = tmp_path / "vocabulary.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(VocabularyError, match="severity_bands"):
        load_vocabulary(path)
