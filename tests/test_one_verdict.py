"""One verdict everywhere: who-owns, gaps, ask, the map, the HTTP API and the exports agree.

Two workspaces are built the way a user builds them, with `ansvar ingest`: the example
descriptions (data/examples) and a small corpus of invented Swedish texts read by the
extractor (tests/fixtures/prose). On each, every surface is asked about every
(jurisdiction, issue) the workspace holds, and their answers are compared: the same gaps
(place, issue, kind, stated or not, summary), the same status and the same owners; and no
answer contradicts itself (a former owner among the owners, or a status no gap explains).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from map_support import read_payload
from typer.testing import CliRunner

from api.cli import app
from api.http import create_app
from graph.store import open_store
from graph.taxonomy import taxonomy
from graph.vocabulary import NO_GAP_STATUSES, vocabulary
from visualisation import build_view
from visualisation.payload import build_payload

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"examples": ROOT / "data" / "examples", "prose": ROOT / "tests" / "fixtures" / "prose"}
runner = CliRunner()


def cli(db: Path, *args: str):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module", params=sorted(SOURCES))
def workspace(request, tmp_path_factory):
    """A workspace made by `ansvar ingest` of one source folder, and an API client over it."""
    db = tmp_path_factory.mktemp(request.param) / "ws.db"
    result = runner.invoke(app, ["--db", str(db), "ingest", str(SOURCES[request.param])])
    assert result.exit_code == 0, result.output
    with TestClient(create_app(str(db))) as client:
        yield db, client


def _key(g: dict) -> tuple:
    return (g["jurisdiction"], g["issue"], g["kind"], g["explicit"], g["summary"])


def _map_gaps(db: Path, jurisdiction: str | None = None) -> Counter:
    with open_store(str(db)) as store:
        payload = build_payload(store, build_view(store, jurisdiction=jurisdiction))
    counted = [(node, g) for node, gaps in payload["gaps"].items() for g in gaps if "includedIn" not in g]
    assert payload["meta"]["counts"]["gaps"] == len(counted)
    out: Counter = Counter()
    for node, g in counted:
        issue, _, place = node.removeprefix("issue:").partition("@")
        out[(place, issue, g["kind"], g["explicit"], g["summary"])] += 1
    for node, gaps in payload["gaps"].items():  # a sub-issue's node shows the gap it is folded into
        for g in gaps:
            if "includedIn" in g:
                assert g["kind"] in read_payload(payload)["nodes"][node]["gaps"]
                assert node.removeprefix("issue:").partition("@")[0] in g["covers"] and g in [
                    {**x, "includedIn": g["includedIn"]} for x in payload["gaps"][g["includedIn"]]
                ]
    return out


def _slices(db: Path) -> list[tuple[str, str]]:
    with open_store(str(db)) as store:
        return sorted(store.slice_keys())


def test_the_workspace_has_gaps_to_compare(workspace):
    db, _ = workspace
    assert cli(db, "gaps", "--json"), "a workspace without gaps would make the comparisons below vacuous"


def test_gaps_agree_on_cli_api_and_map(workspace):
    db, client = workspace
    from_cli = Counter(_key(g) for g in cli(db, "gaps", "--json"))
    from_api = Counter(_key(g) for g in client.get("/gaps").json())
    assert from_cli == from_api == _map_gaps(db)
    for place in {k[0] for k in from_cli}:
        mine = Counter({k: n for k, n in from_cli.items() if k[0] == place})
        assert Counter(_key(g) for g in cli(db, "gaps", "--in", place, "--json")) == mine
        assert Counter(_key(g) for g in client.get("/gaps", params={"jurisdiction": place}).json()) == mine
        assert _map_gaps(db, place) == mine


def test_who_owns_agrees_with_the_api_ask_and_the_gaps_list(workspace):
    db, client = workspace
    listed = cli(db, "gaps", "--json")
    by_slice = Counter((g["jurisdiction"], g["issue"], g["kind"]) for g in listed)
    covered = {(g["jurisdiction"], sub, g["kind"]) for g in listed for sub in g["covers"]}
    slices = _slices(db)
    assert slices
    for place, issue in slices:
        answer = cli(db, "who-owns", issue, "--in", place, "--json")
        api = client.get("/ownership", params={"issue": issue, "jurisdiction": place}).json()
        assert api == answer
        asked = client.get("/ask", params={"q": f"Who owns {taxonomy().get(issue).en} in {place}?"}).json()
        assert asked["question"]["issue"] == issue and asked["question"]["jurisdiction"] == place
        assert asked["ownership"] == answer
        kinds = [g["kind"] for g in answer["gaps"]]
        # every gap of the slice is in the gaps list, there or folded into its issue's gap
        for kind in kinds:
            assert by_slice[(place, issue, kind)] == 1 or (place, issue, kind) in covered
        # and every gap the list shows for the slice is in the slice's answer
        assert sorted(k for (j, i, k), n in by_slice.items() for _ in range(n) if (j, i) == (place, issue)) == sorted(
            k for k in kinds if (place, issue, k) not in covered
        )
        _assert_no_contradiction(answer)


def _assert_no_contradiction(answer: dict) -> None:
    """Owners are current; the status is a gap the answer lists or a status without gaps that fits."""
    assert all(o["status"] == "current" for o in answer["owners"])
    assert all(f["status"] == "former" for f in answer["former"])
    assert not {o["entity"] for o in answer["owners"]} & {f["entity"] for f in answer["former"]}
    kinds = {g["kind"] for g in answer["gaps"]}
    status = answer["status"]
    if status in vocabulary().gap_kinds:
        assert status in kinds and status == next(k for k in vocabulary().status_precedence if k in kinds)
    else:
        assert not kinds and status in NO_GAP_STATUSES
        owned, in_parts, _nobody = NO_GAP_STATUSES
        assert (status == owned) == bool(answer["owners"])
        assert (status == in_parts) == (not answer["owners"] and bool(answer["sub_issues"]))
    for gap in answer["gaps"]:  # a gap saying nobody owns or coordinates, beside owners, names its disagreement
        if gap["kind"] == "unowned" and answer["owners"]:
            assert gap["conflicts"], gap
        if gap["kind"] == "uncoordinated" and any(o["mode"] == "coordinates" for o in answer["owners"]):
            assert gap["conflicts"], gap


def test_places_are_shown_by_name_everywhere(workspace):
    db, client = workspace
    with open_store(str(db)) as store:
        places = {e.id: e for e in store.entities(type="jurisdiction", limit=1000)}
    for place, issue in _slices(db):
        assert place in places, f"{place} has claims but no entity"
        name = places[place].name
        assert cli(db, "who-owns", issue, "--in", place, "--json")["jurisdiction_name"] == name
        result = runner.invoke(app, ["--db", str(db), "show", place])
        assert result.exit_code == 0 and name in result.stdout
    for gap in client.get("/gaps").json():
        assert gap["jurisdiction_name"] == places[gap["jurisdiction"]].name
        assert gap["jurisdiction"] not in gap["summary"].split() or gap["jurisdiction"] == gap["jurisdiction_name"]
    exported = json.loads(client.get("/export/json").content)
    nodes = {n["id"]: n for n in exported["nodes"]}
    for slug, entity in places.items():
        if slug in nodes:
            assert nodes[slug]["name"] == entity.name
