"""Exports carry what a researcher needs to cite: evidence with its document's title, date,
kind and url; the gaps as the gap analysis finds them (gaps.csv, a "gaps" table in node-link
JSON, nodes of type "gap" in GraphML and GEXF); each FtM entity's country, with the place in
names that repeat; GraphML that igraph reads with its claim ids and node ids."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app
from loaders.ingest import ingest_paths
from queries import gaps
from queries.export import export_workspace

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from graph.store import open_store

    store = open_store(str(tmp_path_factory.mktemp("cite") / "w.db"))
    report = ingest_paths(store, [EXAMPLES / "corpus", EXAMPLES / "norrbacka.yaml"])
    assert not report.failed
    yield store
    store.close()


def _json(store, **filters) -> dict:
    out = io.BytesIO()
    export_workspace(store, "json", out, **filters)
    return json.loads(out.getvalue())


def _gap_ids(store, **filters) -> set[str]:
    return {f"gap/{g.jurisdiction}/{g.issue}/{g.kind}" for g in gaps(store, **filters)}


def test_evidence_carries_its_documents_title_date_kind_and_url(demo):
    data = _json(demo)
    documents = {d.id: d for d in demo.documents()}
    evidence = [ev for edge in data["edges"] for ev in edge["evidence"]]
    assert evidence and all({"title", "published", "kind", "url"} <= set(ev) for ev in evidence)
    for ev in evidence:
        doc = documents[ev["document"]]
        assert (ev["title"], ev["published"], ev["kind"], ev["url"]) == (doc.title, doc.published, doc.kind, doc.url)
    assert any(ev["title"] and ev["published"] for ev in evidence)


@pytest.mark.parametrize("filters", [{}, {"jurisdiction": "norrbacka"}, {"issue": "settlement"}])
def test_the_gaps_of_an_export_are_those_of_the_gap_analysis(demo, filters):
    expected = _gap_ids(demo, **filters)
    assert expected
    data = _json(demo, **filters)
    assert {g["id"] for g in data["gaps"]} == expected and len(data["gaps"]) == len(expected)
    one = data["gaps"][0]
    assert {"jurisdiction", "issue", "kind", "severity", "explicit", "summary", "claims", "evidence"} <= set(one)
    edges = {e["key"] for e in data["edges"]}
    assert set(one["claims"]) <= edges or not filters  # the claims a gap rests on are in the export
    nx.node_link_graph(data, edges="edges")  # networkx still reads it


def test_gaps_in_csv_graphml_and_gexf(demo, tmp_path):
    expected = _gap_ids(demo)
    out = io.BytesIO()
    export_workspace(demo, "csv", out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        rows = list(csv.DictReader(io.TextIOWrapper(z.open("gaps.csv"), encoding="utf-8")))
    assert {r["id"] for r in rows} == expected
    assert all(r["kind"] and r["severity"] and json.loads(r["evidence"]) is not None for r in rows)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"a.{fmt}"
        export_workspace(demo, fmt, path)
        g = read(str(path))
        gap_nodes = {n for n, a in g.nodes(data=True) if a.get("type") == "gap"}
        assert gap_nodes == expected, fmt
        some = g.nodes[sorted(gap_nodes)[0]]
        assert some["kind"] and 0 <= float(some["severity"]) <= 1 and json.loads(some["claims"])


def test_igraph_reads_graphml_with_claim_ids_and_node_ids(demo, tmp_path):
    ig = pytest.importorskip("igraph")
    path = tmp_path / "a.graphml"
    export_workspace(demo, "graphml", path)
    g = ig.Graph.Read_GraphML(str(path))
    rows = {row.id: row for row in demo.iter_claims() if row.object or row.issue}
    assert sorted(g.es["claim_id"]) == sorted(rows)
    node_ids = set(nx.read_graphml(str(path)).nodes)
    assert set(g.vs["id"]) == node_ids
    for e in g.es:
        row = rows[e["claim_id"]]
        assert (g.vs[e.source]["id"], g.vs[e.target]["id"]) == (row.subject, row.object or row.issue)


def test_ftm_entities_carry_their_country_and_repeated_names_their_place(demo):
    out = io.BytesIO()
    export_workspace(demo, "ftm", out)
    entities = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    bodies = {
        k[len("ansvarskarta:") :]: e["properties"]
        for e in entities
        if e["schema"] in ("PublicBody", "Organization", "Company")
        for k in e["properties"].get("keywords", [])
        if k.startswith("ansvarskarta:")
    }
    assert bodies["vallentuna/kommunfullmaktige"]["name"] == ["Kommunfullmäktige (Vallentuna)"]
    assert "Kommunfullmäktige" in bodies["vallentuna/kommunfullmaktige"]["alias"]
    assert bodies["vallentuna/kommunfullmaktige"]["country"] == ["se"]
    assert bodies["vallentuna"]["jurisdiction"] == ["se"]
    assert "jurisdiction:vallentuna" in bodies["vallentuna/kommunfullmaktige"]["keywords"]
    names = [p["name"][0] for p in bodies.values()]
    assert len(names) == len(set(names))  # no two bodies of the export share a name


def test_cli_and_http_export_the_same_gaps(demo, tmp_path):
    from fastapi.testclient import TestClient

    from api.http import create_app

    db = tmp_path / "w.db"
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(EXAMPLES / "norrbacka.yaml")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "n.json"
    result = CliRunner().invoke(app, ["--db", str(db), "export", "-f", "json", "--in", "norrbacka", "--out", str(out)])
    assert result.exit_code == 0, result.output
    from_cli = {g["id"] for g in json.loads(out.read_text(encoding="utf-8"))["gaps"]}
    with TestClient(create_app(str(db))) as client:
        r = client.get("/export/json", params={"jurisdiction": "norrbacka"})
        api_gaps = client.get("/gaps", params={"jurisdiction": "norrbacka"}).json()
    assert r.status_code == 200
    assert from_cli == {g["id"] for g in r.json()["gaps"]} == _gap_ids(demo, jurisdiction="norrbacka")
    assert len(from_cli) == len(api_gaps if isinstance(api_gaps, list) else api_gaps["gaps"])


def test_redacted_exports_redact_the_gaps_too(demo):
    plain, redacted = _json(demo), io.BytesIO()
    export_workspace(demo, "json", redacted, redact_persons=True)
    data = json.loads(redacted.getvalue())
    people = {n["id"]: n["name"] for n in plain["nodes"] if n.get("type") == "person"}
    text = json.dumps(data["gaps"], ensure_ascii=False)
    assert people and not any(pid in text or name in text for pid, name in people.items())
    edges = {e["key"] for e in data["edges"]}
    assert all(set(g["claims"]) <= edges for g in data["gaps"])
    assert len(data["gaps"]) == len(plain["gaps"])
