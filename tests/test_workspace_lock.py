"""The workspace's write lock, held by a second process (issue 15, item 3).

Readers never need the write lock: opening a workspace writes nothing, and read commands
and HTTP reads answer at once while another process holds it. A writer waits up to the busy
timeout ($ANSVAR_BUSY_TIMEOUT) and then fails file by file with one line (exit 6), or, over
HTTP, with a 503 problem; once the lock is free, the same ingest stores everything.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hostile_support import ANSVAR, AUTH, TOKEN, environment, run

from api.http import create_app
from graph.store import open_store
from graph.store.sqlite import SQLiteStore

HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR REPLACE INTO meta VALUES ('held', 'yes')")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def description(place: str) -> str:
    return f"""sources:
  s: {{title: Rapport om {place}, publisher: Tidning, date: 2020}}
default_source: s
jurisdictions: [{{id: {place}, name: {place.title()}}}]
organisations:
  - {{name: Kommunstyrelsen, type: board, jurisdiction: {place}, parent: {place}}}
responsibilities:
  - {{actor: {place}/kommunstyrelsen, issue: integration, mode: owns}}
"""


class Holder:
    """A second process holding the workspace's write lock for ``seconds``."""

    def __init__(self, db: Path, seconds: float):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout.readline().strip() == "held"

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.wait(timeout=30)


@pytest.fixture()
def workspace(tmp_path):
    db = tmp_path / "w.db"
    folder = tmp_path / "batch"
    folder.mkdir()
    for place in ("ettby", "tvaby", "treby"):
        (folder / f"{place}.yaml").write_text(description(place), encoding="utf-8")
    open_store(str(db)).close()
    return db, folder


def test_opening_a_workspace_needs_no_write_lock(workspace):
    db, _ = workspace
    with Holder(db, 1):
        began = time.monotonic()
        store = SQLiteStore(db, busy_timeout=0)  # no waiting at all: it must not try to write
        assert store.stats()["sources"] == 0
        store.close()
        assert time.monotonic() - began < 1


def test_a_second_process_holding_the_lock(workspace, monkeypatch):
    db, folder = workspace
    busy = environment(ANSVAR_BUSY_TIMEOUT="0.3")
    monkeypatch.setenv("ANSVAR_BUSY_TIMEOUT", "0.3")  # the server in this process
    with Holder(db, 4):
        with TestClient(create_app(str(db), token=TOKEN, refresh_seconds=0)) as client:
            assert client.get("/health").status_code == 200  # readers answer
            r = client.post("/documents", headers=AUTH, files=[("files", ("ettby.yaml", description("ettby")))])
            assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json", r.text
            assert r.json()["code"] == "workspace_busy" and r.headers["retry-after"]
        stats = run([*ANSVAR, "--db", str(db), "stats", "--json"], busy)
        assert stats.returncode == 0 and '"sources": 0' in stats.stdout, stats.stderr
        ingest = run([*ANSVAR, "--db", str(db), "ingest", str(folder)], busy)
    assert ingest.returncode == 6 and "Traceback" not in ingest.stderr, ingest.stderr
    lines = ingest.stderr.strip().splitlines()
    assert len([line for line in lines if line.startswith("failed ") and "is busy" in line]) == 3, lines
    assert lines[-1] == "0 loaded, 3 failed, 0 skipped"
    again = run([*ANSVAR, "--db", str(db), "ingest", str(folder)])  # the lock is free now
    assert again.returncode == 0 and again.stderr.strip().splitlines()[-1] == "3 loaded, 0 failed, 0 skipped"


def test_a_writer_waits_for_the_lock_within_the_busy_timeout(workspace):
    db, folder = workspace
    with Holder(db, 1.5):
        done = run([*ANSVAR, "--db", str(db), "ingest", str(folder)], environment(ANSVAR_BUSY_TIMEOUT="20"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "3 loaded, 0 failed, 0 skipped"
