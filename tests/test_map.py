"""The map without a browser: which part of the graph a view holds, how it is styled, that
untrusted text is escaped, that the page is offline, and the CLI and HTTP ways to get it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from map_support import (
    EXPECTED_CLAIM_EDGES,
    EXPECTED_GAP_LINKS,
    EXPECTED_NODES,
    HREF_TITLE,
    IMG,
    QUOTE_DEFER,
    QUOTE_KS,
    SCRIPT,
    build_payload_workspace,
    read_payload,
)
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.http import create_app
from graph.errors import InputError, UnknownIssue, UnknownJurisdiction, ViewTooLarge, VocabularyError
from graph.store import open_store
from graph.store.base import ClaimRow
from visualisation.assets import asset_path, asset_text, vis_dir
from visualisation.escape import script_json
from visualisation.layout import positions, shape_layout
from visualisation.payload import build_payload
from visualisation.render import render_page, write_map
from visualisation.style import load_style, map_style
from visualisation.view import build_view, issue_node

DATA_RE = re.compile(r'<script type="application/json" id="map-data">(.*?)</script>', re.S)


@pytest.fixture()
def ids(tmp_path):
    return build_payload_workspace(tmp_path / "w.db")


@pytest.fixture()
def xstore(tmp_path, ids):
    s = open_store(str(tmp_path / "w.db"))
    yield s
    s.close()


# -- the view -------------------------------------------------------------------------------
def test_jurisdiction_view_holds_its_claims_structure_and_issue_nodes(xstore, ids):
    view = build_view(xstore, jurisdiction="x")
    assert view.nodes == EXPECTED_NODES
    assert set(view.claims) == set(ids.values())  # the rejected claim is kept for the panel …
    page = read_payload(build_payload(xstore, view))
    drawn = [e for e in page["edges"] if e["predicate"] != "gap_link"]
    assert {e["id"] for e in drawn} == set(ids.values()) - {ids["rejected"]}  # … but never drawn
    assert len(drawn) == EXPECTED_CLAIM_EDGES
    assert sum(e["predicate"] == "gap_link" for e in page["edges"]) == EXPECTED_GAP_LINKS
    assert page["claims"][ids["rejected"]]["review"] == "rejected" and page["claims"][ids["rejected"]]["quotes"]


def test_issue_view_and_hops(xstore, ids):
    core = build_view(xstore, jurisdiction="x", issue="employment", hops=0)
    # the owner, its issue node and the structure above the owner
    assert core.nodes == {"x/ks", "issue:employment@x", "x"}
    wider = build_view(xstore, jurisdiction="x", issue="employment", hops=1)
    assert core.nodes < wider.nodes and "issue:settlement@x" in wider.nodes
    # the national view of an issue has one issue node per jurisdiction
    national = build_view(xstore, issue="integration")
    assert issue_node("integration", "x") in national.nodes and national.hops == 0


def test_hubs_are_not_expanded_and_limits_are_enforced(xstore, monkeypatch):
    style = map_style()
    monkeypatch.setitem(style.raw["layout"], "hub_claims", 2)
    view = build_view(xstore, jurisdiction="x", issue="employment", hops=2)
    assert view.unexpanded.get("x/ks", 0) > 2
    with pytest.raises(ViewTooLarge):
        build_view(xstore, jurisdiction="x", max_nodes=3)


def test_view_errors_are_typed(xstore):
    with pytest.raises(UnknownIssue):
        build_view(xstore, issue="no-such-issue")
    with pytest.raises(UnknownJurisdiction):
        build_view(xstore, jurisdiction="nowhere-at-all")
    with pytest.raises(InputError):
        build_view(xstore, jurisdiction="x", hops=9)


# -- style ----------------------------------------------------------------------------------
def test_edges_are_styled_by_predicate_mode_and_status():
    s = map_style()
    owns = s.edge(ClaimRow("a", "x/a", "responsible_for", issue="integration", mode="owns"))
    executes = s.edge(ClaimRow("b", "x/a", "responsible_for", issue="integration", mode="executes"))
    defers = s.edge(ClaimRow("c", "x/a", "defers_to", "x/b", issue="integration"))
    disputes = s.edge(ClaimRow("d", "x/a", "disputes_responsibility", issue="integration"))
    lacks = s.edge(ClaimRow("e", "x", "lacks", issue="integration", what="owner"))
    former = s.edge(ClaimRow("f", "x/a", "responsible_for", issue="integration", mode="owns", status="former"))
    assert owns["width"] > executes["width"] and not owns["dashes"] and owns["arrows"] == "to"
    assert defers["dashes"] and defers["arrows"] == "to"
    assert disputes["warning"] and lacks["warning"] and disputes["color"]["color"] == lacks["color"]["color"]
    assert former["color"]["opacity"] < 0.5
    assert not s.drawn(ClaimRow("g", "x/a", "part_of", "x", review="rejected"))


def test_nodes_are_styled_by_type_weight_and_gaps():
    s = map_style()
    assert s.node("board", 0)["shape"] != s.node("administration", 0)["shape"]
    assert s.node("board", 9)["size"] > s.node("board", 1)["size"] > s.node("board", 0)["size"]
    assert s.node("board", 10_000)["size"] == s.raw["node_size"]["max"]
    gap = s.node("issue", 0, ["unowned"])
    assert gap["color"]["border"] == s.raw["gap"]["border"] and gap["borderWidth"] > s.node("issue", 0)["borderWidth"]
    assert s.node("no-such-type", 0)["shape"] == s.node_type("unknown")["shape"]


def test_gap_kinds_mark_the_issue_and_responsibility_sizes_nodes(xstore):
    payload = build_payload(xstore, build_view(xstore, jurisdiction="x"))
    nodes = read_payload(payload)["nodes"]
    integration = nodes["issue:integration@x"]
    assert set(integration["gaps"]) == {"deflected", "unowned"}
    # its look is its group's: the issue's shape in the gap's colours (the page adds "⚠ kinds" to its label)
    group = payload["options"]["groups"][integration["group"]]
    assert group["shape"] == map_style().node_type("issue")["shape"]
    assert group["color"]["border"] == map_style().raw["gap"]["border"]
    assert nodes["issue:employment@x"]["group"] == "issue"
    # the owner of employment carries more responsibility than the jurisdiction's social board
    assert nodes["x/ks"]["size"] > nodes["x/sn"]["size"]
    # … and it passes up to the jurisdiction the board belongs to
    assert nodes["x"]["size"] > map_style().raw["node_size"]["min"]


def test_a_broken_style_table_is_a_vocabulary_error(tmp_path):
    bad = tmp_path / "style.yaml"
    bad.write_text("layout: {}\nnode_size: {}\n", encoding="utf-8")
    with pytest.raises(VocabularyError):
        load_style(bad)


# -- escaping -------------------------------------------------------------------------------
def test_script_json_cannot_break_out_and_reads_back_unchanged():
    data = {"a": "</script><script>alert(1)</script>", "b": "<!-- x -->", "c": "\u2028\u2029 & < >"}
    text = script_json(data)
    assert not re.search(r"</script|<!--|[<>&\u2028\u2029]", text, re.I)
    assert json.loads(text) == data


def test_rendered_page_carries_payloads_only_as_data(xstore):
    payload = build_payload(xstore, build_view(xstore, jurisdiction="x"))
    html = render_page(payload, standalone=True)
    # our own three script elements and nothing else (vis-network's code has "<script>" in a string)
    ours = html.replace(asset_text("vis-network.min.js"), "")
    assert ours.count("<script") == 3 and ours.lower().count("</script") == 3
    for needle in (IMG, SCRIPT, "<a href", "\u2028", "<!-- \u2028"):
        assert needle not in html
    # the data reads back exactly, payloads included
    data = json.loads(DATA_RE.search(html).group(1))
    assert data == json.loads(json.dumps(payload))
    claims = read_payload(data)["claims"].values()
    assert QUOTE_KS in [q["quote"] for c in claims for q in c["quotes"]]
    assert {q["document"]["title"] for c in claims for q in c["quotes"]} == {HREF_TITLE}


def test_the_page_says_each_thing_once(xstore, ids):
    payload = build_payload(xstore, build_view(xstore, jurisdiction="x"))
    text = script_json(payload)
    # a claim's id, a quote and a document's title once each, however many nodes, edges and gaps cite them
    for cid in ids.values():
        assert text.count(cid) == 1, cid
    assert text.count(script_json(QUOTE_KS)) == 1 and text.count(script_json(HREF_TITLE)) == 1
    # no node carries its own look, positions are whole canvas units, and nothing empty is sent
    assert all(len(r) in (7, 8) and isinstance(r[4], int) and isinstance(r[5], int) for r in payload["nodes"])
    assert all(set(r[7]) <= {"issue", "gaps", "group", "more"} for r in payload["nodes"] if len(r) == 8)
    assert "null" not in json.dumps(payload["claims"])
    assert all(v not in (None, "", [], {}) for c in payload["claims"] for k, v in c.items() if k != "q")


def test_templates_escape_what_they_print(xstore):
    payload = build_payload(xstore, build_view(xstore, jurisdiction="x"))
    payload["meta"]["title"] = 'Karta <b>fet</b> & "citat"'
    html = render_page(payload, standalone=False)
    assert "<title>Karta &lt;b&gt;fet&lt;/b&gt; &amp; &#34;citat&#34;</title>" in html


# -- offline ----------------------------------------------------------------------------------
def test_standalone_page_loads_nothing_from_the_network(xstore):
    html = render_page(build_payload(xstore, build_view(xstore, jurisdiction="x")), standalone=True)
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", html)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "script-src 'sha256-" in unescape(csp)  # only the page's own inline scripts may run


def test_vis_network_comes_from_the_installed_pyvis_package():
    assert asset_path("vis-network.min.js").parent == vis_dir()
    assert "site-packages" in str(vis_dir()) or "pyvis" in str(vis_dir())
    repo = Path(__file__).resolve().parents[1]
    ours = [p for p in (repo / "visualisation").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert all(p.stat().st_size < 100_000 for p in ours), "no third-party bundle is committed"
    assert not any("visjs.github.io" in p.read_text(encoding="utf-8", errors="ignore") for p in ours)


# -- layout -----------------------------------------------------------------------------------
def test_large_layout_places_every_node_deterministically():
    import networkx as nx

    g = nx.Graph()
    groups = {}
    for j in range(6):
        for k in range(8):
            g.add_edge(f"j{j}/n{k}", f"j{j}/n{(k + 1) % 8}")
            groups[f"j{j}/n{k}"] = f"j{j}"
        g.add_edge(f"j{j}/n0", "org/agency")
    a, b = positions(g, groups), positions(g, groups)
    assert a == b and set(a) == set(g)
    assert len({a[n] for n in g}) == len(g)  # no two nodes on one spot


def test_a_place_is_laid_out_once_per_shape():
    import networkx as nx

    shape_layout.cache_clear()
    g = nx.Graph()
    groups = {}
    for j in ("a", "b", "c"):  # three places of one shape: a hub and four around it
        for k in range(4):
            g.add_edge(f"{j}/hub", f"{j}/n{k}")
            groups[f"{j}/n{k}"] = groups[f"{j}/hub"] = j
    pos = positions(g, groups)
    assert shape_layout.cache_info().misses == 1 and shape_layout.cache_info().hits == 2
    offsets = [
        [(pos[f"{j}/n{k}"][0] - pos[f"{j}/hub"][0], pos[f"{j}/n{k}"][1] - pos[f"{j}/hub"][1]) for k in range(4)]
        for j in "abc"
    ]
    for other in offsets[1:]:  # the same picture in each place (to a canvas unit of rounding)
        assert all(abs(a - b) <= 1 for p, q in zip(offsets[0], other, strict=True) for a, b in zip(p, q, strict=True))
    assert positions(g, groups) == pos and shape_layout.cache_info().misses == 1  # and the next map reuses it


def test_a_layout_does_not_depend_on_the_order_of_a_set():
    """The same view gets the same picture in every process (a set of node ids is iterated in
    an order that changes with each process's string hashing)."""
    code = (
        "import networkx as nx, json; from visualisation.layout import positions\n"
        "nodes = {f'p{j}/n{k}' for j in range(3) for k in range(9)}\n"
        "g = nx.Graph(); g.add_nodes_from(nodes)\n"
        "g.add_edges_from((n, n[:3] + 'n' + str((int(n[4:]) * 2) % 9)) for n in nodes)\n"
        "print(json.dumps(sorted(positions(g, {n: n[:2] for n in nodes}).items())))"
    )
    repo = Path(__file__).resolve().parents[1]
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=repo,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


def test_large_views_are_placed_by_python_with_labels_left_to_the_page(xstore, monkeypatch):
    monkeypatch.setitem(map_style().raw["layout"], "physics_max_nodes", 3)
    monkeypatch.setitem(map_style().raw["layout"], "labels_max_nodes", 3)
    payload = build_payload(xstore, build_view(xstore, jurisdiction="x"))
    assert payload["meta"]["large"] and payload["meta"]["labelsOnDemand"]
    assert payload["options"]["physics"] is False and payload["options"]["edges"]["smooth"] is False
    nodes = read_payload(payload)["nodes"].values()
    assert len({(n["x"], n["y"]) for n in nodes}) == len(EXPECTED_NODES)  # every node placed, none on another


# -- the CLI and the API ------------------------------------------------------------------------
def test_cli_writes_a_utf8_page_and_nothing_else(tmp_path, ids, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli_app, ["--db", str(tmp_path / "w.db"), "map", "--in", "x", "--out", "karta.html"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in work.iterdir()) == ["karta.html"]  # no lib/ beside it
    text = (work / "karta.html").read_bytes().decode("utf-8")
    assert "Förvaltningen" in text and "Xby kommun" in text


def test_cli_errors_are_one_line_with_exit_codes(tmp_path, ids):
    db = str(tmp_path / "w.db")
    result = CliRunner().invoke(cli_app, ["--db", db, "map", "--issue", "nope", "--out", str(tmp_path / "a.html")])
    assert result.exit_code == 4 and "unknown issue" in result.output
    result = CliRunner().invoke(cli_app, ["--db", db, "map", "--out", str(tmp_path / "no" / "a.html")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_write_map_reports_what_it_wrote(xstore, tmp_path):
    report = write_map(xstore, tmp_path / "m.html", jurisdiction="x")
    assert report.nodes == len(EXPECTED_NODES) and report.edges == EXPECTED_CLAIM_EDGES + EXPECTED_GAP_LINKS
    assert report.bytes == (tmp_path / "m.html").stat().st_size


def test_http_map_page_assets_and_errors(tmp_path, ids):
    with TestClient(create_app(str(tmp_path / "w.db"), refresh_seconds=0)) as client:
        page = client.get("/map", params={"jurisdiction": "x"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert IMG not in page.text and QUOTE_DEFER not in page.text
        srcs = re.findall(r'<script src="([^"]+)"', page.text)
        assert len(srcs) == 2 and all(s.startswith("/map/assets/") for s in srcs)
        for src in srcs:
            asset = client.get(src)
            assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
        assert client.get("/map/assets/secret.txt").status_code in (404, 422)
        assert client.get("/map", params={"issue": "nope"}).json()["code"] == "unknown_issue"
        assert client.get("/map", params={"jurisdiction": "nowhere-at-all"}).status_code == 404
        assert client.get("/map", params={"hops": 9}).status_code == 422
        # a plain form sends every field, empty ones too
        assert client.get("/map?jurisdiction=x&issue=&hops=").status_code == 200
