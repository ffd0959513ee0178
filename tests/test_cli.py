"""The command line: help everywhere, JSON shapes, one-line errors with meaningful exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), *args])


@pytest.fixture()
def workspace(tmp_path, store, build):
    social, ksf = build.org("socialnamnden"), build.org("kommunstyrelsens-forvaltning", "administration")
    build.claim(social, "defers_to", object=ksf, issue="integration")
    build.claim(build.org("kommunstyrelsen"), "responsible_for", issue="employment", mode="owns", basis="decision")
    build.write()
    return store.path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example: ansvar" in result.output


def test_who_owns_json_shape(workspace):
    result = run(workspace, "who-owns", "integration", "--in", "x", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"issue", "jurisdiction", "status", "owners", "contributors", "deferrals", "gaps"} <= set(data)
    assert data["status"] == "deflected"
    assert data["gaps"][0]["evidence"][0]["quote"]


def test_who_owns_owner_fields(workspace):
    data = json.loads(run(workspace, "who-owns", "employment", "--in", "x", "--json").stdout)
    (owner,) = data["owners"]
    assert {"entity", "mode", "basis", "status", "evidence"} <= set(owner) and owner["mode"] == "owns"


def test_gaps_json_is_a_list_of_gaps(workspace):
    data = json.loads(run(workspace, "gaps", "--json").stdout)
    assert [g["kind"] for g in data] == ["deflected"]
    assert {"jurisdiction", "issue", "kind", "severity", "summary", "evidence"} <= set(data[0])


def test_human_output_by_default(workspace):
    result = run(workspace, "gaps")
    assert result.exit_code == 0 and "X · integration · deflected" in result.stdout and "gaps (1)" in result.stdout


def test_show_entities_stats_ask(workspace):
    assert "kommunstyrelsens-forvaltning" in run(workspace, "show", "x/kommunstyrelsens-forvaltning").stdout
    assert json.loads(run(workspace, "entities", "--type", "board", "--json").stdout)[0]["type"] == "board"
    assert json.loads(run(workspace, "stats", "--json").stdout)["claims"] == 2
    assert "Status: bortskjuten" in run(workspace, "ask", "Vem ansvarar för integrationen i X?").stdout


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["who-owns", "rymdfart", "--in", "x"], 4, "unknown issue"),
        (["who-owns", "integration", "--in", "Atlantis"], 4, "unknown jurisdiction"),
        (["gaps", "--kind", "lost"], 4, "unknown gap kind"),
        (["show", "x/nobody"], 4, "unknown entity"),
        (["ask", "Hur mår du?"], 5, "could not find"),
    ],
)
def test_user_errors_are_one_line(workspace, args, code, words):
    result = run(workspace, *args)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0]
    assert "Traceback" not in result.output


def test_missing_workspace_is_an_error_not_a_new_file(tmp_path):
    result = run(tmp_path / "none.db", "gaps")
    assert result.exit_code == 6 and "no workspace" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_db_from_environment(workspace, monkeypatch):
    result = runner.invoke(app, ["stats", "--json"], env={"ANSVAR_DB": str(workspace)})
    assert json.loads(result.stdout)["claims"] == 2


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_export_reads_back_in_networkx(workspace, tmp_path, fmt):
    import networkx as nx

    target = tmp_path / f"out.{fmt}"
    result = run(workspace, "export", "--format", fmt, "--out", str(target))
    assert result.exit_code == 0, result.output
    if fmt == "json":
        graph = nx.node_link_graph(json.loads(target.read_text(encoding="utf-8")), edges="edges")
    else:
        graph = getattr(nx, f"read_{fmt}")(target)
    assert graph.number_of_edges() == 2


def test_export_csv_to_a_folder_and_unknown_format(workspace, tmp_path):
    assert run(workspace, "export", "-f", "csv", "--out", str(tmp_path / "csv")).exit_code == 0
    assert (tmp_path / "csv" / "edges.csv").read_text(encoding="utf-8").count("\n") == 3
    bad = run(workspace, "export", "-f", "pdf")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: ")
