"""kill -9 during `ansvar ingest` and during uploads to `ansvar serve` (issue 15).

Each file is one transaction, so a process killed at any moment leaves every source either
whole or absent. After each kill the workspace must pass `check_workspace` and be exactly a
clean workspace built from the sources that survived (every table, row for row); ingesting
or uploading the rest afterwards must give exactly the clean workspace of everything.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from hostile_support import ANSVAR, AUTH, TOKEN, Server, start, wait
from hostile_support import environment as env

from api.http import create_app
from graph.store import open_store
from graph.store.integrity import check_workspace
from loaders.ingest import ingest_paths

FILES = 10
FACTS = 80  # organisations, each owning or doing something: a write of some ms

TABLES = {
    "sources": "SELECT source, content_hash, loader FROM sources",  # not loaded_at: a time
    "documents": "SELECT id, source, data, text FROM documents",
    "entity_records": "SELECT entity_id, source, data FROM entity_records",
    "entities": "SELECT * FROM entities",
    "claims": "SELECT * FROM claims",
    "evidence": "SELECT * FROM evidence",
}


def description(i: int) -> str:
    place = f"ort{i:02d}"
    orgs = "".join(
        f"  - {{name: Nämnd {n}, type: board, jurisdiction: {place}, parent: {place}}}\n" for n in range(FACTS)
    )
    facts = "".join(
        f"  - {{actor: {place}/namnd-{n}, issue: integration, mode: {'owns' if n % 2 else 'supports'}}}\n"
        for n in range(FACTS)
    )
    return (
        f"sources:\n  s: {{title: Rapport {i}, publisher: Tidning, date: 2020}}\ndefault_source: s\n"
        f"jurisdictions: [{{id: {place}, name: Ort {i}}}]\norganisations:\n{orgs}responsibilities:\n{facts}"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(FILES):
        (folder / f"ort{i:02d}.yaml").write_text(description(i), encoding="utf-8")
    return folder


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table, rows sorted: what two workspaces must share to be the same."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in TABLES.items()}
    finally:
        conn.close()


def sources_in(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def wait_for_sources(db: Path, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while sources_in(db) < count:
        assert time.monotonic() < deadline, "the writer never got that far"
        time.sleep(0.005)


def clean_ingest(db: Path, files: list[Path]) -> dict:
    with open_store(str(db)) as store:
        ingest_paths(store, files, workers=1)
    return dump(db)


def assert_whole_sources_only(db: Path, reference: Path, files: list[Path]) -> None:
    """The killed workspace is sound and equals a clean one built from the sources it kept."""
    assert check_workspace(db).ok, check_workspace(db).model_dump_json(indent=1)
    kept = {row[0] for row in dump(db)["sources"]}
    survivors = [f for f in files if str(f.resolve()) in kept]
    assert len(survivors) == len(kept)
    assert dump(db) == clean_ingest(reference, survivors)


@pytest.mark.parametrize("kill_after", [1, FILES // 2])
def test_kill_9_during_ingest(corpus, tmp_path, kill_after):
    files = sorted(corpus.iterdir())
    db = tmp_path / "killed.db"
    # a commit per source, so that the kill falls between commits (by default the sources of
    # up to ANSVAR_COMMIT_SECONDS, 5 s, share one): each source must be whole or absent either way
    proc, handles = start([*ANSVAR, "--db", str(db), "ingest", str(corpus)], env(ANSVAR_COMMIT_SECONDS="0"))
    wait_for_sources(db, kill_after)
    proc.send_signal(signal.SIGKILL)
    finished = wait(proc, handles, 30)
    assert finished.returncode == -signal.SIGKILL
    stored = sources_in(db)
    assert kill_after <= stored < FILES, "the kill came too late to test anything"
    assert_whole_sources_only(db, tmp_path / "reference.db", files)
    rerun = wait(*start([*ANSVAR, "--db", str(db), "ingest", str(corpus)], env()), 120)
    assert rerun.returncode == 0, rerun.stderr
    assert dump(db) == clean_ingest(tmp_path / "everything.db", files)


def _uploads(path_of_db: Path, files: list[Path]) -> dict:
    """A clean workspace with ``files`` uploaded one by one, in process."""
    open_store(str(path_of_db)).close()
    with TestClient(create_app(str(path_of_db), token=TOKEN, refresh_seconds=0)) as client:
        for f in files:
            assert (
                client.post("/documents", headers=AUTH, files=[("files", (f.name, f.read_bytes()))]).status_code == 201
            )
    return dump(path_of_db)


def test_kill_9_during_upload(corpus, tmp_path):
    files = sorted(corpus.iterdir())
    db = tmp_path / "killed.db"
    open_store(str(db)).close()
    server = Server(db)
    stop = threading.Event()

    def send() -> None:
        with httpx.Client(base_url=server.url, headers=AUTH, timeout=30) as client:
            for f in files:
                if stop.is_set():
                    return
                try:
                    client.post("/documents", files=[("files", (f.name, f.read_bytes()))])
                except httpx.HTTPError:
                    return  # the server is gone

    sender = threading.Thread(target=send)
    sender.start()
    try:
        wait_for_sources(db, FILES // 3)
    finally:
        finished = server.stop(signal.SIGKILL)
        stop.set()
        sender.join(timeout=30)
    assert finished.returncode == -signal.SIGKILL
    kept = {row[0] for row in dump(db)["sources"]}
    assert FILES // 3 <= len(kept) < FILES, "the kill came too late to test anything"
    assert check_workspace(db).ok
    survivors = [f for f in files if any(s.endswith("/" + f.name) for s in kept)]
    assert len(survivors) == len(kept)
    assert dump(db) == _uploads(tmp_path / "reference.db", survivors)
    with TestClient(create_app(str(db), token=TOKEN, refresh_seconds=0)) as client:  # the rest, after the crash
        for f in files:
            if f not in survivors:
                client.post("/documents", headers=AUTH, files=[("files", (f.name, f.read_bytes()))])
    assert dump(db) == _uploads(tmp_path / "everything.db", files)
