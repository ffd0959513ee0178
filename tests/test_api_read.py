"""The HTTP API's read endpoints: shapes, filters, paging, and every error as problem+json."""

from __future__ import annotations

import io
import zipfile

import pytest
from api_support import TEXT, TOKEN, build_workspace
from fastapi.testclient import TestClient

from api.http import create_app
from graph.taxonomy import taxonomy

PROBLEM = "application/problem+json"


@pytest.fixture()
def ids(tmp_path):
    return build_workspace(tmp_path / "w.db")


@pytest.fixture()
def client(tmp_path, ids):
    with TestClient(create_app(str(tmp_path / "w.db"), token=TOKEN, refresh_seconds=0)) as c:
        yield c


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] == code and body["type"].endswith(code)
    assert body["title"] and body["detail"]
    return body


def test_ownership_answers_with_owner_and_quote(client, ids):
    body = client.get("/ownership", params={"issue": "employment", "jurisdiction": "x"}).json()
    assert body["status"] == "owned"
    (owner,) = body["owners"]
    assert owner["entity"] == "x/kommunstyrelsen" and owner["mode"] == "owns"
    assert owner["evidence"][0]["quote"] == "Kommunstyrelsen äger frågan"


def test_ownership_takes_names_and_swedish_forms(client):
    body = client.get("/ownership", params={"issue": "integrationen", "jurisdiction": "Xby"}).json()
    assert (body["issue"], body["jurisdiction"], body["status"]) == ("integration", "x", "deflected")
    assert body["deferrals"][0]["chain"] == ["x/socialnamnden", "x/forvaltningen"]


def test_ownership_in_swedish(client):
    gaps = client.get("/ownership", params={"issue": "integration", "jurisdiction": "x", "lang": "sv"}).json()["gaps"]
    english = client.get("/ownership", params={"issue": "integration", "jurisdiction": "x"}).json()["gaps"]
    assert gaps[0]["summary"] != english[0]["summary"]


def test_unknown_issue_lists_the_known_ones(client):
    body = problem(client.get("/ownership", params={"issue": "astrology", "jurisdiction": "x"}), 404, "unknown_issue")
    assert body["known_issues"] == taxonomy().ids()


def test_unknown_jurisdiction_gives_close_matches(client):
    body = problem(
        client.get("/ownership", params={"issue": "integration", "jurisdiction": "Xbyy"}), 404, "unknown_jurisdiction"
    )
    assert "Xbyy" in body["detail"] and body["close_matches"][0] == "x"
    body = problem(client.get("/gaps", params={"jurisdiction": "Hudinge"}), 404, "unknown_jurisdiction")
    assert "huddinge" in body["close_matches"]
    body = problem(client.get("/gaps", params={"jurisdiction": "qqqqzzzz"}), 404, "unknown_jurisdiction")
    assert "close_matches" not in body


def test_missing_parameter_is_a_validation_problem(client):
    body = problem(client.get("/ownership", params={"issue": "integration"}), 422, "invalid_request")
    assert body["errors"][0]["location"] == "query.jurisdiction"


def test_gaps_filters(client):
    everything = client.get("/gaps").json()
    assert [(g["jurisdiction"], g["issue"], g["kind"]) for g in everything] == [("x", "integration", "deflected")]
    assert client.get("/gaps", params={"jurisdiction": "x", "kind": "contested"}).json() == []
    assert client.get("/gaps", params={"issue": "employment"}).json() == []
    severity = everything[0]["severity"]
    assert client.get("/gaps", params={"min_severity": severity}).json() == everything
    assert client.get("/gaps", params={"min_severity": min(1.0, severity + 0.01)}).json() == []


def test_gaps_errors(client):
    body = problem(client.get("/gaps", params={"kind": "tragic"}), 404, "unknown_gap_kind")
    assert "deflected" in body["known_kinds"]
    problem(client.get("/gaps", params={"min_severity": 2}), 422, "invalid_request")
    problem(client.get("/gaps", params={"issue": "astrology"}), 404, "unknown_issue")


def test_ask_in_swedish_and_english(client):
    sv = client.get("/ask", params={"q": "Vem ansvarar för integrationen i Xby?"}).json()
    assert sv["question"]["issue"] == "integration" and sv["question"]["jurisdiction"] == "x"
    assert sv["ownership"]["status"] == "deflected"
    en = client.get("/ask", params={"q": "Who is responsible for employment in Xby?"}).json()
    assert en["question"]["language"] == "en" and en["ownership"]["owners"][0]["entity"] == "x/kommunstyrelsen"


