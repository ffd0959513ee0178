"""The HTTP API's writes: the token, uploads (limits, types, failures), added claims and reviews."""

from __future__ import annotations

import pytest
from api_support import AUTH, FIXTURES, TEXT, TOKEN, build_workspace
from fastapi.testclient import TestClient

from api.http import create_app
from api.uploads import upload_source

PROBLEM = "application/problem+json"
STORBY = (FIXTURES / "storby.yaml").read_bytes()


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "w.db"
    build_workspace(path)
    return str(path)


@pytest.fixture()
def ids(db):
    return build_workspace(db)  # writing the same source again is idempotent: same ids


@pytest.fixture()
def client(db, monkeypatch):
    monkeypatch.delenv("ANSVAR_TOKEN", raising=False)
    with TestClient(
        create_app(
            db,
            token=TOKEN,
            refresh_seconds=0,
            max_file_bytes=4096,
            max_upload_bytes=64 * 1024,
            max_json_bytes=8192,
            max_files=3,
        )
    ) as c:
        yield c


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["code"] == code and body["status"] == status and body["detail"]
    return body


def upload(client, *files, headers=AUTH, **form):
    return client.post("/documents", files=[("files", f) for f in files], data=form, headers=headers)


def owners(client, issue: str, jurisdiction: str = "x") -> list[tuple[str, str]]:
    body = client.get("/ownership", params={"issue": issue, "jurisdiction": jurisdiction}).json()
    return [(o["entity"], o["mode"]) for o in body["owners"]]


# -- the token -------------------------------------------------------------------------
def test_writes_are_forbidden_when_no_token_is_configured(db, monkeypatch):
    monkeypatch.delenv("ANSVAR_TOKEN", raising=False)
    monkeypatch.delenv("ANSVAR_TOKEN_FILE", raising=False)
    with TestClient(create_app(db, refresh_seconds=0)) as c:
        body = problem(upload(c, ("storby.yaml", STORBY)), 403, "writes_disabled")
        assert "ANSVAR_TOKEN" in body["detail"] and "--token-file" in body["detail"]
        problem(
            c.post("/claims/c_1/review", json={"decision": "reject", "reviewer": "a"}, headers=AUTH),
            403,
            "writes_disabled",
        )
        assert c.get("/health").json()["writes_enabled"] is False


def test_missing_or_wrong_token_is_401(client, ids):
    r = client.post(f"/claims/{ids['owns']}/review", json={"decision": "reject", "reviewer": "a"})
    problem(r, 401, "token_required")
    assert r.headers["www-authenticate"].startswith("Bearer")
    problem(
        client.post(
            f"/claims/{ids['owns']}/review",
            json={"decision": "reject", "reviewer": "a"},
            headers={"Authorization": "Bearer wrong"},
        ),
        401,
        "token_invalid",
    )
    assert client.get(f"/claims/{ids['owns']}").json()["review"] == "extracted"
    # the token is checked before a body is read: an oversized upload without it is 401, not 413
    problem(
        client.post("/documents", content=b"x" * 70_000, headers={"Content-Type": "text/plain"}), 401, "token_required"
    )


def test_token_from_environment_and_file(db, tmp_path, monkeypatch):
    monkeypatch.setenv("ANSVAR_TOKEN", "from-env")
    with TestClient(create_app(db, refresh_seconds=0)) as c:
        assert upload(c, ("storby.yaml", STORBY), headers={"Authorization": "Bearer from-env"}).status_code == 201
    monkeypatch.delenv("ANSVAR_TOKEN")
    token_file = tmp_path / "token.txt"
    token_file.write_text("from-file\n")
    with TestClient(create_app(db, token_file=str(token_file), refresh_seconds=0)) as c:
        assert upload(c, ("storby.yaml", STORBY), headers={"Authorization": "Bearer from-file"}).status_code == 201


