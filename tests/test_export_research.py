"""The researcher formats: neo4j-admin CSVs, FollowTheMoney JSON lines, the Cypher script's text,
and --redact-persons and --in/--issue on every format.

Loading the Cypher script into a real graph database is tested in tests/test_export_graphdb.py
(FalkorDB; Neo4j when NEO4J_URI is set).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.export import EXPORTERS, export_store
from graph.export.ftm import FtMValueError, ftm_date
from graph.model import Claim, Document, Entity, Evidence
from graph.store import SourceBatch, open_store

ENTITIES = [
    Entity(id="x", name="Xby kommun", type="jurisdiction"),
    Entity(id="x/kf", name="Kommunfullmäktige", type="board", jurisdiction="x"),
    Entity(id="x/ks", name="Kommun\x07styrelsen", type="board", jurisdiction="x", aliases=["KS", "styrelsen; x"]),
    Entity(id="x/soc", name="Socialförvaltningen", type="administration", jurisdiction="x"),
    Entity(id="person/anna-oberg", name="Anna Öberg", type="person", role="socialchef", affiliation="x/soc"),
    Entity(id="person/bo-ek", name="Bo Ek", type="person", role="ledamot"),
    Entity(id="org/hopp", name="Föreningen Hopp", type="civil_society"),
    Entity(id="y/ks", name="Kommunstyrelsen", type="board", jurisdiction="y"),
]
QUOTE = 'Anna Öberg säger: "vi leder arbetet"\r\nÖberg; ∑'


def claim(subject, predicate, quote="q", doc="d1", **fields):
    return Claim(subject=subject, predicate=predicate, evidence=[Evidence(document=doc, quote=quote)], **fields)


CLAIMS = [
    claim("x/kf", "part_of", object="x", jurisdiction="x"),
    claim("x/ks", "part_of", object="x/kf", jurisdiction="x"),
    claim("x/soc", "part_of", object="x/ks", jurisdiction="x"),
    claim("person/anna-oberg", "holds_role", object="x/soc", role="socialchef", jurisdiction="x"),
    claim("person/bo-ek", "holds_role", object="x/ks", role="ledamot", jurisdiction="x"),
    claim(
        "x/ks",
        "responsible_for",
        QUOTE,
        issue="integration",
        jurisdiction="x",
        mode="leads",
        basis="decision",
        since="2015",
        until="2019-06",
    ),
    claim("x/soc", "defers_to", object="x/ks", issue="refugee_reception", jurisdiction="x"),
    claim(
        "x/soc",
        "disputes_responsibility",
        issue="integration",
        jurisdiction="x",
        negated=True,
        attributed_to="person/anna-oberg",
    ),
    claim("org/hopp", "collaborates_with", doc="d2", object="x/soc", jurisdiction="x"),
    claim("y/ks", "lacks", issue="settlement", what="plan", jurisdiction="y"),
]
DOCS = [
    Document(
        id="d1",
        title="Granskning",
        kind="audit_report",
        published="2019-03",
        publisher="EY",
        url="https://example.org/r.pdf",
        origin="corpus/granskning.pdf",
    ),
    Document(id="d2", title="Artikel", published="2020"),
]


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "w.db"))
    s.write(SourceBatch(source="fixture", documents=DOCS, entities=ENTITIES, claims=CLAIMS))
    yield s
    s.close()


def read_zip_or_folder(path: Path) -> dict[str, str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n).decode("utf-8") for n in z.namelist()}
    return {p.name: p.read_bytes().decode("utf-8") for p in path.iterdir()}


def export_text(store, fmt: str, tmp_path: Path, **options) -> str:
    """The export as one text (a folder's or zip's files joined)."""
    ext = EXPORTERS[fmt].extension
    path = tmp_path / f"out-{fmt}.{ext}"
    export_store(store, fmt, path, **options)
    if ext == "zip":
        return "\n".join(read_zip_or_folder(path).values())
    if ext == "db":  # SQLite: every text cell of every table
        con = sqlite3.connect(path)
        tables = [r[0] for r in con.execute("select name from sqlite_master where type = 'table'")]
        return "\n".join(str(v) for t in tables for row in con.execute(f'select * from "{t}"') for v in row)
    return path.read_bytes().decode("utf-8")


# -- neo4j-admin ----------------------------------------------------------------------------


def test_neo4j_admin_csvs_have_neo4j5_headers_and_every_row(store, tmp_path):
    report = export_store(store, "neo4j-admin", tmp_path / "import")
    files = read_zip_or_folder(tmp_path / "import")
    assert set(files) == {"nodes.csv", "relationships.csv", "README.txt"}
    nodes = list(csv.reader(io.StringIO(files["nodes.csv"])))
    rels = list(csv.reader(io.StringIO(files["relationships.csv"])))
    assert nodes[0][:2] == ["id:ID", ":LABEL"] and "aliases:string[]" in nodes[0]
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"negated:boolean", "confidence:float", "quotes:string[]", "documents:string[]"} <= set(rels[0])
    assert len(nodes) - 1 == report.nodes and len(rels) - 1 == report.edges == len(CLAIMS)
    by_id = {row[0]: dict(zip(nodes[0], row, strict=True)) for row in nodes[1:]}
    assert by_id["x/ks"][":LABEL"].split("\x1f") == ["Entity", "Board"]
    assert by_id["x/ks"]["name"] == "Kommunstyrelsen" and by_id["x/ks"]["type"] == "board"
    assert by_id["x/ks"]["aliases:string[]"].split("\x1f") == ["KS", "styrelsen; x"]
    assert by_id["integration"][":LABEL"].split("\x1f") == ["Entity", "Issue"]
    ids = set(by_id)
    edges = [dict(zip(rels[0], row, strict=True)) for row in rels[1:]]
    assert all(e[":START_ID"] in ids and e[":END_ID"] in ids for e in edges)
    leads = next(e for e in edges if e["mode"] == "leads")
    assert leads[":TYPE"] == "RESPONSIBLE_FOR" and leads["quotes:string[]"] == QUOTE
    assert leads["negated:boolean"] == "false" and float(leads["confidence:float"]) == 1.0
    assert json.loads(leads["evidence"])[0]["document"] == "d1"
    readme = files["README.txt"]
    assert "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv" in readme
    assert "--array-delimiter=U+001F" in readme and "--multiline-fields=true" in readme


def test_neo4j_admin_zip(store, tmp_path):
    export_store(store, "neo4j-admin", tmp_path / "import.zip")
    assert set(read_zip_or_folder(tmp_path / "import.zip")) == {"nodes.csv", "relationships.csv", "README.txt"}


# -- FollowTheMoney -------------------------------------------------------------------------


def ftm_entities(store, tmp_path, **options):
    from followthemoney import model

    text = export_text(store, "ftm", tmp_path, **options)
    return [model.get_proxy(json.loads(line), cleaned=False) for line in text.splitlines()]


def test_ftm_parses_back_with_required_properties(store, tmp_path):
    proxies = ftm_entities(store, tmp_path)
    ids = [p.id for p in proxies]
    assert len(ids) == len(set(ids))
    for proxy in proxies:
        missing = [p for p in proxy.schema.required if not proxy.get(p)]
        assert not missing, (proxy.schema.name, missing)
        for prop, values in proxy.properties.items():  # every reference points at an exported entity
            if proxy.schema.get(prop).type.name == "entity":
                assert set(values) <= set(ids), (proxy.schema.name, prop)
    schemata = {p.schema.name for p in proxies}
    assert {
        "PublicBody",
        "Organization",
        "Person",
        "Employment",
        "Membership",
        "Project",
        "ProjectParticipant",
        "UnknownLink",
        "Documentation",
        "Document",
    } <= schemata
    named = {p.first("name", quiet=True): p for p in proxies if p.get("name", quiet=True)}
    ours = {kw.removeprefix("ansvarskarta:"): p for p in proxies for kw in p.get("keywords", quiet=True)}
    assert ours["x/soc"].first("parent") == ours["x/ks"].id and ours["x/ks"].schema.name == "PublicBody"
    assert ours["org/hopp"].schema.name == "Organization" and ours["x"].schema.name == "PublicBody"
    anna = named["Anna Öberg"]
    assert anna.schema.name == "Person" and anna.first("position") == "socialchef"
    employment = next(p for p in proxies if p.schema.name == "Employment")
    assert (employment.first("employee"), employment.first("employer"), employment.first("role")) == (
        anna.id,
        ours["x/soc"].id,
        "socialchef",
    )
    membership = next(p for p in proxies if p.schema.name == "Membership")
    assert membership.first("organization") == ours["x/ks"].id
    leads = next(p for p in proxies if p.schema.name == "ProjectParticipant" and "leads" in p.first("role"))
    assert (leads.first("startDate"), leads.first("endDate")) == ("2015", "2019-06")
    assert leads.first("project") == ours["integration"].id
    docs = {p.first("title"): p for p in proxies if p.schema.name == "Document"}
    assert docs["Granskning"].first("publishedAt") == "2019-03"
    assert docs["Granskning"].first("fileName") == "granskning.pdf"
    assert docs["Granskning"].first("sourceUrl") == "https://example.org/r.pdf"
    quotes = [p.first("summary") for p in proxies if p.schema.name == "Documentation"]
    assert QUOTE in quotes


def test_ftm_refuses_what_it_would_drop():
    assert ftm_date("2019-06") == "2019-06"
    with pytest.raises(FtMValueError):
        ftm_date("juni 2019")


def test_ftm_filtered_by_jurisdiction(store, tmp_path):
    names = {
        p.first("name", quiet=True)
        for p in ftm_entities(store, tmp_path, jurisdiction="y")
        if p.get("name", quiet=True)
    }
    assert "Kommunstyrelsen" in names and "Socialförvaltningen" not in names


# -- every format: redaction and filters --------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_redact_persons_in_every_format(store, tmp_path, fmt):
    plain = export_text(store, fmt, tmp_path)
    assert "Öberg" in plain
    redacted = export_text(store, fmt, tmp_path, redact_persons=True)
    for secret in ("Anna", "Öberg", "anna-oberg", "Bo Ek", "bo-ek"):
        assert secret not in redacted, secret
    assert "socialchef" in redacted and "Person " in redacted  # roles kept, pseudonyms in place
    again = export_text(store, fmt, tmp_path, redact_persons=True)
    assert again == redacted  # stable


@pytest.mark.parametrize("fmt", ["cypher", "neo4j-admin", "ftm"])
def test_issue_filter_in_new_formats(store, tmp_path, fmt):
    report_all = export_store(store, fmt, tmp_path / f"all.{EXPORTERS[fmt].extension}")
    report = export_store(store, fmt, tmp_path / f"f.{EXPORTERS[fmt].extension}", issue="settlement")
    assert 0 < report.edges < report_all.edges


def test_cypher_script_shape(store, tmp_path):
    lines = [line for line in export_text(store, "cypher", tmp_path).splitlines() if not line.startswith("//")]
    assert lines[0].startswith("CREATE CONSTRAINT ansvar_entity_id IF NOT EXISTS FOR (n:Entity)")
    assert all(line.endswith(";") for line in lines)
    first_edge = next(i for i, line in enumerate(lines) if "MERGE (a)-[" in line)
    assert all("MERGE (n:Entity" in line for line in lines[1:first_edge])
    assert all("MERGE (a)-[" in line for line in lines[first_edge:])
    assert ":RESPONSIBLE_FOR {id: row.id}" in "\n".join(lines) and ", n:Board" in "\n".join(lines)


def test_cli_export_new_formats(store, tmp_path):
    from api.cli import app

    db = str(tmp_path / "w.db")
    store.close()
    out = tmp_path / "x.ftm.jsonl"
    result = CliRunner().invoke(
        app, ["--db", db, "export", "--format", "ftm", "--in", "x", "--redact-persons", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n") > 10 and "Öberg" not in out.read_text(encoding="utf-8")


def test_http_export_of_new_formats_with_redaction(store, tmp_path):
    from fastapi.testclient import TestClient

    from api.http import create_app

    db = str(tmp_path / "w.db")
    store.close()
    with TestClient(create_app(db)) as client:
        r = client.get("/export/ftm", params={"jurisdiction": "x", "redact_persons": "true"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
        assert "ansvarskarta-x.ftm.jsonl" in r.headers["content-disposition"]
        assert "Öberg" not in r.text and "socialchef" in r.text
        r = client.get("/export/neo4j-admin")
        assert r.status_code == 200
        assert {"nodes.csv", "relationships.csv", "README.txt"} <= set(
            zipfile.ZipFile(io.BytesIO(r.content)).namelist()
        )
        r = client.get("/export/cypher", params={"issue": "settlement"})
        assert r.status_code == 200 and r.text.count("MERGE (a)-[") == 1
