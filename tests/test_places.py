"""Places are entities: a prose workspace has one for each place, shown by its name everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from map_support import read_payload
from typer.testing import CliRunner

from api.cli import app
from graph.model import Entity
from graph.store import SourceBatch, open_store
from loaders.places import with_places
from visualisation import build_view
from visualisation.payload import build_payload

PROSE = Path(__file__).parent / "fixtures" / "prose"
runner = CliRunner()


@pytest.fixture(scope="module")
def prose(tmp_path_factory):
    db = tmp_path_factory.mktemp("places") / "prose.db"
    result = runner.invoke(app, ["--db", str(db), "ingest", str(PROSE)])
    assert result.exit_code == 0, result.output
    return str(db)


def test_each_place_of_a_prose_workspace_is_a_jurisdiction_entity(prose):
    with open_store(prose) as store:
        ydre, boxholm = store.entity("ydre"), store.entity("boxholm")
    assert (ydre.name, ydre.type, ydre.code, ydre.county) == (
        "Ydre kommun",
        "jurisdiction",
        "0512",
        "Östergötlands län",
    )
    assert (boxholm.name, boxholm.code) == ("Boxholms kommun", "0560")


def test_show_finds_a_place_by_slug_and_by_name(prose):
    for name in ("ydre", "Ydre kommun", "Ydres"):
        result = runner.invoke(app, ["--db", prose, "show", name])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Ydre kommun (jurisdiction) ydre — 0512, Östergötlands län")


def test_the_map_labels_the_place_by_name(prose):
    with open_store(prose) as store:
        payload = build_payload(store, build_view(store, jurisdiction="ydre"))
    node = read_payload(payload)["nodes"]["ydre"]
    assert (node["name"], node["type"]) == ("Ydre kommun", "jurisdiction")


def test_exports_and_sentences_name_the_place(prose):
    result = runner.invoke(app, ["--db", prose, "export", "--format", "json"])
    nodes = {n["id"]: n for n in json.loads(result.stdout)["nodes"]}
    assert (nodes["ydre"]["name"], nodes["ydre"]["code"], nodes["ydre"]["county"]) == (
        "Ydre kommun",
        "0512",
        "Östergötlands län",
    )
    gaps = json.loads(runner.invoke(app, ["--db", prose, "gaps", "--json"]).stdout)
    assert gaps and all(g["jurisdiction_name"] in g["summary"] for g in gaps)
    assert not any(f" {g['jurisdiction']} " in f" {g['summary']} " for g in gaps)


def test_a_declared_place_keeps_its_name_and_gets_code_and_county():
    batch = SourceBatch(source="a.yaml", entities=[Entity(id="ydre", name="Ydre", type="jurisdiction")])
    (place,) = with_places(batch).entities
    assert (place.name, place.code, place.county) == ("Ydre", "0512", "Östergötlands län")


def test_a_place_the_gazetteer_lacks_is_left_as_declared():
    batch = SourceBatch(source="a.yaml", entities=[Entity(id="ankeborg", name="Ankeborg", type="jurisdiction")])
    assert with_places(batch) == batch
