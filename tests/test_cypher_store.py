"""The Cypher store beyond the contract: readers that see other writers, push and pull, locations.

Runs on embedded FalkorDB (falkordblite, `make test-graph`) and on Neo4j when NEO4J_URI is
set; skipped otherwise with the reason. The contract itself is tests/test_store_contract.py.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from graph.errors import StoreError
from graph.model import Claim, Document, Entity, Evidence, Review
from graph.store import SourceBatch, open_store
from graph.store.cypher.copy import copy_workspace, snapshot
from tests.store_backends import HAVE_FALKORDBLITE, NO_FALKOR, backend_params

GRAPH_BACKENDS = backend_params("falkordb", "falkordb-direct", "neo4j")

KS = Entity(id="x/ks", name="Kommunstyrelsen", type="board", jurisdiction="x")
OWNS = Claim(
    subject="x/ks",
    predicate="responsible_for",
    issue="integration",
    jurisdiction="x",
    mode="owns",
    evidence=[Evidence(document="d1", quote="KS äger")],
)


def example_workspace(path) -> None:
    """The example descriptions, plus a review and a reviewer's correction."""
    from loaders.ingest import ingest_paths

    with open_store(str(path)) as s:
        report = ingest_paths(s, ["data/examples"], include=["*.yaml"])  # the descriptions, not the texts
        assert not report.failed
        first = next(iter(s.iter_claims()))
        fixed = first.to_claim([Evidence(document="review:1", rule="review", quote="rättat")])
        fixed = Claim(**{**fixed.model_dump(exclude={"id"}), "negated": not first.negated})
        s.apply_review([Review(claim=first.id, state="confirmed", reviewer="a", at="2024-01-01T00:00:00+00:00")])
        s.apply_review(
            [
                Review(
                    claim=first.id,
                    state="rejected",
                    reviewer="b",
                    corrected_to=fixed.id,
                    at="2024-01-02T00:00:00+00:00",
                )
            ],
            SourceBatch(source="review:b", loader="review", documents=[Document(id="review:1")], claims=[fixed]),
        )


@pytest.mark.parametrize("backend", GRAPH_BACKENDS, indirect=True)
def test_a_second_reader_sees_other_writers(backend):
    reader, writer = backend.open(), backend.open()
    assert reader.slice_keys() == []
    writer.write(SourceBatch(source="a", documents=[Document(id="d1")], entities=[KS], claims=[OWNS]))
    assert reader.slice_keys() == [("x", "integration")]
    writer.delete_source("a")
    assert reader.slice_keys() == [] and reader.entity("x/ks") is None


@pytest.mark.parametrize("backend", GRAPH_BACKENDS, indirect=True)
def test_push_then_pull_gives_an_equal_workspace(backend, tmp_path):
    from graph.store.base import StoredArea

    example_workspace(tmp_path / "a.db")
    graph = backend.open()
    with open_store(str(tmp_path / "a.db")) as embedded:
        embedded.store_taxonomy_areas(
            [StoredArea("street_art", "culture_leisure", "gatukonst", "street art", ("gatukonsten",), "a.yaml")]
        )
        pushed = copy_workspace(embedded, graph)
        assert pushed.matches and pushed.sources == 10 and pushed.reviews == 2 and pushed.areas == 1
        before = snapshot(embedded)
    with open_store(str(tmp_path / "b.db")) as copy:
        pulled = copy_workspace(graph, copy)
        assert pulled.matches
        assert snapshot(copy) == before
    assert snapshot(graph) == before
    assert [a.id for a in graph.taxonomy_areas()] == ["street_art"]  # the workspace's policy areas travel too


