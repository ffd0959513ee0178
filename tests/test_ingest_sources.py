"""`ansvar ingest FOLDER` reads documents and descriptions, skips what is neither (a README,
an INDEX.md of tables), says what it skipped and why (stderr and --json), and takes
--include/--exclude globs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from loaders import iter_source_files
from loaders.ingest import ingest_paths
from loaders.sources import find_sources, table_share

FIXTURES = Path(__file__).parent / "fixtures" / "structured"
runner = CliRunner()

ARTICLE = (
    "Vem leder integrationen?\n\n"
    "Kommunstyrelsen i Ystad har det övergripande ansvaret för integrationen, säger Karin Sjövall.\n"
)
INDEX = (
    "# Korpus\n\n"
    "| fil | om |\n|---|---|\n"
    "| a.txt | Kommunstyrelsen i Ystad har det övergripande ansvaret för integrationen. |\n"
    "| b.txt | Socialnämnden i Ystad ansvarar för bosättningen. |\n"
)


def _folder(root: Path) -> Path:
    (root / "arkiv").mkdir(parents=True)
    (root / "artikel.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "arkiv" / "gammal.txt").write_text(ARTICLE.replace("Ystad", "Eksjö"), encoding="utf-8")
    (root / "README.md").write_text("Här ligger underlaget.\n\nKommunstyrelsen i Ystad ansvarar för allt.\n")
    (root / "INDEX.md").write_text(INDEX, encoding="utf-8")
    (root / "tabell.md").write_text(INDEX.replace("# Korpus", "# Översikt"), encoding="utf-8")
    shutil.copy(FIXTURES / "valid.yaml", root / "beskrivning.yaml")
    return root


def test_a_folder_skips_what_is_neither_document_nor_description(store, tmp_path):
    root = _folder(tmp_path / "in")
    report = ingest_paths(store, [root])
    loaded = sorted(Path(r.source).name for r in report.loaded)
    assert loaded == ["artikel.txt", "beskrivning.yaml", "gammal.txt"]
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(skipped) == {"README.md", "INDEX.md", "tabell.md"}
    assert "tables" in skipped["tabell.md"] and "folder" in skipped["INDEX.md"]
    # no claim quotes a row of a table
    quotes = [ev.quote for ev in store.evidence(c.id for c in store.iter_claims()).values() for ev in ev]
    assert quotes and not any("|" in (q or "") for q in quotes)


def test_a_file_named_on_its_own_is_read(tmp_path):
    root = _folder(tmp_path / "in")
    assert find_sources([root / "README.md"]).files == [root / "README.md"]
    assert root / "README.md" not in iter_source_files([root])


def test_include_and_exclude_globs_choose_among_the_files(tmp_path):
    root = _folder(tmp_path / "in")
    chosen = find_sources([root], include=["*.txt"], exclude=["arkiv/*"])
    assert [p.name for p in chosen.files] == ["artikel.txt"]
    reasons = {Path(s.path).name: s.reason for s in chosen.skipped}
    assert reasons["gammal.txt"] == "excluded by --exclude arkiv/*"
    assert reasons["beskrivning.yaml"].startswith("not matched by --include")


def test_table_share():
    assert table_share(INDEX) >= 0.5 and table_share(ARTICLE) == 0


def test_cli_says_what_it_skipped_on_stderr_and_in_json(tmp_path):
    root = _folder(tmp_path / "in")
    db = str(tmp_path / "w.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(root), "--exclude", "beskrivning.yaml", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {Path(s["path"]).name for s in data["skipped"]} == {"README.md", "INDEX.md", "tabell.md", "beskrivning.yaml"}
    assert len(data["loaded"]) == 2
    assert f"skipped {root / 'INDEX.md'}: a file about the folder" in result.stderr
    human = runner.invoke(app, ["--db", str(tmp_path / "v.db"), "ingest", str(root), "--include", "*.md"])
    assert human.exit_code == 0
    assert "0 loaded, 0 failed, 6 skipped" in human.stderr
