"""The pages of the record (api/page_records.py) over the real HTTP stack on the example
workspace: an entity page shows GET /entities/{id}'s claims with every quote, linked to the
document view at the quote; a document page shows the text whole with every evidence span
marked and linked to its claim; each page's .json and .csv hold what it shows."""

from __future__ import annotations

import html as htmllib

import pytest
from pages_support import HTML, csv_rows, examples_client, outside_references

from api.page_records import segments


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with examples_client(tmp_path_factory.mktemp("records")) as c:
        yield c


def test_an_entity_page_shows_its_claims_and_quotes(client):
    view = client.get("/entities/norrbacka/kommunstyrelsen").json()
    data = client.get("/entity/norrbacka/kommunstyrelsen.json").json()
    assert data["view"] == view and view["claims"]
    page = client.get("/entity/norrbacka/kommunstyrelsen", headers=HTML)
    assert page.headers["content-type"].startswith("text/html") and not outside_references(page.text)
    for c in view["claims"]:
        assert f'id="claim-{c["id"]}"' in page.text
        for e in c["evidence"]:
            assert htmllib.escape(e["quote"] or "") in page.text
            if e["start"] is not None:
                assert f'href="/document/{e["document"]}?lang=en#q-{e["start"]}"' in page.text
    table = csv_rows(client.get("/entity/norrbacka/kommunstyrelsen.csv").text)
    assert len(table) == sum(len(c["evidence"]) for c in view["claims"])
    assert {r["claim"] for r in table} == {c["id"] for c in view["claims"]}
    assert client.get("/entity/norrbacka/nobody.json").status_code == 404
    assert client.get("/entity/norrbacka/nobody", headers=HTML).status_code == 404


def test_a_document_page_marks_every_evidence_span_in_the_whole_text(client):
    docs = client.get("/documents").json()["data"]
    doc_id = next(d["id"] for d in docs if d["title"] == "Granskning av integrationsarbetet i Norrbacka kommun")
    api = client.get(f"/documents/{doc_id}").json()
    data = client.get(f"/document/{doc_id}.json").json()
    text = api["document"]["text"]
    assert "".join(s["text"] for s in data["segments"]) == text  # nothing lost, nothing added
    spans = [(q["start"], q["end"], q["claim"]) for q in api["evidence"] if q["start"] is not None]
    assert spans and [q["claim"] for q in data["evidence"]] == [q["claim"] for q in api["evidence"]]
    for start, end, claim in spans:
        covered = [s for s in data["segments"] if start <= s["start"] < end]
        assert covered and all(claim in s["claims"] for s in covered)
        assert covered[0]["start"] == start and start in covered[0]["opens"]
    page = client.get(f"/document/{doc_id}", headers=HTML).text
    assert not outside_references(page)
    for start, _, claim in spans:
        assert f'id="q-{start}"' in page and f'id="ev-{claim}"' in page
    assert page.count("<mark ") == sum(1 for s in data["segments"] if s["claims"])
    table = csv_rows(client.get(f"/document/{doc_id}.csv").text)
    assert [r["claim"] for r in table] == [q["claim"] for q in api["evidence"]]
    assert client.get("/document/nope.json").status_code == 404


def test_overlapping_spans_each_keep_their_place():
    cut = segments("Kommunstyrelsen ansvarar för integrationen.", [(0, 24, "a"), (16, 42, "b")])
    assert [(s.text, s.claims) for s in cut] == [
        ("Kommunstyrelsen ", ["a"]),
        ("ansvarar", ["a", "b"]),
        (" för integrationen", ["b"]),
        (".", []),
    ]


def test_who_owns_quotes_link_to_the_document_at_the_quote(client):
    answer = client.get("/ownership", params={"issue": "integration", "jurisdiction": "norrbacka"}).json()
    page = client.get("/place/norrbacka/integration", headers=HTML).text
    quotes = [q for g in answer["gaps"] for q in g["evidence"] if q["start"] is not None]
    assert quotes
    for q in quotes:
        assert f'href="/document/{q["document"]}?lang=en#q-{q["start"]}"' in page


def test_review_from_the_page_is_safe_from_other_sites(client):
    page = client.get("/entity/norrbacka/kommunstyrelsen", headers=HTML)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert 'src="/pages/assets/review.js"' in page.text and "<script>" not in page.text
    assert client.get("/pages/assets/review.js").headers["content-type"].startswith("text/javascript")
    claim = client.get("/entities/norrbacka/kommunstyrelsen").json()["claims"][0]["id"]
    # what a form on another site could send: no Authorization header, so nothing is written
    forged = client.post(
        f"/claims/{claim}/review",
        data={"decision": "reject", "reviewer": "x"},
        headers={"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert forged.status_code in (401, 403, 415, 422)
    # and a script there may not send the header: the preflight is not granted
    preflight = client.options(
        f"/claims/{claim}/review",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert client.get("/entities/norrbacka/kommunstyrelsen").json()["claims"][0]["review"] == "extracted"
