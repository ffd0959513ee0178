"""One name-resolution path: every query takes a jurisdiction's name and an issue's name, and
the CLI and the HTTP API (which only pass on what the user typed) answer alike."""

from __future__ import annotations

import json

import pytest
from api_support import TOKEN, build_workspace
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app
from api.http import create_app
from graph.errors import UnknownIssue, UnknownJurisdiction
from graph.store import open_store
from queries import gaps, who_owns
from queries.claims import find_claims
from queries.entity import find_entities

runner = CliRunner()


@pytest.fixture()
def db(tmp_path):
    build_workspace(tmp_path / "w.db")  # jurisdiction x, named "Xby"
    return tmp_path / "w.db"


@pytest.fixture()
def client(db):
    with TestClient(create_app(str(db), token=TOKEN, refresh_seconds=0)) as c:
        yield c


def cli(db, *args):
    result = runner.invoke(app, ["--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_query_takes_names(db):
    with open_store(str(db)) as store:
        assert who_owns(store, "Integrationen", "Xby").jurisdiction == "x"
        assert [(g.jurisdiction, g.issue) for g in gaps(store, jurisdiction="Xby", issue="integrationen")] == [
            ("x", "integration")
        ]
        found, count = find_entities(store, jurisdiction="Xby", type="board")
        assert count == 2 and {e.jurisdiction for e in found} == {"x"}
        claims, count = find_claims(store, issue="Integrationen", jurisdiction="Xby")
        assert count == 1 and claims[0].predicate == "defers_to"
        with pytest.raises(UnknownJurisdiction):
            find_entities(store, jurisdiction="Ingenstans")
        with pytest.raises(UnknownIssue):
            find_claims(store, issue="astrologi")


def test_cli_and_http_resolve_names_alike(db, client):
    assert (
        cli(db, "gaps", "--in", "Xby", "--issue", "integrationen")
        == client.get("/gaps", params={"jurisdiction": "Xby", "issue": "integrationen"}).json()
    )
    by_name = cli(db, "entities", "--in", "Xby")
    assert by_name == client.get("/entities", params={"jurisdiction": "Xby"}).json()["data"]
    assert by_name == cli(db, "entities", "--in", "x") and len(by_name) == 3
    assert (
        cli(db, "who-owns", "integrationen", "--in", "Xby")
        == client.get("/ownership", params={"issue": "integrationen", "jurisdiction": "Xby"}).json()
    )


def test_an_unknown_name_is_the_same_error_everywhere(db, client):
    result = runner.invoke(app, ["--db", str(db), "entities", "--in", "Ingenstans"])
    assert result.exit_code == 4 and "unknown jurisdiction 'Ingenstans'" in result.output
    response = client.get("/entities", params={"jurisdiction": "Ingenstans"})
    assert response.status_code == 404 and response.json()["code"] == "unknown_jurisdiction"


def test_exports_take_names_too(db, client):
    by_slug = runner.invoke(app, ["--db", str(db), "export", "-f", "json", "--in", "x", "--issue", "integration"])
    by_name = runner.invoke(app, ["--db", str(db), "export", "-f", "json", "--in", "Xby", "--issue", "Integrationen"])
    assert by_slug.exit_code == by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_slug.stdout and json.loads(by_name.stdout)
    web = client.get("/export/json", params={"jurisdiction": "Xby", "issue": "integrationen"})
    assert web.status_code == 200 and web.json() == json.loads(by_slug.stdout)