def test_ask_not_understood_suggests_questions(client):
    body = problem(client.get("/ask", params={"q": "hur mår du?"}), 422, "question_not_understood")
    assert body["suggestions"]
    problem(client.get("/ask", params={"q": ""}), 422, "invalid_request")


def test_entities_paged(client):
    page = client.get("/entities", params={"limit": 2}).json()
    assert page["count"] == 4 and len(page["data"]) == 2 and page["limit"] == 2
    rest = client.get("/entities", params={"limit": 2, "offset": 2}).json()["data"]
    assert {e["id"] for e in page["data"] + rest} == {"x", "x/kommunstyrelsen", "x/socialnamnden", "x/forvaltningen"}
    boards = client.get("/entities", params={"type": "board", "jurisdiction": "x"}).json()
    assert boards["count"] == 2
    assert client.get("/entities", params={"q": "social"}).json()["data"][0]["id"] == "x/socialnamnden"
    problem(client.get("/entities", params={"type": "spaceship"}), 422, "invalid_request")
    problem(client.get("/entities", params={"limit": -1}), 422, "invalid_request")


def test_entity_detail_with_path_and_claims(client, ids):
    body = client.get("/entities/x/forvaltningen").json()
    assert body["entity"]["name"] == "Förvaltningen"
    assert body["path"] == ["x/forvaltningen", "x/kommunstyrelsen"]
    assert {c["id"] for c in body["claims"]} == {ids["defers"], ids["part"]}
    assert all(c["review"] == "extracted" and c["evidence"] for c in body["claims"])


def test_unknown_entity_gives_close_matches(client):
    body = problem(client.get("/entities/x/socialnamden"), 404, "unknown_entity")
    assert "x/socialnamnden" in body["close_matches"]


def test_claims_filters_and_detail(client, ids):
    page = client.get("/claims").json()
    assert page["count"] == 3 and sorted(c["id"] for c in page["data"]) == sorted(ids.values())
    by_subject = client.get("/claims", params={"subject": "x/socialnamnden"}).json()["data"]
    assert [c["id"] for c in by_subject] == [ids["defers"]]
    sliced = client.get("/claims", params={"issue": "employment", "jurisdiction": "x"}).json()["data"]
    assert [c["id"] for c in sliced] == [ids["owns"]]
    assert client.get("/claims", params={"predicate": "part_of"}).json()["count"] == 1
    assert client.get("/claims", params={"review": "rejected"}).json()["count"] == 0
    detail = client.get(f"/claims/{ids['owns']}").json()
    assert detail["review"] == "extracted" and detail["history"] == []
    problem(client.get("/claims/c_0000000000000000"), 404, "unknown_claim")
    problem(client.get("/claims", params={"predicate": "likes"}), 422, "invalid_request")
    problem(client.get("/claims", params={"review": "maybe"}), 422, "invalid_request")


def test_issues_and_jurisdictions(client):
    issues = client.get("/issues").json()
    assert [i["id"] for i in issues] == taxonomy().ids()
    assert all(i["sv"] and i["en"] for i in issues)
    (x,) = [j for j in client.get("/jurisdictions").json() if j["id"] == "x"]
    assert x["name"] == "Xby" and x["issues"] == ["employment", "integration"]


def test_documents_list_and_detail_with_spans(client, ids):
    page = client.get("/documents").json()
    assert page["count"] == 1 and page["data"][0]["text"] is None
    body = client.get("/documents/doc1").json()
    assert body["document"]["text"] == TEXT
    spans = [(q["start"], q["end"], q["claim"]) for q in body["evidence"] if q["start"] is not None]
    assert spans == sorted(spans) and {c for _, _, c in spans} == {ids["owns"], ids["defers"]}
    assert all(TEXT[s:e] == q["quote"] for q in body["evidence"] if (s := q["start"]) is not None for e in [q["end"]])
    problem(client.get("/documents/nope"), 404, "unknown_document")


