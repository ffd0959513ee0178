"""A damaged workspace file (issue 15, item 5): one line and exit 6 from every command, never a
traceback, and `ansvar check` to say what is wrong (SQLite's integrity check, then the
store's own invariants)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store import open_store
from graph.store.integrity import check_workspace

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples" / "norrbacka.yaml"


@pytest.fixture()
def sound(tmp_path) -> Path:
    db = tmp_path / "sound.db"
    assert runner.invoke(app, ["--db", str(db), "ingest", str(EXAMPLES)]).exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, none in the WAL
    conn.close()
    return db


def damage(db: Path, pages: Iterable[int]) -> None:
    """Overwrite all of some pages but their first 100 bytes (page 1, the header, stays: SQLite
    still opens it); a page's cells sit at its end, so damage to its middle alone can miss them."""
    with db.open("r+b") as handle:
        for page in pages:
            handle.seek(page * 4096 + 100)
            handle.write(b"\xde\xad\xbe\xef" * 999)


COMMANDS = [
    ["stats"],
    ["who-owns", "integration", "--in", "norrbacka"],
    ["gaps"],
    ["entities"],
    ["show", "norrbacka/kommunstyrelsen"],
    ["ask", "Vem äger integrationen i Norrbacka?"],
    ["export", "--format", "json"],
]


@pytest.mark.parametrize("args", [*COMMANDS, ["map", "--out", "MAP"]], ids=lambda a: a[0])
def test_every_command_on_a_damaged_workspace_is_one_line_exit_6(sound, tmp_path, args):
    damage(sound, range(1, sound.stat().st_size // 4096))
    args = [str(tmp_path / "m.html") if a == "MAP" else a for a in args]
    result = runner.invoke(app, ["--db", str(sound), *args])
    assert result.exit_code == 6, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: the workspace") and "check" in line


def test_a_file_that_is_no_workspace(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("these are my notes\n" * 100)
    result = runner.invoke(app, ["--db", str(text), "stats"])
    assert result.exit_code == 6 and "not a workspace" in result.stderr
    checked = runner.invoke(app, ["--db", str(text), "check", "--json"])
    assert checked.exit_code == 6
    report = json.loads(checked.stdout)
    assert report["ok"] is False and report["checks"][0]["check"] == "integrity_check"


def test_check_passes_a_sound_workspace(sound):
    result = runner.invoke(app, ["--db", str(sound), "check"])
    assert result.exit_code == 0 and result.stdout.strip().endswith("sound")
    assert check_workspace(sound).ok


def test_check_finds_damage_in_a_few_pages(sound):
    conn = sqlite3.connect(sound)  # the root pages of two tables: b-tree pages the check must read
    roots = [r for (r,) in conn.execute("SELECT rootpage FROM sqlite_master WHERE name IN ('claims', 'evidence')")]
    conn.close()
    damage(sound, [r - 1 for r in roots])  # rootpage counts from 1
    report = check_workspace(sound)
    assert not report.ok and not report.checks[0].ok and report.checks[0].examples


def test_check_finds_broken_invariants(sound):
    conn = sqlite3.connect(sound)
    claim = conn.execute("SELECT id FROM claims LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM claims WHERE id=?", (claim,))
    conn.execute("UPDATE evidence SET quote = 'not what the text says' WHERE start IS NOT NULL")
    conn.commit()
    conn.close()
    result = runner.invoke(app, ["--db", str(sound), "check", "--json"])
    assert result.exit_code == 6
    failed = {c["check"]: c for c in json.loads(result.stdout)["checks"] if not c["ok"]}
    assert claim in failed["evidence_without_claim"]["examples"]
    assert set(failed) <= {"evidence_without_claim", "quote_not_at_span"}


def test_check_never_writes(sound):
    before = sound.read_bytes()
    with open_store(str(sound)):
        pass
    runner.invoke(app, ["--db", str(sound), "check"])
    assert sound.read_bytes() == before
