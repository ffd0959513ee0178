"""Exports: node-link JSON, GraphML, GEXF and CSV read back by networkx and csv; filters.

The workspace holds awkward values on purpose: a control character in a name, markup and
å/ä/ö in a quote, carriage returns, None fields, a list of aliases, two pieces of evidence
on one claim, a negated claim, a claim with no jurisdiction and one with no issue.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.errors import InputError, UnknownFormat, UnknownIssue, UnknownJurisdiction
from graph.export import EXPORTERS, export_store
from graph.export.attributes import EDGE_FIELDS, NODE_FIELDS, clean_text
from graph.export.gexf import GEXFExporter
from graph.export.graphml import GraphMLExporter
from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch, open_store
from graph.store.base import ClaimRow

BELL_NAME = "Kommun\x07styrelsen"
SCRIPT_QUOTE = "<script>alert('åäö')</script> \x07beslut"
CRLF_QUOTE = "leder\r\narbetet\tvidare"
ALIASES = ["KS", 'styrelsen, "åäö"']

ENTITIES = [
    Entity(id="x", name="Xby", type="jurisdiction"),
    Entity(id="x/kf", name="Kommunfullmäktige", type="board", jurisdiction="x"),
    Entity(id="x/ks", name=BELL_NAME, type="board", jurisdiction="x", aliases=ALIASES),
    Entity(id="x/soc", name="Socialförvaltningen", type="administration", jurisdiction="x"),
    Entity(id="person/anna", name="Anna Öberg", type="person", role="socialchef", affiliation="x/soc"),
    Entity(id="org/hopp", name="Föreningen <Hopp> & co", type="civil_society"),
    Entity(id="y", name="Yby", type="jurisdiction"),
    Entity(id="y/ks", name="Kommunstyrelsen", type="board", jurisdiction="y"),
]
ISSUE_NODES = {"integration", "refugee_reception", "employment", "settlement"}


def claim(subject: str, predicate: str, *evidence: Evidence, **fields) -> Claim:
    return Claim(subject=subject, predicate=predicate, evidence=list(evidence) or [Evidence(document="d1")], **fields)


CLAIMS = {
    "kf_in_x": claim("x/kf", "part_of", object="x", jurisdiction="x"),
    "ks_in_kf": claim("x/ks", "part_of", object="x/kf", jurisdiction="x"),
    "soc_in_ks": claim("x/soc", "part_of", object="x/ks", jurisdiction="x"),
    "anna_at_soc": claim("person/anna", "holds_role", object="x/soc", role="socialchef", jurisdiction="x"),
    "yks_in_y": claim("y/ks", "part_of", object="y", jurisdiction="y"),
    "ks_leads": claim(
        "x/ks",
        "responsible_for",
        Evidence(document="d1", quote=SCRIPT_QUOTE, start=0, end=40, confidence=0.5),
        Evidence(document="d2", quote=CRLF_QUOTE, confidence=0.9, rule="trigger:leder"),
        issue="integration",
        jurisdiction="x",
        mode="leads",
        basis="decision",
        since="2015",
    ),
    "soc_defers": claim("x/soc", "defers_to", object="x/ks", issue="refugee_reception", jurisdiction="x"),
    "soc_disputes": claim("x/soc", "disputes_responsibility", issue="integration", jurisdiction="x", negated=True),
    "hopp_collaborates": claim("org/hopp", "collaborates_with", object="x/soc", jurisdiction="x"),
    "yks_employment": claim("y/ks", "responsible_for", issue="employment", jurisdiction="y"),
    "yks_lacks_plan": claim("y/ks", "lacks", issue="settlement", what="plan", jurisdiction="y"),
    "hopp_criticises": claim("org/hopp", "criticises", object="y/ks"),
}
ID = {name: c.id for name, c in CLAIMS.items()}
ALL_NODES = {e.id for e in ENTITIES} | ISSUE_NODES


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "w.db"))
    s.write(
        SourceBatch(
            source="fixture",
            documents=[Document(id="d1"), Document(id="d2")],
            entities=ENTITIES,
            claims=list(CLAIMS.values()),
        )
    )
    yield s
    s.close()


# -- reading each format back -------------------------------------------------------------


def read_json(path: Path) -> nx.MultiDiGraph:
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


def read_graphml(path) -> nx.MultiDiGraph:
    return nx.read_graphml(path, force_multigraph=True)


def read_gexf(path) -> nx.MultiDiGraph:
    """networkx gives a DiGraph when no two edges are parallel; key the edges by their id again."""
    g = nx.read_gexf(path)
    if g.is_multigraph():
        return g
    multi = nx.MultiDiGraph()
    multi.add_nodes_from(g.nodes(data=True))
    multi.add_edges_from((u, v, d["id"], d) for u, v, d in g.edges(data=True))
    return multi


def export(store, fmt: str, tmp_path: Path, **filters) -> nx.MultiDiGraph:
    path = tmp_path / f"out.{fmt}"
    export_store(store, fmt, path, **filters)
    return {"json": read_json, "graphml": read_graphml, "gexf": read_gexf}[fmt](path)


def decoded(value):
    """A list attribute as the format gives it: JSON text in XML formats, a list in JSON."""
    return json.loads(value) if isinstance(value, str) else value


XML_CHAR = re.compile("[\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_graph_formats_round_trip(store, tmp_path, fmt):
    g = export(store, fmt, tmp_path)
    assert isinstance(g, nx.MultiDiGraph) and g.is_directed()
    assert set(g.nodes) == ALL_NODES
    rows = {r.id: r for r in store.iter_claims()}
    edges = {k: (u, v, d) for u, v, k, d in g.edges(keys=True, data=True)}
    assert set(edges) == set(rows) == set(ID.values())
    for key, (u, v, d) in edges.items():
        row = rows[key]
        assert (u, v, d["predicate"]) == (row.subject, row.object or row.issue, row.predicate)
        assert type(d["negated"]) is bool and d["negated"] == row.negated
        assert type(d["confidence"]) is float
        assert all(d.get(f) == getattr(row, f) for f in ("issue", "jurisdiction", "mode", "basis", "since"))
        assert "object" not in d and all(value is not None for value in d.values())

    ks = g.nodes["x/ks"]
    assert ks["name"] == "Kommunstyrelsen"  # the bell character is gone
    assert decoded(ks["aliases"]) == ALIASES
    hopp = g.nodes["org/hopp"]
    assert hopp["name"] == "Föreningen <Hopp> & co" and "jurisdiction" not in hopp and "aliases" not in hopp
    assert g.nodes["person/anna"]["affiliation"] == "x/soc"
    assert g.nodes["refugee_reception"]["type"] == "issue" and g.nodes["refugee_reception"]["parent"] == "integration"

    leads = edges[ID["ks_leads"]][2]
    assert leads["confidence"] == 0.9
    evidence = decoded(leads["evidence"])
    assert [e["quote"] for e in evidence] == [SCRIPT_QUOTE.replace("\x07", ""), CRLF_QUOTE]
    assert [e["confidence"] for e in evidence] == [0.5, 0.9]
    assert evidence[0]["start"] == 0 and evidence[1]["start"] is None and evidence[1]["rule"] == "trigger:leder"
    assert edges[ID["soc_disputes"]][2]["negated"] is True
    assert "jurisdiction" not in edges[ID["hopp_criticises"]][2] and "issue" not in edges[ID["hopp_criticises"]][2]
    assert edges[ID["anna_at_soc"]][2]["role"] == "socialchef"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_formats_declare_one_type_per_attribute(store, tmp_path, fmt):
    g = export(store, fmt, tmp_path)
    text = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
    assert XML_CHAR.fullmatch(text) and "<script>" not in text  # escaped, and no control characters
    for items, fields in ((g.nodes(data=True), NODE_FIELDS), (((u, d) for u, _, d in g.edges(data=True)), EDGE_FIELDS)):
        seen: dict[str, set[type]] = {}
        for _, data in items:
            for name, value in data.items():
                seen.setdefault(name, set()).add(type(value))
        for name, types in seen.items():
            expected = {bool: bool, float: float}.get(fields.get(name, str), str)
            assert types == {expected}, name
    declared = declarations(text)
    assert len(set(declared)) == len(declared)


def declarations(xml: str) -> list[tuple[str, str]]:
    """(scope, attribute name) of every key a GraphML or GEXF file declares."""
    root = ElementTree.fromstring(xml.encode("utf-8"))
    out = []
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "key":
            out.append((el.get("for"), el.get("attr.name")))
        elif tag == "attributes":
            out += [(el.get("class"), a.get("title")) for a in el]
    return out


def read_tables(files: dict[str, bytes]) -> tuple[list[dict], list[dict]]:
    def rows(name):
        return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"), newline="")))

    return rows("nodes.csv"), rows("edges.csv")


def check_tables(nodes: list[dict], edges: list[dict]) -> None:
    assert {n["id"] for n in nodes} == ALL_NODES and len(nodes) == len(ALL_NODES)
    assert {e["id"] for e in edges} == set(ID.values()) and len(edges) == len(ID)
    assert list(nodes[0]) == ["id", *NODE_FIELDS] and list(edges[0]) == ["id", "source", "target", *EDGE_FIELDS]
    ks = next(n for n in nodes if n["id"] == "x/ks")
    assert ks["name"] == "Kommunstyrelsen" and json.loads(ks["aliases"]) == ALIASES
    assert next(n for n in nodes if n["id"] == "org/hopp")["jurisdiction"] == ""
    leads = next(e for e in edges if e["id"] == ID["ks_leads"])
    assert (leads["source"], leads["target"], leads["negated"], leads["confidence"]) == (
        "x/ks",
        "integration",
        "false",
        "0.9",
    )
    assert [e["quote"] for e in json.loads(leads["evidence"])] == [SCRIPT_QUOTE.replace("\x07", ""), CRLF_QUOTE]
    assert next(e for e in edges if e["id"] == ID["soc_disputes"])["negated"] == "true"


def test_csv_into_a_folder(store, tmp_path):
    report = export_store(store, "csv", tmp_path / "tables")
    files = {p.name: p.read_bytes() for p in (tmp_path / "tables").iterdir()}
    assert sorted(files) == ["edges.csv", "gaps.csv", "nodes.csv"]  # gaps.csv: the gap analysis (header only when none)
    check_tables(*read_tables(files))
    assert (report.nodes, report.edges, report.evidence) == (len(ALL_NODES), len(ID), len(ID) + 1)


@pytest.mark.parametrize("to_stream", [False, True])
def test_csv_into_a_zip(store, tmp_path, to_stream):
    out = io.BytesIO() if to_stream else tmp_path / "tables.zip"
    export_store(store, "csv", out)
    data = out.getvalue() if to_stream else out.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["edges.csv", "gaps.csv", "nodes.csv"]
        check_tables(*read_tables({n: z.read(n) for n in z.namelist()}))


def test_export_to_a_stream_leaves_it_open(store):
    out = io.BytesIO()
    report = export_store(store, "graphml", out)
    assert not out.closed
    g = read_graphml(io.BytesIO(out.getvalue()))
    assert (g.number_of_nodes(), g.number_of_edges()) == (report.nodes, report.edges) == (len(ALL_NODES), len(ID))


# -- filters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters, claims, nodes",
    [
        (
            {"jurisdiction": "x"},
            [
                "kf_in_x",
                "ks_in_kf",
                "soc_in_ks",
                "anna_at_soc",
                "ks_leads",
                "soc_defers",
                "soc_disputes",
                "hopp_collaborates",
            ],
            {"x", "x/kf", "x/ks", "x/soc", "person/anna", "org/hopp", "integration", "refugee_reception"},
        ),
        # one leaf issue: the claim, the hierarchy above both ends, and the person in the administration
        (
            {"issue": "refugee_reception"},
            ["soc_defers", "soc_in_ks", "ks_in_kf", "kf_in_x", "anna_at_soc"],
            {"x", "x/kf", "x/ks", "x/soc", "person/anna", "refugee_reception"},
        ),
        # a parent issue keeps its sub-issues' claims, in every jurisdiction
        (
            {"issue": "integration"},
            [
                "ks_leads",
                "soc_defers",
                "soc_disputes",
                "yks_employment",
                "yks_lacks_plan",
                "kf_in_x",
                "ks_in_kf",
                "soc_in_ks",
                "anna_at_soc",
                "yks_in_y",
            ],
            {
                "x",
                "x/kf",
                "x/ks",
                "x/soc",
                "person/anna",
                "y",
                "y/ks",
                "integration",
                "refugee_reception",
                "employment",
                "settlement",
            },
        ),
        ({"jurisdiction": "y", "issue": "employment"}, ["yks_employment", "yks_in_y"], {"y", "y/ks", "employment"}),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "graphml"])
def test_filters(store, tmp_path, fmt, filters, claims, nodes):
    g = export(store, fmt, tmp_path, **filters)
    assert {k for _, _, k in g.edges(keys=True)} == {ID[c] for c in claims}
    assert set(g.nodes) == nodes


def test_filtered_csv_counts_match_the_report(store, tmp_path):
    report = export_store(store, "csv", tmp_path / "t", jurisdiction="x")
    nodes, edges = read_tables({p.name: p.read_bytes() for p in (tmp_path / "t").iterdir()})
    assert (report.nodes, report.edges) == (len(nodes), len(edges)) == (8, 8)


# -- errors -----------------------------------------------------------------------------


def test_unknown_format_names_the_known_ones(store, tmp_path):
    with pytest.raises(UnknownFormat) as err:
        export_store(store, "pdf", tmp_path / "out.pdf")
    assert isinstance(err.value, InputError) and "pdf" in str(err.value)
    assert all(name in str(err.value) for name in EXPORTERS)
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize(
    "filters, error", [({"issue": "astrology"}, UnknownIssue), ({"jurisdiction": "nowhere"}, UnknownJurisdiction)]
)
def test_unknown_filters_write_nothing(store, tmp_path, filters, error):
    with pytest.raises(error):
        export_store(store, "graphml", tmp_path / "out.graphml", **filters)
    assert not (tmp_path / "out.graphml").exists()


def test_a_failed_export_leaves_no_file(store, tmp_path, monkeypatch):
    def broken(claim_ids):
        raise OSError("disk gone")

    monkeypatch.setattr(store, "evidence", broken)
    with pytest.raises(OSError):
        export_store(store, "gexf", tmp_path / "out.gexf")
    assert not (tmp_path / "out.gexf").exists()


def test_entities_must_come_before_claims():
    exporter = GraphMLExporter(io.BytesIO())
    exporter.write_claim(ClaimRow("c1", "a", "responsible_for", issue="integration"), [])
    with pytest.raises(RuntimeError):
        exporter.write_entity(Entity(id="b", name="B", type="board"))


def test_unwritable_output_is_an_input_error(store, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError):
        export_store(store, "json", tmp_path / "file" / "out.json")


# -- the sanitiser ------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


@given(ANY_TEXT)
def test_clean_text_is_xml_safe(text):
    cleaned = clean_text(text)
    assert XML_CHAR.fullmatch(cleaned)
    assert clean_text(cleaned) == cleaned
    assert [c for c in text if XML_CHAR.fullmatch(c)] == list(cleaned)


@settings(max_examples=60, deadline=None)
@given(ANY_TEXT)
@example("  ")
@example("\r")
@example(" a\r\nb\t ")
@example("\x07\ud800\uffff")
@example("]]><![CDATA[&amp;\"'")
def test_any_string_round_trips_through_graphml_and_gexf(text):
    cleaned = clean_text(text)
    for exporter_class, read in ((GraphMLExporter, read_graphml), (GEXFExporter, read_gexf)):
        out = io.BytesIO()
        exporter = exporter_class(out)
        exporter.write_entity(Entity.model_construct(id="n", name=text, type="board", aliases=[text]))
        exporter.write_entity(Entity(id="m", name="M", type="board"))
        exporter.write_claim(
            ClaimRow("c1", "n", "holds_role", object="m", role=text),
            [Evidence.model_construct(document="d", quote=text, rule="r", confidence=1.0)],
        )
        exporter.finalize()
        g = read(io.BytesIO(out.getvalue()))
        node, edge = g.nodes["n"], g.edges["n", "m", "c1"]
        assert node.get("name") == (cleaned or None)
        assert edge.get("role") == (cleaned or None)
        assert json.loads(node["aliases"]) == [cleaned]
        assert json.loads(edge["evidence"])[0]["quote"] == cleaned