def test_health_counts(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["writes_enabled"] is True
    assert body["counts"]["claims"] == 3 and body["counts"]["documents"] == 1


@pytest.mark.parametrize(
    "fmt, media, suffix",
    [
        ("json", "application/json", "json"),
        ("graphml", "application/graphml+xml", "graphml"),
        ("gexf", "application/gexf+xml", "gexf"),
        ("csv", "application/zip", "zip"),
    ],
)
def test_export_downloads(client, fmt, media, suffix):
    r = client.get(f"/export/{fmt}", params={"jurisdiction": "x"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert r.headers["content-disposition"] == f'attachment; filename="ansvarskarta-x.{suffix}"'
    assert int(r.headers["content-length"]) == len(r.content) > 0
    if fmt == "csv":
        assert zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    else:
        assert b"x/kommunstyrelsen" in r.content


def test_export_errors(client):
    problem(client.get("/export/pdf"), 422, "invalid_request")
    problem(client.get("/export/json", params={"issue": "astrology"}), 404, "unknown_issue")


def test_unknown_route_and_method(client):
    problem(client.get("/nowhere"), 404, "no_such_route")
    problem(client.delete("/health"), 405, "method_not_allowed")


def test_openapi_describes_fields_with_examples(client):
    schema = client.get("/openapi.json").json()
    assert {
        "/ask",
        "/ownership",
        "/gaps",
        "/entities",
        "/entities/{entity_id}",
        "/claims",
        "/claims/{claim_id}",
        "/issues",
        "/jurisdictions",
        "/documents",
        "/documents/{document_id}",
        "/export/{format}",
        "/health",
        "/claims/{claim_id}/review",
    } <= set(schema["paths"])
    problem_schema = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(problem_schema["properties"])
    ownership = schema["paths"]["/ownership"]["get"]
    assert all(p.get("description") for p in ownership["parameters"])
    assert "404" in ownership["responses"] and "422" in ownership["responses"]
    assert client.get("/docs").status_code == 200
    undescribed = [
        f"{name}.{field}"
        for name, model in schema["components"]["schemas"].items()
        for field, spec in model.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert all(p.get("description") for p in operation.get("parameters", [])), path
    entity = schema["components"]["schemas"]["Entity"]["properties"]
    assert entity["id"]["examples"] and entity["type"]["examples"]


def test_a_repeated_question_is_answered_from_the_cache_with_the_same_bytes(client):
    params = {"issue": "integration", "jurisdiction": "x"}
    first = client.get("/ownership", params=params)
    snapshot = client.app.state.workspaces.get().snapshot
    assert snapshot.cached_answer(("ownership", "integration", "x", "en")) == first.content
    again = client.get("/ownership", params=params)
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-type"] == "application/json"
    assert int(again.headers["content-length"]) == len(first.content)
    gaps = client.get("/gaps", params={"jurisdiction": "x"}).content
    assert client.get("/gaps", params={"jurisdiction": "x"}).content == gaps
    # what only the framework may answer still goes through it: a repeated, unknown or invalid parameter
    repeated = client.get("/ownership?issue=integration&issue=employment&jurisdiction=x")
    assert repeated.json()["issue"] == "employment"
    assert client.get("/ownership", params={**params, "colour": "red"}).json() == first.json()
    problem(client.get("/ownership", params={**params, "lang": "fr"}), 422, "invalid_request")
    problem(client.get("/gaps", params={"jurisdiction": "x", "min_severity": 7}), 422, "invalid_request")


def test_claims_and_entities_take_names_and_explain_unknowns(client, ids):
    named = client.get("/claims", params={"issue": "arbetsmarknad", "jurisdiction": "Xby"}).json()
    assert named["count"] == client.get("/claims", params={"issue": "employment", "jurisdiction": "x"}).json()["count"]
    body = problem(client.get("/claims", params={"issue": "astrology"}), 404, "unknown_issue")
    assert "integration" in body["known_issues"]
    body = problem(client.get("/claims", params={"jurisdiction": "Xbyy"}), 404, "unknown_jurisdiction")
    assert body["close_matches"][0] == "x"
    assert (
        client.get("/entities", params={"jurisdiction": "Xby"}).json()["count"]
        == client.get("/entities", params={"jurisdiction": "x"}).json()["count"]
        == 3
    )
    problem(client.get("/entities", params={"jurisdiction": "Xbyy"}), 404, "unknown_jurisdiction")


def test_cors_is_off_unless_configured(tmp_path, ids, monkeypatch):
    monkeypatch.delenv("ANSVAR_CORS_ORIGINS", raising=False)
    origin = {"Origin": "https://kartan.example"}
    with TestClient(create_app(str(tmp_path / "w.db"), refresh_seconds=0)) as c:
        assert "access-control-allow-origin" not in c.get("/health", headers=origin).headers
    monkeypatch.setenv("ANSVAR_CORS_ORIGINS", "https://kartan.example")
    with TestClient(create_app(str(tmp_path / "w.db"), refresh_seconds=0)) as c:
        assert c.get("/health", headers=origin).headers["access-control-allow-origin"] == "https://kartan.example"
        for _ in range(2):  # the second answer comes from the cache, still through CORS
            cached = c.get("/ownership", params={"issue": "integration", "jurisdiction": "x"}, headers=origin)
            assert cached.headers["access-control-allow-origin"] == "https://kartan.example"
        other = c.get("/health", headers={"Origin": "https://evil.example"}).headers
        assert "access-control-allow-origin" not in other