@pytest.mark.skipif(not HAVE_FALKORDBLITE, reason=NO_FALKOR)
def test_cli_push_pull_with_a_falkordblite_file(tmp_path):
    from api.cli import app

    example_workspace(tmp_path / "a.db")
    uri = f"falkordblite:{tmp_path / 'g.falkordb'}"
    run = CliRunner().invoke
    result = run(app, ["--db", str(tmp_path / "a.db"), "push", uri])
    assert result.exit_code == 0, result.output
    assert run(app, ["--db", str(tmp_path / "a.db"), "push", uri]).exit_code == 6  # not empty: refused
    assert run(app, ["--db", str(tmp_path / "a.db"), "push", uri, "--replace"]).exit_code == 0
    result = run(app, ["--db", str(tmp_path / "b.db"), "pull", uri])
    assert result.exit_code == 0, result.output
    with open_store(str(tmp_path / "a.db")) as a, open_store(str(tmp_path / "b.db")) as b:
        assert snapshot(a) == snapshot(b)
    # every read command runs on the graph database with --store
    result = run(app, ["--store", uri, "who-owns", "integration", "--in", "vallentuna", "--json"])
    assert result.exit_code == 0, result.output
    with open_store(str(tmp_path / "a.db")) as a:
        from queries import who_owns

        assert '"status": "' + who_owns(a, "integration", "vallentuna").status in result.output
    assert run(app, ["--store", uri, "stats"]).exit_code == 0
    assert run(app, ["--db", str(tmp_path / "c.db"), "pull", "not-a-uri"]).exit_code == 6


@pytest.mark.skipif(not HAVE_FALKORDBLITE, reason=NO_FALKOR)
def test_push_and_pull_through_a_falkordb_server(falkor_tcp_port, tmp_path):
    """falkordb://host:port/graph: the client for a FalkorDB server (here one on 127.0.0.1)."""
    from api.cli import app

    example_workspace(tmp_path / "a.db")
    uri = f"falkordb://127.0.0.1:{falkor_tcp_port}/pushed"
    run = CliRunner().invoke
    assert run(app, ["--db", str(tmp_path / "a.db"), "push", uri, "--replace"]).exit_code == 0
    result = run(app, ["--db", str(tmp_path / "b.db"), "pull", uri])
    assert result.exit_code == 0, result.output
    with open_store(str(tmp_path / "a.db")) as a, open_store(str(tmp_path / "b.db")) as b:
        assert snapshot(a) == snapshot(b)


def test_unknown_location_is_a_store_error():
    from graph.store.cypher import connect

    with pytest.raises(StoreError):
        connect("ftp://example.org")
    with pytest.raises(StoreError):
        connect("falkordblite:")


@pytest.mark.skipif(not HAVE_FALKORDBLITE, reason=NO_FALKOR)
def test_http_api_over_a_graph_database(tmp_path):
    """`ansvar serve --store URI`: reads, a write with the token, and the answer after it."""
    from fastapi.testclient import TestClient

    from api.http import create_app
    from graph.store.cypher.copy import copy_workspace
    from graph.store.cypher.locations import lite_path

    example_workspace(tmp_path / "a.db")
    uri = f"falkordblite:{tmp_path / 'g.falkordb'}"
    with open_store(str(tmp_path / "a.db")) as a, open_store(uri) as g:
        copy_workspace(a, g)
        from queries import who_owns

        expected = who_owns(a, "integration", "vallentuna").status
    assert lite_path(uri).endswith("g.falkordb")
    with TestClient(create_app(uri, token="t" * 16, refresh_seconds=0)) as client:
        health = client.get("/health").json()
        assert health["counts"]["claims"] > 100
        r = client.get("/ownership", params={"issue": "integration", "jurisdiction": "vallentuna"})
        assert r.status_code == 200 and r.json()["status"] == expected
        owner = r.json()["owners"][0]
        claim_id = next(
            c["id"]
            for c in client.get("/claims", params={"subject": owner["entity"]}).json()["data"]
            if c["issue"] == "integration" and c["predicate"] == "responsible_for"
        )
        r = client.post(
            f"/claims/{claim_id}/review",
            json={"decision": "reject", "reviewer": "anna"},
            headers={"Authorization": "Bearer " + "t" * 16},
        )
        assert r.status_code == 200, r.text
        assert client.get(f"/claims/{claim_id}").json()["review"] == "rejected"
        r = client.get("/export/ftm", params={"jurisdiction": "vallentuna"})
        assert r.status_code == 200 and r.text.count("\n") > 10
