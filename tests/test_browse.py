"""`ansvar browse` and the SQLite export it serves, on the example workspace: the export holds
every claim, quote, entity and gap (the gaps the gap analysis finds, no other), the views join
names and quotes to claims, the metadata of data/browse.yaml is checked against the export's
schema, and the real Datasette serves the tables with their facets and canned queries."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from pages_support import ingest_examples
from typer.testing import CliRunner

from api.browse import browse_metadata
from api.cli import app
from graph.errors import VocabularyError
from graph.store import open_store
from queries import gaps

pytest.importorskip("datasette")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browse")
    db = folder / "examples.db"
    ingest_examples(db)
    copy = folder / "browse.db"
    result = CliRunner().invoke(app, ["--db", str(db), "browse", "--no-serve", "--out", str(copy)])
    assert result.exit_code == 0, result.output
    return db, copy, result.output


def test_the_export_holds_the_workspace_and_the_one_gap_analysis(exported):
    db, copy, output = exported
    con = sqlite3.connect(copy)
    with open_store(str(db)) as store:
        stats = store.stats()
        found = gaps(store)
    assert con.execute("select count(*) from claims").fetchone()[0] == stats["claims"]
    assert con.execute("select count(*) from entities").fetchone()[0] >= stats["entities"]
    assert {r[0] for r in con.execute("select id from gaps")} == {f"{g.jurisdiction}|{g.issue}|{g.kind}" for g in found}
    named = con.execute(
        "select subject_name, c.subject from claims_named n join claims c on c.id = n.id limit 1"
    ).fetchone()
    assert named[0] and named[1]
    assert (
        con.execute("select count(*) from quotes").fetchone()[0]
        == con.execute("select count(*) from evidence").fetchone()[0]
    )
    assert "-m datasette serve --immutable" in output and "--metadata" in output


def test_the_metadata_is_checked_against_the_export(tmp_path):
    assert set(browse_metadata()["databases"]["browse"]["queries"]) == {"gaps_in_county", "claims_quoting_document"}
    bad = tmp_path / "browse.yaml"
    bad.write_text("tables:\n  gaps:\n    facets: [countie]\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="countie"):
        browse_metadata(path=bad)
    bad.write_text("queries:\n  q:\n    sql: select nothing from nowhere\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"queries\.q"):
        browse_metadata(path=bad)


def test_datasette_serves_the_tables_facets_and_canned_queries(exported):
    from datasette.app import Datasette

    _, copy, _ = exported
    metadata = json.loads(copy.with_suffix(".metadata.json").read_text(encoding="utf-8"))
    ds = Datasette([str(copy)], metadata=metadata, immutables=[])
    county = sqlite3.connect(copy).execute("select county from gaps where county is not null limit 1").fetchone()[0]

    async def fetch():
        gaps_page = await ds.client.get("/browse/gaps.json?_shape=objects")
        canned = await ds.client.get(f"/browse/gaps_in_county.json?_shape=array&county={county}")
        quoting_doc = sqlite3.connect(copy).execute("select document from evidence limit 1").fetchone()[0]
        quoted = await ds.client.get(f"/browse/claims_quoting_document.json?_shape=array&document={quoting_doc}")
        html = await ds.client.get("/browse/gaps")
        return gaps_page, canned, quoted, html

    gaps_page, canned, quoted, html = asyncio.run(fetch())
    assert gaps_page.status_code == 200
    facets = gaps_page.json().get("facet_results", {})
    facets = facets.get("results", facets)  # the key moved between Datasette versions
    assert {"county", "kind", "issue", "explicit"} <= set(facets)
    assert canned.status_code == 200 and canned.json()
    in_county = sqlite3.connect(copy).execute("select count(*) from gaps where county = ?", (county,)).fetchone()[0]
    assert len(canned.json()) == in_county
    starts = [r["start"] for r in quoted.json() if r["start"] is not None]
    assert quoted.status_code == 200 and quoted.json() and starts == sorted(starts)
    claims = {r[0] for r in sqlite3.connect(copy).execute("select id from claims")}
    assert {r["claim"] for r in quoted.json()} <= claims
    assert "gaps" in html.text.lower()