# -- uploads ---------------------------------------------------------------------------
def test_upload_stores_and_reports_failures(client):
    r = upload(client, ("storby.yaml", STORBY), ("virus.exe", b"MZ\x90"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert [(s["source"], s["claims"]) for s in body["loaded"]] == [(upload_source("storby.yaml"), 6)]
    assert body["stored"] == [{"file": "storby.yaml", "source": body["loaded"][0]["source"], "replaced": False}]
    assert body["failed"] == [{"file": "virus.exe", "code": "unsupported_format", "error": body["failed"][0]["error"]}]
    assert ".yaml" in body["failed"][0]["error"]
    assert owners(client, "integration", "storby") == [("storby/kommunstyrelsen", "owns")]


def test_upload_of_prose_goes_through_the_registered_loader(client):
    text = "Kommunstyrelsen i Huddinge ansvarar för integrationen. Socialnämnden hänvisar frågan till den.\n"
    r = upload(client, ("notis.txt", text.encode()), jurisdiction="huddinge")
    assert r.status_code == 201, r.text
    (report,) = r.json()["loaded"]
    assert report["source"] == upload_source("notis.txt") and report["documents"] == 1
    (doc,) = [d for d in client.get("/documents").json()["data"] if d["origin"] == "upload:notis.txt"]
    view = client.get(f"/documents/{doc['id']}").json()
    body = view["document"]["text"]
    assert "Kommunstyrelsen i Huddinge" in body
    assert all(body[q["start"] : q["end"]] == q["quote"] for q in view["evidence"] if q["start"] is not None)


def test_upload_types_are_the_loader_registry_s(client):
    from graph.store.base import SourceBatch
    from loaders import register_loader, unregister_loader

    register_loader(".ansvartest", lambda path, **options: SourceBatch(source=str(path), loader="test"))
    try:
        r = upload(client, ("a.ansvartest", b"anything"))
        assert r.status_code == 201 and r.json()["loaded"][0]["source"] == upload_source("a.ansvartest")
    finally:
        unregister_loader(".ansvartest")
    body = problem(upload(client, ("b.ansvartest", b"anything")), 422, "nothing_stored")
    assert ".ansvartest" not in body["failed"][0]["error"].partition("allowed:")[2]


def test_upload_reingest_replaces_the_source(client):
    assert upload(client, ("storby.yaml", STORBY)).json()["stored"][0]["replaced"] is False
    claims = client.get("/health").json()["counts"]["claims"]
    again = upload(client, ("storby.yaml", STORBY))
    assert again.status_code == 201 and again.json()["stored"][0]["replaced"] is True
    assert client.get("/health").json()["counts"]["claims"] == claims


def test_upload_with_only_bad_files_is_422_with_reasons(client):
    bad = b"format: ansvarskarta/1\norganisations:\n  - {name: X, type: spaceship}\n"
    body = problem(upload(client, ("bad.yaml", bad), ("notes.exe", b"x")), 422, "nothing_stored")
    reasons = {f["file"]: f for f in body["failed"]}
    assert reasons["notes.exe"]["code"] == "unsupported_format"
    assert reasons["bad.yaml"]["code"] == "invalid_input" and "bad.yaml" in reasons["bad.yaml"]["error"]
    assert "ansvar-upload" not in reasons["bad.yaml"]["error"]  # no server path leaks


def test_upload_name_cannot_choose_a_path(client):
    r = upload(client, ("../../../../tmp/evil.yaml", STORBY))
    assert r.status_code == 201 and r.json()["stored"][0]["file"] == "../../../../tmp/evil.yaml"
    assert r.json()["stored"][0]["source"].endswith("/evil.yaml")
    (_doc,) = [d for d in client.get("/documents").json()["data"] if d["origin"] == "upload:../../../../tmp/evil.yaml"]


def test_upload_limits(client):
    problem(upload(client, ("big.yaml", b"#" * 5000)), 413, "too_large")
    problem(upload(client, *[(f"f{i}.yaml", STORBY) for i in range(4)]), 413, "too_many_files")
    body = problem(
        client.post("/documents", content=b"x" * 70_000, headers={**AUTH, "Content-Type": "text/plain"}),
        413,
        "too_large",
    )
    assert body["limit_bytes"] == 64 * 1024
    problem(client.post("/documents", headers=AUTH), 422, "invalid_request")


def test_chunked_body_over_the_limit_is_cut_off(client):
    def chunks():
        for _ in range(100):
            yield b"y" * 1024

    r = client.post("/claims", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert "content-length" not in r.request.headers
    assert problem(r, 413, "too_large")["detail"].endswith("(8,192 bytes)")


# -- claims added by a reviewer --------------------------------------------------------
NEW = {
    "subject": "x/socialnamnden",
    "predicate": "responsible_for",
    "issue": "settlement",
    "jurisdiction": "x",
    "mode": "owns",
    "basis": "decision",
    "reviewer": "anna",
}


def test_post_claim_with_a_citation(client):
    r = client.post(
        "/claims",
        headers=AUTH,
        json={
            **NEW,
            "source": {
                "title": "Protokoll KS 2023-05-10",
                "url": "https://example.org/ks",
                "quote": "nämnden ansvarar",
            },
        },
    )
    assert r.status_code == 201, r.text
    claim = r.json()
    assert claim["review"] == "confirmed" and claim["history"][0]["reviewer"] == "anna"
    (ev,) = claim["evidence"]
    assert ev["source"].startswith("review:claim:") and ev["rule"] == "review" and ev["quote"] == "nämnden ansvarar"
    assert owners(client, "settlement") == [("x/socialnamnden", "owns")]
    doc = client.get(f"/documents/{ev['document']}").json()["document"]
    assert doc["url"] == "https://example.org/ks" and doc["origin"] == ev["source"]


def test_post_claim_in_a_stored_document_locates_the_quote(client):
    quote = "Socialnämnden hänvisar"
    r = client.post("/claims", headers=AUTH, json={**NEW, "source": {"document": "doc1", "quote": quote}})
    (ev,) = r.json()["evidence"]
    assert TEXT[ev["start"] : ev["end"]] == quote


def test_post_claim_with_a_new_entity(client):
    body = {
        **NEW,
        "subject": "x/integrationsradet",
        "source": {"title": "Protokoll"},
        "entities": [{"id": "x/integrationsradet", "name": "Integrationsrådet", "type": "board", "jurisdiction": "x"}],
    }
    assert client.post("/claims", headers=AUTH, json=body).status_code == 201
    assert client.get("/entities/x/integrationsradet").json()["entity"]["name"] == "Integrationsrådet"


def test_post_claim_errors(client):
    problem(
        client.post("/claims", headers=AUTH, json={**NEW, "subject": "x/socialnamden", "source": {"title": "P"}}),
        404,
        "unknown_entity",
    )
    problem(client.post("/claims", headers=AUTH, json={**NEW, "source": {"document": "nope"}}), 404, "unknown_document")
    problem(client.post("/claims", headers=AUTH, json={**NEW, "source": {}}), 422, "invalid_input")
    body = problem(
        client.post("/claims", headers=AUTH, json={**NEW, "issue": None, "source": {"title": "P"}}),
        422,
        "invalid_input",
    )
    assert "needs an issue" in body["detail"]
    problem(
        client.post("/claims", headers=AUTH, json={**NEW, "predicate": "likes", "source": {"title": "P"}}),
        422,
        "invalid_request",
    )
    problem(
        client.post(
            "/claims",
            headers=AUTH,
            content=b"{not json",
        ),
        422,
        "invalid_request",
    )


# -- reviews ---------------------------------------------------------------------------
def review(client, claim_id: str, **body):
    return client.post(f"/claims/{claim_id}/review", headers=AUTH, json={"reviewer": "anna", **body})


def test_confirm_keeps_counting(client, ids):
    r = review(client, ids["owns"], decision="confirm", comment="checked the minutes")
    assert r.status_code == 200 and r.json()["claim"]["review"] == "confirmed"
    assert owners(client, "employment") == [("x/kommunstyrelsen", "owns")]


def test_rejected_claim_stops_counting_but_stays_visible(client, ids):
    assert client.get("/gaps", params={"jurisdiction": "x"}).json()
    r = review(client, ids["owns"], decision="reject", comment="misread")
    assert r.json()["claim"]["review"] == "rejected"
    assert owners(client, "employment") == []
    review(client, ids["defers"], decision="reject")
    assert client.get("/gaps", params={"jurisdiction": "x"}).json() == []
    rejected = client.get("/claims", params={"review": "rejected"}).json()
    assert rejected["count"] == 2
    history = client.get(f"/claims/{ids['owns']}").json()["history"]
    assert [(h["state"], h["reviewer"], h["comment"]) for h in history] == [("rejected", "anna", "misread")]
    entity = client.get("/entities/x/kommunstyrelsen").json()
    assert {c["id"]: c["review"] for c in entity["claims"]}[ids["owns"]] == "rejected"


def test_a_write_retires_the_cached_answers(client, ids):
    for _ in range(2):  # the second answer comes from the snapshot's cache
        assert owners(client, "employment") == [("x/kommunstyrelsen", "owns")]
    review(client, ids["owns"], decision="reject")
    assert owners(client, "employment") == []


def test_review_survives_reingest(client, db, ids):
    review(client, ids["owns"], decision="reject")
    build_workspace(db)  # the same source written again, as a re-ingest does
    client.app.state.workspaces.get().refresh_if_changed()
    assert client.get(f"/claims/{ids['owns']}").json()["review"] == "rejected"
    assert owners(client, "employment") == []


def test_correct_creates_a_corrected_claim(client, ids):
    r = review(client, ids["owns"], decision="correct", corrections={"mode": "supports"}, comment="only supports")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (
        body["claim"]["review"] == "rejected"
        and body["claim"]["history"][-1]["corrected_to"] == body["corrected"]["id"]
    )
    corrected = body["corrected"]
    assert corrected["mode"] == "supports" and corrected["review"] == "confirmed"
    assert corrected["evidence"][0]["quote"] == "Kommunstyrelsen äger frågan"
    assert corrected["evidence"][0]["rule"] == "review:correction"
    assert owners(client, "employment") == []
    contributors = client.get("/ownership", params={"issue": "employment", "jurisdiction": "x"}).json()["contributors"]
    assert [(c["entity"], c["mode"]) for c in contributors] == [("x/kommunstyrelsen", "supports")]
    again = review(client, ids["owns"], decision="correct", corrections={"mode": "leads"}).json()
    assert client.get(f"/claims/{corrected['id']}").status_code == 404  # the earlier correction is replaced
    assert owners(client, "employment") == [("x/kommunstyrelsen", "leads")] and again["corrected"]["mode"] == "leads"


def test_review_errors(client, ids):
    problem(review(client, "c_0000000000000000", decision="reject"), 404, "unknown_claim")
    problem(review(client, ids["owns"], decision="correct"), 422, "invalid_input")
    problem(review(client, ids["owns"], decision="correct", corrections={"colour": "red"}), 422, "invalid_input")
    problem(review(client, ids["owns"], decision="correct", corrections={"mode": "owns"}), 422, "invalid_input")
    problem(review(client, ids["owns"], decision="correct", corrections={"mode": "dances"}), 422, "invalid_input")
    problem(review(client, ids["owns"], decision="reject", corrections={"mode": "leads"}), 422, "invalid_input")
    problem(review(client, ids["owns"], decision="shrug"), 422, "invalid_request")
    problem(
        client.post(f"/claims/{ids['owns']}/review", headers=AUTH, json={"decision": "reject"}), 422, "invalid_request"
    )
    assert client.get(f"/claims/{ids['owns']}").json()["review"] == "extracted"


def test_upload_and_cli_ingest_share_one_loop(client, tmp_path):
    """The same file fails with the same reason and code through ``ansvar ingest`` and an upload."""
    import json

    from typer.testing import CliRunner

    from api.cli import app
    from graph.store.base import SourceBatch
    from loaders import register_loader, unregister_loader

    def unreadable(path, **options) -> SourceBatch:
        raise OSError(f"disk on fire under {path}")

    (tmp_path / "a.ansvartest").write_text("anything")
    register_loader(".ansvartest", unreadable)
    try:
        cli = CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "ingest", str(tmp_path), "--json"])
        body = problem(upload(client, ("a.ansvartest", b"anything")), 422, "nothing_stored")
    finally:
        unregister_loader(".ansvartest")
    (by_cli,) = json.loads(cli.stdout)["failed"]
    (by_upload,) = body["failed"]
    assert cli.exit_code == 2 and by_cli["code"] == by_upload["code"] == "invalid_input"
    assert by_cli["error"] == f"cannot read the file: disk on fire under {tmp_path / 'a.ansvartest'}"
    assert by_upload["error"] == "cannot read the file: disk on fire under a.ansvartest"  # no server path
